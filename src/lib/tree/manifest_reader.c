/* manifest_reader.c - imsmanifest.xml into the resource tree.
 *
 * A streaming SAX2 parse (libxml2 push parser): the manifest is never
 * held whole in memory as a DOM, so a 9 MB manifest costs only its tree.
 * Lenient on purpose: real exports mix versions' type strings, use
 * identifiers that are not NCNames, put foreign elements where they
 * like.  Each such oddity is recorded in m->diags for the validator; only
 * what makes the document unreadable or unsafe stops the read (not
 * well-formed, a DOCTYPE, XInclude, a cap hit).
 */
#include "base/internal.h"
#include "tree/tree.h"
#include "tree/producer.h"
#include "xml/xml_doc.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <stdlib.h>
#include <string.h>

#define CPX_SUFFIX "imscp_extensionv1p2"
#define MAX_TEXT (64 * 1024)     /* longest title/description kept */
#define MAX_SAME_ODDITY 50       /* then one summary line per code */

/* What an open element is, as far as the tree cares. */
typedef enum elem {
    E_OTHER = 0,
    E_MANIFEST,
    E_METADATA,        /* manifest-level <metadata> */
    E_SCHEMA,
    E_SCHEMAVERSION,
    E_LOM,             /* manifest-level LOM record and everything in it */
    E_ORGANIZATIONS,
    E_ORGANIZATION,
    E_ITEM,
    E_TITLE,           /* <title> of an item or organization */
    E_RESOURCES,
    E_RESOURCE,
    E_RES_METADATA,    /* <metadata> of a resource */
    E_FILE,
    E_DEPENDENCY,
    E_VARIANT,
    E_EMBEDDED,        /* inline descriptor inside a CC 1.3 resource */
    E_AUTHORIZATIONS,
    E_AUTHORIZATION,
    E_AUTH_CARTRIDGEID,
    E_AUTH_WEBSERVICE,
    E_SKIP             /* foreign subtree: ignored */
} elem;

typedef struct frame {
    elem kind;
    const xmlChar *local;   /* interned by the parser's dictionary */
    cckit_item *item;       /* E_ITEM */
} frame;

/* Which text is being collected, and where it goes. */
typedef enum capture {
    CAP_NONE = 0,
    CAP_SCHEMA,
    CAP_SCHEMAVERSION,
    CAP_LOM_TITLE,
    CAP_LOM_DESCRIPTION,
    CAP_LOM_LANGUAGE,
    CAP_LOM_KEYWORD,
    CAP_LOM_RIGHTS,
    CAP_ITEM_TITLE,
    CAP_ORG_TITLE,
    CAP_AUTH_CARTRIDGEID,
    CAP_AUTH_WEBSERVICE,
    CAP_VOCAB_SOURCE,        /* source of a resource LOM role/context */
    CAP_VOCAB_VALUE
} capture;

struct oddity_count {
    const char *code;
    unsigned n;
};

typedef struct reader {
    cckit_xml_refuser refuser;   /* first: the DTD guard finds it in _private */
    xmlParserCtxtPtr ctxt;
    cckit_manifest *m;
    const cckit_limits *lim;
    cckit_error *err;
    cckit_status status;      /* first fatal problem */
    const xmlChar *cp_ns;     /* namespace of <manifest> */
    frame *stack;
    unsigned depth;
    capture cap;
    unsigned cap_depth;       /* element depth the capture belongs to */
    cckit_strbuf text;
    cckit_item *cap_item;
    cckit_resource *res;      /* current <resource> */
    cckit_vocab *vocab;       /* open educational/intendedEndUserRole|context */
    unsigned vocab_depth;     /* its element depth */
    cckit_organization *org;  /* current <organization>, if the first */
    cckit_idmap *all_ids;     /* items + resources + organizations */
    bool seen_root;
    bool lom_title_done, lom_desc_done, lom_lang_done, lom_rights_done;
    uint64_t bytes;
    struct oddity_count odd[64];
    size_t n_odd;
} reader;

/* ------------------------------------------------------------------ */

static void stop(reader *r, cckit_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void stop(reader *r, cckit_status st, const char *fmt, ...)
{
    if (r->status == CCKIT_OK) {
        r->status = st;
        va_list ap;
        va_start(ap, fmt);
        cckit_vfail(r->err, st, fmt, ap);
        va_end(ap);
    }
    if (r->ctxt)
        xmlStopParser(r->ctxt);
}

/* stop() about a place of the manifest ("FILE: line N: TEXT"), with the
 * cap that was hit if any: the error carries file, line and limit. */
static void stop_at(reader *r, cckit_status st, cckit_limit_id lim, unsigned line,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void stop_at(reader *r, cckit_status st, cckit_limit_id lim, unsigned line,
                    const char *fmt, ...)
{
    if (r->status == CCKIT_OK) {
        char text[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        r->status = st;
        cckit_fail_limit(r->err, lim, cckit_fail_at(r->err, st, r->m->file, line, "%s", text));
    }
    if (r->ctxt)
        xmlStopParser(r->ctxt);
}

static unsigned line_of(reader *r)
{
    return r->ctxt ? (unsigned)xmlSAX2GetLineNumber(r->ctxt) : 0;
}

/* Record a non-fatal oddity; repeated codes are summarised. */
/* A finding of the reader; its rule and hint come from its registry
 * rows (reader_rules.c), never from here. */
static void oddity(reader *r, cckit_severity sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void oddity(reader *r, cckit_severity sev, const char *code, const char *fmt, ...)
{
    const cckit_rule *row = cckit_rule_in(cckit_rules_reader, code);
    const char *rule = row ? row->rule : NULL, *hint = row ? row->hint : NULL;
    size_t i;
    for (i = 0; i < r->n_odd; i++)
        if (r->odd[i].code == code)
            break;
    if (i == r->n_odd && r->n_odd < sizeof r->odd / sizeof r->odd[0]) {
        r->odd[i].code = code;
        r->odd[i].n = 0;
        r->n_odd++;
    }
    if (i < r->n_odd && ++r->odd[i].n > MAX_SAME_ODDITY)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!cckit_diags_add(&r->m->diags, sev, code, rule, r->m->file, line_of(r),
                         hint, "%s", msg))
        stop(r, CCKIT_E_NOMEM, "out of memory");
}

static char *adup(reader *r, const char *s)
{
    char *p = cckit_arena_strdup(r->m->arena, s);
    if (!p && s)
        stop(r, CCKIT_E_NOMEM, "out of memory");
    return p;
}

/* Attribute lookup in SAX2's (local, prefix, URI, value, end) tuples.
 * ns NULL matches only unprefixed attributes; ns "*" matches any. */
static char *attr(reader *r, int n, const xmlChar **attrs, const char *local,
                  const char *ns)
{
    /* Once stopped, libxml2 (xmlHaltParser) has freed the input buffer
     * the attribute values point into: read nothing more. */
    if (r->status != CCKIT_OK)
        return NULL;
    for (int i = 0; i < n; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (strcmp((const char *)a[0], local) != 0)
            continue;
        if (ns && strcmp(ns, "*") != 0 && (!a[2] || strcmp((const char *)a[2], ns) != 0))
            continue;
        if (!ns && a[2])
            continue;
        char *v = cckit_arena_strndup(r->m->arena, (const char *)a[3],
                                      (size_t)(a[4] - a[3]));
        if (!v) {
            stop(r, CCKIT_E_NOMEM, "out of memory");
            return NULL;
        }
        /* Without entity substitution libxml2 hands SAX an '&' in an
         * attribute value (written &amp; or &#38;) as the five bytes
         * "&#38;"; every other reference arrives decoded.  One pass, left
         * to right, restores the value. */
        char *w = v;
        for (const char *p = v; *p;) {
            if (strncmp(p, "&#38;", 5) == 0) {
                *w++ = '&';
                p += 5;
            } else {
                *w++ = *p++;
            }
        }
        *w = '\0';
        return v;
    }
    return NULL;
}

/* xs:NCName, approximately: non-ASCII bytes are taken as name characters. */
static bool is_ncname(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!*p)
        return false;
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' || *p >= 0x80))
        return false;
    for (p++; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
              || *p == '_' || *p == '-' || *p == '.' || *p >= 0x80))
            return false;
    return true;
}

/* Identifiers: lexical form and uniqueness across the whole manifest. */
static void note_identifier(reader *r, const char *id, const char *what, void *node)
{
    if (!id) {
        oddity(r, CCKIT_SEV_ERROR, "manifest.missing-identifier",
               "%s without an identifier attribute", what);
        return;
    }
    if (!is_ncname(id))
        oddity(r, CCKIT_SEV_WARNING, "manifest.id-not-ncname",
               "%s identifier \"%s\" is not an NCName", what, id);
    bool oom = false;
    if (cckit_idmap_put(r->all_ids, id, node, &oom))
        oddity(r, CCKIT_SEV_ERROR, "manifest.duplicate-id",
               "identifier \"%s\" of this %s is already used earlier in the manifest", id, what);
    else if (oom)
        stop(r, CCKIT_E_NOMEM, "out of memory");
}

static bool is_cp(reader *r, const xmlChar *uri)
{
    if (!r->cp_ns)
        return uri == NULL;
    return uri && strcmp((const char *)uri, (const char *)r->cp_ns) == 0;
}

static bool ns_ends_with(const xmlChar *uri, const char *suffix)
{
    if (!uri)
        return false;
    size_t a = strlen((const char *)uri), b = strlen(suffix);
    return a >= b && strcmp((const char *)uri + a - b, suffix) == 0;
}

static bool local_is(const xmlChar *local, const char *name)
{
    return strcmp((const char *)local, name) == 0;
}

/* Local name of the ancestor `up` levels above the element being opened
 * (1 = its parent); NULL when there is none. */
static const char *ancestor(reader *r, unsigned up)
{
    if (up > r->depth)
        return NULL;
    return (const char *)r->stack[r->depth - up].local;
}

static elem parent_kind(reader *r)
{
    return r->depth ? r->stack[r->depth - 1].kind : E_OTHER;
}

static void begin_capture(reader *r, capture c)
{
    r->cap = c;
    r->cap_depth = r->depth;   /* depth of the element being opened */
    cckit_strbuf_reset(&r->text);
}

/* Inside a resource's <metadata>: lom/educational/intendedEndUserRole and
 * lom/educational/context open a vocabulary entry (R34), whose <source>
 * and <value> children are captured (with any langstring inside). */
static void res_metadata_element(reader *r, const xmlChar *local)
{
    const char *parent = r->depth ? (const char *)r->stack[r->depth - 1].local : NULL;
    bool role = local_is(local, "intendedEndUserRole");
    if ((role || local_is(local, "context")) && parent && strcmp(parent, "educational") == 0) {
        r->vocab = cckit_tree_add_vocab(r->m, r->res, role);
        if (!r->vocab) {
            stop(r, CCKIT_E_NOMEM, "out of memory");
            return;
        }
        r->vocab->pos.file = r->m->file;
        r->vocab->pos.line = line_of(r);
        r->vocab_depth = r->depth;
    } else if (r->vocab && r->depth == r->vocab_depth + 1 && r->cap == CAP_NONE) {
        if (local_is(local, "source"))
            begin_capture(r, CAP_VOCAB_SOURCE);
        else if (local_is(local, "value"))
            begin_capture(r, CAP_VOCAB_VALUE);
    }
}

/* Strip leading and trailing XML white space in place. */
static char *trim(char *s)
{
    if (!s)
        return s;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* ------------------------------------------------------------------ */
/* Element handlers                                                    */

static elem open_manifest(reader *r, const xmlChar *uri, int nattr, const xmlChar **attrs)
{
    cckit_manifest *m = r->m;
    r->cp_ns = uri;
    m->ns = adup(r, (const char *)uri);
    m->identifier = attr(r, nattr, attrs, "identifier", NULL);
    note_identifier(r, m->identifier, "manifest", m);
    cckit_cc_version v = cckit_version_of_namespace((const char *)uri);
    if (v) {
        m->version = v;
        m->version_source = CCKIT_VSRC_NAMESPACE;
    } else if (uri && strstr((const char *)uri, "imscp_v1p1") == NULL) {
        oddity(r, CCKIT_SEV_WARNING, "manifest.unknown-namespace",
               "<manifest> is in namespace \"%s\", not a Common Cartridge one", uri);
    } else if (!uri) {
        oddity(r, CCKIT_SEV_WARNING, "manifest.no-namespace",
               "<manifest> has no namespace");
    }
    char *ver = attr(r, nattr, attrs, "version", NULL);
    if (ver)
        oddity(r, CCKIT_SEV_WARNING, "manifest.version-attribute",
               "<manifest version=\"%s\"> is prohibited in Common Cartridge", ver);
    return E_MANIFEST;
}

static elem open_item(reader *r, int nattr, const xmlChar **attrs)
{
    cckit_organization *org = r->org;
    if (!org)
        return E_SKIP;   /* items of a second organization are not kept */
    cckit_item *parent = NULL;
    if (parent_kind(r) == E_ITEM)
        parent = r->stack[r->depth - 1].item;
    cckit_item *it = cckit_tree_add_item(r->m, org, parent);
    if (!it) {
        stop(r, CCKIT_E_NOMEM, "out of memory");
        return E_SKIP;
    }
    it->pos.file = r->m->file;
    it->pos.line = line_of(r);
    it->identifier = attr(r, nattr, attrs, "identifier", NULL);
    note_identifier(r, it->identifier, "item", it);
    it->identifierref = attr(r, nattr, attrs, "identifierref", NULL);
    char *t = attr(r, nattr, attrs, "title", NULL);
    if (t) {
        it->title = t;
        it->title_is_attribute = true;
        oddity(r, CCKIT_SEV_WARNING, "manifest.item-title-attribute",
               "item \"%s\" has a title attribute instead of a <title> element",
               it->identifier ? it->identifier : "?");
    }
    if (attr(r, nattr, attrs, "isvisible", NULL) || attr(r, nattr, attrs, "parameters", NULL))
        oddity(r, CCKIT_SEV_WARNING, "manifest.item-prohibited-attribute",
               "item \"%s\" has isvisible or parameters, which CC prohibits",
               it->identifier ? it->identifier : "?");
    r->stack[r->depth].item = it;
    return E_ITEM;
}

static elem open_resource(reader *r, int nattr, const xmlChar **attrs)
{
    cckit_resource *res = cckit_tree_add_resource(r->m);
    if (!res) {
        stop(r, CCKIT_E_NOMEM, "out of memory");
        return E_SKIP;
    }
    res->pos.file = r->m->file;
    res->pos.line = line_of(r);
    res->identifier = attr(r, nattr, attrs, "identifier", NULL);
    note_identifier(r, res->identifier, "resource", res);
    if (res->identifier) {
        bool oom = false;
        cckit_idmap_put(r->m->ids, res->identifier, res, &oom);
        if (oom)
            stop(r, CCKIT_E_NOMEM, "out of memory");
    }
    res->type = attr(r, nattr, attrs, "type", NULL);
    res->kind = cckit_kind_of_type(res->type, &res->type_version);
    if (!res->type)
        oddity(r, CCKIT_SEV_ERROR, "manifest.resource-no-type",
               "resource \"%s\" has no type attribute",
               res->identifier ? res->identifier : "?");
    else if (res->kind == CCKIT_KIND_UNKNOWN)
        oddity(r, CCKIT_SEV_WARNING, "manifest.unknown-type",
               "resource \"%s\" has unknown type \"%s\"",
               res->identifier ? res->identifier : "?", res->type);
    res->href = attr(r, nattr, attrs, "href", NULL);
    res->xml_base = attr(r, nattr, attrs, "base", (const char *)XML_XML_NAMESPACE);
    res->intendeduse = attr(r, nattr, attrs, "intendeduse", NULL);
    char *prot = attr(r, nattr, attrs, "protected", "*");
    res->is_protected = prot && (strcmp(prot, "true") == 0 || strcmp(prot, "1") == 0);
    r->res = res;
    return E_RESOURCE;
}

static void start_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
                          const xmlChar *uri, int nns, const xmlChar **nss,
                          int nattr, int ndefaulted, const xmlChar **attrs)
{
    reader *r = ((xmlParserCtxtPtr)ctx)->_private;
    CCKIT_UNUSED(prefix);
    CCKIT_UNUSED(ndefaulted);
    if (r->status != CCKIT_OK)
        return;
    r->m->n_elements++;
    /* declarations are few: the producer's namespaces cost nothing more */
    for (int i = 0; i < nns; i++)
        r->m->producer_signs |= cckit_signs_of_ns((const char *)nss[2 * i + 1]);
    if (r->depth >= r->lim->max_xml_depth) {
        stop_at(r, CCKIT_E_LIMIT, CCKIT_LIMIT_XML_DEPTH, line_of(r),
                "XML nesting deeper than %u elements", r->lim->max_xml_depth);
        return;
    }
    if (cckit_xml_is_xinclude(uri)) {
        stop_at(r, CCKIT_E_UNSAFE, CCKIT_LIMIT_NONE, line_of(r),
                "XInclude element <%s> refused: a cartridge manifest "
                "must be self-contained, cckit never includes other files", local);
        return;
    }

    frame *f = &r->stack[r->depth];
    f->local = local;
    f->item = NULL;
    elem pk = parent_kind(r);
    elem k = E_OTHER;

    if (r->depth == 0) {
        if (!local_is(local, "manifest")) {
            stop_at(r, CCKIT_E_XML, CCKIT_LIMIT_NONE, 0,
                    "root element is <%s>, not <manifest>: not an IMS content "
                    "package manifest", local);
            return;
        }
        r->seen_root = true;
        k = open_manifest(r, uri, nattr, attrs);
    } else if (pk == E_SKIP || pk == E_EMBEDDED || pk == E_RES_METADATA
               || pk == E_FILE || pk == E_DEPENDENCY || pk == E_VARIANT) {
        k = pk == E_RES_METADATA ? E_RES_METADATA : (pk == E_EMBEDDED ? E_EMBEDDED : E_SKIP);
        if (pk == E_RES_METADATA && local_is(local, "curriculumStandardsMetadataSet") && r->res)
            r->res->has_csm = true;
        if (pk == E_RES_METADATA && r->res)
            res_metadata_element(r, local);
    } else if (pk == E_LOM || (pk == E_METADATA && local_is(local, "lom"))) {
        k = E_LOM;
        if (pk == E_METADATA)
            r->m->metadata.has_lom = true;
        /* lom/general/{title,description,language,keyword}/string */
        const char *p1 = ancestor(r, 1), *p2 = ancestor(r, 2), *p3 = ancestor(r, 3);
        bool is_string = local_is(local, "string") || local_is(local, "langstring");
        if (p1 && p2 && strcmp(p2, "general") == 0 && p3 && strcmp(p3, "lom") == 0 && is_string) {
            if (strcmp(p1, "title") == 0 && !r->lom_title_done)
                begin_capture(r, CAP_LOM_TITLE);
            else if (strcmp(p1, "description") == 0 && !r->lom_desc_done)
                begin_capture(r, CAP_LOM_DESCRIPTION);
            else if (strcmp(p1, "keyword") == 0)
                begin_capture(r, CAP_LOM_KEYWORD);
        } else if (p1 && strcmp(p1, "general") == 0 && p2 && strcmp(p2, "lom") == 0
                   && local_is(local, "language") && !r->lom_lang_done) {
            begin_capture(r, CAP_LOM_LANGUAGE);
        } else if (p1 && strcmp(p1, "description") == 0 && p2 && strcmp(p2, "rights") == 0
                   && is_string && !r->lom_rights_done) {
            begin_capture(r, CAP_LOM_RIGHTS);
        }
    } else if (pk == E_MANIFEST && is_cp(r, uri)) {
        if (local_is(local, "metadata")) {
            k = E_METADATA;
            r->m->metadata.pos.file = r->m->file;
            r->m->metadata.pos.line = line_of(r);
        } else if (local_is(local, "organizations")) {
            k = E_ORGANIZATIONS;
        } else if (local_is(local, "resources")) {
            k = E_RESOURCES;
        } else if (local_is(local, "manifest")) {
            oddity(r, CCKIT_SEV_ERROR, "manifest.nested-manifest",
                   "nested <manifest> (sub-manifests are not allowed in CC)");
            k = E_SKIP;
        } else {
            k = E_SKIP;
        }
    } else if (pk == E_MANIFEST && uri && local_is(local, "authorizations")) {
        k = E_AUTHORIZATIONS;
        cckit_authorization *a = cckit_arena_alloc(r->m->arena, sizeof *a);
        if (!a) {
            stop(r, CCKIT_E_NOMEM, "out of memory");
            return;
        }
        a->access = attr(r, nattr, attrs, "access", NULL);
        char *imp = attr(r, nattr, attrs, "import", NULL);
        a->import = imp && (strcmp(imp, "true") == 0 || strcmp(imp, "1") == 0);
        a->pos.file = r->m->file;
        a->pos.line = line_of(r);
        if (!r->m->authorization)
            r->m->authorization = a;
    } else if (pk == E_AUTHORIZATIONS && local_is(local, "authorization")) {
        k = E_AUTHORIZATION;
    } else if (pk == E_AUTHORIZATION && local_is(local, "cartridgeId")) {
        k = E_AUTH_CARTRIDGEID;
        begin_capture(r, CAP_AUTH_CARTRIDGEID);
    } else if (pk == E_AUTHORIZATION && local_is(local, "webservice")) {
        k = E_AUTH_WEBSERVICE;
        begin_capture(r, CAP_AUTH_WEBSERVICE);
    } else if (pk == E_METADATA && local_is(local, "schema")) {
        k = E_SCHEMA;
        begin_capture(r, CAP_SCHEMA);
    } else if (pk == E_METADATA && local_is(local, "schemaversion")) {
        k = E_SCHEMAVERSION;
        begin_capture(r, CAP_SCHEMAVERSION);
    } else if (pk == E_ORGANIZATIONS && is_cp(r, uri) && local_is(local, "organization")) {
        k = E_ORGANIZATION;
        r->m->n_organizations++;
        if (r->m->n_organizations == 1) {
            cckit_organization *org = cckit_arena_alloc(r->m->arena, sizeof *org);
            if (!org) {
                stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            org->identifier = attr(r, nattr, attrs, "identifier", NULL);
            note_identifier(r, org->identifier, "organization", org);
            org->structure = attr(r, nattr, attrs, "structure", NULL);
            org->pos.file = r->m->file;
            org->pos.line = line_of(r);
            r->m->organization = org;
            r->org = org;
        } else {
            oddity(r, CCKIT_SEV_ERROR, "manifest.multiple-organizations",
                   "more than one <organization>; only the first is used");
            r->org = NULL;
        }
    } else if ((pk == E_ORGANIZATION || pk == E_ITEM) && is_cp(r, uri)
               && local_is(local, "item")) {
        k = open_item(r, nattr, attrs);
    } else if ((pk == E_ORGANIZATION || pk == E_ITEM) && is_cp(r, uri)
               && local_is(local, "title")) {
        k = E_TITLE;
        if (pk == E_ITEM) {
            r->cap_item = r->stack[r->depth - 1].item;
            begin_capture(r, CAP_ITEM_TITLE);
        } else if (r->org) {
            begin_capture(r, CAP_ORG_TITLE);
        }
    } else if (pk == E_RESOURCES && is_cp(r, uri) && local_is(local, "resource")) {
        k = open_resource(r, nattr, attrs);
    } else if (pk == E_RESOURCE && r->res) {
        cckit_resource *res = r->res;
        if (is_cp(r, uri) && local_is(local, "file")) {
            k = E_FILE;
            cckit_file *fl = cckit_tree_add_file(r->m, res);
            if (!fl) {
                stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            fl->href = attr(r, nattr, attrs, "href", NULL);
            fl->pos.file = r->m->file;
            fl->pos.line = line_of(r);
            if (!fl->href)
                oddity(r, CCKIT_SEV_ERROR, "manifest.file-no-href",
                       "a <file> of resource \"%s\" has no href",
                       res->identifier ? res->identifier : "?");
        } else if (is_cp(r, uri) && local_is(local, "dependency")) {
            k = E_DEPENDENCY;
            cckit_dependency *d = cckit_tree_add_dependency(r->m, res);
            if (!d) {
                stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            d->identifierref = attr(r, nattr, attrs, "identifierref", NULL);
            d->pos.file = r->m->file;
            d->pos.line = line_of(r);
        } else if (is_cp(r, uri) && local_is(local, "metadata")) {
            k = E_RES_METADATA;
            res->has_metadata = true;
        } else if (local_is(local, "variant") && ns_ends_with(uri, CPX_SUFFIX)) {
            k = E_VARIANT;
            cckit_variant *va = cckit_tree_add_variant(r->m, res);
            if (!va) {
                stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            va->identifier = attr(r, nattr, attrs, "identifier", NULL);
            va->identifierref = attr(r, nattr, attrs, "identifierref", NULL);
            va->pos.file = r->m->file;
            va->pos.line = line_of(r);
        } else if (!is_cp(r, uri) && (local_is(local, "cartridge_basiclti_link")
                                      || local_is(local, "webLink") || local_is(local, "topic")
                                      || local_is(local, "questestinterop")
                                      || local_is(local, "assignment"))) {
            k = E_EMBEDDED;
            res->embedded_descriptor = true;
        } else {
            k = E_SKIP;
            oddity(r, CCKIT_SEV_INFO, "manifest.foreign-element",
                   "unexpected element <%s>%s%s%s inside resource \"%s\"",
                   local, uri ? " (namespace " : "", uri ? (const char *)uri : "",
                   uri ? ")" : "", res->identifier ? res->identifier : "?");
        }
    } else {
        k = E_SKIP;
    }
    f->kind = k;
    r->depth++;
}

static void end_capture(reader *r)
{
    cckit_manifest *m = r->m;
    if (r->text.oom) {
        stop(r, CCKIT_E_NOMEM, "out of memory");
        return;
    }
    char *t = trim(r->text.s ? r->text.s : (char *)"");
    switch (r->cap) {
    case CAP_SCHEMA: m->metadata.schema = adup(r, t); break;
    case CAP_SCHEMAVERSION: m->metadata.schemaversion = adup(r, t); break;
    case CAP_LOM_TITLE: m->metadata.title = adup(r, t); r->lom_title_done = true; break;
    case CAP_LOM_DESCRIPTION: m->metadata.description = adup(r, t); r->lom_desc_done = true; break;
    case CAP_LOM_LANGUAGE: m->metadata.language = adup(r, t); r->lom_lang_done = true; break;
    case CAP_LOM_RIGHTS: m->metadata.rights = adup(r, t); r->lom_rights_done = true; break;
    case CAP_LOM_KEYWORD:
        if (*t && !cckit_tree_add_keyword(m, t))
            stop(r, CCKIT_E_NOMEM, "out of memory");
        break;
    case CAP_ITEM_TITLE:
        if (r->cap_item && !r->cap_item->title_is_attribute) {
            if (r->cap_item->title)
                oddity(r, CCKIT_SEV_ERROR, "manifest.item-two-titles",
                       "item \"%s\" has more than one <title>",
                       r->cap_item->identifier ? r->cap_item->identifier : "?");
            else
                r->cap_item->title = adup(r, t);
        }
        break;
    case CAP_ORG_TITLE:
        if (r->org && !r->org->title)
            r->org->title = adup(r, t);
        break;
    case CAP_AUTH_CARTRIDGEID:
        if (m->authorization)
            m->authorization->cartridge_id = adup(r, t);
        break;
    case CAP_AUTH_WEBSERVICE:
        if (m->authorization)
            m->authorization->webservice = adup(r, t);
        break;
    case CAP_VOCAB_SOURCE:
        if (r->vocab && !r->vocab->source)
            r->vocab->source = adup(r, t);
        break;
    case CAP_VOCAB_VALUE:
        if (r->vocab && !r->vocab->value)
            r->vocab->value = adup(r, t);
        break;
    case CAP_NONE:
        break;
    }
    r->cap = CAP_NONE;
}

static void end_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
                        const xmlChar *uri)
{
    reader *r = ((xmlParserCtxtPtr)ctx)->_private;
    CCKIT_UNUSED(local);
    CCKIT_UNUSED(prefix);
    CCKIT_UNUSED(uri);
    if (r->status != CCKIT_OK || r->depth == 0)
        return;
    r->depth--;
    if (r->cap != CAP_NONE && r->cap_depth == r->depth)
        end_capture(r);
    frame *f = &r->stack[r->depth];
    if (r->vocab && r->depth == r->vocab_depth)
        r->vocab = NULL;
    if (f->kind == E_RESOURCE)
        r->res = NULL;
    else if (f->kind == E_ORGANIZATION)
        r->org = NULL;
}

/* A comment names its producer at times ("Generated by Moodle"). */
static void comment(void *ctx, const xmlChar *text)
{
    reader *r = ((xmlParserCtxtPtr)ctx)->_private;
    if (r->status == CCKIT_OK)
        r->m->producer_signs |= cckit_signs_of_comment((const char *)text);
}

static void characters(void *ctx, const xmlChar *ch, int len)
{
    reader *r = ((xmlParserCtxtPtr)ctx)->_private;
    if (r->cap == CAP_NONE || r->status != CCKIT_OK || len <= 0)
        return;
    if (r->text.len + (size_t)len > MAX_TEXT)
        return;   /* keep the first 64 KiB: titles longer than that are noise */
    cckit_strbuf_add(&r->text, (const char *)ch, (size_t)len);
}

/* ------------------------------------------------------------------ */
/* DTDs and entities: refused outright (no CC manifest needs one), by the
 * guard every SAX parse shares (xml/xml_safe.c). */

static void refuse_dtd(xmlParserCtxtPtr ctxt, const char *what)
{
    reader *r = ctxt->_private;
    stop_at(r, CCKIT_E_UNSAFE, CCKIT_LIMIT_NONE, line_of(r), "%s", what);
}

static void structured_error(void *ctx, xmlErrorPtr e)
{
    reader *r = ((xmlParserCtxtPtr)ctx)->_private;
    /* r is NULL for an error raised inside xmlCreatePushParserCtxt (the
     * first bytes' encoding), before the reader is attached: the parse
     * then fails at the first chunk and says so there. */
    if (!e || !r || r->status != CCKIT_OK)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (e->level == XML_ERR_WARNING || e->domain == XML_FROM_NAMESPACE) {
        /* Namespace problems (undeclared prefix, bad namespace URI) keep
         * the document readable: note them, keep going. */
        if (!cckit_diags_add_rule(&r->m->diags, CCKIT_SEV_WARNING,
                                  cckit_rule_in(cckit_rules_reader, "xml.warning"),
                                  r->m->file, (unsigned)e->line, "%s", msg))
            stop(r, CCKIT_E_NOMEM, "out of memory");
        return;
    }
    stop_at(r, CCKIT_E_XML, CCKIT_LIMIT_NONE, e->line > 0 ? (unsigned)e->line : 0,
            "XML error: %s", msg);
}

/* ------------------------------------------------------------------ */

static void detect_version_fallbacks(reader *r)
{
    cckit_manifest *m = r->m;
    cckit_cc_version sv = cckit_cc_version_parse(m->metadata.schemaversion);
    /* CC 1.4 adds a K-12 flavour of the Thin CC (spec R66). */
    if (m->metadata.schema && (strcmp(m->metadata.schema, "IMS Thin Common Cartridge") == 0
                               || strcmp(m->metadata.schema, "IMS K-12 Thin Common Cartridge") == 0))
        m->thin = true;
    if (m->metadata.schemaversion && !sv)
        oddity(r, CCKIT_SEV_WARNING, "manifest.bad-schemaversion",
               "<schemaversion> \"%s\" is not a Common Cartridge version",
               m->metadata.schemaversion);
    if (m->version && sv && sv != m->version)
        oddity(r, CCKIT_SEV_WARNING, "manifest.version-mismatch",
               "namespace says CC %s but <schemaversion> says %s",
               cckit_cc_version_string(m->version), m->metadata.schemaversion);
    if (!m->version && sv) {
        m->version = sv;
        m->version_source = CCKIT_VSRC_SCHEMAVERSION;
    }
    if (!m->version) {
        /* The most common version among versioned type strings; ties go
         * to the newer version. */
        size_t votes[5] = {0};
        for (size_t i = 0; i < m->n_resources; i++) {
            cckit_cc_version tv = m->resources[i]->type_version;
            if (tv >= CCKIT_CC_1_0 && tv <= CCKIT_CC_1_4)
                votes[tv - CCKIT_CC_1_0]++;
        }
        size_t best = 0;
        for (int i = 0; i < 5; i++)
            if (votes[i] && votes[i] >= best) {
                best = votes[i];
                m->version = (cckit_cc_version)(CCKIT_CC_1_0 + i);
            }
        if (m->version)
            m->version_source = CCKIT_VSRC_TYPES;
    }
    if (m->version) {
        /* Type strings of another version than the manifest's (R5): very
         * common in Canvas exports, so named once per type string. */
        for (size_t i = 0; i < m->n_resources; i++) {
            cckit_resource *res = m->resources[i];
            if (res->kind == CCKIT_KIND_UNKNOWN || !res->type)
                continue;
            const char *want = cckit_type_for(res->kind, m->version);
            if (want && strcmp(want, res->type) == 0)
                continue;
            /* CC 1.4 open video has two spellings (descriptor, zip) */
            if (res->kind == CCKIT_KIND_OPEN_VIDEO && m->version == CCKIT_CC_1_4)
                continue;
            if (!cckit_diags_add_rule(&m->diags, CCKIT_SEV_WARNING,
                                      cckit_rule_in(cckit_rules_reader, "manifest.type-version"),
                                      m->file, res->pos.line,
                                      "resource \"%s\" has type \"%s\" in a CC %s manifest%s%s%s",
                                 res->identifier ? res->identifier : "?", res->type,
                                 cckit_cc_version_string(m->version),
                                 want ? " (expected \"" : "", want ? want : "", want ? "\")" : ""))
                stop(r, CCKIT_E_NOMEM, "out of memory");
        }
    }
}

static cckit_status manifest_parse_run(cckit_read_fn readfn, void *rctx,
                                       const char *name, const cckit_limits *lim,
                                       cckit_manifest **out, cckit_error *err)
{
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    *out = NULL;
    cckit_xml_init();

    reader r;
    memset(&r, 0, sizeof r);
    r.refuser.refuse = refuse_dtd;
    r.lim = lim;
    r.err = err;
    cckit_strbuf_init(&r.text);
    r.m = cckit_tree_new(name);
    r.all_ids = cckit_idmap_new();
    unsigned max_depth = cckit_xml_max_depth(lim);
    r.stack = calloc((size_t)max_depth + 1, sizeof *r.stack);
    if (!r.m || !r.all_ids || !r.stack) {
        cckit_manifest_free(r.m);
        cckit_idmap_free(r.all_ids);
        free(r.stack);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_limits l2 = *lim;
    l2.max_xml_depth = max_depth;
    r.lim = &l2;

    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start_element;
    sax.endElementNs = end_element;
    sax.characters = characters;
    sax.cdataBlock = characters;
    sax.comment = comment;
    cckit_xml_sax_refuse_dtd(&sax);
    sax.serror = structured_error;

    char buf[64 * 1024];
    long got = readfn(rctx, buf, 4, err);
    size_t have = got > 0 ? (size_t)got : 0;
    /* The first 4 bytes decide the encoding; read them fully. */
    while (got > 0 && have < 4) {
        got = readfn(rctx, buf + have, 4 - have, err);
        if (got > 0)
            have += (size_t)got;
    }
    if (got < 0) {
        r.status = err ? err->status : CCKIT_E_IO;
        goto done;
    }
    if (have == 0) {
        stop_at(&r, CCKIT_E_XML, CCKIT_LIMIT_NONE, 0, "empty file, not an XML manifest");
        goto done;
    }
    const unsigned char *b = (const unsigned char *)buf;
    if (have >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        r.m->had_bom = true, r.m->encoding = adup(&r, "UTF-8");
    else if (have >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        r.m->had_bom = true, r.m->encoding = adup(&r, b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");

    r.bytes = have;
    r.ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)have, r.m->file);
    if (!r.ctxt) {
        stop(&r, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    xmlCtxtUseOptions(r.ctxt, cckit_xml_parse_options());
    /* The callbacks receive the context (the shared DTD guard needs it)
     * and find the reader in _private. */
    r.ctxt->userData = r.ctxt;
    r.ctxt->_private = &r;

    while (r.status == CCKIT_OK) {
        got = readfn(rctx, buf, sizeof buf, err);
        if (got < 0) {
            r.status = err ? err->status : CCKIT_E_IO;
            break;
        }
        r.bytes += (uint64_t)got;
        if (r.bytes > lim->max_manifest_size) {
            stop_at(&r, CCKIT_E_LIMIT, CCKIT_LIMIT_MANIFEST_SIZE, 0,
                    "larger than %llu bytes", (unsigned long long)lim->max_manifest_size);
            break;
        }
        if (xmlParseChunk(r.ctxt, buf, (int)got, got == 0) != 0 && r.status == CCKIT_OK) {
            xmlErrorPtr e = xmlCtxtGetLastError(r.ctxt);
            stop_at(&r, CCKIT_E_XML, CCKIT_LIMIT_NONE, e && e->line > 0 ? (unsigned)e->line : 0,
                    "XML error: %s", e && e->message ? e->message : "not well-formed");
        }
        if (got == 0)
            break;
    }
    if (r.status == CCKIT_OK && !r.seen_root)
        stop_at(&r, CCKIT_E_XML, CCKIT_LIMIT_NONE, 0, "no root element");
    if (r.status == CCKIT_OK && r.ctxt->encoding && !r.m->encoding)
        r.m->encoding = adup(&r, (const char *)r.ctxt->encoding);

done:
    if (r.ctxt) {
        xmlFreeParserCtxt(r.ctxt);
        r.ctxt = NULL;
    }
    cckit_strbuf_free(&r.text);
    free(r.stack);
    if (r.status == CCKIT_OK) {
        cckit_tree_resolve(r.m);
        detect_version_fallbacks(&r);
        r.m->producer_signs |= cckit_signs_of_listed(r.m);
    }
    for (size_t i = 0; i < r.n_odd; i++)
        if (r.odd[i].n > MAX_SAME_ODDITY)
            cckit_diags_add(&r.m->diags, CCKIT_SEV_INFO, r.odd[i].code, NULL, r.m->file, 0,
                            NULL, "%u more of the same (%s) not listed",
                            r.odd[i].n - MAX_SAME_ODDITY, r.odd[i].code);
    cckit_idmap_free(r.all_ids);
    if (r.status == CCKIT_OK && r.m->diags.oom)   /* oddities were lost */
        stop(&r, CCKIT_E_NOMEM, "out of memory");
    if (r.status != CCKIT_OK) {
        cckit_manifest_free(r.m);
        return r.status;
    }
    *out = r.m;
    return CCKIT_OK;
}

cckit_status cckit_manifest_parse(cckit_read_fn readfn, void *rctx,
                                  const char *name, const cckit_limits *lim,
                                  cckit_manifest **out, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = manifest_parse_run(readfn, rctx, name, lim, out, err);
    cckit_xml_leave(&xs);
    return st;
}
