/* cartridge.c - the import front end: a source plus its manifest, opened
 * in one call.  A bare imsmanifest.xml (a regular file that holds XML,
 * whatever its name) is read on its own, without a package around it. */
#include "import/source.h"
#include "tree/producer.h"
#include <stdlib.h>
#include <string.h>

/* The shallowest "…/imsmanifest.xml" in the package, to say where it is. */
static const char *deeper_manifest(const cckit_source *src)
{
    const char *best = NULL;
    size_t best_depth = (size_t)-1;
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const char *name = cckit_source_entry(src, i)->name;
        const char *slash = strrchr(name, '/');
        if (!slash || cckit_strcasecmp_ascii(slash + 1, "imsmanifest.xml") != 0)
            continue;
        if (strncmp(name, "__MACOSX/", 9) == 0)
            continue;
        size_t depth = 0;
        for (const char *p = name; *p; p++)
            depth += *p == '/';
        if (depth < best_depth) {
            best = name;
            best_depth = depth;
        }
    }
    return best;
}

/* .imscc files at the top of a folder: a folder of cartridges. */
static size_t cartridges_in(const cckit_source *src)
{
    size_t n = 0;
    if (cckit_source_is_archive(src))
        return 0;
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const char *name = cckit_source_entry(src, i)->name;
        size_t len = strlen(name);
        n += !strchr(name, '/') && len > 6 && cckit_strcasecmp_ascii(name + len - 6, ".imscc") == 0;
    }
    return n;
}

/* The first step of cckit_cartridge_open: the package's index (a bare
 * manifest is read whole here).  Split from the manifest's read so that
 * the validator can start work that needs only the entries' bytes
 * (validate/link_prefetch.c) while the tree is read. */
cckit_status cckit_cartridge_open_source(const char *path, const cckit_limits *lim,
                                         cckit_cartridge **out, cckit_error *err)
{
    *out = NULL;
    cckit_cartridge *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_status st;
    if (cckit_path_is_bare_xml(path)) {
        st = cckit_manifest_parse_file(path, lim, &c->manifest, err);
    } else {
        st = cckit_source_open(path, lim, &c->diags, &c->source, err);
        if (st == CCKIT_OK && !cckit_source_find(c->source, "imsmanifest.xml")) {
            const char *deeper = deeper_manifest(c->source);
            const cckit_entry *nocase = cckit_source_find_nocase(c->source, "imsmanifest.xml");
            if (deeper)
                st = cckit_fail(err, CCKIT_E_NOMANIFEST,
                                "no imsmanifest.xml at the package root; found \"%s\": "
                                "package the contents of that folder, not the folder itself",
                                deeper);
            else if (nocase)
                st = cckit_fail(err, CCKIT_E_NOMANIFEST,
                                "no imsmanifest.xml at the package root (found \"%s\": "
                                "the name must be lower case)", nocase->name);
            else if (cartridges_in(c->source))
                st = cckit_fail(err, CCKIT_E_NOMANIFEST,
                                "no imsmanifest.xml: a folder of %zu .imscc file%s (cartridges), "
                                "not an unpacked cartridge: give the .imscc files themselves",
                                cartridges_in(c->source), cartridges_in(c->source) == 1 ? "" : "s");
            else
                st = cckit_fail(err, CCKIT_E_NOMANIFEST,
                                "no imsmanifest.xml at the package root: not a Common Cartridge");
        }
    }
    if (st != CCKIT_OK) {
        cckit_cartridge_free(c);
        return st;
    }
    *out = c;
    return CCKIT_OK;
}

cckit_status cckit_cartridge_open_manifest(cckit_cartridge **cart, const cckit_limits *lim,
                                           cckit_error *err)
{
    cckit_cartridge *c = *cart;
    cckit_status st = CCKIT_OK;
    if (!c->manifest)
        st = cckit_manifest_read(c->source, lim, &c->manifest, err);
    if (st == CCKIT_OK && c->diags.oom)   /* oddities were lost */
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", c->path);
    if (st != CCKIT_OK) {
        cckit_cartridge_free(c);
        *cart = NULL;
    }
    return st;
}

cckit_status cckit_cartridge_open(const char *path, const cckit_limits *lim,
                                  cckit_cartridge **out, cckit_error *err)
{
    cckit_status st = cckit_cartridge_open_source(path, lim, out, err);
    if (st == CCKIT_OK)
        st = cckit_cartridge_open_manifest(out, lim, err);
    return st;
}

void cckit_cartridge_free(cckit_cartridge *c)
{
    if (!c)
        return;
    cckit_manifest_free(c->manifest);
    cckit_source_close(c->source);
    cckit_diags_free(&c->diags);
    free(c->path);
    free(c);
}

void cckit_cartridge_count(const cckit_cartridge *c, cckit_counts *out)
{
    memset(out, 0, sizeof *out);
    const cckit_manifest *m = c->manifest;
    if (m) {
        out->resources = m->n_resources;
        out->items = m->n_items;
        out->files = m->n_files;
        for (size_t i = 0; i < m->n_resources; i++)
            out->by_kind[m->resources[i]->kind]++;
    }
    if (c->source) {
        out->entries = cckit_source_count(c->source);
        for (size_t i = 0; i < out->entries; i++) {
            const cckit_entry *e = cckit_source_entry(c->source, i);
            out->compressed_bytes += e->comp_size;
            out->uncompressed_bytes += e->size;
        }
    }
}

uint32_t cckit_cartridge_producer_signs(const cckit_cartridge *cart)
{
    cckit_signs s = cart->manifest ? cart->manifest->producer_signs : 0;
    for (size_t i = 0, n = cart->source ? cckit_source_count(cart->source) : 0; i < n; i++)
        s |= cckit_signs_of_path(cckit_source_entry(cart->source, i)->name);
    return s;
}
