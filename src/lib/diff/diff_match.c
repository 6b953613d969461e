/* diff_match.c - pairing the nodes of A with those of B (items,
 * resources, a resource's files, organizations): by a key that is unique
 * on both sides, then what is left by rank among the holders of a key
 * (doc/diff.md, "Matching"). */
#include "diff/diff.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool cckit_diff_same_str(const char *x, const char *y)
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

/* Whether a pass can pair anything: something unmatched on each side
 * (the common case, every identifier kept, skips the key passes). */
static bool some_left(const long *ab, size_t na, const long *ba, size_t nb)
{
    bool a = false, b = false;
    for (size_t i = 0; i < na && !a; i++)
        a = ab[i] < 0;
    for (size_t j = 0; j < nb && !b; j++)
        b = ba[j] < 0;
    return a && b;
}

/* Match what is still unmatched (-1) in ab/ba through keys; the keys of
 * one side indexed, the other looked up.  ambiguity: a key used twice on
 * either side matches nothing. */
void cckit_diff_match_by(char *const *ka, size_t na, char *const *kb, size_t nb,
                         long *ab, long *ba, bool *oom)
{
    if (!some_left(ab, na, ba, nb))
        return;
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
void cckit_diff_match_rank(char *const *ka, size_t na, char *const *kb, size_t nb,
                           long *ab, long *ba, bool *oom)
{
    if (!some_left(ab, na, ba, nb))
        return;
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
