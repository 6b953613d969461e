/* inline_links.h - Thin CC 1.4 link descriptors written inline in their
 * <resource> (inline_links.c), for convert.  Not installed. */
#ifndef CCKIT_INLINE_LINKS_H
#define CCKIT_INLINE_LINKS_H

#include "base/internal.h"
#include <libxml/tree.h>

/* The converted descriptor at package path, or NULL (then it stays a
 * file); *len its size. */
typedef const char *(*cckit_inline_find_fn)(void *ctx, const char *path, size_t *len);
/* The descriptor at path now sits inline in resource id: it must not be
 * written as a file. */
/* false when memory ran out (the call then fails with CCKIT_E_NOMEM) */
typedef bool (*cckit_inline_done_fn)(void *ctx, const char *path, const char *id);

/* In the converted manifest mres, replace the single <file> of every web
 * link and LTI link resource (1.4 type strings) by the content of its
 * converted descriptor.  Only out of memory fails. */
cckit_status cckit_inline_links(xmlDocPtr mres, const cckit_limits *lim,
                                cckit_inline_find_fn find, cckit_inline_done_fn done,
                                void *ctx, cckit_error *err);

#endif
