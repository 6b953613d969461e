/* probe.h - counters of the costly steps a command must do once (reads
 * of a manifest, validation runs), for the tests that prove it does
 * (tests/unit/test_once.c).  Internal; not exported. */
#ifndef CCKIT_PROBE_H
#define CCKIT_PROBE_H

typedef enum cckit_probe {
    CCKIT_PROBE_MANIFEST_READ,   /* a stream opened on an imsmanifest.xml entry */
    CCKIT_PROBE_VALIDATION,      /* one run of every check (validate.c) */
    CCKIT_PROBE_SOURCE_OPEN,     /* a cartridge's package opened (source_open.c) */
    CCKIT_PROBE_COUNT
} cckit_probe;

/* Count one; thread-safe (relaxed atomic), a few nanoseconds. */
void cckit_probe_hit(cckit_probe p);
/* The count since the last reset. */
unsigned long cckit_probe_get(cckit_probe p);
void cckit_probe_reset(void);

#endif /* CCKIT_PROBE_H */
