/* xml_safe.c - one place that makes libxml2 safe for hostile input:
 * no network, no external entities or DTDs, no catalogs taken from the
 * environment.  Our own schemas are the only files the loader may open,
 * and only from folders the library registered.
 *
 * libxml2 keeps its entity loader and catalog policy per process and its
 * generic error handler per thread.  The program that links libcckit may
 * have set them for its own parsing, so cckit installs its own only for
 * the duration of a public call (cckit_xml_enter/leave) and puts the
 * caller's back afterwards: the last call to leave restores the
 * process-wide ones, each call restores its thread's handler. */
#include "config.h"
#include "base/internal.h"
#include "xml/xml_doc.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/catalog.h>
#include <libxml/xmlIO.h>
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ALLOWED 8
static char *allowed[MAX_ALLOWED];
static size_t n_allowed;
static pthread_mutex_t allowed_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Calls in progress, and what they replaced (guarded by scope_lock). */
static pthread_mutex_t scope_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned scope_users;
static xmlExternalEntityLoader saved_loader;
static xmlCatalogAllow saved_catalogs;

/* The real path of path when it lies in an allowed folder (malloc'ed),
 * else NULL. */
static char *path_allowed(const char *path)
{
    bool ok = false;
    if (!path)
        return NULL;
    /* Compare the real path (no "..", no links) with the real paths of
     * the allowed folders: "build/../schemas/x.xsd" is fine, a link or a
     * ".." that leaves the folder is not. */
    char *real = realpath(path, NULL);
    if (!real)
        return NULL;
    pthread_mutex_lock(&allowed_lock);
    for (size_t i = 0; i < n_allowed && !ok; i++) {
        size_t l = strlen(allowed[i]);
        ok = strncmp(real, allowed[i], l) == 0 && real[l] == '/';
    }
    pthread_mutex_unlock(&allowed_lock);
    if (!ok) {
        free(real);
        return NULL;
    }
    return real;
}

/* Every external load (DTD, entity, XSD import/include) comes here. */
static xmlParserInputPtr refuse_loader(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt)
{
    CCKIT_UNUSED(id);
    const char *path = url;
    if (path && strncmp(path, "file://", 7) == 0)
        path += 7;
    char *real = path && path[0] == '/' ? path_allowed(path) : NULL;
    if (real) {
        /* open what was checked, not the name again */
        xmlParserInputPtr in = xmlNewInputFromFile(ctxt, real);
        free(real);
        return in;
    }
    /* libxml2 reports the failed load itself ("failed to load external
     * entity"), which the caller turns into an error. */
    return NULL;
}

/* libxml2 sends some errors that belong to no parser context (failed
 * input conversion of a declared encoding: "encoding error : input
 * conversion failed", "I/O error : encoder error", "xmlParseChunk:
 * encoder error") to its generic error channel, which prints to stderr.
 * Each parse reports its failure through its own context; these copies
 * would only reach the user's terminal raw (found by fuzz_manifest). */
static void drop_generic_error(void *ctx, const char *msg, ...)
{
    CCKIT_UNUSED(ctx);
    CCKIT_UNUSED(msg);
}

static void do_init(void)
{
    xmlInitParser();
}

void cckit_xml_init(void)
{
    pthread_once(&init_once, do_init);
}

void cckit_xml_enter(cckit_xml_scope *s)
{
    cckit_xml_init();
    pthread_mutex_lock(&scope_lock);
    if (scope_users++ == 0) {
        saved_loader = xmlGetExternalEntityLoader();
        xmlSetExternalEntityLoader(refuse_loader);
        /* XML_CATALOG_FILES from the environment must not redirect anything. */
        saved_catalogs = xmlCatalogGetDefaults();
        xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
    }
    pthread_mutex_unlock(&scope_lock);
    s->error = xmlGenericError;
    s->error_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, drop_generic_error);
}

void cckit_xml_leave(cckit_xml_scope *s)
{
    xmlSetGenericErrorFunc(s->error_ctx, s->error);
    pthread_mutex_lock(&scope_lock);
    if (scope_users && --scope_users == 0) {
        xmlSetExternalEntityLoader(saved_loader);
        xmlCatalogSetDefaults(saved_catalogs);
    }
    pthread_mutex_unlock(&scope_lock);
}

int cckit_xml_parse_options(void)
{
    /* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD,
     * XML_PARSE_DTDATTR, XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE,
     * XML_PARSE_HUGE (keeps libxml2's own size and depth caps).  Errors
     * reach each parse's structured handler or its context, never
     * stderr (NOERROR/NOWARNING only drop the printing callbacks). */
    return XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE | XML_PARSE_BIG_LINES
         | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
}

int cckit_html_parse_options(void)
{
    return HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
         | HTML_PARSE_NOIMPLIED;
}

int cckit_html_push_options(void)
{
    /* With NOIMPLIED, libxml2's push parser (2.9) ends the document with
     * its first top-level element: a page that leaves out <html>
     * (allowed in HTML5: <!DOCTYPE html><meta ...><title>...</title><p>
     * ...) lost everything after </title>.  The implied <html>, <head>
     * and <body> hold no link and are where a browser puts them. */
    return cckit_html_parse_options() & ~HTML_PARSE_NOIMPLIED;
}

unsigned cckit_xml_max_depth(const cckit_limits *lim)
{
    /* 0 is the tightest cap there is: the root element alone. */
    return lim && lim->max_xml_depth ? lim->max_xml_depth : 1;
}

bool cckit_xml_is_xinclude(const unsigned char *ns)
{
    return ns && (strcmp((const char *)ns, "http://www.w3.org/2001/XInclude") == 0
                  || strcmp((const char *)ns, "http://www.w3.org/2003/XInclude") == 0);
}

bool cckit_xml_allow_dir(const char *dir)
{
    bool ok = false;
    char *real = realpath(dir, NULL);
    if (!real)
        return false;
    pthread_mutex_lock(&allowed_lock);
    for (size_t i = 0; i < n_allowed; i++)
        if (strcmp(allowed[i], real) == 0) {
            ok = true;
            break;
        }
    if (!ok && n_allowed < MAX_ALLOWED) {
        allowed[n_allowed++] = real;
        real = NULL;
        ok = true;
    }
    pthread_mutex_unlock(&allowed_lock);
    free(real);
    return ok;
}

/* ---- the DTD and entity guard (xml_doc.h) -------------------------- */

static void refuse_with(void *ctx, const char *fmt, const char *a, const char *b, const char *c)
{
    xmlParserCtxtPtr ctxt = ctx;
    const cckit_xml_refuser *r = ctxt->_private;   /* first member of the caller's state */
    char what[1100];
    snprintf(what, sizeof what, fmt, a, b, c);
    r->refuse(ctxt, what);
}

static void refuse_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
    CCKIT_UNUSED(name);
    CCKIT_UNUSED(eid);
    refuse_with(ctx, "DOCTYPE refused%s%s%s: cckit never loads DTDs or expands entities",
                sid ? " (it names the external DTD \"" : "", sid ? (const char *)sid : "",
                sid ? "\")" : "");
}

static void refuse_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pid,
                               const xmlChar *sid, xmlChar *content)
{
    CCKIT_UNUSED(type);
    CCKIT_UNUSED(pid);
    CCKIT_UNUSED(sid);
    CCKIT_UNUSED(content);
    refuse_with(ctx, "entity declaration \"%s\" refused%s%s", name ? (const char *)name : "", "", "");
}

static xmlEntityPtr refuse_entity_ref(void *ctx, const xmlChar *name)
{
    refuse_with(ctx, "entity reference &%s; refused%s%s", name ? (const char *)name : "", "", "");
    return NULL;
}

static xmlParserInputPtr refuse_resolve(void *ctx, const xmlChar *pid, const xmlChar *sid)
{
    CCKIT_UNUSED(pid);
    refuse_with(ctx, "external entity \"%s\" refused%s%s", sid ? (const char *)sid : "", "", "");
    return NULL;
}

void cckit_xml_sax_refuse_dtd(xmlSAXHandler *sax)
{
    sax->internalSubset = refuse_subset;
    sax->externalSubset = refuse_subset;
    sax->entityDecl = refuse_entity_decl;
    sax->getEntity = refuse_entity_ref;
    sax->getParameterEntity = refuse_entity_ref;
    sax->resolveEntity = refuse_resolve;
}
