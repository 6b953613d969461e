/* site_rules.c - an institution's own constraints, in Schematron, on the
 * manifest and every descriptor (`cckit validate --rules FILE.sch`, and
 * a model's `schematron:` key in `cckit compat`).
 *
 * libxml2's Schematron (xmlSchematronParse / xmlSchematronValidateDoc) is
 * a subset of ISO Schematron over XPath 1.0: schema, ns, pattern, rule
 * (context), assert, report, name, value-of; no let, no include, no
 * abstract patterns, no phases (doc/cckit.1 says so).  The .sch file is
 * untrusted: it is parsed with the hardened loader (no DTD, entities,
 * network or XInclude) before libxml2 compiles it from that tree.
 *
 * libxml2 reports a failed assert with its text and line but not its id;
 * the id (the finding's code, "site.ID") is found by matching the text
 * against the asserts read from the same tree, and the assert's role
 * ("warning", "info") gives the severity (error otherwise). */
#include "validate/validate.h"
#include <libxml/schematron.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SITE_MAX_ASSERTS 4096
#define SITE_MAX_FINDINGS 10000

typedef struct site_assert {
    char *id;           /* interned "site.ID" */
    char *text;         /* whitespace-normalised text */
    cckit_severity sev;
} site_assert;

struct cckit_site_rules {
    xmlDocPtr doc;
    xmlSchematronPtr schema;
    site_assert *asserts;
    size_t n_asserts;
    char *file;
    bool oom;          /* an assert was lost while collecting: load fails */
};

/* Codes must outlive every validation (cckit_diag.code is not owned):
 * interned once per process, capped ("site.rule" past the cap; NULL
 * when memory runs out). */
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static char *interned[SITE_MAX_ASSERTS];
static size_t n_interned;

static const char *intern(const char *code)
{
    const char *r = "site.rule";
    pthread_mutex_lock(&intern_lock);
    for (size_t i = 0; i < n_interned; i++)
        if (!strcmp(interned[i], code)) {
            r = interned[i];
            goto out;
        }
    if (n_interned < SITE_MAX_ASSERTS)
        r = interned[n_interned] = strdup(code);
    if (r && n_interned < SITE_MAX_ASSERTS)
        n_interned++;
out:
    pthread_mutex_unlock(&intern_lock);
    return r;
}

/* Collapse runs of white space to one space, trim both ends. */
static char *normalise(const char *s)
{
    char *r = malloc(strlen(s) + 1), *o = r;
    bool sp = false;
    if (!r)
        return NULL;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            sp = o != r;
        else {
            if (sp)
                *o++ = ' ';
            sp = false;
            *o++ = *s;
        }
    }
    *o = '\0';
    return r;
}

static bool is_sch(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static void collect(cckit_site_rules *r, xmlNodePtr n, unsigned depth)
{
    for (xmlNodePtr c = n->children; c && depth < 16; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if ((is_sch(c, "assert") || is_sch(c, "report")) && r->n_asserts < SITE_MAX_ASSERTS) {
            const char *id = cckit_dom_attr(c, "id");
            const char *role = cckit_dom_attr(c, "role");
            xmlChar *t = xmlNodeGetContent(c);
            char code[160];
            size_t k = 0;
            k = (size_t)snprintf(code, sizeof code, "site.");
            for (const char *p = id && *id ? id : "rule"; *p && k + 1 < sizeof code; p++)
                code[k++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
                                   || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'
                                   ? *p : '-');
            code[k] = '\0';
            site_assert *a = &r->asserts[r->n_asserts];
            a->id = (char *)intern(code);
            a->text = normalise(t ? (const char *)t : "");
            a->sev = role && (!strcmp(role, "warning") || !strcmp(role, "warn")) ? CCKIT_SEV_WARNING
                     : role && !strcmp(role, "info") ? CCKIT_SEV_INFO : CCKIT_SEV_ERROR;
            xmlFree(t);
            if (a->text && a->id)
                r->n_asserts++;
            else
                r->oom = true;
        } else {
            collect(r, c, depth + 1);
        }
    }
}

static void quiet(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

void cckit_site_rules_free(cckit_site_rules *r)
{
    if (!r)
        return;
    if (r->schema)
        xmlSchematronFree(r->schema);
    xmlFreeDoc(r->doc);
    for (size_t i = 0; i < r->n_asserts; i++)
        free(r->asserts[i].text);
    free(r->asserts);
    free(r->file);
    free(r);
}

cckit_status cckit_site_rules_load(const char *path, const cckit_limits *lim,
                                   cckit_site_rules **out, cckit_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot open the Schematron rules", path);
    uint64_t cap = lim->max_xml_size ? lim->max_xml_size : (16u << 20);
    char *buf = malloc(cap + 1);
    size_t n = buf ? fread(buf, 1, cap + 1, f) : 0;
    fclose(f);
    if (!buf)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (n > cap) {
        free(buf);
        return cckit_fail(err, CCKIT_E_LIMIT, "%s: the Schematron file is too large", path);
    }
    cckit_site_rules *r = calloc(1, sizeof *r);
    if (!r) {
        free(buf);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_status st = cckit_xml_read_memory(buf, n, path, lim, &r->doc, err);
    free(buf);
    if (st != CCKIT_OK) {
        cckit_site_rules_free(r);
        return st;
    }
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    if (!root || !is_sch(root, "schema") || !root->ns
        || strcmp((const char *)root->ns->href, "http://purl.oclc.org/dsdl/schematron")) {
        cckit_site_rules_free(r);
        return cckit_fail(err, CCKIT_E_INVALID, "%s: not an ISO Schematron schema (root "
                          "<schema> in http://purl.oclc.org/dsdl/schematron)", path);
    }
    r->file = strdup(path);
    r->asserts = calloc(SITE_MAX_ASSERTS, sizeof *r->asserts);
    if (!r->file || !r->asserts) {
        cckit_site_rules_free(r);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    collect(r, root, 0);
    if (r->oom) {
        cckit_site_rules_free(r);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    xmlSchematronParserCtxtPtr pc = xmlSchematronNewDocParserCtxt(r->doc);
    if (pc) {
        /* parse errors go to the thread's structured handler: silenced,
         * then the caller's handler is put back */
        xmlStructuredErrorFunc saved = xmlStructuredError;
        void *saved_ctx = xmlStructuredErrorContext;
        xmlSetStructuredErrorFunc(NULL, quiet);
        r->schema = xmlSchematronParse(pc);
        xmlSetStructuredErrorFunc(saved_ctx, saved);
        xmlSchematronFreeParserCtxt(pc);
    }
    if (!r->schema) {
        cckit_site_rules_free(r);
        return cckit_fail(err, CCKIT_E_INVALID, "%s: libxml2 cannot compile these Schematron "
                          "rules (it supports schema, ns, pattern, rule, assert, report, name "
                          "and value-of with XPath 1.0; not let, include or phases; every pattern needs "
                          "a name; a rule context is a plain path without [predicates])", path);
    }
    *out = r;
    return CCKIT_OK;
}

typedef struct run_ctx {
    const cckit_site_rules *r;
    const char *file;
    cckit_diags *d;
    size_t n;
} run_ctx;

static void on_error(void *ctx, xmlErrorPtr e)
{
    run_ctx *c = ctx;
    if (!e || e->domain != XML_FROM_SCHEMATRONV || c->n >= SITE_MAX_FINDINGS)
        return;
    c->n++;
    const char *report = e->str3 ? e->str3 : e->message ? e->message : "";
    char *norm = normalise(report);
    if (!norm) {   /* no assert could be matched: the finding would be wrong */
        c->d->oom = true;
        return;
    }
    const site_assert *a = NULL;
    for (size_t i = 0; norm && i < c->r->n_asserts && !a; i++)
        if (!strcmp(c->r->asserts[i].text, norm))
            a = &c->r->asserts[i];
    cckit_diags_add(c->d, a ? a->sev : CCKIT_SEV_ERROR, a ? a->id : "site.rule", NULL, c->file,
                    e->line > 0 ? (unsigned)e->line : 0, NULL, "%s (site rule of %s)",
                    norm ? norm : report, c->r->file);
    free(norm);
}

size_t cckit_site_rules_apply(const cckit_site_rules *r, xmlDocPtr doc, const char *file,
                              cckit_diags *d)
{
    run_ctx c = { r, file, d, 0 };
    xmlSchematronValidCtxtPtr vc =
        xmlSchematronNewValidCtxt(r->schema, XML_SCHEMATRON_OUT_QUIET | XML_SCHEMATRON_OUT_ERROR);
    if (!vc) {
        d->oom = true;
        return 0;
    }
    xmlSchematronSetValidStructuredErrors(vc, on_error, &c);
    xmlSchematronValidateDoc(vc, doc);
    xmlSchematronFreeValidCtxt(vc);
    return c.n;
}

static bool has_descriptor(cckit_kind k)
{
    return k == CCKIT_KIND_DISCUSSION || k == CCKIT_KIND_WEBLINK || k == CCKIT_KIND_ASSESSMENT
           || k == CCKIT_KIND_QUESTION_BANK || k == CCKIT_KIND_LTI_LINK
           || k == CCKIT_KIND_ASSIGNMENT;
}

static void apply_entry(const cckit_site_rules *r, cckit_source *src, const char *path,
                        const cckit_limits *lim, cckit_diags *d)
{
    const cckit_entry *e = cckit_source_find(src, path);
    xmlDocPtr doc = NULL;
    cckit_error err;
    /* a document that cannot be read is the validator's own finding */
    cckit_status st = e ? cckit_xml_read_entry(src, e, lim, &doc, &err) : CCKIT_E_NOTFOUND;
    if (st == CCKIT_E_NOMEM)
        d->oom = true;
    if (st == CCKIT_OK) {
        cckit_site_rules_apply(r, doc, path, d);
        xmlFreeDoc(doc);
    }
}

void cckit_site_rules_run(const cckit_site_rules *r, const cckit_cartridge *c,
                          const cckit_limits *lim, cckit_diags *d)
{
    if (!c->source) {
        /* a bare manifest: only the manifest */
        FILE *f = fopen(c->path, "rb");
        if (!f)
            return;
        char *buf = malloc(lim->max_manifest_size + 1);
        size_t n = buf ? fread(buf, 1, lim->max_manifest_size + 1, f) : 0;
        fclose(f);
        xmlDocPtr doc = NULL;
        cckit_error err;
        cckit_status st = !buf ? CCKIT_E_NOMEM : n > lim->max_manifest_size ? CCKIT_E_LIMIT
                          : cckit_xml_read_memory(buf, n, "imsmanifest.xml", lim, &doc, &err);
        if (st == CCKIT_E_NOMEM)
            d->oom = true;
        if (st == CCKIT_OK) {
            cckit_site_rules_apply(r, doc, "imsmanifest.xml", d);
            xmlFreeDoc(doc);
        }
        free(buf);
        return;
    }
    apply_entry(r, c->source, "imsmanifest.xml", lim, d);
    const cckit_manifest *m = c->manifest;
    cckit_idmap *seen = cckit_idmap_new();   /* a descriptor shared by resources: once */
    /* the map does not copy its keys: the paths live until it is freed */
    char **owned = calloc(m->n_resources + 1, sizeof *owned);
    size_t n_owned = 0;
    bool oom = !seen || !owned;
    for (size_t i = 0; !oom && i < m->n_resources; i++) {
        const cckit_resource *res = m->resources[i];
        if (!has_descriptor(res->kind) || !res->n_files || !res->files[0].href)
            continue;
        char *path = NULL;
        const char *base = res->xml_base ? res->xml_base : "";
        cckit_href_status hs = cckit_href_resolve_ex(base, res->files[0].href, 0, &path);
        oom = hs == CCKIT_HREF_NOMEM;
        if (hs == CCKIT_HREF_OK && path && !cckit_idmap_get(seen, path)) {
            apply_entry(r, c->source, path, lim, d);
            owned[n_owned++] = path;
            cckit_idmap_put(seen, path, (void *)res, &oom);
        } else {
            free(path);
        }
    }
    if (oom)
        d->oom = true;
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
    cckit_idmap_free(seen);
}
