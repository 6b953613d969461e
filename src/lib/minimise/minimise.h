/* minimise.h - what the files of minimise/ share.  Not installed. */
#ifndef CCKIT_MINIMISE_H
#define CCKIT_MINIMISE_H

#include "minimise/anon.h"

/* An entry's bytes (at most cap; CCKIT_E_LIMIT above), malloc'd and
 * NUL-terminated. */
cckit_status cckit_minimise_read_entry(cckit_source *src, const cckit_entry *e, uint64_t cap,
                                       char **out, size_t *n, cckit_error *err);
/* Set the findings of out against those of in as multisets of (code,
 * rule): one info in lost per pair whose count differs.  True when the
 * same. */
bool cckit_minimise_compare(const cckit_diags *in, const cckit_diags *out, cckit_diags *lost);
/* True when a finding of d has the code keep, or the rule number keep. */
bool cckit_minimise_shows(const cckit_diags *d, const char *keep);
/* --keep (shrink.c): replace the anonymised copy at out by the smallest
 * cartridge found by ddmin that still shows opt->keep; the counts in
 * res (tests, parts_in/out, resources_out, items_out, keep_lost,
 * keep_capped). */
cckit_status cckit_minimise_shrink(const char *out, const cckit_minimise_options *opt,
                                   cckit_minimise_result *res, cckit_error *err);
#endif /* CCKIT_MINIMISE_H */
