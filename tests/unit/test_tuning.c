/*
 * test_tuning.c - "did you mean" by edit distance, and how a tuning
 * rewrites findings: overrides by specificity, select, ignore, minimum.
 */
#include "unit.h"
#include "base/internal.h"
#include <stdlib.h>
#include <string.h>

static void test_closest(void)
{
    const char *const cmds[] = { "info", "ls", "pack", "unpack", "validate", "rules" };
    CU_ASSERT_STRING_EQUAL(cckit_closest("valdate", cmds, 6), "validate");
    CU_ASSERT_STRING_EQUAL(cckit_closest("unpak", cmds, 6), "unpack");
    CU_ASSERT_STRING_EQUAL(cckit_closest("lss", cmds, 6), "ls");
    /* too far from anything to be a typo */
    CU_ASSERT_PTR_NULL(cckit_closest("frobnicate", cmds, 6));
    CU_ASSERT_PTR_NULL(cckit_closest("", cmds, 6));
    /* a long hostile word stays cheap and matches nothing */
    char big[5000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CU_ASSERT_PTR_NULL(cckit_closest(big, cmds, 6));
}

/* Three findings: an error of R29, a warning and an info of other rules. */
static void sample(cckit_diags *d)
{
    memset(d, 0, sizeof *d);
    cckit_diags_add(d, CCKIT_SEV_ERROR, "package.missing-file", "R29", "imsmanifest.xml", 3,
                    NULL, "missing");
    cckit_diags_add(d, CCKIT_SEV_WARNING, "package.unreferenced-file", NULL, "a.txt", 0, NULL,
                    "unlisted");
    cckit_diags_add(d, CCKIT_SEV_INFO, "links.filebase-canvas", "R62", "p.html", 1, NULL,
                    "filebase");
}

static void test_apply(void)
{
    cckit_error err;
    cckit_diags d;
    cckit_tuning *t = cckit_tuning_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    /* family says info, code says warning: the code is more specific */
    CU_ASSERT_EQUAL(cckit_tuning_severity(t, "package.*", "info", &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_tuning_severity(t, "package.missing-file", "warning", &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_tuning_severity(t, "R62", "off", &err), CCKIT_OK);
    sample(&d);
    CU_ASSERT_EQUAL(cckit_tuning_apply(t, &d), 1);
    CU_ASSERT_EQUAL_FATAL(d.n, 2);
    CU_ASSERT_EQUAL(d.v[0].severity, CCKIT_SEV_WARNING);
    CU_ASSERT_EQUAL(d.v[1].severity, CCKIT_SEV_INFO);
    cckit_diags_free(&d);

    /* select a rule number, then a minimum above what is left */
    CU_ASSERT_EQUAL(cckit_tuning_add(t, CCKIT_TUNE_SELECT, "R29, package.unreferenced-file", &err),
                    CCKIT_OK);
    cckit_tuning_min_severity(t, CCKIT_SEV_WARNING);
    sample(&d);
    CU_ASSERT_EQUAL(cckit_tuning_apply(t, &d), 2);
    CU_ASSERT_EQUAL_FATAL(d.n, 1);
    CU_ASSERT_STRING_EQUAL(d.v[0].code, "package.missing-file");
    cckit_diags_free(&d);

    /* ignore beats select */
    CU_ASSERT_EQUAL(cckit_tuning_add(t, CCKIT_TUNE_IGNORE, "package", &err), CCKIT_OK);
    sample(&d);
    CU_ASSERT_EQUAL(cckit_tuning_apply(t, &d), 3);
    CU_ASSERT_EQUAL(d.n, 0);
    cckit_diags_free(&d);
    cckit_tuning_free(t);
}

static void test_bad_patterns(void)
{
    cckit_error err;
    cckit_tuning *t = cckit_tuning_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(cckit_tuning_add(t, CCKIT_TUNE_IGNORE, "package.missing-fil", &err),
                    CCKIT_E_USAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "did you mean 'package.missing-file'"));
    CU_ASSERT_EQUAL(cckit_tuning_add(t, CCKIT_TUNE_IGNORE, "R999", &err), CCKIT_E_USAGE);
    CU_ASSERT_EQUAL(cckit_tuning_add(t, CCKIT_TUNE_IGNORE, "nosuchfamily.", &err), CCKIT_E_USAGE);
    CU_ASSERT_EQUAL(cckit_tuning_add(t, CCKIT_TUNE_SELECT, "qti.,", &err), CCKIT_E_USAGE);
    CU_ASSERT_EQUAL(cckit_tuning_severity(t, "R29", "fatal", &err), CCKIT_E_USAGE);
    /* nothing half-added changes the findings */
    cckit_tuning_clear(t, CCKIT_TUNE_SELECT);
    cckit_tuning_clear(t, CCKIT_TUNE_IGNORE);
    cckit_diags d;
    sample(&d);
    CU_ASSERT_EQUAL(cckit_tuning_apply(t, &d), 0);
    CU_ASSERT_EQUAL(d.n, 3);
    cckit_diags_free(&d);
    cckit_tuning_free(t);
}

void register_tuning_tests(void)
{
    CU_pSuite s = CU_add_suite("tuning", NULL, NULL);
    CU_add_test(s, "closest", test_closest);
    CU_add_test(s, "apply", test_apply);
    CU_add_test(s, "bad patterns", test_bad_patterns);
}
