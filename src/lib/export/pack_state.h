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
    bool form_warned;        /* named in another Unicode form: said once */
    bool used;               /* read into the cartridge under another name
                                (a quiz's QTI file, a discussion's text_file) */
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
    cckit_cancel_ctx cancel;   /* this call's (options->cancel) */
    const cckit_outline *ol;  /* the outline, or NULL */
    size_t outline_ent;       /* entry index + 1 of the outline in the folder, or 0 */
    size_t output_ent;        /* entry index + 1 of an earlier output in the folder, or 0 */
    cckit_idmap *nfc;         /* NFC of non-ASCII names -> entry, on the first miss */
    bool nfc_built;
    bool oom;                 /* memory ran out in a step without a status:
                                 pack_run fails with NOMEM, writes nothing */
    /* where a reference names a file in another Unicode form: pack said
     * so, the self-check's broken-link finding there is the same fact */
    struct formref { const char *file; unsigned line; } *formrefs;
    size_t n_formrefs, cap_formrefs;
    /* generated files: name -> buffer, and the outline item they come
     * from (findings on them name the item, not the generated name) */
    struct gen { char *name; cckit_strbuf data; const cckit_ol_node *node; } *gen;
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
/* The file a reference or an outline path names: the exact name, else
 * the same name in another Unicode form (*other_form set); on a miss,
 * *case_only gets a file whose name differs in ASCII case only. */
const cckit_entry *cckit_pack_find_file(pack *p, const char *name, bool *other_form,
                                        const cckit_entry **case_only);
/* pack_findings.c: what pack says in the user's terms. */
cckit_status cckit_pack_check_outline_kinds(pack *p, const cckit_outline *o, cckit_error *err);
void cckit_pack_mark_own_files(pack *p, const char *input, const char *target,
                               const char *outline);
void cckit_pack_report_left_out(pack *p);
void cckit_pack_check_has_page(pack *p);
void cckit_pack_add_own_finding(pack *p, const cckit_diag *g);
void cckit_pack_check_target_name(pack *p, const char *target);
/* Append a page for entry ent; NULL on OOM. */
page *cckit_pack_add_page(pack *p, size_t ent);
/* Find everything page number k uses: its references, and transitively
 * those of the CSS files (and, in outline mode, HTML files that are not
 * outline pages) it uses; missing ones are findings. */
cckit_status cckit_pack_analyse_page(pack *p, size_t k, cckit_error *err);

#endif /* CCKIT_PACK_STATE_H */
