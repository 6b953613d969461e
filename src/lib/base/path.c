/*
 * path.c - safety rules for package entry names, UTF-8 validation and
 * ASCII case folding.
 *
 * A safe name is a package-relative, '/'-separated path:
 *   - not empty, at most max_len bytes, valid UTF-8;
 *   - no control characters (< 0x20, 0x7f) and no backslash;
 *   - not absolute ('/...') and no ':' in the first component (drive
 *     letters such as "C:" and URL schemes);
 *   - every component is non-empty and is neither "." nor ".." nor made
 *     only of dots and spaces (Windows strips trailing dots and spaces, so
 *     ". ." or "..." could become ".."); a single trailing '/' is allowed
 *     (a directory entry).
 */
#include "base/internal.h"

#include <string.h>

bool cckit_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2; cp = c & 0x1f; min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3; cp = c & 0x0f; min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return false; /* continuation byte, 0xc0/0xc1, 0xf5.. */
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            unsigned cc = p[i + k];
            if ((cc & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

int cckit_strcasecmp_ascii(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;; p++, q++) {
        unsigned x = *p, y = *q;
        if (x >= 'A' && x <= 'Z')
            x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z')
            y += 'a' - 'A';
        if (x != y || x == 0)
            return (int)x - (int)y;
    }
}

/* Reason a component [c, c+n) is unsafe, or NULL. */
static const char *component_reason(const char *c, size_t n)
{
    if (n == 0)
        return "contains an empty component ('//')";
    if (n == 1 && c[0] == '.')
        return "contains a '.' component";
    if (n == 2 && c[0] == '.' && c[1] == '.')
        return "contains a '..' component";
    bool dots_spaces = true, any_dot = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i] == '.')
            any_dot = true;
        else if (c[i] != ' ')
            dots_spaces = false;
    }
    if (dots_spaces && any_dot)
        return "contains a component made only of dots and spaces (Windows reads it as '..')";
    return NULL;
}

const char *cckit_path_unsafe_reason(const char *name, size_t max_len)
{
    if (!name || !*name)
        return "is empty";
    size_t len = strlen(name);
    if (max_len && len > max_len)
        return "is longer than the path length limit";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f)
            return "contains a control character";
        if (c == '\\')
            return "contains a backslash";
    }
    if (!cckit_utf8_valid(name, len))
        return "is not valid UTF-8";
    if (name[0] == '/')
        return "is an absolute path";
    const char *slash = strchr(name, '/');
    size_t first = slash ? (size_t)(slash - name) : len;
    if (memchr(name, ':', first))
        return "has a drive letter or a ':' in its first component";
    /* Component by component; a single trailing '/' ends a directory. */
    const char *p = name, *end = name + len;
    while (p < end) {
        const char *q = memchr(p, '/', (size_t)(end - p));
        size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
        const char *r = component_reason(p, n);
        if (r)
            return r;
        if (!q)
            break;
        p = q + 1; /* p == end: trailing '/', a directory */
    }
    return NULL;
}
