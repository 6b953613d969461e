/*
 * oom.h - the allocation failure injection of test_oom.c, for the other
 * suites that use it (test_oom_ops.c).
 */
#ifndef CCKIT_UNIT_OOM_H
#define CCKIT_UNIT_OOM_H

#include <stdbool.h>

/* Count the library's allocations from now on and fail the one numbered
 * fail_at (0: fail none). */
void oom_arm(unsigned long fail_at);
/* Stop counting; returns how many allocations were made since oom_arm. */
unsigned long oom_disarm(void);
/* Whether the armed allocation was reached and failed. */
bool oom_failed(void);
/* malloc and strdup that are never failed (for the tests' own copies). */
void *oom_real_malloc(size_t n);
char *oom_real_strdup(const char *s);

#endif /* CCKIT_UNIT_OOM_H */
