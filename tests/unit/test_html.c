/*
 * test_html.c - table-driven tests of the HTML escaper every HTML page
 * of cckit writes cartridge text through (report/html_page.c).
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "report/html_page.h"

struct escape_case {
    const char *in;
    size_t n;            /* bytes of in; 0: strlen */
    const char *out;
};

static const struct escape_case escape_cases[] = {
    { "plain text", 0, "plain text" },
    { "<script>alert(1)</script>", 0, "&lt;script&gt;alert(1)&lt;/script&gt;" },
    { "a\" onerror=\"x", 0, "a&quot; onerror=&quot;x" },
    { "it's & <b>", 0, "it&#39;s &amp; &lt;b&gt;" },
    { "&lt;", 0, "&amp;lt;" },                          /* no double meaning */
    { "<!-- c -->", 0, "&lt;!-- c --&gt;" },
    { "tab\tand\nnewline", 0, "tab\tand\nnewline" },    /* kept: excerpts */
    { "nul\0after", 9, "nul\xef\xbf\xbd" "after" },     /* control: U+FFFD */
    { "esc\x1b[31m", 0, "esc\xef\xbf\xbd[31m" },
    { "del\x7f", 0, "del\xef\xbf\xbd" },
    { "\xc3\xa9t\xc3\xa9", 0, "\xc3\xa9t\xc3\xa9" },    /* valid UTF-8 kept */
    { "\xe6\x97\xa5\xf0\x9f\x98\x80", 0, "\xe6\x97\xa5\xf0\x9f\x98\x80" },
    { "bad\xff", 0, "bad\xef\xbf\xbd" },                /* invalid byte */
    { "\xc0\xbc", 0, "\xef\xbf\xbd\xef\xbf\xbd" },      /* overlong '<' */
    { "\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
    { "cut\xe6\x97", 0, "cut\xef\xbf\xbd\xef\xbf\xbd" }, /* truncated sequence */
    { "\xe6<", 0, "\xef\xbf\xbd&lt;" },                /* '<' not swallowed */
};

static void test_escape(void)
{
    for (size_t i = 0; i < sizeof escape_cases / sizeof escape_cases[0]; i++) {
        const struct escape_case *c = &escape_cases[i];
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        cckit_html_escape_n(f, c->in, c->n ? c->n : strlen(c->in));
        fclose(f);
        if (strcmp(buf, c->out) != 0)
            fprintf(stderr, "\n  case %zu: escape gave '%s', expected '%s'\n", i, buf, c->out);
        CU_ASSERT_STRING_EQUAL(buf, c->out);
        free(buf);
    }
}

void register_html_tests(void)
{
    CU_pSuite s = CU_add_suite("html", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "escaping of cartridge text", test_escape);
}
