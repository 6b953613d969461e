/* pathset.h - sets of package paths (pathset.c), for convert.  Not
 * installed. */
#ifndef CCKIT_PATHSET_H
#define CCKIT_PATHSET_H

#include "base/internal.h"
#include <libxml/tree.h>

typedef struct cckit_pathset {
    char **v;
    size_t n, cap;
    bool sorted, oom;
} cckit_pathset;

/* Adds owned (malloc'd; NULL is ignored, out of memory sets oom). */
void cckit_ps_add(cckit_pathset *s, char *owned);
bool cckit_ps_has(cckit_pathset *s, const char *p);
void cckit_ps_free(cckit_pathset *s);
/* Files of a manifest DOM, resolved against the resource's xml:base. */
void cckit_ps_from_dom(cckit_pathset *s, xmlDocPtr doc);

#endif
