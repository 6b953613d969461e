/* report_diff.c - a cckit_diff as text for people (grouped, the users'
 * names: titles, hrefs, paths; nothing at all when the two are the same,
 * like diff(1)) or as JSON (schemas/json/diff.schema.json). */
#include "base/internal.h"
#include <string.h>

static void text_value(FILE *out, const cckit_diff_change *c)
{
    /* contents are named by hash in JSON; people need the path only */
    if (c->group == CCKIT_DIFF_FILES && strcmp(c->code, "file.moved") != 0)
        return;
    if (c->before && c->after)
        fprintf(out, ": %s -> %s", c->before, c->after);
    else if (c->after)
        fprintf(out, ": + %s", c->after);
    else if (c->before)
        fprintf(out, ": - %s", c->before);
}

static int write_text(const cckit_diff *d, FILE *out)
{
    int group = -1;
    for (size_t i = 0; i < d->n_changes; i++) {
        const cckit_diff_change *c = &d->changes[i];
        if ((int)c->group != group) {
            group = (int)c->group;
            const char *g = cckit_diff_group_name(c->group);
            fprintf(out, "%s%c%s:\n", i ? "\n" : "", g[0] - 'a' + 'A', g + 1);
        }
        fprintf(out, "  %-28s %s", c->code, c->subject);
        text_value(out, c);
        if (c->file && c->line)
            fprintf(out, "  (%s:%u)", c->file, c->line);
        fputc('\n', out);
    }
    if (d->n_changes)
        fprintf(out, "\n%zu difference%s between %s and %s\n", d->n_changes,
                d->n_changes == 1 ? "" : "s", d->a, d->b);
    return ferror(out) ? -1 : 0;
}

static int write_json(const cckit_diff *d, FILE *out)
{
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "a", d->a);
    cckit_json_string(&j, "b", d->b);
    cckit_json_string(&j, "version_a", cckit_cc_version_string(d->version_a));
    cckit_json_string(&j, "version_b", cckit_cc_version_string(d->version_b));
    cckit_json_bool(&j, "across_versions", d->across_versions);
    cckit_json_bool(&j, "same", d->n_changes == 0);
    cckit_json_begin_object(&j, "counts");
    for (int g = CCKIT_DIFF_CARTRIDGE; g <= CCKIT_DIFF_DESCRIPTORS; g++) {
        size_t n = 0;
        for (size_t i = 0; i < d->n_changes; i++)
            n += (int)d->changes[i].group == g;
        cckit_json_uint(&j, cckit_diff_group_name((cckit_diff_group)g), n);
    }
    cckit_json_end_object(&j);
    cckit_json_begin_array(&j, "changes");
    for (size_t i = 0; i < d->n_changes; i++) {
        const cckit_diff_change *c = &d->changes[i];
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "code", c->code);
        cckit_json_string(&j, "group", cckit_diff_group_name(c->group));
        cckit_json_string(&j, "subject", c->subject);
        cckit_json_string(&j, "before", c->before);
        cckit_json_string(&j, "after", c->after);
        cckit_json_string(&j, "file", c->file);
        if (c->line)
            cckit_json_uint(&j, "line", c->line);
        else
            cckit_json_null(&j, "line");
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

int cckit_diff_write(const cckit_diff *d, cckit_report_format fmt, FILE *out)
{
    return fmt == CCKIT_REPORT_JSON ? write_json(d, out) : write_text(d, out);
}
