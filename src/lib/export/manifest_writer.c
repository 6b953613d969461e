/* manifest_writer.c - the resource tree as imsmanifest.xml.
 *
 * Written with libxml2's xmlTextWriter (escaping, UTF-8) in a fixed
 * layout: two-space indentation, attributes in a fixed order, elements
 * in tree order.  The same tree always gives the same bytes.  What is
 * written is what manifest_reader.c reads back: identifiers, titles,
 * identifierrefs, resource types/hrefs/intendeduse/xml:base, files and
 * dependencies, the cartridge LOM (title, language, description,
 * keywords, rights).  Resource types are re-spelled for the target
 * version from the resource's kind (cckit_type_for). */
#include "base/internal.h"
#include <string.h>
#include <libxml/xmlwriter.h>

struct ver_ns {
    cckit_cc_version v;
    const char *cp, *cp_xsd, *lom, *lom_xsd, *schemaversion;
};

static const struct ver_ns versions[] = {
    { CCKIT_CC_1_1, "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
      "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
      "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
      "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd", "1.1.0" },
    { CCKIT_CC_1_2, "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1",
      "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imscp_v1p2_v1p0.xsd",
      "http://ltsc.ieee.org/xsd/imsccv1p2/LOM/manifest",
      "http://www.imsglobal.org/profile/cc/ccv1p2/LOM/ccv1p2_lommanifest_v1p0.xsd", "1.2.0" },
    { CCKIT_CC_1_3, "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
      "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
      "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
      "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd", "1.3.0" },
};

static int file_write(void *ctx, const char *buf, int len)
{
    FILE *f = ctx;
    return fwrite(buf, 1, (size_t)len, f) == (size_t)len ? len : -1;
}

static int file_close(void *ctx)
{
    CCKIT_UNUSED(ctx);
    return 0;
}

#define X(s) ((const xmlChar *)(s))

/* Every xmlTextWriter call goes through these: one failure sticks. */
typedef struct mw {
    xmlTextWriterPtr w;
    bool bad;
} mw;

static void start(mw *m, const char *prefix, const char *name)
{
    if (!m->bad && xmlTextWriterStartElementNS(m->w, X(prefix), X(name), NULL) < 0)
        m->bad = true;
}
static void end(mw *m)
{
    if (!m->bad && xmlTextWriterEndElement(m->w) < 0)
        m->bad = true;
}
static void attr(mw *m, const char *name, const char *value)
{
    if (value && !m->bad && xmlTextWriterWriteAttribute(m->w, X(name), X(value)) < 0)
        m->bad = true;
}
static void text_el(mw *m, const char *prefix, const char *name, const char *value)
{
    if (!m->bad && xmlTextWriterWriteElementNS(m->w, X(prefix), X(name), NULL, X(value)) < 0)
        m->bad = true;
}
/* <lomimscc:NAME><lomimscc:string language=L>TEXT</...></...> */
static void langstring(mw *m, const char *name, const char *lang, const char *value)
{
    start(m, "lomimscc", name);
    start(m, "lomimscc", "string");
    attr(m, "language", lang);
    if (!m->bad && xmlTextWriterWriteString(m->w, X(value)) < 0)
        m->bad = true;
    end(m);
    end(m);
}

static void write_item_start(mw *m, const cckit_item *it)
{
    start(m, NULL, "item");
    attr(m, "identifier", it->identifier);
    attr(m, "identifierref", it->identifierref);
    if (it->title)
        text_el(m, NULL, "title", it->title);
}

/* Items without recursion: depth is bounded by the tree, not the stack. */
static void write_items(mw *m, const cckit_item *top)
{
    const cckit_item *it = top;
    write_item_start(m, it);
    for (;;) {
        if (it->first_child) {
            it = it->first_child;
            write_item_start(m, it);
            continue;
        }
        end(m);
        while (it != top && !it->next) {
            it = it->parent;
            end(m);
        }
        if (it == top || m->bad)
            return;
        it = it->next;
        write_item_start(m, it);
    }
}

static void write_metadata(mw *m, const cckit_manifest *t, const struct ver_ns *vn, bool thin)
{
    const cckit_metadata *md = &t->metadata;
    start(m, NULL, "metadata");
    text_el(m, NULL, "schema", thin ? "IMS Thin Common Cartridge" : "IMS Common Cartridge");
    text_el(m, NULL, "schemaversion", vn->schemaversion);
    bool any = md->title || md->description || md->language || md->n_keywords || md->rights;
    if (any) {
        const char *lang = md->language;
        start(m, "lomimscc", "lom");
        if (md->title || md->language || md->description || md->n_keywords) {
            start(m, "lomimscc", "general");
            if (md->title)
                langstring(m, "title", lang, md->title);
            if (md->language)
                text_el(m, "lomimscc", "language", md->language);
            if (md->description)
                langstring(m, "description", lang, md->description);
            for (size_t i = 0; i < md->n_keywords; i++)
                langstring(m, "keyword", lang, md->keywords[i]);
            end(m);
        }
        if (md->rights) {
            start(m, "lomimscc", "rights");
            start(m, "lomimscc", "copyrightAndOtherRestrictions");
            /* the 1.1 and 1.2 manifest LOMs type it as a bare yes/no
             * <value>; only 1.0 and 1.3 (LOM vocabulary) take <source> */
            if (vn->v == CCKIT_CC_1_3)
                text_el(m, "lomimscc", "source", "LOMv1.0");
            text_el(m, "lomimscc", "value", "yes");
            end(m);
            langstring(m, "description", lang, md->rights);
            end(m);
        }
        end(m);
    }
    end(m);
}

static const char *type_of(const cckit_resource *r, cckit_cc_version v)
{
    const char *t = r->kind != CCKIT_KIND_UNKNOWN ? cckit_type_for(r->kind, v) : NULL;
    return t ? t : r->type;
}

static cckit_status manifest_write_run(const cckit_manifest *t, cckit_cc_version v, bool thin,
                                       FILE *out, cckit_error *err)
{
    const struct ver_ns *vn = NULL;
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (versions[i].v == v)
            vn = &versions[i];
    if (!t || !out || !vn)
        return cckit_fail(err, CCKIT_E_USAGE,
                          "cannot write a manifest for CC %s: pack writes 1.1, 1.2 and 1.3",
                          cckit_cc_version_string(v));
    if (thin && v == CCKIT_CC_1_1)
        return cckit_fail(err, CCKIT_E_USAGE, "Thin CC exists for CC 1.2 and 1.3 only");
    for (size_t i = 0; i < t->n_resources; i++)
        if (!type_of(t->resources[i], v))
            return cckit_fail(err, CCKIT_E_USAGE,
                              "resource %s: kind %s does not exist in CC %s",
                              t->resources[i]->identifier,
                              cckit_kind_name(t->resources[i]->kind),
                              cckit_cc_version_string(v));

    cckit_xml_init();
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(file_write, file_close, out, NULL);
    if (!ob)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    mw m = { xmlNewTextWriter(ob), false };
    if (!m.w) {
        xmlOutputBufferClose(ob);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    xmlTextWriterSetIndent(m.w, 1);
    xmlTextWriterSetIndentString(m.w, X("  "));
    if (xmlTextWriterStartDocument(m.w, "1.0", "UTF-8", NULL) < 0)
        m.bad = true;

    start(&m, NULL, "manifest");
    attr(&m, "identifier", t->identifier ? t->identifier : "manifest");
    attr(&m, "xmlns", vn->cp);
    attr(&m, "xmlns:lomimscc", vn->lom);
    attr(&m, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    {
        char loc[1024];
        snprintf(loc, sizeof loc, "%s %s %s %s", vn->cp, vn->cp_xsd, vn->lom, vn->lom_xsd);
        attr(&m, "xsi:schemaLocation", loc);
    }
    write_metadata(&m, t, vn, thin);

    const cckit_organization *org = t->organization;
    start(&m, NULL, "organizations");
    if (org && org->first_item) {
        start(&m, NULL, "organization");
        attr(&m, "identifier", org->identifier ? org->identifier : "org");
        attr(&m, "structure", "rooted-hierarchy");
        if (org->title)
            text_el(&m, NULL, "title", org->title);
        for (const cckit_item *it = org->first_item; it && !m.bad; it = it->next)
            write_items(&m, it);
        end(&m);
    }
    end(&m);

    start(&m, NULL, "resources");
    for (size_t i = 0; i < t->n_resources && !m.bad; i++) {
        const cckit_resource *r = t->resources[i];
        start(&m, NULL, "resource");
        attr(&m, "identifier", r->identifier);
        attr(&m, "type", type_of(r, v));
        attr(&m, "href", r->href);
        attr(&m, "xml:base", r->xml_base);
        attr(&m, "intendeduse", r->intendeduse);
        for (size_t f = 0; f < r->n_files; f++) {
            start(&m, NULL, "file");
            attr(&m, "href", r->files[f].href);
            end(&m);
        }
        for (size_t d = 0; d < r->n_deps; d++) {
            start(&m, NULL, "dependency");
            attr(&m, "identifierref", r->deps[d].identifierref);
            end(&m);
        }
        end(&m);
    }
    end(&m);
    end(&m); /* manifest */
    if (!m.bad && xmlTextWriterEndDocument(m.w) < 0)
        m.bad = true;
    xmlFreeTextWriter(m.w); /* flushes and closes ob */
    if (m.bad || ferror(out))
        return cckit_fail(err, CCKIT_E_IO, "cannot write %s", t->file ? t->file : "imsmanifest.xml");
    return CCKIT_OK;
}

cckit_status cckit_manifest_write(const cckit_manifest *t, cckit_cc_version v, bool thin,
                                  FILE *out, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = manifest_write_run(t, v, thin, out, err);
    cckit_xml_leave(&xs);
    return st;
}
