/* profile.h - the characterization of a set of cartridges (profile.c,
 * characterize.c, profile_json.c, profile_diff.c); not installed.
 *
 * A profile holds no content of the cartridges: only keys built from
 * specification tokens (fixed lists; anything else becomes "other"),
 * namespaces, element and attribute names, counts and numbers.  Its size
 * is bounded (CCKIT_PROFILE_MAX_FEATURES keys, one range per fact), so
 * memory stays flat in the number of cartridges. */
#ifndef CCKIT_PROFILE_H
#define CCKIT_PROFILE_H

#include "base/internal.h"

/* The groups of features, in output order; names in cckit_pgroup_name. */
typedef enum cckit_pgroup {
    CCKIT_PG_VERSION = 0,   /* "1.3.0" */
    CCKIT_PG_FLAVOUR,       /* "full", "thin" */
    CCKIT_PG_KIND,          /* cckit_kind_name */
    CCKIT_PG_TYPE,          /* exact type string from the fixed list, or "other" */
    CCKIT_PG_FIELD,         /* "manifest:PATH", "DESCRIPTOR:PATH@attr" populated */
    CCKIT_PG_TOKEN,         /* "FIELD=TOKEN" from a fixed list, or "FIELD=other" */
    CCKIT_PG_NAMESPACE,     /* namespace URIs declared by the specification */
    CCKIT_PG_EXTENSION,     /* "NAMESPACE local" outside the specification */
    CCKIT_PG_LINK,          /* link forms */
    CCKIT_PG_PRODUCER,      /* recognised producer, from a fixed list */
    CCKIT_PG_PACKAGE,       /* package facts: "zip64", "names-utf8", ... */
    CCKIT_PG_COUNT
} cckit_pgroup;

/* Numeric facts kept as ranges and histograms. */
typedef enum cckit_pfact {
    CCKIT_PF_ARCHIVE_SIZE = 0,
    CCKIT_PF_ENTRIES,
    CCKIT_PF_LONGEST_PATH,
    CCKIT_PF_LONGEST_NAME,
    CCKIT_PF_ORG_DEPTH,
    CCKIT_PF_ITEMS,
    CCKIT_PF_RESOURCES,
    CCKIT_PF_LARGEST_FILE,
    CCKIT_PF_COUNT
} cckit_pfact;

#define CCKIT_PROFILE_MAX_FEATURES 4096
#define CCKIT_PROFILE_KEY_MAX 256
/* Histogram bucket b >= 1 holds values in [2^(b-1), 2^b); bucket 0 holds 0. */
#define CCKIT_PROFILE_BUCKETS 65

typedef struct cckit_pfeature {
    cckit_pgroup group;
    char *key;
    uint64_t cartridges;     /* cartridges where it occurs */
    uint64_t count;          /* occurrences over all cartridges */
    uint64_t stamp;          /* private: last cartridge that counted it */
} cckit_pfeature;

typedef struct cckit_prange {
    bool seen;
    uint64_t min, max;
    uint64_t hist[CCKIT_PROFILE_BUCKETS];
} cckit_prange;

struct cckit_profile {
    uint64_t cartridges;     /* characterized */
    uint64_t unreadable;     /* inputs that could not be read at all */
    cckit_pfeature *features;/* open addressing on (group, key) */
    size_t n_features, cap;
    uint64_t overflow;       /* keys refused once the table was full */
    cckit_prange ranges[CCKIT_PF_COUNT];
    uint64_t current;        /* stamp of the cartridge being added */
};

const char *cckit_pgroup_name(cckit_pgroup g);
cckit_pgroup cckit_pgroup_parse(const char *name);     /* CCKIT_PG_COUNT if none */
const char *cckit_pfact_name(cckit_pfact f);
cckit_pfact cckit_pfact_parse(const char *name);       /* CCKIT_PF_COUNT if none */
unsigned cckit_profile_bucket(uint64_t v);
uint64_t cckit_profile_bucket_low(unsigned b);
uint64_t cckit_profile_bucket_high(unsigned b);        /* inclusive */

/* profile.c: the accumulator. */
/* Start the next cartridge: counters of this cartridge count it once. */
void cckit_profile_begin(cckit_profile *p);
/* One occurrence of (group, key) in the current cartridge.  Keys longer
 * than CCKIT_PROFILE_KEY_MAX are cut; past the table's capacity the key
 * is counted in `overflow`.  Returns false on out of memory. */
bool cckit_profile_hit(cckit_profile *p, cckit_pgroup g, const char *key);
/* Add (cartridges, count) to (group, key) (merge, reading). */
bool cckit_profile_add_counts(cckit_profile *p, cckit_pgroup g, const char *key,
                              uint64_t cartridges, uint64_t count);
const cckit_pfeature *cckit_profile_get(const cckit_profile *p, cckit_pgroup g,
                                        const char *key);
void cckit_profile_fact(cckit_profile *p, cckit_pfact f, uint64_t v);
/* The features sorted by group then key (caller frees the array). */
const cckit_pfeature **cckit_profile_sorted(const cckit_profile *p, size_t *n);

/* characterize.c: one cartridge into p (between begin and the next). */
cckit_status cckit_profile_characterize(cckit_profile *p, const char *path,
                                        const cckit_limits *lim, cckit_error *err);

#endif /* CCKIT_PROFILE_H */
