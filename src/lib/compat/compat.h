/* compat.h - import models and the compatibility engine (compat/); not
 * installed.  Lowest first: checks.c (the check vocabulary: one function
 * a check, over one scan of a cartridge), qti_scan.c (the QTI facts the
 * checks need), model.c (loading models), weigh.c (a scan against one
 * model: verdict and ledger), compat.c (the run: one read and one
 * validation feed every target). */
#ifndef CCKIT_COMPAT_H
#define CCKIT_COMPAT_H
#include "import/entry_read.h"
#include "content/href.h"

/* One occurrence of a check in a cartridge. */
typedef struct cckit_hit {
    const char *item;       /* title of the item (organization or QTI), or NULL */
    const char *resource;   /* resource identifier, or NULL */
    const char *file;       /* package file, or NULL */
    unsigned line;
    const char *detail;     /* what was seen, in the user's terms */
} cckit_hit;

/* One QTI item as the checks see it. */
typedef struct cckit_qti_item {
    const char *title;      /* its title attribute, or NULL */
    const char *profile;    /* cc_profile, or NULL */
    const cckit_resource *res;
    const char *file;
    unsigned line;
} cckit_qti_item;

/* Everything the checks read, gathered once per cartridge. */
typedef struct cckit_scan {
    const cckit_cartridge *cart;      /* NULL when it could not be opened */
    const cckit_validation *val;
    cckit_status open_status;
    const char *open_error;
    const char **res_title;           /* per resource index: first item's title */
    cckit_qti_item *qti;
    size_t n_qti;
    cckit_hit *qti_hits[8];           /* QTI facts per check (qti_scan.c) */
    size_t n_qti_hits[8];
    struct cckit_arena *arena;
} cckit_scan;

/* The QTI facts found while parsing, by slot of qti_hits. */
enum { QH_RUBRIC, QH_TF_IDENTS, QH_NO_PROFILE, QH_FIB, QH_NO_TITLE, QH_SECTION,
       QH_UNKNOWN_ONLY, QH_FIB_PATTERN };

typedef struct cckit_hits {
    cckit_hit *v;
    size_t n;
} cckit_hits;

/* checks.c: the vocabulary.  cckit_compat_check_find returns the index
 * of a check by name, or -1; cckit_compat_check_run fills out with the
 * occurrences of check i (arena-owned). */
int cckit_compat_check_find(const char *name);
size_t cckit_compat_check_count(void);
bool cckit_compat_check_run(size_t i, const cckit_scan *s, cckit_hits *out);
bool cckit_hit_add(const cckit_scan *s, cckit_hits *h, const cckit_hit *x);

/* qti_scan.c: parse every QTI file of the cartridge once. */
bool cckit_qti_scan(cckit_scan *s, const cckit_limits *lim);

/* weigh.c: one scan against one model. */
bool cckit_compat_weigh(const cckit_scan *s, const cckit_hits *hits, const cckit_model *m,
                        cckit_compat_target *out);
/* The model's own site rules (schematron:): each finding of d, by its
 * severity, into the target's ledger. */
bool cckit_compat_weigh_site(const cckit_diags *d, const cckit_model *m,
                             cckit_compat_target *out);
#endif /* CCKIT_COMPAT_H */
