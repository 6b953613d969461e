/* entry_whole.c - a small entry read whole into memory, in one go.
 *
 * The validator's link pass reads every page whole before parsing it.
 * Through a stream, each entry of an archive costs libzip a chain of
 * sources (window, inflater, CRC) and zlib an inflater of its own (two
 * allocations, about 40 KiB): on 12,000 pages of 300 bytes that was as
 * much CPU time as parsing them.  Here the raw data of a deflated or
 * stored entry (ZIP_FL_COMPRESSED: its bounds from the central
 * directory, checked against the local header at open) is read in one
 * call, libdeflate inflates it in one call and computes its CRC.
 *
 * The result is the stream's (cckit_stream_read to the end): the
 * declared size, the CRC of the central directory, the source's total
 * cap, the entry then marked verified.  Whenever the fast way cannot
 * tell (another method, a failed read, data libdeflate refuses) the
 * entry is read again through a stream, so a failure and its words are
 * always the stream's.
 */
#include "import/source.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct cckit_whole_reader {
    struct libdeflate_decompressor *d;
    unsigned char *raw;         /* the compressed bytes */
    size_t raw_cap;
    char *out;                  /* the entry's bytes */
    size_t out_cap;
};

cckit_whole_reader *cckit_whole_reader_new(void)
{
    return calloc(1, sizeof(cckit_whole_reader));
}

void cckit_whole_reader_free(cckit_whole_reader *w)
{
    if (!w)
        return;
    if (w->d)
        libdeflate_free_decompressor(w->d);
    free(w->raw);
    free(w->out);
    free(w);
}

/* *buf of at least need bytes (kept from entry to entry). */
static bool room(void **buf, size_t *cap, size_t need)
{
    if (*cap >= need)
        return true;
    size_t nc = *cap ? *cap : 16384;
    while (nc < need)
        nc = nc > SIZE_MAX / 2 ? need : nc * 2;
    void *nb = realloc(*buf, nc);
    if (!nb)
        return false;
    *buf = nb;
    *cap = nc;
    return true;
}

/* Through a stream, as every other reader: up to one byte more than the
 * declared size, so a longer entry fails as it does there. */
static cckit_status by_stream(cckit_whole_reader *w, cckit_source *src, const cckit_entry *e,
                              size_t *n, cckit_error *err)
{
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    size_t want = (size_t)e->size + 1, len = 0;
    long got = 0;
    while (len < want && (got = cckit_stream_read(s, w->out + len, want - len, err)) > 0)
        len += (size_t)got;
    cckit_stream_close(s);
    if (got < 0)
        return err && err->status ? err->status : CCKIT_E_IO;
    *n = len;
    return CCKIT_OK;
}

/* The fast way: true when the entry was read, checked and counted. */
static bool by_raw(cckit_whole_reader *w, cckit_source *src, const cckit_entry *e, size_t *n,
                   cckit_status *st, cckit_error *err)
{
    uint64_t idx;
    zip_t *za = cckit_archive_zip(src, e, &idx);
    bool deflated = e->method == CCKIT_METHOD_DEFLATE;
    if (!za || e->is_dir || (!deflated && (e->method != CCKIT_METHOD_STORE || e->comp_size != e->size))
        || e->comp_size > SIZE_MAX - 1)
        return false;
    if (!room((void **)&w->raw, &w->raw_cap, (size_t)e->comp_size + 1))
        return false;
    if (deflated && !w->d && !(w->d = libdeflate_alloc_decompressor()))
        return false;
    zip_file_t *zf = zip_fopen_index(za, idx, ZIP_FL_COMPRESSED);
    if (!zf) {
        zip_error_clear(za);
        return false;
    }
    size_t len = 0, cap = (size_t)e->comp_size + 1;
    zip_int64_t got = 0;
    while (len < cap && (got = zip_fread(zf, w->raw + len, cap - len)) > 0)
        len += (size_t)got;
    zip_fclose(zf);
    if (got < 0 || len != e->comp_size)
        return false;
    if (deflated) {
        /* exactly the declared size, or it fails (then the stream tells) */
        if (libdeflate_deflate_decompress(w->d, w->raw, len, w->out, (size_t)e->size, NULL)
            != LIBDEFLATE_SUCCESS)
            return false;
    } else {
        memcpy(w->out, w->raw, len);
    }
    if ((uint32_t)libdeflate_crc32(0, w->out, (size_t)e->size) != e->crc)
        return false;
    *st = cckit_source_count_streamed(src, e, e->size, err);
    if (*st == CCKIT_OK)
        cckit_source_mark_verified(src, e);
    *n = (size_t)e->size;
    return true;
}

cckit_status cckit_entry_read_whole(cckit_whole_reader *w, cckit_source *src,
                                    const cckit_entry *e, const char **data, size_t *n,
                                    cckit_error *err)
{
    *data = NULL;
    *n = 0;
    if (e->size > SIZE_MAX - 1 || !room((void **)&w->out, &w->out_cap, (size_t)e->size + 1))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    cckit_status st = CCKIT_OK;
    if (!by_raw(w, src, e, n, &st, err))
        st = by_stream(w, src, e, n, err);
    if (st == CCKIT_OK)
        *data = w->out;
    return st;
}
