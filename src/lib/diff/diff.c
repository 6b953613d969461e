/* diff.c - cckit_diff_paths: open both cartridges and run the parts in
 * the order of the groups (so the list comes out grouped). */
#include "diff/diff.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* B is opened on a second thread while A opens on this one: reading a
 * manifest is most of a diff's time, and the two are independent (the
 * import side keeps no global state but libxml2's, initialised first). */
typedef struct opener {
    const char *path;
    const cckit_limits *lim;
    cckit_cartridge *c;
    char *root;
    cckit_error err;
    cckit_status st;
} opener;

static void *open_one(void *v)
{
    opener *o = v;
    memset(&o->err, 0, sizeof o->err);
    o->st = cckit_diff_open(o->path, o->lim, &o->c, &o->root, &o->err);
    return NULL;
}

/* One change for a manifest that is not in the same folder on both
 * sides (a cartridge zipped with its folder, and its repair). */
static void manifest_moved(cckit_diff_run *r)
{
    const char *fa = r->a->manifest->file, *fb = r->b->manifest->file;
    cckit_diff_add(r, "cartridge.manifest-moved", CCKIT_DIFF_CARTRIDGE, "imsmanifest.xml",
                   fa, fb, fb, 0);
}

/* The parts run in the order their inputs need (files, then manifests,
 * then descriptors); the list is then put in group order, keeping each
 * group's own order (a counting sort: stable, one pass). */
static void by_group(cckit_diff_run *r)
{
    cckit_diff *d = r->d;
    enum { NG = CCKIT_DIFF_DESCRIPTORS + 1 };
    size_t start[NG + 1] = { 0 };
    for (size_t i = 0; i < d->n_changes; i++)
        start[d->changes[i].group + 1]++;
    for (int g = 0; g < NG; g++)
        start[g + 1] += start[g];
    cckit_diff_change *v = malloc((d->n_changes + 1) * sizeof *v);
    if (v == NULL) {
        r->oom = true;
        return;
    }
    for (size_t i = 0; i < d->n_changes; i++)
        v[start[d->changes[i].group]++] = d->changes[i];
    free(d->changes);
    d->changes = v;
    d->cap_changes = d->n_changes + 1;
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
    char *root_a = NULL;
    opener ob = { b, lim, NULL, NULL, { 0 }, CCKIT_OK };
    cckit_xml_init();
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, open_one, &ob) == 0;
    cckit_status st = cckit_diff_open(a, lim, &ca, &root_a, err);
    if (threaded)
        pthread_join(t, NULL);
    else
        open_one(&ob);
    cb = ob.c;
    if (st == CCKIT_OK && ob.st != CCKIT_OK) {
        *err = ob.err;
        st = ob.st;
    }
    if (st != CCKIT_OK) {
        cckit_cartridge_free(ca);
        cckit_cartridge_free(cb);
        free(root_a);
        free(ob.root);
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
    r.root_a = root_a ? root_a : "";
    r.root_b = ob.root ? ob.root : "";
    d->version_a = ca->manifest->version;
    d->version_b = cb->manifest->version;
    d->across_versions = d->version_a != d->version_b;
    r.res_ab = calloc(ca->manifest->n_resources + 1, sizeof *r.res_ab);
    r.res_ba = calloc(cb->manifest->n_resources + 1, sizeof *r.res_ba);
    r.same_files = cckit_idmap_new();
    r.moved = cckit_idmap_new();
    if (r.res_ab == NULL || r.res_ba == NULL || r.same_files == NULL || r.moved == NULL)
        goto nomem;
    if (strcmp(r.root_a, r.root_b) != 0)
        manifest_moved(&r);
    /* files first: the resources' file entries are read through the moves */
    st = cckit_diff_files(&r, err);
    if (st == CCKIT_OK)
        st = cckit_diff_reread(ca, lim, &r.more_a, err);
    if (st == CCKIT_OK)
        st = cckit_diff_reread(cb, lim, &r.more_b, err);
    if (st == CCKIT_OK && !r.oom)
        cckit_diff_manifests(&r);
    if (st == CCKIT_OK && !r.oom)
        cckit_diff_organizations(&r);
    if (st == CCKIT_OK && !r.oom)
        st = cckit_diff_descriptors(&r, err);
    if (st == CCKIT_OK && !r.oom)
        by_group(&r);
    if (st == CCKIT_OK && r.oom)
        goto nomem;
    free(r.res_ab);
    free(r.res_ba);
    cckit_idmap_free(r.same_files);
    cckit_idmap_free(r.moved);
    cckit_diff_more_free(&r.more_a);
    cckit_diff_more_free(&r.more_b);
    free(root_a);
    free(ob.root);
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
    cckit_idmap_free(r.same_files);
    cckit_idmap_free(r.moved);
    cckit_diff_more_free(&r.more_a);
    cckit_diff_more_free(&r.more_b);
    free(root_a);
    free(ob.root);
    cckit_diff_free(d);
    cckit_cartridge_free(ca);
    cckit_cartridge_free(cb);
    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}
