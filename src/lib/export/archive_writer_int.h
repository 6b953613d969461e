/* archive_writer_int.h - what archive_writer.c and its sink
 * (archive_sink.c) share.  Not installed. */
#ifndef CCKIT_ARCHIVE_WRITER_INT_H
#define CCKIT_ARCHIVE_WRITER_INT_H

#include "export/archive_writer.h"
#include "base/cancel.h"
#include "import/source.h"

#include <limits.h>
#include <pthread.h>
#include <sys/types.h>
#include <zip.h>

#define DEFLATE_LEVEL 6
#define WBUF_SIZE (256 * 1024)

enum kind { K_PATH, K_BUFFER, K_ENTRY, K_RAW /* src, e: copied compressed */ };

struct wentry {
    char *name;
    enum kind kind;
    uint64_t size;
    /* K_PATH */
    char *path;
    dev_t dev;
    ino_t ino;
    /* K_BUFFER */
    void *buf;
    bool pooled;                /* deflated by the writer's pool, item pool_i */
    size_t pool_i;
    const unsigned char *pre;   /* ... and these are its deflated bytes */
    size_t pre_len;
    uint32_t pre_crc;
    /* K_ENTRY */
    cckit_source *src;
    const cckit_entry *e;
    /* while libzip reads it */
    int fd;
    cckit_stream *stream;
    size_t off;
    uint64_t done;
    struct cckit_zip_writer *w;
    zip_error_t zerr;
};

struct cckit_zip_writer {
    const cckit_cancel_ctx *cancel; /* the operation's, or NULL */
    char *target;          /* as given, for messages */
    char *dir;             /* folder of target, for messages */
    char *base;            /* last component of target */
    int dirfd;
    int fd;                /* temp file */
    char tmpname[NAME_MAX + 1];
    bool force;
    bool committed;
    struct wentry **v;
    size_t n, cap;
    cckit_idmap *names;
    /* archive sink */
    unsigned char *wbuf;
    size_t wlen;
    off_t wpos;            /* file offset of wbuf[0] */
    zip_error_t zerr;
    int write_errno;
    /* first error reported by a callback, with the entry's name */
    bool have_cb_err;
    cckit_error cb_err;
    /* last check before the rename (cckit_zip_writer_set_check) */
    cckit_zip_check_fn check;
    void *check_ctx;
    /* new entries deflated on a thread during zip_close (deflate_pool.c) */
    struct cckit_dpool *pool;
    /* with a check, the temporary's fsync runs on a thread meanwhile */
    pthread_t sync_thread;
    bool syncing;
    int sync_errno;
};

/* The archive sink (a zip_source_callback on w, archive_sink.c). */
zip_int64_t cckit_zw_sink_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd);
/* Wait for the fsync COMMIT_WRITE left running (if any); false when it
 * failed, with the error set as a failed fsync there would have set it. */
bool cckit_zw_sync_join(cckit_zip_writer *w);

#endif
