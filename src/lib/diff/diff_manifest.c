/* diff_manifest.c - the manifest part of the diff: the cartridge's
 * identity, its metadata and the resources (their own metadata, files
 * and dependencies).  Resources are matched by identifier, then by href
 * (or first file), then by rank (diff_match.c); the organizations are in
 * diff_orgs.c. */
#include "diff/diff.h"
#include <libxml/uri.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    if (!cckit_diff_same_str(a->identifier, b->identifier))
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
        if (!cckit_diff_same_str(x, y))
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

/* The package path (below the manifest's folder) an href of res names:
 * its xml:base and the href, percent-decoded.  malloc'd, NULL on OOM. */
static char *package_path(const cckit_resource *res, const char *href)
{
    if (href == NULL)
        return NULL;
    if (res->xml_base == NULL || res->xml_base[0] == '\0')
        return decode_href(href);
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    cckit_strbuf_adds(&b, res->xml_base);
    cckit_strbuf_adds(&b, href);
    if (b.oom) {
        cckit_strbuf_free(&b);
        return NULL;
    }
    char *d = decode_href(b.s);
    free(b.s);
    return d;
}

/* Whether the file href hx of x names the file that moved (file.moved)
 * to the one href hy of y names. */
static bool moved_to(cckit_diff_run *r, const cckit_resource *x, const char *hx,
                     const cckit_resource *y, const char *hy)
{
    if (hx == NULL || hy == NULL || cckit_idmap_size(r->moved) == 0)
        return false;
    char *px = package_path(x, hx), *py = package_path(y, hy);
    if (px == NULL || py == NULL)
        r->oom = true;
    const char *to = px ? cckit_idmap_get(r->moved, px) : NULL;
    bool yes = to != NULL && py != NULL && strcmp(to, py) == 0;
    free(px);
    free(py);
    return yes;
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
    cckit_diff_match_by(da, x->n_files, db, y->n_files, ab, ba, &r->oom);
    cckit_diff_match_rank(da, x->n_files, db, y->n_files, ab, ba, &r->oom);
    /* a file entry that follows its file's move (file.moved) says so: one
     * change, not a removal and an addition */
    for (size_t i = 0; i < x->n_files && cckit_idmap_size(r->moved) > 0; i++) {
        for (size_t j = 0; ab[i] < 0 && j < y->n_files; j++) {
            if (ba[j] >= 0 || !moved_to(r, x, x->files[i].href, y, y->files[j].href))
                continue;
            ab[i] = (long)j;
            ba[j] = (long)i;
            cckit_diff_add(r, "resource.file-moved", CCKIT_DIFF_RESOURCES, name,
                           x->files[i].href, y->files[j].href, mf, y->files[j].pos.line);
        }
    }
    for (size_t i = 0; i < x->n_files; i++) {
        if (ab[i] < 0)
            cckit_diff_add(r, "resource.file-removed", CCKIT_DIFF_RESOURCES, name,
                           x->files[i].href, NULL, mf, y->pos.line);
        else if (cckit_diff_same_str(da[i], db[ab[i]]) &&   /* not a move */
                 !cckit_diff_same_str(x->files[i].href, y->files[ab[i]].href))
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

/* The length of a metadata leaf's path ("path: value"). */
static size_t leaf_path_len(const char *leaf)
{
    const char *c = strstr(leaf, ": ");
    return c ? (size_t)(c - leaf) : strlen(leaf);
}

/* A resource's own metadata (LOM), leaf by leaf (diff_reread.c): the
 * same leaves match, in order when repeated; a leaf left on each side at
 * the same path is one change (its value), the rest added or removed. */
static void diff_lom(cckit_diff_run *r, const cckit_resource *x, const cckit_resource *y,
                     const char *name, const char *mf)
{
    char **la = r->more_a.lom ? r->more_a.lom[x->index] : NULL;
    char **lb = r->more_b.lom ? r->more_b.lom[y->index] : NULL;
    size_t na = la ? r->more_a.lom_n[x->index] : 0, nb = lb ? r->more_b.lom_n[y->index] : 0;
    if (na == 0 && nb == 0)
        return;
    long *ab = malloc((na + 1) * sizeof *ab), *ba = malloc((nb + 1) * sizeof *ba);
    if (ab == NULL || ba == NULL) {
        r->oom = true;
        goto out;
    }
    for (size_t i = 0; i < na; i++)
        ab[i] = -1;
    for (size_t j = 0; j < nb; j++)
        ba[j] = -1;
    cckit_diff_match_by(la, na, lb, nb, ab, ba, &r->oom);
    cckit_diff_match_rank(la, na, lb, nb, ab, ba, &r->oom);
    for (size_t i = 0; i < na; i++) {
        if (ab[i] >= 0)
            continue;
        size_t pl = leaf_path_len(la[i]), j = 0;
        while (j < nb && (ba[j] >= 0 || leaf_path_len(lb[j]) != pl ||
                          memcmp(la[i], lb[j], pl) != 0))
            j++;
        if (j < nb)
            ba[j] = (long)i;
        cckit_diff_add(r, "resource.metadata", CCKIT_DIFF_RESOURCES, name, la[i],
                       j < nb ? lb[j] : NULL, mf, y->pos.line);
    }
    for (size_t j = 0; j < nb; j++)
        if (ba[j] < 0)
            cckit_diff_add(r, "resource.metadata", CCKIT_DIFF_RESOURCES, name, NULL, lb[j], mf,
                           y->pos.line);
out:
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
        if (want == -2 && dy->resource == NULL && cckit_diff_same_str(dx->identifierref, dy->identifierref))
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
        if (want == -2 && dx->resource == NULL && cckit_diff_same_str(dx->identifierref, dy->identifierref))
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
    cckit_diff_match_by(ka, na, kb, nb, r->res_ab, r->res_ba, &r->oom);
    for (size_t i = 0; i < na; i++)
        ka[i] = (char *)cckit_diff_resource_name(a->resources[i]);
    for (size_t j = 0; j < nb; j++)
        kb[j] = (char *)cckit_diff_resource_name(b->resources[j]);
    cckit_diff_match_by(ka, na, kb, nb, r->res_ab, r->res_ba, &r->oom);
    cckit_diff_match_rank(ka, na, kb, nb, r->res_ab, r->res_ba, &r->oom);

    for (size_t i = 0; i < na; i++) {
        const cckit_resource *x = a->resources[i];
        if (r->res_ab[i] < 0) {
            cckit_diff_add(r, "resource.removed", CCKIT_DIFF_RESOURCES,
                           cckit_diff_resource_name(x), x->type, NULL, a->file, x->pos.line);
            continue;
        }
        const cckit_resource *y = b->resources[r->res_ab[i]];
        const char *name = cckit_diff_resource_name(y);
        if (!cckit_diff_same_str(x->identifier, y->identifier))
            cckit_diff_add(r, "resource.identifier", CCKIT_DIFF_RESOURCES, name,
                           x->identifier, y->identifier, mf, y->pos.line);
        bool type_changed = r->d->across_versions ? x->kind != y->kind
                                                  : !cckit_diff_same_str(x->type, y->type);
        if (type_changed)
            cckit_diff_add(r, "resource.type", CCKIT_DIFF_RESOURCES, name, x->type, y->type,
                           mf, y->pos.line);
        if (!cckit_diff_same_str(x->href, y->href))
            cckit_diff_add(r, moved_to(r, x, x->href, y, y->href) ? "resource.href-moved"
                                                                  : "resource.href",
                           CCKIT_DIFF_RESOURCES, name, x->href, y->href, mf, y->pos.line);
        if (!cckit_diff_same_str(x->intendeduse, y->intendeduse))
            cckit_diff_add(r, "resource.intendeduse", CCKIT_DIFF_RESOURCES, name,
                           x->intendeduse, y->intendeduse, mf, y->pos.line);
        diff_lom(r, x, y, name, mf);
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

void cckit_diff_manifests(cckit_diff_run *r)
{
    diff_metadata(r);
    /* resources are matched here, before the organizations (whose items'
     * targets are compared through it; diff_orgs.c) */
    diff_resources(r);
}
