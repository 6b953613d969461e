/*
 * cmd_info.c - `cckit info CARTRIDGE`: what a cartridge is, at a glance.
 *
 * CARTRIDGE is a .imscc/.zip file, an unpacked folder, or a bare
 * manifest (a file holding XML: the library decides by the content).
 * The library does the reading (cckit_cartridge_open) and the writing
 * (cckit_info_write_text / cckit_info_write_json).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>

#include "cli.h"

static const cli_command self = { "info", NULL, cmd_info, cmd_info_help };

void cmd_info_help(FILE *out)
{
    fputs("Usage: cckit info [OPTIONS] CARTRIDGE\n"
          "\n"
          "Describe a Common Cartridge: CC version and flavour (1.0-1.4, Thin CC),\n"
          "title, the organization tree, every resource with its type, href, files\n"
          "and dependencies, counts per kind, total files and bytes.\n"
          "CARTRIDGE is a .imscc (ZIP) file, an unpacked folder, or a bare\n"
          "imsmanifest.xml (any file that holds XML, whatever its name).\n"
          "\n"
          "Options:\n", out);
    cli_help_format(out);
    cli_help_color(out);
    fputs("  -q, --quiet                   one line: path, CC version, title, counts of\n"
          "                                resources, items and files, and how many\n"
          "                                warnings (not listed); text format only\n"
          "  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Warnings found while reading go to standard error in text mode and\n"
          "into the JSON document with --format json.\n"
          "Exit status: 0 success, 1 not a readable or safe cartridge, 2 usage error.\n",
          out);
}

static int on_option(void *ctx, int opt, const char *arg)
{
    (void)arg;
    if (opt != 'q')
        return cli_usage_error(&self, "unknown option");
    *(bool *)ctx = true;
    return 0;
}

static int write_info(const char *path, const cckit_cartridge *c, const cli_opts *o, bool quiet)
{
    int rc, e;
    if (quiet && o->format == CLI_FORMAT_TEXT) {
        rc = cckit_info_write_line(c, stdout);
        e = errno;
    } else if (o->format == CLI_FORMAT_JSON) {
        rc = cckit_info_write_json(c, stdout);
        e = errno;
    } else {
        rc = cckit_info_write_text(c, stdout, cli_use_color(o, stdout));
        e = errno;
        cli_flush_stdout();
        cli_print_diags(path, &c->diags, stderr, cli_use_color(o, stderr));
        if (c->manifest != NULL)
            cli_print_diags(path, &c->manifest->diags, stderr,
                            cli_use_color(o, stderr));
    }
    if (rc != 0)
        return cli_write_failed(CLI_EXIT_FAIL, e);
    return CLI_EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
    static const struct option longs[] = {
        { "quiet", no_argument, NULL, 'q' },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    cckit_error err;
    bool quiet = false;

    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT | CLI_OPT_COLOR,
                       "q", longs, on_option, &quiet, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(&self, "missing CARTRIDGE (a .imscc file, a folder or a manifest)");
    if (argc - first > 1)
        return cli_usage_error(&self, "too many arguments: one CARTRIDGE at a time");

    const char *path = argv[first];
    memset(&err, 0, sizeof err);

    cckit_cartridge *c = NULL;
    if (cckit_cartridge_open(path, &o.limits, &c, &err) != CCKIT_OK) {
        if (o.format == CLI_FORMAT_JSON)
            cckit_result_write_json("info", path, NULL, &err, NULL, stdout);
        cli_report_error(path, &err);
        return CLI_EXIT_FAIL;
    }
    rc = write_info(path, c, &o, quiet);
    cckit_cartridge_free(c);
    return rc;
}
