/* diff.h - the semantic diff of two cartridges (cckit_diff_paths), split
 * by concept: the run (diff.c), the change list (diff_list.c), the manifest's
 * metadata, items and resources (diff_manifest.c), the package's files
 * by SHA-256 (diff_files.c), descriptor facts (diff_descriptors.c).
 * Not installed. */
#ifndef CCKIT_DIFF_H
#define CCKIT_DIFF_H

#include "base/internal.h"

/* What the tree does not keep, read again for the diff (diff_reread.c):
 * each resource's metadata as its leaves, "path: value" in document
 * order (lom[i] NULL: resource i has none, or was not read), and the
 * organizations after the first (their items' targets resolved in the
 * side's own manifest). */
typedef struct cckit_diff_more {
    char ***lom;
    size_t *lom_n;
    cckit_organization **orgs;
    size_t n_orgs;
    cckit_manifest *tree;    /* owns orgs and the strings */
    struct cckit_arena *arena;
} cckit_diff_more;

/* What the parts share: both cartridges and how resources matched. */
typedef struct cckit_diff_run {
    cckit_diff *d;
    const cckit_cartridge *a, *b;
    const cckit_limits *lim;
    long *res_ab;   /* resource i of A -> index in B, or -1 */
    long *res_ba;   /* resource j of B -> index in A, or -1 */
    cckit_idmap *same_files; /* paths whose bytes are the same in A and B
                                (diff_files.c fills it; keys are entry names) */
    cckit_idmap *moved;      /* file.moved: A's path -> B's (both below
                                their roots; diff_files.c fills it) */
    cckit_diff_more more_a, more_b;
    const char *root_a, *root_b; /* the folder of each manifest: "" or
                                    "DIR/" (zipped with its folder) */
    bool oom;       /* an append failed: the run reports CCKIT_E_NOMEM */
} cckit_diff_run;

/* Append a change (strings copied; before/after/file may be NULL).
 * On OOM sets r->oom. */
void cckit_diff_add(cckit_diff_run *r, const char *code, cckit_diff_group g,
                    const char *subject, const char *before, const char *after,
                    const char *file, unsigned line);

/* The name users know a resource by: its href, its first file, or its
 * identifier. */
const char *cckit_diff_resource_name(const cckit_resource *res);

/* diff_both.c: fn(a) on this thread while fn(b) runs on another (one
 * after the other when no thread can be made); returns when both are
 * done. */
void cckit_diff_both(void *(*fn)(void *), void *a, void *b);

/* diff_open.c: open path as every command does or, when it was zipped
 * with its folder, from the one shallowest DIR/imsmanifest.xml; *root is
 * then "DIR/" (malloc'd), else NULL.  Errors as cckit_cartridge_open. */
cckit_status cckit_diff_open(const char *path, const cckit_limits *lim,
                             cckit_cartridge **out, char **root, cckit_error *err);

/* diff_reread.c: fill *m (zeroed by the caller) for c when its manifest
 * has resource metadata or several organizations; nothing otherwise. */
cckit_status cckit_diff_reread(const cckit_cartridge *c, const cckit_limits *lim,
                               cckit_diff_more *m, cckit_error *err);
void cckit_diff_more_free(cckit_diff_more *m);

/* diff_match.c: pair nodes of A and B (ab: A's index -> B's, or -1; ba
 * the other way; both start at -1 for what is unmatched).  match_by: by
 * a key (NULL: none) that one node holds on each side; match_rank: what
 * is left, in document order, when as many unmatched nodes hold a key on
 * each side. */
bool cckit_diff_same_str(const char *x, const char *y);
void cckit_diff_match_by(char *const *ka, size_t na, char *const *kb, size_t nb,
                         long *ab, long *ba, bool *oom);
void cckit_diff_match_rank(char *const *ka, size_t na, char *const *kb, size_t nb,
                           long *ab, long *ba, bool *oom);

/* diff_manifest.c: cartridge, metadata, resources (fills res_ab/ba; a
 * resource's own metadata through more_a/b). */
void cckit_diff_manifests(cckit_diff_run *r);
/* diff_orgs.c: every organization and its items (after the resources). */
void cckit_diff_organizations(cckit_diff_run *r);

/* diff_descriptors.c: the package path of a resource's descriptor
 * (malloc'd, percent-decoded), NULL when its kind has none. */
char *cckit_diff_descriptor_path(const cckit_resource *res);
/* Descriptor facts of matched resources: QTI items, discussion text,
 * LTI launch URL, web link URL. */
cckit_status cckit_diff_descriptors(cckit_diff_run *r, cckit_error *err);

/* diff_files.c: every file of the packages by path (below the roots) and
 * SHA-256; fills same_files and moved.  Runs before the manifests. */
cckit_status cckit_diff_files(cckit_diff_run *r, cckit_error *err);

#endif /* CCKIT_DIFF_H */
