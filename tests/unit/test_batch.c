/*
 * test_batch.c - the batch engine's parts: shards, input discovery, the
 * record line, the worker pool (a crash isolated) and the state store.
 */
#include "unit.h"
#include "base/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_shard_parse(void)
{
    unsigned k = 0, n = 0;
    CU_ASSERT_TRUE(cckit_batch_shard_parse("2/8", &k, &n));
    CU_ASSERT_EQUAL(k, 2);
    CU_ASSERT_EQUAL(n, 8);
    CU_ASSERT_TRUE(cckit_batch_shard_parse("1/1", &k, &n));
    static const char *const bad[] = { "0/3", "4/3", "3", "/3", "1/", "1/0", "-1/3", "1/3x",
                                       " 1/3", "1/2000000", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_FALSE(cckit_batch_shard_parse(bad[i], &k, &n));
}

static void test_shards_partition(void)
{
    char name[64];
    for (unsigned n = 1; n <= 7; n++) {
        unsigned per[7] = { 0 };
        for (int i = 0; i < 1000; i++) {
            snprintf(name, sizeof name, "courses/c%04d.imscc", i);
            unsigned in = 0;
            for (unsigned k = 1; k <= n; k++)
                if (cckit_batch_in_shard(name, k, n)) {
                    in++;
                    per[k - 1]++;
                }
            CU_ASSERT_EQUAL(in, 1);   /* exactly one shard: disjoint, covering */
        }
        for (unsigned k = 0; k < n; k++)
            CU_ASSERT_TRUE(per[k] > 1000 / n / 2);   /* no shard starved */
    }
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("x", f);
    fclose(f);
}

static void test_inputs(void)
{
    char dir[] = "/tmp/cckit-unit-batch.XXXXXX", p[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/b.imscc", dir); touch(p);
    snprintf(p, sizeof p, "%s/a.ZIP", dir); touch(p);
    snprintf(p, sizeof p, "%s/notes.txt", dir); touch(p);
    snprintf(p, sizeof p, "%s/sub", dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/sub/x.imscc", dir); touch(p);
    snprintf(p, sizeof p, "%s/cart", dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/cart/imsmanifest.xml", dir); touch(p);
    snprintf(p, sizeof p, "%s/cart/inner.imscc", dir); touch(p);
    snprintf(p, sizeof p, "%s/empty", dir); mkdir(p, 0700);

    cckit_batch_inputs in;
    cckit_batch_inputs_init(&in);
    CU_ASSERT_EQUAL(cckit_batch_inputs_add(&in, dir, false, NULL), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(in.n, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(in.paths[0], "/a.ZIP"));
    CU_ASSERT_PTR_NOT_NULL(strstr(in.paths[1], "/b.imscc"));
    CU_ASSERT_PTR_NOT_NULL(strstr(in.paths[2], "/cart"));   /* a cartridge folder, not its inside */
    cckit_batch_inputs_free(&in);

    CU_ASSERT_EQUAL(cckit_batch_inputs_add(&in, dir, true, NULL), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(in.n, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(in.paths[3], "/sub/x.imscc"));
    cckit_batch_inputs_free(&in);

    /* nothing found, or nothing there: the path itself, for the command to judge */
    snprintf(p, sizeof p, "%s/empty", dir);
    CU_ASSERT_EQUAL(cckit_batch_inputs_add(&in, p, true, NULL), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_batch_inputs_add(&in, "/no/such/thing.imscc", false, NULL), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(in.n, 2);
    CU_ASSERT_STRING_EQUAL(in.paths[1], "/no/such/thing.imscc");
    cckit_batch_inputs_free(&in);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

/* The producer of a record: none for a sample, canvas once it carries
 * Canvas's export marker, NULL and a status for a path that is no
 * cartridge. */
static void test_producer(void)
{
    char dir[] = "/tmp/cckit-unit-producer.XXXXXX", cmd[600], p[300];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    const char *producer = "x";
    cckit_error err;
    snprintf(p, sizeof p, "%s/samples/minimal-cc1.1", CCKIT_TEST_SRCDIR);
    CU_ASSERT_EQUAL(cckit_producer_of(p, NULL, &producer, &err), CCKIT_OK);
    CU_ASSERT_PTR_NULL(producer);

    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/c' && mkdir '%s/c/course_settings' && "
             "echo x > '%s/c/course_settings/canvas_export.txt'", p, dir, dir, dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(p, sizeof p, "%s/c", dir);
    CU_ASSERT_EQUAL(cckit_producer_of(p, NULL, &producer, &err), CCKIT_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(producer);
    CU_ASSERT_STRING_EQUAL(producer, "canvas");

    producer = "x";
    snprintf(p, sizeof p, "%s/no-such.imscc", dir);
    CU_ASSERT_NOT_EQUAL(cckit_producer_of(p, NULL, &producer, &err), CCKIT_OK);
    CU_ASSERT_PTR_NULL(producer);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static void test_record_line(void)
{
    cckit_batch_record r;
    cckit_batch_record_init(&r, "validate", "a \"b\".imscc", 7);
    r.verdict = "invalid";
    r.version = "1.3";
    r.counts[CCKIT_SEV_ERROR] = 2;
    CU_ASSERT_TRUE(cckit_batch_record_add_code(&r, "manifest.x", 1));
    CU_ASSERT_TRUE(cckit_batch_record_add_code(&r, "manifest.x", 1));
    r.result = strdup("{\n  \"ok\": true\n}\n");
    char *line = NULL;
    CU_ASSERT_EQUAL_FATAL(cckit_batch_record_line(&r, &line, NULL), CCKIT_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "{\"type\":\"cartridge\",\"command\":\"validate\","
                                        "\"input\":\"a \\\"b\\\".imscc\",\"index\":7,"
                                        "\"status\":\"done\",\"verdict\":\"invalid\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"counts\":{\"error\":2,\"warning\":0,\"info\":0}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"codes\":{\"manifest.x\":2}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"sha256\":null"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"result\":{\"ok\":true}}"));
    CU_ASSERT_PTR_NULL(strstr(line, "reason"));   /* only for error and skipped */
    CU_ASSERT_PTR_NULL(strchr(line, '\n'));
    free(line);
    free(r.result);
    r.result = strdup("not json");
    CU_ASSERT_EQUAL(cckit_batch_record_line(&r, &line, NULL), CCKIT_E_USAGE);
    cckit_batch_record_clear(&r);
}

/* ---- the pool ---------------------------------------------------------- */

static cckit_status fake_job(void *ctx, cckit_batch_record *r)
{
    (void)ctx;
    r->verdict = strstr(r->input, "bad") ? "invalid" : "valid";
    return CCKIT_OK;
}

typedef struct seen {
    int n;
    char lines[8][512];
    size_t pos[8];
} seen;

static int collect(void *ctx, size_t pos, const char *line, size_t len)
{
    seen *s = ctx;
    if (s->n < 8 && len < sizeof s->lines[0]) {
        memcpy(s->lines[s->n], line, len);
        s->lines[s->n][len] = '\0';
        s->pos[s->n++] = pos;
    }
    return 0;
}

static void test_pool(void)
{
    const char *inputs[] = { "one.imscc", "bad.imscc", "boom.imscc", "four.imscc", "five.imscc" };
    size_t index[] = { 10, 11, 12, 13, 14 };
    cckit_batch_options o;
    memset(&o, 0, sizeof o);
    o.jobs = 2;
    o.command = "validate";
    seen s;
    memset(&s, 0, sizeof s);
    setenv("CCKIT_TEST_WORKER_FAULT", "crash:boom.imscc", 1);
    cckit_status st = cckit_batch_run(inputs, index, 5, &o, fake_job, NULL, collect, &s, NULL);
    unsetenv("CCKIT_TEST_WORKER_FAULT");
    CU_ASSERT_EQUAL(st, CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(s.n, 5);
    bool got[5] = { false };
    for (int i = 0; i < 5; i++) {
        size_t p = s.pos[i];
        CU_ASSERT_FATAL(p < 5);
        got[p] = true;
        char want[64];
        snprintf(want, sizeof want, "\"input\":\"%s\",\"index\":%zu,", inputs[p], index[p]);
        CU_ASSERT_PTR_NOT_NULL(strstr(s.lines[i], want));
        const char *expect = p == 2 ? "\"status\":\"error\",\"reason\":"
                                      "\"worker killed by signal 11 (crash)\""
                             : p == 1 ? "\"verdict\":\"invalid\"" : "\"verdict\":\"valid\"";
        CU_ASSERT_PTR_NOT_NULL(strstr(s.lines[i], expect));
    }
    for (int p = 0; p < 5; p++)
        CU_ASSERT_TRUE(got[p]);
}

/* ---- the state ---------------------------------------------------------- */

static void test_state(void)
{
    char dir[] = "/tmp/cckit-unit-state.XXXXXX", db[256], in[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/run.db", dir);
    snprintf(in, sizeof in, "%s/a.imscc", dir);
    touch(in);
    cckit_batch_state *s = NULL;
    CU_ASSERT_EQUAL_FATAL(cckit_batch_state_open(db, "validate", "strict=0", &s, NULL), CCKIT_OK);
    const char *line = "{\"type\":\"cartridge\",\"status\":\"done\",\"verdict\":\"valid\","
                       "\"counts\":{\"error\":0,\"warning\":1,\"info\":0},\"codes\":{\"x.y\":1},"
                       "\"seconds\":0.5,\"result\":null}";
    CU_ASSERT_EQUAL(cckit_batch_state_put(s, in, 0, line, strlen(line), NULL), CCKIT_OK);
    char *back = NULL;
    CU_ASSERT_EQUAL(cckit_batch_state_lookup(s, in, 0, &back, NULL), CCKIT_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_STRING_EQUAL(back, line);
    free(back);
    /* the input list changed: the same record at its new index */
    const char *line2 = "{\"type\":\"cartridge\",\"index\":0,\"status\":\"done\",\"seconds\":0.5}";
    CU_ASSERT_EQUAL(cckit_batch_state_put(s, in, 0, line2, strlen(line2), NULL), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_batch_state_lookup(s, in, 3, &back, NULL), CCKIT_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_STRING_EQUAL(back, "{\"type\":\"cartridge\",\"index\":3,\"status\":\"done\",\"seconds\":0.5}");
    free(back);
    /* a changed file is not reused */
    FILE *f = fopen(in, "a");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("more", f);
    fclose(f);
    CU_ASSERT_EQUAL(cckit_batch_state_lookup(s, in, 0, &back, NULL), CCKIT_OK);
    CU_ASSERT_PTR_NULL(back);
    cckit_batch_state_close(s);
    /* other options, another command: refused */
    cckit_error err;
    CU_ASSERT_EQUAL(cckit_batch_state_open(db, "validate", "strict=1", &s, &err), CCKIT_E_USAGE);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL(cckit_batch_state_open(db, "compat", "strict=0", &s, &err), CCKIT_E_USAGE);
    /* not a database */
    CU_ASSERT_EQUAL(cckit_batch_state_open(in, "validate", "strict=0", &s, &err), CCKIT_E_IO);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

void register_batch_tests(void)
{
    CU_pSuite s = CU_add_suite("batch", NULL, NULL);
    CU_add_test(s, "shard parse", test_shard_parse);
    CU_add_test(s, "shards partition the inputs", test_shards_partition);
    CU_add_test(s, "input discovery", test_inputs);
    CU_add_test(s, "record line", test_record_line);
    CU_add_test(s, "producer of a cartridge", test_producer);
    CU_add_test(s, "worker pool isolates a crash", test_pool);
    CU_add_test(s, "state store", test_state);
}
