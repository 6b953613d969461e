/*
 * test_producer.c - a validation names the producer (issue #12) from
 * the reads it does anyway: each kind of sign of tree/producer.c (a
 * namespace a descriptor declares, a comment of the manifest, an entry's
 * name, a file the manifest lists though the package lacks it: a
 * hand-edited Canvas export of the corpus) gives its producer with one
 * open of the package and the validation's one read of the manifest
 * (the tree; the XSD pass reads the bytes it kept), counted by the
 * library's probes
 * (base/probe.h); cckit_producer_of, which reads the cartridge again,
 * agrees, and the probes see its reads.
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cckit.h"
#include "base/probe.h"

static char dir[256];

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-producer-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *folder, const char *name, const char *text)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", folder, name);
    FILE *f = fopen(p, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

/* A one-page CC 1.1 cartridge in dir/NAME: `comment` before the root,
 * `file` as a second <file> of the page's resource, `res` as a second
 * resource (each "" for none). */
static const char *cartridge(const char *name, const char *comment, const char *file,
                             const char *res)
{
    static char path[512];
    char man[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CU_ASSERT_FATAL(mkdir(path, 0755) == 0);
    snprintf(man, sizeof man,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s\n"
             "<manifest identifier=\"m\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1\">\n"
             "  <metadata><schema>IMS Common Cartridge</schema>"
             "<schemaversion>1.1.0</schemaversion></metadata>\n"
             "  <organizations><organization identifier=\"o\" structure=\"rooted-hierarchy\">"
             "<item identifier=\"root\"><item identifier=\"i1\" identifierref=\"r1\">"
             "<title>Hello</title></item></item></organization></organizations>\n"
             "  <resources>\n"
             "    <resource identifier=\"r1\" type=\"webcontent\" href=\"hello.html\">"
             "<file href=\"hello.html\"/>%s</resource>\n%s\n"
             "  </resources>\n</manifest>\n", comment, file, res);
    put(path, "imsmanifest.xml", man);
    put(path, "hello.html", "<!DOCTYPE html><html><head><title>Hello</title></head>"
        "<body><p>Hello</p></body></html>\n");
    return path;
}

/* Validate path: its producer (NULL for none, "?" when the validator
 * could not run), with the package opens and manifest reads it cost. */
static const char *validated(const char *path, unsigned long *opens, unsigned long *reads)
{
    static char producer[32];
    char schemas[512];
    snprintf(schemas, sizeof schemas, "%s/schemas", CCKIT_TEST_SRCDIR);
    cckit_validate_options o;
    cckit_validate_options_default(&o);
    o.schema_dir = schemas;
    cckit_validation *v = NULL;
    cckit_error err;
    cckit_probe_reset();
    cckit_status st = cckit_validate(path, &o, &v, &err);
    *opens = cckit_probe_get(CCKIT_PROBE_SOURCE_OPEN);
    *reads = cckit_probe_get(CCKIT_PROBE_MANIFEST_READ);
    CU_ASSERT_EQUAL_FATAL(st, CCKIT_OK);
    CU_ASSERT_TRUE(v->readable);
    const char *p = v->producer;
    snprintf(producer, sizeof producer, "%s", p ? p : "");
    cckit_validation_free(v);
    return p ? producer : NULL;
}

/* The validation's producer of path is `want` (NULL: none) at the cost
 * of the validation alone, and cckit_producer_of says the same. */
static void check(const char *path, const char *want)
{
    unsigned long opens, reads;
    const char *got = validated(path, &opens, &reads);
    if (want == NULL) {
        CU_ASSERT_PTR_NULL(got);
    } else {
        CU_ASSERT_PTR_NOT_NULL_FATAL(got);
        CU_ASSERT_STRING_EQUAL(got, want);
    }
    CU_ASSERT_EQUAL(opens, 1);
    CU_ASSERT_EQUAL(reads, 1);
    /* the profile's way, a read of its own: the same answer */
    const char *again = "x";
    cckit_error err;
    cckit_probe_reset();
    CU_ASSERT_EQUAL(cckit_producer_of(path, NULL, &again, &err), CCKIT_OK);
    CU_ASSERT_TRUE(cckit_probe_get(CCKIT_PROBE_SOURCE_OPEN) >= 1);
    if (want == NULL) {
        CU_ASSERT_PTR_NULL(again);
    } else {
        CU_ASSERT_PTR_NOT_NULL_FATAL(again);
        CU_ASSERT_STRING_EQUAL(again, want);
    }
}

static void test_none(void)
{
    check(cartridge("none", "", "", ""), NULL);
}

/* Canvas lists its export marker; this export lacks the file. */
static void test_listed_file(void)
{
    check(cartridge("listed", "", "<file href=\"course_settings/canvas_export.txt\"/>", ""),
          "canvas");
}

static void test_entry_name(void)
{
    const char *p = cartridge("entry", "", "", "");
    char sub[600];
    snprintf(sub, sizeof sub, "%s/course_settings", p);
    CU_ASSERT_FATAL(mkdir(sub, 0755) == 0);
    put(sub, "canvas_export.txt", "exported\n");
    check(p, "canvas");
}

static void test_manifest_comment(void)
{
    check(cartridge("comment", "<!-- This cartridge was exported by Moodle 4.1 -->", "", ""),
          "moodle");
}

/* A cartridge in dir/NAME whose only sign is a namespace a descriptor
 * declares. */
static const char *descriptor_signed(const char *name)
{
    const char *p = cartridge(name, "", "",
        "    <resource identifier=\"r2\" type=\"imswl_xmlv1p1\"><file href=\"link.xml\"/></resource>");
    put(p, "link.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<webLink xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1\""
        " xmlns:canvas=\"http://canvas.instructure.com/xsd/cccv1p0\">"
        "<title>Link</title><url href=\"https://example.com/\"/></webLink>\n");
    return p;
}

/* A namespace only a descriptor declares: seen in the validator's one
 * parse of that descriptor. */
static void test_descriptor_ns(void)
{
    check(descriptor_signed("descriptor"), "canvas");
}

/* The same in an archive, whose descriptors are parsed on a thread of
 * their own: what that thread saw counts too (it was lost at the join,
 * and a folder and its zip named different producers). */
static void test_descriptor_ns_archive(void)
{
    const char *folder = descriptor_signed("descriptor-zip");
    char zip[600];
    snprintf(zip, sizeof zip, "%s.imscc", folder);
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_pack(folder, zip, &po, NULL, &err), CCKIT_OK);
    check(zip, "canvas");
}

void register_producer_tests(void)
{
    CU_pSuite s = CU_add_suite("the producer from the validation's reads", suite_init, suite_clean);
    CU_add_test(s, "no sign: no producer", test_none);
    CU_add_test(s, "a file the manifest lists, absent from the package", test_listed_file);
    CU_add_test(s, "an entry's name", test_entry_name);
    CU_add_test(s, "a comment of the manifest", test_manifest_comment);
    CU_add_test(s, "a namespace a descriptor declares", test_descriptor_ns);
    CU_add_test(s, "a namespace a descriptor of an archive declares", test_descriptor_ns_archive);
}
