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

typedef struct preview_ctx {
    const char *dir;
    bool force;
    bool quiet;
} preview_ctx;

static int extra(void *vctx, int opt, const char *arg)
{
    preview_ctx *c = vctx;
    switch (opt) {
    case 'o':
        if (c->dir)
            return cli_usage_error(&self, "-o given twice: one output folder");
        if (!arg || !*arg)
            return cli_usage_error(&self, "-o needs a folder name");
        c->dir = arg;
        return 0;
    case 'f':
        c->force = true;
        return 0;
    case 'q':
        c->quiet = true;
        return 0;
    }
    return cli_usage_error(&self, "unknown option");
}

int cmd_preview(int argc, char **argv)
{
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'f' },
        { "quiet", no_argument, NULL, 'q' },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    preview_ctx ctx = { NULL, false, false };

    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS, "o:fq", longs, extra, &ctx, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(&self, "missing CARTRIDGE (a .imscc file or a folder)");
    if (argc - first > 1)
        return cli_usage_error(&self, "too many arguments: one CARTRIDGE at a time");
    if (!ctx.dir)
        return cli_usage_error(&self, "missing -o DIR (the folder to write the site into)");

    const char *path = argv[first];
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
