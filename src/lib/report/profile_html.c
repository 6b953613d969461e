/* profile_html.c - a characterization as one self-contained page
 * (`cckit profile --format html`): per group of features a bar chart of
 * how many cartridges have each (resource kinds, how often each field is
 * populated, enumerated tokens, ...) and per numeric fact a histogram
 * (sizes, path lengths, organization depth), each with its table.  The
 * profile holds no content of the cartridges (profile.h), so neither
 * does the page: keys are specification tokens, names and numbers, and
 * they are escaped all the same. */
#include "config.h"
#include "profile/profile.h"
#include "report/html_page.h"
#include "report/svg_chart.h"
#include "report/report_file.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BARS 30   /* bars of one chart; its table lists every row */

static const struct {
    const char *title, *head;
} groups[CCKIT_PG_COUNT] = {
    [CCKIT_PG_VERSION] = { "CC versions", "version" },
    [CCKIT_PG_FLAVOUR] = { "Flavours (full or thin)", "flavour" },
    [CCKIT_PG_KIND] = { "Resource kinds", "kind" },
    [CCKIT_PG_TYPE] = { "Resource type strings", "type" },
    [CCKIT_PG_FIELD] = { "Optional fields: how many cartridges populate each", "field" },
    [CCKIT_PG_TOKEN] = { "Enumerated tokens", "field=token" },
    [CCKIT_PG_NAMESPACE] = { "Namespaces declared", "namespace" },
    [CCKIT_PG_EXTENSION] = { "Extension elements", "namespace and element" },
    [CCKIT_PG_LINK] = { "Link forms", "form" },
    [CCKIT_PG_PRODUCER] = { "Producers", "producer" },
    [CCKIT_PG_PACKAGE] = { "Package facts", "fact" },
};

static const struct {
    const char *title, *head;
} facts[CCKIT_PF_COUNT] = {
    [CCKIT_PF_ARCHIVE_SIZE] = { "Archive size", "bytes" },
    [CCKIT_PF_ENTRIES] = { "Entries in the package", "entries" },
    [CCKIT_PF_LONGEST_PATH] = { "Longest path", "characters" },
    [CCKIT_PF_LONGEST_NAME] = { "Longest file name", "characters" },
    [CCKIT_PF_ORG_DEPTH] = { "Organization depth", "levels" },
    [CCKIT_PF_ITEMS] = { "Items in the organization", "items" },
    [CCKIT_PF_RESOURCES] = { "Resources", "resources" },
    [CCKIT_PF_LARGEST_FILE] = { "Largest file", "bytes" },
};

static int cmp_rows(const void *a, const void *b)
{
    const cckit_chart_row *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    return strcmp(x->label, y->label);
}

static void group_chart(FILE *out, const cckit_profile *p, cckit_pgroup g,
                        const cckit_pfeature *const *v, size_t n, cckit_chart_row *rows)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i]->group == g)
            rows[k++] = (cckit_chart_row){ v[i]->key, v[i]->cartridges, v[i]->count, 0 };
    if (k > 1)
        qsort(rows, k, sizeof *rows, cmp_rows);
    char id[64];
    snprintf(id, sizeof id, "g-%s", cckit_pgroup_name(g));
    fprintf(out, "<section aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id);
    cckit_html_escape(out, groups[g].title);
    fputs("</h2>\n", out);
    cckit_chart c = { id, groups[g].title, groups[g].head, "cartridges", "occurrences",
                      p->cartridges, MAX_BARS, rows, k };
    cckit_svg_chart(out, &c);
    fputs("</section>\n", out);
}

/* Buckets from the first to the last that holds a cartridge, empty ones
 * between included: the shape of the distribution. */
static void fact_chart(FILE *out, const cckit_profile *p, cckit_pfact f)
{
    const cckit_prange *r = &p->ranges[f];
    char labels[CCKIT_PROFILE_BUCKETS][48];
    cckit_chart_row rows[CCKIT_PROFILE_BUCKETS];
    unsigned lo = CCKIT_PROFILE_BUCKETS, hi = 0;
    size_t k = 0;
    for (unsigned b = 0; b < CCKIT_PROFILE_BUCKETS; b++)
        if (r->hist[b]) {
            if (lo == CCKIT_PROFILE_BUCKETS)
                lo = b;
            hi = b;
        }
    for (unsigned b = lo; b <= hi && lo < CCKIT_PROFILE_BUCKETS; b++) {
        unsigned long long a = cckit_profile_bucket_low(b), z = cckit_profile_bucket_high(b);
        if (a == z)
            snprintf(labels[k], sizeof labels[k], "%llu", a);
        else
            snprintf(labels[k], sizeof labels[k], "%llu to %llu", a, z);
        rows[k] = (cckit_chart_row){ labels[k], r->hist[b], 0, 0 };
        k++;
    }
    char id[64], title[128];
    snprintf(id, sizeof id, "f-%s", cckit_pfact_name(f));
    snprintf(title, sizeof title, "%s (%s): cartridges per range", facts[f].title, facts[f].head);
    fprintf(out, "<section aria-labelledby=\"%s-h\">\n<h3 id=\"%s-h\">", id, id);
    cckit_html_escape(out, facts[f].title);
    fprintf(out, "</h3>\n<p>From %llu to %llu %s.</p>\n", (unsigned long long)r->min,
            (unsigned long long)r->max, facts[f].head);
    cckit_chart c = { id, title, facts[f].head, "cartridges", NULL, p->cartridges, 0, rows, k };
    cckit_svg_chart(out, &c);
    fputs("</section>\n", out);
}

int cckit_profile_write_html(const cckit_profile *p, FILE *out)
{
    size_t n;
    const cckit_pfeature **v = cckit_profile_sorted(p, &n);
    cckit_chart_row *rows = malloc((n ? n : 1) * sizeof *rows);
    if (!v || !rows) {
        free(v);
        free(rows);
        return -1;
    }
    cckit_html_page page;
    cckit_html_begin(&page, out, "cckit profile: a characterization", cckit_svg_chart_css);
    fputs("<a class=\"skip\" href=\"#main\">Skip to the charts</a>\n<header>\n"
          "<h1>Characterization of ", out);
    fprintf(out, "%llu cartridge%s</h1>\n", (unsigned long long)p->cartridges,
            p->cartridges == 1 ? "" : "s");
    fputs("<p class=\"muted\">What the cartridges use, counted: specification tokens, field "
          "names, namespaces, sizes. None of their content (titles, text, file names) is in "
          "a profile, nor on this page.", out);
    if (p->unreadable)
        fprintf(out, " %llu input%s could not be read and %s not counted.",
                (unsigned long long)p->unreadable, p->unreadable == 1 ? "" : "s",
                p->unreadable == 1 ? "is" : "are");
    if (p->overflow)
        fprintf(out, " %llu keys did not fit the table and are left out.",
                (unsigned long long)p->overflow);
    fputs("</p>\n</header>\n<nav aria-label=\"Charts\"><ul>\n", out);
    for (int g = 0; g < CCKIT_PG_COUNT; g++) {
        fprintf(out, "<li><a href=\"#g-%s-h\">", cckit_pgroup_name((cckit_pgroup)g));
        cckit_html_escape(out, groups[g].title);
        fputs("</a></li>\n", out);
    }
    fputs("<li><a href=\"#sizes\">Sizes, lengths and depth</a></li>\n</ul></nav>\n"
          "<main id=\"main\">\n", out);
    for (int g = 0; g < CCKIT_PG_COUNT; g++)
        group_chart(out, p, (cckit_pgroup)g, v, n, rows);
    fputs("<section aria-labelledby=\"sizes\">\n<h2 id=\"sizes\">Sizes, lengths and depth</h2>\n",
          out);
    bool any = false;
    for (int f = 0; f < CCKIT_PF_COUNT; f++)
        if (p->ranges[f].seen) {
            fact_chart(out, p, (cckit_pfact)f);
            any = true;
        }
    if (!any)
        fputs("<p>No cartridge was characterized.</p>\n", out);
    fputs("</section>\n</main>\n<footer><p class=\"muted\">Made by cckit profile; the same "
          "facts as its JSON (schemas/json/profile.schema.json).</p></footer>\n", out);
    free(v);
    free(rows);
    return cckit_html_end(&page, NULL);
}

typedef struct profile_job {
    const cckit_profile *p;
    bool html;
} profile_job;

static int write_profile(void *ctx, FILE *f)
{
    const profile_job *j = ctx;
    return j->html ? cckit_profile_write_html(j->p, f) : cckit_profile_write_json(j->p, f);
}

cckit_status cckit_profile_write_file(const cckit_profile *p, bool html, const char *path,
                                      volatile sig_atomic_t *cancel, cckit_error *err)
{
    profile_job j = { p, html };
    return cckit_report_to_file(path, write_profile, &j, cancel, err);
}
