/* idmap.c - string -> pointer hash table (open addressing, FNV-1a).
 * Identifier lookups must stay linear overall: a manifest of 100,000
 * items resolves every identifierref through this map.  The hashes are
 * an array of their own, apart from keys and values: a probe reads 4
 * bytes, not a 24-byte slot, and the 256 KiB of a 65,536-slot table stay
 * in the cache, where the slots did not (the manifest reader's largest
 * cost after its name compares). */
#include "base/internal.h"
#include <stdlib.h>
#include <string.h>

struct slot {
    const char *key;
    void *value;
};

struct cckit_idmap {
    uint32_t *hash;       /* 0: an empty slot */
    struct slot *slots;
    size_t cap, n;   /* cap is a power of two */
};

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h ? h : 1;
}

cckit_idmap *cckit_idmap_new(void)
{
    return calloc(1, sizeof(cckit_idmap));
}

void cckit_idmap_free(cckit_idmap *m)
{
    if (m) {
        free(m->hash);
        free(m->slots);
        free(m);
    }
}

size_t cckit_idmap_size(const cckit_idmap *m)
{
    return m ? m->n : 0;
}

static bool grow(cckit_idmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    uint32_t *nh = calloc(ncap, sizeof *nh);
    struct slot *ns = malloc(ncap * sizeof *ns);
    if (!nh || !ns) {
        free(nh);
        free(ns);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->hash[i])
            continue;
        size_t j = m->hash[i] & (ncap - 1);
        while (nh[j])
            j = (j + 1) & (ncap - 1);
        nh[j] = m->hash[i];
        ns[j] = m->slots[i];
    }
    free(m->hash);
    free(m->slots);
    m->hash = nh;
    m->slots = ns;
    m->cap = ncap;
    return true;
}

void *cckit_idmap_put(cckit_idmap *m, const char *key, void *value, bool *oom)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !grow(m)) {
        if (oom)
            *oom = true;
        return NULL;
    }
    uint32_t h = hash_str(key);
    size_t j = h & (m->cap - 1);
    while (m->hash[j]) {
        if (m->hash[j] == h && strcmp(m->slots[j].key, key) == 0)
            return m->slots[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    m->hash[j] = h;
    m->slots[j].key = key;
    m->slots[j].value = value;
    m->n++;
    return NULL;
}

void *cckit_idmap_get(const cckit_idmap *m, const char *key)
{
    if (!m || !m->cap || !key)
        return NULL;
    uint32_t h = hash_str(key);
    size_t j = h & (m->cap - 1);
    while (m->hash[j]) {
        if (m->hash[j] == h && strcmp(m->slots[j].key, key) == 0)
            return m->slots[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}
