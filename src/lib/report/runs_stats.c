/* runs_stats.c - the counts a summary shows, computed once from the
 * records (runs_report.c, runs_html.c, and the merge's summary line):
 * tallies by verdict, version, producer, code and command, most first;
 * the slowest inputs; every input not done. */
#include "config.h"
#include "report/runs.h"

#include <stdlib.h>
#include <string.h>

static int cmp_input(const void *a, const void *b)
{
    const run_record *x = *(const run_record *const *)a, *y = *(const run_record *const *)b;
    int c = strcmp(x->input, y->input);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

const run_record **cckit_runs_sorted(const cckit_runs *r)
{
    const run_record **v = malloc((r->n_recs ? r->n_recs : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < r->n_recs; i++)
        v[i] = &r->recs[i];
    if (r->n_recs > 1)
        qsort(v, r->n_recs, sizeof *v, cmp_input);
    return v;
}

/* ---- tallies ------------------------------------------------------------ */

typedef struct tally {
    run_tally *v;
    size_t n, cap;
    cckit_idmap *at;   /* name -> index + 1 */
    bool oom;
} tally;

static run_tally *tally_get(tally *t, const char *name)
{
    if (!t->at && !(t->at = cckit_idmap_new())) {
        t->oom = true;
        return NULL;
    }
    uintptr_t i = (uintptr_t)cckit_idmap_get(t->at, name);
    if (i)
        return &t->v[i - 1];
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        run_tally *nv = realloc(t->v, cap * sizeof *nv);
        if (!nv) {
            t->oom = true;
            return NULL;
        }
        t->v = nv;
        t->cap = cap;
    }
    bool oom = false;
    cckit_idmap_put(t->at, name, (void *)(uintptr_t)(t->n + 1), &oom);
    if (oom) {
        t->oom = true;
        return NULL;
    }
    t->v[t->n] = (run_tally){ name, 0, 0 };
    return &t->v[t->n++];
}

static void tally_add(tally *t, const char *name, uint64_t count)
{
    run_tally *x = tally_get(t, name ? name : "unknown");
    if (x) {
        x->count += count;
        x->cartridges++;
    }
}

static int cmp_tally(const void *a, const void *b)
{
    const run_tally *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static bool tally_done(tally *t, run_tally **v, size_t *n)
{
    cckit_idmap_free(t->at);
    if (t->n > 1)
        qsort(t->v, t->n, sizeof *t->v, cmp_tally);
    *v = t->v;
    *n = t->n;
    return !t->oom;
}

static int cmp_slow(const void *a, const void *b)
{
    const run_record *x = *(const run_record *const *)a, *y = *(const run_record *const *)b;
    if (x->seconds != y->seconds)
        return x->seconds < y->seconds ? 1 : -1;
    return strcmp(x->input, y->input);
}

bool cckit_runs_stats(const cckit_runs *r, run_stats *s)
{
    tally tv = { 0 }, tver = { 0 }, tp = { 0 }, tc = { 0 }, tcmd = { 0 };
    memset(s, 0, sizeof *s);
    const run_record **v = cckit_runs_sorted(r);
    if (!v)
        return false;
    s->failures = malloc((r->n_recs ? r->n_recs : 1) * sizeof *s->failures);
    for (size_t i = 0; i < r->n_recs; i++) {
        const run_record *x = v[i];
        s->inputs++;
        s->seconds += x->seconds;
        if (strcmp(x->status, "done") == 0)
            s->done++;
        else if (strcmp(x->status, "error") == 0)
            s->error++;
        else if (strcmp(x->status, "skipped") == 0)
            s->skipped++;
        else
            s->other++;
        if (strcmp(x->status, "done") != 0 && s->failures)
            s->failures[s->n_failures++] = x;
        if (x->verdict)
            tally_add(&tv, x->verdict, 1);
        if (strcmp(x->status, "done") == 0) {
            tally_add(&tver, x->version, 1);
            tally_add(&tp, x->producer, 1);
        }
        if (x->command)
            tally_add(&tcmd, x->command, 1);
        for (size_t k = 0; k < x->n_codes; k++)
            if (x->codes[k].count)
                tally_add(&tc, x->codes[k].code, x->codes[k].count);
    }
    /* The slowest: sort the sorted copy again by time; ten kept. */
    if (r->n_recs > 1)
        qsort(v, r->n_recs, sizeof *v, cmp_slow);
    s->slowest = v;
    s->n_slowest = r->n_recs < CCKIT_RUNS_SLOWEST ? r->n_recs : CCKIT_RUNS_SLOWEST;
    bool ok = tally_done(&tv, &s->verdicts, &s->n_verdicts);
    ok &= tally_done(&tver, &s->versions, &s->n_versions);
    ok &= tally_done(&tp, &s->producers, &s->n_producers);
    ok &= tally_done(&tc, &s->codes, &s->n_codes);
    ok &= tally_done(&tcmd, &s->commands, &s->n_commands);
    if (!ok || !s->failures) {
        cckit_runs_stats_free(s);
        return false;
    }
    return true;
}

void cckit_runs_stats_free(run_stats *s)
{
    free(s->verdicts);
    free(s->versions);
    free(s->producers);
    free(s->codes);
    free(s->commands);
    free(s->slowest);
    free(s->failures);
    memset(s, 0, sizeof *s);
}

