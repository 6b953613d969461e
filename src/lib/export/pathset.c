/* pathset.c - sets of package paths (sorted arrays) for convert: the
 * files the input and the output manifest list, the descriptors done. */
#include "export/pathset.h"
#include "content/href.h"
#include <stdlib.h>
#include <string.h>


void cckit_ps_add(cckit_pathset *s, char *owned)
{
    if (!owned) {
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            free(owned);
            s->oom = true;
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = owned;
    s->sorted = false;
}

void cckit_ps_add_copy(cckit_pathset *s, const char *p)
{
    char *c = strdup(p);
    if (!c)
        s->oom = true;
    cckit_ps_add(s, c);
}

void cckit_ps_add_resolved(cckit_pathset *s, const char *base, const char *href)
{
    char *r = NULL;
    if (cckit_href_resolve_ex(base, href, 0, &r) == CCKIT_HREF_NOMEM)
        s->oom = true;
    cckit_ps_add(s, r);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool cckit_ps_has(cckit_pathset *s, const char *p)
{
    if (s->n == 0)
        return false;
    if (!s->sorted) {
        qsort(s->v, s->n, sizeof *s->v, cmp_str);
        s->sorted = true;
    }
    return bsearch(&p, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

void cckit_ps_free(cckit_pathset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* Files of the output manifest (a DOM), resolved against xml:base. */
void cckit_ps_from_dom(cckit_pathset *s, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr sec = root ? root->children : NULL; sec; sec = sec->next) {
        if (sec->type != XML_ELEMENT_NODE || strcmp((const char *)sec->name, "resources"))
            continue;
        for (xmlNodePtr r = sec->children; r; r = r->next) {
            if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "resource"))
                continue;
            xmlChar *base = xmlGetNsProp(r, (const xmlChar *)"base", XML_XML_NAMESPACE);
            for (xmlNodePtr f = r->children; f; f = f->next) {
                if (f->type != XML_ELEMENT_NODE || strcmp((const char *)f->name, "file"))
                    continue;
                xmlChar *href = xmlGetProp(f, (const xmlChar *)"href");
                if (href)
                    cckit_ps_add_resolved(s, base ? (const char *)base : "", (const char *)href);
                xmlFree(href);
            }
            xmlFree(base);
        }
    }
}

