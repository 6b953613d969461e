/* diff_files.c - the files of the two packages: by path, their contents
 * by SHA-256 (nettle), streamed 64 KiB at a time so that memory stays
 * flat whatever the media.  A file that left one path and appeared at
 * another with the same hash is "moved".  imsmanifest.xml is compared
 * by meaning (diff_manifest.c), not by bytes; across versions so are
 * the descriptors (diff_descriptors.c), whose namespaces change. */
#include "diff/diff.h"
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HASH_HEX (SHA256_DIGEST_SIZE * 2 + 1)

static cckit_status hash_entry(cckit_source *src, const cckit_entry *e, char hex[HASH_HEX],
                               cckit_error *err)
{
    static const char digits[] = "0123456789abcdef";
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    long n;
    while ((n = cckit_stream_read(s, buf, sizeof buf, err)) > 0)
        sha256_update(&ctx, (size_t)n, buf);
    cckit_stream_close(s);
    if (n < 0)
        return err->status != CCKIT_OK ? err->status : CCKIT_E_IO;
    unsigned char dg[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof dg, dg);
    for (size_t i = 0; i < sizeof dg; i++) {
        hex[2 * i] = digits[dg[i] >> 4];
        hex[2 * i + 1] = digits[dg[i] & 15];
    }
    hex[HASH_HEX - 1] = '\0';
    return CCKIT_OK;
}

typedef struct side {
    cckit_source *src;
    const cckit_manifest *m;
    const cckit_entry **e;   /* files of the package, manifest left out */
    const char **key;        /* their names below the manifest's folder */
    char (*hash)[HASH_HEX];  /* "" = not hashed (yet) */
    bool *paired;
    size_t n;
} side;

/* A file outside the manifest's folder keeps its whole name (it shows
 * as removed or added: repair drops such litter). */
static bool list_files(side *s, const cckit_cartridge *c, const char *root)
{
    memset(s, 0, sizeof *s);
    s->src = c->source;
    s->m = c->manifest;
    size_t n = s->src ? cckit_source_count(s->src) : 0, rl = strlen(root);
    s->e = calloc(n + 1, sizeof *s->e);
    s->key = calloc(n + 1, sizeof *s->key);
    s->hash = calloc(n + 1, sizeof *s->hash);
    s->paired = calloc(n + 1, sizeof *s->paired);
    if (s->e == NULL || s->key == NULL || s->hash == NULL || s->paired == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(s->src, i);
        const char *key = strncmp(e->name, root, rl) == 0 ? e->name + rl : e->name;
        if (e->is_dir || strcmp(e->name, s->m->file) == 0)
            continue;
        s->key[s->n] = key;
        s->e[s->n++] = e;
    }
    return true;
}

static void free_side(side *s)
{
    free(s->e);
    free(s->key);
    free(s->hash);
    free(s->paired);
}

static cckit_status hash_of(side *s, size_t i, cckit_error *err)
{
    if (s->hash[i][0] != '\0')
        return CCKIT_OK;
    return hash_entry(s->src, s->e[i], s->hash[i], err);
}

/* The descriptor paths of both manifests (compared by content across
 * versions, not by bytes). */
typedef struct desc_set {
    char **paths;
    size_t n;
    cckit_idmap *map;
} desc_set;

static bool desc_set_fill(desc_set *s, const cckit_manifest *m)
{
    memset(s, 0, sizeof *s);
    bool oom = false;
    if ((s->map = cckit_idmap_new()) == NULL ||
        (s->paths = calloc(m->n_resources + 1, sizeof *s->paths)) == NULL)
        return false;
    for (size_t i = 0; i < m->n_resources; i++) {
        char *p = cckit_diff_descriptor_path(m->resources[i]);
        if (p == NULL)
            continue;
        s->paths[s->n++] = p;
        cckit_idmap_put(s->map, p, p, &oom);
    }
    return !oom;
}

static void desc_set_free(desc_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->paths[i]);
    free(s->paths);
    cckit_idmap_free(s->map);
}

static bool is_xml_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && (cckit_strcasecmp_ascii(name + n - 4, ".xml") == 0 ||
                     cckit_strcasecmp_ascii(name + n - 4, ".qti") == 0);
}

/* Every file of one side hashed up front (both sides at once,
 * cckit_diff_both): all of them are compared but, across versions, the
 * descriptors at the same path (compared by what they say), which are
 * hashed later only when they are not paired. */
typedef struct prehash {
    side *s;
    const desc_set *da, *db;
    bool across;
    cckit_error err;
    cckit_status st;
} prehash;

static void *prehash_run(void *v)
{
    prehash *p = v;
    memset(&p->err, 0, sizeof p->err);
    p->st = CCKIT_OK;
    for (size_t i = 0; i < p->s->n && p->st == CCKIT_OK; i++) {
        const char *k = p->s->key[i];
        if (p->across && is_xml_name(k) &&
            (cckit_idmap_get(p->da->map, k) || cckit_idmap_get(p->db->map, k)))
            continue;
        p->st = hash_of(p->s, i, &p->err);
    }
    return NULL;
}

cckit_status cckit_diff_files(cckit_diff_run *r, cckit_error *err)
{
    side A, B;
    memset(&A, 0, sizeof A);
    memset(&B, 0, sizeof B);
    cckit_status st = CCKIT_OK;
    cckit_idmap *in_b = NULL, *by_hash = NULL;
    desc_set da, db;
    memset(&da, 0, sizeof da);
    memset(&db, 0, sizeof db);
    if (r->d->across_versions &&
        (!desc_set_fill(&da, r->a->manifest) || !desc_set_fill(&db, r->b->manifest))) {
        r->oom = true;
        goto out;
    }
    if (!list_files(&A, r->a, r->root_a) || !list_files(&B, r->b, r->root_b) ||
        (in_b = cckit_idmap_new()) == NULL || (by_hash = cckit_idmap_new()) == NULL) {
        r->oom = true;
        goto out;
    }
    prehash pa = { &A, &da, &db, r->d->across_versions, { 0 }, CCKIT_OK };
    prehash pb = { &B, &da, &db, r->d->across_versions, { 0 }, CCKIT_OK };
    cckit_diff_both(prehash_run, &pa, &pb);
    if (pa.st != CCKIT_OK || pb.st != CCKIT_OK) {
        *err = pa.st != CCKIT_OK ? pa.err : pb.err;
        st = pa.st != CCKIT_OK ? pa.st : pb.st;
        goto out;
    }
    bool oom = false;
    for (size_t j = 0; j < B.n; j++)
        cckit_idmap_put(in_b, B.key[j], (void *)(B.e + j), &oom);
    bool *added = calloc(B.n + 1, sizeof *added);
    if (oom || added == NULL) {
        free(added);
        r->oom = true;
        goto out;
    }
    for (size_t j = 0; j < B.n; j++)
        added[j] = true;
    /* same path: changed or not */
    for (size_t i = 0; i < A.n && st == CCKIT_OK; i++) {
        const cckit_entry **pe = cckit_idmap_get(in_b, A.key[i]);
        if (pe == NULL)
            continue;
        size_t j = (size_t)(pe - B.e);
        added[j] = false;
        A.paired[i] = B.paired[j] = true;
        if (r->d->across_versions && is_xml_name(A.key[i]) &&
            (cckit_idmap_get(da.map, A.key[i]) || cckit_idmap_get(db.map, B.key[j])))
            continue;
        if ((st = hash_of(&A, i, err)) != CCKIT_OK || (st = hash_of(&B, j, err)) != CCKIT_OK)
            break;
        if (strcmp(A.hash[i], B.hash[j]) != 0)
            cckit_diff_add(r, "file.changed", CCKIT_DIFF_FILES, B.e[j]->name, A.hash[i],
                           B.hash[j], B.e[j]->name, 0);
        else if (r->same_files)
            cckit_idmap_put(r->same_files, B.key[j], (void *)B.e[j], &oom);
    }
    /* removed or moved: a removed file whose hash an added one has */
    for (size_t j = 0; j < B.n && st == CCKIT_OK; j++) {
        if (!added[j])
            continue;
        if ((st = hash_of(&B, j, err)) != CCKIT_OK)
            break;
        cckit_idmap_put(by_hash, B.hash[j], (void *)(uintptr_t)(j + 1), &oom);
    }
    for (size_t i = 0; i < A.n && st == CCKIT_OK; i++) {
        if (A.paired[i])
            continue;
        if ((st = hash_of(&A, i, err)) != CCKIT_OK)
            break;
        void *v = cckit_idmap_get(by_hash, A.hash[i]);
        if (v != NULL && added[(uintptr_t)v - 1]) {
            size_t j = (uintptr_t)v - 1;
            added[j] = false;
            cckit_diff_add(r, "file.moved", CCKIT_DIFF_FILES, B.e[j]->name, A.e[i]->name,
                           B.e[j]->name, B.e[j]->name, 0);
            cckit_idmap_put(r->moved, A.key[i], (void *)B.key[j], &oom);
        } else {
            cckit_diff_add(r, "file.removed", CCKIT_DIFF_FILES, A.e[i]->name, A.hash[i], NULL,
                           A.e[i]->name, 0);
        }
    }
    for (size_t j = 0; j < B.n && st == CCKIT_OK; j++)
        if (added[j])
            cckit_diff_add(r, "file.added", CCKIT_DIFF_FILES, B.e[j]->name, NULL, B.hash[j],
                           B.e[j]->name, 0);
    if (oom)
        r->oom = true;
    free(added);
out:
    desc_set_free(&da);
    desc_set_free(&db);
    cckit_idmap_free(in_b);
    cckit_idmap_free(by_hash);
    free_side(&A);
    free_side(&B);
    return st;
}
