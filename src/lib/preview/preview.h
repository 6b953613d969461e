/*
 * preview.h - `cckit preview`: a static, offline site of a cartridge
 * (see cckit_preview() in cckit.h).  Not installed.
 *
 *   preview.c       the run: open, number the pages, index.html, the item
 *                   and resource pages, commit
 *   preview_out.c   the output folder: a temporary beside DIR, files
 *                   created under it without following links, the rename
 *   preview_copy.c  the cartridge's files under content/; HTML pages get
 *                   the policy <meta> and their links resolved or marked
 *   preview_text.c  HTML held in descriptors (QTI, discussions, ...) shown
 *                   through a fixed list of formatting elements
 *   preview_qti.c   assessments and question banks as questions
 *   preview_desc.c  discussions, web links, LTI links, assignments
 */
#ifndef CCKIT_PREVIEW_H
#define CCKIT_PREVIEW_H

#include "base/internal.h"
#include "base/cancel.h"
#include "import/entry_read.h"
#include <stdio.h>

/* The policy of every generated page (the nonce of its script is added):
 * files beside it only, frames only of ours, no form, no base. */
#define PV_POLICY "default-src 'none'; img-src 'self' data:; style-src 'self'; " \
                  "frame-src 'self'; base-uri 'none'; form-action 'none'"
/* The <meta> put first in the <head> of every copied cartridge page: no
 * script at all, nothing from the network. */
#define PV_CONTENT_POLICY "default-src 'none'; img-src 'self' data:; " \
                          "style-src 'self' 'unsafe-inline'; media-src 'self'; font-src 'self'; " \
                          "base-uri 'none'; form-action 'none'"

/* Broken links found in one copied page. */
typedef struct pv_broken {
    const char *file;      /* package path of the page */
    cckit_strbuf list;     /* "<li>...</li>" lines, escaped */
    size_t n;
} pv_broken;

typedef struct pv_ctx {
    cckit_cartridge *cart;
    cckit_source *src;               /* NULL for a bare manifest */
    const cckit_manifest *m;
    const cckit_limits *lim;
    cckit_cancel_ctx cancel;
    cckit_error *err;
    int root;                        /* the temporary folder */
    const cckit_item **items;        /* items with a page, item-(i+1).html */
    size_t n_items;
    size_t *res_item;                /* resource index -> first item page
                                        number (1-based), 0 = unreached */
    bool *descriptor;                /* entry index -> a descriptor, not copied */
    pv_broken *broken;
    size_t n_broken;
    cckit_preview_summary sum;
    bool oom;                        /* an allocation failed where a page
                                        writer could only leave a part out:
                                        the run fails */
} pv_ctx;

/* preview_out.c */
/* Create (O_EXCL, no link followed) the file rel under the temporary
 * folder, its folders too; a FILE for writing, or NULL with ctx->err. */
FILE *pv_create(pv_ctx *c, const char *rel);
/* Close f; CCKIT_OK or CCKIT_E_IO naming rel. */
cckit_status pv_close(pv_ctx *c, FILE *f, const char *rel);
/* The temporary folder beside out (out absent, empty, or replaced with
 * force); pv_commit renames it to out, pv_abort removes it. */
typedef struct pv_dir {
    int parent;
    char tname[256];
    char *base;
    bool replace;
} pv_dir;
cckit_status pv_dir_begin(pv_dir *d, const char *out, bool force, int *root, cckit_error *err);
cckit_status pv_dir_commit(pv_dir *d, const char *out, cckit_error *err);
void pv_dir_abort(pv_dir *d);

/* preview_copy.c */
/* Copy every file of the cartridge but the manifest and the descriptors
 * under content/, rewriting HTML pages. */
cckit_status pv_copy_content(pv_ctx *c);
/* The broken links recorded for the page at package path file, or NULL. */
const pv_broken *pv_broken_of(const pv_ctx *c, const char *file);
/* A link value written in the package file `from` (its folder: from_dir)
 * as a path from the site root: "content/…" (encoded) or "item-N.html";
 * NULL when it names nothing of the cartridge (*is_local: a local link,
 * so a broken one) or is not ours (a URL, a fragment).  malloc'd. */
char *pv_resolve_link(pv_ctx *c, const char *from_dir, const char *value, bool *is_local);

/* preview_text.c */
/* Write HTML text of a descriptor (from file, a package path) through the
 * fixed list of formatting elements; plain text when html is false. */
void pv_write_rich(pv_ctx *c, FILE *out, const char *text, bool html, const char *file);

/* preview_qti.c */
cckit_status pv_write_qti(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file);

/* preview_desc.c */
cckit_status pv_write_discussion(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file);
cckit_status pv_write_weblink(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file);
cckit_status pv_write_lti(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file);
cckit_status pv_write_assignment(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file);

/* Helpers shared by the renderers (preview_text.c). */
xmlNodePtr pv_child(xmlNodePtr n, const char *name);
/* trimmed text content, malloc'd; NULL when none, or out of memory
 * (latched in c) */
char *pv_text(pv_ctx *c, xmlNodePtr n);
bool pv_is(xmlNodePtr n, const char *name);
/* Parse the descriptor file of the cartridge; NULL (a note written to
 * out) when it is missing or does not parse: a preview shows what it can. */
xmlDocPtr pv_read_xml(pv_ctx *c, FILE *out, const char *file);

#endif /* CCKIT_PREVIEW_H */
