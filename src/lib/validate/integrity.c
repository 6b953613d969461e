/* integrity.c - the CRC of every archive entry, on both cores.
 *
 * Every entry is read to its end once and its CRC compared
 * (cckit_entry_verify: large reads of the raw data, zlib's inflate,
 * libdeflate's CRC-32).  Entries a check reads anyway (the manifest,
 * descriptors, HTML and CSS) are verified by that read and skipped here.
 * The rest, in a cartridge mostly media, can be most of the bytes (1 GB
 * of video beside 1 MB of XML), so the run starts a worker at its
 * beginning (cckit_integrity_start) that reads those entries through a reader
 * of its own (cckit_archive_reopen: libzip handles are not thread-safe)
 * while the main thread does the XML work; at the end the main thread
 * takes entries from the same queue until it is empty
 * (cckit_integrity_finish).  Results are kept per entry and reported in
 * entry order, so the findings are those of a single thread, in its
 * order.
 *
 * Plain pthreads: the links pass (validate.c) already uses them, C11
 * <threads.h> is missing from some libcs we build on, and OpenMP would
 * add a runtime (and its thread pool) to a library for one loop. */
#include "validate/validate.h"
#include "import/source.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Below this many compressed bytes to check, a thread (and a second read
 * of the central directory) costs more than it saves. */
#define JOB_MIN_BYTES (8u << 20)

typedef struct result {
    cckit_status status;       /* CCKIT_OK: read to its end, CRC good */
    char *message;             /* the failure, malloc'ed */
    bool done;
} result;

struct cckit_integrity_job {
    pthread_mutex_t lock;
    size_t *idx;               /* entry indexes to check, in entry order */
    result *res;               /* one per idx */
    size_t n, next;            /* next: the first not yet taken (lock) */
    cckit_source *wsrc;        /* the worker's reader */
    pthread_t thread;
    bool oom;                  /* a result was lost: reported at finish */
};

static void report(cckit_vctx *v, const cckit_entry *e, cckit_status st, const char *message)
{
    const char *code = st == CCKIT_E_LIMIT ? "package.limit"
                     : strstr(message, "CRC") ? "package.crc" : "package.corrupt";
    cckit_vreport(v, code, e->name, 0, "%s", message);
}

/* Take entries from the job's queue until it is empty, reading them
 * through src (each thread its own reader). */
static void take(cckit_integrity_job *j, cckit_source *src, cckit_verifier *vf)
{
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t k = j->next < j->n ? j->next++ : j->n;
        pthread_mutex_unlock(&j->lock);
        if (k == j->n)
            return;
        /* the entry tables of two readers of one file are the same */
        const cckit_entry *e = cckit_source_entry(src, j->idx[k]);
        cckit_error err;
        result *r = &j->res[k];
        r->status = cckit_entry_verify(vf, src, e, &err);
        if (r->status != CCKIT_OK && r->status != CCKIT_E_NOMEM
            && !(r->message = strdup(err.message)))
            r->status = CCKIT_E_NOMEM;
        r->done = true;
    }
}

static void *worker(void *arg)
{
    cckit_integrity_job *j = arg;
    cckit_verifier *vf = cckit_verifier_new();
    if (vf)
        take(j, j->wsrc, vf);   /* else the main thread takes them all */
    cckit_verifier_free(vf);
    return NULL;
}

/* Entries a check reads to their end anyway: left to the checks. */
static bool read_by_checks(const char *name)
{
    static const char *const ext[] = { ".xml", ".html", ".htm", ".xhtml", ".css" };
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t n = strlen(ext[i]);
        if (len >= n && cckit_strcasecmp_ascii(name + len - n, ext[i]) == 0)
            return true;
    }
    return false;
}

static void job_free(cckit_integrity_job *j)
{
    if (!j)
        return;
    for (size_t k = 0; k < j->n; k++)
        free(j->res[k].message);
    free(j->res);
    free(j->idx);
    pthread_mutex_destroy(&j->lock);
    free(j);
}

cckit_integrity_job *cckit_integrity_start(cckit_vctx *v)
{
    if (v->opt->quick || !v->src || !cckit_source_is_archive(v->src))
        return NULL;
    size_t n = cckit_source_count(v->src);
    uint64_t bytes = 0;
    size_t want = 0;
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(v->src, i);
        if (!e->is_dir && !read_by_checks(e->name)) {
            bytes += e->comp_size;
            want++;
        }
    }
    if (bytes < JOB_MIN_BYTES)
        return NULL;   /* the sequential pass at the end does it all */
    cckit_integrity_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (pthread_mutex_init(&j->lock, NULL) != 0) {
        free(j);
        return NULL;
    }
    j->idx = malloc(want * sizeof *j->idx);
    j->res = calloc(want, sizeof *j->res);
    if (!j->idx || !j->res) {
        job_free(j);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(v->src, i);
        if (!e->is_dir && !read_by_checks(e->name))
            j->idx[j->n++] = i;
    }
    cckit_error err;
    if (cckit_archive_reopen(v->src, &j->wsrc, &err) != CCKIT_OK) {
        job_free(j);
        return NULL;   /* the main thread does it all, at the end */
    }
    if (pthread_create(&j->thread, NULL, worker, j) != 0) {
        cckit_source_close(j->wsrc);
        job_free(j);
        return NULL;
    }
    return j;
}

void cckit_integrity_finish(cckit_vctx *v, cckit_integrity_job *j)
{
    bool run = !v->opt->quick && v->m && v->src && cckit_source_count(v->src);
    cckit_verifier *vf = run ? cckit_verifier_new() : NULL;
    if (run && !vf)
        cckit_vnomem(v);
    if (j) {
        if (vf)
            take(j, v->src, vf);   /* help the worker empty the queue */
        pthread_join(j->thread, NULL);
        cckit_source_merge_verified(v->src, j->wsrc);
        cckit_source_close(j->wsrc);
    }
    size_t n = vf ? cckit_source_count(v->src) : 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(v->src, i);
        if (j && k < j->n && j->idx[k] == i) {
            result *r = &j->res[k++];
            if (r->done && r->status == CCKIT_E_NOMEM) {
                cckit_vnomem(v);
                break;
            }
            if (r->done) {
                if (r->status != CCKIT_OK)
                    report(v, e, r->status, r->message);
                continue;
            }
        }
        if (e->is_dir || cckit_source_verified(v->src, e))
            continue;   /* read to its end by a check already: CRC checked */
        cckit_error err;
        cckit_status st = cckit_entry_verify(vf, v->src, e, &err);
        if (st == CCKIT_OK)
            continue;
        if (cckit_vnomem_if(v, st))
            break;
        report(v, e, st, err.message);
    }
    cckit_verifier_free(vf);
    job_free(j);
}

void cckit_check_integrity(cckit_vctx *v)
{
    cckit_integrity_finish(v, NULL);
}
