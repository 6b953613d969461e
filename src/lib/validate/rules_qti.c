/* rules_qti.c - the CC profile of QTI 1.2.1, rules R71-R91 of the
 * reference (spec.md §5; CC 1.1 Implementation §4.10-4.11; the
 * Schematron of the CC QTI profile XSD).
 *
 * cckit_check_qti() runs after the descriptor was parsed and checked
 * against the profile XSD: these rules are what the XSD cannot say.
 * QTI files are in the ims_qtiasiv1p2 namespace, but some in the wild
 * are in no namespace: every lookup uses the namespace of the document
 * root (XPath prefix "q" bound to it, or dropped for no namespace).
 *
 * Modes: strict reports what the specification says.  Lenient (the
 * default) must not fail a real export that LMSes import: deviations
 * that Canvas (and other exporters) write and that importers accept
 * are warnings there, and the message says "lenient: ...".  Breakage
 * that loses content or grading on import (no assessment, an answer key
 * naming no choice, a feedback reference to nothing, duplicate item
 * idents) stays an error in both modes.
 *
 * Every check is per item and looks only at the item's subtree, so the
 * whole document costs time linear in its size. */
#include "validate/validate.h"
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO

#define QTI_NS "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
#define LENIENT_HINT " Lenient mode warns instead of failing because Canvas and other exporters write this and LMSes import it."

const cckit_rule cckit_rules_qti[] = {
    /* R71 */
    {"qti.root", "R71", E, E, "CC QTI profile XSD (questestinterop); CC 1.1 Implementation §4.10.2",
     "<questestinterop> holds exactly one <assessment> or one <objectbank>",
     "put exactly one <assessment> (assessment resource) or one <objectbank> (question bank) in <questestinterop>"},
    {"qti.root-kind", "R71", E, E, "CC 1.1 Implementation §4.4.9-4.4.10",
     "an assessment resource holds an <assessment>, a question bank an <objectbank>",
     "make the resource type match the QTI content: .../assessment for <assessment>, .../question-bank for <objectbank>"},
    {"qti.qticomment", "R71", E, W, "CC QTI profile XSD (questestinterop)",
     "no <qticomment> at the root",
     "remove <qticomment> from <questestinterop>." LENIENT_HINT},
    /* R72 */
    {"qti.assessment-sections", "R72", E, W, "CC QTI profile XSD (assessment); CC 1.1 Implementation §4.10.2",
     "an assessment has exactly one <section>",
     "put all items into one <section> directly under <assessment>." LENIENT_HINT},
    {"qti.assessment-content", "R72", E, W, "CC 1.1 Implementation §4.10.2, §4.11",
     "assessments and sections use no selection/ordering, outcomes processing, references or controls",
     "remove selection_ordering, outcomes_processing, sectionref/itemref, *control and *feedback at assessment and section level." LENIENT_HINT},
    {"qti.section-content", "R72", E, W, "CC QTI profile XSD (section)",
     "the section holds one or more <item> and nothing else",
     "put only <item> elements (at least one) in the section." LENIENT_HINT},
    /* R73 */
    {"qti.objectbank-content", "R73", E, W, "CC QTI profile XSD (objectbank); CC 1.1 Implementation §4.10.2",
     "a question bank holds one or more <item> (and metadata) only",
     "put only <item> elements (and qtimetadata) in <objectbank>." LENIENT_HINT},
    /* R74 */
    {"qti.assessment-field-label", "R74", E, W, "CC QTI profile Schematron (assessment qtimetadata)",
     "assessment metadata labels come from the CC profile",
     "use only cc_profile, qmd_assessmenttype, qmd_scoretype, qmd_feedbackpermitted, qmd_hintspermitted, "
     "qmd_solutionspermitted, qmd_timelimit, cc_allow_late_submission, cc_maxattempts." LENIENT_HINT},
    {"qti.assessment-field-repeated", "R74", E, W, "CC QTI profile Schematron (assessment qtimetadata)",
     "each assessment metadata label at most once", "keep one qtimetadatafield per label." LENIENT_HINT},
    /* R75 */
    {"qti.assessment-field-value", "R75", E, W, "CC QTI profile Schematron; CC 1.1 Implementation §4.10.2",
     "assessment metadata values are those of the profile",
     "cc_profile=cc.exam.v0p1, qmd_assessmenttype=Examination, qmd_scoretype=Percentage, Yes/No flags, "
     "qmd_timelimit 1..527040 (minutes), cc_maxattempts 1..5 or unlimited." LENIENT_HINT},
    {"qti.late-without-timelimit", "R75", W, I, "CC 1.1 Implementation §4.10.2",
     "cc_allow_late_submission is meaningful only with qmd_timelimit",
     "add qmd_timelimit or drop cc_allow_late_submission"},
    /* R76 */
    {"qti.item-profile-missing", "R76", E, W, "CC QTI profile Schematron (itemmetadata); CC 1.1 Implementation §4.10.4",
     "every item has itemmetadata/qtimetadata with exactly one cc_profile",
     "add <qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry>... "
     "to the item's itemmetadata. Lenient mode warns because Canvas's own QTI (question_type metadata) imports into Canvas, "
     "but other LMSes cannot tell the question type."},
    {"qti.item-field-label", "R76", E, W, "CC QTI profile Schematron (itemmetadata)",
     "item metadata labels come from the CC profile",
     "use only cc_profile, cc_question_category, cc_weighting, qmd_scoringpermitted, qmd_computerscored." LENIENT_HINT},
    {"qti.item-field-repeated", "R76", E, W, "CC QTI profile Schematron (itemmetadata)",
     "each item metadata label at most once", "keep one qtimetadatafield per label." LENIENT_HINT},
    /* R77 */
    {"qti.item-profile", "R77", E, W, "CC QTI profile Schematron (cc_profile); CC 1.1 Implementation §4.11.1",
     "item cc_profile is one of the six CC question types",
     "use cc.multiple_choice.v0p1, cc.multiple_response.v0p1, cc.true_false.v0p1, cc.fib.v0p1, cc.pattern_match.v0p1 "
     "or cc.essay.v0p1. Lenient mode warns: a tool-specific question type imports only into the tool that wrote it."},
    /* R78 */
    {"qti.item-field-value", "R78", E, W, "CC QTI profile Schematron; CC 1.1 Implementation §4.10.4",
     "cc_weighting 1..99, qmd_scoringpermitted Yes, qmd_computerscored Yes|No and No for essays",
     "fix the item metadata value named in the message." LENIENT_HINT},
    /* R79 */
    {"qti.item-no-presentation", "R79", E, E, "CC QTI profile XSD (item); CC 1.1 Implementation §4.10.3",
     "every item has one <presentation>", "add the question text and response in one <presentation>"},
    {"qti.item-structure", "R79", E, W, "CC QTI profile XSD (item); CC 1.1 Implementation §4.10.3",
     "an item has one itemmetadata, one presentation, resprocessing (except essays) and one SCORE decvar",
     "give the item one <resprocessing> with <outcomes><decvar varname=\"SCORE\" vartype=\"Integer\"/></outcomes>." LENIENT_HINT},
    {"qti.item-responses", "R79", E, W, "CC 1.1 Implementation §4.10.3",
     "an item presents exactly one response (response_lid or response_str)",
     "keep one response per item; split multi-blank questions. Lenient mode warns: Canvas-specific question types "
     "(text only, multiple blanks, dropdowns) import into Canvas only."},
    {"qti.item-forbidden", "R79", E, W, "CC 1.1 Implementation §4.10.3, §4.10.12",
     "elements and attributes removed from the CC profile are absent",
     "remove rubric/duration/itemcontrol/objectives/maxattempts/label from items, other response and render types, "
     "or/varlt/vargt/... conditions, interpretvar, defaultval/cutvalue." LENIENT_HINT},
    /* R80 */
    {"qti.setvar", "R80", E, W, "CC QTI profile (setvar); CC 1.1 Implementation §4.10.6",
     "setvar uses action Set on the SCORE variable",
     "write <setvar action=\"Set\" varname=\"SCORE\">100</setvar>." LENIENT_HINT},
    {"qti.partial-credit", "R80", E, W, "CC 1.1 Implementation §4.10.6, §4.10.12",
     "SCORE is set to 0 or 100 only (no partial credit)",
     "set SCORE to 100 for the correct response; express item weight with cc_weighting. "
     "Lenient mode warns: importers read any positive SCORE as the correct answer."},
    {"qti.no-correct-answer", "R80", E, W, "CC 1.1 Implementation §4.10.6",
     "an auto-scored item has a respcondition setting SCORE to 100",
     "add <respcondition continue=\"No\"> with the correct condition and <setvar action=\"Set\" varname=\"SCORE\">100</setvar>."
     LENIENT_HINT},
    {"qti.scoring-continue", "R80", E, W, "CC 1.1 Implementation §4.10.6",
     "the scoring respcondition has continue=\"No\"", "set continue=\"No\" on the respcondition that sets SCORE." LENIENT_HINT},
    /* R81-R83 shared */
    {"qti.respident", "R81", E, E, "CC QTI profile Schematron 3e/4e/5e/6c",
     "varequal/@respident names the item's response",
     "make every varequal respident equal the ident of the item's response_lid/response_str"},
    {"qti.unknown-choice", "R82", E, E, "CC QTI profile Schematron (item: varequal values)",
     "every varequal of a choice item names one of its response_label idents",
     "make the answer key name an existing response_label ident"},
    {"qti.rshuffle", "R82", E, W, "CC 1.1 Implementation §4.10.9.1",
     "response_label/@rshuffle is not supported", "remove rshuffle; use render_choice/@shuffle." LENIENT_HINT},
    /* R81 */
    {"qti.truefalse-labels", "R81", E, W, "CC QTI profile Schematron 3d",
     "a true/false item has exactly two response_label",
     "give a true/false item exactly two choices, or make it cc.multiple_choice.v0p1." LENIENT_HINT},
    {"qti.truefalse-structure", "R81", E, W, "CC QTI profile Schematron 3a-3f",
     "true/false: response_lid rcardinality Single with render_choice; no response_str, render_fib, varsubstring",
     "write a single-cardinality response_lid with a render_choice and varequal scoring." LENIENT_HINT},
    /* R82 */
    {"qti.multiplechoice-labels", "R82", E, W, "CC QTI profile Schematron 4d",
     "a multiple choice item has more than two response_label",
     "give multiple choice three or more choices, or make a two-choice item cc.true_false.v0p1. "
     "Lenient mode warns: Canvas exports two-choice multiple choice and importers accept it."},
    {"qti.multiplechoice-structure", "R82", E, W, "CC QTI profile Schematron 4a-4f",
     "multiple choice: response_lid rcardinality Single with render_choice; no response_str, render_fib, varsubstring",
     "write a single-cardinality response_lid with a render_choice and varequal scoring." LENIENT_HINT},
    /* R83 */
    {"qti.multipleresponse-labels", "R83", E, W, "CC QTI profile Schematron 5d",
     "a multiple response item has at least two response_label", "give the item two or more choices." LENIENT_HINT},
    {"qti.multipleresponse-structure", "R83", E, W, "CC QTI profile Schematron 5a-5f",
     "multiple response: response_lid rcardinality Multiple with render_choice; no response_str, render_fib, varsubstring",
     "write response_lid rcardinality=\"Multiple\" with a render_choice." LENIENT_HINT},
    {"qti.multipleresponse-scoring", "R83", E, W, "CC 1.1 Implementation §4.10.9.4",
     "all-or-nothing: one scoring respcondition of varequal and not(varequal), optionally inside one <and>",
     "score with one respcondition: <and> of varequal for correct choices and <not><varequal/></not> for the others."
     LENIENT_HINT},
    /* R84 */
    {"qti.fib-structure", "R84", E, W, "CC QTI profile Schematron 6a-6d; CC 1.1 Implementation §4.10.10",
     "fill-in-blank: one response_str with render_fib, varequal (case No) scoring, no response_lid/render_choice/varsubstring",
     "write response_str + render_fib, score with varequal case=\"No\"." LENIENT_HINT},
    /* R85 */
    {"qti.patternmatch-structure", "R85", E, W, "CC QTI profile Schematron 7a-7c; CC 1.1 Implementation §4.10.10.3",
     "pattern match: one response_str with render_fib; no response_lid or render_choice",
     "write response_str + render_fib, score with varequal/varsubstring." LENIENT_HINT},
    /* R86 */
    {"qti.essay-structure", "R86", E, W, "CC QTI profile Schematron 8a-8e; CC 1.1 Implementation §4.10.11",
     "essay: response_str with render_fib; no varequal/varsubstring; at most one solution; no general incorrect feedback",
     "write response_str + render_fib without answer conditions; give a sample answer as one solution." LENIENT_HINT},
    /* R87 */
    {"qti.render-fib", "R87", E, W, "CC 1.1 Implementation §4.10.12",
     "render_fib: rows 1 if present, fibtype String, no encoding/charset/prompt/minnumber/maxnumber, no content",
     "drop the attributes and children named in the message (one empty response_label, as in the guide's "
     "example, is accepted)." LENIENT_HINT},
    {"qti.response-attr", "R87", E, W, "CC 1.1 Implementation §4.10.12",
     "rcardinality Single or Multiple only; no rtiming",
     "use rcardinality Single or Multiple and remove rtiming." LENIENT_HINT},
    {"qti.presentation-flow", "R87", E, W, "CC 1.1 Implementation §4.10.12",
     "no <flow> in presentation", "put material and response directly in <presentation>." LENIENT_HINT},
    /* R88 */
    {"qti.material-content", "R88", E, W, "CC 1.1 Implementation §4.10.5, §4.10.12",
     "material holds mattext only", "write text and images as one <mattext> (HTML may embed images)." LENIENT_HINT},
    {"qti.mattext-texttype", "R88", E, W, "CC 1.1 Implementation §4.10.5",
     "mattext texttype is text/plain or text/html", "set texttype to text/plain or text/html." LENIENT_HINT},
    {"qti.mattext-html", "R88", E, W, "CC 1.1 Implementation §4.10.5",
     "HTML text is marked texttype=\"text/html\"",
     "set texttype=\"text/html\" on mattext holding HTML, or escape the markup." LENIENT_HINT},
    /* R89 */
    {"qti.feedback-dangling", "R89", E, W, "CC QTI profile Schematron 10-12; CC 1.1 Implementation §4.10.7",
     "every displayfeedback/@linkrefid names an itemfeedback of the item",
     "add the <itemfeedback ident=...> or fix linkrefid. Lenient mode warns: Canvas links general_fb without "
     "writing it when the feedback is empty, and nothing is lost on import."},
    {"qti.feedback-unused", "R89", E, W, "CC 1.1 Implementation §4.10.7",
     "every itemfeedback is displayed by a displayfeedback",
     "reference the itemfeedback from a displayfeedback or remove it." LENIENT_HINT},
    {"qti.feedback-duplicate", "R89", E, E, "CC 1.1 Implementation §4.10.7",
     "itemfeedback idents are unique within the item", "give each itemfeedback its own ident"},
    {"qti.feedback-type", "R89", E, W, "CC QTI profile Schematron 10-12",
     "feedbacktype present; Response never links hint/solution; Hint links hint; Solution links solution",
     "write feedbacktype=\"Response\" for general/answer feedback, Hint->hint, Solution->solution." LENIENT_HINT},
    {"qti.feedback-hint-solution", "R89", E, W, "CC QTI profile Schematron 10-12",
     "itemfeedback hint holds <hint>, solution holds <solution>, neither holds flow_mat",
     "write <itemfeedback ident=\"solution\"><solution>...</solution></itemfeedback> (hint likewise)." LENIENT_HINT},
    {"qti.hint", "R89", W, I, "CC 1.1 Implementation §4.10.8",
     "hints are not profiled", "avoid hints: importers may drop them"},
    /* R90 */
    {"qti.feedback-ident", "R90", W, I, "CC 1.1 Implementation §4.10.7.2-4.10.9.5",
     "feedback follows the naming convention general_fb, correct_fb, general_incorrect_fb, {answer}_fb",
     "name and place feedback as the guide recommends so other tools can map it (SHOULD level)"},
    /* R91 */
    {"qti.duplicate-item-ident", "R91", E, W, "CC QTI profile Schematron 13a",
     "item idents are unique in the QTI document",
     "give every item its own ident: tools key questions by it. Lenient mode warns: Canvas exports one ident for "
     "all questions created without a question bank and re-keys them on import."},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

/* ------------------------------------------------------------------ */
/* Context and helpers                                                 */

typedef struct qctx {
    cckit_vctx *v;
    const char *file;
    const xmlChar *ns;          /* namespace of the root, or NULL */
    xmlXPathContextPtr xp;
    cckit_idmap *items;         /* R91 */
} qctx;

typedef enum qprofile {
    P_NONE, P_TF, P_MC, P_MR, P_FIB, P_PM, P_ESSAY, P_OTHER
} qprofile;

typedef struct qitem {
    xmlNodePtr node;
    const char *ident;
    qprofile kind;
    char profile[128];
    xmlNodePtr meta;            /* itemmetadata/qtimetadata */
    xmlNodePtr pres, resp;      /* presentation, resprocessing */
    xmlNodePtr lid, str;        /* first response_lid / response_str */
    size_t n_lid, n_str;
    xmlNodePtr choice, fib;     /* render_choice / render_fib of the response */
    size_t n_labels;
} qitem;


static void qrep(qctx *q, const char *code, xmlNodePtr n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void qrep(qctx *q, const char *code, xmlNodePtr n, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cckit_vreport(q->v, code, q->file, cckit_dom_line(n), "%s", msg);
}

/* " (lenient: why)" in lenient mode, "" in strict mode. */
static const char *ln(const qctx *q, const char *why)
{
    static char buf[256];
    if (q->v->strict)
        return "";
    snprintf(buf, sizeof buf, " (lenient: %s)", why);
    return buf;
}

static bool is_el(const qctx *q, xmlNodePtr n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
        return false;
    if (q->ns)
        return n->ns && n->ns->href && xmlStrEqual(n->ns->href, q->ns);
    return n->ns == NULL;
}

static bool in_ns(const qctx *q, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (q->ns)
        return n->ns && n->ns->href && xmlStrEqual(n->ns->href, q->ns);
    return n->ns == NULL;
}

static xmlNodePtr child(const qctx *q, xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_el(q, c, name))
            return c;
    return NULL;
}

static size_t count_children(const qctx *q, xmlNodePtr n, const char *name)
{
    size_t k = 0;
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_el(q, c, name))
            k++;
    return k;
}

/* Attribute value without allocation (points into the DOM), or NULL. */

/* Trimmed text content into buf (truncated). */
static const char *text(xmlNodePtr n, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = 0;
    if (!n)
        return buf;
    xmlNodePtr stop = n;
    xmlNodePtr c = n->children;
    while (c && k + 1 < size) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            size_t len = strlen((const char *)c->content);
            if (len > size - 1 - k)
                len = size - 1 - k;
            memcpy(buf + k, c->content, len);
            k += len;
        }
        if (c->children && c->type == XML_ELEMENT_NODE) {
            c = c->children;
            continue;
        }
        while (c && !c->next && c->parent != stop)
            c = c->parent;
        c = c ? c->next : NULL;
    }
    buf[k] = 0;
    size_t s = 0;
    while (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\n' || buf[s] == '\r')
        s++;
    while (k > s && (buf[k - 1] == ' ' || buf[k - 1] == '\t' || buf[k - 1] == '\n' || buf[k - 1] == '\r'))
        buf[--k] = 0;
    if (s)
        memmove(buf, buf + s, k - s + 1);
    return buf;
}

/* The expressions are string literals, a few dozen, evaluated for every
 * item: each is compiled once per process (with and without "q:") and
 * kept, as the schemas are.  A compiled expression is read-only while
 * evaluated, so threads share it (libxslt shares its own the same way).
 * Keyed by the text as written; a full table or a failed compile falls
 * back to compiling at each call. */
enum { QX_CACHE = 64 };
static struct {
    char *expr;
    bool ns;
    xmlXPathCompExprPtr comp;
} qx_cache[QX_CACHE];
static size_t qx_cached;
static pthread_mutex_t qx_lock = PTHREAD_MUTEX_INITIALIZER;

static xmlXPathCompExprPtr qx_compiled(const char *key, bool ns, const char *expr)
{
    xmlXPathCompExprPtr comp = NULL;
    pthread_mutex_lock(&qx_lock);
    for (size_t i = 0; i < qx_cached && !comp; i++)
        if (qx_cache[i].ns == ns && strcmp(qx_cache[i].expr, key) == 0)
            comp = qx_cache[i].comp;
    char *copy = NULL;
    if (!comp && qx_cached < QX_CACHE && (copy = strdup(key))
        && (comp = xmlXPathCompile((const xmlChar *)expr))) {
        qx_cache[qx_cached].expr = copy;
        qx_cache[qx_cached].ns = ns;
        qx_cache[qx_cached++].comp = comp;
        copy = NULL;
    }
    free(copy);
    pthread_mutex_unlock(&qx_lock);
    return comp;
}

/* XPath relative to ctx; "q:" is the root's namespace, dropped when the
 * document has none.  Returns a node set (possibly empty) or NULL. */
static xmlXPathObjectPtr qx(qctx *q, xmlNodePtr ctx, const char *expr)
{
    const char *key = expr;
    char buf[256];
    if (!q->ns) {
        size_t k = 0;
        for (const char *p = expr; *p && k + 1 < sizeof buf; p++) {
            if (p[0] == 'q' && p[1] == ':' && (p == expr || p[-1] == '/' || p[-1] == '(' || p[-1] == '['
                                               || p[-1] == ' ' || p[-1] == '|')) {
                p++;
                continue;
            }
            buf[k++] = *p;
        }
        buf[k] = 0;
        expr = buf;
    }
    q->xp->node = ctx;
    xmlXPathCompExprPtr comp = qx_compiled(key, q->ns != NULL, expr);
    xmlXPathObjectPtr o = comp ? xmlXPathCompiledEval(comp, q->xp)
                               : xmlXPathEvalExpression((const xmlChar *)expr, q->xp);
    if (o && o->type != XPATH_NODESET) {
        xmlXPathFreeObject(o);
        return NULL;
    }
    return o;
}

static int qn(xmlXPathObjectPtr o)
{
    return o && o->nodesetval ? o->nodesetval->nodeNr : 0;
}

static xmlNodePtr qat(xmlXPathObjectPtr o, int i)
{
    return o->nodesetval->nodeTab[i];
}

static size_t qcount(qctx *q, xmlNodePtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = qx(q, ctx, expr);
    size_t k = (size_t)qn(o);
    xmlXPathFreeObject(o);
    return k;
}

static xmlNodePtr qfirst(qctx *q, xmlNodePtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = qx(q, ctx, expr);
    xmlNodePtr n = qn(o) ? qat(o, 0) : NULL;
    xmlXPathFreeObject(o);
    return n;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* A whole number in [lo, hi] (digits only, no sign or decimal point). */
static bool int_in(const char *s, long lo, long hi)
{
    if (!*s || strlen(s) > 9)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    long x = strtol(s, NULL, 10);
    return x >= lo && x <= hi;
}

/* The number a setvar sets (NAN-free: *ok false when not a number). */
static double num(const char *s, bool *ok)
{
    char *end;
    double d = strtod(s, &end);
    *ok = end != s && *end == 0;
    return d;
}

static const char *profile_short(qprofile k)
{
    switch (k) {
    case P_TF: return "true/false";
    case P_MC: return "multiple choice";
    case P_MR: return "multiple response";
    case P_FIB: return "fill-in-blank";
    case P_PM: return "pattern match";
    case P_ESSAY: return "essay";
    default: return "item";
    }
}

/* ------------------------------------------------------------------ */
/* R71-R75: document, assessment, question bank                         */

/* R71: root holds exactly one assessment or objectbank, no qticomment. */
static xmlNodePtr check_r71_root(qctx *q, const cckit_resource *r, xmlNodePtr root)
{
    size_t n_ass = 0, n_bank = 0;
    xmlNodePtr body = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(q, c, "assessment") || is_el(q, c, "objectbank")) {
            if (is_el(q, c, "assessment"))
                n_ass++;
            else
                n_bank++;
            if (!body)
                body = c;
        } else if (is_el(q, c, "qticomment")) {
            qrep(q, "qti.qticomment", c, "<qticomment> directly in <questestinterop>%s",
                 ln(q, "importers ignore it"));
        } else {
            qrep(q, "qti.root", c, "<%s> directly in <questestinterop>: only one <assessment> or "
                 "<objectbank> is allowed", (const char *)c->name);
        }
    }
    if (n_ass + n_bank == 0) {
        qrep(q, "qti.root", root, "<questestinterop> holds no <assessment> and no <objectbank>");
        return NULL;
    }
    if (n_ass + n_bank > 1)
        qrep(q, "qti.root", root, "<questestinterop> holds %zu assessments and %zu object banks; "
             "exactly one is allowed", n_ass, n_bank);
    if (r && r->kind == CCKIT_KIND_ASSESSMENT && !is_el(q, body, "assessment"))
        qrep(q, "qti.root-kind", body, "resource %s is an assessment but the QTI holds <%s>",
             r->identifier ? r->identifier : "?", (const char *)body->name);
    if (r && r->kind == CCKIT_KIND_QUESTION_BANK && !is_el(q, body, "objectbank"))
        qrep(q, "qti.root-kind", body, "resource %s is a question bank but the QTI holds <%s>",
             r->identifier ? r->identifier : "?", (const char *)body->name);
    return body;
}

/* R72: one section of items; no selection/ordering or outcomes processing. */
static void check_r72_assessment(qctx *q, xmlNodePtr ass, xmlNodePtr *section_out)
{
    static const char *const ok[] = {"qticomment", "duration", "qtimetadata", "objectives",
                                     "rubric", "presentation_material", "section", NULL};
    const char *id = cckit_dom_attr(ass, "ident");
    id = id ? id : "?";
    size_t n_sec = 0;
    *section_out = NULL;
    for (xmlNodePtr c = ass->children; c; c = c->next) {
        if (!in_ns(q, c))
            continue;
        if (is_el(q, c, "section")) {
            if (!n_sec++)
                *section_out = c;
        } else if (!in_list((const char *)c->name, ok)) {
            qrep(q, "qti.assessment-content", c, "assessment %s: <%s> is not in the CC profile%s", id,
                 (const char *)c->name, ln(q, "importers ignore it"));
        }
    }
    if (n_sec != 1)
        qrep(q, "qti.assessment-sections", ass, "assessment %s has %zu sections; exactly one is required%s",
             id, n_sec, n_sec ? ln(q, "importers flatten the sections") : "");
    for (xmlNodePtr s = *section_out ? *section_out : NULL; s; s = NULL) {
        size_t n_items = 0;
        const char *sid = cckit_dom_attr(s, "ident");
        for (xmlNodePtr c = s->children; c; c = c->next) {
            if (!in_ns(q, c))
                continue;
            if (is_el(q, c, "item"))
                n_items++;
            else if (is_el(q, c, "qticomment") || is_el(q, c, "qtimetadata"))
                continue;
            else if (is_el(q, c, "selection_ordering") || is_el(q, c, "outcomes_processing")
                     || is_el(q, c, "sectionref") || is_el(q, c, "itemref") || is_el(q, c, "sectioncontrol")
                     || is_el(q, c, "sectionfeedback") || is_el(q, c, "sectionprecondition")
                     || is_el(q, c, "sectionpostcondition"))
                qrep(q, "qti.assessment-content", c, "section %s: <%s> is not in the CC profile%s",
                     sid ? sid : "?", (const char *)c->name, ln(q, "importers ignore it"));
            else
                qrep(q, "qti.section-content", c, "section %s: <%s> inside the section; only items are "
                     "allowed%s", sid ? sid : "?", (const char *)c->name,
                     ln(q, "importers flatten nested sections"));
        }
        if (!n_items)
            qrep(q, "qti.section-content", s, "section %s of assessment %s holds no item%s",
                 sid ? sid : "?", id, ln(q, "Canvas exports empty quizzes and imports them"));
    }
}

/* R73: an object bank holds items (and metadata) only. */
static void check_r73_objectbank(qctx *q, xmlNodePtr ob)
{
    const char *id = cckit_dom_attr(ob, "ident");
    size_t n = 0;
    for (xmlNodePtr c = ob->children; c; c = c->next) {
        if (!in_ns(q, c))
            continue;
        if (is_el(q, c, "item"))
            n++;
        else if (!is_el(q, c, "qtimetadata") && !is_el(q, c, "qticomment"))
            qrep(q, "qti.objectbank-content", c, "object bank %s: <%s> is not allowed; only items%s",
                 id ? id : "?", (const char *)c->name, ln(q, "importers read the items inside"));
    }
    if (!n)
        qrep(q, "qti.objectbank-content", ob, "object bank %s holds no item%s", id ? id : "?",
             ln(q, "an empty bank imports as nothing"));
}

static const char *const assessment_labels[] = {
    "cc_profile", "qmd_assessmenttype", "qmd_scoretype", "qmd_feedbackpermitted", "qmd_hintspermitted",
    "qmd_solutionspermitted", "qmd_timelimit", "cc_allow_late_submission", "cc_maxattempts", NULL};

/* R74: assessment metadata labels from the profile, each once. */
static void check_r74_assessment_labels(qctx *q, xmlNodePtr ass, xmlNodePtr md)
{
    const char *id = cckit_dom_attr(ass, "ident");
    unsigned seen = 0;
    for (xmlNodePtr f = md ? md->children : NULL; f; f = f->next) {
        if (!is_el(q, f, "qtimetadatafield"))
            continue;
        char lb[128];
        text(child(q, f, "fieldlabel"), lb, sizeof lb);
        int k = -1;
        for (int i = 0; assessment_labels[i]; i++)
            if (strcmp(lb, assessment_labels[i]) == 0)
                k = i;
        if (k < 0) {
            qrep(q, "qti.assessment-field-label", f, "assessment %s: metadata label \"%s\" is not in the CC "
                 "profile%s", id ? id : "?", lb, ln(q, "tool-specific metadata, ignored by other importers"));
        } else if (seen & (1u << k)) {
            qrep(q, "qti.assessment-field-repeated", f, "assessment %s: metadata label \"%s\" appears more "
                 "than once%s", id ? id : "?", lb, ln(q, "importers take one of them"));
        }
        if (k >= 0)
            seen |= 1u << k;
    }
}

/* R75: assessment metadata values. */
static void check_r75_assessment_values(qctx *q, xmlNodePtr ass, xmlNodePtr md)
{
    static const char *const yesno[] = {"Yes", "No", NULL};
    static const char *const attempts[] = {"1", "2", "3", "4", "5", "unlimited", NULL};
    const char *id = cckit_dom_attr(ass, "ident");
    id = id ? id : "?";
    bool timelimit = false;
    xmlNodePtr late = NULL;
    const char *why = "importers fall back to defaults";
    for (xmlNodePtr f = md ? md->children : NULL; f; f = f->next) {
        if (!is_el(q, f, "qtimetadatafield"))
            continue;
        char lb[128], val[128];
        text(child(q, f, "fieldlabel"), lb, sizeof lb);
        text(child(q, f, "fieldentry"), val, sizeof val);
        const char *want = NULL;
        if (strcmp(lb, "cc_profile") == 0 && strcmp(val, "cc.exam.v0p1") != 0)
            want = "cc.exam.v0p1";
        else if (strcmp(lb, "qmd_assessmenttype") == 0 && strcmp(val, "Examination") != 0)
            want = "Examination";
        else if (strcmp(lb, "qmd_scoretype") == 0 && strcmp(val, "Percentage") != 0)
            want = "Percentage";
        else if ((strcmp(lb, "qmd_feedbackpermitted") == 0 || strcmp(lb, "qmd_hintspermitted") == 0
                  || strcmp(lb, "qmd_solutionspermitted") == 0 || strcmp(lb, "cc_allow_late_submission") == 0)
                 && !in_list(val, yesno))
            want = "Yes or No";
        else if (strcmp(lb, "qmd_timelimit") == 0) {
            timelimit = true;
            if (!int_in(val, 1, 527040))
                want = "a whole number of minutes from 1 to 527040";
        } else if (strcmp(lb, "cc_maxattempts") == 0 && !in_list(val, attempts))
            want = "1 to 5 or unlimited";
        if (strcmp(lb, "cc_allow_late_submission") == 0)
            late = f;
        if (want)
            qrep(q, "qti.assessment-field-value", f, "assessment %s: %s is \"%.80s\"; the profile requires %s%s",
                 id, lb, val, want, ln(q, why));
    }
    if (late && !timelimit)
        qrep(q, "qti.late-without-timelimit", late, "assessment %s: cc_allow_late_submission without "
             "qmd_timelimit has no effect", id);
}

/* ------------------------------------------------------------------ */
/* R76-R91: items                                                      */

static const char *const item_labels[] = {"cc_profile", "cc_question_category", "cc_weighting",
                                          "qmd_scoringpermitted", "qmd_computerscored", NULL};

/* Fill the item summary the per-rule checks share (no reports). */
static void item_scan(qctx *q, qitem *it)
{
    it->ident = cckit_dom_attr(it->node, "ident");
    if (!it->ident)
        it->ident = "(no ident)";
    xmlNodePtr im = child(q, it->node, "itemmetadata");
    it->meta = child(q, im, "qtimetadata");
    it->pres = child(q, it->node, "presentation");
    it->resp = child(q, it->node, "resprocessing");
    if (it->pres) {
        xmlXPathObjectPtr o = qx(q, it->pres, ".//q:response_lid");
        it->n_lid = (size_t)qn(o);
        it->lid = it->n_lid ? qat(o, 0) : NULL;
        xmlXPathFreeObject(o);
        o = qx(q, it->pres, ".//q:response_str");
        it->n_str = (size_t)qn(o);
        it->str = it->n_str ? qat(o, 0) : NULL;
        xmlXPathFreeObject(o);
    }
    xmlNodePtr rsp = it->lid ? it->lid : it->str;
    it->choice = child(q, rsp, "render_choice");
    it->fib = child(q, rsp, "render_fib");
    it->n_labels = count_children(q, it->choice, "response_label");
}

/* R76: itemmetadata with exactly one cc_profile; allowed labels once. */
static void check_r76_item_metadata(qctx *q, qitem *it)
{
    unsigned seen = 0;
    size_t n_prof = 0;
    char other[256] = "", qtype[64] = "";
    xmlNodePtr first_other = NULL;
    for (xmlNodePtr f = it->meta ? it->meta->children : NULL; f; f = f->next) {
        if (!is_el(q, f, "qtimetadatafield"))
            continue;
        char lb[64], val[128];
        text(child(q, f, "fieldlabel"), lb, sizeof lb);
        int k = -1;
        for (int i = 0; item_labels[i]; i++)
            if (strcmp(lb, item_labels[i]) == 0)
                k = i;
        if (k == 0) {
            if (!n_prof++)
                snprintf(it->profile, sizeof it->profile, "%s", text(child(q, f, "fieldentry"), val, sizeof val));
        }
        if (k < 0) {
            if (strcmp(lb, "question_type") == 0)
                snprintf(qtype, sizeof qtype, "%s", text(child(q, f, "fieldentry"), val, sizeof val));
            if (!first_other)
                first_other = f;
            size_t len = strlen(other);
            if (len + strlen(lb) + 3 < sizeof other)
                snprintf(other + len, sizeof other - len, "%s%s", len ? ", " : "", lb);
        } else if ((seen & (1u << k)) && k != 0) {
            qrep(q, "qti.item-field-repeated", f, "item %s: metadata label \"%s\" appears more than once%s",
                 it->ident, lb, ln(q, "importers take one of them"));
        }
        if (k >= 0)
            seen |= 1u << k;
    }
    if (first_other)
        qrep(q, "qti.item-field-label", first_other, "item %s: metadata labels outside the CC profile: %s%s",
             it->ident, other, ln(q, "tool-specific metadata, ignored by other importers"));
    if (n_prof == 0) {
        if (qtype[0])
            qrep(q, "qti.item-profile-missing", it->meta ? it->meta : it->node,
                 "item %s has no cc_profile; it carries Canvas question_type \"%s\" instead%s", it->ident,
                 qtype, ln(q, "Canvas-specific metadata, will import into Canvas only"));
        else
            qrep(q, "qti.item-profile-missing", it->meta ? it->meta : it->node,
                 "item %s has no cc_profile in itemmetadata/qtimetadata%s", it->ident,
                 ln(q, "importers guess the question type from its structure"));
    } else if (n_prof > 1) {
        qrep(q, "qti.item-profile-missing", it->meta, "item %s has %zu cc_profile fields; exactly one is "
             "required%s", it->ident, n_prof, ln(q, "importers use the first"));
    }
    static const struct { const char *name; qprofile k; } map[] = {
        {"cc.true_false.v0p1", P_TF}, {"cc.multiple_choice.v0p1", P_MC}, {"cc.multiple_response.v0p1", P_MR},
        {"cc.fib.v0p1", P_FIB}, {"cc.pattern_match.v0p1", P_PM}, {"cc.essay.v0p1", P_ESSAY}};
    it->kind = n_prof ? P_OTHER : P_NONE;
    for (size_t i = 0; n_prof && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(it->profile, map[i].name) == 0)
            it->kind = map[i].k;
}

/* R77: cc_profile is one of the six question types. */
static void check_r77_item_profile(qctx *q, qitem *it)
{
    if (it->kind != P_OTHER)
        return;
    qrep(q, "qti.item-profile", it->meta, "item %s: cc_profile \"%.80s\" is not a CC question type%s",
         it->ident, it->profile, ln(q, "tool-specific question type, will import only into the tool that wrote it"));
}

/* R78: cc_weighting, qmd_scoringpermitted, qmd_computerscored values. */
static void check_r78_item_values(qctx *q, qitem *it)
{
    bool computer_no = false;
    for (xmlNodePtr f = it->meta ? it->meta->children : NULL; f; f = f->next) {
        if (!is_el(q, f, "qtimetadatafield"))
            continue;
        char lb[64], val[128];
        text(child(q, f, "fieldlabel"), lb, sizeof lb);
        text(child(q, f, "fieldentry"), val, sizeof val);
        const char *want = NULL;
        if (strcmp(lb, "cc_weighting") == 0 && !int_in(val, 1, 99))
            want = "a whole number from 1 to 99";
        else if (strcmp(lb, "qmd_scoringpermitted") == 0 && strcmp(val, "Yes") != 0)
            want = "Yes";
        else if (strcmp(lb, "qmd_computerscored") == 0) {
            computer_no = true; /* present: a wrong value is reported here */
            if (strcmp(val, "No") == 0)
                computer_no = true;
            else if (it->kind == P_ESSAY)
                want = "No for an essay";
            else if (strcmp(val, "Yes") != 0)
                want = "Yes or No";
        }
        if (want)
            qrep(q, "qti.item-field-value", f, "item %s: %s is \"%.80s\"; the profile requires %s%s", it->ident,
                 lb, val, want, ln(q, "importers fall back to defaults"));
    }
    if (it->kind == P_ESSAY && !computer_no && it->meta)
        qrep(q, "qti.item-field-value", it->meta, "item %s: an essay needs a qmd_computerscored field = No%s",
             it->ident, ln(q, "importers treat essays as manually graded anyway"));
}

/* R79: item structure; elements removed from the profile. */
static void check_r79_item_structure(qctx *q, qitem *it)
{
    static const char *const item_bad[] = {"rubric", "itemrubric", "duration", "itemcontrol", "objectives",
                                           "itemprecondition", "itempostcondition", NULL};
    static const char *const deep_bad[] = {
        "response_xy", "response_num", "response_grp", "response_extension", "render_hotspot", "render_slider",
        "render_extension", "interpretvar", "or", "varlt", "varlte", "vargt", "vargte", "varinside",
        "varsubset", "unanswered", "durequal", "durlt", "durlte", "durgt", "durgte", NULL};
    const char *why = "Canvas-specific construct, will import into Canvas only";
    if (!it->pres) {
        qrep(q, "qti.item-no-presentation", it->node, "item %s has no <presentation>", it->ident);
        return;
    }
    if (cckit_dom_attr(it->node, "maxattempts") || cckit_dom_attr(it->node, "label"))
        qrep(q, "qti.item-forbidden", it->node, "item %s: attribute %s is not in the CC profile%s", it->ident,
             cckit_dom_attr(it->node, "maxattempts") ? "maxattempts" : "label", ln(q, "importers ignore it"));
    size_t n_meta = count_children(q, it->node, "itemmetadata"), n_pres = count_children(q, it->node, "presentation");
    size_t n_resp = count_children(q, it->node, "resprocessing");
    if (n_meta > 1 || n_pres > 1 || n_resp > 1)
        qrep(q, "qti.item-structure", it->node, "item %s has %zu itemmetadata, %zu presentation, %zu "
             "resprocessing; at most one of each is allowed%s", it->ident, n_meta, n_pres, n_resp,
             ln(q, "importers read the first"));
    for (xmlNodePtr c = it->node->children; c; c = c->next)
        if (in_ns(q, c) && in_list((const char *)c->name, item_bad))
            qrep(q, "qti.item-forbidden", c, "item %s: <%s> is not in the CC profile%s", it->ident,
                 (const char *)c->name, ln(q, "importers ignore it"));
    xmlXPathObjectPtr o = qx(q, it->node, ".//q:*");
    for (int i = 0; i < qn(o); i++) {
        xmlNodePtr n = qat(o, i);
        if (in_list((const char *)n->name, deep_bad))
            qrep(q, "qti.item-forbidden", n, "item %s: <%s> is not in the CC profile%s", it->ident,
                 (const char *)n->name, ln(q, why));
        else if (strcmp((const char *)n->name, "decvar") == 0 && (cckit_dom_attr(n, "defaultval") || cckit_dom_attr(n, "cutvalue")))
            qrep(q, "qti.item-forbidden", n, "item %s: decvar attribute %s is not in the CC profile%s", it->ident,
                 cckit_dom_attr(n, "defaultval") ? "defaultval" : "cutvalue", ln(q, "importers ignore it"));
    }
    xmlXPathFreeObject(o);
    size_t n_rsp = it->n_lid + it->n_str;
    if (n_rsp == 0)
        qrep(q, "qti.item-responses", it->pres, "item %s presents no response_lid or response_str%s", it->ident,
             ln(q, "Canvas-specific question type (text only), will import into Canvas only"));
    else if (n_rsp > 1)
        qrep(q, "qti.item-responses", it->pres, "item %s presents %zu responses; exactly one is allowed%s",
             it->ident, n_rsp, ln(q, "Canvas-specific question type (multiple blanks or dropdowns), will import "
                                    "into Canvas only"));
    if (!it->resp) {
        if (it->kind != P_ESSAY)
            qrep(q, "qti.item-structure", it->node, "item %s (%s) has no <resprocessing>%s", it->ident,
                 profile_short(it->kind), ln(q, "imports without an answer key"));
        return;
    }
    xmlNodePtr outc = child(q, it->resp, "outcomes");
    size_t n_dec = count_children(q, outc, "decvar");
    xmlNodePtr dec = child(q, outc, "decvar");
    const char *vn = dec ? cckit_dom_attr(dec, "varname") : NULL;
    const char *vt = dec ? cckit_dom_attr(dec, "vartype") : NULL;
    if (n_dec != 1)
        qrep(q, "qti.item-structure", outc ? outc : it->resp, "item %s declares %zu outcome variables; exactly "
             "one decvar SCORE is required%s", it->ident, n_dec, ln(q, "importers use SCORE when present"));
    else if ((vn && strcmp(vn, "SCORE") != 0) || (vt && strcmp(vt, "Integer") != 0 && strcmp(vt, "Decimal") != 0))
        qrep(q, "qti.item-structure", dec, "item %s: decvar is %s of type %s; the profile requires SCORE, "
             "Integer or Decimal%s", it->ident, vn ? vn : "SCORE", vt ? vt : "Integer",
             ln(q, "importers use SCORE when present"));
}

/* R80: setvar Set SCORE; 0 or 100 only; one correct condition with continue No. */
static void check_r80_scoring(qctx *q, qitem *it)
{
    if (!it->resp)
        return;
    bool correct = false;
    for (xmlNodePtr rc = it->resp->children; rc; rc = rc->next) {
        if (!is_el(q, rc, "respcondition"))
            continue;
        bool sets100 = false;
        for (xmlNodePtr s = rc->children; s; s = s->next) {
            if (!is_el(q, s, "setvar"))
                continue;
            const char *act = cckit_dom_attr(s, "action"), *vn = cckit_dom_attr(s, "varname");
            char val[64];
            text(s, val, sizeof val);
            if ((act && strcmp(act, "Set") != 0) || (vn && strcmp(vn, "SCORE") != 0)) {
                qrep(q, "qti.setvar", s, "item %s: setvar action=\"%s\" varname=\"%s\"; only Set on SCORE is "
                     "allowed%s", it->ident, act ? act : "Set", vn ? vn : "SCORE",
                     ln(q, "importers read the value as the score"));
                continue;
            }
            bool ok;
            double d = num(val, &ok);
            if (!ok || (d != 0.0 && d != 100.0))
                qrep(q, "qti.partial-credit", s, "item %s: SCORE is set to \"%.40s\"; only 0 or 100 is allowed "
                     "(no partial credit)%s", it->ident, val,
                     ln(q, "importers take a positive SCORE as the correct answer"));
            if (ok && d > 0)
                sets100 = true;
        }
        if (sets100) {
            correct = true;
            const char *cont = cckit_dom_attr(rc, "continue");
            if (cont && strcmp(cont, "No") != 0)
                qrep(q, "qti.scoring-continue", rc, "item %s: the respcondition setting SCORE has continue=\"%s\"; "
                     "it must be No%s", it->ident, cont, ln(q, "importers ignore continue"));
        }
    }
    if (!correct && it->kind != P_ESSAY && it->kind != P_NONE && it->kind != P_OTHER)
        qrep(q, "qti.no-correct-answer", it->resp, "item %s (%s) has no respcondition setting SCORE to 100%s",
             it->ident, profile_short(it->kind), ln(q, "imports without a correct answer"));
}

/* varequal/@respident must name the response; for choice items the
 * values must name response_label idents (R81-R85 shared). */
static void check_answer_refs(qctx *q, qitem *it, bool choice)
{
    xmlNodePtr rsp = it->lid ? it->lid : it->str;
    const char *rid = rsp ? cckit_dom_attr(rsp, "ident") : NULL;
    if (!it->resp || !rid)
        return;
    cckit_idmap *labels = NULL;
    if (choice && it->choice) {
        labels = cckit_idmap_new();
        bool oom = !labels;
        for (xmlNodePtr l = it->choice->children; labels && l && !oom; l = l->next) {
            const char *li = is_el(q, l, "response_label") ? cckit_dom_attr(l, "ident") : NULL;
            if (li)
                cckit_idmap_put(labels, li, l, &oom);
        }
        if (oom) {   /* a label missing from the map would be reported unknown */
            cckit_vnomem(q->v);
            cckit_idmap_free(labels);
            return;
        }
    }
    xmlXPathObjectPtr o = qx(q, it->resp, "q:respcondition/q:conditionvar//q:varequal");
    for (int i = 0; i < qn(o); i++) {
        xmlNodePtr ve = qat(o, i);
        const char *ri = cckit_dom_attr(ve, "respident");
        if (ri && strcmp(ri, rid) != 0) {
            qrep(q, "qti.respident", ve, "item %s: varequal respident \"%.80s\" is not the response \"%.80s\"",
                 it->ident, ri, rid);
            continue;
        }
        char val[256];
        text(ve, val, sizeof val);
        if (labels && !cckit_idmap_get(labels, val))
            qrep(q, "qti.unknown-choice", ve, "item %s: varequal names \"%.80s\", which is not a response_label "
                 "of response %s", it->ident, val, rid);
    }
    xmlXPathFreeObject(o);
    cckit_idmap_free(labels);
}

/* Shared by R81-R83: a response_lid with render_choice. */
static void check_lid_item(qctx *q, qitem *it, const char *code, const char *card)
{
    const char *name = profile_short(it->kind);
    const char *why = "importers read the choices they find";
    if (!it->lid) {
        qrep(q, code, it->pres, "%s item %s has no response_lid%s", name, it->ident, ln(q, why));
        return;
    }
    const char *rc = cckit_dom_attr(it->lid, "rcardinality");
    if (strcmp(rc ? rc : "Single", card) != 0)
        qrep(q, code, it->lid, "%s item %s: response_lid rcardinality is \"%s\"; it must be %s%s", name, it->ident,
             rc ? rc : "Single", card, ln(q, why));
    if (it->n_str)
        qrep(q, code, it->str, "%s item %s has a response_str%s", name, it->ident, ln(q, why));
    if (it->fib)
        qrep(q, code, it->fib, "%s item %s has a render_fib in its response_lid%s", name, it->ident, ln(q, why));
    if (!it->choice)
        qrep(q, code, it->lid, "%s item %s: response_lid has no render_choice%s", name, it->ident, ln(q, why));
    for (xmlNodePtr l = it->choice ? it->choice->children : NULL; l; l = l->next)
        if (is_el(q, l, "response_label") && cckit_dom_attr(l, "rshuffle")) {
            qrep(q, "qti.rshuffle", l, "%s item %s: response_label %s has rshuffle, which is not supported%s", name,
                 it->ident, cckit_dom_attr(l, "ident") ? cckit_dom_attr(l, "ident") : "?", ln(q, "importers ignore it"));
            break;
        }
    xmlNodePtr vs = it->resp ? qfirst(q, it->resp, "q:respcondition/q:conditionvar//q:varsubstring") : NULL;
    if (vs)
        qrep(q, code, vs, "%s item %s uses varsubstring%s", name, it->ident, ln(q, why));
    check_answer_refs(q, it, true);
}

/* R81: true/false. */
static void check_r81_true_false(qctx *q, qitem *it)
{
    if (it->kind != P_TF)
        return;
    check_lid_item(q, it, "qti.truefalse-structure", "Single");
    if (it->choice && it->n_labels != 2)
        qrep(q, "qti.truefalse-labels", it->choice, "true/false item %s has %zu response_label; exactly 2 are "
             "required%s", it->ident, it->n_labels, ln(q, "importers show every choice"));
}

/* R82: multiple choice. */
static void check_r82_multiple_choice(qctx *q, qitem *it)
{
    if (it->kind != P_MC)
        return;
    check_lid_item(q, it, "qti.multiplechoice-structure", "Single");
    if (it->choice && it->n_labels < 3)
        qrep(q, "qti.multiplechoice-labels", it->choice, "multiple choice item %s has %zu response_label; more "
             "than 2 are required%s", it->ident, it->n_labels,
             ln(q, "Canvas exports two-choice multiple choice and importers accept it"));
}

/* R83: multiple response, all-or-nothing scoring. */
static void check_r83_multiple_response(qctx *q, qitem *it)
{
    if (it->kind != P_MR)
        return;
    check_lid_item(q, it, "qti.multipleresponse-structure", "Multiple");
    if (it->choice && it->n_labels < 2)
        qrep(q, "qti.multipleresponse-labels", it->choice, "multiple response item %s has %zu response_label; "
             "at least 2 are required%s", it->ident, it->n_labels, ln(q, "importers show every choice"));
    if (!it->resp)
        return;
    const char *why = "importers may score it differently";
    size_t n_scoring = 0;
    for (xmlNodePtr rc = it->resp->children; rc; rc = rc->next) {
        if (!is_el(q, rc, "respcondition"))
            continue;
        bool scores = false;
        for (xmlNodePtr s = rc->children; s; s = s->next) {
            char val[64];
            bool ok;
            if (is_el(q, s, "setvar") && num(text(s, val, sizeof val), &ok) > 0 && ok)
                scores = true;
        }
        if (!scores)
            continue;
        if (n_scoring++)
            qrep(q, "qti.multipleresponse-scoring", rc, "multiple response item %s has more than one scoring "
                 "respcondition; scoring is all or nothing%s", it->ident, ln(q, why));
        xmlNodePtr cv = child(q, rc, "conditionvar");
        xmlNodePtr list = cv;
        size_t n_el = 0;
        for (xmlNodePtr c = cv ? cv->children : NULL; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                n_el++;
        if (n_el == 1 && child(q, cv, "and"))
            list = child(q, cv, "and");
        for (xmlNodePtr c = list ? list->children : NULL; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || is_el(q, c, "varequal"))
                continue;
            if (is_el(q, c, "not")) {
                size_t k = 0, kv = 0;
                for (xmlNodePtr d = c->children; d; d = d->next)
                    if (d->type == XML_ELEMENT_NODE) {
                        k++;
                        kv += is_el(q, d, "varequal");
                    }
                if (k == 1 && kv == 1)
                    continue;
            }
            qrep(q, "qti.multipleresponse-scoring", c, "multiple response item %s: <%s> in the scoring condition; "
                 "only varequal and not(varequal), optionally inside one <and>, are allowed%s", it->ident,
                 (const char *)c->name, ln(q, why));
        }
    }
}

/* Shared by R84-R86: a response_str with render_fib. */
static void check_str_item(qctx *q, qitem *it, const char *code)
{
    const char *name = profile_short(it->kind);
    const char *why = "importers read the text response";
    if (it->n_lid)
        qrep(q, code, it->lid, "%s item %s has a response_lid%s", name, it->ident, ln(q, why));
    if (!it->str) {
        if (!it->n_lid)
            qrep(q, code, it->pres, "%s item %s has no response_str%s", name, it->ident, ln(q, why));
        return;
    }
    if (child(q, it->str, "render_choice"))
        qrep(q, code, child(q, it->str, "render_choice"), "%s item %s: response_str has a render_choice%s", name,
             it->ident, ln(q, why));
    else if (!it->fib)
        qrep(q, code, it->str, "%s item %s: response_str has no render_fib%s", name, it->ident, ln(q, why));
}

/* R84: fill-in-blank. */
static void check_r84_fib(qctx *q, qitem *it)
{
    if (it->kind != P_FIB)
        return;
    check_str_item(q, it, "qti.fib-structure");
    if (!it->resp)
        return;
    xmlNodePtr vs = qfirst(q, it->resp, "q:respcondition/q:conditionvar//q:varsubstring");
    if (vs)
        qrep(q, "qti.fib-structure", vs, "fill-in-blank item %s uses varsubstring; that is pattern match%s",
             it->ident, ln(q, "importers may treat it as exact match"));
    xmlNodePtr cs = qfirst(q, it->resp, "q:respcondition/q:conditionvar//q:varequal[@case='Yes']");
    if (cs)
        qrep(q, "qti.fib-structure", cs, "fill-in-blank item %s: varequal case=\"Yes\"; matching is "
             "case-insensitive in the profile%s", it->ident, ln(q, "importers may ignore the case flag"));
    check_answer_refs(q, it, false);
}

/* R85: pattern match. */
static void check_r85_pattern_match(qctx *q, qitem *it)
{
    if (it->kind != P_PM)
        return;
    check_str_item(q, it, "qti.patternmatch-structure");
    check_answer_refs(q, it, false);
}

/* R86: essay. */
static void check_r86_essay(qctx *q, qitem *it)
{
    if (it->kind != P_ESSAY)
        return;
    const char *why = "importers treat it as a manually graded essay";
    check_str_item(q, it, "qti.essay-structure");
    if (it->resp) {
        xmlNodePtr v = qfirst(q, it->resp, "q:respcondition/q:conditionvar//q:varequal | "
                                           "q:respcondition/q:conditionvar//q:varsubstring");
        if (v)
            qrep(q, "qti.essay-structure", v, "essay item %s has an answer condition <%s>%s", it->ident,
                 (const char *)v->name, ln(q, why));
        xmlNodePtr gi = qfirst(q, it->resp, ".//q:displayfeedback[@linkrefid='general_incorrect_fb']");
        if (gi)
            qrep(q, "qti.essay-structure", gi, "essay item %s has general incorrect feedback, which needs "
                 "automatic grading%s", it->ident, ln(q, why));
    }
    size_t n_sol = qcount(q, it->node, "q:itemfeedback/q:solution");
    if (n_sol > 1)
        qrep(q, "qti.essay-structure", it->node, "essay item %s has %zu solutions; at most one sample answer is "
             "allowed%s", it->ident, n_sol, ln(q, why));
}

/* R87: render_fib restrictions; rcardinality, rtiming, flow. */
static void check_r87_render_fib(qctx *q, qitem *it)
{
    static const char *const bad_attr[] = {"encoding", "charset", "prompt", "minnumber", "maxnumber", NULL};
    if (!it->pres)
        return;
    xmlXPathObjectPtr o = qx(q, it->pres, ".//q:render_fib");
    for (int i = 0; i < qn(o); i++) {
        xmlNodePtr f = qat(o, i);
        const char *rows = cckit_dom_attr(f, "rows"), *ft = cckit_dom_attr(f, "fibtype");
        if (rows && strcmp(rows, "1") != 0)
            qrep(q, "qti.render-fib", f, "item %s: render_fib rows=\"%.20s\"; only 1 is allowed%s", it->ident, rows,
                 ln(q, "importers ignore it"));
        if (ft && strcmp(ft, "String") != 0)
            qrep(q, "qti.render-fib", f, "item %s: render_fib fibtype=\"%.20s\"; only String is allowed%s",
                 it->ident, ft, ln(q, "importers read a string"));
        for (int k = 0; bad_attr[k]; k++)
            if (cckit_dom_attr(f, bad_attr[k]))
                qrep(q, "qti.render-fib", f, "item %s: render_fib has %s, which the profile prohibits%s", it->ident,
                     bad_attr[k], ln(q, "importers ignore it"));
        /* §4.10.12 says "no children", yet the guide's own example (and
         * Canvas) put one empty response_label there: accept exactly that. */
        size_t n_el = 0;
        xmlNodePtr bad = NULL;
        for (xmlNodePtr c = f->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (n_el++ || !is_el(q, c, "response_label") || xmlFirstElementChild(c))
                bad = bad ? bad : c;
        }
        if (bad)
            qrep(q, "qti.render-fib", bad, "item %s: render_fib contains <%s>; it must be empty or hold one empty "
                 "response_label%s", it->ident, (const char *)bad->name, ln(q, "importers ignore it"));
    }
    xmlXPathFreeObject(o);
    o = qx(q, it->pres, ".//q:response_lid | .//q:response_str");
    for (int i = 0; i < qn(o); i++) {
        xmlNodePtr r = qat(o, i);
        const char *rc = cckit_dom_attr(r, "rcardinality");
        if (rc && strcmp(rc, "Ordered") == 0)
            qrep(q, "qti.response-attr", r, "item %s: rcardinality=\"Ordered\" is not in the profile%s", it->ident,
                 ln(q, "Canvas-specific ordering question, will import into Canvas only"));
        if (cckit_dom_attr(r, "rtiming"))
            qrep(q, "qti.response-attr", r, "item %s: rtiming is not supported%s", it->ident,
                 ln(q, "importers ignore it"));
    }
    xmlXPathFreeObject(o);
    xmlNodePtr fl = qfirst(q, it->pres, ".//q:flow");
    if (fl)
        qrep(q, "qti.presentation-flow", fl, "item %s: <flow> in presentation is not in the profile%s", it->ident,
             ln(q, "importers read through it"));
}

/* Does decoded text look like HTML markup (a start or end tag)? */

/* R88 over one material (who names the owner: "item X" / "assessment X"). */
static void check_material(qctx *q, xmlNodePtr m, const char *who, const char *id)
{
    for (xmlNodePtr c = m->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_el(q, c, "mattext")) {
            qrep(q, "qti.material-content", c, "%s %s: <%s> in material; only mattext is in the profile%s", who, id,
                 (const char *)c->name, ln(q, "importers may drop it"));
            continue;
        }
        const char *tt = cckit_dom_attr(c, "texttype");
        if (tt && strcmp(tt, "text/plain") != 0 && strcmp(tt, "text/html") != 0) {
            qrep(q, "qti.mattext-texttype", c, "%s %s: mattext texttype=\"%.40s\"; only text/plain and text/html "
                 "are allowed%s", who, id, tt, ln(q, "importers read it as text"));
            continue;
        }
        if (!tt || strcmp(tt, "text/plain") == 0) {
            char buf[4096];
            if (cckit_text_looks_html(text(c, buf, sizeof buf)))
                qrep(q, "qti.mattext-html", c, "%s %s: mattext holds HTML markup but texttype is %s%s", who, id,
                     tt ? "text/plain" : "unset (text/plain)", ln(q, "importers show the markup as text or render it"));
        }
    }
}

/* R88: material is mattext only, texttype plain/html, HTML marked as such. */
static void check_r88_material(qctx *q, qitem *it)
{
    xmlXPathObjectPtr o = qx(q, it->node, ".//q:material");
    for (int i = 0; i < qn(o); i++)
        check_material(q, qat(o, i), "item", it->ident);
    xmlXPathFreeObject(o);
}

/* R89: displayfeedback <-> itemfeedback wiring; Hint and Solution. */
static void check_r89_feedback(qctx *q, qitem *it)
{
    cckit_idmap *fb = cckit_idmap_new();
    cckit_idmap *used = cckit_idmap_new();
    if (!fb || !used) {
        cckit_idmap_free(fb);
        cckit_idmap_free(used);
        cckit_vnomem(q->v);
        return;
    }
    bool hints = false, oom = false;
    for (xmlNodePtr f = it->node->children; f; f = f->next) {
        if (!is_el(q, f, "itemfeedback"))
            continue;
        const char *id = cckit_dom_attr(f, "ident");
        if (!id)
            continue;
        if (cckit_idmap_put(fb, id, f, &oom))
            qrep(q, "qti.feedback-duplicate", f, "item %s: itemfeedback ident \"%.80s\" appears more than once",
                 it->ident, id);
        if (child(q, f, "hint"))
            hints = true;
        bool is_hint = strcmp(id, "hint") == 0, is_sol = strcmp(id, "solution") == 0;
        if ((is_hint || is_sol) && (child(q, f, "flow_mat") || child(q, f, is_hint ? "solution" : "hint")
                                    || !child(q, f, is_hint ? "hint" : "solution")))
            qrep(q, "qti.feedback-hint-solution", f, "item %s: itemfeedback %s must hold one <%s> and no flow_mat%s",
                 it->ident, id, id, ln(q, "importers read the text they find"));
        else if (!is_hint && !is_sol && (child(q, f, "hint") || child(q, f, "solution")))
            qrep(q, "qti.feedback-hint-solution", f, "item %s: itemfeedback %s holds <%s>; only the itemfeedback "
                 "named %s may%s", it->ident, id, child(q, f, "hint") ? "hint" : "solution",
                 child(q, f, "hint") ? "hint" : "solution", ln(q, "importers read the text they find"));
    }
    xmlXPathObjectPtr o = it->resp ? qx(q, it->resp, ".//q:displayfeedback") : NULL;
    for (int i = 0; i < qn(o); i++) {
        xmlNodePtr d = qat(o, i);
        const char *ty = cckit_dom_attr(d, "feedbacktype"), *ref = cckit_dom_attr(d, "linkrefid");
        if (!ty)
            qrep(q, "qti.feedback-type", d, "item %s: displayfeedback %s has no feedbacktype%s", it->ident,
                 ref ? ref : "?", ln(q, "importers assume Response"));
        else if (strcmp(ty, "Response") == 0 && ref && (strcmp(ref, "hint") == 0 || strcmp(ref, "solution") == 0))
            qrep(q, "qti.feedback-type", d, "item %s: Response feedback links \"%s\"; use feedbacktype %s%s",
                 it->ident, ref, ref[0] == 'h' ? "Hint" : "Solution", ln(q, "importers show it as feedback"));
        else if ((strcmp(ty, "Hint") == 0 && (!ref || strcmp(ref, "hint") != 0))
                 || (strcmp(ty, "Solution") == 0 && (!ref || strcmp(ref, "solution") != 0)))
            qrep(q, "qti.feedback-type", d, "item %s: %s feedback links \"%s\"; it must link \"%s\"%s", it->ident, ty,
                 ref ? ref : "", ty[0] == 'H' ? "hint" : "solution", ln(q, "importers show it as feedback"));
        if (ty && strcmp(ty, "Hint") == 0)
            hints = true;
        if (!ref)
            continue;
        if (!cckit_idmap_get(fb, ref))
            qrep(q, "qti.feedback-dangling", d, "item %s: displayfeedback links \"%.80s\" but the item has no "
                 "itemfeedback with that ident%s", it->ident, ref, ln(q, "Canvas links empty general_fb; no text is lost"));
        cckit_idmap_put(used, ref, d, &oom);
    }
    xmlXPathFreeObject(o);
    for (xmlNodePtr f = it->node->children; f; f = f->next) {
        const char *id = is_el(q, f, "itemfeedback") ? cckit_dom_attr(f, "ident") : NULL;
        /* Hints and solutions are shown on request, not by a displayfeedback. */
        if (id && !cckit_idmap_get(used, id) && !child(q, f, "hint") && !child(q, f, "solution"))
            qrep(q, "qti.feedback-unused", f, "item %s: itemfeedback \"%.80s\" is never displayed%s", it->ident, id,
                 ln(q, "importers keep or drop it"));
    }
    if (hints)
        qrep(q, "qti.hint", it->node, "item %s has hints, which the CC profile does not define", it->ident);
    if (oom)   /* an ident missing from a map: findings above may be wrong */
        cckit_vnomem(q->v);
    cckit_idmap_free(fb);
    cckit_idmap_free(used);
}

/* R90: conventional feedback idents and their placement (SHOULD). */
static void check_r90_feedback_idents(qctx *q, qitem *it)
{
    if (!it->resp)
        return;
    size_t n_rc = count_children(q, it->resp, "respcondition"), i = 0;
    for (xmlNodePtr rc = it->resp->children; rc; rc = rc->next) {
        if (!is_el(q, rc, "respcondition"))
            continue;
        i++;
        const char *cont = cckit_dom_attr(rc, "continue");
        bool cont_yes = cont && strcmp(cont, "Yes") == 0;
        bool sets = false;
        for (xmlNodePtr s = rc->children; s; s = s->next) {
            char val[64];
            bool ok;
            if (is_el(q, s, "setvar") && num(text(s, val, sizeof val), &ok) > 0 && ok)
                sets = true;
        }
        for (xmlNodePtr d = rc->children; d; d = d->next) {
            const char *ref = is_el(q, d, "displayfeedback") ? cckit_dom_attr(d, "linkrefid") : NULL;
            const char *ty = ref ? cckit_dom_attr(d, "feedbacktype") : NULL;
            if (!ref || (ty && strcmp(ty, "Response") != 0))
                continue;
            if (strcmp(ref, "general_fb") == 0) {
                if (i != 1 || !cont_yes || !child(q, child(q, rc, "conditionvar"), "other"))
                    qrep(q, "qti.feedback-ident", d, "item %s: general_fb should be shown by the first "
                         "respcondition, with <other/> and continue=\"Yes\"", it->ident);
            } else if (strcmp(ref, "correct_fb") == 0) {
                if (!sets)
                    qrep(q, "qti.feedback-ident", d, "item %s: correct_fb should be shown by the respcondition "
                         "that sets SCORE to 100", it->ident);
            } else if (strcmp(ref, "general_incorrect_fb") == 0) {
                if (i != n_rc)
                    qrep(q, "qti.feedback-ident", d, "item %s: general_incorrect_fb should be shown by the last "
                         "respcondition", it->ident);
            } else if (strcmp(ref, "solution") != 0 && strcmp(ref, "hint") != 0) {
                size_t len = strlen(ref);
                if (len > 3 && strcmp(ref + len - 3, "_fb") == 0) {
                    if (!cont_yes && !sets)
                        qrep(q, "qti.feedback-ident", d, "item %s: answer feedback %s should be in a respcondition "
                             "with continue=\"Yes\"", it->ident, ref);
                } else {
                    qrep(q, "qti.feedback-ident", d, "item %s: feedback ident \"%.80s\" does not follow the "
                         "convention (general_fb, correct_fb, general_incorrect_fb, ANSWER_fb)", it->ident, ref);
                }
            }
        }
    }
}

/* R91: item idents unique within the document. */
static void check_r91_unique_ident(qctx *q, qitem *it)
{
    const char *id = cckit_dom_attr(it->node, "ident");
    bool oom = false;
    if (!id || !q->items)
        return;
    xmlNodePtr prev = cckit_idmap_put(q->items, id, it->node, &oom);
    if (oom)
        cckit_vnomem(q->v);
    if (prev)
        qrep(q, "qti.duplicate-item-ident", it->node, "item ident \"%.80s\" is used again (first at line %u)%s", id,
             cckit_dom_line(prev), ln(q, "Canvas reuses one ident for questions made outside a bank"));
}

static void check_item(qctx *q, xmlNodePtr node)
{
    qitem it;
    memset(&it, 0, sizeof it);
    it.node = node;
    item_scan(q, &it);
    check_r76_item_metadata(q, &it);
    check_r77_item_profile(q, &it);
    check_r78_item_values(q, &it);
    check_r79_item_structure(q, &it);
    if (it.pres) {
        check_r80_scoring(q, &it);
        check_r81_true_false(q, &it);
        check_r82_multiple_choice(q, &it);
        check_r83_multiple_response(q, &it);
        check_r84_fib(q, &it);
        check_r85_pattern_match(q, &it);
        check_r86_essay(q, &it);
        check_r87_render_fib(q, &it);
    }
    check_r88_material(q, &it);
    check_r89_feedback(q, &it);
    check_r90_feedback_idents(q, &it);
    check_r91_unique_ident(q, &it);
}

void cckit_check_qti(cckit_vctx *v, const cckit_resource *r, const char *entry, xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root)
        return;
    qctx q;
    memset(&q, 0, sizeof q);
    q.v = v;
    q.file = entry;
    q.ns = root->ns && root->ns->href && root->ns->href[0] ? root->ns->href : NULL;
    if (strcmp((const char *)root->name, "questestinterop") != 0) {
        qrep(&q, "qti.root", root, "the root element is <%s>, not <questestinterop>", (const char *)root->name);
        return;
    }
    q.xp = xmlXPathNewContext(doc);
    q.items = cckit_idmap_new();
    /* registering a namespace fails only for lack of memory */
    if (!q.xp || !q.items || (q.ns && xmlXPathRegisterNs(q.xp, (const xmlChar *)"q", q.ns) != 0)) {
        cckit_vnomem(v);
        goto out;
    }
    xmlNodePtr body = check_r71_root(&q, r, root);
    if (!body)
        goto out;
    xmlNodePtr holder = body;
    if (is_el(&q, body, "assessment")) {
        xmlNodePtr md = child(&q, body, "qtimetadata");
        check_r72_assessment(&q, body, &holder);
        check_r74_assessment_labels(&q, body, md);
        check_r75_assessment_values(&q, body, md);
        const char *aid = cckit_dom_attr(body, "ident");
        for (xmlNodePtr c = body->children; c; c = c->next) {
            if (is_el(&q, c, "rubric") || is_el(&q, c, "presentation_material")) {
                xmlXPathObjectPtr o = qx(&q, c, ".//q:material");
                for (int i = 0; i < qn(o); i++)
                    check_material(&q, qat(o, i), "assessment", aid ? aid : "?");
                xmlXPathFreeObject(o);
            }
        }
    } else {
        check_r73_objectbank(&q, body);
    }
    /* Items of the one section (or of every section when the profile was
     * not followed: each item is still checked once). */
    xmlXPathObjectPtr o = qx(&q, body, ".//q:item");
    for (int i = 0; i < qn(o); i++)
        check_item(&q, qat(o, i));
    xmlXPathFreeObject(o);
    CCKIT_UNUSED(holder);
out:
    cckit_idmap_free(q.items);
    if (q.xp)
        xmlXPathFreeContext(q.xp);
}
