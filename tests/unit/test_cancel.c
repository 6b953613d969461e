/*
 * test_cancel.c - cancellation belongs to one operation: a cancelled
 * unpack or archive write fails with "interrupted" and leaves nothing,
 * and the next operation in the same process succeeds (a cancel token
 * per call; cckit_cancel() reaches only the calls running when it is
 * made).
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/archive_writer.h"
#include "base/cancel.h"
#include "base/tempfile.h"

static char dir[256];

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-cancel-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
    return cckit_rm_tree_at(AT_FDCWD, dir);
}

static const char *p(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* A small archive written with (or without) a cancel context. */
static cckit_status write_zip(const char *target, const cckit_cancel_ctx *cancel,
                              cckit_zip_check_fn check, cckit_error *err)
{
    cckit_zip_writer *w = NULL;
    cckit_status st = cckit_zip_writer_open(target, false, &w, err);
    if (st != CCKIT_OK)
        return st;
    cckit_zip_writer_set_cancel(w, cancel);
    if (check)
        cckit_zip_writer_set_check(w, check, NULL);
    const char *m = "<manifest/>\n", *page = "<p>hello</p>\n";
    st = cckit_zip_writer_add_buffer(w, "imsmanifest.xml", m, strlen(m), err);
    if (st == CCKIT_OK)
        st = cckit_zip_writer_add_buffer(w, "web/page.html", page, strlen(page), err);
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
    cckit_zip_writer_abort(w);
    return st;
}

static void test_unpack_token(void)
{
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(write_zip(p("in.imscc"), NULL, NULL, &err), CCKIT_OK);

    volatile sig_atomic_t token = 1;
    cckit_unpack_options uo;
    cckit_unpack_options_default(&uo);
    CU_ASSERT_PTR_NULL(uo.cancel);
    uo.cancel = &token;
    memset(&err, 0, sizeof err);
    CU_ASSERT_EQUAL(cckit_unpack(p("in.imscc"), p("out1"), &uo, NULL, &err), CCKIT_E_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "interrupted"));
    CU_ASSERT_FALSE(exists(p("out1")));

    /* The same process, a fresh token: the next unpack runs to the end. */
    token = 0;
    CU_ASSERT_EQUAL(cckit_unpack(p("in.imscc"), p("out1"), &uo, NULL, &err), CCKIT_OK);
    CU_ASSERT_TRUE(exists(p("out1/web/page.html")));

    /* A cancel made while nothing runs stops nothing later. */
    cckit_cancel();
    uo.cancel = NULL;
    CU_ASSERT_EQUAL(cckit_unpack(p("in.imscc"), p("out2"), &uo, NULL, &err), CCKIT_OK);
    CU_ASSERT_TRUE(exists(p("out2/imsmanifest.xml")));
}

/* Runs inside the commit, as a signal handler would. */
static cckit_status cancel_during(const char *tmp, void *ctx, cckit_error *err)
{
    CCKIT_UNUSED(tmp);
    CCKIT_UNUSED(ctx);
    CCKIT_UNUSED(err);
    cckit_cancel();
    return CCKIT_OK;
}

static void test_writer_generation(void)
{
    cckit_error err;
    cckit_cancel_ctx c;
    cckit_cancel_begin(&c, NULL);
    CU_ASSERT_FALSE(cckit_cancelled(&c));
    /* cckit_cancel() during the operation stops it, nothing is left. */
    CU_ASSERT_EQUAL(write_zip(p("a.imscc"), &c, cancel_during, &err), CCKIT_E_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "interrupted"));
    CU_ASSERT_FALSE(exists(p("a.imscc")));
    CU_ASSERT_TRUE(cckit_cancelled(&c));

    /* The next operation starts uncancelled and completes. */
    cckit_cancel_begin(&c, NULL);
    CU_ASSERT_FALSE(cckit_cancelled(&c));
    CU_ASSERT_EQUAL(write_zip(p("a.imscc"), &c, NULL, &err), CCKIT_OK);
    CU_ASSERT_TRUE(exists(p("a.imscc")));

    /* A token set before the start stops the write as well. */
    volatile sig_atomic_t token = 1;
    cckit_cancel_begin(&c, &token);
    CU_ASSERT_EQUAL(write_zip(p("b.imscc"), &c, NULL, &err), CCKIT_E_IO);
    CU_ASSERT_FALSE(exists(p("b.imscc")));
}

void register_cancel_tests(void)
{
    CU_pSuite s = CU_add_suite("cancel", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "unpack: token per call, next call succeeds", test_unpack_token);
    CU_add_test(s, "cckit_cancel reaches running calls only", test_writer_generation);
}
