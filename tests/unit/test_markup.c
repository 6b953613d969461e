/*
 * test_markup.c - cckit_text_looks_html (dom_util.c): real HTML markup in
 * a mattext or discussion text (R88, R50) versus prose that names a tag.
 */
#include "unit.h"

#include <stdio.h>

#include "validate/validate.h"

struct markup_case {
    const char *text;
    bool markup;
};

static const struct markup_case cases[] = {
    { "<p>Pick <b>one</b>.</p>", true },
    { "<div><img src=\"$IMS-CC-FILEBASE$/a.jpg\" alt=\"a\">", true },
    { "first line<br>second line", true },
    { "first line<br/>second line", true },
    { "<span class=x>x", true },
    { "<P>upper case</p>", true },
    { "When <form> tags are present, the page submits.", false },
    { "Which element starts a table: <table> or <tr>?", false },
    { "a < b and c > d", false },
    { "x<y>z", false },
    { "</p> without an opening tag", false },
    { "<3 and 1 < 2 > 0", false },
    { "plain text", false },
    { "", false },
};

static void test_markup(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = cckit_text_looks_html(cases[i].text);
        if (got != cases[i].markup)
            fprintf(stderr, "\n  looks_html(\"%s\") = %d\n", cases[i].text, got);
        CU_ASSERT_EQUAL(got, cases[i].markup);
    }
}

/* Schema messages that lack the "The value '...'" part (fuzz_validate
 * found one): rephrased without reading a quote that is not there. */
static void test_schema_message_partial(void)
{
    static const char *const raw[] = {
        "Element 'x': [facet 'enumeration'] is not an element of the set {'a', 'b'}.",
        "Element 'x': [facet 'pattern'] does not match.",
        "Element 'x', attribute 'y': [facet 'pattern'] does not match.",
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        char buf[512];
        cckit_schema_message(raw[i], "p", buf, sizeof buf);
        CU_ASSERT(buf[0] != '\0');
    }
}

void register_markup_tests(void)
{
    CU_pSuite s = CU_add_suite("markup", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "markup versus prose about tags", test_markup);
    CU_add_test(s, "schema messages without a quoted value", test_schema_message_partial);
}
