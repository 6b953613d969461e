/* anon_html.c - HTML and CSS through the anonymiser, lexically (see
 * anon.h): only words change, so the page keeps every tag, attribute,
 * entity reference and link form the validator reads, byte for byte
 * around them.  Not a parser: it finds tags, quoted values, comments,
 * entity references and url(); anything it does not recognise is text,
 * whose words are replaced too, so nothing is kept by mistake. */
#include "minimise/anon.h"
#include "content/html_deps.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool name_char(char c)
{
    return alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_' || c == '.';
}

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

static void text(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b)
{
    char small[512];
    char *o = n <= sizeof small ? small : malloc(n);
    if (o == NULL) {
        b->oom = true;
        return;
    }
    cckit_anon_span(a, s, n, o);
    cckit_strbuf_add(b, o, n);
    if (o != small)
        free(o);
}

/* A whole value through f (url, text): a NUL-terminated copy first. */
static void value(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b,
                  char *(*f)(cckit_anon *, const char *))
{
    char *v = strndup(s, n);
    char *m = v ? f(a, v) : NULL;
    if (m == NULL)
        b->oom = true;
    else
        cckit_strbuf_adds(b, m);
    free(v);
    free(m);
}

static size_t find_ci(const char *s, size_t n, const char *what)
{
    size_t w = strlen(what);
    for (size_t i = 0; i + w <= n; i++)
        if (strncasecmp(s + i, what, w) == 0)
            return i;
    return n;
}

void cckit_anon_css(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b)
{
    size_t i = 0;
    while (i < n) {
        size_t u = find_ci(s + i, n - i, "url("), m = find_ci(s + i, n - i, "@import");
        size_t k = u < m ? u : m;
        text(a, s + i, k, b);
        i += k;
        if (i >= n)
            break;
        bool is_url = u < m;
        size_t kw = is_url ? 4 : 7;
        cckit_strbuf_add(b, s + i, kw);
        i += kw;
        while (i < n && space(s[i]))
            cckit_strbuf_add(b, s + i++, 1);
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
            char q = s[i];
            size_t e = i + 1;
            while (e < n && s[e] != q)
                e++;
            cckit_strbuf_add(b, &q, 1);
            value(a, s + i + 1, e - i - 1, b, cckit_anon_url);
            if (e < n)
                cckit_strbuf_add(b, &q, 1);
            i = e < n ? e + 1 : n;
        } else if (is_url) {
            size_t e = i;
            while (e < n && s[e] != ')' && !space(s[e]))
                e++;
            value(a, s + i, e - i, b, cckit_anon_url);
            i = e;
        }
    }
}

static bool is_link_attr(const char *el, size_t el_n, const char *at, size_t at_n)
{
    for (const cckit_link_attr *l = cckit_html_link_attrs; l->elem; l++)
        if (strlen(l->elem) == el_n && strncasecmp(l->elem, el, el_n) == 0 &&
            strlen(l->attr) == at_n && strncasecmp(l->attr, at, at_n) == 0)
            return true;
    return false;
}

/* Attribute values kept as written: their words are HTML's. */
static bool keep_attr(const char *at, size_t n, const char *v, size_t vn)
{
    static const char *const names[] = { "type", "rel", "charset", "http-equiv", "lang", "dir",
                                         "target", "method", "colspan", "rowspan", "align",
                                         "valign", "border", "role", "media", "xmlns",
                                         "texttype", "xml:lang", "shape", "scope", NULL };
    for (const char *const *p = names; *p; p++)
        if (strlen(*p) == n && strncasecmp(*p, at, n) == 0)
            return true;
    /* <meta content="text/html; charset=..."> */
    return n == 7 && strncasecmp(at, "content", 7) == 0 && find_ci(v, vn, "charset=") < vn;
}

static void attr_value(cckit_anon *a, const char *el, size_t el_n, const char *at, size_t at_n,
                       const char *v, size_t vn, cckit_strbuf *b)
{
    if (keep_attr(at, at_n, v, vn))
        cckit_strbuf_add(b, v, vn);
    else if (at_n == 5 && strncasecmp(at, "style", 5) == 0)
        cckit_anon_css(a, v, vn, b);
    else if (is_link_attr(el, el_n, at, at_n))
        value(a, v, vn, b, cckit_anon_url);
    else
        value(a, v, vn, b, cckit_anon_text);
}

/* A tag at s[0] ('<' then a letter or '/'); returns its length. */
static size_t tag(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b, bool *raw_text,
                  bool *is_style)
{
    size_t j = 1;
    bool closing = j < n && s[j] == '/';
    if (closing)
        j++;
    size_t el = j;
    while (j < n && name_char(s[j]))
        j++;
    size_t el_n = j - el;
    cckit_strbuf_add(b, s, j);
    *is_style = el_n == 5 && strncasecmp(s + el, "style", 5) == 0;
    *raw_text = !closing && (*is_style || (el_n == 6 && strncasecmp(s + el, "script", 6) == 0));
    while (j < n && s[j] != '>') {
        if (space(s[j]) || s[j] == '/' || !name_char(s[j])) {
            cckit_strbuf_add(b, s + j++, 1);
            continue;
        }
        size_t at = j;
        while (j < n && name_char(s[j]))
            j++;
        size_t at_n = j - at;
        cckit_strbuf_add(b, s + at, at_n);
        size_t k = j;
        while (k < n && space(s[k]))
            k++;
        if (k >= n || s[k] != '=')
            continue;
        cckit_strbuf_add(b, s + j, k + 1 - j);
        j = k + 1;
        while (j < n && space(s[j]))
            cckit_strbuf_add(b, s + j++, 1);
        if (j < n && (s[j] == '"' || s[j] == '\'')) {
            char q = s[j];
            size_t e = j + 1;
            while (e < n && s[e] != q)
                e++;
            cckit_strbuf_add(b, &q, 1);
            attr_value(a, s + el, el_n, s + at, at_n, s + j + 1, e - j - 1, b);
            if (e < n)
                cckit_strbuf_add(b, &q, 1);
            j = e < n ? e + 1 : n;
        } else {
            size_t e = j;
            while (e < n && !space(s[e]) && s[e] != '>')
                e++;
            attr_value(a, s + el, el_n, s + at, at_n, s + j, e - j, b);
            j = e;
        }
    }
    if (j < n)
        cckit_strbuf_add(b, s + j++, 1);
    return j;
}

void cckit_anon_markup(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b)
{
    size_t i = 0;
    while (i < n && !b->oom) {
        if (s[i] == '<' && i + 1 < n && (alpha(s[i + 1]) || s[i + 1] == '/')) {
            bool raw = false, style = false;
            i += tag(a, s + i, n - i, b, &raw, &style);
            if (raw) {
                /* script or style text up to its end tag */
                size_t e = find_ci(s + i, n - i, style ? "</style" : "</script");
                if (style)
                    cckit_anon_css(a, s + i, e, b);
                else
                    text(a, s + i, e, b);
                i += e;
            }
        } else if (s[i] == '<' && i + 3 < n && strncmp(s + i, "<!--", 4) == 0) {
            size_t e = find_ci(s + i + 4, n - i - 4, "-->");
            cckit_strbuf_add(b, "<!--", 4);
            text(a, s + i + 4, e, b);
            i += 4 + e;
        } else if (s[i] == '<' && i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
            /* <!DOCTYPE ...>, <?xml ...?>: markup, no content */
            size_t e = i;
            while (e < n && s[e] != '>')
                e++;
            e = e < n ? e + 1 : n;
            cckit_strbuf_add(b, s + i, e - i);
            i = e;
        } else if (s[i] == '&') {
            /* an entity or character reference stays what it was */
            size_t e = i + 1;
            if (e < n && s[e] == '#')
                e++;
            while (e < n && e - i < 40 && name_char(s[e]))
                e++;
            if (e < n && s[e] == ';' && e > i + 1) {
                cckit_strbuf_add(b, s + i, e + 1 - i);
                i = e + 1;
            } else {
                cckit_strbuf_add(b, "&", 1);
                i++;
            }
        } else {
            size_t e = i;
            while (e < n && s[e] != '<' && s[e] != '&')
                e++;
            if (e == i)
                e++;   /* a lone '<' */
            text(a, s + i, e - i, b);
            i = e;
        }
    }
}
