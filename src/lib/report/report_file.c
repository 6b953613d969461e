/* report_file.c - a report (any writer: validation, runs, merged runs)
 * written to a file atomically: into a locked
 * temporary beside it (base/tempfile.c, cleaned up after a killed run),
 * renamed over the target only once complete, so a reader (a browser, a
 * CI artifact upload) never sees half a report. */
#define _GNU_SOURCE 1
#include "config.h"
#include "validate/validate.h"
#include "base/tempfile.h"
#include "base/cancel.h"
#include "report/report_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cckit_status cckit_report_to_file(const char *path, cckit_report_writer write, void *ctx,
                                  volatile sig_atomic_t *cancel, cckit_error *err)
{
    cckit_cancel_ctx cc;
    cckit_cancel_begin(&cc, cancel);
    if (!path || !*path)
        return cckit_fail(err, CCKIT_E_USAGE, "no output file name");
    char *c1 = strdup(path), *c2 = strdup(path);
    char prefix[NAME_MAX + 1], tmp[NAME_MAX + 1];
    cckit_status st = CCKIT_OK;
    int dirfd = -1, fd = -1;
    FILE *f = NULL;
    if (!c1 || !c2) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    const char *dir = dirname(c1), *base = basename(c2);
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(base, "/") == 0
        || strlen(base) + strlen(CCKIT_TMP_TAG) + 8 > NAME_MAX) {
        st = cckit_fail(err, CCKIT_E_USAGE, "%s: not a usable output file name", path);
        goto out;
    }
    dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        st = cckit_fail(err, CCKIT_E_IO, "cannot use folder %s for the report: %s", dir,
                        strerror(errno));
        goto out;
    }
    snprintf(prefix, sizeof prefix, ".%s" CCKIT_TMP_TAG, base);
    (void)cckit_tmp_clean_stale(dirfd, prefix);
    fd = cckit_tmp_create_file(dirfd, prefix, tmp, sizeof tmp);
    if (fd < 0) {
        st = cckit_fail(err, CCKIT_E_IO, "cannot create a file in folder %s: %s", dir,
                        strerror(errno));
        goto out;
    }
    (void)fchmod(fd, 0644);   /* a report is for reading, unlike a temporary */
    f = fdopen(dup(fd), "w");
    if (!f || write(ctx, f) != 0 || fflush(f) != 0 || ferror(f)
        || fsync(fd) != 0) {
        st = cckit_fail(err, CCKIT_E_IO, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    if (cckit_cancelled(&cc)) {
        st = cckit_fail(err, CCKIT_E_IO, "%s: interrupted; nothing was written", path);
        goto out;
    }
    if (renameat(dirfd, tmp, dirfd, base) != 0) {
        st = cckit_fail(err, CCKIT_E_IO, "cannot create %s: %s", path, strerror(errno));
        goto out;
    }
    close(fd);
    fd = -1;   /* renamed: nothing left to remove */
out:
    if (f)
        fclose(f);
    if (fd >= 0) {
        close(fd);
        (void)unlinkat(dirfd, tmp, 0);
    }
    if (dirfd >= 0)
        close(dirfd);
    free(c1);
    free(c2);
    return st;
}

typedef struct validation_job {
    cckit_validation *const *v;
    size_t n;
    const cckit_report_options *o;
} validation_job;

static int write_validation(void *ctx, FILE *f)
{
    validation_job *j = ctx;
    return cckit_validation_report_opts(j->v, j->n, j->o, f);
}

cckit_status cckit_validation_report_file(cckit_validation *const *v, size_t n,
                                          const cckit_report_options *o, const char *path,
                                          volatile sig_atomic_t *cancel, cckit_error *err)
{
    validation_job j = { v, n, o };
    return cckit_report_to_file(path, write_validation, &j, cancel, err);
}
