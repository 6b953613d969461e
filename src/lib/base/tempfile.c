/*
 * tempfile.c - temporaries beside an output, stale clean-up.
 * See tempfile.h.
 */
#define _GNU_SOURCE 1
#include "base/tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static bool make_name(const char *prefix, char *name, size_t size)
{
    static const char chars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char rnd[6];
    size_t plen = strlen(prefix);
    if (plen + 7 > size) {
        errno = ENAMETOOLONG;
        return false;
    }
    if (getrandom(rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd) {
        /* No entropy yet: fall back on the clock and the pid. */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec * 2654435761u ^ (uint64_t)getpid() << 20 ^
                     (uint64_t)ts.tv_sec;
        for (size_t i = 0; i < sizeof rnd; i++, x >>= 7)
            rnd[i] = (unsigned char)x;
    }
    memcpy(name, prefix, plen);
    for (size_t i = 0; i < 6; i++)
        name[plen + i] = chars[rnd[i] % (sizeof chars - 1)];
    name[plen + 6] = '\0';
    return true;
}

void cckit_tmp_prefix(const char *name, char *out)
{
    size_t room = NAME_MAX - 1 - (sizeof CCKIT_TMP_TAG - 1) - 6;
    size_t n = strlen(name);
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
            n--;   /* name[n] continues a character: cut before it */
    }
    out[0] = '.';
    memcpy(out + 1, name, n);
    memcpy(out + 1 + n, CCKIT_TMP_TAG, sizeof CCKIT_TMP_TAG);
}

/*
 * Lock a temporary just created as name in dirfd.  Between the create and
 * the lock, another run's cckit_tmp_clean_stale() may find the name
 * unlocked and remove it: so the lock must be won, and name must still be
 * this inode once it is held.  Once both hold, no cleaner can take it.
 */
static bool claim(int dirfd, const char *name, int fd)
{
    if (flock(fd, LOCK_EX | LOCK_NB) != 0)
        return false;
    struct stat a, b;
    return fstat(fd, &a) == 0 && fstatat(dirfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int cckit_tmp_create_file(int dirfd, const char *prefix, char *name, size_t size)
{
    for (int tries = 0; tries < 100; tries++) {
        if (!make_name(prefix, name, size))
            return -1;
        int fd = openat(dirfd, name,
                        O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            if (claim(dirfd, name, fd))
                return fd;
            close(fd);   /* a cleaner took it first: it goes, try a new name */
            continue;
        }
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

int cckit_tmp_create_dir(int dirfd, const char *prefix, char *name, size_t size)
{
    for (int tries = 0; tries < 100; tries++) {
        if (!make_name(prefix, name, size))
            return -1;
        if (mkdirat(dirfd, name, 0700) == 0) {
            int fd = openat(dirfd, name,
                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                int e = errno;
                (void)unlinkat(dirfd, name, AT_REMOVEDIR);
                errno = e;
                return -1;
            }
            if (claim(dirfd, name, fd))
                return fd;
            close(fd);
            continue;
        }
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

/* Empty the folder fd (which is consumed). depth bounds the recursion. */
static int empty_dir(int fd, unsigned depth)
{
    if (depth > 4096) {
        close(fd);
        errno = ELOOP;
        return -1;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *n = de->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
            continue;
        if (unlinkat(dirfd(d), n, 0) == 0)
            continue;
        if (errno != EISDIR && errno != EPERM) {
            rc = -1;
            continue;
        }
        int sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0 || empty_dir(sub, depth + 1) != 0 ||
            unlinkat(dirfd(d), n, AT_REMOVEDIR) != 0)
            rc = -1;
    }
    closedir(d);
    return rc;
}

int cckit_rm_tree_at(int dirfd, const char *name)
{
    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if (errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (empty_dir(fd, 0) != 0)
        return -1;
    return unlinkat(dirfd, name, AT_REMOVEDIR);
}

unsigned cckit_tmp_clean_stale(int dirfd, const char *prefix)
{
    size_t plen = strlen(prefix);
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    unsigned removed = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *n = de->d_name;
        if (strncmp(n, prefix, plen) != 0 || strlen(n + plen) != 6)
            continue;
        struct stat st;
        if (fstatat(dirfd, n, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            continue;
        int lfd = openat(dirfd, n,
                         O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
                         (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
        if (lfd < 0)
            continue;
        struct stat st2;
        bool same = fstat(lfd, &st2) == 0 && st2.st_dev == st.st_dev &&
                    st2.st_ino == st.st_ino;
        if (same && flock(lfd, LOCK_EX | LOCK_NB) == 0) {
            /* Nobody holds it: a killed run's leftover. */
            if (cckit_rm_tree_at(dirfd, n) == 0)
                removed++;
        }
        close(lfd);
    }
    closedir(d);
    return removed;
}
