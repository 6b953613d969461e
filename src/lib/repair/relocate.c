/* relocate.c - repair.manifest-moved: a cartridge zipped with its folder
 * ("course/imsmanifest.xml" and everything under "course/") becomes one
 * with the manifest at the root.  The entries are written, under their
 * names without the folder, into a staging archive in a private
 * temporary folder, which the rest of the repair then reads as its
 * input: a move changes a name, never bytes. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "config.h"
#include "base/internal.h"
#include "export/archive_writer.h"
#include "repair/repair.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The one shallowest "DIR/imsmanifest.xml" of the source, or NULL when
 * there is none or several at that depth (which one is the course would
 * be a guess). */
static const char *sub_manifest(cckit_source *src, bool *several)
{
    const char *best = NULL;
    size_t best_depth = (size_t)-1;
    *several = false;
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        const char *slash = strrchr(e->name, '/');
        if (e->is_dir || !slash || strcmp(slash + 1, "imsmanifest.xml") != 0)
            continue;
        size_t depth = 0;
        for (const char *p = e->name; *p; p++)
            depth += *p == '/';
        if (depth < best_depth) {
            best = e->name;
            best_depth = depth;
            *several = false;
        } else if (depth == best_depth) {
            *several = true;
        }
    }
    return *several ? NULL : best;
}

cckit_status cckit_rp_relocate(const char *in, const cckit_repair_options *opt,
                               cckit_repair_report *rep, char *dir, size_t dir_size,
                               char *staged, size_t staged_size, cckit_error *err)
{
    cckit_source *src = NULL;
    cckit_zip_writer *w = NULL;
    cckit_status st = cckit_source_open(in, &opt->limits, NULL, &src, err);
    if (st != CCKIT_OK)
        return st;
    bool several = false;
    const char *man = sub_manifest(src, &several);
    if (!man) {
        cckit_source_close(src);
        return cckit_fail(err, CCKIT_E_NOMANIFEST, several
                          ? "%s: no imsmanifest.xml at the package root, and several in folders "
                            "at the same depth: which one is the course is a guess"
                          : "%s: no imsmanifest.xml in the package: not a Common Cartridge", in);
    }
    size_t plen = (size_t)(strrchr(man, '/') - man) + 1;   /* "course/" */
    /* Everything but junk must be in the folder: a file beside it has no
     * place in the moved cartridge that is not a guess. */
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        if (e->is_dir || strncmp(e->name, man, plen) == 0 || cckit_rp_is_junk(e->name))
            continue;
        st = cckit_fail(err, CCKIT_E_NOMANIFEST, "%s: the manifest is in the folder '%.*s', but "
                        "'%s' is outside it: where it belongs in the cartridge is a guess",
                        in, (int)plen, man, e->name);
        cckit_source_close(src);
        return st;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, dir_size, "%s/cckit-repair-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        st = cckit_fail(err, CCKIT_E_IO, "cannot make a temporary folder in %s: %s",
                        tmp && *tmp ? tmp : "/tmp", strerror(errno));
        dir[0] = '\0';
        cckit_source_close(src);
        return st;
    }
    snprintf(staged, staged_size, "%s/moved.imscc", dir);
    st = cckit_zip_writer_open(staged, false, &w, err);
    size_t moved = 0;
    for (size_t i = 0; i < cckit_source_count(src) && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        if (e->is_dir)
            continue;
        if (strncmp(e->name, man, plen) != 0) {
            if (!cckit_rp_add(&rep->fixes, cckit_rule_in(cckit_rules_repair, "repair.junk-dropped"),
                              false, e->name, 0, "'%s' is operating-system litter: left out",
                              e->name))
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            continue;
        }
        if (e->name[plen] == '\0')
            continue;
        st = cckit_zip_writer_add_entry(w, e->name + plen, src, e, err);
        moved++;
    }
    if (st == CCKIT_OK && !cckit_rp_add(&rep->fixes, cckit_rule_in(cckit_rules_repair,
                                                                 "repair.manifest-moved"),
                                        false, man, 0, "the cartridge was zipped with its folder "
                                        "'%.*s': its %zu files are moved to the root (names "
                                        "below are without the folder)", (int)plen, man, moved))
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
    cckit_zip_writer_abort(w);
    cckit_source_close(src);
    if (st != CCKIT_OK) {
        unlink(staged);
        rmdir(dir);
        dir[0] = staged[0] = '\0';
    }
    return st;
}
