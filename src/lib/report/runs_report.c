/* runs_report.c - the summary of runs (cckit_runs_report): the counts
 * computed once (cckit_runs_stats) and written as text or JSON; HTML is
 * runs_html.c.
 *
 *  text  totals, verdicts, the most frequent codes (findings and how many
 *        cartridges each touches), CC versions, producers, the slowest
 *        inputs, every failure with its reason, then what reading found.
 *  json  the same facts, schemas/json/report.schema.json. */
#include "config.h"
#include "report/runs.h"
#include "report/report_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CODES 20   /* codes listed by the text form (JSON has all) */

/* ---- text --------------------------------------------------------------- */

/* s for a terminal: control characters (a hostile input name could move
 * the cursor or recolour the screen) shown as '?'; padded to width. */
static void text_str(FILE *out, const char *s, int width)
{
    int n = 0;
    for (; *s; s++, n++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
    for (; n < width; n++)
        fputc(' ', out);
}

static void text_tally(FILE *out, const char *head, const run_tally *t, size_t n, size_t max)
{
    if (!n)
        return;
    fprintf(out, "\n%s:\n", head);
    for (size_t i = 0; i < n && i < max; i++) {
        fputs("  ", out);
        text_str(out, t[i].name, 24);
        fprintf(out, " %8llu\n", (unsigned long long)t[i].count);
    }
    if (n > max)
        fprintf(out, "  (%zu more)\n", n - max);
}

static int write_text(const cckit_runs *r, const run_stats *s, FILE *out)
{
    fprintf(out, "Runs read: %zu\n", r->n_files);
    for (size_t i = 0; i < r->n_files; i++) {
        const run_file *f = &r->files[i];
        fputs("  ", out);
        text_str(out, f->path, 0);
        fprintf(out, " (%s%s%s, %llu records%s%s)\n",
                f->db ? "state database" : "JSON Lines", f->command ? ", " : "",
                f->command ? f->command : "", (unsigned long long)f->records,
                f->shard ? ", shard " : "", f->shard ? f->shard : "");
    }
    fprintf(out, "\nInputs: %llu  done %llu  error %llu  skipped %llu",
            (unsigned long long)s->inputs, (unsigned long long)s->done,
            (unsigned long long)s->error, (unsigned long long)s->skipped);
    if (s->other)
        fprintf(out, "  other %llu", (unsigned long long)s->other);
    fprintf(out, "  (%.1f s of work)\n", s->seconds);
    text_tally(out, "Verdicts", s->verdicts, s->n_verdicts, SIZE_MAX);
    if (s->n_codes) {
        fprintf(out, "\nCodes (most frequent first):\n  %-40s %8s  %10s\n", "code", "findings",
                "cartridges");
        for (size_t i = 0; i < s->n_codes && i < TEXT_CODES; i++) {
            fputs("  ", out);
            text_str(out, s->codes[i].name, 40);
            fprintf(out, " %8llu  %10llu\n", (unsigned long long)s->codes[i].count,
                    (unsigned long long)s->codes[i].cartridges);
        }
        if (s->n_codes > TEXT_CODES)
            fprintf(out, "  (%zu more codes: the JSON form lists them all)\n",
                    s->n_codes - TEXT_CODES);
    }
    text_tally(out, "CC versions", s->versions, s->n_versions, SIZE_MAX);
    text_tally(out, "Producers", s->producers, s->n_producers, SIZE_MAX);
    if (s->n_slowest) {
        fputs("\nSlowest:\n", out);
        for (size_t i = 0; i < s->n_slowest; i++) {
            fprintf(out, "  %9.3f s  ", s->slowest[i]->seconds);
            text_str(out, s->slowest[i]->input, 0);
            fputc('\n', out);
        }
    }
    if (s->n_failures) {
        fputs("\nNot done (error or skipped):\n", out);
        for (size_t i = 0; i < s->n_failures; i++) {
            const run_record *x = s->failures[i];
            fputs("  ", out);
            text_str(out, x->input, 0);
            fputs(": ", out);
            text_str(out, x->status, 0);
            fputs(": ", out);
            text_str(out, x->reason ? x->reason : "(no reason given)", 0);
            fputc('\n', out);
        }
    }
    if (r->problems.n) {
        fputs("\nWhile reading:\n", out);
        for (size_t i = 0; i < r->problems.n; i++) {
            const cckit_diag *d = &r->problems.v[i];
            if (d->line)
                fprintf(out, "  %s:%u: %s: %s [%s]\n", d->file, d->line,
                        cckit_severity_name(d->severity), d->message, d->code);
            else
                fprintf(out, "  %s: %s: %s [%s]\n", d->file, cckit_severity_name(d->severity),
                        d->message, d->code);
        }
    }
    return ferror(out) ? -1 : 0;
}

/* ---- JSON --------------------------------------------------------------- */

static void str_or_null(cckit_json *j, const char *k, const char *v)
{
    if (v)
        cckit_json_string(j, k, v);
    else
        cckit_json_null(j, k);
}

static void seconds(cckit_json *j, const char *k, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.3f", v);
    cckit_json_raw(j, k, buf);
}

static void json_counts(cckit_json *j, const char *key, const run_tally *t, size_t n)
{
    cckit_json_begin_array(j, key);
    for (size_t i = 0; i < n; i++) {
        cckit_json_begin_object(j, NULL);
        cckit_json_string(j, "name", t[i].name);
        cckit_json_uint(j, "count", t[i].count);
        cckit_json_end_object(j);
    }
    cckit_json_end_array(j);
}

static int write_json(const cckit_runs *r, const run_stats *s, FILE *out)
{
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "tool_version", cckit_version());
    cckit_json_begin_array(&j, "runs");
    for (size_t i = 0; i < r->n_files; i++) {
        const run_file *f = &r->files[i];
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "path", f->path);
        cckit_json_string(&j, "kind", f->db ? "state-database" : "jsonl");
        str_or_null(&j, "command", f->command);
        str_or_null(&j, "shard", f->shard);
        cckit_json_uint(&j, "records", f->records);
        cckit_json_uint(&j, "malformed", f->malformed);
        cckit_json_uint(&j, "unfinished", f->unfinished);
        cckit_json_bool(&j, "complete", f->has_summary);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    cckit_json_uint(&j, "inputs", s->inputs);
    cckit_json_begin_object(&j, "status");
    cckit_json_uint(&j, "done", s->done);
    cckit_json_uint(&j, "error", s->error);
    cckit_json_uint(&j, "skipped", s->skipped);
    cckit_json_uint(&j, "other", s->other);
    cckit_json_end_object(&j);
    seconds(&j, "seconds", s->seconds);
    json_counts(&j, "verdicts", s->verdicts, s->n_verdicts);
    cckit_json_begin_array(&j, "codes");
    for (size_t i = 0; i < s->n_codes; i++) {
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "code", s->codes[i].name);
        cckit_json_uint(&j, "count", s->codes[i].count);
        cckit_json_uint(&j, "cartridges", s->codes[i].cartridges);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    json_counts(&j, "versions", s->versions, s->n_versions);
    json_counts(&j, "producers", s->producers, s->n_producers);
    cckit_json_begin_array(&j, "slowest");
    for (size_t i = 0; i < s->n_slowest; i++) {
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "input", s->slowest[i]->input);
        seconds(&j, "seconds", s->slowest[i]->seconds);
        str_or_null(&j, "verdict", s->slowest[i]->verdict);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    cckit_json_begin_array(&j, "failures");
    for (size_t i = 0; i < s->n_failures; i++) {
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "input", s->failures[i]->input);
        cckit_json_string(&j, "status", s->failures[i]->status);
        str_or_null(&j, "reason", s->failures[i]->reason);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);
    cckit_json_begin_array(&j, "problems");
    for (size_t i = 0; i < r->problems.n; i++)
        cckit_json_diag(&j, &r->problems.v[i], true);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

int cckit_runs_report(const cckit_runs *r, cckit_report_format fmt, FILE *out)
{
    run_stats s;
    if (!cckit_runs_stats(r, &s)) {
        errno = ENOMEM;
        return -1;
    }
    int rc;
    switch (fmt) {
    case CCKIT_REPORT_TEXT: rc = write_text(r, &s, out); break;
    case CCKIT_REPORT_JSON: rc = write_json(r, &s, out); break;
    case CCKIT_REPORT_HTML: rc = cckit_runs_write_html(r, &s, out); break;
    default: rc = -1; errno = EINVAL;
    }
    cckit_runs_stats_free(&s);
    return rc;
}

typedef struct report_job {
    const cckit_runs *r;
    cckit_report_format fmt;
} report_job;

static int write_job(void *ctx, FILE *f)
{
    const report_job *j = ctx;
    return cckit_runs_report(j->r, j->fmt, f);
}

cckit_status cckit_runs_report_file(const cckit_runs *r, cckit_report_format fmt,
                                    const char *path, volatile sig_atomic_t *cancel,
                                    cckit_error *err)
{
    report_job j = { r, fmt };
    return cckit_report_to_file(path, write_job, &j, cancel, err);
}
