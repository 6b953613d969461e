/*
 * test_idmap.c - the identifier hash map and the arena behind the tree.
 */
#include "unit.h"
#include "base/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_put_get(void)
{
    cckit_idmap *m = cckit_idmap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    static char keys[5000][16];
    int values[5000];
    bool oom = false;
    for (int i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "id%d", i);
        values[i] = i;
        CU_ASSERT_PTR_NULL(cckit_idmap_put(m, keys[i], &values[i], &oom));
        CU_ASSERT_FALSE(oom);
    }
    CU_ASSERT_EQUAL(cckit_idmap_size(m), 5000);
    for (int i = 0; i < 5000; i += 7)
        CU_ASSERT_PTR_EQUAL(cckit_idmap_get(m, keys[i]), &values[i]);
    CU_ASSERT_PTR_NULL(cckit_idmap_get(m, "id5000"));
    CU_ASSERT_PTR_NULL(cckit_idmap_get(m, ""));
    /* A second put of an existing key keeps the first value. */
    int other = -1;
    CU_ASSERT_PTR_EQUAL(cckit_idmap_put(m, "id42", &other, &oom), &values[42]);
    CU_ASSERT_PTR_EQUAL(cckit_idmap_get(m, "id42"), &values[42]);
    CU_ASSERT_EQUAL(cckit_idmap_size(m), 5000);
    /* *oom is a latch: a successful put never clears an earlier failure
     * (callers pass one flag to many puts and check it once). */
    oom = true;
    CU_ASSERT_PTR_NULL(cckit_idmap_put(m, "fresh", &other, &oom));
    CU_ASSERT_TRUE(oom);
    cckit_idmap_free(m);
}

static void test_arena(void)
{
    cckit_arena *a = cckit_arena_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    char *s = cckit_arena_strdup(a, "hello");
    CU_ASSERT_STRING_EQUAL(s, "hello");
    CU_ASSERT_PTR_NULL(cckit_arena_strdup(a, NULL));
    /* Big blocks and many small ones; memory is zeroed and aligned. */
    unsigned char *big = cckit_arena_alloc(a, 1 << 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    CU_ASSERT_EQUAL(big[12345], 0);
    for (int i = 0; i < 10000; i++) {
        void *p = cckit_arena_alloc(a, (size_t)(i % 37) + 1);
        CU_ASSERT_EQUAL((uintptr_t)p % 16, 0);
    }
    int arr[3] = {1, 2, 3};
    int *g = cckit_arena_grow(a, arr, 3, 6, sizeof(int));
    CU_ASSERT_EQUAL(g[2], 3);
    CU_ASSERT_EQUAL(g[5], 0);
    CU_ASSERT_STRING_EQUAL(s, "hello");
    cckit_arena_free(a);
}

static void test_strbuf_and_json(void)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    cckit_strbuf_adds(&b, "a");
    cckit_strbuf_printf(&b, "%d-%s", 42, "x");
    CU_ASSERT_STRING_EQUAL(b.s, "a42-x");
    cckit_strbuf_reset(&b);
    CU_ASSERT_EQUAL(b.len, 0);
    cckit_strbuf_free(&b);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    cckit_json j;
    cckit_json_init(&j, f, false);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "s", "q\"\\\n\x01");
    cckit_json_begin_array(&j, "a");
    cckit_json_uint(&j, NULL, 1);
    cckit_json_null(&j, NULL);
    cckit_json_end_array(&j);
    cckit_json_bool(&j, "b", true);
    cckit_json_end_object(&j);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "{\"s\":\"q\\\"\\\\\\n\\u0001\",\"a\":[1,null],\"b\":true}");
    free(buf);
}

/* An array pushed one element at a time keeps its elements and moves
 * only at powers of two: 100,000 pushes, at most 17 moves (growing by
 * one would move it every time and abandon n^2/2 elements). */
static void test_arena_push(void)
{
    cckit_arena *a = cckit_arena_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    unsigned *v = NULL;
    size_t moves = 0;
    for (size_t n = 0; n < 100000; n++) {
        unsigned *nv = cckit_arena_push(a, v, n, sizeof *v);
        CU_ASSERT_PTR_NOT_NULL_FATAL(nv);
        moves += nv != v;
        v = nv;
        v[n] = (unsigned)n * 7u;
    }
    CU_ASSERT(moves <= 17);
    size_t wrong = 0;
    for (size_t n = 0; n < 100000; n++)
        wrong += v[n] != (unsigned)n * 7u;
    CU_ASSERT_EQUAL(wrong, 0);
    cckit_arena_free(a);
}

void register_idmap_tests(void)
{
    CU_pSuite s = CU_add_suite("idmap", NULL, NULL);
    CU_add_test(s, "put and get", test_put_get);
    CU_add_test(s, "arena", test_arena);
    CU_add_test(s, "arena push", test_arena_push);
    CU_add_test(s, "strbuf and json", test_strbuf_and_json);
}
