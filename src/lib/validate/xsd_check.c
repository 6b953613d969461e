/* xsd_check.c - XML Schema validation of the manifest and of every
 * descriptor against our own schemas/ (schema_set.c picks and compiles
 * them).
 *
 * The manifest is validated STREAMING: a push parser fed from the source
 * in chunks with the schema validator plugged into its SAX events
 * (xmlSchemaSAXPlug), so a 9 MB manifest never becomes a DOM.  The SAX
 * handler keeps only the element stack and the attributes of the element
 * being opened, which is what the error classification needs.  Streaming
 * libxml2 does not check xs:ID uniqueness (it needs a tree), so the
 * handler does that itself for the manifest's ID attributes.
 *
 * Descriptors are small and are needed as DOMs by the rules anyway: they
 * are loaded with cckit_xml_read_entry and validated with
 * xmlSchemaValidateDoc.
 *
 * Classification.  Every schema error makes the file schema-invalid
 * (files[].schema_valid, the strict verdict).  Its diagnostic code is
 * chosen from the libxml2 error code plus the element/attribute concerned
 * (never from the message text): resource types of another version,
 * intendeduse values, identifiers that are not NCNames, hrefs that are not
 * xs:anyURI, elements of foreign namespaces (and the element misplaced
 * because one occupied the extension slot), undeclared attributes.  These
 * codes are errors in strict mode and warnings in lenient mode (the rule
 * registry below); everything else is an error in both. */
#include "validate/validate.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ESEV CCKIT_SEV_ERROR
#define WSEV CCKIT_SEV_WARNING
#define ISEV CCKIT_SEV_INFO

const cckit_rule cckit_rules_xml[] = {
    {"xml.not-well-formed", NULL, ESEV, ESEV, "XML 1.0 §2.1",
     "every XML file of a cartridge is well-formed", "fix the XML syntax at the line given"},
    {"xml.warning", NULL, WSEV, WSEV, "Namespaces in XML 1.0",
     "XML is namespace-well-formed", "declare every prefix and use absolute namespace URIs"},
    {"xsd.manifest-invalid", "R2", ESEV, ESEV, "CC manifest XSD of the version",
     "imsmanifest.xml validates against the CC manifest schema of its version",
     "fix the element or attribute named in the message (order, cardinality, value)"},
    {"xsd.no-schema", NULL, WSEV, WSEV, "CC manifest XSD of the version",
     "the manifest namespace names a CC version cckit has a schema for",
     "use the manifest namespace of a CC version (1.0-1.3); CC 1.4 is not schema-checked yet"},
    {"xsd.resource-type", "R5", ESEV, WSEV, "CC Implementation Guide table 2.1; manifest XSD",
     "resource types are the type strings of the manifest's version",
     "use the type string of the cartridge's version (e.g. imsdt_xmlv1p3 in CC 1.3)"},
    {"xsd.intendeduse", "R32", ESEV, WSEV, "manifest XSD intendedUse",
     "intendeduse is one of the values of the manifest's version",
     "use lessonplan, syllabus or unspecified (and assignment from CC 1.2)"},
    {"xsd.identifier-lexical", "R24", ESEV, WSEV, "manifest XSD (xs:ID / xs:IDREF)",
     "identifiers and identifierrefs are XML names (NCName: no leading digit, no spaces)",
     "start identifiers with a letter or '_' (e.g. prefix 'i' to a hexadecimal id)"},
    {"xsd.duplicate-id", "R23", ESEV, WSEV, "manifest XSD (xs:ID)",
     "identifiers are unique within the manifest",
     "give every manifest, organization, item, resource and variant its own identifier"},
    {"xsd.href-lexical", "R29", ESEV, WSEV, "manifest XSD (xs:anyURI)",
     "hrefs are URI references", "percent-encode spaces, '#', '[', ']' and other reserved "
     "characters of file names in href"},
    {"xsd.foreign-element", "R37", ESEV, WSEV, "CC Implementation Guide §5.1.1; CP extension points",
     "elements of other namespaces appear only at extension points and with a known schema",
     "move extension elements to the end of their parent, or drop them"},
    {"xsd.unknown-attribute", NULL, ESEV, WSEV, "CC schemas",
     "elements carry only the attributes their schema declares",
     "remove the attribute (e.g. item/@title: use a <title> child)"},
    {"xsd.descriptor-order", NULL, ESEV, WSEV, "descriptor XSD of the kind",
     "descriptor elements appear in the order their schema gives",
     "reorder the elements as the schema lists them (e.g. LTI: custom and extensions "
     "before launch_url and vendor)"},
    {"xsd.descriptor-empty", NULL, ESEV, WSEV, "descriptor XSD of the kind",
     "container elements of a descriptor have the children their schema requires",
     "drop the empty element or give it its required children"},
    {"xsd.discussion-invalid", "R50", ESEV, ESEV, "CC discussion topic XSD of the version",
     "a discussion topic descriptor validates against its schema",
     "fix the element or attribute named in the message"},
    {"xsd.weblink-invalid", "R50", ESEV, ESEV, "CC web link XSD of the version",
     "a web link descriptor validates against its schema",
     "fix the element or attribute named in the message"},
    {"xsd.qti-invalid", "R51", ESEV, ESEV, "CC profile of QTI 1.2.1",
     "assessment and question bank descriptors validate against the CC QTI profile",
     "fix the element or attribute named in the message"},
    {"xsd.lti-invalid", "R52", ESEV, ESEV, "imslticc XSD",
     "an LTI link descriptor validates against the cartridge_basiclti_link schema",
     "fix the element or attribute named in the message (vendor needs code and name)"},
    {"xsd.assignment-invalid", "R54", ESEV, ESEV, "CC assignment extension XSD",
     "an assignment descriptor validates against the assignment extension schema",
     "fix the element or attribute named in the message"},
    {"xsd.descriptor-unknown-schema", NULL, WSEV, WSEV, "schemas/index.tsv",
     "a descriptor's root namespace and element name a schema cckit has",
     "use the descriptor namespace of the cartridge's CC version"},
    {"xsd.embedded-descriptor", "R38", ISEV, ISEV, "CC 1.3 manifest XSD history note",
     "CC 1.3 may embed a descriptor in <resource>",
     "nothing to fix: embedded descriptors are not schema-checked separately yet"},
    {"xsd.schema-unavailable", NULL, ESEV, ESEV, "cckit installation",
     "cckit's own schema compiles",
     "reinstall cckit or point --schemas / CCKIT_SCHEMA_DIR at its schemas folder"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

/* Cap per file and code, so a 20,000-resource Canvas export does not
 * print 20,000 copies of one warning. */
#define MAX_PER_CODE 100

/* ------------------------------------------------------------------ */
/* What an error is about.                                              */

typedef struct xattr {
    const xmlChar *local, *ns;
    const char *value;
} xattr;

typedef struct subject {
    const xmlChar *local, *ns;   /* the element concerned */
    bool dom;                    /* from DOM validation (descriptors) */
    bool has_children;           /* DOM: it has element children */
    bool repeated;               /* DOM: an earlier sibling has its name */
    const xattr *attrs;
    size_t n_attrs;
    bool foreign_before;         /* an earlier sibling was foreign */
    bool foreign_child;          /* it has a foreign child */
    xmlNodePtr node;             /* DOM: the element itself */
    unsigned seen;               /* stream: follow[] rows whose child it has */
} subject;

typedef struct xcheck {
    cckit_vctx *v;
    const char *file;            /* package-relative */
    const char *doc_ns;          /* namespace of the document element */
    const char *invalid_code;    /* generic code for this document */
    bool is_manifest;
    bool valid;                  /* no schema error at all (strict verdict) */
    struct { const char *code; unsigned n; } counts[16];
    size_t n_counts;
} xcheck;

static bool str_eq(const xmlChar *a, const char *b)
{
    return a && strcmp((const char *)a, b) == 0;
}

/* Namespaces that are part of the CC family for a document: its own, LOM,
 * authorization, curriculum standards, LTI pieces, XML.  Anything else
 * (including the CP extension of Canvas's variant) is foreign. */
static bool is_foreign(const xcheck *x, const xmlChar *ns)
{
    if (!ns)
        return false;
    const char *s = (const char *)ns;
    if (x->doc_ns && strcmp(s, x->doc_ns) == 0)
        return false;
    if (strncmp(s, "http://ltsc.ieee.org/xsd/", 25) == 0)
        return false;
    if (strcmp(s, "http://www.w3.org/XML/1998/namespace") == 0)
        return false;
    static const char *const family[] = {"imsccauth", "imscsmd", "imsbasiclti", "imslticm",
                                         "imslticp", "imslticc"};
    if (strncmp(s, "http://www.imsglobal.org/xsd/", 29) == 0)
        for (size_t i = 0; i < sizeof family / sizeof family[0]; i++)
            if (strstr(s, family[i]))
                return false;
    return true;
}

static const char *classify(const xcheck *x, const xmlError *e, const subject *sj)
{
    int code = e->code;
    if (code == XML_SCHEMAV_CVC_TYPE_3_1_1)
        return "xsd.unknown-attribute"; /* attributes on an element of simple type */
    if (code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 && code <= XML_SCHEMAV_CVC_ENUMERATION_VALID
        && e->str1) {
        /* A value error: find the attribute holding that value. */
        for (size_t i = 0; i < sj->n_attrs; i++) {
            const xattr *a = &sj->attrs[i];
            if (!a->value || strcmp(a->value, e->str1) != 0)
                continue;
            if (a->ns && str_eq(a->ns, "http://www.w3.org/XML/1998/namespace")) {
                if (str_eq(a->local, "base"))
                    return "xsd.href-lexical";
                continue;
            }
            if (a->ns)
                continue;
            if (x->is_manifest && str_eq(sj->local, "resource") && str_eq(a->local, "type"))
                return "xsd.resource-type";
            if (x->is_manifest && str_eq(a->local, "intendeduse"))
                return "xsd.intendeduse";
            if (str_eq(a->local, "identifier") || str_eq(a->local, "identifierref"))
                return "xsd.identifier-lexical";
            if (str_eq(a->local, "href"))
                return "xsd.href-lexical";
        }
        return x->invalid_code;
    }
    if (code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2) {
        /* attribute not allowed: str1 is "{ns}name" or "name" */
        const char *name = e->str1 ? e->str1 : "";
        if (name[0] != '{' && x->is_manifest
            && (strcmp(name, "isvisible") == 0 || strcmp(name, "parameters") == 0))
            return x->invalid_code; /* R16: prohibited, not merely unknown */
        return "xsd.unknown-attribute";
    }
    if (code == XML_SCHEMAV_ELEMENT_CONTENT || code == XML_SCHEMAV_CVC_ELT_1
        || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3 || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4) {
        if (is_foreign(x, sj->ns) || sj->foreign_before || sj->foreign_child)
            return "xsd.foreign-element";
        if (!x->is_manifest && sj->dom && sj->local) {
            /* Descriptors are read by element name: importers do not mind
             * the order of known elements, nor an empty container.  The
             * message tells "missing child" from "not expected" (both are
             * XML_SCHEMAV_ELEMENT_CONTENT); the node decides the rest. */
            bool missing = e->message && strstr(e->message, "Missing child");
            if (missing && !sj->has_children)
                return "xsd.descriptor-empty";
            if (!missing && !sj->repeated)
                return "xsd.descriptor-order";
        }
    }
    return x->invalid_code;
}

/* ------------------------------------------------------------------ */
/* Schema errors that a profile rule reports too.
 *
 * Some deviations break the schema AND a profile rule that has its own,
 * lenient, severity (a manifest without LOM: R6, a warning in lenient
 * mode; an LTI link without vendor: R53).  The schema finding then takes
 * the severity of that rule in the mode, so that lenient mode does not
 * fail a cartridge through the back door of the XSD for what the rule
 * only warns about.  Strict mode is unchanged (the XSD's own severity;
 * the file stays schema-invalid either way).  A row names the situation
 * structurally: the element the error is about and either a required
 * child it lacks (a "missing child" content error that names that child)
 * or an attribute the schema does not allow on it. */
enum { FOLLOW_MISSING_CHILD, FOLLOW_ATTRIBUTE };
typedef struct follow {
    bool manifest;               /* a manifest row (else: descriptors) */
    const char *element;         /* local name of the element concerned */
    int what;                    /* FOLLOW_* */
    const char *name;            /* the child or attribute (local name) */
    const char *rule_code;       /* the profile rule whose severity it takes */
} follow;

static const follow follows[] = {
    {true, "metadata", FOLLOW_MISSING_CHILD, "lom", "manifest.no-lom"},
    {false, "cartridge_basiclti_link", FOLLOW_MISSING_CHILD, "vendor", "lti.vendor"},
    {false, "gradable", FOLLOW_ATTRIBUTE, "points_possible", "assignment.gradable-attribute"},
};
#define N_FOLLOWS (sizeof follows / sizeof follows[0])

static bool dom_has_child(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && str_eq(c->name, local))
            return true;
    return false;
}

/* The registered rule an error also is, or NULL. */
static const cckit_rule *follow_rule(const xcheck *x, const xmlError *e, const subject *sj)
{
    if (!sj->local)
        return NULL;
    int code = e->code;
    bool content = code == XML_SCHEMAV_ELEMENT_CONTENT || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4;
    bool missing = content && e->message && strstr(e->message, "Missing child");
    bool attr = code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2;
    for (size_t i = 0; i < N_FOLLOWS; i++) {
        const follow *f = &follows[i];
        if (f->manifest != x->is_manifest || !str_eq(sj->local, f->element))
            continue;
        if (f->what == FOLLOW_MISSING_CHILD && missing) {
            /* the child is absent and is the one the schema asks for */
            bool has = sj->dom ? dom_has_child(sj->node, f->name) : (sj->seen >> i) & 1u;
            char want[128];
            snprintf(want, sizeof want, "}%s ", f->name);
            if (!has && strstr(e->message, want))
                return cckit_rule_find(f->rule_code);
        } else if (f->what == FOLLOW_ATTRIBUTE && attr && e->str1) {
            const char *n = e->str1;
            if (n[0] == '{' && strchr(n, '}'))
                n = strchr(n, '}') + 1;
            if (strcmp(n, f->name) == 0)
                return cckit_rule_find(f->rule_code);
        }
    }
    return NULL;
}

/* "Element '{http://...}resource', attribute 'type': ..." reads better as
 * "Element 'resource', attribute 'type': ...": drop "{namespace}" of
 * names in the message (the namespace is the document's, or named in the
 * hint when it matters). */
static void tidy_message(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = in; *p && o + 1 < cap; p++) {
        if (*p == '{' && p > in && p[-1] == '\'') {
            const char *close = strchr(p, '}');
            const char *quote = strchr(p, '\'');
            if (close && (!quote || close < quote)) {
                p = close;
                continue;
            }
        }
        out[o++] = *p;
    }
    while (o && (out[o - 1] == '\n' || out[o - 1] == ' '))
        o--;
    out[o] = '\0';
}

static void report_schema_error(xcheck *x, const xmlError *e, const subject *sj, unsigned line)
{
    x->valid = false;
    const char *code = classify(x, e, sj);
    size_t i;
    for (i = 0; i < x->n_counts; i++)
        if (x->counts[i].code == code)
            break;
    if (i == x->n_counts && x->n_counts < sizeof x->counts / sizeof x->counts[0]) {
        x->counts[i].code = code;
        x->counts[i].n = 0;
        x->n_counts++;
    }
    if (i < x->n_counts && ++x->counts[i].n > MAX_PER_CODE)
        return;
    char msg[1024];
    tidy_message(e->message ? e->message : "schema error", msg, sizeof msg);
    const cckit_rule *self = cckit_rule_find(code);
    const cckit_rule *also = x->v->strict || !self ? NULL : follow_rule(x, e, sj);
    if (also && also->lenient_severity < self->lenient_severity) {
        cckit_vreport_sev(x->v, also->lenient_severity, code, x->file, line,
                          "%s (%s: %s in lenient mode)", msg, also->code,
                          cckit_severity_name(also->lenient_severity));
        return;
    }
    cckit_vreport(x->v, code, x->file, line, "%s", msg);
}

/* After a document: say how many findings of a code were not printed. */
static void report_overflow(xcheck *x)
{
    for (size_t i = 0; i < x->n_counts; i++)
        if (x->counts[i].n > MAX_PER_CODE)
            cckit_vreport(x->v, x->counts[i].code, x->file, 0,
                          "%u more findings of this kind in this file not listed",
                          x->counts[i].n - MAX_PER_CODE);
}

/* ------------------------------------------------------------------ */
/* Manifest: streaming validation.                                      */

typedef struct frame {
    const xmlChar *local, *ns;   /* dictionary strings of the parser */
    bool foreign_child;
    unsigned seen;               /* follow[] rows whose child it has */
} frame;

typedef struct mstream {
    xcheck x;
    xmlParserCtxtPtr ctxt;
    frame *stack;
    size_t depth, cap, max_depth;
    frame closing;               /* the element whose end tag is being handled */
    bool have_closing;
    bool foreign_before;         /* for the element being opened */
    /* attributes of the element being opened */
    xattr attrs[64];
    size_t n_attrs;
    char *vals;
    size_t vals_cap;
    cckit_idmap *ids;            /* xs:ID values seen (emulated uniqueness) */
    void **id_chunks;
    size_t n_id_chunks, cap_id_chunks;
    cckit_status status;
    char refusal[1100];
    unsigned refusal_line;
} mstream;

static unsigned m_line(mstream *m)
{
    return m->ctxt && m->ctxt->input ? (unsigned)m->ctxt->input->line : 0;
}

static void m_refuse(mstream *m, cckit_status st, const char *what)
{
    if (m->status == CCKIT_OK) {
        m->status = st;
        snprintf(m->refusal, sizeof m->refusal, "%s", what);
        m->refusal_line = m_line(m);
    }
    xmlStopParser(m->ctxt);
}

static void m_internal_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
                              const xmlChar *sid)
{
    CCKIT_UNUSED(name);
    CCKIT_UNUSED(eid);
    CCKIT_UNUSED(sid);
    m_refuse(((xmlParserCtxtPtr)ctx)->_private, CCKIT_E_UNSAFE,
             "DOCTYPE refused: cckit never loads DTDs or expands entities");
}

static void m_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pid,
                          const xmlChar *sid, xmlChar *content)
{
    CCKIT_UNUSED(name);
    CCKIT_UNUSED(type);
    CCKIT_UNUSED(pid);
    CCKIT_UNUSED(sid);
    CCKIT_UNUSED(content);
    m_refuse(((xmlParserCtxtPtr)ctx)->_private, CCKIT_E_UNSAFE, "entity declaration refused");
}

static xmlEntityPtr m_get_entity(void *ctx, const xmlChar *name)
{
    CCKIT_UNUSED(name);
    m_refuse(((xmlParserCtxtPtr)ctx)->_private, CCKIT_E_UNSAFE, "entity reference refused");
    return NULL;
}

/* Keep a copy of an ID value for the uniqueness check; true if new. */
static bool m_id_new(mstream *m, const char *val, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return true;
    memcpy(copy, val, len);
    copy[len] = '\0';
    bool oom = false;
    if (cckit_idmap_put(m->ids, copy, copy, &oom) != NULL || oom) {
        free(copy);
        return oom;
    }
    if (m->n_id_chunks == m->cap_id_chunks) {
        size_t nc = m->cap_id_chunks ? m->cap_id_chunks * 2 : 256;
        void **np = realloc(m->id_chunks, nc * sizeof *np);
        if (!np)
            return true; /* the map keeps the pointer; leak-free at worst skipped */
        m->id_chunks = np;
        m->cap_id_chunks = nc;
    }
    m->id_chunks[m->n_id_chunks++] = copy;
    return true;
}

static bool ncname_ok(const char *s, size_t n)
{
    /* Only what libxml2 would accept as an ID gets into its ID table;
     * a cheap ASCII approximation is enough (non-ASCII: accept). */
    if (n == 0)
        return false;
    unsigned char c = (unsigned char)s[0];
    bool letter = ((c | 32) >= 'a' && (c | 32) <= 'z');
    if (!(letter || c == '_' || c >= 0x80))
        return false;
    for (size_t i = 1; i < n; i++) {
        c = (unsigned char)s[i];
        if (!(c >= 0x80 || c == '_' || c == '-' || c == '.' || (c >= '0' && c <= '9')
              || ((c | 32) >= 'a' && (c | 32) <= 'z')))
            return false;
    }
    return true;
}

/* Without XML_PARSE_NOENT, libxml2's SAX2 hands attribute values over
 * with "&amp;" as "&#38;" (and "&lt;" as "&#60;"); the validator sees
 * the decoded value.  Decode character references in place; returns the
 * new length. */
static size_t decode_char_refs(char *s, size_t len)
{
    if (!memchr(s, '&', len))
        return len;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == '&' && i + 3 < len && s[i + 1] == '#') {
            size_t j = i + 2;
            unsigned long cp = 0;
            bool hex = s[j] == 'x';
            if (hex)
                j++;
            size_t start = j;
            while (j < len && j - start < 8
                   && (hex ? ((s[j] >= '0' && s[j] <= '9') || ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'f'))
                           : (s[j] >= '0' && s[j] <= '9'))) {
                int d = s[j] <= '9' ? s[j] - '0' : (s[j] | 32) - 'a' + 10;
                cp = cp * (hex ? 16 : 10) + (unsigned long)d;
                j++;
            }
            if (j > start && j < len && s[j] == ';' && cp > 0 && cp < 0x80) {
                s[o++] = (char)cp;
                i = j + 1;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

static void m_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                    int nns, const xmlChar **nss, int nattr, int ndef, const xmlChar **attrs)
{
    CCKIT_UNUSED(prefix);
    CCKIT_UNUSED(nns);
    CCKIT_UNUSED(nss);
    CCKIT_UNUSED(ndef);
    xmlParserCtxtPtr ctxt = ctx;
    mstream *m = ctxt->_private;
    m->have_closing = false;
    if (m->status != CCKIT_OK)
        return;
    if (uri && (str_eq(uri, "http://www.w3.org/2001/XInclude")
                || str_eq(uri, "http://www.w3.org/2003/XInclude"))) {
        m_refuse(m, CCKIT_E_UNSAFE, "XInclude refused");
        return;
    }
    if (m->depth >= m->max_depth) {
        m_refuse(m, CCKIT_E_LIMIT, "XML nesting too deep (limit --max-xml-depth)");
        return;
    }
    if (m->depth == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 32;
        frame *ns = realloc(m->stack, nc * sizeof *ns);
        if (!ns) {
            m_refuse(m, CCKIT_E_NOMEM, "out of memory");
            return;
        }
        m->stack = ns;
        m->cap = nc;
    }
    bool foreign = is_foreign(&m->x, uri);
    m->foreign_before = false;
    if (m->depth) {
        frame *parent = &m->stack[m->depth - 1];
        m->foreign_before = parent->foreign_child;
        if (foreign)
            parent->foreign_child = true;
        for (size_t i = 0; i < N_FOLLOWS; i++)
            if (follows[i].manifest && follows[i].what == FOLLOW_MISSING_CHILD
                && str_eq(local, follows[i].name) && str_eq(parent->local, follows[i].element))
                parent->seen |= 1u << i;
    }
    frame *f = &m->stack[m->depth++];
    f->local = local;
    f->ns = uri;
    f->foreign_child = false;
    f->seen = 0;

    /* Attributes: 5 pointers each (local, prefix, URI, value, end). */
    size_t need = 0, n = (size_t)nattr;
    if (n > sizeof m->attrs / sizeof m->attrs[0])
        n = sizeof m->attrs / sizeof m->attrs[0];
    for (size_t i = 0; i < n; i++)
        need += (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]) + 1;
    if (need > m->vals_cap) {
        char *nv = realloc(m->vals, need);
        if (!nv) {
            m_refuse(m, CCKIT_E_NOMEM, "out of memory");
            return;
        }
        m->vals = nv;
        m->vals_cap = need;
    }
    size_t off = 0;
    m->n_attrs = n;
    bool id_elem = uri && (m->x.doc_ns && str_eq(uri, m->x.doc_ns)
                           ? (str_eq(local, "manifest") || str_eq(local, "organization")
                              || str_eq(local, "item") || str_eq(local, "resource"))
                           : str_eq(local, "variant"));
    for (size_t i = 0; i < n; i++) {
        size_t len = (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]);
        memcpy(m->vals + off, attrs[i * 5 + 3], len);
        m->vals[off + len] = '\0';
        len = decode_char_refs(m->vals + off, len);
        m->attrs[i].local = attrs[i * 5];
        m->attrs[i].ns = attrs[i * 5 + 2];
        m->attrs[i].value = m->vals + off;
        bool is_id = (id_elem && !attrs[i * 5 + 2] && str_eq(attrs[i * 5], "identifier"))
                     || (str_eq(attrs[i * 5 + 2], "http://www.w3.org/XML/1998/namespace")
                         && str_eq(attrs[i * 5], "id"));
        if (is_id && ncname_ok(m->vals + off, len) && !m_id_new(m, m->vals + off, len)) {
            m->x.valid = false;
            cckit_vreport(m->x.v, "xsd.duplicate-id", m->x.file, m_line(m),
                          "Element '%s', attribute '%s': identifier '%s' is already used "
                          "in this manifest", (const char *)local, (const char *)attrs[i * 5],
                          m->vals + off);
        }
        off += len + 1;
    }
}

static void m_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    CCKIT_UNUSED(local);
    CCKIT_UNUSED(prefix);
    CCKIT_UNUSED(uri);
    xmlParserCtxtPtr ctxt = ctx;
    mstream *m = ctxt->_private;
    if (m->depth) {
        m->closing = m->stack[--m->depth];
        m->have_closing = true;
    }
    m->n_attrs = 0;
}

static void m_characters(void *ctx, const xmlChar *ch, int len)
{
    CCKIT_UNUSED(ch);
    CCKIT_UNUSED(len);
    mstream *m = ((xmlParserCtxtPtr)ctx)->_private;
    m->have_closing = false;
}

static void m_schema_error(void *ctx, xmlErrorPtr e)
{
    mstream *m = ctx;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    if (e->domain != XML_FROM_SCHEMASV) {
        /* a parse error: the reader accepted the file, so this is rare */
        if (m->status == CCKIT_OK) {
            m->status = CCKIT_E_XML;
            snprintf(m->refusal, sizeof m->refusal, "%s", e->message ? e->message : "not well-formed");
            size_t n = strlen(m->refusal);
            while (n && m->refusal[n - 1] == '\n')
                m->refusal[--n] = '\0';
            m->refusal_line = (unsigned)e->line;
        }
        return;
    }
    subject sj;
    memset(&sj, 0, sizeof sj);
    if (m->have_closing) {
        sj.local = m->closing.local;
        sj.ns = m->closing.ns;
        sj.foreign_child = m->closing.foreign_child;
        sj.seen = m->closing.seen;
    } else if (m->depth) {
        frame *f = &m->stack[m->depth - 1];
        sj.local = f->local;
        sj.ns = f->ns;
        sj.foreign_child = f->foreign_child;
        sj.seen = f->seen;
        sj.foreign_before = m->foreign_before;
        sj.attrs = m->attrs;
        sj.n_attrs = m->n_attrs;
    }
    report_schema_error(&m->x, e, &sj, m_line(m));
}

static int m_locator(void *ctx, const char **file, unsigned long *line)
{
    mstream *m = ctx;
    if (file)
        *file = NULL;
    if (line)
        *line = m_line(m);
    return 0;
}

typedef long (*chunk_fn)(void *ctx, void *buf, size_t n, cckit_error *err);

static long stream_rd(void *ctx, void *buf, size_t n, cckit_error *err)
{
    return cckit_stream_read(ctx, buf, n, err);
}

static long file_rd(void *ctx, void *buf, size_t n, cckit_error *err)
{
    size_t got = fread(buf, 1, n, ctx);
    if (got == 0 && ferror((FILE *)ctx)) {
        cckit_fail(err, CCKIT_E_IO, "read error");
        return -1;
    }
    return (long)got;
}

/* Validate one stream against schema; returns false when the validator
 * itself failed (already reported). */
static void validate_stream(mstream *m, xmlSchemaPtr schema, chunk_fn rd, void *rctx)
{
    cckit_vctx *v = m->x.v;
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    char *buf = malloc(64 * 1024);
    m->ids = cckit_idmap_new();
    if (!vc || !buf || !m->ids) {
        m->status = CCKIT_E_NOMEM;
        snprintf(m->refusal, sizeof m->refusal, "out of memory");
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(vc, m_schema_error, m);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = m_start;
    sax.endElementNs = m_end;
    sax.characters = m_characters;
    sax.cdataBlock = m_characters;
    sax.internalSubset = m_internal_subset;
    sax.entityDecl = m_entity_decl;
    sax.getEntity = m_get_entity;
    sax.getParameterEntity = m_get_entity;
    sax.serror = NULL;

    cckit_error rerr;
    long got;
    size_t have = 0;
    while (have < 4 && (got = rd(rctx, buf + have, 4 - have, &rerr)) > 0)
        have += (size_t)got;
    m->ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)have, m->x.file);
    if (!m->ctxt) {
        m->status = CCKIT_E_NOMEM;
        snprintf(m->refusal, sizeof m->refusal, "out of memory");
        goto done;
    }
    m->ctxt->_private = m;
    xmlCtxtUseOptions(m->ctxt, cckit_xml_parse_options() | XML_PARSE_BIG_LINES
                                   | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(vc, &m->ctxt->sax, &m->ctxt->userData);
    if (!plug) {
        m->status = CCKIT_E_NOMEM;
        snprintf(m->refusal, sizeof m->refusal, "cannot start the schema validator");
        goto done;
    }
    xmlSchemaValidateSetLocator(vc, m_locator, m);
    uint64_t total = have;
    uint64_t cap = v->opt->limits.max_manifest_size;
    for (;;) {
        got = rd(rctx, buf, 64 * 1024, &rerr);
        if (got < 0) {
            if (m->status == CCKIT_OK) {
                m->status = rerr.status;
                snprintf(m->refusal, sizeof m->refusal, "%s", rerr.message);
            }
            break;
        }
        total += (uint64_t)got;
        if (cap && total > cap) {
            if (m->status == CCKIT_OK) {
                m->status = CCKIT_E_LIMIT;
                snprintf(m->refusal, sizeof m->refusal, "larger than the manifest size limit");
            }
            break;
        }
        int rc = xmlParseChunk(m->ctxt, buf, (int)got, got == 0);
        if (m->status != CCKIT_OK)
            break;
        if (rc != 0 || (got == 0 && !m->ctxt->wellFormed)) {
            xmlErrorPtr pe = xmlCtxtGetLastError(m->ctxt);
            m->status = CCKIT_E_XML;
            snprintf(m->refusal, sizeof m->refusal, "%s",
                     pe && pe->message ? pe->message : "not well-formed");
            size_t n = strlen(m->refusal);
            while (n && m->refusal[n - 1] == '\n')
                m->refusal[--n] = '\0';
            m->refusal_line = pe ? (unsigned)pe->line : 0;
            break;
        }
        if (got == 0)
            break;
    }
    xmlSchemaSAXUnplug(plug);
done:
    if (m->ctxt) {
        if (m->ctxt->myDoc)
            xmlFreeDoc(m->ctxt->myDoc);
        m->ctxt->myDoc = NULL;
        xmlFreeParserCtxt(m->ctxt);
        m->ctxt = NULL;
    }
    if (vc)
        xmlSchemaFreeValidCtxt(vc);
    free(buf);
}

static void mstream_free(mstream *m)
{
    for (size_t i = 0; i < m->n_id_chunks; i++)
        free(m->id_chunks[i]);
    free(m->id_chunks);
    if (m->ids)
        cckit_idmap_free(m->ids);
    free(m->stack);
    free(m->vals);
}

/* Load the process-wide schema set once per validation. */
static bool ensure_schemas(cckit_vctx *v)
{
    if (v->schemas)
        return true;
    cckit_error err;
    if (cckit_schema_set_open(v->opt->schema_dir, &v->schemas, &err) != CCKIT_OK) {
        cckit_vreport(v, "xsd.schema-unavailable", NULL, 0, "%s", err.message);
        return false;
    }
    return true;
}

void cckit_check_xsd_manifest(cckit_vctx *v)
{
    const cckit_manifest *mf = v->m;
    if (!mf || !ensure_schemas(v))
        return;
    const char *file = "imsmanifest.xml";
    cckit_checked_file *cf = NULL;
    for (size_t i = 0; i < v->out->n_files; i++)
        if (strcmp(v->out->files[i].role, "manifest") == 0)
            cf = &v->out->files[i];
    if (!cf)
        cf = cckit_vfile(v, file, "manifest");

    const char *xsd = cckit_schema_pick(v->schemas, mf->version, mf->ns, "manifest", NULL);
    if (!xsd) {
        cckit_vreport(v, "xsd.no-schema", file, 0,
                      "no schema for a manifest in namespace \"%s\" (CC %s): not schema-checked",
                      mf->ns ? mf->ns : "(none)", cckit_cc_version_string(mf->version));
        return;
    }
    cckit_error err;
    xmlSchemaPtr schema = cckit_schema_get(v->schemas, xsd, &err);
    if (!schema) {
        cckit_vreport(v, "xsd.schema-unavailable", file, 0, "%s", err.message);
        return;
    }

    mstream m;
    memset(&m, 0, sizeof m);
    m.x.v = v;
    m.x.file = file;
    m.x.doc_ns = mf->ns;
    m.x.invalid_code = "xsd.manifest-invalid";
    m.x.is_manifest = true;
    m.x.valid = true;
    m.max_depth = v->opt->limits.max_xml_depth ? v->opt->limits.max_xml_depth : 128;

    if (v->src) {
        const cckit_entry *e = cckit_source_find(v->src, file);
        cckit_stream *s = NULL;
        if (!e || cckit_stream_open(v->src, e, &s, &err) != CCKIT_OK) {
            mstream_free(&m);
            return; /* the reader read it a moment ago; nothing new to say */
        }
        validate_stream(&m, schema, stream_rd, s);
        cckit_stream_close(s);
    } else {
        FILE *f = fopen(v->out->path, "rb");
        if (!f) {
            mstream_free(&m);
            return;
        }
        validate_stream(&m, schema, file_rd, f);
        fclose(f);
    }
    report_overflow(&m.x);
    free(cf->schema);
    cf->schema = strdup(xsd);
    if (m.status == CCKIT_OK) {
        cf->schema_valid = m.x.valid;
    } else {
        cf->schema_valid = false;
        const char *code = m.status == CCKIT_E_XML ? "xml.not-well-formed"
                         : m.status == CCKIT_E_UNSAFE ? "package.unsafe"
                         : m.status == CCKIT_E_LIMIT ? "package.limit"
                         : "xsd.schema-unavailable";
        if (!cckit_rule_find(code))
            code = "xml.not-well-formed";
        cckit_vreport(v, code, file, m.refusal_line, "%s", m.refusal);
    }
    mstream_free(&m);
}

/* ------------------------------------------------------------------ */
/* Descriptors: DOM validation.                                         */

typedef struct dcheck {
    xcheck x;
    xattr attrs[64];
} dcheck;

static bool node_foreign_before(const xcheck *x, xmlNodePtr n)
{
    for (xmlNodePtr p = n->prev; p; p = p->prev)
        if (p->type == XML_ELEMENT_NODE && is_foreign(x, p->ns ? p->ns->href : NULL))
            return true;
    return false;
}

static bool node_foreign_child(const xcheck *x, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && is_foreign(x, c->ns ? c->ns->href : NULL))
            return true;
    return false;
}

static void d_schema_error(void *ctx, xmlErrorPtr e)
{
    dcheck *d = ctx;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    subject sj;
    memset(&sj, 0, sizeof sj);
    xmlNodePtr n = e->node;
    if (n && n->type == XML_ATTRIBUTE_NODE)
        n = n->parent;
    if (n && n->type == XML_ELEMENT_NODE) {
        sj.local = n->name;
        sj.node = n;
        sj.ns = n->ns ? n->ns->href : NULL;
        sj.foreign_before = node_foreign_before(&d->x, n);
        sj.foreign_child = node_foreign_child(&d->x, n);
        sj.dom = true;
        for (xmlNodePtr p = n->prev; p; p = p->prev)
            if (p->type == XML_ELEMENT_NODE && xmlStrEqual(p->name, n->name)
                && (p->ns == n->ns || (p->ns && n->ns && xmlStrEqual(p->ns->href, n->ns->href)))) {
                sj.repeated = true;
                break;
            }
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE) {
                sj.has_children = true;
                break;
            }
        size_t k = 0;
        for (xmlAttrPtr a = n->properties; a && k < 64; a = a->next) {
            d->attrs[k].local = a->name;
            d->attrs[k].ns = a->ns ? a->ns->href : NULL;
            d->attrs[k].value = a->children && a->children->type == XML_TEXT_NODE
                                        && !a->children->next
                                    ? (const char *)a->children->content
                                    : NULL;
            k++;
        }
        sj.attrs = d->attrs;
        sj.n_attrs = k;
    }
    report_schema_error(&d->x, e, &sj, e->line > 0 ? (unsigned)e->line : 0);
}

static const char *invalid_code_of(const char *kind)
{
    if (!kind)
        return "xsd.discussion-invalid";
    if (strcmp(kind, "discussion") == 0)
        return "xsd.discussion-invalid";
    if (strcmp(kind, "weblink") == 0)
        return "xsd.weblink-invalid";
    if (strcmp(kind, "qti") == 0)
        return "xsd.qti-invalid";
    if (strcmp(kind, "lti") == 0)
        return "xsd.lti-invalid";
    if (strcmp(kind, "assignment") == 0)
        return "xsd.assignment-invalid";
    return "xsd.discussion-invalid";
}

static bool has_descriptor(cckit_kind k)
{
    switch (k) {
    case CCKIT_KIND_DISCUSSION:
    case CCKIT_KIND_WEBLINK:
    case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK:
    case CCKIT_KIND_LTI_LINK:
    case CCKIT_KIND_ASSIGNMENT:
        return true;
    default:
        return false;
    }
}

/* The package path of a resource's first file, or NULL. */
static char *descriptor_path(cckit_vctx *v, const cckit_resource *r)
{
    if (!r->n_files || !r->files[0].href || !v->src)
        return NULL;
    char *path = NULL;
    const char *base = r->xml_base ? r->xml_base : "";
    if (cckit_href_resolve_ex(base, r->files[0].href, 0, &path) == CCKIT_HREF_OK && path
        && cckit_source_find(v->src, path))
        return path;
    free(path);
    path = NULL;
    if (cckit_href_resolve_ex(base, r->files[0].href, CCKIT_HREF_LITERAL, &path) == CCKIT_HREF_OK
        && path && cckit_source_find(v->src, path))
        return path;
    free(path);
    return NULL;
}

/* Validate one parsed descriptor; returns the checked-file record. */
static void validate_descriptor(cckit_vctx *v, const char *entry, xmlDocPtr doc,
                                cckit_checked_file *cf)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    const char *ns = root && root->ns ? (const char *)root->ns->href : NULL;
    const char *kind = NULL;
    const char *xsd = root ? cckit_schema_pick(v->schemas, v->version, ns,
                                               (const char *)root->name, &kind)
                           : NULL;
    if (!xsd) {
        cckit_vreport(v, "xsd.descriptor-unknown-schema", entry, root ? (unsigned)root->line : 0,
                      "no schema for <%s> in namespace \"%s\" (CC %s): not schema-checked",
                      root ? (const char *)root->name : "?", ns ? ns : "(none)",
                      cckit_cc_version_string(v->version));
        return;
    }
    cckit_error err;
    xmlSchemaPtr schema = cckit_schema_get(v->schemas, xsd, &err);
    if (!schema) {
        cckit_vreport(v, "xsd.schema-unavailable", entry, 0, "%s", err.message);
        return;
    }
    dcheck d;
    memset(&d, 0, sizeof d);
    d.x.v = v;
    d.x.file = entry;
    d.x.doc_ns = ns;
    d.x.invalid_code = invalid_code_of(kind);
    d.x.valid = true;
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc)
        return;
    xmlSchemaSetValidStructuredErrors(vc, d_schema_error, &d);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc < 0) {
        cckit_vreport(v, "xsd.schema-unavailable", entry, 0,
                      "internal error while validating against %s", xsd);
        return;
    }
    if (rc > 0 && d.x.valid) {
        /* an error the structured handler did not see: still invalid */
        d.x.valid = false;
        cckit_vreport(v, d.x.invalid_code, entry, 0, "not valid against %s", xsd);
    }
    report_overflow(&d.x);
    if (cf) {
        cf->schema = strdup(xsd);
        cf->schema_valid = d.x.valid;
    }
}

static bool is_qti(cckit_kind k)
{
    return k == CCKIT_KIND_ASSESSMENT || k == CCKIT_KIND_QUESTION_BANK;
}

void cckit_check_descriptors(cckit_vctx *v)
{
    const cckit_manifest *mf = v->m;
    if (!mf || !v->src)
        return;
    bool have_schemas = ensure_schemas(v);
    /* One descriptor file may serve several resources: parse and
     * schema-check it once, but run the per-resource rules for each. */
    cckit_idmap *seen = cckit_idmap_new();
    char **owned = NULL;
    size_t n_owned = 0;
    if (!seen)
        return;
    for (size_t i = 0; i < mf->n_resources; i++) {
        const cckit_resource *r = mf->resources[i];
        if (r->kind == CCKIT_KIND_EPUB || r->kind == CCKIT_KIND_APIP || r->kind == CCKIT_KIND_IWB) {
            /* packages not profiled further (R55): not parsed, but the
             * descriptor rules say so, on the package file when it exists */
            char *pkg = descriptor_path(v, r);
            cckit_check_descriptor(v, r, pkg, NULL);
            free(pkg);
            continue;
        }
        if (!has_descriptor(r->kind))
            continue;
        if (r->embedded_descriptor && r->n_files == 0) {
            cckit_vreport(v, "xsd.embedded-descriptor", mf->file, r->pos.line,
                          "resource \"%s\" embeds its descriptor in the manifest; it is "
                          "checked only by the manifest schema", r->identifier ? r->identifier : "");
            continue;
        }
        char *path = descriptor_path(v, r);
        if (!path)
            continue; /* missing file: the package checker reports it */
        const cckit_entry *e = cckit_source_find(v->src, path);
        bool first = cckit_idmap_get(seen, path) == NULL;
        xmlDocPtr doc = NULL;
        cckit_error err;
        cckit_status st = cckit_xml_read_entry(v->src, e, &v->opt->limits, &doc, &err);
        bool stored = false;
        if (first) {
            char **no = realloc(owned, (n_owned + 1) * sizeof *no);
            bool oom = false;
            if (no) {
                owned = no;
                owned[n_owned++] = path;
                stored = true;
                cckit_idmap_put(seen, path, path, &oom);
            }
        }
        if (st != CCKIT_OK) {
            if (first) {
                cckit_checked_file *cf = cckit_vfile(v, path, "descriptor");
                CCKIT_UNUSED(cf);
                /* the message reads "NAME: line N: what" */
                unsigned line = 0;
                const char *msg = err.message;
                size_t pl = strlen(path);
                if (strncmp(msg, path, pl) == 0 && msg[pl] == ':') {
                    msg += pl + 1;
                    while (*msg == ' ')
                        msg++;
                    if (strncmp(msg, "line ", 5) == 0) {
                        line = (unsigned)strtoul(msg + 5, NULL, 10);
                        const char *colon = strchr(msg, ':');
                        if (colon) {
                            msg = colon + 1;
                            while (*msg == ' ')
                                msg++;
                        }
                    }
                }
                const char *code = st == CCKIT_E_XML ? "xml.not-well-formed"
                                 : st == CCKIT_E_UNSAFE ? "package.unsafe"
                                 : st == CCKIT_E_LIMIT ? "package.limit"
                                 : "package.unreadable";
                if (!cckit_rule_find(code))
                    code = "xml.not-well-formed";
                cckit_vreport(v, code, path, line, "%s", msg);
            }
            if (!stored)
                free(path);
            continue;
        }
        if (first) {
            cckit_checked_file *cf = cckit_vfile(v, path, "descriptor");
            if (have_schemas)
                validate_descriptor(v, path, doc, cf);
        }
        cckit_check_descriptor_root(v, r, path, doc);
        cckit_check_descriptor(v, r, path, doc);
        if (is_qti(r->kind))
            cckit_check_qti(v, r, path, doc);
        if (v->opt->links)
            cckit_check_descriptor_links(v, r, path, doc);
        xmlFreeDoc(doc);
        if (!stored)
            free(path);
    }
    cckit_idmap_free(seen);
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
}
