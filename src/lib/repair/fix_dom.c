/* fix_dom.c - the DOM helpers the fixes share: walking the manifest's
 * elements, attributes, removing a node with its indentation, and the
 * two kinds of finding a fix adds (a change, or a change declined). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "import/entry_read.h"

bool cckit_rp_is(const cckit_rp *r, xmlNodePtr n, const char *name)
{
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
        return false;
    const xmlChar *want = root && root->ns ? root->ns->href : NULL;
    const xmlChar *have = n->ns ? n->ns->href : NULL;
    return want == have || (want && have && xmlStrEqual(want, have));
}

xmlNodePtr cckit_rp_next(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return cckit_rp_skip(n);
}

xmlNodePtr cckit_rp_skip(xmlNodePtr n)
{
    for (; n; n = n->parent) {
        for (xmlNodePtr s = n->next; s; s = s->next)
            if (s->type == XML_ELEMENT_NODE)
                return s;
        if (n->parent && n->parent->type != XML_ELEMENT_NODE)
            return NULL;
    }
    return NULL;
}

const cckit_entry *cckit_rp_first_file(cckit_rp *r, xmlNodePtr res)
{
    xmlNodePtr f = NULL;
    for (xmlNodePtr c = res->children; c && !f; c = c->next)
        if (cckit_rp_is(r, c, "file"))
            f = c;
    return f ? cckit_rp_file_entry(r, res, f) : NULL;
}

const cckit_entry *cckit_rp_file_entry(cckit_rp *r, xmlNodePtr res, xmlNodePtr f)
{
    char *href = cckit_rp_attr(f, "href");
    if (!href)
        return NULL;
    xmlChar *b = xmlGetNsProp(res, (const xmlChar *)"base", XML_XML_NAMESPACE);
    char *base = NULL, *path = NULL;
    if (b && *b && cckit_href_resolve_ex("", (const char *)b, 0, &base) == CCKIT_HREF_NOMEM)
        r->oom = true;  /* "no such file" would be a wrong answer */
    xmlFree(b);
    if (cckit_href_resolve_ex(base ? base : "", href, 0, &path) == CCKIT_HREF_NOMEM)
        r->oom = true;
    xmlFree(href);
    free(base);
    const cckit_entry *e = path ? cckit_source_find(r->src, path) : NULL;
    free(path);
    return e && !e->is_dir ? e : NULL;
}

char *cckit_rp_attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

const char *cckit_rp_res_id(const cckit_rp *r, xmlNodePtr n)
{
    for (; n; n = n->parent)
        if (cckit_rp_is(r, n, "resource")) {
            xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)"identifier", NULL);
            return a && a->children && a->children->content ? (const char *)a->children->content
                                                            : NULL;
        }
    return NULL;
}

void cckit_rp_unlink(xmlNodePtr n)
{
    xmlNodePtr prev = n->prev;
    if (prev && prev->type == XML_TEXT_NODE && xmlIsBlankNode(prev)) {
        xmlUnlinkNode(prev);
        xmlFreeNode(prev);
    }
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

xmlDocPtr cckit_rp_desc(cckit_rp *r, const cckit_entry *e, bool *oom)
{
    size_t i = (size_t)(e - cckit_source_entry(r->src, 0));
    if (e->is_dir || r->drop[i])
        return NULL;
    if (r->ddoc[i])
        return r->ddoc[i];
    xmlDocPtr d = NULL;
    cckit_error perr;
    memset(&perr, 0, sizeof perr);
    cckit_status st = cckit_xml_read_entry(r->src, e, &r->opt->limits, &d, &perr);
    if (st == CCKIT_E_NOMEM)
        *oom = true;
    return st == CCKIT_OK ? d : NULL;
}

void cckit_rp_desc_done(cckit_rp *r, const cckit_entry *e, xmlDocPtr d, bool changed)
{
    if (!d || !e)
        return;
    size_t i = (size_t)(e - cckit_source_entry(r->src, 0));
    if (r->ddoc[i] == d)
        return;
    if (changed)
        r->ddoc[i] = d;
    else
        xmlFreeDoc(d);
}

static bool add(cckit_diags *d, cckit_severity sev, const cckit_rule *row, const char *file,
                unsigned line, const char *fmt, va_list ap)
{
    char msg[2048];     /* a message names a few identifiers and hrefs */
    vsnprintf(msg, sizeof msg, fmt, ap);
    return cckit_diags_add_rule(d, sev, row, file, line, "%s", msg);
}

bool cckit_rp_add(cckit_diags *d, const cckit_rule *row, bool loss, const char *file,
                  unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = add(d, loss ? CCKIT_SEV_WARNING : CCKIT_SEV_INFO, row, file, line, fmt, ap);
    va_end(ap);
    return ok;
}

bool cckit_rp_fix(cckit_rp *r, const cckit_rule *row, bool loss, const char *file,
                  unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = add(&r->rep->fixes, loss ? CCKIT_SEV_WARNING : CCKIT_SEV_INFO, row, file, line,
                  fmt, ap);
    va_end(ap);
    if (loss)
        r->rep->losses++;
    return ok;
}

bool cckit_rp_decline(cckit_rp *r, const char *file, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = add(&r->rep->declined, CCKIT_SEV_WARNING,
                  cckit_rule_in(cckit_rules_repair, "repair.not-repaired"), file, line, fmt, ap);
    va_end(ap);
    return ok;
}

/* The package folder a resource's hrefs are relative to (its xml:base,
 * as the validator reads it), malloc'ed; NULL when it is unusable. */
char *cckit_rp_res_base(cckit_rp *r, xmlNodePtr res)
{
    xmlChar *b = xmlGetNsProp(res, (const xmlChar *)"base", XML_XML_NAMESPACE);
    char *out = NULL;
    cckit_href_status st = CCKIT_HREF_EMPTY;
    if (b && *b)
        st = cckit_href_resolve_ex("", (const char *)b, 0, &out);
    xmlFree(b);
    if ((st == CCKIT_HREF_OK || st == CCKIT_HREF_EMPTY) && !out)
        out = strdup("");
    if (st == CCKIT_HREF_NOMEM || ((st == CCKIT_HREF_OK || st == CCKIT_HREF_EMPTY) && !out))
        r->oom = true;
    if (st != CCKIT_HREF_OK && st != CCKIT_HREF_EMPTY) {
        free(out);
        return NULL;
    }
    return out;
}
