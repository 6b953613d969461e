/*
 * interrupt.c - signals for the commands that write files (unpack, pack,
 * convert): SIGINT, SIGTERM, SIGHUP and SIGPIPE ask the library to stop
 * (they set the operation's cancel token: it removes its temporary files
 * and fails with "interrupted"); the command then dies of the same signal, so that the
 * shell sees the usual status.  A second signal kills at once (default
 * action restored): the temporaries are then removed by the next run on
 * the same target.  SIGXFSZ is ignored so that a file size limit
 * (ulimit -f) makes write() fail with EFBIG, which is reported and
 * cleaned up like any write error.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <string.h>

#include "cli.h"

/* The signal caught, and the cancel token of the running operation. */
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
    caught = sig;
    signal(sig, SIG_DFL);   /* the next one kills */
}

volatile sig_atomic_t *cli_trap_interrupts(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* keep a signal ignored by the parent (nohup) ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
    return &caught;
}

int cli_interrupt_exit(int rc)
{
    int sig = caught;
    if (sig) {
        signal(sig, SIG_DFL);
        raise(sig);
        return 128 + sig;
    }
    return rc;
}
