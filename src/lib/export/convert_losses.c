/* convert_losses.c - convert's loss report: the changes the stylesheets
 * announce with <?cckit-loss ...?> processing instructions, collected
 * from a converted document into the report (and removed from it), and
 * the changes convert.c notes itself. */
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
