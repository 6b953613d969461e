/* fix_manifest.c - the fixes that change only the manifest's identifiers
 * and attributes: duplicate identifiers, type strings of another CC
 * version, references to no resource. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "import/entry_read.h"

#define MANIFEST "imsmanifest.xml"

static unsigned line_of(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned)l : 0;
}

/* ---- repair.id-renamed ------------------------------------------- */

/* An identifier-bearing element of the manifest: what the reader checks
 * for uniqueness. */
static bool has_identity(const cckit_rp *r, xmlNodePtr n)
{
    return cckit_rp_is(r, n, "manifest") || cckit_rp_is(r, n, "organization")
        || cckit_rp_is(r, n, "item") || cckit_rp_is(r, n, "resource");
}

/* References (identifierref) name resources only: the first resource of
 * an identifier keeps it (else its first holder) and the other holders
 * are renamed, so that no reference changes its target.  Two resources
 * of one identifier that references name are left as they are: which
 * one the references mean would be a guess.  The new name is
 * ID_2, ID_3, ... (the first not in use): an NCName stays one. */
cckit_status cckit_fix_ids(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    cckit_status st = CCKIT_OK;
    /* keys are copies in the arena: renaming frees attribute values */
    cckit_arena *keys = cckit_arena_new();
    cckit_idmap *all = cckit_idmap_new(), *first = cckit_idmap_new(),
                *first_res = cckit_idmap_new(), *refd = cckit_idmap_new();
    bool oom = !keys || !all || !first || !first_res || !refd, o = false;
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    for (xmlNodePtr n = root; n && !oom; n = cckit_rp_next(n)) {
        xmlAttrPtr ra = xmlHasNsProp(n, (const xmlChar *)"identifierref", NULL);
        if (ra && ra->children && ra->children->content) {
            char *ref = cckit_arena_strdup(keys, (const char *)ra->children->content);
            if (ref)
                cckit_idmap_put(refd, ref, n, &o);
            oom |= !ref || o;
        }
        if (!has_identity(r, n))
            continue;
        xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)"identifier", NULL);
        if (!a || !a->children || !a->children->content)
            continue;
        char *id = cckit_arena_strdup(keys, (const char *)a->children->content);
        if (!id) {
            oom = true;
            break;
        }
        cckit_idmap_put(first, id, n, &o);
        oom |= o;
        cckit_idmap_put(all, id, n, &o);
        oom |= o;
        if (cckit_rp_is(r, n, "resource")) {
            cckit_idmap_put(first_res, id, n, &o);
            oom |= o;
        }
    }
    for (xmlNodePtr n = root; n && !oom; n = cckit_rp_next(n)) {
        if (!has_identity(r, n))
            continue;
        char *id = cckit_rp_attr(n, "identifier");
        if (!id)
            continue;
        xmlNodePtr k = cckit_idmap_get(first_res, id);
        if (!k)
            k = cckit_idmap_get(first, id);
        if (k && k != n && cckit_rp_is(r, k, "resource") && cckit_rp_is(r, n, "resource")
            && cckit_idmap_get(refd, id)) {
            /* two resources, one identifier, and references to it */
            if (!cckit_rp_decline(r, MANIFEST, line_of(n), "the resources at lines %u and %u "
                                  "share the identifier \"%s\", and references name it: which "
                                  "resource they mean is a guess", line_of(k), line_of(n), id))
                oom = true;
        } else if (k && k != n) {
            char fresh[1100];
            for (unsigned i = 2;; i++) {
                snprintf(fresh, sizeof fresh, "%.1000s_%u", id, i);
                if (!cckit_idmap_get(all, fresh))
                    break;
            }
            char *key = cckit_arena_strdup(keys, fresh);
            if (!key) {
                xmlFree(id);
                oom = true;
                break;
            }
            cckit_idmap_put(all, key, n, &o);
            oom |= o;
            xmlSetProp(n, (const xmlChar *)"identifier", (const xmlChar *)fresh);
            r->doc_changed = true;
            if (cckit_rp_is(r, k, "resource"))
                cckit_rp_fix(r, row, false, MANIFEST, line_of(n),
                             "the %s identifier \"%s\" is also the identifier of the resource at "
                             "line %u: renamed \"%s\" (references to \"%s\" keep naming that "
                             "resource)", (const char *)n->name, id, line_of(k), fresh, id);
            else
                cckit_rp_fix(r, row, false, MANIFEST, line_of(n),
                             "the %s identifier \"%s\" is also used at line %u: renamed \"%s\"",
                             (const char *)n->name, id, line_of(k), fresh);
        }
        xmlFree(id);
    }
    if (oom || r->rep->fixes.oom)
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    cckit_idmap_free(all);
    cckit_idmap_free(first);
    cckit_idmap_free(first_res);
    cckit_idmap_free(refd);
    cckit_arena_free(keys);
    return st;
}

/* ---- repair.type-version ----------------------------------------- */

/* Whether the descriptor of a resource (its first XML <file>) is
 * written in a namespace of another version than the manifest's, as the
 * validator judges it (package_check.c): then the old type string names
 * it rightly, and spelling the type for the manifest's version would
 * only move the mismatch into the descriptor (converting descriptors is
 * `cckit convert`'s).  *dv gets the descriptor's version. */
static bool descriptor_pins(cckit_rp *r, xmlNodePtr res, cckit_kind k, cckit_cc_version *dv)
{
    switch (k) {
    case CCKIT_KIND_DISCUSSION: case CCKIT_KIND_WEBLINK: case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK: case CCKIT_KIND_LTI_LINK: case CCKIT_KIND_ASSIGNMENT:
        break;
    default:
        return false;
    }
    xmlNodePtr f = NULL;
    for (xmlNodePtr c = res->children; c && !f; c = c->next)
        if (cckit_rp_is(r, c, "file"))
            f = c;
    char *href = f ? cckit_rp_attr(f, "href") : NULL;
    char *path = NULL;
    xmlChar *b = xmlGetNsProp(res, (const xmlChar *)"base", XML_XML_NAMESPACE);
    char *base = NULL;
    if (b && *b)
        cckit_href_resolve_ex("", (const char *)b, 0, &base);
    xmlFree(b);
    if (href)
        cckit_href_resolve_ex(base ? base : "", href, 0, &path);
    xmlFree(href);
    free(base);
    const cckit_entry *e = path ? cckit_source_find(r->src, path) : NULL;
    free(path);
    xmlDocPtr d = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    if (!e || e->is_dir || cckit_xml_read_entry(r->src, e, &r->opt->limits, &d, &err) != CCKIT_OK)
        return false;
    xmlNodePtr root = xmlDocGetRootElement(d);
    /* the version a descriptor namespace names, as package_check.c reads
     * it: ..._v1pN (discussion, web link: 1.N; LTI imslticc_v1p0: 1.1) */
    cckit_cc_version nsv = CCKIT_CC_UNKNOWN;
    const char *ns = root && root->ns ? (const char *)root->ns->href : NULL;
    const char *vp = ns ? strstr(ns, "_v1p") : NULL;
    if (vp && vp[4] >= '0' && vp[4] <= '4' && vp[5] == '\0' && !strstr(vp + 1, "_v1p")) {
        static const cckit_cc_version ver[] = {CCKIT_CC_1_0, CCKIT_CC_1_1, CCKIT_CC_1_2,
                                               CCKIT_CC_1_3, CCKIT_CC_1_4};
        nsv = ver[vp[4] - '0'];
        if (k == CCKIT_KIND_LTI_LINK && nsv == CCKIT_CC_1_0)
            nsv = CCKIT_CC_1_1;
    }
    if (k != CCKIT_KIND_DISCUSSION && k != CCKIT_KIND_WEBLINK && k != CCKIT_KIND_LTI_LINK)
        nsv = CCKIT_CC_UNKNOWN;     /* QTI and assignments have one namespace */
    xmlFreeDoc(d);
    *dv = nsv;
    if (nsv == CCKIT_CC_UNKNOWN)
        return false;
    cckit_cc_version mv = r->version;
    /* LTI: 1.1 and 1.2 share imslticc_v1p0; 1.4 keeps 1.3's */
    if (k == CCKIT_KIND_LTI_LINK)
        return mv >= CCKIT_CC_1_3 ? nsv != CCKIT_CC_1_3
             : (mv == CCKIT_CC_1_1 || mv == CCKIT_CC_1_2) ? nsv == CCKIT_CC_1_3 : false;
    return nsv != mv;
}

/* The reader's rule (R5): a type string is the one of the manifest's
 * version for the resource's kind. */
cckit_status cckit_fix_type_version(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    if (r->version == CCKIT_CC_UNKNOWN)
        return CCKIT_OK;
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    for (xmlNodePtr n = root; n; n = cckit_rp_next(n)) {
        if (!cckit_rp_is(r, n, "resource"))
            continue;
        char *type = cckit_rp_attr(n, "type");
        if (!type)
            continue;
        cckit_cc_version tv = CCKIT_CC_UNKNOWN;
        cckit_kind k = cckit_kind_of_type(type, &tv);
        const char *want = k == CCKIT_KIND_UNKNOWN ? NULL : cckit_type_for(k, r->version);
        /* CC 1.4 open video has two spellings, both right */
        if (want && strcmp(want, type) != 0
            && !(k == CCKIT_KIND_OPEN_VIDEO && r->version == CCKIT_CC_1_4)) {
            cckit_cc_version dv = CCKIT_CC_UNKNOWN;
            if (descriptor_pins(r, n, k, &dv)) {
                const char *id = cckit_rp_res_id(r, n);
                bool ok = cckit_rp_decline(r, MANIFEST, line_of(n),
                                           "resource \"%s\": type \"%s\" is left as it is: its "
                                           "descriptor is written for CC %s, which the type names "
                                           "(rewriting the descriptor is 'cckit convert''s work)",
                                           id ? id : "?", type, cckit_cc_version_string(dv));
                xmlFree(type);
                if (!ok)
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                continue;
            }
            xmlSetProp(n, (const xmlChar *)"type", (const xmlChar *)want);
            r->doc_changed = true;
            const char *id = cckit_rp_res_id(r, n);
            if (!cckit_rp_fix(r, row, false, MANIFEST, line_of(n),
                              "resource \"%s\": type \"%s\" written \"%s\" (CC %s)",
                              id ? id : "?", type, want, cckit_cc_version_string(r->version))) {
                xmlFree(type);
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            }
        }
        xmlFree(type);
    }
    return CCKIT_OK;
}

/* ---- repair.dangling-ref-removed --------------------------------- */

/* An item's identifierref or a dependency that names no resource: the
 * reference is removed (the item stays, as a folder of its children or
 * an empty heading) and listed as a loss. */
cckit_status cckit_fix_dangling(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    bool oom = false, o = false;
    cckit_arena *keys = cckit_arena_new();
    cckit_idmap *res = cckit_idmap_new();
    if (!res || !keys) {
        cckit_idmap_free(res);
        cckit_arena_free(keys);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    for (xmlNodePtr n = root; n && !oom; n = cckit_rp_next(n)) {
        if (!cckit_rp_is(r, n, "resource"))
            continue;
        xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)"identifier", NULL);
        if (a && a->children && a->children->content) {
            char *id = cckit_arena_strdup(keys, (const char *)a->children->content);
            if (id)
                cckit_idmap_put(res, id, n, &o);
            oom |= !id || o;
        }
    }
    for (xmlNodePtr n = root, next; n && !oom; n = next) {
        next = cckit_rp_next(n);
        bool item = cckit_rp_is(r, n, "item");
        if (!item && !cckit_rp_is(r, n, "dependency"))
            continue;
        char *ref = cckit_rp_attr(n, "identifierref");
        if (!ref || cckit_idmap_get(res, ref)) {
            xmlFree(ref);
            continue;
        }
        r->doc_changed = true;
        if (item) {
            char *id = cckit_rp_attr(n, "identifier");
            char *title = NULL;
            for (xmlNodePtr c = n->children; c; c = c->next)
                if (cckit_rp_is(r, c, "title")) {
                    title = (char *)xmlNodeGetContent(c);
                    break;
                }
            cckit_rp_fix(r, row, true, MANIFEST, line_of(n),
                         "item \"%s\"%s%.200s%s referred to \"%s\", which is no resource: the "
                         "reference is removed, the item keeps its place without content",
                         id ? id : "?", title ? " (\"" : "", title ? title : "",
                         title ? "\")" : "", ref);
            xmlFree(id);
            xmlFree(title);
            xmlUnsetProp(n, (const xmlChar *)"identifierref");
        } else {
            const char *id = cckit_rp_res_id(r, n);
            cckit_rp_fix(r, row, true, MANIFEST, line_of(n),
                         "resource \"%s\": the dependency on \"%s\", which is no resource, is "
                         "removed", id ? id : "?", ref);
            next = cckit_rp_skip(n);    /* not inside what is freed */
            cckit_rp_unlink(n);
        }
        xmlFree(ref);
    }
    cckit_idmap_free(res);
    cckit_arena_free(keys);
    if (oom || r->rep->fixes.oom)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    return CCKIT_OK;
}
