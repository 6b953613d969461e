/*
 * test_runs.c - batch runs read back (report/runs*.c): one record per
 * input with the later one kept, the merge's order and summary, and the
 * chart writer (report/svg_chart.c) escaping labels and keeping every row
 * in its table when only some are drawn.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/runs.h"
#include "report/svg_chart.h"

static char dir[] = "/tmp/cckit-unit-runs.XXXXXX";

static int setup(void)
{
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[4][256];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    return p;
}

#define REC(input, idx, status) \
    "{\"type\":\"cartridge\",\"command\":\"validate\",\"input\":\"" input "\",\"index\":" #idx \
    ",\"status\":\"" status "\",\"verdict\":\"valid\",\"seconds\":0.5,\"codes\":{\"a.b\":2}}\n"

static void test_later_record_wins(void)
{
    const char *a = write_file("a.jsonl", REC("x.imscc", 0, "error") REC("y.imscc", 1, "done"));
    const char *b = write_file("b.jsonl", "\n" REC("x.imscc", 0, "done"));
    cckit_runs *r = cckit_runs_new(false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(cckit_runs_add(r, a, NULL), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_runs_add(r, b, NULL), CCKIT_OK);
    cckit_runs_totals t;
    cckit_runs_totals_get(r, &t);
    CU_ASSERT_EQUAL(t.inputs, 2);
    CU_ASSERT_EQUAL(t.done, 2);
    CU_ASSERT_EQUAL(t.error, 0);
    CU_ASSERT_EQUAL(t.without_summary, 2);
    /* the duplicate is named at its line in the later file */
    const cckit_diags *d = cckit_runs_problems(r);
    size_t dup = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, "report.duplicate-input") == 0) {
            dup++;
            CU_ASSERT_STRING_EQUAL(d->v[i].file, b);
            CU_ASSERT_EQUAL(d->v[i].line, 2);
            CU_ASSERT_PTR_NOT_NULL(d->v[i].hint);
        }
    CU_ASSERT_EQUAL(dup, 1);
    /* codes of the kept record only: x counted once */
    run_stats s;
    CU_ASSERT_TRUE_FATAL(cckit_runs_stats(r, &s));
    CU_ASSERT_EQUAL(s.n_codes, 1);
    CU_ASSERT_EQUAL(s.codes[0].count, 4);
    CU_ASSERT_EQUAL(s.codes[0].cartridges, 2);
    cckit_runs_stats_free(&s);
    cckit_runs_free(r);
}

static void test_merge_order(void)
{
    const char *a = write_file("s1.jsonl", REC("b", 1, "done") REC("a", 2, "done"));
    const char *b = write_file("s2.jsonl", REC("a", 0, "error") REC("c", 3, "skipped"));
    cckit_runs *r = cckit_runs_new(true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(cckit_runs_add(r, a, NULL), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_runs_add(r, b, NULL), CCKIT_OK);
    char out[256];
    snprintf(out, sizeof out, "%s/merged.jsonl", dir);
    CU_ASSERT_EQUAL_FATAL(cckit_runs_merge(r, out, NULL, NULL), CCKIT_OK);
    cckit_runs_free(r);
    FILE *f = fopen(out, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[1024];
    const char *want[] = { "\"input\":\"a\",\"index\":0", "\"input\":\"b\",",
                           "\"input\":\"c\",", "\"type\":\"summary\"" };
    for (size_t i = 0; i < 4; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(fgets(line, sizeof line, f));
        CU_ASSERT_PTR_NOT_NULL(strstr(line, want[i]));
    }
    /* input a once: the later record (status error), and the summary counts it */
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"status\":{\"done\":1,\"error\":1,\"skipped\":1}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"inputs\":3"));
    CU_ASSERT_PTR_NULL(fgets(line, sizeof line, f));
    fclose(f);
}

static void test_chart(void)
{
    cckit_chart_row rows[] = {
        { "<script>x</script>", 9, 0, 0 }, { "b", 3, 0, 0 }, { "c", 0, 0, 0 },
    };
    cckit_chart c = { "t", "A \"title\"", "name", "count", NULL, 12, 2, rows, 3 };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    cckit_svg_chart(f, &c);
    fclose(f);
    CU_ASSERT_PTR_NULL(strstr(buf, "<script>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "&lt;script&gt;x&lt;/script&gt;: 9</title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "A &quot;title&quot;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, ">9 (75.0%)</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td class=\"n\">25.0%</td>"));
    size_t bars = 0, trs = 0;
    for (const char *p = buf; (p = strstr(p, "<g>")); p++)
        bars++;
    for (const char *p = buf; (p = strstr(p, "<tr><td>")); p++)
        trs++;
    CU_ASSERT_EQUAL(bars, 2);   /* max_bars */
    CU_ASSERT_EQUAL(trs, 3);    /* every row in the table */
    free(buf);
}

void register_runs_tests(void)
{
    CU_pSuite s = CU_add_suite("runs", setup, teardown);
    if (!s)
        return;
    CU_add_test(s, "a later record of an input replaces the earlier", test_later_record_wins);
    CU_add_test(s, "the merge: sorted by input, once each, summary recomputed", test_merge_order);
    CU_add_test(s, "charts: labels escaped, every row in the table", test_chart);
}
