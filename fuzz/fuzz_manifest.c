/* fuzz_manifest.c - libFuzzer harness for the manifest reader
 * (manifest_reader.c, tree.c, idmap.c, arena.c, versions.c, xml_safe.c)
 * and the info report (report_info.c, json.c).
 *
 * The input is an imsmanifest.xml.  It is fed to cckit_manifest_parse()
 * through the read callback in chunks whose size depends on the input
 * length (so that both one-shot and many-small-chunk parsing run); the
 * tree is then walked (items in document order, parents, identifier
 * lookups of every resource and dependency), compared with the tree of
 * the same input read in one piece (chunk boundaries must not change
 * anything), and written as info JSON and text to /dev/null. */
#define _GNU_SOURCE
#include "cckit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quiet.h"

struct mem {
    const uint8_t *p;
    size_t n, off, chunk;
    size_t fail_at; /* fail the read that would pass this offset; 0 = never */
};

static long mem_read(void *ctx, void *buf, size_t n, cckit_error *err)
{
    struct mem *m = ctx;
    if (m->fail_at && m->off + n > m->fail_at && m->off < m->n) {
        snprintf(err->message, sizeof err->message, "injected read error");
        err->status = CCKIT_E_IO;
        return -1;
    }
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

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The tree must not depend on how the input was cut into chunks: text
 * split across two reads (titles, keywords, schemaversion) and attributes
 * must come out the same.  Aborts with what differs. */
static void same_tree(const cckit_manifest *a, const cckit_manifest *b)
{
    const char *what = NULL;
    if (a->n_resources != b->n_resources || a->n_items != b->n_items ||
        a->n_files != b->n_files || a->version != b->version || a->thin != b->thin)
        what = "counts or version";
    else if (!same_str(a->identifier, b->identifier) || !same_str(a->ns, b->ns))
        what = "manifest identifier or namespace";
    else if (!same_str(a->metadata.title, b->metadata.title) ||
             !same_str(a->metadata.schemaversion, b->metadata.schemaversion) ||
             !same_str(a->metadata.description, b->metadata.description) ||
             a->metadata.n_keywords != b->metadata.n_keywords)
        what = "metadata";
    else if (a->diags.n != b->diags.n)
        what = "number of oddities";
    for (size_t i = 0; !what && i < a->diags.n; i++)
        if (strcmp(a->diags.v[i].code, b->diags.v[i].code) != 0 ||
            a->diags.v[i].line != b->diags.v[i].line)
            what = "an oddity";
    for (size_t i = 0; !what && i < a->n_resources; i++) {
        const cckit_resource *x = a->resources[i], *y = b->resources[i];
        if (!same_str(x->identifier, y->identifier) || !same_str(x->type, y->type) ||
            !same_str(x->href, y->href) || x->n_files != y->n_files || x->pos.line != y->pos.line)
            what = "a resource";
        for (size_t f = 0; !what && f < x->n_files; f++)
            if (!same_str(x->files[f].href, y->files[f].href))
                what = "a file href";
    }
    if (!what && a->organization) {
        const cckit_item *x = a->organization->first_item, *y = b->organization->first_item;
        for (; x && y && !what; x = cckit_item_next(x), y = cckit_item_next(y))
            if (!same_str(x->identifier, y->identifier) || !same_str(x->title, y->title) ||
                !same_str(x->identifierref, y->identifierref) || x->depth != y->depth)
                what = "an item";
        if (!what && (x || y))
            what = "the item walk";
    }
    if (what) {
        fprintf(stderr, "fuzz_manifest: the tree depends on the read chunk size: %s differs\n", what);
        abort();
    }
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
    /* every 5th input: the reader fails half-way; the parse must fail
     * cleanly (no tree, no leak) */
    if (size > 1 && size % 5 == 0) {
        struct mem bad = { data, size, 0, 7, size / 2 };
        cckit_manifest *mb = NULL;
        cckit_error eb;
        if (cckit_manifest_parse(mem_read, &bad, "imsmanifest.xml", &lim, &mb, &eb) == CCKIT_OK ||
            mb)
            abort();
    }
    struct mem mem = { data, size, 0, chunks[size % (sizeof chunks / sizeof chunks[0])], 0 };
    cckit_manifest *m = NULL;
    cckit_error err;
    stderr_capture_begin();
    cckit_status st = cckit_manifest_parse(mem_read, &mem, "imsmanifest.xml", &lim, &m, &err);
    stderr_capture_end("cckit_manifest_parse");
    if (st != CCKIT_OK) {
        if (m)
            abort(); /* no tree on failure */
        if (!err.message[0])
            abort(); /* every failure says why */
        return 0;
    }
    walk(m);
    /* the same input again in one piece: the same tree */
    struct mem whole = { data, size, 0, (size_t)-1, 0 };
    cckit_manifest *m2 = NULL;
    if (cckit_manifest_parse(mem_read, &whole, "imsmanifest.xml", &lim, &m2, &err) != CCKIT_OK) {
        fprintf(stderr, "fuzz_manifest: read in chunks of %zu but not in one piece: %s\n",
                mem.chunk, err.message);
        abort();
    }
    same_tree(m, m2);
    cckit_manifest_free(m2);
    cckit_cartridge c;
    memset(&c, 0, sizeof c);
    c.manifest = m;
    c.path = (char *)"fuzz.imscc";
    cckit_info_write_json(&c, devnull);
    cckit_info_write_text(&c, devnull, true);
    cckit_manifest_free(m);
    return 0;
}
