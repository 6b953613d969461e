/*
 * options.c - option parsing and messages shared by every subcommand.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

/* getopt values of the shared long options (above any short option). */
enum {
    OPT_MAX_TOTAL_SIZE = 0x1000,
    OPT_MAX_RATIO,
    OPT_MAX_ENTRIES,
    OPT_MAX_ENTRY_SIZE,
    OPT_MAX_MANIFEST_SIZE,
    OPT_MAX_XML_SIZE,
    OPT_MAX_XML_DEPTH,
    OPT_MAX_XML_ELEMENTS,
    OPT_MAX_PATH_LENGTH,
    OPT_MAX_OUTLINE_DEPTH,
    OPT_FORMAT,
    OPT_COLOR,
    OPT_FILES_FROM,
    OPT_UNORDERED,
    OPT_STATE,
    OPT_SHARD,
    OPT_TIMEOUT,
    OPT_MEMORY_LIMIT
};

static const struct option limit_options[] = {
    { "max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE },
    { "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
    { "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
    { "max-entry-size", required_argument, NULL, OPT_MAX_ENTRY_SIZE },
    { "max-manifest-size", required_argument, NULL, OPT_MAX_MANIFEST_SIZE },
    { "max-xml-size", required_argument, NULL, OPT_MAX_XML_SIZE },
    { "max-xml-depth", required_argument, NULL, OPT_MAX_XML_DEPTH },
    { "max-xml-elements", required_argument, NULL, OPT_MAX_XML_ELEMENTS },
    { "max-path-length", required_argument, NULL, OPT_MAX_PATH_LENGTH },
    { "max-outline-depth", required_argument, NULL, OPT_MAX_OUTLINE_DEPTH },
};
static const struct option format_option =
    { "format", required_argument, NULL, OPT_FORMAT };
static const struct option color_option =
    { "color", required_argument, NULL, OPT_COLOR };
static const struct option batch_options[] = {
    { "recursive", no_argument, NULL, 'r' },
    { "files-from", required_argument, NULL, OPT_FILES_FROM },
    { "jobs", required_argument, NULL, 'j' },
    { "unordered", no_argument, NULL, OPT_UNORDERED },
    { "state", required_argument, NULL, OPT_STATE },
    { "shard", required_argument, NULL, OPT_SHARD },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT },
    { "quiet", no_argument, NULL, 'q' },
};
static const struct option help_option =
    { "help", no_argument, NULL, 'h' };

#define MAX_LONGOPTS 64

void cli_opts_init(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    cckit_limits_default(&o->limits);
    o->format = CLI_FORMAT_TEXT;
    o->color = CLI_COLOR_AUTO;
}

bool cli_parse_count(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (s == NULL || *s == '\0')
        return false;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

bool cli_parse_size(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    if (s == NULL || *s < '0' || *s > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    unsigned shift = 0;
    if (*p != '\0') {
        switch (*p) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        case 't': case 'T': shift = 40; break;
        case 'b': case 'B': shift = 0; if (p[1] != '\0') return false; break;
        default: return false;
        }
        p++;
        /* optional "iB" or "B" after a multiplier */
        if (shift != 0 && *p != '\0') {
            if ((p[0] == 'i' || p[0] == 'I') && (p[1] == 'b' || p[1] == 'B') && p[2] == '\0')
                p += 2;
            else if ((p[0] == 'b' || p[0] == 'B') && p[1] == '\0')
                p += 1;
            else
                return false;
        }
    }
    if (shift != 0 && v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

void cli_format_size(uint64_t n, char *buf, size_t len)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    unsigned u = 0;
    while (u < 6 && n >= ((uint64_t)1024 << (10 * u)))
        u++;
    if (u == 0) {
        snprintf(buf, len, "%" PRIu64 " B", n);
        return;
    }
    uint64_t unit = (uint64_t)1 << (10 * u);
    if (n % unit == 0)
        snprintf(buf, len, "%" PRIu64 " %s", n / unit, units[u]);
    else
        snprintf(buf, len, "%.1f %s", (double)n / (double)unit, units[u]);
}

bool cli_use_color(const cli_opts *o, FILE *f)
{
    if (o->color == CLI_COLOR_ALWAYS)
        return true;
    if (o->color == CLI_COLOR_NEVER)
        return false;
    const char *nc = getenv("NO_COLOR");
    if (nc != NULL && *nc != '\0')
        return false;
    const char *term = getenv("TERM");
    if (term == NULL || strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(f)) == 1;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    cli_flush_stdout();
    fputs("cckit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* The library says which cap was hit or what may be changed; the tool
 * names its options for it. */
const char *cli_limit_option(cckit_limit_id id)
{
    switch (id) {
    case CCKIT_LIMIT_NONE: return NULL;
    case CCKIT_LIMIT_TOTAL_SIZE: return "--max-total-size";
    case CCKIT_LIMIT_RATIO: return "--max-ratio";
    case CCKIT_LIMIT_RATIO_OR_TOTAL: return "--max-ratio / --max-total-size";
    case CCKIT_LIMIT_ENTRIES: return "--max-entries";
    case CCKIT_LIMIT_ENTRY_SIZE: return "--max-entry-size";
    case CCKIT_LIMIT_MANIFEST_SIZE: return "--max-manifest-size";
    case CCKIT_LIMIT_XML_SIZE: return "--max-xml-size";
    case CCKIT_LIMIT_XML_DEPTH: return "--max-xml-depth";
    case CCKIT_LIMIT_XML_ELEMENTS: return "--max-xml-elements";
    case CCKIT_LIMIT_PATH_LENGTH: return "--max-path-length";
    }
    return NULL;
}

static const struct {
    unsigned flag;
    const char *text;
} fix_texts[] = {
    { CCKIT_FIX_FORCE, "; use --force to replace it" },
    { CCKIT_FIX_ALLOW_INVALID, ", or go ahead anyway with --allow-invalid" },
    { CCKIT_FIX_CC_1_3, "; use --cc 1.3" },
    { CCKIT_FIX_OUTLINE, " (--outline)" },
    { CCKIT_FIX_SCHEMA_DIR, " (use --schemas DIR or set CCKIT_SCHEMA_DIR)" },
    { CCKIT_FIX_XSL_DIR, " (reinstall cckit, or point --xsl / CCKIT_XSL_DIR at its xsl folder)" },
};

void cli_report_error(const char *path, const cckit_error *err)
{
    const char *msg = err->message[0] ? err->message : cckit_status_name(err->status);
    size_t n = strlen(path);
    /* Some messages already start with the path: do not say it twice. */
    if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
    char tail[512] = "";
    size_t tl = 0;
    for (size_t i = 0; i < sizeof fix_texts / sizeof fix_texts[0] && tl < sizeof tail; i++)
        if (err->fix & fix_texts[i].flag)
            tl += (size_t)snprintf(tail + tl, sizeof tail - tl, "%s", fix_texts[i].text);
    const char *opt = cli_limit_option(err->limit);
    if (opt && tl < sizeof tail)
        snprintf(tail + tl, sizeof tail - tl, " (limit %s)", opt);
    cli_error("%s: %s%s", path, msg, tail);
}

bool cli_name_limits(cckit_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        cckit_diag *g = &d->v[i];
        const char *opt = cli_limit_option(g->limit);
        if (!opt || !g->message)
            continue;
        size_t len = strlen(g->message) + strlen(opt) + 16;
        char *m = malloc(len);
        if (!m)
            return false;
        snprintf(m, len, "%s (limit %s)", g->message, opt);
        free(g->message);
        g->message = m;
        g->limit = CCKIT_LIMIT_NONE;   /* named once */
    }
    return true;
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    cli_flush_stdout();
    if (cmd != NULL)
        fprintf(stderr, "cckit %s: ", cmd->name);
    else
        fputs("cckit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (cmd != NULL)
        fprintf(stderr, "Try 'cckit %s --help' for more information.\n", cmd->name);
    else
        fputs("Try 'cckit help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

/* Set one limit from an option argument; 0 or a usage error. */
static int set_limit(const cli_command *cmd, cli_opts *o, int opt,
                     const char *name, const char *arg)
{
    uint64_t v = 0;
    bool size = opt == OPT_MAX_TOTAL_SIZE || opt == OPT_MAX_ENTRY_SIZE ||
                opt == OPT_MAX_MANIFEST_SIZE || opt == OPT_MAX_XML_SIZE;
    uint64_t max = opt == OPT_MAX_OUTLINE_DEPTH ? CCKIT_OUTLINE_DEPTH_CAP
                   : (opt == OPT_MAX_XML_DEPTH || opt == OPT_MAX_PATH_LENGTH)
                       ? UINT_MAX : UINT64_MAX;
    bool ok = size ? cli_parse_size(arg, &v) : cli_parse_count(arg, max, &v);
    if (!ok && opt == OPT_MAX_OUTLINE_DEPTH)
        return cli_usage_error(cmd, "invalid value '%s' for --%s: expected a whole number "
                               "up to %d", arg, name, CCKIT_OUTLINE_DEPTH_CAP);
    if (!ok)
        return cli_usage_error(cmd, "invalid value '%s' for --%s: expected %s",
                               arg, name,
                               size ? "a size such as 4096, 64K, 64M or 2G"
                                    : "a whole number");
    if (v == 0 && opt != OPT_MAX_TOTAL_SIZE)
        return cli_usage_error(cmd, "invalid value '%s' for --%s: must be at least 1",
                               arg, name);
    switch (opt) {
    case OPT_MAX_TOTAL_SIZE: o->limits.max_total_size = v; break;
    case OPT_MAX_RATIO: o->limits.max_ratio = v; break;
    case OPT_MAX_ENTRIES: o->limits.max_entries = v; break;
    case OPT_MAX_ENTRY_SIZE: o->limits.max_entry_size = v; break;
    case OPT_MAX_MANIFEST_SIZE: o->limits.max_manifest_size = v; break;
    case OPT_MAX_XML_SIZE: o->limits.max_xml_size = v; break;
    case OPT_MAX_XML_DEPTH: o->limits.max_xml_depth = (unsigned)v; break;
    case OPT_MAX_XML_ELEMENTS: o->limits.max_xml_elements = v; break;
    case OPT_MAX_PATH_LENGTH: o->limits.max_path_length = (unsigned)v; break;
    case OPT_MAX_OUTLINE_DEPTH: o->limits.max_outline_depth = (unsigned)v; break;
    default: break;
    }
    return 0;
}

static const char *long_name(const struct option *longs, int val)
{
    for (const struct option *lo = longs; lo->name != NULL; lo++)
        if (lo->val == val)
            return lo->name;
    return "?";
}

/* "unknown option '--formt' (did you mean '--format'?)" */
static int unknown_long(const cli_command *cmd, const struct option *longs, size_t n,
                        const char *given)
{
    const char *names[MAX_LONGOPTS];
    char word[128];
    const char *g = given;
    while (*g == '-')
        g++;
    snprintf(word, sizeof word, "%.*s", (int)strcspn(g, "="), g);
    for (size_t i = 0; i < n; i++)
        names[i] = longs[i].name;
    const char *near = cckit_closest(word, names, n);
    if (near)
        return cli_usage_error(cmd, "unknown option '%s' (did you mean '--%s'?)", given, near);
    return cli_usage_error(cmd, "unknown option '%s'", given);
}

/* One batch option into b; 0 or the exit code after a message. */
static int set_batch(const cli_command *cmd, cli_batch *b, int opt, const char *arg)
{
    uint64_t v;
    switch (opt) {
    case 'r': b->recurse = true; return 0;
    case 'q': b->quiet = true; return 0;
    case OPT_FILES_FROM: b->files_from = arg; return 0;
    case OPT_UNORDERED: b->unordered = b->pool = true; return 0;
    case OPT_STATE: b->state = arg; b->pool = true; return 0;
    case 'j':
        if (!cli_parse_count(arg, 1024, &v) || v == 0)
            return cli_usage_error(cmd, "invalid value '%s' for --jobs: expected a number "
                                   "of processes from 1 to 1024", arg);
        b->jobs = (unsigned)v;
        b->pool = true;
        return 0;
    case OPT_SHARD:
        if (!cckit_batch_shard_parse(arg, &b->shard_k, &b->shard_n))
            return cli_usage_error(cmd, "invalid value '%s' for --shard: expected K/N with "
                                   "1 <= K <= N (e.g. 2/8)", arg);
        b->shard = arg;
        b->pool = true;
        return 0;
    case OPT_TIMEOUT: {
        char *end;
        errno = 0;
        double t = strtod(arg, &end);
        if (errno || end == arg || *end != '\0' || !(t > 0) || t > 86400 * 7)
            return cli_usage_error(cmd, "invalid value '%s' for --timeout: expected seconds "
                                   "(more than 0, e.g. 30 or 2.5)", arg);
        b->timeout = t;
        b->pool = true;
        return 0;
    }
    case OPT_MEMORY_LIMIT:
        if (!cli_parse_size(arg, &v) || (v != 0 && v < (64u << 20)))
            return cli_usage_error(cmd, "invalid value '%s' for --memory-limit: expected a "
                                   "size of at least 64M (e.g. 2G), or 0 for none", arg);
        b->memory_limit = v;
        b->memory_set = b->pool = true;
        return 0;
    }
    return cli_usage_error(cmd, "unknown option");
}

int cli_parse(int argc, char **argv, const cli_command *cmd, unsigned groups,
              const char *extra_short, const struct option *extra_long,
              cli_extra_fn extra_fn, void *extra_ctx,
              cli_opts *o, int *first_arg)
{
    struct option longs[MAX_LONGOPTS];
    size_t n = 0;
    char shorts[64];

    snprintf(shorts, sizeof shorts, ":h%s%s", groups & CLI_OPT_BATCH ? "rj:q" : "",
             extra_short ? extra_short : "");
    if (groups & CLI_OPT_LIMITS)
        for (size_t i = 0; i < sizeof limit_options / sizeof limit_options[0]; i++)
            longs[n++] = limit_options[i];
    if (groups & CLI_OPT_FORMAT)
        longs[n++] = format_option;
    if (groups & CLI_OPT_COLOR)
        longs[n++] = color_option;
    if (groups & CLI_OPT_BATCH)
        for (size_t i = 0; i < sizeof batch_options / sizeof batch_options[0]; i++)
            longs[n++] = batch_options[i];
    longs[n++] = help_option;
    if (extra_long != NULL)
        for (const struct option *lo = extra_long; lo->name && n < MAX_LONGOPTS - 1; lo++)
            longs[n++] = *lo;
    memset(&longs[n], 0, sizeof longs[n]);

    optind = 0;   /* full re-initialisation (GNU) */
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, shorts, longs, NULL);
        if (c == -1)
            break;
        const char *given = (optind >= 1 && optind <= argc) ? argv[optind - 1] : "";
        switch (c) {
        case 'h':
            cmd->help(stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        case '?':
            if (optopt != 0 && optopt < 256)
                return cli_usage_error(cmd, "unknown option '-%c'", optopt);
            return unknown_long(cmd, longs, n, given);
        case ':':
            if (optopt != 0 && optopt < 256)
                return cli_usage_error(cmd, "option '-%c' needs a value", optopt);
            return cli_usage_error(cmd, "option '%s' needs a value", given);
        case OPT_MAX_TOTAL_SIZE: case OPT_MAX_RATIO: case OPT_MAX_ENTRIES:
        case OPT_MAX_ENTRY_SIZE: case OPT_MAX_MANIFEST_SIZE:
        case OPT_MAX_XML_SIZE: case OPT_MAX_XML_DEPTH: case OPT_MAX_XML_ELEMENTS:
        case OPT_MAX_PATH_LENGTH: case OPT_MAX_OUTLINE_DEPTH: {
            int rc = set_limit(cmd, o, c, long_name(longs, c), optarg);
            if (rc != 0)
                return rc;
            break;
        }
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0)
                o->format = CLI_FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                o->format = CLI_FORMAT_JSON;
            else if ((groups & CLI_OPT_BATCH) && strcmp(optarg, "jsonl") == 0)
                o->format = CLI_FORMAT_JSONL;
            else if (groups & CLI_OPT_BATCH)
                return cli_usage_error(cmd, "invalid value '%s' for --format: "
                                       "expected 'text', 'json' or 'jsonl'", optarg);
            else
                return cli_usage_error(cmd, "invalid value '%s' for --format: "
                                       "expected 'text' or 'json'", optarg);
            break;
        case 'r': case 'j': case 'q': case OPT_FILES_FROM: case OPT_UNORDERED:
        case OPT_STATE: case OPT_SHARD: case OPT_TIMEOUT: case OPT_MEMORY_LIMIT:
            if (!(groups & CLI_OPT_BATCH))
                goto extra;
            {
                int rc = set_batch(cmd, &o->batch, c, optarg);
                if (rc != 0)
                    return rc;
            }
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                o->color = CLI_COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0)
                o->color = CLI_COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0)
                o->color = CLI_COLOR_NEVER;
            else
                return cli_usage_error(cmd, "invalid value '%s' for --color: "
                                       "expected 'auto', 'always' or 'never'", optarg);
            break;
        default:
        extra:
            if (extra_fn != NULL) {
                int rc = extra_fn(extra_ctx, c, optarg);
                if (rc != 0)
                    return rc;
                break;
            }
            return cli_usage_error(cmd, "unknown option '%s'", given);
        }
    }
    *first_arg = optind;
    return -1;
}

void cli_print_diags(const char *path, const cckit_diags *d, FILE *f, bool color)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n; i++) {
        const cckit_diag *g = &d->v[i];
        const char *on = "", *off = "";
        if (color) {
            on = g->severity == CCKIT_SEV_ERROR ? "\033[1;31m"
               : g->severity == CCKIT_SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
            off = "\033[0m";
        }
        fprintf(f, "cckit: %s: ", path);
        if (g->file != NULL && *g->file != '\0') {
            if (g->line > 0)
                fprintf(f, "%s:%u: ", g->file, g->line);
            else
                fprintf(f, "%s: ", g->file);
        }
        fprintf(f, "%s%s%s: %s", on, cckit_severity_name(g->severity), off,
                g->message ? g->message : "");
        if (g->code != NULL)
            fprintf(f, " [%s]", g->code);
        fputc('\n', f);
        if (g->hint != NULL)
            fprintf(f, "cckit: %s:   hint: %s\n", path, g->hint);
    }
}

void cli_json_string(FILE *f, const char *s)
{
    if (s == NULL) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* errno of the first failed flush of stdout: isatty() and others
 * overwrite errno later ("Inappropriate ioctl for device"). */
static int stdout_flush_errno;

void cli_flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) != 0 && errno != 0 && stdout_flush_errno == 0)
        stdout_flush_errno = errno;
}

int cli_stdout_errno(void)
{
    /* Flushing again fails again while glibc still holds unwritten
     * bytes, with the real reason (ENOSPC on a full disk). */
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    if (errno != 0)
        return errno;
    return stdout_flush_errno ? stdout_flush_errno : -1;
}

static bool stdout_reported;   /* a command and main() both check stdout */

static int stdout_failed(int rc, int e)
{
    if (e != EPIPE && !stdout_reported)
        cli_error("error writing to standard output: %s", strerror(e > 0 ? e : EIO));
    stdout_reported = true;
    return rc == CLI_EXIT_OK ? CLI_EXIT_FAIL : rc;
}

int cli_finish_stdout(int rc)
{
    int e = cli_stdout_errno();
    return e == 0 ? rc : stdout_failed(rc, e);
}

int cli_write_failed(int rc, int saved_errno)
{
    int e = cli_stdout_errno();
    /* The buffer may be gone: then errno of the writer's failed write
     * (isatty() and friends overwrite it later: "Inappropriate ioctl"). */
    if (e < 0 && saved_errno > 0)
        e = saved_errno;
    if (e == 0) {
        /* stdout is fine: the writer itself ran out of memory */
        cli_error("cannot write the report: out of memory");
        return rc;
    }
    return stdout_failed(rc, e);
}

void cli_help_limits(FILE *out)
{
    fputs(
"Limits (SIZE takes a K, M, G or T suffix, binary multiples):\n"
"      --max-total-size SIZE     all entries, uncompressed (default: 100 times\n"
"                                the archive size, at most 16G; 0 = ratio only)\n"
"      --max-ratio N             uncompressed/compressed ratio (default 100)\n"
"      --max-entries N           entries in the archive (default 100000)\n"
"      --max-entry-size SIZE     one entry, uncompressed (default 4G)\n"
"      --max-manifest-size SIZE  imsmanifest.xml (default 64M)\n"
"      --max-xml-size SIZE       any other XML or HTML file (default 16M)\n"
"      --max-xml-depth N         element nesting in any XML (default 128)\n"
"      --max-xml-elements N      elements of one XML document held in memory:\n"
"                                descriptors, and the manifest in convert\n"
"                                (default 100000)\n"
"      --max-path-length N       bytes in one entry name (default 1024)\n"
"      --max-outline-depth N     modules nested in a pack outline (default 32,\n"
"                                at most 1000)\n", out);
}

void cli_help_format(FILE *out)
{
    fputs("      --format text|json        output format (default text)\n", out);
}

void cli_help_color(FILE *out)
{
    fputs("      --color auto|always|never colour in text output (default auto)\n", out);
}

/* ---- commands that write one folder from one cartridge ------------------ */

typedef struct dir_parse {
    const cli_command *cmd;
    const cli_dir_command *spec;
    cli_dir_args *a;
} dir_parse;

static int dir_extra(void *vctx, int opt, const char *arg)
{
    dir_parse *p = vctx;
    if (opt == p->spec->letter) {
        if (p->a->dir)
            return cli_usage_error(p->cmd, "-%c given twice: one %s", opt, p->spec->noun);
        if (!arg || !*arg)
            return cli_usage_error(p->cmd, "-%c needs a folder name", opt);
        p->a->dir = arg;
        return 0;
    }
    switch (opt) {
    case 'f':
        p->a->force = true;
        return 0;
    case 'q':
        p->a->quiet = true;
        return 0;
    }
    return cli_usage_error(p->cmd, "unknown option");
}

int cli_parse_dir_command(int argc, char **argv, const cli_command *cmd,
                          const cli_dir_command *spec, cli_opts *o, cli_dir_args *a)
{
    const struct option longs[] = {
        { spec->long_name, required_argument, NULL, spec->letter },
        { "force", no_argument, NULL, 'f' },
        { "quiet", no_argument, NULL, 'q' },
        { NULL, 0, NULL, 0 }
    };
    char shorts[8] = { spec->letter, ':', 'f', 'q', 0 };
    dir_parse p = { cmd, spec, a };
    int first;

    memset(a, 0, sizeof *a);
    cli_opts_init(o);
    int rc = cli_parse(argc, argv, cmd, CLI_OPT_LIMITS, shorts, longs, dir_extra, &p, o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first < 1)
        return cli_usage_error(cmd, "missing CARTRIDGE (%s)", spec->operand);
    if (argc - first > 1)
        return cli_usage_error(cmd, "too many arguments: one CARTRIDGE at a time");
    if (!a->dir)
        return cli_usage_error(cmd, "missing -%c DIR (%s)", spec->letter, spec->purpose);
    a->path = argv[first];
    return -1;
}
