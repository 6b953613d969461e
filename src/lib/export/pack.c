/* pack.c - `cckit pack`: a folder (or a folder + outline) into a
 * cartridge.
 *
 * Three inputs:
 *  - a folder that holds imsmanifest.xml is re-packed as it is: it is
 *    validated (lenient) first, then every file is copied byte for byte
 *    (the manifest too), so a re-zip never makes a cartridge worse;
 *  - a plain folder: its tree becomes the organization (folders become
 *    folder items, each HTML page and each document no page uses becomes
 *    a web content item), pages' local dependencies are found with the
 *    HTML parser (html_deps.c);
 *  - a folder + an outline (outline.c): modules and items as listed.
 *
 * Shared assets.  A file used by exactly one page is a <file> of that
 * page's resource; files used by several pages (and files no page uses)
 * go into ONE webcontent resource without href ("cartridge web content",
 * CC 1.1 §3.4), and each page that uses one of them has a <dependency>
 * on it.  That is the CC idiom (the sample of the 1.1 guide, Canvas and
 * Moodle exports do the same), keeps the manifest linear in the number of
 * files (a stylesheet used by 500 pages is listed once, not 500 times),
 * and makes importers copy each file once.
 *
 * Identifiers are "i"/"r"/"f" + 32 hex of a 128-bit FNV-1a (hash.c) of
 * the relative path, never random: the same input gives the same
 * manifest, and the archive writer makes the archive byte-identical.
 *
 * Valid by construction, checked: the archive is written (atomically, by
 * archive_writer.c) to a reserved temporary name beside TARGET, validated
 * there in STRICT mode (one place: check_generated), and only then
 * renamed onto TARGET; a generated cartridge with errors is removed and
 * nothing is written.  */
#include "export/export.h"
#include "export/archive_writer.h"
#include "base/cancel.h"
#include "import/source.h"
#include "tree/tree.h"
#include "export/pack_state.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void cckit_pack_options_default(cckit_pack_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CCKIT_CC_UNKNOWN;   /* the outline's cc:, else 1.3 */
    cckit_limits_default(&o->limits);
}

/* Files that only make sense as parts of pages: never items of their own. */
static bool is_asset_type(const char *name)
{
    static const char *const exts[] = {
        "css", "js", "mjs", "map", "json", "png", "jpg", "jpeg", "gif", "svg", "webp",
        "avif", "ico", "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf", "eot",
        "mp3", "mp4", "m4a", "m4v", "webm", "ogg", "oga", "ogv", "wav", "flac",
        "mov", "vtt", "srt", NULL };
    const char *x = cckit_pack_ext_of(name);
    for (size_t i = 0; exts[i]; i++)
        if (!strcasecmp(x, exts[i]))
            return true;
    return false;
}

/* A hidden or system file: a component starting with '.', Thumbs.db,
 * desktop.ini, __MACOSX.  *comp_len gets the length of the prefix up to
 * and including the offending component. */
static bool is_hidden(const char *name, size_t *comp_len)
{
    const char *c = name;
    for (;;) {
        const char *sl = strchr(c, '/');
        size_t l = sl ? (size_t)(sl - c) : strlen(c);
        if ((l > 0 && c[0] == '.') || (l == 9 && !strncasecmp(c, "Thumbs.db", 9)) ||
            (l == 11 && !strncasecmp(c, "desktop.ini", 11)) ||
            (l == 8 && !strncmp(c, "__MACOSX", 8))) {
            *comp_len = (size_t)(c - name) + l;
            return true;
        }
        if (!sl)
            return false;
        c = sl + 1;
    }
}

static char *adup(pack *p, const char *s)
{
    return s ? cckit_arena_strdup(p->m->arena, s) : NULL;
}

static char *make_id(pack *p, const char *prefix, const char *kind, const char *text)
{
    char id[48];
    cckit_stable_id(id, sizeof id, prefix, kind, text);
    return adup(p, id);
}

/* -------------------------------------------------- tree building */

static bool add_file_href(pack *p, cckit_resource *r, const char *path)
{
    cckit_file *f = cckit_tree_add_file(p->m, r);
    char *h = cckit_href_encode(path);
    if (!f || !h) {
        free(h);
        return false;
    }
    f->href = adup(p, h);
    free(h);
    return f->href != NULL;
}

static cckit_resource *new_resource(pack *p, cckit_kind k, const char *key)
{
    cckit_resource *r = cckit_tree_add_resource(p->m);
    if (!r)
        return NULL;
    r->kind = k;
    r->identifier = make_id(p, "r", "res", key);
    r->type = adup(p, cckit_type_for(k, p->v));
    if (!r->identifier || !r->type)
        return NULL;
    bool oom = false;
    if (cckit_idmap_put(p->m->ids, r->identifier, r, &oom) != NULL || oom)
        return NULL;   /* duplicate identifiers cannot come from distinct keys */
    return r;
}

static cckit_resource *webcontent_for(pack *p, size_t ent, page *pg)
{
    const char *name = cckit_source_entry(p->src, ent)->name;
    cckit_resource *r = new_resource(p, CCKIT_KIND_WEBCONTENT, name);
    if (!r)
        return NULL;
    char *h = cckit_href_encode(name);
    r->href = adup(p, h);
    free(h);
    if (!r->href || !add_file_href(p, r, name))
        return NULL;
    p->pf[ent].packaged = true;
    if (pg) {
        pg->res = r;
        for (size_t i = 0; i < pg->n_assets; i++) {
            pfile *a = &p->pf[pg->assets[i]];
            if (a->users == 1) {
                if (!add_file_href(p, r, cckit_source_entry(p->src, pg->assets[i])->name))
                    return NULL;
                a->packaged = true;
            } else {
                pg->uses_shared = true;
            }
        }
    }
    return r;
}

static cckit_item *new_item(pack *p, cckit_item *parent, const char *kind, const char *key,
                            const char *title)
{
    char id[48];
    cckit_stable_id(id, sizeof id, "i", kind, key);
    /* the same key twice under one parent (a page listed twice) */
    for (unsigned rep = 2; rep < 100000; rep++) {
        bool dup = false;
        for (const cckit_item *c = parent->first_child; c && !dup; c = c->next)
            dup = strcmp(c->identifier, id) == 0;
        if (!dup)
            break;
        char k2[64];
        snprintf(k2, sizeof k2, "%s#%u", id, rep);
        cckit_stable_id(id, sizeof id, "i", kind, k2);
    }
    cckit_item *it = cckit_tree_add_item(p->m, p->org, parent);
    if (!it)
        return NULL;
    it->identifier = adup(p, id);
    it->title = adup(p, title);
    return it->identifier && (it->title || !title) ? it : NULL;
}

static bool start_tree(pack *p, const char *title)
{
    p->m = cckit_tree_new("imsmanifest.xml");
    if (!p->m)
        return false;
    p->m->version = p->v;
    p->m->thin = p->opt->thin;
    p->m->metadata.title = adup(p, title);
    p->org = cckit_arena_alloc(p->m->arena, sizeof *p->org);
    if (!p->org || (title && !p->m->metadata.title))
        return false;
    p->m->organization = p->org;
    p->m->n_organizations = 1;
    p->org->identifier = make_id(p, "o", "org", "organization");
    p->org->structure = adup(p, "rooted-hierarchy");
    p->root = cckit_tree_add_item(p->m, p->org, NULL);
    if (!p->root || !p->org->identifier || !p->org->structure)
        return false;
    p->root->identifier = make_id(p, "i", "root", "root");
    return p->root->identifier != NULL;
}

/* The shared resource and the dependencies on it; files no page uses
 * are added to it when include_unused. */
static bool finish_shared(pack *p, bool include_unused)
{
    cckit_resource *shared = NULL;
    for (size_t i = 0; i < p->n; i++) {
        pfile *f = &p->pf[i];
        bool want = (f->kind == PF_ASSET && f->users >= 2) ||
                    (include_unused && !f->packaged && (f->kind == PF_ASSET || f->kind == PF_NONE));
        if (!want || f->packaged)
            continue;
        if (!shared && !(shared = new_resource(p, CCKIT_KIND_WEBCONTENT, "\001shared")))
            return false;
        if (!add_file_href(p, shared, cckit_source_entry(p->src, i)->name))
            return false;
        f->packaged = true;
    }
    for (size_t k = 0; k < p->n_pages && shared; k++) {
        if (!p->pages[k].uses_shared || !p->pages[k].res)
            continue;
        cckit_dependency *d = cckit_tree_add_dependency(p->m, p->pages[k].res);
        if (!d)
            return false;
        d->identifierref = shared->identifier;
        d->resource = shared;
    }
    if (!p->root->first_child) {   /* nothing to show: <organizations/> */
        p->org->first_item = p->org->last_item = NULL;
        p->m->n_items = p->org->n_items = 0;
    }
    return true;
}

/* ------------------------------------------------ folder mode */

static cckit_status classify(pack *p, bool folder_mode, cckit_error *err)
{
    size_t hidden_len = 0;
    const char *hidden_prefix = NULL;
    for (size_t i = 0; i < p->n; i++) {
        const cckit_entry *e = cckit_source_entry(p->src, i);
        size_t cl;
        if (e->is_dir || p->pf[i].kind == PF_SKIP) {   /* PF_SKIP: our own output */
            p->pf[i].kind = PF_SKIP;
            continue;
        }
        if (is_hidden(e->name, &cl)) {
            p->pf[i].kind = PF_SKIP;
            if (!hidden_prefix || cl != hidden_len || strncmp(hidden_prefix, e->name, cl) != 0) {
                hidden_prefix = e->name;
                hidden_len = cl;
                cckit_diags_add_rule(p->diags, CCKIT_SEV_INFO,
                                     cckit_rule_in(cckit_rules_export, "pack.hidden-skipped"),
                                     e->name, 0, "skipped hidden or system file '%.*s'", (int)cl, e->name);
            }
            continue;
        }
        if (!folder_mode)
            continue;
        if (cckit_pack_is_html(e->name)) {
            p->pf[i].kind = PF_PAGE;
            if (!cckit_pack_add_page(p, i))
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        } else {
            p->pf[i].kind = is_asset_type(e->name) ? PF_NONE : PF_DOC;
        }
    }
    return CCKIT_OK;
}

/* Folder item for directory prefix dir (ending in '/'), created once
 * under parent as its last child (entries come sorted, so a folder's
 * files are contiguous). */
static cckit_item *folder_item(pack *p, const char *name)
{
    cckit_item *parent = p->root;
    const char *c = name;
    for (const char *sl; (sl = strchr(c, '/')); c = sl + 1) {
        size_t pl = (size_t)(sl - name);
        char *dir = cckit_arena_strndup(p->m->arena, name, pl);
        if (!dir)
            return NULL;
        cckit_item *last = parent->last_child;
        /* folder items are keyed by their path, kept in key via identifier */
        char id[48];
        cckit_stable_id(id, sizeof id, "f", "folder", dir);
        if (last && !last->identifierref && strcmp(last->identifier, id) == 0) {
            parent = last;
            continue;
        }
        char *title = cckit_prettify_name(dir);
        if (!title)
            return NULL;
        cckit_item *it = cckit_tree_add_item(p->m, p->org, parent);
        if (!it) {
            free(title);
            return NULL;
        }
        it->identifier = adup(p, id);
        it->title = adup(p, title);
        free(title);
        if (!it->identifier || !it->title)
            return NULL;
        parent = it;
    }
    return parent;
}

static cckit_status build_from_folder(pack *p, cckit_error *err)
{
    cckit_status st;
    for (size_t k = 0; k < p->n_pages; k++)
        if ((st = cckit_pack_analyse_page(p, k, err)) != CCKIT_OK)
            return st;
    if (p->ref_errors)
        return CCKIT_OK;
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        pfile *f = &p->pf[i];
        if (f->kind != PF_PAGE && f->kind != PF_DOC)
            continue;
        const char *name = cckit_source_entry(p->src, i)->name;
        page *pg = NULL;
        if (f->kind == PF_PAGE) {
            while (k < p->n_pages && p->pages[k].ent != i)
                k++;
            pg = k < p->n_pages ? &p->pages[k] : NULL;
        }
        cckit_item *parent = folder_item(p, name);
        if (!parent)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        cckit_resource *r = webcontent_for(p, i, pg);
        char *pretty = NULL;
        const char *title = pg && pg->title ? pg->title : (pretty = cckit_prettify_name(name));
        cckit_item *it = r && title ? new_item(p, parent, "item", name, title) : NULL;
        free(pretty);
        if (!it)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        it->identifierref = r->identifier;
        it->resource = r;
    }
    if (!finish_shared(p, true))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    return CCKIT_OK;
}

/* ------------------------------------------------ outline mode */

static struct gen *add_gen(pack *p, const char *name, const cckit_ol_node *node)
{
    if (!cckit_pack_grow((void **)&p->gen, &p->cap_gen, p->n_gen, sizeof *p->gen))
        return NULL;
    struct gen *g = &p->gen[p->n_gen];
    g->name = strdup(name);
    if (!g->name)
        return NULL;
    cckit_strbuf_init(&g->data);
    g->node = node;
    p->n_gen++;
    return g;
}

/* A learning object: resource + its own folder named after it. */
static cckit_resource *lao(pack *p, cckit_kind k, const cckit_ol_node *n, const char *key,
                           const char *file, char *name_out, size_t name_len, cckit_error *err)
{
    /* kinds the version cannot hold were refused (check_outline_kinds) */
    /* key: kind, target and title (stable when lines move); a repeat of
     * the same object gets "#2", "#3", ... */
    char *k2 = NULL;
    cckit_resource *r = NULL;
    for (unsigned rep = 1; rep < 100000 && !r; rep++) {
        free(k2);
        size_t kl = strlen(key) + 64 + (n->path ? strlen(n->path) : 0) +
                    (n->url ? strlen(n->url) : 0) + (n->launch_url ? strlen(n->launch_url) : 0) +
                    (n->title ? strlen(n->title) : 0);
        k2 = malloc(kl);
        if (!k2)
            break;
        snprintf(k2, kl, "%s\n%s\n%s\n%s\n%s#%u", cckit_kind_name(k), n->path ? n->path : "",
                 n->url ? n->url : "", n->launch_url ? n->launch_url : "",
                 n->title ? n->title : "", rep);
        char id[48];
        cckit_stable_id(id, sizeof id, "r", "res", k2);
        if (cckit_manifest_find_resource(p->m, id))
            continue;
        r = new_resource(p, k, k2);
        if (!r)
            break;
    }
    free(k2);
    if (!r) {
        cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return NULL;
    }
    snprintf(name_out, name_len, "%s/%s", r->identifier, file);
    char dir[64];
    snprintf(dir, sizeof dir, "%s/", r->identifier);
    if (cckit_source_find(p->src, dir)) {
        cckit_fail(err, CCKIT_E_USAGE, "%s:%u: the %s '%s' goes into a sub-folder '%s', and "
                   "the folder has one of that name already: rename the folder's",
                   p->ol ? p->ol->file : "outline", n->line, cckit_ol_type_name(n->kind),
                   n->title ? n->title : "", r->identifier);
        return NULL;
    }
    if (!add_file_href(p, r, name_out)) {
        cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return NULL;
    }
    return r;
}

/* The file an outline item names, or NULL with err naming the outline
 * file and line (and the file meant when only the case differs).  A
 * name in another Unicode form resolves: the manifest lists the file
 * as the folder has it. */
static const cckit_entry *outline_file(pack *p, const cckit_outline *o, const cckit_ol_node *n,
                                       const char *path, const char *what, cckit_error *err)
{
    bool other_form;
    const cckit_entry *case_only;
    const cckit_entry *e = cckit_pack_find_file(p, path, &other_form, &case_only);
    if (e && !e->is_dir)
        return e;
    if (case_only && !case_only->is_dir)
        cckit_fail(err, CCKIT_E_NOTFOUND, "%s:%u: %s '%s' is not in the folder; did you mean "
                   "'%s'? (it differs in case only)", o->file, n->line, what, path,
                   case_only->name);
    else
        cckit_fail(err, CCKIT_E_NOTFOUND, "%s:%u: %s '%s' is not a file in the folder", o->file,
                   n->line, what, path);
    return NULL;
}

static cckit_status read_text_file(pack *p, const cckit_outline *o, const cckit_ol_node *n,
                                   cckit_strbuf *out, cckit_error *err)
{
    const cckit_entry *e = outline_file(p, o, n, n->text_file, "text_file", err);
    if (!e)
        return err->status;
    p->pf[cckit_pack_ent_index(p, e)].used = true;
    if (e->size > 1024 * 1024)
        return cckit_fail(err, CCKIT_E_LIMIT, "%s:%u: text_file '%s' is larger than 1 MiB",
                          o->file, n->line, n->text_file);
    cckit_stream *s;
    cckit_status st = cckit_stream_open(p->src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    char buf[8192];
    long got;
    while ((got = cckit_stream_read(s, buf, sizeof buf, err)) > 0)
        cckit_strbuf_add(out, buf, (size_t)got);
    cckit_stream_close(s);
    if (got < 0)
        return err->status ? err->status : CCKIT_E_IO;
    if (out->oom)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (!cckit_utf8_valid(out->s ? out->s : "", out->len))
        return cckit_fail(err, CCKIT_E_USAGE, "%s:%u: text_file '%s' is not UTF-8 text",
                          o->file, n->line, n->text_file);
    return CCKIT_OK;
}

static const char *kind_word(cckit_ol_kind k)
{
    static const char *const w[] = { "module", "page", "file", "weblink", "lti",
                                     "discussion", "assignment", "quiz", "bank" };
    return (size_t)k < sizeof w / sizeof w[0] ? w[k] : "item";
}

static cckit_status outline_node(pack *p, const cckit_outline *o, const cckit_ol_node *n,
                                 cckit_item *parent, cckit_error *err)
{
    char key[512], name[128];
    /* items are keyed by their parent and what they show, not by line */
    snprintf(key, sizeof key, "%s/%s:%s", parent->identifier, kind_word(n->kind),
             n->kind == CCKIT_OL_MODULE ? (n->title ? n->title : "")
             : n->path ? n->path : n->url ? n->url : n->title ? n->title : "");
    cckit_status st = CCKIT_OK;
    cckit_resource *r = NULL;
    const char *title = n->title;
    struct gen *g = NULL;
    switch (n->kind) {
    case CCKIT_OL_MODULE: {
        cckit_item *it = new_item(p, parent, "module", key, n->title);
        if (!it)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        for (const cckit_ol_node *c = n->first_child; c && st == CCKIT_OK; c = c->next)
            st = outline_node(p, o, c, it, err);
        return st;
    }
    case CCKIT_OL_PAGE:
    case CCKIT_OL_FILE: {
        const cckit_entry *e = outline_file(p, o, n, n->path,
                                            n->kind == CCKIT_OL_PAGE ? "page" : "file", err);
        if (!e)
            return err->status;
        size_t idx = cckit_pack_ent_index(p, e);
        page *pg = NULL;
        for (size_t k = 0; k < p->n_pages; k++)
            if (p->pages[k].ent == idx)
                pg = &p->pages[k];
        char rid[48];
        cckit_stable_id(rid, sizeof rid, "r", "res", e->name);
        r = cckit_manifest_find_resource(p->m, rid);  /* listed twice: one resource */
        if (!r)
            r = webcontent_for(p, idx, pg);
        if (!r)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        if (!title)
            title = pg && pg->title ? pg->title : NULL;
        char *pretty = title ? NULL : cckit_prettify_name(e->name);
        cckit_item *it = title || pretty ? new_item(p, parent, "item", key, title ? title : pretty) : NULL;
        free(pretty);
        if (!it)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        it->identifierref = r->identifier;
        it->resource = r;
        return CCKIT_OK;
    }
    case CCKIT_OL_WEBLINK:
        if (!(r = lao(p, CCKIT_KIND_WEBLINK, n, key, "weblink.xml", name, sizeof name, err)))
            return err->status;
        if (!(g = add_gen(p, name, n)))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        st = cckit_weblink_write(p->v, n->title, n->url, n->target, &g->data, err);
        break;
    case CCKIT_OL_DISCUSSION: {
        if (!(r = lao(p, CCKIT_KIND_DISCUSSION, n, key, "topic.xml", name, sizeof name, err)))
            return err->status;
        cckit_strbuf t;
        cckit_strbuf_init(&t);
        bool html = true;
        if (n->text_file) {
            st = read_text_file(p, o, n, &t, err);
            html = cckit_pack_is_html(n->text_file);
        } else {
            cckit_strbuf_adds(&t, n->text ? n->text : "");
            if (t.oom)   /* the topic would be written empty */
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        if (st == CCKIT_OK && !(g = add_gen(p, name, n)))
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        if (st == CCKIT_OK)
            st = cckit_discussion_write(p->v, n->title, t.s ? t.s : "", html, &g->data, err);
        cckit_strbuf_free(&t);
        break;
    }
    case CCKIT_OL_LTI: {
        if (!(r = lao(p, CCKIT_KIND_LTI_LINK, n, key, "lti.xml", name, sizeof name, err)))
            return err->status;
        cckit_lti_desc d = { n->title, n->description, n->launch_url, n->secure_launch_url,
                             n->vendor_code, n->vendor_name,
                             (const char *const *)n->custom, n->n_custom };
        if (!(g = add_gen(p, name, n)))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        st = cckit_lti_write(p->v, &d, &g->data, err);
        break;
    }
    case CCKIT_OL_ASSIGNMENT: {
        if (!(r = lao(p, CCKIT_KIND_ASSIGNMENT, n, key, "assignment.xml", name, sizeof name, err)))
            return err->status;
        if (n->points)
            cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                                 cckit_rule_in(cckit_rules_export, "pack.assignment-points"),
                                 o->file, n->line, "'points' has no place in the official assignment schema "
                            "(gradable is a plain boolean): written as <gradable>true</gradable>");
        if (!(g = add_gen(p, name, n)))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        st = cckit_assignment_write(p->v, r->identifier, n->title, n->text, true, n->points,
                                    &g->data, err);
        break;
    }
    case CCKIT_OL_QUIZ:
    case CCKIT_OL_BANK: {
        const cckit_entry *e = outline_file(p, o, n, n->path, "QTI file", err);
        if (!e)
            return err->status;
        bool quiz = n->kind == CCKIT_OL_QUIZ;
        if (!(r = lao(p, quiz ? CCKIT_KIND_ASSESSMENT : CCKIT_KIND_QUESTION_BANK, n, key,
                      quiz ? "assessment.xml" : "questionbank.xml", name, sizeof name, err)))
            return err->status;
        if (!cckit_pack_grow((void **)&p->copies, &p->cap_copies, p->n_copies, sizeof *p->copies) ||
            !(p->copies[p->n_copies].name = strdup(name)))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        p->copies[p->n_copies++].ent = cckit_pack_ent_index(p, e);
        p->pf[cckit_pack_ent_index(p, e)].used = true;
        if (!quiz)
            return CCKIT_OK;     /* question banks are not in the organization (R19) */
        break;
    }
    }
    if (st != CCKIT_OK)
        return st;
    cckit_item *it = new_item(p, parent, "item", key, title);
    if (!it)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    it->identifierref = r->identifier;
    it->resource = r;
    return CCKIT_OK;
}

static cckit_status build_from_outline(pack *p, const cckit_outline *o, cckit_error *err)
{
    cckit_status st = cckit_pack_check_outline_kinds(p, o, err);
    if (st != CCKIT_OK)
        return st;
    /* pages first: their dependencies decide what is shared */
    for (const cckit_ol_node *n = o->first; n; n = cckit_ol_next(n)) {
        if (n->kind != CCKIT_OL_PAGE)
            continue;
        const cckit_entry *e = outline_file(p, o, n, n->path, "page", err);
        if (!e)
            return err->status;
        size_t idx = cckit_pack_ent_index(p, e);
        if (p->pf[idx].kind != PF_PAGE) {
            p->pf[idx].kind = PF_PAGE;
            if (!cckit_pack_add_page(p, idx))
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
    }
    for (size_t k = 0; k < p->n_pages; k++)
        if ((st = cckit_pack_analyse_page(p, k, err)) != CCKIT_OK)
            return st;
    if (p->ref_errors)
        return CCKIT_OK;
    cckit_metadata *md = &p->m->metadata;
    md->description = adup(p, o->description);
    md->language = adup(p, o->language);
    md->rights = adup(p, o->rights);
    if ((o->description && !md->description) || (o->language && !md->language)
        || (o->rights && !md->rights))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < o->n_keywords; i++)
        if (!cckit_tree_add_keyword(p->m, o->keywords[i]))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    for (const cckit_ol_node *n = o->first; n; n = n->next)
        if ((st = outline_node(p, o, n, p->root, err)) != CCKIT_OK)
            return st;
    if (!finish_shared(p, false))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    return CCKIT_OK;
}

/* ------------------------------------------------ writing */

static void free_pack(pack *p)
{
    if (p->pf)
        for (size_t i = 0; i < p->n; i++)
            free(p->pf[i].deps);
    free(p->pf);
    for (size_t k = 0; k < p->n_pages; k++) {
        free(p->pages[k].assets);
        free(p->pages[k].title);
    }
    free(p->pages);
    for (size_t i = 0; i < p->n_gen; i++) {
        free(p->gen[i].name);
        cckit_strbuf_free(&p->gen[i].data);
    }
    free(p->gen);
    for (size_t i = 0; i < p->n_copies; i++)
        free(p->copies[i].name);
    free(p->copies);
    cckit_idmap_free(p->nfc);
    free(p->formrefs);
    cckit_manifest_free(p->m);
}

/* Copy the findings of a validation (but infos, and those on the file
 * skip) into diags; returns the errors. */
static size_t take_findings(const cckit_validation *v, cckit_diags *diags, const char *skip)
{
    size_t errors = 0;
    for (size_t i = 0; i < v->diags.n; i++) {
        const cckit_diag *g = &v->diags.v[i];
        if (skip && g->file && !strcmp(g->file, skip))
            continue;
        if (g->severity == CCKIT_SEV_ERROR)
            errors++;
        if (g->severity == CCKIT_SEV_INFO)
            continue;
        if (diags)
            cckit_diags_add_copy(diags, g, g->severity, g->rule, g->hint);
    }
    return errors;
}

/* The one place where what pack generated is checked: strict validation
 * of the written archive. */
static cckit_status check_generated(pack *p, const char *path, const char *target,
                                    cckit_error *err)
{
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = true;
    vo.quick = true;              /* we just wrote the CRCs */
    vo.schema_dir = p->opt->schema_dir;
    vo.limits = p->opt->limits;
    cckit_validation *v = NULL;
    cckit_status st = cckit_validate(path, &vo, &v, err);
    if (st != CCKIT_OK)
        return st;
    size_t errors = 0;
    for (size_t i = 0; i < v->diags.n; i++) {
        const cckit_diag *g = &v->diags.v[i];
        errors += g->severity == CCKIT_SEV_ERROR;
        if (g->severity != CCKIT_SEV_INFO)
            cckit_pack_add_own_finding(p, g);
    }
    cckit_validation_free(v);
    if (errors)
        return cckit_fail(err, CCKIT_E_XML,
                          "the generated cartridge fails strict validation (%zu error%s, listed "
                          "above); nothing was written to %s", errors, errors == 1 ? "" : "s",
                          target);
    return CCKIT_OK;
}

/* The writer's last check: strict validation of the archive it wrote. */
struct check_ctx {
    pack *p;
    const char *target;
};

static cckit_status check_written(const char *tmp_path, void *ctx, cckit_error *err)
{
    struct check_ctx *c = ctx;
    return check_generated(c->p, tmp_path, c->target, err);
}

static cckit_status write_generated(pack *p, const char *target, cckit_error *err)
{
    cckit_status st;
    /* the manifest, in memory: it is small next to the files it lists */
    char *mbuf = NULL;
    size_t mlen = 0;
    FILE *mf = open_memstream(&mbuf, &mlen);
    if (!mf)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    st = cckit_manifest_write(p->m, p->v, p->opt->thin, mf, err);
    if (fclose(mf) != 0 && st == CCKIT_OK)
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (st != CCKIT_OK) {
        free(mbuf);
        return st;
    }

    /* The archive writer writes a temporary beside target (a recognised
     * name, removed on failure, on a signal, or by the next run after a
     * kill) and renames it only after check_written() validated it. */
    struct check_ctx cc = {p, target};
    cckit_zip_writer *w = NULL;
    st = cckit_zip_writer_open(target, p->opt->force, &w, err);
    if (st == CCKIT_OK) {
        cckit_zip_writer_set_cancel(w, &p->cancel);
        cckit_zip_writer_set_check(w, check_written, &cc);
        st = cckit_zip_writer_add_buffer(w, "imsmanifest.xml", mbuf, mlen, err);
    }
    free(mbuf);
    for (size_t i = 0; st == CCKIT_OK && i < p->n_gen; i++)
        st = cckit_zip_writer_add_buffer(w, p->gen[i].name, p->gen[i].data.s,
                                         p->gen[i].data.len, err);
    for (size_t i = 0; st == CCKIT_OK && i < p->n_copies; i++)
        st = cckit_zip_writer_add_entry(w, p->copies[i].name, p->src,
                                        cckit_source_entry(p->src, p->copies[i].ent), err);
    for (size_t i = 0; st == CCKIT_OK && i < p->n; i++) {
        if (!p->pf[i].packaged)
            continue;
        const cckit_entry *e = cckit_source_entry(p->src, i);
        st = cckit_zip_writer_add_entry(w, e->name, p->src, e, err);
    }
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
    cckit_zip_writer_abort(w);
    if (st == CCKIT_OK && p->opt->summary) {
        cckit_pack_summary *sum = p->opt->summary;
        sum->items = 0;
        for (const cckit_item *it = p->org->first_item; it; it = cckit_item_next(it))
            sum->items += it->identifierref != NULL;
        sum->files = 1 + p->n_gen + p->n_copies;
        for (size_t i = 0; i < p->n; i++)
            sum->files += p->pf[i].packaged;
    }
    return st;
}

static cckit_status repack(pack *p, const char *input, const char *target, cckit_error *err)
{
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = p->opt->schema_dir;
    vo.limits = p->opt->limits;
    cckit_validation *v = NULL;
    cckit_status st = cckit_validate(input, &vo, &v, err);
    if (st != CCKIT_OK)
        return st;
    /* findings on an earlier output inside the folder: said once, as
     * pack.output-inside (it is left out) */
    const char *own = p->output_ent ? cckit_source_entry(p->src, p->output_ent - 1)->name : NULL;
    size_t errors = take_findings(v, p->diags, own);
    cckit_validation_free(v);
    if (errors && !p->opt->allow_invalid)
        return cckit_fail_fix(err, CCKIT_FIX_ALLOW_INVALID,
                              cckit_fail(err, CCKIT_E_XML,
                                         "the cartridge in the folder has %zu error%s (listed above); "
                                         "fix them", errors, errors == 1 ? "" : "s"));
    cckit_pack_check_target_name(p, target);
    cckit_zip_writer *w = NULL;
    size_t files = 0;
    st = cckit_zip_writer_open(target, p->opt->force, &w, err);
    cckit_zip_writer_set_cancel(w, &p->cancel);
    for (size_t i = 0; st == CCKIT_OK && i < p->n; i++) {
        const cckit_entry *e = cckit_source_entry(p->src, i);
        if (!e->is_dir && p->pf[i].kind != PF_SKIP) {
            st = cckit_zip_writer_add_entry(w, e->name, p->src, e, err);
            files++;
        }
    }
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
    cckit_zip_writer_abort(w);
    if (st == CCKIT_OK && p->opt->summary) {
        /* the items of the folder's own manifest (validated above) */
        cckit_manifest *m = NULL;
        cckit_error merr;
        p->opt->summary->files = files;
        p->opt->summary->items = 0;
        if (cckit_manifest_read(p->src, &p->opt->limits, &m, &merr) == CCKIT_OK &&
            m->organization)
            for (const cckit_item *it = m->organization->first_item; it;
                 it = cckit_item_next(it))
                p->opt->summary->items += it->identifierref != NULL;
        cckit_manifest_free(m);
    }
    return st;
}

static cckit_status pack_run(const char *input, const char *target, const cckit_pack_options *opt,
                             cckit_diags *diags, cckit_error *err)
{
    cckit_pack_options defopt;
    if (!opt) {
        cckit_pack_options_default(&defopt);
        opt = &defopt;
    }
    if (!input || !target)
        return cckit_fail(err, CCKIT_E_USAGE, "pack needs a folder and a target file");
    cckit_diags local = { 0 };
    pack p;
    memset(&p, 0, sizeof p);
    p.opt = opt;
    cckit_cancel_begin(&p.cancel, opt->cancel);
    p.diags = diags ? diags : &local;
    bool diags_were_incomplete = p.diags->oom;
    cckit_outline *o = NULL;
    cckit_status st = CCKIT_OK;
    struct stat sb;

    if (!opt->force && lstat(target, &sb) == 0) {
        st = cckit_fail_fix(err, CCKIT_FIX_FORCE,
                            cckit_fail(err, CCKIT_E_IO, "%s already exists", target));
        goto out;
    }
    if (opt->outline) {
        st = cckit_outline_read(opt->outline, &opt->limits, p.diags, &o, err);
        if (st != CCKIT_OK)
            goto out;
        p.ol = o;
    }
    /* --cc (version and thin together) wins over the outline's cc: */
    p.v = opt->version ? opt->version : (o && o->version ? o->version : CCKIT_CC_1_3);
    bool thin = opt->thin || (!opt->version && o && o->thin);
    if (p.v != CCKIT_CC_1_1 && p.v != CCKIT_CC_1_2 && p.v != CCKIT_CC_1_3) {
        st = cckit_fail(err, CCKIT_E_USAGE, "pack writes CC 1.1, 1.2 and 1.3, not %s",
                        cckit_cc_version_string(p.v));
        goto out;
    }
    if (thin && p.v == CCKIT_CC_1_1) {
        st = cckit_fail(err, CCKIT_E_USAGE, "Thin CC exists for CC 1.2 and 1.3 only");
        goto out;
    }
    cckit_pack_options eff = *opt;
    eff.thin = thin;
    p.opt = &eff;

    st = cckit_source_open(input, &opt->limits, p.diags, &p.src, err);
    if (st != CCKIT_OK)
        goto out;
    if (cckit_source_is_archive(p.src)) {
        st = cckit_fail(err, CCKIT_E_USAGE, "%s is an archive: pack takes a folder "
                        "(use 'cckit unpack' first)", input);
        goto out;
    }
    p.n = cckit_source_count(p.src);
    p.pf = calloc(p.n ? p.n : 1, sizeof *p.pf);
    if (!p.pf) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    cckit_pack_mark_own_files(&p, input, target, opt->outline);
    if (!o && cckit_source_find(p.src, "imsmanifest.xml")) {
        st = repack(&p, input, target, err);
        goto out;
    }
    if (thin && !o) {
        st = cckit_fail_fix(err, CCKIT_FIX_OUTLINE,
                            cckit_fail(err, CCKIT_E_USAGE, "a Thin cartridge carries links only (web "
                                       "links and LTI links), not a folder of pages: describe the "
                                       "links in a course outline"));
        goto out;
    }

    const char *title = opt->title ? opt->title : o && o->title ? o->title : NULL;
    char *pretty = title ? NULL : cckit_prettify_name(input);
    if (!start_tree(&p, title ? title : pretty)) {
        free(pretty);
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    free(pretty);
    st = classify(&p, o == NULL, err);
    if (st == CCKIT_OK)
        st = o ? build_from_outline(&p, o, err) : build_from_folder(&p, err);
    if (st == CCKIT_OK && p.ref_errors)
        st = cckit_fail(err, CCKIT_E_NOTFOUND, "%u local reference%s not found (listed above); "
                        "nothing was written", p.ref_errors, p.ref_errors == 1 ? "" : "s");
    if (st != CCKIT_OK)
        goto out;
    {
        /* the manifest identifier: a hash of every resource identifier */
        cckit_hash128 h;
        char hex[33], id[40];
        cckit_hash128_init(&h);
        for (size_t i = 0; i < p.m->n_resources; i++)
            cckit_hash128_add(&h, p.m->resources[i]->identifier,
                              strlen(p.m->resources[i]->identifier) + 1);
        if (p.m->metadata.title)
            cckit_hash128_add(&h, p.m->metadata.title, strlen(p.m->metadata.title));
        cckit_hash128_hex(&h, hex);
        snprintf(id, sizeof id, "m%s", hex);
        p.m->identifier = adup(&p, id);
    }
    cckit_pack_check_has_page(&p);
    cckit_pack_report_left_out(&p);
    cckit_pack_check_target_name(&p, target);
    if ((p.diags->oom && !diags_were_incomplete) || p.oom || !p.m->identifier)
        /* findings or facts lost: write nothing */
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory packing %s", input);
    else
        st = write_generated(&p, target, err);
out:
    cckit_source_close(p.src);
    free_pack(&p);
    cckit_outline_free(o);
    cckit_diags_free(&local);
    return st;
}

cckit_status cckit_pack(const char *input, const char *target, const cckit_pack_options *opt,
                        cckit_diags *diags, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = pack_run(input, target, opt, diags, err);
    cckit_xml_leave(&xs);
    return st;
}
