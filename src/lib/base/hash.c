/* hash.c - stable identifiers for generated cartridges.
 *
 * 128-bit FNV-1a made of two 64-bit FNV-1a lanes with different offset
 * bases (the standard 14695981039346656037, and that basis after one
 * 0xff byte, the second lane seeing every byte xor 0x5c), each passed
 * through MurmurHash3's fmix64 finaliser when printed.  The same input always gives the same identifier, so
 * packing the same folder twice gives the same manifest.  Not a
 * cryptographic hash: collisions are only unlikely, not hard to make,
 * and pack checks identifiers for uniqueness anyway. */
#include "export/export.h"
#include <stdio.h>
#include <string.h>

#define FNV64_BASIS 14695981039346656037ULL
#define FNV64_PRIME 1099511628211ULL

void cckit_hash128_init(cckit_hash128 *h)
{
    h->a = FNV64_BASIS;
    h->b = (FNV64_BASIS ^ 0xffu) * FNV64_PRIME;
}

void cckit_hash128_add(cckit_hash128 *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t a = h->a, b = h->b;
    for (size_t i = 0; i < n; i++) {
        a = (a ^ p[i]) * FNV64_PRIME;
        b = (b ^ (unsigned char)(p[i] ^ 0x5c)) * FNV64_PRIME;
    }
    h->a = a;
    h->b = b;
}

/* MurmurHash3's 64-bit finaliser: FNV-1a alone leaves inputs that differ
 * only in their last bytes with similar high bits. */
static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

void cckit_hash128_hex(const cckit_hash128 *h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)fmix64(h->a),
             (unsigned long long)fmix64(h->b));
}

void cckit_stable_id(char *out, size_t outlen, const char *prefix,
                     const char *kind, const char *text)
{
    cckit_hash128 h;
    char hex[33];
    cckit_hash128_init(&h);
    cckit_hash128_add(&h, kind, strlen(kind) + 1);
    cckit_hash128_add(&h, text, strlen(text));
    cckit_hash128_hex(&h, hex);
    snprintf(out, outlen, "%s%s", prefix, hex);
}
