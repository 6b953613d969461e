/* fuzz_archive.c - libFuzzer harness for the archive back end of
 * cckit_source (archive_reader.c, source.c, path.c).
 *
 * The input is the bytes of a .imscc.  It is written to a memfd and opened
 * through /proc/self/fd/N, so the real path-based cckit_source_open() runs
 * (stat, open, libzip on the fd, entry checks); then every entry is listed,
 * looked up by name (exact and case-insensitive) and streamed to the end
 * under small caps, so that a bomb costs milliseconds, not gigabytes. */
#define _GNU_SOURCE
#include "cckit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
