/* fix_pages.c - repair.page-file-listed: a file of the package that a
 * web content resource's page uses (an image, a style sheet, a script:
 * not a link to another page) but that no resource lists gets a <file>
 * in that resource.  A file in the folder of a learning object (beside
 * a descriptor) is left: whose it is would be a guess. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "content/html_deps.h"

typedef struct pages {
    cckit_rp *r;
    cckit_arena *keys;
    cckit_idmap *listed;    /* package paths some <file> names */
    cckit_idmap *lao_dirs;  /* folders of descriptors ("dir/") */
    const char **found;     /* this resource's new files, in order */
    size_t n_found, cap_found;
    bool oom;
} pages;

static bool is_page(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (cckit_strcasecmp_ascii(dot, ".html") == 0
                   || cckit_strcasecmp_ascii(dot, ".htm") == 0
                   || cckit_strcasecmp_ascii(dot, ".xhtml") == 0);
}

static bool in_lao_dir(const pages *p, const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *s = strrchr(buf, '/'); s; s = strrchr(buf, '/')) {
        s[1] = '\0';
        if (cckit_idmap_get(p->lao_dirs, buf))
            return true;
        s[0] = '\0';
    }
    return false;
}

static bool on_dep(void *ctx, const char *target, const char *raw, unsigned line,
                   const char *what, bool is_link)
{
    pages *p = ctx;
    (void)raw, (void)line, (void)what;
    if (is_link || !target || cckit_idmap_get(p->listed, target) || in_lao_dir(p, target))
        return true;
    const cckit_entry *e = cckit_source_find(p->r->src, target);
    if (!e || e->is_dir || p->r->drop[e - cckit_source_entry(p->r->src, 0)])
        return true;
    char *k = cckit_arena_strdup(p->keys, target);
    bool o = false;
    if (k)
        cckit_idmap_put(p->listed, k, (void *)e, &o);
    if (!k || o) {
        p->oom = true;
        return false;
    }
    if (p->n_found == p->cap_found) {
        size_t cap = p->cap_found ? p->cap_found * 2 : 8;
        const char **nv = realloc(p->found, cap * sizeof *nv);
        if (!nv) {
            p->oom = true;
            return false;
        }
        p->found = nv;
        p->cap_found = cap;
    }
    p->found[p->n_found++] = k;
    return true;
}

cckit_status cckit_fix_page_files(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    pages p = { .r = r, .keys = cckit_arena_new(), .listed = cckit_idmap_new(),
                .lao_dirs = cckit_idmap_new() };
    bool o = false;
    p.oom = !p.keys || !p.listed || !p.lao_dirs;
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    /* what is listed, and where descriptors live */
    char *base = NULL;
    bool lao = false;
    for (xmlNodePtr x = root; x && !p.oom; x = cckit_rp_next(x)) {
        if (cckit_rp_is(r, x, "resource")) {
            free(base);
            base = cckit_rp_res_base(r, x);
            char *type = cckit_rp_attr(x, "type");
            cckit_kind k = type ? cckit_kind_of_type(type, NULL) : CCKIT_KIND_UNKNOWN;
            lao = k != CCKIT_KIND_WEBCONTENT && k != CCKIT_KIND_UNKNOWN
                  && strncmp(type, "associatedcontent", 17) != 0;
            xmlFree(type);
            const cckit_entry *d = lao ? cckit_rp_first_file(r, x) : NULL;
            const char *slash = d ? strrchr(d->name, '/') : NULL;
            if (slash) {
                char *dir = cckit_arena_strndup(p.keys, d->name, (size_t)(slash - d->name) + 1);
                if (dir)
                    cckit_idmap_put(p.lao_dirs, dir, x, &o);
                p.oom |= !dir || o;
            }
        }
        if (!base || !(cckit_rp_is(r, x, "file") || cckit_rp_is(r, x, "resource")))
            continue;
        char *href = cckit_rp_attr(x, "href"), *path = NULL;
        cckit_href_status hs = href ? cckit_href_resolve_ex(base, href, 0, &path)
                                    : CCKIT_HREF_EMPTY;
        p.oom |= hs == CCKIT_HREF_NOMEM;
        if (hs == CCKIT_HREF_OK) {
            char *k = cckit_arena_strdup(p.keys, path);
            if (k)
                cckit_idmap_put(p.listed, k, x, &o);
            p.oom |= !k || o;
        }
        free(path);
        xmlFree(href);
    }
    free(base);
    base = NULL;
    /* each web content resource's pages */
    for (xmlNodePtr x = root; x && !p.oom; x = cckit_rp_next(x)) {
        if (!cckit_rp_is(r, x, "resource"))
            continue;
        char *type = cckit_rp_attr(x, "type");
        bool web = type && cckit_kind_of_type(type, NULL) == CCKIT_KIND_WEBCONTENT;
        xmlFree(type);
        if (!web || !(base = cckit_rp_res_base(r, x)))
            continue;
        p.n_found = 0;
        xmlNodePtr last_file = NULL, dep = NULL;
        for (xmlNodePtr c = x->children; c && !p.oom; c = c->next) {
            if (cckit_rp_is(r, c, "dependency") && !dep)
                dep = c;
            if (!cckit_rp_is(r, c, "file"))
                continue;
            last_file = c;
            char *href = cckit_rp_attr(c, "href"), *path = NULL;
            const cckit_entry *e = NULL;
            cckit_href_status hs = href ? cckit_href_resolve_ex(base, href, 0, &path)
                                        : CCKIT_HREF_EMPTY;
            p.oom |= hs == CCKIT_HREF_NOMEM;
            if (hs == CCKIT_HREF_OK)
                e = cckit_source_find(r->src, path);
            if (e && !e->is_dir && is_page(e->name)) {
                cckit_error serr;
                memset(&serr, 0, sizeof serr);
                /* an unreadable page is the validator's to report */
                (void)cckit_html_scan(r->src, e, on_dep, &p, NULL, &serr);
            }
            free(path);
            xmlFree(href);
        }
        for (size_t i = 0; i < p.n_found && !p.oom; i++) {
            size_t bl = strlen(base);
            const char *rel = p.found[i];
            if (bl && (strncmp(rel, base, bl) != 0 || rel[bl] != '/'))
                continue;       /* outside the resource's xml:base */
            char *nh = cckit_href_encode(bl ? rel + bl + 1 : rel);
            xmlNodePtr f = nh ? xmlNewDocNode(r->doc, x->ns, (const xmlChar *)"file", NULL) : NULL;
            if (!f || !xmlSetProp(f, (const xmlChar *)"href", (const xmlChar *)nh)) {
                xmlFreeNode(f);
                free(nh);
                p.oom = true;
                break;
            }
            xmlNodePtr after = last_file;
            if (after) {
                xmlAddNextSibling(after, f);
                xmlNodePtr ws = after->prev;
                if (ws && ws->type == XML_TEXT_NODE && xmlIsBlankNode(ws))
                    xmlAddPrevSibling(f, xmlCopyNode(ws, 1));
            } else if (dep) {
                xmlAddPrevSibling(dep, f);
            } else {
                xmlAddChild(x, f);
            }
            last_file = f;
            r->doc_changed = true;
            const char *id = cckit_rp_res_id(r, x);
            if (!cckit_rp_fix(r, row, false, "imsmanifest.xml", (unsigned)xmlGetLineNo(x),
                              "resource \"%s\": its pages use '%s', which no resource lists: "
                              "added to its files as \"%s\"", id ? id : "?", rel, nh))
                p.oom = true;
            free(nh);
        }
        free(base);
        base = NULL;
    }
    free(p.found);
    cckit_idmap_free(p.listed);
    cckit_idmap_free(p.lao_dirs);
    cckit_arena_free(p.keys);
    return p.oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}
