/*
 * cli.h - shared declarations of the cckit command-line tool.
 *
 * The tool is a thin shell over libcckit: src/cli/cckit.c dispatches to
 * one file per subcommand (cmd_NAME.c); options.c parses the options
 * every subcommand shares (limits, --format, --color) and prints
 * messages in one style.  Logic belongs in the library, not here.
 */
#ifndef CCKIT_CLI_H
#define CCKIT_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <getopt.h>

#include "cckit.h"

/* Exit codes (documented in doc/cckit.1 and README). */
enum {
    CLI_EXIT_OK = 0,      /* success */
    CLI_EXIT_FAIL = 1,    /* input not a readable or safe cartridge */
    CLI_EXIT_USAGE = 2    /* bad command line */
};

typedef enum cli_format { CLI_FORMAT_TEXT = 0, CLI_FORMAT_JSON,
                          CLI_FORMAT_JSONL /* with CLI_OPT_BATCH */ } cli_format;
typedef enum cli_color { CLI_COLOR_AUTO = 0, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER } cli_color;

/* The batch options (CLI_OPT_BATCH; batch.c, doc/batch.md). */
typedef struct cli_batch {
    bool recurse;            /* -r: folders of folders */
    const char *files_from;  /* --files-from FILE|- */
    unsigned jobs;           /* -j N (0: the CPU count) */
    bool unordered;          /* --unordered */
    const char *state;       /* --state FILE */
    unsigned shard_k, shard_n; /* --shard K/N (0/0: none) */
    const char *shard;
    double timeout;          /* --timeout SECONDS (0: none) */
    uint64_t memory_limit;   /* --memory-limit SIZE */
    bool memory_set;
    bool quiet;              /* -q: no progress bar */
    bool pool;               /* an option that needs the worker pool */
} cli_batch;

/* Options shared by the subcommands. */
typedef struct cli_opts {
    cckit_limits limits;
    cli_format format;
    cli_color color;
    cli_batch batch;
} cli_opts;

/* Which shared option groups a subcommand accepts. */
enum {
    CLI_OPT_LIMITS = 1u << 0,   /* --max-total-size ... --max-path-length */
    CLI_OPT_FORMAT = 1u << 1,   /* --format text|json */
    CLI_OPT_COLOR = 1u << 2,    /* --color auto|always|never */
    CLI_OPT_BATCH = 1u << 3     /* many inputs: -r, --files-from, -j, --state,
                                   --shard, --timeout, ... and --format jsonl */
};

/* One subcommand of the dispatch table. */
typedef struct cli_command {
    const char *name;
    const char *summary;                 /* one line for `cckit help` */
    int (*run)(int argc, char **argv);   /* argv[0] is the command name */
    void (*help)(FILE *out);             /* full help for CMD --help */
} cli_command;

/* commands.c: every subcommand but `help` (cmd_help.c reads the table;
 * main() dispatches `help` itself and general usage lists it last). */
#define CLI_HELP_SUMMARY "show help for cckit or one command"
extern const cli_command cli_commands[];
extern const size_t cli_n_commands;
const cli_command *cli_find_command(const char *name);
/* The command a mistyped name most likely meant, or NULL. */
const char *cli_closest_command(const char *name);
void cli_general_usage(FILE *out);

/* Subcommands: one file each. */
int cmd_help(int argc, char **argv);
void cmd_help_help(FILE *out);
int cmd_info(int argc, char **argv);
void cmd_info_help(FILE *out);
int cmd_ls(int argc, char **argv);
void cmd_ls_help(FILE *out);
int cmd_pack(int argc, char **argv);
void cmd_pack_help(FILE *out);
int cmd_unpack(int argc, char **argv);
void cmd_unpack_help(FILE *out);
int cmd_validate(int argc, char **argv);
void cmd_validate_help(FILE *out);
int cmd_rules(int argc, char **argv);
void cmd_rules_help(FILE *out);
int cmd_convert(int argc, char **argv);
void cmd_convert_help(FILE *out);
int cmd_profile(int argc, char **argv);
void cmd_profile_help(FILE *out);
int cmd_verify(int argc, char **argv);
void cmd_verify_help(FILE *out);
int cmd_compare(int argc, char **argv);
void cmd_compare_help(FILE *out);
int cmd_compat(int argc, char **argv);
void cmd_compat_help(FILE *out);
int cmd_repair(int argc, char **argv);
void cmd_repair_help(FILE *out);
int cmd_preview(int argc, char **argv);
void cmd_preview_help(FILE *out);
int cmd_diff(int argc, char **argv);
void cmd_diff_help(FILE *out);
int cmd_minimise(int argc, char **argv);
void cmd_minimise_help(FILE *out);
int cmd_report(int argc, char **argv);
void cmd_report_help(FILE *out);

/* ---- interrupt.c (commands that write files) ----------------------- */

/* Make SIGINT/SIGTERM/SIGHUP/SIGPIPE set the returned token, to be put
 * in the operation's options (the library stops and removes its
 * temporaries); ignore SIGXFSZ (EFBIG instead). */
volatile sig_atomic_t *cli_trap_interrupts(void);
/* After the library returned: die of the caught signal if there was one,
 * else return rc. */
int cli_interrupt_exit(int rc);

/* ---- batch.c: many inputs through the worker pool ------------------ */

/* What a command runs on each input of a batch, in a worker process. */
typedef struct cli_batch_job {
    const char *command;       /* "validate", ... */
    const char *options;       /* the options that change results (canonical) */
    cckit_batch_job_fn run;
    void *ctx;
    const char *const *failing;/* verdicts that make the exit status 1 */
} cli_batch_job;

/* The inputs of the operands and --files-from (folders searched, -r);
 * -1 when done, else the exit code after a message. */
int cli_batch_inputs(const cli_command *cmd, const cli_batch *b, char **operands, int n,
                     cckit_batch_inputs *out);
/* Run the job on every input (of the shard) in worker processes: records
 * as JSON Lines (fmt CLI_FORMAT_JSONL) or one text line each, then the
 * summary; --state kept.  Returns the exit status: 0, 1 (an input failed
 * or its verdict is failing), 2 (usage, state), or dies of SIGINT. */
int cli_batch_run(const cli_command *cmd, const cli_opts *o, const cckit_batch_inputs *in,
                  const cli_batch_job *job);
/* The job's result document: a memory stream the job writes its JSON
 * into; cli_batch_result_end stores it in r->result (false: no memory). */
FILE *cli_batch_result_begin(char **buf, size_t *len);
bool cli_batch_result_end(FILE *f, char **buf, cckit_batch_record *r);
/* The canonical string of the limits, for a job's options. */
void cli_batch_limits_string(const cckit_limits *l, char *buf, size_t cap);
/* "1.0" ... "1.4" (a record's version), NULL when unknown. */
const char *cli_batch_version(cckit_cc_version v);
/* --output-dir: the file name of input's output, its last path component
 * with .imscc for .zip/.imscc or none, and that name in dir (malloc'd;
 * NULL when out of memory). */
char *cli_batch_output_name(const char *input);
char *cli_batch_output_path(const char *dir, const char *input);
/* Two inputs that would write the same output in --output-dir: -1 when
 * none, else the exit code after a message. */
int cli_batch_collisions(const cli_command *cmd, const cckit_batch_inputs *in);
/* --skip-existing: true, with the record marked "skipped", when out
 * exists (as anything, a link included). */
bool cli_batch_skip_existing(const char *out, cckit_batch_record *r);
/* Commands that write one output per input (convert, repair): true when
 * the options ask for a batch (--output-dir, -j, --files-from, -r,
 * --format jsonl). */
bool cli_batch_wanted(const cli_opts *o, const char *output_dir);
/* Their operand checks: one CARTRIDGE unless a batch, --skip-existing
 * only with --output-dir.  -1 when fine, else the exit code after a
 * message. */
int cli_one_or_batch(const cli_command *cmd, const cli_opts *o, int n_operands, bool batch,
                     const char *output_dir, bool skip_existing);
/* Their batch: the usage checks (--format json, -o, --output-dir needed
 * unless the option `instead` ("--dry-run", or NULL) is set, not both),
 * the folder made, the inputs listed, output names checked for
 * collisions, then cli_batch_run.  Returns the exit status. */
int cli_batch_run_to_dir(const cli_command *cmd, const cli_opts *o, const char *output,
                         const char *output_dir, const char *instead, bool instead_set,
                         char **operands, int n, const cli_batch_job *job);
/* Help text of the batch options. */
void cli_help_batch(FILE *out);

/* ---- datadir.c ----------------------------------------------------- */

/* The schemas/ or xsl/ folder to pass to the library: `given` (the
 * option) if set, else $CCKIT_SCHEMA_DIR / $CCKIT_XSL_DIR, else the
 * installed folder if it exists, else the source tree's folder when this
 * cckit runs from its build folder, else the installed path. */
const char *cli_schema_dir(const char *given);
const char *cli_xsl_dir(const char *given);
/* The import models' folder: --models, $CCKIT_MODEL_DIR, installed, source tree. */
const char *cli_model_dir(const char *given);

/* ---- config.c ----------------------------------------------------- */

#define CLI_CONFIG_NAME ".cckit.yaml"

/* The config file that applies: CLI_CONFIG_NAME in the working folder
 * or the nearest folder above it.  True with its path in buf. */
bool cli_find_config(char *buf, size_t cap);

/* ---- options.c ---------------------------------------------------- */

/* Extra, command-specific options: return 0 if handled, CLI_EXIT_USAGE
 * after printing a message otherwise. */
typedef int (*cli_extra_fn)(void *ctx, int opt, const char *arg);

/* Parse argv (argv[0] = command name) with getopt_long: the shared
 * groups named by `groups`, -h/--help, and the optional extra options
 * (short option string and long options terminated by a zero entry;
 * their values must stay below 256, or above 0x1000).
 * Returns -1 when parsing succeeded (*first_arg = index of the first
 * operand, operands are permuted to the end of argv), otherwise the exit
 * code to return: CLI_EXIT_OK after --help, CLI_EXIT_USAGE after a
 * message on stderr. */
int cli_parse(int argc, char **argv, const cli_command *cmd, unsigned groups,
              const char *extra_short, const struct option *extra_long,
              cli_extra_fn extra_fn, void *extra_ctx,
              cli_opts *o, int *first_arg);

void cli_opts_init(cli_opts *o);

/* A command that writes one folder from one CARTRIDGE (unpack, preview):
 * its folder option, -f/--force, -q/--quiet and the limits. */
typedef struct cli_dir_command {
    char letter;               /* the folder option: 'C', 'o' */
    const char *long_name;     /* "directory", "output" */
    const char *noun;          /* "-C given twice: one <noun>" */
    const char *purpose;       /* "missing -C DIR (<purpose>)" */
    const char *operand;       /* "missing CARTRIDGE (<operand>)" */
} cli_dir_command;
typedef struct cli_dir_args {
    const char *path;          /* the CARTRIDGE */
    const char *dir;
    bool force, quiet;
} cli_dir_args;
/* Parse such a command's argv; -1 when fine, else the exit code (after
 * --help, or a usage message). */
int cli_parse_dir_command(int argc, char **argv, const cli_command *cmd,
                          const cli_dir_command *spec, cli_opts *o, cli_dir_args *a);

/* Strict parsers.  A size is decimal digits with an optional K, M, G or
 * T suffix (binary multiples; "KiB"/"KB" spellings accepted), no sign, no
 * spaces.  A count is decimal digits only.  Both reject overflow. */
bool cli_parse_size(const char *s, uint64_t *out);
bool cli_parse_count(const char *s, uint64_t max, uint64_t *out);

/* "4 GiB", "64 MiB", "1.5 KiB", "512 B" */
void cli_format_size(uint64_t n, char *buf, size_t len);

/* True when colour escapes should be written to f. */
bool cli_use_color(const cli_opts *o, FILE *f);

/* "cckit: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "cckit: PATH: MESSAGE" for a library failure (the path once), with
 * the option to change when the error says (a limit: " (limit
 * --max-entries)"; force, allow-invalid, ...). */
void cli_report_error(const char *path, const cckit_error *err);
/* The option that sets a cap of cckit_limits ("--max-xml-depth"). */
const char *cli_limit_option(cckit_limit_id id);
/* Append " (limit --OPTION)" to the message of every finding about a
 * cap, before the findings are written; false when out of memory. */
bool cli_name_limits(cckit_diags *d);
/* "cckit CMD: MESSAGE" + "Try 'cckit CMD --help'." on stderr; returns 2. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print diagnostics to f, one a line: "cckit: PATH: FILE:LINE: warning:
 * MESSAGE [code]". */
void cli_print_diags(const char *path, const cckit_diags *d, FILE *f, bool color);

/* Write s as a JSON string literal (with quotes). */
void cli_json_string(FILE *f, const char *s);

/* fflush(stdout), remembering why it failed for the report at exit. */
void cli_flush_stdout(void);
/* Flush stdout: 0, the errno of the write that failed, or -1 when the
 * failure is known but not its reason. */
int cli_stdout_errno(void);
/* Flush stdout and report a write error once, naming its cause ("No
 * space left on device"); returns rc, or 1 after a write error when rc
 * was 0. */
int cli_finish_stdout(int rc);
/* A report writer failed: say why (the write error, else out of memory)
 * and return rc (1 when rc is 0).  saved_errno is errno right after the
 * writer returned: pass `errno` as the argument. */
int cli_write_failed(int rc, int saved_errno);

/* Help text of the shared options, for the commands' help. */
void cli_help_limits(FILE *out);
void cli_help_format(FILE *out);
void cli_help_color(FILE *out);

#endif /* CCKIT_CLI_H */
