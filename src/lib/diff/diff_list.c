/* diff_list.c - the list of changes every part of the diff appends to
 * (below the parts, so that no part calls back the run in diff.c), and
 * the names it uses. */
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
