/*
 * batch.c - many cartridges in one command: the inputs (folders, -r,
 * --files-from), the shard, the state of earlier runs, the worker pool of
 * the library, and what is shown: JSON Lines records in input order (or
 * as they finish, --unordered) or a text line each, a summary, and a
 * progress bar on a terminal.  The job itself is the command's
 * (cli_batch_job, in its cmd_NAME.c).  doc/batch.md has the why.
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
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"

/* Default memory of one worker: far above any cartridge we have seen,
 * far below what takes a machine down. */
#define DEFAULT_MEMORY_LIMIT ((uint64_t)2 << 30)
#define MAX_VERDICTS 16

void cli_help_batch(FILE *out)
{
    fputs("Many inputs (see 'Many cartridges' in README and doc/batch.md):\n"
          "  -r, --recursive               search folders of folders for cartridges\n"
          "      --files-from FILE|-       read more inputs from FILE, one a line\n"
          "  -j, --jobs N                  worker processes (default: the CPU count)\n"
          "      --unordered               records as inputs finish, not in input order\n"
          "      --state FILE              SQLite record of the run: a rerun skips the\n"
          "                                inputs done and unchanged\n"
          "      --shard K/N               only the K-th of N shards of the inputs\n"
          "                                (stable: by a hash of each input's path)\n"
          "      --timeout SECONDS         give up on an input after this long\n"
          "      --memory-limit SIZE       address space of a worker (default 2G; 0 none)\n"
          "  -q, --quiet                   no progress bar (shown only on a terminal)\n"
          "  The format jsonl (one JSON object a cartridge as it is done, then a\n"
          "  summary) and any of the options from -j on run the inputs in worker\n"
          "  processes; the text format then prints one line a cartridge.\n", out);
}

int cli_batch_inputs(const cli_command *cmd, const cli_batch *b, char **operands, int n,
                     cckit_batch_inputs *out)
{
    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_batch_inputs_init(out);
    for (int i = 0; i < n; i++)
        if (cckit_batch_inputs_add(out, operands[i], b->recurse, &err) != CCKIT_OK) {
            cli_error("%s", err.message);
            cckit_batch_inputs_free(out);
            return err.status == CCKIT_E_NOMEM ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
        }
    if (b->files_from != NULL) {
        bool std = strcmp(b->files_from, "-") == 0;
        FILE *f = std ? stdin : fopen(b->files_from, "r");
        if (f == NULL) {
            cli_error("%s: cannot read the list of inputs: %s", b->files_from, strerror(errno));
            cckit_batch_inputs_free(out);
            return CLI_EXIT_USAGE;
        }
        cckit_status st = cckit_batch_inputs_read(out, f, b->recurse, &err);
        if (!std)
            fclose(f);
        if (st != CCKIT_OK) {
            cli_error("%s: %s", b->files_from, err.message);
            cckit_batch_inputs_free(out);
            return st == CCKIT_E_NOTFOUND ? CLI_EXIT_FAIL : CLI_EXIT_USAGE;
        }
    }
    if (out->n == 0)
        return cli_usage_error(cmd, "no inputs (give COURSEs or --files-from FILE)");
    return -1;
}

FILE *cli_batch_result_begin(char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    return open_memstream(buf, len);
}

bool cli_batch_result_end(FILE *f, char **buf, cckit_batch_record *r)
{
    if (f == NULL)
        return false;
    bool ok = fclose(f) == 0 && *buf != NULL;
    if (ok) {
        free(r->result);
        r->result = *buf;
    } else {
        free(*buf);
    }
    *buf = NULL;
    return ok;
}

void cli_batch_limits_string(const cckit_limits *l, char *buf, size_t cap)
{
    snprintf(buf, cap, "limits=%llu,%llu,%llu,%llu,%llu,%llu,%u,%llu,%u,%u",
             (unsigned long long)l->max_total_size, (unsigned long long)l->max_ratio,
             (unsigned long long)l->max_entries, (unsigned long long)l->max_entry_size,
             (unsigned long long)l->max_manifest_size, (unsigned long long)l->max_xml_size,
             l->max_xml_depth, (unsigned long long)l->max_xml_elements, l->max_path_length,
             l->max_outline_depth);
}

const char *cli_batch_version(cckit_cc_version v)
{
    static const char *const names[] = { "1.0", "1.1", "1.2", "1.3", "1.4" };
    return v >= CCKIT_CC_1_0 && v <= CCKIT_CC_1_4 ? names[v - CCKIT_CC_1_0] : NULL;
}

/* The file name of input's output in --output-dir: its last path
 * component with .imscc for .zip/.imscc or none (malloc'd). */
char *cli_batch_output_name(const char *input)
{
    size_t n = strlen(input);
    while (n > 1 && input[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && input[b - 1] != '/')
        b--;
    const char *base = input + b;
    size_t len = n - b;
    if (len > 6 && strncasecmp(base + len - 6, ".imscc", 6) == 0)
        len -= 6;
    else if (len > 4 && strncasecmp(base + len - 4, ".zip", 4) == 0)
        len -= 4;
    if (len == 0 || (len == 1 && base[0] == '.') || (len == 2 && memcmp(base, "..", 2) == 0)) {
        base = "cartridge";   /* "." or "/" given: no name of its own */
        len = strlen(base);
    }
    char *out = malloc(len + sizeof ".imscc");
    if (out != NULL) {
        memcpy(out, base, len);
        memcpy(out + len, ".imscc", sizeof ".imscc");
    }
    return out;
}

char *cli_batch_output_path(const char *dir, const char *input)
{
    char *name = cli_batch_output_name(input);
    if (name == NULL)
        return NULL;
    size_t d = strlen(dir);
    char *p = malloc(d + strlen(name) + 2);
    if (p != NULL)
        sprintf(p, "%s%s%s", dir, d && dir[d - 1] == '/' ? "" : "/", name);
    free(name);
    return p;
}

/* Two inputs that would write the same output: say so before a start. */
int cli_batch_collisions(const cli_command *cmd, const cckit_batch_inputs *in)
{
    char **names = calloc(in->n ? in->n : 1, sizeof *names);
    int rc = -1;
    for (size_t i = 0; names && rc < 0 && i < in->n; i++) {
        if ((names[i] = cli_batch_output_name(in->paths[i])) == NULL) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
            break;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(names[k], names[i]) == 0) {
                rc = cli_usage_error(cmd, "%s and %s would both be written as %s in "
                                     "--output-dir: %s them in two runs",
                                     in->paths[k], in->paths[i], names[i], cmd->name);
                break;
            }
    }
    for (size_t i = 0; names && i < in->n; i++)
        free(names[i]);
    free(names);
    return rc;
}

bool cli_batch_skip_existing(const char *out, cckit_batch_record *r)
{
    struct stat st;
    if (lstat(out, &st) != 0)
        return false;
    r->status = "skipped";
    snprintf(r->reason, sizeof r->reason, "the output exists (--skip-existing)");
    return true;
}

bool cli_batch_wanted(const cli_opts *o, const char *output_dir)
{
    return output_dir || o->batch.pool || o->batch.files_from || o->batch.recurse
           || o->format == CLI_FORMAT_JSONL;
}

int cli_one_or_batch(const cli_command *cmd, const cli_opts *o, int n_operands, bool batch,
                     const char *output_dir, bool skip_existing)
{
    if (n_operands < 1 && !o->batch.files_from)
        return cli_usage_error(cmd, "missing CARTRIDGE (a .imscc file or a folder)");
    if (n_operands > 1 && !batch)
        return cli_usage_error(cmd, "too many arguments: one CARTRIDGE at a time "
                               "(or --output-dir DIR for many)");
    if (skip_existing && !output_dir)
        return cli_usage_error(cmd, "--skip-existing goes with --output-dir");
    return -1;
}

int cli_batch_run_to_dir(const cli_command *cmd, const cli_opts *o, const char *output,
                         const char *output_dir, const char *instead, bool instead_set,
                         char **operands, int n, const cli_batch_job *job)
{
    if (o->format == CLI_FORMAT_JSON)
        return cli_usage_error(cmd, "a batch writes --format jsonl or text");
    if (output)
        return cli_usage_error(cmd, "-o names one output: with --output-dir each COURSE "
                               "keeps its name");
    if (!output_dir && !instead_set)
        return instead ? cli_usage_error(cmd, "many COURSEs need --output-dir DIR (or %s)",
                                         instead)
                       : cli_usage_error(cmd, "many COURSEs need --output-dir DIR");
    if (output_dir && instead_set)
        return cli_usage_error(cmd, "%s writes nothing: give --output-dir DIR or %s, not both",
                               instead, instead);
    if (output_dir && mkdir(output_dir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: cannot make the folder: %s", output_dir, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    cckit_batch_inputs in;
    int rc = cli_batch_inputs(cmd, &o->batch, operands, n, &in);
    if (rc >= 0)
        return rc;
    if (output_dir && (rc = cli_batch_collisions(cmd, &in)) >= 0) {
        cckit_batch_inputs_free(&in);
        return rc;
    }
    rc = cli_batch_run(cmd, o, &in, job);
    cckit_batch_inputs_free(&in);
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

typedef struct run {
    const cli_batch *b;
    const cli_batch_job *job;
    const cli_opts *o;
    const cckit_batch_inputs *in;
    const size_t *pick;     /* position in the run -> index in the inputs */
    const size_t *runpos;   /* position in the pool's list -> in the run */
    size_t n;
    unsigned jobs;
    char **ready;           /* finished, waiting for those before them */
    size_t next;            /* the next position to show, in order */
    cckit_batch_state *state;
    /* the summary */
    size_t status[3];       /* done, error, skipped */
    const char *verdict[MAX_VERDICTS];
    size_t vcount[MAX_VERDICTS];
    size_t nv;
    bool failed;            /* exit status 1 */
    bool write_error;
    /* progress */
    bool progress;
    size_t shown;
    double t0;
    char *last;             /* the input last finished */
} run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The string value of "key":"..." in a record line (we wrote it: no
 * escapes in status and verdict words), into buf; false when absent. */
static bool field(const char *line, size_t len, const char *key, char *buf, size_t cap)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    size_t pl = strlen(pat);
    /* the record's own keys come before "result": look only there */
    const char *res = NULL;
    for (size_t i = 0; i + 10 <= len; i++)
        if (memcmp(line + i, "\"result\":", 9) == 0) {
            res = line + i;
            break;
        }
    size_t lim = res ? (size_t)(res - line) : len;
    for (size_t i = 0; i + pl <= lim; i++)
        if (memcmp(line + i, pat, pl) == 0) {
            const char *v = line + i + pl;
            size_t k = 0;
            while (v + k < line + lim && v[k] != '"' && k + 1 < cap) {
                buf[k] = v[k];
                k++;
            }
            buf[k] = '\0';
            return true;
        }
    return false;
}

static size_t number(const char *line, size_t len, const char *key)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    size_t pl = strlen(pat);
    for (size_t i = 0; i + pl < len; i++)
        if (memcmp(line + i, pat, pl) == 0)
            return (size_t)strtoull(line + i + pl, NULL, 10);
    return 0;
}

static void count_verdict(run *r, const char *v)
{
    for (size_t i = 0; i < r->nv; i++)
        if (strcmp(r->verdict[i], v) == 0) {
            r->vcount[i]++;
            return;
        }
    if (r->nv < MAX_VERDICTS) {
        /* the verdict words are the jobs' static strings or failing[] */
        static char pool[MAX_VERDICTS][64];
        snprintf(pool[r->nv], sizeof pool[r->nv], "%s", v);
        r->verdict[r->nv] = pool[r->nv];
        r->vcount[r->nv++] = 1;
    }
}

static void clear_progress(run *r)
{
    if (r->progress && r->shown > 0)
        fputs("\r\033[K", stderr);
}

static void draw_progress(run *r)
{
    if (!r->progress)
        return;
    size_t done = r->status[0] + r->status[1] + r->status[2];
    double el = now() - r->t0;
    double rate = el > 0 ? (double)done / el : 0;
    char eta[32] = "--";
    if (rate > 0 && done < r->n) {
        unsigned long s = (unsigned long)((double)(r->n - done) / rate);
        snprintf(eta, sizeof eta, "%lum%02lus", s / 60, s % 60);
    }
    int width = 24, fill = r->n ? (int)((double)done * width / (double)r->n) : width;
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    const char *cur = r->last ? r->last : "";
    size_t cl = strlen(cur);
    fprintf(stderr, "\r\033[K[%s] %zu/%zu %.1f/s ETA %s %s%s", bar, done, r->n, rate, eta,
            cl > 40 ? "..." : "", cl > 40 ? cur + cl - 37 : cur);
    fflush(stderr);
    r->shown++;
}

/* Show one record: the line, or a text line for people. */
static void show(run *r, const char *line, size_t len)
{
    clear_progress(r);
    if (r->o->format == CLI_FORMAT_JSONL) {
        fwrite(line, 1, len, stdout);
        putchar('\n');
    } else {
        char input[4096], status[16], verdict[64], reason[512];
        if (!field(line, len, "input", input, sizeof input))
            input[0] = '\0';
        field(line, len, "status", status, sizeof status);
        if (strcmp(status, "done") == 0 && field(line, len, "verdict", verdict, sizeof verdict))
            printf("%s: %s (%zu errors, %zu warnings)\n", input, verdict,
                   number(line, len, "error"), number(line, len, "warning"));
        else if (field(line, len, "reason", reason, sizeof reason))
            printf("%s: %s: %s\n", input, status, reason);
        else
            printf("%s: %s\n", input, status);
    }
    /* as soon as it is done, not when a buffer fills */
    if (fflush(stdout) != 0 || ferror(stdout))
        r->write_error = true;
}

/* Count a finished record for the summary and the exit status. */
static void tally(run *r, const char *line, size_t len)
{
    char status[16] = "", verdict[64];
    field(line, len, "status", status, sizeof status);
    int s = strcmp(status, "done") == 0 ? 0 : strcmp(status, "error") == 0 ? 1 : 2;
    r->status[s]++;
    if (s == 1)
        r->failed = true;
    if (field(line, len, "verdict", verdict, sizeof verdict)) {
        count_verdict(r, verdict);
        for (const char *const *f = r->job->failing; f && *f; f++)
            if (strcmp(*f, verdict) == 0)
                r->failed = true;
    }
}

/* A record is finished (pos: position in this run). */
static int finished(run *r, size_t pos, const char *line, size_t len, bool replayed)
{
    const char *path = r->in->paths[r->pick[pos]];
    if (r->state != NULL && !replayed) {
        cckit_error err;
        if (cckit_batch_state_put(r->state, path, r->pick[pos], line, len, &err) != CCKIT_OK) {
            clear_progress(r);
            cli_error("%s", err.message);
            r->write_error = true;
            return 1;
        }
    }
    tally(r, line, len);
    free(r->last);
    r->last = strdup(path);
    if (r->b->unordered) {
        show(r, line, len);
    } else {
        if ((r->ready[pos] = malloc(len + 1)) == NULL) {
            r->write_error = true;
            return 1;
        }
        memcpy(r->ready[pos], line, len);
        r->ready[pos][len] = '\0';
        while (r->next < r->n && r->ready[r->next] != NULL) {
            show(r, r->ready[r->next], strlen(r->ready[r->next]));
            free(r->ready[r->next]);
            r->ready[r->next++] = NULL;
        }
    }
    draw_progress(r);
    return r->write_error ? 1 : 0;
}

static int done_cb(void *ctx, size_t pos, const char *line, size_t len)
{
    run *r = ctx;
    return finished(r, r->runpos[pos], line, len, false);
}

static void summary(run *r, double seconds, unsigned jobs)
{
    clear_progress(r);
    /* verdicts by name: the same summary whatever order inputs finished in */
    for (size_t i = 1; i < r->nv; i++)
        for (size_t k = i; k > 0 && strcmp(r->verdict[k - 1], r->verdict[k]) > 0; k--) {
            const char *v = r->verdict[k];
            size_t c = r->vcount[k];
            r->verdict[k] = r->verdict[k - 1];
            r->vcount[k] = r->vcount[k - 1];
            r->verdict[k - 1] = v;
            r->vcount[k - 1] = c;
        }
    if (r->o->format != CLI_FORMAT_JSONL) {
        printf("%zu inputs: %zu done, %zu errors, %zu skipped", r->n, r->status[0],
               r->status[1], r->status[2]);
        for (size_t i = 0; i < r->nv; i++)
            printf("%s %zu %s", i ? "," : ";", r->vcount[i], r->verdict[i]);
        printf(" (%.1f s)\n", seconds);
        return;
    }
    printf("{\"type\":\"summary\",\"command\":");
    cli_json_string(stdout, r->job->command);
    printf(",\"inputs\":%zu,\"status\":{\"done\":%zu,\"error\":%zu,\"skipped\":%zu},"
           "\"verdicts\":{", r->n, r->status[0], r->status[1], r->status[2]);
    for (size_t i = 0; i < r->nv; i++) {
        if (i)
            putchar(',');
        cli_json_string(stdout, r->verdict[i]);
        printf(":%zu", r->vcount[i]);
    }
    printf("},\"seconds\":%.3f,\"jobs\":%u,\"shard\":", seconds, jobs);
    if (r->b->shard)
        cli_json_string(stdout, r->b->shard);
    else
        fputs("null", stdout);
    puts("}");
}

int cli_batch_run(const cli_command *cmd, const cli_opts *o, const cckit_batch_inputs *in,
                  const cli_batch_job *job)
{
    const cli_batch *b = &o->batch;
    (void)cmd;
    run r;
    memset(&r, 0, sizeof r);
    r.b = b;
    r.job = job;
    r.o = o;
    r.in = in;
    r.t0 = now();
    size_t *pick = malloc((in->n ? in->n : 1) * sizeof *pick);
    const char **paths = malloc((in->n ? in->n : 1) * sizeof *paths);
    size_t *index = malloc((in->n ? in->n : 1) * sizeof *index);
    r.ready = calloc(in->n ? in->n : 1, sizeof *r.ready);
    int rc = CLI_EXIT_OK;
    if (!pick || !paths || !index || !r.ready) {
        cli_error("out of memory");
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    /* the shard: positions in the whole list stay the records' index */
    for (size_t i = 0; i < in->n; i++)
        if (!b->shard_n || cckit_batch_in_shard(in->paths[i], b->shard_k, b->shard_n))
            pick[r.n++] = i;
    r.pick = pick;

    cckit_error err;
    memset(&err, 0, sizeof err);
    if (b->state != NULL
        && cckit_batch_state_open(b->state, job->command, job->options, &r.state, &err)
           != CCKIT_OK) {
        cli_error("%s", err.message);
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    r.progress = !b->quiet && isatty(STDERR_FILENO);
    volatile sig_atomic_t *cancel = cli_trap_interrupts();

    /* Inputs done and unchanged in the state: their recorded line, as
     * an uninterrupted run would have shown it; the rest to the pool. */
    size_t todo = 0;
    for (size_t p = 0; p < r.n && rc == CLI_EXIT_OK; p++) {
        char *line = NULL;
        if (r.state != NULL
            && cckit_batch_state_lookup(r.state, in->paths[pick[p]], pick[p], &line, &err)
               != CCKIT_OK) {
            cli_error("%s", err.message);
            rc = CLI_EXIT_USAGE;
            break;
        }
        if (line != NULL) {
            if (finished(&r, p, line, strlen(line), true) != 0)
                rc = CLI_EXIT_USAGE;
            free(line);
            continue;
        }
        paths[todo] = in->paths[pick[p]];
        index[todo++] = p;   /* position in this run, mapped back below */
    }
    if (rc == CLI_EXIT_OK && todo > 0) {
        /* the pool's positions are into paths[]: runpos maps them back */
        size_t *idx = malloc(todo * sizeof *idx);
        if (idx == NULL) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
            goto close;
        }
        for (size_t t = 0; t < todo; t++)
            idx[t] = pick[index[t]];
        r.runpos = index;
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        cckit_batch_options bo;
        memset(&bo, 0, sizeof bo);
        bo.jobs = b->jobs ? b->jobs : (unsigned)(cpus > 0 ? cpus : 1);
        bo.timeout = b->timeout;
        bo.memory_limit = b->memory_set ? b->memory_limit : DEFAULT_MEMORY_LIMIT;
        bo.command = job->command;
        bo.cancel = cancel;
        r.jobs = bo.jobs;
        cckit_status st = cckit_batch_run(paths, idx, todo, &bo, job->run, job->ctx, done_cb, &r,
                                          &err);
        free(idx);
        if (st != CCKIT_OK && !r.write_error) {
            clear_progress(&r);
            cli_error("%s", err.message);
            rc = CLI_EXIT_USAGE;
        }
    }
    if (rc == CLI_EXIT_OK && *cancel == 0 && !r.write_error)
        summary(&r, now() - r.t0, r.jobs ? r.jobs : 1);
    clear_progress(&r);
    if (rc == CLI_EXIT_OK && (r.write_error || cli_stdout_errno() != 0))
        rc = cli_write_failed(CLI_EXIT_USAGE, errno);
    if (rc == CLI_EXIT_OK && r.failed)
        rc = CLI_EXIT_FAIL;
close:
    /* every finished input is committed: a rerun resumes from here */
    cckit_batch_state_close(r.state);
out:
    free(pick);
    free(paths);
    free(index);
    for (size_t i = 0; i < in->n && r.ready; i++)
        free(r.ready[i]);
    free(r.ready);
    free(r.last);
    return cli_interrupt_exit(rc);
}
