/* preview_copy.c - the cartridge's files under content/ of the preview,
 * at their package paths (the source checked every name on open), so
 * that their relative links keep working.  HTML pages are parsed with
 * libxml2's HTML parser and written back with:
 *  - the content policy <meta> first in <head> (no script, nothing from
 *    the network; the <iframe sandbox> that shows them stops scripts
 *    too) and no <meta refresh> (a navigation no policy stops);
 *  - the link forms resolved ($IMS-CC-FILEBASE$ and its spellings,
 *    $CANVAS_OBJECT_REFERENCE$, $WIKI_REFERENCE$) to the copied file or
 *    the generated page of the object;
 *  - local links that name no file of the cartridge marked broken (a
 *    class and a title) and listed for the item page. */
#include "config.h"
#include "preview/preview.h"
#include "content/html_deps.h"
#include "content/html_charset.h"
#include "report/html_page.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Length of the token $NAME$ (or %24NAME%24) at the start of v, else 0. */
static size_t token_at(const char *v, const char *name)
{
    size_t n = strlen(name);
    if (v[0] == '$' && !strncmp(v + 1, name, n) && v[1 + n] == '$')
        return n + 2;
    if (!strncasecmp(v, "%24", 3) && !strncmp(v + 3, name, n) && !strncasecmp(v + 3 + n, "%24", 3))
        return n + 6;
    return 0;
}

static bool exists(const pv_ctx *c, const char *path)
{
    return c->src && path && cckit_source_find(c->src, path) != NULL;
}

/* The site's link to a package file; NULL only when out of memory
 * (latched in c). */
static char *content_path(pv_ctx *c, const char *path, const char *frag)
{
    char *enc = cckit_href_encode(path);
    size_t n = enc ? strlen(enc) + 9 + (frag ? strlen(frag) : 0) : 0;
    char *r = enc ? malloc(n) : NULL;
    if (r)
        snprintf(r, n, "content/%s%s", enc, frag ? frag : "");
    c->oom |= !r;
    free(enc);
    return r;
}

/* A link resolved, with out of memory latched in c. */
static cckit_href_status resolve(pv_ctx *c, const char *from_dir, const char *value, char **p)
{
    cckit_href_status st = cckit_link_resolve(from_dir, value, p);
    c->oom |= st == CCKIT_HREF_NOMEM;
    return st;
}

/* The generated page of a resource: its first item's, else its own. */
static char *object_page(pv_ctx *c, const char *ident)
{
    const cckit_resource *r = cckit_manifest_find_resource(c->m, ident);
    char buf[64];
    if (r) {
        size_t it = c->res_item[r->index];
        if (it)
            snprintf(buf, sizeof buf, "item-%zu.html", it);
        else
            snprintf(buf, sizeof buf, "res-%zu.html", r->index + 1);
        char *p = strdup(buf);
        c->oom |= !p;
        return p;
    }
    for (size_t i = 0; i < c->n_items; i++)
        if (c->items[i]->identifier && !strcmp(c->items[i]->identifier, ident)) {
            snprintf(buf, sizeof buf, "item-%zu.html", i + 1);
            char *p = strdup(buf);
            c->oom |= !p;
            return p;
        }
    return NULL;
}

/* The package path a FILEBASE link names: relative to the descriptor's
 * (or page's) folder, else, as Canvas reads it, to web_resources/. */
static char *filebase_target(pv_ctx *c, const char *from_dir, const char *rest)
{
    char *p = NULL;
    if (resolve(c, from_dir, rest, &p) == CCKIT_HREF_OK && exists(c, p))
        return p;
    free(p);
    p = NULL;
    if (resolve(c, "web_resources", rest, &p) == CCKIT_HREF_OK && exists(c, p))
        return p;
    free(p);
    return NULL;
}

char *pv_resolve_link(pv_ctx *c, const char *from_dir, const char *value, bool *is_local)
{
    *is_local = false;
    while (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r' || *value == '\f')
        value++;
    if (!*value || *value == '#')
        return NULL;
    const char *frag = strchr(value, '#');
    size_t t;
    if ((t = token_at(value, "IMS-CC-FILEBASE")) || (t = token_at(value, "IMS_CC_FILEBASE"))) {
        const char *rest = value + t;
        while (*rest == '/')
            rest++;
        char *p = filebase_target(c, from_dir ? from_dir : "", rest);
        char *r = p ? content_path(c, p, frag) : NULL;
        free(p);
        *is_local = true;
        return r;
    }
    if ((t = token_at(value, "CANVAS_OBJECT_REFERENCE"))) {
        /* $CANVAS_OBJECT_REFERENCE$/KIND/IDENT: the object's page. */
        *is_local = true;
        const char *id = strrchr(value + t, '/');
        if (!id || !id[1])
            return NULL;
        char *ident = strndup(id + 1, strcspn(id + 1, "?#"));
        c->oom |= !ident;
        char *r = ident ? object_page(c, ident) : NULL;
        free(ident);
        return r;
    }
    if ((t = token_at(value, "WIKI_REFERENCE"))) {
        /* $WIKI_REFERENCE$/pages/SLUG: wiki_content/SLUG.html. */
        *is_local = true;
        const char *slug = strrchr(value + t, '/');
        if (!slug || !slug[1])
            return NULL;
        size_t n = strcspn(slug + 1, "?#");
        char *path = malloc(n + 23);
        if (!path) {
            c->oom = true;
            return NULL;
        }
        snprintf(path, n + 23, "wiki_content/%.*s.html", (int)n, slug + 1);
        char *dec = cckit_href_decode(path);
        c->oom |= !dec;
        char *r = dec && exists(c, dec) ? content_path(c, dec, frag) : NULL;
        free(dec);
        free(path);
        return r;
    }
    if ((t = token_at(value, "CANVAS_COURSE_REFERENCE"))) {
        *is_local = true; /* a Canvas course link: nothing of the cartridge */
        return NULL;
    }
    char *p = NULL;
    cckit_href_status st = resolve(c, from_dir ? from_dir : "", value, &p);
    char *r = NULL;
    switch (st) {
    case CCKIT_HREF_OK:
    case CCKIT_HREF_BAD_ESCAPE:
        *is_local = true;
        if (exists(c, p))
            r = content_path(c, p, frag);
        break;
    case CCKIT_HREF_ABSOLUTE:
    case CCKIT_HREF_ESCAPES:
    case CCKIT_HREF_BACKSLASH:
        *is_local = !cckit_href_has_scheme(value);
        break;
    default:
        break;
    }
    free(p);
    return r;
}

const pv_broken *pv_broken_of(const pv_ctx *c, const char *file)
{
    for (size_t i = 0; file && i < c->n_broken; i++)
        if (!strcmp(c->broken[i].file, file))
            return &c->broken[i];
    return NULL;
}

typedef struct page {
    pv_ctx *c;
    const char *file;
    char *dir;
    char *up;             /* "../" to the site root from the page */
    pv_broken *broken;
} page;

static void note_broken(page *pg, xmlNodePtr n, const char *value)
{
    pv_ctx *c = pg->c;
    if (!pg->broken) {
        pv_broken *b = realloc(c->broken, (c->n_broken + 1) * sizeof *b);
        if (!b)
            return;
        c->broken = b;
        pg->broken = &b[c->n_broken++];
        pg->broken->file = pg->file;
        pg->broken->n = 0;
        cckit_strbuf_init(&pg->broken->list);
    }
    pg->broken->n++;
    c->sum.broken_links++;
    char *esc = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&esc, &len);
    if (m) {
        fputs("<li><code>", m);
        cckit_html_escape(m, value);
        fprintf(m, "</code> (line %u)</li>\n", (unsigned)xmlGetLineNo(n));
        if (fclose(m) == 0)
            cckit_strbuf_add(&pg->broken->list, esc, len);
    }
    free(esc);
    xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
    size_t cl = (cls ? strlen((const char *)cls) : 0) + 14;
    char *nc = malloc(cl);
    if (nc) {
        snprintf(nc, cl, "%s%scckit-broken", cls ? (const char *)cls : "", cls ? " " : "");
        xmlSetProp(n, (const xmlChar *)"class", (const xmlChar *)nc);
    }
    free(nc);
    xmlFree(cls);
    size_t tl = strlen(value) + 14;
    char *title = malloc(tl);
    if (title) {
        snprintf(title, tl, "broken link: %s", value);
        xmlSetProp(n, (const xmlChar *)"title", (const xmlChar *)title);
    }
    free(title);
}

static void fix_attr(page *pg, xmlNodePtr n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return;
    const char *s = (const char *)v;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    bool local = false;
    char *to = pv_resolve_link(pg->c, pg->dir, s, &local);
    if (to && *s == '$') {
        /* A token: the site path, from the page's folder. */
        size_t n2 = strlen(pg->up) + strlen(to) + 1;
        char *rel = malloc(n2);
        if (rel) {
            snprintf(rel, n2, "%s%s", pg->up, to);
            xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)rel);
        }
        free(rel);
    } else if (to && !strncasecmp(s, "%24", 3)) {
        size_t n2 = strlen(pg->up) + strlen(to) + 1;
        char *rel = malloc(n2);
        if (rel) {
            snprintf(rel, n2, "%s%s", pg->up, to);
            xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)rel);
        }
        free(rel);
    } else if (!to && local) {
        note_broken(pg, n, s);
    }
    free(to);
    xmlFree(v);
}

static void walk(page *pg, xmlNodePtr n)
{
    /* Iterative: a page's nesting is the parser's to bound, not our stack's. */
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            for (const cckit_link_attr *la = cckit_html_link_attrs; la->elem; la++)
                if (!strcasecmp(la->elem, name))
                    fix_attr(pg, n, la->attr);
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        if (n)
            n = n->next;
    }
}

static xmlNodePtr find_el(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr k = parent ? parent->children : NULL; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && !strcasecmp((const char *)k->name, name))
            return k;
    return NULL;
}

/* The <head>: charset and refresh <meta>s out, ours first. */
static bool fix_head(xmlDocPtr doc)
{
    xmlNodePtr html = xmlDocGetRootElement(doc);
    if (!html) {
        html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
        if (!html)
            return false;
        xmlDocSetRootElement(doc, html);
    }
    xmlNodePtr head = find_el(html, "head");
    if (!head) {
        head = xmlNewDocNode(doc, NULL, (const xmlChar *)"head", NULL);
        if (!head)
            return false;
        if (html->children)
            xmlAddPrevSibling(html->children, head);
        else
            xmlAddChild(html, head);
    }
    for (xmlNodePtr k = head->children, next; k; k = next) {
        next = k->next;
        if (k->type != XML_ELEMENT_NODE || strcasecmp((const char *)k->name, "meta"))
            continue;
        xmlChar *he = xmlGetProp(k, (const xmlChar *)"http-equiv");
        xmlChar *cs = xmlGetProp(k, (const xmlChar *)"charset");
        bool drop = cs || (he && (!strcasecmp((const char *)he, "refresh") ||
                                  !strcasecmp((const char *)he, "content-type")));
        xmlFree(he);
        xmlFree(cs);
        if (drop) {
            xmlUnlinkNode(k);
            xmlFreeNode(k);
        }
    }
    xmlNodePtr csp = xmlNewDocNode(doc, NULL, (const xmlChar *)"meta", NULL);
    xmlNodePtr cs = xmlNewDocNode(doc, NULL, (const xmlChar *)"meta", NULL);
    if (!csp || !cs) {
        xmlFreeNode(csp);
        xmlFreeNode(cs);
        return false;
    }
    xmlSetProp(csp, (const xmlChar *)"http-equiv", (const xmlChar *)"Content-Security-Policy");
    xmlSetProp(csp, (const xmlChar *)"content", (const xmlChar *)PV_CONTENT_POLICY);
    xmlSetProp(cs, (const xmlChar *)"http-equiv", (const xmlChar *)"Content-Type");
    xmlSetProp(cs, (const xmlChar *)"content", (const xmlChar *)"text/html; charset=UTF-8");
    if (head->children)
        xmlAddPrevSibling(head->children, csp);
    else
        xmlAddChild(head, csp);
    xmlAddNextSibling(csp, cs);
    /* Broken links show in the page itself, not only on hover. */
    xmlNodePtr st = xmlNewDocRawNode(doc, NULL, (const xmlChar *)"style",
                                     (const xmlChar *)".cckit-broken{outline:2px dashed #a4000f;"
                                                      "text-decoration:line-through}");
    if (st)
        xmlAddNextSibling(cs, st);
    return true;
}

static char *up_of(const char *dir)
{
    size_t depth = 1; /* content/ */
    for (const char *p = dir; *p; p++)
        if (*p == '/')
            depth++;
    if (*dir)
        depth++;
    char *r = malloc(3 * depth + 1);
    if (r) {
        r[0] = '\0';
        for (size_t i = 0; i < depth; i++)
            strcat(r, "../");
    }
    return r;
}

static cckit_status copy_page(pv_ctx *c, const cckit_entry *e, const char *rel)
{
    xmlDocPtr doc = NULL;
    cckit_error perr;
    memset(&perr, 0, sizeof perr);
    cckit_status st = cckit_html_read_entry(c->src, e, c->lim, &doc, &perr);
    if (st == CCKIT_E_NOMEM)
        return cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
    FILE *f = pv_create(c, rel);
    if (!f) {
        if (doc)
            xmlFreeDoc(doc);
        return c->err->status;
    }
    if (st != CCKIT_OK || !doc) {
        /* Shown, not fatal: the preview says why this page is missing. */
        fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta http-equiv=\"Content-Security-Policy\" "
                "content=\"%s\"><meta charset=\"utf-8\"><title>Unreadable page</title></head><body>"
                "<p>This page of the cartridge could not be read: ", PV_CONTENT_POLICY);
        cckit_html_escape(f, perr.message);
        fputs("</p></body></html>\n", f);
        if (doc)
            xmlFreeDoc(doc);
        return pv_close(c, f, rel);
    }
    page pg = { c, e->name, cckit_href_dirname(e->name), NULL, NULL };
    pg.up = pg.dir ? up_of(pg.dir) : NULL;
    if (!pg.dir || !pg.up || !fix_head(doc)) {
        free(pg.dir);
        free(pg.up);
        xmlFreeDoc(doc);
        fclose(f);
        return cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
    }
    walk(&pg, xmlDocGetRootElement(doc));
    xmlChar *mem = NULL;
    int size = 0;
    htmlDocDumpMemoryFormat(doc, &mem, &size, 0);
    if (!mem) {
        free(pg.dir);
        free(pg.up);
        xmlFreeDoc(doc);
        fclose(f);
        return cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
    }
    fwrite(mem, 1, (size_t)size, f);
    xmlFree(mem);
    xmlFreeDoc(doc);
    free(pg.dir);
    free(pg.up);
    c->sum.pages++;
    return pv_close(c, f, rel);
}

static cckit_status copy_file(pv_ctx *c, const cckit_entry *e, const char *rel)
{
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(c->src, e, &s, c->err);
    if (st != CCKIT_OK)
        return st;
    FILE *f = pv_create(c, rel);
    if (!f) {
        cckit_stream_close(s);
        return c->err->status;
    }
    char buf[65536];
    long n;
    while ((n = cckit_stream_read(s, buf, sizeof buf, c->err)) > 0) {
        fwrite(buf, 1, (size_t)n, f);
        if (cckit_cancelled(&c->cancel)) {
            n = -1;
            cckit_fail(c->err, CCKIT_E_IO, "interrupted");
            break;
        }
    }
    cckit_stream_close(s);
    if (n < 0) {
        fclose(f);
        return c->err->status ? c->err->status : CCKIT_E_IO;
    }
    return pv_close(c, f, rel);
}

static bool is_html(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml"));
}

cckit_status pv_copy_content(pv_ctx *c)
{
    if (!c->src)
        return CCKIT_OK;
    size_t n = cckit_source_count(c->src);
    cckit_strbuf rel;
    cckit_strbuf_init(&rel);
    cckit_status st = CCKIT_OK;
    for (size_t i = 0; i < n && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(c->src, i);
        if (e->is_dir || !strcmp(e->name, "imsmanifest.xml"))
            continue;
        if (cckit_cancelled(&c->cancel))
            return cckit_fail(c->err, CCKIT_E_IO, "interrupted");
        cckit_strbuf_reset(&rel);
        cckit_strbuf_adds(&rel, "content/");
        cckit_strbuf_adds(&rel, e->name);
        if (rel.oom) {
            st = cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
            break;
        }
        st = is_html(e->name) ? copy_page(c, e, rel.s) : copy_file(c, e, rel.s);
        if (st == CCKIT_OK)
            c->sum.files++;
    }
    cckit_strbuf_free(&rel);
    return st;
}
