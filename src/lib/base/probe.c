/* probe.c - counters of costly steps, for tests (probe.h).  Always on:
 * an atomic add per manifest read or validation costs nothing next to
 * the work counted, and a test build that differs from the real one
 * would prove nothing about it. */
#include "base/probe.h"
#include <stdatomic.h>

static atomic_ulong counts[CCKIT_PROBE_COUNT];

void cckit_probe_hit(cckit_probe p)
{
    atomic_fetch_add_explicit(&counts[p], 1, memory_order_relaxed);
}

unsigned long cckit_probe_get(cckit_probe p)
{
    return atomic_load_explicit(&counts[p], memory_order_relaxed);
}

void cckit_probe_reset(void)
{
    for (int i = 0; i < CCKIT_PROBE_COUNT; i++)
        atomic_store_explicit(&counts[i], 0, memory_order_relaxed);
}
