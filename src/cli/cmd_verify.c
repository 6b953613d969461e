/*
 * cmd_verify.c - `cckit verify --against PROFILE INPUT...`: is each
 * cartridge within a characterization?  Each cartridge is characterized
 * alone and set against the profile (cckit_profile_diff): every kind,
 * type string, token, field, namespace, extension element or link form
 * the profile never saw, and every fact beyond its ranges, is a finding.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "cli.h"

static const cli_command self = { "verify", NULL, cmd_verify, cmd_verify_help };

void cmd_verify_help(FILE *out)
{
    fputs("Usage: cckit verify --against PROFILE [OPTIONS] CARTRIDGE...\n"
          "\n"
          "Check that each cartridge stays within a characterization made by\n"
          "'cckit profile': no CC version, flavour, resource kind, type string,\n"
          "enumerated token, populated field, namespace, extension element, link\n"
          "form or package trait the profile never saw, and every package fact\n"
          "(size, entries, path and name length, depth, items, resources, largest\n"
          "file) within the profile's range.  Each departure is a finding with its\n"
          "code (verify.kind, verify.token, verify.range, ...), what was seen and\n"
          "what the profile allows.\n"
          "\n"
          "Options:\n"
          "  -a, --against PROFILE         the characterization (JSON) to verify against\n", out);
    cli_help_format(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 every cartridge within, 1 a cartridge outside or unreadable,\n"
          "2 usage error (or an unreadable PROFILE).\n", out);
}

typedef struct verify_ctx {
    const char *against;
} verify_ctx;

static int extra(void *vctx, int opt, const char *arg)
{
    verify_ctx *c = vctx;
    if (opt == 'a') {
        c->against = arg;
        return 0;
    }
    return cli_usage_error(&self, "unknown option");
}

typedef struct sink {
    cli_format format;
    size_t n;
} sink;

static void finding(void *vctx, const cckit_departure *d)
{
    sink *s = vctx;
    if (s->format == CLI_FORMAT_JSON) {
        fputs(s->n++ ? ",\n      {\"code\": " : "\n      {\"code\": ", stdout);
        cli_json_string(stdout, d->code);
        fputs(", \"group\": ", stdout);
        cli_json_string(stdout, d->group);
        fputs(", \"feature\": ", stdout);
        cli_json_string(stdout, d->feature);
        fputs(", \"message\": ", stdout);
        cli_json_string(stdout, d->message);
        fputs(", \"seen\": ", stdout);
        cli_json_string(stdout, d->seen);
        fputs(", \"allowed\": ", stdout);
        cli_json_string(stdout, d->allowed);
        fputs("}", stdout);
    } else {
        s->n++;
        printf("  %s: %s (seen: %s; allowed: %s)\n", d->code, d->message, d->seen, d->allowed);
    }
}

int cmd_verify(int argc, char **argv)
{
    static const struct option longs[] = {
        { "against", required_argument, NULL, 'a' },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    verify_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT, "a:", longs,
                       extra, &ctx, &o, &first);
    if (rc >= 0)
        return rc;
    if (ctx.against == NULL)
        return cli_usage_error(&self, "missing --against PROFILE (made by 'cckit profile')");
    if (argc - first < 1)
        return cli_usage_error(&self, "missing CARTRIDGE (a .imscc file or a folder)");
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_profile *ref = NULL;
    if (cckit_profile_load(ctx.against, &ref, &err) != CCKIT_OK) {
        cli_error("%s", err.message);
        return CLI_EXIT_USAGE;
    }
    bool json = o.format == CLI_FORMAT_JSON;
    int outside = 0;
    if (json) {
        fputs("{\"tool\": \"cckit\", \"against\": ", stdout);
        cli_json_string(stdout, ctx.against);
        fputs(", \"cartridges\": [", stdout);
    }
    for (int i = first; i < argc; i++) {
        const char *path = argv[i];
        cckit_profile *one = cckit_profile_new();
        if (one == NULL) {
            cli_error("out of memory");
            cckit_profile_free(ref);
            return CLI_EXIT_FAIL;
        }
        memset(&err, 0, sizeof err);
        bool readable = cckit_profile_add(one, path, &o.limits, &err) == CCKIT_OK;
        sink s = { o.format, 0 };
        if (json) {
            fputs(i > first ? ",\n  {\"path\": " : "\n  {\"path\": ", stdout);
            cli_json_string(stdout, path);
            fputs(", \"findings\": [", stdout);
        }
        if (readable) {
            if (!json) {
                /* Findings first, the verdict after: one pass. */
                printf("%s:\n", path);
            }
            cckit_profile_diff(ref, one, "verify", 0, finding, &s);
        } else if (json) {
            fputs("\n      {\"code\": \"verify.unreadable\", \"message\": ", stdout);
            cli_json_string(stdout, err.message);
            fputs(", \"seen\": \"an unreadable cartridge\", \"allowed\": \"a readable cartridge\"}", stdout);
        } else {
            cli_report_error(path, &err);
        }
        bool within = readable && s.n == 0;
        if (!within)
            outside = 1;
        if (json)
            printf("], \"readable\": %s, \"within\": %s}", readable ? "true" : "false",
                   within ? "true" : "false");
        else if (readable)
            printf("%s: %s the profile (%zu finding%s)\n", path, within ? "within" : "OUTSIDE",
                   s.n, s.n == 1 ? "" : "s");
        cckit_profile_free(one);
    }
    if (json)
        fputs("\n]}\n", stdout);
    cckit_profile_free(ref);
    return cli_finish_stdout(outside ? CLI_EXIT_FAIL : CLI_EXIT_OK);
}
