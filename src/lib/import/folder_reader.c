/*
 * folder_reader.c - the folder back end of cckit_source: an unpacked
 * package on disk.
 *
 * The walk is iterative (an explicit stack of open directories, at most
 * FOLDER_MAX_DEPTH deep), opens every directory with openat(O_NOFOLLOW |
 * O_DIRECTORY) relative to its parent and looks at every name with
 * fstatat(AT_SYMLINK_NOFOLLOW).  Only regular files and directories are
 * allowed: a symbolic link anywhere is CCKIT_E_UNSAFE, and so are
 * devices, FIFOs and sockets; nothing is skipped silently.  Names are
 * checked like archive entry names.  Entries are sorted by name;
 * directories are entries too, with a trailing '/'.
 *
 * Streams open the file component by component from the root directory
 * fd kept open since the walk, each with O_NOFOLLOW, so a symlink swapped
 * in after the walk is refused, and check with fstat that the result is
 * still a regular file of the size seen during the walk.
 */
#define _XOPEN_SOURCE 700 /* openat, fdopendir, O_NOFOLLOW, O_DIRECTORY, O_CLOEXEC (POSIX 2008) */
#include "import/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FOLDER_MAX_DEPTH 64

struct folder_stream {
    struct cckit_stream base;
    int fd;
};

/* ------------------------------------------------------------------ */
/* Streams                                                              */

static long fo_read(cckit_stream *s, void *buf, size_t n, cckit_error *err)
{
    struct folder_stream *fs = (struct folder_stream *)s;
    char esc[CCKIT_ESC_SIZE];
    for (;;) {
        ssize_t r = read(fs->fd, buf, n);
        if (r >= 0)
            return (long)r;
        if (errno == EINTR)
            continue;
        return cckit_fail(err, CCKIT_E_IO, "cannot read '%s': %s",
                          cckit_name_esc(s->entry->name, esc, sizeof esc), strerror(errno)), -1;
    }
}

static void fo_stream_close(cckit_stream *s)
{
    struct folder_stream *fs = (struct folder_stream *)s;
    if (fs->fd >= 0)
        close(fs->fd);
    free(fs);
}

static const struct cckit_stream_ops fo_stream_ops = { fo_read, fo_stream_close };

static cckit_status open_error(const char *name, int e, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    cckit_name_esc(name, esc, sizeof esc);
    if (e == ELOOP || e == ENOTDIR)
        return cckit_fail(err, CCKIT_E_UNSAFE,
                          "'%s' (or a folder above it) became a symbolic link or changed type "
                          "after the folder was read; cckit never follows links", esc);
    return cckit_fail(err, CCKIT_E_IO, "cannot open '%s': %s", esc, strerror(e));
}

static cckit_status fo_stream_open(cckit_source *src, size_t idx,
                                   cckit_stream **out, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    const cckit_entry *e = &src->entries[idx];
    const char *name = e->name;
    int dfd = src->fd;
    const char *p = name;
    char comp[256 * 4 + 1];

    /* Folders on the way: relative to the root, one by one, no links. */
    for (const char *q; (q = strchr(p, '/')) != NULL; p = q + 1) {
        size_t n = (size_t)(q - p);
        if (n >= sizeof comp) {
            if (dfd != src->fd)
                close(dfd);
            return cckit_fail(err, CCKIT_E_IO, "cannot open '%s': name too long",
                              cckit_name_esc(name, esc, sizeof esc));
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        int nfd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        if (dfd != src->fd)
            close(dfd);
        if (nfd < 0)
            return open_error(name, saved, err);
        dfd = nfd;
    }
    int fd = openat(dfd, p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    int saved = errno;
    if (dfd != src->fd)
        close(dfd);
    if (fd < 0)
        return open_error(name, saved, err);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        saved = errno;
        close(fd);
        return open_error(name, saved, err);
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size != e->size) {
        close(fd);
        return cckit_fail(err, CCKIT_E_IO, "'%s' changed after the folder was read",
                          cckit_name_esc(name, esc, sizeof esc));
    }
    struct folder_stream *fs = calloc(1, sizeof *fs);
    if (!fs) {
        close(fd);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    fs->fd = fd;
    fs->base.ops = &fo_stream_ops;
    *out = &fs->base;
    return CCKIT_OK;
}

static void fo_close(cckit_source *src)
{
    if (src->fd >= 0)
        close(src->fd);
    src->fd = -1;
}

static const struct cckit_source_ops fo_ops = { fo_close, fo_stream_open };

/* ------------------------------------------------------------------ */
/* Walk                                                                 */

struct frame {
    DIR *d;
    size_t prefix_len; /* bytes of "a/b/" before this folder's names */
};

struct sort_item {
    const char *name;
    size_t i;
};

static int cmp_item(const void *a, const void *b)
{
    return strcmp(((const struct sort_item *)a)->name, ((const struct sort_item *)b)->name);
}

/* Put the entry table in name order (before cckit_source_finish). */
static bool sort_entries(cckit_source *src)
{
    size_t n = src->n;
    if (n < 2)
        return true;
    struct sort_item *it = malloc(n * sizeof *it);
    cckit_entry *ne = malloc(n * sizeof *ne);
    size_t *no = malloc(n * sizeof *no);
    if (!it || !ne || !no) {
        free(it);
        free(ne);
        free(no);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        it[i].name = src->names + src->name_off[i];
        it[i].i = i;
    }
    qsort(it, n, sizeof *it, cmp_item);
    for (size_t k = 0; k < n; k++) {
        ne[k] = src->entries[it[k].i];
        no[k] = src->name_off[it[k].i];
    }
    free(it);
    free(src->entries);
    free(src->name_off);
    src->entries = ne;
    src->name_off = no;
    src->cap = n;
    return true;
}

static cckit_status walk(cckit_source *src, cckit_error *err)
{
    char esc[CCKIT_ESC_SIZE];
    struct frame stack[FOLDER_MAX_DEPTH + 1];
    size_t depth = 0;
    cckit_status st = CCKIT_OK;
    size_t max_path = src->lim.max_path_length ? src->lim.max_path_length : 4096;
    char *name = malloc(max_path + 2);
    if (!name)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");

    int rfd = dup(src->fd);
    DIR *rd = rfd >= 0 ? fdopendir(rfd) : NULL;
    if (!rd) {
        st = cckit_fail(err, CCKIT_E_IO, "cannot read folder %s: %s", src->path, strerror(errno));
        if (rfd >= 0)
            close(rfd);
        free(name);
        return st;
    }
    stack[depth++] = (struct frame){ rd, 0 };

    while (depth > 0 && st == CCKIT_OK) {
        struct frame *f = &stack[depth - 1];
        errno = 0;
        struct dirent *de = readdir(f->d);
        if (!de) {
            if (errno) {
                name[f->prefix_len] = '\0';
                st = cckit_fail(err, CCKIT_E_IO, "cannot read folder '%s' in %s: %s",
                                f->prefix_len ? cckit_name_esc(name, esc, sizeof esc) : ".",
                                src->path, strerror(errno));
                break;
            }
            closedir(f->d);
            depth--;
            continue;
        }
        const char *dn = de->d_name;
        if (strcmp(dn, ".") == 0 || strcmp(dn, "..") == 0)
            continue;
        size_t dl = strlen(dn);
        if (f->prefix_len + dl + 1 > max_path) {
            size_t keep = max_path - f->prefix_len < dl ? max_path - f->prefix_len : dl;
            memcpy(name + f->prefix_len, dn, keep);
            name[f->prefix_len + keep] = '\0';
            st = cckit_fail_limit(err, CCKIT_LIMIT_PATH_LENGTH,
                                  cckit_fail(err, CCKIT_E_UNSAFE,
                                             "unsafe entry name '%s...': longer than %zu bytes",
                                             cckit_name_esc(name, esc, 96), max_path));
            break;
        }
        memcpy(name + f->prefix_len, dn, dl + 1);
        struct stat sb;
        if (fstatat(dirfd(f->d), dn, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
            st = cckit_fail(err, CCKIT_E_IO, "cannot read '%s' in %s: %s",
                            cckit_name_esc(name, esc, sizeof esc), src->path, strerror(errno));
            break;
        }
        cckit_entry e = { 0 };
        e.mtime = (int64_t)sb.st_mtime;
        e.method = CCKIT_METHOD_STORE;
        if (S_ISLNK(sb.st_mode)) {
            st = cckit_fail(err, CCKIT_E_UNSAFE,
                            "'%s' in %s is a symbolic link; cckit never follows links",
                            cckit_name_esc(name, esc, sizeof esc), src->path);
        } else if (S_ISREG(sb.st_mode)) {
            e.size = e.comp_size = (uint64_t)sb.st_size;
            st = cckit_source_add_entry(src, name, &e, err);
        } else if (S_ISDIR(sb.st_mode)) {
            name[f->prefix_len + dl] = '/';
            name[f->prefix_len + dl + 1] = '\0';
            st = cckit_source_add_entry(src, name, &e, err);
            if (st != CCKIT_OK)
                break;
            if (depth > FOLDER_MAX_DEPTH) {
                st = cckit_fail(err, CCKIT_E_LIMIT,
                                "folder '%s' is nested more than %d levels deep (fixed limit)",
                                cckit_name_esc(name, esc, sizeof esc), FOLDER_MAX_DEPTH);
                break;
            }
            int fd = openat(dirfd(f->d), dn, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
            if (!d) {
                int saved = errno;
                if (fd >= 0)
                    close(fd);
                st = saved == ELOOP || saved == ENOTDIR
                         ? cckit_fail(err, CCKIT_E_UNSAFE,
                                      "'%s' in %s changed into a symbolic link while it was read",
                                      cckit_name_esc(name, esc, sizeof esc), src->path)
                         : cckit_fail(err, CCKIT_E_IO, "cannot open folder '%s' in %s: %s",
                                      cckit_name_esc(name, esc, sizeof esc), src->path,
                                      strerror(saved));
                break;
            }
            stack[depth] = (struct frame){ d, f->prefix_len + dl + 1 };
            depth++;
        } else {
            st = cckit_fail(err, CCKIT_E_UNSAFE,
                            "'%s' in %s is a device, FIFO or socket, not a file or folder",
                            cckit_name_esc(name, esc, sizeof esc), src->path);
        }
    }
    while (depth > 0)
        closedir(stack[--depth].d);
    free(name);
    return st;
}

cckit_status cckit_folder_open(const char *path, const cckit_limits *lim,
                               cckit_diags *diags, cckit_source **out,
                               cckit_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return cckit_fail(err, CCKIT_E_IO, "cannot open folder %s: %s", path, strerror(errno));
    cckit_source *src = cckit_source_new(path, false, lim);
    if (!src) {
        close(fd);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory opening %s", path);
    }
    src->ops = &fo_ops;
    src->fd = fd;
    cckit_status st = walk(src, err);
    if (st == CCKIT_OK && !sort_entries(src))
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
    if (st == CCKIT_OK) {
        src->size = src->declared;
        st = cckit_source_finish(src, diags, "folder", err);
    }
    if (st != CCKIT_OK) {
        cckit_source_close(src);
        return st;
    }
    *out = src;
    return CCKIT_OK;
}
