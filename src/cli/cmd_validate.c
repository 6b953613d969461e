/*
 * cmd_validate.c - `cckit validate [OPTIONS] COURSE...`: check cartridges
 * against the Common Cartridge specification of their version.
 *
 * Each COURSE (.imscc, folder or bare imsmanifest.xml) is validated by
 * the library (cckit_validate) and all verdicts are written as one report
 * (cckit_validation_report).  Exit status: 0 no errors (warnings allowed),
 * 1 at least one cartridge with an error (unreadable and unsafe packages
 * are errors too), 2 usage error or the validator could not run (no
 * schemas, output not writable).
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

static const cli_command self = { "validate", NULL, cmd_validate, cmd_validate_help };

enum {
    OPT_STRICT = 0x2000,
    OPT_QUICK,
    OPT_NO_LINKS,
    OPT_VFORMAT,
    OPT_SCHEMAS,
    OPT_LENIENT
};

typedef struct vopts {
    cckit_validate_options vo;
    cckit_report_format fmt;
} vopts;

void cmd_validate_help(FILE *out)
{
    fputs("Usage: cckit validate [OPTIONS] COURSE...\n"
          "\n"
          "Check Common Cartridges against the specification of their version:\n"
          "package safety, the manifest and every descriptor against cckit's XML\n"
          "Schemas, the profile rules (R1-R91, see 'cckit rules'), files and links.\n"
          "COURSE is a .imscc (ZIP) file, an unpacked folder, or a bare\n"
          "imsmanifest.xml.  Several COURSEs give one report.\n"
          "\n"
          "Options:\n"
          "      --strict                  what the specification says (a certification\n"
          "                                validator); default is lenient: deviations that\n"
          "                                real exporters make and LMSes import are warnings\n"
          "      --quick                   skip the CRC check of every archive entry\n"
          "      --no-links                do not check links inside HTML and descriptors\n"
          "      --format text|json|junit|sarif\n"
          "                                report format (default text)\n", out);
    cli_help_color(out);
    fputs("      --schemas DIR             cckit's schemas folder (default: $CCKIT_SCHEMA_DIR,\n"
          "                                else the installed one, else the source tree's\n"
          "                                when run from the build folder)\n"
          "  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 no errors (warnings allowed), 1 at least one error in some\n"
          "COURSE (including unreadable or unsafe packages), 2 usage error, no schemas,\n"
          "or the report could not be written.\n", out);
}

static int extra(void *ctx, int opt, const char *arg)
{
    vopts *o = ctx;
    switch (opt) {
    case OPT_STRICT: o->vo.strict = true; return 0;
    case OPT_LENIENT: o->vo.strict = false; return 0;
    case OPT_QUICK: o->vo.quick = true; return 0;
    case OPT_NO_LINKS: o->vo.links = false; return 0;
    case OPT_SCHEMAS: o->vo.schema_dir = arg; return 0;
    case OPT_VFORMAT:
        if (strcmp(arg, "text") == 0) o->fmt = CCKIT_REPORT_TEXT;
        else if (strcmp(arg, "json") == 0) o->fmt = CCKIT_REPORT_JSON;
        else if (strcmp(arg, "junit") == 0) o->fmt = CCKIT_REPORT_JUNIT;
        else if (strcmp(arg, "sarif") == 0) o->fmt = CCKIT_REPORT_SARIF;
        else
            return cli_usage_error(&self, "invalid value '%s' for --format: expected "
                                   "'text', 'json', 'junit' or 'sarif'", arg);
        return 0;
    default:
        return cli_usage_error(&self, "unknown option");
    }
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longs[] = {
        { "strict", no_argument, NULL, OPT_STRICT },
        { "lenient", no_argument, NULL, OPT_LENIENT },
        { "quick", no_argument, NULL, OPT_QUICK },
        { "no-links", no_argument, NULL, OPT_NO_LINKS },
        { "format", required_argument, NULL, OPT_VFORMAT },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    vopts vo;
    int first;
    cli_opts_init(&o);
    cckit_validate_options_default(&vo.vo);
    vo.fmt = CCKIT_REPORT_TEXT;
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_COLOR, NULL, longs, extra,
                       &vo, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(&self, "missing COURSE (a .imscc file, a folder or a manifest)");
    vo.vo.limits = o.limits;
    vo.vo.schema_dir = cli_schema_dir(vo.vo.schema_dir);

    size_t n = (size_t)(argc - first);
    cckit_validation **res = calloc(n, sizeof *res);
    if (!res) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    int exit_code = CLI_EXIT_OK;
    size_t done = 0;
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_report_options ro;
    cckit_report_options_default(&ro);
    ro.format = vo.fmt;
    for (size_t i = 0; i < n; i++) {
        if (cckit_validate(argv[first + (int)i], &vo.vo, &res[done], &err) != CCKIT_OK) {
            /* The validator itself could not run (no schemas, no memory):
             * stderr says so, and a machine format's document too. */
            cli_report_error(argv[first + (int)i], &err);
            ro.failed_path = argv[first + (int)i];
            ro.failed = &err;
            exit_code = CLI_EXIT_USAGE;
            break;
        }
        if (cckit_validation_count(res[done], CCKIT_SEV_ERROR) > 0)
            exit_code = CLI_EXIT_FAIL;
        done++;
    }
    for (size_t i = 0; i < done; i++)
        if (!cli_name_limits(&res[i]->diags)) {
            cli_error("out of memory");
            exit_code = CLI_EXIT_USAGE;
        }
    if (exit_code != CLI_EXIT_USAGE || done > 0 || vo.fmt != CCKIT_REPORT_TEXT) {
        ro.color = vo.fmt == CCKIT_REPORT_TEXT && cli_use_color(&o, stdout);
        if (cckit_validation_report_opts(res, done, &ro, stdout) != 0
            || cli_stdout_errno() != 0)
            exit_code = cli_write_failed(CLI_EXIT_USAGE, errno);
    }
    for (size_t i = 0; i < done; i++)
        cckit_validation_free(res[i]);
    free(res);
    return exit_code;
}
