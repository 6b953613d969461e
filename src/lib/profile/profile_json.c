/*
 * profile_json.c - a profile as JSON (schemas/json/profile.schema.json)
 * and back: written with the project's streaming writer, read with
 * jansson and checked field by field, so that a merge of shards can
 * trust what it adds up.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "profile/profile.h"

#define PROFILE_FORMAT "cckit-profile"
#define PROFILE_FORMAT_VERSION 1
#define PROFILE_MAX_BYTES (64u << 20)

int cckit_profile_write_json(const cckit_profile *p, FILE *out)
{
    cckit_json j;
    size_t n;
    const cckit_pfeature **v = cckit_profile_sorted(p, &n);
    if (v == NULL)
        return -1;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "format", PROFILE_FORMAT);
    cckit_json_uint(&j, "format_version", PROFILE_FORMAT_VERSION);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "tool_version", cckit_version());
    cckit_json_uint(&j, "cartridges", p->cartridges);
    cckit_json_uint(&j, "unreadable", p->unreadable);
    cckit_json_uint(&j, "overflow", p->overflow);
    cckit_json_begin_object(&j, "features");
    size_t i = 0;
    for (int g = 0; g < CCKIT_PG_COUNT; g++) {
        cckit_json_begin_object(&j, cckit_pgroup_name((cckit_pgroup)g));
        for (; i < n && v[i]->group == (cckit_pgroup)g; i++) {
            cckit_json_begin_object(&j, v[i]->key);
            cckit_json_uint(&j, "cartridges", v[i]->cartridges);
            cckit_json_uint(&j, "count", v[i]->count);
            /* share in thousandths keeps the output exact and mergeable */
            cckit_json_uint(&j, "share_permille",
                            p->cartridges ? v[i]->cartridges * 1000 / p->cartridges : 0);
            cckit_json_end_object(&j);
        }
        cckit_json_end_object(&j);
    }
    cckit_json_end_object(&j);
    cckit_json_begin_object(&j, "ranges");
    for (int f = 0; f < CCKIT_PF_COUNT; f++) {
        const cckit_prange *r = &p->ranges[f];
        if (!r->seen)
            continue;
        cckit_json_begin_object(&j, cckit_pfact_name((cckit_pfact)f));
        cckit_json_uint(&j, "min", r->min);
        cckit_json_uint(&j, "max", r->max);
        cckit_json_begin_array(&j, "histogram");
        for (unsigned b = 0; b < CCKIT_PROFILE_BUCKETS; b++) {
            if (r->hist[b] == 0)
                continue;
            cckit_json_begin_object(&j, NULL);
            cckit_json_uint(&j, "from", cckit_profile_bucket_low(b));
            cckit_json_uint(&j, "to", cckit_profile_bucket_high(b));
            cckit_json_uint(&j, "cartridges", r->hist[b]);
            cckit_json_end_object(&j);
        }
        cckit_json_end_array(&j);
        cckit_json_end_object(&j);
    }
    cckit_json_end_object(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    free(v);
    return ferror(out) ? -1 : 0;
}

static bool get_uint(json_t *o, const char *key, uint64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return false;
    *out = (uint64_t)json_integer_value(v);
    return true;
}

/* Keys a profile writes are printable ASCII: anything else was not
 * written by cckit and might carry content. */
static bool key_ok(const char *key)
{
    if (*key == '\0' || strlen(key) > CCKIT_PROFILE_KEY_MAX)
        return false;
    for (; *key; key++)
        if (*key < ' ' || *key > '~')
            return false;
    return true;
}

static cckit_status bad(cckit_error *err, const char *path, const char *what)
{
    return cckit_fail(err, CCKIT_E_INVALID, "%s: not a cckit profile: %s", path, what);
}

static cckit_status read_doc(json_t *root, const char *path, cckit_profile *p,
                             cckit_error *err)
{
    uint64_t fv = 0;
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_object(root) || !json_is_string(fmt) ||
        strcmp(json_string_value(fmt), PROFILE_FORMAT) != 0)
        return bad(err, path, "\"format\" is not \"" PROFILE_FORMAT "\"");
    if (!get_uint(root, "format_version", &fv) || fv != PROFILE_FORMAT_VERSION)
        return bad(err, path, "unsupported \"format_version\"");
    if (!get_uint(root, "cartridges", &p->cartridges) ||
        !get_uint(root, "unreadable", &p->unreadable) ||
        !get_uint(root, "overflow", &p->overflow))
        return bad(err, path, "\"cartridges\", \"unreadable\" or \"overflow\" missing");
    json_t *features = json_object_get(root, "features");
    if (!json_is_object(features))
        return bad(err, path, "\"features\" is not an object");
    const char *gname;
    json_t *group;
    json_object_foreach(features, gname, group) {
        cckit_pgroup g = cckit_pgroup_parse(gname);
        if (g == CCKIT_PG_COUNT || !json_is_object(group))
            return bad(err, path, "unknown feature group");
        const char *key;
        json_t *f;
        json_object_foreach(group, key, f) {
            uint64_t n = 0, count = 0;
            if (!json_is_object(f) || !get_uint(f, "cartridges", &n) ||
                !get_uint(f, "count", &count) || n > p->cartridges || n > count ||
                !key_ok(key))
                return bad(err, path, "a feature without consistent counts");
            if (!cckit_profile_add_counts(p, g, key, n, count))
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
    }
    json_t *ranges = json_object_get(root, "ranges");
    if (!json_is_object(ranges))
        return bad(err, path, "\"ranges\" is not an object");
    const char *rname;
    json_t *r;
    json_object_foreach(ranges, rname, r) {
        cckit_pfact f = cckit_pfact_parse(rname);
        cckit_prange *d = &p->ranges[f == CCKIT_PF_COUNT ? 0 : f];
        json_t *hist = json_object_get(r, "histogram");
        if (f == CCKIT_PF_COUNT || !json_is_object(r) || !get_uint(r, "min", &d->min) ||
            !get_uint(r, "max", &d->max) || d->min > d->max || !json_is_array(hist))
            return bad(err, path, "a range without min, max and histogram");
        d->seen = true;
        size_t k;
        json_t *b;
        json_array_foreach(hist, k, b) {
            uint64_t from = 0, n = 0;
            if (!json_is_object(b) || !get_uint(b, "from", &from) ||
                !get_uint(b, "cartridges", &n) ||
                cckit_profile_bucket_low(cckit_profile_bucket(from)) != from)
                return bad(err, path, "a histogram bucket that is not a power of two");
            d->hist[cckit_profile_bucket(from)] += n;
        }
    }
    return CCKIT_OK;
}

cckit_status cckit_profile_load(const char *path, cckit_profile **out, cckit_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return cckit_fail(err, CCKIT_E_IO, "%s: %s", path, strerror(errno));
    char *buf = malloc(PROFILE_MAX_BYTES + 1);
    if (buf == NULL) {
        fclose(f);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    size_t len = fread(buf, 1, PROFILE_MAX_BYTES + 1, f);
    bool rerr = ferror(f);
    fclose(f);
    if (rerr || len > PROFILE_MAX_BYTES) {
        free(buf);
        return cckit_fail(err, rerr ? CCKIT_E_IO : CCKIT_E_LIMIT,
                          "%s: %s", path, rerr ? "cannot read" : "larger than 64 MiB");
    }
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    free(buf);
#if JANSSON_VERSION_HEX >= 0x020b00   /* json_error_code: jansson 2.11 */
    if (root == NULL && json_error_code(&jerr) == json_error_out_of_memory)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
#endif
    if (root == NULL)
        return cckit_fail(err, CCKIT_E_INVALID, "%s:%d: not JSON: %s", path, jerr.line, jerr.text);
    cckit_profile *p = cckit_profile_new();
    if (p == NULL) {
        json_decref(root);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_status st = read_doc(root, path, p, err);
    json_decref(root);
    if (st != CCKIT_OK) {
        cckit_profile_free(p);
        return st;
    }
    *out = p;
    return CCKIT_OK;
}
