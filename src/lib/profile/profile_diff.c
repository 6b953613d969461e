/*
 * profile_diff.c - what one profile uses that another never saw, and
 * where its ranges go beyond the other's.  `verify` is the diff of a
 * profile of one cartridge against a characterization; `compare` the
 * diff of a provider against a consumer: one implementation for both.
 */
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"

/* Singular nouns of the groups, for codes and messages. */
static const char *const group_nouns[CCKIT_PG_COUNT] = {
    "version", "flavour", "kind", "type", "field", "token",
    "namespace", "extension", "link", "producer", "package"
};

static const char *what(cckit_pgroup g)
{
    switch (g) {
    case CCKIT_PG_VERSION: return "CC version";
    case CCKIT_PG_FLAVOUR: return "flavour";
    case CCKIT_PG_KIND: return "resource kind";
    case CCKIT_PG_TYPE: return "resource type";
    case CCKIT_PG_FIELD: return "field";
    case CCKIT_PG_TOKEN: return "token";
    case CCKIT_PG_NAMESPACE: return "namespace";
    case CCKIT_PG_EXTENSION: return "extension element";
    case CCKIT_PG_LINK: return "link form";
    case CCKIT_PG_PACKAGE: return "package trait";
    default: return "feature";
    }
}

/* Cartridges of r outside [lo, hi]: *sure in buckets wholly outside,
 * the return value in buckets reaching outside (an upper bound). */
static uint64_t outside(const cckit_prange *r, uint64_t lo, uint64_t hi,
                        bool upper_only, uint64_t *sure)
{
    uint64_t n = 0;
    *sure = 0;
    for (unsigned b = 0; b < CCKIT_PROFILE_BUCKETS; b++) {
        uint64_t bl = cckit_profile_bucket_low(b), bh = cckit_profile_bucket_high(b);
        if (bl > hi || (!upper_only && bh < lo))
            *sure += r->hist[b];
        if (bh > hi || (!upper_only && bl < lo))
            n += r->hist[b];
    }
    return n;
}

size_t cckit_profile_diff(const cckit_profile *base, const cckit_profile *other,
                          const char *prefix, unsigned flags,
                          cckit_departure_fn fn, void *fctx)
{
    bool matches = (flags & CCKIT_DIFF_MATCHES) != 0;
    bool upper_only = (flags & CCKIT_DIFF_UPPER_ONLY) != 0;
    size_t n, out = 0;
    const cckit_pfeature **v = cckit_profile_sorted(other, &n);
    if (v == NULL)
        return 0;
    double m = other->cartridges ? (double)other->cartridges : 1.0;
    for (size_t i = 0; i < n; i++) {
        const cckit_pfeature *f = v[i];
        if (f->group == CCKIT_PG_PRODUCER || f->cartridges == 0)
            continue;
        const cckit_pfeature *b = cckit_profile_get(base, f->group, f->key);
        bool known = b != NULL && b->cartridges > 0;
        if (known && !matches)
            continue;
        cckit_departure d;
        memset(&d, 0, sizeof d);
        d.match = known;
        snprintf(d.code, sizeof d.code, "%s.%s", prefix, group_nouns[f->group]);
        d.group = cckit_pgroup_name(f->group);
        snprintf(d.feature, sizeof d.feature, "%s", f->key);
        d.share = (double)f->cartridges / m;
        snprintf(d.seen, sizeof d.seen, "%s in %llu of %llu cartridges", f->key,
                 (unsigned long long)f->cartridges, (unsigned long long)other->cartridges);
        if (known)
            snprintf(d.allowed, sizeof d.allowed, "in %llu of %llu cartridges",
                     (unsigned long long)b->cartridges, (unsigned long long)base->cartridges);
        else
            snprintf(d.allowed, sizeof d.allowed, "never (0 of %llu cartridges)",
                     (unsigned long long)base->cartridges);
        if (known)
            snprintf(d.message, sizeof d.message, "%s \"%s\" (%.0f%% of cartridges) is known to the reference",
                     what(f->group), f->key, d.share * 100);
        else if (other->cartridges == 1)
            snprintf(d.message, sizeof d.message, "%s \"%s\" is used, and the profile never saw it",
                     what(f->group), f->key);
        else
            snprintf(d.message, sizeof d.message, "%s \"%s\" in %.0f%% of cartridges: the reference never shows it",
                     what(f->group), f->key, d.share * 100);
        if (!known)
            out++;
        fn(fctx, &d);
    }
    free(v);
    for (int k = 0; k < CCKIT_PF_COUNT; k++) {
        const cckit_prange *r = &other->ranges[k];
        const cckit_prange *b = &base->ranges[k];
        if (!r->seen)
            continue;
        bool within = b->seen && (upper_only || r->min >= b->min) && r->max <= b->max;
        if (within && !matches)
            continue;
        cckit_departure d;
        memset(&d, 0, sizeof d);
        d.match = within;
        snprintf(d.code, sizeof d.code, "%s.range", prefix);
        d.group = "ranges";
        snprintf(d.feature, sizeof d.feature, "%s", cckit_pfact_name((cckit_pfact)k));
        uint64_t lo = b->seen ? b->min : 0, hi = b->seen ? b->max : 0;
        uint64_t sure = other->cartridges;
        uint64_t above = b->seen ? outside(r, lo, hi, upper_only, &sure) : other->cartridges;
        if (other->cartridges == 1 || within)
            above = sure = within ? 0 : 1;
        d.share = (double)above / m;
        if (r->min == r->max)
            snprintf(d.seen, sizeof d.seen, "%llu", (unsigned long long)r->max);
        else
            snprintf(d.seen, sizeof d.seen, "%llu..%llu", (unsigned long long)r->min,
                     (unsigned long long)r->max);
        if (b->seen)
            snprintf(d.allowed, sizeof d.allowed, "%llu..%llu", (unsigned long long)lo,
                     (unsigned long long)hi);
        else
            snprintf(d.allowed, sizeof d.allowed, "none seen");
        if (within)
            snprintf(d.message, sizeof d.message, "%s %s within %s", d.feature, d.seen, d.allowed);
        else if (other->cartridges == 1)
            snprintf(d.message, sizeof d.message, "%s %s outside %s", d.feature, d.seen, d.allowed);
        else
            snprintf(d.message, sizeof d.message, "%s %s beyond %s in up to %.0f%% of cartridges (at least %.0f%%)",
                     d.feature, d.seen, d.allowed, d.share * 100, (double)sure / m * 100);
        if (!within)
            out++;
        fn(fctx, &d);
    }
    return out;
}
