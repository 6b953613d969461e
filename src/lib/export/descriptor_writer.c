/* descriptor_writer.c - descriptor files of the learning objects pack
 * generates: web link, discussion topic, Basic LTI link and (CC 1.3)
 * assignment, in each version's namespace (spec.md §2.2, §2.3: LTI
 * links use imslticc_v1p0 for 1.1/1.2 and imslticc_v1p3 for 1.3).
 * Written with xmlTextWriter into a cckit_strbuf; fixed layout. */
#include "export/export.h"
#include <string.h>
#include <libxml/xmlwriter.h>

#define X(s) ((const xmlChar *)(s))

typedef struct dw {
    xmlTextWriterPtr w;
    cckit_strbuf *out;
    bool bad;
} dw;

static int buf_write(void *ctx, const char *buf, int len)
{
    cckit_strbuf *b = ctx;
    cckit_strbuf_add(b, buf, (size_t)len);
    return b->oom ? -1 : len;
}
static int buf_close(void *ctx)
{
    CCKIT_UNUSED(ctx);
    return 0;
}

static bool dw_open(dw *d, cckit_strbuf *out)
{
    cckit_xml_init();
    d->out = out;
    d->bad = false;
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(buf_write, buf_close, out, NULL);
    if (!ob)
        return false;
    d->w = xmlNewTextWriter(ob);
    if (!d->w) {
        xmlOutputBufferClose(ob);
        return false;
    }
    xmlTextWriterSetIndent(d->w, 1);
    xmlTextWriterSetIndentString(d->w, X("  "));
    if (xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", NULL) < 0)
        d->bad = true;
    return true;
}

static cckit_status dw_close(dw *d, const char *what, cckit_error *err)
{
    if (!d->bad && xmlTextWriterEndDocument(d->w) < 0)
        d->bad = true;
    xmlFreeTextWriter(d->w);
    if (d->bad || d->out->oom)
        return cckit_fail(err, CCKIT_E_NOMEM, "cannot write the %s descriptor", what);
    return CCKIT_OK;
}

static void start(dw *d, const char *prefix, const char *name)
{
    if (!d->bad && xmlTextWriterStartElementNS(d->w, X(prefix), X(name), NULL) < 0)
        d->bad = true;
}
static void end(dw *d)
{
    if (!d->bad && xmlTextWriterEndElement(d->w) < 0)
        d->bad = true;
}
static void attr(dw *d, const char *name, const char *value)
{
    if (value && !d->bad && xmlTextWriterWriteAttribute(d->w, X(name), X(value)) < 0)
        d->bad = true;
}
static void text_el(dw *d, const char *prefix, const char *name, const char *value)
{
    if (value && !d->bad &&
        xmlTextWriterWriteElementNS(d->w, X(prefix), X(name), NULL, X(value)) < 0)
        d->bad = true;
}
static void texttype_el(dw *d, const char *name, const char *text, bool html)
{
    start(d, NULL, name);
    attr(d, "texttype", html ? "text/html" : "text/plain");
    if (!d->bad && xmlTextWriterWriteString(d->w, X(text ? text : "")) < 0)
        d->bad = true;
    end(d);
}

static int vidx(cckit_cc_version v)
{
    return v == CCKIT_CC_1_1 ? 1 : v == CCKIT_CC_1_2 ? 2 : v == CCKIT_CC_1_3 ? 3 : 0;
}

static void ns_root(dw *d, const char *root, const char *family, int n)
{
    char ns[128], loc[320];
    snprintf(ns, sizeof ns, "http://www.imsglobal.org/xsd/imsccv1p%d/%s_v1p%d", n, family, n);
    snprintf(loc, sizeof loc, "%s http://www.imsglobal.org/profile/cc/ccv1p%d/ccv1p%d_%s_v1p%d.xsd",
             ns, n, n, family, n);
    start(d, NULL, root);
    attr(d, "xmlns", ns);
    attr(d, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    attr(d, "xsi:schemaLocation", loc);
}

cckit_status cckit_weblink_write(cckit_cc_version v, const char *title,
                                 const char *url, const char *target,
                                 cckit_strbuf *out, cckit_error *err)
{
    int n = vidx(v);
    dw d;
    if (!n)
        return cckit_fail(err, CCKIT_E_USAGE, "web links are written for CC 1.1-1.3 only");
    if (!dw_open(&d, out))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    ns_root(&d, "webLink", "imswl", n);
    text_el(&d, NULL, "title", title);
    start(&d, NULL, "url");
    attr(&d, "href", url);
    attr(&d, "target", target);
    end(&d);
    end(&d);
    return dw_close(&d, "web link", err);
}

cckit_status cckit_discussion_write(cckit_cc_version v, const char *title,
                                    const char *text, bool html,
                                    cckit_strbuf *out, cckit_error *err)
{
    int n = vidx(v);
    dw d;
    if (!n)
        return cckit_fail(err, CCKIT_E_USAGE, "discussions are written for CC 1.1-1.3 only");
    if (!dw_open(&d, out))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    ns_root(&d, "topic", "imsdt", n);
    text_el(&d, NULL, "title", title);
    texttype_el(&d, "text", text, html);
    end(&d);
    return dw_close(&d, "discussion", err);
}

cckit_status cckit_lti_write(cckit_cc_version v, const cckit_lti_desc *l,
                             cckit_strbuf *out, cckit_error *err)
{
    int n = vidx(v);
    dw d;
    if (!n)
        return cckit_fail(err, CCKIT_E_USAGE, "LTI links are written for CC 1.1-1.3 only");
    if (!dw_open(&d, out))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    const char *cc = n == 3 ? "http://www.imsglobal.org/xsd/imslticc_v1p3"
                            : "http://www.imsglobal.org/xsd/imslticc_v1p0";
    char loc[1024];
    snprintf(loc, sizeof loc,
             "%s http://www.imsglobal.org/xsd/lti/%s "
             "http://www.imsglobal.org/xsd/imsbasiclti_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imsbasiclti_v1p0p1.xsd "
             "http://www.imsglobal.org/xsd/imslticm_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticm_v1p0.xsd "
             "http://www.imsglobal.org/xsd/imslticp_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticp_v1p0.xsd",
             cc, n == 3 ? "ltiv1p3/imslticc_v1p3.xsd" : "ltiv1p0/imslticc_v1p0.xsd");
    start(&d, NULL, "cartridge_basiclti_link");
    attr(&d, "xmlns", cc);
    attr(&d, "xmlns:blti", "http://www.imsglobal.org/xsd/imsbasiclti_v1p0");
    attr(&d, "xmlns:lticm", "http://www.imsglobal.org/xsd/imslticm_v1p0");
    attr(&d, "xmlns:lticp", "http://www.imsglobal.org/xsd/imslticp_v1p0");
    attr(&d, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    attr(&d, "xsi:schemaLocation", loc);
    text_el(&d, "blti", "title", l->title);
    text_el(&d, "blti", "description", l->description);
    if (l->n_custom) {
        start(&d, "blti", "custom");
        for (size_t i = 0; i < l->n_custom; i++) {
            start(&d, "lticm", "property");
            attr(&d, "name", l->custom[2 * i]);
            if (!d.bad && xmlTextWriterWriteString(d.w, X(l->custom[2 * i + 1])) < 0)
                d.bad = true;
            end(&d);
        }
        end(&d);
    }
    text_el(&d, "blti", "launch_url", l->launch_url);
    text_el(&d, "blti", "secure_launch_url", l->secure_launch_url);
    start(&d, "blti", "vendor");
    text_el(&d, "lticp", "code", l->vendor_code ? l->vendor_code : "unknown");
    text_el(&d, "lticp", "name", l->vendor_name ? l->vendor_name : "unknown");
    end(&d);
    end(&d);
    return dw_close(&d, "LTI link", err);
}

cckit_status cckit_assignment_write(cckit_cc_version v, const char *identifier,
                                    const char *title, const char *text,
                                    bool html, bool gradable,
                                    cckit_strbuf *out, cckit_error *err)
{
    dw d;
    if (v != CCKIT_CC_1_3)
        return cckit_fail_fix(err, CCKIT_FIX_CC_1_3,
                              cckit_fail(err, CCKIT_E_USAGE,
                                         "assignments exist in CC 1.3 only (assignment_xmlv1p0)"));
    if (!dw_open(&d, out))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    start(&d, NULL, "assignment");
    attr(&d, "xmlns", "http://www.imsglobal.org/xsd/imscc_extensions/assignment");
    attr(&d, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    attr(&d, "xsi:schemaLocation",
         "http://www.imsglobal.org/xsd/imscc_extensions/assignment "
         "http://www.imsglobal.org/profile/cc/cc_extensions/cc_extresource_assignmentv1p0_v1p0.xsd");
    attr(&d, "identifier", identifier);
    text_el(&d, NULL, "title", title);
    if (text)
        texttype_el(&d, "text", text, html);
    if (gradable)
        text_el(&d, NULL, "gradable", "true");
    end(&d);
    return dw_close(&d, "assignment", err);
}
