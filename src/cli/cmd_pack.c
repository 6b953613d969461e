/*
 * cmd_pack.c - `cckit pack DIR -o COURSE.imscc`: make a cartridge from a
 * folder (optionally with a YAML outline), or re-zip an unpacked one.
 * The work is cckit_pack() in the library.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command self = { "pack", NULL, cmd_pack, cmd_pack_help };

void cmd_pack_help(FILE *out)
{
    fputs("Usage: cckit pack [OPTIONS] DIR -o COURSE.imscc\n"
          "\n"
          "Make a Common Cartridge from the folder DIR.\n"
          "  - DIR holds imsmanifest.xml: it is validated (lenient) and re-zipped\n"
          "    as it is, every file byte for byte.\n"
          "  - otherwise the folder tree becomes the course outline: sub-folders\n"
          "    become folder items, HTML pages and documents become web content\n"
          "    items (titles from <title> or the file name); files the pages use\n"
          "    (img, link, script, a, source, video poster, url() in CSS) are found\n"
          "    with the HTML parser and listed with them; a missing one is an\n"
          "    error naming the page and line.  Hidden files (.git, .DS_Store,\n"
          "    Thumbs.db, __MACOSX) are skipped.\n"
          "  - with --outline, the YAML outline lists modules and items (pages,\n"
          "    files, web links, LTI links, discussions, assignments, quizzes).\n"
          "The result is checked with the strict validator before it is written;\n"
          "identifiers are hashes of paths, so the same input gives the same bytes.\n"
          "At the end pack says what it wrote: \"wrote FILE: N items, M files\".\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE             the cartridge to write (required)\n"
          "      --cc 1.1|1.2|1.3|thin     CC version (default 1.3, or the outline's cc)\n"
          "      --outline FILE            YAML course outline (see cckit(1))\n"
          "      --title TEXT              cartridge title (default: outline title or\n"
          "                                the folder name)\n"
          "  -f, --force                   replace FILE if it exists\n"
          "      --allow-invalid           re-pack a cartridge folder despite errors\n"
          "      --schemas DIR             our XSD folder (default $CCKIT_SCHEMA_DIR or\n"
          "                                the installed one)\n"
          "  -v, --verbose                 also print notes (skipped hidden files)\n", out);
    cli_help_format(out);
    fputs("                                json: one document on stdout (written or not,\n"
          "                                the error and every finding in it)\n"
          "  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\nExit status: 0 written, 1 nothing written (errors listed), 2 usage error.\n",
          out);
}

enum { OPT_CC = 0x2000, OPT_OUTLINE, OPT_TITLE, OPT_ALLOW_INVALID, OPT_SCHEMAS };

typedef struct pack_args {
    cckit_pack_options opt;
    const char *output;
    bool verbose;
} pack_args;

static int on_option(void *ctx, int opt, const char *arg)
{
    pack_args *a = ctx;
    switch (opt) {
    case 'o': a->output = arg; return 0;
    case 'f': a->opt.force = true; return 0;
    case 'v': a->verbose = true; return 0;
    case OPT_OUTLINE: a->opt.outline = arg; return 0;
    case OPT_TITLE: a->opt.title = arg; return 0;
    case OPT_ALLOW_INVALID: a->opt.allow_invalid = true; return 0;
    case OPT_SCHEMAS: a->opt.schema_dir = arg; return 0;
    case OPT_CC:
        if (strcmp(arg, "thin") == 0) {
            a->opt.thin = true;
            a->opt.version = CCKIT_CC_1_3;
            return 0;
        }
        a->opt.thin = false;   /* the last --cc wins */
        a->opt.version = cckit_cc_version_parse(arg);
        if (a->opt.version == CCKIT_CC_1_1 || a->opt.version == CCKIT_CC_1_2 ||
            a->opt.version == CCKIT_CC_1_3)
            return 0;
        return cli_usage_error(&self, "invalid value '%s' for --cc: expected 1.1, 1.2, 1.3 "
                               "or thin", arg);
    default:
        return cli_usage_error(&self, "unknown option");
    }
}

int cmd_pack(int argc, char **argv)
{
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'f' },
        { "verbose", no_argument, NULL, 'v' },
        { "cc", required_argument, NULL, OPT_CC },
        { "outline", required_argument, NULL, OPT_OUTLINE },
        { "title", required_argument, NULL, OPT_TITLE },
        { "allow-invalid", no_argument, NULL, OPT_ALLOW_INVALID },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    pack_args a;
    int first;
    memset(&a, 0, sizeof a);
    cckit_pack_options_default(&a.opt);
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT | CLI_OPT_COLOR, "o:fv", longs,
                       on_option, &a, &o, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return cli_usage_error(&self, "missing the folder to pack");
    if (argc - first > 1)
        return cli_usage_error(&self, "one folder at a time (got %d operands)", argc - first);
    if (a.output == NULL)
        return cli_usage_error(&self, "missing -o FILE, the cartridge to write");
    a.opt.limits = o.limits;
    cckit_pack_summary sum = { 0, 0 };
    a.opt.summary = &sum;

    const char *dir = argv[first];
    cckit_diags diags = { 0 };
    cckit_error err = { 0 };
    /* A signal stops the library, which removes its temporary file. */
    a.opt.cancel = cli_trap_interrupts();
    a.opt.schema_dir = cli_schema_dir(a.opt.schema_dir);
    cckit_status st = cckit_pack(dir, a.output, &a.opt, &diags, &err);
    bool color = cli_use_color(&o, stderr);
    if (!a.verbose) {
        /* notes only with --verbose */
        size_t k = 0;
        for (size_t i = 0; i < diags.n; i++) {
            if (diags.v[i].severity == CCKIT_SEV_INFO) {
                free(diags.v[i].file);
                free(diags.v[i].message);
                continue;
            }
            diags.v[k++] = diags.v[i];
        }
        diags.n = k;
    }
    if (!cli_name_limits(&diags))
        cli_error("out of memory");
    if (o.format == CLI_FORMAT_JSON)
        cckit_result_write_json("pack", dir, a.output, st == CCKIT_OK ? NULL : &err, &diags,
                                stdout);
    else
        cli_print_diags(dir, &diags, stderr, color);
    cckit_diags_free(&diags);
    if (st != CCKIT_OK) {
        cli_report_error(dir, &err);
        return cli_interrupt_exit(CLI_EXIT_FAIL);
    }
    fprintf(stderr, "cckit: wrote %s: %zu item%s, %zu file%s\n", a.output, sum.items,
            sum.items == 1 ? "" : "s", sum.files, sum.files == 1 ? "" : "s");
    return cli_interrupt_exit(CLI_EXIT_OK);
}
