/*
 * pool.c - the worker pool of a batch: N pre-forked worker processes,
 * each running many inputs, one record back per input over a pipe.
 *
 * Processes, not threads: a crash, a runaway allocation or a hang in one
 * input then takes down only its worker, which the parent reports for
 * that input and replaces; the address-space limit (RLIMIT_AS) bounds one
 * worker's memory, which threads could not share out.  A worker lives
 * for many inputs, so that the schemas it compiled stay compiled.
 *
 * Pipes: parent -> worker carries input positions (8 bytes each); worker
 * -> parent carries frames: an 8-byte length, then the record line.
 */
#include "base/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define MAX_FRAME ((uint64_t)1 << 30)

typedef struct worker {
    pid_t pid;              /* 0: none running */
    int task_fd, res_fd;
    bool busy;
    size_t pos;             /* the input it runs, when busy */
    double started;
    unsigned char *buf;     /* a frame being received */
    size_t len, cap;
} worker;

typedef struct pool {
    const char *const *inputs;
    const size_t *index;
    size_t n;
    const cckit_batch_options *o;
    cckit_batch_job_fn job;
    void *job_ctx;
    cckit_batch_done_fn done;
    void *done_ctx;
    worker *w;
    unsigned nw;
    size_t finished;
    bool stop;              /* done() asked to stop */
} pool;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool write_full(int fd, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n > 0) {
        ssize_t k = write(fd, b, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        b += k;
        n -= (size_t)k;
    }
    return true;
}

static bool read_full(int fd, void *p, size_t n)
{
    unsigned char *b = p;
    while (n > 0) {
        ssize_t k = read(fd, b, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        b += k;
        n -= (size_t)k;
    }
    return true;
}

static size_t input_index(const pool *p, size_t pos)
{
    return p->index ? p->index[pos] : pos;
}

/* Size and SHA-256 of a regular file (a folder has neither). */
static void file_facts(cckit_batch_record *r)
{
    struct stat st;
    if (stat(r->input, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    r->size = (int64_t)st.st_size;
    cckit_error err;
    if (cckit_batch_sha256_file(r->input, r->sha256, &err) != CCKIT_OK)
        r->sha256[0] = '\0';
}

/* ---- the test hook ----------------------------------------------------- */

/* The fault $CCKIT_TEST_WORKER_FAULT asks for on this input, or 0. */
static char test_fault(const char *input)
{
    const char *spec = getenv("CCKIT_TEST_WORKER_FAULT");
    if (spec == NULL || *spec == '\0')
        return 0;
    size_t n = strlen(input);
    while (n > 1 && input[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && input[b - 1] != '/')
        b--;
    const char *base = input + b;
    size_t blen = n - b;
    for (const char *s = spec; *s;) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *colon = memchr(s, ':', len);
        if (colon != NULL && (size_t)(s + len - colon - 1) == blen
            && memcmp(colon + 1, base, blen) == 0)
            return *s;   /* 'c'rash, 'h'ang, 'o'om */
        s += len + (end != NULL);
    }
    return 0;
}

/* Take memory until there is none: only under a limit, never the box's. */
static void exhaust_memory(void)
{
    void *chain = NULL;
    for (;;) {
        void **p = malloc(64u << 20);
        if (p == NULL)
            break;
        memset(p, 1, 64u << 20);
        *p = chain;
        chain = p;
    }
    while (chain != NULL) {
        void *next = *(void **)chain;
        free(chain);
        chain = next;
    }
}

/* ---- the worker side ------------------------------------------------------- */

static void mem_reason(cckit_batch_record *r, uint64_t limit)
{
    r->status = "error";
    r->verdict = NULL;
    if (limit)
        snprintf(r->reason, sizeof r->reason, "memory limit of %llu MiB reached",
                 (unsigned long long)(limit >> 20));
    else
        snprintf(r->reason, sizeof r->reason, "out of memory");
}

static void run_one(pool *p, int res_fd, size_t pos, bool limited)
{
    cckit_batch_record r;
    cckit_batch_record_init(&r, p->o->command, p->inputs[pos], input_index(p, pos));
    double t0 = now();
    char fault = test_fault(r.input);
    if (fault == 'c') {
        /* a real death by signal, even where a sanitizer handles SEGV */
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    }
    while (fault == 'h')
        pause();
    cckit_status st = CCKIT_OK;
    if (fault == 'o' && limited) {
        exhaust_memory();
        st = CCKIT_E_NOMEM;
    } else {
        st = p->job(p->job_ctx, &r);
    }
    if (st == CCKIT_E_NOMEM) {
        cckit_batch_record_clear(&r);
        cckit_batch_record_init(&r, p->o->command, p->inputs[pos], input_index(p, pos));
        mem_reason(&r, limited ? p->o->memory_limit : 0);
    }
    r.seconds = now() - t0;
    file_facts(&r);
    char *line = NULL;
    cckit_error err;
    if (cckit_batch_record_line(&r, &line, &err) != CCKIT_OK) {
        /* keep the facts, drop the result we could not embed */
        cckit_batch_record_clear(&r);
        r.status = "error";
        r.verdict = NULL;
        if (err.status == CCKIT_E_NOMEM)
            mem_reason(&r, limited ? p->o->memory_limit : 0);
        else
            snprintf(r.reason, sizeof r.reason, "internal error: %.200s", err.message);
        if (cckit_batch_record_line(&r, &line, &err) != CCKIT_OK)
            _exit(3);
    }
    cckit_batch_record_clear(&r);
    uint64_t len = strlen(line);
    bool ok = write_full(res_fd, &len, sizeof len) && write_full(res_fd, line, len);
    free(line);
    if (!ok)
        _exit(0);   /* the parent is gone or stopped listening */
}

static void worker_main(pool *p, const worker *slot, int task_fd, int res_fd, pid_t parent)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);   /* no orphans when the parent is killed */
#endif
    if (getppid() != parent)
        _exit(0);
    /* The parent decides about interrupts: it kills its workers itself. */
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    for (unsigned i = 0; i < p->nw; i++) {
        worker *o = &p->w[i];
        if (o == slot || o->pid == 0)
            continue;
        close(o->task_fd);
        close(o->res_fd);
    }
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        /* a stray print would corrupt the parent's output */
        dup2(null, 0);
        dup2(null, 1);
        if (null > 2)
            close(null);
    }
    bool limited = false;
#ifndef UNDER_ASAN
    if (p->o->memory_limit) {
        struct rlimit rl = { (rlim_t)p->o->memory_limit, (rlim_t)p->o->memory_limit };
        limited = setrlimit(RLIMIT_AS, &rl) == 0;
    }
#endif
    for (;;) {
        uint64_t pos;
        if (!read_full(task_fd, &pos, sizeof pos) || pos >= p->n)
            _exit(0);
        run_one(p, res_fd, (size_t)pos, limited);
    }
}

/* ---- the parent side ------------------------------------------------------- */

static int cloexec_pipe(int fd[2])
{
    if (pipe(fd) != 0)
        return -1;
    fcntl(fd[0], F_SETFD, FD_CLOEXEC);
    fcntl(fd[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

static cckit_status spawn(pool *p, worker *w, cckit_error *err)
{
    int task[2], res[2];
    if (cloexec_pipe(task) != 0)
        return cckit_fail(err, CCKIT_E_IO, "cannot make a pipe: %s", strerror(errno));
    if (cloexec_pipe(res) != 0) {
        close(task[0]);
        close(task[1]);
        return cckit_fail(err, CCKIT_E_IO, "cannot make a pipe: %s", strerror(errno));
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(task[0]);
        close(task[1]);
        close(res[0]);
        close(res[1]);
        return cckit_fail(err, CCKIT_E_IO, "cannot start a worker process: %s", strerror(errno));
    }
    if (pid == 0) {
        close(task[1]);
        close(res[0]);
        worker_main(p, w, task[0], res[1], parent);
        _exit(0);
    }
    close(task[0]);
    close(res[1]);
    w->pid = pid;
    w->task_fd = task[1];
    w->res_fd = res[0];
    w->busy = false;
    w->len = 0;
    return CCKIT_OK;
}

/* Close a worker's pipes and reap it; its wait status. */
static int reap(worker *w, bool kill_it)
{
    int status = 0;
    if (w->pid == 0)
        return 0;
    if (kill_it)
        kill(w->pid, SIGKILL);
    close(w->task_fd);
    close(w->res_fd);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    w->len = 0;
    return status;
}

/* A record the parent makes for an input its worker did not finish. */
static void fail_input(pool *p, worker *w, const char *reason)
{
    cckit_batch_record r;
    cckit_batch_record_init(&r, p->o->command, p->inputs[w->pos], input_index(p, w->pos));
    r.status = "error";
    snprintf(r.reason, sizeof r.reason, "%s", reason);
    r.seconds = now() - w->started;
    file_facts(&r);
    char *line = NULL;
    cckit_error err;
    w->busy = false;
    p->finished++;
    if (cckit_batch_record_line(&r, &line, &err) != CCKIT_OK) {
        p->stop = true;
        return;
    }
    if (p->done(p->done_ctx, w->pos, line, strlen(line)) != 0)
        p->stop = true;
    free(line);
}

static bool cancelled(const pool *p);

static void worker_died(pool *p, worker *w)
{
    int status = reap(w, false);
    if (!w->busy)
        return;
    if (cancelled(p)) {
        /* the signal that stops the run may have reached it first */
        w->busy = false;
        return;
    }
    char why[160];
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGKILL)
            snprintf(why, sizeof why, "worker killed by signal 9 (from outside; perhaps "
                     "the system ran out of memory)");
        else
            snprintf(why, sizeof why, "worker killed by signal %d (crash)", sig);
    } else {
        snprintf(why, sizeof why, "worker exited with status %d without a result",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    fail_input(p, w, why);
}

/* Take what the worker sent; deliver whole frames. */
static void receive(pool *p, worker *w)
{
    if (w->cap - w->len < 65536) {
        size_t cap = w->cap ? 2 * w->cap : 131072;
        unsigned char *b = realloc(w->buf, cap);
        if (b == NULL) {
            p->stop = true;
            return;
        }
        w->buf = b;
        w->cap = cap;
    }
    ssize_t k = read(w->res_fd, w->buf + w->len, w->cap - w->len);
    if (k < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (k <= 0) {
        worker_died(p, w);
        return;
    }
    w->len += (size_t)k;
    uint64_t flen;
    if (w->len < sizeof flen)
        return;
    memcpy(&flen, w->buf, sizeof flen);
    if (flen > MAX_FRAME || !w->busy) {
        kill(w->pid, SIGKILL);   /* not our protocol any more */
        worker_died(p, w);
        return;
    }
    if (w->len < sizeof flen + flen)
        return;
    w->busy = false;
    p->finished++;
    if (p->done(p->done_ctx, w->pos, (const char *)w->buf + sizeof flen, (size_t)flen) != 0)
        p->stop = true;
    size_t rest = w->len - sizeof flen - (size_t)flen;
    memmove(w->buf, w->buf + sizeof flen + flen, rest);
    w->len = rest;
}

static bool cancelled(const pool *p)
{
    return p->stop || (p->o->cancel != NULL && *p->o->cancel != 0);
}

cckit_status cckit_batch_run(const char *const *inputs, const size_t *index, size_t n,
                             const cckit_batch_options *o, cckit_batch_job_fn job,
                             void *job_ctx, cckit_batch_done_fn done, void *done_ctx,
                             cckit_error *err)
{
    if (n == 0)
        return CCKIT_OK;
    pool p = { inputs, index, n, o, job, job_ctx, done, done_ctx, NULL, 0, 0, false };
    p.nw = o->jobs ? o->jobs : 1;
    if (p.nw > n)
        p.nw = (unsigned)n;
    if ((p.w = calloc(p.nw, sizeof *p.w)) == NULL)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    struct pollfd *pfd = calloc(p.nw, sizeof *pfd);
    worker **who = calloc(p.nw, sizeof *who);
    if (pfd == NULL || who == NULL) {
        free(pfd);
        free(who);
        free(p.w);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    /* A write to a worker that just died must not kill us. */
    struct sigaction ign, old_pipe;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old_pipe);

    cckit_status rc = CCKIT_OK;
    size_t next = 0;
    while (rc == CCKIT_OK) {
        for (unsigned i = 0; i < p.nw && next < n && !cancelled(&p); i++) {
            worker *w = &p.w[i];
            if (w->busy)
                continue;
            if (w->pid == 0 && (rc = spawn(&p, w, err)) != CCKIT_OK)
                break;
            uint64_t pos = next;
            w->pos = next++;
            w->busy = true;
            w->started = now();
            if (!write_full(w->task_fd, &pos, sizeof pos))
                worker_died(&p, w);   /* it died idle: its input failed to start */
        }
        unsigned nb = 0;
        int wait_ms = 200;   /* the cancel token is looked at this often */
        double t = now();
        for (unsigned i = 0; i < p.nw; i++) {
            worker *w = &p.w[i];
            if (!w->busy)
                continue;
            if (o->timeout > 0) {
                double left = w->started + o->timeout - t;
                int ms = left <= 0 ? 0 : (int)(left * 1000) + 1;
                if (ms < wait_ms)
                    wait_ms = ms;
            }
            pfd[nb].fd = w->res_fd;
            pfd[nb].events = POLLIN;
            pfd[nb].revents = 0;
            who[nb++] = w;
        }
        if (nb == 0 && (next >= n || cancelled(&p)))
            break;
        if (rc != CCKIT_OK)
            break;
        int k = poll(pfd, nb, wait_ms);
        if (k < 0 && errno != EINTR) {
            rc = cckit_fail(err, CCKIT_E_IO, "cannot wait for the workers: %s", strerror(errno));
            break;
        }
        for (unsigned i = 0; k > 0 && i < nb; i++)
            if (pfd[i].revents != 0 && who[i]->busy)
                receive(&p, who[i]);
        t = now();
        for (unsigned i = 0; i < p.nw && o->timeout > 0; i++) {
            worker *w = &p.w[i];
            if (!w->busy || t - w->started < o->timeout)
                continue;
            reap(w, true);
            char why[96];
            snprintf(why, sizeof why, "timed out after %g s", o->timeout);
            fail_input(&p, w, why);
        }
        if (cancelled(&p))
            for (unsigned i = 0; i < p.nw; i++)
                if (p.w[i].busy) {
                    reap(&p.w[i], true);   /* interrupted: no record, no state */
                    p.w[i].busy = false;
                }
    }
    for (unsigned i = 0; i < p.nw; i++) {
        reap(&p.w[i], p.w[i].busy);   /* idle workers end on EOF */
        free(p.w[i].buf);
    }
    sigaction(SIGPIPE, &old_pipe, NULL);
    free(pfd);
    free(who);
    free(p.w);
    if (rc == CCKIT_OK && p.stop && !(o->cancel && *o->cancel))
        rc = cckit_fail(err, CCKIT_E_IO, "the batch stopped: its output could not be written");
    return rc;
}
