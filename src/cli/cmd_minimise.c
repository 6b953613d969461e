/*
 * cmd_minimise.c - `cckit minimise INPUT -o OUTPUT`: an anonymised copy
 * of a cartridge for a bug report, with the same structure and the same
 * validator findings; a difference in the findings is said, and is exit 1.
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

static const cli_command self = { "minimise", NULL, cmd_minimise, cmd_minimise_help };

void cmd_minimise_help(FILE *out)
{
    fputs("Usage: cckit minimise [OPTIONS] INPUT -o OUTPUT\n"
          "\n"
          "Write an anonymised copy of a cartridge, for a bug report to an LMS vendor:\n"
          "the same manifest shape, resource kinds, type strings, descriptor\n"
          "structure, link forms and folder depth; titles, text, file and folder\n"
          "names, identifiers and external hosts replaced consistently (same\n"
          "length, character classes and case; extensions kept); pages keep their\n"
          "markup and links only; media become tiny placeholders of the same type.\n"
          "Input and output are validated: the output must show the same findings\n"
          "(codes and rules) as the input, and any difference is listed.\n"
          "\n"
          "Options:\n"
          "  -o, --output OUTPUT           the .imscc to write (never the input)\n"
          "  -f, --force                   replace OUTPUT if it exists\n"
          "      --key KEY                 key of the name hashes (default: random, so\n"
          "                                every run differs; the same key, the same output)\n"
          "      --keep CODE               then shrink the copy to the smallest cartridge\n"
          "                                that still shows the finding CODE (a code such\n"
          "                                as manifest.duplicate-id, or a rule number such\n"
          "                                as R23): delta debugging over its resources,\n"
          "                                items and files no resource lists\n"
          "      --max-tests N             at most N validations for --keep (default 2000)\n"
          "      --schemas DIR             the schemas for the validation\n", out);
    cli_help_format(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 written with the same findings, 1 written but the findings\n"
          "differ (listed), 2 nothing written (unreadable input, usage error).\n"
          "With --keep: 0 written and shrunk, 1 CODE not among the input's findings\n"
          "(nothing written) or lost by the anonymised copy (written, not shrunk).\n", out);
}

/* above the shared options (0x1000..) */
enum { OPT_KEY = 0x2000, OPT_SCHEMAS, OPT_KEEP, OPT_MAX_TESTS };

typedef struct min_ctx {
    const char *output, *key, *schemas, *keep;
    size_t max_tests;
    bool force;
} min_ctx;

static int extra(void *vctx, int opt, const char *arg)
{
    min_ctx *c = vctx;
    switch (opt) {
    case 'o': c->output = arg; return 0;
    case 'f': c->force = true; return 0;
    case OPT_KEY: c->key = arg; return 0;
    case OPT_SCHEMAS: c->schemas = arg; return 0;
    case OPT_KEEP:
        if (*arg == '\0')
            return cli_usage_error(&self, "--keep needs a finding code or rule number");
        c->keep = arg;
        return 0;
    case OPT_MAX_TESTS: {
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        if (errno || end == arg || *end || v == 0 || v > 1000000 || *arg == '-')
            return cli_usage_error(&self, "--max-tests needs a number from 1 to 1000000");
        c->max_tests = (size_t)v;
        return 0;
    }
    default: return cli_usage_error(&self, "unknown option");
    }
}

static void write_json(const char *in, const char *out, const char *keep,
                       const cckit_minimise_result *r)
{
    fputs("{\"tool\": \"cckit\", \"input\": ", stdout);
    cli_json_string(stdout, in);
    fputs(", \"output\": ", stdout);
    cli_json_string(stdout, out);
    printf(", \"entries_in\": %zu, \"entries_out\": %zu, \"findings_in\": %zu, "
           "\"findings_out\": %zu, \"same_findings\": %s, \"differences\": [",
           r->entries_in, r->entries_out, r->findings_in, r->findings_out,
           r->same_findings ? "true" : "false");
    for (size_t i = 0; i < r->lost.n; i++) {
        fputs(i ? ", {\"code\": " : "{\"code\": ", stdout);
        cli_json_string(stdout, r->lost.v[i].code);
        fputs(", \"rule\": ", stdout);
        if (r->lost.v[i].rule)
            cli_json_string(stdout, r->lost.v[i].rule);
        else
            fputs("null", stdout);
        fputs(", \"message\": ", stdout);
        cli_json_string(stdout, r->lost.v[i].message);
        fputs("}", stdout);
    }
    fputs("]", stdout);
    if (keep) {
        fputs(", \"keep\": ", stdout);
        cli_json_string(stdout, keep);
        printf(", \"keep_lost\": %s, \"capped\": %s, \"tests\": %zu, \"parts_in\": %zu, "
               "\"parts_out\": %zu, \"resources_in\": %zu, \"resources_out\": %zu, "
               "\"items_in\": %zu, \"items_out\": %zu",
               r->keep_lost ? "true" : "false", r->keep_capped ? "true" : "false", r->tests,
               r->parts_in, r->parts_out, r->resources_in, r->resources_out, r->items_in,
               r->items_out);
    }
    fputs("}\n", stdout);
}

int cmd_minimise(int argc, char **argv)
{
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'f' },
        { "key", required_argument, NULL, OPT_KEY },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { "keep", required_argument, NULL, OPT_KEEP },
        { "max-tests", required_argument, NULL, OPT_MAX_TESTS },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    min_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT, "o:f", longs, extra,
                       &ctx, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(&self, "one INPUT cartridge is needed");
    if (ctx.output == NULL)
        return cli_usage_error(&self, "missing -o OUTPUT");
    const char *in = argv[first];
    cckit_minimise_options mo;
    cckit_minimise_options_default(&mo);
    mo.limits = o.limits;
    mo.force = ctx.force;
    mo.key = ctx.key;
    mo.schema_dir = cli_schema_dir(ctx.schemas);
    mo.keep = ctx.keep;
    mo.max_tests = ctx.max_tests;
    mo.cancel = cli_trap_interrupts();
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_minimise_result *r = NULL;
    cckit_status st = cckit_minimise(in, ctx.output, &mo, &r, &err);
    if (st != CCKIT_OK) {
        cli_report_error(in, &err);
        cckit_minimise_result_free(r);
        return cli_interrupt_exit(2);
    }
    if (r->keep_missing) {
        fprintf(stderr, "cckit minimise: %s: %s is not among the input's findings; nothing written\n",
                in, ctx.keep);
        cckit_minimise_result_free(r);
        return cli_interrupt_exit(1);
    }
    if (ctx.keep) {
        int code = r->keep_lost ? 1 : 0;
        if (o.format == CLI_FORMAT_JSON) {
            write_json(in, ctx.output, ctx.keep, r);
        } else if (r->keep_lost) {
            printf("%s: written, not shrunk: the anonymised copy does not show %s\n",
                   ctx.output, ctx.keep);
        } else {
            printf("%s: the smallest cartridge found that shows %s: %zu tests%s, parts %zu -> %zu "
                   "(resources %zu -> %zu, items %zu -> %zu)\n",
                   ctx.output, ctx.keep, r->tests, r->keep_capped ? " (the cap: not minimal)" : "",
                   r->parts_in, r->parts_out, r->resources_in, r->resources_out, r->items_in,
                   r->items_out);
        }
        cckit_minimise_result_free(r);
        return cli_interrupt_exit(cli_finish_stdout(code));
    }
    if (o.format == CLI_FORMAT_JSON) {
        write_json(in, ctx.output, NULL, r);
    } else {
        printf("%s: %zu files written, %zu findings in the input, %zu in the output%s\n",
               ctx.output, r->entries_out, r->findings_in, r->findings_out,
               r->same_findings ? " (the same codes and rules)" : "");
        if (!r->same_findings) {
            printf("the findings differ:\n");
            for (size_t i = 0; i < r->lost.n; i++)
                printf("  %s%s%s: %s\n", r->lost.v[i].code, r->lost.v[i].rule ? " " : "",
                       r->lost.v[i].rule ? r->lost.v[i].rule : "", r->lost.v[i].message);
        }
    }
    bool same = r->same_findings;
    cckit_minimise_result_free(r);
    return cli_interrupt_exit(cli_finish_stdout(same ? 0 : 1));
}
