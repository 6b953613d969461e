/* diff_open.c - a cartridge as diff reads it: as every command opens it,
 * or, when it was zipped with its folder (no manifest at the root, one
 * shallowest DIR/imsmanifest.xml), from that folder, so that
 * `diff A repair(A)` can say the manifest moved (repair.manifest-moved)
 * and compare the rest by the names below DIR/. */
#include "diff/diff.h"
#include "import/entry_read.h"
#include <stdlib.h>
#include <string.h>

/* The one shallowest "DIR/imsmanifest.xml" (exact case), or NULL when
 * there is none or several at that depth (which folder is meant would be
 * a guess, as repair says). */
static const cckit_entry *folder_manifest(const cckit_source *src)
{
    const cckit_entry *best = NULL;
    size_t best_depth = (size_t)-1;
    bool tie = false;
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        const char *slash = strrchr(e->name, '/');
        if (e->is_dir || slash == NULL || strcmp(slash + 1, "imsmanifest.xml") != 0 ||
            strncmp(e->name, "__MACOSX/", 9) == 0)
            continue;
        size_t depth = 0;
        for (const char *p = e->name; *p; p++)
            depth += *p == '/';
        if (depth < best_depth) {
            best = e;
            best_depth = depth;
            tie = false;
        } else if (depth == best_depth) {
            tie = true;
        }
    }
    return tie ? NULL : best;
}

static cckit_status open_in_folder(const char *path, const cckit_limits *lim,
                                   cckit_cartridge **out, char **root, cckit_error *err)
{
    cckit_cartridge *c = calloc(1, sizeof *c);
    if (c == NULL || (c->path = strdup(path)) == NULL) {
        free(c);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_status st = cckit_source_open(path, lim, &c->diags, &c->source, err);
    const cckit_entry *e = st == CCKIT_OK ? folder_manifest(c->source) : NULL;
    cckit_stream *s = NULL;
    if (st == CCKIT_OK && e == NULL)
        st = CCKIT_E_NOMANIFEST;
    if (st == CCKIT_OK && e->size > lim->max_manifest_size)
        st = cckit_fail(err, CCKIT_E_LIMIT, "%s is %llu bytes, more than %llu", e->name,
                        (unsigned long long)e->size,
                        (unsigned long long)lim->max_manifest_size);
    if (st == CCKIT_OK)
        st = cckit_stream_open(c->source, e, &s, err);
    if (st == CCKIT_OK)
        st = cckit_manifest_parse(cckit_stream_read_fn, s, e->name, lim, &c->manifest, err);
    cckit_stream_close(s);
    if (st == CCKIT_OK) {
        size_t n = strlen(e->name) - strlen("imsmanifest.xml");
        if ((*root = strndup(e->name, n)) == NULL)
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    if (st != CCKIT_OK) {
        cckit_cartridge_free(c);
        return st;
    }
    *out = c;
    return CCKIT_OK;
}

cckit_status cckit_diff_open(const char *path, const cckit_limits *lim,
                             cckit_cartridge **out, char **root, cckit_error *err)
{
    *root = NULL;
    cckit_status st = cckit_cartridge_open(path, lim, out, err);
    if (st != CCKIT_E_NOMANIFEST)
        return st;
    /* keep the first error (it says where the manifest is) when the
     * folder's cannot be read either */
    cckit_error again;
    memset(&again, 0, sizeof again);
    cckit_status st2 = open_in_folder(path, lim, out, root, &again);
    if (st2 == CCKIT_E_NOMANIFEST)
        return st;
    if (st2 != CCKIT_OK)
        *err = again;
    return st2;
}
