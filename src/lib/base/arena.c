/* arena.c - bump allocator: a whole manifest tree is freed at once,
 * which keeps 100,000-item manifests cheap to build and to drop. */
#include "base/internal.h"
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN 16

struct block {
    struct block *next;
    size_t used, size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct cckit_arena {
    struct block *head;
};

cckit_arena *cckit_arena_new(void)
{
    return calloc(1, sizeof(cckit_arena));
}

void cckit_arena_free(cckit_arena *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

/* n bytes, not zeroed (strings are copied over at once). */
static void *bump(cckit_arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* Big requests get a block of their own, put behind the current
         * one so the current block keeps serving small requests. */
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        struct block *nb = malloc(sizeof *nb + size);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = size;
        if (b && size != ARENA_BLOCK) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *cckit_arena_alloc(cckit_arena *a, size_t n)
{
    void *p = bump(a, n);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

char *cckit_arena_strndup(cckit_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = bump(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cckit_arena_strdup(cckit_arena *a, const char *s)
{
    return s ? cckit_arena_strndup(a, s, strlen(s)) : NULL;
}

void *cckit_arena_grow(cckit_arena *a, void *old, size_t old_n, size_t new_n,
                       size_t elem)
{
    if (elem && new_n > SIZE_MAX / elem)
        return NULL;
    void *p = cckit_arena_alloc(a, new_n * elem);
    if (p && old && old_n)
        memcpy(p, old, old_n * elem);
    return p;
}

void *cckit_arena_push(cckit_arena *a, void *v, size_t n, size_t elem)
{
    /* capacity 2, then 4, 8, ...: grow at 0 and at each power of two
     * from 2, the room is there in between (and at 1) */
    if (n == 1 || (n != 0 && (n & (n - 1)) != 0))
        return v;
    if (n > SIZE_MAX / 2)
        return NULL;
    return cckit_arena_grow(a, v, n, n ? 2 * n : 2, elem);
}
