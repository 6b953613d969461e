/* deflate_pool.h - the archive writer's new entries deflated on a thread
 * while it writes the others (deflate_pool.c).  Not installed. */
#ifndef CCKIT_DEFLATE_POOL_H
#define CCKIT_DEFLATE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cckit_dpool cckit_dpool;

/* Start deflating bufs[0..n) (lens[i] bytes each; not copied: they
 * must outlive the pool) on a thread, in that order, as raw deflate at
 * `level` with the parameters libzip uses, so that the bytes are those
 * libzip would have written.  NULL when there is no thread or memory:
 * the caller lets libzip deflate. */
cckit_dpool *cckit_dpool_start(const void *const *bufs, const size_t *lens, size_t n,
                               int level);
/* Item i, deflated: by the thread (waited for) or here, when the thread
 * has not taken it yet.  False when it could not be (memory): the
 * caller has it deflated another way.  *data is the pool's until
 * cckit_dpool_free.  One caller thread. */
bool cckit_dpool_get(cckit_dpool *p, size_t i, const unsigned char **data, size_t *len,
                     uint32_t *crc);
/* Stop the thread (after its current item) and free everything. */
void cckit_dpool_free(cckit_dpool *p);

#endif
