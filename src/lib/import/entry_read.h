/* entry_read.h - a package entry into a DOM, or the manifest into the
 * tree, streamed from its source (entry_read.c, manifest_read.c); not
 * installed. */
#ifndef CCKIT_ENTRY_READ_H
#define CCKIT_ENTRY_READ_H

#include "xml/xml_doc.h"

/* cckit_stream_read as a cckit_read_fn (ctx: the cckit_stream *), for
 * the parsers that read from a function. */
long cckit_stream_read_fn(void *ctx, void *buf, size_t n, cckit_error *err);
/* Parse an entry of the source as XML (cckit_xml_parse's hardening). */
cckit_status cckit_xml_read_entry(cckit_source *src, const cckit_entry *e,
                                  const cckit_limits *lim, xmlDocPtr *out,
                                  cckit_error *err);

#endif /* CCKIT_ENTRY_READ_H */
