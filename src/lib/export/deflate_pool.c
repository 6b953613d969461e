/* deflate_pool.c - the archive writer's new entries (converted
 * descriptors, a manifest) deflated on a thread of its own while the
 * writer copies the unchanged ones: libzip deflates each entry when it
 * reaches it, on the one thread that writes.  Each item is deflated
 * exactly as libzip 1.7 does (zlib, raw deflate, window 15, memLevel
 * 9, default strategy, the level asked; the output of zlib does not
 * depend on how its input is split), and the writer hands the bytes to
 * libzip as already deflated: the archive is byte-identical.  An item
 * the thread has not reached when the writer needs it is deflated by
 * the writer itself. */
#include "config.h"
#include "export/deflate_pool.h"

#include <libdeflate.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { ITEM_FREE, ITEM_BUSY, ITEM_DONE, ITEM_FAILED };

struct item {
    const unsigned char *in;
    size_t in_len;
    unsigned char *out;
    size_t out_len;
    uint32_t crc;
    int state;
};

struct cckit_dpool {
    struct item *v;
    size_t n, next;            /* next: where the thread looks first */
    int level;
    bool stop;
    pthread_mutex_t lock;
    pthread_cond_t done;
    pthread_t thread;
};

/* One item, outside the lock: ITEM_DONE or ITEM_FAILED. */
static int deflate_item(struct item *it, int level)
{
    if (it->in_len > UINT_MAX / 2)   /* one call of zlib's deflate */
        return ITEM_FAILED;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return ITEM_FAILED;
    uLong cap = deflateBound(&z, (uLong)it->in_len);
    it->out = malloc(cap ? cap : 1);
    int rc = Z_STREAM_ERROR;
    if (it->out) {
        z.next_in = (Bytef *)(uintptr_t)it->in;
        z.avail_in = (uInt)it->in_len;
        z.next_out = it->out;
        z.avail_out = (uInt)cap;
        rc = deflate(&z, Z_FINISH);
    }
    it->out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(it->out);
        it->out = NULL;
        return ITEM_FAILED;
    }
    it->crc = (uint32_t)libdeflate_crc32(0, it->in, it->in_len);
    return ITEM_DONE;
}

static void *pool_worker(void *arg)
{
    cckit_dpool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->next < p->n && p->v[p->next].state != ITEM_FREE)
            p->next++;
        if (p->stop || p->next == p->n)
            break;
        struct item *it = &p->v[p->next];
        it->state = ITEM_BUSY;
        pthread_mutex_unlock(&p->lock);
        int st = deflate_item(it, p->level);
        pthread_mutex_lock(&p->lock);
        it->state = st;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

cckit_dpool *cckit_dpool_start(const void *const *bufs, const size_t *lens, size_t n,
                               int level)
{
    cckit_dpool *p = calloc(1, sizeof *p);
    if (!p || !n || !(p->v = calloc(n, sizeof *p->v))) {
        free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        p->v[i].in = bufs[i];
        p->v[i].in_len = lens[i];
    }
    p->n = n;
    p->level = level;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->done, NULL);
    if (pthread_create(&p->thread, NULL, pool_worker, p) != 0) {
        pthread_cond_destroy(&p->done);
        pthread_mutex_destroy(&p->lock);
        free(p->v);
        free(p);
        return NULL;
    }
    return p;
}

bool cckit_dpool_get(cckit_dpool *p, size_t i, const unsigned char **data, size_t *len,
                     uint32_t *crc)
{
    if (!p || i >= p->n)
        return false;
    struct item *it = &p->v[i];
    pthread_mutex_lock(&p->lock);
    if (it->state == ITEM_FREE) {   /* not reached yet: deflate it here */
        it->state = ITEM_BUSY;
        pthread_mutex_unlock(&p->lock);
        int st = deflate_item(it, p->level);
        pthread_mutex_lock(&p->lock);
        it->state = st;
    }
    while (it->state == ITEM_BUSY)
        pthread_cond_wait(&p->done, &p->lock);
    bool ok = it->state == ITEM_DONE;
    pthread_mutex_unlock(&p->lock);
    if (ok) {
        *data = it->out;
        *len = it->out_len;
        *crc = it->crc;
    }
    return ok;
}

void cckit_dpool_free(cckit_dpool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].out);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->lock);
    free(p->v);
    free(p);
}
