/*
 * cmd_preview.c - `cckit preview CARTRIDGE -o DIR`: a static, offline
 * site of a cartridge, to see a course as a learner will before it is
 * uploaded (see cckit_preview() in cckit.h).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "cli.h"

static const cli_command self = { "preview", NULL, cmd_preview, cmd_preview_help };

void cmd_preview_help(FILE *out)
{
    fputs("Usage: cckit preview [OPTIONS] CARTRIDGE -o DIR\n"
          "\n"
          "Write a static, offline site of the cartridge (an .imscc/.zip file or an\n"
          "unpacked folder; CC 1.0-1.4 and Thin CC) into the folder DIR; open\n"
          "DIR/index.html in a browser.  The site shows the outline as a tree and,\n"
          "apart from it, the resources no item reaches; web pages of the cartridge\n"
          "in a sandboxed frame under a policy that stops their scripts and every\n"
          "load from the network; assessments and question banks as questions with\n"
          "the correct answers and feedback marked (instructor view); discussions,\n"
          "web links, LTI links (not launched) and assignments.  $IMS-CC-FILEBASE$\n"
          "and the Canvas link forms are resolved; broken links are marked.\n"
          "\n"
          "DIR is written as a temporary folder beside it and renamed at the end: a\n"
          "failure or an interrupt leaves nothing behind.  An existing DIR that is\n"
          "not empty is refused unless --force, which replaces it.\n"
          "\n"
          "Options:\n"
          "  -o, --output=DIR              the folder to write (required)\n"
          "  -f, --force                   replace DIR if it exists and is not empty\n"
          "  -q, --quiet                   print nothing on success\n"
          "  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\nExit status: 0 the site was written, 1 the cartridge is unreadable or\n"
          "unsafe, or DIR cannot be written (nothing was written), 2 usage error.\n", out);
}

int cmd_preview(int argc, char **argv)
{
    static const cli_dir_command spec = { 'o', "output", "output folder", "the folder to write the site into",
                                         "a .imscc file or a folder" };
    cli_opts o;
    cli_dir_args ctx;
    int rc = cli_parse_dir_command(argc, argv, &self, &spec, &o, &ctx);
    if (rc >= 0)
        return rc;

    const char *path = ctx.path;
    cckit_preview_options po;
    cckit_preview_options_default(&po);
    cckit_preview_summary sum;
    memset(&sum, 0, sizeof sum);
    po.force = ctx.force;
    po.limits = o.limits;
    po.summary = &sum;
    po.cancel = cli_trap_interrupts();

    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_status st = cckit_preview(path, ctx.dir, &po, &err);
    if (st != CCKIT_OK) {
        cli_report_error(path, &err);
        return cli_interrupt_exit(st == CCKIT_E_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL);
    }
    if (!ctx.quiet)
        printf("%s: wrote %s/index.html: %zu items, %zu resources not in the outline, %zu "
               "questions, %zu files (%zu pages), %zu broken links\n",
               path, ctx.dir, sum.items, sum.unreached, sum.questions, sum.files, sum.pages,
               sum.broken_links);
    return cli_interrupt_exit(CLI_EXIT_OK);
}
