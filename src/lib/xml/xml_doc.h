/* xml_doc.h - safe DOM loading of XML and HTML from any byte source
 * (xml_doc.c); not installed.  The readers of a package entry are in
 * import/entry_read.h. */
#ifndef CCKIT_XML_DOC_H
#define CCKIT_XML_DOC_H

#include "base/internal.h"
#include <libxml/tree.h>

/* Parse XML read through rd (DOCTYPE, entities, XInclude and network
 * refused; size and depth capped by lim).  Line numbers kept; name is
 * used in messages. */
cckit_status cckit_xml_parse(cckit_read_fn rd, void *rctx, const char *name,
                             const cckit_limits *lim, xmlDocPtr *out, cckit_error *err);
/* Same for a memory buffer (tests, embedded descriptors). */
cckit_status cckit_xml_read_memory(const char *buf, size_t len, const char *name,
                                   const cckit_limits *lim, xmlDocPtr *out,
                                   cckit_error *err);
/* Parse HTML read through rd with libxml2's HTML parser (no network;
 * size and element count capped by lim). */
cckit_status cckit_html_parse(cckit_read_fn rd, void *rctx, const char *name,
                              const cckit_limits *lim, xmlDocPtr *out, cckit_error *err);

#endif /* CCKIT_XML_DOC_H */
