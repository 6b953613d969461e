/* convert_xsl.h - convert's stylesheets (convert_xsl.c).  Not installed. */
#ifndef CCKIT_CONVERT_XSL_H
#define CCKIT_CONVERT_XSL_H

#include "base/internal.h"
#include <libxml/tree.h>

enum { XSL_MANIFEST, XSL_DISCUSSION, XSL_WEBLINK, XSL_LTI, XSL_QTI, XSL_ASSIGNMENT, XSL_COUNT };
extern const char *const cckit_conv_xsl_files[XSL_COUNT];

/* Compile the stylesheets of folder `given` (NULL: $CCKIT_XSL_DIR or the
 * installed ones), unless that folder's are loaded already. */
cckit_status cckit_conv_xsl_load(const char *given, cckit_error *err);
/* Run sheet i on doc with parameters to and thin (and present, for the
 * manifest's, when not NULL): a new document, or NULL with err filled
 * (its message names `name`).  Thread-safe. */
xmlDocPtr cckit_conv_xsl_run(int i, xmlDocPtr doc, const char *to, bool thin,
                             const char *present, const char *name, cckit_error *err);
/* manifest.xsl's parameter "present" for doc, into buf (64 bytes are
 * enough): "" when it is to look itself (convert_xsl.c says why). */
void cckit_conv_manifest_present(xmlDocPtr doc, char *buf, size_t size);
/* res serialized as sheet i says (xsl:output): *buf is xmlFree'd. */
cckit_status cckit_conv_xsl_serialize(int i, xmlDocPtr res, char **buf, size_t *len,
                                      const char *name, cckit_error *err);
/* Which stylesheet a descriptor's root namespace calls for, or -1. */
int cckit_conv_sheet_for(const char *ns, cckit_cc_version to);

#endif
