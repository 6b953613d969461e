/* fix_empty.c - repair.target-empty-assessment: with --target NAME whose
 * import model has the check qti-unknown-types-only (Moodle), an
 * assessment without any question is removed: Moodle's importer fails
 * the whole import on an assessment with no question of a type it knows
 * (entity11.quiz.class.php: count('') TypeError on PHP 8, every Moodle
 * 4.x; models/moodle.yaml), and an assessment without a question brings
 * nothing a learner could answer.  The resource goes, with its files
 * that no other resource lists and every reference to it: an item's
 * identifierref (the item keeps its place, as repair.dangling-ref-removed
 * leaves it) and each <dependency>; and its associated content: a
 * resource of that kind it depends on that nothing else names (CC 1.1
 * §3.3: associated content belongs to one learning object; left, it
 * would be associated content of none, manifest.ac-unused).  A loss,
 * listed.  With
 * keep_empty_assessments each is listed as not repaired instead.  An
 * assessment with questions, none of a CC type, is not empty: its
 * questions are someone's work, and it is left to the compat verdict. */
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"

#define MANIFEST "imsmanifest.xml"

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The <assessment> of a QTI document, or NULL. */
static xmlNodePtr assessment_of(xmlDocPtr d)
{
    xmlNodePtr root = xmlDocGetRootElement(d);
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        if (is_el(c, "assessment"))
            return c;
    return NULL;
}

/* Whether n holds an <item> at any depth (bounded: a deeper one is
 * counted as there, which keeps the assessment). */
static bool has_item(xmlNodePtr n, unsigned depth)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "item") || depth > 64 || has_item(c, depth + 1))
            return true;
    }
    return false;
}

/* Mark the files of resource res in gone; returns how many were new. */
static size_t mark_files(cckit_rp *r, xmlNodePtr res, unsigned char *gone)
{
    const cckit_entry *e0 = cckit_source_entry(r->src, 0);
    size_t files = 0;
    for (xmlNodePtr c = res->children; c; c = c->next) {
        const cckit_entry *e = cckit_rp_is(r, c, "file") ? cckit_rp_file_entry(r, res, c) : NULL;
        if (e && !gone[e - e0]) {
            gone[e - e0] = 1;
            files++;
        }
    }
    return files;
}

/* The associated-content resource dep (an identifier res depends on)
 * when nothing but res names it, else NULL. */
static xmlNodePtr own_ac(cckit_rp *r, xmlNodePtr res, const char *dep)
{
    xmlNodePtr found = NULL;
    size_t names = 0;
    for (xmlNodePtr n = xmlDocGetRootElement(r->doc); n; n = cckit_rp_next(n)) {
        char *v = NULL;
        if (cckit_rp_is(r, n, "resource") && (v = cckit_rp_attr(n, "identifier"))
            && strcmp(v, dep) == 0) {
            char *type = cckit_rp_attr(n, "type");
            cckit_kind k = type ? cckit_kind_of_type(type, NULL) : CCKIT_KIND_UNKNOWN;
            xmlFree(type);
            found = k == CCKIT_KIND_ASSOCIATED_CONTENT && !found ? n : NULL;
            names += 2;     /* two of that identifier: not ours to judge */
        } else if ((cckit_rp_is(r, n, "item") || cckit_rp_is(r, n, "dependency"))
                   && (v = cckit_rp_attr(n, "identifierref")) && strcmp(v, dep) == 0
                   && n->parent != res)
            names++;
        xmlFree(v);
    }
    return names == 2 ? found : NULL;
}

/* Remove every item reference (the item stays) and dependency naming id. */
static void unref(cckit_rp *r, const char *id, size_t *items, size_t *deps)
{
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    for (xmlNodePtr n = root, next; n; n = next) {
        next = cckit_rp_next(n);
        bool item = cckit_rp_is(r, n, "item");
        if (!item && !cckit_rp_is(r, n, "dependency"))
            continue;
        char *ref = cckit_rp_attr(n, "identifierref");
        if (ref && strcmp(ref, id) == 0) {
            if (item) {
                xmlUnsetProp(n, (const xmlChar *)"identifierref");
                (*items)++;
            } else {
                next = cckit_rp_skip(n);    /* not inside what is freed */
                cckit_rp_unlink(n);
                (*deps)++;
            }
        }
        xmlFree(ref);
    }
}

/* Remove one empty assessment's resource res (identifier id), its own
 * associated content and the references to them; their files are
 * marked in gone (per entry). */
static bool drop_one(cckit_rp *r, const cckit_rule *row, xmlNodePtr res, const char *id,
                     const char *title, unsigned char *gone)
{
    size_t files = mark_files(r, res, gone), items = 0, deps = 0, acs = 0;
    for (xmlNodePtr c = res->children, next; c; c = next) {
        next = c->next;
        char *dep = cckit_rp_is(r, c, "dependency") ? cckit_rp_attr(c, "identifierref") : NULL;
        xmlNodePtr ac = dep ? own_ac(r, res, dep) : NULL;
        if (ac) {
            files += mark_files(r, ac, gone);
            cckit_rp_unlink(ac);
            acs++;
        }
        xmlFree(dep);
    }
    unref(r, id, &items, &deps);
    unsigned line = (unsigned)xmlGetLineNo(res);
    cckit_rp_unlink(res);
    r->doc_changed = true;
    return cckit_rp_fix(r, row, true, MANIFEST, line, "assessment \"%.200s\" (resource \"%s\") "
                        "has no question, and the target fails the whole import on it: the "
                        "resource is removed with %zu associated-content resource(s) of its own, "
                        "their %zu file(s), %zu item reference(s) to it (the items keep their "
                        "place) and %zu dependenc%s on it", title, id, acs, files, items, deps,
                        deps == 1 ? "y" : "ies");
}

cckit_status cckit_fix_target_empty(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    size_t n = cckit_source_count(r->src);
    unsigned char *gone = calloc(n ? n : 1, 1);
    if (!gone)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    bool ok = true, oom = false;
    /* first the empty ones, then the removals: a removal frees resources
     * (associated content) a walk could stand on; an assessment it never
     * frees */
    xmlNodePtr *empties = NULL;
    size_t n_empty = 0;
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    for (xmlNodePtr x = root; x && !oom; x = cckit_rp_next(x)) {
        if (!cckit_rp_is(r, x, "resource"))
            continue;
        char *type = cckit_rp_attr(x, "type");
        cckit_kind k = type ? cckit_kind_of_type(type, NULL) : CCKIT_KIND_UNKNOWN;
        xmlFree(type);
        const cckit_entry *e = k == CCKIT_KIND_ASSESSMENT ? cckit_rp_first_file(r, x) : NULL;
        xmlDocPtr d = e ? cckit_rp_desc(r, e, &oom) : NULL;
        xmlNodePtr a = d ? assessment_of(d) : NULL;
        bool empty = a && !has_item(a, 0);
        cckit_rp_desc_done(r, e, d, false);
        if (!empty)
            continue;
        xmlNodePtr *nv = realloc(empties, (n_empty + 1) * sizeof *nv);
        if (!nv)
            oom = true;
        else
            (empties = nv)[n_empty++] = x;
    }
    for (size_t j = 0; j < n_empty && ok && !oom; j++) {
        xmlNodePtr x = empties[j];
        /* the title as the assessment gives it (read again: the DOM of
         * the check above is freed) */
        const cckit_entry *e = cckit_rp_first_file(r, x);
        xmlDocPtr d = e ? cckit_rp_desc(r, e, &oom) : NULL;
        xmlNodePtr a = d ? assessment_of(d) : NULL;
        xmlChar *t = a ? xmlGetNoNsProp(a, (const xmlChar *)"title") : NULL;
        char *title = t ? strdup((const char *)t) : NULL;
        xmlFree(t);
        cckit_rp_desc_done(r, e, d, false);
        char *id = cckit_rp_attr(x, "identifier");
        if (!id) {
            /* no identifier: the validator's finding */
        } else if (r->opt->keep_empty_assessments) {
            ok = cckit_rp_decline(r, MANIFEST, (unsigned)xmlGetLineNo(x), "assessment "
                                  "\"%.200s\" (resource \"%s\") has no question, and the target "
                                  "fails the whole import on it: kept, as asked (remove it, or "
                                  "add a question)", title ? title : "?", id);
        } else {
            ok = drop_one(r, row, x, id, title ? title : "?", gone);
        }
        free(title);
        xmlFree(id);
    }
    free(empties);
    /* the files of a removed resource go, unless a kept resource lists them */
    const cckit_entry *e0 = cckit_source_entry(r->src, 0);
    for (xmlNodePtr x = root; x && ok; x = cckit_rp_next(x))
        if (cckit_rp_is(r, x, "file")) {
            const cckit_entry *e = cckit_rp_file_entry(r, x->parent, x);
            if (e)
                gone[e - e0] = 0;
        }
    for (size_t i = 0; i < n; i++)
        r->drop[i] |= gone[i];
    free(gone);
    return ok && !oom ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}
