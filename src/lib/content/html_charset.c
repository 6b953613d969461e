/*
 * html_charset.c - the encoding of an HTML file (see html_charset.h).
 * A <meta> charset (charset attribute or http-equiv content) is left to
 * libxml2, which reads it itself; a BOM and the undeclared case (an XML
 * declaration counts as undeclared, as in HTML5) are decided here, by
 * one pass over the bytes.  Every reader of an HTML page goes through
 * here: pack's scan by cckit_html_push_parser, the validator's links by
 * cckit_html_bytes_parser, the DOM readers (preview) by
 * cckit_html_read_entry, so all see one href.
 */
#include "content/html_charset.h"
#include "import/entry_read.h"

#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <string.h>
#include <strings.h>

#define PRESCAN 1024   /* HTML5: the declaration must be in the first 1024 bytes */

/* s[0..n) starts with word, ASCII case ignored. */
static bool starts_nocase(const char *s, size_t n, const char *word)
{
    size_t l = strlen(word);
    return n >= l && strncasecmp(s, word, l) == 0;
}

/* The tag starting at s (up to '>' or the end) contains word. */
static bool tag_has(const char *s, size_t n, const char *word)
{
    for (size_t i = 0; i < n && s[i] != '>'; i++)
        if (starts_nocase(s + i, n - i, word))
            return true;
    return false;
}

cckit_html_charset cckit_html_prescan(const char *head, size_t n)
{
    const unsigned char *u = (const unsigned char *)head;
    if (n > PRESCAN)
        n = PRESCAN;
    /* libxml2's HTML push parser does not look for a BOM itself */
    if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
        return CCKIT_HTML_UTF8;
    if (n >= 2 && u[0] == 0xfe && u[1] == 0xff)
        return CCKIT_HTML_UTF16BE;
    if (n >= 2 && u[0] == 0xff && u[1] == 0xfe)
        return CCKIT_HTML_UTF16LE;
    /* an XML declaration's encoding is not looked at (HTML5 does not;
     * libxml2's HTML parser does not either): the bytes decide */
    for (size_t i = 0; i < n; i++)
        if (head[i] == '<' && starts_nocase(head + i, n - i, "<meta") &&
            tag_has(head + i, n - i, "charset"))
            return CCKIT_HTML_DECLARED;
    return CCKIT_HTML_UTF8;
}

static bool has_bom(const char *head, size_t n)
{
    const unsigned char *u = (const unsigned char *)head;
    return (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) ||
           (n >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe)));
}

/* Incremental UTF-8 check (RFC 3629: no overlongs, no surrogates, at
 * most U+10FFFF), fed chunk by chunk. */
typedef struct u8check {
    unsigned need;              /* continuation bytes still expected */
    unsigned char lo, hi;       /* range of the next continuation byte */
} u8check;

static bool u8_feed(u8check *s, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (s->need) {
            if (c < s->lo || c > s->hi)
                return false;
            s->lo = 0x80;
            s->hi = 0xbf;
            s->need--;
            continue;
        }
        if (c < 0x80)
            continue;
        s->lo = 0x80;
        s->hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf)
            s->need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            s->need = 2;
            if (c == 0xe0)
                s->lo = 0xa0;        /* overlong */
            else if (c == 0xed)
                s->hi = 0x9f;        /* surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            s->need = 3;
            if (c == 0xf0)
                s->lo = 0x90;        /* overlong */
            else if (c == 0xf4)
                s->hi = 0x8f;        /* above U+10FFFF */
        } else {
            return false;
        }
    }
    return true;
}

/* The decision on a whole file in memory (the same as the streamed one). */
static cckit_html_charset charset_of_bytes(const char *data, size_t n)
{
    size_t hn = n < PRESCAN ? n : PRESCAN;
    cckit_html_charset pre = cckit_html_prescan(data, hn);
    if (pre != CCKIT_HTML_UTF8 || has_bom(data, hn))
        return pre;
    u8check u = {0, 0x80, 0xbf};
    return u8_feed(&u, (const unsigned char *)data, n) && u.need == 0 ? CCKIT_HTML_UTF8
                                                                      : CCKIT_HTML_WINDOWS_1252;
}

cckit_status cckit_html_charset_of(cckit_source *src, const cckit_entry *e,
                                   cckit_html_charset *out, cckit_error *err)
{
    *out = CCKIT_HTML_UTF8;
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    static _Thread_local char buf[16384];
    char head[PRESCAN];
    size_t hn = 0;
    bool prescanned = false, valid = true;
    u8check u = {0, 0x80, 0xbf};
    long got;
    while ((got = cckit_stream_read(s, buf, sizeof buf, err)) > 0) {
        if (!prescanned) {
            size_t take = PRESCAN - hn < (size_t)got ? PRESCAN - hn : (size_t)got;
            memcpy(head + hn, buf, take);
            hn += take;
            if (hn == PRESCAN) {
                prescanned = true;
                cckit_html_charset pre = cckit_html_prescan(head, hn);
                if (pre != CCKIT_HTML_UTF8 || has_bom(head, hn)) {
                    *out = pre;
                    break;
                }
            }
        }
        if (valid)
            valid = u8_feed(&u, (const unsigned char *)buf, (size_t)got);
        if (!valid && prescanned)
            break;     /* not declared, not UTF-8: nothing more to learn */
    }
    if (got < 0) {
        st = err && err->status ? err->status : CCKIT_E_IO;
    } else if (!prescanned) {   /* a short file: the prescan sees it whole */
        cckit_html_charset pre = cckit_html_prescan(head, hn);
        *out = pre != CCKIT_HTML_UTF8 || has_bom(head, hn) ? pre
               : valid && u.need == 0 ? CCKIT_HTML_UTF8 : CCKIT_HTML_WINDOWS_1252;
    } else if (!(*out != CCKIT_HTML_UTF8 || has_bom(head, hn))) {
        *out = valid && u.need == 0 ? CCKIT_HTML_UTF8 : CCKIT_HTML_WINDOWS_1252;
    }
    cckit_stream_close(s);
    return st;
}

/* ctxt (a push parser's, used before) made ready for entry e in
 * encoding enc as htmlCreatePushParserCtxt makes a new one: reset, an
 * empty input of that encoding.  Its dictionary and tables are kept. */
static bool parser_reset(htmlParserCtxtPtr ctxt, xmlCharEncoding enc, const cckit_entry *e)
{
    xmlParserInputBufferPtr buf = xmlAllocParserInputBuffer(enc);
    if (!buf)
        return false;
    htmlCtxtReset(ctxt);
    if (enc == XML_CHAR_ENCODING_UTF8 || buf->encoder)
        ctxt->charset = XML_CHAR_ENCODING_UTF8;
    /* no directory nor file name: only libxml2's messages would name it,
     * and an HTML parse loads nothing */
    CCKIT_UNUSED(e);
    xmlParserInputPtr in = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE);
    if (!in) {
        xmlFreeParserInputBuffer(buf);
        return false;
    }
    inputPush(ctxt, in);
    return true;
}

/* A push parser for entry e in encoding cs: reuse made ready, else a
 * new one. */
static htmlParserCtxtPtr parser_for(cckit_html_charset cs, const cckit_entry *e,
                                    htmlParserCtxtPtr reuse, htmlSAXHandlerPtr sax, void *user,
                                    cckit_error *err)
{
    xmlCharEncoding enc = cs == CCKIT_HTML_UTF8      ? XML_CHAR_ENCODING_UTF8
                          : cs == CCKIT_HTML_UTF16LE ? XML_CHAR_ENCODING_UTF16LE
                          : cs == CCKIT_HTML_UTF16BE ? XML_CHAR_ENCODING_UTF16BE
                                                     : XML_CHAR_ENCODING_NONE;
    htmlParserCtxtPtr ctxt = reuse ? (parser_reset(reuse, enc, e) ? reuse : NULL)
                                   : htmlCreatePushParserCtxt(sax, user, NULL, 0, e->name, enc);
    if (!ctxt) {
        cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return NULL;
    }
    if (cs == CCKIT_HTML_WINDOWS_1252) {
        xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler("windows-1252");
        if (!h || xmlSwitchToEncoding(ctxt, h) != 0)
            (void)xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_8859_1);   /* no iconv */
    }
    return ctxt;
}

htmlParserCtxtPtr cckit_html_push_parser(cckit_source *src, const cckit_entry *e,
                                         htmlSAXHandlerPtr sax, void *user,
                                         cckit_error *err)
{
    cckit_html_charset cs;
    if (cckit_html_charset_of(src, e, &cs, err) != CCKIT_OK)
        return NULL;
    return parser_for(cs, e, NULL, sax, user, err);
}

/* cckit_read_fn over a page held in memory. */
typedef struct mem_reader {
    const char *p;
    size_t left;
} mem_reader;

static long mem_read(void *ctx, void *buf, size_t n, cckit_error *err)
{
    CCKIT_UNUSED(err);
    mem_reader *m = ctx;
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long)n;
}

/* The whole of entry e (its size is capped by the caller): *data is
 * malloc'ed, *n its length. */
static cckit_status read_whole(cckit_source *src, const cckit_entry *e, char **data, size_t *n,
                               cckit_error *err)
{
    *data = NULL;
    *n = 0;
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    /* the stream never returns more than the declared size */
    size_t cap = (size_t)e->size + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        cckit_stream_close(s);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    long got = 0;
    while (len < cap && (got = cckit_stream_read(s, buf + len, cap - len, err)) > 0)
        len += (size_t)got;
    cckit_stream_close(s);
    if (got < 0) {
        free(buf);
        return err && err->status ? err->status : CCKIT_E_IO;
    }
    *data = buf;
    *n = len;
    return CCKIT_OK;
}

htmlParserCtxtPtr cckit_html_bytes_parser(const char *data, size_t n, const cckit_entry *e,
                                          htmlParserCtxtPtr reuse, htmlSAXHandlerPtr sax,
                                          void *user, cckit_error *err)
{
    return parser_for(charset_of_bytes(data, n), e, reuse, sax, user, err);
}

cckit_status cckit_html_size_ok(const cckit_entry *e, const cckit_limits *lim, cckit_error *err)
{
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    if (e->size > lim->max_xml_size)
        return cckit_fail_limit(err, CCKIT_LIMIT_XML_SIZE,
                                cckit_fail_at(err, CCKIT_E_LIMIT, e->name, 0, "larger than %llu bytes",
                                              (unsigned long long)lim->max_xml_size));
    return CCKIT_OK;
}

cckit_status cckit_html_read_entry(cckit_source *src, const cckit_entry *e,
                                   const cckit_limits *lim, xmlDocPtr *out, cckit_error *err)
{
    *out = NULL;
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    cckit_status sst = cckit_html_size_ok(e, lim, err);
    if (sst != CCKIT_OK)
        return sst;
    cckit_xml_init();
    /* Read once: the encoding is decided on the bytes the parse reads. */
    char *data;
    size_t n;
    cckit_status st = read_whole(src, e, &data, &n, err);
    if (st != CCKIT_OK)
        return st;
    xmlSAXHandler sax;
    cckit_html_dom_sax(&sax);
    htmlParserCtxtPtr ctxt = parser_for(charset_of_bytes(data, n), e, NULL, &sax, NULL, err);
    if (!ctxt) {
        free(data);
        return err && err->status ? err->status : CCKIT_E_IO;
    }
    mem_reader m = {data, n};
    st = cckit_html_parse_ctxt(ctxt, mem_read, &m, e->name, lim, out, err);
    free(data);
    return st;
}
