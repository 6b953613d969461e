/*
 * source.c - cckit_source: the entry table shared by the archive and
 * folder back ends, the checks common to both, lookups and stream
 * dispatch (cckit_source_open, which picks the back end, is in
 * source_open.c).
 *
 * Caps (see cckit_limits):
 *  - entries: more than max_entries is CCKIT_E_LIMIT;
 *  - one entry: declared size above max_entry_size; for archives also a
 *    declared size above 1 MiB whose ratio to the compressed size is
 *    above max_ratio;
 *  - total: the sum of declared sizes may not exceed max_ratio times the
 *    archive size - where the archive size counts as at least 1 MiB, so
 *    that small archives of ordinary (well compressing) content are not
 *    refused - nor max_total_size when that is nonzero.  Folders have
 *    only max_total_size;
 *  - streaming: bytes returned by all the streams of one source are
 *    counted, and reading past the same total cap fails.  Declared sizes
 *    are already checked, so this only stops archives whose data is
 *    larger than they declare (overlapping entries and the like).
 */
#define _XOPEN_SOURCE 700 /* strdup, POSIX 2008 */
#include "base/probe.h"
#include "import/source.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MIB ((uint64_t)1024 * 1024)

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    if (a && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

const char *cckit_size_str(uint64_t n, char *buf, size_t size)
{
    static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    if (n < 1024) {
        snprintf(buf, size, "%llu byte%s", (unsigned long long)n, n == 1 ? "" : "s");
        return buf;
    }
    double v = (double)n / 1024.0;
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < sizeof unit / sizeof unit[0]) {
        v /= 1024.0;
        u++;
    }
    snprintf(buf, size, "%.1f %s", v, unit[u]);
    return buf;
}

const char *cckit_name_esc(const char *name, char *buf, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    if (size == 0)
        return buf;
    if (!name)
        name = "(null)";
    size_t len = strlen(name);
    bool utf8 = cckit_utf8_valid(name, len);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        bool esc = c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8);
        size_t need = esc ? 4 : 1;
        if (o + need + 4 > size) {
            /* no room: end with "..." at a UTF-8 boundary */
            while (o > 0 && utf8 && ((unsigned char)buf[o - 1] & 0xc0) == 0x80)
                o--;
            if (o > 0 && utf8 && (unsigned char)buf[o - 1] >= 0xc0)
                o--;
            if (o + 4 <= size) {
                memcpy(buf + o, "...", 3);
                o += 3;
            }
            break;
        }
        if (esc) {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
        } else {
            buf[o++] = (char)c;
        }
    }
    buf[o < size ? o : size - 1] = '\0';
    return buf;
}

/* ------------------------------------------------------------------ */
/* Building the table                                                   */

cckit_source *cckit_source_new(const char *path, bool is_archive,
                               const cckit_limits *lim)
{
    cckit_source *src = calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->fd = -1;
    src->is_archive = is_archive;
    if (lim)
        src->lim = *lim;
    else
        cckit_limits_default(&src->lim);
    src->path = strdup(path ? path : "");
    if (!src->path) {
        free(src);
        return NULL;
    }
    src->total_cap = src->lim.max_total_size ? src->lim.max_total_size : UINT64_MAX;
    src->total_cap_limit = CCKIT_LIMIT_TOTAL_SIZE;
    return src;
}

void cckit_source_set_archive_size(cckit_source *src, uint64_t size)
{
    src->size = size;
    uint64_t base = size < MIB ? MIB : size;
    uint64_t cap = src->lim.max_ratio ? mul_sat(src->lim.max_ratio, base) : UINT64_MAX;
    src->total_cap_limit = CCKIT_LIMIT_RATIO_OR_TOTAL;
    if (src->lim.max_total_size && src->lim.max_total_size < cap) {
        cap = src->lim.max_total_size;
        src->total_cap_limit = CCKIT_LIMIT_TOTAL_SIZE;
    }
    src->total_cap = cap;
}

cckit_status cckit_source_add_entry(cckit_source *src, const char *name,
                                    const cckit_entry *e, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE], s1[32], s2[32], s3[32];
    const cckit_limits *lim = &src->lim;

    const char *why = cckit_path_unsafe_reason(name, lim->max_path_length);
    if (why) {
        if (name && lim->max_path_length && strlen(name) > lim->max_path_length)
            return cckit_fail_limit(err, CCKIT_LIMIT_PATH_LENGTH,
                                    cckit_fail(err, CCKIT_E_UNSAFE,
                                               "unsafe entry name '%s': longer than %u bytes",
                                               cckit_name_esc(name, esc, 96), lim->max_path_length));
        return cckit_fail(err, CCKIT_E_UNSAFE, "unsafe entry name '%s': %s",
                          cckit_name_esc(name, esc, sizeof esc), why);
    }
    if (lim->max_entries && src->n >= lim->max_entries)
        return cckit_fail_limit(err, CCKIT_LIMIT_ENTRIES,
                                cckit_fail(err, CCKIT_E_LIMIT, "%s has more than %llu entries",
                                           src->is_archive ? "archive" : "folder",
                                           (unsigned long long)lim->max_entries));
    if (lim->max_entry_size && e->size > lim->max_entry_size)
        return cckit_fail_limit(err, CCKIT_LIMIT_ENTRY_SIZE,
                                cckit_fail(err, CCKIT_E_LIMIT,
                                           "entry '%s' is %s uncompressed, more than the %s limit",
                                           cckit_name_esc(name, esc, sizeof esc),
                                           cckit_size_str(e->size, s1, sizeof s1),
                                           cckit_size_str(lim->max_entry_size, s2, sizeof s2)));
    if (src->is_archive && lim->max_ratio && e->size > MIB &&
        e->size > mul_sat(lim->max_ratio, e->comp_size)) {
        if (e->comp_size)
            snprintf(s3, sizeof s3, "%llu:1",
                     (unsigned long long)(e->size / e->comp_size));
        else
            snprintf(s3, sizeof s3, "infinite");
        return cckit_fail_limit(err, CCKIT_LIMIT_RATIO,
                                cckit_fail(err, CCKIT_E_LIMIT,
                                           "entry '%s' declares %s uncompressed from %s compressed, a ratio of %s, more than %llu",
                                           cckit_name_esc(name, esc, sizeof esc),
                                           cckit_size_str(e->size, s1, sizeof s1),
                                           cckit_size_str(e->comp_size, s2, sizeof s2), s3,
                                           (unsigned long long)lim->max_ratio));
    }
    uint64_t declared = add_sat(src->declared, e->size);
    if (!src->is_archive && declared > src->total_cap)
        return cckit_fail_limit(err, CCKIT_LIMIT_TOTAL_SIZE,
                                cckit_fail(err, CCKIT_E_LIMIT, "folder holds more than %s",
                                           cckit_size_str(src->total_cap, s1, sizeof s1)));

    if (src->n == src->cap) {
        size_t ncap = src->cap ? src->cap * 2 : 64;
        if (ncap > UINT32_MAX)
            return cckit_fail_limit(err, CCKIT_LIMIT_ENTRIES,
                                    cckit_fail(err, CCKIT_E_LIMIT, "too many entries"));
        cckit_entry *ne = realloc(src->entries, ncap * sizeof *ne);
        if (!ne)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", src->path);
        src->entries = ne;
        size_t *no = realloc(src->name_off, ncap * sizeof *no);
        if (!no)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", src->path);
        src->name_off = no;
        src->cap = ncap;
    }
    size_t len = strlen(name) + 1;
    if (src->names_cap - src->names_len < len) {
        size_t ncap = src->names_cap ? src->names_cap : 4096;
        while (ncap - src->names_len < len)
            ncap *= 2;
        char *nn = realloc(src->names, ncap);
        if (!nn)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", src->path);
        src->names = nn;
        src->names_cap = ncap;
    }
    memcpy(src->names + src->names_len, name, len);
    src->name_off[src->n] = src->names_len;
    src->names_len += len;
    src->entries[src->n] = *e;
    src->entries[src->n].name = NULL;
    src->entries[src->n].is_dir = name[len - 2] == '/';
    src->n++;
    src->declared = declared;
    return CCKIT_OK;
}

static int cmp_name(const void *a, const void *b)
{
    const cckit_entry *x = *(const cckit_entry *const *)a;
    const cckit_entry *y = *(const cckit_entry *const *)b;
    return strcmp(x->name, y->name);
}

static int cmp_nocase(const void *a, const void *b)
{
    const cckit_entry *x = *(const cckit_entry *const *)a;
    const cckit_entry *y = *(const cckit_entry *const *)b;
    int c = cckit_strcasecmp_ascii(x->name, y->name);
    return c ? c : strcmp(x->name, y->name);
}

/* Sort entry pointers with cmp and store their indexes in *out. */
static bool build_index(cckit_source *src, int (*cmp)(const void *, const void *),
                        uint32_t **out)
{
    size_t n = src->n;
    const cckit_entry **tmp = malloc((n ? n : 1) * sizeof *tmp);
    uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!tmp || !idx) {
        free(tmp);
        free(idx);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        tmp[i] = &src->entries[i];
    if (n > 1)
        qsort(tmp, n, sizeof *tmp, cmp);
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)(tmp[i] - src->entries);
    free(tmp);
    *out = idx;
    return true;
}

/* Index (into by_name) of the entry named exactly key[0..len), or -1. */
static long find_n(const cckit_source *src, const char *key, size_t len)
{
    size_t lo = 0, hi = src->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *name = src->entries[src->by_name[mid]].name;
        int c = strncmp(key, name, len);
        if (c == 0)
            c = name[len] ? -1 : 0; /* strncmp equal: key is a prefix */
        if (c == 0)
            return (long)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* Warn once per group of names equal but for ASCII case. */
static bool warn_case_collisions(cckit_source *src, cckit_diags *diags,
                                 const char *prefix)
{
    char esc[CCKIT_ESC_SIZE], list[900];
    /* The registry row (its code, hint) of the kind of package. */
    const cckit_rule *row = cckit_rule_in(cckit_rules_import, strcmp(prefix, "zip") == 0
                                          ? "zip.case-collision" : "folder.case-collision");
    size_t i = 0;
    while (i < src->n) {
        size_t j = i + 1;
        const char *first = src->entries[src->by_nocase[i]].name;
        while (j < src->n &&
               cckit_strcasecmp_ascii(first, src->entries[src->by_nocase[j]].name) == 0)
            j++;
        if (j - i > 1 && diags) {
            size_t o = 0;
            list[0] = '\0';
            for (size_t k = i; k < j && o + 8 < sizeof list; k++) {
                int w = snprintf(list + o, sizeof list - o, "%s'%s'", k > i ? ", " : "",
                                 cckit_name_esc(src->entries[src->by_nocase[k]].name,
                                                esc, 200));
                if (w < 0)
                    break;
                o += (size_t)w;
                if (o >= sizeof list) {
                    o = sizeof list - 1;
                    break;
                }
            }
            if (!cckit_diags_add_rule(diags, CCKIT_SEV_WARNING, row, first, 0, "%zu entries differ only in letter case: %s", j - i, list))
                return false;
        }
        i = j;
    }
    return true;
}

cckit_status cckit_source_finish(cckit_source *src, cckit_diags *diags,
                                 const char *diag_prefix, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE], esc2[CCKIT_ESC_SIZE], s1[32], s2[32];

    for (size_t i = 0; i < src->n; i++)
        src->entries[i].name = src->names + src->name_off[i];
    free(src->name_off);
    src->name_off = NULL;

    if (src->is_archive && src->declared > src->total_cap) {
        if (src->total_cap_limit == CCKIT_LIMIT_TOTAL_SIZE)
            return cckit_fail_limit(err, CCKIT_LIMIT_TOTAL_SIZE,
                                    cckit_fail(err, CCKIT_E_LIMIT,
                                               "archive declares %s uncompressed, more than the %s limit",
                                               cckit_size_str(src->declared, s1, sizeof s1),
                                               cckit_size_str(src->total_cap, s2, sizeof s2)));
        return cckit_fail_limit(err, CCKIT_LIMIT_RATIO_OR_TOTAL,
                                cckit_fail(err, CCKIT_E_LIMIT,
                                           "archive declares %s uncompressed, more than %llux its size%s",
                                           cckit_size_str(src->declared, s1, sizeof s1),
                                           (unsigned long long)src->lim.max_ratio,
                                           src->size < MIB ? " (counted as at least 1 MiB)" : ""));
    }

    if (!build_index(src, cmp_name, &src->by_name) ||
        !build_index(src, cmp_nocase, &src->by_nocase))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory indexing %s", src->path);

    /* Exact duplicates are adjacent in name order. */
    for (size_t i = 1; i < src->n; i++) {
        const char *a = src->entries[src->by_name[i - 1]].name;
        const char *b = src->entries[src->by_name[i]].name;
        if (strcmp(a, b) == 0)
            return cckit_fail(err, CCKIT_E_ARCHIVE, "duplicate entry name '%s' in the %s",
                              cckit_name_esc(a, esc, sizeof esc),
                              src->is_archive ? "archive" : "folder");
    }
    /* A file may not also be a folder: "a" beside "a/" or "a/b". */
    for (size_t i = 0; i < src->n; i++) {
        const char *name = src->entries[i].name;
        for (const char *p = strchr(name, '/'); p; p = strchr(p + 1, '/')) {
            long k = find_n(src, name, (size_t)(p - name));
            if (k >= 0 && !src->entries[src->by_name[k]].is_dir)
                return cckit_fail(err, CCKIT_E_ARCHIVE,
                                  "entry '%s' is a file, but entry '%s' uses it as a folder",
                                  cckit_name_esc(src->entries[src->by_name[k]].name, esc, sizeof esc),
                                  cckit_name_esc(name, esc2, sizeof esc2));
        }
    }
    if (!warn_case_collisions(src, diags, diag_prefix))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", src->path);
    return CCKIT_OK;
}

cckit_status cckit_source_copy_table(cckit_source *dst, const cckit_source *from,
                                     cckit_error *err)
{
    size_t n = from->n;
    dst->entries = malloc((n ? n : 1) * sizeof *dst->entries);
    dst->names = malloc(from->names_len ? from->names_len : 1);
    dst->by_name = malloc((n ? n : 1) * sizeof *dst->by_name);
    dst->by_nocase = malloc((n ? n : 1) * sizeof *dst->by_nocase);
    if (!dst->entries || !dst->names || !dst->by_name || !dst->by_nocase)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", dst->path);
    memcpy(dst->names, from->names, from->names_len);
    dst->names_len = dst->names_cap = from->names_len;
    for (size_t i = 0; i < n; i++) {
        dst->entries[i] = from->entries[i];
        dst->entries[i].name = dst->names + (from->entries[i].name - from->names);
    }
    memcpy(dst->by_name, from->by_name, n * sizeof *dst->by_name);
    memcpy(dst->by_nocase, from->by_nocase, n * sizeof *dst->by_nocase);
    dst->n = dst->cap = n;
    dst->declared = from->declared;
    return CCKIT_OK;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

void cckit_source_merge_verified(cckit_source *dst, const cckit_source *other)
{
    if (!dst || !other || !other->verified || dst->n != other->n)
        return;
    if (!dst->verified)
        dst->verified = calloc(dst->n ? dst->n : 1, 1);
    if (!dst->verified)
        return;   /* the CRC pass then re-reads those entries: slower, still right */
    for (size_t i = 0; i < dst->n; i++)
        dst->verified[i] |= other->verified[i];
}

void cckit_source_keep(cckit_source *src, const cckit_entry *e, char *bytes, size_t len)
{
    free(src->kept);
    src->kept = bytes;
    src->kept_len = len;
    src->kept_entry = e;
}

char *cckit_source_take_kept(cckit_source *src, const cckit_entry *e, size_t *len)
{
    if (!src || !src->kept || src->kept_entry != e)
        return NULL;
    char *b = src->kept;
    *len = src->kept_len;
    src->kept = NULL;
    src->kept_entry = NULL;
    return b;
}

bool cckit_source_verified(const cckit_source *src, const cckit_entry *e)
{
    return src && src->verified && e >= src->entries && e < src->entries + src->n
           && src->verified[e - src->entries];
}

void cckit_source_close(cckit_source *src)
{
    if (!src)
        return;
    if (src->ops && src->ops->close)
        src->ops->close(src);
    free(src->entries);
    free(src->verified);
    free(src->name_off);
    free(src->names);
    free(src->by_name);
    free(src->by_nocase);
    free(src->kept);
    free(src->path);
    free(src);
}

bool cckit_source_is_archive(const cckit_source *src)
{
    return src && src->is_archive;
}

const char *cckit_source_path(const cckit_source *src)
{
    return src ? src->path : NULL;
}

uint64_t cckit_source_size(const cckit_source *src)
{
    return src ? src->size : 0;
}

size_t cckit_source_count(const cckit_source *src)
{
    return src ? src->n : 0;
}

const cckit_entry *cckit_source_entry(const cckit_source *src, size_t i)
{
    if (!src || i >= src->n)
        return NULL;
    return &src->entries[i];
}

const cckit_entry *cckit_source_find(const cckit_source *src, const char *name)
{
    if (!src || !name || !src->by_name)
        return NULL;
    long k = find_n(src, name, strlen(name));
    return k < 0 ? NULL : &src->entries[src->by_name[k]];
}

const cckit_entry *cckit_source_find_nocase(const cckit_source *src,
                                            const char *name)
{
    if (!src || !name || !src->by_nocase)
        return NULL;
    /* First entry whose name is >= name case-insensitively. */
    size_t lo = 0, hi = src->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cckit_strcasecmp_ascii(src->entries[src->by_nocase[mid]].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == src->n)
        return NULL;
    const cckit_entry *e = &src->entries[src->by_nocase[lo]];
    if (cckit_strcasecmp_ascii(e->name, name) != 0)
        return NULL;
    /* Prefer the exact spelling when it is in the group. */
    const cckit_entry *exact = cckit_source_find(src, name);
    return exact ? exact : e;
}

/* ------------------------------------------------------------------ */
/* Streams                                                              */

cckit_status cckit_stream_open(cckit_source *src, const cckit_entry *e,
                               cckit_stream **out, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    if (out)
        *out = NULL;
    if (!src || !e || !out || !src->ops || !src->entries ||
        e < src->entries || e >= src->entries + src->n)
        return cckit_fail(err, CCKIT_E_USAGE, "cckit_stream_open: not an entry of this source");
    size_t idx = (size_t)(e - src->entries);
    if (e->is_dir)
        return cckit_fail(err, CCKIT_E_USAGE, "entry '%s' is a folder, not a file",
                          cckit_name_esc(e->name, esc, sizeof esc));
    cckit_stream *s = NULL;
    cckit_status st = src->ops->stream_open(src, idx, &s, err);
    if (st != CCKIT_OK)
        return st;
    s->src = src;
    s->entry = e;
    s->left = e->size;
    s->done = false;
    s->failed = false;
    *out = s;
    if (strcmp(e->name, "imsmanifest.xml") == 0)
        cckit_probe_hit(CCKIT_PROBE_MANIFEST_READ);
    return CCKIT_OK;
}

long cckit_stream_read(cckit_stream *s, void *buf, size_t n, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE], s1[32], s2[32];
    if (!s || (!buf && n))
        return cckit_fail(err, CCKIT_E_USAGE, "cckit_stream_read: no stream or no buffer"), -1;
    cckit_source *src = s->src;
    cckit_status corrupt = src->is_archive ? CCKIT_E_ARCHIVE : CCKIT_E_IO;
    if (s->failed)
        return cckit_fail(err, corrupt, "entry '%s': reading after an error",
                          cckit_name_esc(s->entry->name, esc, sizeof esc)), -1;
    if (s->done || n == 0)
        return 0;
    if (s->left == 0) {
        /* All declared bytes returned: the data must end here.  Reading
         * on also makes libzip check the CRC. */
        unsigned char probe;
        long r = s->ops->read(s, &probe, 1, err);
        if (r < 0) {
            s->failed = true;
            return -1;
        }
        if (r > 0) {
            s->failed = true;
            return cckit_fail(err, corrupt, "entry '%s' is longer than its declared size (%s)",
                              cckit_name_esc(s->entry->name, esc, sizeof esc),
                              cckit_size_str(s->entry->size, s1, sizeof s1)), -1;
        }
        s->done = true;
        /* read to its end at its declared size (archives: CRC checked):
         * the integrity pass need not read it again */
        cckit_source_mark_verified(src, s->entry);
        return 0;
    }
    size_t want = n;
    if (want > s->left)
        want = (size_t)s->left;
    if (want > (size_t)LONG_MAX)
        want = (size_t)LONG_MAX;
    long r = s->ops->read(s, buf, want, err);
    if (r < 0) {
        s->failed = true;
        return -1;
    }
    if (r == 0) {
        s->failed = true;
        return cckit_fail(err, corrupt,
                          "entry '%s' is shorter than its declared size (%s declared, %s missing)",
                          cckit_name_esc(s->entry->name, esc, sizeof esc),
                          cckit_size_str(s->entry->size, s1, sizeof s1),
                          cckit_size_str(s->left, s2, sizeof s2)), -1;
    }
    if ((size_t)r > want)
        r = (long)want; /* a back end never returns more; be sure */
    s->left -= (uint64_t)r;
    if (cckit_source_count_streamed(src, s->entry, (uint64_t)r, err) != CCKIT_OK) {
        s->failed = true;
        return -1;
    }
    return r;
}

cckit_status cckit_source_count_streamed(cckit_source *src, const cckit_entry *e,
                                         uint64_t n, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE], s1[32];
    src->streamed = add_sat(src->streamed, n);
    if (src->streamed <= src->total_cap)
        return CCKIT_OK;
    return cckit_fail_limit(err, src->total_cap_limit,
                            cckit_fail(err, CCKIT_E_LIMIT,
                                       "more than %s read from %s while streaming '%s' (overlapping entries?)",
                                       cckit_size_str(src->total_cap, s1, sizeof s1),
                                       src->is_archive ? "the archive" : "the folder",
                                       cckit_name_esc(e->name, esc, sizeof esc)));
}

void cckit_source_mark_verified(cckit_source *src, const cckit_entry *e)
{
    if (!src->verified)
        src->verified = calloc(src->n ? src->n : 1, 1);
    if (src->verified)
        src->verified[e - src->entries] = 1;
}

void cckit_stream_close(cckit_stream *s)
{
    if (s && s->ops && s->ops->close)
        s->ops->close(s);
}
