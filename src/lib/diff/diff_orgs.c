/* diff_orgs.c - the organizations and their items.  The first
 * organization is the tree's; those after it (CC allows one, a
 * manifest may hold several) are read again (diff_reread.c) and matched
 * by identifier, then title, then position.  Items are matched by
 * identifier, then by the path of titles from the root, then by rank
 * (diff_match.c).  "moved" = the matched parent differs; "renamed" = the
 * title differs; "retargeted" = the identifierref leads to a resource
 * that is not the match of the old one. */
#include "diff/diff.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


typedef struct item_list {
    const cckit_item **v;
    size_t n;
    char **path;     /* titles from the root, joined by U+241F-free \x1f */
    long *sib;       /* position among its siblings */
} item_list;

typedef struct ptr_ix {
    const void *p;
    size_t i;
} ptr_ix;

static int ptr_cmp(const void *x, const void *y)
{
    const ptr_ix *a = x, *b = y;
    return a->p < b->p ? -1 : a->p > b->p;
}

static long find_ix(const ptr_ix *t, size_t n, const void *p)
{
    if (p == NULL)
        return -1;
    ptr_ix key = { p, 0 };
    const ptr_ix *f = bsearch(&key, t, n, sizeof *t, ptr_cmp);
    return f ? (long)f->i : -1;
}

static bool collect(const cckit_organization *org, item_list *L, ptr_ix **tab)
{
    memset(L, 0, sizeof *L);
    *tab = NULL;
    size_t cap = (org ? org->n_items : 0) + 1;
    L->v = calloc(cap, sizeof *L->v);
    L->path = calloc(cap, sizeof *L->path);
    L->sib = calloc(cap, sizeof *L->sib);
    *tab = calloc(cap, sizeof **tab);
    if (L->v == NULL || L->path == NULL || L->sib == NULL || *tab == NULL)
        return false;
    if (org == NULL)
        return true;
    for (const cckit_item *it = org->first_item; it && L->n < cap; it = cckit_item_next(it))
        L->v[L->n++] = it;
    for (size_t i = 0; i < L->n; i++) {
        (*tab)[i].p = L->v[i];
        (*tab)[i].i = i;
    }
    qsort(*tab, L->n, sizeof **tab, ptr_cmp);
    for (size_t i = 0; i < L->n; i++) {
        const cckit_item *it = L->v[i];
        long p = find_ix(*tab, L->n, it->parent);
        cckit_strbuf b;
        cckit_strbuf_init(&b);
        if (p >= 0)
            cckit_strbuf_adds(&b, L->path[p]);
        cckit_strbuf_add(&b, "\x1f", 1);
        cckit_strbuf_adds(&b, it->title ? it->title : "");
        if (b.oom)
            return false;
        L->path[i] = b.s;
    }
    /* positions among siblings: each list of children walked once */
    long k = 0;
    for (const cckit_item *s = org->first_item; s; s = s->next) {
        long ix = find_ix(*tab, L->n, s);
        if (ix >= 0)
            L->sib[ix] = k++;
    }
    for (size_t i = 0; i < L->n; i++) {
        k = 0;
        for (const cckit_item *s = L->v[i]->first_child; s; s = s->next) {
            long ix = find_ix(*tab, L->n, s);
            if (ix >= 0)
                L->sib[ix] = k++;
        }
    }
    return true;
}

static void free_list(item_list *L)
{
    if (L->path)
        for (size_t i = 0; i < L->n; i++)
            free(L->path[i]);
    free(L->path);
    free(L->v);
    free(L->sib);
}

static const char *item_name(const cckit_item *it)
{
    if (it == NULL)
        return "(top level)";
    if (it->title && it->title[0])
        return it->title;
    return it->identifier ? it->identifier : "(item without identifier)";
}

static const char *target_name(const cckit_item *it)
{
    if (it->resource)
        return cckit_diff_resource_name(it->resource);
    return it->identifierref;
}

/* The items of organization oa of A against ob of B (either may be
 * NULL: no items). */
static void diff_items(cckit_diff_run *r, const cckit_organization *oa,
                       const cckit_organization *ob)
{
    const cckit_manifest *a = r->a->manifest, *b = r->b->manifest;
    const char *mf = b->file ? b->file : "imsmanifest.xml";
    item_list A, B;
    ptr_ix *ta = NULL, *tb = NULL;
    long *ab = NULL, *ba = NULL;
    char **ka = NULL, **kb = NULL;
    bool ok = collect(oa, &A, &ta) & collect(ob, &B, &tb);
    if (!ok)
        goto nomem;
    ab = malloc((A.n + 1) * sizeof *ab);
    ba = malloc((B.n + 1) * sizeof *ba);
    ka = calloc(A.n + 1, sizeof *ka);
    kb = calloc(B.n + 1, sizeof *kb);
    if (ab == NULL || ba == NULL || ka == NULL || kb == NULL)
        goto nomem;
    for (size_t i = 0; i < A.n; i++) {
        ab[i] = -1;
        ka[i] = A.v[i]->identifier;
    }
    for (size_t j = 0; j < B.n; j++) {
        ba[j] = -1;
        kb[j] = B.v[j]->identifier;
    }
    cckit_diff_match_by(ka, A.n, kb, B.n, ab, ba, &r->oom);
    cckit_diff_match_by(A.path, A.n, B.path, B.n, ab, ba, &r->oom);
    cckit_diff_match_rank(A.path, A.n, B.path, B.n, ab, ba, &r->oom);

    bool *reordered = calloc(B.n + 1, sizeof *reordered);
    if (reordered == NULL)
        goto nomem;
    for (size_t i = 0; i < A.n; i++) {
        const cckit_item *x = A.v[i];
        if (ab[i] < 0) {
            cckit_diff_add(r, "item.removed", CCKIT_DIFF_ORGANIZATION, item_name(x),
                           item_name(x->parent), NULL, a->file, x->pos.line);
            continue;
        }
        const cckit_item *y = B.v[ab[i]];
        const char *name = item_name(y);
        unsigned line = y->pos.line;
        if (!cckit_diff_same_str(x->title, y->title))
            cckit_diff_add(r, "item.renamed", CCKIT_DIFF_ORGANIZATION, name, x->title, y->title,
                           mf, line);
        if (!cckit_diff_same_str(x->identifier, y->identifier))
            cckit_diff_add(r, "item.identifier", CCKIT_DIFF_ORGANIZATION, name, x->identifier,
                           y->identifier, mf, line);
        long pa = find_ix(ta, A.n, x->parent), pb = find_ix(tb, B.n, y->parent);
        long pa_in_b = pa >= 0 ? ab[pa] : -1;
        if (pa_in_b != pb)
            cckit_diff_add(r, "item.moved", CCKIT_DIFF_ORGANIZATION, name, item_name(x->parent),
                           item_name(y->parent), mf, line);
        /* retargeted: not the same resource after matching */
        bool same_target;
        if (x->resource && y->resource)
            same_target = r->res_ab[x->resource->index] == (long)y->resource->index;
        else if (x->resource == NULL && y->resource == NULL)
            same_target = cckit_diff_same_str(x->identifierref, y->identifierref);
        else
            same_target = false;
        if (!same_target)
            cckit_diff_add(r, "item.retargeted", CCKIT_DIFF_ORGANIZATION, name, target_name(x),
                           target_name(y), mf, line);
    }
    for (size_t j = 0; j < B.n; j++)
        if (ba[j] < 0)
            cckit_diff_add(r, "item.added", CCKIT_DIFF_ORGANIZATION, item_name(B.v[j]), NULL,
                           item_name(B.v[j]->parent), mf, B.v[j]->pos.line);
    /* reordered: children that stayed under the same parent, in A's order,
     * are not in B's order; once per parent (slot B.n: the top level) */
    {
        long *last = malloc((B.n + 1) * sizeof *last);
        if (last == NULL) {
            free(reordered);
            goto nomem;
        }
        for (size_t j = 0; j <= B.n; j++)
            last[j] = -1;
        for (size_t i = 0; i < A.n; i++) {
            if (ab[i] < 0)
                continue;
            const cckit_item *x = A.v[i], *y = B.v[ab[i]];
            long pa = find_ix(ta, A.n, x->parent), pb = find_ix(tb, B.n, y->parent);
            if ((pa >= 0 ? ab[pa] : -1) != pb)
                continue;
            size_t slot = pb >= 0 ? (size_t)pb : B.n;
            if (B.sib[ab[i]] < last[slot])
                reordered[slot] = true;
            last[slot] = B.sib[ab[i]];
        }
        for (size_t j = 0; j <= B.n; j++)
            if (reordered[j])
                cckit_diff_add(r, "item.reordered", CCKIT_DIFF_ORGANIZATION,
                               j < B.n ? item_name(B.v[j]) : "(top level)", NULL, NULL, mf,
                               j < B.n ? B.v[j]->pos.line : 0);
        free(last);
    }
    free(reordered);
    goto out;
nomem:
    r->oom = true;
out:
    free(ab);
    free(ba);
    free(ka);
    free(kb);
    free(ta);
    free(tb);
    free_list(&A);
    free_list(&B);
}

static const char *org_name(const cckit_organization *o)
{
    if (o->title && o->title[0])
        return o->title;
    return o->identifier ? o->identifier : "(organization without identifier)";
}

/* Organizations after the first, in document order on each side. */
static void diff_more_orgs(cckit_diff_run *r)
{
    const cckit_diff_more *x = &r->more_a, *y = &r->more_b;
    const char *fa = r->a->manifest->file, *fb = r->b->manifest->file;
    size_t na = x->n_orgs, nb = y->n_orgs;
    if (na == 0 && nb == 0)
        return;
    long *ab = malloc((na + 1) * sizeof *ab), *ba = malloc((nb + 1) * sizeof *ba);
    char **ka = calloc(na + 1, sizeof *ka), **kb = calloc(nb + 1, sizeof *kb);
    if (ab == NULL || ba == NULL || ka == NULL || kb == NULL) {
        r->oom = true;
        goto out;
    }
    for (size_t i = 0; i < na; i++) {
        ab[i] = -1;
        ka[i] = x->orgs[i]->identifier;
    }
    for (size_t j = 0; j < nb; j++) {
        ba[j] = -1;
        kb[j] = y->orgs[j]->identifier;
    }
    cckit_diff_match_by(ka, na, kb, nb, ab, ba, &r->oom);
    for (size_t i = 0; i < na; i++)
        ka[i] = x->orgs[i]->title;
    for (size_t j = 0; j < nb; j++)
        kb[j] = y->orgs[j]->title;
    cckit_diff_match_by(ka, na, kb, nb, ab, ba, &r->oom);
    /* what is left, by position among what is left */
    for (size_t i = 0, j = 0; i < na; i++) {
        if (ab[i] >= 0)
            continue;
        while (j < nb && ba[j] >= 0)
            j++;
        if (j == nb)
            break;
        ab[i] = (long)j;
        ba[j] = (long)i;
    }
    for (size_t i = 0; i < na; i++) {
        const cckit_organization *o = x->orgs[i];
        if (ab[i] < 0) {
            cckit_diff_add(r, "organization.removed", CCKIT_DIFF_ORGANIZATION, org_name(o), NULL,
                           NULL, fa, o->pos.line);
            continue;
        }
        const cckit_organization *p = y->orgs[ab[i]];
        if (!cckit_diff_same_str(o->title, p->title))
            cckit_diff_add(r, "organization.title", CCKIT_DIFF_ORGANIZATION, org_name(p),
                           o->title, p->title, fb, p->pos.line);
        diff_items(r, o, p);
    }
    for (size_t j = 0; j < nb; j++)
        if (ba[j] < 0) {
            cckit_diff_add(r, "organization.added", CCKIT_DIFF_ORGANIZATION,
                           org_name(y->orgs[j]), NULL, NULL, fb, y->orgs[j]->pos.line);
            diff_items(r, NULL, y->orgs[j]);
        }
    for (size_t i = 0; i < na; i++)
        if (ab[i] < 0)
            diff_items(r, x->orgs[i], NULL);
out:
    free(ab);
    free(ba);
    free(ka);
    free(kb);
}

void cckit_diff_organizations(cckit_diff_run *r)
{
    const cckit_manifest *a = r->a->manifest, *b = r->b->manifest;
    const char *mf = b->file ? b->file : "imsmanifest.xml";
    if ((a->organization == NULL) != (b->organization == NULL))
        cckit_diff_add(r, a->organization ? "organization.removed" : "organization.added",
                       CCKIT_DIFF_ORGANIZATION, "organization", NULL, NULL, mf, 0);
    else if (a->organization &&
             !cckit_diff_same_str(a->organization->title, b->organization->title))
        cckit_diff_add(r, "organization.title", CCKIT_DIFF_ORGANIZATION, "organization",
                       a->organization->title, b->organization->title, mf,
                       b->organization->pos.line);
    diff_items(r, a->organization, b->organization);
    diff_more_orgs(r);
}
