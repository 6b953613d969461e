/* quiet.h - "the library never writes to stderr", as a harness check:
 * the code under test runs with fd 2 pointed at a memfd that must stay
 * empty (libxml2 printing its own messages was finding F2).  Sanitizer
 * reports go to a saved copy of the real stderr meanwhile, when the
 * sanitizer runtime is there.  Needs _GNU_SOURCE (memfd_create). */
#ifndef CCKIT_FUZZ_QUIET_H
#define CCKIT_FUZZ_QUIET_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

extern void __sanitizer_set_report_fd(void *fd) __attribute__((weak));
static int quiet_fd = -1, saved_fd = -1;

static void stderr_capture_begin(void)
{
    if (quiet_fd < 0) {
        quiet_fd = memfd_create("fuzz_stderr", MFD_CLOEXEC);
        saved_fd = dup(2);
        if (quiet_fd < 0 || saved_fd < 0)
            abort();
        if (__sanitizer_set_report_fd)
            __sanitizer_set_report_fd((void *)(intptr_t)saved_fd);
    }
    fflush(stderr);
    if (ftruncate(quiet_fd, 0) != 0 || lseek(quiet_fd, 0, SEEK_SET) != 0 || dup2(quiet_fd, 2) < 0)
        abort();
}

/* Restore stderr; abort, showing what was written, if anything was. */
static void stderr_capture_end(const char *what)
{
    fflush(stderr);
    dup2(saved_fd, 2);
    off_t n = lseek(quiet_fd, 0, SEEK_CUR);
    if (n > 0) {
        char buf[1024];
        ssize_t k = pread(quiet_fd, buf, sizeof buf - 1, 0);
        buf[k > 0 ? k : 0] = '\0';
        fprintf(stderr, "%s wrote %lld bytes to stderr:\n%s\n", what, (long long)n, buf);
        abort();
    }
}

#endif
