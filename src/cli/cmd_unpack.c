/*
 * cmd_unpack.c - `cckit unpack COURSE.imscc -C DIR`: extract a cartridge
 * into a folder with every import safety rule (see cckit_unpack() in
 * cckit.h): nothing is written outside DIR, links are never followed,
 * existing files are kept unless --force, and a failure or an interrupt
 * leaves DIR as it was.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "cli.h"

static const cli_command self = { "unpack", NULL, cmd_unpack, cmd_unpack_help };

void cmd_unpack_help(FILE *out)
{
    fputs("Usage: cckit unpack [OPTIONS] CARTRIDGE -C DIR\n"
          "\n"
          "Extract every file of a .imscc/.zip archive into the folder DIR (created\n"
          "if missing; its parent must exist).  Entry names are checked first:\n"
          "paths that would leave DIR (\"..\", absolute), symbolic links, encrypted\n"
          "entries, names that differ only in case, and archives above the limits\n"
          "are refused before anything is written.  Files are extracted into a\n"
          "temporary folder, checked (CRC), and moved into DIR only when all are\n"
          "complete: a failure or an interrupt leaves DIR as it was.  Links found in\n"
          "DIR are never followed.  Files get mode 0644, folders 0755.\n"
          "\n"
          "Options:\n"
          "  -C, --directory=DIR           the folder to extract into (required)\n"
          "  -f, --force                   replace existing files (never a folder, and\n"
          "                                never by writing through a link)\n"
          "  -q, --quiet                   do not print warnings about the archive\n"
          "  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\nExit status: 0 success, 1 the archive is unreadable or unsafe, or DIR\n"
          "cannot be written (nothing was written outside DIR), 2 usage error.\n", out);
}

int cmd_unpack(int argc, char **argv)
{
    static const cli_dir_command spec = { 'C', "directory", "destination folder", "the folder to extract into",
                                         "a .imscc or .zip file" };
    cli_opts o;
    cli_dir_args ctx;
    int rc = cli_parse_dir_command(argc, argv, &self, &spec, &o, &ctx);
    if (rc >= 0)
        return rc;

    const char *path = ctx.path;
    cckit_unpack_options uo;
    cckit_unpack_options_default(&uo);
    uo.force = ctx.force;
    uo.limits = o.limits;

    cckit_diags diags;
    memset(&diags, 0, sizeof diags);
    cckit_error err;
    memset(&err, 0, sizeof err);

    uo.cancel = cli_trap_interrupts();
    cckit_status st = cckit_unpack(path, ctx.dir, &uo, &diags, &err);
    if (!ctx.quiet && diags.n)
        cli_print_diags(path, &diags, stderr, cli_use_color(&o, stderr));
    cckit_diags_free(&diags);
    if (st != CCKIT_OK) {
        cli_report_error(path, &err);
        return cli_interrupt_exit(st == CCKIT_E_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL);
    }
    return cli_interrupt_exit(CLI_EXIT_OK);
}
