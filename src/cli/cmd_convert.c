/*
 * cmd_convert.c - `cckit convert IN -o OUT --to 1.0|..|1.4|thin|thin1.4`:
 * rewrite a cartridge for another CC version and say what was lost.
 *
 * The library does the work (cckit_convert, XSLT in xsl/); this file
 * parses the options, traps interrupts (the library then removes its
 * temporaries) and prints the loss report (text or --format json) on
 * standard output.
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

static const cli_command self = { "convert", NULL, cmd_convert, cmd_convert_help };

void cmd_convert_help(FILE *out)
{
    fputs("Usage: cckit convert [OPTIONS] CARTRIDGE -o OUT --to VERSION\n"
          "       cckit convert [OPTIONS] --output-dir DIR --to VERSION COURSE...\n"
          "\n"
          "Convert a Common Cartridge (a .imscc file or an unpacked folder, CC 1.0-1.4)\n"
          "into a .imscc for another CC version, and report everything that was\n"
          "dropped or changed on the way (the loss report, on standard output).\n"
          "\n"
          "Options:\n"
          "  -o, --output OUT              the .imscc to write (never the input)\n"
          "  -t, --to VERSION              1.0, 1.1, 1.2, 1.3, 1.4, thin (Thin CC 1.3),\n"
          "                                thin1.2 or thin1.4\n"
          "  -f, --force                   replace OUT if it exists\n"
          "      --allow-invalid           convert an input that fails validation, and\n"
          "                                write OUT even if it has errors that the\n"
          "                                input did not have\n"
          "      --no-validate             skip every validation of input and output\n"
          "      --xsl DIR                 the stylesheets (default $CCKIT_XSL_DIR or the\n"
          "                                installed ones)\n"
          "      --schemas DIR             the schemas for the validation\n"
          "      --output-dir DIR          many COURSEs: write each into DIR under its own\n"
          "                                name (a.imscc, b.zip and folder c/ give a.imscc,\n"
          "                                b.imscc and c.imscc); a batch (see below)\n"
          "      --skip-existing           with --output-dir: leave a COURSE whose output\n"
          "                                exists (status skipped)\n"
          "  A batch also takes the format jsonl: one JSON object a COURSE.\n", out);
    cli_help_format(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_batch(out);
    fputs("\n", out);
    cli_help_limits(out);
    fputs("\n"
          "What changes: namespaces, schemaLocations, schemaversion and resource type\n"
          "strings of the manifest and of every discussion, web link, LTI link and QTI\n"
          "descriptor.  Below 1.3: assignments become web pages (gradable, submission\n"
          "formats and instructor text are lost), only the first question bank is\n"
          "kept, variants, EPUB/APIP/IWB resources and LTI-link metadata are dropped;\n"
          "in 1.1 also curriculum standards metadata and intendeduse=\"assignment\".\n"
          "CC 1.0 also has no LTI links (dropped with their items), no intendeduse and\n"
          "no curriculum standards.  CC 1.4 has no authorizations and no variants;\n"
          "LTI links there use 1.3's descriptor.  Inline descriptors are written as\n"
          "files for every target but 1.3 and Thin 1.4, which holds its links inline.\n"
          "A Thin CC keeps only web links and LTI links.  Elements of foreign\n"
          "(non-CC) namespaces are kept as they are.  Each change is one line (or one\n"
          "JSON object) naming the resource, item and file.\n"
          "\n"
          "The input must pass 'cckit validate' (lenient); the output is validated\n"
          "strictly, and if it has errors the input did not have, it is not written\n"
          "and they are listed.  --allow-invalid lifts both refusals.\n"
          "Exit status: 0 written, 1 not written (unreadable or invalid input, new\n"
          "errors, a limit hit, interrupted), 2 usage error.  A batch: 0 every COURSE\n"
          "converted or skipped, 1 one refused or failed, 2 usage, 130 interrupted.\n", out);
}

typedef struct convert_ctx {
    const char *output;
    const char *to;
    const char *xsl;
    const char *schemas;
    bool force, allow_invalid, no_validate;
    const char *output_dir;
    bool skip_existing;
    cckit_convert_options co;   /* for the batch job */
} convert_ctx;

/* above the shared options (0x1000..) */
enum { OPT_ALLOW_INVALID = 0x2000, OPT_NO_VALIDATE, OPT_XSL, OPT_SCHEMAS, OPT_OUTPUT_DIR,
       OPT_SKIP_EXISTING };

static int extra(void *vctx, int opt, const char *arg)
{
    convert_ctx *c = vctx;
    switch (opt) {
    case 'o': c->output = arg; return 0;
    case 't': c->to = arg; return 0;
    case 'f': c->force = true; return 0;
    case OPT_ALLOW_INVALID: c->allow_invalid = true; return 0;
    case OPT_NO_VALIDATE: c->no_validate = true; return 0;
    case OPT_XSL: c->xsl = arg; return 0;
    case OPT_SCHEMAS: c->schemas = arg; return 0;
    case OPT_OUTPUT_DIR: c->output_dir = arg; return 0;
    case OPT_SKIP_EXISTING: c->skip_existing = true; return 0;
    }
    return cli_usage_error(&self, "unknown option");
}

static const char *const failing[] = { "refused", NULL };

/* The batch job: one conversion in a worker. */
static cckit_status convert_job(void *ctx, cckit_batch_record *r)
{
    const convert_ctx *c = ctx;
    char *out = cli_batch_output_path(c->output_dir, r->input);
    if (out == NULL)
        return CCKIT_E_NOMEM;
    if (c->skip_existing && cli_batch_skip_existing(out, r)) {
        free(out);
        return CCKIT_OK;
    }
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_loss_report *rep = NULL;
    cckit_status cs = cckit_convert(r->input, out, &c->co, &rep, &err);
    if (cs == CCKIT_E_NOMEM) {
        cckit_loss_report_free(rep);
        free(out);
        return cs;
    }
    char *buf;
    size_t len;
    FILE *f = cli_batch_result_begin(&buf, &len);
    bool ok = f != NULL;
    if (cs != CCKIT_OK) {
        r->verdict = "refused";
        r->producer = rep ? rep->producer : NULL;
        r->counts[CCKIT_SEV_ERROR] = 1;   /* why: the result's "error" */
        ok = ok && cckit_result_write_json("convert", r->input, out, &err,
                                           rep ? &rep->new_errors : NULL, f) == 0;
    } else {
        r->verdict = rep->written ? "converted" : "refused";
        r->version = cli_batch_version(rep->from);
        r->producer = rep->producer;   /* from its validation's reads */
        r->counts[CCKIT_SEV_ERROR] = rep->new_errors.n;
        ok = ok && cli_name_limits(&rep->new_errors)
             && cckit_batch_record_add_diags(r, &rep->new_errors);
        for (size_t i = 0; ok && i < rep->n_changes; i++)
            ok = cckit_batch_record_add_code(r, rep->changes[i].code, 1);
        ok = ok && cckit_loss_report_write(rep, CCKIT_REPORT_JSON, f) == 0;
    }
    ok = cli_batch_result_end(f, &buf, r) && ok;
    cckit_loss_report_free(rep);
    free(out);
    return ok ? CCKIT_OK : CCKIT_E_NOMEM;
}

static int convert_batch(cli_opts *o, convert_ctx *ctx, char **operands, int n)
{
    char opts[1024], lim[256];
    cli_batch_limits_string(&o->limits, lim, sizeof lim);
    snprintf(opts, sizeof opts, "to=%s force=%d allow-invalid=%d no-validate=%d "
             "skip-existing=%d output-dir=%s xsl=%s %s", ctx->to, ctx->force, ctx->allow_invalid,
             ctx->no_validate, ctx->skip_existing, ctx->output_dir ? ctx->output_dir : "",
             ctx->co.xsl_dir, lim);
    cli_batch_job job = { "convert", opts, convert_job, ctx, failing };
    return cli_batch_run_to_dir(&self, o, ctx->output, ctx->output_dir, NULL, false, operands,
                                n, &job);
}

int cmd_convert(int argc, char **argv)
{
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "to", required_argument, NULL, 't' },
        { "force", no_argument, NULL, 'f' },
        { "allow-invalid", no_argument, NULL, OPT_ALLOW_INVALID },
        { "no-validate", no_argument, NULL, OPT_NO_VALIDATE },
        { "xsl", required_argument, NULL, OPT_XSL },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { "output-dir", required_argument, NULL, OPT_OUTPUT_DIR },
        { "skip-existing", no_argument, NULL, OPT_SKIP_EXISTING },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    convert_ctx ctx;
    memset(&ctx, 0, sizeof ctx);

    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_FORMAT | CLI_OPT_BATCH, "o:t:f",
                       longs, extra, &ctx, &o, &first);
    if (rc >= 0)
        return rc;
    bool batch = cli_batch_wanted(&o, ctx.output_dir);
    if ((rc = cli_one_or_batch(&self, &o, argc - first, batch, ctx.output_dir,
                               ctx.skip_existing)) >= 0)
        return rc;
    if (!ctx.output && !batch)
        return cli_usage_error(&self, "missing -o OUT (the .imscc to write)");
    if (!ctx.to)
        return cli_usage_error(&self, "missing --to VERSION (1.0 to 1.4, thin, thin1.2 or thin1.4)");

    cckit_convert_options co;
    cckit_convert_options_default(&co);
    if (strcmp(ctx.to, "thin") == 0 || strcmp(ctx.to, "thin1.3") == 0) {
        co.to = CCKIT_CC_1_3;
        co.thin = true;
    } else if (strcmp(ctx.to, "thin1.2") == 0 || strcmp(ctx.to, "thin1.4") == 0) {
        co.to = ctx.to[6] == '2' ? CCKIT_CC_1_2 : CCKIT_CC_1_4;
        co.thin = true;
    } else {
        co.to = cckit_cc_version_parse(ctx.to);
        if (co.to == CCKIT_CC_UNKNOWN)
            return cli_usage_error(&self, "--to '%s': use 1.0, 1.1, 1.2, 1.3, 1.4, thin, thin1.2 or thin1.4",
                                   ctx.to);
    }
    co.force = ctx.force;
    co.allow_invalid = ctx.allow_invalid;
    co.validate = !ctx.no_validate;
    co.xsl_dir = cli_xsl_dir(ctx.xsl);
    co.schema_dir = cli_schema_dir(ctx.schemas);
    co.limits = o.limits;
    if (batch) {
        ctx.co = co;
        return convert_batch(&o, &ctx, argv + first, argc - first);
    }

    const char *path = argv[first];
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_loss_report *rep = NULL;

    co.cancel = cli_trap_interrupts();
    cckit_status st = cckit_convert(path, ctx.output, &co, &rep, &err);
    if (st != CCKIT_OK) {
        if (o.format == CLI_FORMAT_JSON)
            cckit_result_write_json("convert", path, ctx.output, &err,
                                    rep ? &rep->new_errors : NULL, stdout);
        cli_report_error(path, &err);
        cckit_loss_report_free(rep);
        return cli_interrupt_exit(st == CCKIT_E_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL);
    }
    rc = CLI_EXIT_OK;
    if (!cli_name_limits(&rep->new_errors))
        cli_error("out of memory");
    if (cckit_loss_report_write(rep, o.format == CLI_FORMAT_JSON ? CCKIT_REPORT_JSON
                                                                 : CCKIT_REPORT_TEXT, stdout) != 0) {
        rc = cli_write_failed(CLI_EXIT_FAIL, errno);
    }
    if (!rep->written) {
        cli_flush_stdout();
        cli_error("%s: not written: the converted cartridge has %zu validation error(s) "
                  "that the input does not have (see the report; --allow-invalid writes it anyway)",
                  ctx.output, rep->new_errors.n);
        rc = CLI_EXIT_FAIL;
    }
    cckit_loss_report_free(rep);
    return cli_interrupt_exit(rc);
}
