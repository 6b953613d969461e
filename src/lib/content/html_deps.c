/* html_deps.c - links in HTML and CSS, for pack and the validator.
 *
 * One table of the attributes that hold links (cckit_html_link_attrs),
 * one CSS scanner (url(...) and @import, a small state machine that
 * skips comments) and one resolver (cckit_link_resolve, on href.c), and
 * one reading of a page's links: pack, repair and the validator's link
 * checker all read pages through it.
 *
 * Pages go through libxml2's HTML push parser with SAX callbacks only
 * (no DOM is built; options NONET, NOERROR, NOWARNING, RECOVER).
 * References are read from the attributes of the table, and from
 * url(...) and @import in <style> elements, style attributes and CSS
 * files.  Positions are the parser's line numbers. */
#include "content/html_deps.h"
#include "content/html_charset.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

/* ------------------------------------------------------------ links */

const cckit_link_attr cckit_html_link_attrs[] = {
    {"a", "href"},        {"area", "href"},     {"img", "src"},    {"link", "href"},
    {"script", "src"},    {"iframe", "src"},    {"frame", "src"},  {"source", "src"},
    {"video", "src"},     {"video", "poster"},  {"audio", "src"},  {"embed", "src"},
    {"object", "data"},   {"track", "src"},     {"input", "src"},
    {NULL, NULL},
};

cckit_href_status cckit_link_resolve(const char *base_dir, const char *value, char **out)
{
    cckit_href_status st = cckit_href_resolve_ex(base_dir, value, CCKIT_HREF_TRIM, out);
    if (st == CCKIT_HREF_BAD_ESCAPE)
        cckit_href_resolve_ex(base_dir, value, CCKIT_HREF_LITERAL | CCKIT_HREF_TRIM, out);
    return st;
}

int cckit_ref_resolve(const char *base, const char *ref, char **out)
{
    *out = NULL;
    char *dir = cckit_href_dirname(base);
    if (!dir)
        return -2;
    char *p = NULL;
    cckit_href_status st = cckit_link_resolve(dir, ref, &p);
    free(dir);
    switch (st) {
    case CCKIT_HREF_OK:
    case CCKIT_HREF_BAD_ESCAPE:
        if (!p)
            return -2;
        if (p[strlen(p) - 1] == '/') {
            free(p);        /* a folder, not a file */
            return 0;
        }
        *out = p;
        return 1;
    case CCKIT_HREF_EMPTY:
    case CCKIT_HREF_URL:
    case CCKIT_HREF_ABSOLUTE:
        return 0;
    case CCKIT_HREF_NOMEM:
        free(p);
        return -2;
    case CCKIT_HREF_ESCAPES:
    case CCKIT_HREF_BACKSLASH:
        break;
    }
    free(p);
    return -1;
}

char *cckit_href_encode(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *o = malloc(3 * n + 1), *p = o;
    if (!o)
        return NULL;
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if (isalnum(*s) || strchr("-._~!$&'()*+,;=@/", *s)) {
            *p++ = (char)*s;
        } else {
            *p++ = '%';
            *p++ = hex[*s >> 4];
            *p++ = hex[*s & 15];
        }
    }
    *p = '\0';
    return o;
}

char *cckit_prettify_name(const char *path)
{
    size_t pl = strlen(path);
    while (pl > 0 && path[pl - 1] == '/')
        pl--;
    const char *b = path + pl;
    while (b > path && b[-1] != '/')
        b--;
    size_t n = (size_t)(path + pl - b);
    const char *dot = NULL;
    for (size_t i = 1; i < n; i++)
        if (b[i] == '.')
            dot = b + i;
    if (dot)
        n = (size_t)(dot - b);
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = b[i] == '_' || b[i] == '-' ? ' ' : b[i];
        if (c == ' ' && (k == 0 || o[k - 1] == ' '))
            continue;
        o[k++] = c;
    }
    while (k > 0 && o[k - 1] == ' ')
        k--;
    if (k == 0) {
        memcpy(o, b, n);
        k = n;
    }
    o[k] = '\0';
    if (k > 0 && o[0] >= 'a' && o[0] <= 'z')
        o[0] = (char)(o[0] - 'a' + 'A');
    return o;
}

/* -------------------------------------------------------------- CSS */

typedef struct css_scan {
    /* matching */
    int st;            /* 0 text, 1 in comment, 2 after url( ws, 3 in url value, 4 after @import ws, 5 in import string */
    int match_url, match_imp;
    char quote;
    bool star;         /* previous char was '*' (in comment) / '/' (in text) */
    cckit_strbuf val;
    unsigned line, val_line;
    /* reporting: raw values to raw_fn, else resolved against base to fn */
    cckit_css_ref_fn raw_fn;
    const char *base;
    cckit_dep_fn fn;
    void *ctx;
    const char *what;
    bool stop;
    bool oom;          /* a reference was lost for lack of memory (stops) */
    cckit_status st_err;
} css_scan;

static void css_init(css_scan *c, const char *base, cckit_dep_fn fn, void *ctx,
                     const char *what, unsigned line)
{
    memset(c, 0, sizeof *c);
    cckit_strbuf_init(&c->val);
    c->base = base;
    c->fn = fn;
    c->ctx = ctx;
    c->what = what;
    c->line = line;
}

static void emit(const char *base, const char *ref, unsigned line, const char *what,
                 bool is_link, cckit_dep_fn fn, void *ctx, bool *stop, bool *oom)
{
    char *target = NULL;
    int r = cckit_ref_resolve(base, ref, &target);
    if (r == -2)
        *oom = *stop = true;
    if (r == 0 || r == -2)
        return;
    if (!fn(ctx, r > 0 ? target : NULL, ref, line, what, is_link))
        *stop = true;
    free(target);
}

static void css_value_done(css_scan *c)
{
    if (c->val.oom)
        c->oom = c->stop = true;
    if (c->val.len > 0 && !c->val.oom && !c->stop) {
        if (c->raw_fn)
            c->stop = !c->raw_fn(c->ctx, c->val.s, c->val_line);
        else
            emit(c->base, c->val.s, c->val_line, c->what, false, c->fn, c->ctx, &c->stop,
                 &c->oom);
    }
    cckit_strbuf_reset(&c->val);
    c->st = 0;
}

/* A value whose copy ran out of memory before its end was seen. */
static void css_value_done_if_oom(css_scan *c)
{
    if (c->val.oom)
        c->oom = c->stop = true;
}

static void css_feed(css_scan *c, const char *s, size_t n)
{
    static const char url[] = "url(", imp[] = "@import";
    for (size_t i = 0; i < n && !c->stop; i++) {
        char ch = s[i];
        if (ch == '\n')
            c->line++;
        switch (c->st) {
        case 1: /* comment */
            if (c->star && ch == '/')
                c->st = 0;
            c->star = ch == '*';
            continue;
        case 2: /* after url( */
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f')
                continue;
            c->quote = (ch == '"' || ch == '\'') ? ch : 0;
            c->val_line = c->line;
            c->st = 3;
            if (c->quote)
                continue;
            /* fallthrough */
        case 3:
            if ((c->quote && ch == c->quote) ||
                (!c->quote && (ch == ')' || ch == ' ' || ch == '\t' || ch == '\n'))) {
                css_value_done(c);
                continue;
            }
            if (c->val.len < 4096)
                cckit_strbuf_add(&c->val, &ch, 1);
            continue;
        case 4: /* after @import */
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
                continue;
            if (ch == '"' || ch == '\'') {
                c->quote = ch;
                c->val_line = c->line;
                c->st = 5;
            } else {
                c->st = 0;   /* url(...) form: found by the url( matcher */
                i--;
                if (ch == '\n')
                    c->line--;
            }
            continue;
        case 5:
            if (ch == c->quote) {
                css_value_done(c);
                continue;
            }
            if (c->val.len < 4096)
                cckit_strbuf_add(&c->val, &ch, 1);
            continue;
        default:
            break;
        }
        /* plain text */
        if (c->star && ch == '*') {
            c->st = 1;
            c->star = false;
            c->match_url = c->match_imp = 0;
            continue;
        }
        c->star = ch == '/';
        char lc = (char)tolower((unsigned char)ch);
        c->match_url = lc == url[c->match_url] ? c->match_url + 1 : (lc == 'u' ? 1 : 0);
        c->match_imp = lc == imp[c->match_imp] ? c->match_imp + 1 : (lc == '@' ? 1 : 0);
        if (c->match_url == 4) {
            c->st = 2;
            c->match_url = c->match_imp = 0;
        } else if (c->match_imp == 7) {
            c->st = 4;
            c->match_url = c->match_imp = 0;
        }
    }
}

static void css_end(css_scan *c)
{
    cckit_strbuf_free(&c->val);
}

bool cckit_css_refs(const char *text, size_t n, unsigned first_line,
                    cckit_css_ref_fn fn, void *ctx)
{
    css_scan c;
    css_init(&c, "", NULL, ctx, NULL, first_line);
    c.raw_fn = fn;
    css_feed(&c, text, n);
    css_value_done_if_oom(&c);
    css_end(&c);
    return !c.oom;
}

cckit_status cckit_css_scan(cckit_source *src, const cckit_entry *e,
                            cckit_dep_fn fn, void *ctx, cckit_error *err)
{
    cckit_stream *s;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    css_scan c;
    css_init(&c, e->name, fn, ctx, "url() in CSS", 1);
    char buf[16384];
    long got = 0;
    while (!c.stop && (got = cckit_stream_read(s, buf, sizeof buf, err)) > 0)
        css_feed(&c, buf, (size_t)got);
    if (!c.stop && got < 0)
        st = err->status ? err->status : CCKIT_E_IO;
    cckit_stream_close(s);
    css_end(&c);
    if (c.oom && st == CCKIT_OK)
        st = cckit_fail_at(err, CCKIT_E_NOMEM, e->name, 0, "out of memory");
    return st;
}

/* ------------------------------------------------------------- HTML */

/* The links of a page are read once, by SAX, for pack (cckit_html_scan),
 * repair (cckit_html_text_scan) and the validator (cckit_page_links),
 * in the order of the page's tree as libxml2 builds it: element by
 * element, the attributes of cckit_html_link_attrs in the table's order,
 * then url() and @import in its style attribute, then, for a <style>,
 * in its text (all of it, before the links of anything inside).
 * Elements are matched by the local name the tree gives them ("svg:a"
 * is an a).  The tree's stack of open elements is the parser's
 * (ctxt->nameNr): a start tag without its '>' is closed with no end
 * event. */

typedef struct plink {
    const char *elem, *attr;    /* static: the table's, or "style" */
    size_t value;               /* offset of the value in vals */
    unsigned line;
} plink;

typedef struct stext {          /* an open element named style */
    size_t at;                  /* where the links of its text go */
    unsigned line, depth;
    cckit_strbuf text;
} stext;

typedef struct html_scan {
    htmlParserCtxtPtr ctxt;
    cckit_page_link_fn fn;
    void *ctx;
    bool at_end;                /* deliver once the page is read; else once final */
    bool tree_depth;            /* stop where libxml2's tree builder stops */
    uint64_t elements, max_elements;   /* max 0: no cap */
    bool limit, stop, oom;
    unsigned depth;             /* open elements of the tree */
    plink *v;                   /* the links not yet delivered */
    size_t n, cap;
    cckit_strbuf vals;
    stext *st;                  /* open <style> elements, innermost last */
    size_t nst, capst;
    bool want_title, title_done;   /* pack: the <title> */
    int in_title;
    cckit_strbuf title;
} html_scan;

static void scan_init(html_scan *h)
{
    memset(h, 0, sizeof *h);
    cckit_strbuf_init(&h->vals);
    cckit_strbuf_init(&h->title);
}

/* Ready for the next page; the lists keep their memory. */
static void scan_reset(html_scan *h)
{
    h->ctxt = NULL;
    h->elements = 0;
    h->limit = h->stop = h->oom = false;
    h->depth = 0;
    h->n = 0;
    if (h->vals.oom)
        cckit_strbuf_free(&h->vals);
    cckit_strbuf_reset(&h->vals);
    h->nst = 0;
}

static void scan_free(html_scan *h)
{
    for (size_t i = 0; i < h->capst; i++)
        cckit_strbuf_free(&h->st[i].text);
    free(h->st);
    free(h->v);
    cckit_strbuf_free(&h->vals);
    cckit_strbuf_free(&h->title);
}

static unsigned cur_line(html_scan *h)
{
    return h->ctxt && h->ctxt->input ? (unsigned)h->ctxt->input->line : 0;
}

/* The local name of an element as libxml2's tree keeps it
 * (xmlSplitQName): after the first ':', unless the name starts with
 * "xml:" or ':' or ends with its only ':'. */
static const char *local_name(const char *name)
{
    if (strncmp(name, "xml:", 4) == 0 || name[0] == ':')
        return name;
    const char *c = strchr(name, ':');
    return c && c[1] ? c + 1 : name;
}

/* The value of attribute an (names are lower case from the parser; a
 * name without a value holds no link). */
static const char *att_value(const xmlChar **atts, const char *an)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcmp((const char *)atts[i], an) == 0)
            return (const char *)atts[i + 1];
    return NULL;
}

static bool push_link(html_scan *h, const char *elem, const char *attr, const char *value,
                      unsigned line)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 64;
        plink *nv = realloc(h->v, nc * sizeof *nv);
        if (!nv) {
            h->oom = h->stop = true;
            return false;
        }
        h->v = nv;
        h->cap = nc;
    }
    size_t off = h->vals.len;
    cckit_strbuf_add(&h->vals, value, strlen(value) + 1);
    if (h->vals.oom) {
        h->oom = h->stop = true;
        return false;
    }
    h->v[h->n++] = (plink){elem, attr, off, line};
    return true;
}

typedef struct css_to {
    html_scan *h;
    const char *elem, *attr;
} css_to;

static bool css_push(void *ctx, const char *value, unsigned line)
{
    css_to *t = ctx;
    return push_link(t->h, t->elem, t->attr, value, line);
}

static void reverse(plink *a, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        plink t = a[i];
        a[i] = a[n - 1 - i];
        a[n - 1 - i] = t;
    }
}

/* The innermost open <style> ends: the links of its text go where the
 * element began, before those of anything inside it. */
static void style_done(html_scan *h)
{
    stext *s = &h->st[--h->nst];
    size_t from = h->n;
    css_to t = {h, "style", NULL};
    if (s->text.oom || !cckit_css_refs(s->text.s ? s->text.s : "", s->text.len, s->line,
                                       css_push, &t))
        h->oom = h->stop = true;
    if (s->text.oom)
        cckit_strbuf_free(&s->text);
    cckit_strbuf_reset(&s->text);
    if (h->n > s->at) {   /* else no links yet: h->v may be NULL */
        reverse(h->v + s->at, from - s->at);
        reverse(h->v + from, h->n - from);
        reverse(h->v + s->at, h->n - s->at);
    }
}

/* Close the tree's elements above depth (ended with or without an
 * event). */
static void close_to(html_scan *h, unsigned depth)
{
    while (h->depth > depth) {
        if (h->nst && h->st[h->nst - 1].depth == h->depth)
            style_done(h);
        h->depth--;
    }
}

static void deliver(html_scan *h)
{
    for (size_t i = 0; i < h->n && !h->stop; i++)
        if (!h->fn(h->ctx, h->v[i].elem, h->v[i].attr, h->vals.s + h->v[i].value, h->v[i].line))
            h->stop = true;
    h->n = 0;
    cckit_strbuf_reset(&h->vals);
}

/* Links are final when no <style> is open. */
static void deliver_final(html_scan *h)
{
    if (!h->at_end && h->nst == 0 && h->n)
        deliver(h);
}

static unsigned parser_depth(html_scan *h)
{
    return h->ctxt && h->ctxt->nameNr > 0 ? (unsigned)h->ctxt->nameNr : 0;
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    html_scan *h = ud;
    const char *el = (const char *)name;
    if (h->stop)
        return;
    if (h->max_elements && ++h->elements > h->max_elements) {
        h->limit = true;
        xmlStopParser(h->ctxt);
        return;
    }
    /* the parser pushed el before telling */
    unsigned pd = parser_depth(h);
    close_to(h, pd ? pd - 1 : 0);
    if (h->tree_depth && h->depth > xmlParserMaxDepth) {
        xmlStopParser(h->ctxt);   /* where the tree builder halts */
        return;
    }
    h->depth++;
    unsigned line = cur_line(h);
    if (h->want_title && strcmp(el, "title") == 0 && !h->title_done)
        h->in_title++;
    const char *loc = local_name(el);
    char c0 = (char)(loc[0] >= 'A' && loc[0] <= 'Z' ? loc[0] - 'A' + 'a' : loc[0]);
    for (const cckit_link_attr *k = cckit_html_link_attrs; k->elem && !h->stop; k++) {
        if (k->elem[0] != c0 || cckit_strcasecmp_ascii(loc, k->elem) != 0)
            continue;
        const char *av = att_value(atts, k->attr);
        if (av)
            push_link(h, k->elem, k->attr, av, line);
    }
    const char *style = h->stop ? NULL : att_value(atts, "style");
    if (style) {
        css_to t = {h, loc, "style"};
        if (!cckit_css_refs(style, strlen(style), line, css_push, &t))
            h->oom = h->stop = true;
    }
    if (!h->stop && cckit_strcasecmp_ascii(loc, "style") == 0) {
        if (h->nst == h->capst) {
            size_t nc = h->capst ? h->capst * 2 : 4;
            stext *ns = realloc(h->st, nc * sizeof *ns);
            if (!ns) {
                h->oom = h->stop = true;
                return;
            }
            for (size_t i = h->capst; i < nc; i++)
                cckit_strbuf_init(&ns[i].text);
            h->st = ns;
            h->capst = nc;
        }
        stext *s = &h->st[h->nst++];
        s->at = h->n;
        s->line = line;
        s->depth = h->depth;
    }
    deliver_final(h);
}

static void on_end(void *ud, const xmlChar *name)
{
    html_scan *h = ud;
    const char *el = (const char *)name;
    if (strcmp(el, "title") == 0 && h->in_title) {
        h->in_title = 0;
        h->title_done = true;
    }
    if (h->stop)
        return;
    /* the parser pops el after telling */
    unsigned pd = parser_depth(h);
    close_to(h, pd);
    close_to(h, h->depth ? h->depth - 1 : 0);
    deliver_final(h);
}

static void on_text(void *ud, const xmlChar *s, int len)
{
    html_scan *h = ud;
    if (h->in_title && h->title.len < 4096) {
        cckit_strbuf_add(&h->title, (const char *)s, (size_t)len);
        if (h->title.oom)
            h->oom = h->stop = true;
    }
    if (h->stop || !h->nst)
        return;
    close_to(h, parser_depth(h));
    deliver_final(h);
    for (size_t i = 0; i < h->nst; i++) {
        cckit_strbuf_add(&h->st[i].text, (const char *)s, (size_t)len);
        if (h->st[i].text.oom)
            h->oom = h->stop = true;
    }
}

/* The parse ended (or stopped): <style> elements still open end here. */
static void scan_end(html_scan *h)
{
    while (h->nst)
        style_done(h);
    if (!h->stop && !h->limit)
        deliver(h);
}

/* Collapse runs of white space; NULL for an empty title (and *oom set
 * when memory ran out). */
static char *clean_title(const cckit_strbuf *b, bool *oom)
{
    if (b->oom)
        *oom = true;
    if (b->oom || b->len == 0)
        return NULL;
    char *o = malloc(b->len + 1);
    if (!o) {
        *oom = true;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->s[i];
        bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (ws) {
            if (k > 0 && o[k - 1] != ' ')
                o[k++] = ' ';
        } else {
            o[k++] = c;
        }
    }
    while (k > 0 && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
    if (k == 0 || !cckit_utf8_valid(o, k)) {
        free(o);
        return NULL;
    }
    return o;
}

/* The SAX handlers of a page scan (a file's or text's alike). */
static void scan_sax(htmlSAXHandler *sax)
{
    memset(sax, 0, sizeof *sax);
    sax->startElement = on_start;
    sax->endElement = on_end;
    sax->characters = on_text;
    sax->cdataBlock = on_text;
}

/* pack's and repair's view of a link: resolved against the page. */
typedef struct dep_ctx {
    const char *base;
    cckit_dep_fn fn;
    void *ctx;
    bool oom;
} dep_ctx;

static bool dep_link(void *ud, const char *elem, const char *attr, const char *value,
                     unsigned line)
{
    dep_ctx *d = ud;
    char what[48];
    bool link = false;
    if (!attr)
        snprintf(what, sizeof what, "url() in <style>");
    else if (strcmp(attr, "style") == 0)
        snprintf(what, sizeof what, "url() in a style attribute");
    else {
        snprintf(what, sizeof what, "<%s %s>", elem, attr);
        link = strcmp(elem, "a") == 0 || strcmp(elem, "area") == 0;
    }
    bool stop = false;
    emit(d->base, value, line, what, link, d->fn, d->ctx, &stop, &d->oom);
    return !stop;
}

cckit_status cckit_html_scan(cckit_source *src, const cckit_entry *e,
                             cckit_dep_fn fn, void *ctx, char **title,
                             cckit_error *err)
{
    if (title)
        *title = NULL;
    cckit_xml_init();
    htmlSAXHandler sax;
    scan_sax(&sax);
    dep_ctx d = {e->name, fn, ctx, false};
    html_scan h;
    scan_init(&h);
    h.fn = dep_link;
    h.ctx = &d;
    h.want_title = title != NULL;
    /* first (its own pass over the bytes): the page's encoding */
    h.ctxt = cckit_html_push_parser(src, e, &sax, &h, err);
    if (!h.ctxt) {
        scan_free(&h);
        return err->status;
    }
    cckit_stream *s;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK) {
        htmlFreeParserCtxt(h.ctxt);
        scan_free(&h);
        return st;
    }
    htmlCtxtUseOptions(h.ctxt, cckit_html_push_options());
    char buf[16384];
    long got = 0;
    while (!h.stop && (got = cckit_stream_read(s, buf, sizeof buf, err)) > 0)
        htmlParseChunk(h.ctxt, buf, (int)got, 0);
    if (!h.stop && got < 0)
        st = err->status ? err->status : CCKIT_E_IO;
    if (!h.stop && st == CCKIT_OK)
        htmlParseChunk(h.ctxt, NULL, 0, 1);
    scan_end(&h);
    htmlFreeParserCtxt(h.ctxt);
    cckit_stream_close(s);
    h.oom |= d.oom;
    if (title && st == CCKIT_OK && !h.oom)
        *title = clean_title(&h.title, &h.oom);
    scan_free(&h);
    if (h.oom && st == CCKIT_OK)
        st = cckit_fail_at(err, CCKIT_E_NOMEM, e->name, 0, "out of memory");
    return st;
}

cckit_status cckit_html_text_scan(const char *text, size_t len, cckit_dep_fn fn, void *ctx,
                                  cckit_error *err)
{
    cckit_xml_init();
    htmlSAXHandler sax;
    scan_sax(&sax);
    dep_ctx d = {"", fn, ctx, false};
    html_scan h;
    scan_init(&h);
    h.fn = dep_link;
    h.ctx = &d;
    /* descriptor text is already UTF-8 (the XML parser decoded it) */
    h.ctxt = htmlCreatePushParserCtxt(&sax, &h, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!h.ctxt) {
        scan_free(&h);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    htmlCtxtUseOptions(h.ctxt, cckit_html_push_options());
    for (size_t at = 0; at < len && !h.stop;) {
        size_t n = len - at < 16384 ? len - at : 16384;
        htmlParseChunk(h.ctxt, text + at, (int)n, 0);
        at += n;
    }
    if (!h.stop)
        htmlParseChunk(h.ctxt, NULL, 0, 1);
    scan_end(&h);
    h.oom |= d.oom;
    h.oom |= h.ctxt->errNo == XML_ERR_NO_MEMORY;   /* the parser's own allocations */
    htmlFreeParserCtxt(h.ctxt);
    scan_free(&h);
    return h.oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}

/* ------------------------------------------------ the validator's pages */

struct cckit_page_reader {
    cckit_xml_scope xs;         /* cckit's libxml2 handlers, while the reader lives */
    char *buf;                  /* the page's bytes */
    size_t cap;
    htmlParserCtxtPtr ctxt;     /* one parser, reset for each page */
    html_scan h;                /* its lists kept from page to page */
};

cckit_page_reader *cckit_page_reader_new(void)
{
    cckit_page_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    scan_init(&r->h);
    cckit_xml_init();
    cckit_xml_enter(&r->xs);
    return r;
}

void cckit_page_reader_free(cckit_page_reader *r)
{
    if (!r)
        return;
    scan_free(&r->h);
    free(r->buf);
    if (r->ctxt)
        htmlFreeParserCtxt(r->ctxt);
    cckit_xml_leave(&r->xs);
    free(r);
}

/* The whole of page e into r->buf (grown as needed), through a stream
 * (an archive's small entries are inflated in one call there): up to one
 * byte more than the declared size, so that a longer entry fails as it
 * does for every reader. */
static cckit_status read_page(cckit_page_reader *r, cckit_source *src, const cckit_entry *e,
                              size_t *n, cckit_error *err)
{
    *n = 0;
    size_t want = (size_t)e->size + 1, len = 0;
    if (r->cap < want) {
        size_t nc = r->cap ? r->cap : 16384;
        while (nc < want)
            nc = nc > SIZE_MAX / 2 ? want : nc * 2;
        char *nb = realloc(r->buf, nc);
        if (!nb)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        r->buf = nb;
        r->cap = nc;
    }
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    long got = 0;
    while (len < want && (got = cckit_stream_read(s, r->buf + len, want - len, err)) > 0)
        len += (size_t)got;
    cckit_stream_close(s);
    if (got < 0)
        return err && err->status ? err->status : CCKIT_E_IO;
    *n = len;
    return CCKIT_OK;
}

#define PAGE_CHUNK (64 * 1024)

/* The parse of data[0..n) that the DOM reader made (xml/xml_doc.c:
 * chunks of 64 KiB, then the end), the element cap counted likewise. */
static cckit_status page_parse(html_scan *h, const char *data, size_t n, const char *name,
                               const cckit_limits *lim, cckit_error *err)
{
    cckit_status st = CCKIT_OK;
    htmlCtxtUseOptions(h->ctxt, cckit_html_push_options());
    h->ctxt->linenumbers = 1;
    uint64_t total = 0;
    for (size_t at = 0;;) {
        size_t got = n - at < PAGE_CHUNK ? n - at : PAGE_CHUNK;
        total += got;
        if (total > lim->max_xml_size)
            return cckit_fail_limit(err, CCKIT_LIMIT_XML_SIZE,
                                    cckit_fail_at(err, CCKIT_E_LIMIT, name, 0, "larger than %llu bytes",
                                                  (unsigned long long)lim->max_xml_size));
        /* the last bytes end the document in the same call */
        bool last = at + got == n;
        htmlParseChunk(h->ctxt, data + at, (int)got, last);
        at += got;
        if (h->limit)
            return cckit_fail_limit(err, CCKIT_LIMIT_XML_ELEMENTS,
                                    cckit_fail_at(err, CCKIT_E_LIMIT, name, 0,
                                                  "more than %llu elements, too many to load in memory",
                                                  (unsigned long long)h->max_elements));
        if (last || h->stop)
            break;
    }
    return st;
}

cckit_status cckit_page_links(cckit_page_reader *r, cckit_source *src, const cckit_entry *e,
                              const cckit_limits *lim, cckit_page_link_fn fn, void *ctx,
                              cckit_error *err)
{
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    cckit_status sst = cckit_html_size_ok(e, lim, err);
    if (sst != CCKIT_OK)
        return sst;
    size_t n = 0;
    cckit_status st = read_page(r, src, e, &n, err);
    if (st != CCKIT_OK)
        return st;
    const char *data = r->buf;
    html_scan *h = &r->h;
    scan_reset(h);
    h->fn = fn;
    h->ctx = ctx;
    h->at_end = true;
    h->tree_depth = true;
    h->max_elements = lim->max_xml_elements ? lim->max_xml_elements : UINT64_MAX;
    htmlSAXHandler sax;
    scan_sax(&sax);
    h->ctxt = cckit_html_bytes_parser(data, n, e, r->ctxt, &sax, h, err);
    if (!h->ctxt)
        return err && err->status ? err->status : CCKIT_E_NOMEM;
    r->ctxt = h->ctxt;
    st = page_parse(h, data, n, e->name, lim, err);
    if (h->ctxt->errNo == XML_ERR_NO_MEMORY)   /* the parser's own allocations */
        h->oom = true;
    if (st == CCKIT_OK && !h->oom)
        scan_end(h);
    h->ctxt = NULL;
    if (st == CCKIT_OK && h->oom)
        st = cckit_fail_at(err, CCKIT_E_NOMEM, e->name, 0, "out of memory");
    return st;
}
