/* diag.c - the diagnostics list shared by the reader and the validator. */
#include "base/internal.h"
#include <stdlib.h>
#include <string.h>

const char *cckit_severity_name(cckit_severity sev)
{
    switch (sev) {
    case CCKIT_SEV_INFO: return "info";
    case CCKIT_SEV_WARNING: return "warning";
    case CCKIT_SEV_ERROR: return "error";
    }
    return "error";
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

bool cckit_diags_add(cckit_diags *d, cckit_severity sev, const char *code,
                     const char *rule, const char *file, unsigned line,
                     const char *hint, const char *fmt, ...)
{
    if (d->n == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        cckit_diag *nv = realloc(d->v, ncap * sizeof *nv);
        if (!nv)
            return false;
        d->v = nv;
        d->cap = ncap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    char *msg = malloc((size_t)n + 1);
    if (!msg)
        return false;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cckit_diag *g = &d->v[d->n];
    g->severity = sev;
    g->code = code;
    g->rule = rule;
    g->file = dup_or_null(file);
    g->line = line;
    g->message = msg;
    g->hint = hint;
    if (file && !g->file) {
        free(msg);
        return false;
    }
    d->n++;
    return true;
}

size_t cckit_diags_count(const cckit_diags *d, cckit_severity sev)
{
    size_t c = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].severity == sev)
            c++;
    return c;
}

void cckit_diags_free(cckit_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].message);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
