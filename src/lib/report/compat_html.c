/* compat_html.c - the verdicts of `cckit compat` as one self-contained
 * page: a matrix of cartridges (rows) by targets (columns), each cell the
 * verdict in words, a symbol and a colour with a pattern (so it reads in
 * black and white), and a link to that cartridge x target ledger further
 * down.  Each ledger is a <details> opened by following the link (the
 * browser reveals a fragment inside a closed <details>; the page's small
 * script does it where a browser does not).  A chart of the verdicts
 * over every cell comes first.  Paths, titles and messages come from the
 * cartridges: all escaped. */
#include "config.h"
#include "compat/compat.h"
#include "report/html_page.h"
#include "report/report_html.h"
#include "report/svg_chart.h"

#include <stdlib.h>
#include <string.h>

static const char css[] =
    "table.matrix th,table.matrix td{text-align:center;vertical-align:middle}"
    "table.matrix th[scope=row]{text-align:left;overflow-wrap:anywhere;max-width:22rem}"
    "table.matrix td a{display:block;padding:.2rem .3rem;color:#1b1b1b;font-weight:700;"
    "text-decoration:underline}"
    ".v-imports{background:#e3f4e8}"
    ".v-imports-with-losses{background-color:#fff1c9;background-image:"
    "radial-gradient(#a77b00 1px,transparent 1.5px);background-size:7px 7px}"
    ".v-fails{background-color:#fde2e4;background-image:repeating-linear-gradient(45deg,"
    "#d99aa2 0 2px,transparent 2px 8px)}"
    "table.matrix td.v-imports-with-losses a,table.matrix td.v-fails a{background:rgba(255,255,255,.85)}"
    ".sym{font-size:1.1em;margin-right:.2rem}"
    "details.ledger{border:1px solid #c8c8c8;margin:.4rem 0;padding:.2rem .6rem}"
    "details.ledger summary{cursor:pointer;font-weight:700}"
    "details.ledger li{margin:.3rem 0}"
    ".matrixwrap{overflow:auto}"
    "@media print{details.ledger{break-inside:avoid-page}}\n";

/* Without the script a browser that does not reveal a fragment inside a
 * closed <details> still shows the verdicts; with it, it opens. */
static const char script[] =
    "function openTarget(){var h=location.hash.slice(1);if(!h)return;"
    "var e=document.getElementById(h);while(e){if(e.tagName==='DETAILS')e.open=true;"
    "e=e.parentElement;}}\n"
    "window.addEventListener('hashchange',openTarget);openTarget();\n";

static const char *symbol(cckit_verdict v)
{
    return v == CCKIT_VERDICT_FAILS ? "\xe2\x9c\x97"             /* ✗ */
         : v == CCKIT_VERDICT_LOSSES ? "\xe2\x96\xb3" : "\xe2\x9c\x93"; /* △ ✓ */
}

static void counts(const cckit_compat_target *t, size_t n[3])
{
    n[0] = n[1] = n[2] = 0;
    for (size_t i = 0; i < t->n_findings; i++)
        n[t->findings[i].severity]++;
}

static void count_words(FILE *out, const size_t n[3])
{
    fprintf(out, "%zu error%s, %zu loss%s, %zu unknown", n[2], n[2] == 1 ? "" : "s", n[1],
            n[1] == 1 ? "" : "es", n[0]);
}

static void matrix(FILE *out, cckit_compat *const *cs, size_t n)
{
    const cckit_compat *first = n ? cs[0] : NULL;
    fputs("<section aria-labelledby=\"matrix-h\">\n<h2 id=\"matrix-h\">Cartridges and targets"
          "</h2>\n<p>Each cell is a verdict: <span class=\"sym\" aria-hidden=\"true\">"
          "\xe2\x9c\x93</span>imports, <span class=\"sym\" aria-hidden=\"true\">\xe2\x96\xb3"
          "</span>imports with losses (dotted), <span class=\"sym\" aria-hidden=\"true\">"
          "\xe2\x9c\x97</span>fails (striped). Follow a cell to its ledger.</p>\n"
          "<div class=\"matrixwrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"matrix-h\">"
          "<table class=\"matrix\">\n<thead><tr><th scope=\"col\">Cartridge</th>", out);
    for (size_t k = 0; first && k < first->n_targets; k++) {
        fputs("<th scope=\"col\">", out);
        cckit_html_escape(out, first->targets[k].name);
        fputs("<br><code>", out);
        cckit_html_escape(out, first->targets[k].target);
        fputs("</code></th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < n; i++) {
        const cckit_compat *c = cs[i];
        fputs("<tr><th scope=\"row\">", out);
        cckit_html_escape(out, c->path);
        fputs("</th>", out);
        for (size_t k = 0; k < c->n_targets; k++) {
            const cckit_compat_target *t = &c->targets[k];
            const char *v = cckit_verdict_name(t->verdict);
            size_t cnt[3];
            counts(t, cnt);
            fprintf(out, "<td class=\"v-%s\"><a href=\"#c%zu-t%zu\" title=\"", v, i, k);
            count_words(out, cnt);
            fprintf(out, "\"><span class=\"sym\" aria-hidden=\"true\">%s</span>%s</a></td>",
                    symbol(t->verdict), v);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n</section>\n", out);
}

static void opt_text(FILE *out, const char *label, const char *s)
{
    if (!s)
        return;
    fprintf(out, "<br><span class=\"muted\">%s:</span> ", label);
    cckit_html_escape(out, s);
}

static void ledger(FILE *out, const cckit_compat *c, size_t i)
{
    fprintf(out, "<section aria-labelledby=\"c%zu-h\">\n<h2 id=\"c%zu-h\">", i, i);
    cckit_html_escape(out, c->path);
    fputs("</h2>\n<p>", out);
    if (c->readable)
        fprintf(out, "CC %s%s", cckit_cc_version_string(c->version), c->thin ? ", thin" : "");
    else
        fputs("Could not be read: it fails every target.", out);
    fputs("</p>\n", out);
    for (size_t k = 0; k < c->n_targets; k++) {
        const cckit_compat_target *t = &c->targets[k];
        size_t cnt[3];
        counts(t, cnt);
        fprintf(out, "<details class=\"ledger\"><summary><span class=\"v-%s\">"
                "<span class=\"sym\" aria-hidden=\"true\">%s</span>",
                cckit_verdict_name(t->verdict), symbol(t->verdict));
        cckit_html_escape(out, t->name);
        fprintf(out, ": %s</span> (", cckit_verdict_name(t->verdict));
        count_words(out, cnt);
        fprintf(out, ")</summary>\n<div id=\"c%zu-t%zu\">\n", i, k);
        if (!t->n_findings)
            fputs("<p>Nothing is lost.</p>\n", out);
        else
            fputs("<ul>\n", out);
        for (int sev = CCKIT_SEV_ERROR; sev >= CCKIT_SEV_INFO; sev--)
            for (size_t f = 0; f < t->n_findings; f++) {
                const cckit_compat_finding *x = &t->findings[f];
                if ((int)x->severity != sev)
                    continue;
                fprintf(out, "<li><span class=\"badge %s\">%s</span> <code>",
                        cckit_severity_name(x->severity),
                        x->severity == CCKIT_SEV_ERROR ? "fails"
                        : x->severity == CCKIT_SEV_WARNING ? "loss" : "unknown");
                cckit_html_escape(out, x->code);
                fputs("</code> ", out);
                if (x->item) {
                    fputs("\xe2\x80\x9c", out);
                    cckit_html_escape(out, x->item);
                    fputs("\xe2\x80\x9d ", out);
                }
                if (x->file) {
                    fputs("<code>", out);
                    cckit_html_escape(out, x->file);
                    if (x->line)
                        fprintf(out, ":%u", x->line);
                    fputs("</code> ", out);
                }
                cckit_html_escape(out, x->message);
                opt_text(out, "resource", x->resource);
                opt_text(out, "source", x->source);
                opt_text(out, "how it is known", x->how);
                opt_text(out, "fix", x->fix);
                fputs("</li>\n", out);
            }
        if (t->n_findings)
            fputs("</ul>\n", out);
        fputs("</div></details>\n", out);
    }
    fputs("</section>\n", out);
}

int cckit_report_compat_html(cckit_compat *const *cs, size_t n, FILE *out)
{
    cckit_html_page page;
    size_t cells[3] = { 0, 0, 0 }, targets = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < cs[i]->n_targets; k++)
            cells[cs[i]->targets[k].verdict]++;
        if (cs[i]->n_targets > targets)
            targets = cs[i]->n_targets;
    }
    char *extra = malloc(strlen(cckit_svg_chart_css) + sizeof css);
    if (!extra)
        return -1;
    strcpy(extra, cckit_svg_chart_css);
    strcat(extra, css);
    cckit_html_begin(&page, out, "cckit compat: will it import?", extra);
    free(extra);
    fprintf(out, "<a class=\"skip\" href=\"#main\">Skip to the matrix</a>\n<header>\n"
            "<h1>Will it import? %zu cartridge%s, %zu target%s</h1>\n"
            "<p class=\"muted\">Verdicts from cckit's import models (doc/import-models.md): "
            "what each LMS is documented to keep, lose or refuse.</p>\n</header>\n"
            "<main id=\"main\">\n", n, n == 1 ? "" : "s", targets, targets == 1 ? "" : "s");
    cckit_chart_row rows[3] = {
        { "imports", cells[CCKIT_VERDICT_IMPORTS], 0, CCKIT_FILL_GOOD },
        { "imports-with-losses", cells[CCKIT_VERDICT_LOSSES], 0, CCKIT_FILL_LOSS },
        { "fails", cells[CCKIT_VERDICT_FAILS], 0, CCKIT_FILL_BAD },
    };
    cckit_chart c = { "verdicts", "Verdicts over every cartridge and target", "verdict",
                      "cells", NULL, cells[0] + cells[1] + cells[2], 0, rows, 3 };
    cckit_svg_chart(out, &c);
    matrix(out, cs, n);
    for (size_t i = 0; i < n; i++)
        ledger(out, cs[i], i);
    fputs("</main>\n", out);
    return cckit_html_end(&page, script);
}
