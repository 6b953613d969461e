/*
 * test_path.c - table-driven tests of the entry name rules (path.c):
 * cckit_path_unsafe_reason, cckit_utf8_valid, cckit_strcasecmp_ascii.
 */
#include "unit.h"

#include <string.h>

#include "base/internal.h"

struct name_case {
    const char *name;
    const char *reason; /* NULL: safe; else a substring of the reason */
};

static const struct name_case name_cases[] = {
    /* safe names, including what real cartridges contain */
    { "imsmanifest.xml", NULL },
    { "a", NULL },
    { "a/b/c.html", NULL },
    { "dir/", NULL },
    { "a/b/", NULL },
    { "web_resources/page 3.html", NULL },
    { "files/#1 [draft] !@#$%^&*().pdf", NULL },
    { "__MACOSX/._page.html", NULL },
    { "a/.hidden", NULL },
    { "a..b", NULL },
    { "..a", NULL },
    { "a..", NULL },
    { "...a/b", NULL },
    { "x.", NULL },
    { "a/b:c.html", NULL },             /* ':' outside the first component */
    { "caf\xc3\xa9.html", NULL },       /* UTF-8 */
    { "\xe6\x97\xa5\xe6\x9c\xac/\xf0\x9f\x98\x80.txt", NULL },
    { "page3.html..", NULL },
    /* empty */
    { "", "empty" },
    /* '..' anywhere, component by component */
    { "..", "'..' component" },
    { "../x", "'..' component" },
    { "../../../../../../tmp/cc_adv_zipslip_dotdot.txt", "'..' component" },
    { "a/../b", "'..' component" },
    { "a/..", "'..' component" },
    { "a/../", "'..' component" },
    { "pages/sub/../../../cc_adv_zipslip_inner.txt", "'..' component" },
    { "page3.html ../../../../tmp/cc_adv_nul.txt", "'..' component" }, /* NUL -> space */
    /* '.' and empty components */
    { ".", "'.' component" },
    { "./a", "'.' component" },
    { "a/./b", "'.' component" },
    { "a/.", "'.' component" },
    { "a//b", "empty component" },
    { "a//", "empty component" },
    { "a/b//", "empty component" },
    /* dots and spaces only */
    { "...", "dots and spaces" },
    { "a/.. /b", "dots and spaces" },
    { "a/ ../b", "dots and spaces" },
    { ". .", "dots and spaces" },
    /* absolute */
    { "/", "absolute" },
    { "/tmp/cc_adv_zipslip_absolute.txt", "absolute" },
    { "//server/share", "absolute" },
    /* backslash (checked before drive letters and '..') */
    { "..\\..\\tmp\\x.txt", "backslash" },
    { "C:\\Windows\\Temp\\x.txt", "backslash" },
    { "\\\\127.0.0.1\\share\\x", "backslash" },
    { "a\\b", "backslash" },
    /* drive letters and ':' in the first component */
    { "C:/Windows/x.txt", "first component" },
    { "C:", "first component" },
    { "c:x.txt", "first component" },
    { "http://127.0.0.1/x", "first component" },
    { "a:b", "first component" },
    /* control characters */
    { "a\x01" "b", "control" },
    { "a\tb", "control" },
    { "a/b\n", "control" },
    { "a\x1f", "control" },
    { "a\x7f", "control" },
    /* not UTF-8 */
    { "caf\x82.html", "UTF-8" },
    { "\xff\xfe", "UTF-8" },
    { "\xc0\xaf", "UTF-8" },          /* overlong '/' */
    { "\xed\xa0\x80", "UTF-8" },      /* surrogate */
};

static void test_unsafe_reason_table(void)
{
    for (size_t i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
        const struct name_case *c = &name_cases[i];
        const char *why = cckit_path_unsafe_reason(c->name, 1024);
        if (!c->reason) {
            if (why)
                fprintf(stderr, "\n  '%s' wrongly unsafe: %s\n", c->name, why);
            CU_ASSERT_PTR_NULL(why);
        } else {
            if (!why || !strstr(why, c->reason))
                fprintf(stderr, "\n  '%s': expected reason with '%s', got %s\n", c->name,
                        c->reason, why ? why : "(safe)");
            CU_ASSERT_PTR_NOT_NULL(why);
            if (why)
                CU_ASSERT_PTR_NOT_NULL(strstr(why, c->reason));
        }
    }
}

static void test_unsafe_reason_length(void)
{
    char name[40];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    CU_ASSERT_PTR_NULL(cckit_path_unsafe_reason(name, 39));
    const char *why = cckit_path_unsafe_reason(name, 38);
    CU_ASSERT_PTR_NOT_NULL(why);
    if (why)
        CU_ASSERT_PTR_NOT_NULL(strstr(why, "path length limit"));
    CU_ASSERT_PTR_NULL(cckit_path_unsafe_reason(name, 0)); /* 0: no length cap */
    CU_ASSERT_PTR_NOT_NULL(cckit_path_unsafe_reason(NULL, 10));
}

struct utf8_case {
    const char *s;
    size_t n;   /* 0: strlen */
    bool valid;
};

static const struct utf8_case utf8_cases[] = {
    { "", 0, true },
    { "plain ascii", 0, true },
    { "caf\xc3\xa9", 0, true },
    { "\xe2\x82\xac", 0, true },          /* U+20AC */
    { "\xef\xbf\xbf", 0, true },          /* U+FFFF */
    { "\xf0\x9f\x98\x80", 0, true },      /* U+1F600 */
    { "\xf4\x8f\xbf\xbf", 0, true },      /* U+10FFFF */
    { "\xf4\x90\x80\x80", 0, false },     /* > U+10FFFF */
    { "\xc0\x80", 0, false },             /* overlong NUL */
    { "\xc1\xbf", 0, false },
    { "\xe0\x80\x80", 0, false },         /* overlong */
    { "\xe0\x9f\xbf", 0, false },         /* overlong */
    { "\xf0\x80\x80\x80", 0, false },     /* overlong */
    { "\xf0\x8f\xbf\xbf", 0, false },     /* overlong */
    { "\xed\xa0\x80", 0, false },         /* U+D800 */
    { "\xed\xbf\xbf", 0, false },         /* U+DFFF */
    { "\xed\x9f\xbf", 0, true },          /* U+D7FF */
    { "\x80", 0, false },                 /* lone continuation */
    { "\xe2\x82", 0, false },             /* truncated */
    { "\xe2\x82\xac", 2, false },         /* truncated by n */
    { "\xc3\x28", 0, false },
    { "\xf5\x80\x80\x80", 0, false },
    { "\xff", 0, false },
    { "a\0b", 3, true },                  /* NUL is ASCII */
};

static void test_utf8_table(void)
{
    for (size_t i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
        const struct utf8_case *c = &utf8_cases[i];
        size_t n = c->n ? c->n : strlen(c->s);
        bool v = cckit_utf8_valid(c->s, n);
        if (v != c->valid)
            fprintf(stderr, "\n  utf8 case %zu: expected %d\n", i, c->valid);
        CU_ASSERT_EQUAL(v, c->valid);
    }
}

static void test_strcasecmp_ascii(void)
{
    CU_ASSERT_EQUAL(cckit_strcasecmp_ascii("Page.HTML", "page.html"), 0);
    CU_ASSERT_EQUAL(cckit_strcasecmp_ascii("", ""), 0);
    CU_ASSERT(cckit_strcasecmp_ascii("a", "B") < 0);
    CU_ASSERT(cckit_strcasecmp_ascii("B", "a") > 0);
    CU_ASSERT(cckit_strcasecmp_ascii("abc", "ABCD") < 0);
    CU_ASSERT(cckit_strcasecmp_ascii("ABCD", "abc") > 0);
    /* only ASCII folds: UTF-8 bytes compare as bytes */
    CU_ASSERT(cckit_strcasecmp_ascii("\xc3\xa9", "\xc3\x89") != 0);
    /* compares the lower-case folded bytes: 'z' (0x7a) > '[' (0x5b) */
    CU_ASSERT(cckit_strcasecmp_ascii("Z", "[") > 0);
}

void register_path_tests(void)
{
    CU_pSuite s = CU_add_suite("path", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "unsafe reasons (table)", test_unsafe_reason_table);
    CU_add_test(s, "name length cap", test_unsafe_reason_length);
    CU_add_test(s, "UTF-8 validation (table)", test_utf8_table);
    CU_add_test(s, "ASCII case-insensitive compare", test_strcasecmp_ascii);
}
