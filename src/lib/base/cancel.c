/*
 * cancel.c - cancellation of one operation (pack, unpack, convert).
 *
 * An operation stops when the caller's token (the `cancel` field of its
 * options) becomes non-zero, or when cckit_cancel() is called while it
 * runs.  cckit_cancel() only bumps a counter that each operation reads
 * when it starts: a cancel reaches the operations running at that moment
 * and never a later one, so nothing has to be reset (a reset would race
 * with a signal arriving just before it).
 */
#include "base/cancel.h"

static volatile sig_atomic_t cancel_generation;

void cckit_cancel(void)
{
    /* Only a store of a sig_atomic_t: async-signal-safe.  The mask keeps
     * the counter from overflowing (a signed overflow is undefined). */
    cancel_generation = (sig_atomic_t)((cancel_generation + 1) & 0x3fffffff);
}

void cckit_cancel_begin(cckit_cancel_ctx *c, volatile sig_atomic_t *token)
{
    c->token = token;
    c->generation = cancel_generation;
}

bool cckit_cancelled(const cckit_cancel_ctx *c)
{
    if (!c)
        return false;
    return (c->token && *c->token != 0) || c->generation != cancel_generation;
}
