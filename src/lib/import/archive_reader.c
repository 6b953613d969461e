/*
 * archive_reader.c - the libzip back end of cckit_source.
 *
 * zip_open(ZIP_RDONLY | ZIP_CHECKCONS) reads the central directory and
 * compares every local header with it (size lies, local/central name
 * mismatches, overlapping entries that point at one local header); no
 * entry data is inflated at open.  Then every entry is checked: its name
 * (raw bytes and libzip's strict decoding, see below), Unix file type
 * (symlinks and special files are refused), encryption, compression
 * method and declared sizes (source.c).
 *
 * Names: libzip 1.7 returns a name flagged UTF-8 unchanged from both
 * ZIP_FL_ENC_RAW and ZIP_FL_ENC_STRICT (and zip_open already refused
 * flagged names that are not UTF-8); an unflagged name with bytes >= 0x80
 * comes back from STRICT decoded as CP437.  Such a name is used as it is
 * when its raw bytes are valid UTF-8 (many zippers do not set the flag),
 * with a warning, and as CP437 otherwise, with a note.
 */
#define _XOPEN_SOURCE 700 /* strdup, POSIX 2008 */
#include "import/source.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libdeflate.h>
#include <zip.h>

/* Unix file types in the high 16 bits of the external attributes: the
 * values of the ZIP format, whatever the host's S_IF* are. */
#define ZMODE_FMT 0170000u
#define ZMODE_LNK 0120000u
#define ZMODE_CHR 0020000u
#define ZMODE_BLK 0060000u
#define ZMODE_FIFO 0010000u
#define ZMODE_SOCK 0140000u

struct archive_stream {
    struct cckit_stream base;
    zip_file_t *zf;
};

/* A small deflated entry, inflated whole at open (whole_open).  Through
 * a stream, libzip inflates with a new zlib inflater per entry (a 32 KiB
 * window allocated and freed each time) in 8 KiB pulls, and computes the
 * CRC with zlib: on a cartridge of 20,000 small pages and descriptors
 * that was a tenth of a validation.  Here the raw bytes are read in one
 * call, inflated in one call by libdeflate (one decompressor per source,
 * reused) and checked with its CRC; reads are copies out of the buffer.
 * The checks and messages are those of the libzip stream: the CRC at the
 * read after the last byte; data shorter or longer than declared is
 * handed on for cckit_stream_read to refuse (tests/unit/test_source.c
 * compares the two paths). */
#define WHOLE_MAX (16u * 1024 * 1024)

struct whole_stream {
    struct cckit_stream base;
    unsigned char *data;
    size_t len, pos;   /* len: inflated bytes kept (at most size + 1) */
    int zerr;          /* ZIP_ER_CRC to report at the end, or 0 */
    bool bad;          /* corrupt deflate data: fail at the first read */
};

static const char *method_name(unsigned m)
{
    switch (m) {
    case 1: return "shrink";
    case 6: return "implode";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "LZMA";
    case 93: return "zstd";
    case 95: return "xz";
    case 96: return "JPEG";
    case 97: return "WavPack";
    case 98: return "PPMd";
    case 99: return "AES";
    default: return "unknown";
    }
}

/* ------------------------------------------------------------------ */
/* Streams                                                              */

static long ar_read(cckit_stream *s, void *buf, size_t n, cckit_error *err)
{
    struct archive_stream *as = (struct archive_stream *)s;
    zip_int64_t r = zip_fread(as->zf, buf, n);
    if (r >= 0)
        return (long)r;
    cckit_archive_read_error(s->entry, zip_file_get_error(as->zf), err);
    return -1;
}

cckit_status cckit_archive_read_error(const cckit_entry *e, struct zip_error *ze,
                                      cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    const char *name = cckit_name_esc(e->name, esc, sizeof esc);
    switch (zip_error_code_zip(ze)) {
    case ZIP_ER_CRC:
        cckit_fail(err, CCKIT_E_ARCHIVE, "CRC mismatch in entry '%s' (the archive is corrupt)", name);
        break;
    case ZIP_ER_INCONS:
        cckit_fail(err, CCKIT_E_ARCHIVE,
                   "entry '%s': its data disagrees with its declared size (the archive is corrupt)", name);
        break;
    case ZIP_ER_ZLIB:
        cckit_fail(err, CCKIT_E_ARCHIVE, "entry '%s': corrupt deflate data (the archive is corrupt)", name);
        break;
    case ZIP_ER_MEMORY:
        cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading entry '%s'", name);
        break;
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
        cckit_fail(err, CCKIT_E_IO, "cannot read entry '%s': %s", name, zip_error_strerror(ze));
        break;
    default:
        cckit_fail(err, CCKIT_E_ARCHIVE, "cannot read entry '%s': %s", name, zip_error_strerror(ze));
        break;
    }
    return err ? cckit_fail_file(err, e->name, err->status) : CCKIT_E_ARCHIVE;
}

static void ar_stream_close(cckit_stream *s)
{
    struct archive_stream *as = (struct archive_stream *)s;
    if (as->zf)
        zip_fclose(as->zf);
    free(as);
}

static const struct cckit_stream_ops ar_stream_ops = { ar_read, ar_stream_close };

static long whole_read(cckit_stream *s, void *buf, size_t n, cckit_error *err)
{
    struct whole_stream *w = (struct whole_stream *)s;
    if (w->bad || (w->pos == w->len && w->zerr)) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, w->bad ? ZIP_ER_ZLIB : w->zerr);
        cckit_archive_read_error(s->entry, &ze, err);
        zip_error_fini(&ze);
        return -1;
    }
    if (n > w->len - w->pos)
        n = w->len - w->pos;
    memcpy(buf, w->data + w->pos, n);
    w->pos += n;
    return (long)n;
}

static void whole_close(cckit_stream *s)
{
    struct whole_stream *w = (struct whole_stream *)s;
    free(w->data);
    free(w);
}

static const struct cckit_stream_ops whole_ops = { whole_read, whole_close };

static zip_t *ar_zip(cckit_source *src, cckit_error *err);

/* The entry's raw bytes, inflated whole into a new whole_stream. */
static cckit_status whole_open(cckit_source *src, size_t idx, cckit_stream **out,
                               cckit_error *err)
{
    zip_t *za = ar_zip(src, err);
    const cckit_entry *e = &src->entries[idx];
    if (!za)
        return err->status;
    if (!src->inflater && !(src->inflater = libdeflate_alloc_decompressor()))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    /* the raw bytes in the source's buffer, kept from entry to entry */
    size_t need = e->comp_size ? (size_t)e->comp_size : 1;
    if (src->whole_raw_cap < need) {
        size_t cap = need < 65536 ? 65536 : need;
        unsigned char *nb = realloc(src->whole_raw, cap);
        if (!nb)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        src->whole_raw = nb;
        src->whole_raw_cap = cap;
    }
    unsigned char *raw = src->whole_raw;
    struct whole_stream *w = calloc(1, sizeof *w);
    if (w)
        w->data = malloc((size_t)e->size + 1);
    if (!w || !w->data) {
        if (w)
            free(w->data);
        free(w);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, ZIP_FL_COMPRESSED);
    if (!zf) {
        whole_close(&w->base);
        return cckit_archive_open_error(za, e, err);
    }
    size_t got = 0;
    zip_int64_t r = 1;
    while (got < e->comp_size && (r = zip_fread(zf, raw + got, (zip_uint64_t)(e->comp_size - got))) > 0)
        got += (size_t)r;
    if (r < 0) {
        cckit_status st = cckit_archive_read_error(e, zip_file_get_error(zf), err);
        zip_fclose(zf);
        whole_close(&w->base);
        return st;
    }
    zip_fclose(zf);
    size_t n = 0;
    enum libdeflate_result lr = libdeflate_deflate_decompress(src->inflater, raw, got, w->data,
                                                              (size_t)e->size + 1, &n);
    if (lr == LIBDEFLATE_INSUFFICIENT_SPACE)
        n = (size_t)e->size + 1;     /* longer than declared: refused on reading */
    else if (lr != LIBDEFLATE_SUCCESS)
        w->bad = true;
    w->len = n;
    /* shorter than declared: the end comes early, as from libzip, and
     * cckit_stream_read says so; longer: the extra byte is handed on */
    if (!w->bad && n == e->size && (uint32_t)libdeflate_crc32(0, w->data, n) != e->crc)
        w->zerr = ZIP_ER_CRC;
    w->base.ops = &whole_ops;
    *out = &w->base;
    return CCKIT_OK;
}

static cckit_status ar_stream_open(cckit_source *src, size_t idx,
                                   cckit_stream **out, cckit_error *err)
{
    const cckit_entry *e = &src->entries[idx];
    if (e->method == CCKIT_METHOD_DEFLATE && e->size < WHOLE_MAX && e->comp_size <= WHOLE_MAX)
        return whole_open(src, idx, out, err);
    zip_t *za = ar_zip(src, err);
    if (!za)
        return err->status;
    struct archive_stream *as = calloc(1, sizeof *as);
    if (!as)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    as->zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!as->zf) {
        free(as);
        return cckit_archive_open_error(za, &src->entries[idx], err);
    }
    as->base.ops = &ar_stream_ops;
    *out = &as->base;
    return CCKIT_OK;
}

cckit_status cckit_archive_open_error(struct zip *za, const cckit_entry *e, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    zip_error_t *ze = zip_get_error(za);
    int code = zip_error_code_zip(ze);
    cckit_status st = code == ZIP_ER_MEMORY ? CCKIT_E_NOMEM
                    : (code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_OPEN)
                          ? CCKIT_E_IO : CCKIT_E_ARCHIVE;
    cckit_fail_file(err, e->name,
                    cckit_fail(err, st, "cannot open entry '%s': %s",
                               cckit_name_esc(e->name, esc, sizeof esc), zip_error_strerror(ze)));
    zip_error_clear(za);
    return st;
}

static void ar_close(cckit_source *src)
{
    if (src->impl)
        zip_discard(src->impl);
    src->impl = NULL;
    libdeflate_free_decompressor(src->inflater);
    src->inflater = NULL;
    free(src->whole_raw);
    src->whole_raw = NULL;
    src->whole_raw_cap = 0;
    if (src->fd >= 0)
        close(src->fd);
    src->fd = -1;
}

static const struct cckit_source_ops ar_ops = { ar_close, ar_stream_open };

/* ------------------------------------------------------------------ */
/* A read-only zip_source over a file descriptor                        */

/* libzip 1.7's file source calls fstat() for every central directory
 * entry while opening (20,000 entries: 20,000 system calls, ~100 ms);
 * this source answers ZIP_SOURCE_STAT from the fstat() made once, and
 * serves the small reads of ZIP_CHECKCONS (local headers) from a cache.
 * The archive stays open on the descriptor, so the file checked is the
 * file read. */

#define FDSRC_CACHE (64 * 1024)
/* A fill of the cache of which no more than this was used (local headers
 * far apart: an archive of large media) is followed by a fill of this
 * size (or of the read), so that checking 1,000 headers 1 MB apart does
 * not copy 64 MiB. */
#define FDSRC_SMALL (4 * 1024)

struct fdsrc {
    int fd;
    zip_uint64_t size;
    time_t mtime;
    zip_uint64_t pos;
    zip_uint64_t cache_off;
    size_t cache_len;
    size_t cache_used;      /* bytes of the current fill served so far (high-water) */
    zip_error_t error;
    unsigned char cache[FDSRC_CACHE];
};

static zip_int64_t fdsrc_pread(struct fdsrc *f, void *buf, size_t n, zip_uint64_t off)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = pread(f->fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            zip_error_set(&f->error, ZIP_ER_READ, errno);
            return -1;
        }
        if (r == 0)
            break;
        done += (size_t)r;
    }
    return (zip_int64_t)done;
}

static zip_int64_t fdsrc_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct fdsrc *f = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        f->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        if (f->pos >= f->size || len == 0)
            return 0;
        zip_uint64_t n = f->size - f->pos;
        if (n > len)
            n = len;
        if (n > (zip_uint64_t)1 << 30)
            n = (zip_uint64_t)1 << 30;
        if (n > FDSRC_CACHE / 4) {
            zip_int64_t r = fdsrc_pread(f, data, (size_t)n, f->pos);
            if (r > 0)
                f->pos += (zip_uint64_t)r;
            return r;
        }
        if (f->pos < f->cache_off || f->pos + n > f->cache_off + f->cache_len) {
            size_t fill = f->cache_used > FDSRC_SMALL ? FDSRC_CACHE
                        : n > FDSRC_SMALL ? (size_t)n : FDSRC_SMALL;
            zip_int64_t r = fdsrc_pread(f, f->cache, fill, f->pos);
            if (r < 0)
                return -1;
            f->cache_off = f->pos;
            f->cache_len = (size_t)r;
            f->cache_used = 0;
            if (n > (zip_uint64_t)r)
                n = (zip_uint64_t)r;
        }
        if (f->pos + n - f->cache_off > f->cache_used)
            f->cache_used = (size_t)(f->pos + n - f->cache_off);
        memcpy(data, f->cache + (f->pos - f->cache_off), (size_t)n);
        f->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        if (len < sizeof *st) {
            zip_error_set(&f->error, ZIP_ER_INVAL, 0);
            return -1;
        }
        zip_stat_init(st);
        st->size = f->size;
        st->mtime = f->mtime;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_MTIME;
        return (zip_int64_t)sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&f->error, data, len);
    case ZIP_SOURCE_FREE:
        if (f->fd >= 0)
            close(f->fd);
        zip_error_fini(&f->error);
        free(f);
        return 0;
    case ZIP_SOURCE_SEEK: {
        zip_int64_t np = zip_source_seek_compute_offset(f->pos, f->size, data, len, &f->error);
        if (np < 0)
            return -1;
        f->pos = (zip_uint64_t)np;
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)f->pos;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                              ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&f->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ------------------------------------------------------------------ */
/* Open                                                                 */

static cckit_status open_error(const char *path, zip_error_t *ze, cckit_error *err)
{
    int sys = zip_error_code_system(ze);
    switch (zip_error_code_zip(ze)) {
    case ZIP_ER_NOZIP:
        if (cckit_path_is_bare_xml(path))
            return cckit_fail(err, CCKIT_E_ARCHIVE, "%s: not a ZIP archive: it holds XML "
                              "(a bare manifest, without a package around it)", path);
        return cckit_fail(err, CCKIT_E_ARCHIVE,
                          "%s: not a ZIP archive (or truncated: no end of central directory)", path);
    case ZIP_ER_INCONS:
        return cckit_fail(err, CCKIT_E_ARCHIVE,
                          "%s: inconsistent ZIP archive: a local header disagrees with the central "
                          "directory, or an entry name flagged UTF-8 is not valid UTF-8", path);
    case ZIP_ER_EXISTS:
        return cckit_fail(err, CCKIT_E_ARCHIVE, "%s: duplicate entry names in the archive", path);
    case ZIP_ER_MULTIDISK:
        return cckit_fail(err, CCKIT_E_ARCHIVE,
                          "%s: split (multi-disk) ZIP archives are not supported", path);
    case ZIP_ER_MEMORY:
        return cckit_fail(err, CCKIT_E_NOMEM, "%s: out of memory reading the archive", path);
    case ZIP_ER_NOENT:
        return cckit_fail(err, CCKIT_E_IO, "cannot open %s: no such file", path);
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
        return cckit_fail(err, CCKIT_E_IO, "cannot read %s: %s", path,
                          sys ? strerror(sys) : zip_error_strerror(ze));
    case ZIP_ER_SEEK:
        return cckit_fail(err, CCKIT_E_ARCHIVE,
                          "%s: truncated or damaged ZIP archive (an offset points past the end)", path);
    case ZIP_ER_COMPNOTSUPP:
    case ZIP_ER_ENCRNOTSUPP:
    default:
        return cckit_fail(err, CCKIT_E_ARCHIVE, "%s: unreadable ZIP archive: %s", path,
                          zip_error_strerror(ze));
    }
}

static bool has_high_bytes(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return true;
    return false;
}

static cckit_status check_entries(cckit_source *src, zip_t *za, zip_uint64_t n,
                                  cckit_diags *diags, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    size_t n_unflagged = 0, n_cp437 = 0;
    char *first_unflagged = NULL, *first_cp437 = NULL;
    cckit_status st = CCKIT_OK;

    for (zip_uint64_t i = 0; i < n && st == CCKIT_OK; i++) {
        const char *raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
        const char *strict = raw ? zip_get_name(za, i, ZIP_FL_ENC_STRICT) : NULL;
        if (!raw || !strict) {
            st = cckit_fail(err, CCKIT_E_ARCHIVE, "%s: cannot read the name of entry #%llu: %s",
                            src->path, (unsigned long long)i, zip_strerror(za));
            break;
        }
        const char *name = raw;
        if (has_high_bytes(raw)) {
            bool valid = cckit_utf8_valid(raw, strlen(raw));
            if (strcmp(raw, strict) == 0) {
                /* flagged UTF-8 (libzip normally refuses invalid ones) */
                if (!valid) {
                    st = cckit_fail(err, CCKIT_E_ARCHIVE,
                                    "entry name '%s' is flagged UTF-8 but is not valid UTF-8",
                                    cckit_name_esc(raw, esc, sizeof esc));
                    break;
                }
            } else if (valid) {
                if (n_unflagged++ == 0)
                    first_unflagged = strdup(raw);
            } else {
                name = strict;
                if (n_cp437++ == 0)
                    first_cp437 = strdup(strict);
            }
        }
        /* the name first, so that a bad one is reported as such */
        const char *why = cckit_path_unsafe_reason(name, src->lim.max_path_length);
        if (why) {
            cckit_entry dummy = { 0 };
            st = cckit_source_add_entry(src, name, &dummy, err);
            break;
        }

        zip_uint8_t opsys = 0;
        zip_uint32_t attr = 0;
        if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) == 0 &&
            opsys == ZIP_OPSYS_UNIX) {
            unsigned type = (attr >> 16) & ZMODE_FMT;
            if (type == ZMODE_LNK) {
                st = cckit_fail(err, CCKIT_E_UNSAFE,
                                "entry '%s' is a symbolic link; cckit never follows links",
                                cckit_name_esc(name, esc, sizeof esc));
                break;
            }
            if (type == ZMODE_CHR || type == ZMODE_BLK || type == ZMODE_FIFO || type == ZMODE_SOCK) {
                st = cckit_fail(err, CCKIT_E_UNSAFE,
                                "entry '%s' is a device, FIFO or socket, not a file",
                                cckit_name_esc(name, esc, sizeof esc));
                break;
            }
        }

        zip_stat_t zs;
        zip_stat_init(&zs);
        if (zip_stat_index(za, i, 0, &zs) != 0) {
            st = cckit_fail(err, CCKIT_E_ARCHIVE, "cannot read entry '%s': %s",
                            cckit_name_esc(name, esc, sizeof esc), zip_strerror(za));
            break;
        }
        const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
                                  ZIP_STAT_ENCRYPTION_METHOD;
        if ((zs.valid & need) != need) {
            st = cckit_fail(err, CCKIT_E_ARCHIVE, "entry '%s': sizes or method unknown",
                            cckit_name_esc(name, esc, sizeof esc));
            break;
        }
        if (zs.encryption_method != ZIP_EM_NONE) {
            st = cckit_fail(err, CCKIT_E_ARCHIVE,
                            "encrypted entry '%s' cannot be read; cckit never asks for a password",
                            cckit_name_esc(name, esc, sizeof esc));
            break;
        }
        if (zs.comp_method != ZIP_CM_STORE && zs.comp_method != ZIP_CM_DEFLATE) {
            st = cckit_fail(err, CCKIT_E_ARCHIVE,
                            "entry '%s' uses compression method %u (%s); cckit reads only stored and deflated entries",
                            cckit_name_esc(name, esc, sizeof esc), (unsigned)zs.comp_method,
                            method_name(zs.comp_method));
            break;
        }
        cckit_entry e = { 0 };
        e.size = zs.size;
        e.comp_size = zs.comp_size;
        e.crc = (zs.valid & ZIP_STAT_CRC) ? zs.crc : 0;
        e.method = zs.comp_method == ZIP_CM_STORE ? CCKIT_METHOD_STORE : CCKIT_METHOD_DEFLATE;
        e.mtime = (zs.valid & ZIP_STAT_MTIME) ? (int64_t)zs.mtime : 0;
        st = cckit_source_add_entry(src, name, &e, err);
    }

    if (st == CCKIT_OK && diags && n_unflagged) {
        if (!cckit_diags_add_rule(diags, CCKIT_SEV_WARNING,
                                  cckit_rule_in(cckit_rules_import, "zip.name-not-flagged-utf8"),
                                  first_unflagged, 0, "%zu entry name%s not flagged UTF-8 but read as UTF-8, e.g. '%s'",
                             n_unflagged, n_unflagged == 1 ? " is" : "s are",
                             first_unflagged ? cckit_name_esc(first_unflagged, esc, sizeof esc) : "?"))
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    if (st == CCKIT_OK && diags && n_cp437) {
        if (!cckit_diags_add_rule(diags, CCKIT_SEV_INFO,
                                  cckit_rule_in(cckit_rules_import, "zip.name-cp437"),
                                  first_cp437, 0, "%zu entry name%s not UTF-8 and decoded as CP437 (the ZIP default), e.g. '%s'",
                             n_cp437, n_cp437 == 1 ? " is" : "s are",
                             first_cp437 ? cckit_name_esc(first_cp437, esc, sizeof esc) : "?"))
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    free(first_unflagged);
    free(first_cp437);
    return st;
}

static cckit_status open_fd(int fd, const char *path, const cckit_limits *lim,
                            cckit_diags *diags, cckit_source **out, cckit_error *err);

cckit_status cckit_archive_open(const char *path, const cckit_limits *lim,
                                cckit_diags *diags, cckit_source **out,
                                cckit_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return cckit_fail_file(err, path, cckit_fail(err, CCKIT_E_IO, "cannot open %s: %s", path,
                                                     strerror(errno)));
    return cckit_fail_file(err, path, open_fd(fd, path, lim, diags, out, err));
}

/* A second, independent reader of the same open file (not the same path:
 * the file a second thread reads is the file the first one checked): its
 * entry table (checked, with every local header, when the first was
 * opened) is copied, and its libzip handle opened on first use (ar_zip). */
/* libdeflate picks its code for this CPU on its first call of each
 * function and keeps the pick in a static; made once here, before a
 * second reader exists, two threads never make it at once (the
 * validator's first two, link_prefetch.c and the manifest's read). */
static void deflate_pick(void)
{
    static const unsigned char empty[] = {0x03, 0x00};   /* one empty final block */
    unsigned char out[1];
    size_t n;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (d) {
        (void)libdeflate_deflate_decompress(d, empty, sizeof empty, out, 0, &n);
        libdeflate_free_decompressor(d);
    }
    (void)libdeflate_crc32(0, out, 0);
}

cckit_status cckit_archive_reopen(const cckit_source *src, cckit_source **out,
                                  cckit_error *err)
{
    static pthread_once_t picked = PTHREAD_ONCE_INIT;
    pthread_once(&picked, deflate_pick);
    *out = NULL;
    if (!src->is_archive || src->fd < 0)
        return cckit_fail(err, CCKIT_E_USAGE, "not an open archive");
    cckit_source *dst = cckit_source_new(src->path, true, &src->lim);
    if (!dst)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory opening %s", src->path);
    dst->ops = &ar_ops;
    dst->fd = fcntl(src->fd, F_DUPFD_CLOEXEC, 0);
    if (dst->fd < 0) {
        cckit_fail_file(err, src->path, cckit_fail(err, CCKIT_E_IO, "%s: %s", src->path,
                                                   strerror(errno)));
        cckit_source_close(dst);
        return err->status;
    }
    cckit_source_set_archive_size(dst, src->size);
    cckit_status st = cckit_source_copy_table(dst, src, err);
    if (st != CCKIT_OK) {
        cckit_source_close(dst);
        return st;
    }
    *out = dst;
    return CCKIT_OK;
}

/* libzip's handle on fd (taken: closed on failure too), the file's
 * stat in *sb.  checkcons: compare every local header with the central
 * directory (ZIP_CHECKCONS); a second reader of a file checked so skips
 * it. */
static cckit_status zip_from_fd(int fd, const char *path, bool checkcons, zip_t **out,
                                struct stat *sb, cckit_error *err)
{
    *out = NULL;
    if (fstat(fd, sb) != 0) {
        int e = errno;
        close(fd);
        return cckit_fail(err, CCKIT_E_IO, "cannot open %s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb->st_mode)) {
        close(fd);
        return cckit_fail(err, CCKIT_E_IO, "%s is neither a regular file nor a folder", path);
    }
    if (sb->st_size == 0) {
        close(fd);
        return cckit_fail(err, CCKIT_E_ARCHIVE, "%s: empty file, not a ZIP archive", path);
    }
    struct fdsrc *f = calloc(1, sizeof *f);
    if (!f) {
        close(fd);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory opening %s", path);
    }
    f->fd = fd;
    f->size = (zip_uint64_t)sb->st_size;
    f->mtime = sb->st_mtime;
    f->cache_used = FDSRC_CACHE;   /* the first fill is a large one */
    zip_error_init(&f->error);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *zsrc = zip_source_function_create(fdsrc_cb, f, &ze);
    if (!zsrc) {
        fdsrc_cb(f, NULL, 0, ZIP_SOURCE_FREE);
        zip_error_fini(&ze);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory opening %s", path);
    }
    zip_t *za = zip_open_from_source(zsrc, checkcons ? ZIP_RDONLY | ZIP_CHECKCONS : ZIP_RDONLY,
                                     &ze);
    if (!za) {
        zip_source_free(zsrc);
        cckit_status st = open_error(path, &ze, err);
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);
    *out = za;
    return CCKIT_OK;
}

/* The libzip handle of a second reader (cckit_archive_reopen), opened on
 * its first use: on the thread that reads through it, not on the one
 * that made it (the central directory of 20,000 entries is ~100 million
 * instructions, once per reader). */
static zip_t *ar_zip(cckit_source *src, cckit_error *err)
{
    if (src->impl)
        return src->impl;
    int fd = src->fd >= 0 ? fcntl(src->fd, F_DUPFD_CLOEXEC, 0) : -1;
    if (fd < 0) {
        cckit_fail(err, CCKIT_E_IO, "%s: %s", src->path, strerror(errno));
        return NULL;
    }
    zip_t *za;
    struct stat sb;
    if (zip_from_fd(fd, src->path, false, &za, &sb, err) != CCKIT_OK)
        return NULL;
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || (uint64_t)n != src->n || (uint64_t)sb.st_size != src->size) {
        zip_discard(za);
        cckit_fail(err, CCKIT_E_ARCHIVE, "%s: changed while being read", src->path);
        return NULL;
    }
    return src->impl = za;
}

/* Takes ownership of fd. */
static cckit_status open_fd(int fd, const char *path, const cckit_limits *lim,
                            cckit_diags *diags, cckit_source **out, cckit_error *err)
{
    struct stat sb;
    *out = NULL;
    zip_t *za;
    cckit_status st = zip_from_fd(fd, path, true, &za, &sb, err);
    if (st != CCKIT_OK)
        return st;
    cckit_source *src = cckit_source_new(path, true, lim);
    if (!src) {
        zip_discard(za);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory opening %s", path);
    }
    src->ops = &ar_ops;
    src->impl = za;
    /* Kept (a duplicate; libzip's source owns fd) for cckit_archive_reopen:
     * pread() on a shared descriptor has no shared file position. */
    src->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    cckit_source_set_archive_size(src, (uint64_t)sb.st_size);

    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0)
        st = cckit_fail(err, CCKIT_E_ARCHIVE, "%s: cannot count the entries", path);
    else if (n == 0)
        st = cckit_fail(err, CCKIT_E_ARCHIVE, "%s: empty ZIP archive (no entries)", path);
    else if (src->lim.max_entries && (uint64_t)n > src->lim.max_entries)
        st = cckit_fail_limit(err, CCKIT_LIMIT_ENTRIES,
                              cckit_fail(err, CCKIT_E_LIMIT, "archive has %lld entries, more than %llu",
                                         (long long)n, (unsigned long long)src->lim.max_entries));
    else
        st = check_entries(src, za, (zip_uint64_t)n, diags, err);
    if (st == CCKIT_OK)
        st = cckit_source_finish(src, diags, "zip", err);
    if (st != CCKIT_OK) {
        cckit_source_close(src);
        return st;
    }
    *out = src;
    return CCKIT_OK;
}

/* Entries are added in archive order (check_entries), so the entry's
 * place in the table is its libzip index, as in ar_stream_open. */
struct zip *cckit_archive_zip(const cckit_source *src, const cckit_entry *e,
                              uint64_t *index)
{
    if (!src || !e || src->ops != &ar_ops || e < src->entries || e >= src->entries + src->n)
        return NULL;
    *index = (uint64_t)(e - src->entries);
    /* a second reader's handle is opened here on its first use: the
     * reader belongs to the calling thread, the change is its own */
    cckit_error err;
    return ar_zip((cckit_source *)src, &err);
}
