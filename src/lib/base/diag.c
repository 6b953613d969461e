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

/* A finding lost for lack of memory: the list says so (sticky), so that
 * no caller can mistake it for a complete one. */
static bool lost(cckit_diags *d)
{
    d->oom = true;
    return false;
}

bool cckit_diags_add(cckit_diags *d, cckit_severity sev, const char *code,
                     const char *rule, const char *file, unsigned line,
                     const char *hint, const char *fmt, ...)
{
    if (d->n == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        cckit_diag *nv = realloc(d->v, ncap * sizeof *nv);
        if (!nv)
            return lost(d);
        d->v = nv;
        d->cap = ncap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return lost(d);
    char *msg = malloc((size_t)n + 1);
    if (!msg)
        return lost(d);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cckit_diag *g = &d->v[d->n];
    g->severity = sev;
    g->lenient_severity = sev;
    g->code = code;
    g->rule = rule;
    g->file = dup_or_null(file);
    g->line = line;
    g->message = msg;
    g->hint = hint;
    g->limit = CCKIT_LIMIT_NONE;
    if (file && !g->file) {
        free(msg);
        return lost(d);
    }
    d->n++;
    return true;
}

bool cckit_diags_add_copy(cckit_diags *d, const cckit_diag *g, cckit_severity sev,
                          const char *rule, const char *hint)
{
    if (!cckit_diags_add(d, sev, g->code, rule, g->file, g->line, hint, "%s",
                         g->message ? g->message : ""))
        return false;
    d->v[d->n - 1].limit = g->limit;
    /* a copy at its own severity keeps its lenient one (a regraded
     * copy's is set by whoever regrades it) */
    if (sev == g->severity)
        d->v[d->n - 1].lenient_severity = g->lenient_severity;
    return true;
}

const cckit_rule *cckit_rule_in(const cckit_rule *table, const char *code)
{
    for (const cckit_rule *r = table; code && r && r->code; r++)
        if (strcmp(r->code, code) == 0)
            return r;
    return NULL;
}

const cckit_rule cckit_rules_internal[] = {
    {"internal.unregistered-code", NULL, CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "cckit",
     "every finding has a code of the registry",
     "a bug in cckit, not in the input: please report it with the input that caused it"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

bool cckit_diags_add_rule(cckit_diags *d, cckit_severity sev, const cckit_rule *r,
                          const char *file, unsigned line, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!r)   /* a code missing from its table: tests/registry-codes.sh */
        return cckit_diags_add(d, sev, cckit_rules_internal[0].code, NULL, file, line,
                               cckit_rules_internal[0].hint,
                               "internal: unregistered diagnostic code: %s", msg);
    return cckit_diags_add(d, sev, r->code, r->rule, file, line, r->hint, "%s", msg);
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
    d->oom = false;
}
