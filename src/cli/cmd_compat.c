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
          "      --format text|json|sarif|html  report format (default text); html: one\n"
          "                                page, a matrix of cartridges by targets\n"
          "                                linked to each ledger\n"
          "      --list-targets            list the shipped targets and exit\n"
          "      --list-checks             list the check vocabulary and exit\n"
          "      --strict                  validate strictly (default lenient)\n"
          "      --quick                   skip the CRC check of every archive entry\n"
          "      --models DIR              the shipped models' folder (default:\n"
          "                                $CCKIT_MODEL_DIR, else the installed one)\n"
          "      --schemas DIR             cckit's schemas folder (as validate)\n", out);
    cli_help_color(out);
    fputs("  -h, --help                    show this help\n\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status: 0 no target fails any COURSE, 1 some target fails, 2 usage\n"
          "error, a model that does not load, no schemas, or the report could not be\n"
          "written.\n", out);
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
        else
            return cli_usage_error(&self, "invalid value '%s' for --format: expected "
                                   "'text', 'json', 'sarif' or 'html'", arg);
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
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_COLOR, "t:", longs, extra,
                       &co, &o, &first);
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
    if (argc - first < 1) {
        rc = cli_usage_error(&self, "missing COURSE (a .imscc file, a folder or a manifest)");
        goto out;
    }
    co.vo.limits = o.limits;
    co.vo.schema_dir = cli_schema_dir(co.vo.schema_dir);
    if ((rc = load_models(&co, &models, &n_models)) != 0)
        goto out;

    n = (size_t)(argc - first);
    res = calloc(n, sizeof *res);
    rc = res ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    for (size_t i = 0; res && i < n; i++) {
        cckit_error err;
        memset(&err, 0, sizeof err);
        if (cckit_compat_check(argv[first + (int)i], models, n_models, &co.vo, &res[done], &err)
            != CCKIT_OK) {
            cli_report_error(argv[first + (int)i], &err);
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
