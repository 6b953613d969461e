/*
 * cancel.h - per-operation cancellation (see cancel.c).  Internal.
 */
#ifndef CCKIT_CANCEL_H
#define CCKIT_CANCEL_H

#include "base/internal.h"
#include <signal.h>

/* What one operation watches: the caller's token and the cckit_cancel()
 * counter as it was when the operation started. */
typedef struct cckit_cancel_ctx {
    volatile sig_atomic_t *token;   /* may be NULL */
    sig_atomic_t generation;
} cckit_cancel_ctx;

/* Start watching, at the start of a public operation. */
void cckit_cancel_begin(cckit_cancel_ctx *c, volatile sig_atomic_t *token);
/* True once the token is set or cckit_cancel() was called since begin.
 * NULL (no cancellation wired) is never cancelled. */
bool cckit_cancelled(const cckit_cancel_ctx *c);

#endif /* CCKIT_CANCEL_H */
