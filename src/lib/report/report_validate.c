/* report_validate.c - the verdicts of `cckit validate` in four formats.
 *
 *  text   for people: diagnostics grouped by file (the manifest first,
 *         then by name), sorted by line, "severity code [Rnn] line:
 *         message" and an indented "fix: hint"; then one summary line per
 *         cartridge.  Colour only when the caller asks.
 *  json   the documented contract (README, cckit(1)): { "cartridges": [
 *         { path, version, mode, valid, errors, warnings, diagnostics[],
 *         files[] } ] }.  "line" is null when unknown (never 0), "rule"
 *         null when the code enforces no numbered rule, "version" null when
 *         it could not be detected.
 *  junit  one <testsuite> per cartridge, one <testcase> per checked file
 *         (and per other file with findings); errors are <failure>s,
 *         warnings go to <system-out>.  Written with xmlTextWriter.
 *  sarif  SARIF 2.1.0, one run; rules from the registry.  Locations: for a
 *         folder "FOLDER/member", for an archive "ARCHIVE!/member" (the
 *         jar-URL convention), for a bare manifest the manifest's path.
 *  html   one self-contained page for people (report_html.c). */
#include "config.h"
#include "validate/validate.h"
#include "import/source.h"
#include "report/report_html.h"
#include "report/sarif.h"
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

static bool is_valid(const cckit_validation *v)
{
    return cckit_validation_count(v, CCKIT_SEV_ERROR) == 0;
}

static const char *mode_name(const cckit_validation *v)
{
    return v->strict ? "strict" : "lenient";
}

/* ---- ordering: manifest first, then file name, then line ---------- */

static int file_rank(const char *f)
{
    if (!f || !*f)
        return 0;
    return strcmp(f, "imsmanifest.xml") == 0 ? 1 : 2;
}

static int cmp_diag(const void *a, const void *b)
{
    const cckit_diag *x = *(const cckit_diag *const *)a, *y = *(const cckit_diag *const *)b;
    int rx = file_rank(x->file), ry = file_rank(y->file);
    if (rx != ry)
        return rx - ry;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x < y ? -1 : x > y; /* stable: check order */
}

static const cckit_diag **sorted_diags(const cckit_validation *v)
{
    const cckit_diag **s = malloc((v->diags.n ? v->diags.n : 1) * sizeof *s);
    if (!s)
        return NULL;
    for (size_t i = 0; i < v->diags.n; i++)
        s[i] = &v->diags.v[i];
    if (v->diags.n > 1)
        qsort(s, v->diags.n, sizeof *s, cmp_diag);
    return s;
}

/* ---- counts by code and severity (text groups, summaries) ---------- */

typedef struct tally_row {
    const char *code, *rule, *hint;
    size_t n[3];            /* by cckit_severity */
    bool hinted;            /* text: the hint was printed */
} tally_row;

typedef struct tally {
    tally_row *v;
    size_t n, cap;
    size_t sev[3];
} tally;

static const char *code_of(const cckit_diag *d)
{
    return d->code ? d->code : "";
}

static tally_row *tally_find(tally *t, const char *code)
{
    code = code ? code : "";
    for (size_t i = t->n; i-- > 0;)
        if (t->v[i].code == code || strcmp(t->v[i].code, code) == 0)
            return &t->v[i];
    return NULL;
}

static bool tally_add(tally *t, const cckit_diag *d)
{
    const char *code = code_of(d);
    unsigned s = d->severity <= CCKIT_SEV_ERROR ? (unsigned)d->severity : CCKIT_SEV_ERROR;
    t->sev[s]++;
    tally_row *row = tally_find(t, code);
    if (row) {
        row->n[s]++;
        return true;
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 32;
        tally_row *nv = realloc(t->v, nc * sizeof *nv);
        if (!nv)
            return false;
        t->v = nv;
        t->cap = nc;
    }
    tally_row *r = &t->v[t->n++];
    memset(r, 0, sizeof *r);
    r->code = code;
    r->rule = d->rule;
    r->hint = d->hint;
    r->n[s] = 1;
    return true;
}

static bool tally_diags(tally *t, const cckit_validation *v)
{
    for (size_t i = 0; i < v->diags.n; i++)
        if (!tally_add(t, &v->diags.v[i]))
            return false;
    return true;
}

/* ---- text ---------------------------------------------------------- */

typedef struct colors {
    const char *red, *yellow, *cyan, *bold, *green, *off;
} colors;

static const char *sev_color(const colors *c, cckit_severity s)
{
    return s == CCKIT_SEV_ERROR ? c->red : s == CCKIT_SEV_WARNING ? c->yellow : c->cyan;
}

static void text_where(FILE *out, const cckit_diag *d)
{
    if (d->file && *d->file && d->line)
        fprintf(out, "%s:%u", d->file, d->line);
    else if (d->file && *d->file)
        fputs(d->file, out);
    else
        fputs("(package)", out);
}

/* "error CODE [Rnn]" */
static void text_head(FILE *out, const colors *c, cckit_severity sev, const char *code,
                      const char *rule)
{
    fprintf(out, "  %s%s%s %s", sev_color(c, sev), cckit_severity_name(sev), c->off, code);
    if (rule)
        fprintf(out, " [%s]", rule);
}

/* Errors one by one (the hint after the first of each code); then per
 * code, most frequent first, the warnings (and with verbose the infos):
 * a count, the hint once, and the first occurrence, or with verbose
 * every occurrence. */
static int text_cartridge(const cckit_validation *v, bool verbose, const colors *c, FILE *out)
{
    const cckit_diag **s = sorted_diags(v);
    tally t = { 0 };
    if (!s || !tally_diags(&t, v)) {
        free(s);
        free(t.v);
        return -1;
    }
    size_t shown = 0;
    for (size_t i = 0; i < v->diags.n; i++)
        shown += s[i]->severity > CCKIT_SEV_INFO || verbose;
    if (shown)
        fprintf(out, "%s%s%s\n", c->bold, v->path, c->off);
    for (size_t i = 0; i < v->diags.n; i++) {
        const cckit_diag *d = s[i];
        if (d->severity != CCKIT_SEV_ERROR)
            continue;
        text_head(out, c, d->severity, code_of(d), d->rule);
        fputc(' ', out);
        text_where(out, d);
        fprintf(out, ": %s\n", d->message ? d->message : "");
        tally_row *row = tally_find(&t, code_of(d));
        if (d->hint && row && !row->hinted)
            fprintf(out, "    fix: %s\n", d->hint);
        if (row)
            row->hinted = true;
    }
    for (int sev = CCKIT_SEV_WARNING; sev >= CCKIT_SEV_INFO; sev--) {
        if (sev == CCKIT_SEV_INFO && !verbose)
            break;
        /* rows by count, most frequent first (ties: first found first) */
        for (;;) {
            tally_row *best = NULL;
            for (size_t r = 0; r < t.n; r++)
                if (t.v[r].n[sev] && (!best || t.v[r].n[sev] > best->n[sev]))
                    best = &t.v[r];
            if (!best)
                break;
            size_t cnt = best->n[sev];
            best->n[sev] = 0;
            text_head(out, c, (cckit_severity)sev, best->code, best->rule);
            const cckit_diag *firstd = NULL;
            for (size_t i = 0; i < v->diags.n && !firstd; i++)
                if ((int)s[i]->severity == sev && strcmp(code_of(s[i]), best->code) == 0)
                    firstd = s[i];
            if (verbose || cnt > 1)
                fprintf(out, " (%zu)", cnt);
            if (!verbose && firstd) {
                fputc(' ', out);
                text_where(out, firstd);
                fprintf(out, ": %s", firstd->message ? firstd->message : "");
                if (cnt > 1)
                    fprintf(out, " (and %zu more like it)", cnt - 1);
            }
            fputc('\n', out);
            if (best->hint)
                fprintf(out, "    fix: %s\n", best->hint);
            for (size_t i = 0; verbose && i < v->diags.n; i++) {
                const cckit_diag *d = s[i];
                if ((int)d->severity != sev || strcmp(code_of(d), best->code) != 0)
                    continue;
                fputs("    ", out);
                text_where(out, d);
                fprintf(out, ": %s\n", d->message ? d->message : "");
            }
        }
    }
    free(s);
    size_t ne = t.sev[CCKIT_SEV_ERROR], nw = t.sev[CCKIT_SEV_WARNING], ni = t.sev[CCKIT_SEV_INFO];
    free(t.v);
    const char *ver = v->version ? cckit_cc_version_string(v->version) : "unknown version";
    fprintf(out, "%s: %s%s%s (CC %s%s, %s): %zu error%s, %zu warning%s", v->path,
            ne ? c->red : c->green, ne ? "INVALID" : "valid", c->off, ver, v->thin ? " thin" : "",
            mode_name(v), ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
    if (ni)
        fprintf(out, ", %zu info%s%s", ni, ni == 1 ? "" : "s", verbose ? "" : " (not shown)");
    if (v->tuned_out)
        fprintf(out, "; %zu left out by tuning", v->tuned_out);
    fputc('\n', out);
    return 0;
}

/* "38 checked: 27 valid, 11 invalid; most frequent: CODE (N), ..." */
static int text_overall(cckit_validation *const *vs, size_t n, bool verbose, FILE *out)
{
    tally t = { 0 };
    size_t valid = 0;
    for (size_t k = 0; k < n; k++) {
        valid += is_valid(vs[k]);
        if (!tally_diags(&t, vs[k])) {
            free(t.v);
            return -1;
        }
    }
    fprintf(out, "%zu checked: %zu valid, %zu invalid", n, valid, n - valid);
    for (int shown = 0; shown < 3; shown++) {
        tally_row *best = NULL;
        size_t bn = 0;
        for (size_t r = 0; r < t.n; r++) {
            size_t m = t.v[r].n[CCKIT_SEV_ERROR] + t.v[r].n[CCKIT_SEV_WARNING]
                       + (verbose ? t.v[r].n[CCKIT_SEV_INFO] : 0);
            if (m > bn) {
                best = &t.v[r];
                bn = m;
            }
        }
        if (!best)
            break;
        fprintf(out, "%s%s (%zu)", shown ? ", " : "; most frequent: ", best->code, bn);
        memset(best->n, 0, sizeof best->n);
    }
    fputc('\n', out);
    free(t.v);
    return 0;
}

static int write_text(cckit_validation *const *vs, size_t n, const cckit_report_options *o,
                      FILE *out)
{
    bool color = o->color;
    colors c = { color ? "\033[1;31m" : "", color ? "\033[1;33m" : "", color ? "\033[1;36m" : "",
                 color ? "\033[1m" : "", color ? "\033[1;32m" : "", color ? "\033[0m" : "" };
    for (size_t k = 0; k < n; k++)
        if (text_cartridge(vs[k], o->verbose, &c, out) != 0)
            return -1;
    /* Over all inputs, when there are several. */
    if (n > 1 && text_overall(vs, n, o->verbose, out) != 0)
        return -1;
    return ferror(out) ? -1 : 0;
}

/* ---- json ---------------------------------------------------------- */

/* "error": null, or the input the validator could not run on. */
static void json_run_error(cckit_json *j, const cckit_report_options *o)
{
    if (!o->failed || o->failed->status == CCKIT_OK) {
        cckit_json_null(j, "error");
        return;
    }
    cckit_json_begin_object(j, "error");
    cckit_json_string(j, "path", o->failed_path);
    cckit_json_string(j, "status", cckit_status_name(o->failed->status));
    cckit_json_string(j, "message", o->failed->message);
    cckit_json_end_object(j);
}

/* "summary": counts by severity and by code (each code by severity). */
static void json_tally(cckit_json *j, const tally *t)
{
    static const char *const names[3] = { "info", "warning", "error" };
    cckit_json_begin_object(j, "by_severity");
    for (int s = CCKIT_SEV_ERROR; s >= CCKIT_SEV_INFO; s--)
        cckit_json_uint(j, names[s], t->sev[s]);
    cckit_json_end_object(j);
    cckit_json_begin_object(j, "by_code");
    for (size_t r = 0; r < t->n; r++) {
        const tally_row *row = &t->v[r];
        cckit_json_begin_object(j, row->code);
        for (int s = CCKIT_SEV_ERROR; s >= CCKIT_SEV_INFO; s--)
            cckit_json_uint(j, names[s], row->n[s]);
        cckit_json_uint(j, "total", row->n[0] + row->n[1] + row->n[2]);
        cckit_json_end_object(j);
    }
    cckit_json_end_object(j);
}

static int write_json(cckit_validation *const *vs, size_t n, const cckit_report_options *o,
                      FILE *out)
{
    tally all = { 0 };
    size_t valid = 0, tuned_out = 0;
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "tool_version", cckit_version());
    json_run_error(&j, o);
    cckit_json_begin_array(&j, "cartridges");
    for (size_t k = 0; k < n; k++) {
        const cckit_validation *v = vs[k];
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "path", v->path);
        cckit_json_string(&j, "version", v->version ? cckit_cc_version_string(v->version) : NULL);
        cckit_json_bool(&j, "thin", v->thin);
        cckit_json_string(&j, "mode", mode_name(v));
        cckit_json_bool(&j, "readable", v->readable);
        cckit_json_bool(&j, "valid", is_valid(v));
        cckit_json_uint(&j, "errors", cckit_validation_count(v, CCKIT_SEV_ERROR));
        cckit_json_uint(&j, "warnings", cckit_validation_count(v, CCKIT_SEV_WARNING));
        cckit_json_uint(&j, "infos", cckit_validation_count(v, CCKIT_SEV_INFO));
        tally one = { 0 };
        if (!tally_diags(&one, v) || !tally_diags(&all, v)) {
            free(one.v);
            free(all.v);
            return -1;
        }
        valid += is_valid(v);
        tuned_out += v->tuned_out;
        cckit_json_begin_object(&j, "summary");
        json_tally(&j, &one);
        cckit_json_uint(&j, "tuned_out", v->tuned_out);
        cckit_json_end_object(&j);
        free(one.v);
        /* findings counted above without a line of their own in diagnostics */
        cckit_json_uint(&j, "omitted", v->omitted[CCKIT_SEV_ERROR] + v->omitted[CCKIT_SEV_WARNING]
                                           + v->omitted[CCKIT_SEV_INFO]);
        cckit_json_begin_array(&j, "diagnostics");
        for (size_t i = 0; i < v->diags.n; i++)
            cckit_json_diag(&j, &v->diags.v[i], true);
        cckit_json_end_array(&j);
        cckit_json_begin_array(&j, "files");
        for (size_t i = 0; i < v->n_files; i++) {
            const cckit_checked_file *f = &v->files[i];
            cckit_json_begin_object(&j, NULL);
            cckit_json_string(&j, "path", f->path);
            cckit_json_string(&j, "role", f->role);
            cckit_json_string(&j, "schema", f->schema);
            if (f->schema)
                cckit_json_bool(&j, "schema_valid", f->schema_valid);
            else
                cckit_json_null(&j, "schema_valid");
            cckit_json_end_object(&j);
        }
        cckit_json_end_array(&j);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    /* Over every input of the run. */
    cckit_json_begin_object(&j, "summary");
    cckit_json_uint(&j, "checked", n);
    cckit_json_uint(&j, "valid", valid);
    cckit_json_uint(&j, "invalid", n - valid);
    json_tally(&j, &all);
    cckit_json_uint(&j, "tuned_out", tuned_out);
    cckit_json_end_object(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    free(all.v);
    return ferror(out) ? -1 : 0;
}

/* ---- junit --------------------------------------------------------- */

/* Files of a cartridge that get a test case: every checked file, then
 * every other file named by a diagnostic; "" collects package-level ones. */
typedef struct fileset {
    const char **v;
    size_t n, cap;
} fileset;

static void fileset_add(fileset *s, const char *f)
{
    if (!f)
        f = "";
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], f) == 0)
            return;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 32;
        const char **nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return;
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n++] = f;
}

#define XW(call) do { if ((call) < 0) goto fail; } while (0)

static int write_junit(cckit_validation *const *vs, size_t n, const cckit_report_options *o,
                       FILE *out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    fileset fs = {NULL, 0, 0};
    int rc = -1;
    if (!w)
        goto fail;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    XW(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
    XW(xmlTextWriterStartElement(w, BAD_CAST "testsuites"));
    XW(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "cckit validate"));
    for (size_t k = 0; k < n; k++) {
        const cckit_validation *v = vs[k];
        fs.n = 0;
        for (size_t i = 0; i < v->n_files; i++)
            fileset_add(&fs, v->files[i].path);
        for (size_t i = 0; i < v->diags.n; i++)
            fileset_add(&fs, v->diags.v[i].file);
        size_t failures = 0;
        for (size_t f = 0; f < fs.n; f++)
            for (size_t i = 0; i < v->diags.n; i++) {
                const cckit_diag *d = &v->diags.v[i];
                if (d->severity == CCKIT_SEV_ERROR && strcmp(d->file ? d->file : "", fs.v[f]) == 0) {
                    failures++;
                    break;
                }
            }
        XW(xmlTextWriterStartElement(w, BAD_CAST "testsuite"));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST v->path));
        XW(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tests", "%zu", fs.n));
        XW(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failures", "%zu", failures));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "errors", BAD_CAST "0"));
        XW(xmlTextWriterStartElement(w, BAD_CAST "properties"));
        const char *props[][2] = {
            {"version", v->version ? cckit_cc_version_string(v->version) : "unknown"},
            {"mode", mode_name(v)},
            {"valid", is_valid(v) ? "true" : "false"},
        };
        for (size_t p = 0; p < 3; p++) {
            XW(xmlTextWriterStartElement(w, BAD_CAST "property"));
            XW(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST props[p][0]));
            XW(xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST props[p][1]));
            XW(xmlTextWriterEndElement(w));
        }
        XW(xmlTextWriterEndElement(w));
        for (size_t f = 0; f < fs.n; f++) {
            const char *file = fs.v[f];
            XW(xmlTextWriterStartElement(w, BAD_CAST "testcase"));
            XW(xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST v->path));
            XW(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST(*file ? file : "(package)")));
            size_t ne = 0, nw = 0;
            cckit_strbuf errs, warns;
            cckit_strbuf_init(&errs);
            cckit_strbuf_init(&warns);
            for (size_t i = 0; i < v->diags.n; i++) {
                const cckit_diag *d = &v->diags.v[i];
                if (strcmp(d->file ? d->file : "", file) != 0)
                    continue;
                cckit_strbuf *b = d->severity == CCKIT_SEV_ERROR ? &errs : &warns;
                if (d->severity == CCKIT_SEV_ERROR)
                    ne++;
                else
                    nw++;
                cckit_strbuf_printf(b, "%s %s%s%s%s line %u: %s\n", cckit_severity_name(d->severity),
                                    d->code, d->rule ? " [" : "", d->rule ? d->rule : "",
                                    d->rule ? "]" : "", d->line, d->message ? d->message : "");
            }
            int wrc = 0;
            if (ne) {
                wrc |= xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
                wrc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "message", "%zu error%s", ne,
                                                         ne == 1 ? "" : "s") < 0;
                wrc |= xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "error") < 0;
                wrc |= xmlTextWriterWriteString(w, BAD_CAST(errs.s ? errs.s : "")) < 0;
                wrc |= xmlTextWriterEndElement(w) < 0;
            }
            if (nw)
                wrc |= xmlTextWriterWriteElement(w, BAD_CAST "system-out",
                                                 BAD_CAST(warns.s ? warns.s : "")) < 0;
            cckit_strbuf_free(&errs);
            cckit_strbuf_free(&warns);
            if (wrc)
                goto fail;
            XW(xmlTextWriterEndElement(w));
        }
        XW(xmlTextWriterEndElement(w));
    }
    if (o->failed && o->failed->status != CCKIT_OK) {
        /* The validator could not run: a test suite in error. */
        const char *p = o->failed_path ? o->failed_path : "";
        XW(xmlTextWriterStartElement(w, BAD_CAST "testsuite"));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST p));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "tests", BAD_CAST "1"));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "failures", BAD_CAST "0"));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "errors", BAD_CAST "1"));
        XW(xmlTextWriterStartElement(w, BAD_CAST "testcase"));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST p));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "(validator)"));
        XW(xmlTextWriterStartElement(w, BAD_CAST "error"));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST o->failed->message));
        XW(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                       BAD_CAST cckit_status_name(o->failed->status)));
        XW(xmlTextWriterEndElement(w));
        XW(xmlTextWriterEndElement(w));
        XW(xmlTextWriterEndElement(w));
    }
    XW(xmlTextWriterEndElement(w));
    XW(xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w);
    w = NULL;
    fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), out);
    rc = ferror(out) ? -1 : 0;
fail:
    if (w)
        xmlFreeTextWriter(w);
    if (buf)
        xmlBufferFree(buf);
    free(fs.v);
    return rc;
}

/* ---- sarif --------------------------------------------------------- */

static size_t rule_index(const char *code)
{
    for (size_t i = 0;; i++) {
        const cckit_rule *r = cckit_rule_at(i);
        if (!r)
            return (size_t)-1;
        if (strcmp(r->code, code) == 0)
            return i;
    }
}

static int write_sarif(cckit_validation *const *vs, size_t n, const cckit_report_options *o,
                       FILE *out)
{
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    cckit_json_string(&j, "version", "2.1.0");
    cckit_json_begin_array(&j, "runs");
    cckit_json_begin_object(&j, NULL);
    cckit_json_begin_object(&j, "tool");
    cckit_json_begin_object(&j, "driver");
    cckit_json_string(&j, "name", "cckit");
    cckit_json_string(&j, "version", cckit_version());
    cckit_json_string(&j, "semanticVersion", cckit_version());
    cckit_json_begin_array(&j, "rules");
    for (size_t i = 0;; i++) {
        const cckit_rule *r = cckit_rule_at(i);
        if (!r)
            break;
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "id", r->code);
        cckit_json_begin_object(&j, "shortDescription");
        cckit_json_string(&j, "text", r->summary ? r->summary : r->code);
        cckit_json_end_object(&j);
        if (r->hint) {
            cckit_json_begin_object(&j, "help");
            cckit_json_string(&j, "text", r->hint);
            cckit_json_end_object(&j);
        }
        cckit_json_begin_object(&j, "defaultConfiguration");
        cckit_json_string(&j, "level", cckit_sarif_level(r->lenient_severity));
        cckit_json_end_object(&j);
        cckit_json_begin_object(&j, "properties");
        cckit_json_string(&j, "rule", r->rule);
        cckit_json_string(&j, "clause", r->clause);
        cckit_json_string(&j, "strictLevel", cckit_sarif_level(r->strict_severity));
        cckit_json_string(&j, "lenientLevel", cckit_sarif_level(r->lenient_severity));
        cckit_json_end_object(&j);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_end_object(&j);
    cckit_json_begin_array(&j, "results");
    for (size_t k = 0; k < n; k++) {
        const cckit_validation *v = vs[k];
        cckit_sarif_base base = cckit_sarif_base_of(v->path);
        for (size_t i = 0; i < v->diags.n; i++) {
            const cckit_diag *d = &v->diags.v[i];
            cckit_json_begin_object(&j, NULL);
            cckit_json_string(&j, "ruleId", d->code);
            size_t ri = rule_index(d->code);
            if (ri != (size_t)-1)
                cckit_json_uint(&j, "ruleIndex", ri);
            cckit_json_string(&j, "level", cckit_sarif_level(d->severity));
            cckit_json_begin_object(&j, "message");
            cckit_json_string(&j, "text", d->message ? d->message : "");
            cckit_json_end_object(&j);
            cckit_sarif_locations(&j, v->path, base, d->file, d->line);
            cckit_json_begin_object(&j, "properties");
            cckit_json_string(&j, "cartridge", v->path);
            cckit_json_string(&j, "file", d->file);
            cckit_json_string(&j, "rule", d->rule);
            cckit_json_string(&j, "mode", mode_name(v));
            cckit_json_end_object(&j);
            cckit_json_end_object(&j);
        }
    }
    cckit_json_end_array(&j);
    /* Whether the tool ran: a failure is a notification, not a result. */
    bool failed = o->failed && o->failed->status != CCKIT_OK;
    cckit_json_begin_array(&j, "invocations");
    cckit_json_begin_object(&j, NULL);
    cckit_json_bool(&j, "executionSuccessful", !failed);
    if (failed) {
        cckit_json_begin_array(&j, "toolExecutionNotifications");
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "level", "error");
        cckit_json_begin_object(&j, "message");
        cckit_json_string(&j, "text", o->failed->message);
        cckit_json_end_object(&j);
        if (o->failed_path) {
            cckit_json_begin_array(&j, "locations");
            cckit_json_begin_object(&j, NULL);
            cckit_json_begin_object(&j, "physicalLocation");
            cckit_json_begin_object(&j, "artifactLocation");
            cckit_json_string(&j, "uri", o->failed_path);
            cckit_json_end_object(&j);
            cckit_json_end_object(&j);
            cckit_json_end_object(&j);
            cckit_json_end_array(&j);
        }
        cckit_json_end_object(&j);
        cckit_json_end_array(&j);
    }
    cckit_json_end_object(&j);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

void cckit_report_options_default(cckit_report_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = CCKIT_REPORT_TEXT;
    o->verbose = true;
}

int cckit_validation_report_opts(cckit_validation *const *v, size_t n,
                                 const cckit_report_options *o, FILE *out)
{
    switch (o->format) {
    case CCKIT_REPORT_TEXT:
        return write_text(v, n, o, out);
    case CCKIT_REPORT_JSON:
        return write_json(v, n, o, out);
    case CCKIT_REPORT_JUNIT:
        return write_junit(v, n, o, out);
    case CCKIT_REPORT_SARIF:
        return write_sarif(v, n, o, out);
    case CCKIT_REPORT_HTML:
        return cckit_report_validation_html(v, n, o->failed, o->failed_path, out);
    }
    return -1;
}

int cckit_validation_report(cckit_validation *const *v, size_t n, cckit_report_format fmt,
                            bool color, FILE *out)
{
    cckit_report_options o;
    cckit_report_options_default(&o);
    o.format = fmt;
    o.color = color;
    return cckit_validation_report_opts(v, n, &o, out);
}
