/*
 * cmd_validate.c - `cckit validate [OPTIONS] COURSE...`: check cartridges
 * against the Common Cartridge specification of their version.
 *
 * Each COURSE (.imscc, folder or bare imsmanifest.xml) is validated by
 * the library (cckit_validate) and all verdicts are written as one report
 * (cckit_validation_report).  Exit status: 0 no errors (warnings allowed),
 * 1 at least one cartridge with an error (unreadable and unsafe packages
 * are errors too), 2 usage error or the validator could not run (no
 * schemas, output not writable).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const cli_command self = { "validate", NULL, cmd_validate, cmd_validate_help };

enum {
    OPT_STRICT = 0x2000,
    OPT_QUICK,
    OPT_NO_LINKS,
    OPT_VFORMAT,
    OPT_SCHEMAS,
    OPT_LENIENT,
    OPT_IGNORE,
    OPT_SELECT,
    OPT_MIN_SEVERITY,
    OPT_CONFIG,
    OPT_NO_CONFIG,
    OPT_RULES
};

#define MAX_LISTS 32

typedef struct vopts {
    cckit_validate_options vo;
    cckit_report_format fmt;
    bool verbose;
    const char *ignore[MAX_LISTS], *select[MAX_LISTS];
    size_t n_ignore, n_select;
    const char *min_severity;
    const char *config;
    bool no_config;
    const char *output;   /* -o FILE, else stdout */
    bool jsonl;           /* --format jsonl: a batch */
    cckit_tuning *tune;   /* for the batch job */
} vopts;

void cmd_validate_help(FILE *out)
{
    fputs("Usage: cckit validate [OPTIONS] [-o FILE] COURSE...\n"
          "\n"
          "Check Common Cartridges against the specification of their version:\n"
          "package safety, the manifest and every descriptor against cckit's XML\n"
          "Schemas, the profile rules (R1-R91, see 'cckit rules'), files and links.\n"
          "COURSE is a .imscc (ZIP) file, an unpacked folder, or a bare\n"
          "imsmanifest.xml.  Several COURSEs give one report.\n"
          "\n"
          "Options:\n"
          "      --strict                  what the specification says (a certification\n"
          "                                validator); default is lenient: deviations that\n"
          "                                real exporters make and LMSes import are warnings\n"
          "      --quick                   skip the CRC check of every archive entry\n"
          "      --no-links                do not check links inside HTML and descriptors\n"
          "      --rules FILE.sch          site rules: a Schematron file applied to the\n"
          "                                manifest and every descriptor; each failed\n"
          "                                assert is a finding site.ID (its id)\n"
          "      --format text|json|junit|sarif|html|jsonl\n"
          "                                report format (default text); html is one\n"
          "                                self-contained page (no URL loaded) with the\n"
          "                                findings grouped, excerpts and filters; jsonl\n"
          "                                a batch: one JSON object a cartridge\n"
          "  -o, --output FILE             write the report to FILE (atomically: a\n"
          "                                temporary renamed over FILE when complete)\n"
          "  -v, --verbose                 text: every occurrence of a warning, and infos\n"
          "                                (default: warnings grouped by code, no infos)\n"
          "  A folder without imsmanifest.xml stands for the cartridges in it.\n", out);
    cli_help_color(out);
    fputs("      --schemas DIR             cckit's schemas folder (default: $CCKIT_SCHEMA_DIR,\n"
          "                                else the installed one, else the source tree's\n"
          "                                when run from the build folder)\n"
          "  -h, --help                    show this help\n"
          "\n"
          "Tuning the report (see cckit(1); the command line wins over the config):\n"
          "      --ignore CODE,...         leave these findings out\n"
          "      --select CODE,...         keep only these findings\n"
          "      --min-severity info|warning|error\n"
          "                                leave out findings below this severity\n"
          "      --config FILE             read FILE instead of the nearest " CLI_CONFIG_NAME "\n"
          "                                (this folder or one above it)\n"
          "      --no-config               read no config file\n"
          "  CODE is a code (qti.mattext-html), a family (qti. or qti.*) or a rule\n"
          "  number (R88); a config file can also change severities.\n\n", out);
    cli_help_batch(out);
    fputs("\n", out);
    cli_help_limits(out);
    fputs("\n"
          "Exit status (after tuning): 0 no errors (warnings allowed), 1 at least one\n"
          "error in some COURSE (including unreadable or unsafe packages), 2 usage\n"
          "error, a mistake in the config file, no schemas, or the report could not\n"
          "be written; 130 interrupted (a batch: rerun with the same --state).\n", out);
}

static int extra(void *ctx, int opt, const char *arg)
{
    vopts *o = ctx;
    switch (opt) {
    case OPT_STRICT: o->vo.strict = true; return 0;
    case OPT_LENIENT: o->vo.strict = false; return 0;
    case OPT_QUICK: o->vo.quick = true; return 0;
    case OPT_NO_LINKS: o->vo.links = false; return 0;
    case OPT_SCHEMAS: o->vo.schema_dir = arg; return 0;
    case 'v': o->verbose = true; return 0;
    case OPT_IGNORE:
    case OPT_SELECT: {
        const char **l = opt == OPT_IGNORE ? o->ignore : o->select;
        size_t *n = opt == OPT_IGNORE ? &o->n_ignore : &o->n_select;
        if (*n == MAX_LISTS)
            return cli_usage_error(&self, "too many --%s options: give one list of codes "
                                   "separated by commas", opt == OPT_IGNORE ? "ignore" : "select");
        l[(*n)++] = arg;
        return 0;
    }
    case OPT_MIN_SEVERITY: {
        cckit_severity sev;
        if (!cckit_severity_parse(arg, &sev))
            return cli_usage_error(&self, "invalid value '%s' for --min-severity: expected "
                                   "'info', 'warning' or 'error'", arg);
        o->min_severity = arg;
        return 0;
    }
    case OPT_CONFIG: o->config = arg; return 0;
    case OPT_NO_CONFIG: o->no_config = true; return 0;
    case OPT_RULES: o->vo.rules = arg; return 0;
    case OPT_VFORMAT:
        if (strcmp(arg, "text") == 0) o->fmt = CCKIT_REPORT_TEXT;
        else if (strcmp(arg, "json") == 0) o->fmt = CCKIT_REPORT_JSON;
        else if (strcmp(arg, "junit") == 0) o->fmt = CCKIT_REPORT_JUNIT;
        else if (strcmp(arg, "sarif") == 0) o->fmt = CCKIT_REPORT_SARIF;
        else if (strcmp(arg, "html") == 0) o->fmt = CCKIT_REPORT_HTML;
        else if (strcmp(arg, "jsonl") == 0) o->jsonl = true;
        else
            return cli_usage_error(&self, "invalid value '%s' for --format: expected "
                                   "'text', 'json', 'junit', 'sarif', 'html' or 'jsonl'", arg);
        if (strcmp(arg, "jsonl") != 0)
            o->jsonl = false;
        return 0;
    case 'o': o->output = arg; return 0;
    default:
        return cli_usage_error(&self, "unknown option");
    }
}

/* The config file (unless --no-config), then the command line, which
 * replaces the config's lists and minimum.  -1 when done, else the exit
 * code after a message. */
static int make_tuning(const vopts *vo, cckit_tuning **out)
{
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_tuning *t = cckit_tuning_new();
    if (!t) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    char found[4096];
    const char *cfg = vo->config;
    if (!cfg && !vo->no_config && cli_find_config(found, sizeof found))
        cfg = found;
    if (cfg && cckit_tuning_load(t, cfg, &err) != CCKIT_OK) {
        cckit_tuning_free(t);
        return cli_usage_error(&self, "%s", err.message);
    }
    static const char *const names[] = { "ignore", "select" };
    for (int w = 0; w < 2; w++) {
        const char *const *l = w ? vo->select : vo->ignore;
        size_t n = w ? vo->n_select : vo->n_ignore;
        if (n)
            cckit_tuning_clear(t, (cckit_tune_list)w);
        for (size_t i = 0; i < n; i++)
            if (cckit_tuning_add(t, (cckit_tune_list)w, l[i], &err) != CCKIT_OK) {
                cckit_tuning_free(t);
                return cli_usage_error(&self, "--%s: %s", names[w], err.message);
            }
    }
    cckit_severity sev;
    if (vo->min_severity && cckit_severity_parse(vo->min_severity, &sev))
        cckit_tuning_min_severity(t, sev);
    *out = t;
    return -1;
}

static const char *const failing[] = { "invalid", "unreadable", "unsafe", NULL };

/* The batch job: one cartridge in a worker (batch.c). */
static cckit_status validate_job(void *ctx, cckit_batch_record *r)
{
    const vopts *vo = ctx;
    cckit_validation *v = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_status st = cckit_validate(r->input, &vo->vo, &v, &err);
    if (st == CCKIT_E_NOMEM)
        return st;
    if (st != CCKIT_OK) {
        /* the validator could not run (no schemas): not the cartridge's fault */
        r->status = "error";
        snprintf(r->reason, sizeof r->reason, "%.250s", err.message);
        return CCKIT_OK;
    }
    v->tuned_out = cckit_tuning_apply(vo->tune, &v->diags);
    if (!cli_name_limits(&v->diags) || !cckit_batch_record_add_diags(r, &v->diags)) {
        cckit_validation_free(v);
        return CCKIT_E_NOMEM;
    }
    for (int s = 0; s < 3; s++)
        r->counts[s] = cckit_validation_count(v, (cckit_severity)s);
    bool unsafe = false;
    for (size_t i = 0; i < v->diags.n; i++)
        unsafe |= v->diags.v[i].code && strcmp(v->diags.v[i].code, "package.unsafe") == 0;
    r->verdict = unsafe ? "unsafe" : !v->readable ? "unreadable"
                 : r->counts[CCKIT_SEV_ERROR] ? "invalid" : "valid";
    r->version = cli_batch_version(v->version);
    if (v->readable && !unsafe)
        r->producer = v->producer;   /* from this run's reads */
    cckit_report_options ro;
    cckit_report_options_default(&ro);
    ro.format = CCKIT_REPORT_JSON;
    ro.verbose = vo->verbose;
    char *buf;
    size_t len;
    FILE *f = cli_batch_result_begin(&buf, &len);
    bool ok = f != NULL && cckit_validation_report_opts(&v, 1, &ro, f) == 0;
    ok = cli_batch_result_end(f, &buf, r) && ok;
    cckit_validation_free(v);
    return ok ? CCKIT_OK : CCKIT_E_NOMEM;
}

/* The options that change a record, for --state. */
static void options_string(const vopts *vo, const cli_opts *o, char *buf, size_t cap)
{
    char lim[256], found[4096];
    cli_batch_limits_string(&o->limits, lim, sizeof lim);
    /* the config file found in a folder above changes results too */
    const char *cfg = vo->config;
    if (!cfg && !vo->no_config && cli_find_config(found, sizeof found))
        cfg = found;
    int n = snprintf(buf, cap, "strict=%d quick=%d links=%d verbose=%d rules=%s min-severity=%s "
                     "config=%s %s", vo->vo.strict, vo->vo.quick, vo->vo.links,
                     vo->verbose, vo->vo.rules ? vo->vo.rules : "", vo->min_severity ?
                     vo->min_severity : "", cfg ? cfg : "", lim);
    for (size_t i = 0; i < vo->n_ignore && n > 0 && (size_t)n < cap; i++)
        n += snprintf(buf + n, cap - (size_t)n, " ignore=%s", vo->ignore[i]);
    for (size_t i = 0; i < vo->n_select && n > 0 && (size_t)n < cap; i++)
        n += snprintf(buf + n, cap - (size_t)n, " select=%s", vo->select[i]);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longs[] = {
        { "strict", no_argument, NULL, OPT_STRICT },
        { "lenient", no_argument, NULL, OPT_LENIENT },
        { "quick", no_argument, NULL, OPT_QUICK },
        { "no-links", no_argument, NULL, OPT_NO_LINKS },
        { "format", required_argument, NULL, OPT_VFORMAT },
        { "schemas", required_argument, NULL, OPT_SCHEMAS },
        { "verbose", no_argument, NULL, 'v' },
        { "ignore", required_argument, NULL, OPT_IGNORE },
        { "select", required_argument, NULL, OPT_SELECT },
        { "min-severity", required_argument, NULL, OPT_MIN_SEVERITY },
        { "config", required_argument, NULL, OPT_CONFIG },
        { "no-config", no_argument, NULL, OPT_NO_CONFIG },
        { "rules", required_argument, NULL, OPT_RULES },
        { "output", required_argument, NULL, 'o' },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    vopts vo;
    int first;
    cli_opts_init(&o);
    memset(&vo, 0, sizeof vo);
    cckit_validate_options_default(&vo.vo);
    vo.fmt = CCKIT_REPORT_TEXT;
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_COLOR | CLI_OPT_BATCH, "vo:",
                       longs, extra, &vo, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1 && !o.batch.files_from)
        return cli_usage_error(&self, "missing COURSE (a .imscc file, a folder or a manifest)");
    bool batch = vo.jsonl || o.batch.pool;
    if (batch && vo.fmt != CCKIT_REPORT_TEXT)
        return cli_usage_error(&self, "a batch (--jobs, --state, --shard, --timeout, "
                               "--unordered, --memory-limit) writes --format jsonl or text");
    if (batch && vo.output)
        return cli_usage_error(&self, "a batch writes on standard output: redirect it "
                               "instead of -o");
    vo.vo.limits = o.limits;
    vo.vo.schema_dir = cli_schema_dir(vo.vo.schema_dir);

    cckit_tuning *tune = NULL;
    rc = make_tuning(&vo, &tune);
    if (rc >= 0)
        return rc;

    cckit_batch_inputs in;
    rc = cli_batch_inputs(&self, &o.batch, argv + first, argc - first, &in);
    if (rc >= 0) {
        cckit_tuning_free(tune);
        return rc;
    }
    if (batch) {
        char opts[2048];
        options_string(&vo, &o, opts, sizeof opts);
        vo.tune = tune;
        o.format = vo.jsonl ? CLI_FORMAT_JSONL : CLI_FORMAT_TEXT;
        cli_batch_job job = { "validate", opts, validate_job, &vo, failing };
        rc = cli_batch_run(&self, &o, &in, &job);
        cckit_batch_inputs_free(&in);
        cckit_tuning_free(tune);
        return rc;
    }

    size_t n = in.n;
    cckit_validation **res = calloc(n, sizeof *res);
    if (!res) {
        cckit_batch_inputs_free(&in);
        cckit_tuning_free(tune);
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    int exit_code = CLI_EXIT_OK;
    size_t done = 0;
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_report_options ro;
    cckit_report_options_default(&ro);
    ro.format = vo.fmt;
    ro.verbose = vo.verbose;
    for (size_t i = 0; i < n; i++) {
        if (cckit_validate(in.paths[i], &vo.vo, &res[done], &err) != CCKIT_OK) {
            /* The validator itself could not run (no schemas, no memory):
             * stderr says so, and a machine format's document too. */
            cli_report_error(in.paths[i], &err);
            ro.failed_path = in.paths[i];
            ro.failed = &err;
            exit_code = CLI_EXIT_USAGE;
            break;
        }
        /* Tuned before anything counts: verdicts and exit status follow. */
        res[done]->tuned_out = cckit_tuning_apply(tune, &res[done]->diags);
        if (cckit_validation_count(res[done], CCKIT_SEV_ERROR) > 0)
            exit_code = CLI_EXIT_FAIL;
        done++;
    }
    for (size_t i = 0; i < done; i++)
        if (!cli_name_limits(&res[i]->diags)) {
            cli_error("out of memory");
            exit_code = CLI_EXIT_USAGE;
        }
    if (vo.output && (exit_code != CLI_EXIT_USAGE || done > 0 || vo.fmt != CCKIT_REPORT_TEXT)) {
        cckit_error werr;
        memset(&werr, 0, sizeof werr);
        volatile sig_atomic_t *cancel = cli_trap_interrupts();
        if (cckit_validation_report_file(res, done, &ro, vo.output, cancel, &werr) != CCKIT_OK) {
            cli_error("%s", werr.message);
            exit_code = CLI_EXIT_USAGE;
        }
        exit_code = cli_interrupt_exit(exit_code);
    } else if (exit_code != CLI_EXIT_USAGE || done > 0 || vo.fmt != CCKIT_REPORT_TEXT) {
        ro.color = vo.fmt == CCKIT_REPORT_TEXT && cli_use_color(&o, stdout);
        if (cckit_validation_report_opts(res, done, &ro, stdout) != 0
            || cli_stdout_errno() != 0)
            exit_code = cli_write_failed(CLI_EXIT_USAGE, errno);
    }
    for (size_t i = 0; i < done; i++)
        cckit_validation_free(res[i]);
    free(res);
    cckit_batch_inputs_free(&in);
    cckit_tuning_free(tune);
    return exit_code;
}
