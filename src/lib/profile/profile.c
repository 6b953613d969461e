/*
 * profile.c - the accumulator of a characterization: a bounded table of
 * (group, key) counters and one range with a log2 histogram per numeric
 * fact.  Adding a cartridge, merging two profiles and reading one back
 * all end here, so that a merge of shards equals the profile of all.
 * (Adding a cartridge is in characterize.c, above this file.)
 */
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"

static const char *const group_names[CCKIT_PG_COUNT] = {
    "versions", "flavours", "kinds", "types", "fields", "tokens",
    "namespaces", "extensions", "links", "producers", "package"
};

static const char *const fact_names[CCKIT_PF_COUNT] = {
    "archive_size", "entries", "longest_path", "longest_name",
    "organization_depth", "items", "resources", "largest_file"
};

const char *cckit_pgroup_name(cckit_pgroup g)
{
    return (unsigned)g < CCKIT_PG_COUNT ? group_names[g] : "?";
}

cckit_pgroup cckit_pgroup_parse(const char *name)
{
    for (int g = 0; g < CCKIT_PG_COUNT; g++)
        if (strcmp(group_names[g], name) == 0)
            return (cckit_pgroup)g;
    return CCKIT_PG_COUNT;
}

const char *cckit_pfact_name(cckit_pfact f)
{
    return (unsigned)f < CCKIT_PF_COUNT ? fact_names[f] : "?";
}

cckit_pfact cckit_pfact_parse(const char *name)
{
    for (int f = 0; f < CCKIT_PF_COUNT; f++)
        if (strcmp(fact_names[f], name) == 0)
            return (cckit_pfact)f;
    return CCKIT_PF_COUNT;
}

unsigned cckit_profile_bucket(uint64_t v)
{
    unsigned b = 0;
    while (v != 0) {
        b++;
        v >>= 1;
    }
    return b;
}

uint64_t cckit_profile_bucket_low(unsigned b)
{
    return b == 0 ? 0 : (uint64_t)1 << (b - 1);
}

uint64_t cckit_profile_bucket_high(unsigned b)
{
    if (b == 0)
        return 0;
    if (b >= 64)
        return UINT64_MAX;
    return ((uint64_t)1 << b) - 1;
}

cckit_profile *cckit_profile_new(void)
{
    cckit_profile *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    /* Twice the capacity: the table never fills past one half. */
    p->cap = 2 * CCKIT_PROFILE_MAX_FEATURES;
    p->features = calloc(p->cap, sizeof *p->features);
    if (p->features == NULL) {
        free(p);
        return NULL;
    }
    return p;
}

void cckit_profile_free(cckit_profile *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->cap; i++)
        free(p->features[i].key);
    free(p->features);
    free(p);
}

uint64_t cckit_profile_count(const cckit_profile *p)
{
    return p->cartridges;
}

static size_t slot_of(const cckit_profile *p, cckit_pgroup g, const char *key)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)g;
    for (const unsigned char *s = (const unsigned char *)key; *s; s++)
        h = (h ^ *s) * 1099511628211ull;
    size_t i = (size_t)(h % p->cap);
    while (p->features[i].key != NULL &&
           (p->features[i].group != g || strcmp(p->features[i].key, key) != 0))
        i = (i + 1) % p->cap;
    return i;
}

/* The slot of (g, key), made if absent; NULL when full or out of memory. */
static cckit_pfeature *slot(cckit_profile *p, cckit_pgroup g, const char *key,
                            bool *oom)
{
    char cut[CCKIT_PROFILE_KEY_MAX + 1];
    if (strlen(key) > CCKIT_PROFILE_KEY_MAX) {
        memcpy(cut, key, CCKIT_PROFILE_KEY_MAX);
        cut[CCKIT_PROFILE_KEY_MAX] = '\0';
        key = cut;
    }
    size_t i = slot_of(p, g, key);
    cckit_pfeature *f = &p->features[i];
    if (f->key != NULL)
        return f;
    if (p->n_features >= CCKIT_PROFILE_MAX_FEATURES) {
        p->overflow++;
        return NULL;
    }
    f->key = strdup(key);
    if (f->key == NULL) {
        *oom = true;
        return NULL;
    }
    f->group = g;
    p->n_features++;
    return f;
}

void cckit_profile_begin(cckit_profile *p)
{
    p->current++;
    p->cartridges++;
}

bool cckit_profile_hit(cckit_profile *p, cckit_pgroup g, const char *key)
{
    bool oom = false;
    cckit_pfeature *f = slot(p, g, key, &oom);
    if (f == NULL)
        return !oom;
    f->count++;
    if (f->stamp != p->current) {
        f->stamp = p->current;
        f->cartridges++;
    }
    return true;
}

bool cckit_profile_add_counts(cckit_profile *p, cckit_pgroup g, const char *key,
                              uint64_t cartridges, uint64_t count)
{
    bool oom = false;
    cckit_pfeature *f = slot(p, g, key, &oom);
    if (f == NULL)
        return !oom;
    f->cartridges += cartridges;
    f->count += count;
    return true;
}

const cckit_pfeature *cckit_profile_get(const cckit_profile *p, cckit_pgroup g,
                                        const char *key)
{
    if (strlen(key) > CCKIT_PROFILE_KEY_MAX)
        return NULL;
    const cckit_pfeature *f = &p->features[slot_of(p, g, key)];
    return f->key != NULL ? f : NULL;
}

void cckit_profile_fact(cckit_profile *p, cckit_pfact f, uint64_t v)
{
    cckit_prange *r = &p->ranges[f];
    if (!r->seen || v < r->min)
        r->min = v;
    if (!r->seen || v > r->max)
        r->max = v;
    r->seen = true;
    r->hist[cckit_profile_bucket(v)]++;
}

static int cmp_feature(const void *a, const void *b)
{
    const cckit_pfeature *x = *(const cckit_pfeature *const *)a;
    const cckit_pfeature *y = *(const cckit_pfeature *const *)b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return strcmp(x->key, y->key);
}

const cckit_pfeature **cckit_profile_sorted(const cckit_profile *p, size_t *n)
{
    const cckit_pfeature **v = malloc((p->n_features + 1) * sizeof *v);
    *n = 0;
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < p->cap; i++)
        if (p->features[i].key != NULL)
            v[(*n)++] = &p->features[i];
    if (*n > 1)
        qsort(v, *n, sizeof *v, cmp_feature);
    return v;
}

cckit_status cckit_profile_merge(cckit_profile *into, const cckit_profile *from,
                                 cckit_error *err)
{
    for (size_t i = 0; i < from->cap; i++) {
        const cckit_pfeature *f = &from->features[i];
        if (f->key != NULL &&
            !cckit_profile_add_counts(into, f->group, f->key, f->cartridges, f->count))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory merging profiles");
    }
    for (int k = 0; k < CCKIT_PF_COUNT; k++) {
        const cckit_prange *s = &from->ranges[k];
        cckit_prange *d = &into->ranges[k];
        if (!s->seen)
            continue;
        if (!d->seen || s->min < d->min)
            d->min = s->min;
        if (!d->seen || s->max > d->max)
            d->max = s->max;
        d->seen = true;
        for (int b = 0; b < CCKIT_PROFILE_BUCKETS; b++)
            d->hist[b] += s->hist[b];
    }
    into->cartridges += from->cartridges;
    into->unreadable += from->unreadable;
    into->overflow += from->overflow;
    return CCKIT_OK;
}
