/* diff.h - the semantic diff of two cartridges (cckit_diff_paths), split
 * by concept: the run (diff.c), the change list (diff_list.c), the manifest's
 * metadata, items and resources (diff_manifest.c), the package's files
 * by SHA-256 (diff_files.c), descriptor facts (diff_descriptors.c).
 * Not installed. */
#ifndef CCKIT_DIFF_H
#define CCKIT_DIFF_H

#include "base/internal.h"

/* What the parts share: both cartridges and how resources matched. */
typedef struct cckit_diff_run {
    cckit_diff *d;
    const cckit_cartridge *a, *b;
    const cckit_limits *lim;
    long *res_ab;   /* resource i of A -> index in B, or -1 */
    long *res_ba;   /* resource j of B -> index in A, or -1 */
    cckit_idmap *same_files; /* paths whose bytes are the same in A and B
                                (diff_files.c fills it; keys are entry names) */
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

/* diff_manifest.c: metadata, organization, resources (fills res_ab/ba). */
void cckit_diff_manifests(cckit_diff_run *r);

/* diff_descriptors.c: the package path of a resource's descriptor
 * (malloc'd, percent-decoded), NULL when its kind has none. */
char *cckit_diff_descriptor_path(const cckit_resource *res);
/* Descriptor facts of matched resources: QTI items, discussion text,
 * LTI launch URL, web link URL. */
cckit_status cckit_diff_descriptors(cckit_diff_run *r, cckit_error *err);

/* diff_files.c: every file of the packages by path and SHA-256. */
cckit_status cckit_diff_files(cckit_diff_run *r, cckit_error *err);

#endif /* CCKIT_DIFF_H */
