/* pack_pages.c - what each page of `cckit pack` uses: its references
 * (content/html_deps.c scans HTML and CSS), followed through the CSS
 * files and non-page HTML it uses, each file scanned once.  A reference
 * to a file not in the folder is a finding (pack.missing-dependency). */
#include "export/pack_state.h"
#include "content/href.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool cckit_pack_grow(void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = realloc(*v, nc * elem);
    if (!nv)
        return false;
    *v = nv;
    *cap = nc;
    return true;
}

size_t cckit_pack_ent_index(const pack *p, const cckit_entry *e)
{
    return (size_t)(e - p->src->entries);
}

const char *cckit_pack_ext_of(const char *name)
{
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    const char *d = strrchr(b, '.');
    return d && d != b ? d + 1 : "";
}

bool cckit_pack_is_html(const char *name)
{
    const char *x = cckit_pack_ext_of(name);
    return !strcasecmp(x, "html") || !strcasecmp(x, "htm") || !strcasecmp(x, "xhtml");
}

/* -------------------------------------------------- finding files */

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* The file a reference or an outline path names: the exact name, else
 * the same name in another Unicode normalisation form (a folder from a
 * Mac has NFD names, text typed in an editor is NFC), which resolves as
 * it does on the user's Mac: *other_form is set then.  On a miss,
 * *case_only gets a file whose name differs in ASCII case only (a "did
 * you mean": not a match, web servers tell case apart). */
const cckit_entry *cckit_pack_find_file(pack *p, const char *name, bool *other_form,
                                        const cckit_entry **case_only)
{
    *other_form = false;
    *case_only = NULL;
    const cckit_entry *e = cckit_source_find(p->src, name);
    if (e)
        return e;
    if (!is_ascii(name)) {
        if (!p->nfc_built) {
            p->nfc_built = true;
            p->nfc = cckit_idmap_new();
            p->oom |= !p->nfc;
            for (size_t i = 0; p->nfc && i < p->n; i++) {
                const cckit_entry *x = cckit_source_entry(p->src, i);
                if (is_ascii(x->name))
                    continue;
                /* NULL from cckit_utf8_nfc is also "too long" or an ICU
                 * failure: memory only when malloc said so */
                errno = 0;
                char *k = cckit_utf8_nfc(x->name);
                bool oom = !k && errno == ENOMEM;
                char *ka = k ? cckit_arena_strdup(p->m->arena, k) : NULL;
                oom |= k && !ka;
                free(k);
                if (ka)
                    (void)cckit_idmap_put(p->nfc, ka, (void *)x, &oom);
                p->oom |= oom;
            }
        }
        char *k = cckit_utf8_nfc(name);
        e = k && p->nfc ? cckit_idmap_get(p->nfc, k) : NULL;
        free(k);
        if (e) {
            *other_form = true;
            return e;
        }
    }
    *case_only = cckit_source_find_nocase(p->src, name);
    return NULL;
}

/* The file named in another Unicode form than the page's: packed, and
 * said once per file (a server compares bytes, not letters). */
static void warn_other_form(pack *p, const cckit_entry *e, const char *from, unsigned line,
                            const char *raw)
{
    pfile *f = &p->pf[cckit_pack_ent_index(p, e)];
    if (cckit_pack_grow((void **)&p->formrefs, &p->cap_formrefs, p->n_formrefs, sizeof *p->formrefs))
        p->formrefs[p->n_formrefs++] = (struct formref){ from, line };
    else
        p->oom = true;   /* the self-check would report it a second time */
    if (f->form_warned)
        return;
    f->form_warned = true;
    cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                         cckit_rule_in(cckit_rules_export, "pack.name-unicode-form"), from, line,
                         "'%s' names the file '%s' with the same letters in another Unicode "
                    "form (composed vs decomposed accents): packed, but a web server may not "
                    "find it", raw, e->name);
}

/* -------------------------------------------------- references */

typedef struct scan_ctx {
    pack *p;
    size_t page_no;          /* page being analysed */
    size_t from;             /* entry index of the file being scanned */
    size_t *list;            /* collected entry indexes (for cached deps) */
    size_t n, cap;
    bool oom;                /* a reference was lost: the scan fails */
} scan_ctx;

static bool on_ref(void *ctx, const char *target, const char *raw, unsigned line,
                   const char *what, bool is_link)
{
    scan_ctx *sc = ctx;
    pack *p = sc->p;
    const char *from = cckit_source_entry(p->src, sc->from)->name;
    CCKIT_UNUSED(is_link);
    bool other_form = false;
    const cckit_entry *case_only = NULL;
    const cckit_entry *e = target ? cckit_pack_find_file(p, target, &other_form, &case_only)
                                  : NULL;
    if (!e && !target && cckit_href_is_local_file(raw))
        return true; /* a file on the author's computer: the validation of
                        what pack wrote names it (links.local-file) */
    if (e && other_form && !e->is_dir)
        warn_other_form(p, e, from, line, raw);
    if (!e) {
        /* maybe a folder ("sub" for "sub/"): not a file, not an error */
        if (target) {
            size_t tl = strlen(target);
            char *d = malloc(tl + 2);
            if (!d) {
                sc->oom = true;
                return false;
            }
            {
                memcpy(d, target, tl);
                memcpy(d + tl, "/", 2);
                const cckit_entry *de = cckit_source_find(p->src, d);
                free(d);
                if (de)
                    return true;
            }
        }
        p->ref_errors++;
        if (p->ref_errors <= MAX_REF_ERRORS && case_only)
            cckit_diags_add_rule(p->diags, CCKIT_SEV_ERROR,
                                 cckit_rule_in(cckit_rules_export, "pack.case-mismatch"), from,
                                 line, "%s refers to '%s', which is not in the folder; did you "
                                 "mean '%s'? (it differs in case only)", what, raw,
                                 case_only->name);
        else if (p->ref_errors <= MAX_REF_ERRORS)
            cckit_diags_add_rule(p->diags, CCKIT_SEV_ERROR,
                                 cckit_rule_in(cckit_rules_export, target ? "pack.missing-dependency"
                                                                          : "pack.dependency-outside"),
                                 from, line, "%s refers to '%s', %s", what, raw,
                                 target ? "which is not in the folder" : "which is outside the folder");
        return p->ref_errors < 10 * MAX_REF_ERRORS;
    }
    if (e->is_dir)
        return true;
    size_t idx = cckit_pack_ent_index(p, e);
    for (size_t i = 0; i < sc->n; i++)
        if (sc->list[i] == idx)
            return true;
    if (!cckit_pack_grow((void **)&sc->list, &sc->cap, sc->n, sizeof *sc->list)) {
        sc->oom = true;
        return false;
    }
    sc->list[sc->n++] = idx;
    return true;
}

/* The references of entry idx itself (HTML or CSS), scanned once. */
static cckit_status scan_file(pack *p, size_t idx, bool html, char **title, cckit_error *err)
{
    pfile *f = &p->pf[idx];
    if (f->scanned && !title)
        return CCKIT_OK;
    scan_ctx sc = { p, 0, idx, NULL, 0, 0, false };
    const cckit_entry *e = cckit_source_entry(p->src, idx);
    cckit_status st = html ? cckit_html_scan(p->src, e, on_ref, &sc, title, err)
                           : cckit_css_scan(p->src, e, on_ref, &sc, err);
    if (st == CCKIT_OK && sc.oom)
        st = cckit_fail_at(err, CCKIT_E_NOMEM, e->name, 0, "out of memory");
    if (st != CCKIT_OK) {
        free(sc.list);
        return st;
    }
    if (!f->scanned) {
        f->deps = sc.list;
        f->n_deps = sc.n;
        f->scanned = true;
    } else {
        free(sc.list);
    }
    return CCKIT_OK;
}

static bool page_add_asset(page *pg, size_t idx)
{
    for (size_t i = 0; i < pg->n_assets; i++)
        if (pg->assets[i] == idx)
            return true;
    if (!cckit_pack_grow((void **)&pg->assets, &pg->cap_assets, pg->n_assets, sizeof *pg->assets))
        return false;
    pg->assets[pg->n_assets++] = idx;
    return true;
}

/* Find everything page number k uses: its references, and transitively
 * those of the CSS files (and, in outline mode, HTML files that are not
 * outline pages) it uses. */
cckit_status cckit_pack_analyse_page(pack *p, size_t k, cckit_error *err)
{
    page *pg = &p->pages[k];
    cckit_status st = scan_file(p, pg->ent, true, &pg->title, err);
    if (st != CCKIT_OK)
        return st;
    pfile *pf = &p->pf[pg->ent];
    for (size_t i = 0; i < pf->n_deps; i++)
        if (p->pf[pf->deps[i]].kind != PF_PAGE && !page_add_asset(pg, pf->deps[i]))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < pg->n_assets; i++) {
        size_t a = pg->assets[i];
        const char *name = cckit_source_entry(p->src, a)->name;
        bool css = !strcasecmp(cckit_pack_ext_of(name), "css");
        bool html = cckit_pack_is_html(name);
        if (!css && !html)
            continue;
        st = scan_file(p, a, html, NULL, err);
        if (st != CCKIT_OK)
            return st;
        for (size_t j = 0; j < p->pf[a].n_deps; j++) {
            size_t d = p->pf[a].deps[j];
            if (p->pf[d].kind != PF_PAGE && d != pg->ent && !page_add_asset(pg, d))
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        pg = &p->pages[k];
    }
    for (size_t i = 0; i < pg->n_assets; i++) {
        pfile *a = &p->pf[pg->assets[i]];
        if (a->kind == PF_SKIP || a->kind == PF_NONE || a->kind == PF_DOC)
            a->kind = PF_ASSET;   /* used by a page: part of it */
        if (a->last_page != k + 1) {
            if (a->users++ == 0)
                a->first_user = k;
            a->last_page = k + 1;
        }
    }
    return CCKIT_OK;
}

page *cckit_pack_add_page(pack *p, size_t ent)
{
    if (!cckit_pack_grow((void **)&p->pages, &p->cap_pages, p->n_pages, sizeof *p->pages))
        return NULL;
    page *pg = &p->pages[p->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->ent = ent;
    return pg;
}
