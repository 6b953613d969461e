/* xsd_check.h - what the XML Schema checks share: the classification
 * of a schema error into a diagnostic code (xsd_check.c), used by the
 * streaming manifest validation (xsd_manifest.c) and the DOM validation
 * of descriptors (xsd_check.c, called by descriptors.c).  Not installed. */
#ifndef CCKIT_XSD_CHECK_H
#define CCKIT_XSD_CHECK_H

#include "validate/validate.h"

/* What an error is about. */

typedef struct xattr {
    const xmlChar *local, *ns;
    const char *value;
} xattr;

typedef struct subject {
    const xmlChar *local, *ns;   /* the element concerned */
    const xmlChar *parent, *grandparent; /* stream: local names above it */
    bool dom;                    /* from DOM validation (descriptors) */
    bool has_children;           /* DOM: it has element children */
    bool repeated;               /* DOM: an earlier sibling has its name */
    const xattr *attrs;
    size_t n_attrs;
    bool foreign_before;         /* an earlier sibling was foreign */
    bool foreign_child;          /* it has a foreign child */
    xmlNodePtr node;             /* DOM: the element itself */
    unsigned seen;               /* stream: follow[] rows whose child it has */
} subject;

typedef struct xcheck {
    cckit_vctx *v;
    const char *file;            /* package-relative */
    const char *doc_ns;          /* namespace of the document element */
    const char *invalid_code;    /* generic code for this document */
    bool is_manifest;
    bool valid;                  /* no schema error at all (strict verdict) */
    struct { const char *code; size_t used, mine; } told[8]; /* rule codes met */
    size_t n_told;
} xcheck;


bool cckit_xsd_str_eq(const xmlChar *a, const char *b);
/* True if ns is not of the CC family for the document of x. */
bool cckit_xsd_is_foreign(const xcheck *x, const xmlChar *ns);
/* Bits of the manifest rows of the "schema error a rule reports too"
 * table that child, under parent, satisfies (subject.seen). */
unsigned cckit_xsd_follow_bits(const xmlChar *parent, const xmlChar *child);
/* Classify a schema error and report it: under the profile rule it is
 * when it is exactly what a rule states (not at all when the rule
 * reported it already), in plain language (schema_message.c). */
void cckit_xsd_report_error(xcheck *x, const xmlError *e, const subject *sj, unsigned line);
/* True for the manifest LOM namespaces: CC 1.0's, "LOM/manifest" of 1.1+. */
bool cckit_xsd_manifest_lom_ns(const xmlChar *ns);
/* Load the process-wide schema set once per validation; false (and
 * reported) when it cannot be loaded. */
bool cckit_xsd_ensure_schemas(cckit_vctx *v);
/* Schema-check one parsed descriptor, recording the verdict in cf. */
void cckit_check_xsd_descriptor(cckit_vctx *v, const char *entry, xmlDocPtr doc,
                                cckit_checked_file *cf);

#endif /* CCKIT_XSD_CHECK_H */
