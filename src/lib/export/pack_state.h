/* pack_state.h - what pack.c (the organization, the tree, writing) and
 * pack_pages.c (what each page uses) share; not installed. */
#ifndef CCKIT_PACK_STATE_H
#define CCKIT_PACK_STATE_H

#include "export/export.h"
#include "import/source.h"
#include "base/cancel.h"

#define MAX_REF_ERRORS 200

enum { PF_NONE = 0, PF_SKIP, PF_PAGE, PF_DOC, PF_ASSET };

typedef struct pfile {
    int kind;
    unsigned users;          /* distinct pages using it */
    size_t last_page;        /* page number + 1 of the last user */
    size_t first_user;       /* page number of the first user */
    bool scanned;            /* its own references are in deps */
    bool packaged;
    size_t *deps;            /* entry indexes it uses (CSS, HTML assets) */
    size_t n_deps;
} pfile;

typedef struct page {
    size_t ent;              /* entry index */
    cckit_resource *res;
    size_t *assets;
    size_t n_assets, cap_assets;
    bool uses_shared;
    char *title;             /* from <title>, malloc'd */
} page;

typedef struct pack {
    const cckit_pack_options *opt;
    cckit_cc_version v;
    cckit_source *src;
    size_t n;
    pfile *pf;
    page *pages;
    size_t n_pages, cap_pages;
    cckit_manifest *m;
    cckit_organization *org;
    cckit_item *root;
    cckit_diags *diags;
    unsigned ref_errors;
    bool outline_mode;
    cckit_cancel_ctx cancel;   /* this call's (options->cancel) */
    /* generated files: name -> buffer */
    struct gen { char *name; cckit_strbuf data; } *gen;
    size_t n_gen, cap_gen;
    /* copies: package name <- source entry (quiz files) */
    struct copy { char *name; size_t ent; } *copies;
    size_t n_copies, cap_copies;
} pack;

/* Make room for element n of *v (capacity *cap); false on OOM. */
bool cckit_pack_grow(void **v, size_t *cap, size_t n, size_t elem);
size_t cckit_pack_ent_index(const pack *p, const cckit_entry *e);
/* The extension of the last component of name, "" if none. */
const char *cckit_pack_ext_of(const char *name);
bool cckit_pack_is_html(const char *name);
/* Append a page for entry ent; NULL on OOM. */
page *cckit_pack_add_page(pack *p, size_t ent);
/* Find everything page number k uses: its references, and transitively
 * those of the CSS files (and, in outline mode, HTML files that are not
 * outline pages) it uses; missing ones are findings. */
cckit_status cckit_pack_analyse_page(pack *p, size_t k, cckit_error *err);

#endif /* CCKIT_PACK_STATE_H */
