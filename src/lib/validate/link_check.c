/* link_check.c - links inside HTML content and descriptor text.
 *
 * HTML is parsed with libxml2's HTML parser, never by hand: pages by
 * cckit_page_links (content/html_deps.c: SAX, no tree, one parser and
 * one buffer for all the pages, in the encoding pack decides too), HTML
 * held in descriptor text by htmlReadMemory (already UTF-8).  The
 * links are those pack follows too (content/html_deps.c: one table of
 * link attributes, url() and @import in style attributes and <style>),
 * resolved like the manifest's hrefs (cckit_link_resolve on href.c):
 * relative to the file's folder, white space around them, query and
 * fragment stripped, percent-decoded.  URLs with a scheme (http:, mailto:, data:,
 * javascript:) and bare fragments are not ours to check; nothing a link
 * names is ever opened or fetched: a link is only looked up among the
 * package's entries.
 *
 * $IMS-CC-FILEBASE$ (R59) stands for the folder of the descriptor (of
 * the HTML file for content).  Canvas writes it everywhere and means its
 * course files folder, web_resources/: such links are found by that
 * reading and reported as Canvas-only (R62).
 *
 * A page read ahead, while the manifest was read (link_prefetch.c), is
 * not read again: its links, kept as cckit_page_links gave them, are
 * replayed into the same checks. */
#include "validate/validate.h"
#include "import/source.h"
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO

const cckit_rule cckit_rules_links[] = {
    {"links.broken", "R61", W, W, "CC 1.1 Implementation §3.4.3.1",
     "relative links in content and descriptor text name files of the package",
     "add the file to the package or correct the link (relative to the file that holds it)"},
    {"links.outside", "R61", W, W, "CC 1.1 Implementation §3.4.3.1, §3.4.4",
     "links to packaged files are relative and stay inside the package",
     "make the link relative to the file; an absolute path like /courses/... points at the old LMS"},
    {"links.filebase", "R59", W, W, "CC 1.1 Implementation §3.4.3.3, §3.4.5",
     "$IMS-CC-FILEBASE$ paths name files of the package, relative to the descriptor's folder",
     "write $IMS-CC-FILEBASE$ followed by the path from the descriptor's folder to the file"},
    {"links.filebase-canvas", "R62", W, I, "CC 1.1 Implementation §3.4.5; Canvas cc_exporter",
     "$IMS-CC-FILEBASE$ is the descriptor's folder (lenient: Canvas uses it for web_resources/, which Canvas and Moodle import)",
     "write the path relative to the descriptor's folder, e.g. $IMS-CC-FILEBASE$../web_resources/x.png"},
    {"links.filebase-underscore", "R62", W, W, "CC 1.1 Implementation §3.4.5; Canvas importer FILEBASE_REGEX",
     "the token is spelled $IMS-CC-FILEBASE$ ($IMS_CC_FILEBASE$ is the Canvas spelling)",
     "write $IMS-CC-FILEBASE$ with hyphens"},
    {"links.canvas-token", "R62", W, W, "Canvas cc_exporter",
     "content uses no Canvas-only tokens ($CANVAS_OBJECT_REFERENCE$, $CANVAS_COURSE_REFERENCE$, $WIKI_REFERENCE$)",
     "non-portable: only Canvas resolves these; link the packaged file or page by a relative path"},
    {"links.into-lao", "R46", W, W, "CC 1.1 Implementation §3.4.1-3.4.4",
     "web content does not link into LAO folders, and an LAO links only into its own folder and web content",
     "move the file into shared web content, or into the LAO folder that uses it"},
    {"links.qti-not-dependency", "R60", W, W, "CC 1.1 Implementation §3.4.3.3, §4.10.1",
     "files a QTI item references are reachable through the QTI resource's dependencies",
     "add a <dependency> from the assessment to the resource that lists the file"},
    {"links.local-file", "R61", W, W, "CC 1.1 Implementation §3.4.3.1",
     "links name files of the package, never files on the author's computer (file:, C:\\...)",
     "copy the file into the cartridge and link it by a path relative to the page, or link a web "
     "address"},
    {"links.skipped", NULL, I, I, "cckit limits",
     "HTML files are within the XML size and element limits",
     "raise the XML size or element limit to check the links of this file"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

/* Findings of one code in one file: the first PER_FILE one by one. */
#define PER_FILE 10
enum { C_BROKEN, C_OUTSIDE, C_FILEBASE, C_CANVASFB, C_UNDERSCORE, C_TOKEN, C_LAO, C_QTI, C_LOCAL,
       C_N };
static const char *const codes[C_N] = {
    "links.broken", "links.outside", "links.filebase", "links.filebase-canvas",
    "links.filebase-underscore", "links.canvas-token", "links.into-lao", "links.qti-not-dependency",
    "links.local-file"};

typedef struct lctx {
    cckit_vctx *v;
    const char *file;        /* the file holding the links (for diags) */
    const char *base;        /* folder links resolve against */
    const cckit_resource *qti; /* R60: the QTI resource, or NULL */
    unsigned line_offset;    /* HTML inside a descriptor element */
    long from_lao;           /* LAO folder the file lies in, -1 if none */
    size_t n[C_N];
    unsigned first_line[C_N];
} lctx;

static const char *esc(const char *s, char *buf)
{
    return cckit_name_esc(s ? s : "", buf, CCKIT_ESC_SIZE);
}

static void lreport(lctx *c, int code, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void lreport(lctx *c, int code, unsigned line, const char *fmt, ...)
{
    if (c->n[code]++ == 0)
        c->first_line[code] = line;
    if (c->n[code] > PER_FILE)
        return;
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cckit_vreport(c->v, codes[code], c->file, line, "%s", msg);
}

static void lfinish(lctx *c)
{
    char e1[CCKIT_ESC_SIZE];
    for (int k = 0; k < C_N; k++)
        if (c->n[k] > PER_FILE)
            cckit_vreport_omitted(c->v, cckit_vseverity(c->v, codes[k]), codes[k], c->file, c->first_line[k],
                                  c->n[k] - PER_FILE,
                                  "and %zu more such links in '%s' (only the first %d are listed)",
                                  c->n[k] - PER_FILE, esc(c->file, e1), PER_FILE);
}

/* ------------------------------------------------------------------ */
/* LAO folders (R46): the folder of each LAO's descriptor, computed once
 * per validation and kept on the side. */

/* The table lives for one validation: built by the first descriptor or
 * content check, freed when cckit_check_content_links ends (validate.c
 * runs it last).  Thread-local, so validations in threads do not mix. */
typedef struct laos {
    const cckit_vctx *owner;
    const cckit_manifest *m;
    char **dir;              /* per resource: LAO folder or NULL */
    size_t n;
    cckit_idmap *by_dir;     /* folder -> resource index + 1 */
} laos;

static _Thread_local laos g_laos;

static void laos_free(void)
{
    for (size_t i = 0; i < g_laos.n; i++)
        free(g_laos.dir[i]);
    free(g_laos.dir);
    if (g_laos.by_dir)
        cckit_idmap_free(g_laos.by_dir);
    memset(&g_laos, 0, sizeof g_laos);
}

void cckit_links_release(void)
{
    laos_free();
}

static bool is_lao_kind(cckit_kind k)
{
    return k == CCKIT_KIND_DISCUSSION || k == CCKIT_KIND_WEBLINK || k == CCKIT_KIND_ASSESSMENT
        || k == CCKIT_KIND_QUESTION_BANK || k == CCKIT_KIND_LTI_LINK || k == CCKIT_KIND_ASSIGNMENT;
}

static char *resource_base(cckit_vctx *v, const cckit_resource *r)
{
    char *b = NULL;
    cckit_href_status st = CCKIT_HREF_EMPTY;
    if (r->xml_base && r->xml_base[0])
        st = cckit_vresolve(v, "", r->xml_base, 0, &b);
    if (st == CCKIT_HREF_EMPTY && !(b = strdup("")))
        cckit_vnomem(v);
    return st == CCKIT_HREF_OK || st == CCKIT_HREF_EMPTY ? b : NULL;
}

static void laos_build(cckit_vctx *v)
{
    if (g_laos.owner == v && g_laos.m == v->m && g_laos.n == v->m->n_resources)
        return;
    laos_free();
    g_laos.dir = calloc(v->m->n_resources ? v->m->n_resources : 1, sizeof *g_laos.dir);
    g_laos.by_dir = cckit_idmap_new();
    if (!g_laos.dir || !g_laos.by_dir) {
        laos_free();
        cckit_vnomem(v);
        return;
    }
    g_laos.owner = v;
    g_laos.m = v->m;
    g_laos.n = v->m->n_resources;
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (!is_lao_kind(r->kind) || r->n_files == 0 || !r->files[0].href)
            continue;
        char *b = resource_base(v, r), *d = NULL;
        if (b && cckit_vresolve(v, b, r->files[0].href, 0, &d) == CCKIT_HREF_OK) {
            char *dir = cckit_href_dirname(d);
            bool oom = false;
            if (dir && dir[0]) {
                g_laos.dir[i] = dir;
                cckit_idmap_put(g_laos.by_dir, dir, (void *)(i + 1), &oom);
            } else
                free(dir);
            if (!dir || oom)
                cckit_vnomem(v);
        }
        free(b);
        free(d);
    }
}

/* The LAO whose folder holds path, or -1 (nearest folder wins). */
static long lao_of(const char *path)
{
    char buf[2048];
    size_t n = strlen(path);
    if (!g_laos.by_dir || n >= sizeof buf)
        return -1;
    memcpy(buf, path, n + 1);
    for (;;) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            return -1;
        *slash = '\0';
        void *hit = cckit_idmap_get(g_laos.by_dir, buf);
        if (hit)
            return (long)((size_t)hit - 1);
    }
}

/* ------------------------------------------------------------------ */
/* R60: is the entry listed by the QTI resource or a resource reachable
 * through its dependencies? */
static bool reachable(cckit_vctx *v, const cckit_resource *r, const char *path)
{
    size_t n = v->m->n_resources;
    unsigned char *seen = calloc(n ? n : 1, 1);
    const cckit_resource **stack = malloc((n ? n : 1) * sizeof *stack);
    bool found = false;
    size_t sp = 0;
    if (!seen || !stack) {
        free(seen);
        free(stack);
        cckit_vnomem(v);
        return true;
    }
    stack[sp++] = r;
    seen[r->index] = 1;
    while (sp && !found) {
        const cckit_resource *x = stack[--sp];
        char *b = resource_base(v, x);
        for (size_t k = 0; b && k < x->n_files && !found; k++) {
            char *p = NULL;
            if (cckit_vresolve(v, b, x->files[k].href, 0, &p) == CCKIT_HREF_OK)
                found = strcmp(p, path) == 0;
            free(p);
        }
        free(b);
        for (size_t d = 0; d < x->n_deps; d++) {
            const cckit_resource *t = x->deps[d].resource;
            if (t && !seen[t->index]) {
                seen[t->index] = 1;
                stack[sp++] = t;
            }
        }
    }
    free(seen);
    free(stack);
    return found;
}

/* ------------------------------------------------------------------ */
/* One link value */

/* ASCII case-insensitive prefix test. */
static bool prefix_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char a = *s, b = *p;
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* Length of a $TOKEN$ at the start of s (raw or with $ as %24), or 0. */
static size_t token_len(const char *s, const char *name)
{
    size_t n = strlen(name);
    if (s[0] == '$') {
        if (strncmp(s + 1, name, n) == 0 && s[1 + n] == '$')
            return n + 2;
    } else if (prefix_ci(s, "%24")) {
        if (strncmp(s + 3, name, n) == 0 && prefix_ci(s + 3 + n, "%24"))
            return n + 6;
    }
    return 0;
}

static const cckit_entry *find_file(cckit_source *src, const char *path)
{
    const cckit_entry *e = cckit_source_find(src, path);
    return e && !e->is_dir ? e : NULL;
}

static void check_target(lctx *c, const char *target, unsigned line, const char *value)
{
    char e1[CCKIT_ESC_SIZE], e2[CCKIT_ESC_SIZE];
    long to = lao_of(target);
    if (to >= 0 && to != c->from_lao)
        lreport(c, C_LAO, line,
                "link \"%s\" reaches into the folder '%s' of learning application object '%s'%s",
                esc(value, e1), esc(g_laos.dir[to], e2), c->v->m->resources[to]->identifier,
                c->from_lao >= 0 ? ", from another LAO's folder" : ", from web content");
    if (c->qti && !reachable(c->v, c->qti, target))
        lreport(c, C_QTI, line,
                "'%s' (from \"%s\") is not listed by resource '%s' nor by any resource it depends on",
                esc(target, e1), esc(value, e2), c->qti->identifier);
}

static void check_value(lctx *c, const char *value, unsigned line)
{
    cckit_vctx *v = c->v;
    char e1[CCKIT_ESC_SIZE], e2[CCKIT_ESC_SIZE];
    while (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r' || *value == '\f')
        value++;
    if (!*value)
        return;
    if (cckit_href_is_local_file(value)) {
        lreport(c, C_LOCAL, line, "link \"%s\" names a file on the author's computer; no learner "
                "can open it", esc(value, e1));
        return;
    }
    static const char *const canvas[] = {"CANVAS_OBJECT_REFERENCE", "CANVAS_COURSE_REFERENCE",
                                         "WIKI_REFERENCE"};
    for (size_t k = 0; k < 3; k++)
        if (token_len(value, canvas[k])) {
            lreport(c, C_TOKEN, line, "link \"%s\" uses $%s$: non-portable, only Canvas resolves it",
                    esc(value, e1), canvas[k]);
            return;
        }
    size_t tl = token_len(value, "IMS-CC-FILEBASE");
    size_t tu = tl ? 0 : token_len(value, "IMS_CC_FILEBASE");
    if (tu)
        lreport(c, C_UNDERSCORE, line,
                "link \"%s\" spells the token $IMS_CC_FILEBASE$ (Canvas's spelling); CC writes $IMS-CC-FILEBASE$",
                esc(value, e1));
    if (tl || tu) {
        const char *rest = value + (tl ? tl : tu);
        if (*rest == '/')
            rest++;
        char *p = NULL;
        cckit_href_status st = cckit_vresolve(c->v, c->base, rest, CCKIT_HREF_TRIM, &p);
        if (st == CCKIT_HREF_OK && v->src && find_file(v->src, p)) {
            check_target(c, p, line, value);
            free(p);
            return;
        }
        free(p);
        p = NULL;
        /* Canvas's reading: the course files folder. */
        if (cckit_vresolve(c->v, "web_resources", rest, CCKIT_HREF_TRIM, &p) == CCKIT_HREF_OK && v->src
            && find_file(v->src, p)) {
            lreport(c, C_CANVASFB, line,
                    "link \"%s\" finds '%s' only when $IMS-CC-FILEBASE$ is read as web_resources/ "
                    "(Canvas); in CC it is the folder '%s'",
                    esc(value, e1), esc(p, e2), c->base[0] ? c->base : "(package root)");
            check_target(c, p, line, value);
            free(p);
            return;
        }
        free(p);
        if (v->src)
            lreport(c, C_FILEBASE, line,
                    "link \"%s\": %s", esc(value, e1),
                    st == CCKIT_HREF_OK ? "no such file relative to the descriptor's folder (nor in web_resources/)"
                                        : cckit_href_status_str(st));
        return;
    }
    char *p = NULL;
    cckit_href_status st = cckit_link_resolve(c->base, value, &p);
    if (st == CCKIT_HREF_NOMEM)
        cckit_vnomem(c->v);
    switch (st) {
    case CCKIT_HREF_OK:
        break;
    case CCKIT_HREF_EMPTY:
    case CCKIT_HREF_URL:
    case CCKIT_HREF_NOMEM:
        return;
    case CCKIT_HREF_ABSOLUTE:
    case CCKIT_HREF_ESCAPES:
    case CCKIT_HREF_BACKSLASH:
        lreport(c, C_OUTSIDE, line, "link \"%s\": %s; it does not name a file of the package",
                esc(value, e1), cckit_href_status_str(st));
        return;
    case CCKIT_HREF_BAD_ESCAPE:
        /* p: the value read as a literal file name, if it is one */
        if (p && v->src && find_file(v->src, p)) {
            free(p);
            return;
        }
        free(p);
        lreport(c, C_BROKEN, line, "link \"%s\" %s", esc(value, e1), cckit_href_status_str(st));
        return;
    }
    if (!v->src) {
        free(p);
        return;
    }
    if (find_file(v->src, p)) {
        check_target(c, p, line, value);
    } else if (cckit_source_find(v->src, p) || (p[0] && p[strlen(p) - 1] == '/')) {
        /* a folder: fine when it exists */
    } else {
        const cckit_entry *ce = cckit_source_find_nocase(v->src, p);
        if (ce && !ce->is_dir)
            lreport(c, C_BROKEN, line,
                    "link \"%s\" differs only in letter case from the file '%s' (breaks on case-sensitive storage)",
                    esc(value, e1), esc(ce->name, e2));
        else
            lreport(c, C_BROKEN, line, "link \"%s\": no file '%s' in the package", esc(value, e1),
                    esc(p, e2));
    }
    free(p);
}

/* ------------------------------------------------------------------ */
/* Walking an HTML DOM */

/* A url() or @import of CSS in the page (content/html_deps.c). */
static bool css_ref(void *ctx, const char *value, unsigned line)
{
    lctx *c = ctx;
    check_value(c, value, c->line_offset ? c->line_offset + (line ? line - 1 : 0) : line);
    return true;
}

/* The links of one element: the attributes of the shared table
 * (cckit_html_link_attrs, the ones pack follows too), then CSS in its
 * style attribute and, for <style>, in its text. */
static void element_links(lctx *c, xmlNodePtr n)
{
    long ln = xmlGetLineNo(n);
    unsigned line = ln > 0 ? (unsigned)ln : 0;
    for (const cckit_link_attr *k = cckit_html_link_attrs; k->elem; k++) {
        if (cckit_strcasecmp_ascii((const char *)n->name, k->elem) != 0)
            continue;
        xmlChar *val = xmlGetProp(n, (const xmlChar *)k->attr);
        if (val) {
            unsigned l = line;
            if (c->line_offset)
                l = c->line_offset + (l ? l - 1 : 0);
            check_value(c, (const char *)val, l);
            xmlFree(val);
        }
    }
    xmlChar *style = xmlGetProp(n, (const xmlChar *)"style");
    if (style) {
        if (!cckit_css_refs((const char *)style, strlen((const char *)style), line, css_ref, c))
            cckit_vnomem(c->v);
        xmlFree(style);
    }
    if (cckit_strcasecmp_ascii((const char *)n->name, "style") == 0) {
        xmlChar *text = xmlNodeGetContent(n);
        if (text) {
            if (!cckit_css_refs((const char *)text, strlen((const char *)text), line, css_ref, c))
                cckit_vnomem(c->v);
            xmlFree(text);
        }
    }
}

/* A link of a page (cckit_page_links): the attributes and CSS alike. */
static bool page_link(void *ctx, const char *elem, const char *attr, const char *value,
                      unsigned line)
{
    CCKIT_UNUSED(elem);
    CCKIT_UNUSED(attr);
    check_value(ctx, value, line);
    return true;
}

static void walk_html(lctx *c, xmlNodePtr root)
{
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name)
            element_links(c, n);
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
}

static void lctx_init(lctx *c, cckit_vctx *v, const char *file, const char *base)
{
    memset(c, 0, sizeof *c);
    c->v = v;
    c->file = file;
    c->base = base;
    c->from_lao = lao_of(file);
}

void cckit_check_html_links(cckit_vctx *v, const char *entry, xmlDocPtr html)
{
    if (!v || !v->m || !entry || !html)
        return;
    laos_build(v);
    char *base = cckit_href_dirname(entry);
    if (!base) {
        cckit_vnomem(v);
        return;
    }
    lctx c;
    lctx_init(&c, v, entry, base);
    xmlNodePtr root = xmlDocGetRootElement(html);
    if (root)
        walk_html(&c, root);
    lfinish(&c);
    free(base);
}

static bool is_css_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && cckit_strcasecmp_ascii(name + n - 4, ".css") == 0;
}

/* url() and @import of a CSS file (pack follows them too); the file was
 * checked against --max-xml-size by the caller. */
static void check_css_entry(cckit_vctx *v, const cckit_entry *e)
{
    char *text = malloc(e->size + 1);
    cckit_stream *s = NULL;
    cckit_error err;
    if (!text || cckit_stream_open(v->src, e, &s, &err) != CCKIT_OK) {
        if (!text)
            cckit_vnomem(v);
        else
            cckit_vnomem_if(v, err.status);
        free(text);
        return;
    }
    size_t len = 0;
    long got;
    while (len < e->size && (got = cckit_stream_read(s, text + len, e->size - len, &err)) > 0)
        len += (size_t)got;
    cckit_stream_close(s);
    char *base = cckit_href_dirname(e->name);
    if (!base)
        cckit_vnomem(v);
    if (base) {
        lctx c;
        lctx_init(&c, v, e->name, base);
        if (!cckit_css_refs(text, len, 1, css_ref, &c))
            cckit_vnomem(v);
        lfinish(&c);
        free(base);
    }
    free(text);
}

void cckit_check_content_links(cckit_vctx *v)
{
    size_t n = v && v->m && v->src ? cckit_source_count(v->src) : 0;
    unsigned char *todo = n ? calloc(n, 1) : NULL;
    if (!todo) {
        if (n)
            cckit_vnomem(v);
        laos_free();
        return;
    }
    laos_build(v);
    const cckit_entry *ent0 = cckit_source_entry(v->src, 0);
    /* Every HTML (1) and CSS (2) file some resource lists, once. */
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        char *b = resource_base(v, r);
        for (size_t k = 0; b && k < r->n_files; k++) {
            char *p = NULL;
            if (r->files[k].href && cckit_vresolve(v, b, r->files[k].href, 0, &p) == CCKIT_HREF_OK
                && (cckit_link_is_page_name(p) || is_css_name(p))) {
                const cckit_entry *e = find_file(v->src, p);
                if (e)
                    todo[e - ent0] = is_css_name(p) ? 2 : 1;
            }
            free(p);
        }
        free(b);
    }
    char e1[CCKIT_ESC_SIZE];
    /* one reader for all the pages: its buffer and lists are reused */
    cckit_page_reader *pages = cckit_page_reader_new();
    for (size_t i = 0; i < n; i++) {
        if (!todo[i])
            continue;
        const cckit_entry *e = cckit_source_entry(v->src, i);
        if (e->size > v->opt->limits.max_xml_size) {
            cckit_vreport_limit(v, "links.skipped", e->name, 0, CCKIT_LIMIT_XML_SIZE,
                                "links of '%s' not checked: %llu bytes is more than the XML "
                                "size limit (%llu)", esc(e->name, e1), (unsigned long long)e->size,
                                (unsigned long long)v->opt->limits.max_xml_size);
            continue;
        }
        cckit_vfile(v, e->name, "content");
        if (todo[i] == 2) {
            check_css_entry(v, e);
            continue;
        }
        char *base = cckit_href_dirname(e->name);
        if (!base) {
            cckit_vnomem(v);
            continue;
        }
        lctx c;
        lctx_init(&c, v, e->name, base);
        cckit_error err;
        cckit_status hs;
        /* a page read while the tree was read: its links as read then */
        if (!cckit_link_prefetch_replay(v->prefetch, i, page_link, &c, &hs, &err))
            hs = pages ? cckit_page_links(pages, v->src, e, &v->opt->limits, page_link, &c, &err)
                       : cckit_fail(&err, CCKIT_E_NOMEM, "out of memory");
        if (hs == CCKIT_OK)
            lfinish(&c);
        free(base);
        if (hs == CCKIT_E_LIMIT) {
            cckit_vreport_limit(v, "links.skipped", e->name, 0, err.limit,
                                "links of '%s' not checked: %s", esc(e->name, e1), err.message);
            continue;
        }
        if (hs != CCKIT_OK) {
            /* Unreadable entries are the integrity pass's to report. */
            cckit_vnomem_if(v, hs);
            continue;
        }
    }
    cckit_page_reader_free(pages);
    free(todo);
    laos_free();
}

/* ------------------------------------------------------------------ */
/* Descriptors */

static void check_html_text(lctx *c, xmlNodePtr el)
{
    xmlChar *txt = xmlNodeGetContent(el);
    if (!txt)
        return;
    const char *s = (const char *)txt;
    size_t len = strlen(s);
    if (len && (strchr(s, '<') != NULL)) {
        cckit_xml_scope xs;
        cckit_xml_enter(&xs);
        htmlDocPtr h = htmlReadMemory(s, (int)(len > (size_t)INT32_MAX ? INT32_MAX : len), NULL, "UTF-8",
                                      cckit_html_parse_options());
        cckit_xml_leave(&xs);
        if (h) {
            long ln = xmlGetLineNo(el);
            c->line_offset = ln > 0 ? (unsigned)ln : 1;
            xmlNodePtr root = xmlDocGetRootElement(h);
            if (root)
                walk_html(c, root);
            c->line_offset = 0;
            xmlFreeDoc(h);
        }
    }
    xmlFree(txt);
}

void cckit_check_descriptor_links(cckit_vctx *v, const cckit_resource *r, const char *entry,
                                  xmlDocPtr doc)
{
    if (!v || !v->m || !r || !entry || !doc || !v->opt->links)
        return;
    laos_build(v);
    char *base = cckit_href_dirname(entry);
    if (!base) {
        cckit_vnomem(v);
        return;
    }
    lctx c;
    lctx_init(&c, v, entry, base);
    if (r->kind == CCKIT_KIND_ASSESSMENT || r->kind == CCKIT_KIND_QUESTION_BANK)
        c.qti = r;
    xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name) {
            const char *nm = (const char *)n->name;
            bool text = strcmp(nm, "mattext") == 0 || strcmp(nm, "text") == 0
                     || strcmp(nm, "instructor_text") == 0;
            if (text) {
                check_html_text(&c, n);
            } else if (strcmp(nm, "attachment") == 0) {
                xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");
                if (h) {
                    long ln = xmlGetLineNo(n);
                    check_value(&c, (const char *)h, ln > 0 ? (unsigned)ln : 0);
                    xmlFree(h);
                }
            }
            if (!text && n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
    lfinish(&c);
    free(base);
}
