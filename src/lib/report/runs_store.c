/* runs_store.c - the set of runs in memory: its files, one record per
 * input (a later record of the same input replaces the earlier: a resumed
 * run's retry wins) and the problems met while reading. */
#include "config.h"
#include "report/runs.h"

#include <stdlib.h>
#include <string.h>

bool cckit_runs_problem(cckit_runs *r, cckit_severity sev, const char *code, const char *file,
                        unsigned line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cckit_diags_add_rule(&r->problems, sev, cckit_rule_in(cckit_rules_runs, code), file,
                                line, "%s", msg);
}

cckit_runs *cckit_runs_new(bool keep_lines)
{
    cckit_runs *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->keep_lines = keep_lines;
    if (!(r->by_input = cckit_idmap_new())) {
        free(r);
        return NULL;
    }
    return r;
}

void cckit_run_record_free(run_record *rec)
{
    free(rec->input);
    free(rec->command);
    free(rec->status);
    free(rec->reason);
    free(rec->verdict);
    free(rec->version);
    free(rec->producer);
    for (size_t i = 0; i < rec->n_codes; i++)
        free(rec->codes[i].code);
    free(rec->codes);
    free(rec->line);
    memset(rec, 0, sizeof *rec);
}

void cckit_runs_free(cckit_runs *r)
{
    if (!r)
        return;
    cckit_idmap_free(r->by_input);
    for (size_t i = 0; i < r->n_recs; i++)
        cckit_run_record_free(&r->recs[i]);
    free(r->recs);
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i].path);
        free(r->files[i].command);
        free(r->files[i].shard);
    }
    free(r->files);
    cckit_diags_free(&r->problems);
    free(r);
}

run_file *cckit_runs_new_file(cckit_runs *r, const char *path, bool db)
{
    run_file *nf = realloc(r->files, (r->n_files + 1) * sizeof *nf);
    if (!nf)
        return NULL;
    r->files = nf;
    run_file *f = &nf[r->n_files];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(path)))
        return NULL;
    f->db = db;
    r->n_files++;
    return f;
}

bool cckit_runs_take(cckit_runs *r, run_record *rec)
{
    uintptr_t at = (uintptr_t)cckit_idmap_get(r->by_input, rec->input);
    if (at) {
        run_record *old = &r->recs[at - 1];
        const run_file *of = &r->files[old->file], *nf = &r->files[rec->file];
        char where[64] = "";
        if (old->lineno)
            snprintf(where, sizeof where, ", line %u", old->lineno);
        cckit_runs_problem(r, CCKIT_SEV_INFO, "report.duplicate-input", nf->path, rec->lineno,
                           "input %s is also in %s%s; this later record is kept", rec->input,
                           of->path, where);
        /* The map's key is the old record's string: keep it, move the rest. */
        char *key = old->input;
        old->input = NULL;
        cckit_run_record_free(old);
        free(rec->input);
        rec->input = key;
        *old = *rec;
        return !r->problems.oom;
    }
    if (r->n_recs == r->cap_recs) {
        size_t cap = r->cap_recs ? 2 * r->cap_recs : 256;
        run_record *nv = realloc(r->recs, cap * sizeof *nv);
        if (!nv) {
            cckit_run_record_free(rec);
            return false;
        }
        r->recs = nv;
        r->cap_recs = cap;
    }
    r->recs[r->n_recs] = *rec;
    bool oom = false;
    cckit_idmap_put(r->by_input, r->recs[r->n_recs].input, (void *)(uintptr_t)(r->n_recs + 1),
                    &oom);
    if (oom) {
        cckit_run_record_free(&r->recs[r->n_recs]);
        return false;
    }
    r->n_recs++;
    return true;
}

const cckit_diags *cckit_runs_problems(const cckit_runs *r)
{
    return &r->problems;
}

void cckit_runs_totals_get(const cckit_runs *r, cckit_runs_totals *t)
{
    memset(t, 0, sizeof *t);
    t->files = r->n_files;
    t->inputs = r->n_recs;
    for (size_t i = 0; i < r->n_recs; i++) {
        const char *s = r->recs[i].status;
        if (strcmp(s, "done") == 0)
            t->done++;
        else if (strcmp(s, "error") == 0)
            t->error++;
        else if (strcmp(s, "skipped") == 0)
            t->skipped++;
        else
            t->other++;
    }
    for (size_t i = 0; i < r->n_files; i++) {
        t->malformed += r->files[i].malformed;
        t->unfinished += r->files[i].unfinished;
        if (!r->files[i].db && !r->files[i].has_summary)
            t->without_summary++;
    }
}

