/* descriptors.c - the loop over descriptors: for every resource whose
 * first file is a descriptor, parse it once, schema-check it
 * (xsd_check.c), then run its kind's rules (rules_descriptor.c,
 * rules_qti.c), its root check (package_check.c) and its links
 * (link_check.c).  It sits above those families, which never call it. */
#include "validate/xsd_check.h"
#include "tree/producer.h"
#include <stdlib.h>
#include <string.h>

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

static bool is_qti(cckit_kind k)
{
    return k == CCKIT_KIND_ASSESSMENT || k == CCKIT_KIND_QUESTION_BANK;
}

void cckit_check_descriptors(cckit_vctx *v)
{
    const cckit_manifest *mf = v->m;
    if (!mf || !v->src)
        return;
    bool have_schemas = cckit_xsd_ensure_schemas(v);
    /* One descriptor file may serve several resources: parse and
     * schema-check it once, but run the per-resource rules for each. */
    cckit_idmap *seen = cckit_idmap_new();
    char **owned = NULL;
    size_t n_owned = 0;
    if (!seen) {
        cckit_vnomem(v);
        return;
    }
    for (size_t i = 0; i < mf->n_resources; i++) {
        const cckit_resource *r = mf->resources[i];
        if (r->kind == CCKIT_KIND_EPUB || r->kind == CCKIT_KIND_APIP || r->kind == CCKIT_KIND_IWB
            || r->kind == CCKIT_KIND_OPEN_VIDEO || r->kind == CCKIT_KIND_QTI3) {
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
            if (!no || oom)
                cckit_vnomem(v);
        }
        if (st != CCKIT_OK) {
            if (first && !cckit_vnomem_if(v, st)) {
                cckit_checked_file *cf = cckit_vfile(v, path, "descriptor");
                CCKIT_UNUSED(cf);
                const char *code = st == CCKIT_E_XML ? "xml.not-well-formed"
                                 : st == CCKIT_E_UNSAFE ? "package.unsafe"
                                 : st == CCKIT_E_LIMIT ? "package.limit"
                                 : "package.unreadable";
                if (!cckit_vrule(v, code))
                    code = "xml.not-well-formed";
                /* file, line and the cap are fields of the error */
                cckit_vreport_error(v, code, path, &err);
            }
            if (!stored)
                free(path);
            continue;
        }
        if (first) {
            v->producer_signs |= cckit_signs_of_doc(doc);
            cckit_checked_file *cf = cckit_vfile(v, path, "descriptor");
            if (have_schemas)
                cckit_check_xsd_descriptor(v, path, doc, cf);
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
