/* convert_xsl.c - convert's stylesheets (xsl/): compiled once per
 * process, run under a libxslt security policy that forbids files,
 * folders and the network; and which stylesheet a descriptor calls for.
 * Out of convert.c so that its descriptors can be converted on threads
 * of their own (convert.c).  Each compiled stylesheet is read-only once
 * loaded: transformations of different documents may run at once. */
#include "config.h"
#include "base/internal.h"
#include "export/convert_xsl.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CCKIT_XSLDIR
#define CCKIT_XSLDIR "/usr/local/share/cckit/xsl"
#endif

#define NS_DT "imsdt_v1p"
#define NS_WL "imswl_v1p"
#define NS_LTI "http://www.imsglobal.org/xsd/imslticc_v1p"
#define NS_QTI "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
#define NS_ASSIGN "http://www.imsglobal.org/xsd/imscc_extensions/assignment"

/* ------------------------------------------------------------------ */
/* Stylesheets: compiled once per process.                             */

const char *const cckit_conv_xsl_files[XSL_COUNT] = {
    "manifest.xsl", "discussion.xsl", "weblink.xsl", "lti-link.xsl", "qti.xsl", "assignment.xsl"
};

static pthread_mutex_t xsl_lock = PTHREAD_MUTEX_INITIALIZER;
static char *xsl_dir_loaded;
static xsltStylesheetPtr xsl_sheets[XSL_COUNT];
static xsltSecurityPrefsPtr xsl_prefs;


static const char *xsl_dir_default(const char *given)
{
    if (given && *given)
        return given;
    const char *env = getenv("CCKIT_XSL_DIR");
    if (env && *env)
        return env;
    return CCKIT_XSLDIR;
}

/* libxslt reports through a callback: keep the first message. */
typedef struct xsl_msg {
    char text[512];
    bool set;
} xsl_msg;

static void xsl_error(void *ctx, const char *fmt, ...)
{
    xsl_msg *m = ctx;
    if (!m || m->set)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->text, sizeof m->text, fmt, ap);
    va_end(ap);
    size_t l = strlen(m->text);
    while (l && (m->text[l - 1] == '\n' || m->text[l - 1] == ' '))
        m->text[--l] = '\0';
    m->set = true;
}

cckit_status cckit_conv_xsl_load(const char *given, cckit_error *err)
{
    const char *dir = xsl_dir_default(given);
    cckit_status st = CCKIT_OK;
    pthread_mutex_lock(&xsl_lock);
    if (xsl_dir_loaded && strcmp(xsl_dir_loaded, dir) == 0)
        goto out;
    cckit_xml_init();
    if (!cckit_xml_allow_dir(dir)) {
        st = cckit_fail_fix(err, CCKIT_FIX_XSL_DIR,
                            cckit_fail(err, CCKIT_E_IO, "%s: cannot use the stylesheet folder: %s",
                                       dir, strerror(errno ? errno : ENOENT)));
        goto out;
    }
    if (!xsl_prefs) {
        xsl_prefs = xsltNewSecurityPrefs();
        if (!xsl_prefs
            || xsltSetSecurityPrefs(xsl_prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid)
            || xsltSetSecurityPrefs(xsl_prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid)
            || xsltSetSecurityPrefs(xsl_prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid)
            || xsltSetSecurityPrefs(xsl_prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid)
            || xsltSetSecurityPrefs(xsl_prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid)) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory setting up XSLT");
            goto out;
        }
        /* Given to each transformation (xsl_run), never made libxslt's
         * process-wide default: that belongs to the calling program. */
    }
    xsltStylesheetPtr sheets[XSL_COUNT] = { 0 };
    for (int i = 0; i < XSL_COUNT && st == CCKIT_OK; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, cckit_conv_xsl_files[i]);
        xmlDocPtr d = xmlReadFile(path, NULL, cckit_xml_parse_options());
        if (!d) {
            st = cckit_fail_fix(err, CCKIT_FIX_XSL_DIR,
                                cckit_fail(err, CCKIT_E_IO, "%s: cannot read the stylesheet", path));
            break;
        }
        xsl_msg m = { .set = false };
        /* libxslt reports compile errors only through its process-wide
         * handler: borrow it (under xsl_lock) and put the caller's back. */
        xmlGenericErrorFunc old_fn = xsltGenericError;
        void *old_ctx = xsltGenericErrorContext;
        xsltSetGenericErrorFunc(&m, xsl_error);
        sheets[i] = xsltParseStylesheetDoc(d);
        xsltSetGenericErrorFunc(old_ctx, old_fn);
        if (!sheets[i]) {
            xmlFreeDoc(d);
            st = cckit_fail(err, CCKIT_E_XML, "%s: not a usable XSLT 1.0 stylesheet%s%s", path,
                            m.set ? ": " : "", m.set ? m.text : "");
        }
    }
    if (st != CCKIT_OK) {
        for (int i = 0; i < XSL_COUNT; i++)
            if (sheets[i])
                xsltFreeStylesheet(sheets[i]);
        goto out;
    }
    for (int i = 0; i < XSL_COUNT; i++) {
        if (xsl_sheets[i])
            xsltFreeStylesheet(xsl_sheets[i]);
        xsl_sheets[i] = sheets[i];
    }
    free(xsl_dir_loaded);
    xsl_dir_loaded = strdup(dir);
out:
    pthread_mutex_unlock(&xsl_lock);
    return st;
}

/* Run sheet i on doc with parameter to (and thin, and present when not
 * NULL).  The result is a new document, or NULL with err filled (the
 * message names `name`). */
xmlDocPtr cckit_conv_xsl_run(int i, xmlDocPtr doc, const char *to, bool thin,
                             const char *present, const char *name, cckit_error *err)
{
    char to_q[16], thin_q[8], present_q[64];
    snprintf(to_q, sizeof to_q, "'%s'", to);
    snprintf(thin_q, sizeof thin_q, "'%d'", thin ? 1 : 0);
    snprintf(present_q, sizeof present_q, "'%s'", present ? present : "");
    const char *params[] = { "to", to_q, "thin", thin_q, present ? "present" : NULL, present_q,
                             NULL };
    xsltTransformContextPtr ctxt = xsltNewTransformContext(xsl_sheets[i], doc);
    if (!ctxt) {
        cckit_fail(err, CCKIT_E_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    xsl_msg m = { .set = false };
    xsltSetCtxtSecurityPrefs(xsl_prefs, ctxt);
    xsltSetTransformErrorFunc(ctxt, &m, xsl_error);
    xmlDocPtr res = xsltApplyStylesheetUser(xsl_sheets[i], doc, params, NULL, NULL, ctxt);
    bool failed = ctxt->state != XSLT_STATE_OK;
    xsltFreeTransformContext(ctxt);
    if (!res || failed) {
        if (res)
            xmlFreeDoc(res);
        cckit_fail(err, CCKIT_E_XML, "%s: %s failed%s%s", name, cckit_conv_xsl_files[i],
                   m.set ? ": " : "", m.set ? m.text : "");
        return NULL;
    }
    return res;
}

cckit_status cckit_conv_xsl_serialize(int i, xmlDocPtr res, char **buf, size_t *len,
                                  const char *name, cckit_error *err)
{
    xmlChar *b = NULL;
    int l = 0;
    if (xsltSaveResultToString(&b, &l, res, xsl_sheets[i]) != 0 || (!b && l != 0))
        return cckit_fail(err, CCKIT_E_NOMEM, "%s: cannot serialize the converted document", name);
    *buf = (char *)b;
    *len = (size_t)l;
    return CCKIT_OK;
}


/* Which stylesheet a descriptor's root namespace calls for, or -1. */
int cckit_conv_sheet_for(const char *ns, cckit_cc_version to)
{
    if (!ns)
        return -1;
    if (strncmp(ns, "http://www.imsglobal.org/xsd/", 29) == 0 && strstr(ns, NS_DT))
        return XSL_DISCUSSION;
    if (strncmp(ns, "http://www.imsglobal.org/xsd/", 29) == 0 && strstr(ns, NS_WL))
        return XSL_WEBLINK;
    if (strncmp(ns, NS_LTI, strlen(NS_LTI)) == 0)
        return XSL_LTI;
    if (strcmp(ns, NS_QTI) == 0)
        return XSL_QTI;
    if (strcmp(ns, NS_ASSIGN) == 0 && to < CCKIT_CC_1_3)
        return XSL_ASSIGNMENT;
    return -1;
}

/* What manifest.xsl's schema-location asks with XPath over the whole
 * document (four scans: a fifth of its time on a large manifest),
 * answered in one walk of the DOM, as its parameter "present": " known "
 * followed by "res-meta " (a child element metadata of an element
 * resource), "auth " (an element or attribute in a namespace containing
 * imsccauth_v1p), "csm " (an element in .../imscsmd_v1p...), "cpx " (an
 * element in ...imscp_extensionv1p2...), each that the document holds.
 * Then what lets the stylesheet take its fast mode: "roles " (a text
 * node holding IMSGLC_CC_Rolesv1p, which a target below 1.3 rewrites)
 * and "plain " (every element of the five CC CP namespaces but the root
 * is unprefixed and has only unqualified attributes, and every element
 * resource is a child of an element resources child of the root).
 * These are the XPath's answers on a tree of elements, attributes,
 * text, comments and PIs; with a DOCTYPE or an entity reference
 * (XPath's axes walk into entity content) buf is "": the stylesheet
 * asks XPath itself. */
void cckit_conv_manifest_present(xmlDocPtr doc, char *buf, size_t size)
{
    bool res_meta = false, auth = false, csm = false, cpx = false, roles = false, plain = true;
    buf[0] = '\0';
    if (!doc || doc->intSubset || doc->extSubset)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE
            || n->type == XML_DTD_NODE || n->type == XML_ENTITY_DECL)
            return;
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && !roles && n->content)
            roles = strstr((const char *)n->content, "IMSGLC_CC_Rolesv1p");
        if (n->type == XML_ELEMENT_NODE) {
            const char *ns = n->ns && n->ns->href ? (const char *)n->ns->href : "";
            /* the CP namespace of a CC version: the stylesheet's c0 - c4 */
            if (plain && n != root && cckit_version_of_namespace(ns) != CCKIT_CC_UNKNOWN) {
                plain = !n->ns->prefix;
                for (xmlAttrPtr a = n->properties; a && plain; a = a->next)
                    plain = !a->ns;
            }
            if (plain && strcmp((const char *)n->name, "resource") == 0)
                plain = n->parent && n->parent->parent == root
                        && strcmp((const char *)n->parent->name, "resources") == 0;
            auth = auth || strstr(ns, "imsccauth_v1p");
            csm = csm || strstr(ns, "/imscsmd_v1p");
            cpx = cpx || strstr(ns, "imscp_extensionv1p2");
            for (xmlAttrPtr a = n->properties; a && !auth; a = a->next)
                auth = a->ns && a->ns->href && strstr((const char *)a->ns->href, "imsccauth_v1p");
            if (!res_meta && strcmp((const char *)n->name, "resource") == 0)
                for (xmlNodePtr k = n->children; k && !res_meta; k = k->next)
                    res_meta = k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "metadata") == 0;
            if (n->children) {   /* only elements have children here */
                n = n->children;
                continue;
            }
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        if (n)
            n = n->next;
    }
    snprintf(buf, size, " known %s%s%s%s%s%s", res_meta ? "res-meta " : "", auth ? "auth " : "",
             csm ? "csm " : "", cpx ? "cpx " : "", roles ? "roles " : "", plain ? "plain " : "");
}
