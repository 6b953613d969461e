/* preview_out.c - the output folder of a preview: everything is written
 * into a temporary folder beside DIR (base/tempfile.c: locked, cleaned
 * after a killed run), every path component opened relative to its
 * parent without following links, and renamed to DIR at the end. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "config.h"
#include "preview/preview.h"
#include "base/tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *pv_create(pv_ctx *c, const char *rel)
{
    const char *why = cckit_path_unsafe_reason(rel, 0);
    if (why) {
        cckit_fail(c->err, CCKIT_E_UNSAFE, "'%s' %s; not written", rel, why);
        return NULL;
    }
    /* Most files are at the top (the pages): no folder to walk. */
    int dfd = strchr(rel, '/') ? dup(c->root) : c->root;
    const char *p = rel;
    const char *slash;
    char comp[NAME_MAX + 1];
    while (dfd >= 0 && (slash = strchr(p, '/')) != NULL) {
        size_t n = (size_t)(slash - p);
        if (n > NAME_MAX) {
            close(dfd);
            errno = ENAMETOOLONG;
            dfd = -1;
            break;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        if (mkdirat(dfd, comp, 0755) != 0 && errno != EEXIST) {
            close(dfd);
            dfd = -1;
            break;
        }
        int next = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(dfd);
        dfd = next;
        p = slash + 1;
    }
    int fd = dfd >= 0 ? openat(dfd, p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644) : -1;
    int e = errno;
    if (dfd >= 0 && dfd != c->root)
        close(dfd);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        e = fd >= 0 ? errno : e;
        if (fd >= 0)
            close(fd);
        cckit_fail(c->err, e == ENOMEM ? CCKIT_E_NOMEM : CCKIT_E_IO, "cannot write '%s': %s",
                   rel, strerror(e));
    }
    return f;
}

cckit_status pv_close(pv_ctx *c, FILE *f, const char *rel)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return cckit_fail(c->err, CCKIT_E_IO, "cannot write '%s': %s", rel,
                          errno ? strerror(errno) : "write error");
    return CCKIT_OK;
}

/* 1 if the folder fd has no entry, 0 if it has, -1 on error. */
static int dir_empty(int parent, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int empty = 1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            empty = 0;
            break;
        }
    closedir(d);
    return empty;
}

cckit_status pv_dir_begin(pv_dir *d, const char *out, bool force, int *root, cckit_error *err)
{
    memset(d, 0, sizeof *d);
    d->parent = -1;
    *root = -1;
    char *c1 = strdup(out), *c2 = strdup(out);
    if (!c1 || !c2) {
        free(c1);
        free(c2);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    const char *pdir = dirname(c1), *base = basename(c2);
    cckit_status st = CCKIT_OK;
    if (!strcmp(base, ".") || !strcmp(base, "..") || !strcmp(base, "/") || strlen(base) > NAME_MAX) {
        st = cckit_fail(err, CCKIT_E_USAGE, "%s: not a usable folder name", out);
        goto done;
    }
    d->base = strdup(base);
    d->parent = open(pdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!d->base || d->parent < 0) {
        st = !d->base ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory")
                      : cckit_fail(err, CCKIT_E_IO, "cannot create %s: folder %s: %s%s", out, pdir,
                                   strerror(errno),
                                   errno == ENOENT ? "; create the parent folder first" : "");
        goto done;
    }
    struct stat sb;
    if (fstatat(d->parent, base, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISLNK(sb.st_mode)) {
            st = cckit_fail(err, CCKIT_E_UNSAFE, "%s is a symbolic link; give the real folder, "
                            "cckit does not follow links when writing", out);
            goto done;
        }
        if (!S_ISDIR(sb.st_mode)) {
            st = cckit_fail(err, CCKIT_E_IO, "%s exists and is not a folder; choose a new "
                            "folder for the preview", out);
            goto done;
        }
        int empty = dir_empty(d->parent, base);
        if (empty < 0) {
            st = cckit_fail(err, CCKIT_E_IO, "%s: %s", out, strerror(errno));
            goto done;
        }
        if (!empty && !force) {
            st = cckit_fail_fix(err, CCKIT_FIX_FORCE,
                                cckit_fail(err, CCKIT_E_IO, "%s exists and is not empty; "
                                           "nothing was written", out));
            goto done;
        }
        d->replace = !empty;
    } else if (errno != ENOENT) {
        st = cckit_fail(err, CCKIT_E_IO, "%s: %s", out, strerror(errno));
        goto done;
    }
    char prefix[NAME_MAX + 1];
    cckit_tmp_prefix(base, prefix);
    (void)cckit_tmp_clean_stale(d->parent, prefix);
    *root = cckit_tmp_create_dir(d->parent, prefix, d->tname, sizeof d->tname);
    if (*root < 0) {
        int e = errno;
        d->tname[0] = '\0';
        st = cckit_fail(err, CCKIT_E_IO, "cannot create %s: %s%s", out, strerror(e),
                        (e == EACCES || e == EROFS || e == EPERM)
                            ? "; choose a writable place for the folder" : "");
    }
done:
    free(c1);
    free(c2);
    return st;
}

cckit_status pv_dir_commit(pv_dir *d, const char *out, cckit_error *err)
{
    int tfd = openat(d->parent, d->tname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (tfd < 0 || fchmod(tfd, 0755) != 0 || fsync(tfd) != 0) {
        int e = errno;
        if (tfd >= 0)
            close(tfd);
        return cckit_fail(err, CCKIT_E_IO, "cannot finish %s: %s", out, strerror(e));
    }
    close(tfd);
    int rc;
    if (d->replace)
        /* The old folder takes the temporary's name, then goes. */
        rc = renameat2(d->parent, d->tname, d->parent, d->base, RENAME_EXCHANGE);
    else
        /* Absent, or empty: rename() replaces an empty folder only. */
        rc = renameat(d->parent, d->tname, d->parent, d->base);
    if (rc != 0) {
        int e = errno;
        return cckit_fail(err, CCKIT_E_IO, "cannot create %s: %s%s", out, strerror(e),
                          e == EEXIST || e == ENOTEMPTY ? " (it was filled meanwhile); run again" : "");
    }
    if (d->replace)
        (void)cckit_rm_tree_at(d->parent, d->tname);
    d->tname[0] = '\0';
    (void)fsync(d->parent);
    return CCKIT_OK;
}

void pv_dir_abort(pv_dir *d)
{
    if (d->parent >= 0 && d->tname[0])
        (void)cckit_rm_tree_at(d->parent, d->tname);
    if (d->parent >= 0)
        close(d->parent);
    d->parent = -1;
    d->tname[0] = '\0';
    free(d->base);
    d->base = NULL;
}
