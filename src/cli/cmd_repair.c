/*
 * cmd_repair.c - `cckit repair IN -o OUT [--dry-run] [--only FIX,...]`:
 * write a cartridge with the safe fixes, each listed.
 *
 * The library does the work (cckit_repair, src/lib/repair/); this file
 * parses the options, traps interrupts and prints the report (text or
 * --format json) on standard output.  Exit status: 0 written (or, with
 * --dry-run, would be) without errors, 1 errors remain (listed, with why
 * they were not repaired), 2 trouble: a usage error, an input that is
 * unreadable or unsafe, an output that cannot be written.
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

static const cli_command self = { "repair", NULL, cmd_repair, cmd_repair_help };

void cmd_repair_help(FILE *out)
{
    fputs("Usage: cckit repair [OPTIONS] CARTRIDGE -o OUT.imscc\n"
          "       cckit repair --dry-run [OPTIONS] CARTRIDGE\n"
          "       cckit repair [OPTIONS] --output-dir DIR COURSE...\n"
          "\n"
          "Write a copy of a Common Cartridge (a .imscc file or an unpacked folder)\n"
          "with the safe fixes made, and list each fix (code, what, where) on\n"
          "standard output.  A fix that would need a guess is not made: the report\n"
          "says why.  No content is lost: every file's bytes are in OUT, except\n"
          "operating-system litter, which is named.  Repairing OUT again changes\n"
          "nothing, byte for byte.  The fixes ('cckit rules --select repair.'):\n"
          "  manifest-moved       a cartridge zipped with its folder moved to the root\n"
          "  junk-dropped         __MACOSX/, .DS_Store, Thumbs.db and folder entries left out\n"
          "  id-renamed           duplicate identifiers renamed (references keep their target)\n"
          "  type-version         type strings of another CC version spelled for this one\n"
          "  href-encoding        hrefs fixed where exactly one file matches them once\n"
          "                       percent-encoding, NFC/NFD and letter case are set aside\n"
          "  file-listed          a resource's href added to its <file> list\n"
          "  page-file-listed     a file a page uses that no resource lists, added\n"
          "  dangling-ref-removed references to no resource removed (a loss, listed)\n"
          "  lti-icon-removed     an LTI link's cartridge_icon naming no resource removed\n"
          "                       (a loss, listed)\n"
          "  order-normalised     a descriptor's elements put in its schema's order\n"
          "                       (topics, web links, LTI links, CC QTI sequences)\n"
          "and, with --target, what that LMS's import model asks for:\n"
          "  target-tf-idents     true/false answer idents renamed true and false\n"
          "                       (the import model has the check qti-true-false-idents)\n"
          "  target-id-ncname     identifiers that are no XML names prefixed id_, with\n"
          "                       their references (check manifest-schema-error)\n"
          "  target-empty-assessment  an assessment without any question removed, with\n"
          "                       its files and references (a loss, listed; Moodle\n"
          "                       fails the whole import on it: qti-unknown-types-only)\n"
          "\n"
          "Options:\n"
          "  -o, --output OUT              the .imscc to write (never the input)\n"
          "  -n, --dry-run                 list the fixes, write nothing\n"
          "      --only FIX,...            make only these fixes\n"
          "  -f, --force                   replace OUT if it exists\n"
          "      --strict                  count errors as 'validate --strict' does\n"
          "      --target NAME|FILE        also the fixes this import model asks for\n"
          "                                (e.g. moodle; 'cckit compat --list-targets')\n"
          "      --keep-empty-assessments  with --target: list an assessment without a\n"
          "                                question as not repaired, instead of removing it\n"
          "      --models DIR              the import models (default: the installed ones)\n"
          "      --schemas DIR             the schemas for the validations\n"
          "      --output-dir DIR          many COURSEs: write each into DIR under its own\n"
          "                                name (a.imscc, b.zip and folder c/ give a.imscc,\n"
          "                                b.imscc and c.imscc); a batch (see below)\n"
          "      --skip-existing           with --output-dir: leave a COURSE whose output\n"
          "                                exists (status skipped)\n"
          "  A batch also takes the format jsonl: one JSON object a COURSE, verdict\n"
          "  repaired, unchanged (nothing to fix), errors-left or refused.\n", out);
    cli_help_format(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_batch(out);
    fputs("\n", out);
    cli_help_limits(out);
    fputs("\n"
          "OUT is always a ZIP archive, written atomically and deterministically (names\n"
          "in byte order, the manifest first, fixed timestamps, media stored); it is\n"
          "validated before it is renamed into place, and the errors left are listed.\n"
          "Exit status: 0 written with no errors left, 1 written but errors remain\n"
          "(listed), 2 nothing written: usage error, unreadable or unsafe input,\n"
          "an output that cannot be written, interrupted.  A batch: 0 every COURSE\n"
          "repaired, unchanged or skipped, 1 one with errors left, refused or failed,\n"
          "2 usage, 130 interrupted.\n", out);
}

typedef struct repair_ctx {
    const char *output;
    const char *only;
    const char *schemas;
    const char *target;
    const char *models;
    bool force, dry_run, strict;
    const char *output_dir;
    bool skip_existing;
    bool keep_empty;
    cckit_repair_options ro;    /* for the batch job */
} repair_ctx;

/* above the shared options (0x1000..) */
enum { OPT_ONLY = 0x2000, OPT_STRICT, OPT_SCHEMAS, OPT_TARGET, OPT_MODELS, OPT_OUTPUT_DIR,
       OPT_SKIP_EXISTING, OPT_KEEP_EMPTY };

static int extra(void *vctx, int opt, const char *arg)
{
    repair_ctx *c = vctx;
    switch (opt) {
    case 'o': c->output = arg; return 0;
    case 'n': c->dry_run = true; return 0;
    case 'f': c->force = true; return 0;
    case OPT_ONLY: c->only = arg; return 0;
    case OPT_STRICT: c->strict = true; return 0;
    case OPT_SCHEMAS: c->schemas = arg; return 0;
    case OPT_TARGET: c->target = arg; return 0;
    case OPT_MODELS: c->models = arg; return 0;
    case OPT_OUTPUT_DIR: c->output_dir = arg; return 0;
    case OPT_SKIP_EXISTING: c->skip_existing = true; return 0;
    case OPT_KEEP_EMPTY: c->keep_empty = true; return 0;
    }
    return cli_usage_error(&self, "unknown option");
}

static const char *const failing[] = { "errors-left", "refused", NULL };

/* The batch job: one repair in a worker. */
static cckit_status repair_job(void *ctx, cckit_batch_record *r)
{
    const repair_ctx *c = ctx;
    char *out = NULL;
    if (!c->ro.dry_run && (out = cli_batch_output_path(c->output_dir, r->input)) == NULL)
        return CCKIT_E_NOMEM;
    if (c->skip_existing && out && cli_batch_skip_existing(out, r)) {
        free(out);
        return CCKIT_OK;
    }
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_repair_report *rep = NULL;
    cckit_status cs = cckit_repair(r->input, out, &c->ro, &rep, &err);
    if (cs == CCKIT_E_NOMEM) {
        cckit_repair_report_free(rep);
        free(out);
        return cs;
    }
    char *buf;
    size_t len;
    FILE *f = cli_batch_result_begin(&buf, &len);
    bool ok = f != NULL;
    if (cs != CCKIT_OK) {
        r->verdict = "refused";
        r->counts[CCKIT_SEV_ERROR] = 1;   /* why: the result's "error" */
        ok = ok && cckit_result_write_json("repair", r->input, out, &err, NULL, f) == 0;
    } else {
        r->verdict = rep->validated_after && rep->errors_after ? "errors-left"
                     : rep->fixes.n ? "repaired" : "unchanged";
        r->version = cli_batch_version(rep->version);
        r->producer = rep->producer;   /* from its validation's reads */
        r->counts[CCKIT_SEV_ERROR] = rep->validated_after ? rep->errors_after : rep->remaining.n;
        r->counts[CCKIT_SEV_WARNING] = rep->losses;
        r->counts[CCKIT_SEV_INFO] = rep->fixes.n - rep->losses;
        ok = ok && cli_name_limits(&rep->remaining)
             && cckit_batch_record_add_diags(r, &rep->fixes)
             && cckit_batch_record_add_diags(r, &rep->declined)
             && cckit_batch_record_add_diags(r, &rep->remaining);
        ok = ok && cckit_repair_report_write(rep, CCKIT_REPORT_JSON, f) == 0;
    }
    ok = cli_batch_result_end(f, &buf, r) && ok;
    cckit_repair_report_free(rep);
    free(out);
    return ok ? CCKIT_OK : CCKIT_E_NOMEM;
}

static int repair_batch(cli_opts *o, repair_ctx *ctx, char **operands, int n)
{
    char opts[2048], lim[256];
    cli_batch_limits_string(&o->limits, lim, sizeof lim);
    snprintf(opts, sizeof opts, "dry-run=%d force=%d strict=%d only=%s target=%s models=%s "
             "skip-existing=%d output-dir=%s %s", ctx->dry_run, ctx->force, ctx->strict,
             ctx->only ? ctx->only : "", ctx->target ? ctx->target : "",
             ctx->target ? cli_model_dir(ctx->models) : "", ctx->skip_existing,
             ctx->output_dir ? ctx->output_dir : "", lim);
    if (ctx->keep_empty)    /* only when given: the options of earlier runs stay the same */
        strncat(opts, " keep-empty-assessments=1", sizeof opts - strlen(opts) - 1);
    cli_batch_job job = { "repair", opts, repair_job, ctx, failing };
    return cli_batch_run_to_dir(&self, o, ctx->output, ctx->output_dir, "--dry-run",
                                ctx->dry_run, operands, n, &job);
}

int cmd_repair(int argc, char **argv)
{
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "dry-run", no_argument, NULL, 'n' },
        { "force", no_argument, NULL, 'f' },
        { "only", required_argument, NULL, OPT_ONLY },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { "target", required_argument, NULL, OPT_TARGET },
        { "models", required_argument, NULL, OPT_MODELS },
        { "output-dir", required_argument, NULL, OPT_OUTPUT_DIR },
        { "skip-existing", no_argument, NULL, OPT_SKIP_EXISTING },
        { "keep-empty-assessments", no_argument, NULL, OPT_KEEP_EMPTY },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    repair_ctx ctx;
    memset(&ctx, 0, sizeof ctx);

    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT | CLI_OPT_BATCH, "o:nf",
                       longs, extra, &ctx, &o, &first);
    if (rc >= 0)
        return rc;
    bool batch = cli_batch_wanted(&o, ctx.output_dir);
    if ((rc = cli_one_or_batch(&self, &o, argc - first, batch, ctx.output_dir,
                               ctx.skip_existing)) >= 0)
        return rc;
    if (ctx.keep_empty && !ctx.target)
        return cli_usage_error(&self, "--keep-empty-assessments goes with --target NAME");
    if (!ctx.output && !ctx.dry_run && !batch)
        return cli_usage_error(&self, "missing -o OUT (the .imscc to write), or --dry-run");
    if (ctx.output && ctx.dry_run)
        return cli_usage_error(&self, "--dry-run writes nothing: give -o OUT or --dry-run, "
                               "not both");

    cckit_repair_options ro;
    cckit_repair_options_default(&ro);
    ro.dry_run = ctx.dry_run;
    ro.force = ctx.force;
    ro.strict = ctx.strict;
    ro.only = ctx.only;
    ro.schema_dir = cli_schema_dir(ctx.schemas);
    ro.limits = o.limits;
    ro.keep_empty_assessments = ctx.keep_empty;

    const char *path = argv[first];
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_repair_report *rep = NULL;
    cckit_model *model = NULL;
    if (ctx.target) {
        cckit_diags problems = { 0 };
        if (cckit_model_find(cli_model_dir(ctx.models), ctx.target, &model, &problems, &err)
            != CCKIT_OK) {
            for (size_t k = 0; k < problems.n; k++)
                fprintf(stderr, "cckit: %s:%u: %s\n", problems.v[k].file,
                        problems.v[k].line, problems.v[k].message);
            if (!problems.n)
                cli_error("--target %s: %s", ctx.target, err.message);
            cckit_diags_free(&problems);
            return CLI_EXIT_USAGE;
        }
        cckit_diags_free(&problems);
        ro.target = model;
    }

    if (batch) {
        ctx.ro = ro;
        rc = repair_batch(&o, &ctx, argv + first, argc - first);
        cckit_model_free(model);
        return rc;
    }

    ro.cancel = cli_trap_interrupts();
    cckit_status st = cckit_repair(path, ctx.output, &ro, &rep, &err);
    if (st != CCKIT_OK) {
        if (o.format == CLI_FORMAT_JSON)
            cckit_result_write_json("repair", path, ctx.output, &err, NULL, stdout);
        cli_report_error(path, &err);
        cckit_repair_report_free(rep);
        cckit_model_free(model);
        return cli_interrupt_exit(CLI_EXIT_USAGE);
    }
    rc = rep->errors_after ? CLI_EXIT_FAIL : CLI_EXIT_OK;
    if (!cli_name_limits(&rep->remaining))
        cli_error("out of memory");
    if (cckit_repair_report_write(rep, o.format == CLI_FORMAT_JSON ? CCKIT_REPORT_JSON
                                                                   : CCKIT_REPORT_TEXT,
                                  stdout) != 0)
        rc = cli_write_failed(CLI_EXIT_USAGE, errno);
    cckit_repair_report_free(rep);
    cckit_model_free(model);
    return cli_interrupt_exit(cli_finish_stdout(rc));
}
