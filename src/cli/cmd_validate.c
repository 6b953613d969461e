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
          "      --format text|json|junit|sarif|html\n"
          "                                report format (default text); html is one\n"
          "                                self-contained page (no URL loaded) with the\n"
          "                                findings grouped, excerpts and filters\n"
          "  -o, --output FILE             write the report to FILE (atomically: a\n"
          "                                temporary renamed over FILE when complete)\n"
          "  -v, --verbose                 text: every occurrence of a warning, and infos\n"
          "                                (default: warnings grouped by code, no infos)\n", out);
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
    cli_help_limits(out);
    fputs("\n"
          "Exit status (after tuning): 0 no errors (warnings allowed), 1 at least one\n"
          "error in some COURSE (including unreadable or unsafe packages), 2 usage\n"
          "error, a mistake in the config file, no schemas, or the report could not\n"
          "be written.\n", out);
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
        else
            return cli_usage_error(&self, "invalid value '%s' for --format: expected "
                                   "'text', 'json', 'junit', 'sarif' or 'html'", arg);
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

/* .imscc files directly in the folder path (0 when it is no folder). */
static size_t imscc_files_in(const char *path)
{
    DIR *d = opendir(path);
    size_t n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        n += len > 6 && strcasecmp(e->d_name + len - 6, ".imscc") == 0;
    }
    closedir(d);
    return n;
}

/* A folder of .imscc files given as one COURSE: show the command for
 * many inputs (the finding itself says what the folder is). */
static void hint_many(const cckit_validation *v)
{
    for (size_t i = 0; i < v->diags.n; i++) {
        const char *code = v->diags.v[i].code;
        if (!code || strcmp(code, "package.no-manifest") != 0 || !imscc_files_in(v->path))
            continue;
        size_t n = strlen(v->path);
        while (n > 1 && v->path[n - 1] == '/')
            n--;
        cli_error("%s is a folder of cartridges; to check them all, run:\n"
                  "  cckit validate %.*s/*.imscc", v->path, (int)n, v->path);
        return;
    }
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
    int rc = cli_parse(argc, argv, &self, CLI_OPT_LIMITS | CLI_OPT_COLOR, "vo:", longs, extra,
                       &vo, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(&self, "missing COURSE (a .imscc file, a folder or a manifest)");
    vo.vo.limits = o.limits;
    vo.vo.schema_dir = cli_schema_dir(vo.vo.schema_dir);

    cckit_tuning *tune = NULL;
    rc = make_tuning(&vo, &tune);
    if (rc >= 0)
        return rc;

    size_t n = (size_t)(argc - first);
    cckit_validation **res = calloc(n, sizeof *res);
    if (!res) {
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
        if (cckit_validate(argv[first + (int)i], &vo.vo, &res[done], &err) != CCKIT_OK) {
            /* The validator itself could not run (no schemas, no memory):
             * stderr says so, and a machine format's document too. */
            cli_report_error(argv[first + (int)i], &err);
            ro.failed_path = argv[first + (int)i];
            ro.failed = &err;
            exit_code = CLI_EXIT_USAGE;
            break;
        }
        hint_many(res[done]);
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
    cckit_tuning_free(tune);
    return exit_code;
}
