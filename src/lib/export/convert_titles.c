/* convert_titles.c - the loss report in the user's terms: each change
 * named by the title the user sees (of its item, of the first item that
 * shows its resource, or of the resource's descriptor). */
#include "export/export.h"
#include "import/entry_read.h"
#include "tree/tree.h"
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
/* The title a resource's descriptor gives it (<title> under the root:
 * assignment, discussion, web link, LTI link; the title attribute of a
 * QTI assessment), malloc'd, or NULL (with *oom set when memory ran out). */
static char *descriptor_title(cckit_source *src, const cckit_resource *res,
                              const cckit_limits *lim, bool *oom)
{
    if (!src || !res->href)
        return NULL;
    char *path = NULL;
    if (cckit_href_resolve_ex(res->xml_base ? res->xml_base : "", res->href, 0, &path)
            == CCKIT_HREF_NOMEM)
        *oom = true;
    size_t pl = path ? strlen(path) : 0;
    const cckit_entry *e = pl > 4 && !strcasecmp(path + pl - 4, ".xml")
                               ? cckit_source_find(src, path) : NULL;
    free(path);
    xmlDocPtr d = NULL;
    cckit_error err;
    cckit_status st = e ? cckit_xml_read_entry(src, e, lim, &d, &err) : CCKIT_E_NOTFOUND;
    *oom |= st == CCKIT_E_NOMEM;
    if (st != CCKIT_OK)
        return NULL;
    char *title = NULL;
    xmlNodePtr root = xmlDocGetRootElement(d);
    for (xmlNodePtr n = root ? root->children : NULL; n && !title; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *t = NULL;
        if (!strcmp((const char *)n->name, "title"))
            t = xmlNodeGetContent(n);
        else if (!strcmp((const char *)n->name, "assessment"))
            t = xmlGetProp(n, (const xmlChar *)"title");
        if (t && *t && !(title = strdup((const char *)t)))
            *oom = true;
        xmlFree(t);
    }
    xmlFreeDoc(d);
    return title;
}

/* Each change named as the user knows it: by the title of its item, of
 * the first item that shows its resource, or of the resource's
 * descriptor (identifiers are ours or the exporter's, never what a
 * course designer sees). */
bool cckit_convert_name_changes(cckit_loss_report *r, const cckit_manifest *m, cckit_source *src,
                         const cckit_limits *lim)
{
    if (r->n_changes == 0)
        return true;
    cckit_idmap *items = cckit_idmap_new(), *shown = cckit_idmap_new();
    bool ok = items && shown;
    for (const cckit_item *it = m->organization ? m->organization->first_item : NULL; ok && it;
         it = cckit_item_next(it)) {
        bool oom = false;
        if (it->identifier)
            (void)cckit_idmap_put(items, it->identifier, (void *)it, &oom);
        if (it->identifierref && it->title)
            (void)cckit_idmap_put(shown, it->identifierref, (void *)it, &oom);
        if (oom)
            ok = false;
    }
    for (size_t i = 0; ok && i < r->n_changes; i++) {
        cckit_change *c = &r->changes[i];
        const cckit_item *it = c->item ? cckit_idmap_get(items, c->item) : NULL;
        if (!it && c->resource)
            it = cckit_idmap_get(shown, c->resource);
        if (it && it->title && !(c->title = strdup(it->title)))
            ok = false;
        const cckit_resource *res = !it && c->resource ? cckit_manifest_find_resource(m, c->resource)
                                                       : NULL;
        bool oom = false;
        if (res)
            c->title = descriptor_title(src, res, lim, &oom);
        if (oom)
            ok = false;
    }
    cckit_idmap_free(items);
    cckit_idmap_free(shown);
    return ok;
}
