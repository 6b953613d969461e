/*
 * inputs.c - the inputs of a batch: files, folders of cartridges (with
 * recursion), lists of paths, and the shard an input belongs to.
 *
 * A folder holding imsmanifest.xml is one cartridge; any other folder is
 * searched for *.imscc / *.zip files and cartridge folders, in byte order
 * of names so that the list (and so every "index") is the same on every
 * machine and every run.
 */
#include "base/internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_DEPTH 32

void cckit_batch_inputs_init(cckit_batch_inputs *in)
{
    memset(in, 0, sizeof *in);
}

void cckit_batch_inputs_free(cckit_batch_inputs *in)
{
    if (in == NULL)
        return;
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    cckit_batch_inputs_init(in);
}

static cckit_status push(cckit_batch_inputs *in, const char *path, cckit_error *err)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? 2 * in->cap : 64;
        char **v = realloc(in->paths, cap * sizeof *v);
        if (v == NULL)
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        in->paths = v;
        in->cap = cap;
    }
    if ((in->paths[in->n] = strdup(path)) == NULL)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    in->n++;
    return CCKIT_OK;
}

static bool is_archive_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 6 && strcasecmp(name + n - 6, ".imscc") == 0) ||
           (n > 4 && strcasecmp(name + n - 4, ".zip") == 0);
}

static bool has_manifest(const char *dir)
{
    size_t n = strlen(dir);
    char *m = malloc(n + sizeof "/imsmanifest.xml");
    if (m == NULL)
        return false;
    memcpy(m, dir, n);
    memcpy(m + n, "/imsmanifest.xml", sizeof "/imsmanifest.xml");
    struct stat st;
    bool ok = stat(m, &st) == 0 && S_ISREG(st.st_mode);
    free(m);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "dir/name" without doubling a trailing slash of dir. */
static char *join(const char *dir, const char *name)
{
    size_t d = strlen(dir), n = strlen(name);
    bool slash = d > 0 && dir[d - 1] == '/';
    char *p = malloc(d + n + 2);
    if (p == NULL)
        return NULL;
    memcpy(p, dir, d);
    if (!slash)
        p[d++] = '/';
    memcpy(p + d, name, n + 1);
    return p;
}

/* The names in dir (no dot entries), sorted; *names NULL when empty. */
static cckit_status list_dir(const char *dir, char ***names, size_t *count, cckit_error *err)
{
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot open the folder: %s", dir,
                          strerror(errno));
    size_t cap = 0;
    cckit_status st = CCKIT_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;   /* ., .. and hidden files: never cartridges of ours */
        if (*count == cap) {
            cap = cap ? 2 * cap : 32;
            char **v = realloc(*names, cap * sizeof *v);
            if (v == NULL) {
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                break;
            }
            *names = v;
        }
        if (((*names)[*count] = strdup(e->d_name)) == NULL) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            break;
        }
        (*count)++;
    }
    closedir(d);
    if (*count > 1)
        qsort(*names, *count, sizeof **names, cmp_str);
    return st;
}

static cckit_status add_folder(cckit_batch_inputs *in, const char *dir, bool recurse,
                               unsigned depth, cckit_error *err)
{
    char **names;
    size_t count;
    cckit_status st = list_dir(dir, &names, &count, err);
    for (size_t i = 0; i < count; i++) {
        char *p = st == CCKIT_OK ? join(dir, names[i]) : NULL;
        if (st == CCKIT_OK && p == NULL)
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        struct stat ls;
        /* lstat: a link to a folder is not followed (no loops) */
        if (p != NULL && lstat(p, &ls) == 0) {
            if (S_ISDIR(ls.st_mode)) {
                if (has_manifest(p))
                    st = push(in, p, err);
                else if (recurse && depth < MAX_DEPTH)
                    st = add_folder(in, p, recurse, depth + 1, err);
            } else if (is_archive_name(names[i])) {
                st = push(in, p, err);
            }
        }
        free(p);
        free(names[i]);
    }
    free(names);
    return st;
}

cckit_status cckit_batch_inputs_add(cckit_batch_inputs *in, const char *path, bool recurse,
                                    cckit_error *err)
{
    struct stat st;
    /* what cannot be looked at is still an input: the command says why */
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || has_manifest(path))
        return push(in, path, err);
    size_t before = in->n;
    cckit_status rc = add_folder(in, path, recurse, 0, err);
    if (rc == CCKIT_OK && in->n == before)
        rc = push(in, path, err);   /* the command says what the folder is */
    return rc;
}

cckit_status cckit_batch_inputs_read(cckit_batch_inputs *in, FILE *f, bool recurse,
                                     cckit_error *err)
{
    char line[4096];
    while (fgets(line, sizeof line, f) != NULL) {
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n')
            return cckit_fail(err, CCKIT_E_USAGE, "a line of the list is longer than %zu bytes",
                              sizeof line - 1);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        cckit_status st = cckit_batch_inputs_add(in, line, recurse, err);
        if (st != CCKIT_OK)
            return st;
    }
    if (ferror(f))
        return cckit_fail(err, CCKIT_E_IO, "cannot read the list of inputs: %s", strerror(errno));
    return CCKIT_OK;
}

bool cckit_batch_shard_parse(const char *s, unsigned *k, unsigned *n)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long a = strtoul(s, &end, 10);
    if (errno || *end != '/' || end[1] < '0' || end[1] > '9')
        return false;
    unsigned long b = strtoul(end + 1, &end, 10);
    if (errno || *end != '\0' || a < 1 || b < 1 || a > b || b > 1000000)
        return false;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return true;
}

bool cckit_batch_in_shard(const char *path, unsigned k, unsigned n)
{
    /* FNV-1a: tiny, stable, and spreads similar names well enough */
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return n > 0 && h % n == (uint64_t)(k - 1);
}
