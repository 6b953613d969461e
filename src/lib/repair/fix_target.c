/* fix_target.c - the fixes an import target needs (--target NAME: an
 * import model whose checks name the problem), where the specification
 * allows them.  repair.target-tf-idents: Moodle's importer fails on a
 * true/false question whose answer idents are not literally "true" and
 * "false" (check qti-true-false-idents); they are renamed, with the
 * conditions of the item that test them.  repair.target-id-ncname: an
 * identifier that is no XML name fails a target that checks the manifest
 * against the schema (check manifest-schema-error). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "import/entry_read.h"

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The next element after n inside top (depth first), or NULL. */
static xmlNodePtr next_in(xmlNodePtr n, xmlNodePtr top)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    for (; n && n != top; n = n->parent)
        for (xmlNodePtr s = n->next; s; s = s->next)
            if (s->type == XML_ELEMENT_NODE)
                return s;
    return NULL;
}

/* An element's text, trimmed, ASCII lower case; malloc'ed or NULL. */
static char *text_lc(xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *s = (const char *)t, *e = s + strlen(s);
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    char *out = strndup(s, (size_t)(e - s));
    for (char *p = out; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    xmlFree(t);
    return out;
}

/* The item's cc_profile, lower case (malloc'ed), or NULL. */
static char *profile_of(xmlNodePtr item)
{
    for (xmlNodePtr n = next_in(item, item); n; n = next_in(n, item)) {
        if (!is_el(n, "qtimetadatafield"))
            continue;
        xmlNodePtr l = NULL, e = NULL;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (is_el(c, "fieldlabel"))
                l = c;
            else if (is_el(c, "fieldentry"))
                e = c;
        }
        char *lt = l ? text_lc(l) : NULL;
        bool hit = lt && strcmp(lt, "cc_profile") == 0 && e;
        free(lt);
        if (hit)
            return text_lc(e);
    }
    return NULL;
}

/* One true/false item: true when it changed. */
static bool tf_item(cckit_rp *r, const cckit_rule *row, const char *file, xmlNodePtr item,
                    bool *ok)
{
    xmlNodePtr lab[3] = { NULL, NULL, NULL };
    size_t n = 0;
    for (xmlNodePtr x = next_in(item, item); x; x = next_in(x, item))
        if (is_el(x, "response_label") && n < 3)
            lab[n++] = x;
    xmlChar *title = xmlGetNoNsProp(item, (const xmlChar *)"title");
    const char *tt = title ? (const char *)title : "?";
    unsigned line = (unsigned)xmlGetLineNo(item);
    bool changed = false;
    char *id0 = n == 2 ? cckit_rp_attr(lab[0], "ident") : NULL;
    char *id1 = n == 2 ? cckit_rp_attr(lab[1], "ident") : NULL;
    char *t0 = n == 2 ? text_lc(lab[0]) : NULL, *t1 = n == 2 ? text_lc(lab[1]) : NULL;
    if (n != 2 || !id0 || !id1) {
        *ok = cckit_rp_decline(r, file, line, "true/false question \"%s\": %s: the answers' "
                               "idents are left (which is true would be a guess)", tt,
                               n != 2 ? "it does not have exactly two answers"
                                      : "an answer has no ident");
    } else if ((!strcmp(id0, "true") && !strcmp(id1, "false"))
               || (!strcmp(id0, "false") && !strcmp(id1, "true"))) {
        /* already as the target reads them */
    } else if (!t0 || !t1 || !((!strcmp(t0, "true") && !strcmp(t1, "false"))
                               || (!strcmp(t0, "false") && !strcmp(t1, "true")))) {
        *ok = cckit_rp_decline(r, file, line, "true/false question \"%s\": the answers read "
                               "\"%.40s\" and \"%.40s\", not True and False: which is true is a "
                               "guess", tt, t0 ? t0 : "", t1 ? t1 : "");
    } else {
        const char *new0 = strcmp(t0, "true") == 0 ? "true" : "false";
        const char *new1 = strcmp(new0, "true") == 0 ? "false" : "true";
        /* the conditions that test an answer name its ident as text */
        size_t refs = 0;
        for (xmlNodePtr x = next_in(item, item); x; x = next_in(x, item)) {
            if (!is_el(x, "varequal") && !is_el(x, "varnotequal"))
                continue;
            xmlChar *v = xmlNodeGetContent(x);
            const char *nv = !v ? NULL : !strcmp((char *)v, id0) ? new0
                           : !strcmp((char *)v, id1) ? new1 : NULL;
            if (nv) {
                xmlNodeSetContent(x, (const xmlChar *)nv);
                refs++;
            }
            xmlFree(v);
        }
        xmlSetProp(lab[0], (const xmlChar *)"ident", (const xmlChar *)new0);
        xmlSetProp(lab[1], (const xmlChar *)"ident", (const xmlChar *)new1);
        changed = true;
        *ok = cckit_rp_fix(r, row, false, file, line, "true/false question \"%s\": the answer "
                           "idents \"%s\" and \"%s\" are renamed \"%s\" and \"%s\", with the %zu "
                           "condition(s) that test them", tt, id0, id1, new0, new1, refs);
    }
    xmlFree(id0);
    xmlFree(id1);
    free(t0);
    free(t1);
    xmlFree(title);
    return changed;
}

cckit_status cckit_fix_target_tf(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    xmlNodePtr mroot = xmlDocGetRootElement(r->doc);
    bool ok = true;
    for (xmlNodePtr x = mroot; x && ok; x = cckit_rp_next(x)) {
        if (!cckit_rp_is(r, x, "resource"))
            continue;
        char *type = cckit_rp_attr(x, "type");
        cckit_kind k = type ? cckit_kind_of_type(type, NULL) : CCKIT_KIND_UNKNOWN;
        xmlFree(type);
        if (k != CCKIT_KIND_ASSESSMENT && k != CCKIT_KIND_QUESTION_BANK)
            continue;
        const cckit_entry *e = cckit_rp_first_file(r, x);
        bool oom = false;
        xmlDocPtr d = e ? cckit_rp_desc(r, e, &oom) : NULL;
        ok = !oom;
        if (!d)
            continue;       /* unreadable: the validator says why */
        xmlNodePtr root = xmlDocGetRootElement(d);
        bool changed = false;
        for (xmlNodePtr n = root; n && ok; n = next_in(n, root)) {
            if (!is_el(n, "item"))
                continue;
            char *prof = profile_of(n);
            if (prof && strcmp(prof, "cc.true_false.v0p1") == 0)
                changed |= tf_item(r, row, e->name, n, &ok);
            free(prof);
        }
        cckit_rp_desc_done(r, e, d, changed);
    }
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* ---- repair.target-id-ncname ------------------------------------- */

/* The manifest reader's NCName test (tree/manifest_reader.c): ASCII
 * letters, digits, '_', '-', '.', and any non-ASCII byte, not starting
 * with a digit, '-' or '.'. */
static bool ncname_char(unsigned char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80
        || (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static bool is_ncname(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!*p || !ncname_char(*p, true))
        return false;
    for (p++; *p; p++)
        if (!ncname_char(*p, false))
            return false;
    return true;
}

/* The LTI link descriptors whose <cartridge_icon> or <cartridge_bundle>
 * names resource `id` name `fresh` instead (a renamed icon would dangle
 * otherwise: lti.icon), each listed as a fix of its own file and line;
 * *oom on a failure of memory. */
static void relink_lti(cckit_rp *r, const cckit_rule *row, const char *id, const char *fresh,
                       bool *oom)
{
    for (xmlNodePtr n = xmlDocGetRootElement(r->doc); n && !*oom; n = cckit_rp_next(n)) {
        if (!cckit_rp_is(r, n, "resource"))
            continue;
        char *type = cckit_rp_attr(n, "type");
        bool lti = type && cckit_kind_of_type(type, NULL) == CCKIT_KIND_LTI_LINK;
        xmlFree(type);
        const cckit_entry *e = lti ? cckit_rp_first_file(r, n) : NULL;
        *oom |= r->oom;
        xmlDocPtr d = e ? cckit_rp_desc(r, e, oom) : NULL;
        xmlNodePtr root = d ? xmlDocGetRootElement(d) : NULL;
        bool changed = false;
        for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || (strcmp((const char *)c->name, "cartridge_icon") != 0
                                               && strcmp((const char *)c->name, "cartridge_bundle") != 0))
                continue;
            char *ref = cckit_rp_attr(c, "identifierref");
            if (ref && strcmp(ref, id) == 0) {
                if (!xmlSetProp(c, (const xmlChar *)"identifierref", (const xmlChar *)fresh)
                    || !cckit_rp_fix(r, row, false, e->name, (unsigned)xmlGetLineNo(c),
                                     "the LTI link's <%s> named the resource \"%s\", renamed "
                                     "\"%s\": it names the new identifier", (const char *)c->name,
                                     id, fresh))
                    *oom = true;
                changed = true;
            }
            xmlFree(ref);
        }
        if (e)
            cckit_rp_desc_done(r, e, d, changed);
    }
}

/* Moodle validates the manifest against the XSD and refuses it on any
 * error (check manifest-schema-error): an identifier that starts with a
 * digit, '-' or '.' is no xs:ID.  It gets the prefix "id_" (then "_2",
 * ... if that is taken), and every identifierref of the manifest that
 * named it names the new one.  An identifier with characters no XML name
 * has is left: what to write instead would be a guess.  An LTI link's
 * <cartridge_icon> or <cartridge_bundle> that named a renamed resource
 * follows it (relink_lti). */
cckit_status cckit_fix_target_ids(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    cckit_arena *keys = cckit_arena_new();
    cckit_idmap *all = cckit_idmap_new();
    bool ok = keys && all, o = false;
    for (xmlNodePtr n = root; n && ok; n = cckit_rp_next(n)) {
        xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)"identifier", NULL);
        if (a && a->children && a->children->content) {
            char *k = cckit_arena_strdup(keys, (const char *)a->children->content);
            if (k)
                cckit_idmap_put(all, k, n, &o);
            ok = k && !o;
        }
    }
    for (xmlNodePtr n = root; n && ok; n = cckit_rp_next(n)) {
        if (!cckit_rp_is(r, n, "manifest") && !cckit_rp_is(r, n, "organization")
            && !cckit_rp_is(r, n, "item") && !cckit_rp_is(r, n, "resource"))
            continue;
        char *id = cckit_rp_attr(n, "identifier");
        if (!id || is_ncname(id)) {
            xmlFree(id);
            continue;
        }
        unsigned line = (unsigned)xmlGetLineNo(n);
        bool tail_ok = true;
        for (const unsigned char *p = (const unsigned char *)id; *p; p++)
            tail_ok &= ncname_char(*p, false);
        if (!tail_ok) {
            ok = cckit_rp_decline(r, "imsmanifest.xml", line, "the %s identifier \"%s\" has "
                                  "characters no XML name has: what to write instead is a guess",
                                  (const char *)n->name, id);
            xmlFree(id);
            continue;
        }
        char fresh[1100];
        snprintf(fresh, sizeof fresh, "id_%.1000s", id);
        for (unsigned i = 2; cckit_idmap_get(all, fresh); i++)
            snprintf(fresh, sizeof fresh, "id_%.1000s_%u", id, i);
        char *k = cckit_arena_strdup(keys, fresh);
        if (k)
            cckit_idmap_put(all, k, n, &o);
        if (!k || o) {
            xmlFree(id);
            ok = false;
            break;
        }
        size_t refs = 0;
        for (xmlNodePtr x = root; x; x = cckit_rp_next(x)) {
            char *ref = cckit_rp_attr(x, "identifierref");
            if (ref && strcmp(ref, id) == 0) {
                xmlSetProp(x, (const xmlChar *)"identifierref", (const xmlChar *)fresh);
                refs++;
            }
            xmlFree(ref);
        }
        xmlSetProp(n, (const xmlChar *)"identifier", (const xmlChar *)fresh);
        r->doc_changed = true;
        ok = cckit_rp_fix(r, row, false, "imsmanifest.xml", line, "the %s identifier \"%s\" is "
                          "no XML name: renamed \"%s\", with the %zu reference(s) to it",
                          (const char *)n->name, id, fresh, refs);
        bool oom = false;
        if (ok && cckit_rp_is(r, n, "resource"))
            relink_lti(r, row, id, fresh, &oom);
        ok = ok && !oom;
        xmlFree(id);
    }
    cckit_idmap_free(all);
    cckit_arena_free(keys);
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}
