/*
 * cmd_profile.c - `cckit profile [-o FILE] INPUT...` and
 * `cckit profile --merge PROFILE... -o FILE`: the characterization of a
 * set of cartridges as JSON, one cartridge at a time (memory flat in
 * their number), and the merge of characterizations made in shards.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

static const cli_command self = { "profile", NULL, cmd_profile, cmd_profile_help };

void cmd_profile_help(FILE *out)
{
    fputs("Usage: cckit profile [OPTIONS] INPUT...\n"
          "       cckit profile --merge PROFILE... [-o FILE]\n"
          "\n"
          "Characterize a set of cartridges, storing none of their content: CC\n"
          "versions and flavours, resource kinds and type strings, how often each\n"
          "field of the manifest and of every descriptor is populated, enumerated\n"
          "tokens, namespaces, extension elements, link forms, producers, and the\n"
          "ranges of package facts (size, entries, path lengths, depth, items).\n"
          "INPUT is a .imscc file, an unpacked cartridge folder, or a folder of\n"
          ".imscc/.zip files (not recursive).  The JSON format is described by\n"
          "schemas/json/profile.schema.json.\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE             write the profile to FILE (default: stdout),\n"
          "                                through a temporary renamed into place\n"
          "      --merge                   the INPUTs are profiles: write their sum\n"
          "      --format json|html|jsonl  json (default): one profile of every INPUT;\n"
          "                                html: one page of charts, each with a table\n"
          "                                of its numbers; jsonl: a batch, one record a\n"
          "                                cartridge with its own profile as result\n"
          "  -h, --help                    show this help\n\n", out);
    cli_help_batch(out);
    fputs("\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 every input characterized, 1 an input could not be read\n"
          "(it is counted as unreadable; the profile is still written), 2 usage error.\n",
          out);
}

typedef struct profile_ctx {
    const char *output;
    bool merge;
    bool html;
    bool jsonl;            /* --format jsonl: a batch */
    cckit_limits limits;   /* for the batch job */
} profile_ctx;

enum { OPT_MERGE = 0x2000, OPT_PFORMAT };

static const char *const failing[] = { "unreadable", NULL };

/* The batch job: the profile of one cartridge, in a worker. */
static cckit_status profile_job(void *vctx, cckit_batch_record *r)
{
    const profile_ctx *c = vctx;
    cckit_profile *p = cckit_profile_new();
    if (p == NULL)
        return CCKIT_E_NOMEM;
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_status st = cckit_profile_add(p, r->input, &c->limits, &err);
    if (st == CCKIT_E_NOMEM) {
        cckit_profile_free(p);
        return st;
    }
    r->verdict = st == CCKIT_OK ? "profiled" : "unreadable";
    char *buf;
    size_t len;
    FILE *f = cli_batch_result_begin(&buf, &len);
    bool ok = f != NULL && cckit_profile_write_json(p, f) == 0;
    ok = cli_batch_result_end(f, &buf, r) && ok;
    cckit_profile_free(p);
    return ok ? CCKIT_OK : CCKIT_E_NOMEM;
}

static int profile_batch(cli_opts *o, profile_ctx *ctx, char **operands, int n)
{
    if (ctx->merge || ctx->output || ctx->html)
        return cli_usage_error(&self, "a batch (--format jsonl, --jobs ...) writes one record "
                               "a cartridge on standard output: no --merge, no -o, no html");
    if (o->format == CLI_FORMAT_TEXT)
        o->format = CLI_FORMAT_JSONL;   /* a profile has no text form */
    cckit_batch_inputs in;
    int rc = cli_batch_inputs(&self, &o->batch, operands, n, &in);
    if (rc >= 0)
        return rc;
    char opts[512];
    cli_batch_limits_string(&o->limits, opts, sizeof opts);
    ctx->limits = o->limits;
    cli_batch_job job = { "profile", opts, profile_job, ctx, failing };
    rc = cli_batch_run(&self, o, &in, &job);
    cckit_batch_inputs_free(&in);
    return rc;
}

static int extra(void *vctx, int opt, const char *arg)
{
    profile_ctx *c = vctx;
    switch (opt) {
    case 'o': c->output = arg; return 0;
    case OPT_MERGE: c->merge = true; return 0;
    case OPT_PFORMAT:
        if (strcmp(arg, "json") == 0 || strcmp(arg, "html") == 0 || strcmp(arg, "jsonl") == 0) {
            c->html = strcmp(arg, "html") == 0;
            c->jsonl = strcmp(arg, "jsonl") == 0;
            return 0;
        }
        return cli_usage_error(&self, "invalid value '%s' for --format: expected 'json', "
                               "'html' or 'jsonl'", arg);
    }
    return cli_usage_error(&self, "unknown option");
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_archive_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 6 && strcasecmp(name + n - 6, ".imscc") == 0) ||
           (n > 4 && strcasecmp(name + n - 4, ".zip") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add one cartridge; 0 when read, 1 when counted as unreadable. */
static int add_one(cckit_profile *p, const char *path, const cli_opts *o)
{
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_status st = cckit_profile_add(p, path, &o->limits, &err);
    if (st == CCKIT_OK)
        return 0;
    cli_report_error(path, &err);
    return 1;
}

/* A folder with a manifest is a cartridge; any other folder holds
 * cartridges, taken in name order. */
static int add_input(cckit_profile *p, const char *path, const cli_opts *o)
{
    if (!is_dir(path))
        return add_one(p, path, o);
    char *manifest = malloc(strlen(path) + 20);
    if (manifest == NULL)
        return 1;
    sprintf(manifest, "%s/imsmanifest.xml", path);
    struct stat st;
    bool cart = stat(manifest, &st) == 0;
    free(manifest);
    if (cart)
        return add_one(p, path, o);
    DIR *d = opendir(path);
    if (d == NULL) {
        cli_error("%s: cannot open the folder", path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!is_archive_name(de->d_name))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (nn == NULL) {
                bad = 1;
                break;
            }
            names = nn;
        }
        names[n] = malloc(strlen(path) + strlen(de->d_name) + 2);
        if (names[n] == NULL) {
            bad = 1;
            break;
        }
        sprintf(names[n], "%s/%s", path, de->d_name);
        n++;
    }
    closedir(d);
    if (n > 1)   /* names is NULL in a folder without cartridges */
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        bad |= add_one(p, names[i], o);
        free(names[i]);
    }
    free(names);
    return bad;
}

/* Write the profile (and free it); the exit status.  -o goes through
 * a temporary renamed into place: never half a profile. */
static int write_out(cckit_profile *p, const profile_ctx *ctx, int bad)
{
    if (ctx->output != NULL) {
        cckit_error err;
        memset(&err, 0, sizeof err);
        cckit_status st = cckit_profile_write_file(p, ctx->html, ctx->output,
                                                   cli_trap_interrupts(), &err);
        cckit_profile_free(p);
        if (st != CCKIT_OK) {
            cli_error("%s", err.message);
            return cli_interrupt_exit(CLI_EXIT_FAIL);
        }
        return cli_interrupt_exit(bad ? CLI_EXIT_FAIL : CLI_EXIT_OK);
    }
    int wrc = ctx->html ? cckit_profile_write_html(p, stdout) : cckit_profile_write_json(p, stdout);
    cckit_profile_free(p);
    if (wrc != 0) {
        cli_error("stdout: cannot write the profile");
        return CLI_EXIT_FAIL;
    }
    return cli_finish_stdout(bad ? CLI_EXIT_FAIL : CLI_EXIT_OK);
}

/* One profile of the inputs found by -r / --files-from. */
static int profile_inputs(const profile_ctx *ctx, const cli_opts *o,
                          const cckit_batch_inputs *in)
{
    if (ctx->merge)
        return cli_usage_error(&self, "--merge reads profiles: no -r, no --files-from");
    cckit_profile *p = cckit_profile_new();
    if (p == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_FAIL;
    }
    int bad = 0;
    for (size_t i = 0; i < in->n; i++)
        bad |= add_one(p, in->paths[i], o);
    return write_out(p, ctx, bad);
}

int cmd_profile(int argc, char **argv)
{
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "merge", no_argument, NULL, OPT_MERGE },
        { "format", required_argument, NULL, OPT_PFORMAT },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    profile_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_BATCH, "o:",
                       longs, extra, &ctx, &o, &first);
    if (rc >= 0)
        return rc;
    if (ctx.jsonl)
        o.format = CLI_FORMAT_JSONL;
    if (o.format == CLI_FORMAT_JSONL || o.batch.pool)
        return profile_batch(&o, &ctx, argv + first, argc - first);
    if (o.batch.recurse || o.batch.files_from) {
        /* many inputs for the one profile: the batch's discovery */
        cckit_batch_inputs in;
        rc = cli_batch_inputs(&self, &o.batch, argv + first, argc - first, &in);
        if (rc >= 0)
            return rc;
        rc = profile_inputs(&ctx, &o, &in);
        cckit_batch_inputs_free(&in);
        return rc;
    }
    if (argc - first < 1)
        return cli_usage_error(&self, ctx.merge ? "missing PROFILE (a JSON file of cckit profile)"
                                                : "missing INPUT (a .imscc file or a folder)");
    cckit_profile *p = cckit_profile_new();
    if (p == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_FAIL;
    }
    int bad = 0;
    for (int i = first; i < argc; i++) {
        if (!ctx.merge) {
            bad |= add_input(p, argv[i], &o);
            continue;
        }
        cckit_profile *q = NULL;
        cckit_error err;
        memset(&err, 0, sizeof err);
        if (cckit_profile_load(argv[i], &q, &err) != CCKIT_OK ||
            cckit_profile_merge(p, q, &err) != CCKIT_OK) {
            /* A merge with a shard missing would lie about the whole. */
            cli_error("%s", err.message);
            cckit_profile_free(q);
            cckit_profile_free(p);
            return CLI_EXIT_FAIL;
        }
        cckit_profile_free(q);
    }
    return write_out(p, &ctx, bad);
}
