/*
 * runs.h - the runs of the batch engine read back for `cckit report`
 * (lowest first: runs_rules.c the registry rows; runs_store.c the set in
 * memory; runs_read.c JSON Lines and one record; runs_db.c the state
 * database; runs_stats.c the counts; runs_html.c the page; runs_report.c
 * text, JSON and the dispatch; runs.c reading by content and the merge).  Internal; the public face is cckit_runs in
 * cckit.h.
 *
 * A record is kept small (the fields a summary counts) unless the merge
 * asked for the lines themselves (keep_lines): a report of a million
 * cartridges holds neither their results nor their lines.
 */
#ifndef CCKIT_RUNS_H
#define CCKIT_RUNS_H

#include "base/internal.h"

/* A line longer than this is refused (counted, never read into memory). */
#define CCKIT_RUNS_LINE_MAX (32u << 20)

typedef struct run_code {
    char *code;
    uint64_t count;
} run_code;

typedef struct run_record {
    char *input, *command, *status, *reason, *verdict, *version, *producer;
    int64_t index;
    double seconds;
    run_code *codes;
    size_t n_codes;
    char *line;            /* the line verbatim (keep_lines only) */
    size_t file;           /* runs->files[file] it came from */
    unsigned lineno;       /* its line there, 0 in a database */
} run_record;

typedef struct run_file {
    char *path;
    bool db;               /* a state database, else JSON Lines */
    char *command;         /* the summary's or the database's, or NULL */
    char *shard;           /* the summary's "K/N", or NULL */
    bool has_summary;
    uint64_t summary_inputs;
    double summary_seconds;
    uint64_t jobs;
    uint64_t records, malformed, unfinished;
} run_file;

struct cckit_runs {
    bool keep_lines;
    run_file *files;
    size_t n_files;
    run_record *recs;      /* one per input: a later one replaces */
    size_t n_recs, cap_recs;
    struct cckit_idmap *by_input;   /* input -> index + 1 in recs */
    cckit_diags problems;
};

/* The rows of the registry for what reading runs notices (runs_rules.c). */
extern const cckit_rule cckit_rules_runs[];

/* runs_store.c */
/* A problem of file (its path) at line: a registry row's code and hint. */
bool cckit_runs_problem(cckit_runs *r, cckit_severity sev, const char *code, const char *file,
                        unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Take rec in (its strings now belong to r): a new input, or the later
 * record of an input already seen.  rec is consumed (freed on failure);
 * false on out of memory. */
bool cckit_runs_take(cckit_runs *r, run_record *rec);
void cckit_run_record_free(run_record *rec);
run_file *cckit_runs_new_file(cckit_runs *r, const char *path, bool db);

/* runs_read.c: one record from a JSON text (a line, or a database's
 * `record` column).  0 taken; 1 not a cartridge record (a summary was
 * stored in f, or an unknown type: ignored); -1 malformed (why, in
 * words, into why: cap bytes); -2 out of memory. */
int cckit_runs_parse_line(cckit_runs *r, size_t file, unsigned lineno, const char *text,
                          size_t len, char *why, size_t cap);
cckit_status cckit_runs_read_jsonl(cckit_runs *r, const char *path, FILE *f, cckit_error *err);

/* runs_db.c */
cckit_status cckit_runs_read_db(cckit_runs *r, const char *path, cckit_error *err);

/* runs_stats.c: the records sorted by input then index (caller frees). */
const run_record **cckit_runs_sorted(const cckit_runs *r);

/* A count per name (verdicts, versions, producers, codes), most first. */
typedef struct run_tally {
    const char *name;
    uint64_t count, cartridges;
} run_tally;
typedef struct run_stats {
    uint64_t inputs, done, error, skipped, other;
    run_tally *verdicts, *versions, *producers, *codes, *commands;
    size_t n_verdicts, n_versions, n_producers, n_codes, n_commands;
    const run_record **slowest;     /* at most CCKIT_RUNS_SLOWEST */
    size_t n_slowest;
    const run_record **failures;    /* status error or skipped, by input */
    size_t n_failures;
    double seconds;                 /* sum over the records */
} run_stats;
#define CCKIT_RUNS_SLOWEST 10
bool cckit_runs_stats(const cckit_runs *r, run_stats *s);
void cckit_runs_stats_free(run_stats *s);

/* runs_html.c */
int cckit_runs_write_html(const cckit_runs *r, const run_stats *s, FILE *out);

#endif /* CCKIT_RUNS_H */
