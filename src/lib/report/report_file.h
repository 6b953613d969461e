/* report_file.h - any report written to a file atomically (report_file.c):
 * a locked temporary beside the target, renamed over it once complete. */
#ifndef CCKIT_REPORT_FILE_H
#define CCKIT_REPORT_FILE_H

#include "base/internal.h"
#include <stdio.h>

/* What writes the document into f: 0, or -1 (errno says why). */
typedef int (*cckit_report_writer)(void *ctx, FILE *f);

/* Run write(ctx, f) on a temporary beside path, then rename it over
 * path; nothing is left behind on failure or when cancel was set. */
cckit_status cckit_report_to_file(const char *path, cckit_report_writer write, void *ctx,
                                  volatile sig_atomic_t *cancel, cckit_error *err);

#endif /* CCKIT_REPORT_FILE_H */
