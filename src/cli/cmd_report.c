/*
 * cmd_report.c - `cckit report [--format text|json|html] [-o FILE] RUN...`
 * and `cckit report --merge RUN... -o FILE`: the summary of batch runs
 * (JSON Lines files and state databases, told apart by content), or their
 * merge into one JSON Lines file (doc/report.md).
 *
 * Exit status: 0 summarised (or merged) and every input done or skipped;
 * 1 summarised, but an input had status error, a line was skipped, or a
 * run was cut short (no summary line, unfinished rows); 2 usage, a RUN
 * that cannot be read or is not a run, or the output cannot be written.
 * Verdicts (invalid, refused, fails) never change it: the batch's own
 * exit status said so, and a report of a failing run did its job.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command self = { "report", NULL, cmd_report, cmd_report_help };

enum { OPT_RFORMAT = 0x2000, OPT_MERGE };

typedef struct ropts {
    cckit_report_format fmt;
    const char *output;
    bool merge;
} ropts;

void cmd_report_help(FILE *out)
{
    fputs("Usage: cckit report [OPTIONS] RUN...\n"
          "       cckit report --merge RUN... -o FILE\n"
          "\n"
          "Summarise one or more batch runs: how many inputs were done, failed or\n"
          "skipped, the verdicts, the most frequent finding codes (and how many\n"
          "cartridges each touches), CC versions, producers, the slowest inputs and\n"
          "every failure with its reason.  A RUN is the JSON Lines output of a batch\n"
          "(--format jsonl) or its state database (--state); each is recognised by\n"
          "its content.  An input found in several RUNs is counted once (the later\n"
          "record wins).  A malformed line is reported with its file and line and\n"
          "skipped.\n"
          "\n"
          "Options:\n"
          "      --format text|json|html   summary format (default text); json is\n"
          "                                described by schemas/json/report.schema.json\n"
          "  -o, --output FILE             write to FILE (atomically) instead of stdout\n"
          "      --merge                   write the RUNs as one JSON Lines file: every\n"
          "                                input once, sorted by input path then index,\n"
          "                                and a recomputed summary line (needs -o)\n"
          "  -h, --help                    show this help\n"
          "\n"
          "Exit status: 0 every input done or skipped, 1 an input had status error,\n"
          "a line was skipped or a run was cut short (the summary is still written),\n"
          "2 usage error, a RUN that cannot be read or is not a run, or an output\n"
          "that cannot be written.\n", out);
}

static int extra(void *ctx, int opt, const char *arg)
{
    ropts *o = ctx;
    switch (opt) {
    case 'o': o->output = arg; return 0;
    case OPT_MERGE: o->merge = true; return 0;
    case OPT_RFORMAT:
        if (strcmp(arg, "text") == 0) o->fmt = CCKIT_REPORT_TEXT;
        else if (strcmp(arg, "json") == 0) o->fmt = CCKIT_REPORT_JSON;
        else if (strcmp(arg, "html") == 0) o->fmt = CCKIT_REPORT_HTML;
        else
            return cli_usage_error(&self, "invalid value '%s' for --format: expected "
                                   "'text', 'json' or 'html'", arg);
        return 0;
    }
    return cli_usage_error(&self, "unknown option");
}

/* What reading found, on stderr: "cckit: FILE:LINE: warning: ... [code]"
 * and its hint (the RUN is the file: no second path to name). */
static void print_problems(const cckit_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const cckit_diag *g = &d->v[i];
        if (g->line)
            fprintf(stderr, "cckit: %s:%u: ", g->file, g->line);
        else
            fprintf(stderr, "cckit: %s: ", g->file);
        fprintf(stderr, "%s: ", cckit_severity_name(g->severity));
        for (const char *c = g->message; *c; c++)   /* input names are anyone's */
            fputc((unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c, stderr);
        fprintf(stderr, " [%s]\n", g->code);
        if (g->hint)
            fprintf(stderr, "cckit: %s:   hint: %s\n", g->file, g->hint);
    }
}

int cmd_report(int argc, char **argv)
{
    static const struct option longs[] = {
        { "format", required_argument, NULL, OPT_RFORMAT },
        { "output", required_argument, NULL, 'o' },
        { "merge", no_argument, NULL, OPT_MERGE },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    ropts ro;
    int first;
    memset(&ro, 0, sizeof ro);
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, 0, "o:", longs, extra, &ro, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(&self, "missing RUN (a JSON Lines file or a state database)");
    if (ro.merge && !ro.output)
        return cli_usage_error(&self, "--merge needs -o FILE (the merged JSON Lines)");
    if (ro.merge && ro.fmt != CCKIT_REPORT_TEXT)
        return cli_usage_error(&self, "--merge writes JSON Lines: --format does not apply");
    cckit_runs *r = cckit_runs_new(ro.merge);
    if (!r) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    cckit_error err;
    memset(&err, 0, sizeof err);
    for (int i = first; i < argc; i++)
        if (cckit_runs_add(r, argv[i], &err) != CCKIT_OK) {
            cli_error("%s", err.message);
            cckit_runs_free(r);
            return CLI_EXIT_USAGE;
        }
    print_problems(cckit_runs_problems(r));
    cckit_runs_totals t;
    cckit_runs_totals_get(r, &t);
    rc = t.error || t.malformed || t.unfinished || t.without_summary ? CLI_EXIT_FAIL
                                                                       : CLI_EXIT_OK;
    cckit_status st = CCKIT_OK;
    if (ro.merge) {
        st = cckit_runs_merge(r, ro.output, cli_trap_interrupts(), &err);
    } else if (ro.output) {
        st = cckit_runs_report_file(r, ro.fmt, ro.output, cli_trap_interrupts(), &err);
    } else if (cckit_runs_report(r, ro.fmt, stdout) != 0) {
        int e = errno;
        cckit_runs_free(r);
        return cli_write_failed(CLI_EXIT_USAGE, e);
    }
    cckit_runs_free(r);
    if (st != CCKIT_OK) {
        cli_error("%s", err.message);
        return cli_interrupt_exit(CLI_EXIT_USAGE);
    }
    if (ro.output)
        return cli_interrupt_exit(rc);
    return cli_finish_stdout(rc);
}
