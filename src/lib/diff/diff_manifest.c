/* diff_manifest.c - the manifest part of the diff: metadata, the
 * organization's items and the resources.
 *
 * Matching: by identifier first (when it is unique on both sides), then,
 * for what is left, by a stable key that survives re-exports that
 * renumber identifiers: an item's path of titles from the root, a
 * resource's href (or first file).  A key shared by several nodes on one
 * side matches nothing in these passes; what is left is then paired in
 * document order by that key when as many unmatched nodes hold it on
 * each side (match_rank).  "moved" = the matched parent differs;
 * "renamed" = the title differs; "retargeted" = the identifierref leads
 * to a resource that is not the match of the old one. */
#include "diff/diff.h"
#include <libxml/uri.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool same_str(const char *x, const char *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return strcmp(x, y) == 0;
}

/* key -> index+1 of its first holder; NULL keys are skipped. */
static cckit_idmap *index_keys(char *const *keys, size_t n, bool *oom)
{
    cckit_idmap *m = cckit_idmap_new();
    if (m == NULL) {
        *oom = true;
        return NULL;
    }
    bool failed = false;
    for (size_t i = 0; i < n && !failed; i++)
        if (keys[i] != NULL)
            cckit_idmap_put(m, keys[i], (void *)(uintptr_t)(i + 1), &failed);
    if (failed) {   /* a key left out would be looked up as index -1 */
        *oom = true;
        cckit_idmap_free(m);
        return NULL;
    }
    return m;
}

/* Match what is still unmatched (-1) in ab/ba through keys; the keys of
 * one side indexed, the other looked up.  ambiguity: a key used twice on
 * either side matches nothing. */
static void match_by(char *const *ka, size_t na, char *const *kb, size_t nb,
                     long *ab, long *ba, bool *oom)
{
    cckit_idmap *ia = index_keys(ka, na, oom), *ib = index_keys(kb, nb, oom);
    if (ia == NULL || ib == NULL)
        goto out;
    /* count repeats: index_keys keeps the first, so count separately */
    size_t *cnt_a = calloc(na + 1, sizeof *cnt_a), *cnt_b = calloc(nb + 1, sizeof *cnt_b);
    if (cnt_a == NULL || cnt_b == NULL) {
        *oom = true;
        free(cnt_a);
        free(cnt_b);
        goto out;
    }
    for (size_t i = 0; i < na; i++)
        if (ka[i] != NULL)
            cnt_a[(uintptr_t)cckit_idmap_get(ia, ka[i]) - 1]++;
    for (size_t j = 0; j < nb; j++)
        if (kb[j] != NULL)
            cnt_b[(uintptr_t)cckit_idmap_get(ib, kb[j]) - 1]++;
    for (size_t i = 0; i < na; i++) {
        if (ab[i] >= 0 || ka[i] == NULL || cnt_a[i] != 1)
            continue;
        void *v = cckit_idmap_get(ib, ka[i]);
        if (v == NULL)
            continue;
        size_t j = (uintptr_t)v - 1;
        if (cnt_b[j] != 1 || ba[j] >= 0)
            continue;
        ab[i] = (long)j;
        ba[j] = (long)i;
    }
    free(cnt_a);
    free(cnt_b);
out:
    cckit_idmap_free(ia);
    cckit_idmap_free(ib);
}

/* Then what is still unmatched and holds a key that as many unmatched
 * nodes hold on each side (several, or one left beside a matched one)
 * is paired in document order: the first with the first, and so on.  So
 * a cartridge with a key used twice is the same as itself, and a
 * renamed duplicate (repair.id-renamed) is matched by its rank. */
static void match_rank(char *const *ka, size_t na, char *const *kb, size_t nb,
                       long *ab, long *ba, bool *oom)
{
    char **ua = calloc(na + 1, sizeof *ua), **ub = calloc(nb + 1, sizeof *ub);
    size_t *cnt_a = calloc(na + 1, sizeof *cnt_a), *cnt_b = calloc(nb + 1, sizeof *cnt_b);
    long *next = malloc((na + 1) * sizeof *next), *last = malloc((na + 1) * sizeof *last);
    cckit_idmap *ia = NULL, *ib = NULL;
    if (!ua || !ub || !cnt_a || !cnt_b || !next || !last) {
        *oom = true;
        goto out;
    }
    for (size_t i = 0; i < na; i++)
        ua[i] = ab[i] < 0 ? ka[i] : NULL;
    for (size_t j = 0; j < nb; j++)
        ub[j] = ba[j] < 0 ? kb[j] : NULL;
    ia = index_keys(ua, na, oom);
    ib = index_keys(ub, nb, oom);
    if (ia == NULL || ib == NULL)
        goto out;
    /* per key (its first holder f): count, and the holders chained in
     * document order, from f through next[] (last[f]: the chain's end) */
    for (size_t i = 0; i < na; i++) {
        next[i] = -1;
        if (ua[i] == NULL)
            continue;
        size_t f = (uintptr_t)cckit_idmap_get(ia, ua[i]) - 1;
        if (cnt_a[f]++ > 0)
            next[last[f]] = (long)i;
        last[f] = (long)i;
    }
    for (size_t j = 0; j < nb; j++)
        if (ub[j] != NULL)
            cnt_b[(uintptr_t)cckit_idmap_get(ib, ub[j]) - 1]++;
    /* last[f] becomes the cursor: the next holder of f's key to pair */
    for (size_t i = 0; i < na; i++)
        if (ua[i] != NULL && (uintptr_t)cckit_idmap_get(ia, ua[i]) - 1 == i)
            last[i] = (long)i;
    for (size_t j = 0; j < nb; j++) {
        if (ub[j] == NULL)
            continue;
        void *v = cckit_idmap_get(ia, ub[j]);
        if (v == NULL)
            continue;
        size_t f = (uintptr_t)v - 1, g = (uintptr_t)cckit_idmap_get(ib, ub[j]) - 1;
        if (cnt_a[f] != cnt_b[g] || last[f] < 0)
            continue;
        long i = last[f];
        ab[i] = (long)j;
        ba[j] = i;
        last[f] = next[i];
    }
out:
    cckit_idmap_free(ia);
    cckit_idmap_free(ib);
    free(ua);
    free(ub);
    free(cnt_a);
    free(cnt_b);
    free(next);
    free(last);
}

/* ---- metadata ------------------------------------------------------ */

static char *join_keywords(const cckit_metadata *m)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    for (size_t i = 0; i < m->n_keywords; i++) {
        if (i)
            cckit_strbuf_adds(&b, "; ");
        cckit_strbuf_adds(&b, m->keywords[i] ? m->keywords[i] : "");
    }
    if (b.s == NULL)
        cckit_strbuf_adds(&b, "");
    return b.s;
}

static void diff_metadata(cckit_diff_run *r)
{
    const cckit_manifest *a = r->a->manifest, *b = r->b->manifest;
    const char *mf = b->file ? b->file : "imsmanifest.xml";
    if (a->version != b->version)
        cckit_diff_add(r, "cartridge.version", CCKIT_DIFF_CARTRIDGE, "CC version",
                       cckit_cc_version_string(a->version),
                       cckit_cc_version_string(b->version), mf, 0);
    if (a->thin != b->thin)
        cckit_diff_add(r, "cartridge.thin", CCKIT_DIFF_CARTRIDGE, "Thin Common Cartridge",
                       a->thin ? "yes" : "no", b->thin ? "yes" : "no", mf, 0);
    if (!same_str(a->identifier, b->identifier))
        cckit_diff_add(r, "cartridge.identifier", CCKIT_DIFF_CARTRIDGE, "manifest identifier",
                       a->identifier, b->identifier, mf, 0);
    const cckit_metadata *ma = &a->metadata, *mb = &b->metadata;
    unsigned line = mb->pos.line;
    static const struct { const char *code, *what; size_t off; } fields[] = {
        { "metadata.schema", "schema", offsetof(cckit_metadata, schema) },
        { "metadata.schemaversion", "schemaversion", offsetof(cckit_metadata, schemaversion) },
        { "metadata.title", "title", offsetof(cckit_metadata, title) },
        { "metadata.description", "description", offsetof(cckit_metadata, description) },
        { "metadata.language", "language", offsetof(cckit_metadata, language) },
        { "metadata.rights", "rights", offsetof(cckit_metadata, rights) },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *x = *(char *const *)((const char *)ma + fields[i].off);
        const char *y = *(char *const *)((const char *)mb + fields[i].off);
        /* across versions the schemaversion is the version's own */
        if ((r->d->across_versions && i == 1) || (a->thin != b->thin && i == 0))
            continue;   /* the version's or flavour's own: cartridge.* says it */
        if (!same_str(x, y))
            cckit_diff_add(r, fields[i].code, CCKIT_DIFF_METADATA, fields[i].what, x, y, mf, line);
    }
    char *ka = join_keywords(ma), *kb = join_keywords(mb);
    if (ka == NULL || kb == NULL)
        r->oom = true;
    else if (strcmp(ka, kb) != 0)
        cckit_diff_add(r, "metadata.keywords", CCKIT_DIFF_METADATA, "keywords", ka, kb, mf, line);
    free(ka);
    free(kb);
}

/* ---- resources ----------------------------------------------------- */

static char *decode_href(const char *href)
{
    /* libxml2's unescaper; a bad escape stays as written */
    char *d = href ? xmlURIUnescapeString(href, 0, NULL) : NULL;
    if (d != NULL)
        return d;
    return href ? strdup(href) : NULL;
}

/* Whether the positions (in B) of matched things, taken in A's order, go
 * up: if not, their order changed. */
static bool in_order(const long *pos, size_t n)
{
    long last = -1;
    for (size_t i = 0; i < n; i++) {
        if (pos[i] < 0)
            continue;
        if (pos[i] < last)
            return false;
        last = pos[i];
    }
    return true;
}

static void diff_resource_files(cckit_diff_run *r, const cckit_resource *x,
                                const cckit_resource *y, const char *name, const char *mf)
{
    char **da = calloc(x->n_files + 1, sizeof *da), **db = calloc(y->n_files + 1, sizeof *db);
    long *ab = malloc((x->n_files + 1) * sizeof *ab), *ba = malloc((y->n_files + 1) * sizeof *ba);
    if (da == NULL || db == NULL || ab == NULL || ba == NULL) {
        r->oom = true;
        goto out;
    }
    for (size_t i = 0; i < x->n_files; i++) {
        da[i] = decode_href(x->files[i].href);
        ab[i] = -1;
    }
    for (size_t j = 0; j < y->n_files; j++) {
        db[j] = decode_href(y->files[j].href);
        ba[j] = -1;
    }
    match_by(da, x->n_files, db, y->n_files, ab, ba, &r->oom);
    match_rank(da, x->n_files, db, y->n_files, ab, ba, &r->oom);
    for (size_t i = 0; i < x->n_files; i++) {
        if (ab[i] < 0)
            cckit_diff_add(r, "resource.file-removed", CCKIT_DIFF_RESOURCES, name,
                           x->files[i].href, NULL, mf, y->pos.line);
        else if (!same_str(x->files[i].href, y->files[ab[i]].href))
            cckit_diff_add(r, "resource.file-href", CCKIT_DIFF_RESOURCES, name,
                           x->files[i].href, y->files[ab[i]].href, mf, y->files[ab[i]].pos.line);
    }
    for (size_t j = 0; j < y->n_files; j++)
        if (ba[j] < 0)
            cckit_diff_add(r, "resource.file-added", CCKIT_DIFF_RESOURCES, name,
                           NULL, y->files[j].href, mf, y->files[j].pos.line);
    if (!in_order(ab, x->n_files))
        cckit_diff_add(r, "resource.files-reordered", CCKIT_DIFF_RESOURCES, name,
                       NULL, NULL, mf, y->pos.line);
out:
    if (da)
        for (size_t i = 0; i < x->n_files; i++)
            free(da[i]);
    if (db)
        for (size_t j = 0; j < y->n_files; j++)
            free(db[j]);
    free(da);
    free(db);
    free(ab);
    free(ba);
}

/* A dependency's identity across the two sides: the index in B of the
 * resource it leads to, or its raw identifierref when dangling. */
static bool dep_in(const cckit_diff_run *r, const cckit_dependency *dx,
                   const cckit_resource *y)
{
    long want = dx->resource ? r->res_ab[dx->resource->index] : -2;
    for (size_t k = 0; k < y->n_deps; k++) {
        const cckit_dependency *dy = &y->deps[k];
        if (want >= 0 && dy->resource && (long)dy->resource->index == want)
            return true;
        if (want == -2 && dy->resource == NULL && same_str(dx->identifierref, dy->identifierref))
            return true;
    }
    return false;
}

static bool dep_in_a(const cckit_diff_run *r, const cckit_dependency *dy,
                     const cckit_resource *x)
{
    long want = dy->resource ? r->res_ba[dy->resource->index] : -2;
    for (size_t k = 0; k < x->n_deps; k++) {
        const cckit_dependency *dx = &x->deps[k];
        if (want >= 0 && dx->resource && (long)dx->resource->index == want)
            return true;
        if (want == -2 && dx->resource == NULL && same_str(dx->identifierref, dy->identifierref))
            return true;
    }
    return false;
}

static const char *dep_name(const cckit_dependency *dp)
{
    return dp->resource ? cckit_diff_resource_name(dp->resource)
                        : (dp->identifierref ? dp->identifierref : "");
}

static void diff_resources(cckit_diff_run *r)
{
    const cckit_manifest *a = r->a->manifest, *b = r->b->manifest;
    const char *mf = b->file ? b->file : "imsmanifest.xml";
    size_t na = a->n_resources, nb = b->n_resources;
    char **ka = calloc(na + 1, sizeof *ka), **kb = calloc(nb + 1, sizeof *kb);
    if (ka == NULL || kb == NULL) {
        r->oom = true;
        goto out;
    }
    for (size_t i = 0; i < na; i++)
        r->res_ab[i] = -1;
    for (size_t j = 0; j < nb; j++)
        r->res_ba[j] = -1;
    for (size_t i = 0; i < na; i++)
        ka[i] = a->resources[i]->identifier;
    for (size_t j = 0; j < nb; j++)
        kb[j] = b->resources[j]->identifier;
    match_by(ka, na, kb, nb, r->res_ab, r->res_ba, &r->oom);
    for (size_t i = 0; i < na; i++)
        ka[i] = (char *)cckit_diff_resource_name(a->resources[i]);
    for (size_t j = 0; j < nb; j++)
        kb[j] = (char *)cckit_diff_resource_name(b->resources[j]);
    match_by(ka, na, kb, nb, r->res_ab, r->res_ba, &r->oom);
    match_rank(ka, na, kb, nb, r->res_ab, r->res_ba, &r->oom);

    for (size_t i = 0; i < na; i++) {
        const cckit_resource *x = a->resources[i];
        if (r->res_ab[i] < 0) {
            cckit_diff_add(r, "resource.removed", CCKIT_DIFF_RESOURCES,
                           cckit_diff_resource_name(x), x->type, NULL, a->file, x->pos.line);
            continue;
        }
        const cckit_resource *y = b->resources[r->res_ab[i]];
        const char *name = cckit_diff_resource_name(y);
        if (!same_str(x->identifier, y->identifier))
            cckit_diff_add(r, "resource.identifier", CCKIT_DIFF_RESOURCES, name,
                           x->identifier, y->identifier, mf, y->pos.line);
        bool type_changed = r->d->across_versions ? x->kind != y->kind
                                                  : !same_str(x->type, y->type);
        if (type_changed)
            cckit_diff_add(r, "resource.type", CCKIT_DIFF_RESOURCES, name, x->type, y->type,
                           mf, y->pos.line);
        if (!same_str(x->href, y->href))
            cckit_diff_add(r, "resource.href", CCKIT_DIFF_RESOURCES, name, x->href, y->href,
                           mf, y->pos.line);
        if (!same_str(x->intendeduse, y->intendeduse))
            cckit_diff_add(r, "resource.intendeduse", CCKIT_DIFF_RESOURCES, name,
                           x->intendeduse, y->intendeduse, mf, y->pos.line);
        diff_resource_files(r, x, y, name, mf);
        for (size_t k = 0; k < x->n_deps; k++)
            if (!dep_in(r, &x->deps[k], y))
                cckit_diff_add(r, "resource.dependency-removed", CCKIT_DIFF_RESOURCES, name,
                               dep_name(&x->deps[k]), NULL, mf, y->pos.line);
        for (size_t k = 0; k < y->n_deps; k++)
            if (!dep_in_a(r, &y->deps[k], x))
                cckit_diff_add(r, "resource.dependency-added", CCKIT_DIFF_RESOURCES, name,
                               NULL, dep_name(&y->deps[k]), mf, y->deps[k].pos.line);
    }
    for (size_t j = 0; j < nb; j++)
        if (r->res_ba[j] < 0)
            cckit_diff_add(r, "resource.added", CCKIT_DIFF_RESOURCES,
                           cckit_diff_resource_name(b->resources[j]), NULL,
                           b->resources[j]->type, mf, b->resources[j]->pos.line);
    if (!in_order(r->res_ab, na))
        cckit_diff_add(r, "resource.reordered", CCKIT_DIFF_RESOURCES, "resources", NULL, NULL,
                       mf, 0);
out:
    free(ka);
    free(kb);
}

/* ---- organization -------------------------------------------------- */

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

static bool collect(const cckit_manifest *m, item_list *L, ptr_ix **tab)
{
    memset(L, 0, sizeof *L);
    *tab = NULL;
    size_t cap = m->n_items + 1;
    L->v = calloc(cap, sizeof *L->v);
    L->path = calloc(cap, sizeof *L->path);
    L->sib = calloc(cap, sizeof *L->sib);
    *tab = calloc(cap, sizeof **tab);
    if (L->v == NULL || L->path == NULL || L->sib == NULL || *tab == NULL)
        return false;
    const cckit_organization *org = m->organization;
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

static void diff_items(cckit_diff_run *r)
{
    const cckit_manifest *a = r->a->manifest, *b = r->b->manifest;
    const char *mf = b->file ? b->file : "imsmanifest.xml";
    item_list A, B;
    ptr_ix *ta = NULL, *tb = NULL;
    long *ab = NULL, *ba = NULL;
    char **ka = NULL, **kb = NULL;
    bool ok = collect(a, &A, &ta) & collect(b, &B, &tb);
    if (!ok)
        goto nomem;
    if ((a->organization == NULL) != (b->organization == NULL))
        cckit_diff_add(r, a->organization ? "organization.removed" : "organization.added",
                       CCKIT_DIFF_ORGANIZATION, "organization", NULL, NULL, mf, 0);
    else if (a->organization && !same_str(a->organization->title, b->organization->title))
        cckit_diff_add(r, "organization.title", CCKIT_DIFF_ORGANIZATION, "organization",
                       a->organization->title, b->organization->title, mf,
                       b->organization->pos.line);
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
    match_by(ka, A.n, kb, B.n, ab, ba, &r->oom);
    match_by(A.path, A.n, B.path, B.n, ab, ba, &r->oom);
    match_rank(A.path, A.n, B.path, B.n, ab, ba, &r->oom);

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
        if (!same_str(x->title, y->title))
            cckit_diff_add(r, "item.renamed", CCKIT_DIFF_ORGANIZATION, name, x->title, y->title,
                           mf, line);
        if (!same_str(x->identifier, y->identifier))
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
            same_target = same_str(x->identifierref, y->identifierref);
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

void cckit_diff_manifests(cckit_diff_run *r)
{
    diff_metadata(r);
    /* resources are matched first: items' targets are compared through it,
     * but the organization's changes are listed before the resources' */
    size_t mark = r->d->n_changes;
    diff_resources(r);
    size_t n_res = r->d->n_changes - mark;
    diff_items(r);
    /* rotate so that the organization group comes before resources */
    cckit_diff_change *v = r->d->changes;
    size_t n_items = r->d->n_changes - mark - n_res;
    if (n_res == 0 || n_items == 0 || r->oom)
        return;
    cckit_diff_change *tmp = malloc(n_res * sizeof *tmp);
    if (tmp == NULL) {
        r->oom = true;
        return;
    }
    memcpy(tmp, v + mark, n_res * sizeof *tmp);
    memmove(v + mark, v + mark + n_res, n_items * sizeof *tmp);
    memcpy(v + mark + n_items, tmp, n_res * sizeof *tmp);
    free(tmp);
}
