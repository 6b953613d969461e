/*
 * test_href.c - table-driven tests of href decoding and resolution
 * (href.c): cckit_href_decode, cckit_href_resolve(_ex), dirname.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "validate/validate.h"

struct decode_case {
    const char *in;
    const char *out; /* NULL: refused */
};

static const struct decode_case decode_cases[] = {
    { "", "" },
    { "a.html", "a.html" },
    { "a%20b.html", "a b.html" },
    { "a b.html", "a b.html" },          /* raw space kept */
    { "%41%62%7e", "Ab~" },
    { "%e6%97%a5.txt", "\xe6\x97\xa5.txt" },
    { "%2F", "/" },
    { "100%25", "100%" },
    { "a+b", "a+b" },                    /* '+' is not a space in paths */
    { "%", NULL },
    { "a%2", NULL },
    { "a%zz", NULL },
    { "a%g0", NULL },
    { "%00", NULL },
    { "a%00b", NULL },
    { "50%", NULL },
};

static void test_decode(void)
{
    for (size_t i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
        const struct decode_case *c = &decode_cases[i];
        char *got = cckit_href_decode(c->in);
        if (!c->out) {
            if (got)
                fprintf(stderr, "\n  decode('%s') = '%s', expected refusal\n", c->in, got);
            CU_ASSERT_PTR_NULL(got);
        } else {
            CU_ASSERT_PTR_NOT_NULL_FATAL(got);
            if (strcmp(got, c->out) != 0)
                fprintf(stderr, "\n  decode('%s') = '%s', expected '%s'\n", c->in, got, c->out);
            CU_ASSERT_STRING_EQUAL(got, c->out);
        }
        free(got);
    }
    CU_ASSERT_PTR_NULL(cckit_href_decode(NULL));
}

struct resolve_case {
    const char *base;
    const char *href;
    unsigned flags;
    cckit_href_status st;
    const char *out;
};

static const struct resolve_case resolve_cases[] = {
    /* plain relative paths */
    { "", "a.html", 0, CCKIT_HREF_OK, "a.html" },
    { "", "web/a.html", 0, CCKIT_HREF_OK, "web/a.html" },
    { "web", "a.html", 0, CCKIT_HREF_OK, "web/a.html" },
    { "web/", "a.html", 0, CCKIT_HREF_OK, "web/a.html" },
    { NULL, "a.html", 0, CCKIT_HREF_OK, "a.html" },
    /* percent-decoding, query and fragment */
    { "", "a%20b.html", 0, CCKIT_HREF_OK, "a b.html" },
    { "", "Uploaded%20Media/x%20y.png", 0, CCKIT_HREF_OK, "Uploaded Media/x y.png" },
    { "", "a.html#top", 0, CCKIT_HREF_OK, "a.html" },
    { "", "a.html?x=1#y", 0, CCKIT_HREF_OK, "a.html" },
    { "", "a%23b.html", 0, CCKIT_HREF_OK, "a#b.html" },
    { "", "#top", 0, CCKIT_HREF_EMPTY, NULL },
    { "", "?q", 0, CCKIT_HREF_EMPTY, NULL },
    { "", "", 0, CCKIT_HREF_EMPTY, NULL },
    { "", "a%zz.html", 0, CCKIT_HREF_BAD_ESCAPE, NULL },
    { "", "a%00.html", 0, CCKIT_HREF_BAD_ESCAPE, NULL },
    /* '.' and '..' */
    { "", "./a.html", 0, CCKIT_HREF_OK, "a.html" },
    { "", "a/./b/../c.html", 0, CCKIT_HREF_OK, "a/c.html" },
    { "a/b", "../c.html", 0, CCKIT_HREF_OK, "a/c.html" },
    { "a/b", "../../c.html", 0, CCKIT_HREF_OK, "c.html" },
    { "a/b", "../../../c.html", 0, CCKIT_HREF_ESCAPES, NULL },
    { "", "../x", 0, CCKIT_HREF_ESCAPES, NULL },
    { "", "a/../../x", 0, CCKIT_HREF_ESCAPES, NULL },
    { "", "%2e%2e/x", 0, CCKIT_HREF_ESCAPES, NULL },
    { "", "a%2F..%2F..%2Fetc%2Fpasswd", 0, CCKIT_HREF_ESCAPES, NULL },
    { "", "../../../../../../etc/passwd", 0, CCKIT_HREF_ESCAPES, NULL },
    { "", "a//b.html", 0, CCKIT_HREF_OK, "a/b.html" },
    { "", "dir/", 0, CCKIT_HREF_OK, "dir/" },
    { "", "a/..", 0, CCKIT_HREF_EMPTY, NULL },
    /* refused: absolute, URLs, backslashes */
    { "", "/etc/passwd", 0, CCKIT_HREF_ABSOLUTE, NULL },
    { "web", "/a.html", 0, CCKIT_HREF_ABSOLUTE, NULL },
    { "", "//evil.example/x", 0, CCKIT_HREF_URL, NULL },
    { "", "http://example.com/a.html", 0, CCKIT_HREF_URL, NULL },
    { "", "HTTPS://example.com/", 0, CCKIT_HREF_URL, NULL },
    { "", "file:///etc/passwd", 0, CCKIT_HREF_URL, NULL },
    { "", "mailto:a@b.c", 0, CCKIT_HREF_URL, NULL },
    { "", "data:image/png;base64,AAAA", 0, CCKIT_HREF_URL, NULL },
    { "", "javascript:alert(1)", 0, CCKIT_HREF_URL, NULL },
    { "", "C:/Windows/win.ini", 0, CCKIT_HREF_URL, NULL },
    { "", "a%3Ab.html", 0, CCKIT_HREF_OK, "a:b.html" },
    { "", "a\\b.html", 0, CCKIT_HREF_BACKSLASH, NULL },
    { "", "..\\..\\x", 0, CCKIT_HREF_BACKSLASH, NULL },
    { "", "a%5Cb.html", 0, CCKIT_HREF_BACKSLASH, NULL },
    /* xml:base is resolved first, then the file href against it */
    { "res1/", "page.html", 0, CCKIT_HREF_OK, "res1/page.html" },
    { "res1", "../shared/x.css", 0, CCKIT_HREF_OK, "shared/x.css" },
    /* literal (raw file names, as Canvas writes them) */
    { "", "Folder#1/!@#$%^&*().txt", CCKIT_HREF_LITERAL, CCKIT_HREF_OK, "Folder#1/!@#$%^&*().txt" },
    { "", "Folder#1/!@#$%^&*().txt", 0, CCKIT_HREF_OK, "Folder" },
    { "", "100%.html", CCKIT_HREF_LITERAL, CCKIT_HREF_OK, "100%.html" },
    { "", "../x#y", CCKIT_HREF_LITERAL, CCKIT_HREF_ESCAPES, NULL },
    { "", "/x#y", CCKIT_HREF_LITERAL, CCKIT_HREF_ABSOLUTE, NULL },
    { "", "http://x#y", CCKIT_HREF_LITERAL, CCKIT_HREF_URL, NULL },
};

static void test_resolve(void)
{
    for (size_t i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0]; i++) {
        const struct resolve_case *c = &resolve_cases[i];
        char *got = NULL;
        cckit_href_status st = cckit_href_resolve_ex(c->base, c->href, c->flags, &got);
        if (st != c->st || (c->out && (!got || strcmp(got, c->out) != 0)) || (!c->out && got))
            fprintf(stderr, "\n  resolve('%s', '%s', %u) = %d '%s', expected %d '%s'\n",
                    c->base ? c->base : "(null)", c->href, c->flags, (int)st,
                    got ? got : "(null)", (int)c->st, c->out ? c->out : "(null)");
        CU_ASSERT_EQUAL(st, c->st);
        if (c->out) {
            CU_ASSERT_PTR_NOT_NULL(got);
            if (got)
                CU_ASSERT_STRING_EQUAL(got, c->out);
        } else {
            CU_ASSERT_PTR_NULL(got);
        }
        free(got);
        if (c->flags == 0) {
            char *simple = cckit_href_resolve(c->base, c->href);
            CU_ASSERT((simple == NULL) == (c->out == NULL));
            free(simple);
        }
        CU_ASSERT_PTR_NOT_NULL(cckit_href_status_str(st));
    }
}

static void test_dirname_scheme(void)
{
    char *d = cckit_href_dirname("a/b/c.xml");
    CU_ASSERT_STRING_EQUAL(d, "a/b");
    free(d);
    d = cckit_href_dirname("c.xml");
    CU_ASSERT_STRING_EQUAL(d, "");
    free(d);
    CU_ASSERT_TRUE(cckit_href_has_scheme("http:"));
    CU_ASSERT_TRUE(cckit_href_has_scheme("a+b-c.d:x"));
    CU_ASSERT_FALSE(cckit_href_has_scheme("1http:x"));
    CU_ASSERT_FALSE(cckit_href_has_scheme("a/b:c"));
    CU_ASSERT_FALSE(cckit_href_has_scheme("$IMS-CC-FILEBASE$/x"));
    CU_ASSERT_FALSE(cckit_href_has_scheme(""));
}

static void test_local_file(void)
{
    static const char *const local[] = {"file:///C:/Users/ann/notes.pdf", "FILE://host/x",
                                        "C:\\Users\\ann\\a.doc", "c:/temp/a.png", " D:\\x",
                                        "C%3A/Users/a.png", "\\\\server\\share\\a.pdf"};
    static const char *const not_local[] = {"http://example.org/a", "notes/file.html", "a:b",
                                            "files/C:/x", "/abs/path", "mailto:a@b", "C:",
                                            "profile:x"};
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
        if (!cckit_href_is_local_file(local[i]))
            fprintf(stderr, "\n  is_local_file('%s') = false\n", local[i]);
        CU_ASSERT_TRUE(cckit_href_is_local_file(local[i]));
    }
    for (size_t i = 0; i < sizeof not_local / sizeof not_local[0]; i++) {
        if (cckit_href_is_local_file(not_local[i]))
            fprintf(stderr, "\n  is_local_file('%s') = true\n", not_local[i]);
        CU_ASSERT_FALSE(cckit_href_is_local_file(not_local[i]));
    }
}

/* The path from a folder to a file (fix_links.c rewrites links with
 * it): the expected form, and resolving it from the folder gives the
 * file back. */
static void test_relative(void)
{
    static const struct { const char *from, *to, *want; } c[] = {
        {"", "a.png", "a.png"},
        {"", "img/a.png", "img/a.png"},
        {"quiz", "img/a.png", "../img/a.png"},
        {"quiz", "quiz/a.png", "a.png"},
        {"quiz", "quiz/media/a.png", "media/a.png"},
        {"a/b", "a/c/x.png", "../c/x.png"},
        {"a/b", "x.png", "../../x.png"},
        {"ab", "a/x", "../a/x"},            /* "a" is not the folder "ab" */
        {"a", "ab/x", "../ab/x"},
        {"a/b", "a/b/c/x", "c/x"},
        {"topic", "topic.xml", "../topic.xml"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char *got = cckit_href_relative(c[i].from, c[i].to);
        CU_ASSERT_PTR_NOT_NULL_FATAL(got);
        if (strcmp(got, c[i].want) != 0)
            fprintf(stderr, "\n  relative('%s', '%s') = '%s', not '%s'\n", c[i].from, c[i].to,
                    got, c[i].want);
        CU_ASSERT_STRING_EQUAL(got, c[i].want);
        char *back = cckit_href_resolve(c[i].from, got);
        CU_ASSERT_PTR_NOT_NULL(back);
        if (back)
            CU_ASSERT_STRING_EQUAL(back, c[i].to);
        free(back);
        free(got);
    }
}

void register_href_tests(void)
{
    CU_pSuite s = CU_add_suite("href", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "percent-decoding", test_decode);
    CU_add_test(s, "resolution against a base", test_resolve);
    CU_add_test(s, "dirname and scheme", test_dirname_scheme);
    CU_add_test(s, "links to the author's own files", test_local_file);
    CU_add_test(s, "relative path from a folder", test_relative);
}
