/* tree.c - the in-memory resource tree (cckit_manifest) shared by
 * import, validation and export: allocation, lookups and walks. */
#include "base/internal.h"
#include "tree/tree.h"
#include <stdlib.h>
#include <string.h>

cckit_manifest *cckit_tree_new(const char *file)
{
    cckit_manifest *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->arena = cckit_arena_new();
    m->ids = cckit_idmap_new();
    if (!m->arena || !m->ids) {
        cckit_manifest_free(m);
        return NULL;
    }
    m->file = cckit_arena_strdup(m->arena, file ? file : "imsmanifest.xml");
    if (!m->file) {
        cckit_manifest_free(m);
        return NULL;
    }
    return m;
}

void cckit_manifest_free(cckit_manifest *m)
{
    if (!m)
        return;
    cckit_diags_free(&m->diags);
    cckit_idmap_free(m->ids);
    free(m->resources);
    cckit_arena_free(m->arena);
    free(m);
}

cckit_resource *cckit_manifest_find_resource(const cckit_manifest *m,
                                             const char *identifier)
{
    if (!m || !identifier)
        return NULL;
    return cckit_idmap_get(m->ids, identifier);
}

const cckit_item *cckit_item_next(const cckit_item *it)
{
    if (!it)
        return NULL;
    if (it->first_child)
        return it->first_child;
    while (it) {
        if (it->next)
            return it->next;
        it = it->parent;
    }
    return NULL;
}

cckit_item *cckit_tree_add_item(cckit_manifest *m, cckit_organization *org,
                                cckit_item *parent)
{
    cckit_item *it = cckit_arena_alloc(m->arena, sizeof *it);
    if (!it)
        return NULL;
    it->parent = parent;
    if (parent) {
        it->depth = parent->depth + 1;
        if (parent->last_child)
            parent->last_child->next = it;
        else
            parent->first_child = it;
        parent->last_child = it;
        parent->n_children++;
    } else {
        if (org->last_item)
            org->last_item->next = it;
        else
            org->first_item = it;
        org->last_item = it;
    }
    org->n_items++;
    m->n_items++;
    return it;
}

cckit_resource *cckit_tree_add_resource(cckit_manifest *m)
{
    cckit_resource *r = cckit_arena_alloc(m->arena, sizeof *r);
    if (!r)
        return NULL;
    if (m->n_resources % 256 == 0) {
        cckit_resource **nv = realloc(m->resources,
                                      (m->n_resources + 256) * sizeof *nv);
        if (!nv)
            return NULL;
        m->resources = nv;
    }
    r->index = m->n_resources;
    r->kind = CCKIT_KIND_UNKNOWN;
    m->resources[m->n_resources++] = r;
    return r;
}

/* Per-resource arrays grow by doubling inside the arena. */
static bool need_slot(cckit_arena *a, void **v, size_t n, size_t elem)
{
    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 2;
        void *nv = cckit_arena_grow(a, *v, n, cap, elem);
        if (!nv)
            return false;
        *v = nv;
    }
    return true;
}

cckit_file *cckit_tree_add_file(cckit_manifest *m, cckit_resource *r)
{
    void *v = r->files;
    if (!need_slot(m->arena, &v, r->n_files, sizeof(cckit_file)))
        return NULL;
    r->files = v;
    m->n_files++;
    return &r->files[r->n_files++];
}

cckit_dependency *cckit_tree_add_dependency(cckit_manifest *m, cckit_resource *r)
{
    void *v = r->deps;
    if (!need_slot(m->arena, &v, r->n_deps, sizeof(cckit_dependency)))
        return NULL;
    r->deps = v;
    return &r->deps[r->n_deps++];
}

cckit_variant *cckit_tree_add_variant(cckit_manifest *m, cckit_resource *r)
{
    void *v = r->variants;
    if (!need_slot(m->arena, &v, r->n_variants, sizeof(cckit_variant)))
        return NULL;
    r->variants = v;
    return &r->variants[r->n_variants++];
}

cckit_vocab *cckit_tree_add_vocab(cckit_manifest *m, cckit_resource *r, bool role)
{
    cckit_vocab **list = role ? &r->roles : &r->contexts;
    size_t *n = role ? &r->n_roles : &r->n_contexts;
    void *v = *list;
    if (!need_slot(m->arena, &v, *n, sizeof(cckit_vocab)))
        return NULL;
    *list = v;
    cckit_vocab *e = &(*list)[(*n)++];
    memset(e, 0, sizeof *e);
    return e;
}

bool cckit_tree_add_keyword(cckit_manifest *m, const char *kw)
{
    cckit_metadata *md = &m->metadata;
    void *v = md->keywords;
    if (!need_slot(m->arena, &v, md->n_keywords, sizeof(char *)))
        return false;
    md->keywords = v;
    md->keywords[md->n_keywords] = cckit_arena_strdup(m->arena, kw);
    if (!md->keywords[md->n_keywords])
        return false;
    md->n_keywords++;
    return true;
}

/* Resolve identifierrefs of items and dependencies once the whole
 * document is read (targets may come after their users). */
void cckit_tree_resolve(cckit_manifest *m)
{
    for (size_t i = 0; i < m->n_resources; i++) {
        cckit_resource *r = m->resources[i];
        for (size_t d = 0; d < r->n_deps; d++)
            r->deps[d].resource = cckit_manifest_find_resource(m, r->deps[d].identifierref);
    }
    if (!m->organization)
        return;
    for (const cckit_item *c = m->organization->first_item; c; c = cckit_item_next(c)) {
        cckit_item *it = (cckit_item *)c;
        if (it->identifierref)
            it->resource = cckit_manifest_find_resource(m, it->identifierref);
    }
}
