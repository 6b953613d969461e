/*
 * archive_writer.c - safe, deterministic ZIP writing (see archive_writer.h).
 *
 * Why libzip writes through our own fd: zip_open(path) makes libzip create
 * its own temporary (path.XXXXXX, via mkstemp) at zip_close and rename it
 * onto path.  That would put a second, differently named temporary beside
 * the target that our stale clean-up does not know, and the rename is by
 * name.  Instead the archive is a zip_source_function on the fd of the
 * temp file we created exclusively (O_EXCL|O_NOFOLLOW) and hold locked:
 * libzip calls BEGIN_WRITE / WRITE / SEEK_WRITE / TELL_WRITE /
 * COMMIT_WRITE on it and never opens a path.  We fsync that fd (beside
 * the last check, when there is one), rename it onto the target
 * relative to the folder's fd, and fsync the folder.
 *
 * Entry data is not given to libzip until commit: each add records what
 * to read, commit sorts the records and adds one zip_source_function per
 * entry that opens its file or stream only when libzip reads it, so at
 * most one input is open at a time.
 */
#define _GNU_SOURCE 1
#include "export/archive_writer.h"
#include "base/tempfile.h"
#include "base/cancel.h"
#include "import/source.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "export/archive_writer_int.h"
#include "export/deflate_pool.h"

void cckit_zip_writer_set_check(cckit_zip_writer *w, cckit_zip_check_fn check, void *ctx)
{
    if (w) {
        w->check = check;
        w->check_ctx = ctx;
    }
}

void cckit_zip_writer_set_cancel(cckit_zip_writer *w, const cckit_cancel_ctx *cancel)
{
    if (w)
        w->cancel = cancel;
}

/* ------------------------------------------------------------------ */
/* Media                                                                */

/* Data that deflate cannot shrink (media under a name that does not say
 * so, such as .bin) is stored too.  The decision depends only on the
 * content, so output stays reproducible: a copied entry keeps what its
 * archive measured; a file on disk has its first 64 KiB deflated quickly
 * and is stored when that saves less than 3 %. */
#define PROBE_SIZE (64 * 1024)

static bool incompressible(const struct wentry *e)
{
    if (e->size < PROBE_SIZE)
        return false;
    if (e->kind == K_ENTRY)
        return e->e->method == CCKIT_METHOD_STORE
               || (e->e->method == CCKIT_METHOD_DEFLATE
                   && e->e->comp_size * 100 >= e->e->size * 97);
    if (e->kind != K_PATH)
        return false;
    int fd = open(e->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;   /* commit reports the error when it reads the file */
    unsigned char *in = malloc(PROBE_SIZE);
    uLongf out_len = compressBound(PROBE_SIZE);
    unsigned char *out = malloc(out_len);
    bool result = false;
    ssize_t got = in && out ? pread(fd, in, PROBE_SIZE, 0) : -1;
    if (got == PROBE_SIZE && compress2(out, &out_len, in, (uLong)got, 1) == Z_OK)
        result = (uint64_t)out_len * 100 >= (uint64_t)got * 97;
    free(in);
    free(out);
    close(fd);
    return result;
}

bool cckit_zip_is_precompressed(const char *name)
{
    static const char *const ext[] = {
        "jpg", "jpeg", "jpe", "jfif", "png", "apng", "gif", "webp", "avif",
        "heic", "heif", "jxl", "jp2",
        "mp4", "m4v", "mov", "mkv", "avi", "wmv", "flv", "3gp", "mpg",
        "mpeg", "ts", "webm", "ogv",
        "mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "flac", "wma",
        "zip", "imscc", "gz", "tgz", "bz2", "tbz2", "xz", "txz", "zst",
        "lz", "lzma", "lz4", "7z", "rar", "cab", "jar", "war", "apk", "h5p",
        "pdf", "docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt",
        "ods", "odp", "odg", "epub", "woff", "woff2", "swf", "mbz", "scorm",
        NULL
    };
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base || !dot[1])
        return false;
    for (size_t i = 0; ext[i]; i++)
        if (cckit_strcasecmp_ascii(dot + 1, ext[i]) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* Open / abort                                                         */

static void free_entry(struct wentry *e)
{
    if (!e)
        return;
    if (e->fd >= 0)
        close(e->fd);
    if (e->stream)
        cckit_stream_close(e->stream);
    zip_error_fini(&e->zerr);
    free(e->name);
    free(e->path);
    free(e->buf);
    free(e);
}

void cckit_zip_writer_abort(cckit_zip_writer *w)
{
    if (!w)
        return;
    cckit_dpool_free(w->pool);
    if (w->fd >= 0) {
        if (!w->committed)
            (void)unlinkat(w->dirfd, w->tmpname, 0);
        close(w->fd);
    }
    if (w->dirfd >= 0)
        close(w->dirfd);
    for (size_t i = 0; i < w->n; i++)
        free_entry(w->v[i]);
    free(w->v);
    cckit_idmap_free(w->names);
    zip_error_fini(&w->zerr);
    free(w->wbuf);
    free(w->target);
    free(w->dir);
    free(w->base);
    free(w);
}

/* What is at base in dirfd: refuse a directory or link always, an existing
 * file unless force. */
static cckit_status check_target(cckit_zip_writer *w, cckit_error *err)
{
    struct stat st;
    if (fstatat(w->dirfd, w->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return CCKIT_OK;
        return cckit_fail(err, CCKIT_E_IO, "%s: %s", w->target, strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return cckit_fail(err, CCKIT_E_IO,
                          "%s is a symbolic link; cckit does not write through links: "
                          "remove it or choose another output name", w->target);
    if (S_ISDIR(st.st_mode))
        return cckit_fail(err, CCKIT_E_IO,
                          "%s is a folder; choose a file name for the output", w->target);
    if (!S_ISREG(st.st_mode))
        return cckit_fail(err, CCKIT_E_IO,
                          "%s exists and is not a regular file; choose another output name",
                          w->target);
    if (!w->force)
        return cckit_fail_fix(err, CCKIT_FIX_FORCE,
                              cckit_fail(err, CCKIT_E_IO, "%s already exists", w->target));
    return CCKIT_OK;
}

static cckit_status writer_open(const char *target, bool force,
                                cckit_zip_writer **out, cckit_error *err)
{
    *out = NULL;
    if (!target || !*target)
        return cckit_fail(err, CCKIT_E_USAGE, "no output file name given");
    size_t tl = strlen(target);
    if (target[tl - 1] == '/')
        return cckit_fail(err, CCKIT_E_USAGE,
                          "%s names a folder; give the output file name (e.g. course.imscc)",
                          target);
    cckit_zip_writer *w = calloc(1, sizeof *w);
    if (!w)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    w->dirfd = w->fd = -1;
    w->force = force;
    zip_error_init(&w->zerr);
    char *c1 = strdup(target), *c2 = strdup(target);
    w->target = strdup(target);
    w->names = cckit_idmap_new();
    w->wbuf = malloc(WBUF_SIZE);
    if (c1 && c2) {
        w->dir = strdup(dirname(c1));
        w->base = strdup(basename(c2));
    }
    free(c1);
    free(c2);
    if (!w->target || !w->dir || !w->base || !w->names || !w->wbuf) {
        cckit_zip_writer_abort(w);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    if (strcmp(w->base, ".") == 0 || strcmp(w->base, "..") == 0 ||
        strlen(w->base) > NAME_MAX) {
        cckit_status st = strlen(w->base) > NAME_MAX
            ? cckit_fail(err, CCKIT_E_USAGE, "%s: the file name is longer than %d bytes",
                         target, NAME_MAX)
            : cckit_fail(err, CCKIT_E_USAGE, "%s: not a usable output file name", target);
        cckit_zip_writer_abort(w);
        return st;
    }
    w->dirfd = open(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (w->dirfd < 0) {
        cckit_status st = cckit_fail(err, CCKIT_E_IO,
                                     "cannot use folder %s for the output: %s%s", w->dir,
                                     strerror(errno),
                                     errno == ENOENT ? "; create it first" : "");
        cckit_zip_writer_abort(w);
        return st;
    }
    cckit_status st = check_target(w, err);
    if (st != CCKIT_OK) {
        cckit_zip_writer_abort(w);
        return st;
    }
    char prefix[NAME_MAX + 1];
    cckit_tmp_prefix(w->base, prefix);
    (void)cckit_tmp_clean_stale(w->dirfd, prefix);
    w->fd = cckit_tmp_create_file(w->dirfd, prefix, w->tmpname, sizeof w->tmpname);
    if (w->fd < 0) {
        int e = errno;
        st = cckit_fail(err, CCKIT_E_IO,
                        "cannot create a file in folder %s: %s%s", w->dir, strerror(e),
                        (e == EACCES || e == EROFS || e == EPERM)
                            ? "; choose a writable folder for the output" : "");
        cckit_zip_writer_abort(w);
        return st;
    }
    *out = w;
    return CCKIT_OK;
}

/* ------------------------------------------------------------------ */
/* Adding entries                                                       */

static cckit_status new_entry(cckit_zip_writer *w, const char *name,
                              struct wentry **out, cckit_error *err)
{
    *out = NULL;
    if (!w || !name)
        return cckit_fail(err, CCKIT_E_USAGE, "no writer or no entry name");
    if (w->committed)
        return cckit_fail(err, CCKIT_E_USAGE, "%s: archive already written", w->target);
    const char *why = cckit_path_unsafe_reason(name, 0);
    if (why)
        return cckit_fail(err, CCKIT_E_UNSAFE,
                          "entry name '%s' %s; use a relative path with '/' separators",
                          name, why);
    size_t nl = strlen(name);
    if (name[nl - 1] == '/')
        return cckit_fail(err, CCKIT_E_USAGE,
                          "entry name '%s' is a folder; add the files inside it", name);
    if (nl > 0xFFFF)
        return cckit_fail(err, CCKIT_E_LIMIT, "entry name '%.60s...' is too long", name);
    if (cckit_idmap_get(w->names, name))
        return cckit_fail(err, CCKIT_E_USAGE,
                          "entry '%s' added twice; each name may appear once", name);
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        struct wentry **nv = realloc(w->v, nc * sizeof *nv);
        if (!nv)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        w->v = nv;
        w->cap = nc;
    }
    struct wentry *e = calloc(1, sizeof *e);
    if (!e || !(e->name = strdup(name))) {
        free(e);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    e->fd = -1;
    e->w = w;
    zip_error_init(&e->zerr);
    *out = e;
    return CCKIT_OK;
}

static cckit_status push_entry(cckit_zip_writer *w, struct wentry *e, cckit_error *err)
{
    bool oom = false;
    cckit_idmap_put(w->names, e->name, e, &oom);
    if (oom) {
        free_entry(e);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    w->v[w->n++] = e;
    return CCKIT_OK;
}

/* Open path without following a final link; must be a regular file. */
static int open_regular(const char *path, struct stat *st, const char *name,
                        cckit_error *err)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP)
            cckit_fail(err, CCKIT_E_UNSAFE,
                       "%s (for entry '%s') is a symbolic link; cckit packs only "
                       "regular files: replace the link by the file", path, name);
        else
            cckit_fail(err, CCKIT_E_IO, "%s (for entry '%s'): %s", path, name, strerror(e));
        return -1;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        cckit_fail(err, CCKIT_E_UNSAFE,
                   "%s (for entry '%s') is not a regular file; cckit packs only "
                   "regular files", path, name);
        return -1;
    }
    return fd;
}

static cckit_status add_path_run(cckit_zip_writer *w, const char *name,
                                 const char *path, cckit_error *err)
{
    struct wentry *e;
    cckit_status st = new_entry(w, name, &e, err);
    if (st != CCKIT_OK)
        return st;
    struct stat sb;
    int fd = open_regular(path, &sb, name, err);
    if (fd < 0) {
        free_entry(e);
        return err ? err->status : CCKIT_E_IO;
    }
    close(fd);
    e->kind = K_PATH;
    e->size = (uint64_t)sb.st_size;
    e->dev = sb.st_dev;
    e->ino = sb.st_ino;
    if (!(e->path = strdup(path))) {
        free_entry(e);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    return push_entry(w, e, err);
}

static cckit_status add_buffer_run(cckit_zip_writer *w, const char *name,
                                   const void *buf, size_t len, cckit_error *err)
{
    struct wentry *e;
    cckit_status st = new_entry(w, name, &e, err);
    if (st != CCKIT_OK)
        return st;
    e->kind = K_BUFFER;
    e->size = len;
    e->buf = malloc(len ? len : 1);
    if (!e->buf) {
        free_entry(e);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    if (len)
        memcpy(e->buf, buf, len);
    return push_entry(w, e, err);
}

static cckit_status add_entry_run(cckit_zip_writer *w, const char *name,
                                  cckit_source *src, const cckit_entry *ce, cckit_error *err)
{
    if (!src || !ce)
        return cckit_fail(err, CCKIT_E_USAGE, "no source entry given for '%s'",
                          name ? name : "");
    if (ce->is_dir)
        return CCKIT_OK;
    struct wentry *e;
    cckit_status st = new_entry(w, name, &e, err);
    if (st != CCKIT_OK)
        return st;
    e->kind = K_ENTRY;
    e->size = ce->size;
    e->src = src;
    e->e = ce;
    return push_entry(w, e, err);
}

/* The public add calls: every failure names the entry (err->file). */
cckit_status cckit_zip_writer_add_path(cckit_zip_writer *w, const char *name,
                                       const char *path, cckit_error *err)
{
    return cckit_fail_file(err, name, add_path_run(w, name, path, err));
}

cckit_status cckit_zip_writer_add_buffer(cckit_zip_writer *w, const char *name,
                                         const void *buf, size_t len, cckit_error *err)
{
    return cckit_fail_file(err, name, add_buffer_run(w, name, buf, len, err));
}

cckit_status cckit_zip_writer_add_entry(cckit_zip_writer *w, const char *name,
                                        cckit_source *src, const cckit_entry *ce,
                                        cckit_error *err)
{
    return cckit_fail_file(err, name, add_entry_run(w, name, src, ce, err));
}

/* A raw copy is what the writer would write but for the deflate data:
 * a verified entry (its CRC is not checked again) that is deflated, or
 * stored where the writer stores (see archive_writer.h). */
static cckit_status add_raw_run(cckit_zip_writer *w, const char *name,
                                cckit_source *src, const cckit_entry *ce, cckit_error *err)
{
    cckit_status st = add_entry_run(w, name, src, ce, err);
    if (st != CCKIT_OK || ce->is_dir)
        return st;
    struct wentry *e = w->v[w->n - 1];
    uint64_t index;
    if (!cckit_archive_zip(src, ce, &index) || !cckit_source_verified(src, ce))
        return CCKIT_OK;
    if (ce->method == CCKIT_METHOD_DEFLATE
        || (ce->method == CCKIT_METHOD_STORE
            && (e->size == 0 || cckit_zip_is_precompressed(e->name) || incompressible(e))))
        e->kind = K_RAW;
    return CCKIT_OK;
}

cckit_status cckit_zip_writer_add_raw(cckit_zip_writer *w, const char *name,
                                      cckit_source *src, const cckit_entry *ce,
                                      cckit_error *err)
{
    return cckit_fail_file(err, name, add_raw_run(w, name, src, ce, err));
}

/* The whole entry (start 0, length -1): libzip reads it compressed and
 * writes it as it is when the method set for it is the entry's own; a
 * stored one has its CRC checked while copied. */
static zip_source_t *raw_source(zip_t *za, const struct wentry *e)
{
    uint64_t index;
    zip_t *in = cckit_archive_zip(e->src, e->e, &index);
    return in ? zip_source_zip(za, in, index, 0, 0, -1) : NULL;
}

/* ------------------------------------------------------------------ */
/* Entry data sources (read by libzip during zip_close)                  */

/* The first failure of an entry's callback, about that entry (its name
 * is the one the user knows). */
static void cb_fail(cckit_zip_writer *w, const struct wentry *we, const cckit_error *e)
{
    if (!w->have_cb_err) {
        w->cb_err = *e;
        w->have_cb_err = true;
        cckit_fail_file(&w->cb_err, we->name, e->status);
    }
}

static zip_int64_t entry_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct wentry *e = ud;
    cckit_zip_writer *w = e->w;
    cckit_error ce;

    switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_READABLE;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &e->zerr);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE;
        st->size = e->size;
        /* Deflated already (by the pool, as libzip would): libzip
         * copies the bytes, with this CRC. */
        if (e->pooled && !e->pre
            && !cckit_dpool_get(w->pool, e->pool_i, &e->pre, &e->pre_len, &e->pre_crc))
            e->pooled = false;   /* libzip deflates it */
        if (e->pre) {
            st->valid |= ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
            st->comp_size = e->pre_len;
            st->comp_method = ZIP_CM_DEFLATE;
            st->crc = e->pre_crc;
        }
        return sizeof *st;
    }
    case ZIP_SOURCE_OPEN:
        e->done = 0;
        e->off = 0;
        if (cckit_cancelled(w->cancel)) {
            cckit_fail(&ce, CCKIT_E_IO, "interrupted");
            cb_fail(w, e, &ce);
            zip_error_set(&e->zerr, ZIP_ER_CANCELLED, 0);
            return -1;
        }
        if (e->kind == K_PATH) {
            struct stat sb;
            e->fd = open_regular(e->path, &sb, e->name, &ce);
            if (e->fd < 0) {
                cb_fail(w, e, &ce);
                zip_error_set(&e->zerr, ZIP_ER_OPEN, 0);
                return -1;
            }
            if (sb.st_dev != e->dev || sb.st_ino != e->ino ||
                (uint64_t)sb.st_size != e->size) {
                cckit_fail(&ce, CCKIT_E_IO,
                           "%s (for entry '%s') was replaced or changed size while "
                           "packing; run again", e->path, e->name);
                cb_fail(w, e, &ce);
                zip_error_set(&e->zerr, ZIP_ER_CHANGED, 0);
                return -1;
            }
            (void)posix_fadvise(e->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        } else if (e->kind == K_ENTRY) {
            if (cckit_stream_open(e->src, e->e, &e->stream, &ce) != CCKIT_OK) {
                cb_fail(w, e, &ce);
                zip_error_set(&e->zerr, ZIP_ER_OPEN, 0);
                return -1;
            }
        }
        return 0;
    case ZIP_SOURCE_READ: {
        if (cckit_cancelled(w->cancel)) {
            cckit_fail(&ce, CCKIT_E_IO, "interrupted");
            cb_fail(w, e, &ce);
            zip_error_set(&e->zerr, ZIP_ER_CANCELLED, 0);
            return -1;
        }
        zip_int64_t got = 0;
        if (e->kind == K_BUFFER) {
            const char *b = e->pre ? (const char *)e->pre : e->buf;
            size_t left = (e->pre ? e->pre_len : (size_t)e->size) - e->off;
            size_t n = len < left ? (size_t)len : left;
            memcpy(data, b + e->off, n);
            e->off += n;
            return (zip_int64_t)n;
        } else if (e->kind == K_PATH) {
            size_t want = len > (1u << 30) ? (1u << 30) : (size_t)len;
            ssize_t r;
            do
                r = read(e->fd, data, want);
            while (r < 0 && errno == EINTR);
            if (r < 0) {
                cckit_fail(&ce, CCKIT_E_IO, "%s (for entry '%s'): %s", e->path,
                           e->name, strerror(errno));
                cb_fail(w, e, &ce);
                zip_error_set(&e->zerr, ZIP_ER_READ, errno);
                return -1;
            }
            got = r;
        } else {
            size_t want = len > (1u << 30) ? (1u << 30) : (size_t)len;
            long r = cckit_stream_read(e->stream, data, want, &ce);
            if (r < 0) {
                cb_fail(w, e, &ce);
                zip_error_set(&e->zerr, ZIP_ER_READ, 0);
                return -1;
            }
            got = r;
        }
        e->done += (uint64_t)got;
        if (e->done > e->size || (got == 0 && e->done != e->size)) {
            if (e->kind == K_PATH)
                cckit_fail(&ce, CCKIT_E_IO,
                           "%s (for entry '%s') changed size while packing; run again",
                           e->path, e->name);
            else
                cckit_fail(&ce, CCKIT_E_ARCHIVE,
                           "entry '%s' gave %llu bytes, not the %llu it declares",
                           e->name, (unsigned long long)e->done,
                           (unsigned long long)e->size);
            cb_fail(w, e, &ce);
            zip_error_set(&e->zerr, ZIP_ER_INCONS, 0);
            return -1;
        }
        return got;
    }
    case ZIP_SOURCE_CLOSE:
        if (e->fd >= 0) {
            close(e->fd);
            e->fd = -1;
        }
        if (e->stream) {
            cckit_stream_close(e->stream);
            e->stream = NULL;
        }
        return 0;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&e->zerr, data, len);
    case ZIP_SOURCE_FREE:
        return 0;   /* the record belongs to the writer */
    default:
        zip_error_set(&e->zerr, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ------------------------------------------------------------------ */
/* Commit                                                               */

static int cmp_entries(const void *a, const void *b)
{
    const struct wentry *x = *(struct wentry *const *)a, *y = *(struct wentry *const *)b;
    bool mx = strcmp(x->name, "imsmanifest.xml") == 0;
    bool my = strcmp(y->name, "imsmanifest.xml") == 0;
    if (mx != my)
        return mx ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* 1980-01-01 00:00 local time: libzip converts times with localtime(). */
static time_t dos_epoch(void)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 80;
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? (time_t)315532800 : t;
}

static cckit_status write_failed(cckit_zip_writer *w, zip_t *za, cckit_error *err)
{
    if (w->have_cb_err) {
        if (err)
            *err = w->cb_err;
        return w->cb_err.status;
    }
    if (w->write_errno) {
        int e = w->write_errno;
        return cckit_fail(err, CCKIT_E_IO, "cannot write %s: %s%s", w->target, strerror(e),
                          e == ENOSPC ? "; free some space and run again"
                          : e == EFBIG ? " (file size limit, see ulimit -f)" : "");
    }
    if (cckit_cancelled(w->cancel))
        return cckit_fail(err, CCKIT_E_IO, "%s: interrupted; nothing was written",
                          w->target);
    if (zip_error_code_zip(za ? zip_get_error(za) : &w->zerr) == ZIP_ER_MEMORY)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory writing %s", w->target);
    if (zip_error_code_zip(za ? zip_get_error(za) : &w->zerr) == ZIP_ER_CRC)
        return cckit_fail(err, CCKIT_E_ARCHIVE, "cannot write %s: a stored entry copied "
                          "raw does not match its CRC (the input is corrupt, or changed "
                          "while it was read)", w->target);
    return cckit_fail(err, CCKIT_E_IO, "cannot write %s: %s", w->target,
                      za ? zip_strerror(za) : zip_error_strerror(&w->zerr));
}

/* Whether commit stores e rather than deflating it. */
static bool stored(const struct wentry *e)
{
    if (e->kind == K_RAW)   /* its own method: no inflate, no deflate */
        return e->e->method == CCKIT_METHOD_STORE;
    return e->size == 0 || cckit_zip_is_precompressed(e->name) || incompressible(e);
}

/* The buffers to deflate go to the pool, in the order zip_close reaches
 * them; without a pool (no thread, no memory) libzip deflates them. */
static void start_pool(cckit_zip_writer *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        n += w->v[i]->kind == K_BUFFER && !stored(w->v[i]);
    const void **bufs = n ? malloc(n * sizeof *bufs) : NULL;
    size_t *lens = n ? malloc(n * sizeof *lens) : NULL;
    if (bufs && lens) {
        size_t k = 0;
        for (size_t i = 0; i < w->n; i++) {
            struct wentry *e = w->v[i];
            if (e->kind != K_BUFFER || stored(e))
                continue;
            bufs[k] = e->buf;
            lens[k] = (size_t)e->size;
            e->pool_i = k++;
        }
        w->pool = cckit_dpool_start(bufs, lens, n, DEFLATE_LEVEL);
        for (size_t i = 0; i < w->n && w->pool; i++)
            w->v[i]->pooled = w->v[i]->kind == K_BUFFER && !stored(w->v[i]);
    }
    free(bufs);
    free(lens);
}

static cckit_status writer_commit(cckit_zip_writer *w, cckit_error *err)
{
    if (!w)
        return cckit_fail(err, CCKIT_E_USAGE, "no writer");
    if (w->committed || w->fd < 0)
        return cckit_fail(err, CCKIT_E_USAGE, "%s: archive already written", w->target);
    if (w->n == 0)
        return cckit_fail(err, CCKIT_E_USAGE,
                          "%s: nothing to write; an archive needs at least one file",
                          w->target);
    qsort(w->v, w->n, sizeof *w->v, cmp_entries);
    start_pool(w);
    int rc;

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *sink = zip_source_function_create(cckit_zw_sink_cb, w, &ze);
    zip_t *za = NULL;
    if (sink) {
        za = zip_open_from_source(sink, ZIP_CREATE | ZIP_TRUNCATE, &ze);
        if (!za)
            zip_source_free(sink);
    }
    if (!za) {
        cckit_fail(err, CCKIT_E_IO, "cannot start %s: %s", w->target,
                   zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto fail;
    }
    zip_error_fini(&ze);

    time_t mtime = dos_epoch();
    for (size_t i = 0; i < w->n; i++) {
        struct wentry *e = w->v[i];
        zip_error_t se;
        zip_error_init(&se);
        zip_source_t *s = e->kind == K_RAW ? raw_source(za, e)
                                           : zip_source_function_create(entry_cb, e, &se);
        zip_error_fini(&se);
        if (!s && e->kind == K_RAW) {
            cckit_fail_file(err, e->name, cckit_fail(err, CCKIT_E_ARCHIVE, "cannot copy '%s' to %s: %s",
                                                     e->name, w->target, zip_strerror(za)));
            zip_discard(za);
            goto fail;
        }
        if (!s) {
            zip_discard(za);
            cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            goto fail;
        }
        zip_int64_t idx = zip_file_add(za, e->name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            cckit_fail_file(err, e->name, cckit_fail(err, CCKIT_E_IO, "cannot add '%s' to %s: %s",
                                                     e->name, w->target, zip_strerror(za)));
            zip_discard(za);
            goto fail;
        }
        bool store = stored(e);
        if (zip_set_file_compression(za, (zip_uint64_t)idx,
                                     store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     store ? 0 : DEFLATE_LEVEL) != 0 ||
            zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) != 0 ||
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                             (zip_uint32_t)0100644 << 16) != 0) {
            cckit_fail_file(err, e->name, cckit_fail(err, CCKIT_E_IO, "cannot set up '%s' in %s: %s",
                                                     e->name, w->target, zip_strerror(za)));
            zip_discard(za);
            goto fail;
        }
    }
    if (zip_close(za) != 0) {
        write_failed(w, za, err);
        zip_discard(za);
        goto fail;
    }
    cckit_dpool_free(w->pool);   /* its buffers are libzip's no more */
    w->pool = NULL;

    /* The data is written (and being fsync'd: cckit_zw_sync_join); put it in place. */
    if (fchmod(w->fd, 0644) != 0) {
        cckit_fail(err, CCKIT_E_IO, "cannot set the mode of %s: %s", w->target,
                   strerror(errno));
        goto fail;
    }
    if (w->check) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", w->dir, w->tmpname) >= (int)sizeof path) {
            cckit_fail(err, CCKIT_E_IO, "%s: path too long", w->target);
            goto fail;
        }
        if (w->check(path, w->check_ctx, err) != CCKIT_OK)
            goto fail;
    }
    if (!cckit_zw_sync_join(w)) {
        write_failed(w, NULL, err);
        goto fail;
    }
    if (cckit_cancelled(w->cancel)) {   /* a signal during the check */
        cckit_fail(err, CCKIT_E_IO, "%s: interrupted; nothing was written", w->target);
        goto fail;
    }
    if (check_target(w, err) != CCKIT_OK)
        goto fail;
    if (w->force)
        rc = renameat(w->dirfd, w->tmpname, w->dirfd, w->base);
    else {
        rc = renameat2(w->dirfd, w->tmpname, w->dirfd, w->base, RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            /* file system without RENAME_NOREPLACE: link() never replaces */
            rc = linkat(w->dirfd, w->tmpname, w->dirfd, w->base, 0);
            if (rc == 0)
                (void)unlinkat(w->dirfd, w->tmpname, 0);
        }
    }
    if (rc != 0) {
        int e = errno;
        cckit_fail_fix(err, e == EEXIST ? CCKIT_FIX_FORCE : 0,
                       cckit_fail(err, CCKIT_E_IO, "cannot create %s: %s%s", w->target, strerror(e),
                                  e == EEXIST ? " (created meanwhile)" : ""));
        goto fail;
    }
    w->committed = true;
    (void)fsync(w->dirfd);
    return CCKIT_OK;

fail:
    cckit_dpool_free(w->pool);
    w->pool = NULL;
    (void)cckit_zw_sync_join(w);   /* before the fd goes */
    (void)ftruncate(w->fd, 0);
    (void)unlinkat(w->dirfd, w->tmpname, 0);
    close(w->fd);
    w->fd = -1;
    return err ? err->status : CCKIT_E_IO;
}

/* The writer's errors are about its target: err->file names it. */
cckit_status cckit_zip_writer_open(const char *target, bool force,
                                   cckit_zip_writer **out, cckit_error *err)
{
    return cckit_fail_file(err, target && *target ? target : NULL,
                           writer_open(target, force, out, err));
}

cckit_status cckit_zip_writer_commit(cckit_zip_writer *w, cckit_error *err)
{
    char target[4096] = "";
    if (w && w->target)
        snprintf(target, sizeof target, "%s", w->target);   /* commit frees w */
    return cckit_fail_file(err, target[0] ? target : NULL, writer_commit(w, err));
}
