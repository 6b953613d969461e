/* desc_links.h - the links written in a descriptor (desc_links.c): HTML
 * held in its text elements, attachments, QTI material URIs.  Not
 * installed. */
#ifndef CCKIT_DESC_LINKS_H
#define CCKIT_DESC_LINKS_H

#include "content/html_deps.h"
#include <libxml/tree.h>

/* Call fn for every link value of descriptor doc, as written (raw; the
 * target fn gets is resolved from the package root, so a caller resolves
 * raw against the descriptor's folder itself, $IMS-CC-FILEBASE$ and all):
 * the links of the HTML in <mattext>, <text> and <instructor_text> (the
 * page scan of html_deps.c on their text), <attachment href> and the
 * uri of QTI material (<matimage>, <mataudio>, <matvideo>, <matapplet>,
 * <matapplication>).  Only out of memory fails. */
cckit_status cckit_descriptor_links(xmlDocPtr doc, cckit_dep_fn fn, void *ctx, cckit_error *err);

#endif
