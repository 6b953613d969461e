/* runs_html.c - the summary of batch runs as one self-contained page
 * (`cckit report --format html`): the same facts as the text and JSON
 * forms, each count as a chart with its table (svg_chart.c), the inputs
 * not done and what reading found as tables.  Input paths, reasons and
 * codes come from the runs, that is from whoever wrote them: escaped. */
#include "config.h"
#include "report/runs.h"
#include "report/html_page.h"
#include "report/svg_chart.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BARS 30

/* Verdict words that mean a good, a partial or a bad outcome get the
 * fills that say so on every page; others cycle. */
static unsigned verdict_fill(const char *v)
{
    static const char *const good[] = { "valid", "converted", "imports", "done", "repaired",
                                        "conforms", NULL };
    static const char *const loss[] = { "imports-with-losses", "skipped", NULL };
    static const char *const bad[] = { "invalid", "unreadable", "unsafe", "refused", "fails",
                                       "error", NULL };
    for (size_t i = 0; good[i]; i++)
        if (strcmp(v, good[i]) == 0)
            return CCKIT_FILL_GOOD;
    for (size_t i = 0; loss[i]; i++)
        if (strcmp(v, loss[i]) == 0)
            return CCKIT_FILL_LOSS;
    for (size_t i = 0; bad[i]; i++)
        if (strcmp(v, bad[i]) == 0)
            return CCKIT_FILL_BAD;
    return 0;
}

static void section(FILE *out, const char *id, const char *title)
{
    fprintf(out, "<section aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id);
    cckit_html_escape(out, title);
    fputs("</h2>\n", out);
}

static void tally_chart(FILE *out, const char *id, const char *title, const char *head,
                        const run_tally *t, size_t n, uint64_t total, bool fills,
                        cckit_chart_row *rows)
{
    for (size_t i = 0; i < n; i++)
        rows[i] = (cckit_chart_row){ t[i].name, t[i].count, 0,
                                     fills ? verdict_fill(t[i].name) : 0 };
    section(out, id, title);
    cckit_chart c = { id, title, head, "inputs", NULL, total, MAX_BARS, rows, n };
    cckit_svg_chart(out, &c);
    fputs("</section>\n", out);
}

int cckit_runs_write_html(const cckit_runs *r, const run_stats *s, FILE *out)
{
    size_t most = s->n_codes;
    if (s->n_verdicts > most) most = s->n_verdicts;
    if (s->n_versions > most) most = s->n_versions;
    if (s->n_producers > most) most = s->n_producers;
    if (most < CCKIT_RUNS_SLOWEST + 3) most = CCKIT_RUNS_SLOWEST + 3;
    cckit_chart_row *rows = malloc(most * sizeof *rows);
    if (!rows) {
        free(rows);
        return -1;
    }
    cckit_html_page page;
    cckit_html_begin(&page, out, "cckit report: batch runs", cckit_svg_chart_css);
    fprintf(out, "<a class=\"skip\" href=\"#main\">Skip to the summary</a>\n<header>\n"
            "<h1>Batch runs: %llu input%s</h1>\n<p>Read from:</p>\n<ul>\n",
            (unsigned long long)s->inputs, s->inputs == 1 ? "" : "s");
    for (size_t i = 0; i < r->n_files; i++) {
        const run_file *f = &r->files[i];
        fputs("<li><code>", out);
        cckit_html_escape(out, f->path);
        fprintf(out, "</code> (%s", f->db ? "state database" : "JSON Lines");
        if (f->command) {
            fputs(", ", out);
            cckit_html_escape(out, f->command);
        }
        if (f->shard) {
            fputs(", shard ", out);
            cckit_html_escape(out, f->shard);
        }
        fprintf(out, ", %llu records%s)</li>\n", (unsigned long long)f->records,
                f->has_summary ? "" : ", <strong>no summary line: interrupted</strong>");
    }
    fputs("</ul>\n</header>\n<nav aria-label=\"Sections\"><ul>\n"
          "<li><a href=\"#status-h\">Status</a></li><li><a href=\"#verdicts-h\">Verdicts</a></li>"
          "<li><a href=\"#codes-h\">Codes</a></li><li><a href=\"#versions-h\">CC versions</a></li>"
          "<li><a href=\"#producers-h\">Producers</a></li><li><a href=\"#slowest-h\">Slowest</a>"
          "</li><li><a href=\"#failures-h\">Not done</a></li><li><a href=\"#problems-h\">While "
          "reading</a></li>\n</ul></nav>\n<main id=\"main\">\n", out);

    rows[0] = (cckit_chart_row){ "done", s->done, 0, CCKIT_FILL_GOOD };
    rows[1] = (cckit_chart_row){ "error", s->error, 0, CCKIT_FILL_BAD };
    rows[2] = (cckit_chart_row){ "skipped", s->skipped, 0, CCKIT_FILL_LOSS };
    rows[3] = (cckit_chart_row){ "other", s->other, 0, 0 };
    section(out, "status", "Status");
    fprintf(out, "<p>%.1f seconds of work over all inputs.</p>\n", s->seconds);
    cckit_chart st = { "status", "Inputs by status", "status", "inputs", NULL, s->inputs, 0,
                       rows, s->other ? 4 : 3 };
    cckit_svg_chart(out, &st);
    fputs("</section>\n", out);

    tally_chart(out, "verdicts", "Verdicts", "verdict", s->verdicts, s->n_verdicts, s->inputs,
                true, rows);

    for (size_t i = 0; i < s->n_codes; i++)
        rows[i] = (cckit_chart_row){ s->codes[i].name, s->codes[i].count,
                                     s->codes[i].cartridges, 0 };
    section(out, "codes", "Codes");
    cckit_chart cc = { "codes", "Findings by code, most frequent first", "code", "findings",
                       "cartridges", 0, MAX_BARS, rows, s->n_codes };
    cckit_svg_chart(out, &cc);
    fputs("</section>\n", out);

    tally_chart(out, "versions", "CC versions", "version", s->versions, s->n_versions, s->done,
                false, rows);
    tally_chart(out, "producers", "Producers", "producer", s->producers, s->n_producers,
                s->done, false, rows);

    for (size_t i = 0; i < s->n_slowest; i++) {
        double m = s->slowest[i]->seconds * 1000 + 0.5;
        rows[i] = (cckit_chart_row){ s->slowest[i]->input, (uint64_t)m, 0, 0 };
    }
    section(out, "slowest", "Slowest inputs");
    cckit_chart sl = { "slowest", "The slowest inputs, in milliseconds", "input",
                       "milliseconds", NULL, 0, 0, rows, s->n_slowest };
    cckit_svg_chart(out, &sl);
    fputs("</section>\n", out);

    section(out, "failures", "Not done (error or skipped)");
    if (!s->n_failures)
        fputs("<p>Every input was done.</p>\n", out);
    else
        fputs("<table><thead><tr><th scope=\"col\">input</th><th scope=\"col\">status</th>"
              "<th scope=\"col\">why</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < s->n_failures; i++) {
        const run_record *x = s->failures[i];
        fputs("<tr><td><code>", out);
        cckit_html_escape(out, x->input);
        fprintf(out, "</code></td><td><span class=\"badge %s\">", strcmp(x->status, "error") == 0
                ? "error" : "warning");
        cckit_html_escape(out, x->status);
        fputs("</span></td><td>", out);
        cckit_html_escape(out, x->reason ? x->reason : "(no reason given)");
        fputs("</td></tr>\n", out);
    }
    if (s->n_failures)
        fputs("</tbody></table>\n", out);
    fputs("</section>\n", out);

    section(out, "problems", "While reading the runs");
    if (!r->problems.n)
        fputs("<p>Every line was a record; every run is complete.</p>\n", out);
    else
        fputs("<ul>\n", out);
    for (size_t i = 0; i < r->problems.n; i++) {
        const cckit_diag *d = &r->problems.v[i];
        fprintf(out, "<li><span class=\"badge %s\">%s</span> <code>",
                cckit_severity_name(d->severity), cckit_severity_name(d->severity));
        cckit_html_escape(out, d->file);
        if (d->line)
            fprintf(out, ":%u", d->line);
        fputs("</code> ", out);
        cckit_html_escape(out, d->message);
        fputs(" <code>", out);
        cckit_html_escape(out, d->code);
        fputs("</code>", out);
        if (d->hint) {
            fputs("<br><span class=\"muted\">", out);
            cckit_html_escape(out, d->hint);
            fputs("</span>", out);
        }
        fputs("</li>\n", out);
    }
    if (r->problems.n)
        fputs("</ul>\n", out);
    fputs("</section>\n</main>\n", out);
    free(rows);
    return cckit_html_end(&page, NULL);
}
