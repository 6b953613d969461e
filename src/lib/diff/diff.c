/* diff.c - cckit_diff_paths: open both cartridges, run the parts in the
 * order of the groups (so the list comes out grouped), own the list. */
#include "diff/diff.h"
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, bool *oom)
{
    if (s == NULL)
        return NULL;
    char *c = strdup(s);
    if (c == NULL)
        *oom = true;
    return c;
}

void cckit_diff_add(cckit_diff_run *r, const char *code, cckit_diff_group g,
                    const char *subject, const char *before, const char *after,
                    const char *file, unsigned line)
{
    cckit_diff *d = r->d;
    if (d->n_changes == d->cap_changes) {
        size_t cap = d->cap_changes ? d->cap_changes * 2 : 32;
        cckit_diff_change *v = realloc(d->changes, cap * sizeof *v);
        if (v == NULL) {
            r->oom = true;
            return;
        }
        d->changes = v;
        d->cap_changes = cap;
    }
    cckit_diff_change *c = &d->changes[d->n_changes];
    memset(c, 0, sizeof *c);
    c->code = code;
    c->group = g;
    c->line = line;
    bool oom = false;
    c->subject = dup_or_null(subject ? subject : "", &oom);
    c->before = dup_or_null(before, &oom);
    c->after = dup_or_null(after, &oom);
    c->file = dup_or_null(file, &oom);
    d->n_changes++;
    if (oom)
        r->oom = true;
}

const char *cckit_diff_resource_name(const cckit_resource *res)
{
    if (res->href != NULL && res->href[0] != '\0')
        return res->href;
    if (res->n_files > 0 && res->files[0].href != NULL)
        return res->files[0].href;
    return res->identifier ? res->identifier : "(resource without identifier)";
}

const char *cckit_diff_group_name(cckit_diff_group g)
{
    static const char *const names[] = { "cartridge", "metadata", "organization",
                                         "resources", "files", "descriptors" };
    return (unsigned)g < sizeof names / sizeof names[0] ? names[g] : "unknown";
}

void cckit_diff_free(cckit_diff *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n_changes; i++) {
        free(d->changes[i].subject);
        free(d->changes[i].before);
        free(d->changes[i].after);
        free(d->changes[i].file);
    }
    free(d->changes);
    free(d->a);
    free(d->b);
    free(d);
}

cckit_status cckit_diff_paths(const char *a, const char *b, const cckit_limits *lim,
                              cckit_diff **out, cckit_error *err)
{
    *out = NULL;
    if (a == NULL || b == NULL)
        return cckit_fail(err, CCKIT_E_USAGE, "diff: two cartridges are needed");
    cckit_limits deflim;
    if (lim == NULL) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    cckit_cartridge *ca = NULL, *cb = NULL;
    cckit_status st = cckit_cartridge_open(a, lim, &ca, err);
    if (st != CCKIT_OK)
        return st;
    st = cckit_cartridge_open(b, lim, &cb, err);
    if (st != CCKIT_OK) {
        cckit_cartridge_free(ca);
        return st;
    }
    cckit_diff *d = calloc(1, sizeof *d);
    cckit_diff_run r;
    memset(&r, 0, sizeof r);
    if (d == NULL || (d->a = strdup(a)) == NULL || (d->b = strdup(b)) == NULL)
        goto nomem;
    r.d = d;
    r.a = ca;
    r.b = cb;
    r.lim = lim;
    d->version_a = ca->manifest->version;
    d->version_b = cb->manifest->version;
    d->across_versions = d->version_a != d->version_b;
    r.res_ab = calloc(ca->manifest->n_resources + 1, sizeof *r.res_ab);
    r.res_ba = calloc(cb->manifest->n_resources + 1, sizeof *r.res_ba);
    if (r.res_ab == NULL || r.res_ba == NULL)
        goto nomem;
    cckit_diff_manifests(&r);
    if (r.oom)
        goto nomem;
    st = cckit_diff_files(&r, err);
    if (st == CCKIT_OK)
        st = cckit_diff_descriptors(&r, err);
    if (st == CCKIT_OK && r.oom)
        goto nomem;
    free(r.res_ab);
    free(r.res_ba);
    cckit_cartridge_free(ca);
    cckit_cartridge_free(cb);
    if (st != CCKIT_OK) {
        cckit_diff_free(d);
        return st;
    }
    *out = d;
    return CCKIT_OK;
nomem:
    free(r.res_ab);
    free(r.res_ba);
    cckit_diff_free(d);
    cckit_cartridge_free(ca);
    cckit_cartridge_free(cb);
    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}
