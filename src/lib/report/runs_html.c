/* runs_html.c - the summary of runs as one self-contained page. */
#include "config.h"
#include "report/runs.h"
#include "report/html_page.h"

int cckit_runs_write_html(const cckit_runs *r, const run_stats *s, FILE *out)
{
    cckit_html_page p;
    (void)r;
    (void)s;
    cckit_html_begin(&p, out, "cckit report", NULL);
    return cckit_html_end(&p, NULL);
}
