/* report_html.h - the HTML page of `cckit validate --format html`
 * (report_html.c), called by cckit_validation_report. */
#ifndef CCKIT_REPORT_HTML_H
#define CCKIT_REPORT_HTML_H

#include "cckit.h"
#include <stdio.h>

int cckit_report_validation_html(cckit_validation *const *vs, size_t n, FILE *out);

#endif /* CCKIT_REPORT_HTML_H */
