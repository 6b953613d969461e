/* html_deps.h - links in HTML and CSS (html_deps.c): the one table of
 * link-bearing elements and attributes, the CSS url()/@import scanner,
 * and the streaming scan of a page or CSS file for the local files it
 * uses.  pack (export/) and the validator's link checker (validate/)
 * both read links through this file and resolve them with href.c, so
 * they agree on what a page uses.  Not installed. */
#ifndef CCKIT_HTML_DEPS_H
#define CCKIT_HTML_DEPS_H

#include "content/href.h"

/* The HTML attributes that hold a link: element and attribute (lower
 * case; HTML names compare case-insensitively).  Ends with {NULL, NULL}. */
typedef struct cckit_link_attr {
    const char *elem, *attr;
} cckit_link_attr;
extern const cckit_link_attr cckit_html_link_attrs[];

/* Called for each url(...) and @import "..." of CSS text with the value
 * as written (quotes removed) and its line; return false to stop. */
typedef bool (*cckit_css_ref_fn)(void *ctx, const char *value, unsigned line);
/* Scan CSS text (a <style> element's text, a style attribute) that starts
 * on line first_line; comments are skipped.  false when a value was lost
 * for lack of memory. */
bool cckit_css_refs(const char *text, size_t n, unsigned first_line,
                    cckit_css_ref_fn fn, void *ctx);

/* A link value written in a file of folder base_dir resolved to a
 * package path: cckit_href_resolve_ex with CCKIT_HREF_TRIM.  On
 * CCKIT_HREF_BAD_ESCAPE, *out is the value read as a literal file name
 * (exporters write raw names like "100%.png"): a link to it is good when
 * that file exists. */
cckit_href_status cckit_link_resolve(const char *base_dir, const char *value, char **out);

/* Called once per local reference found in a page (or in a CSS file it
 * links): target is the package-relative, normalised, percent-decoded
 * path; NULL when the reference climbs out of the package (then raw is
 * the reference as written).  is_link: an <a href> (a page may link to
 * other pages, which are not its files).  Return false to stop. */
typedef bool (*cckit_dep_fn)(void *ctx, const char *target, const char *raw,
                             unsigned line, const char *what, bool is_link);
/* Scan an HTML page (streamed through the HTML push parser, no
 * network, recovering) for local references: the links the validator
 * reads (cckit_page_links), in its order.  *title gets the <title> text (malloc'd, whitespace
 * collapsed) or NULL. */
cckit_status cckit_html_scan(cckit_source *src, const cckit_entry *e,
                             cckit_dep_fn fn, void *ctx, char **title,
                             cckit_error *err);
/* Same for HTML held in memory as UTF-8 (the text of a descriptor's
 * element): targets are resolved as if written at the package root, so
 * a caller that knows better resolves raw itself.  Only out of memory
 * fails. */
cckit_status cckit_html_text_scan(const char *text, size_t len, cckit_dep_fn fn, void *ctx,
                                  cckit_error *err);
/* Same for a CSS file: url(...) and @import "..." references. */
cckit_status cckit_css_scan(cckit_source *src, const cckit_entry *e,
                            cckit_dep_fn fn, void *ctx, cckit_error *err);
/* The validator's reading of pages: a link of a page as libxml2's tree
 * of it holds it.  elem is the element's local name, attr the attribute
 * of cckit_html_link_attrs; "style" for a url() or @import in the style
 * attribute, NULL for one in the text of a <style>.  value is as
 * written; line is the element's (for CSS, plus the lines before the
 * value in its text).  Return false to stop. */
typedef bool (*cckit_page_link_fn)(void *ctx, const char *elem, const char *attr,
                                   const char *value, unsigned line);
/* Pages read one after another with one buffer and one set of lists:
 * a reader is one thread's.  NULL when memory runs out. */
typedef struct cckit_page_reader cckit_page_reader;
cckit_page_reader *cckit_page_reader_new(void);
void cckit_page_reader_free(cckit_page_reader *r);
/* The links of page e of src (read whole, in the encoding
 * cckit_html_charset_of decides, parsed with libxml2's HTML push parser
 * and SAX callbacks, no tree built), in the order of the page's tree;
 * size and element count capped by lim (NULL: the defaults) as for
 * cckit_html_read_entry.  fn is called only once the whole page is
 * read: on an error (CCKIT_E_LIMIT, CCKIT_E_NOMEM, a read error) never. */
cckit_status cckit_page_links(cckit_page_reader *r, cckit_source *src, const cckit_entry *e,
                              const cckit_limits *lim, cckit_page_link_fn fn, void *ctx,
                              cckit_error *err);

/* Resolve a reference written in file `base` (package-relative) to a
 * package path with cckit_link_resolve, the link checker's resolver.
 * Returns 1 and a malloc'd *out for a local file, 0 for something that
 * is not a local file (absolute URL, scheme, "//", "/abs", "#frag",
 * empty, a folder "sub/"), -1 when it climbs out of the package or has a
 * backslash, -2 when memory runs out. */
int cckit_ref_resolve(const char *base, const char *ref, char **out);

/* Percent-encode a package path for an href (RFC 3986 path characters
 * kept, everything else as %XX); malloc'd. */
char *cckit_href_encode(const char *path);
/* "intro_to-maps.html" -> "Intro to maps"; malloc'd. */
char *cckit_prettify_name(const char *path);

#endif /* CCKIT_HTML_DEPS_H */
