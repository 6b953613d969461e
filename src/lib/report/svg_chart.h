/*
 * svg_chart.h - charts as inline SVG for cckit's HTML pages (profile,
 * compat, report): horizontal bars, one a row, used for counts and, rows
 * in bucket order, for histograms.  Nothing is fetched: the SVG is in the
 * page.  Readable without colour: every bar has its label and its number
 * as text, and a fill pattern (stripes, dots, ...) besides its colour;
 * the same numbers follow in a table.  The SVG has role="img" and a
 * <title>/<desc> it is labelled by.
 */
#ifndef CCKIT_SVG_CHART_H
#define CCKIT_SVG_CHART_H

#include "base/internal.h"
#include <stdio.h>

typedef struct cckit_chart_row {
    const char *label;   /* any text: escaped */
    uint64_t value;      /* the bar */
    uint64_t extra;      /* a second number, table only (extra_head) */
    unsigned fill;       /* 0: by row (colours and patterns cycle); else a
                            fixed one of CCKIT_FILL_* (verdicts) */
} cckit_chart_row;

/* Fills that mean something, the same on every page: good is solid
 * green, a loss dotted amber, a failure striped red. */
enum { CCKIT_FILL_GOOD = 7, CCKIT_FILL_LOSS, CCKIT_FILL_BAD };

typedef struct cckit_chart {
    const char *id;          /* ours, [a-z0-9-], unique in the page */
    const char *title;       /* escaped */
    const char *label_head;  /* table heading of the labels */
    const char *value_head;  /* ... of the values */
    const char *extra_head;  /* ... of the extra numbers, or NULL: no column */
    uint64_t total;          /* non-zero: shares of it are shown too */
    size_t max_bars;         /* bars drawn at most (the table has every row); 0: all */
    const cckit_chart_row *rows;
    size_t n;
} cckit_chart;

/* A <figure> with its caption, the SVG and the table of the same rows. */
void cckit_svg_chart(FILE *out, const cckit_chart *c);

/* The CSS the charts need (for cckit_html_begin's extra_css). */
extern const char cckit_svg_chart_css[];

#endif /* CCKIT_SVG_CHART_H */
