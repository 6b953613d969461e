/*
 * test_once.c - convert reads and validates its input once (issue "One
 * model"): one strict validation of the input gives both the strict
 * findings (the report's "before") and the lenient verdict that decides
 * a refusal, on the tree cckit_cartridge_open built; the output is
 * validated once more, by path, before it is renamed.  Counted with the
 * library's probes (base/probe.h): validation runs, and streams opened
 * on an imsmanifest.xml entry.
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cckit.h"
#include "base/probe.h"

static char dir[256];

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-once-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* samples/minimal-cc1.1 copied to dir/NAME, its manifest with `drop`
 * removed (NULL: as it is) and without hello.html when !page. */
static const char *sample(const char *name, const char *drop, bool page)
{
    static char path[512];
    char src[512], buf[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CU_ASSERT_FATAL(mkdir(path, 0755) == 0);
    snprintf(src, sizeof src, "%s/samples/minimal-cc1.1/imsmanifest.xml", CCKIT_TEST_SRCDIR);
    FILE *f = fopen(src, "rb");
    CU_ASSERT_FATAL(f != NULL);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *at = drop ? strstr(buf, drop) : NULL;
    if (drop)
        CU_ASSERT_FATAL(at != NULL);
    if (at)
        memmove(at, at + strlen(drop), strlen(at + strlen(drop)) + 1);
    char out[600];
    snprintf(out, sizeof out, "%s/imsmanifest.xml", path);
    f = fopen(out, "wb");
    CU_ASSERT_FATAL(f != NULL);
    fputs(buf, f);
    fclose(f);
    if (page) {
        snprintf(out, sizeof out, "%s/hello.html", path);
        f = fopen(out, "wb");
        CU_ASSERT_FATAL(f != NULL);
        fputs("<!DOCTYPE html><html><head><title>Hello</title></head><body><p>Hello</p></body></html>\n", f);
        fclose(f);
    }
    return path;
}

/* Convert in to 1.2; the report's written flag, the counts in *val and
 * *reads. */
static bool convert(const char *in, const char *name, unsigned long *val, unsigned long *reads)
{
    char out[600], xsl[512], schemas[512];
    snprintf(out, sizeof out, "%s/%s.imscc", dir, name);
    snprintf(xsl, sizeof xsl, "%s/xsl", CCKIT_TEST_SRCDIR);
    snprintf(schemas, sizeof schemas, "%s/schemas", CCKIT_TEST_SRCDIR);
    cckit_convert_options o;
    cckit_convert_options_default(&o);
    o.to = CCKIT_CC_1_2;
    o.xsl_dir = xsl;
    o.schema_dir = schemas;
    cckit_loss_report *rep = NULL;
    cckit_error err;
    cckit_probe_reset();
    cckit_status st = cckit_convert(in, out, &o, &rep, &err);
    *val = cckit_probe_get(CCKIT_PROBE_VALIDATION);
    *reads = cckit_probe_get(CCKIT_PROBE_MANIFEST_READ);
    bool written = st == CCKIT_OK && rep && rep->written;
    if (st != CCKIT_OK)
        CU_ASSERT_EQUAL(st, CCKIT_E_INVALID);
    cckit_loss_report_free(rep);
    return written;
}

/* A valid input: the input once, the output once. */
static void test_valid_once(void)
{
    unsigned long val, reads;
    CU_ASSERT_TRUE(convert(sample("valid", NULL, true), "valid", &val, &reads));
    CU_ASSERT_EQUAL(val, 2);
    /* input: the tree (the XSD pass reads the bytes it kept); output:
     * the same */
    CU_ASSERT_EQUAL(reads, 2);
}

/* Strict errors, lenient warnings (an item without a title, R15): the
 * lenient verdict comes from the same run, not from a second pass. */
static void test_strict_errors_once(void)
{
    unsigned long val, reads;
    CU_ASSERT_TRUE(convert(sample("untitled", "<title>Hello</title>", true), "untitled", &val, &reads));
    CU_ASSERT_EQUAL(val, 2);
    CU_ASSERT_EQUAL(reads, 2);
}

/* Lenient errors (a missing file): refused after one validation, and
 * nothing written. */
static void test_refused_once(void)
{
    unsigned long val, reads;
    CU_ASSERT_FALSE(convert(sample("nopage", NULL, false), "nopage", &val, &reads));
    CU_ASSERT_EQUAL(val, 1);
    CU_ASSERT_EQUAL(reads, 1);
    char out[600];
    snprintf(out, sizeof out, "%s/nopage.imscc", dir);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
}

/* One strict run gives the lenient counts a lenient run gives. */
static void test_lenient_derived(void)
{
    const char *in = sample("derived", "<title>Hello</title>", false);
    char schemas[512];
    snprintf(schemas, sizeof schemas, "%s/schemas", CCKIT_TEST_SRCDIR);
    cckit_validate_options o;
    cckit_validate_options_default(&o);
    o.schema_dir = schemas;
    o.strict = true;
    cckit_validation *s = NULL, *l = NULL;
    cckit_error err;
    CU_ASSERT_FATAL(cckit_validate(in, &o, &s, &err) == CCKIT_OK);
    o.strict = false;
    CU_ASSERT_FATAL(cckit_validate(in, &o, &l, &err) == CCKIT_OK);
    for (int sev = 0; sev < 3; sev++)
        CU_ASSERT_EQUAL(cckit_validation_count_lenient(s, (cckit_severity)sev),
                        cckit_validation_count(l, (cckit_severity)sev));
    /* and the strict verdict differs: an error in strict mode */
    CU_ASSERT_TRUE(cckit_validation_count(s, CCKIT_SEV_ERROR) > cckit_validation_count(l, CCKIT_SEV_ERROR));
    CU_ASSERT_EQUAL(cckit_validation_count_lenient(l, CCKIT_SEV_ERROR),
                    cckit_validation_count(l, CCKIT_SEV_ERROR));
    cckit_validation_free(s);
    cckit_validation_free(l);
}

void register_once_tests(void)
{
    CU_pSuite s = CU_add_suite("convert reads and validates its input once", suite_init, suite_clean);
    CU_add_test(s, "a valid input: one validation of each side", test_valid_once);
    CU_add_test(s, "strict errors: no second, lenient pass", test_strict_errors_once);
    CU_add_test(s, "a refused input: one validation", test_refused_once);
    CU_add_test(s, "one strict run gives the lenient counts", test_lenient_derived);
}
