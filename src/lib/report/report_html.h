/* report_html.h - the HTML pages of `cckit validate --format html`
 * (report_html.c), called by cckit_validation_report, and of compat. */
#ifndef CCKIT_REPORT_HTML_H
#define CCKIT_REPORT_HTML_H

#include "cckit.h"
#include <stdio.h>

/* failed (NULL or CCKIT_OK: none) and failed_path: the validator could
 * not run on that input (no schemas, no memory); the page says so first. */
int cckit_report_validation_html(cckit_validation *const *vs, size_t n, const cckit_error *failed,
                                 const char *failed_path, FILE *out);

/* The page of `cckit compat --format html` (compat_html.c), called by
 * cckit_compat_report. */
int cckit_report_compat_html(cckit_compat *const *cs, size_t n, FILE *out);

#endif /* CCKIT_REPORT_HTML_H */
