/* fuzz_manifest.c - libFuzzer harness for the manifest reader
 * (manifest_reader.c, tree.c, idmap.c, arena.c, versions.c, xml_safe.c)
 * and the info report (report_info.c, json.c).
 *
 * The input is an imsmanifest.xml.  It is fed to cckit_manifest_parse()
 * through the read callback in chunks whose size depends on the input
 * length (so that both one-shot and many-small-chunk parsing run); the
 * tree is then walked (items in document order, parents, identifier
 * lookups of every resource and dependency) and written as info JSON
 * and text to /dev/null. */
#include "cckit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mem {
    const uint8_t *p;
    size_t n, off, chunk;
};

static long mem_read(void *ctx, void *buf, size_t n, cckit_error *err)
{
    struct mem *m = ctx;
    (void)err;
    size_t k = m->n - m->off;
    if (k > n)
        k = n;
    if (k > m->chunk)
        k = m->chunk;
    memcpy(buf, m->p + m->off, k);
    m->off += k;
    return (long)k;
}

static FILE *devnull;

static void walk(const cckit_manifest *m)
{
    size_t items = 0;
    for (size_t o = 0; o < (m->organization ? 1u : 0u); o++) {
        const cckit_organization *org = m->organization;
        for (const cckit_item *it = org->first_item; it; it = cckit_item_next(it)) {
            items++;
            if (it->parent && it->depth != it->parent->depth + 1)
                abort();
            if (it->identifierref && it->resource &&
                cckit_manifest_find_resource(m, it->identifierref) != it->resource)
                abort();
            if (items > m->n_items + 1)
                abort(); /* the walk must end */
        }
    }
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        if (!r || r->index != i)
            abort();
        if (r->identifier && !cckit_manifest_find_resource(m, r->identifier))
            abort();
        (void)cckit_kind_name(r->kind);
        for (size_t d = 0; d < r->n_deps; d++)
            if (r->deps[d].identifierref)
                (void)cckit_manifest_find_resource(m, r->deps[d].identifierref);
        for (size_t f = 0; f < r->n_files; f++)
            if (!r->files[f].href && m->diags.n == 0)
                abort(); /* a <file> without href is kept, with an oddity */
    }
    for (size_t i = 0; i < m->diags.n; i++)
        if (!m->diags.v[i].code || !m->diags.v[i].message)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_manifest_size = 1u << 20;

    static const size_t chunks[] = { 65536, 1, 7, 4096, 13, 512, 3, 100000 };
    struct mem mem = { data, size, 0, chunks[size % (sizeof chunks / sizeof chunks[0])] };
    cckit_manifest *m = NULL;
    cckit_error err;
    cckit_status st = cckit_manifest_parse(mem_read, &mem, "imsmanifest.xml", &lim, &m, &err);
    if (st != CCKIT_OK) {
        if (m)
            abort(); /* no tree on failure */
        if (!err.message[0])
            abort(); /* every failure says why */
        return 0;
    }
    walk(m);
    cckit_cartridge c;
    memset(&c, 0, sizeof c);
    c.manifest = m;
    c.path = (char *)"fuzz.imscc";
    cckit_info_write_json(&c, devnull);
    cckit_info_write_text(&c, devnull, true);
    cckit_manifest_free(m);
    return 0;
}
