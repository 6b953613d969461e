/* producer.h - the producer signs (producer.c): which LMS or tool wrote
 * a cartridge, from facts the readers meet anyway.  Internal. */
#ifndef CCKIT_PRODUCER_H
#define CCKIT_PRODUCER_H

#include "cckit.h"
#include <libxml/tree.h>
#include <stdint.h>

/* A set of signs: bit i = row i of the table in producer.c. */
typedef uint32_t cckit_signs;

/* The signs a namespace URI shows (declared in the manifest or a
 * descriptor). */
cckit_signs cckit_signs_of_ns(const char *ns);
/* ... a path of the package: an entry's name or a file the manifest
 * lists (listed, even when the package lacks it). */
cckit_signs cckit_signs_of_path(const char *path);
/* ... the text of an XML comment. */
cckit_signs cckit_signs_of_comment(const char *text);
/* ... a parsed document (a descriptor): the namespaces it declares and
 * its comments. */
cckit_signs cckit_signs_of_doc(xmlDocPtr doc);
/* ... the files and resource hrefs a manifest lists. */
cckit_signs cckit_signs_of_listed(const cckit_manifest *m);

/* The producer of the first sign in s ("canvas", static), or NULL. */
const char *cckit_signs_producer(cckit_signs s);
/* The producers s shows, each once, in table order, into out (at most
 * cap); returns how many. */
size_t cckit_signs_producers(cckit_signs s, const char **out, size_t cap);

#endif
