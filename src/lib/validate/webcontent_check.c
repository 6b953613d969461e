/* webcontent_check.c - web content whose href is a CC descriptor.
 *
 * A web content resource is opened by the LMS as a page: when its href
 * is the XML descriptor of a discussion, web link, LTI link, QTI test or
 * assignment (a converter that turned an assignment into web content
 * but kept its assignment.xml as href), the learner gets raw XML and the
 * activity is lost.  The href's file is parsed (safely, like every XML)
 * only when its name ends in .xml; its root element decides. */
#include "validate/validate.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The kind of CC descriptor a root element is, or NULL. */
static const char *descriptor_kind(xmlNodePtr root)
{
    static const struct { const char *local, *ns_part, *kind; } roots[] = {
        {"topic", "imsdt", "discussion topic"},
        {"webLink", "imswl", "web link"},
        {"cartridge_basiclti_link", "imslticc", "LTI link"},
        {"questestinterop", "ims_qtiasi", "QTI assessment or question bank"},
        {"assignment", "imscc_extensions/assignment", "assignment"},
    };
    const char *ns = root && root->ns ? (const char *)root->ns->href : NULL;
    if (!ns)
        return NULL;
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
        if (strcmp((const char *)root->name, roots[i].local) == 0 && strstr(ns, roots[i].ns_part))
            return roots[i].kind;
    return NULL;
}

void cckit_check_webcontent_hrefs(cckit_vctx *v)
{
    const cckit_manifest *m = v->m;
    if (!m || !v->src)
        return;
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        if (r->kind != CCKIT_KIND_WEBCONTENT || !r->href)
            continue;
        size_t n = strlen(r->href);
        if (n < 4 || strcasecmp(r->href + n - 4, ".xml") != 0)
            continue;
        char *path = NULL;
        cckit_href_status hs = cckit_href_resolve_ex(r->xml_base ? r->xml_base : "", r->href, 0, &path);
        if (hs != CCKIT_HREF_OK) {
            if (hs == CCKIT_HREF_NOMEM)
                cckit_vnomem(v);
            free(path);
            continue;
        }
        const cckit_entry *e = cckit_source_find(v->src, path);
        xmlDocPtr doc = NULL;
        cckit_error err;
        /* a file that cannot be read is the reading checks' finding */
        cckit_status st = e ? cckit_xml_read_entry(v->src, e, &v->opt->limits, &doc, &err)
                            : CCKIT_E_NOTFOUND;
        cckit_vnomem_if(v, st);
        if (st == CCKIT_OK) {
            const char *kind = descriptor_kind(xmlDocGetRootElement(doc));
            if (kind)
                cckit_vreport(v, "descriptor.as-webcontent", NULL, r->pos.line,
                              "web content resource \"%s\" opens '%s', which is the XML descriptor of "
                              "a %s: the LMS shows the learner raw XML instead of the %s",
                              r->identifier ? r->identifier : "", path, kind, kind);
            xmlFreeDoc(doc);
        }
        free(path);
    }
}
