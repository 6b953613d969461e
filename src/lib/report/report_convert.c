/* report_convert.c - the loss report of `cckit convert` (what the
 * target version cannot hold, and the strict validation before and
 * after) as text or JSON, and its release.  convert.c fills it. */
#include "base/internal.h"
#include <stdio.h>
#include <stdlib.h>

void cckit_loss_report_free(cckit_loss_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_changes; i++) {
        cckit_change *c = &r->changes[i];
        free(c->code), free(c->resource), free(c->item), free(c->file), free(c->detail);
        free(c->title);
    }
    free(r->changes);
    free(r->input);
    free(r->output);
    cckit_diags_free(&r->new_errors);
    free(r);
}

int cckit_loss_report_write(const cckit_loss_report *r, cckit_report_format fmt, FILE *out)
{
    char from[32], to[32];
    snprintf(from, sizeof from, "%s", cckit_cc_version_string(r->from));
    snprintf(to, sizeof to, "%s", cckit_cc_version_string(r->to));
    if (fmt == CCKIT_REPORT_JSON) {
        cckit_json j;
        cckit_json_init(&j, out, true);
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "input", r->input);
        cckit_json_string(&j, "output", r->output);
        cckit_json_string(&j, "from", from);
        cckit_json_bool(&j, "from_thin", r->from_thin);
        cckit_json_string(&j, "to", to);
        cckit_json_bool(&j, "thin", r->thin);
        cckit_json_begin_array(&j, "changes");
        for (size_t i = 0; i < r->n_changes; i++) {
            const cckit_change *c = &r->changes[i];
            cckit_json_begin_object(&j, NULL);
            cckit_json_string(&j, "code", c->code);
            cckit_json_string(&j, "kind", c->dropped ? "dropped" : "changed");
            cckit_json_string(&j, "resource", c->resource);
            cckit_json_string(&j, "item", c->item);
            cckit_json_string(&j, "file", c->file);
            cckit_json_string(&j, "detail", c->detail);
            cckit_json_string(&j, "title", c->title);
            cckit_json_end_object(&j);
        }
        cckit_json_end_array(&j);
        cckit_json_uint(&j, "dropped", r->dropped);
        cckit_json_uint(&j, "changed", r->changed);
        cckit_json_begin_object(&j, "validation");
        cckit_json_bool(&j, "run", r->validated);
        cckit_json_uint(&j, "errors_before", r->errors_before);
        cckit_json_uint(&j, "errors_after", r->errors_after);
        cckit_json_begin_array(&j, "new_errors");
        for (size_t i = 0; i < r->new_errors.n; i++)
            cckit_json_diag(&j, &r->new_errors.v[i], false);
        cckit_json_end_array(&j);
        cckit_json_end_object(&j);
        cckit_json_bool(&j, "written", r->written);
        cckit_json_end_object(&j);
        cckit_json_finish(&j);
    } else {
        fprintf(out, "%s (CC %s%s) -> %s (CC %s%s)\n", r->input, from, r->from_thin ? ", thin" : "",
                r->output, to, r->thin ? ", thin" : "");
        for (size_t i = 0; i < r->n_changes; i++) {
            const cckit_change *c = &r->changes[i];
            fprintf(out, "  %-7s %s", c->dropped ? "dropped" : "changed", c->code);
            if (c->resource)
                fprintf(out, " resource=%s", c->resource);
            if (c->item)
                fprintf(out, " item=%s", c->item);
            if (c->file)
                fprintf(out, " file=%s", c->file);
            if (c->title)
                fprintf(out, ": \"%s\"", c->title);
            if (c->detail)
                fprintf(out, ": %s", c->detail);
            fputc('\n', out);
        }
        fprintf(out, "%zu dropped, %zu changed\n", r->dropped, r->changed);
        if (r->validated)
            fprintf(out, "strict validation: %zu error(s) before, %zu after%s\n",
                    r->errors_before, r->errors_after,
                    r->new_errors.n ? "" : " (no new errors)");
        for (size_t i = 0; i < r->new_errors.n; i++) {
            const cckit_diag *d = &r->new_errors.v[i];
            fprintf(out, "  new error: %s:%u: %s [%s]\n", d->file ? d->file : "imsmanifest.xml",
                    d->line, d->message, d->code);
        }
        if (!r->written)
            fputs("output not written\n", out);
    }
    return ferror(out) ? -1 : 0;
}
