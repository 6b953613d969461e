/* xsd_check.c - XML Schema validation of the manifest and of every
 * descriptor against our own schemas/ (schema_set.c picks and compiles
 * them).
 *
 * The manifest is validated streaming (xsd_manifest.c); this file holds
 * the rule table, the classification both share and the DOM validation of
 * descriptors (the loop over them is descriptors.c).
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
#include "validate/xsd_check.h"
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
    {"xsd.manifest-invalid", "R2", ESEV, ESEV, "CC manifest XSD of the version",
     "imsmanifest.xml validates against the CC manifest schema of its version",
     "fix the element or attribute named in the message (order, cardinality, value)"},
    {"xsd.no-schema", NULL, WSEV, WSEV, "CC manifest XSD of the version",
     "the manifest namespace names a CC version cckit has a schema for",
     "use the manifest namespace of a CC version (1.0-1.4)"},
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
     "remove the attribute the message names; what it says belongs in the element or attribute "
     "the schema has for it, if any"},
    {"xsd.descriptor-order", NULL, ESEV, WSEV, "descriptor XSD of the kind",
     "descriptor elements appear in the order their schema gives",
     "move the element the message names to a place the message lists (the schema's order)"},
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
     "CC 1.3 and 1.4 may embed a descriptor in <resource>",
     "nothing to fix: embedded descriptors are not schema-checked separately yet"},
    {"xsd.schema-unavailable", NULL, ESEV, ESEV, "cckit installation",
     "cckit's own schema compiles",
     "reinstall cckit, or point CCKIT_SCHEMA_DIR at its schemas folder"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};



bool cckit_xsd_str_eq(const xmlChar *a, const char *b)
{
    return a && strcmp((const char *)a, b) == 0;
}

/* Namespaces that are part of the CC family for a document: its own, LOM,
 * authorization, curriculum standards, LTI pieces, XML.  Anything else
 * (including the CP extension of Canvas's variant) is foreign. */
bool cckit_xsd_is_foreign(const xcheck *x, const xmlChar *ns)
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

/* "Expected is ( {ns}name )" names exactly one expected element. */
static bool expects_only(const xmlError *e, const char *local)
{
    if (!e->message)
        return false;
    const char *p = strstr(e->message, "Expected is ( {");
    if (!p)
        return false;
    const char *close = strchr(p, '}');
    if (!close)
        return false;
    size_t n = strlen(local);
    return strncmp(close + 1, local, n) == 0 && strncmp(close + 1 + n, " ).", 3) == 0;
}

static bool ns_has(const xmlChar *ns, const char *part)
{
    return ns && strstr((const char *)ns, part);
}

/* The manifest LOM namespaces: CC 1.0's and the "LOM/manifest" of 1.1+. */
bool cckit_xsd_manifest_lom_ns(const xmlChar *ns)
{
    return ns && (cckit_xsd_str_eq(ns, "http://ltsc.ieee.org/xsd/imscc/LOM") || ns_has(ns, "/LOM/manifest"));
}

/* A manifest schema error that is exactly what a profile rule states:
 * the rule's code (its number, its severity in the mode), else NULL. */
static const char *manifest_rule_of(const xcheck *x, const xmlError *e, const subject *sj)
{
    if (!x->is_manifest || !sj->local)
        return NULL;
    int code = e->code;
    bool content = code == XML_SCHEMAV_ELEMENT_CONTENT || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4
                   || code == XML_SCHEMAV_CVC_ELT_1;
    bool missing = content && e->message && strstr(e->message, "Missing child");
    bool value = code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1
                 && code <= XML_SCHEMAV_CVC_ENUMERATION_VALID;
    bool attr = code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2;
    bool in_doc_ns = sj->ns && x->doc_ns && cckit_xsd_str_eq(sj->ns, x->doc_ns);
    if (content && !missing && cckit_xsd_str_eq(sj->parent, "metadata") && cckit_xsd_str_eq(sj->grandparent, "manifest")) {
        if (expects_only(e, "schemaversion"))
            return "manifest.no-schemaversion";                  /* R4 */
        if (expects_only(e, "schema"))
            return "manifest.schema";                            /* R4 */
    }
    if (cckit_xsd_manifest_lom_ns(sj->ns) && (!cckit_xsd_str_eq(sj->local, "lom") || missing))
        return "manifest.lom-profile";                           /* R7 */
    if (content && !missing && cckit_xsd_str_eq(sj->local, "curriculumStandardsMetadataSet"))
        return "manifest.csm-placement";                         /* R64 */
    if (ns_has(sj->ns, "imscsmd"))
        return "manifest.csm-structure";                         /* R63 */
    if (content && !missing && cckit_xsd_str_eq(sj->parent, "manifest") && in_doc_ns) {
        if (expects_only(e, "metadata"))
            return "manifest.no-metadata";                       /* R4 */
        if (expects_only(e, "organizations"))
            return "manifest.no-organizations";                  /* R11 */
    }
    const char *aname = attr && e->str1 ? e->str1 : "";
    bool item = cckit_xsd_str_eq(sj->local, "item") && in_doc_ns;
    bool root_item = item && cckit_xsd_str_eq(sj->parent, "organization");
    if (e->message && strstr(e->message, "attribute 'structure'") && cckit_xsd_str_eq(sj->local, "organization"))
        return "manifest.org-structure";                         /* R13 */
    if (root_item && attr && strcmp(aname, "identifierref") == 0)
        return "manifest.root-item-identifierref";               /* R14 */
    if (content && !missing && cckit_xsd_str_eq(sj->local, "title") && cckit_xsd_str_eq(sj->parent, "item")
        && cckit_xsd_str_eq(sj->grandparent, "organization"))
        return "manifest.root-item-title";                       /* R14 */
    if (item && missing && expects_only(e, "title"))
        return "manifest.item-no-title";                         /* R15 */
    if (item && attr && (strcmp(aname, "isvisible") == 0 || strcmp(aname, "parameters") == 0))
        return "manifest.item-prohibited-attribute";             /* R16 */
    if (attr && cckit_xsd_str_eq(sj->local, "manifest") && strcmp(aname, "version") == 0)
        return "manifest.version-attribute";                     /* R3 */
    if (attr && cckit_xsd_str_eq(sj->local, "organizations") && e->str1 && strcmp(e->str1, "default") == 0)
        return "manifest.organizations-default";                 /* R12 */
    if (cckit_xsd_str_eq(sj->local, "metadata") && missing && expects_only(e, "lom"))
        return cckit_xsd_str_eq(sj->parent, "manifest") ? "manifest.no-lom"          /* R6 */
                                              : "manifest.resource-metadata"; /* R33 */
    if (content && !missing && cckit_xsd_str_eq(sj->parent, "metadata") && cckit_xsd_str_eq(sj->grandparent, "resource"))
        return "manifest.resource-metadata";                     /* R33 */
    if (value && (cckit_xsd_str_eq(sj->local, "value") || cckit_xsd_str_eq(sj->local, "source"))
        && (cckit_xsd_str_eq(sj->parent, "intendedEndUserRole") || cckit_xsd_str_eq(sj->parent, "context")))
        return "manifest.role-vocabulary";                       /* R34 */
    if (ns_has(sj->ns, "/LOM/resource") || cckit_xsd_str_eq(sj->ns, "http://ltsc.ieee.org/xsd/LOM"))
        return "manifest.resource-metadata";                     /* R33 */
    if (value && cckit_xsd_str_eq(sj->local, "schema") && cckit_xsd_str_eq(sj->parent, "metadata") && in_doc_ns)
        return e->str1 && strstr(e->str1, "Thin") ? "manifest.thin-version" /* R66 */
                                                  : "manifest.schema";      /* R4 */
    if (content && cckit_xsd_str_eq(sj->parent, "authorization") && !ns_has(sj->ns, "imsccauth")
        && (cckit_xsd_str_eq(sj->local, "cartridgeId") || cckit_xsd_str_eq(sj->local, "webservice")))
        return "manifest.auth-unqualified";                      /* R56 */
    if (ns_has(sj->ns, "imsccauth")) {
        if (value && cckit_xsd_str_eq(sj->local, "authorizations"))
            return "manifest.auth-access";                       /* R56 */
        if (content && expects_only(e, "cartridgeId"))
            return "manifest.auth-cartridge-id";                 /* R56 */
    }
    return NULL;
}

/* The code for an error inside a descriptor written inline in the
 * manifest (Thin CC 1.4), when the manifest's schema knows that
 * descriptor: a broken web link is a broken web link, not an unknown
 * extension.  NULL for other namespaces. */
static const char *embedded_code(const xmlChar *ns)
{
    const char *s = (const char *)ns;
    if (!s || strncmp(s, "http://www.imsglobal.org/xsd/", 29) != 0)
        return NULL;
    if (strstr(s, "/imswl_v1p"))
        return "xsd.weblink-invalid";
    if (strstr(s, "/imsdt_v1p"))
        return "xsd.discussion-invalid";
    if (strstr(s, "imslticc_v1p"))
        return "xsd.lti-invalid";
    return NULL;
}

static const char *classify(const xcheck *x, const xmlError *e, const subject *sj)
{
    int code = e->code;
    const char *rule = manifest_rule_of(x, e, sj);
    if (rule)
        return rule;
    if (code == XML_SCHEMAV_CVC_TYPE_3_1_1)
        return "xsd.unknown-attribute"; /* attributes on an element of simple type */
    if (code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 && code <= XML_SCHEMAV_CVC_ENUMERATION_VALID
        && e->str1) {
        /* A value error: find the attribute holding that value. */
        for (size_t i = 0; i < sj->n_attrs; i++) {
            const xattr *a = &sj->attrs[i];
            if (!a->value || strcmp(a->value, e->str1) != 0)
                continue;
            if (a->ns && cckit_xsd_str_eq(a->ns, "http://www.w3.org/XML/1998/namespace")) {
                if (cckit_xsd_str_eq(a->local, "base"))
                    return "xsd.href-lexical";
                continue;
            }
            if (a->ns)
                continue;
            if (x->is_manifest && cckit_xsd_str_eq(sj->local, "resource") && cckit_xsd_str_eq(a->local, "type"))
                return "xsd.resource-type";
            if (x->is_manifest && cckit_xsd_str_eq(a->local, "intendeduse"))
                return "xsd.intendeduse";
            if (cckit_xsd_str_eq(a->local, "identifier") || cckit_xsd_str_eq(a->local, "identifierref"))
                return "xsd.identifier-lexical";
            if (cckit_xsd_str_eq(a->local, "href"))
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
        /* cvc-elt.1: the schema has no declaration for it (an unknown
         * extension); any other content error is one of a known model */
        if (x->is_manifest && code != XML_SCHEMAV_CVC_ELT_1 && embedded_code(sj->ns))
            return embedded_code(sj->ns);
        if (cckit_xsd_is_foreign(x, sj->ns) || sj->foreign_before || sj->foreign_child)
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
    {false, "cartridge_basiclti_link", FOLLOW_MISSING_CHILD, "vendor", "lti.vendor"},
    {false, "gradable", FOLLOW_ATTRIBUTE, "points_possible", "assignment.gradable-attribute"},
};
#define N_FOLLOWS (sizeof follows / sizeof follows[0])

static bool dom_has_child(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && cckit_xsd_str_eq(c->name, local))
            return true;
    return false;
}

/* The manifest rows of follows[] that child, under parent, satisfies
 * (the streaming validator keeps them per open element). */
unsigned cckit_xsd_follow_bits(const xmlChar *parent, const xmlChar *child)
{
    unsigned bits = 0;
    for (size_t i = 0; i < N_FOLLOWS; i++)
        if (follows[i].manifest && follows[i].what == FOLLOW_MISSING_CHILD
            && cckit_xsd_str_eq(child, follows[i].name)
            && cckit_xsd_str_eq(parent, follows[i].element))
            bits |= 1u << i;
    return bits;
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
        if (f->manifest != x->is_manifest || !cckit_xsd_str_eq(sj->local, f->element))
            continue;
        if (f->what == FOLLOW_MISSING_CHILD && missing) {
            /* the child is absent and is the one the schema asks for */
            bool has = sj->dom ? dom_has_child(sj->node, f->name) : (sj->seen >> i) & 1u;
            char want[128];
            snprintf(want, sizeof want, "}%s ", f->name);
            if (!has && strstr(e->message, want))
                return cckit_vrule(x->v, f->rule_code);
        } else if (f->what == FOLLOW_ATTRIBUTE && attr && e->str1) {
            const char *n = e->str1;
            if (n[0] == '{' && strchr(n, '}'))
                n = strchr(n, '}') + 1;
            if (strcmp(n, f->name) == 0)
                return cckit_vrule(x->v, f->rule_code);
        }
    }
    return NULL;
}

/* True if a profile check already reported this finding of code in the
 * file: the n-th schema error of a rule code is said when the rule said
 * fewer than n (the rules run first; one defect, one finding). */
static bool already_told(xcheck *x, const char *code)
{
    if (strncmp(code, "xsd.", 4) == 0 || strncmp(code, "xml.", 4) == 0)
        return false;
    size_t i;
    for (i = 0; i < x->n_told && strcmp(x->told[i].code, code) != 0; i++)
        ;
    if (i == x->n_told) {
        if (x->n_told == sizeof x->told / sizeof x->told[0])
            return false;
        x->told[x->n_told].code = code;
        x->told[x->n_told].used = 0;
        x->told[x->n_told++].mine = 0;
    }
    size_t said = 0, need = x->told[i].used + x->told[i].mine + 1;
    const cckit_diags *ds = &x->v->out->diags;
    for (size_t k = 0; k < ds->n && said < need; k++)
        if (strcmp(ds->v[k].code, code) == 0 && ds->v[k].file && strcmp(ds->v[k].file, x->file) == 0)
            said++;
    if (said == need) {
        x->told[i].used++;
        return true;
    }
    x->told[i].mine++;
    return false;
}

void cckit_xsd_report_error(xcheck *x, const xmlError *e, const subject *sj, unsigned line)
{
    x->valid = false;
    const char *code = classify(x, e, sj);
    if (already_told(x, code))
        return;
    char msg[1024];
    const char *parent = sj->parent ? (const char *)sj->parent
                       : sj->node && sj->node->parent && sj->node->parent->type == XML_ELEMENT_NODE
                           ? (const char *)sj->node->parent->name
                           : NULL;
    cckit_schema_message(e->message ? e->message : "schema error", parent, msg, sizeof msg);
    const cckit_rule *self = cckit_vrule(x->v, code);
    /* In strict mode too: its lenient severity (cckit_vreport_lenient). */
    const cckit_rule *also = !self ? NULL : follow_rule(x, e, sj);
    if (also && also->lenient_severity < self->lenient_severity && x->v->strict) {
        cckit_vreport_lenient(x->v, also->lenient_severity, code, x->file, line, "%s", msg);
        return;
    }
    if (also && also->lenient_severity < self->lenient_severity) {
        cckit_vreport_sev(x->v, also->lenient_severity, code, x->file, line,
                          "%s (%s: %s in lenient mode)", msg, also->code,
                          cckit_severity_name(also->lenient_severity));
        return;
    }
    cckit_vreport(x->v, code, x->file, line, "%s", msg);
}

/* Load the process-wide schema set once per validation. */
bool cckit_xsd_ensure_schemas(cckit_vctx *v)
{
    if (v->schemas)
        return true;
    cckit_error err;
    if (cckit_schema_set_open(v->opt->schema_dir, &v->schemas, &err) != CCKIT_OK) {
        if (!cckit_vnomem_if(v, err.status))
            cckit_vreport(v, "xsd.schema-unavailable", NULL, 0, "%s", err.message);
        return false;
    }
    return true;
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
        if (p->type == XML_ELEMENT_NODE && cckit_xsd_is_foreign(x, p->ns ? p->ns->href : NULL))
            return true;
    return false;
}

static bool node_foreign_child(const xcheck *x, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && cckit_xsd_is_foreign(x, c->ns ? c->ns->href : NULL))
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
    cckit_xsd_report_error(&d->x, e, &sj, e->line > 0 ? (unsigned)e->line : 0);
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

/* Validate one parsed descriptor; records the verdict in cf. */
void cckit_check_xsd_descriptor(cckit_vctx *v, const char *entry, xmlDocPtr doc,
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
        if (!cckit_vnomem_if(v, err.status))
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
    if (!vc) {
        cckit_vnomem(v);
        return;
    }
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
    if (cf) {
        cf->schema = strdup(xsd);
        if (!cf->schema)
            cckit_vnomem(v);
        cf->schema_valid = d.x.valid;
    }
}

