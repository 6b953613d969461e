/* fix_descriptors.c - repair.order-normalised: the children of a
 * descriptor's elements put in the order their schema's sequence
 * requires, from one table (order_rows): discussion topics, web links,
 * LTI links, and the sequences of the CC profile of QTI (schemas/).  The
 * assignment extension has none (xs:all: any order).  Nothing is added
 * or removed, no attribute touched: each element moves with the white
 * space and comments before it; an element no sequence names (another
 * namespace: an extension) goes last, in its order.  Only a descriptor
 * whose validation reported xsd.descriptor-order is read; it is written
 * anew (its bytes change, its content does not). */
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"

#define BLTI "{http://www.imsglobal.org/xsd/imsbasiclti_v1p0}"
#define LTICP "{http://www.imsglobal.org/xsd/imslticp_v1p0}"
#define DT_1_0 "http://www.imsglobal.org/xsd/imsdt_v1p0"
#define WL_1_0 "http://www.imsglobal.org/xsd/imswl_v1p0"
#define QTI "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"

/* The children of PARENT, in a descriptor whose root is ROOT (in
 * namespace ROOT_NS, or any), come in the order of SEQ: a slot is a name,
 * or several names (space-separated) that share a place; a name is in
 * the namespace KID_NS (NULL: the root's; "": none) unless written
 * "{namespace}name".  From our schemas/ (cc1.x, common/). */
typedef struct order_row {
    const char *root_ns, *root, *parent, *kid_ns;
    const char *seq[13];
} order_row;

static const order_row order_rows[] = {
    /* cc1.0/discussion.xsd: unqualified children (the first row that
     * fits is taken: a version's own before the rows of any); then
     * common/discussion-topic.inc.xsd (1.1-1.4) */
    { DT_1_0, "topic", "topic", "", { "title", "text", "attachments" } },
    { NULL, "topic", "topic", NULL, { "title", "text", "attachments" } },
    /* cc1.0/weblink.xsd; common/web-link.inc.xsd */
    { WL_1_0, "webLink", "webLink", "", { "title", "url" } },
    { NULL, "webLink", "webLink", NULL, { "title", "url" } },
    /* common/lti-basiclti.xsd's BasicLTILink.Type, then the cartridge's
     * elements (cc1.3/lti-link.xsd adds metadata); lti-cp.xsd's vendor */
    { NULL, "cartridge_basiclti_link", "cartridge_basiclti_link", NULL,
      { BLTI "title", BLTI "description", BLTI "custom", BLTI "extensions", BLTI "launch_url",
        BLTI "secure_launch_url", BLTI "icon", BLTI "secure_icon", BLTI "vendor",
        "cartridge_bundle", "cartridge_icon", "metadata" } },
    { NULL, "cartridge_basiclti_link", "vendor", NULL,
      { LTICP "code", LTICP "name", LTICP "description", LTICP "url", LTICP "contact" } },
    /* cc1.1/qti.xsd: the CC profile of QTI 1.2.1 (a presentation, a
     * response's material before or after its render, is a choice) */
    { QTI, "questestinterop", "assessment", NULL,
      { "qtimetadata", "rubric", "presentation_material", "section" } },
    { QTI, "questestinterop", "objectbank", NULL, { "qtimetadata", "item" } },
    { QTI, "questestinterop", "qtimetadatafield", NULL, { "fieldlabel", "fieldentry" } },
    { QTI, "questestinterop", "item", NULL,
      { "itemmetadata", "presentation", "resprocessing", "itemfeedback" } },
    { QTI, "questestinterop", "resprocessing", NULL, { "outcomes", "respcondition" } },
    { QTI, "questestinterop", "respcondition", NULL,
      { "conditionvar", "setvar", "displayfeedback" } },
    { QTI, "questestinterop", "material", NULL, { "mattext matref matbreak", "altmaterial" } },
};
#define N_ROWS (sizeof order_rows / sizeof order_rows[0])
#define LAST 99     /* the rank of an element no slot names */

static const char *ns_of(xmlNodePtr n)
{
    return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

/* Whether the word [w, w+len) ("name" or "{ns}name", the bare name in
 * namespace dflt) names element n. */
static bool word_is(const char *w, size_t len, const char *dflt, xmlNodePtr n)
{
    const char *ns = dflt;
    size_t nslen = strlen(dflt);
    if (len && w[0] == '{') {
        const char *close = memchr(w, '}', len);
        if (!close)
            return false;
        ns = w + 1;
        nslen = (size_t)(close - ns);
        len -= (size_t)(close + 1 - w);
        w = close + 1;
    }
    const char *have = ns_of(n);
    return strlen(have) == nslen && memcmp(have, ns, nslen) == 0
        && strlen((const char *)n->name) == len && memcmp(n->name, w, len) == 0;
}

/* The slot of element n among the children of an element of row. */
static int rank(const order_row *row, xmlNodePtr root, xmlNodePtr n)
{
    const char *dflt = row->kid_ns ? row->kid_ns : ns_of(root);
    for (int i = 0; i < 13 && row->seq[i]; i++)
        for (const char *w = row->seq[i]; *w; ) {
            size_t len = strcspn(w, " ");
            if (word_is(w, len, dflt, n))
                return i;
            w += len;
            w += *w == ' ';
        }
    return LAST;
}

/* The row whose parent n is, in a document whose root is root, or NULL. */
static const order_row *row_of(xmlNodePtr root, xmlNodePtr n)
{
    for (size_t i = 0; i < N_ROWS; i++) {
        const order_row *w = &order_rows[i];
        if (strcmp((const char *)root->name, w->root) == 0
            && (!w->root_ns || strcmp(ns_of(root), w->root_ns) == 0)
            && strcmp((const char *)n->name, w->parent) == 0)
            return w;
    }
    return NULL;
}

/* Reorder the element children of root (an element whose row is row) by
 * rank (stable); true if they moved, *first_out the first out of place. */
static bool reorder(const order_row *row, xmlNodePtr docroot, xmlNodePtr root,
                    xmlNodePtr *first_out, bool *oom)
{
    size_t n = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        n += c->type == XML_ELEMENT_NODE;
    if (n < 2)
        return false;
    xmlNodePtr *el = calloc(n, sizeof *el);
    int *rk_of = calloc(n, sizeof *rk_of);
    if (!el || !rk_of) {
        free(el);
        free(rk_of);
        *oom = true;
        return false;
    }
    size_t k = 0;
    bool sorted = true;
    int last = -1;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            int rk = rank(row, docroot, c);
            if (sorted && rk < last)
                *first_out = c;     /* the first element out of its place */
            sorted &= rk >= last;
            last = rk > last ? rk : last;
            rk_of[k] = rk;
            el[k++] = c;
        }
    if (sorted) {
        free(el);
        free(rk_of);
        return false;
    }
    /* stable insertion sort by rank */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && rk_of[j - 1] > rk_of[j]; j--) {
            xmlNodePtr t = el[j];
            el[j] = el[j - 1];
            el[j - 1] = t;
            int tr = rk_of[j];
            rk_of[j] = rk_of[j - 1];
            rk_of[j - 1] = tr;
        }
    /* Each element moves with what precedes it (white space, comments);
     * what follows the last element stays last.  The sibling links are
     * set by hand: libxml2's insertion calls merge adjacent text nodes. */
    size_t total = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        total++;
    xmlNodePtr *order = calloc(total, sizeof *order);
    free(rk_of);
    if (!order) {
        free(el);
        *oom = true;
        return false;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr start = el[i];
        while (start->prev && start->prev->type != XML_ELEMENT_NODE)
            start = start->prev;
        for (xmlNodePtr c = start; c; c = c->next) {
            order[m++] = c;
            if (c == el[i])
                break;
        }
    }
    xmlNodePtr after = root->last;
    while (after && after->type != XML_ELEMENT_NODE)
        after = after->prev;
    for (xmlNodePtr c = after ? after->next : NULL; c; c = c->next)
        order[m++] = c;
    for (size_t i = 0; i < m; i++) {
        order[i]->prev = i ? order[i - 1] : NULL;
        order[i]->next = i + 1 < m ? order[i + 1] : NULL;
    }
    root->children = order[0];
    root->last = order[m - 1];
    free(order);
    free(el);
    return true;
}

/* The next element after n in document order, or NULL. */
static xmlNodePtr next_el(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        for (xmlNodePtr s = n->next; s; s = s->next)
            if (s->type == XML_ELEMENT_NODE)
                return s;
    return NULL;
}

/* Put one descriptor in order; true when something moved (*first: the
 * first element out of its place, in the input's order; *moved: the
 * elements whose children moved). */
static bool order_doc(xmlDocPtr d, xmlNodePtr *first, size_t *moved, bool *oom)
{
    xmlNodePtr root = xmlDocGetRootElement(d);
    bool any = false;
    *first = NULL;
    *moved = 0;
    /* the input's order decides which element is named: the lowest line */
    for (xmlNodePtr n = root; n && !*oom; n = next_el(n)) {
        const order_row *row = row_of(root, n);
        xmlNodePtr out = NULL;
        if (row && reorder(row, root, n, &out, oom)) {
            any = true;
            (*moved)++;
            if (!*first || xmlGetLineNo(out) < xmlGetLineNo(*first))
                *first = out;
        }
    }
    return any;
}

cckit_status cckit_fix_order(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    size_t n = cckit_source_count(r->src);
    unsigned char *seen = calloc(n ? n : 1, 1);     /* once a file: its first finding */
    bool oom = !seen;
    const cckit_entry *e0 = cckit_source_entry(r->src, 0);
    for (size_t k = 0; r->vin && k < r->vin->diags.n && !oom; k++) {
        const cckit_diag *g = &r->vin->diags.v[k];
        if (strcmp(g->code, "xsd.descriptor-order") != 0 || !g->file)
            continue;
        const cckit_entry *e = cckit_source_find(r->src, g->file);
        if (!e || seen[e - e0])
            continue;
        seen[e - e0] = 1;
        xmlDocPtr d = cckit_rp_desc(r, e, &oom);
        if (!d)
            continue;       /* unreadable: the validator says why */
        xmlNodePtr out = NULL;
        size_t moved = 0;
        bool changed = xmlDocGetRootElement(d) && order_doc(d, &out, &moved, &oom);
        cckit_rp_desc_done(r, e, d, changed);
        if (changed && !oom
            && !cckit_rp_fix(r, row, false, e->name, (unsigned)xmlGetLineNo(out),
                             "<%s> in <%s> stands after an element its schema puts after it: "
                             "the children are put in the schema's order%s (nothing added or "
                             "removed)", (const char *)out->name, (const char *)out->parent->name,
                             moved > 1 ? ", and those of the other elements out of order" : ""))
            oom = true;
    }
    free(seen);
    return oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}
