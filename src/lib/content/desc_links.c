/* desc_links.c - the links of a descriptor.  HTML a descriptor holds as
 * text (escaped or CDATA) is read by the page scan of html_deps.c, so a
 * descriptor's links are the ones a page would have; the attributes
 * outside HTML that name package files are listed here. */
#include "content/desc_links.h"
#include <string.h>

static bool is_text_element(const char *nm)
{
    return strcmp(nm, "mattext") == 0 || strcmp(nm, "text") == 0
        || strcmp(nm, "instructor_text") == 0;
}

/* The element and attribute outside HTML that hold a link to a file. */
static const char *link_attr(const char *nm)
{
    static const char *const mat[] = {"matimage", "mataudio", "matvideo", "matapplet",
                                      "matapplication", NULL};
    if (strcmp(nm, "attachment") == 0)
        return "href";
    for (size_t i = 0; mat[i]; i++)
        if (strcmp(nm, mat[i]) == 0)
            return "uri";
    return NULL;
}

/* A link of HTML in an element's text: its line counted from the
 * element's. */
typedef struct offset {
    cckit_dep_fn fn;
    void *ctx;
    unsigned line;
} offset;

static bool at_offset(void *ctx, const char *target, const char *raw, unsigned line,
                      const char *what, bool is_link)
{
    offset *o = ctx;
    return o->fn(o->ctx, target, raw, o->line + (line ? line - 1 : 0), what, is_link);
}

cckit_status cckit_descriptor_links(xmlDocPtr doc, cckit_dep_fn fn, void *ctx, cckit_error *err)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name) {
            const char *nm = (const char *)n->name;
            long ln = xmlGetLineNo(n);
            unsigned line = ln > 0 ? (unsigned)ln : 0;
            const char *attr = link_attr(nm);
            if (attr) {
                xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
                if (!v && xmlHasProp(n, (const xmlChar *)attr))
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                bool go = !v || fn(ctx, NULL, (const char *)v, line, nm, false);
                xmlFree(v);
                if (!go)
                    return CCKIT_OK;
            }
            if (is_text_element(nm)) {
                xmlChar *txt = xmlNodeGetContent(n);
                if (!txt)
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                cckit_status st = CCKIT_OK;
                offset o = { fn, ctx, line ? line : 1 };
                if (strchr((const char *)txt, '<'))
                    st = cckit_html_text_scan((const char *)txt, strlen((const char *)txt), at_offset,
                                              &o, err);
                xmlFree(txt);
                if (st != CCKIT_OK)
                    return st;
            } else if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
    return CCKIT_OK;
}
