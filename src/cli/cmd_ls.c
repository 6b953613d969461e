/*
 * cmd_ls.c - `cckit ls CARTRIDGE`: the entries of a package with their
 * sizes and compression, from the ZIP central directory only (nothing is
 * inflated).  Entry names are checked by the library on open.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const cli_command self = { "ls", NULL, cmd_ls, cmd_ls_help };

void cmd_ls_help(FILE *out)
{
    fputs("Usage: cckit ls [OPTIONS] CARTRIDGE\n"
          "\n"
          "List the entries of a .imscc/.zip file (or the files of an unpacked\n"
          "folder): size, compressed size, method (stored/deflated), ratio\n"
          "(uncompressed/compressed), modification time and name, then a total.\n"
          "Only the central directory is read; no entry is inflated.\n"
          "\n"
          "Options:\n", out);
    cli_help_format(out);
    cli_help_color(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\nExit status: 0 success, 1 not a readable or safe package, 2 usage error.\n",
          out);
}

static const char *method_name(const cckit_source *src, int method)
{
    if (!cckit_source_is_archive(src))
        return "file";
    switch (method) {
    case CCKIT_METHOD_STORE: return "stored";
    case CCKIT_METHOD_DEFLATE: return "deflated";
    default: return NULL;
    }
}

/* Expansion ratio size/comp_size, or -1 when not meaningful. */
static double ratio(uint64_t size, uint64_t comp)
{
    if (comp == 0)
        return size == 0 ? 1.0 : -1.0;
    return (double)size / (double)comp;
}

static void format_time(int64_t t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf(buf, len, "%-16s", "-");
}

static void write_text(const cckit_source *src, bool color)
{
    size_t n = cckit_source_count(src);
    uint64_t tsize = 0, tcomp = 0;
    size_t files = 0;
    const char *bold = color ? "\033[1m" : "", *off = color ? "\033[0m" : "";

    printf("%s%12s %12s %-9s %7s  %-16s  %s%s\n", bold, "Size", "Compressed",
           "Method", "Ratio", "Modified (UTC)", "Name", off);
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        char when[32], meth[24], rat[24];
        const char *m = method_name(src, e->method);
        if (m == NULL) {
            snprintf(meth, sizeof meth, "method-%d", e->method);
            m = meth;
        }
        double r = ratio(e->size, e->comp_size);
        if (e->is_dir)
            snprintf(rat, sizeof rat, "-");
        else if (r < 0)
            snprintf(rat, sizeof rat, "inf");
        else
            snprintf(rat, sizeof rat, "%.1fx", r);
        format_time(e->mtime, when, sizeof when);
        printf("%12" PRIu64 " %12" PRIu64 " %-9s %7s  %-16s  %s\n", e->size,
               e->comp_size, e->is_dir ? "dir" : m, rat, when, e->name);
        tsize += e->size;
        tcomp += e->comp_size;
        if (!e->is_dir)
            files++;
    }
    double r = ratio(tsize, tcomp);
    char rat[24], hs[32];
    if (r < 0)
        snprintf(rat, sizeof rat, "inf");
    else
        snprintf(rat, sizeof rat, "%.1fx", r);
    cli_format_size(tsize, hs, sizeof hs);
    printf("%s%12" PRIu64 " %12" PRIu64 " %-9s %7s  %-16s  %zu entr%s, %zu file%s (%s), %s %" PRIu64 " bytes%s\n",
           bold, tsize, tcomp, "", rat, "", n, n == 1 ? "y" : "ies",
           files, files == 1 ? "" : "s", hs,
           cckit_source_is_archive(src) ? "archive" : "folder",
           cckit_source_size(src), off);
}

int cmd_ls(int argc, char **argv)
{
    cli_opts o;
    int first;
    cckit_error err;
    cckit_diags diags = { 0 };
    cckit_source *src = NULL;

    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT | CLI_OPT_COLOR,
                       NULL, NULL, NULL, NULL, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(&self, "missing CARTRIDGE (a .imscc file or a folder)");
    if (argc - first > 1)
        return cli_usage_error(&self, "too many arguments: one CARTRIDGE at a time");

    const char *path = argv[first];
    memset(&err, 0, sizeof err);
    if (cckit_source_open(path, &o.limits, &diags, &src, &err) != CCKIT_OK) {
        /* A machine format always gets its document, with the error. */
        if (o.format == CLI_FORMAT_JSON)
            cckit_result_write_json("ls", path, NULL, &err, &diags, stdout);
        cli_report_error(path, &err);
        cckit_diags_free(&diags);
        return CLI_EXIT_FAIL;
    }
    if (o.format == CLI_FORMAT_JSON) {
        cckit_ls_write_json(src, &diags, stdout);
    } else {
        write_text(src, cli_use_color(&o, stdout));
        cli_flush_stdout();
        cli_print_diags(path, &diags, stderr, cli_use_color(&o, stderr));
    }
    cckit_source_close(src);
    cckit_diags_free(&diags);
    return CLI_EXIT_OK;
}
