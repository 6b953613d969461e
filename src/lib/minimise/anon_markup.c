/* anon_markup.c - minimise's anonymiser over XML documents (the
 * manifest, descriptors): every element and attribute name, namespace
 * and vocabulary value the validator reads is kept; titles, text,
 * identifiers and links are replaced through anon.c, HTML held in text
 * through anon_html.c.  Parsing is libxml2's, through the hardened set-up
 * of xml/ (no network, no DTD, no entities). */
#include "minimise/anon.h"
#include "xml/xml_doc.h"
#include <stdlib.h>
#include <string.h>

/* Attribute values that are vocabulary, kept as written. */
static const char *const keep_attrs[] = {
    "type", "structure", "intendeduse", "version", "texttype", "rcardinality", "rtiming",
    "cardinality", "action", "varname", "vartype", "scoremodel", "shuffle", "continue", "case",
    "lang", "language", "protected", "access", "import", "target", "name", "mimetype",
    "format", "scope", "view", "isvisible", "platform", "minnumber", "maxnumber",
    "fieldlabel", "feedbacktype", "linkrefid_type", "required", "width", "height",
    "rel", "charset", "http-equiv", "dir", "method", "colspan", "rowspan", "align", "valign",
    "border", "role", "media", "xmlns", "encoding", "standalone", NULL
};
/* Attribute values that are links. */
static const char *const url_attrs[] = { "href", "src", "base", "url", "uri", "data", "poster",
                                         "action_url", "cartridge_icon", NULL };
/* Elements whose text is vocabulary, kept as written. */
static const char *const keep_text[] = { "schema", "schemaversion", "source", "value",
                                         "language", "fieldlabel", "format", "fieldentry", NULL };
/* fieldentry is kept only after these fieldlabels (QTI metadata vocabulary). */
static const char *const keep_fieldlabels[] = {
    "cc_profile", "qmd_itemtype", "qmd_scoretype", "qmd_timelimit", "cc_maxattempts",
    "cc_weighting", "qmd_computerscored", "qmd_absolutescore_max", "qmd_feedbackpermitted",
    "qmd_hintspermitted", "qmd_solutionspermitted", "qmd_renderingtype", "qmd_typeofsolution",
    "qmd_levelofdifficulty", "qmd_status", "qmd_toolvendor", "qmd_assessmenttype",
    "qmd_scoringpermitted", "cc_allow_late_submission", NULL
};
/* Elements whose text is a link. */
static const char *const url_text[] = { "launch_url", "secure_launch_url", "icon", "secure_icon",
                                        "url", NULL };

static bool in(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static bool ok_or_oom(cckit_anon *a, char *s)
{
    (void)a;
    return s != NULL;
}

static char *html_fragment(cckit_anon *a, const char *s);

/* ---- XML ------------------------------------------------------------ */

static bool keep_fieldentry(xmlNodePtr el)
{
    for (xmlNodePtr p = el->prev; p; p = p->prev) {
        if (p->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)p->name, "fieldlabel") != 0)
            return false;
        xmlChar *t = xmlNodeGetContent(p);
        bool k = t && in(keep_fieldlabels, (const char *)t);
        xmlFree(t);
        return k;
    }
    return false;
}

static bool xml_text(cckit_anon *a, xmlNodePtr t)
{
    xmlNodePtr el = t->parent;
    const char *s = (const char *)t->content;
    if (s == NULL || s[strspn(s, " \t\r\n")] == '\0')
        return true;
    const char *en = el && el->type == XML_ELEMENT_NODE ? (const char *)el->name : "";
    if (in(keep_text, en) && (strcmp(en, "fieldentry") != 0 || keep_fieldentry(el)))
        return true;
    char *r;
    if (in(url_text, en))
        r = cckit_anon_url(a, s);
    else if (strchr(s, '<') != NULL)
        r = html_fragment(a, s);   /* markup kept byte for byte, words replaced */
    else
        r = cckit_anon_text(a, s);
    if (!ok_or_oom(a, r))
        return false;
    xmlNodeSetContentLen(t, NULL, 0);
    xmlNodeAddContent(t, (const xmlChar *)r);
    free(r);
    return true;
}

static bool xml_attr(cckit_anon *a, xmlNodePtr el, xmlAttrPtr at)
{
    const char *an = (const char *)at->name;
    const char *ns = at->ns && at->ns->href ? (const char *)at->ns->href : NULL;
    bool xml_ns = ns && strcmp(ns, "http://www.w3.org/XML/1998/namespace") == 0;
    if ((ns && !xml_ns) || (xml_ns && strcmp(an, "base") != 0) || in(keep_attrs, an))
        return true;   /* xsi:*, xml:lang, vocabulary */
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)at);
    if (v == NULL)
        return true;
    /* a manifest's <file href> and <resource href> name files: '#' and
     * '?' are part of the name there, as the validator reads them */
    const char *en = (const char *)el->name;
    bool file_href = strcmp(an, "href") == 0 &&
                     (strcmp(en, "file") == 0 || strcmp(en, "resource") == 0);
    char *r = file_href || xml_ns ? cckit_anon_href(a, (const char *)v)
              : in(url_attrs, an) ? cckit_anon_url(a, (const char *)v)
                                  : cckit_anon_text(a, (const char *)v);
    xmlFree(v);
    if (!ok_or_oom(a, r))
        return false;
    xmlSetNsProp(el, at->ns, at->name, (const xmlChar *)r);
    free(r);
    return true;
}

static bool xml_walk(cckit_anon *a, xmlNodePtr n)
{
    /* iterative: depth is bounded by the parser, but no recursion at all */
    xmlNodePtr root = n;
    while (n) {
        xmlNodePtr next_sib = n->next;
        if (n->type == XML_ELEMENT_NODE) {
            for (xmlAttrPtr at = n->properties; at; at = at->next)
                if (!xml_attr(a, n, at))
                    return false;
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!xml_text(a, n))
                return false;
        } else if (n->type == XML_COMMENT_NODE) {
            xmlNodeSetContent(n, (const xmlChar *)" ");
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == root)
            break;
        n = n->next;
        (void)next_sib;
    }
    return true;
}

static bool dup_out(const void *p, size_t len, char **out, size_t *n)
{
    *out = malloc(len + 1);
    if (*out == NULL)
        return false;
    memcpy(*out, p, len);
    (*out)[len] = '\0';
    *n = len;
    return true;
}

cckit_status cckit_anon_xml(cckit_anon *a, const char *buf, size_t len, const char *name,
                            const cckit_limits *lim, char **out, size_t *n, cckit_error *err)
{
    xmlDocPtr doc = NULL;
    cckit_status st = cckit_xml_read_memory(buf, len, name, lim, &doc, err);
    if (st == CCKIT_E_XML) {
        static const char broken[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<broken>\n";
        memset(err, 0, sizeof *err);
        return dup_out(broken, sizeof broken - 1, out, n)
                   ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    if (st != CCKIT_OK)
        return st;
    bool ok = true;
    for (xmlNodePtr c = doc->children; c && ok; c = c->next)
        ok = xml_walk(a, c);
    xmlChar *mem = NULL;
    int size = 0;
    if (ok)
        xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
    xmlFreeDoc(doc);
    ok = ok && mem != NULL && dup_out(mem, (size_t)size, out, n);
    xmlFree(mem);
    return ok && !cckit_anon_oom(a) ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* HTML held in a descriptor's text (QTI mattext, a discussion's text). */
static char *html_fragment(cckit_anon *a, const char *s)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    cckit_strbuf_adds(&b, "");
    cckit_anon_markup(a, s, strlen(s), &b);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
