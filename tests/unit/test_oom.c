/*
 * test_oom.c - out of memory is an error the caller sees: the library's
 * allocations (malloc, calloc, realloc, strdup, strndup of libcckit's
 * own code, wrapped at link time with -Wl,--wrap) fail one at a time,
 * the Nth for N = 1, 2, ... over a validation of a small cartridge with
 * findings.  Each run must end either in CCKIT_E_NOMEM or in CCKIT_OK
 * with exactly the findings of the run without failures - never OK with
 * findings missing, never a crash.  (libxml2's own allocations are not
 * wrapped: it is a shared library.)
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/internal.h"
#include "base/tempfile.h"
#include "oom.h"

/* 0: pass everything; otherwise fail the allocation numbered fail_at. */
static atomic_ulong counted, fail_at;
static atomic_bool armed, failed;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static bool fail_now(void)
{
    if (!atomic_load(&armed))
        return false;
    unsigned long k = atomic_fetch_add(&counted, 1) + 1;
    if (k == atomic_load(&fail_at)) {
        atomic_store(&failed, true);
        errno = ENOMEM;   /* as the C library's allocators say */
        /* CCKIT_OOM_TRACE=N: where failure N is injected (debugging). */
        const char *t = getenv("CCKIT_OOM_TRACE");
        if (t && strtoul(t, NULL, 10) == k) {
            void *frames[24];
            fputs("oom trace:\n", stderr);
            backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
        }
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n);
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_calloc(size_t n, size_t m) { return fail_now() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s);
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n);
char *__wrap_strndup(const char *s, size_t n) { return fail_now() ? NULL : __real_strndup(s, n); }

void oom_arm(unsigned long n)
{
    atomic_store(&counted, 0);
    atomic_store(&fail_at, n);
    atomic_store(&failed, false);
    atomic_store(&armed, true);
}

unsigned long oom_disarm(void)
{
    atomic_store(&armed, false);
    return atomic_load(&counted);
}

bool oom_failed(void) { return atomic_load(&failed); }
void *oom_real_malloc(size_t n) { return __real_malloc(n); }
char *oom_real_strdup(const char *s) { return __real_strdup(s); }

static char dir[256];

static void put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
}

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-oom-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
    return cckit_rm_tree_at(AT_FDCWD, dir);
}

/* The findings of a validation as one string: severity code file:line. */
static char *findings(const cckit_validation *v)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    for (size_t i = 0; i < v->diags.n; i++) {
        const cckit_diag *g = &v->diags.v[i];
        cckit_strbuf_printf(&b, "%d %s %s:%u %s\n", (int)g->severity, g->code,
                            g->file ? g->file : "-", g->line, g->message);
    }
    return b.s ? b.s : __real_strdup("");
}

/* The lines of one that the other lacks, for the failure message. */
static void lines_missing(const char *tag, const char *from, const char *in)
{
    for (const char *l = from; *l;) {
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) + 1 : strlen(l);
        bool found = false;
        for (const char *k = in; *k && !found;) {
            const char *f = strchr(k, '\n');
            size_t m = f ? (size_t)(f - k) + 1 : strlen(k);
            found = m == n && memcmp(k, l, n) == 0;
            k += m;
        }
        if (!found)
            fprintf(stderr, "  %s %.*s", tag, (int)n, l);
        l += n;
    }
}

static void show_diff(const char *path, unsigned long n, unsigned long total, const char *got, const char *want)
{
    fprintf(stderr, "\n%s: allocation %lu of %lu failed, OK returned, findings differ:\n",
            path, n, total);
    lines_missing("missing:", want, got);
    lines_missing("extra:  ", got, want);
}

static void oom_loop(const char *path, size_t min_findings);
static const char *site_rules;   /* --rules of the next oom_loop, or NULL */

static void test_validate_oom(void)
{
    /* A CC 1.1 folder with a few defects: a missing file, a dangling
     * reference, an unlisted file, a page with a broken link. */
    put("imsmanifest.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<manifest identifier=\"M\" xmlns=\"http://www.imsglobal.org/xsd/imscc/imscp_v1p1\">\n"
        "  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata>\n"
        "  <organizations><organization identifier=\"O\" structure=\"rooted-hierarchy\">\n"
        "    <item identifier=\"root\">\n"
        "      <item identifier=\"i1\" identifierref=\"R1\"><title>One</title></item>\n"
        "      <item identifier=\"i2\" identifierref=\"NOPE\"><title>Two</title></item>\n"
        "    </item>\n"
        "  </organization></organizations>\n"
        "  <resources>\n"
        "    <resource identifier=\"R1\" type=\"webcontent\" href=\"a.html\">\n"
        "      <file href=\"a.html\"/><file href=\"missing.html\"/><file href=\"b.html\"/>\n"
        "    </resource>\n"
        "  </resources>\n"
        "</manifest>\n");
    put("a.html", "<html><body><a href=\"gone.html\">x</a><img src=\"pic.png\"></body></html>\n");
    /* the link pass's lists: a <style> (its links go before those inside
     * it), a style attribute, an element with two link attributes */
    put("b.html", "<html><head><style>p { background: url(bg.png) }</style></head><body>\n"
        "<div style=\"background: url(div.png)\"><video src=\"v.mp4\" poster=\"p.png\"></video>"
        "</div>\n<x:style>@import \"i.css\";<img src=\"in.png\"></x:style></body></html>\n");
    put("extra.txt", "not listed\n");

    oom_loop(dir, 4);
    /* Descriptors, QTI, web links, LTI, dependencies: no findings, so any
     * finding an allocation failure makes up is caught too. */
    oom_loop(CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3", 0);
    /* Site rules (Schematron) over the manifest and every descriptor:
     * two findings, a title and an LTI link. */
    site_rules = CCKIT_TEST_SRCDIR "/schemas/site-rules/example.sch";
    oom_loop(CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3", 1);
    site_rules = NULL;
}

/* Validate path with each allocation failing in turn. */
static void oom_loop(const char *path, size_t min_findings)
{
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    vo.rules = site_rules;
    cckit_error err;
    cckit_validation *v = NULL;
    /* The first run compiles the schemas (kept for the process). */
    CU_ASSERT_EQUAL_FATAL(cckit_validate(path, &vo, &v, &err), CCKIT_OK);
    cckit_validation_free(v);

    atomic_store(&fail_at, 0);
    atomic_store(&counted, 0);
    atomic_store(&armed, true);
    CU_ASSERT_EQUAL_FATAL(cckit_validate(path, &vo, &v, &err), CCKIT_OK);
    atomic_store(&armed, false);
    unsigned long total = atomic_load(&counted);
    char *want = findings(v);
    CU_ASSERT(v->diags.n >= min_findings);
    cckit_validation_free(v);
    CU_ASSERT(total > 10);

    unsigned long nomem = 0, bad = 0;
    for (unsigned long n = 1; n <= total + 1; n++) {
        atomic_store(&counted, 0);
        atomic_store(&fail_at, n);
        atomic_store(&failed, false);
        atomic_store(&armed, true);
        v = NULL;
        memset(&err, 0, sizeof err);
        cckit_status st = cckit_validate(path, &vo, &v, &err);
        atomic_store(&armed, false);
        if (st == CCKIT_E_NOMEM) {
            CU_ASSERT_PTR_NULL(v);
            nomem++;
            continue;
        }
        CU_ASSERT_EQUAL(st, CCKIT_OK);
        if (st != CCKIT_OK || !v)
            continue;
        char *got = findings(v);
        if (strcmp(got, want) != 0) {
            bad++;
            if (bad <= 10)
                show_diff(path, n, total, got, want);
        }
        free(got);
        cckit_validation_free(v);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(nomem > 0);   /* the injection did reach the library */
    if (getenv("CCKIT_OOM_VERBOSE"))
        fprintf(stderr, "\nvalidate %s%s: %lu allocations, %lu injected-failure runs (%lu NOMEM)\n",
                path, site_rules ? " with site rules" : "", total, total, nomem);
    free(want);
}

void register_oom_tests(void)
{
    CU_pSuite s = CU_add_suite("oom", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "validate: every failed allocation is NOMEM or harmless", test_validate_oom);
}
