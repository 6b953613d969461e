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
    cckit_error err;
    cckit_status st;
} opener;

static void *open_one(void *v)
{
    opener *o = v;
    memset(&o->err, 0, sizeof o->err);
    o->st = cckit_cartridge_open(o->path, o->lim, &o->c, &o->err);
    return NULL;
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
    opener ob = { b, lim, NULL, { 0 }, CCKIT_OK };
    cckit_xml_init();
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, open_one, &ob) == 0;
    cckit_status st = cckit_cartridge_open(a, lim, &ca, err);
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
    r.same_files = cckit_idmap_new();
    if (r.res_ab == NULL || r.res_ba == NULL || r.same_files == NULL)
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
    cckit_idmap_free(r.same_files);
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
    cckit_diff_free(d);
    cckit_cartridge_free(ca);
    cckit_cartridge_free(cb);
    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}
