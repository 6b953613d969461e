/*
 * unpack.c - cckit_unpack(): extract an archive into a folder, safely.
 *
 * Order of work (nothing is written before step 3):
 *  1. cckit_source_open: every name checked (no "..", absolute, links,
 *     encryption, ...), declared sizes against the limits.
 *  2. Checks on the whole list: names equal but for case (they would
 *     overwrite each other on macOS and Windows), the reserved temp name,
 *     nesting depth; then, when DEST exists, every path in DEST: an
 *     existing file (refused without force), a symbolic link or a
 *     non-folder on the way (always refused).
 *  3. Extraction into a temporary folder, entry by entry, each one
 *     streamed (CRC checked at its end): every folder is created with
 *     mkdirat and opened relative to its parent with O_NOFOLLOW, every
 *     file created O_EXCL|O_NOFOLLOW, so nothing can be written through a
 *     link.  No per-file fsync (one syncfs-free fsync of the folders at
 *     the end).
 *  4. Only when every entry is complete:
 *     - DEST did not exist: the temporary folder was made beside it
 *       (.DESTNAME.cckit-tmp-XXXXXX) and is renamed to DEST (atomic);
 *     - DEST existed: the temporary folder is DEST/.cckit-tmp-XXXXXX and
 *       each file is renamed into place (never replacing without force,
 *       renameat2 RENAME_NOREPLACE); then the temporary folder is removed.
 *  A failure or a cancel in 1-3 removes the temporary folder: DEST is left
 *  as it was (absent, or with its old content).  A failure in 4 (renames
 *  within one file system: practically only a concurrent change of DEST)
 *  leaves the files already moved and names the one that failed.
 *  Leftovers of a killed run are removed by the next run on the same DEST.
 */
#define _GNU_SOURCE 1
#include "base/internal.h"
#include "base/tempfile.h"
#include "base/cancel.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 128
#define COPY_BUF (256 * 1024)
#define ABSENT (-2)

void cckit_unpack_options_default(cckit_unpack_options *opt)
{
    memset(opt, 0, sizeof *opt);
    cckit_limits_default(&opt->limits);
}

/* ------------------------------------------------------------------ */
/* Walking folders relative to a root fd, with a cache of the current   */
/* folder chain (entries come sorted, so neighbours share parents).     */

typedef struct walker {
    int root;                 /* not owned */
    const char *label;        /* shown for the root in messages */
    bool create;              /* mkdirat missing folders */
    int depth;
    int fd[MAX_DEPTH];        /* owned, or ABSENT */
    size_t end[MAX_DEPTH];    /* length of the path up to component i */
    char path[PATH_MAX + 1];
} walker;

static void walker_init(walker *wk, int root, const char *label, bool create)
{
    memset(wk, 0, sizeof *wk);
    wk->root = root;
    wk->label = label;
    wk->create = create;
}

static void walker_pop_to(walker *wk, int depth)
{
    while (wk->depth > depth) {
        wk->depth--;
        if (wk->fd[wk->depth] >= 0)
            close(wk->fd[wk->depth]);
    }
}

static cckit_status in_the_way(const walker *wk, int parent, const char *path,
                               size_t len, const char *comp, cckit_error *err)
{
    struct stat st;
    if (fstatat(parent, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        return cckit_fail(err, CCKIT_E_UNSAFE,
                          "%s/%.*s is a symbolic link; cckit never writes through links: "
                          "remove it or unpack into an empty folder",
                          wk->label, (int)len, path);
    return cckit_fail(err, CCKIT_E_UNSAFE,
                      "%s/%.*s is in the way (not a folder, but the archive has files "
                      "inside it): remove it or unpack into an empty folder",
                      wk->label, (int)len, path);
}

/* fd of the folder that holds name (root, ABSENT when it does not exist
 * in check mode), or -1 with err filled. */
static int walker_parent(walker *wk, const char *name, cckit_error *err)
{
    const char *slash = strrchr(name, '/');
    size_t dirlen = slash ? (size_t)(slash - name) : 0;
    if (dirlen > PATH_MAX) {
        cckit_fail(err, CCKIT_E_LIMIT, "entry '%s': name too long", name);
        return -1;
    }
    /* keep the components shared with the cached chain */
    int keep = 0;
    while (keep < wk->depth) {
        size_t e = wk->end[keep];
        if (e > dirlen || (e < dirlen && name[e] != '/') ||
            memcmp(wk->path, name, e) != 0)
            break;
        keep++;
    }
    walker_pop_to(wk, keep);
    size_t pos = keep ? wk->end[keep - 1] + 1 : 0;
    while (pos < dirlen) {
        const char *c = name + pos;
        const char *ce = memchr(c, '/', dirlen - pos);
        size_t clen = ce ? (size_t)(ce - c) : dirlen - pos;
        if (wk->depth >= MAX_DEPTH) {
            cckit_fail(err, CCKIT_E_LIMIT,
                       "entry '%s' is nested more than %d folders deep; cckit refuses "
                       "such archives", name, MAX_DEPTH);
            return -1;
        }
        char comp[NAME_MAX + 1];
        if (clen > NAME_MAX) {
            cckit_fail(err, CCKIT_E_LIMIT, "entry '%s': a folder name is longer than "
                       "%d bytes", name, NAME_MAX);
            return -1;
        }
        memcpy(comp, c, clen);
        comp[clen] = '\0';
        int parent = wk->depth ? wk->fd[wk->depth - 1] : wk->root;
        int fd = ABSENT;
        if (parent != ABSENT) {
            fd = openat(parent, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT) {
                fd = ABSENT;
                if (wk->create) {
                    if (mkdirat(parent, comp, 0755) != 0 && errno != EEXIST) {
                        cckit_fail(err, CCKIT_E_IO, "cannot create folder %s/%.*s: %s",
                                   wk->label, (int)(pos + clen), name, strerror(errno));
                        return -1;
                    }
                    fd = openat(parent, comp,
                                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                }
            }
            if (fd == -1) {
                if (errno == ELOOP || errno == ENOTDIR || errno == EEXIST)
                    in_the_way(wk, parent, name, pos + clen, comp, err);
                else
                    cckit_fail(err, CCKIT_E_IO, "%s/%.*s: %s", wk->label,
                               (int)(pos + clen), name, strerror(errno));
                return -1;
            }
        }
        memcpy(wk->path + pos, c, clen);
        wk->path[pos + clen] = '/';
        wk->fd[wk->depth] = fd;
        wk->end[wk->depth] = pos + clen;
        wk->depth++;
        pos += clen + 1;
    }
    return wk->depth ? wk->fd[wk->depth - 1] : wk->root;
}

static const char *leaf_of(const char *name)
{
    const char *s = strrchr(name, '/');
    return s ? s + 1 : name;
}

/* ------------------------------------------------------------------ */
/* The plan: entries sorted by name, checks before writing              */

typedef struct plan {
    cckit_source *src;
    const cckit_entry **v;    /* files and folders, by name */
    size_t n;
    cckit_cancel_ctx cancel;
} plan;

static int cmp_entry(const void *a, const void *b)
{
    const cckit_entry *x = *(const cckit_entry *const *)a;
    const cckit_entry *y = *(const cckit_entry *const *)b;
    return strcmp(x->name, y->name);
}

typedef struct ckey {
    const char *s;   /* the name (a file, or a prefix of one for folders) */
    size_t len;
    bool is_dir;
} ckey;

static int ckey_cmp_nocase(const ckey *x, const ckey *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)x->s[i], b = (unsigned char)y->s[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b + 32);
        if (a != b)
            return a < b ? -1 : 1;
    }
    return x->len < y->len ? -1 : x->len > y->len ? 1 : 0;
}

static int ckey_qcmp(const void *a, const void *b)
{
    return ckey_cmp_nocase(a, b);
}

/* Two paths equal but for case, unless both are folders (they merge). */
static cckit_status check_case(const plan *p, cckit_error *err)
{
    size_t cap = 0;
    for (size_t i = 0; i < p->n; i++) {
        cap++;
        for (const char *c = p->v[i]->name; *c; c++)
            if (*c == '/' && c[1])
                cap++;
    }
    ckey *k = malloc((cap ? cap : 1) * sizeof *k);
    if (!k)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < p->n; i++) {
        const char *s = p->v[i]->name;
        size_t len = strlen(s);
        if (p->v[i]->is_dir && len && s[len - 1] == '/')
            len--;
        k[m++] = (ckey){ s, len, p->v[i]->is_dir };
        for (size_t j = 0; j < len; j++)
            if (s[j] == '/')
                k[m++] = (ckey){ s, j, true };
    }
    if (m > 1)
        qsort(k, m, sizeof *k, ckey_qcmp);
    cckit_status st = CCKIT_OK;
    for (size_t i = 1; i < m; i++) {
        if (ckey_cmp_nocase(&k[i - 1], &k[i]) != 0)
            continue;
        if (k[i - 1].is_dir && k[i].is_dir)
            continue;
        if (memcmp(k[i - 1].s, k[i].s, k[i].len) == 0)
            continue;   /* the same path (file/folder clashes: source.c) */
        st = cckit_fail(err, CCKIT_E_UNSAFE,
                        "entries '%.*s' and '%.*s' differ only in case: on macOS and "
                        "Windows one would overwrite the other; rename one of them in "
                        "the cartridge", (int)k[i - 1].len, k[i - 1].s, (int)k[i].len,
                        k[i].s);
        break;
    }
    free(k);
    return st;
}

/* With DEST existing: every path free (or replaceable with force). */
static cckit_status check_dest(const plan *p, int dfd, const char *dest, bool force,
                               cckit_error *err)
{
    walker wk;
    walker_init(&wk, dfd, dest, false);
    cckit_status st = CCKIT_OK;
    for (size_t i = 0; i < p->n && st == CCKIT_OK; i++) {
        const cckit_entry *e = p->v[i];
        char nm[PATH_MAX + 1];
        snprintf(nm, sizeof nm, "%s", e->name);
        size_t len = strlen(nm);
        if (e->is_dir && len && nm[len - 1] == '/')
            nm[--len] = '\0';
        int parent = walker_parent(&wk, nm, err);
        if (parent == -1) {
            st = err ? err->status : CCKIT_E_IO;
            break;
        }
        if (parent == ABSENT)
            continue;
        struct stat sb;
        if (fstatat(parent, leaf_of(nm), &sb, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT)
                st = cckit_fail(err, CCKIT_E_IO, "%s/%s: %s", dest, nm, strerror(errno));
            continue;
        }
        if (e->is_dir) {
            if (!S_ISDIR(sb.st_mode))
                st = in_the_way(&wk, parent, nm, len, leaf_of(nm), err);
        } else if (S_ISDIR(sb.st_mode)) {
            st = cckit_fail(err, CCKIT_E_UNSAFE,
                            "%s/%s is a folder, the archive has a file there: remove it "
                            "or unpack into an empty folder", dest, nm);
        } else if (!force) {
            st = cckit_fail_fix(err, CCKIT_FIX_FORCE,
                                cckit_fail(err, CCKIT_E_IO, "%s/%s already exists", dest, nm));
        } else if (!S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
            st = cckit_fail(err, CCKIT_E_UNSAFE,
                            "%s/%s is not a regular file; remove it first", dest, nm);
        }
    }
    walker_pop_to(&wk, 0);
    return st;
}

/* ------------------------------------------------------------------ */
/* Extraction into the temporary folder                                 */

static cckit_status write_all(int fd, const char *buf, size_t n, const char *dest,
                              const char *name, cckit_error *err)
{
    while (n) {
        ssize_t r = write(fd, buf, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            return cckit_fail(err, CCKIT_E_IO, "cannot write %s/%s: %s%s", dest, name,
                              strerror(e),
                              e == ENOSPC ? "; free some space and run again"
                              : e == EFBIG ? " (file size limit, see ulimit -f)" : "");
        }
        buf += r;
        n -= (size_t)r;
    }
    return CCKIT_OK;
}

static cckit_status extract_one(const plan *p, const cckit_entry *e, walker *wk,
                                char *buf, const char *dest, cckit_error *err)
{
    int parent = walker_parent(wk, e->name, err);
    if (parent < 0)
        return err ? err->status : CCKIT_E_IO;
    const char *leaf = leaf_of(e->name);
    int ofd = openat(parent, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     0644);
    if (ofd < 0)
        return cckit_fail(err, CCKIT_E_IO, "cannot create %s/%s: %s", dest, e->name,
                          strerror(errno));
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(p->src, e, &s, err);
    while (st == CCKIT_OK) {
        if (cckit_cancelled(&p->cancel)) {
            st = cckit_fail(err, CCKIT_E_IO, "interrupted");
            break;
        }
        long r = cckit_stream_read(s, buf, COPY_BUF, err);
        if (r < 0)
            st = err ? err->status : CCKIT_E_ARCHIVE;
        else if (r == 0)
            break;
        else
            st = write_all(ofd, buf, (size_t)r, dest, e->name, err);
    }
    if (s)
        cckit_stream_close(s);
    if (close(ofd) != 0 && st == CCKIT_OK)
        st = cckit_fail(err, CCKIT_E_IO, "cannot write %s/%s: %s", dest, e->name,
                        strerror(errno));
    if (st != CCKIT_OK)
        (void)unlinkat(parent, leaf, 0);
    return st;
}

static cckit_status extract_all(const plan *p, int tfd, const char *dest,
                                cckit_error *err)
{
    char *buf = malloc(COPY_BUF);
    if (!buf)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    walker wk;
    walker_init(&wk, tfd, dest, true);
    cckit_status st = CCKIT_OK;
    for (size_t i = 0; i < p->n && st == CCKIT_OK; i++) {
        const cckit_entry *e = p->v[i];
        if (cckit_cancelled(&p->cancel))
            st = cckit_fail(err, CCKIT_E_IO, "interrupted");
        else if (e->is_dir) {
            char nm[PATH_MAX + 2];
            snprintf(nm, sizeof nm, "%s", e->name);
            size_t len = strlen(nm);
            if (len && nm[len - 1] != '/')
                nm[len++] = '/', nm[len] = '\0';
            strcat(nm, "x");   /* walk the folder itself as a parent */
            if (walker_parent(&wk, nm, err) < 0)
                st = err ? err->status : CCKIT_E_IO;
        } else
            st = extract_one(p, e, &wk, buf, dest, err);
    }
    walker_pop_to(&wk, 0);
    free(buf);
    return st;
}

/* DEST existed: rename each file from the temporary folder into DEST. */
static cckit_status move_all(const plan *p, int tfd, int dfd, const char *dest,
                             bool force, cckit_error *err)
{
    walker from, to;
    walker_init(&from, tfd, dest, false);
    walker_init(&to, dfd, dest, true);
    cckit_status st = CCKIT_OK;
    for (size_t i = 0; i < p->n && st == CCKIT_OK; i++) {
        const cckit_entry *e = p->v[i];
        if (e->is_dir) {
            char nm[PATH_MAX + 2];
            snprintf(nm, sizeof nm, "%s", e->name);
            size_t len = strlen(nm);
            if (len && nm[len - 1] != '/')
                nm[len++] = '/', nm[len] = '\0';
            strcat(nm, "x");
            if (walker_parent(&to, nm, err) < 0)
                st = err ? err->status : CCKIT_E_IO;
            continue;
        }
        int a = walker_parent(&from, e->name, err);
        int b = a < 0 ? -1 : walker_parent(&to, e->name, err);
        if (a < 0 || b < 0) {
            st = err ? err->status : CCKIT_E_IO;
            break;
        }
        const char *leaf = leaf_of(e->name);
        int rc = force ? renameat(a, leaf, b, leaf)
                       : renameat2(a, leaf, b, leaf, RENAME_NOREPLACE);
        if (rc != 0 && !force && (errno == EINVAL || errno == ENOSYS)) {
            rc = linkat(a, leaf, b, leaf, 0);
            if (rc == 0)
                (void)unlinkat(a, leaf, 0);
        }
        if (rc != 0) {
            int en = errno;
            st = cckit_fail_fix(err, en == EEXIST ? CCKIT_FIX_FORCE : 0,
                                cckit_fail(err, CCKIT_E_IO, "cannot move %s into %s: %s%s", e->name,
                                           dest, strerror(en), en == EEXIST ? " (created meanwhile)" : ""));
        }
    }
    walker_pop_to(&from, 0);
    walker_pop_to(&to, 0);
    return st;
}

/* ------------------------------------------------------------------ */

cckit_status cckit_unpack(const char *archive, const char *dest,
                          const cckit_unpack_options *opt, cckit_diags *diags,
                          cckit_error *err)
{
    cckit_unpack_options defaults;
    if (!opt) {
        cckit_unpack_options_default(&defaults);
        opt = &defaults;
    }
    if (!archive || !dest || !*dest)
        return cckit_fail(err, CCKIT_E_USAGE, "no archive or no destination folder given");

    cckit_cancel_ctx cancel;
    cckit_cancel_begin(&cancel, opt->cancel);
    cckit_source *src = NULL;
    cckit_status st = cckit_source_open(archive, &opt->limits, diags, &src, err);
    if (st != CCKIT_OK)
        return st;
    plan p = { src, NULL, 0, cancel };
    int dfd = -1, pfd = -1, tfd = -1;
    char tname[NAME_MAX + 1] = "";
    char *c1 = NULL, *c2 = NULL;

    if (!cckit_source_is_archive(src)) {
        st = cckit_fail(err, CCKIT_E_USAGE,
                        "%s is a folder, not an archive; copy it with cp -R instead",
                        archive);
        goto out;
    }
    size_t n = cckit_source_count(src);
    p.v = malloc((n ? n : 1) * sizeof *p.v);
    if (!p.v) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        if (strncmp(e->name, CCKIT_TMP_TAG, strlen(CCKIT_TMP_TAG)) == 0) {
            st = cckit_fail(err, CCKIT_E_UNSAFE,
                            "entry '%s' uses a name reserved for cckit's temporary "
                            "folders; rename it", e->name);
            goto out;
        }
        p.v[p.n++] = e;
    }
    if (p.n > 1)
        qsort(p.v, p.n, sizeof *p.v, cmp_entry);
    if ((st = check_case(&p, err)) != CCKIT_OK)
        goto out;

    /* The destination. */
    struct stat sb;
    if (lstat(dest, &sb) != 0) {
        if (errno != ENOENT) {
            st = cckit_fail(err, CCKIT_E_IO, "%s: %s", dest, strerror(errno));
            goto out;
        }
        /* Absent: extract beside it, rename at the end. */
        c1 = strdup(dest);
        c2 = strdup(dest);
        if (!c1 || !c2) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            goto out;
        }
        const char *pdir = dirname(c1), *base = basename(c2);
        if (!strcmp(base, ".") || !strcmp(base, "..") || !strcmp(base, "/")) {
            st = cckit_fail(err, CCKIT_E_USAGE, "%s: not a usable folder name", dest);
            goto out;
        }
        pfd = open(pdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (pfd < 0) {
            st = cckit_fail(err, CCKIT_E_IO, "cannot create %s: folder %s: %s%s", dest,
                            pdir, strerror(errno),
                            errno == ENOENT ? "; create the parent folder first" : "");
            goto out;
        }
        char prefix[NAME_MAX + 1];
        if (strlen(base) > NAME_MAX) {
            st = cckit_fail(err, CCKIT_E_USAGE, "%s: folder name too long", dest);
            goto out;
        }
        cckit_tmp_prefix(base, prefix);
        (void)cckit_tmp_clean_stale(pfd, prefix);
        tfd = cckit_tmp_create_dir(pfd, prefix, tname, sizeof tname);
        if (tfd < 0) {
            int e = errno;
            st = cckit_fail(err, CCKIT_E_IO, "cannot create %s: %s%s", dest, strerror(e),
                            (e == EACCES || e == EROFS || e == EPERM)
                                ? "; choose a writable place for the folder" : "");
            goto out;
        }
        if ((st = extract_all(&p, tfd, dest, err)) != CCKIT_OK)
            goto out;
        if (fchmod(tfd, 0755) != 0 || fsync(tfd) != 0) {
            st = cckit_fail(err, CCKIT_E_IO, "cannot finish %s: %s", dest, strerror(errno));
            goto out;
        }
        if (renameat2(pfd, tname, pfd, base, RENAME_NOREPLACE) != 0) {
            int e = errno;
            if ((e == EINVAL || e == ENOSYS) && fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) != 0 &&
                renameat(pfd, tname, pfd, base) == 0)
                goto renamed;
            st = cckit_fail(err, CCKIT_E_IO, "cannot create %s: %s%s", dest, strerror(e),
                            e == EEXIST || e == ENOTEMPTY
                                ? " (it was created meanwhile); run again" : "");
            goto out;
        }
renamed:
        tname[0] = '\0';
        (void)fsync(pfd);
        goto out;
    }

    if (S_ISLNK(sb.st_mode)) {
        st = cckit_fail(err, CCKIT_E_UNSAFE,
                        "%s is a symbolic link; give the real folder, cckit does not "
                        "follow links when writing", dest);
        goto out;
    }
    if (!S_ISDIR(sb.st_mode)) {
        st = cckit_fail(err, CCKIT_E_IO, "%s exists and is not a folder; choose a folder "
                        "to unpack into", dest);
        goto out;
    }
    dfd = open(dest, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) {
        st = cckit_fail(err, CCKIT_E_IO, "%s: %s", dest, strerror(errno));
        goto out;
    }
    (void)cckit_tmp_clean_stale(dfd, CCKIT_TMP_TAG);
    if ((st = check_dest(&p, dfd, dest, opt->force, err)) != CCKIT_OK)
        goto out;
    tfd = cckit_tmp_create_dir(dfd, CCKIT_TMP_TAG, tname, sizeof tname);
    if (tfd < 0) {
        int e = errno;
        st = cckit_fail(err, CCKIT_E_IO, "cannot write into %s: %s%s", dest, strerror(e),
                        (e == EACCES || e == EROFS || e == EPERM)
                            ? "; choose a writable folder" : "");
        goto out;
    }
    if ((st = extract_all(&p, tfd, dest, err)) != CCKIT_OK)
        goto out;
    if ((st = move_all(&p, tfd, dfd, dest, opt->force, err)) != CCKIT_OK)
        goto out;
    (void)fsync(dfd);

out:
    if (tname[0]) {
        int at = pfd >= 0 ? pfd : dfd;
        if (at >= 0)
            (void)cckit_rm_tree_at(at, tname);
    }
    if (tfd >= 0)
        close(tfd);
    if (dfd >= 0)
        close(dfd);
    if (pfd >= 0)
        close(pfd);
    free(c1);
    free(c2);
    free(p.v);
    cckit_source_close(src);
    return st;
}
