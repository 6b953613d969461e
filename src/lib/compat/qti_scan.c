/* qti_scan.c - the QTI facts the check vocabulary needs, from one parse
 * of each QTI file (assessments and question banks) with the hardened
 * loader: every item's title and cc_profile, true/false answer idents,
 * rubric blocks, section idents, assessments with no CC question type.
 * A file that does not parse gives no facts here: the validation that
 * runs beside reports it. */
#include "compat/compat.h"
#include "validate/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cc_types[] = {
    "cc.multiple_choice.v0p1", "cc.multiple_response.v0p1", "cc.true_false.v0p1",
    "cc.fib.v0p1", "cc.pattern_match.v0p1", "cc.essay.v0p1",
};

static bool is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

/* Trimmed text content of n, arena-owned. */
static const char *text_of(cckit_scan *s, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *a = (const char *)t, *e = a + strlen(a);
    while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
        a++;
    while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    char *r = cckit_arena_strndup(s->arena, a, (size_t)(e - a));
    xmlFree(t);
    return r;
}

/* "PREFIX\"VALUE\"" in the arena (VALUE is the cartridge's own text). */
typedef struct qctx {
    cckit_scan *s;
    const cckit_resource *r;
    const char *file;
    bool ok;
} qctx;

/* prefix"v" in the arena; on OOM the scan fails (q->ok) and prefix is
 * returned, never shown. */
static const char *quoted(struct qctx *q, const char *prefix, const char *v)
{
    size_t n = strlen(prefix) + strlen(v) + 3;
    char *r = cckit_arena_alloc(q->s->arena, n);
    if (r)
        snprintf(r, n, "%s\"%s\"", prefix, v);
    else
        q->ok = false;
    return r ? r : prefix;
}


static void add(qctx *q, int slot, const char *title, xmlNodePtr n, const char *detail)
{
    cckit_scan *s = q->s;
    cckit_hits h = { s->qti_hits[slot], s->n_qti_hits[slot] };
    cckit_hit x = { title ? title : s->res_title[q->r->index], q->r->identifier,
                    q->file, cckit_dom_line(n), detail };
    if (!cckit_hit_add(s, &h, &x))
        q->ok = false;
    s->qti_hits[slot] = h.v;
    s->n_qti_hits[slot] = h.n;
}

static const char *profile_of(qctx *q, xmlNodePtr item)
{
    xmlNodePtr md = child(child(item, "itemmetadata"), "qtimetadata");
    for (xmlNodePtr f = md ? md->children : NULL; f; f = f->next) {
        if (!is_el(f, "qtimetadatafield"))
            continue;
        xmlNodePtr l = child(f, "fieldlabel"), e = child(f, "fieldentry");
        const char *lt = l ? text_of(q->s, l) : NULL;
        if (lt && !strcmp(lt, "cc_profile") && e)
            return text_of(q->s, e);
    }
    return NULL;
}

/* True/false answers: idents other than literally "true" and "false". */
static void tf_idents(qctx *q, xmlNodePtr n, const char *title, bool *odd)
{
    for (xmlNodePtr c = n->children; c && !*odd; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "response_label")) {
            const char *id = cckit_dom_attr(c, "ident");
            if (!id || (strcmp(id, "true") && strcmp(id, "false"))) {
                *odd = true;
                add(q, QH_TF_IDENTS, title, c,
                    id ? quoted(q, "a true/false answer with ident ", id)
                       : "a true/false answer without an ident");
                return;
            }
        }
        tf_idents(q, c, title, odd);
    }
}

/* The first <varsubstring> under n: an answer given as a pattern (what
 * cc2olx calls a regular-expression answer), not a literal. */
static xmlNodePtr find_substring(xmlNodePtr n, unsigned depth)
{
    for (xmlNodePtr c = n->children; c && depth < 64; c = c->next) {
        if (is_el(c, "varsubstring"))
            return c;
        xmlNodePtr f = c->type == XML_ELEMENT_NODE ? find_substring(c, depth + 1) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

static size_t one_item(qctx *q, xmlNodePtr item)
{
    cckit_scan *s = q->s;
    const char *t = cckit_dom_attr(item, "title");
    const char *title = t && *t ? cckit_arena_strdup(s->arena, t) : NULL;
    if (t && *t && !title) {
        q->ok = false;
        return 0;
    }
    const char *prof = profile_of(q, item);
    cckit_qti_item *nv = cckit_arena_push(s->arena, s->qti, s->n_qti, sizeof *nv);
    if (!nv) {
        q->ok = false;
        return 0;
    }
    s->qti = nv;
    cckit_qti_item *qi = &s->qti[s->n_qti++];
    qi->title = title;
    qi->profile = prof;
    qi->res = q->r;
    qi->file = q->file;
    qi->line = cckit_dom_line(item);
    if (!t)
        add(q, QH_NO_TITLE, NULL, item, "a question without a title");
    if (!prof)
        add(q, QH_NO_PROFILE, title, item, "a question without cc_profile metadata");
    else if (!strcmp(prof, "cc.fib.v0p1")) {
        add(q, QH_FIB, title, item, "a fill-in-the-blank question");
        xmlNodePtr rp = child(item, "resprocessing");
        xmlNodePtr pat = rp ? find_substring(rp, 0) : NULL;
        if (pat)
            add(q, QH_FIB_PATTERN, title, pat,
                "a fill-in-the-blank question whose answer is a pattern (<varsubstring>)");
    }
    else if (!strcmp(prof, "cc.true_false.v0p1")) {
        bool odd = false;
        tf_idents(q, item, title, &odd);
    }
    for (size_t i = 0; prof && i < sizeof cc_types / sizeof cc_types[0]; i++)
        if (!strcmp(prof, cc_types[i]))
            return 1;
    return 0;
}

/* Walk a section, an assessment or an object bank; returns the number of
 * items of a CC question type. */
static size_t walk(qctx *q, xmlNodePtr n, unsigned depth, size_t *items)
{
    size_t known = 0;
    if (depth > 64)
        return 0;
    for (xmlNodePtr c = n->children; c && q->ok; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "item")) {
            (*items)++;
            known += one_item(q, c);
        } else if (is_el(c, "rubric") || is_el(c, "rubricBlock")) {
            add(q, QH_RUBRIC, NULL, c, "rubric instructions");
        } else if (is_el(c, "section")) {
            if (is_el(n, "assessment")) {
                const char *id = cckit_dom_attr(c, "ident");
                if (!id || strcmp(id, "root_section"))
                    add(q, QH_SECTION, NULL, c,
                        id ? quoted(q, "a section with ident ", id) : "a section without an ident");
            }
            known += walk(q, c, depth + 1, items);
        }
    }
    return known;
}

static char *qti_path(const cckit_scan *s, const cckit_resource *r, bool *oom)
{
    if (!r->n_files || !r->files[0].href)
        return NULL;
    const char *base = r->xml_base ? r->xml_base : "";
    for (int mode = 0; mode < 2; mode++) {
        char *path = NULL;
        cckit_href_status hs = cckit_href_resolve_ex(base, r->files[0].href,
                                                     mode ? CCKIT_HREF_LITERAL : 0, &path);
        if (hs == CCKIT_HREF_NOMEM) {
            *oom = true;
            free(path);
            return NULL;
        }
        if (hs == CCKIT_HREF_OK && path && cckit_source_find(s->cart->source, path))
            return path;
        free(path);
    }
    return NULL;
}

bool cckit_qti_scan(cckit_scan *s, const cckit_limits *lim)
{
    const cckit_manifest *m = s->cart ? s->cart->manifest : NULL;
    if (!m || !s->cart->source)
        return true;
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        if (r->kind != CCKIT_KIND_ASSESSMENT && r->kind != CCKIT_KIND_QUESTION_BANK)
            continue;
        bool oom = false;
        char *path = qti_path(s, r, &oom);
        if (oom)
            return false;
        if (!path)
            continue;
        xmlDocPtr doc = NULL;
        cckit_error err;
        const cckit_entry *e = cckit_source_find(s->cart->source, path);
        qctx q = { s, r, cckit_arena_strdup(s->arena, path), true };
        free(path);
        if (!q.file)
            return false;
        /* a document that cannot be read is the validator's finding */
        cckit_status rst = cckit_xml_read_entry(s->cart->source, e, lim, &doc, &err);
        if (rst == CCKIT_E_NOMEM)
            return false;
        if (rst != CCKIT_OK)
            continue;
        xmlNodePtr root = xmlDocGetRootElement(doc);
        for (xmlNodePtr c = root ? root->children : NULL; c && q.ok; c = c->next) {
            if (!is_el(c, "assessment") && !is_el(c, "objectbank"))
                continue;
            size_t items = 0, known = walk(&q, c, 0, &items);
            if (is_el(c, "assessment") && known == 0) {
                add(&q, QH_UNKNOWN_ONLY, NULL, c,
                    items ? "no question of a CC question type" : "no question");
            }
        }
        xmlFreeDoc(doc);
        if (!q.ok)
            return false;
    }
    return true;
}
