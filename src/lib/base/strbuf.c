/* strbuf.c - growable NUL-terminated string; remembers an OOM instead of
 * failing every call, so callers check once at the end. */
#include "base/internal.h"
#include <stdlib.h>
#include <string.h>

void cckit_strbuf_init(cckit_strbuf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

void cckit_strbuf_free(cckit_strbuf *b)
{
    free(b->s);
    cckit_strbuf_init(b);
}

void cckit_strbuf_reset(cckit_strbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

static bool reserve(cckit_strbuf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (extra > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    char *ns = realloc(b->s, ncap);
    if (!ns) {
        b->oom = true;
        return false;
    }
    b->s = ns;
    b->cap = ncap;
    return true;
}

void cckit_strbuf_add(cckit_strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void cckit_strbuf_adds(cckit_strbuf *b, const char *s)
{
    cckit_strbuf_add(b, s, strlen(s));
}

void cckit_strbuf_printf(cckit_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
