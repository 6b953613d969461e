/* report_html.c - the verdicts of `cckit validate` as one self-contained
 * HTML page, for people who would rather look than read a log: an overall
 * summary, per cartridge its verdict and counts, then its findings grouped
 * by severity and code (the rule, its clause and its hint once per code),
 * each occurrence with an excerpt of the file around its line.
 *
 * Everything from the cartridge (paths, messages, file text) goes through
 * cckit_html_escape.  Excerpts are read through the source/stream API,
 * each file once, at most EXCERPT_READ_MAX bytes of it.  The filters need
 * the page's one small script; without it every finding stays visible. */
#include "config.h"
#include "validate/validate.h"
#include "report/html_page.h"
#include "report/report_html.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXCERPT_READ_MAX (2u << 20)  /* bytes read of one file, at most */
#define EXCERPT_CONTEXT 2            /* lines shown before and after */
#define EXCERPT_LINE_MAX 200         /* bytes shown of one line */

static const cckit_severity sev_order[] = { CCKIT_SEV_ERROR, CCKIT_SEV_WARNING, CCKIT_SEV_INFO };
static const char *const sev_plural[] = { "Notes", "Warnings", "Errors" };

/* ---- excerpts --------------------------------------------------------- */

typedef struct excerpt {
    unsigned first;      /* line number of the first line in text */
    char *text;          /* raw lines, '\n'-separated, each capped */
} excerpt;

static int cmp_file_line(const void *a, const void *b)
{
    const cckit_diag *x = *(const cckit_diag *const *)a, *y = *(const cckit_diag *const *)b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Up to EXCERPT_READ_MAX bytes of file; *len its length.  NULL when it
 * cannot be read (the page then shows no excerpt, never fails for it). */
static char *read_capped(cckit_source *src, const char *bare, const char *file, size_t *len)
{
    char *buf = malloc(EXCERPT_READ_MAX);
    size_t n = 0;
    if (!buf)
        return NULL;
    if (bare) {
        /* A bare imsmanifest.xml: only the manifest has lines. */
        FILE *f = strcmp(file, "imsmanifest.xml") == 0 ? fopen(bare, "rb") : NULL;
        if (!f)
            goto fail;
        n = fread(buf, 1, EXCERPT_READ_MAX, f);
        fclose(f);
    } else {
        const cckit_entry *e = src ? cckit_source_find(src, file) : NULL;
        cckit_stream *s = NULL;
        cckit_error err;
        if (!e || e->is_dir || cckit_stream_open(src, e, &s, &err) != CCKIT_OK)
            goto fail;
        long got;
        while (n < EXCERPT_READ_MAX && (got = cckit_stream_read(s, buf + n, EXCERPT_READ_MAX - n, &err)) > 0)
            n += (size_t)got;
        cckit_stream_close(s);
    }
    *len = n;
    return buf;
fail:
    free(buf);
    return NULL;
}

static void cut_excerpt(const char *buf, size_t len, unsigned line, excerpt *x)
{
    unsigned first = line > EXCERPT_CONTEXT ? line - EXCERPT_CONTEXT : 1;
    unsigned last = line + EXCERPT_CONTEXT, ln = 1;
    size_t i = 0;
    cckit_strbuf sb;
    cckit_strbuf_init(&sb);
    while (i < len && ln < first) {
        const char *nl = memchr(buf + i, '\n', len - i);
        if (!nl)
            return;          /* the file (or what we read) is shorter */
        i = (size_t)(nl - buf) + 1;
        ln++;
    }
    if (i >= len)
        return;
    for (; i < len && ln <= last; ln++) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len, n = end - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        cckit_strbuf_add(&sb, buf + i, n > EXCERPT_LINE_MAX ? EXCERPT_LINE_MAX : n);
        if (n > EXCERPT_LINE_MAX)
            cckit_strbuf_adds(&sb, "\xe2\x80\xa6");
        cckit_strbuf_add(&sb, "\n", 1);
        i = end + 1;
    }
    if (ln <= line)
        cckit_strbuf_free(&sb);   /* the line itself was not there */
    else {
        x->first = first;
        x->text = sb.s;
    }
}

/* One excerpt per diagnostic with a file and a line (x[i] for
 * v->diags.v[i]); each file opened and read once. */
static excerpt *make_excerpts(const cckit_validation *v)
{
    excerpt *x = calloc(v->diags.n ? v->diags.n : 1, sizeof *x);
    const cckit_diag **s = malloc((v->diags.n ? v->diags.n : 1) * sizeof *s);
    size_t n = 0;
    if (!x || !s) {
        free(s);
        return x;
    }
    for (size_t i = 0; i < v->diags.n; i++)
        if (v->diags.v[i].file && *v->diags.v[i].file && v->diags.v[i].line)
            s[n++] = &v->diags.v[i];
    if (!n) {
        free(s);
        return x;
    }
    qsort(s, n, sizeof *s, cmp_file_line);
    struct stat st;
    size_t plen = strlen(v->path);
    bool bare = stat(v->path, &st) == 0 && !S_ISDIR(st.st_mode) && plen > 4
                && strcmp(v->path + plen - 4, ".xml") == 0;
    cckit_source *src = NULL;
    cckit_error err;
    if (!bare && v->readable && cckit_source_open(v->path, NULL, NULL, &src, &err) != CCKIT_OK)
        src = NULL;
    for (size_t i = 0; i < n;) {
        size_t j = i, len = 0;
        while (j < n && strcmp(s[j]->file, s[i]->file) == 0)
            j++;
        char *buf = read_capped(src, bare ? v->path : NULL, s[i]->file, &len);
        for (size_t k = i; buf && k < j; k++)
            cut_excerpt(buf, len, s[k]->line, &x[s[k] - v->diags.v]);
        free(buf);
        i = j;
    }
    if (src)
        cckit_source_close(src);
    free(s);
    return x;
}

static void free_excerpts(excerpt *x, size_t n)
{
    for (size_t i = 0; x && i < n; i++)
        free(x[i].text);
    free(x);
}

static void write_excerpt(FILE *out, const cckit_diag *d, const excerpt *x)
{
    fputs("<pre class=\"excerpt\" tabindex=\"0\" aria-label=\"", out);
    cckit_html_escape(out, d->file);
    fprintf(out, " around line %u\">", d->line);
    unsigned ln = x->first;
    for (const char *p = x->text; *p; ln++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        bool hit = ln == d->line;
        fprintf(out, "%s<span class=\"ln\">%5u</span> ", hit ? "<mark>" : "", ln);
        cckit_html_escape_n(out, p, n);
        fputs(hit ? "</mark>\n" : "\n", out);
        p += n + (nl ? 1 : 0);
    }
    fputs("</pre>\n", out);
}

/* ---- grouping --------------------------------------------------------- */

static int cmp_group(const void *a, const void *b)
{
    const cckit_diag *x = *(const cckit_diag *const *)a, *y = *(const cckit_diag *const *)b;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    int c = strcmp(x->code, y->code);
    if (c)
        return c;
    c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Codes of all cartridges, once each, in order (for the code filter). */
typedef struct codeset {
    const char **code;
    size_t *count;
    size_t n, cap;
} codeset;

static void codeset_add(codeset *c, const char *code)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->code[i], code) == 0) {
            c->count[i]++;
            return;
        }
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 32;
        const char **ncode = realloc(c->code, nc * sizeof *ncode);
        if (!ncode)
            return;
        c->code = ncode;
        size_t *ncount = realloc(c->count, nc * sizeof *ncount);
        if (!ncount)
            return;
        c->count = ncount;
        c->cap = nc;
    }
    c->code[c->n] = code;
    c->count[c->n++] = 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- the page --------------------------------------------------------- */

static void plural(FILE *out, size_t n, const char *one, const char *many)
{
    fprintf(out, "%zu %s", n, n == 1 ? one : many);
}

static const char *verdict(const cckit_validation *v, const char **cls)
{
    if (!v->readable) {
        *cls = "error";
        return "unreadable";
    }
    bool ok = cckit_validation_count(v, CCKIT_SEV_ERROR) == 0;
    *cls = ok ? "ok" : "error";
    return ok ? "valid" : "invalid";
}

static void write_summary(FILE *out, cckit_validation *const *vs, size_t n)
{
    size_t valid = 0, tot[3] = {0, 0, 0};
    for (size_t k = 0; k < n; k++) {
        const char *cls;
        valid += strcmp(verdict(vs[k], &cls), "valid") == 0;
        for (int s = 0; s < 3; s++)
            tot[s] += cckit_validation_count(vs[k], (cckit_severity)s);
    }
    fputs("<section aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n<p>", out);
    plural(out, n, "cartridge", "cartridges");
    fputs(": ", out);
    fprintf(out, "<strong class=\"ok\">%zu valid</strong>, <strong class=\"%s\">%zu not valid</strong>; ",
            valid, n - valid ? "error" : "ok", n - valid);
    plural(out, tot[CCKIT_SEV_ERROR], "error", "errors");
    fputs(", ", out);
    plural(out, tot[CCKIT_SEV_WARNING], "warning", "warnings");
    fputs(", ", out);
    plural(out, tot[CCKIT_SEV_INFO], "note", "notes");
    fputs(".</p>\n<table>\n<caption class=\"muted\">Verdict per cartridge</caption>\n<thead><tr>"
          "<th scope=\"col\">Cartridge</th><th scope=\"col\">Version</th><th scope=\"col\">Mode</th>"
          "<th scope=\"col\">Verdict</th><th scope=\"col\" class=\"n\">Errors</th>"
          "<th scope=\"col\" class=\"n\">Warnings</th><th scope=\"col\" class=\"n\">Notes</th>"
          "</tr></thead>\n<tbody>\n", out);
    for (size_t k = 0; k < n; k++) {
        const cckit_validation *v = vs[k];
        const char *cls, *vd = verdict(v, &cls);
        fprintf(out, "<tr><th scope=\"row\"><a href=\"#c%zu\">", k + 1);
        cckit_html_escape(out, v->path);
        fprintf(out, "</a></th><td>%s%s</td><td>%s</td><td><span class=\"badge %s\">%s</span></td>"
                     "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
                v->version ? cckit_cc_version_string(v->version) : "unknown", v->thin ? " thin" : "",
                v->strict ? "strict" : "lenient", cls, vd,
                cckit_validation_count(v, CCKIT_SEV_ERROR), cckit_validation_count(v, CCKIT_SEV_WARNING),
                cckit_validation_count(v, CCKIT_SEV_INFO));
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

static void write_filters(FILE *out, cckit_validation *const *vs, size_t n)
{
    codeset cs = {NULL, NULL, 0, 0};
    size_t tot[3] = {0, 0, 0};
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < vs[k]->diags.n; i++) {
            codeset_add(&cs, vs[k]->diags.v[i].code);
            tot[vs[k]->diags.v[i].severity]++;
        }
    /* Sorted by code with their counts: sort an index of the pairs. */
    const char **sorted = malloc((cs.n ? cs.n : 1) * sizeof *sorted);
    /* hidden until the script shows it: without the script there is no
     * filtering and everything is visible. */
    fputs("<nav id=\"filters\" aria-label=\"Filters\" hidden>\n<form>\n"
          "<fieldset><legend>Show severities</legend>\n", out);
    for (size_t s = 0; s < 3; s++) {
        cckit_severity sv = sev_order[s];
        const char *name = cckit_severity_name(sv);
        fprintf(out, "<label><input type=\"checkbox\" name=\"sev\" value=\"%s\" checked> %s (%zu)</label>\n",
                name, sev_plural[sv], tot[sv]);
    }
    fputs("</fieldset>\n<p><label for=\"code\">Show code</label>\n<select id=\"code\">\n"
          "<option value=\"\">all codes</option>\n", out);
    if (sorted) {
        for (size_t i = 0; i < cs.n; i++)
            sorted[i] = cs.code[i];
        if (cs.n > 1)
            qsort(sorted, cs.n, sizeof *sorted, cmp_str);
        for (size_t i = 0; i < cs.n; i++) {
            size_t cnt = 0;
            for (size_t j = 0; j < cs.n; j++)
                if (cs.code[j] == sorted[i])
                    cnt = cs.count[j];
            fputs("<option value=\"", out);
            cckit_html_escape(out, sorted[i]);
            fputs("\">", out);
            cckit_html_escape(out, sorted[i]);
            fprintf(out, " (%zu)</option>\n", cnt);
        }
    }
    fputs("</select></p>\n<p id=\"shown\" role=\"status\" aria-live=\"polite\"></p>\n</form>\n</nav>\n", out);
    free(sorted);
    free(cs.code);
    free(cs.count);
}

static void write_group_head(FILE *out, const cckit_diag *d, size_t count, size_t k, size_t g)
{
    const cckit_rule *r = cckit_rule_find(d->code);
    const char *sev = cckit_severity_name(d->severity);
    fprintf(out, "<section class=\"group\" id=\"c%zu-g%zu\" data-sev=\"%s\" data-count=\"%zu\" data-code=\"",
            k + 1, g, sev, count);
    cckit_html_escape(out, d->code);
    fprintf(out, "\" aria-labelledby=\"c%zu-g%zu-h\">\n<h4 id=\"c%zu-g%zu-h\"><span class=\"badge %s\">%s</span> <code>",
            k + 1, g, k + 1, g, sev, sev);
    cckit_html_escape(out, d->code);
    fputs("</code> ", out);
    plural(out, count, "occurrence", "occurrences");
    fputs("</h4>\n<p>", out);
    if (d->rule || (r && r->rule)) {
        fputs("Rule <strong>", out);
        cckit_html_escape(out, d->rule ? d->rule : r->rule);
        fputs("</strong>", out);
    } else
        fputs("No numbered profile rule", out);
    if (r && r->clause) {
        fputs(" &middot; specification: ", out);
        cckit_html_escape(out, r->clause);
    }
    fputs("</p>\n", out);
    if (r && r->summary) {
        fputs("<p><strong>Requirement:</strong> ", out);
        cckit_html_escape(out, r->summary);
        fputs("</p>\n", out);
    }
    const char *hint = d->hint ? d->hint : r ? r->hint : NULL;
    if (hint) {
        fputs("<p><strong>How to fix:</strong> ", out);
        cckit_html_escape(out, hint);
        fputs("</p>\n", out);
    }
    fputs("<ol>\n", out);
}

static int write_cartridge(FILE *out, const cckit_validation *v, size_t k)
{
    const char *cls, *vd = verdict(v, &cls);
    fprintf(out, "<section class=\"cart\" id=\"c%zu\" aria-labelledby=\"c%zu-h\">\n<h2 id=\"c%zu-h\">",
            k + 1, k + 1, k + 1);
    cckit_html_escape(out, v->path);
    fprintf(out, "</h2>\n<p><span class=\"badge %s\">%s</span> Common Cartridge %s%s, checked %s: ", cls,
            vd, v->version ? cckit_cc_version_string(v->version) : "of unknown version",
            v->thin ? " (thin)" : "", v->strict ? "strictly" : "leniently");
    plural(out, cckit_validation_count(v, CCKIT_SEV_ERROR), "error", "errors");
    fputs(", ", out);
    plural(out, cckit_validation_count(v, CCKIT_SEV_WARNING), "warning", "warnings");
    fputs(", ", out);
    plural(out, cckit_validation_count(v, CCKIT_SEV_INFO), "note", "notes");
    fprintf(out, "; %zu files checked.</p>\n", v->n_files);
    if (!v->diags.n) {
        fputs("<p>No findings.</p>\n</section>\n", out);
        return 0;
    }
    const cckit_diag **s = malloc(v->diags.n * sizeof *s);
    excerpt *x = make_excerpts(v);
    if (!s || !x) {
        free(s);
        free_excerpts(x, v->diags.n);
        return -1;
    }
    for (size_t i = 0; i < v->diags.n; i++)
        s[i] = &v->diags.v[i];
    qsort(s, v->diags.n, sizeof *s, cmp_group);
    size_t g = 0;
    for (size_t i = 0; i < v->diags.n;) {
        cckit_severity sv = s[i]->severity;
        size_t nsev = 0;
        while (i + nsev < v->diags.n && s[i + nsev]->severity == sv)
            nsev++;
        fprintf(out, "<section class=\"sev\" data-sev=\"%s\" aria-labelledby=\"c%zu-%s\">\n"
                     "<h3 id=\"c%zu-%s\">%s (%zu)</h3>\n",
                cckit_severity_name(sv), k + 1, cckit_severity_name(sv), k + 1,
                cckit_severity_name(sv), sev_plural[sv], nsev);
        for (size_t end = i + nsev; i < end;) {
            size_t j = i;
            while (j < end && strcmp(s[j]->code, s[i]->code) == 0)
                j++;
            write_group_head(out, s[i], j - i, k, ++g);
            for (; i < j; i++) {
                const cckit_diag *d = s[i];
                fputs("<li><code>", out);
                cckit_html_escape(out, d->file && *d->file ? d->file : "(package)");
                if (d->line)
                    fprintf(out, ":%u", d->line);
                fputs("</code> ", out);
                cckit_html_escape(out, d->message ? d->message : "");
                fputs("\n", out);
                const excerpt *e = &x[d - v->diags.v];
                if (e->text)
                    write_excerpt(out, d, e);
                fputs("</li>\n", out);
            }
            fputs("</ol>\n</section>\n", out);
        }
        fputs("</section>\n", out);
    }
    fputs("</section>\n", out);
    free(s);
    free_excerpts(x, v->diags.n);
    return ferror(out) ? -1 : 0;
}

/* Filtering: a group is shown when its severity is ticked and the code
 * chosen is "all" or its own; a severity section without a shown group
 * is hidden too.  No cartridge text is read as markup here. */
static const char filter_script[] =
    "(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;\n"
    "var boxes=f.querySelectorAll('input[name=sev]'),sel=document.getElementById('code'),\n"
    "st=document.getElementById('shown');\n"
    "function apply(){var on={},c=sel.value,n=0,t=0;\n"
    "boxes.forEach(function(b){on[b.value]=b.checked;});\n"
    "document.querySelectorAll('section.group').forEach(function(g){var k=+g.dataset.count;t+=k;\n"
    "var v=on[g.dataset.sev]&&(!c||g.dataset.code===c);g.hidden=!v;if(v)n+=k;});\n"
    "document.querySelectorAll('section.sev').forEach(function(s){\n"
    "s.hidden=!s.querySelector('section.group:not([hidden])');});\n"
    "st.textContent='Showing '+n+' of '+t+' findings.';}\n"
    "f.addEventListener('change',apply);f.addEventListener('submit',function(e){e.preventDefault();});\n"
    "apply();})();\n";

/* The validator could not run on an input (no schemas, no memory): said
 * first and plainly, so that the page is never read as a verdict. */
static void write_failure(FILE *out, const cckit_error *e, const char *path, size_t done)
{
    fputs("<section role=\"alert\" aria-labelledby=\"failed-h\">\n<h2 id=\"failed-h\" "
          "class=\"error\">The validator could not run</h2>\n<p><span class=\"badge error\">"
          "error</span> ", out);
    if (path) {
        fputs("<code>", out);
        cckit_html_escape(out, path);
        fputs("</code>: ", out);
    }
    cckit_html_escape(out, e->message);
    fputs("</p>\n<p>That input and any after it were not checked: this page is no verdict on "
          "them.", out);
    if (done)
        fputs(" The cartridges checked before it are below.", out);
    fputs("</p>\n</section>\n", out);
}

int cckit_report_validation_html(cckit_validation *const *vs, size_t n, const cckit_error *failed,
                                 const char *failed_path, FILE *out)
{
    cckit_html_page p;
    bool ran = !failed || failed->status == CCKIT_OK;
    cckit_html_begin(&p, out, ran ? "cckit validation report"
                     : "cckit validation report: the validator could not run", NULL);
    fputs("<a class=\"skip\" href=\"#main\">Skip to the findings</a>\n<header>\n"
          "<h1>Common Cartridge validation report</h1>\n<p class=\"muted\">Written by cckit ", out);
    cckit_html_escape(out, cckit_version());
    fputs(". Each finding names the rule it breaks and how to fix it.</p>\n</header>\n", out);
    write_filters(out, vs, n);
    fputs("<main id=\"main\" tabindex=\"-1\">\n", out);
    if (!ran)
        write_failure(out, failed, failed_path, n);
    write_summary(out, vs, n);
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++)
        rc = write_cartridge(out, vs[k], k);
    fputs("</main>\n<footer><p class=\"muted\">Rules: <code>cckit rules</code>; the same findings as text: "
          "<code>cckit validate</code>.</p></footer>\n", out);
    if (cckit_html_end(&p, filter_script) != 0)
        rc = -1;
    return rc;
}
