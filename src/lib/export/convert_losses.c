/* convert_losses.c - convert's loss report: the changes the stylesheets
 * announce with <?cckit-loss ...?> processing instructions, collected
 * from a converted document into the report (and removed from it), and
 * the changes convert.c notes itself; the errors the output has that
 * the input had not. */
#include "config.h"
#include "export/export.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

bool cckit_convert_loss_add(cckit_loss_report *r, bool dropped, const char *code,
                            const char *resource, const char *item, const char *file,
                            const char *detail)
{
    if (r->n_changes == r->cap_changes) {
        size_t cap = r->cap_changes ? r->cap_changes * 2 : 16;
        cckit_change *v = realloc(r->changes, cap * sizeof *v);
        if (!v)
            return false;
        r->changes = v;
        r->cap_changes = cap;
    }
    cckit_change *c = &r->changes[r->n_changes++];
    c->dropped = dropped;
    c->code = strdup(code ? code : "unknown");
    c->resource = dup_or_null(resource);
    c->item = dup_or_null(item);
    c->file = dup_or_null(file);
    c->detail = dup_or_null(detail);
    c->title = NULL;
    if (dropped)
        r->dropped++;
    else
        r->changed++;
    return c->code && (c->resource || !resource || !*resource) && (c->item || !item || !*item)
           && (c->file || !file || !*file) && (c->detail || !detail || !*detail);
}


/* Value of pseudo-attribute key="..." in a PI's content, malloc'ed;
 * NULL when absent (or, with *oom set, when memory ran out). */
static char *pi_attr(const char *s, const char *key, bool *oom)
{
    size_t kl = strlen(key);
    for (const char *p = s; (p = strstr(p, key)) != NULL; p += kl) {
        if ((p == s || p[-1] == ' ') && p[kl] == '=' && p[kl + 1] == '"') {
            const char *v = p + kl + 2, *e = strchr(v, '"');
            if (!e)
                return NULL;
            char *r = strndup(v, (size_t)(e - v));
            *oom |= !r;
            return r;
        }
    }
    return NULL;
}

/* Move every <?cckit-loss?> of doc into the report (resource and file
 * default to the given ones) and remove it.  Iterative walk. */
bool cckit_convert_collect_losses(xmlDocPtr doc, cckit_loss_report *r,
                                  const char *resource, const char *file)
{
    bool ok = true;
    xmlNodePtr n = doc->children;
    while (n) {
        xmlNodePtr next;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            next = n->children;
        } else {
            next = n;
            while (next && !next->next && next->parent && (xmlNodePtr)next->parent != (xmlNodePtr)doc)
                next = next->parent;
            next = next ? next->next : NULL;
        }
        if (n->type == XML_PI_NODE && n->name && strcmp((const char *)n->name, "cckit-loss") == 0) {
            const char *c = n->content ? (const char *)n->content : "";
            bool oom = false;
            char *kind = pi_attr(c, "kind", &oom), *code = pi_attr(c, "code", &oom),
                 *res = pi_attr(c, "resource", &oom), *item = pi_attr(c, "item", &oom),
                 *f = pi_attr(c, "file", &oom), *detail = pi_attr(c, "detail", &oom);
            ok = cckit_convert_loss_add(r, kind && strcmp(kind, "dropped") == 0, code,
                            res && *res ? res : resource, item, f && *f ? f : file, detail) && !oom && ok;
            free(kind), free(code), free(res), free(item), free(f), free(detail);
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        }
        n = next;
    }
    return ok;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Errors of `after` whose code occurs more often than in `before`. */
void cckit_convert_new_errors(const cckit_validation *before, const cckit_validation *after,
                              cckit_diags *out)
{
    size_t nb = 0;
    const char **codes = calloc(before->diags.n + 1, sizeof *codes);
    if (!codes) {
        out->oom = true;   /* the list would be incomplete: see out_check */
        return;
    }
    for (size_t i = 0; i < before->diags.n; i++)
        if (before->diags.v[i].severity == CCKIT_SEV_ERROR)
            codes[nb++] = before->diags.v[i].code;
    if (nb)
        qsort(codes, nb, sizeof *codes, cmp_code);
    bool *used = calloc(nb + 1, sizeof *used);
    if (!used)
        out->oom = true;
    for (size_t i = 0; used && i < after->diags.n; i++) {
        const cckit_diag *d = &after->diags.v[i];
        if (d->severity != CCKIT_SEV_ERROR)
            continue;
        bool matched = false;
        for (size_t k = 0; k < nb; k++)
            if (!used[k] && strcmp(codes[k], d->code) == 0) {
                used[k] = matched = true;
                break;
            }
        if (!matched)
            cckit_diags_add_copy(out, d, d->severity, d->rule, d->hint);
    }
    free(used);
    free(codes);
}
