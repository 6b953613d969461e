/*
 * test_threads.c - on an archive the validator runs the descriptors and
 * the links in HTML on threads of their own (validate.c); on a folder it
 * runs everything on one thread.  The same cartridge as a folder and as
 * an archive must give the same findings in the same order, and the same
 * checked files: what the threads change is the time, never the report.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "cckit.h"

static char tmpdir[256];
static char folder[300], archive[300];

/* A manifest with findings of its own (no LOM, a dangling item), two
 * web links that break their schema in two ways, a discussion whose
 * text and attachment link to nothing, and a page with broken links. */
static const struct {
    const char *name, *text;
} files[] = {
    {"imsmanifest.xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<manifest identifier=\"m1\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\">\n"
     "  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata>\n"
     "  <organizations>\n"
     "    <organization identifier=\"o1\" structure=\"rooted-hierarchy\">\n"
     "      <item identifier=\"root\">\n"
     "        <item identifier=\"i1\" identifierref=\"r1\"><title>Page</title></item>\n"
     "        <item identifier=\"i2\" identifierref=\"w1\"><title>Link one</title></item>\n"
     "        <item identifier=\"i3\" identifierref=\"w2\"><title>Link two</title></item>\n"
     "        <item identifier=\"i4\" identifierref=\"d1\"><title>Talk</title></item>\n"
     "        <item identifier=\"i5\" identifierref=\"nowhere\"><title>Lost</title></item>\n"
     "      </item>\n"
     "    </organization>\n"
     "  </organizations>\n"
     "  <resources>\n"
     "    <resource identifier=\"r1\" type=\"webcontent\" href=\"page.html\">\n"
     "      <file href=\"page.html\"/>\n"
     "    </resource>\n"
     "    <resource identifier=\"w1\" type=\"imswl_xmlv1p3\"><file href=\"wl1/link.xml\"/></resource>\n"
     "    <resource identifier=\"w2\" type=\"imswl_xmlv1p3\"><file href=\"wl2/link.xml\"/></resource>\n"
     "    <resource identifier=\"d1\" type=\"imsdt_xmlv1p3\"><file href=\"dt1/topic.xml\"/></resource>\n"
     "  </resources>\n"
     "</manifest>\n"},
    {"page.html",
     "<html><head><title>P</title></head><body><a href=\"gone.html\">x</a>"
     "<img src=\"gone.png\"></body></html>\n"},
    {"wl1/link.xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<webLink xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3\"><title>One</title></webLink>\n"},
    {"wl2/link.xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<webLink xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3\"><title>Two</title>"
     "<url href=\"http://example.com/\" bogus=\"1\"/></webLink>\n"},
    {"dt1/topic.xml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<topic xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3\"><title>Talk</title>"
     "<text texttype=\"text/html\">&lt;a href=\"../missing.html\"&gt;see&lt;/a&gt;</text>"
     "<attachments><attachment href=\"dt1/none.pdf\"/></attachments></topic>\n"},
};
#define N_FILES (sizeof files / sizeof files[0])

static int put(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", folder, name);
    char *slash = strrchr(p, '/');
    if (slash && slash > p + strlen(folder)) {
        *slash = '\0';
        mkdir(p, 0700);
        *slash = '/';
    }
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cckit-test-threads-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(folder, sizeof folder, "%s/c", tmpdir);
    snprintf(archive, sizeof archive, "%s/c.imscc", tmpdir);
    if (mkdir(folder, 0700) != 0)
        return -1;
    int zerr;
    zip_t *za = zip_open(archive, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za)
        return -1;
    for (size_t i = 0; i < N_FILES; i++) {
        zip_source_t *zs = zip_source_buffer(za, files[i].text, strlen(files[i].text), 0);
        if (put(files[i].name, files[i].text) != 0 || !zs
            || zip_file_add(za, files[i].name, zs, ZIP_FL_ENC_UTF_8) < 0) {
            zip_discard(za);
            return -1;
        }
    }
    return zip_close(za) == 0 ? 0 : -1;
}

static int suite_clean(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static bool same(const cckit_validation *a, const cckit_validation *b)
{
    if (a->diags.n != b->diags.n || a->n_files != b->n_files || a->version != b->version)
        return false;
    for (size_t i = 0; i < a->diags.n; i++) {
        const cckit_diag *x = &a->diags.v[i], *y = &b->diags.v[i];
        if (x->severity != y->severity || x->lenient_severity != y->lenient_severity
            || strcmp(x->code, y->code) != 0 || x->line != y->line
            || strcmp(x->message, y->message) != 0
            || strcmp(x->file ? x->file : "", y->file ? y->file : "") != 0) {
            fprintf(stderr, "\n  finding %zu differs: %s %s:%u / %s %s:%u\n", i, x->code,
                    x->file ? x->file : "", x->line, y->code, y->file ? y->file : "", y->line);
            return false;
        }
    }
    for (size_t i = 0; i < a->n_files; i++) {
        const cckit_checked_file *x = &a->files[i], *y = &b->files[i];
        if (strcmp(x->path, y->path) != 0 || strcmp(x->role, y->role) != 0
            || strcmp(x->schema ? x->schema : "", y->schema ? y->schema : "") != 0
            || x->schema_valid != y->schema_valid)
            return false;
    }
    for (int s = 0; s < 3; s++)
        if (a->omitted[s] != b->omitted[s] || a->omitted_lenient[s] != b->omitted_lenient[s])
            return false;
    return true;
}

/* Index of the first finding of code about file, or -1. */
static long find(const cckit_validation *v, const char *code, const char *file)
{
    for (size_t i = 0; i < v->diags.n; i++)
        if (strcmp(v->diags.v[i].code, code) == 0 && v->diags.v[i].file
            && strcmp(v->diags.v[i].file, file) == 0)
            return (long)i;
    return -1;
}

static void test_archive_as_folder(void)
{
    cckit_validate_options o;
    cckit_validate_options_default(&o);
    o.schema_dir = getenv("CCKIT_SCHEMA_DIR");
    if (!o.schema_dir) {
        fprintf(stderr, "\n  skipped: CCKIT_SCHEMA_DIR is not set (make check sets it)\n");
        return;
    }
    cckit_error err;
    for (int strict = 0; strict < 2; strict++) {
        o.strict = strict;
        cckit_validation *f = NULL, *a = NULL, *again = NULL;
        CU_ASSERT_EQUAL_FATAL(cckit_validate(folder, &o, &f, &err), CCKIT_OK);
        CU_ASSERT_EQUAL_FATAL(cckit_validate(archive, &o, &a, &err), CCKIT_OK);
        CU_ASSERT_EQUAL_FATAL(cckit_validate(archive, &o, &again, &err), CCKIT_OK);
        /* the threads' findings are there, where one thread puts them:
         * the manifest's first, then the descriptors', then the pages' */
        long dangling = find(a, "manifest.item-dangling-ref", "imsmanifest.xml");
        long wl1 = find(a, "xsd.weblink-invalid", "wl1/link.xml");
        long wl2 = find(a, "xsd.unknown-attribute", "wl2/link.xml");
        long topic = find(a, "links.broken", "dt1/topic.xml");
        long page = find(a, "links.broken", "page.html");
        CU_ASSERT(dangling >= 0 && wl1 > dangling && wl2 > wl1 && topic > wl2 && page > topic);
        CU_ASSERT(a->n_files >= 4);   /* the manifest and three descriptors */
        CU_ASSERT(same(f, a));
        CU_ASSERT(same(a, again));
        cckit_validation_free(f);
        cckit_validation_free(a);
        cckit_validation_free(again);
    }
}

void register_threads_tests(void)
{
    CU_pSuite s = CU_add_suite("threads of the validator", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "an archive (threads) reports what its folder (one thread) does",
                test_archive_as_folder);
}
