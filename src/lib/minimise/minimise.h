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
#endif /* CCKIT_MINIMISE_H */
