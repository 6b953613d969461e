/* inline_links.c - Thin CC 1.4 holds its link descriptors inline in
 * <resource> (spec R68): convert --to thin1.4 moves each converted web
 * link / LTI link into the manifest in place of its <file>.  The reverse
 * (inline to file, for every other target) is convert.c's
 * extract_embedded. */
#include "export/inline_links.h"
#include "content/href.h"
#include "xml/xml_doc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_link_type(xmlNodePtr r)
{
    xmlChar *type = xmlGetProp(r, (const xmlChar *)"type");
    bool link = type && (strcmp((const char *)type, "imswl_xmlv1p4") == 0
                         || strcmp((const char *)type, "imsbasiclti_xmlv1p4") == 0);
    xmlFree(type);
    return link;
}

/* The resource's only <file>, or NULL (none, or several). */
static xmlNodePtr only_file(xmlNodePtr r)
{
    xmlNodePtr file = NULL;
    for (xmlNodePtr k = r->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "file") == 0) {
            if (file)
                return NULL;
            file = k;
        }
    return file;
}

/* The package path of file/@href under the xml:base of resources and
 * resource; malloc'd, NULL if it does not resolve (*oom set when memory
 * ran out). */
static char *file_path(xmlNodePtr resources, xmlNodePtr r, xmlNodePtr file, bool *oom)
{
    xmlChar *sbase = xmlGetNsProp(resources, (const xmlChar *)"base", XML_XML_NAMESPACE);
    xmlChar *rbase = xmlGetNsProp(r, (const xmlChar *)"base", XML_XML_NAMESPACE);
    xmlChar *href = xmlGetProp(file, (const xmlChar *)"href");
    char base[4096];
    snprintf(base, sizeof base, "%s%s", sbase ? (const char *)sbase : "",
             rbase ? (const char *)rbase : "");
    char *path = NULL;
    if (href && cckit_href_resolve_ex(base, (const char *)href, 0, &path) == CCKIT_HREF_NOMEM)
        *oom = true;
    xmlFree(sbase);
    xmlFree(rbase);
    xmlFree(href);
    return path;
}

cckit_status cckit_inline_links(xmlDocPtr mres, const cckit_limits *lim,
                                cckit_inline_find_fn find, cckit_inline_done_fn done,
                                void *ctx, cckit_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(mres);
    for (xmlNodePtr sec = root ? root->children : NULL; sec; sec = sec->next) {
        if (sec->type != XML_ELEMENT_NODE || strcmp((const char *)sec->name, "resources"))
            continue;
        for (xmlNodePtr r = sec->children; r; r = r->next) {
            if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "resource")
                || !is_link_type(r))
                continue;
            xmlNodePtr file = only_file(r);
            bool oom = false;
            char *path = file ? file_path(sec, r, file, &oom) : NULL;
            size_t len = 0;
            const char *data = path ? find(ctx, path, &len) : NULL;
            xmlDocPtr d = NULL;
            cckit_error perr;
            cckit_status rst = data ? cckit_xml_read_memory(data, len, path, lim, &d, &perr)
                                    : CCKIT_E_NOTFOUND;
            if (oom || rst == CCKIT_E_NOMEM) {
                free(path);
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            }
            if (rst != CCKIT_OK) {
                free(path);     /* not converted here: stays a file */
                continue;
            }
            xmlNodePtr droot = xmlDocGetRootElement(d);
            xmlNodePtr copy = droot ? xmlDocCopyNode(droot, mres, 1) : NULL;
            xmlFreeDoc(d);
            if (!copy) {
                free(path);
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            }
            xmlReplaceNode(file, copy);
            xmlFreeNode(file);
            xmlReconciliateNs(mres, copy);
            xmlChar *id = xmlGetProp(r, (const xmlChar *)"identifier");
            bool ok = done(ctx, path, (const char *)id);
            xmlFree(id);
            free(path);
            if (!ok)
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
    }
    return CCKIT_OK;
}
