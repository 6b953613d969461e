/* report_repair.c - the report of `cckit repair` (each fix, each fix
 * declined with why, the errors left) as text or JSON.  repair/repair.c
 * fills it. */
#include "base/internal.h"
#include <stdio.h>

static void text_line(FILE *out, const char *what, const cckit_diag *d)
{
    fprintf(out, "%s", d->file ? d->file : "imsmanifest.xml");
    if (d->line)
        fprintf(out, ":%u", d->line);
    fprintf(out, ": %s: %s [%s]\n", what, d->message, d->code);
}

int cckit_repair_report_write(const cckit_repair_report *r, cckit_report_format fmt, FILE *out)
{
    if (fmt == CCKIT_REPORT_JSON) {
        cckit_json j;
        cckit_json_init(&j, out, true);
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "tool", "cckit");
        cckit_json_string(&j, "tool_version", cckit_version());
        cckit_json_string(&j, "input", r->input);
        if (r->output)
            cckit_json_string(&j, "output", r->output);
        else
            cckit_json_null(&j, "output");
        cckit_json_bool(&j, "dry_run", r->dry_run);
        cckit_json_begin_array(&j, "fixes");
        for (size_t i = 0; i < r->fixes.n; i++)
            cckit_json_diag(&j, &r->fixes.v[i], false);
        cckit_json_end_array(&j);
        cckit_json_uint(&j, "losses", r->losses);
        cckit_json_begin_array(&j, "not_repaired");
        for (size_t i = 0; i < r->declined.n; i++)
            cckit_json_diag(&j, &r->declined.v[i], false);
        cckit_json_end_array(&j);
        cckit_json_begin_object(&j, "validation");
        cckit_json_string(&j, "mode", r->strict ? "strict" : "lenient");
        cckit_json_uint(&j, "errors_before", r->errors_before);
        if (r->validated_after)
            cckit_json_uint(&j, "errors_after", r->errors_after);
        else
            cckit_json_null(&j, "errors_after");
        cckit_json_begin_array(&j, "remaining");
        for (size_t i = 0; i < r->remaining.n; i++)
            cckit_json_diag(&j, &r->remaining.v[i], false);
        cckit_json_end_array(&j);
        cckit_json_end_object(&j);
        cckit_json_bool(&j, "written", r->written);
        cckit_json_end_object(&j);
        cckit_json_finish(&j);
    } else if (fmt == CCKIT_REPORT_TEXT) {
        if (r->dry_run)
            fprintf(out, "%s (dry run: nothing written)\n", r->input);
        else
            fprintf(out, "%s -> %s\n", r->input, r->output ? r->output : "?");
        for (size_t i = 0; i < r->fixes.n; i++)
            text_line(out, r->fixes.v[i].severity == CCKIT_SEV_INFO ? "fixed" : "fixed, a loss",
                      &r->fixes.v[i]);
        for (size_t i = 0; i < r->declined.n; i++)
            text_line(out, "not repaired", &r->declined.v[i]);
        for (size_t i = 0; i < r->remaining.n; i++)
            text_line(out, "error left", &r->remaining.v[i]);
        fprintf(out, "%zu fix(es), %zu of them loss(es), %zu not repaired; %s errors: %zu before",
                r->fixes.n, r->losses, r->declined.n, r->strict ? "strict" : "lenient",
                r->errors_before);
        if (r->validated_after)
            fprintf(out, ", %zu after", r->errors_after);
        fputc('\n', out);
    } else {
        return -1;
    }
    return ferror(out) ? -1 : 0;
}
