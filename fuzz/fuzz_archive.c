/* fuzz_archive.c - libFuzzer harness for the archive back end of
 * cckit_source (archive_reader.c, source.c, path.c).
 *
 * The input is the bytes of a .imscc.  It is written to a memfd and opened
 * through /proc/self/fd/N, so the real path-based cckit_source_open() runs
 * (stat, open, libzip on the fd, entry checks); then every entry is listed,
 * looked up by name (exact and case-insensitive) and streamed to the end
 * under small caps, so that a bomb costs milliseconds, not gigabytes.
 *
 * An input that does not start with "PK" is a list of entries instead,
 * each "\n==> NAME\n" then its bytes (text before the first such line is
 * ignored): libzip writes them into a well-formed ZIP first, so that the
 * name checks, duplicate and case-collision detection, directory entries
 * and streaming run on valid archives, which byte mutations of a ZIP
 * rarely give.  The first byte of NAME may be a mode tag: '@' a symlink,
 * '=' stored rather than deflated, '%' a raw (not UTF-8 flagged) name. */
#define _GNU_SOURCE
#include "cckit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zip.h>

static int mfd = -1;
static char mpath[64];

static bool put_input(const uint8_t *data, size_t size)
{
    if (mfd < 0) {
        mfd = memfd_create("fuzz_archive", MFD_CLOEXEC);
        if (mfd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(mpath, sizeof mpath, "/proc/self/fd/%d", mfd);
    }
    if (ftruncate(mfd, 0) != 0)
        abort();
    size_t off = 0;
    while (off < size) {
        ssize_t w = pwrite(mfd, data + off, size - off, (off_t)off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    return true;
}

#define SEP "\n==> "

static const uint8_t *find_sep(const uint8_t *p, const uint8_t *end)
{
    const size_t k = sizeof SEP - 1;
    while ((size_t)(end - p) >= k) {
        const uint8_t *q = memchr(p, SEP[0], (size_t)(end - p) - k + 1);
        if (!q)
            return NULL;
        if (memcmp(q, SEP, k) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/* Build a ZIP of the entries of the input with libzip; false if libzip
 * will not (then the input is used as it is). */
static bool put_built(const uint8_t *data, size_t size)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!buf)
        return false;
    zip_source_keep(buf);
    zip_t *za = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(buf);
        zip_error_fini(&ze);
        return false;
    }
    const uint8_t *end = data + size;
    const uint8_t *sep = find_sep(data, end);
    for (int n = 0; sep && n < 64; n++) {
        const uint8_t *nm = sep + sizeof SEP - 1;
        const uint8_t *nl = memchr(nm, '\n', (size_t)(end - nm));
        if (!nl)
            break;
        char name[1100];
        size_t nlen = (size_t)(nl - nm);
        const uint8_t *body = nl + 1;
        sep = find_sep(body, end);
        if (nlen >= sizeof name || memchr(nm, '\0', nlen))
            continue;
        memcpy(name, nm, nlen);
        name[nlen] = '\0';
        char *nmp = name;
        bool link = false, store = false, raw = false;
        for (; *nmp == '@' || *nmp == '=' || *nmp == '%'; nmp++) {
            link |= *nmp == '@';
            store |= *nmp == '=';
            raw |= *nmp == '%';
        }
        size_t blen = (size_t)((sep ? sep : end) - body);
        zip_source_t *zs = zip_source_buffer(za, body, blen, 0);
        if (!zs)
            continue;
        zip_int64_t idx = zip_file_add(za, nmp, zs, raw ? ZIP_FL_ENC_RAW : ZIP_FL_ENC_GUESS);
        if (idx < 0) {
            zip_source_free(zs);
            continue;
        }
        zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 1);
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (link ? 0120777u : 0100644u) << 16);
        zip_file_set_mtime(za, (zip_uint64_t)idx, 1577836800, 0);
    }
    bool ok = zip_close(za) == 0;
    if (!ok)
        zip_discard(za);
    zip_stat_t st;
    if (ok && zip_source_stat(buf, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        zip_source_open(buf) == 0) {
        uint8_t *z = malloc(st.size ? st.size : 1);
        zip_int64_t got = z ? zip_source_read(buf, z, st.size) : -1;
        zip_source_close(buf);
        if (got >= 0 && (zip_uint64_t)got == st.size)
            put_input(z, (size_t)got);
        else
            ok = false;
        free(z);
    } else {
        ok = false;
    }
    zip_source_free(buf);
    zip_error_fini(&ze);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        put_input(data, size);
    else if (!put_built(data, size))
        put_input(data, size);

    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_entries = 4096;
    lim.max_entry_size = 1u << 20;
    lim.max_total_size = 4u << 20;
    lim.max_ratio = 200;

    cckit_diags diags = { 0 };
    cckit_source *src = NULL;
    cckit_error err;
    if (cckit_source_open(mpath, &lim, &diags, &src, &err) == CCKIT_OK) {
        size_t n = cckit_source_count(src);
        (void)cckit_source_is_archive(src);
        (void)cckit_source_size(src);
        (void)cckit_source_path(src);
        static char buf[16384];
        for (size_t i = 0; i < n; i++) {
            const cckit_entry *e = cckit_source_entry(src, i);
            if (!e || !e->name)
                abort();
            if (cckit_source_find(src, e->name) != e)
                abort(); /* names are unique: the lookup must find this very entry */
            if (!cckit_source_find_nocase(src, e->name))
                abort();
            if (e->is_dir)
                continue;
            cckit_stream *s = NULL;
            if (cckit_stream_open(src, e, &s, &err) != CCKIT_OK)
                continue;
            uint64_t got = 0;
            long r;
            while ((r = cckit_stream_read(s, buf, sizeof buf, &err)) > 0) {
                got += (uint64_t)r;
                if (got > e->size)
                    abort(); /* reads are capped at the declared size */
            }
            cckit_stream_close(s);
        }
        (void)cckit_source_entry(src, n); /* past the end: NULL, no crash */
        (void)cckit_source_find(src, "imsmanifest.xml");
        (void)cckit_source_find_nocase(src, "IMSMANIFEST.XML");
        cckit_source_close(src);
    }
    cckit_diags_free(&diags);
    return 0;
}
