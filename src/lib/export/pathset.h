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
/* Adds a copy of p (out of memory sets oom). */
void cckit_ps_add_copy(cckit_pathset *s, const char *p);
/* Adds href resolved against base ("" = the root); an href that names no
 * package path adds nothing, out of memory sets oom. */
void cckit_ps_add_resolved(cckit_pathset *s, const char *base, const char *href);
bool cckit_ps_has(cckit_pathset *s, const char *p);
void cckit_ps_free(cckit_pathset *s);
/* Files of a manifest DOM, resolved against the resource's xml:base
 * (out of memory sets oom). */
void cckit_ps_from_dom(cckit_pathset *s, xmlDocPtr doc);

#endif
