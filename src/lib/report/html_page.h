/*
 * html_page.h - the skeleton every HTML output of cckit shares: escaping,
 * the <head> with its Content-Security-Policy and stylesheet, the end of
 * the page with its one optional script.  Internal: the validation report
 * uses it (report_html.c); compat and profile pages are meant to.
 *
 * The page is self-contained: no URL is ever loaded (the policy allows
 * only inline styles, data: images and the page's own script, by nonce),
 * so it works opened from disk and cartridge text can fetch nothing even
 * if an escape were missed.
 */
#ifndef CCKIT_HTML_PAGE_H
#define CCKIT_HTML_PAGE_H

#include "base/internal.h"
#include <stdio.h>

typedef struct cckit_html_page {
    FILE *out;
    char nonce[33];    /* hex, fresh per page: the one script allowed */
} cckit_html_page;

/* Write s (n bytes) as HTML text or attribute value: & < > " ' escaped,
 * invalid UTF-8 and control characters (but tab and newline) shown as
 * U+FFFD, so no cartridge byte can end an element or an attribute. */
void cckit_html_escape_n(FILE *out, const char *s, size_t n);
void cckit_html_escape(FILE *out, const char *s);

/* <!DOCTYPE> to <body>: title (escaped), the shared stylesheet plus
 * extra_css (ours, not escaped; may be NULL). */
void cckit_html_begin(cckit_html_page *p, FILE *out, const char *title, const char *extra_css);

/* The closing tags, with script (ours, not escaped; may be NULL) in a
 * <script> the policy allows.  Returns 0, or -1 after a write error. */
int cckit_html_end(cckit_html_page *p, const char *script);

/* The shared stylesheet (static storage), for a site whose pages load it
 * from a file (cckit preview) instead of inline. */
const char *cckit_html_css(void);

/* cckit_html_begin for a page of a site of files (cckit preview): the
 * policy (ours, not escaped) and a <link rel=stylesheet> to css_href
 * (escaped) instead of the inline stylesheet.  With script, the page's
 * nonce is added to the policy (cckit_html_end's script runs); without,
 * no script may run at all (and no random nonce is drawn: sites write
 * thousands of pages). */
void cckit_html_begin_site(cckit_html_page *p, FILE *out, const char *title,
                           const char *policy, const char *css_href, bool script);

#endif /* CCKIT_HTML_PAGE_H */
