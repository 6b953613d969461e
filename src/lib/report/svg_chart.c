/* svg_chart.c - horizontal bar charts as inline SVG, with their table
 * (svg_chart.h).  Six colours and six patterns, both cycling with the
 * row, so that neighbouring bars differ in shape as well as in colour;
 * colours are dark enough (3:1 on white) for graphics, and the words
 * carry the meaning anyway. */
#include "config.h"
#include "report/svg_chart.h"
#include "report/html_page.h"

#include <string.h>

#define WIDTH 760
#define LABEL_W 300      /* label column of the SVG */
#define BAR_W 340        /* longest bar */
#define ROW_H 22
#define LABEL_CHARS 40   /* a longer label is cut in the SVG (whole in the table) */

/* 0-5 cycle by row; 6-8 are CCKIT_FILL_GOOD, _LOSS, _BAD less one. */
static const char *const colours[] = { "#1a5fb4", "#b04a00", "#26734d", "#6f3fa0", "#7a6200",
                                       "#3d3d3d", "#26734d", "#8a6100", "#a4000f" };
#define N_CYCLE 6
#define N_FILLS 9

const char cckit_svg_chart_css[] =
    "figure.chart{margin:1rem 0 2rem}figure.chart figcaption{font-weight:700;margin:.3rem 0}"
    "figure.chart .pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}"
    "figure.chart svg{max-width:100%;height:auto;flex:1 1 30rem}"
    "figure.chart svg text{font:11px system-ui,sans-serif;fill:#1b1b1b}"
    "figure.chart .tablewrap{flex:1 1 18rem;max-height:28rem;overflow:auto}"
    "figure.chart table{margin:0;font-size:.9em}"
    "@media print{figure.chart .tablewrap{max-height:none;overflow:visible}"
    "figure.chart{break-inside:avoid-page}}\n";

/* Pattern i of the chart: a colour with white stripes, dots, ... */
static void pattern(FILE *out, const char *id, unsigned i)
{
    const char *c = colours[i % N_FILLS];
    fprintf(out, "<pattern id=\"%s-p%u\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"%s>"
            "<rect width=\"8\" height=\"8\" fill=\"%s\"/>", id, i,
            i == 1 || i == 8 ? " patternTransform=\"rotate(45)\"" : "", c);
    switch (i) {
    case 7: fputs("<circle cx=\"4\" cy=\"4\" r=\"1.7\" fill=\"#fff\"/>", out); break;
    case 8: fputs("<rect width=\"3\" height=\"8\" fill=\"#fff\"/>", out); break;
    case 1: fputs("<rect width=\"3\" height=\"8\" fill=\"#fff\"/>", out); break;
    case 2: fputs("<circle cx=\"4\" cy=\"4\" r=\"1.7\" fill=\"#fff\"/>", out); break;
    case 3: fputs("<path d=\"M0 4H8M4 0V8\" stroke=\"#fff\" stroke-width=\"1.5\"/>", out); break;
    case 4: fputs("<rect y=\"3\" width=\"8\" height=\"2\" fill=\"#fff\"/>", out); break;
    case 5: fputs("<rect x=\"3\" width=\"2\" height=\"8\" fill=\"#fff\"/>", out); break;
    default: break;   /* 0: solid */
    }
    fputs("</pattern>", out);
}

static unsigned fill_of(const cckit_chart *c, size_t i)
{
    unsigned f = c->rows[i].fill;
    return f >= CCKIT_FILL_GOOD && f <= CCKIT_FILL_BAD ? f - 1 : (unsigned)(i % N_CYCLE);
}

/* The label cut at a character boundary for the SVG. */
static void short_label(FILE *out, const char *s)
{
    size_t n = 0, chars = 0;
    while (s[n] && chars < LABEL_CHARS) {
        n++;
        while ((s[n] & 0xc0) == 0x80)
            n++;
        chars++;
    }
    cckit_html_escape_n(out, s, n);
    if (s[n])
        fputs("\xe2\x80\xa6", out);
}

static void share(FILE *out, uint64_t v, uint64_t total)
{
    /* tenths of a percent, integer arithmetic: the same figure everywhere */
    uint64_t t = total ? (v * 1000 + total / 2) / total : 0;
    fprintf(out, "%llu.%llu%%", (unsigned long long)(t / 10), (unsigned long long)(t % 10));
}

void cckit_svg_chart(FILE *out, const cckit_chart *c)
{
    size_t bars = c->max_bars && c->max_bars < c->n ? c->max_bars : c->n;
    uint64_t max = 0;
    for (size_t i = 0; i < bars; i++)
        if (c->rows[i].value > max)
            max = c->rows[i].value;
    fprintf(out, "<figure class=\"chart\" id=\"%s\">\n<figcaption>", c->id);
    cckit_html_escape(out, c->title);
    fputs("</figcaption>\n<div class=\"pair\">\n", out);
    if (bars) {
        unsigned h = (unsigned)bars * ROW_H + 8;
        fprintf(out, "<svg role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %u\" "
                "width=\"%d\" height=\"%u\" xmlns=\"http://www.w3.org/2000/svg\">\n"
                "<title id=\"%s-t\">", c->id, c->id, WIDTH, h, WIDTH, h, c->id);
        cckit_html_escape(out, c->title);
        fprintf(out, "</title>\n<desc id=\"%s-d\">Horizontal bars, one a row; the table beside "
                "gives the same numbers.", c->id);
        if (bars < c->n)
            fprintf(out, " The %zu largest of %zu rows are drawn.", bars, c->n);
        fputs("</desc>\n<defs>", out);
        bool used[N_FILLS] = { false };
        for (size_t i = 0; i < bars; i++)
            used[fill_of(c, i)] = true;
        for (unsigned i = 0; i < N_FILLS; i++)
            if (used[i])
                pattern(out, c->id, i);
        fputs("</defs>\n", out);
        for (size_t i = 0; i < bars; i++) {
            const cckit_chart_row *r = &c->rows[i];
            unsigned y = (unsigned)i * ROW_H + 4;
            unsigned w = max ? (unsigned)((double)r->value / (double)max * BAR_W) : 0;
            if (r->value && w < 2)
                w = 2;   /* a non-zero value stays visible */
            fputs("<g><title>", out);
            cckit_html_escape(out, r->label);
            fprintf(out, ": %llu</title>", (unsigned long long)r->value);
            fprintf(out, "<text x=\"%d\" y=\"%u\" text-anchor=\"end\">", LABEL_W - 6, y + 14);
            short_label(out, r->label);
            fprintf(out, "</text><rect x=\"%d\" y=\"%u\" width=\"%u\" height=\"%d\" "
                    "fill=\"url(#%s-p%u)\" stroke=\"%s\"/>", LABEL_W, y + 2, w, ROW_H - 6, c->id,
                    fill_of(c, i), colours[fill_of(c, i)]);
            fprintf(out, "<text x=\"%u\" y=\"%u\">%llu", LABEL_W + w + 6, y + 14,
                    (unsigned long long)r->value);
            if (c->total) {
                fputs(" (", out);
                share(out, r->value, c->total);
                fputc(')', out);
            }
            fputs("</text></g>\n", out);
        }
        fputs("</svg>\n", out);
    }
    /* scrollable, so focusable: a keyboard reaches every row */
    fprintf(out, "<div class=\"tablewrap\" tabindex=\"0\" role=\"region\" "
            "aria-labelledby=\"%s-c\"><table>\n<caption id=\"%s-c\">", c->id, c->id);
    cckit_html_escape(out, c->title);
    fputs(": the numbers</caption>\n<thead><tr><th scope=\"col\">", out);
    cckit_html_escape(out, c->label_head);
    fputs("</th><th scope=\"col\" class=\"n\">", out);
    cckit_html_escape(out, c->value_head);
    fputs("</th>", out);
    if (c->total)
        fputs("<th scope=\"col\" class=\"n\">share</th>", out);
    if (c->extra_head) {
        fputs("<th scope=\"col\" class=\"n\">", out);
        cckit_html_escape(out, c->extra_head);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < c->n; i++) {
        const cckit_chart_row *r = &c->rows[i];
        fputs("<tr><td>", out);
        cckit_html_escape(out, r->label);
        fprintf(out, "</td><td class=\"n\">%llu</td>", (unsigned long long)r->value);
        if (c->total) {
            fputs("<td class=\"n\">", out);
            share(out, r->value, c->total);
            fputs("</td>", out);
        }
        if (c->extra_head)
            fprintf(out, "<td class=\"n\">%llu</td>", (unsigned long long)r->extra);
        fputs("</tr>\n", out);
    }
    if (!c->n)
        fprintf(out, "<tr><td colspan=\"%d\">none</td></tr>\n",
                2 + (c->total != 0) + (c->extra_head != NULL));
    fputs("</tbody></table></div>\n</div>\n</figure>\n", out);
}
