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
 *         jar-URL convention), for a bare manifest the manifest's path. */
#include "config.h"
#include "validate/validate.h"
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    qsort(s, v->diags.n, sizeof *s, cmp_diag);
    return s;
}

/* ---- text ---------------------------------------------------------- */

static int write_text(cckit_validation *const *vs, size_t n, bool color, FILE *out)
{
    const char *red = color ? "\033[1;31m" : "", *yellow = color ? "\033[1;33m" : "",
               *cyan = color ? "\033[1;36m" : "", *bold = color ? "\033[1m" : "",
               *green = color ? "\033[1;32m" : "", *off = color ? "\033[0m" : "";
    for (size_t k = 0; k < n; k++) {
        const cckit_validation *v = vs[k];
        const cckit_diag **s = sorted_diags(v);
        if (!s)
            return -1;
        const char *cur = NULL;
        if (v->diags.n)
            fprintf(out, "%s%s%s\n", bold, v->path, off);
        for (size_t i = 0; i < v->diags.n; i++) {
            const cckit_diag *d = s[i];
            const char *file = d->file && *d->file ? d->file : "(package)";
            if (!cur || strcmp(cur, file) != 0) {
                fprintf(out, "  %s\n", file);
                cur = file;
            }
            const char *sc = d->severity == CCKIT_SEV_ERROR ? red
                           : d->severity == CCKIT_SEV_WARNING ? yellow : cyan;
            fprintf(out, "    %s%s%s %s", sc, cckit_severity_name(d->severity), off, d->code);
            if (d->rule)
                fprintf(out, " [%s]", d->rule);
            if (d->line)
                fprintf(out, " %u", d->line);
            fprintf(out, ": %s\n", d->message ? d->message : "");
            if (d->hint)
                fprintf(out, "      fix: %s\n", d->hint);
        }
        free(s);
        size_t ne = cckit_validation_count(v, CCKIT_SEV_ERROR);
        size_t nw = cckit_validation_count(v, CCKIT_SEV_WARNING);
        const char *ver = v->version ? cckit_cc_version_string(v->version) : "unknown version";
        fprintf(out, "%s: %s%s%s (CC %s%s, %s): %zu error%s, %zu warning%s\n", v->path,
                ne ? red : green, ne ? "INVALID" : "valid", off, ver, v->thin ? " thin" : "",
                mode_name(v), ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
    }
    return ferror(out) ? -1 : 0;
}

/* ---- json ---------------------------------------------------------- */

static void json_diag(cckit_json *j, const cckit_diag *d)
{
    cckit_json_begin_object(j, NULL);
    cckit_json_string(j, "severity", cckit_severity_name(d->severity));
    cckit_json_string(j, "code", d->code);
    cckit_json_string(j, "rule", d->rule);
    cckit_json_string(j, "file", d->file);
    if (d->line)
        cckit_json_uint(j, "line", d->line);
    else
        cckit_json_null(j, "line");
    cckit_json_string(j, "message", d->message);
    cckit_json_string(j, "hint", d->hint);
    cckit_json_end_object(j);
}

static int write_json(cckit_validation *const *vs, size_t n, FILE *out)
{
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "tool_version", cckit_version());
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
        /* findings counted above without a line of their own in diagnostics */
        cckit_json_uint(&j, "omitted", v->omitted[CCKIT_SEV_ERROR] + v->omitted[CCKIT_SEV_WARNING]
                                           + v->omitted[CCKIT_SEV_INFO]);
        cckit_json_begin_array(&j, "diagnostics");
        for (size_t i = 0; i < v->diags.n; i++)
            json_diag(&j, &v->diags.v[i]);
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
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
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

static int write_junit(cckit_validation *const *vs, size_t n, FILE *out)
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

static const char *sarif_level(cckit_severity s)
{
    return s == CCKIT_SEV_ERROR ? "error" : s == CCKIT_SEV_WARNING ? "warning" : "note";
}

static void sarif_uri(const cckit_validation *v, const char *file, char *buf, size_t cap)
{
    struct stat st;
    bool is_dir = stat(v->path, &st) == 0 && S_ISDIR(st.st_mode);
    size_t n = strlen(v->path);
    bool bare = !is_dir && n > 4 && strcmp(v->path + n - 4, ".xml") == 0;
    if (!file || !*file || bare)
        snprintf(buf, cap, "%s", v->path);
    else if (is_dir)
        snprintf(buf, cap, "%s%s%s", v->path, v->path[n ? n - 1 : 0] == '/' ? "" : "/", file);
    else
        snprintf(buf, cap, "%s!/%s", v->path, file);
}

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

static int write_sarif(cckit_validation *const *vs, size_t n, FILE *out)
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
        cckit_json_string(&j, "level", sarif_level(r->lenient_severity));
        cckit_json_end_object(&j);
        cckit_json_begin_object(&j, "properties");
        cckit_json_string(&j, "rule", r->rule);
        cckit_json_string(&j, "clause", r->clause);
        cckit_json_string(&j, "strictLevel", sarif_level(r->strict_severity));
        cckit_json_string(&j, "lenientLevel", sarif_level(r->lenient_severity));
        cckit_json_end_object(&j);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_end_object(&j);
    cckit_json_begin_array(&j, "results");
    char uri[8192];
    for (size_t k = 0; k < n; k++) {
        const cckit_validation *v = vs[k];
        for (size_t i = 0; i < v->diags.n; i++) {
            const cckit_diag *d = &v->diags.v[i];
            cckit_json_begin_object(&j, NULL);
            cckit_json_string(&j, "ruleId", d->code);
            size_t ri = rule_index(d->code);
            if (ri != (size_t)-1)
                cckit_json_uint(&j, "ruleIndex", ri);
            cckit_json_string(&j, "level", sarif_level(d->severity));
            cckit_json_begin_object(&j, "message");
            cckit_json_string(&j, "text", d->message ? d->message : "");
            cckit_json_end_object(&j);
            cckit_json_begin_array(&j, "locations");
            cckit_json_begin_object(&j, NULL);
            cckit_json_begin_object(&j, "physicalLocation");
            cckit_json_begin_object(&j, "artifactLocation");
            sarif_uri(v, d->file, uri, sizeof uri);
            cckit_json_string(&j, "uri", uri);
            cckit_json_end_object(&j);
            if (d->line) {
                cckit_json_begin_object(&j, "region");
                cckit_json_uint(&j, "startLine", d->line);
                cckit_json_end_object(&j);
            }
            cckit_json_end_object(&j);
            cckit_json_end_object(&j);
            cckit_json_end_array(&j);
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
    cckit_json_end_object(&j);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

int cckit_validation_report(cckit_validation *const *v, size_t n, cckit_report_format fmt,
                            bool color, FILE *out)
{
    switch (fmt) {
    case CCKIT_REPORT_TEXT:
        return write_text(v, n, color, out);
    case CCKIT_REPORT_JSON:
        return write_json(v, n, out);
    case CCKIT_REPORT_JUNIT:
        return write_junit(v, n, out);
    case CCKIT_REPORT_SARIF:
        return write_sarif(v, n, out);
    }
    return -1;
}
