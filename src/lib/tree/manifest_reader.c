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
#include "tree/reader.h"
#include "tree/tree.h"
#include "tree/producer.h"
#include "xml/xml_doc.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <stdlib.h>
#include <string.h>

/* uri is the namespace of <manifest>.  Namespaces are dictionary
 * strings too: the same pointer almost always; a string compare only
 * for another pointer than the last one that was not it. */
static bool is_cp(reader *r, const xmlChar *uri)
{
    if (uri == r->cp_ns)
        return true;
    if (!uri || !r->cp_ns || uri == r->other_ns)
        return false;
    if (strcmp((const char *)uri, (const char *)r->cp_ns) == 0)
        return true;
    r->other_ns = uri;
    return false;
}

static bool ns_ends_with(const xmlChar *uri, const char *suffix)
{
    if (!uri)
        return false;
    size_t a = strlen((const char *)uri), b = strlen(suffix);
    return a >= b && strcmp((const char *)uri + a - b, suffix) == 0;
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
    bool role = IS(local, intendedEndUserRole);
    if ((role || IS(local, context)) && parent && IS(parent, educational)) {
        r->vocab = cckit_tree_add_vocab(r->m, r->res, role);
        if (!r->vocab) {
            mr_stop(r, CCKIT_E_NOMEM, "out of memory");
            return;
        }
        r->vocab->pos.file = r->m->file;
        r->vocab->pos.line = mr_line(r);
        r->vocab_depth = r->depth;
    } else if (r->vocab && r->depth == r->vocab_depth + 1 && r->cap == CAP_NONE) {
        if (IS(local, source))
            begin_capture(r, CAP_VOCAB_SOURCE);
        else if (IS(local, value))
            begin_capture(r, CAP_VOCAB_VALUE);
    }
}


/* ------------------------------------------------------------------ */
/* Element handlers                                                    */

static elem open_manifest(reader *r, const xmlChar *uri, int nattr, const xmlChar **attrs)
{
    cckit_manifest *m = r->m;
    r->cp_ns = uri;
    m->ns = mr_adup(r, (const char *)uri);
    m->identifier = mr_attr(r, nattr, attrs, N_identifier, NULL);
    mr_note_id(r, m->identifier, "manifest", m);
    cckit_cc_version v = cckit_version_of_namespace((const char *)uri);
    if (v) {
        m->version = v;
        m->version_source = CCKIT_VSRC_NAMESPACE;
    } else if (uri && strstr((const char *)uri, "imscp_v1p1") == NULL) {
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.unknown-namespace",
                  "<manifest> is in namespace \"%s\", not a Common Cartridge one", uri);
    } else if (!uri) {
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.no-namespace",
                  "<manifest> has no namespace");
    }
    char *ver = mr_attr(r, nattr, attrs, N_version, NULL);
    if (ver)
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.version-attribute",
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
        mr_stop(r, CCKIT_E_NOMEM, "out of memory");
        return E_SKIP;
    }
    it->pos.file = r->m->file;
    it->pos.line = mr_line(r);
    it->identifier = mr_attr(r, nattr, attrs, N_identifier, NULL);
    mr_note_id(r, it->identifier, "item", it);
    it->identifierref = mr_attr(r, nattr, attrs, N_identifierref, NULL);
    char *t = mr_attr(r, nattr, attrs, N_title, NULL);
    if (t) {
        it->title = t;
        it->title_is_attribute = true;
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.item-title-attribute",
                  "item \"%s\" has a title attribute instead of a <title> element",
                  it->identifier ? it->identifier : "?");
    }
    if (mr_attr(r, nattr, attrs, N_isvisible, NULL) || mr_attr(r, nattr, attrs, N_parameters, NULL))
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.item-prohibited-attribute",
                  "item \"%s\" has isvisible or parameters, which CC prohibits",
                  it->identifier ? it->identifier : "?");
    r->stack[r->depth].item = it;
    return E_ITEM;
}

static elem open_resource(reader *r, int nattr, const xmlChar **attrs)
{
    cckit_resource *res = cckit_tree_add_resource(r->m);
    if (!res) {
        mr_stop(r, CCKIT_E_NOMEM, "out of memory");
        return E_SKIP;
    }
    res->pos.file = r->m->file;
    res->pos.line = mr_line(r);
    res->identifier = mr_attr(r, nattr, attrs, N_identifier, NULL);
    mr_note_id(r, res->identifier, "resource", res);
    if (res->identifier) {
        bool oom = false;
        cckit_idmap_put(r->m->ids, res->identifier, res, &oom);
        if (oom)
            mr_stop(r, CCKIT_E_NOMEM, "out of memory");
    }
    res->type = mr_attr(r, nattr, attrs, N_type, NULL);
    res->kind = cckit_kind_of_type(res->type, &res->type_version);
    if (!res->type)
        mr_oddity(r, CCKIT_SEV_ERROR, "manifest.resource-no-type",
                  "resource \"%s\" has no type attribute",
                  res->identifier ? res->identifier : "?");
    else if (res->kind == CCKIT_KIND_UNKNOWN)
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.unknown-type",
                  "resource \"%s\" has unknown type \"%s\"",
                  res->identifier ? res->identifier : "?", res->type);
    res->href = mr_attr(r, nattr, attrs, N_href, NULL);
    res->xml_base = mr_attr(r, nattr, attrs, N_base, (const char *)XML_XML_NAMESPACE);
    res->intendeduse = mr_attr(r, nattr, attrs, N_intendeduse, NULL);
    char *prot = mr_attr(r, nattr, attrs, N_protected, "*");
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
        mr_stop_at(r, CCKIT_E_LIMIT, CCKIT_LIMIT_XML_DEPTH, mr_line(r),
                   "XML nesting deeper than %u elements", r->lim->max_xml_depth);
        return;
    }
    if (uri && uri != r->plain_ns && cckit_xml_is_xinclude(uri)) {
        mr_stop_at(r, CCKIT_E_UNSAFE, CCKIT_LIMIT_NONE, mr_line(r),
                   "XInclude element <%s> refused: a cartridge manifest "
                   "must be self-contained, cckit never includes other files", local);
        return;
    }

    r->plain_ns = uri;
    frame *f = &r->stack[r->depth];
    f->local = local;
    f->item = NULL;
    elem pk = parent_kind(r);
    elem k = E_OTHER;

    if (r->depth == 0) {
        if (!IS(local, manifest)) {
            mr_stop_at(r, CCKIT_E_XML, CCKIT_LIMIT_NONE, 0,
                       "root element is <%s>, not <manifest>: not an IMS content "
                       "package manifest", local);
            return;
        }
        r->seen_root = true;
        k = open_manifest(r, uri, nattr, attrs);
    } else if (pk == E_SKIP || pk == E_EMBEDDED || pk == E_RES_METADATA
               || pk == E_FILE || pk == E_DEPENDENCY || pk == E_VARIANT) {
        k = pk == E_RES_METADATA ? E_RES_METADATA : (pk == E_EMBEDDED ? E_EMBEDDED : E_SKIP);
        if (pk == E_RES_METADATA && IS(local, curriculumStandardsMetadataSet) && r->res)
            r->res->has_csm = true;
        if (pk == E_RES_METADATA && r->res)
            res_metadata_element(r, local);
    } else if (pk == E_LOM || (pk == E_METADATA && IS(local, lom))) {
        k = E_LOM;
        if (pk == E_METADATA)
            r->m->metadata.has_lom = true;
        /* lom/general/{title,description,language,keyword}/string */
        const char *p1 = ancestor(r, 1), *p2 = ancestor(r, 2), *p3 = ancestor(r, 3);
        bool is_string = IS(local, string) || IS(local, langstring);
        if (p1 && p2 && IS(p2, general) && p3 && IS(p3, lom) && is_string) {
            if (IS(p1, title) && !r->lom_title_done)
                begin_capture(r, CAP_LOM_TITLE);
            else if (IS(p1, description) && !r->lom_desc_done)
                begin_capture(r, CAP_LOM_DESCRIPTION);
            else if (IS(p1, keyword))
                begin_capture(r, CAP_LOM_KEYWORD);
        } else if (p1 && IS(p1, general) && p2 && IS(p2, lom)
                   && IS(local, language) && !r->lom_lang_done) {
            begin_capture(r, CAP_LOM_LANGUAGE);
        } else if (p1 && IS(p1, description) && p2 && IS(p2, rights)
                   && is_string && !r->lom_rights_done) {
            begin_capture(r, CAP_LOM_RIGHTS);
        }
    } else if (pk == E_MANIFEST && is_cp(r, uri)) {
        if (IS(local, metadata)) {
            k = E_METADATA;
            r->m->metadata.pos.file = r->m->file;
            r->m->metadata.pos.line = mr_line(r);
        } else if (IS(local, organizations)) {
            k = E_ORGANIZATIONS;
        } else if (IS(local, resources)) {
            k = E_RESOURCES;
        } else if (IS(local, manifest)) {
            mr_oddity(r, CCKIT_SEV_ERROR, "manifest.nested-manifest",
                      "nested <manifest> (sub-manifests are not allowed in CC)");
            k = E_SKIP;
        } else {
            k = E_SKIP;
        }
    } else if (pk == E_MANIFEST && uri && IS(local, authorizations)) {
        k = E_AUTHORIZATIONS;
        cckit_authorization *a = cckit_arena_alloc(r->m->arena, sizeof *a);
        if (!a) {
            mr_stop(r, CCKIT_E_NOMEM, "out of memory");
            return;
        }
        a->access = mr_attr(r, nattr, attrs, N_access, NULL);
        char *imp = mr_attr(r, nattr, attrs, N_import, NULL);
        a->import = imp && (strcmp(imp, "true") == 0 || strcmp(imp, "1") == 0);
        a->pos.file = r->m->file;
        a->pos.line = mr_line(r);
        if (!r->m->authorization)
            r->m->authorization = a;
    } else if (pk == E_AUTHORIZATIONS && IS(local, authorization)) {
        k = E_AUTHORIZATION;
    } else if (pk == E_AUTHORIZATION && IS(local, cartridgeId)) {
        k = E_AUTH_CARTRIDGEID;
        begin_capture(r, CAP_AUTH_CARTRIDGEID);
    } else if (pk == E_AUTHORIZATION && IS(local, webservice)) {
        k = E_AUTH_WEBSERVICE;
        begin_capture(r, CAP_AUTH_WEBSERVICE);
    } else if (pk == E_METADATA && IS(local, schema)) {
        k = E_SCHEMA;
        begin_capture(r, CAP_SCHEMA);
    } else if (pk == E_METADATA && IS(local, schemaversion)) {
        k = E_SCHEMAVERSION;
        begin_capture(r, CAP_SCHEMAVERSION);
    } else if (pk == E_ORGANIZATIONS && is_cp(r, uri) && IS(local, organization)) {
        k = E_ORGANIZATION;
        r->m->n_organizations++;
        if (r->m->n_organizations == 1) {
            cckit_organization *org = cckit_arena_alloc(r->m->arena, sizeof *org);
            if (!org) {
                mr_stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            org->identifier = mr_attr(r, nattr, attrs, N_identifier, NULL);
            mr_note_id(r, org->identifier, "organization", org);
            org->structure = mr_attr(r, nattr, attrs, N_structure, NULL);
            org->pos.file = r->m->file;
            org->pos.line = mr_line(r);
            r->m->organization = org;
            r->org = org;
        } else {
            mr_oddity(r, CCKIT_SEV_ERROR, "manifest.multiple-organizations",
                      "more than one <organization>; only the first is used");
            r->org = NULL;
        }
    } else if ((pk == E_ORGANIZATION || pk == E_ITEM) && is_cp(r, uri)
               && IS(local, item)) {
        k = open_item(r, nattr, attrs);
    } else if ((pk == E_ORGANIZATION || pk == E_ITEM) && is_cp(r, uri)
               && IS(local, title)) {
        k = E_TITLE;
        if (pk == E_ITEM) {
            r->cap_item = r->stack[r->depth - 1].item;
            begin_capture(r, CAP_ITEM_TITLE);
        } else if (r->org) {
            begin_capture(r, CAP_ORG_TITLE);
        }
    } else if (pk == E_RESOURCES && is_cp(r, uri) && IS(local, resource)) {
        k = open_resource(r, nattr, attrs);
    } else if (pk == E_RESOURCE && r->res) {
        cckit_resource *res = r->res;
        if (is_cp(r, uri) && IS(local, file)) {
            k = E_FILE;
            cckit_file *fl = cckit_tree_add_file(r->m, res);
            if (!fl) {
                mr_stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            fl->href = mr_attr(r, nattr, attrs, N_href, NULL);
            fl->pos.file = r->m->file;
            fl->pos.line = mr_line(r);
            if (!fl->href)
                mr_oddity(r, CCKIT_SEV_ERROR, "manifest.file-no-href",
                          "a <file> of resource \"%s\" has no href",
                          res->identifier ? res->identifier : "?");
        } else if (is_cp(r, uri) && IS(local, dependency)) {
            k = E_DEPENDENCY;
            cckit_dependency *d = cckit_tree_add_dependency(r->m, res);
            if (!d) {
                mr_stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            d->identifierref = mr_attr(r, nattr, attrs, N_identifierref, NULL);
            d->pos.file = r->m->file;
            d->pos.line = mr_line(r);
        } else if (is_cp(r, uri) && IS(local, metadata)) {
            k = E_RES_METADATA;
            res->has_metadata = true;
        } else if (IS(local, variant) && ns_ends_with(uri, CPX_SUFFIX)) {
            k = E_VARIANT;
            cckit_variant *va = cckit_tree_add_variant(r->m, res);
            if (!va) {
                mr_stop(r, CCKIT_E_NOMEM, "out of memory");
                return;
            }
            va->identifier = mr_attr(r, nattr, attrs, N_identifier, NULL);
            va->identifierref = mr_attr(r, nattr, attrs, N_identifierref, NULL);
            va->pos.file = r->m->file;
            va->pos.line = mr_line(r);
        } else if (!is_cp(r, uri) && (IS(local, cartridge_basiclti_link)
                                      || IS(local, webLink) || IS(local, topic)
                                      || IS(local, questestinterop)
                                      || IS(local, assignment))) {
            k = E_EMBEDDED;
            res->embedded_descriptor = true;
        } else {
            k = E_SKIP;
            mr_oddity(r, CCKIT_SEV_INFO, "manifest.foreign-element",
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
        mr_stop(r, CCKIT_E_NOMEM, "out of memory");
        return;
    }
    char *t = mr_trim(r->text.s ? r->text.s : (char *)"");
    switch (r->cap) {
    case CAP_SCHEMA: m->metadata.schema = mr_adup(r, t); break;
    case CAP_SCHEMAVERSION: m->metadata.schemaversion = mr_adup(r, t); break;
    case CAP_LOM_TITLE: m->metadata.title = mr_adup(r, t); r->lom_title_done = true; break;
    case CAP_LOM_DESCRIPTION:
        m->metadata.description = mr_adup(r, t);
        r->lom_desc_done = true;
        break;
    case CAP_LOM_LANGUAGE: m->metadata.language = mr_adup(r, t); r->lom_lang_done = true; break;
    case CAP_LOM_RIGHTS: m->metadata.rights = mr_adup(r, t); r->lom_rights_done = true; break;
    case CAP_LOM_KEYWORD:
        if (*t && !cckit_tree_add_keyword(m, t))
            mr_stop(r, CCKIT_E_NOMEM, "out of memory");
        break;
    case CAP_ITEM_TITLE:
        if (r->cap_item && !r->cap_item->title_is_attribute) {
            if (r->cap_item->title)
                mr_oddity(r, CCKIT_SEV_ERROR, "manifest.item-two-titles",
                          "item \"%s\" has more than one <title>",
                          r->cap_item->identifier ? r->cap_item->identifier : "?");
            else
                r->cap_item->title = mr_adup(r, t);
        }
        break;
    case CAP_ORG_TITLE:
        if (r->org && !r->org->title)
            r->org->title = mr_adup(r, t);
        break;
    case CAP_AUTH_CARTRIDGEID:
        if (m->authorization)
            m->authorization->cartridge_id = mr_adup(r, t);
        break;
    case CAP_AUTH_WEBSERVICE:
        if (m->authorization)
            m->authorization->webservice = mr_adup(r, t);
        break;
    case CAP_VOCAB_SOURCE:
        if (r->vocab && !r->vocab->source)
            r->vocab->source = mr_adup(r, t);
        break;
    case CAP_VOCAB_VALUE:
        if (r->vocab && !r->vocab->value)
            r->vocab->value = mr_adup(r, t);
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
    mr_stop_at(r, CCKIT_E_UNSAFE, CCKIT_LIMIT_NONE, mr_line(r), "%s", what);
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
            mr_stop(r, CCKIT_E_NOMEM, "out of memory");
        return;
    }
    mr_stop_at(r, CCKIT_E_XML, CCKIT_LIMIT_NONE, e->line > 0 ? (unsigned)e->line : 0,
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
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.bad-schemaversion",
                  "<schemaversion> \"%s\" is not a Common Cartridge version",
                  m->metadata.schemaversion);
    if (m->version && sv && sv != m->version)
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.version-mismatch",
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
                mr_stop(r, CCKIT_E_NOMEM, "out of memory");
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
        mr_stop_at(&r, CCKIT_E_XML, CCKIT_LIMIT_NONE, 0, "empty file, not an XML manifest");
        goto done;
    }
    const unsigned char *b = (const unsigned char *)buf;
    if (have >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        r.m->had_bom = true, r.m->encoding = mr_adup(&r, "UTF-8");
    else if (have >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        r.m->had_bom = true, r.m->encoding = mr_adup(&r, b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");

    r.bytes = have;
    r.ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)have, r.m->file);
    if (!r.ctxt) {
        mr_stop(&r, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    xmlCtxtUseOptions(r.ctxt, cckit_xml_parse_options());
    /* The callbacks receive the context (the shared DTD guard needs it)
     * and find the reader in _private. */
    r.ctxt->userData = r.ctxt;
    r.ctxt->_private = &r;
    for (int i = 0; i < N_COUNT; i++)
        if (!(r.nm[i] = xmlDictLookup(r.ctxt->dict, (const xmlChar *)mr_names[i], -1))) {
            mr_stop(&r, CCKIT_E_NOMEM, "out of memory");
            goto done;
        }

    while (r.status == CCKIT_OK) {
        got = readfn(rctx, buf, sizeof buf, err);
        if (got < 0) {
            r.status = err ? err->status : CCKIT_E_IO;
            break;
        }
        r.bytes += (uint64_t)got;
        if (r.bytes > lim->max_manifest_size) {
            mr_stop_at(&r, CCKIT_E_LIMIT, CCKIT_LIMIT_MANIFEST_SIZE, 0,
                       "larger than %llu bytes", (unsigned long long)lim->max_manifest_size);
            break;
        }
        if (xmlParseChunk(r.ctxt, buf, (int)got, got == 0) != 0 && r.status == CCKIT_OK) {
            xmlErrorPtr e = xmlCtxtGetLastError(r.ctxt);
            mr_stop_at(&r, CCKIT_E_XML, CCKIT_LIMIT_NONE, e && e->line > 0 ? (unsigned)e->line : 0,
                       "XML error: %s", e && e->message ? e->message : "not well-formed");
        }
        if (got == 0)
            break;
    }
    if (r.status == CCKIT_OK && !r.seen_root)
        mr_stop_at(&r, CCKIT_E_XML, CCKIT_LIMIT_NONE, 0, "no root element");
    if (r.status == CCKIT_OK && r.ctxt->encoding && !r.m->encoding)
        r.m->encoding = mr_adup(&r, (const char *)r.ctxt->encoding);

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
        mr_stop(&r, CCKIT_E_NOMEM, "out of memory");
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
