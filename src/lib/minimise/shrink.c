/* shrink.c - `minimise --keep CODE`: the smallest cartridge that still
 * shows one finding, by delta debugging (Zeller's ddmin).
 *
 * The parts are, in this order: every <resource> of the manifest (with
 * its files and the items that point at it), every <item> (with its
 * subtree), then every file no resource lists.  A candidate is a subset
 * of the parts: the manifest is parsed again, the parts left out are
 * unlinked, and the archive is written beside OUT (export's writer),
 * validated (cckit_validate) and removed; it passes when a finding has
 * the code (or the rule number) kept.  ddmin tries the chunks, then
 * their complements, and halves the chunks when neither passes, until
 * one part a chunk; at most opt->max_tests validations.  The smallest
 * passing candidate is written to OUT. */
#include "minimise/anon.h"
#include "minimise/minimise.h"
#include "export/archive_writer.h"
#include "import/entry_read.h"
#include "content/href.h"
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PART_RESOURCE, PART_ITEM, PART_FILE };

typedef struct shrink {
    const cckit_minimise_options *opt;
    cckit_cartridge *cart;        /* the anonymised copy, OUT */
    xmlDocPtr doc;                /* its manifest, parsed once */
    size_t n_res, n_items;        /* resources and items of the manifest */
    size_t *file_parts;           /* entry index of each unlisted file */
    size_t n_files;
    size_t n_parts;
    size_t tests, max_tests;
    char *cand;                   /* the candidate's path */
} shrink;

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Every element named name, document order. */
static size_t collect(xmlNodePtr n, const char *name, xmlNodePtr *v, size_t cap)
{
    size_t k = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(n, name)) {
            if (v && k < cap)
                v[k] = n;
            k++;
        }
        k += collect(n->children, name, v ? v + k : NULL, cap > k ? cap - k : 0);
    }
    return k;
}

static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The entry names a resource lists (its <file href>), resolved against
 * its xml:base; calls fn for each. */
static void resource_files(xmlNodePtr res, void (*fn)(const char *, void *), void *ctx)
{
    xmlChar *b = xmlGetNsProp(res, (const xmlChar *)"base", XML_XML_NAMESPACE);
    char *base = NULL;
    if (b && *b)
        cckit_href_resolve_ex("", (const char *)b, 0, &base);
    xmlFree(b);
    for (xmlNodePtr c = res->children; c; c = c->next) {
        if (!is_el(c, "file"))
            continue;
        char *href = attr(c, "href"), *path = NULL;
        if (href && cckit_href_resolve_ex(base ? base : "", href, 0, &path) == CCKIT_HREF_OK && path)
            fn(path, ctx);
        free(path);
        xmlFree(href);
    }
    free(base);
}

typedef struct mark_ctx {
    const cckit_source *src;
    unsigned char *mark;
    unsigned char val;
} mark_ctx;

static void mark_one(const char *path, void *vctx)
{
    mark_ctx *m = vctx;
    const cckit_entry *e = cckit_source_find(m->src, path);
    if (e) {
        size_t i = (size_t)(e - cckit_source_entry(m->src, 0));
        if (i < cckit_source_count(m->src) && m->mark[i] < m->val)
            m->mark[i] = m->val;
    }
}

/* A copy of the manifest's DOM, for one candidate. */
static cckit_status parse(shrink *s, xmlDocPtr *doc, cckit_error *err)
{
    *doc = xmlCopyDoc(s->doc, 1);
    return *doc ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* Write the candidate `keep` (one flag a part) to path: manifest without
 * the parts left out, and the files still listed or kept. */
static cckit_status write_candidate(shrink *s, const unsigned char *keep, const char *path,
                                    size_t *written, cckit_error *err)
{
    xmlDocPtr doc = NULL;
    cckit_status st = parse(s, &doc, err);
    if (st != CCKIT_OK)
        return st;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    size_t nr = s->n_res, ni = s->n_items;
    xmlNodePtr *res = calloc(nr + ni + 1, sizeof *res), *items = res ? res + nr : NULL;
    cckit_source *src = s->cart->source;
    size_t ne = cckit_source_count(src);
    unsigned char *mark = calloc(ne + 1, 1);
    xmlNodePtr *gone = calloc(nr + ni + 1, sizeof *gone);
    size_t ngone = 0;
    cckit_zip_writer *w = NULL;
    xmlChar *buf = NULL;
    int blen = 0;
    if (!res || !mark || !gone) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    if (collect(root, "resource", res, nr) != nr || collect(root, "item", items, ni) != ni) {
        st = cckit_fail(err, CCKIT_E_XML, "imsmanifest.xml: the manifest changed");
        goto out;
    }
    /* files: 2 listed by a kept resource, 1 by a removed one only */
    mark_ctx mc = { src, mark, 1 };
    for (size_t i = 0; i < nr; i++) {
        mc.val = keep[i] ? 2 : 1;
        resource_files(res[i], mark_one, &mc);
    }
    for (size_t i = 0; i < nr; i++) {
        if (keep[i])
            continue;
        /* the items that point at it, unless a kept resource has the id too */
        char *id = attr(res[i], "identifier");
        bool shared = false;
        for (size_t j = 0; id && j < nr && !shared; j++) {
            char *o = keep[j] ? attr(res[j], "identifier") : NULL;
            shared = o && strcmp(o, id) == 0;
            xmlFree(o);
        }
        for (size_t j = 0; id && !shared && j < ni; j++) {
            char *ref = attr(items[j], "identifierref");
            if (ref && strcmp(ref, id) == 0)
                gone[ngone++] = items[j], items[j] = NULL;
            xmlFree(ref);
        }
        xmlFree(id);
        gone[ngone++] = res[i];
    }
    for (size_t j = 0; j < ni; j++)
        if (!keep[nr + j] && items[j])
            gone[ngone++] = items[j];
    for (size_t k = 0; k < ngone; k++)
        xmlUnlinkNode(gone[k]);
    for (size_t k = 0; k < ngone; k++)
        xmlFreeNode(gone[k]);
    xmlDocDumpMemoryEnc(doc, &buf, &blen, "UTF-8");
    if (buf == NULL) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < s->n_files; k++)
        if (!keep[nr + ni + k])
            mark[s->file_parts[k]] = 1;
    if ((st = cckit_zip_writer_open(path, true, &w, err)) != CCKIT_OK)
        goto out;
    st = cckit_zip_writer_add_buffer(w, "imsmanifest.xml", buf, (size_t)blen, err);
    *written = 1;
    for (size_t i = 0; i < ne && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        if (e->is_dir || mark[i] == 1 || strcmp(e->name, "imsmanifest.xml") == 0)
            continue;
        st = cckit_zip_writer_add_entry(w, e->name, src, e, err);
        *written += st == CCKIT_OK;
    }
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
out:
    cckit_zip_writer_abort(w);
    xmlFree(buf);
    free(gone);
    free(mark);
    free(res);
    xmlFreeDoc(doc);
    return st;
}

static bool shows(const cckit_diags *d, const char *keep)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, keep) == 0 || (d->v[i].rule && strcmp(d->v[i].rule, keep) == 0))
            return true;
    return false;
}

bool cckit_minimise_shows(const cckit_diags *d, const char *keep)
{
    return shows(d, keep);
}

/* One test: does the candidate still show the finding? */
static cckit_status test(shrink *s, const unsigned char *keep, bool *pass, cckit_error *err)
{
    *pass = false;
    s->tests++;
    size_t written = 0;
    cckit_status st = write_candidate(s, keep, s->cand, &written, err);
    if (st != CCKIT_OK) {
        unlink(s->cand);
        return st;
    }
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = s->opt->schema_dir;
    vo.limits = s->opt->limits;
    cckit_validation *v = NULL;
    cckit_error e2;
    memset(&e2, 0, sizeof e2);
    /* a candidate that cannot be opened does not show the finding */
    if (cckit_validate(s->cand, &vo, &v, &e2) == CCKIT_OK)
        *pass = shows(&v->diags, s->opt->keep);
    cckit_validation_free(v);
    unlink(s->cand);
    return CCKIT_OK;
}

/* ddmin over the parts in cur[0..*n) (indices): on return, cur holds a
 * 1-minimal passing subset (or the best found within the cap). */
static cckit_status ddmin(shrink *s, size_t *cur, size_t *n, cckit_minimise_result *res,
                          cckit_error *err)
{
    size_t chunks = 2;
    unsigned char *keep = malloc(s->n_parts + 1);
    size_t *next = malloc((s->n_parts + 1) * sizeof *next);
    if (!keep || !next) {
        free(keep);
        free(next);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_status st = CCKIT_OK;
    while (*n >= 2 && st == CCKIT_OK) {
        if (chunks > *n)
            chunks = *n;
        bool reduced = false;
        /* pass 0: a chunk alone; pass 1: its complement */
        for (int pass = 0; pass < 2 && !reduced && st == CCKIT_OK; pass++) {
            if (pass == 0 && chunks == 2)
                continue; /* with two chunks the complements are the chunks */
            for (size_t c = 0; c < chunks && !reduced; c++) {
                size_t lo = *n * c / chunks, hi = *n * (c + 1) / chunks, m = 0;
                memset(keep, 0, s->n_parts);
                for (size_t k = 0; k < *n; k++) {
                    bool in = k >= lo && k < hi;
                    if (in == (pass == 0)) {
                        keep[cur[k]] = 1;
                        next[m++] = cur[k];
                    }
                }
                if (m == 0 || m == *n)
                    continue;
                if (s->tests >= s->max_tests || (s->opt->cancel && *s->opt->cancel)) {
                    res->keep_capped = true;
                    goto stop;
                }
                bool ok = false;
                if ((st = test(s, keep, &ok, err)) != CCKIT_OK)
                    break;
                if (ok) {
                    memcpy(cur, next, m * sizeof *cur);
                    *n = m;
                    chunks = pass == 0 ? 2 : (chunks > 2 ? chunks - 1 : 2);
                    reduced = true;
                }
            }
        }
        if (!reduced && st == CCKIT_OK) {
            if (chunks >= *n)
                break;
            chunks = chunks * 2 < *n ? chunks * 2 : *n;
        }
    }
stop:
    free(keep);
    free(next);
    return st;
}

static void count(shrink *s, const size_t *cur, size_t n, cckit_minimise_result *res)
{
    res->parts_out = n;
    res->resources_out = res->items_out = 0;
    for (size_t k = 0; k < n; k++) {
        if (cur[k] < s->n_res)
            res->resources_out++;
        else if (cur[k] < s->n_res + s->n_items)
            res->items_out++;
    }
}

cckit_status cckit_minimise_shrink(const char *out, const cckit_minimise_options *opt,
                                   cckit_minimise_result *res, cckit_error *err)
{
    shrink s;
    memset(&s, 0, sizeof s);
    s.opt = opt;
    s.max_tests = opt->max_tests ? opt->max_tests : 2000;
    cckit_status st = cckit_cartridge_open(out, &opt->limits, &s.cart, err);
    if (st != CCKIT_OK)
        return st;
    size_t *cur = NULL;
    unsigned char *mark = NULL, *keep = NULL;
    cckit_source *src = s.cart->source;
    const cckit_entry *me = src ? cckit_source_find(src, "imsmanifest.xml") : NULL;
    size_t ne = src ? cckit_source_count(src) : 0;
    size_t olen = strlen(out);
    s.cand = malloc(olen + sizeof ".ddmin.imscc");
    if (s.cand)
        memcpy(s.cand, out, olen), memcpy(s.cand + olen, ".ddmin.imscc", sizeof ".ddmin.imscc");
    if (me == NULL) {
        st = cckit_fail(err, CCKIT_E_NOMANIFEST, "%s: no imsmanifest.xml", out);
        goto done;
    }
    if ((st = cckit_xml_read_entry(src, me, &opt->limits, &s.doc, err)) != CCKIT_OK)
        goto done;
    xmlNodePtr root = xmlDocGetRootElement(s.doc);
    s.n_res = collect(root, "resource", NULL, 0);
    s.n_items = collect(root, "item", NULL, 0);
    mark = calloc(ne + 1, 1);
    s.file_parts = malloc((ne + 1) * sizeof *s.file_parts);
    xmlNodePtr *rv = calloc(s.n_res + 1, sizeof *rv);
    if (!mark || !s.file_parts || !rv || !s.cand) {
        free(rv);
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    collect(root, "resource", rv, s.n_res);
    mark_ctx mc = { src, mark, 1 };
    for (size_t i = 0; i < s.n_res; i++)
        resource_files(rv[i], mark_one, &mc);
    free(rv);
    for (size_t i = 0; i < ne; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        if (!e->is_dir && !mark[i] && e != me)
            s.file_parts[s.n_files++] = i;
    }
    s.n_parts = s.n_res + s.n_items + s.n_files;
    res->parts_in = s.n_parts;
    cur = malloc((s.n_parts + 1) * sizeof *cur);
    keep = malloc(s.n_parts + 1);
    if (!cur || !keep) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    size_t n = s.n_parts;
    for (size_t k = 0; k < n; k++)
        cur[k] = k;
    /* the anonymised copy itself must show the finding */
    memset(keep, 1, s.n_parts);
    bool ok = false;
    if ((st = test(&s, keep, &ok, err)) != CCKIT_OK)
        goto done;
    if (!ok) {
        res->keep_lost = true;
        count(&s, cur, n, res);
        goto done;
    }
    if ((st = ddmin(&s, cur, &n, res, err)) != CCKIT_OK)
        goto done;
    count(&s, cur, n, res);
    memset(keep, 0, s.n_parts);
    for (size_t k = 0; k < n; k++)
        keep[cur[k]] = 1;
    /* the smallest over OUT; the source (OUT) stays open until the
     * commit has copied every entry from it */
    if ((st = write_candidate(&s, keep, s.cand, &res->entries_out, err)) != CCKIT_OK)
        goto done;
    if (rename(s.cand, out) != 0)
        st = cckit_fail(err, CCKIT_E_IO, "%s: cannot rename into place", out);
done:
    if (s.cand)
        unlink(s.cand);
    res->tests = s.tests;
    xmlFreeDoc(s.doc);
    free(cur);
    free(keep);
    free(mark);
    free(s.file_parts);
    free(s.cand);
    cckit_cartridge_free(s.cart);
    return st;
}
