/*
 * test_pack.c - the export side: reference resolution, href encoding,
 * title prettifying, stable identifiers, and the manifest writer read
 * back by the manifest reader (write -> read -> same tree).
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/export.h"
#include "tree/tree.h"
#include "content/html_charset.h"

struct resolve_case {
    const char *base, *ref;
    int rc;
    const char *out;
};

static const struct resolve_case resolve_cases[] = {
    { "a.html", "img/x.png", 1, "img/x.png" },
    { "d/a.html", "x.png", 1, "d/x.png" },
    { "d/a.html", "../x.png", 1, "x.png" },
    { "d/a.html", "./e/../x.png?v=1#top", 1, "d/x.png" },
    { "d/a.html", "my%20pic.png", 1, "d/my pic.png" },
    { "a.html", "../x.png", -1, NULL },
    /* a bad escape is read as a literal file name, as the validator's
     * link checker reads it (one resolver, cckit_link_resolve) */
    { "a.html", "x%00.png", 1, "x%00.png" },
    { "a.html", "100%.png", 1, "100%.png" },
    { "a.html", "img\\x.png", -1, NULL },
    { "a.html", "\f b.html \f", 1, "b.html" },
    { "d/a.html", " x.png #top", 1, "d/x.png" },
    { "a.html", "http://example.org/x.png", 0, NULL },
    { "a.html", "mailto:a@b", 0, NULL },
    { "a.html", "data:image/png;base64,AA", 0, NULL },
    { "a.html", "//cdn.example.org/x.js", 0, NULL },
    { "a.html", "/abs.png", 0, NULL },
    { "a.html", "#top", 0, NULL },
    { "a.html", "", 0, NULL },
    { "a.html", "sub/", 0, NULL },
    { "a.html", "  b.html  ", 1, "b.html" },
};

static void test_resolve(void)
{
    for (size_t i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0]; i++) {
        const struct resolve_case *c = &resolve_cases[i];
        char *out = NULL;
        int rc = cckit_ref_resolve(c->base, c->ref, &out);
        CU_ASSERT_EQUAL(rc, c->rc);
        if (c->out) {
            CU_ASSERT(out && strcmp(out, c->out) == 0);
        } else {
            CU_ASSERT_PTR_NULL(out);
        }
        free(out);
    }
}

static void test_encode_pretty(void)
{
    char *h = cckit_href_encode("a b/c#d[1]%.html");
    CU_ASSERT_STRING_EQUAL(h, "a%20b/c%23d%5B1%5D%25.html");
    free(h);
    h = cckit_href_encode("x:y/\xc3\xa9.html");
    CU_ASSERT_STRING_EQUAL(h, "x%3Ay/%C3%A9.html");
    free(h);
    char *p = cckit_prettify_name("week_1/intro-to--maps.html");
    CU_ASSERT_STRING_EQUAL(p, "Intro to maps");
    free(p);
    p = cckit_prettify_name("my_course/");
    CU_ASSERT_STRING_EQUAL(p, "My course");
    free(p);
    p = cckit_prettify_name(".hidden");
    CU_ASSERT_STRING_EQUAL(p, ".hidden");
    free(p);
}

static void test_stable_id(void)
{
    char a[48], b[48], c[48];
    cckit_stable_id(a, sizeof a, "r", "res", "a.html");
    cckit_stable_id(b, sizeof b, "r", "res", "a.html");
    cckit_stable_id(c, sizeof c, "r", "item", "a.html");
    CU_ASSERT_STRING_EQUAL(a, b);
    CU_ASSERT(strcmp(a, c) != 0);
    CU_ASSERT_EQUAL(strlen(a), 33);
    /* the documented value: a change would change every generated id */
    cckit_hash128 h;
    char hex[33];
    cckit_hash128_init(&h);
    CU_ASSERT_EQUAL(h.a, 14695981039346656037ULL);
    cckit_hash128_add(&h, "a", 1);
    CU_ASSERT_EQUAL(h.a, 0xaf63dc4c8601ec8cULL);   /* FNV-1a 64 of "a" */
    cckit_hash128_hex(&h, hex);
    CU_ASSERT_EQUAL(strlen(hex), 32);
    /* neighbours differ in their first digits too (finaliser) */
    char x[48], y[48];
    cckit_stable_id(x, sizeof x, "r", "res", "outline:10");
    cckit_stable_id(y, sizeof y, "r", "res", "outline:11");
    CU_ASSERT(strncmp(x, y, 4) != 0);
}

/* Build a small tree, write it, read it back. */
static void test_write_read(void)
{
    cckit_manifest *m = cckit_tree_new("imsmanifest.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    m->identifier = "m1";
    m->metadata.title = "Caf\xc3\xa9 & <maps>";
    m->metadata.language = "en";
    m->metadata.description = "About maps";
    m->metadata.rights = "CC BY 4.0";
    CU_ASSERT(cckit_tree_add_keyword(m, "maps"));
    cckit_organization org;
    memset(&org, 0, sizeof org);
    org.identifier = "o1";
    m->organization = &org;
    cckit_item *root = cckit_tree_add_item(m, &org, NULL);
    root->identifier = "i_root";
    cckit_item *f = cckit_tree_add_item(m, &org, root);
    f->identifier = "i_f";
    f->title = "Folder";
    cckit_item *it = cckit_tree_add_item(m, &org, f);
    it->identifier = "i_p";
    it->title = "Page";
    it->identifierref = "r_p";
    cckit_resource *r = cckit_tree_add_resource(m);
    r->identifier = "r_p";
    r->kind = CCKIT_KIND_WEBCONTENT;
    r->href = "a%20b.html";
    cckit_tree_add_file(m, r)->href = "a%20b.html";
    cckit_tree_add_dependency(m, r)->identifierref = "r_s";
    cckit_resource *s = cckit_tree_add_resource(m);
    s->identifier = "r_s";
    s->kind = CCKIT_KIND_WEBCONTENT;
    cckit_tree_add_file(m, s)->href = "style.css";

    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cckit_error err;
    CU_ASSERT_EQUAL(cckit_manifest_write(m, CCKIT_CC_1_1, false, out, &err), CCKIT_OK);
    fclose(out);
    /* an assignment does not exist in 1.1 */
    r->kind = CCKIT_KIND_ASSIGNMENT;
    FILE *null = fopen("/dev/null", "w");
    CU_ASSERT_EQUAL(cckit_manifest_write(m, CCKIT_CC_1_1, false, null, &err), CCKIT_E_USAGE);
    fclose(null);
    r->kind = CCKIT_KIND_WEBCONTENT;
    char *buf2 = NULL;
    size_t len2 = 0;
    out = open_memstream(&buf2, &len2);
    CU_ASSERT_EQUAL(cckit_manifest_write(m, CCKIT_CC_1_1, false, out, &err), CCKIT_OK);
    fclose(out);
    m->organization = NULL;   /* org lives on the stack */
    cckit_manifest_free(m);

    char path[] = "/tmp/cckit-unit-mw-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *f2 = fdopen(fd, "w");
    fwrite(buf2, 1, len2, f2);
    fclose(f2);
    cckit_manifest *back = NULL;
    CU_ASSERT_EQUAL_FATAL(cckit_manifest_parse_file(path, NULL, &back, &err), CCKIT_OK);
    unlink(path);
    CU_ASSERT_EQUAL(back->version, CCKIT_CC_1_1);
    CU_ASSERT_STRING_EQUAL(back->metadata.title, "Caf\xc3\xa9 & <maps>");
    CU_ASSERT_STRING_EQUAL(back->metadata.language, "en");
    CU_ASSERT_STRING_EQUAL(back->metadata.description, "About maps");
    CU_ASSERT_STRING_EQUAL(back->metadata.rights, "CC BY 4.0");
    CU_ASSERT_EQUAL(back->metadata.n_keywords, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->organization);
    const cckit_item *broot = back->organization->first_item;
    CU_ASSERT_STRING_EQUAL(broot->identifier, "i_root");
    CU_ASSERT_PTR_NULL(broot->title);
    CU_ASSERT_STRING_EQUAL(broot->first_child->title, "Folder");
    CU_ASSERT_STRING_EQUAL(broot->first_child->first_child->identifierref, "r_p");
    CU_ASSERT_EQUAL(back->n_resources, 2);
    CU_ASSERT_STRING_EQUAL(back->resources[0]->type, "webcontent");
    CU_ASSERT_STRING_EQUAL(back->resources[0]->href, "a%20b.html");
    CU_ASSERT_EQUAL(back->resources[0]->n_deps, 1);
    CU_ASSERT_PTR_EQUAL(back->resources[0]->deps[0].resource, back->resources[1]);
    CU_ASSERT_EQUAL(back->diags.n, 0);
    cckit_manifest_free(back);
    CU_ASSERT(len2 == len && memcmp(buf, buf2, len) == 0);   /* deterministic */
    /* the 1.1 manifest LOM types copyrightAndOtherRestrictions as a bare
     * yes/no <value>: no <source> may be written */
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<lomimscc:copyrightAndOtherRestrictions>"));
    CU_ASSERT_PTR_NULL(strstr(buf, "<lomimscc:source>"));
    free(buf);
    free(buf2);
}

/* HTML5's prescan: a BOM, then a declaration in the first 1024 bytes. */
static void test_html_prescan(void)
{
#define PRE(s) cckit_html_prescan(s, sizeof s - 1)
    CU_ASSERT_EQUAL(PRE("\xef\xbb\xbf<p>"), CCKIT_HTML_UTF8);
    CU_ASSERT_EQUAL(PRE("\xff\xfe<\0p\0"), CCKIT_HTML_UTF16LE);
    CU_ASSERT_EQUAL(PRE("\xfe\xff\0<\0p"), CCKIT_HTML_UTF16BE);
    CU_ASSERT_EQUAL(PRE("<html><head><META Charset=utf-8>"), CCKIT_HTML_DECLARED);
    CU_ASSERT_EQUAL(PRE("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                        "charset=iso-8859-1\">"), CCKIT_HTML_DECLARED);
    CU_ASSERT_EQUAL(PRE("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html>"),
                    CCKIT_HTML_UTF8);      /* HTML5: the bytes decide */
    CU_ASSERT_EQUAL(PRE("<html><head><meta name=\"viewport\"><title>charset</title>"),
                    CCKIT_HTML_UTF8);
    CU_ASSERT_EQUAL(PRE("<?xml version=\"1.0\"?><html>"), CCKIT_HTML_UTF8);
#undef PRE
    /* a declaration after the first 1024 bytes does not count */
    char late[1200];
    memset(late, ' ', sizeof late);
    memcpy(late + 1100, "<meta charset=latin1>", 21);
    CU_ASSERT_EQUAL(cckit_html_prescan(late, sizeof late), CCKIT_HTML_UTF8);
    memcpy(late + 900, "<meta charset=latin1>", 21);
    CU_ASSERT_EQUAL(cckit_html_prescan(late, sizeof late), CCKIT_HTML_DECLARED);
}

/* NFC: decomposed accents compose; composed text, ASCII and invalid
 * input are handled. */
static void test_nfc(void)
{
    char *a = cckit_utf8_nfc("cafe\xcc\x81.png");   /* e + U+0301 */
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_STRING_EQUAL(a, "caf\xc3\xa9.png");
    free(a);
    a = cckit_utf8_nfc("caf\xc3\xa9.png");
    CU_ASSERT_STRING_EQUAL(a, "caf\xc3\xa9.png");
    free(a);
    a = cckit_utf8_nfc("plain/ascii.txt");
    CU_ASSERT_STRING_EQUAL(a, "plain/ascii.txt");
    free(a);
    CU_ASSERT_PTR_NULL(cckit_utf8_nfc("caf\xe9"));       /* not UTF-8 */
}

/* The default leaves the version to the outline's cc: (then 1.3). */
static void test_options_default(void)
{
    cckit_pack_options o;
    memset(&o, 0xff, sizeof o);
    cckit_pack_options_default(&o);
    CU_ASSERT_EQUAL(o.version, CCKIT_CC_UNKNOWN);
    CU_ASSERT_FALSE(o.thin);
    CU_ASSERT_PTR_NULL(o.outline);
}

void register_pack_tests(void)
{
    CU_pSuite s = CU_add_suite("pack", NULL, NULL);
    CU_add_test(s, "reference resolution", test_resolve);
    CU_add_test(s, "href encoding and titles", test_encode_pretty);
    CU_add_test(s, "stable identifiers", test_stable_id);
    CU_add_test(s, "manifest writer round trip", test_write_read);
    CU_add_test(s, "options default to the outline's version", test_options_default);
    CU_add_test(s, "HTML encoding prescan", test_html_prescan);
    CU_add_test(s, "Unicode NFC of names", test_nfc);
}
