/* runs.c - a run file read by what it holds (a state database begins
 * "SQLite format 3\0", anything else is read as JSON Lines), and the
 * merge of the runs read into one JSON Lines file.
 *
 * The merge writes every input once, sorted by input path then index (a
 * stable order whatever the shards or the jobs did), each record's line
 * verbatim, then a summary recomputed from them. */
#include "config.h"
#include "report/runs.h"
#include "report/report_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

cckit_status cckit_runs_add(cckit_runs *r, const char *path, cckit_error *err)
{
    static const char magic[16] = "SQLite format 3";   /* and its NUL */
    char head[16];
    /* A regular file only: a folder does not read, a pipe cannot be read
     * twice (the sniff, then the lines), a device may never end; opened
     * without blocking, so that a FIFO with no writer cannot hang us. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0)
        return cckit_fail(err, errno == ENOENT ? CCKIT_E_NOTFOUND : CCKIT_E_IO,
                          "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int e = errno;
        bool stated = fstat(fd, &sb) == 0;
        close(fd);
        return cckit_fail(err, CCKIT_E_IO, "%s: %s", path,
                          !stated ? strerror(e)
                          : S_ISDIR(sb.st_mode) ? "a folder, not a run file"
                                                : "not a regular file");
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        return cckit_fail(err, CCKIT_E_NOMEM, "%s: %s", path, strerror(e));
    }
    size_t got = fread(head, 1, sizeof head, f);
    if (ferror(f)) {
        fclose(f);
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    if (got == sizeof head && memcmp(head, magic, sizeof magic) == 0) {
        fclose(f);
        return cckit_runs_read_db(r, path, err);
    }
    rewind(f);
    cckit_status st = cckit_runs_read_jsonl(r, path, f, err);
    fclose(f);
    return st;
}

/* ---- the merge ---------------------------------------------------------- */

static void json_map(FILE *out, const char *key, const run_tally *t, size_t n)
{
    fprintf(out, ",\"%s\":{", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? "," : "", out);
        cckit_json_write_escaped(out, t[i].name);
        fprintf(out, ":%llu", (unsigned long long)t[i].count);
    }
    fputc('}', out);
}

static int write_merged(void *ctx, FILE *out)
{
    const cckit_runs *r = ctx;
    const run_record **v = cckit_runs_sorted(r);
    run_stats s;
    if (!v || !cckit_runs_stats(r, &s)) {
        free(v);
        errno = ENOMEM;
        return -1;
    }
    for (size_t i = 0; i < r->n_recs; i++) {
        fputs(v[i]->line ? v[i]->line : "", out);
        fputc('\n', out);
    }
    double wall = 0;
    uint64_t jobs = 0;
    for (size_t i = 0; i < r->n_files; i++) {
        wall += r->files[i].summary_seconds;
        if (r->files[i].jobs > jobs)
            jobs = r->files[i].jobs;
    }
    fputs("{\"type\":\"summary\",\"command\":", out);
    if (s.n_commands == 1)
        cckit_json_write_escaped(out, s.commands[0].name);
    else
        fputs("null", out);
    fprintf(out, ",\"inputs\":%llu,\"status\":{\"done\":%llu,\"error\":%llu,\"skipped\":%llu}",
            (unsigned long long)s.inputs, (unsigned long long)s.done,
            (unsigned long long)s.error, (unsigned long long)s.skipped);
    json_map(out, "verdicts", s.verdicts, s.n_verdicts);
    fprintf(out, ",\"seconds\":%.3f,\"jobs\":%llu,\"shard\":null,\"merged\":%zu}\n", wall,
            (unsigned long long)(jobs ? jobs : 1), r->n_files);
    cckit_runs_stats_free(&s);
    free(v);
    return ferror(out) ? -1 : 0;
}

cckit_status cckit_runs_merge(const cckit_runs *r, const char *path,
                              volatile sig_atomic_t *cancel, cckit_error *err)
{
    if (!r->keep_lines)
        return cckit_fail(err, CCKIT_E_USAGE, "the runs were read without their lines");
    const char *cmd = NULL;
    for (size_t i = 0; i < r->n_recs; i++) {
        const char *c = r->recs[i].command;
        if (!c)
            continue;
        if (cmd && strcmp(cmd, c) != 0)
            return cckit_fail(err, CCKIT_E_USAGE,
                              "cannot merge runs of different commands (%s and %s)", cmd, c);
        cmd = c;
    }
    return cckit_report_to_file(path, write_merged, (void *)r, cancel, err);
}
