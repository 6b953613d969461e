/* entry_verify.c - an entry read once, to its end, for its CRC alone.
 *
 * The integrity pass (validate/integrity.c) reads most of the bytes of a
 * large cartridge, its media, only to check their CRC-32.  Through a
 * stream, libzip pulls deflate data 8 KiB at a time (each a copy out of
 * the reader's cache) and computes the CRC with zlib's crc32: on 1 GB of
 * media that was most of the run's CPU time.  Here libzip hands over the
 * entry's raw data (ZIP_FL_COMPRESSED: its bounds from the central
 * directory, checked against the local header at open) in reads of
 * VERIFY_BUF bytes straight into our buffer; zlib inflates it, and
 * libdeflate computes the CRC (carry-less multiply: about 4 times zlib's
 * crc32 on this machine, see the ChangeLog).
 *
 * The checks are those of a stream read to its end (source.c,
 * archive_reader.c): the size as declared, the CRC of the central
 * directory, the source's total cap; so are the messages, so that a
 * finding does not depend on the path that found it.  Memory is two
 * buffers and one inflater per verifier, whatever the entry's size.
 */
#include "import/source.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <zip.h>
#include <zlib.h>

/* Large reads: fewer system calls and libzip calls; small enough that
 * the buffers stay in the cache of one core. */
#define VERIFY_BUF (1024 * 1024)

struct cckit_verifier {
    z_stream z;
    bool z_ready;
    unsigned char *in, *out;
};

cckit_verifier *cckit_verifier_new(void)
{
    cckit_verifier *vf = calloc(1, sizeof *vf);
    if (!vf)
        return NULL;
    vf->in = malloc(VERIFY_BUF);
    vf->out = malloc(VERIFY_BUF);
    /* raw deflate, as in a ZIP entry */
    if (vf->in && vf->out && inflateInit2(&vf->z, -MAX_WBITS) == Z_OK)
        vf->z_ready = true;
    if (!vf->z_ready) {
        cckit_verifier_free(vf);
        return NULL;
    }
    return vf;
}

void cckit_verifier_free(cckit_verifier *vf)
{
    if (!vf)
        return;
    if (vf->z_ready)
        inflateEnd(&vf->z);
    free(vf->in);
    free(vf->out);
    free(vf);
}

/* The running state of one entry. */
typedef struct run {
    cckit_source *src;
    const cckit_entry *e;
    uint64_t got;              /* uncompressed bytes so far */
    uint32_t crc;
} run;

/* n more bytes of the entry's data. */
static cckit_status take(run *r, const unsigned char *p, size_t n, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE], s1[32];
    if (n > r->e->size - r->got)
        return cckit_fail_file(err, r->e->name,
                               cckit_fail(err, CCKIT_E_ARCHIVE,
                                          "entry '%s' is longer than its declared size (%s)",
                                          cckit_name_esc(r->e->name, esc, sizeof esc),
                                          cckit_size_str(r->e->size, s1, sizeof s1)));
    r->crc = (uint32_t)libdeflate_crc32(r->crc, p, n);
    r->got += n;
    return cckit_source_count_streamed(r->src, r->e, n, err);
}

static cckit_status corrupt_deflate(const cckit_entry *e, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    return cckit_fail_file(err, e->name,
                           cckit_fail(err, CCKIT_E_ARCHIVE,
                                      "entry '%s': corrupt deflate data (the archive is corrupt)",
                                      cckit_name_esc(e->name, esc, sizeof esc)));
}

/* Inflate what is in z's input (all of it, or up to the end of the
 * deflate data, *end then set); with no input, only what zlib holds. */
static cckit_status inflate_some(cckit_verifier *vf, run *r, bool *end, cckit_error *err)
{
    for (;;) {
        vf->z.next_out = vf->out;
        vf->z.avail_out = VERIFY_BUF;
        int zr = inflate(&vf->z, Z_NO_FLUSH);
        if (zr == Z_MEM_ERROR)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory inflating an entry");
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
            return corrupt_deflate(r->e, err);
        size_t n = VERIFY_BUF - vf->z.avail_out;
        cckit_status st = n ? take(r, vf->out, n, err) : CCKIT_OK;
        if (st != CCKIT_OK)
            return st;
        if (zr == Z_STREAM_END) {
            *end = true;
            return CCKIT_OK;
        }
        /* output not full: zlib took all the input it was given */
        if (zr == Z_BUF_ERROR || vf->z.avail_out > 0)
            return CCKIT_OK;
    }
}

/* Bytes of src (opened) to its end; a read error in err. */
static cckit_status take_source(cckit_verifier *vf, zip_source_t *zs, run *r, cckit_error *err)
{
    cckit_status st = CCKIT_OK;
    zip_int64_t n;
    while (st == CCKIT_OK && (n = zip_source_read(zs, vf->in, VERIFY_BUF)) != 0) {
        if (n < 0)
            return cckit_archive_read_error(r->e, zip_source_error(zs), err);
        st = take(r, vf->in, (size_t)n, err);
    }
    return st;
}

/* A stored entry of two bytes or more.  libzip checks (with zlib's crc32)
 * the CRC of an entry it reads whole, even raw; read as two parts, the
 * CRC is ours alone, computed once.  The parts are bounded by the
 * declared size, so only when it is the compressed size too. */
static cckit_status read_stored(cckit_verifier *vf, zip_t *za, uint64_t idx, run *r,
                                cckit_error *err)
{
    const uint64_t size = r->e->size;
    const uint64_t part[2][2] = { { 0, size - 1 }, { size - 1, 1 } };
    for (int k = 0; k < 2; k++) {
        zip_source_t *zs = zip_source_zip(za, za, idx, 0, part[k][0], (zip_int64_t)part[k][1]);
        if (!zs)
            return cckit_archive_open_error(za, r->e, err);
        cckit_status st = CCKIT_OK;
        if (zip_source_open(zs) < 0) {
            st = cckit_archive_read_error(r->e, zip_source_error(zs), err);
        } else {
            st = take_source(vf, zs, r, err);
            zip_source_close(zs);
        }
        zip_source_free(zs);
        if (st != CCKIT_OK)
            return st;
    }
    return CCKIT_OK;
}

/* A folder's file: read to its end through a stream. */
static cckit_status drain(cckit_verifier *vf, cckit_source *src, const cckit_entry *e,
                          cckit_error *err)
{
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    long got;
    while ((got = cckit_stream_read(s, vf->in, VERIFY_BUF, err)) > 0)
        ;
    cckit_stream_close(s);
    return got == 0 ? CCKIT_OK : err->status;
}

cckit_status cckit_entry_verify(cckit_verifier *vf, cckit_source *src, const cckit_entry *e,
                                cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE], s1[32], s2[32];
    err->message[0] = '\0';
    uint64_t idx;
    zip_t *za = cckit_archive_zip(src, e, &idx);
    if (!za)
        return drain(vf, src, e, err);
    if (e->is_dir)
        return cckit_fail(err, CCKIT_E_USAGE, "entry '%s' is a folder, not a file",
                          cckit_name_esc(e->name, esc, sizeof esc));
    bool deflated = e->method == CCKIT_METHOD_DEFLATE, end = false;
    run r = { src, e, 0, 0 };
    cckit_status st = CCKIT_OK;
    zip_file_t *zf = NULL;
    if (!deflated && e->size >= 2 && e->comp_size == e->size) {
        st = read_stored(vf, za, idx, &r, err);
    } else {
        zf = zip_fopen_index(za, idx, ZIP_FL_COMPRESSED);
        if (!zf)
            return cckit_archive_open_error(za, e, err);
        if (deflated && inflateReset(&vf->z) != Z_OK)
            st = corrupt_deflate(e, err);
    }
    while (zf && st == CCKIT_OK && !end) {
        zip_int64_t n = zip_fread(zf, vf->in, VERIFY_BUF);
        if (n < 0) {
            st = cckit_archive_read_error(e, zip_file_get_error(zf), err);
            break;
        }
        if (!deflated) {
            if (n == 0)
                break;
            st = take(&r, vf->in, (size_t)n, err);
            continue;
        }
        /* after the last byte, once more with no input: what zlib holds */
        vf->z.next_in = vf->in;
        vf->z.avail_in = (uInt)n;
        st = inflate_some(vf, &r, &end, err);
        if (st == CCKIT_OK && n == 0 && !end)
            st = corrupt_deflate(e, err);   /* the data stops mid-stream */
    }
    if (zf)
        zip_fclose(zf);
    if (st != CCKIT_OK)
        return st;
    /* bytes after the end of the deflate data are ignored, as by libzip */
    if (r.got != e->size)
        return cckit_fail_file(err, e->name,
                               cckit_fail(err, CCKIT_E_ARCHIVE,
                                          "entry '%s' is shorter than its declared size (%s declared, %s missing)",
                                          cckit_name_esc(e->name, esc, sizeof esc),
                                          cckit_size_str(e->size, s1, sizeof s1),
                                          cckit_size_str(e->size - r.got, s2, sizeof s2)));
    if (r.crc != e->crc)
        return cckit_fail_file(err, e->name,
                               cckit_fail(err, CCKIT_E_ARCHIVE,
                                          "CRC mismatch in entry '%s' (the archive is corrupt)",
                                          cckit_name_esc(e->name, esc, sizeof esc)));
    cckit_source_mark_verified(src, e);
    return CCKIT_OK;
}
