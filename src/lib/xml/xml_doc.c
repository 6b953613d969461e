/* xml_doc.c - safe DOM loading for descriptors and HTML content.
 *
 * Descriptors are small, so they are parsed into a DOM (XPath rules need
 * one), but with the manifest reader's hardening: DOCTYPE, entity
 * declarations and XInclude are refused, nothing is fetched, size and
 * depth are capped.  Data comes in chunks from a read function (the
 * readers of a package entry are import/entry_read.c). */
#include "xml/xml_doc.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#define CHUNK (64 * 1024)

typedef struct guard {
    cckit_xml_refuser refuser;   /* first: the DTD guard finds it in _private */
    cckit_status status;
    cckit_error *err;
    const char *name;
    unsigned depth, max_depth;
    uint64_t elements, max_elements;
} guard;

static void refuse_lim(xmlParserCtxtPtr ctxt, cckit_status st, cckit_limit_id lim,
                       const char *fmt, const char *a)
{
    guard *g = ctxt->_private;
    if (g->status == CCKIT_OK) {
        g->status = st;
        char what[256];
        snprintf(what, sizeof what, fmt, a ? a : "");
        int line = xmlSAX2GetLineNumber(ctxt);
        cckit_fail_limit(g->err, lim, cckit_fail_at(g->err, st, g->name,
                                                    line > 0 ? (unsigned)line : 0, "%s", what));
    }
    xmlStopParser(ctxt);
}

static void refuse(xmlParserCtxtPtr ctxt, cckit_status st, const char *fmt, const char *a)
{
    refuse_lim(ctxt, st, CCKIT_LIMIT_NONE, fmt, a);
}

static void g_refuse(xmlParserCtxtPtr ctxt, const char *what)
{
    refuse(ctxt, CCKIT_E_UNSAFE, "%s", what);
}

static void g_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                    int nns, const xmlChar **nss, int nattr, int ndef, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    guard *g = ctxt->_private;
    if (g->status != CCKIT_OK)
        return;
    if (++g->depth > g->max_depth) {
        char lim[64];
        snprintf(lim, sizeof lim, "%u", g->max_depth);
        refuse_lim(ctxt, CCKIT_E_LIMIT, CCKIT_LIMIT_XML_DEPTH, "XML nesting deeper than %s elements", lim);
        return;
    }
    if (++g->elements > g->max_elements) {
        char lim[64];
        snprintf(lim, sizeof lim, "%llu", (unsigned long long)g->max_elements);
        refuse_lim(ctxt, CCKIT_E_LIMIT, CCKIT_LIMIT_XML_ELEMENTS,
                   "more than %s elements, too many to load in memory", lim);
        return;
    }
    if (cckit_xml_is_xinclude(uri)) {
        refuse(ctxt, CCKIT_E_UNSAFE, "XInclude element <%s> refused: cckit never includes other files",
               (const char *)local);
        return;
    }
    xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, nss, nattr, ndef, attrs);
}

static void g_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    guard *g = ctxt->_private;
    if (g->depth)
        g->depth--;
    xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

static cckit_status xml_parse_run(cckit_read_fn rd, void *rctx, const char *name,
                                  const cckit_limits *lim, xmlDocPtr *out, cckit_error *err)
{
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    *out = NULL;
    cckit_xml_init();
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    xmlSAXVersion(&sax, 2);
    sax.startElementNs = g_start;
    sax.endElementNs = g_end;
    cckit_xml_sax_refuse_dtd(&sax);
    sax.warning = NULL;
    sax.error = NULL;
    sax.serror = NULL;

    guard g = {{g_refuse}, CCKIT_OK, err, name, 0, cckit_xml_max_depth(lim),
               0, lim->max_xml_elements ? lim->max_xml_elements : UINT64_MAX};
    /* One buffer per thread: the validator reads HTML on a second thread. */
    static _Thread_local char buf[CHUNK];
    char first[4];
    size_t have = 0;
    long got = 1;
    while (have < 4 && (got = rd(rctx, first + have, 4 - have, err)) > 0)
        have += (size_t)got;
    if (got < 0)
        return err ? err->status : CCKIT_E_IO;
    if (have == 0)
        return cckit_fail_at(err, CCKIT_E_XML, name, 0, "empty file, not XML");
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, NULL, first, (int)have, name);
    if (!ctxt)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    ctxt->_private = &g;
    xmlCtxtUseOptions(ctxt, cckit_xml_parse_options());
    uint64_t total = have;
    for (;;) {
        got = rd(rctx, buf, sizeof buf, err);
        if (got < 0) {
            if (g.status == CCKIT_OK)
                g.status = err ? err->status : CCKIT_E_IO;
            break;
        }
        total += (uint64_t)got;
        if (total > lim->max_xml_size) {
            if (g.status == CCKIT_OK)
                g.status = cckit_fail_limit(err, CCKIT_LIMIT_XML_SIZE,
                                            cckit_fail_at(err, CCKIT_E_LIMIT, name, 0,
                                                          "larger than %llu bytes",
                                                          (unsigned long long)lim->max_xml_size));
            break;
        }
        int rc = xmlParseChunk(ctxt, buf, (int)got, got == 0);
        if (g.status != CCKIT_OK)
            break;
        if (rc != 0 || (got == 0 && !ctxt->wellFormed)) {
            xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
            char msg[512];
            snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed");
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
            g.status = cckit_fail_at(err, CCKIT_E_XML, name, e && e->line > 0 ? (unsigned)e->line : 0,
                                     "XML error: %s", msg);
            break;
        }
        if (got == 0)
            break;
    }
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt);
    if (g.status != CCKIT_OK) {
        xmlFreeDoc(doc);
        return g.status;
    }
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return cckit_fail_at(err, CCKIT_E_XML, name, 0, "no root element");
    }
    *out = doc;
    return CCKIT_OK;
}

cckit_status cckit_xml_parse(cckit_read_fn rd, void *rctx, const char *name,
                             const cckit_limits *lim, xmlDocPtr *out, cckit_error *err)
{
    /* cckit's libxml2 handlers for this parse only (see xml_safe.c) */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = xml_parse_run(rd, rctx, name, lim, out, err);
    cckit_xml_leave(&xs);
    return st;
}

struct mem {
    const char *p;
    size_t left;
};

static long mem_rd(void *ctx, void *buf, size_t n, cckit_error *err)
{
    struct mem *m = ctx;
    CCKIT_UNUSED(err);
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long)n;
}

cckit_status cckit_xml_read_memory(const char *buf, size_t len, const char *name,
                                   const cckit_limits *lim, xmlDocPtr *out, cckit_error *err)
{
    struct mem m = {buf, len};
    return cckit_xml_parse(mem_rd, &m, name, lim, out, err);
}

/* HTML pages are loaded whole too: the same element cap, counted by a
 * wrapper around libxml2's own HTML tree builder.  The caller creates the
 * parser, as only it knows the page's encoding (content/html_charset.c). */
typedef struct html_guard {
    uint64_t elements, max_elements;
} html_guard;

static void h_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    htmlParserCtxtPtr ctxt = ctx;
    html_guard *g = ctxt->_private;
    if (++g->elements > g->max_elements) {
        xmlStopParser(ctxt);
        return;
    }
    xmlSAX2StartElement(ctx, name, atts);
}

void cckit_html_dom_sax(xmlSAXHandler *sax)
{
    memset(sax, 0, sizeof *sax);
    xmlSAX2InitHtmlDefaultSAXHandler(sax);
    sax->startElement = h_start;
}

static cckit_status html_parse_run(htmlParserCtxtPtr ctxt, cckit_read_fn rd, void *rctx,
                                   const char *name, const cckit_limits *lim, xmlDocPtr *out,
                                   cckit_error *err)
{
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    cckit_status st = CCKIT_OK;
    html_guard g = {0, lim->max_xml_elements ? lim->max_xml_elements : UINT64_MAX};
    ctxt->_private = &g;
    htmlCtxtUseOptions(ctxt, cckit_html_push_options());
    ctxt->linenumbers = 1;   /* the push parser leaves it off: links need lines */
    /* One buffer per thread: the validator reads HTML on a second thread. */
    static _Thread_local char buf[CHUNK];
    uint64_t total = 0;
    long got;
    while ((got = rd(rctx, buf, sizeof buf, err)) >= 0) {
        total += (uint64_t)got;
        if (total > lim->max_xml_size) {
            st = cckit_fail_limit(err, CCKIT_LIMIT_XML_SIZE,
                                  cckit_fail_at(err, CCKIT_E_LIMIT, name, 0, "larger than %llu bytes",
                                                (unsigned long long)lim->max_xml_size));
            break;
        }
        htmlParseChunk(ctxt, buf, (int)got, got == 0);
        if (g.elements > g.max_elements) {
            st = cckit_fail_limit(err, CCKIT_LIMIT_XML_ELEMENTS,
                                  cckit_fail_at(err, CCKIT_E_LIMIT, name, 0,
                                                "more than %llu elements, too many to load in memory",
                                                (unsigned long long)g.max_elements));
            break;
        }
        if (got == 0)
            break;
    }
    if (got < 0)
        st = err ? err->status : CCKIT_E_IO;
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    ctxt->_private = NULL;
    htmlFreeParserCtxt(ctxt);
    if (st != CCKIT_OK) {
        xmlFreeDoc(doc);
        return st;
    }
    if (!doc)
        return cckit_fail_at(err, CCKIT_E_XML, name, 0, "not readable as HTML");
    *out = doc;
    return CCKIT_OK;
}

cckit_status cckit_html_parse_ctxt(htmlParserCtxtPtr ctxt, cckit_read_fn rd, void *rctx,
                                   const char *name, const cckit_limits *lim, xmlDocPtr *out,
                                   cckit_error *err)
{
    *out = NULL;
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = html_parse_run(ctxt, rd, rctx, name, lim, out, err);
    cckit_xml_leave(&xs);
    return st;
}
