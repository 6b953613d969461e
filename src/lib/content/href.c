/* href.c - hrefs of a cartridge as URI references (RFC 3986): percent-
 * decoding and resolution against a package directory, refusing anything
 * that would leave the package (absolute paths, scheme URLs, backslashes,
 * ".." above the root).  Pure string work: nothing is ever opened. */
#include "content/href.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode n bytes of s into a new string; NULL on a bad escape or %00. */
static char *decode_n(const char *s, size_t n, cckit_href_status *st)
{
    char *out = malloc(n + 1);
    if (!out) {
        *st = CCKIT_HREF_NOMEM;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            out[o++] = s[i];
            continue;
        }
        int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
        int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            free(out);
            *st = CCKIT_HREF_BAD_ESCAPE;
            return NULL;
        }
        out[o++] = (char)(hi * 16 + lo);
        i += 2;
    }
    out[o] = '\0';
    *st = CCKIT_HREF_OK;
    return out;
}

char *cckit_href_decode(const char *href)
{
    cckit_href_status st;
    if (!href)
        return NULL;
    return decode_n(href, strlen(href), &st);
}

/* RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
bool cckit_href_has_scheme(const char *href)
{
    const char *p = href;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return false;
    for (p++; *p; p++) {
        if (*p == ':')
            return true;
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '+' || *p == '-' || *p == '.'))
            return false;
    }
    return false;
}

bool cckit_href_is_local_file(const char *href)
{
    const char *p = href;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (strncasecmp(p, "file:", 5) == 0)
        return true;
    /* "C:\Users\..." or "C:/Users/...", also percent-encoded "C%3A/" */
    bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
    if (letter && p[1] == ':' && (p[2] == '\\' || p[2] == '/'))
        return true;
    if (letter && strncasecmp(p + 1, "%3a", 3) == 0 && (p[4] == '/' || p[4] == '\\'))
        return true;
    return p[0] == '\\' && p[1] == '\\'; /* a Windows share, \\server\path */
}

const char *cckit_href_status_str(cckit_href_status st)
{
    switch (st) {
    case CCKIT_HREF_OK: return "ok";
    case CCKIT_HREF_EMPTY: return "empty (or only a query/fragment)";
    case CCKIT_HREF_URL: return "a URL with a scheme, not a path inside the package";
    case CCKIT_HREF_ABSOLUTE: return "an absolute path, not relative to the package";
    case CCKIT_HREF_BACKSLASH: return "contains a backslash (use '/')";
    case CCKIT_HREF_ESCAPES: return "climbs above the package root with '..'";
    case CCKIT_HREF_BAD_ESCAPE: return "has a bad percent-escape ('%' not followed by two hex digits, or %00)";
    case CCKIT_HREF_NOMEM: return "out of memory";
    }
    return "?";
}

/* Append the '/'-separated segments of p to the normalised path in out
 * (a stack of segments separated by '/'), applying "." and "..". */
static cckit_href_status push_segments(char *out, size_t *olen, const char *p, bool *trailing)
{
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        *trailing = e != NULL;
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* empty segment or ".": nothing */
            if (n == 1 && !e)
                *trailing = true;
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (*olen == 0)
                return CCKIT_HREF_ESCAPES;
            char *slash = NULL;
            for (size_t k = *olen; k > 0; k--)
                if (out[k - 1] == '/') {
                    slash = out + k - 1;
                    break;
                }
            *olen = slash ? (size_t)(slash - out) : 0;
            out[*olen] = '\0';
            if (!e)
                *trailing = true;
        } else {
            if (*olen)
                out[(*olen)++] = '/';
            memcpy(out + *olen, p, n);
            *olen += n;
            out[*olen] = '\0';
        }
        p += n + (e ? 1 : 0);
    }
    return CCKIT_HREF_OK;
}

cckit_href_status cckit_href_resolve_ex(const char *base_dir, const char *href, unsigned flags,
                                        char **out)
{
    *out = NULL;
    if (!href)
        return CCKIT_HREF_EMPTY;
    if (!base_dir)
        base_dir = "";
    static const char ws[] = " \t\n\r\f";
    if (flags & CCKIT_HREF_TRIM)
        while (*href && strchr(ws, *href))
            href++;
    size_t n = strlen(href);
    if (!(flags & CCKIT_HREF_LITERAL))
        n = strcspn(href, "?#");
    if (flags & CCKIT_HREF_TRIM)
        while (n > 0 && strchr(ws, href[n - 1]))
            n--;
    if (n == 0)
        return CCKIT_HREF_EMPTY;
    if (memchr(href, '\\', n))
        return CCKIT_HREF_BACKSLASH;
    if (href[0] == '/')
        return n > 1 && href[1] == '/' ? CCKIT_HREF_URL : CCKIT_HREF_ABSOLUTE;
    char *path;
    cckit_href_status st = CCKIT_HREF_OK;
    if (flags & CCKIT_HREF_LITERAL) {
        path = strndup(href, n);
        if (!path)
            return CCKIT_HREF_NOMEM;
    } else {
        /* A scheme is looked for before decoding: "a%3Ab" is a path. */
        char *raw = strndup(href, n);
        if (!raw)
            return CCKIT_HREF_NOMEM;
        bool scheme = cckit_href_has_scheme(raw);
        free(raw);
        if (scheme)
            return CCKIT_HREF_URL;
        path = decode_n(href, n, &st);
        if (!path)
            return st;
        if (strchr(path, '\\')) {
            free(path);
            return CCKIT_HREF_BACKSLASH;
        }
    }
    if (flags & CCKIT_HREF_LITERAL) {
        if (path[0] == '/') {
            free(path);
            return CCKIT_HREF_ABSOLUTE;
        }
        if (cckit_href_has_scheme(path)) {
            free(path);
            return CCKIT_HREF_URL;
        }
    }
    size_t cap = strlen(base_dir) + strlen(path) + 3;
    char *res = malloc(cap);
    if (!res) {
        free(path);
        return CCKIT_HREF_NOMEM;
    }
    res[0] = '\0';
    size_t len = 0;
    bool trailing = false;
    /* The base is a package path already (decoded): only normalised. */
    if (base_dir[0] == '/')
        base_dir++;
    st = push_segments(res, &len, base_dir, &trailing);
    if (st == CCKIT_HREF_OK) {
        trailing = false;
        st = push_segments(res, &len, path, &trailing);
    }
    free(path);
    if (st != CCKIT_HREF_OK) {
        free(res);
        return st;
    }
    if (len == 0) {
        free(res);
        return CCKIT_HREF_EMPTY;
    }
    if (trailing)
        res[len++] = '/', res[len] = '\0';
    *out = res;
    return CCKIT_HREF_OK;
}

char *cckit_href_resolve(const char *base_dir, const char *href)
{
    char *out = NULL;
    cckit_href_resolve_ex(base_dir, href, 0, &out);
    return out;
}

char *cckit_href_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? strndup(path, (size_t)(slash - path)) : strdup("");
}

char *cckit_href_relative(const char *from_dir, const char *to)
{
    /* k: how far the leading folders of both are the same (whole
     * segments: "ab" is not inside "a") */
    size_t k = 0, i = 0;
    for (;; i++) {
        bool seg_end = from_dir[i] == '\0' || from_dir[i] == '/';
        if (seg_end && to[i] == '/')
            k = i + 1;      /* to continues after a shared folder */
        if (from_dir[i] == '\0' || from_dir[i] != to[i])
            break;
    }
    /* then one "../" for each folder of from_dir after the shared ones */
    size_t ups = 0;
    if (k <= strlen(from_dir))
        for (const char *p = from_dir + k; *p; ups++) {
            const char *s = strchr(p, '/');
            p = s ? s + 1 : p + strlen(p);
        }
    size_t rest = strlen(to + k);
    char *out = malloc(ups * 3 + rest + 1);
    if (!out)
        return NULL;
    for (size_t u = 0; u < ups; u++)
        memcpy(out + 3 * u, "../", 3);
    memcpy(out + 3 * ups, to + k, rest + 1);
    return out;
}
