/* fix_descriptors.c - repair.order-normalised: the children of an LTI
 * link descriptor put in the order its schema's sequence requires
 * (schemas/common/lti-basiclti.xsd, then cartridge_bundle, cartridge_icon,
 * metadata, then other namespaces).  Nothing is added or removed: each
 * element moves with the white space and comments before it.  The
 * descriptor is written anew (its bytes change, its content does not). */
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "import/entry_read.h"

#define BLTI_NS "http://www.imsglobal.org/xsd/imsbasiclti_v1p0"

static const char *const blti_order[] = {
    "title", "description", "custom", "extensions", "launch_url", "secure_launch_url",
    "icon", "secure_icon", "vendor", NULL
};
static const char *const link_order[] = { "cartridge_bundle", "cartridge_icon", "metadata", NULL };

/* The place of a child of <cartridge_basiclti_link> in the sequence. */
static int rank(xmlNodePtr root, xmlNodePtr n)
{
    const char *ns = n->ns ? (const char *)n->ns->href : "";
    const char *const *order = NULL;
    int base = 0;
    if (strcmp(ns, BLTI_NS) == 0)
        order = blti_order;
    else if (root->ns && n->ns && xmlStrEqual(root->ns->href, n->ns->href))
        order = link_order, base = 9;
    for (int i = 0; order && order[i]; i++)
        if (strcmp((const char *)n->name, order[i]) == 0)
            return base + i;
    return 12;      /* ##other, or an element no sequence has: last, in order */
}

/* Reorder root's element children by rank (stable); true if they moved. */
static bool reorder(xmlNodePtr root, xmlNodePtr *first_out)
{
    size_t n = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        n += c->type == XML_ELEMENT_NODE;
    if (n < 2)
        return false;
    xmlNodePtr *el = calloc(n, sizeof *el);
    if (!el)
        return false;
    size_t k = 0;
    bool sorted = true;
    int last = -1;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            int rk = rank(root, c);
            if (sorted && rk < last)
                *first_out = c;     /* the first element out of its place */
            sorted &= rk >= last;
            last = rk > last ? rk : last;
            el[k++] = c;
        }
    if (sorted) {
        free(el);
        return false;
    }
    /* stable insertion sort by rank */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && rank(root, el[j - 1]) > rank(root, el[j]); j--) {
            xmlNodePtr t = el[j];
            el[j] = el[j - 1];
            el[j - 1] = t;
        }
    /* Each element moves with what precedes it (white space, comments);
     * what follows the last element stays last.  The sibling links are
     * set by hand: libxml2's insertion calls merge adjacent text nodes. */
    size_t total = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        total++;
    xmlNodePtr *order = calloc(total, sizeof *order);
    if (!order) {
        free(el);
        return false;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr start = el[i];
        while (start->prev && start->prev->type != XML_ELEMENT_NODE)
            start = start->prev;
        for (xmlNodePtr c = start; c; c = c->next) {
            order[m++] = c;
            if (c == el[i])
                break;
        }
    }
    xmlNodePtr after = root->last;
    while (after && after->type != XML_ELEMENT_NODE)
        after = after->prev;
    for (xmlNodePtr c = after ? after->next : NULL; c; c = c->next)
        order[m++] = c;
    for (size_t i = 0; i < m; i++) {
        order[i]->prev = i ? order[i - 1] : NULL;
        order[i]->next = i + 1 < m ? order[i + 1] : NULL;
    }
    root->children = order[0];
    root->last = order[m - 1];
    free(order);
    free(el);
    return true;
}

cckit_status cckit_fix_order(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    xmlNodePtr mroot = xmlDocGetRootElement(r->doc);
    const cckit_entry *e0 = cckit_source_entry(r->src, 0);
    for (xmlNodePtr x = mroot; x; x = cckit_rp_next(x)) {
        if (!cckit_rp_is(r, x, "resource"))
            continue;
        char *type = cckit_rp_attr(x, "type");
        cckit_kind k = type ? cckit_kind_of_type(type, NULL) : CCKIT_KIND_UNKNOWN;
        xmlFree(type);
        if (k != CCKIT_KIND_LTI_LINK)
            continue;
        xmlNodePtr f = NULL;
        for (xmlNodePtr c = x->children; c && !f; c = c->next)
            if (cckit_rp_is(r, c, "file"))
                f = c;
        char *href = f ? cckit_rp_attr(f, "href") : NULL;
        xmlChar *b = xmlGetNsProp(x, (const xmlChar *)"base", XML_XML_NAMESPACE);
        char *base = NULL, *path = NULL;
        if (b && *b)
            cckit_href_resolve_ex("", (const char *)b, 0, &base);
        xmlFree(b);
        if (href)
            cckit_href_resolve_ex(base ? base : "", href, 0, &path);
        xmlFree(href);
        free(base);
        const cckit_entry *e = path ? cckit_source_find(r->src, path) : NULL;
        free(path);
        size_t i = e ? (size_t)(e - e0) : 0;
        if (!e || e->is_dir || r->drop[i] || r->repl[i].buf)
            continue;
        xmlDocPtr d = NULL;
        cckit_error perr;
        memset(&perr, 0, sizeof perr);
        if (cckit_xml_read_entry(r->src, e, &r->opt->limits, &d, &perr) != CCKIT_OK)
            continue;       /* unreadable: the validator says why */
        xmlNodePtr root = xmlDocGetRootElement(d);
        xmlNodePtr out = NULL;
        if (root && strcmp((const char *)root->name, "cartridge_basiclti_link") == 0
            && reorder(root, &out)) {
            xmlChar *buf = NULL;
            int len = 0;
            xmlDocDumpFormatMemoryEnc(d, &buf, &len, "UTF-8", 0);
            if (!buf || len <= 0) {
                xmlFree(buf);
                xmlFreeDoc(d);
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            }
            r->repl[i].buf = (char *)buf;
            r->repl[i].len = (size_t)len;
            if (!cckit_rp_fix(r, row, false, e->name, (unsigned)xmlGetLineNo(out),
                              "<%s> stands after an element its schema puts after it: the "
                              "children of <cartridge_basiclti_link> are put in the schema's "
                              "order (title, description, custom, extensions, launch URLs, "
                              "icons, vendor, then the cartridge's elements)",
                              (const char *)out->name)) {
                xmlFreeDoc(d);
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            }
        }
        xmlFreeDoc(d);
    }
    return CCKIT_OK;
}
