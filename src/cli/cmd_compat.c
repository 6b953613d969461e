/*
 * cmd_compat.c - `cckit compat [--target NAME|FILE,...] INPUT...`: will
 * each cartridge import into each LMS, and what will be lost?
 *
 * The targets are import models (doc/import-models.md): the shipped ones
 * by name (models/ of the data folder), a user's by path.  The library
 * reads and validates each INPUT once and weighs it against every target
 * (cckit_compat_check); cckit_compat_report renders the verdicts.  Exit
 * status: 0 no target fails, 1 some target fails some INPUT, 2 usage
 * (bad option, a model that does not load, no schemas, output error).
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

static const cli_command self = { "compat", NULL, cmd_compat, cmd_compat_help };

enum { OPT_TARGET = 0x2000, OPT_CFORMAT, OPT_MODELS, OPT_SCHEMAS, OPT_LIST_TARGETS,
       OPT_LIST_CHECKS, OPT_QUICK, OPT_STRICT };

typedef struct copts {
    cckit_validate_options vo;
    cckit_report_format fmt;
    bool jsonl;              /* --format jsonl: a batch */
    cckit_model **loaded;    /* for the batch job */
    size_t n_loaded;
    const char *models;
    char **targets;
    size_t n_targets;
    bool list_targets, list_checks;
} copts;

void cmd_compat_help(FILE *out)
{
    fputs("Usage: cckit compat [OPTIONS] COURSE...\n"
          "\n"
          "Will each COURSE import into each LMS, and what will be lost?  For every\n"
          "target one verdict - imports, imports-with-losses or fails - then a ledger:\n"
          "each failure and loss with the item (by title) and resource, what happens,\n"
          "the import model's statement and its public source, and the fix.  What a\n"
          "model does not state is 'unknown for this target' (info).  Targets are\n"
          "import models (doc/import-models.md): the shipped ones by name, your own\n"
          "site's by the path of a model file.\n"
          "\n"
          "Options:\n"
          "  -t, --target NAME|FILE,...    targets to weigh against (repeatable;\n"
          "                                default: every shipped target)\n"
          "      --format text|json|sarif|html|jsonl\n"
          "                                report format (default text); html: one\n"
          "                                page, a matrix of cartridges by targets\n"
          "                                linked to each ledger; jsonl: a batch\n"
          "      --list-targets            list the shipped targets and exit\n"
          "      --list-checks             list the check vocabulary and exit\n"
          "      --strict                  validate strictly (default lenient)\n"
          "      --quick                   skip the CRC check of every archive entry\n"
          "      --models DIR              the shipped models' folder (default:\n"
          "                                $CCKIT_MODEL_DIR, else the installed one)\n"
          "      --schemas DIR             cckit's schemas folder (as validate)\n", out);
    cli_help_color(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_batch(out);
    fputs("\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 no target fails any COURSE, 1 some target fails, 2 usage\n"
          "error, a model that does not load, no schemas, or the report could not be\n"
          "written; 130 interrupted (a batch: rerun with the same --state).\n", out);
}

static int add_targets(copts *o, const char *arg)
{
    char *copy = strdup(arg), *save = NULL;
    if (!copy)
        return CLI_EXIT_USAGE;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char **nv = realloc(o->targets, (o->n_targets + 1) * sizeof *nv);
        if (!nv || !(nv[o->n_targets] = strdup(t))) {
            if (nv)
                o->targets = nv;
            free(copy);
            return CLI_EXIT_USAGE;
        }
        o->targets = nv;
        o->n_targets++;
    }
    free(copy);
    return 0;
}

static int extra(void *ctx, int opt, const char *arg)
{
    copts *o = ctx;
    switch (opt) {
    case 't':
    case OPT_TARGET: return add_targets(o, arg);
    case OPT_MODELS: o->models = arg; return 0;
    case OPT_SCHEMAS: o->vo.schema_dir = arg; return 0;
    case OPT_LIST_TARGETS: o->list_targets = true; return 0;
    case OPT_LIST_CHECKS: o->list_checks = true; return 0;
    case OPT_QUICK: o->vo.quick = true; return 0;
    case OPT_STRICT: o->vo.strict = true; return 0;
    case OPT_CFORMAT:
        if (strcmp(arg, "text") == 0) o->fmt = CCKIT_REPORT_TEXT;
        else if (strcmp(arg, "json") == 0) o->fmt = CCKIT_REPORT_JSON;
        else if (strcmp(arg, "sarif") == 0) o->fmt = CCKIT_REPORT_SARIF;
        else if (strcmp(arg, "html") == 0) o->fmt = CCKIT_REPORT_HTML;
        else if (strcmp(arg, "jsonl") == 0) o->jsonl = true;
        else
            return cli_usage_error(&self, "invalid value '%s' for --format: expected "
                                   "'text', 'json', 'sarif', 'html' or 'jsonl'", arg);
        if (strcmp(arg, "jsonl") != 0)
            o->jsonl = false;
        return 0;
    default:
        return cli_usage_error(&self, "unknown option");
    }
}

static int list_targets(const char *dir)
{
    char **names;
    size_t n;
    cckit_error err;
    if (cckit_model_names(dir, &names, &n, &err) != CCKIT_OK) {
        cli_error("%s", err.message);
        return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        cckit_model *m = NULL;
        if (cckit_model_find(dir, names[i], &m, NULL, &err) == CCKIT_OK)
            printf("%-18s %s\n", names[i], m->name);
        else
            printf("%-18s (does not load: %s)\n", names[i], err.message);
        cckit_model_free(m);
    }
    cckit_model_names_free(names, n);
    return cli_finish_stdout(CLI_EXIT_OK);
}

static int list_checks(void)
{
    const char *name, *sum;
    for (size_t i = 0; (name = cckit_compat_check_name(i, &sum)); i++)
        printf("%-26s %s\n", name, sum);
    return cli_finish_stdout(CLI_EXIT_OK);
}

/* Load every target asked (or every shipped one); 0 or the exit code. */
static int load_models(copts *o, cckit_model ***models, size_t *n)
{
    char **names = o->targets;
    size_t nn = o->n_targets;
    cckit_error err;
    bool shipped = nn == 0;
    if (shipped && cckit_model_names(o->models, &names, &nn, &err) != CCKIT_OK) {
        cli_error("%s", err.message);
        return CLI_EXIT_USAGE;
    }
    int rc = 0;
    *models = calloc(nn ? nn : 1, sizeof **models);
    *n = 0;
    for (size_t i = 0; *models && i < nn; i++) {
        cckit_diags problems = { 0 };
        if (cckit_model_find(o->models, names[i], &(*models)[*n], &problems, &err) != CCKIT_OK) {
            if (problems.n)
                for (size_t k = 0; k < problems.n; k++)
                    fprintf(stderr, "cckit: %s:%u: %s\n", problems.v[k].file,
                            problems.v[k].line, problems.v[k].message);
            else
                cli_error("%s", err.message);
            rc = CLI_EXIT_USAGE;
        } else {
            (*n)++;
        }
        cckit_diags_free(&problems);
    }
    if (!*models)
        rc = CLI_EXIT_USAGE;
    if (shipped)
        cckit_model_names_free(names, nn);
    return rc;
}

static const char *const failing[] = { "fails", NULL };

/* The batch job: one cartridge against every target, in a worker. */
static cckit_status compat_job(void *ctx, cckit_batch_record *r)
{
    const copts *co = ctx;
    cckit_compat *c = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_status st = cckit_compat_check(r->input, co->loaded, co->n_loaded, &co->vo, &c, &err);
    if (st == CCKIT_E_NOMEM)
        return st;
    if (st != CCKIT_OK) {
        r->status = "error";
        snprintf(r->reason, sizeof r->reason, "%.250s", err.message);
        return CCKIT_OK;
    }
    cckit_verdict worst = CCKIT_VERDICT_IMPORTS;
    bool ok = true;
    for (size_t t = 0; t < c->n_targets; t++) {
        const cckit_compat_target *tg = &c->targets[t];
        if (tg->verdict > worst)
            worst = tg->verdict;
        for (size_t i = 0; ok && i < tg->n_findings; i++) {
            r->counts[tg->findings[i].severity]++;
            ok = cckit_batch_record_add_code(r, tg->findings[i].code, 1);
        }
    }
    r->verdict = c->n_targets ? cckit_verdict_name(worst) : NULL;
    r->version = cli_batch_version(c->version);
    r->producer = c->validation ? c->validation->producer : NULL;   /* its one read */
    char *buf;
    size_t len;
    FILE *f = cli_batch_result_begin(&buf, &len);
    ok = ok && f != NULL && cckit_compat_report(&c, 1, CCKIT_REPORT_JSON, false, f) == 0;
    ok = cli_batch_result_end(f, &buf, r) && ok;
    cckit_compat_free(c);
    return ok ? CCKIT_OK : CCKIT_E_NOMEM;
}

/* The options that change a record, for --state. */
static void options_string(const copts *co, const cli_opts *o, char *buf, size_t cap)
{
    char lim[256];
    cli_batch_limits_string(&o->limits, lim, sizeof lim);
    int n = snprintf(buf, cap, "strict=%d quick=%d models=%s %s", co->vo.strict, co->vo.quick,
                     co->models ? co->models : "", lim);
    for (size_t i = 0; i < co->n_targets && n > 0 && (size_t)n < cap; i++)
        n += snprintf(buf + n, cap - (size_t)n, " target=%s", co->targets[i]);
}

int cmd_compat(int argc, char **argv)
{
    static const struct option longs[] = {
        { "target", required_argument, NULL, OPT_TARGET },
        { "format", required_argument, NULL, OPT_CFORMAT },
        { "models", required_argument, NULL, OPT_MODELS },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { "list-targets", no_argument, NULL, OPT_LIST_TARGETS },
        { "list-checks", no_argument, NULL, OPT_LIST_CHECKS },
        { "quick", no_argument, NULL, OPT_QUICK },
        { "strict", no_argument, NULL, OPT_STRICT },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    copts co;
    int first;
    memset(&co, 0, sizeof co);
    cli_opts_init(&o);
    cckit_validate_options_default(&co.vo);
    co.fmt = CCKIT_REPORT_TEXT;
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_COLOR | CLI_OPT_BATCH, "t:",
                       longs, extra, &co, &o, &first);
    cckit_batch_inputs in;
    cckit_batch_inputs_init(&in);
    cckit_model **models = NULL;
    size_t n_models = 0, n = 0, done = 0;
    cckit_compat **res = NULL;
    if (rc >= 0)
        goto out;
    co.models = cli_model_dir(co.models);
    if (co.list_targets) {
        rc = list_targets(co.models);
        goto out;
    }
    if (co.list_checks) {
        rc = list_checks();
        goto out;
    }
    if (argc - first < 1 && !o.batch.files_from) {
        rc = cli_usage_error(&self, "missing COURSE (a .imscc file, a folder or a manifest)");
        goto out;
    }
    bool batch = co.jsonl || o.batch.pool;
    if (batch && co.fmt != CCKIT_REPORT_TEXT) {
        rc = cli_usage_error(&self, "a batch (--jobs, --state, --shard, --timeout, "
                             "--unordered, --memory-limit) writes --format jsonl or text");
        goto out;
    }
    co.vo.limits = o.limits;
    co.vo.schema_dir = cli_schema_dir(co.vo.schema_dir);
    if ((rc = load_models(&co, &models, &n_models)) != 0)
        goto out;
    if ((rc = cli_batch_inputs(&self, &o.batch, argv + first, argc - first, &in)) >= 0)
        goto out;
    if (batch) {
        /* the models are loaded once, here: every worker inherits them */
        char opts[2048];
        options_string(&co, &o, opts, sizeof opts);
        co.loaded = models;
        co.n_loaded = n_models;
        o.format = co.jsonl ? CLI_FORMAT_JSONL : CLI_FORMAT_TEXT;
        cli_batch_job job = { "compat", opts, compat_job, &co, failing };
        rc = cli_batch_run(&self, &o, &in, &job);
        goto out;
    }

    n = in.n;
    res = calloc(n, sizeof *res);
    rc = res ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    for (size_t i = 0; res && i < n; i++) {
        cckit_error err;
        memset(&err, 0, sizeof err);
        if (cckit_compat_check(in.paths[i], models, n_models, &co.vo, &res[done], &err)
            != CCKIT_OK) {
            cli_report_error(in.paths[i], &err);
            rc = CLI_EXIT_USAGE;
            break;
        }
        for (size_t t = 0; t < res[done]->n_targets; t++)
            if (res[done]->targets[t].verdict == CCKIT_VERDICT_FAILS)
                rc = CLI_EXIT_FAIL;
        done++;
    }
    if (done > 0) {
        bool color = co.fmt == CCKIT_REPORT_TEXT && cli_use_color(&o, stdout);
        if (cckit_compat_report(res, done, co.fmt, color, stdout) != 0 || fflush(stdout) != 0
            || ferror(stdout)) {
            if (errno != EPIPE)
                cli_error("cannot write the report: %s", strerror(errno));
            rc = CLI_EXIT_USAGE;
        }
    }
out:
    cckit_batch_inputs_free(&in);
    for (size_t i = 0; i < done; i++)
        cckit_compat_free(res[i]);
    free(res);
    for (size_t i = 0; i < n_models; i++)
        cckit_model_free(models[i]);
    free(models);
    for (size_t i = 0; i < co.n_targets; i++)
        free(co.targets[i]);
    free(co.targets);
    return rc;
}
