/* report_compat.c - the verdicts of `cckit compat` in three formats.
 *
 *  text   a line per target ("  moodle  fails  (2 errors, 1 loss)"), then
 *         each target's ledger: "severity code: "item" [resource]
 *         file:line: message", an indented source and fix.
 *  json   the documented contract: {tool, tool_version, cartridges:[{path,
 *         version, readable, targets:[{target, name, verdict,
 *         findings:[{severity, code, message, item, resource, file,
 *         line, source, how, fix}]}]}]}; absent values are null.
 *  sarif  SARIF 2.1.0, one run; one result per finding with the target
 *         in its properties; locations by sarif.c, as validate's. */
#include "config.h"
#include "compat/compat.h"
#include "report/sarif.h"
#include "report/report_html.h"
#include <stdlib.h>
#include <string.h>

static void counts(const cckit_compat_target *t, size_t n[3])
{
    n[0] = n[1] = n[2] = 0;
    for (size_t i = 0; i < t->n_findings; i++)
        n[t->findings[i].severity]++;
}

static void text_finding(const cckit_compat_finding *f, bool color, FILE *out)
{
    static const char *col[] = { "\033[36m", "\033[33m", "\033[31m" };
    fprintf(out, "    %s%s%s %s", color ? col[f->severity] : "", cckit_severity_name(f->severity),
            color ? "\033[0m" : "", f->code);
    if (f->item)
        fprintf(out, " \"%s\"", f->item);
    if (f->resource)
        fprintf(out, " [%s]", f->resource);
    if (f->file && f->line)
        fprintf(out, " %s:%u", f->file, f->line);
    else if (f->file)
        fprintf(out, " %s", f->file);
    fprintf(out, ": %s\n", f->message);
    if (f->source)
        fprintf(out, "        source: %s (%s)\n", f->source, f->how ? f->how : "");
    if (f->fix)
        fprintf(out, "        fix: %s\n", f->fix);
}

static int write_text(cckit_compat *const *cs, size_t n, bool color, FILE *out)
{
    for (size_t i = 0; i < n; i++) {
        const cckit_compat *c = cs[i];
        if (c->readable)
            fprintf(out, "%s (CC %s%s)\n", c->path, cckit_cc_version_string(c->version),
                    c->thin ? ", thin" : "");
        else
            fprintf(out, "%s (unreadable)\n", c->path);
        for (size_t k = 0; k < c->n_targets; k++) {
            const cckit_compat_target *t = &c->targets[k];
            size_t cnt[3];
            counts(t, cnt);
            fprintf(out, "  %-18s %-20s (%zu error%s, %zu loss%s, %zu unknown)\n", t->target,
                    cckit_verdict_name(t->verdict), cnt[2], cnt[2] == 1 ? "" : "s", cnt[1],
                    cnt[1] == 1 ? "" : "es", cnt[0]);
        }
        for (size_t k = 0; k < c->n_targets; k++) {
            const cckit_compat_target *t = &c->targets[k];
            if (!t->n_findings)
                continue;
            fprintf(out, "\n  %s (%s): %s\n", t->target, t->name, cckit_verdict_name(t->verdict));
            for (int sev = CCKIT_SEV_ERROR; sev >= CCKIT_SEV_INFO; sev--)
                for (size_t f = 0; f < t->n_findings; f++)
                    if ((int)t->findings[f].severity == sev)
                        text_finding(&t->findings[f], color, out);
        }
        if (i + 1 < n)
            fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

static void str_or_null(cckit_json *j, const char *k, const char *v)
{
    if (v)
        cckit_json_string(j, k, v);
    else
        cckit_json_null(j, k);
}

static int write_json(cckit_compat *const *cs, size_t n, FILE *out)
{
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "tool_version", cckit_version());
    cckit_json_begin_array(&j, "cartridges");
    for (size_t i = 0; i < n; i++) {
        const cckit_compat *c = cs[i];
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "path", c->path);
        if (c->readable && c->version != CCKIT_CC_UNKNOWN)
            cckit_json_string(&j, "version", cckit_cc_version_string(c->version));
        else
            cckit_json_null(&j, "version");
        cckit_json_bool(&j, "thin", c->thin);
        cckit_json_bool(&j, "readable", c->readable);
        cckit_json_begin_array(&j, "targets");
        for (size_t k = 0; k < c->n_targets; k++) {
            const cckit_compat_target *t = &c->targets[k];
            cckit_json_begin_object(&j, NULL);
            cckit_json_string(&j, "target", t->target);
            cckit_json_string(&j, "name", t->name);
            cckit_json_string(&j, "verdict", cckit_verdict_name(t->verdict));
            cckit_json_begin_array(&j, "findings");
            for (size_t f = 0; f < t->n_findings; f++) {
                const cckit_compat_finding *x = &t->findings[f];
                cckit_json_begin_object(&j, NULL);
                cckit_json_string(&j, "severity", cckit_severity_name(x->severity));
                cckit_json_string(&j, "code", x->code);
                cckit_json_string(&j, "message", x->message);
                str_or_null(&j, "item", x->item);
                str_or_null(&j, "resource", x->resource);
                str_or_null(&j, "file", x->file);
                if (x->line)
                    cckit_json_uint(&j, "line", x->line);
                else
                    cckit_json_null(&j, "line");
                str_or_null(&j, "source", x->source);
                str_or_null(&j, "how", x->how);
                str_or_null(&j, "fix", x->fix);
                cckit_json_end_object(&j);
            }
            cckit_json_end_array(&j);
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

static int write_sarif(cckit_compat *const *cs, size_t n, FILE *out)
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
    cckit_json_string(&j, "informationUri", "https://www.1edtech.org/standards/cc");
    cckit_json_end_object(&j);
    cckit_json_end_object(&j);
    cckit_json_begin_array(&j, "results");
    for (size_t i = 0; i < n; i++) {
        const cckit_compat *c = cs[i];
        cckit_sarif_base base = cckit_sarif_base_of(c->path);
        for (size_t k = 0; k < c->n_targets; k++) {
            const cckit_compat_target *t = &c->targets[k];
            for (size_t f = 0; f < t->n_findings; f++) {
                const cckit_compat_finding *x = &t->findings[f];
                cckit_json_begin_object(&j, NULL);
                cckit_json_string(&j, "ruleId", x->code);
                cckit_json_string(&j, "level", cckit_sarif_level(x->severity));
                cckit_json_begin_object(&j, "message");
                cckit_json_string(&j, "text", x->message);
                cckit_json_end_object(&j);
                cckit_sarif_locations(&j, c->path, base, x->file, x->line);
                cckit_json_begin_object(&j, "properties");
                cckit_json_string(&j, "target", t->target);
                cckit_json_string(&j, "verdict", cckit_verdict_name(t->verdict));
                str_or_null(&j, "item", x->item);
                str_or_null(&j, "resource", x->resource);
                str_or_null(&j, "source", x->source);
                str_or_null(&j, "fix", x->fix);
                cckit_json_end_object(&j);
                cckit_json_end_object(&j);
            }
        }
    }
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

int cckit_compat_report(cckit_compat *const *c, size_t n, cckit_report_format fmt, bool color,
                        FILE *out)
{
    switch (fmt) {
    case CCKIT_REPORT_JSON: return write_json(c, n, out);
    case CCKIT_REPORT_SARIF: return write_sarif(c, n, out);
    case CCKIT_REPORT_HTML: return cckit_report_compat_html(c, n, out);
    default: return write_text(c, n, color, out);
    }
}
