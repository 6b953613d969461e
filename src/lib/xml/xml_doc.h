/* xml_doc.h - safe DOM loading of XML and HTML from any byte source
 * (xml_doc.c); not installed.  The readers of a package entry are in
 * import/entry_read.h. */
#ifndef CCKIT_XML_DOC_H
#define CCKIT_XML_DOC_H

#include "base/internal.h"
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>

/* Parse XML read through rd (DOCTYPE, entities, XInclude and network
 * refused; size and depth capped by lim).  Line numbers kept; name is
 * used in messages. */
cckit_status cckit_xml_parse(cckit_read_fn rd, void *rctx, const char *name,
                             const cckit_limits *lim, xmlDocPtr *out, cckit_error *err);
/* Same for a memory buffer (tests, embedded descriptors). */
cckit_status cckit_xml_read_memory(const char *buf, size_t len, const char *name,
                                   const cckit_limits *lim, xmlDocPtr *out,
                                   cckit_error *err);
/* HTML into a DOM, in two steps because the encoding is decided above
 * (content/html_charset.h, cckit_html_read_entry): fill sax for libxml2's
 * HTML tree builder, create a push parser with it (user data NULL) and the
 * decided encoding, then parse what rd reads with it (no network; size
 * and element count capped by lim; line numbers kept).  The parse frees
 * ctxt, whatever happens. */
void cckit_html_dom_sax(xmlSAXHandler *sax);
cckit_status cckit_html_parse_ctxt(htmlParserCtxtPtr ctxt, cckit_read_fn rd, void *rctx,
                                   const char *name, const cckit_limits *lim, xmlDocPtr *out,
                                   cckit_error *err);

/* xml_safe.c: the one DTD and entity guard of every SAX parse (the
 * manifest reader, this DOM loader, the streamed schema check).  Installs
 * on sax handlers that refuse a DOCTYPE (internal or external subset),
 * an entity declaration, an entity reference and an external entity; each
 * calls refuse(ctxt, what) once per construct, with a plain sentence, and
 * the caller records it and stops the parser.  The handlers receive the
 * parse's context as user data (xmlCreatePushParserCtxt with user_data
 * NULL; a schema SAX plug keeps it) and find the refuser as the first
 * member of the caller's state in ctxt->_private. */
typedef struct cckit_xml_refuser {
    void (*refuse)(xmlParserCtxtPtr ctxt, const char *what);
} cckit_xml_refuser;
void cckit_xml_sax_refuse_dtd(xmlSAXHandler *sax);

#endif /* CCKIT_XML_DOC_H */
