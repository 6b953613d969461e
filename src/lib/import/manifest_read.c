/* manifest_read.c - where the manifest's bytes come from: an entry of a
 * package (cckit_manifest_read) or a file on disk, a bare manifest
 * (cckit_manifest_parse_file).  Both stream into the parser of
 * tree/manifest_reader.c, which knows nothing of sources. */
#include "import/source.h"
#include "import/entry_read.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long read_fd(void *ctx, void *buf, size_t n, cckit_error *err)
{
    int fd = *(int *)ctx;
    for (;;) {
        ssize_t got = read(fd, buf, n);
        if (got >= 0)
            return (long)got;
        if (errno != EINTR) {
            cckit_fail(err, CCKIT_E_IO, "read error: %s", strerror(errno));
            return -1;
        }
    }
}

cckit_status cckit_manifest_parse_file(const char *path, const cckit_limits *lim,
                                       cckit_manifest **out, cckit_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return cckit_fail(err, errno == ENOENT ? CCKIT_E_NOTFOUND : CCKIT_E_IO, "%s: %s", path,
                          strerror(errno));
    const char *base = strrchr(path, '/');
    cckit_status st = cckit_manifest_parse(read_fd, &fd, base ? base + 1 : path, lim, out, err);
    close(fd);
    return st;
}

/* The manifest's stream, its bytes copied as they are read: the
 * validator's schema pass reads them again (cckit_source_keep). */
typedef struct tee {
    cckit_stream *s;
    char *buf;          /* NULL once a copy failed: nothing is kept */
    size_t len, cap;
} tee;

static long tee_read(void *ctx, void *buf, size_t n, cckit_error *err)
{
    tee *t = ctx;
    long got = cckit_stream_read(t->s, buf, n, err);
    if (got > 0 && t->buf) {
        if ((size_t)got > t->cap - t->len) {
            free(t->buf);   /* more than declared: the stream fails anyway */
            t->buf = NULL;
        } else {
            memcpy(t->buf + t->len, buf, (size_t)got);
            t->len += (size_t)got;
        }
    }
    return got;
}

cckit_status cckit_manifest_read(cckit_source *src, const cckit_limits *lim,
                                 cckit_manifest **out, cckit_error *err)
{
    *out = NULL;
    const cckit_entry *e = cckit_source_find(src, "imsmanifest.xml");
    if (!e)
        return cckit_fail(err, CCKIT_E_NOMANIFEST, "%s: no imsmanifest.xml at the package root",
                          cckit_source_path(src));
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    if (e->size > lim->max_manifest_size)
        return cckit_fail_limit(err, CCKIT_LIMIT_MANIFEST_SIZE,
                                cckit_fail(err, CCKIT_E_LIMIT,
                                           "imsmanifest.xml is %llu bytes, more than %llu",
                                           (unsigned long long)e->size,
                                           (unsigned long long)lim->max_manifest_size));
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    /* the size was checked against the cap above; without the copy (out
     * of memory) the schema pass reads the entry again */
    tee t = {s, malloc(e->size ? (size_t)e->size : 1), 0, (size_t)e->size};
    st = cckit_manifest_parse(tee_read, &t, "imsmanifest.xml", lim, out, err);
    if (st == CCKIT_OK) {
        /* Drain to the end so the CRC is checked even if the XML ended
         * early (trailing bytes after the root element). */
        char tail[4096];
        long got;
        while ((got = tee_read(&t, tail, sizeof tail, err)) > 0)
            ;
        if (got < 0) {
            st = err ? err->status : CCKIT_E_ARCHIVE;
            cckit_manifest_free(*out);
            *out = NULL;
        }
    }
    cckit_stream_close(s);
    if (st == CCKIT_OK && t.buf && t.len == e->size)
        cckit_source_keep(src, e, t.buf, t.len);
    else
        free(t.buf);
    return st;
}
