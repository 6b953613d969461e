/* link_prefetch.c - the links of HTML pages read ahead, while the tree
 * is read.
 *
 * cckit_validate(path) reads the manifest into the tree on one thread;
 * until then no check can start, and the second core would be idle.  The
 * links of a page (cckit_page_links: read, decode, parse) depend only on
 * the page's bytes and the limits; only their judgment needs the tree
 * (which pages resources list, LAO folders, ...).  So as soon as the
 * package's index is read, a thread with a reader of its own
 * (cckit_archive_reopen) reads every page an HTML name marks, in entry
 * order, and keeps each page's links (value and line) or its failure.
 * The link pass (link_check.c) then replays a page kept instead of
 * reading it: the same calls in the same order, so the same findings.
 * It runs on the same reader, after the thread has ended (so a page kept
 * is not read again, and the entries the thread read to their end count
 * as CRC-checked for the integrity pass, cckit_source_merge_verified).
 *
 * Memory is bounded: past twice the XML size limit of links kept (32 MiB
 * by default; no page's links are longer than the page) the thread stops
 * and the pass reads the remaining pages itself, as it always did.  Out
 * of memory stops it too, without keeping that page.
 *
 * Before the pages, the thread also makes the descriptor pass's reader
 * (cckit_link_prefetch_take_reader): opening a second libzip handle
 * reads the central directory again (~15 ms for 20,000 entries), which
 * otherwise the descriptor thread, the longest of the run, would do
 * first. */
#include "validate/validate.h"
#include "import/source.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct pf_link {
    size_t off;              /* of its value in text */
    unsigned line;
} pf_link;

typedef struct pf_page {
    size_t first, n;         /* its links: links[first .. first + n) */
    cckit_status status;     /* cckit_page_links' */
    cckit_limit_id limit;    /* of a CCKIT_E_LIMIT */
    char *message;           /* of a CCKIT_E_LIMIT (malloc'ed), else NULL */
    bool kept;               /* read ahead: replay it */
} pf_page;

struct cckit_link_prefetch {
    cckit_source *src;       /* the thread's reader, then the link pass's */
    cckit_limits lim;
    pf_page *pages;          /* one per entry, in entry order */
    size_t n;
    pf_link *links;
    size_t n_links, cap_links;
    char *text;
    size_t text_len, text_cap;
    size_t max;              /* bytes of links kept at most */
    bool oom;                /* a link could not be kept */
    atomic_bool stop;        /* the run ended early: stop between pages */
    pthread_t thread;
    bool joined;
    /* the descriptor pass's reader, ready once made (lock) */
    pthread_mutex_t lock;
    pthread_cond_t made;
    bool reader_made;
    cckit_source *reader;
};

bool cckit_link_is_page_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && cckit_strcasecmp_ascii(name + n - 5, ".html") == 0)
        || (n > 4 && cckit_strcasecmp_ascii(name + n - 4, ".htm") == 0);
}

static bool grow(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    void *nb = realloc(*buf, nc * size);
    if (!nb)
        return false;
    *buf = nb;
    *cap = nc;
    return true;
}

/* cckit_page_link_fn: keep one link. */
static bool keep(void *ctx, const char *elem, const char *attr, const char *value, unsigned line)
{
    CCKIT_UNUSED(elem);
    CCKIT_UNUSED(attr);
    cckit_link_prefetch *p = ctx;
    size_t len = strlen(value) + 1;
    if (!grow((void **)&p->links, &p->cap_links, p->n_links + 1, sizeof *p->links)
        || !grow((void **)&p->text, &p->text_cap, p->text_len + len, 1)) {
        p->oom = true;
        return false;
    }
    memcpy(p->text + p->text_len, value, len);
    p->links[p->n_links].off = p->text_len;
    p->links[p->n_links].line = line;
    p->n_links++;
    p->text_len += len;
    return true;
}

static size_t held(const cckit_link_prefetch *p)
{
    return p->text_len + p->n_links * sizeof *p->links;
}

/* A second reader with its archive open (NULL when that failed: the
 * descriptor pass then opens its own, and a failure says why there). */
static void make_reader(cckit_link_prefetch *p)
{
    cckit_source *r = NULL;
    cckit_error err;
    uint64_t idx;
    if (cckit_archive_reopen(p->src, &r, &err) == CCKIT_OK && p->n
        && !cckit_archive_zip(r, cckit_source_entry(r, 0), &idx)) {
        cckit_source_close(r);
        r = NULL;
    }
    pthread_mutex_lock(&p->lock);
    p->reader = r;
    p->reader_made = true;
    pthread_cond_signal(&p->made);
    pthread_mutex_unlock(&p->lock);
}

static void *prefetch_thread(void *arg)
{
    cckit_link_prefetch *p = arg;
    make_reader(p);
    cckit_xml_scope xs;   /* libxml2's error handler is per thread */
    cckit_xml_enter(&xs);
    cckit_page_reader *r = cckit_page_reader_new();
    for (size_t i = 0; r && i < p->n; i++) {
        if (atomic_load_explicit(&p->stop, memory_order_relaxed) || held(p) > p->max)
            break;
        const cckit_entry *e = cckit_source_entry(p->src, i);
        /* the pass reads no page over the XML size limit */
        if (e->is_dir || !cckit_link_is_page_name(e->name) || e->size > p->lim.max_xml_size)
            continue;
        size_t first = p->n_links, text_len = p->text_len;
        cckit_error err;
        cckit_status st = cckit_page_links(r, p->src, e, &p->lim, keep, p, &err);
        if (p->oom || st == CCKIT_E_NOMEM) {
            p->n_links = first;   /* that page is the pass's to read */
            p->text_len = text_len;
            break;
        }
        pf_page *pg = &p->pages[i];
        if (st == CCKIT_E_LIMIT) {
            pg->limit = err.limit;
            if (!(pg->message = strdup(err.message)))
                break;
        }
        pg->first = first;
        pg->n = p->n_links - first;
        pg->status = st;
        pg->kept = true;
    }
    cckit_page_reader_free(r);
    cckit_xml_leave(&xs);
    return NULL;
}

cckit_link_prefetch *cckit_link_prefetch_start(const cckit_source *src, const cckit_limits *lim)
{
    if (!src || !cckit_source_is_archive(src))
        return NULL;   /* a folder's pages are read file by file anyway */
    size_t n = cckit_source_count(src), pages = 0;
    for (size_t i = 0; i < n; i++)
        pages += cckit_link_is_page_name(cckit_source_entry(src, i)->name);
    if (!pages)
        return NULL;
    cckit_link_prefetch *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = n;
    p->lim = *lim;
    /* links and their records: ~40 bytes a link, a few dozen a page */
    p->max = lim->max_xml_size < SIZE_MAX / 2 ? (size_t)lim->max_xml_size * 2 : SIZE_MAX;
    atomic_init(&p->stop, false);
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->made, NULL) != 0) {
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    cckit_error err;
    if (!(p->pages = calloc(n, sizeof *p->pages))
        || cckit_archive_reopen(src, &p->src, &err) != CCKIT_OK
        || pthread_create(&p->thread, NULL, prefetch_thread, p) != 0) {
        cckit_source_close(p->src);   /* the pass reads every page itself */
        free(p->pages);
        pthread_cond_destroy(&p->made);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

cckit_source *cckit_link_prefetch_take_reader(cckit_link_prefetch *p)
{
    if (!p)
        return NULL;
    pthread_mutex_lock(&p->lock);
    while (!p->reader_made)
        pthread_cond_wait(&p->made, &p->lock);
    cckit_source *r = p->reader;
    p->reader = NULL;
    pthread_mutex_unlock(&p->lock);
    return r;
}

void cckit_link_prefetch_wait(cckit_link_prefetch *p)
{
    if (p && !p->joined) {
        pthread_join(p->thread, NULL);
        p->joined = true;
    }
}

cckit_source *cckit_link_prefetch_source(const cckit_link_prefetch *p)
{
    return p ? p->src : NULL;
}

bool cckit_link_prefetch_replay(const cckit_link_prefetch *p, size_t idx, cckit_page_link_fn fn,
                                void *ctx, cckit_status *status, cckit_error *err)
{
    if (!p || idx >= p->n || !p->pages[idx].kept)
        return false;
    const pf_page *pg = &p->pages[idx];
    for (size_t k = 0; k < pg->n; k++) {
        const pf_link *l = &p->links[pg->first + k];
        if (!fn(ctx, NULL, NULL, p->text + l->off, l->line))
            break;
    }
    *status = pg->status;
    if (pg->status != CCKIT_OK) {
        cckit_fail(err, pg->status, "%s", pg->message ? pg->message : "");
        err->limit = pg->limit;
    }
    return true;
}

void cckit_link_prefetch_free(cckit_link_prefetch *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, true);
    cckit_link_prefetch_wait(p);
    for (size_t i = 0; i < p->n; i++)
        free(p->pages[i].message);
    free(p->pages);
    free(p->links);
    free(p->text);
    cckit_source_close(p->src);
    cckit_source_close(p->reader);   /* not taken */
    pthread_cond_destroy(&p->made);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
