/* xsd_manifest.c - XML Schema validation of the manifest, STREAMING: a
 * push parser fed from the source in chunks with the schema validator
 * plugged into its SAX events (xmlSchemaSAXPlug), so a 9 MB manifest
 * never becomes a DOM.  The SAX handler keeps only the element stack and
 * the attributes of the element being opened, which is what the error
 * classification (xsd_check.c) needs.  Streaming libxml2 does not check
 * xs:ID uniqueness (it needs a tree), so the handler does that itself for
 * the manifest's ID attributes.
 *
 * For convert (v->manifest_doc), the same parse also builds the DOM with
 * libxml2's SAX2 handlers behind ours, under the hardened loader's caps
 * (xml_doc.c): the manifest it transforms is the one read here. */
#include "validate/xsd_check.h"
#include "import/source.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Manifest: streaming validation.                                      */

typedef struct frame {
    const xmlChar *local, *ns;   /* dictionary strings of the parser */
    bool foreign_child;
    unsigned seen;               /* follow[] rows whose child it has */
    unsigned n_once;             /* R7: children it may have once, seen */
} frame;

typedef struct mstream {
    cckit_xml_refuser refuser;   /* first: the DTD guard finds it in _private */
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
    cckit_arena *id_arena;       /* owns the copies of those values */
    cckit_status status;
    char refusal[1100];
    unsigned refusal_line;
    cckit_limit_id refusal_limit; /* the cap behind a CCKIT_E_LIMIT refusal */
    bool build;                  /* building the DOM (SAX2 behind us) */
    uint64_t elements, max_elements; /* the DOM's cap, as xml_doc.c's */
    xmlDocPtr doc;               /* the DOM built, handed to the caller */
} mstream;

static unsigned m_line(mstream *m)
{
    return m->ctxt && m->ctxt->input ? (unsigned)m->ctxt->input->line : 0;
}

static void m_refuse(mstream *m, cckit_status st, const char *what)
{
    m->build = false;
    if (m->status == CCKIT_OK) {
        m->status = st;
        snprintf(m->refusal, sizeof m->refusal, "%s", what);
        m->refusal_line = m_line(m);
    }
    xmlStopParser(m->ctxt);
}

static void m_refuse_dtd(xmlParserCtxtPtr ctxt, const char *what)
{
    m_refuse(ctxt->_private, CCKIT_E_UNSAFE, what);
}

/* Keep a copy of an ID value for the uniqueness check; true if new. */
static bool m_id_new(mstream *m, const char *val, size_t len)
{
    /* One arena, not one malloc per identifier: a wide manifest has
     * tens of thousands. */
    char *copy = cckit_arena_strndup(m->id_arena, val, len);
    if (!copy) {
        cckit_vnomem(m->x.v);
        return true;
    }
    bool oom = false;
    if (cckit_idmap_put(m->ids, copy, copy, &oom) != NULL || oom) {
        if (oom)
            cckit_vnomem(m->x.v);
        return oom;
    }
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

/* Profile rules the schema cannot state, seen as an element opens:
 * R7 (the manifest LOM has one general, general one title: the LOM
 * binding's unbounded choice lets the XSD accept more) and R64
 * (curriculum standards metadata never in item metadata). */
static void m_profile_checks(mstream *m, const xmlChar *local, const xmlChar *uri)
{
    frame *parent = &m->stack[m->depth - 1];
    frame *grand = m->depth > 1 ? &m->stack[m->depth - 2] : NULL;
    if (cckit_xsd_manifest_lom_ns(uri) && cckit_xsd_manifest_lom_ns(parent->ns)
        && ((cckit_xsd_str_eq(local, "general") && cckit_xsd_str_eq(parent->local, "lom"))
            || (cckit_xsd_str_eq(local, "title") && cckit_xsd_str_eq(parent->local, "general") && grand
                && cckit_xsd_str_eq(grand->local, "lom")))
        && ++parent->n_once == 2)
        cckit_vreport(m->x.v, "manifest.lom-profile", m->x.file, m_line(m),
                      "the cartridge's LOM record has a second <%s> in <%s>; the profile allows one",
                      (const char *)local, (const char *)parent->local);
    if (cckit_xsd_str_eq(local, "curriculumStandardsMetadataSet") && cckit_xsd_str_eq(parent->local, "metadata") && grand
        && cckit_xsd_str_eq(grand->local, "item"))
        cckit_vreport(m->x.v, "manifest.csm-placement", m->x.file, m_line(m),
                      "an item's <metadata> carries curriculumStandardsMetadataSet; curriculum "
                      "standards belong in resource metadata (CC 1.2, 1.3) or once in the manifest "
                      "metadata (CC 1.3)");
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
    if (cckit_xml_is_xinclude(uri)) {
        m_refuse(m, CCKIT_E_UNSAFE, "XInclude refused");
        return;
    }
    if (m->depth >= m->max_depth) {
        m_refuse(m, CCKIT_E_LIMIT, "XML nesting too deep");
        m->refusal_limit = CCKIT_LIMIT_XML_DEPTH;
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
    bool foreign = cckit_xsd_is_foreign(&m->x, uri);
    m->foreign_before = false;
    if (m->depth) {
        frame *parent = &m->stack[m->depth - 1];
        m->foreign_before = parent->foreign_child;
        if (foreign)
            parent->foreign_child = true;
        parent->seen |= cckit_xsd_follow_bits(parent->local, local);
    }
    if (m->depth)
        m_profile_checks(m, local, uri);
    frame *f = &m->stack[m->depth++];
    f->local = local;
    f->ns = uri;
    f->foreign_child = false;
    f->seen = 0;
    f->n_once = 0;
    if (m->build && ++m->elements > m->max_elements)
        m->build = false;   /* too big to hold: convert loads it and says so */
    if (m->build)
        xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, nss, nattr, ndef, attrs);

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
    bool id_elem = uri && (m->x.doc_ns && cckit_xsd_str_eq(uri, m->x.doc_ns)
                           ? (cckit_xsd_str_eq(local, "manifest") || cckit_xsd_str_eq(local, "organization")
                              || cckit_xsd_str_eq(local, "item") || cckit_xsd_str_eq(local, "resource"))
                           : cckit_xsd_str_eq(local, "variant"));
    for (size_t i = 0; i < n; i++) {
        size_t len = (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]);
        memcpy(m->vals + off, attrs[i * 5 + 3], len);
        m->vals[off + len] = '\0';
        len = decode_char_refs(m->vals + off, len);
        m->attrs[i].local = attrs[i * 5];
        m->attrs[i].ns = attrs[i * 5 + 2];
        m->attrs[i].value = m->vals + off;
        bool is_id = (id_elem && !attrs[i * 5 + 2] && cckit_xsd_str_eq(attrs[i * 5], "identifier"))
                     || (cckit_xsd_str_eq(attrs[i * 5 + 2], "http://www.w3.org/XML/1998/namespace")
                         && cckit_xsd_str_eq(attrs[i * 5], "id"));
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
    xmlParserCtxtPtr ctxt = ctx;
    mstream *m = ctxt->_private;
    if (m->build)
        xmlSAX2EndElementNs(ctx, local, prefix, uri);
    if (m->depth) {
        m->closing = m->stack[--m->depth];
        m->have_closing = true;
    }
    m->n_attrs = 0;
}

static void m_characters(void *ctx, const xmlChar *ch, int len)
{
    mstream *m = ((xmlParserCtxtPtr)ctx)->_private;
    m->have_closing = false;
    if (m->build)
        xmlSAX2Characters(ctx, ch, len);
}

static void m_cdata(void *ctx, const xmlChar *ch, int len)
{
    mstream *m = ((xmlParserCtxtPtr)ctx)->_private;
    m->have_closing = false;
    if (m->build)
        xmlSAX2CDataBlock(ctx, ch, len);
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
        sj.parent = m->depth ? m->stack[m->depth - 1].local : NULL;
        sj.grandparent = m->depth > 1 ? m->stack[m->depth - 2].local : NULL;
    } else if (m->depth) {
        frame *f = &m->stack[m->depth - 1];
        sj.parent = m->depth > 1 ? m->stack[m->depth - 2].local : NULL;
        sj.grandparent = m->depth > 2 ? m->stack[m->depth - 3].local : NULL;
        sj.local = f->local;
        sj.ns = f->ns;
        sj.foreign_child = f->foreign_child;
        sj.seen = f->seen;
        sj.foreign_before = m->foreign_before;
        sj.attrs = m->attrs;
        sj.n_attrs = m->n_attrs;
    }
    cckit_xsd_report_error(&m->x, e, &sj, m_line(m));
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
    m->id_arena = cckit_arena_new();
    if (!vc || !buf || !m->ids || !m->id_arena) {
        m->status = CCKIT_E_NOMEM;
        snprintf(m->refusal, sizeof m->refusal, "out of memory");
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(vc, m_schema_error, m);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    if (m->build) {
        /* the document, comments and PIs as the hardened loader builds them */
        xmlSAXVersion(&sax, 2);
        sax.warning = NULL;
        sax.error = NULL;
        sax.ignorableWhitespace = m_characters;
    }
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = m_start;
    sax.endElementNs = m_end;
    sax.characters = m_characters;
    sax.cdataBlock = m_cdata;
    cckit_xml_sax_refuse_dtd(&sax);
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
        if (m->build && m->status == CCKIT_OK && m->ctxt->wellFormed && m->ctxt->myDoc
            && xmlDocGetRootElement(m->ctxt->myDoc)) {
            m->doc = m->ctxt->myDoc;
            m->ctxt->myDoc = NULL;
        }
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

typedef struct mem_reader {
    const char *p;
    size_t left;
} mem_reader;

static long mem_rd(void *ctx, void *buf, size_t n, cckit_error *err)
{
    CCKIT_UNUSED(err);
    mem_reader *r = ctx;
    if (n > r->left)
        n = r->left;
    memcpy(buf, r->p, n);
    r->p += n;
    r->left -= n;
    return (long)n;
}

static void mstream_free(mstream *m)
{
    cckit_arena_free(m->id_arena);
    if (m->ids)
        cckit_idmap_free(m->ids);
    free(m->stack);
    free(m->vals);
}

void cckit_check_xsd_manifest(cckit_vctx *v)
{
    const cckit_manifest *mf = v->m;
    if (!mf || !cckit_xsd_ensure_schemas(v))
        return;
    const char *file = "imsmanifest.xml";
    cckit_checked_file *cf = NULL;
    for (size_t i = 0; i < v->out->n_files; i++)
        if (strcmp(v->out->files[i].role, "manifest") == 0)
            cf = &v->out->files[i];
    if (!cf)
        cf = cckit_vfile(v, file, "manifest");
    if (!cf)
        return;   /* out of memory, recorded */

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
        if (!cckit_vnomem_if(v, err.status))
            cckit_vreport(v, "xsd.schema-unavailable", file, 0, "%s", err.message);
        return;
    }

    mstream m;
    memset(&m, 0, sizeof m);
    m.refuser.refuse = m_refuse_dtd;
    m.x.v = v;
    m.x.file = file;
    m.x.doc_ns = mf->ns;
    m.x.invalid_code = "xsd.manifest-invalid";
    m.x.is_manifest = true;
    m.x.valid = true;
    m.max_depth = cckit_xml_max_depth(&v->opt->limits);
    m.build = v->manifest_doc != NULL;
    m.max_elements = v->opt->limits.max_xml_elements ? v->opt->limits.max_xml_elements : UINT64_MAX;

    size_t kept_len = 0;
    char *kept = v->src ? cckit_source_take_kept(v->src, cckit_source_find(v->src, file), &kept_len)
                        : NULL;
    if (kept) {
        /* the bytes the tree was read from: not inflated twice */
        mem_reader mr = {kept, kept_len};
        validate_stream(&m, schema, mem_rd, &mr);
        free(kept);
    } else if (v->src) {
        const cckit_entry *e = cckit_source_find(v->src, file);
        cckit_stream *s = NULL;
        if (!e || cckit_stream_open(v->src, e, &s, &err) != CCKIT_OK) {
            mstream_free(&m);
            if (e)
                cckit_vnomem_if(v, err.status);
            return; /* the reader read it a moment ago; nothing new to say */
        }
        validate_stream(&m, schema, cckit_stream_read_fn, s);
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
    free(cf->schema);
    cf->schema = strdup(xsd);
    if (!cf->schema)
        cckit_vnomem(v);
    if (m.status == CCKIT_E_NOMEM) {
        cckit_vnomem(v);
        cf->schema_valid = false;
    } else if (m.status == CCKIT_OK) {
        cf->schema_valid = m.x.valid;
    } else {
        cf->schema_valid = false;
        const char *code = m.status == CCKIT_E_XML ? "xml.not-well-formed"
                         : m.status == CCKIT_E_UNSAFE ? "package.unsafe"
                         : m.status == CCKIT_E_LIMIT ? "package.limit"
                         : "xsd.schema-unavailable";
        if (!cckit_vrule(v, code))
            code = "xml.not-well-formed";
        cckit_vreport_limit(v, code, file, m.refusal_line, m.refusal_limit, "%s", m.refusal);
    }
    if (v->manifest_doc && m.status == CCKIT_OK && !v->out->diags.oom)
        *v->manifest_doc = m.doc;
    else
        xmlFreeDoc(m.doc);
    mstream_free(&m);
}
