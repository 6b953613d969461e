/*
 * html_charset.h - the character encoding of an HTML file, decided as
 * HTML5 does for a file without transport information (no HTTP header):
 * a byte order mark, then a charset declared in the first 1024 bytes,
 * then UTF-8 when the whole file is valid UTF-8, else windows-1252.
 * libxml2 alone falls back on ISO-8859-1, which turns an undeclared
 * UTF-8 page's "café.png" into "cafÃ©.png".
 */
#ifndef CCKIT_HTML_CHARSET_H
#define CCKIT_HTML_CHARSET_H

#include "base/internal.h"
#include <libxml/HTMLparser.h>

typedef enum cckit_html_charset {
    CCKIT_HTML_DECLARED = 0,  /* declared in the markup: libxml2 honours it */
    CCKIT_HTML_UTF8,          /* UTF-8 BOM, or undeclared and valid UTF-8 */
    CCKIT_HTML_WINDOWS_1252,  /* undeclared, not UTF-8 */
    CCKIT_HTML_UTF16LE,       /* by its BOM */
    CCKIT_HTML_UTF16BE
} cckit_html_charset;

/* The prescan of the first bytes of a file (at most 1024 are looked at):
 * the encoding of its BOM; DECLARED when they hold a <meta ... charset>;
 * else UTF8 (to be confirmed by the whole file; an XML declaration's
 * encoding is not looked at, as in HTML5). */
cckit_html_charset cckit_html_prescan(const char *head, size_t n);

/* Read entry e of src once and decide its encoding. */
cckit_status cckit_html_charset_of(cckit_source *src, const cckit_entry *e,
                                   cckit_html_charset *out, cckit_error *err);

/* Create an HTML push parser for entry e with the encoding decided by
 * cckit_html_charset_of (sax and user data as htmlCreatePushParserCtxt).
 * NULL with err filled on failure. */
htmlParserCtxtPtr cckit_html_push_parser(cckit_source *src, const cckit_entry *e,
                                         htmlSAXHandlerPtr sax, void *user,
                                         cckit_error *err);

/* A push parser for the page data[0..n) of entry e, in the encoding
 * cckit_html_charset_of decides (sax and user as for
 * cckit_html_push_parser); nothing is pushed yet.  With reuse (a push
 * parser this function returned before, done with its page), that one
 * is reset and returned, its sax and user kept: a reader of many pages
 * makes one.  NULL with err filled on failure (reuse is then still the
 * caller's to free). */
htmlParserCtxtPtr cckit_html_bytes_parser(const char *data, size_t n, const cckit_entry *e,
                                          htmlParserCtxtPtr reuse, htmlSAXHandlerPtr sax,
                                          void *user, cckit_error *err);

/* The size cap of every page read whole (lim->max_xml_size; lim NULL:
 * the defaults): CCKIT_OK, or CCKIT_E_LIMIT with err naming the cap.
 * The encoding is decided on the whole page before a parse counts
 * bytes, so it is checked first. */
cckit_status cckit_html_size_ok(const cckit_entry *e, const cckit_limits *lim, cckit_error *err);

/* Parse entry e of src into a DOM with libxml2's HTML parser in the
 * encoding cckit_html_charset_of would decide (no network; size and
 * element count capped by lim, NULL for the defaults; line numbers
 * kept).  The entry is read once, whole, into memory. */
cckit_status cckit_html_read_entry(cckit_source *src, const cckit_entry *e,
                                   const cckit_limits *lim, xmlDocPtr *out, cckit_error *err);

#endif /* CCKIT_HTML_CHARSET_H */
