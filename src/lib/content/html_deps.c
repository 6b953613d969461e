/* html_deps.c - links in HTML and CSS, for pack and the validator.
 *
 * One table of the attributes that hold links (cckit_html_link_attrs),
 * one CSS scanner (url(...) and @import, a small state machine that
 * skips comments) and one resolver (cckit_link_resolve, on href.c): the
 * validator's link checker walks a page's DOM with them, pack streams
 * pages through them.
 *
 * pack's pages are streamed through libxml2's HTML push parser with SAX
 * callbacks only (no DOM is built; options NONET, NOERROR, NOWARNING,
 * RECOVER), so memory stays flat whatever the page size.  References
 * are read from the attributes of the table, and from url(...) and
 * @import in <style> elements, style attributes and CSS files.
 * Positions are the parser's line numbers. */
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

typedef struct html_scan {
    htmlParserCtxtPtr ctxt;
    const char *base;
    cckit_dep_fn fn;
    void *ctx;
    bool stop;
    bool oom;          /* a reference or the title was lost (stops) */
    int in_title, in_style;
    bool title_done;
    cckit_strbuf title;
    css_scan style;
} html_scan;

static unsigned cur_line(html_scan *h)
{
    return h->ctxt && h->ctxt->input ? (unsigned)h->ctxt->input->line : 0;
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    html_scan *h = ud;
    const char *el = (const char *)name;
    if (h->stop)
        return;
    unsigned line = cur_line(h);
    if (strcmp(el, "title") == 0 && !h->title_done)
        h->in_title++;
    if (strcmp(el, "style") == 0) {
        h->in_style++;
        css_init(&h->style, h->base, h->fn, h->ctx, "url() in <style>", line);
    }
    for (size_t i = 0; atts && atts[i] && !h->stop; i += 2) {
        const char *an = (const char *)atts[i], *av = (const char *)atts[i + 1];
        if (!av)
            continue;
        if (strcmp(an, "style") == 0) {
            css_scan c;
            css_init(&c, h->base, h->fn, h->ctx, "url() in a style attribute", line);
            css_feed(&c, av, strlen(av));
            css_value_done_if_oom(&c);
            h->stop = c.stop;
            h->oom |= c.oom;
            css_end(&c);
            continue;
        }
        for (const cckit_link_attr *k = cckit_html_link_attrs; k->elem; k++)
            if (cckit_strcasecmp_ascii(el, k->elem) == 0 && cckit_strcasecmp_ascii(an, k->attr) == 0) {
                char what[48];
                snprintf(what, sizeof what, "<%s %s>", el, an);
                bool link = !cckit_strcasecmp_ascii(el, "a") || !cckit_strcasecmp_ascii(el, "area");
                emit(h->base, av, line, what, link, h->fn, h->ctx, &h->stop, &h->oom);
                break;
            }
    }
}

static void on_end(void *ud, const xmlChar *name)
{
    html_scan *h = ud;
    const char *el = (const char *)name;
    if (strcmp(el, "title") == 0 && h->in_title) {
        h->in_title = 0;
        h->title_done = true;
    }
    if (strcmp(el, "style") == 0 && h->in_style) {
        h->in_style = 0;
        css_value_done_if_oom(&h->style);
        if (h->style.stop)
            h->stop = true;
        h->oom |= h->style.oom;
        css_end(&h->style);
    }
}

static void on_text(void *ud, const xmlChar *s, int len)
{
    html_scan *h = ud;
    if (h->in_title && h->title.len < 4096) {
        cckit_strbuf_add(&h->title, (const char *)s, (size_t)len);
        if (h->title.oom)
            h->oom = h->stop = true;
    }
    if (h->in_style && !h->stop) {
        css_feed(&h->style, (const char *)s, (size_t)len);
        if (h->style.stop)
            h->stop = true;
        h->oom |= h->style.oom;
    }
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

cckit_status cckit_html_scan(cckit_source *src, const cckit_entry *e,
                             cckit_dep_fn fn, void *ctx, char **title,
                             cckit_error *err)
{
    if (title)
        *title = NULL;
    cckit_xml_init();
    htmlSAXHandler sax;
    scan_sax(&sax);
    html_scan h;
    memset(&h, 0, sizeof h);
    h.base = e->name;
    h.fn = fn;
    h.ctx = ctx;
    cckit_strbuf_init(&h.title);
    /* first (its own pass over the bytes): the page's encoding */
    h.ctxt = cckit_html_push_parser(src, e, &sax, &h, err);
    if (!h.ctxt) {
        cckit_strbuf_free(&h.title);
        return err->status;
    }
    cckit_stream *s;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK) {
        htmlFreeParserCtxt(h.ctxt);
        cckit_strbuf_free(&h.title);
        return st;
    }
    htmlCtxtUseOptions(h.ctxt, cckit_html_parse_options());
    char buf[16384];
    long got = 0;
    while (!h.stop && (got = cckit_stream_read(s, buf, sizeof buf, err)) > 0)
        htmlParseChunk(h.ctxt, buf, (int)got, 0);
    if (!h.stop && got < 0)
        st = err->status ? err->status : CCKIT_E_IO;
    if (!h.stop && st == CCKIT_OK)
        htmlParseChunk(h.ctxt, NULL, 0, 1);
    if (h.in_style) {
        h.oom |= h.style.oom;
        css_end(&h.style);
    }
    htmlFreeParserCtxt(h.ctxt);
    cckit_stream_close(s);
    if (title && st == CCKIT_OK && !h.oom)
        *title = clean_title(&h.title, &h.oom);
    cckit_strbuf_free(&h.title);
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
    html_scan h;
    memset(&h, 0, sizeof h);
    h.base = "";
    h.fn = fn;
    h.ctx = ctx;
    cckit_strbuf_init(&h.title);
    /* descriptor text is already UTF-8 (the XML parser decoded it) */
    h.ctxt = htmlCreatePushParserCtxt(&sax, &h, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!h.ctxt) {
        cckit_strbuf_free(&h.title);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    /* without NOIMPLIED: libxml2's push parser (2.9) stops reporting the
     * elements of a fragment after its first one; the implied <html> and
     * <body> hold no link */
    htmlCtxtUseOptions(h.ctxt, cckit_html_parse_options() & ~HTML_PARSE_NOIMPLIED);
    for (size_t at = 0; at < len && !h.stop;) {
        size_t n = len - at < 16384 ? len - at : 16384;
        htmlParseChunk(h.ctxt, text + at, (int)n, 0);
        at += n;
    }
    if (!h.stop)
        htmlParseChunk(h.ctxt, NULL, 0, 1);
    if (h.in_style) {
        h.oom |= h.style.oom;
        css_end(&h.style);
    }
    h.oom |= h.ctxt->errNo == XML_ERR_NO_MEMORY;   /* the parser's own allocations */
    htmlFreeParserCtxt(h.ctxt);
    cckit_strbuf_free(&h.title);
    return h.oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}
