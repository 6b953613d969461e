/* rules_descriptor.c - rules of discussion, web link, LTI link and
 * assignment descriptors beyond their XSDs: R50, R52-R55 of the
 * reference (spec.md §2.2-2.3, §4.5; CC 1.1 Implementation §4.7-4.9;
 * the assignment extension XSD).
 *
 * Called once per descriptor after it was parsed and schema-checked.
 * Elements are matched by local name: CC 1.0 DT/WL children are in no
 * namespace, later versions qualify them, LTI children live in the
 * imsbasiclti/imslticp namespaces; the XSD check already judged the
 * namespaces.  Whether links resolve is link_check.c's business: here
 * only their form.
 *
 * Lenient mode warns where real exporters deviate and LMSes still
 * import (Canvas writes LTI links without <vendor> and
 * gradable points_possible="..."); strict mode reports the
 * specification. */
#include "validate/validate.h"
#include <stdlib.h>
#include <string.h>

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO

#define LENIENT_HINT " Lenient mode warns instead of failing because real exports do this and LMSes import them."

const cckit_rule cckit_rules_descriptor[] = {
    /* webcontent_check.c: a web page that is a descriptor */
    {"descriptor.as-webcontent", NULL, E, E, "CC 1.1 Implementation §4.4.5 (web content href: the file "
     "the LMS opens); spec table 2.2 (descriptor types)",
     "the href of web content is a page or file a learner can open, not a CC descriptor (discussion, "
     "web link, LTI link, QTI, assignment XML)",
     "give the resource the type of its descriptor (e.g. assignment_xmlv1p0 in CC 1.3), or make its href "
     "an HTML page"},
    /* R50: discussion topic and web link */
    {"descriptor.texttype", "R50", E, W, "CC DT/assignment XSDs (texttype); CC 1.1 Implementation §4.7",
     "text texttype is text/plain or text/html", "set texttype to text/plain or text/html." LENIENT_HINT},
    {"descriptor.text-html", "R50", E, W, "CC 1.1 Implementation §4.7",
     "text holding HTML markup is marked texttype=\"text/html\"",
     "set texttype=\"text/html\" on text that holds HTML, or escape the markup." LENIENT_HINT},
    {"descriptor.attachment-href", "R50", E, W, "CC 1.1 Implementation §4.7.1",
     "attachment hrefs are relative paths into the topic's own associated content",
     "write attachment hrefs relative to the descriptor, inside the package (no URL, no leading '/', no '..' "
     "out of the package)." LENIENT_HINT},
    {"descriptor.weblink-url", "R50", E, W, "CC WL XSD (url/@href); CC 1.1 Implementation §4.8",
     "a web link's url/@href is an absolute URL",
     "write the full URL with its scheme, e.g. https://example.org/page. Lenient mode warns: importers keep the "
     "text as it is."},
    /* R52/R53: Basic LTI link */
    {"lti.launch-url", "R53", E, E, "CC 1.1 Implementation §4.9; imsbasiclti_v1p0p1.xsd",
     "an LTI link has a launch_url or a secure_launch_url",
     "add <blti:launch_url> or <blti:secure_launch_url> with the tool's launch URL: without one the link cannot "
     "be launched"},
    {"lti.vendor", "R53", E, W, "imsbasiclti_v1p0p1.xsd, imslticp_v1p0.xsd",
     "an LTI link has <vendor> with non-empty <code> and <name>",
     "add <blti:vendor><lticp:code>...</lticp:code><lticp:name>...</lticp:name></blti:vendor>. Lenient mode "
     "warns: Canvas exports LTI links without vendor and every LMS imports them."},
    {"lti.extensions-platform", "R53", W, W, "CC 1.1 Implementation §4.9",
     "every <extensions> block names its platform",
     "add platform=\"...\" (e.g. canvas.instructure.com) so consumers know whose extension it is"},
    {"lti.icon", "R52", E, E, "CC 1.1 Implementation §3.4.6, §4.9",
     "cartridge_icon/@identifierref names a resource of the manifest",
     "make identifierref name the resource holding the icon, or drop cartridge_icon"},
    {"lti.icon-dependency", "R52", E, W, "CC 1.1 Implementation §3.4.6, §4.9",
     "the LTI resource depends on the resource holding its icon",
     "add <dependency identifierref=\"ICON_RESOURCE\"/> to the LTI link's resource." LENIENT_HINT},
    {"lti.dependency", "R52", E, W, "CC 1.1 Implementation §4.4.12, §4.9",
     "an LTI resource depends on nothing but its icon's resource",
     "remove dependencies other than the one on the icon resource." LENIENT_HINT},
    /* R54: assignment extension */
    {"assignment.identifier", "R54", E, E, "CC assignment extension XSD (assignment/@identifier)",
     "<assignment> carries a non-empty identifier", "add identifier=\"...\" (an xs:ID) to <assignment>"},
    {"assignment.gradable-attribute", "R54", E, W, "CC assignment extension XSD (gradable: xs:boolean)",
     "<gradable> is a plain boolean without attributes",
     "drop points_possible and other attributes from <gradable>; points live in tool extensions. Lenient mode "
     "warns: Canvas and Pressbooks write gradable points_possible=\"...\" and Canvas imports it."},
    {"assignment.gradable-value", "R54", E, W, "CC assignment extension XSD (gradable: xs:boolean)",
     "<gradable> is true, false, 1 or 0", "write <gradable>true</gradable> or <gradable>false</gradable>." LENIENT_HINT},
    /* R55 */
    {"descriptor.not-profiled", "R55", I, I, "CC 1.3 Overview §7; Canvas importer",
     "EPUB 3, APIP and IWB resources are carried as packages, not profiled further",
     "nothing to fix: cckit does not look inside these packages; Canvas skips them on import"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */


static const char *ln(const cckit_vctx *v, const char *why)
{
    static char buf[256];
    if (v->strict)
        return "";
    snprintf(buf, sizeof buf, " (lenient: %s)", why);
    return buf;
}

static bool named(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}


/* Trimmed text of n (text and CDATA children only), truncated. */
static const char *text(xmlNodePtr n, char *buf, size_t size)
{
    size_t k = 0;
    for (xmlNodePtr c = n ? n->children : NULL; c && k + 1 < size; c = c->next) {
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
            continue;
        size_t len = strlen((const char *)c->content);
        if (len > size - 1 - k)
            len = size - 1 - k;
        memcpy(buf + k, c->content, len);
        k += len;
    }
    buf[k] = 0;
    size_t s = strspn(buf, " \t\r\n");
    while (k > s && strchr(" \t\r\n", buf[k - 1]))
        buf[--k] = 0;
    memmove(buf, buf + s, k - s + 1);
    return buf;
}


/* texttype and HTML-in-plain-text of one <text>/<instructor_text>. */
static void check_text(cckit_vctx *v, const char *entry, xmlNodePtr t, const char *what)
{
    if (!t)
        return;
    const char *tt = cckit_dom_attr(t, "texttype");
    if (tt && strcmp(tt, "text/plain") != 0 && strcmp(tt, "text/html") != 0) {
        cckit_vreport(v, "descriptor.texttype", entry, cckit_dom_line(t), "%s: <%s> texttype=\"%.40s\"; only text/plain "
                      "and text/html are allowed%s", what, (const char *)t->name, tt, ln(v, "importers read it as text"));
        return;
    }
    if (!tt || strcmp(tt, "text/plain") == 0) {
        char buf[8192];
        if (cckit_text_looks_html(text(t, buf, sizeof buf)))
            cckit_vreport(v, "descriptor.text-html", entry, cckit_dom_line(t), "%s: <%s> holds HTML markup but texttype is "
                          "%s%s", what, (const char *)t->name, tt ? "text/plain" : "unset (text/plain)",
                          ln(v, "importers show the markup as text or render it"));
    }
}

/* Attachment hrefs: relative, inside the package (R50, also assignments). */
static void check_attachments(cckit_vctx *v, const char *entry, xmlNodePtr root, const char *what)
{
    char *dir = cckit_href_dirname(entry);
    if (!dir) {   /* resolved against the root instead, hrefs would mislead */
        cckit_vnomem(v);
        return;
    }
    for (xmlNodePtr a = child(child(root, "attachments"), "attachment"); a; a = a->next) {
        if (!named(a, "attachment"))
            continue;
        const char *href = cckit_dom_attr(a, "href");
        if (!href)
            continue;
        char *out = NULL;
        cckit_href_status st = cckit_vresolve(v, dir, href, 0, &out);
        free(out);
        if (st == CCKIT_HREF_URL || st == CCKIT_HREF_ABSOLUTE || st == CCKIT_HREF_ESCAPES || st == CCKIT_HREF_EMPTY
            || st == CCKIT_HREF_BACKSLASH)
            cckit_vreport(v, "descriptor.attachment-href", entry, cckit_dom_line(a), "%s: attachment href \"%.200s\" is "
                          "not a relative path inside the package (%s)%s", what, href, cckit_href_status_str(st),
                          ln(v, "importers fetch what they can"));
    }
    free(dir);
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */

/* R50: discussion topic descriptor facts beyond the DT XSD. */
static void check_r50_discussion(cckit_vctx *v, const char *entry, xmlNodePtr root)
{
    check_text(v, entry, child(root, "text"), "discussion topic");
    check_attachments(v, entry, root, "discussion topic");
}

/* R50: web link descriptor facts beyond the WL XSD. */
static void check_r50_weblink(cckit_vctx *v, const char *entry, xmlNodePtr root)
{
    xmlNodePtr url = child(root, "url");
    const char *href = url ? cckit_dom_attr(url, "href") : NULL;
    if (!url || !href)
        return; /* the XSD reports a missing url/href */
    size_t s = strspn(href, " \t\r\n");
    if (!href[s] || !cckit_href_has_scheme(href + s) || strncmp(href + s, "javascript:", 11) == 0)
        cckit_vreport(v, "descriptor.weblink-url", entry, cckit_dom_line(url), "web link: url href \"%.200s\" is not an "
                      "absolute URL%s", href, ln(v, "importers keep the text as it is"));
}

/* R52: the icon resource resolves and is the LTI resource's only dependency. */
static void check_r52_lti_icon(cckit_vctx *v, const cckit_resource *r, const char *entry, xmlNodePtr root)
{
    xmlNodePtr icon = child(root, "cartridge_icon");
    const char *ref = icon ? cckit_dom_attr(icon, "identifierref") : NULL;
    const cckit_resource *ir = NULL;
    if (ref && v->m) {
        ir = cckit_manifest_find_resource(v->m, ref);
        if (!ir)
            cckit_vreport(v, "lti.icon", entry, cckit_dom_line(icon), "LTI link %s: cartridge_icon identifierref \"%.80s\" "
                          "names no resource", r && r->identifier ? r->identifier : "?", ref);
    }
    if (!r)
        return;
    bool has_icon_dep = false;
    for (size_t i = 0; i < r->n_deps; i++) {
        const char *d = r->deps[i].identifierref;
        if (ref && d && strcmp(d, ref) == 0)
            has_icon_dep = true;
        else
            cckit_vreport(v, "lti.dependency", v->m ? v->m->file : NULL, r->deps[i].pos.line,
                          "LTI link %s depends on %.80s, which is not its cartridge_icon resource%s",
                          r->identifier ? r->identifier : "?", d ? d : "?",
                          ln(v, "importers ignore the dependency"));
    }
    if (ir && !has_icon_dep)
        cckit_vreport(v, "lti.icon-dependency", v->m ? v->m->file : NULL, r->pos.line, "LTI link %s uses icon "
                      "resource %.80s but has no dependency on it%s", r->identifier ? r->identifier : "?", ref,
                      ln(v, "importers find the icon by identifierref"));
}

/* R53: launch URL, vendor, extensions platform. */
static void check_r53_lti_descriptor(cckit_vctx *v, const cckit_resource *r, const char *entry, xmlNodePtr root)
{
    const char *id = r && r->identifier ? r->identifier : "?";
    char buf[512];
    xmlNodePtr lu = child(root, "launch_url"), slu = child(root, "secure_launch_url");
    bool has_lu = lu && text(lu, buf, sizeof buf)[0];
    bool has_slu = slu && text(slu, buf, sizeof buf)[0];
    if (!has_lu && !has_slu)
        cckit_vreport(v, "lti.launch-url", entry, cckit_dom_line(root), "LTI link %s has neither launch_url nor "
                      "secure_launch_url", id);
    xmlNodePtr vendor = child(root, "vendor");
    if (!vendor) {
        cckit_vreport(v, "lti.vendor", entry, cckit_dom_line(root), "LTI link %s has no <vendor>%s", id,
                      ln(v, "Canvas exports LTI links without vendor"));
    } else {
        xmlNodePtr code = child(vendor, "code"), name = child(vendor, "name");
        bool ok_code = code && text(code, buf, sizeof buf)[0];
        bool ok_name = name && text(name, buf, sizeof buf)[0];
        if (!ok_code || !ok_name)
            cckit_vreport(v, "lti.vendor", entry, cckit_dom_line(vendor), "LTI link %s: <vendor> lacks a non-empty %s%s", id,
                          !ok_code && !ok_name ? "<code> and <name>" : !ok_code ? "<code>" : "<name>",
                          ln(v, "importers do not need the vendor"));
    }
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (named(c, "extensions") && !(cckit_dom_attr(c, "platform") && cckit_dom_attr(c, "platform")[0]))
            cckit_vreport(v, "lti.extensions-platform", entry, cckit_dom_line(c), "LTI link %s: <extensions> without "
                          "platform", id);
}

/* R54: assignment identifier and plain boolean gradable. */
static void check_r54_assignment(cckit_vctx *v, const char *entry, xmlNodePtr root)
{
    const char *id = cckit_dom_attr(root, "identifier");
    if (!id || !id[strspn(id, " \t\r\n")])
        cckit_vreport(v, "assignment.identifier", entry, cckit_dom_line(root), "<assignment> has no identifier");
    const char *who = id && *id ? id : "?";
    check_text(v, entry, child(root, "text"), "assignment");
    check_text(v, entry, child(root, "instructor_text"), "assignment");
    check_attachments(v, entry, root, "assignment");
    xmlNodePtr g = child(root, "gradable");
    if (!g)
        return;
    if (g->properties) {
        const char *an = (const char *)g->properties->name;
        const char *av = cckit_dom_attr(g, an);
        cckit_vreport(v, "assignment.gradable-attribute", entry, cckit_dom_line(g), "assignment %s: <gradable> has "
                      "attribute %s=\"%.40s\"; it must be a plain boolean%s", who, an, av ? av : "",
                      ln(v, "Canvas and Pressbooks write points_possible here"));
    }
    char buf[64];
    text(g, buf, sizeof buf);
    if (strcmp(buf, "true") != 0 && strcmp(buf, "false") != 0 && strcmp(buf, "1") != 0 && strcmp(buf, "0") != 0)
        cckit_vreport(v, "assignment.gradable-value", entry, cckit_dom_line(g), "assignment %s: <gradable> is \"%.40s\"; "
                      "it must be true, false, 1 or 0%s", who, buf, ln(v, "importers read it as not gradable"));
}

/* R55: EPUB 3, APIP and IWB packages (1.3), open video and QTI 3
 * packages (1.4) are not profiled further. */
static void check_r55_not_profiled(cckit_vctx *v, const cckit_resource *r, const char *entry)
{
    const char *what = r->kind == CCKIT_KIND_EPUB ? "an EPUB"
                     : r->kind == CCKIT_KIND_APIP ? "an APIP"
                     : r->kind == CCKIT_KIND_IWB ? "an IWB"
                     : r->kind == CCKIT_KIND_OPEN_VIDEO ? "an open video"
                     : r->kind == CCKIT_KIND_QTI3 ? "a QTI 3" : "a";
    cckit_vreport(v, "descriptor.not-profiled", entry ? entry : (v->m ? v->m->file : NULL),
                  entry ? 0 : r->pos.line, "resource %s (%s) is %s package: not profiled further; Canvas skips "
                  "it on import", r->identifier ? r->identifier : "?", r->type ? r->type : "?", what);
}

void cckit_check_descriptor(cckit_vctx *v, const cckit_resource *r, const char *entry, xmlDocPtr doc)
{
    if (r && (r->kind == CCKIT_KIND_EPUB || r->kind == CCKIT_KIND_APIP || r->kind == CCKIT_KIND_IWB
              || r->kind == CCKIT_KIND_OPEN_VIDEO || r->kind == CCKIT_KIND_QTI3)) {
        check_r55_not_profiled(v, r, entry);
        return;
    }
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root)
        return;
    /* Dispatch on the root element: the XSD check already reported a
     * root that does not fit the resource type. */
    if (named(root, "topic"))
        check_r50_discussion(v, entry, root);
    else if (named(root, "webLink"))
        check_r50_weblink(v, entry, root);
    else if (named(root, "cartridge_basiclti_link")) {
        check_r52_lti_icon(v, r, entry, root);
        check_r53_lti_descriptor(v, r, entry, root);
    } else if (named(root, "assignment"))
        check_r54_assignment(v, entry, root);
}
