/* bundle.h - for the harnesses that need a whole package (fuzz_validate,
 * fuzz_convert): turn one fuzz input into a small folder on disk.
 *
 * Input format (what fuzz/run.sh makes from the shared corpus):
 *
 *     <imsmanifest.xml bytes>
 *     \n==> NAME\n<bytes of the package file NAME>
 *     \n==> NAME\n<bytes ...>                        (at most 8 files)
 *
 * The files are written into a private temp folder (under /dev/shm when
 * it is there) that bundle_clear() empties again.  Names that could not
 * be files of a folder ("..", absolute, empty parts, more than 4 parts)
 * are left out: path.c and the folder back end refuse those on their own
 * and fuzz_archive covers them. */
#ifndef CCKIT_FUZZ_BUNDLE_H
#define CCKIT_FUZZ_BUNDLE_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUNDLE_MAX_FILES 8
#define BUNDLE_SEP "\n==> "

static char bundle_root[256];   /* the temp folder: the package */
static char bundle_dir[sizeof bundle_root + 8]; /* bundle_root/pkg */
static char bundle_made[BUNDLE_MAX_FILES * 5 + 2][512];
static size_t bundle_n_made;

static void bundle_clear(void);

/* At exit (libFuzzer's -max_total_time and -runs end with exit()). */
static void bundle_remove(void)
{
    char out[sizeof bundle_root + 16];
    bundle_clear();
    snprintf(out, sizeof out, "%s/out.imscc", bundle_root);
    unlink(out);
    rmdir(bundle_dir);
    rmdir(bundle_root);
}

/* Make the private temp folder once (bundle_dir is the package). */
static void bundle_setup(const char *tag)
{
    if (bundle_root[0])
        return;
    const char *bases[] = { "/dev/shm", getenv("TMPDIR"), "/tmp" };
    for (size_t i = 0; i < 3 && !bundle_root[0]; i++) {
        if (!bases[i])
            continue;
        snprintf(bundle_root, sizeof bundle_root, "%s/cckit-%s.XXXXXX", bases[i], tag);
        if (!mkdtemp(bundle_root))
            bundle_root[0] = '\0';
    }
    if (!bundle_root[0])
        abort();
    snprintf(bundle_dir, sizeof bundle_dir, "%s/pkg", bundle_root);
    if (mkdir(bundle_dir, 0700) != 0)
        abort();
    atexit(bundle_remove);
}

/* Remove what the last input made, newest first. */
static void bundle_clear(void)
{
    while (bundle_n_made > 0) {
        const char *p = bundle_made[--bundle_n_made];
        if (unlink(p) != 0)
            rmdir(p);
    }
}

static bool bundle_name_ok(const char *name)
{
    if (!*name || name[0] == '/' || strlen(name) > 200)
        return false;
    int parts = 0;
    for (const char *p = name;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (++parts > 4)
            return false;
        if (!e)
            return true;
        p = e + 1;
    }
}

static void bundle_put(const char *name, const uint8_t *data, size_t size)
{
    char path[512];
    if (!bundle_name_ok(name) ||
        bundle_n_made + 5 > sizeof bundle_made / sizeof bundle_made[0])
        return;
    for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
        snprintf(path, sizeof path, "%s/%.*s", bundle_dir, (int)(s - name), name);
        if (mkdir(path, 0700) == 0)
            snprintf(bundle_made[bundle_n_made++], sizeof bundle_made[0], "%s", path);
    }
    snprintf(path, sizeof path, "%s/%s", bundle_dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    snprintf(bundle_made[bundle_n_made++], sizeof bundle_made[0], "%s", path);
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
}

static const uint8_t *bundle_find_sep(const uint8_t *p, const uint8_t *end)
{
    const size_t k = sizeof BUNDLE_SEP - 1;
    while ((size_t)(end - p) >= k) {
        const uint8_t *q = memchr(p, BUNDLE_SEP[0], (size_t)(end - p) - k + 1);
        if (!q)
            return NULL;
        if (memcmp(q, BUNDLE_SEP, k) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/* Write the package of one input into bundle_dir. */
static void bundle_write(const uint8_t *data, size_t size)
{
    const uint8_t *end = data + size;
    const uint8_t *sep = bundle_find_sep(data, end);
    bundle_put("imsmanifest.xml", data, (size_t)((sep ? sep : end) - data));
    for (int n = 0; sep && n < BUNDLE_MAX_FILES; n++) {
        const uint8_t *nm = sep + sizeof BUNDLE_SEP - 1;
        const uint8_t *nl = memchr(nm, '\n', (size_t)(end - nm));
        if (!nl)
            break;
        char name[256];
        size_t nlen = (size_t)(nl - nm);
        if (nlen >= sizeof name)
            break;
        memcpy(name, nm, nlen);
        name[nlen] = '\0';
        const uint8_t *body = nl + 1;
        sep = bundle_find_sep(body, end);
        if (!memchr(name, '\0', nlen))
            bundle_put(name, body, (size_t)((sep ? sep : end) - body));
    }
}

#endif
