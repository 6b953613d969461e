/*
 * cmd_diff.c - `cckit diff A B`: what changed between two cartridges,
 * by meaning (metadata, organization, resources, files by hash,
 * descriptors).  Exit status as diff(1): 0 same, 1 different, 2 trouble.
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

static const cli_command self = { "diff", NULL, cmd_diff, cmd_diff_help };

void cmd_diff_help(FILE *out)
{
    fputs("Usage: cckit diff [OPTIONS] A B\n"
          "\n"
          "Show what changed from cartridge A to cartridge B (.imscc files or\n"
          "folders, any CC version): the metadata; the organization's items\n"
          "(added, removed, moved, renamed, retargeted, reordered); the resources\n"
          "(added, removed; identifier, type, href, files and dependencies\n"
          "changed); the files (added, removed, moved, changed, by SHA-256); and\n"
          "the descriptors (QTI items added, removed, changed; discussion text;\n"
          "web link and LTI launch URLs).  Items and resources are matched by\n"
          "identifier, then by the path of titles (items) or href (resources).\n"
          "Across versions, type strings are compared by kind and descriptors\n"
          "by content, so A against its conversion shows what the conversion\n"
          "changed, not its namespaces.  Nothing is printed when A and B are the\n"
          "same.\n"
          "\n"
          "Options:\n", out);
    cli_help_format(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 the same, 1 different, 2 trouble (a cartridge that cannot\n"
          "be read, a usage error).\n", out);
}

int cmd_diff(int argc, char **argv)
{
    cli_opts o;
    int first;
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT, NULL, NULL, NULL,
                       NULL, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 2)
        return cli_usage_error(&self, "two cartridges are needed: A and B");
    const char *a = argv[first], *b = argv[first + 1];
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_diff *d = NULL;
    if (cckit_diff_paths(a, b, &o.limits, &d, &err) != CCKIT_OK) {
        /* the library's message names the file; say which cartridge */
        cli_report_error(err.file[0] ? err.file : "diff", &err);
        return CLI_EXIT_USAGE;
    }
    int w = cckit_diff_write(d, o.format == CLI_FORMAT_JSON ? CCKIT_REPORT_JSON
                                                            : CCKIT_REPORT_TEXT, stdout);
    int saved = errno;
    bool different = d->n_changes > 0;
    cckit_diff_free(d);
    if (w != 0) {
        cli_write_failed(2, saved);
        return 2;
    }
    cli_flush_stdout();
    if (cli_stdout_errno() != 0) {
        cli_finish_stdout(2);
        return 2;
    }
    return different ? 1 : 0;
}
