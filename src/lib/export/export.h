/*
 * export.h - the inside of the export side (cckit pack): stable hashes,
 * descriptor writers and the outline reader (the HTML dependency scanner
 * is content/html_deps.h).  Not installed; the public entry points are cckit_pack() and
 * cckit_manifest_write() in cckit.h.
 */
#ifndef CCKIT_EXPORT_H
#define CCKIT_EXPORT_H

#include "base/internal.h"

/* ---- export_rules.c: the registry rows of pack's and the outline
 * reader's findings (codes, severities, hints); joined to the validator's
 * by the public registry (report/registry.c). */
extern const cckit_rule cckit_rules_export[];

/* ---- hash.c: a small, documented 128-bit FNV-1a ------------------- */
/* Two independent 64-bit FNV-1a lanes (the standard offset basis, and
 * the basis hashed once more with a 0xff byte) over the same bytes.  Not
 * cryptographic: it only has to give stable, well spread identifiers. */
typedef struct cckit_hash128 { uint64_t a, b; } cckit_hash128;
void cckit_hash128_init(cckit_hash128 *h);
void cckit_hash128_add(cckit_hash128 *h, const void *data, size_t n);
/* 32 lower-case hex digits + NUL into out[33]. */
void cckit_hash128_hex(const cckit_hash128 *h, char out[33]);
/* prefix + 32 hex of hash(kind "\0" text), e.g. ("r", "res", "a/b.html"):
 * a valid NCName when prefix starts with a letter; out needs 34+ bytes. */
void cckit_stable_id(char *out, size_t outlen, const char *prefix,
                     const char *kind, const char *text);

/* ---- descriptor_writer.c: generated learning objects -------------- */
/* Each writes one complete descriptor document (UTF-8, deterministic
 * formatting) for version v (1.1, 1.2, 1.3) into out.  Strings are
 * escaped by libxml2's xmlTextWriter. */
cckit_status cckit_weblink_write(cckit_cc_version v, const char *title,
                                 const char *url, const char *target,
                                 cckit_strbuf *out, cckit_error *err);
cckit_status cckit_discussion_write(cckit_cc_version v, const char *title,
                                    const char *text, bool html,
                                    cckit_strbuf *out, cckit_error *err);
typedef struct cckit_lti_desc {
    const char *title, *description;
    const char *launch_url, *secure_launch_url;
    const char *vendor_code, *vendor_name;
    const char *const *custom;   /* name, value, name, value, ... */
    size_t n_custom;             /* pairs */
} cckit_lti_desc;
cckit_status cckit_lti_write(cckit_cc_version v, const cckit_lti_desc *d,
                             cckit_strbuf *out, cckit_error *err);
/* CC 1.3 only (assignment_xmlv1p0 extension). */
cckit_status cckit_assignment_write(cckit_cc_version v, const char *identifier,
                                    const char *title, const char *text,
                                    bool html, bool gradable,
                                    cckit_strbuf *out, cckit_error *err);

/* ---- html_deps.c: local files a page uses (content/html_deps.h) --- */
#include "content/html_deps.h"


/* ---- outline.c: a course outline in YAML (libyaml) ----------------- */
typedef enum cckit_ol_kind {
    CCKIT_OL_MODULE = 0, CCKIT_OL_PAGE, CCKIT_OL_FILE, CCKIT_OL_WEBLINK,
    CCKIT_OL_LTI, CCKIT_OL_DISCUSSION, CCKIT_OL_ASSIGNMENT, CCKIT_OL_QUIZ,
    CCKIT_OL_BANK
} cckit_ol_kind;

typedef struct cckit_ol_node {
    cckit_ol_kind kind;
    unsigned line;                 /* 1-based line in the outline */
    char *title, *path, *url, *target, *text, *text_file, *description;
    char *launch_url, *secure_launch_url, *vendor_code, *vendor_name;
    char **custom;                 /* name, value pairs */
    size_t n_custom;
    bool points;                   /* "points" given (assignment) */
    struct cckit_ol_node *first_child, *last_child, *next, *parent;
} cckit_ol_node;

typedef struct cckit_outline {
    char *file;
    char *title, *description, *language, *rights;
    char **keywords;
    size_t n_keywords;
    cckit_cc_version version;      /* "cc:" key, UNKNOWN if absent */
    bool thin;
    cckit_ol_node *first, *last;   /* top-level modules and items */
    cckit_arena *arena;
} cckit_outline;

/* Read an outline file (at most 4 MiB, nesting at most 32).  Mistakes
 * (unknown keys, wrong kinds, missing fields, paths with "..") are
 * errors in diags naming outline:line; the status is then CCKIT_E_USAGE. */
/* lim: max_outline_depth (NULL = defaults). */
cckit_status cckit_outline_read(const char *path, const cckit_limits *lim, cckit_diags *diags,
                                cckit_outline **out, cckit_error *err);
void cckit_outline_free(cckit_outline *o);
/* convert_titles.c: fill each change's title; false on OOM. */
bool cckit_convert_name_changes(cckit_loss_report *r, const cckit_manifest *m, cckit_source *src,
                                const cckit_limits *lim);
/* convert_losses.c: one change of the loss report (copies of the
 * strings); false on OOM. */
bool cckit_convert_loss_add(cckit_loss_report *r, bool dropped, const char *code,
                            const char *resource, const char *item, const char *file,
                            const char *detail);
/* convert_losses.c: move every <?cckit-loss?> of doc into the report
 * (resource and file default to the given ones); false on OOM. */
struct _xmlDoc;
bool cckit_convert_collect_losses(struct _xmlDoc *doc, cckit_loss_report *r,
                                  const char *resource, const char *file);
/* convert_losses.c: the errors of `after` whose code occurs more often
 * than in `before`, copied into out (out->oom when incomplete). */
void cckit_convert_new_errors(const cckit_validation *before, const cckit_validation *after,
                              cckit_diags *out);
/* The outline's word for an item kind (its type:, e.g. "question_bank"). */
const char *cckit_ol_type_name(cckit_ol_kind k);
/* Depth-first walk of an outline's nodes. */
const cckit_ol_node *cckit_ol_next(const cckit_ol_node *n);

#endif /* CCKIT_EXPORT_H */
