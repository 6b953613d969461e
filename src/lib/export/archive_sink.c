/* archive_sink.c - the archive writer's sink (archive_writer.c): libzip
 * writes the archive through this zip_source_function onto the fd of
 * the writer's temporary, buffered (WBUF_SIZE); at COMMIT_WRITE the
 * temporary is fsync'd, beside the writer's last check when it has one.
 * Out of archive_writer.c for its size. */
#define _GNU_SOURCE 1
#include "export/archive_writer_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* The archive sink: our temp fd, buffered                               */

static bool sink_flush(cckit_zip_writer *w)
{
    size_t off = 0;
    while (off < w->wlen) {
        ssize_t r = pwrite(w->fd, w->wbuf + off, w->wlen - off, w->wpos + (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            w->write_errno = r < 0 ? errno : EIO;
            zip_error_set(&w->zerr, ZIP_ER_WRITE, w->write_errno);
            return false;
        }
        off += (size_t)r;
    }
    w->wpos += (off_t)w->wlen;
    w->wlen = 0;
    return true;
}

/* The temporary's fsync, on a thread of its own (COMMIT_WRITE). */
static void *sync_worker(void *arg)
{
    cckit_zip_writer *w = arg;
    w->sync_errno = fsync(w->fd) == 0 ? 0 : errno;
    return NULL;
}

/* Wait for that fsync (if one runs); false when it failed, with the
 * error set as a failed fsync in COMMIT_WRITE would have set it. */
bool cckit_zw_sync_join(cckit_zip_writer *w)
{
    if (!w->syncing)
        return true;
    pthread_join(w->sync_thread, NULL);
    w->syncing = false;
    if (!w->sync_errno)
        return true;
    w->write_errno = w->sync_errno;
    zip_error_set(&w->zerr, ZIP_ER_WRITE, w->sync_errno);
    return false;
}

zip_int64_t cckit_zw_sink_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    cckit_zip_writer *w = ud;
    switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_WRITABLE;
    case ZIP_SOURCE_STAT:
        /* "does not exist yet": libzip starts a new, empty archive */
        zip_error_set(&w->zerr, ZIP_ER_READ, ENOENT);
        return -1;
    case ZIP_SOURCE_BEGIN_WRITE:
        w->wlen = 0;
        w->wpos = 0;
        if (ftruncate(w->fd, 0) != 0) {
            w->write_errno = errno;
            zip_error_set(&w->zerr, ZIP_ER_WRITE, errno);
            return -1;
        }
        return 0;
    case ZIP_SOURCE_WRITE: {
        const unsigned char *p = data;
        zip_uint64_t left = len;
        if (cckit_cancelled(w->cancel)) {
            zip_error_set(&w->zerr, ZIP_ER_CANCELLED, 0);
            return -1;
        }
        while (left) {
            size_t room = WBUF_SIZE - w->wlen;
            size_t n = left < room ? (size_t)left : room;
            memcpy(w->wbuf + w->wlen, p, n);
            w->wlen += n;
            p += n;
            left -= n;
            if (w->wlen == WBUF_SIZE && !sink_flush(w))
                return -1;
        }
        return (zip_int64_t)len;
    }
    case ZIP_SOURCE_SEEK_WRITE: {
        zip_source_args_seek_t *a = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len,
                                                        &w->zerr);
        if (!a || !sink_flush(w))
            return -1;
        off_t base;
        if (a->whence == SEEK_SET)
            base = 0;
        else if (a->whence == SEEK_CUR)
            base = w->wpos;
        else {
            struct stat st;
            if (fstat(w->fd, &st) != 0) {
                zip_error_set(&w->zerr, ZIP_ER_SEEK, errno);
                return -1;
            }
            base = st.st_size;
        }
        if (a->offset < -(zip_int64_t)base) {
            zip_error_set(&w->zerr, ZIP_ER_INVAL, 0);
            return -1;
        }
        w->wpos = base + (off_t)a->offset;
        return 0;
    }
    case ZIP_SOURCE_TELL_WRITE:
        return (zip_int64_t)(w->wpos + (off_t)w->wlen);
    case ZIP_SOURCE_COMMIT_WRITE:
        if (!sink_flush(w))
            return -1;
        /* With a check to run (it reads the temporary through the page
         * cache), the fsync runs beside it; cckit_zw_sync_join waits for it
         * before the rename, so what is renamed is on disk as before. */
        if (w->check && !w->syncing
            && pthread_create(&w->sync_thread, NULL, sync_worker, w) == 0) {
            w->syncing = true;
            return 0;
        }
        if (fsync(w->fd) != 0) {
            w->write_errno = errno;
            zip_error_set(&w->zerr, ZIP_ER_WRITE, errno);
            return -1;
        }
        return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
        w->wlen = 0;
        (void)ftruncate(w->fd, 0);
        return 0;
    case ZIP_SOURCE_REMOVE:
        (void)ftruncate(w->fd, 0);
        return 0;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&w->zerr, data, len);
    case ZIP_SOURCE_FREE:
    case ZIP_SOURCE_CLOSE:
        return 0;
    default:
        zip_error_set(&w->zerr, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}
