/* preview_qti.c - an assessment or a question bank (QTI 1.2, the CC
 * profile and Canvas's extensions) as readable questions, instructor
 * view: the stem, the choices with the correct ones marked (read from
 * resprocessing: a varequal, not under <not>, in a condition that sets a
 * positive score), the accepted answers of text questions, and the
 * feedback (under its choice when a condition ties the two).  The same
 * structure serves every cc_profile type; the type is named from
 * cc_profile (or Canvas's question_type). */
#include "config.h"
#include "preview/preview.h"
#include "report/html_page.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *key, *label; } qtypes[] = {
    {"cc.multiple_choice.v0p1", "Multiple choice"},
    {"cc.multiple_response.v0p1", "Multiple response"},
    {"cc.true_false.v0p1", "True/false"},
    {"cc.fib.v0p1", "Fill in the blank"},
    {"cc.pattern_match.v0p1", "Pattern match"},
    {"cc.essay.v0p1", "Essay"},
    {"multiple_choice_question", "Multiple choice"},
    {"multiple_answers_question", "Multiple response"},
    {"true_false_question", "True/false"},
    {"short_answer_question", "Fill in the blank"},
    {"fill_in_multiple_blanks_question", "Fill in multiple blanks"},
    {"multiple_dropdowns_question", "Multiple dropdowns"},
    {"matching_question", "Matching"},
    {"numerical_question", "Numerical answer"},
    {"calculated_question", "Formula"},
    {"essay_question", "Essay"},
    {"file_upload_question", "File upload"},
    {"text_only_question", "Text (no question)"},
};

typedef struct qti {
    pv_ctx *c;
    FILE *out;
    const char *file;
    size_t n;             /* questions shown so far */
} qti;

/* A metadata field of an item (cc_profile, question_type), malloc'd. */
static char *meta_field(pv_ctx *c, xmlNodePtr item, const char *label)
{
    xmlNodePtr md = pv_child(pv_child(item, "itemmetadata"), "qtimetadata");
    for (xmlNodePtr f = md ? md->children : NULL; f; f = f->next) {
        if (!pv_is(f, "qtimetadatafield"))
            continue;
        char *l = pv_text(c, pv_child(f, "fieldlabel"));
        bool hit = l && !strcmp(l, label);
        free(l);
        if (hit)
            return pv_text(c, pv_child(f, "fieldentry"));
    }
    return NULL;
}

/* The mattext elements of a material. */
static void write_material(qti *q, xmlNodePtr mat)
{
    for (xmlNodePtr k = mat ? mat->children : NULL; k; k = k->next) {
        if (pv_is(k, "mattext") || pv_is(k, "mat_extension")) {
            xmlChar *t = xmlNodeGetContent(k);
            xmlChar *type = xmlGetProp(k, (const xmlChar *)"texttype");
            bool html = type && strstr((const char *)type, "html");
            pv_write_rich(q->c, q->out, (const char *)t, html, q->file);
            xmlFree(type);
            xmlFree(t);
        } else if (pv_is(k, "matimage")) {
            xmlChar *uri = xmlGetProp(k, (const xmlChar *)"uri");
            if (uri) {
                /* As an <img> of HTML text: resolved or marked. */
                size_t n = strlen((const char *)uri) * 6 + 32;
                char *h = malloc(n);
                if (h) {
                    FILE *m = fmemopen(h, n, "w");
                    if (m) {
                        fputs("<img alt=\"\" src=\"", m);
                        cckit_html_escape(m, (const char *)uri);
                        fputs("\">", m);
                        fputc('\0', m);
                        fclose(m);
                        pv_write_rich(q->c, q->out, h, true, q->file);
                    }
                }
                free(h);
            }
            xmlFree(uri);
        } else if (pv_is(k, "material") || pv_is(k, "flow_mat")) {
            write_material(q, k);
        }
    }
}

/* Materials of n that are not inside a response (the stem). */
static void write_stem(qti *q, xmlNodePtr n)
{
    for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next) {
        if (pv_is(k, "material"))
            write_material(q, k);
        else if (pv_is(k, "flow"))
            write_stem(q, k);
    }
}

typedef struct answer {
    char *respident, *value;
    const char *kind;     /* "=", ">=", "<=", "contains" */
    char *feedback;       /* linkrefid of a displayfeedback in the same condition */
} answer;

typedef struct answers {
    pv_ctx *c;
    answer *v;
    size_t n;
} answers;

static void add_answer(answers *a, xmlNodePtr var, const char *kind, xmlNodePtr cond)
{
    pv_ctx *c = a->c;
    answer *v = realloc(a->v, (a->n + 1) * sizeof *v);
    if (!v) {
        c->oom = true;
        return;
    }
    a->v = v;
    xmlChar *ri = xmlGetProp(var, (const xmlChar *)"respident");
    v[a->n].respident = ri ? strdup((const char *)ri) : NULL;
    c->oom |= ri && !v[a->n].respident;
    xmlFree(ri);
    v[a->n].value = pv_text(c, var);
    v[a->n].kind = kind;
    v[a->n].feedback = NULL;
    for (xmlNodePtr d = cond->children; d; d = d->next)
        if (pv_is(d, "displayfeedback")) {
            xmlChar *l = xmlGetProp(d, (const xmlChar *)"linkrefid");
            if (l && !v[a->n].feedback) {
                v[a->n].feedback = strdup((const char *)l);
                c->oom |= !v[a->n].feedback;
            }
            xmlFree(l);
        }
    a->n++;
}

/* Conditions under cv (not below a <not>). */
static void collect_vars(answers *a, xmlNodePtr cv, xmlNodePtr cond, unsigned depth)
{
    for (xmlNodePtr k = cv->children; k && depth < 32; k = k->next) {
        if (pv_is(k, "varequal"))
            add_answer(a, k, "=", cond);
        else if (pv_is(k, "varsubstring"))
            add_answer(a, k, "contains", cond);
        else if (pv_is(k, "vargte"))
            add_answer(a, k, "\xe2\x89\xa5", cond);
        else if (pv_is(k, "varlte"))
            add_answer(a, k, "\xe2\x89\xa4", cond);
        else if (pv_is(k, "and") || pv_is(k, "or"))
            collect_vars(a, k, cond, depth + 1);
    }
}

/* Correct answers (score-setting conditions) and choice feedback (every
 * condition with one varequal and a displayfeedback). */
static void read_resprocessing(xmlNodePtr item, answers *correct, answers *fb)
{
    pv_ctx *c = correct->c;
    for (xmlNodePtr rp = item->children; rp; rp = rp->next) {
        if (!pv_is(rp, "resprocessing"))
            continue;
        for (xmlNodePtr rc = rp->children; rc; rc = rc->next) {
            if (!pv_is(rc, "respcondition"))
                continue;
            xmlNodePtr cv = pv_child(rc, "conditionvar");
            if (!cv)
                continue;
            bool scores = false;
            for (xmlNodePtr s = rc->children; s; s = s->next)
                if (pv_is(s, "setvar")) {
                    char *v = pv_text(c, s);
                    if (v && strtod(v, NULL) > 0)
                        scores = true;
                    free(v);
                }
            if (scores)
                collect_vars(correct, cv, rc, 0);
            else
                collect_vars(fb, cv, rc, 0);
        }
    }
}

static void free_answers(answers *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].respident);
        free(a->v[i].value);
        free(a->v[i].feedback);
    }
    free(a->v);
}

static bool is_correct(const answers *a, const char *resp, const char *label)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->v[i].value && label && !strcmp(a->v[i].value, label) &&
            (!a->v[i].respident || !resp || !strcmp(a->v[i].respident, resp)))
            return true;
    return false;
}

static xmlNodePtr feedback_el(xmlNodePtr item, const char *ident)
{
    for (xmlNodePtr k = item->children; k && ident; k = k->next)
        if (pv_is(k, "itemfeedback")) {
            xmlChar *id = xmlGetProp(k, (const xmlChar *)"ident");
            bool hit = id && !strcmp((const char *)id, ident);
            xmlFree(id);
            if (hit)
                return k;
        }
    return NULL;
}

/* Feedback of the whole question, never tied to one choice. */
static bool general_fb(const char *ident)
{
    return !strcmp(ident, "correct_fb") || !strcmp(ident, "general_incorrect_fb") ||
           !strcmp(ident, "general_fb");
}

static void write_feedback(qti *q, xmlNodePtr fb, const char *label)
{
    fputs("<div class=\"feedback\"><strong>", q->out);
    cckit_html_escape(q->out, label);
    fputs(":</strong> ", q->out);
    write_material(q, fb);
    fputs("</div>\n", q->out);
}

/* Every response element under n (in flows too). */
static void write_responses(qti *q, xmlNodePtr item, xmlNodePtr n, const answers *correct,
                            const answers *fb, unsigned depth)
{
    for (xmlNodePtr r = n ? n->children : NULL; r && depth < 16; r = r->next) {
        if (pv_is(r, "flow")) {
            write_responses(q, item, r, correct, fb, depth + 1);
            continue;
        }
        bool lid = pv_is(r, "response_lid");
        bool str = pv_is(r, "response_str") || pv_is(r, "response_num");
        if (!lid && !str)
            continue;
        xmlChar *rid = xmlGetProp(r, (const xmlChar *)"ident");
        /* A response's own material (a matching row, a blank's name). */
        for (xmlNodePtr k = r->children; k; k = k->next)
            if (pv_is(k, "material")) {
                fputs("<div class=\"prompt\">", q->out);
                write_material(q, k);
                fputs("</div>\n", q->out);
            }
        if (lid) {
            fputs("<ul class=\"choices\">\n", q->out);
            for (xmlNodePtr rc = r->children; rc; rc = rc->next) {
                if (!pv_is(rc, "render_choice"))
                    continue;
                for (xmlNodePtr lab = rc->children; lab; lab = lab->next) {
                    if (!pv_is(lab, "response_label"))
                        continue;
                    xmlChar *li = xmlGetProp(lab, (const xmlChar *)"ident");
                    bool ok = is_correct(correct, (const char *)rid, (const char *)li);
                    fputs(ok ? "<li class=\"correct\"><span class=\"badge ok\">correct</span> "
                             : "<li>", q->out);
                    write_material(q, lab);
                    /* Feedback tied to this choice. */
                    const answers *both[2] = { correct, fb };
                    for (int b = 0; b < 2; b++)
                        for (size_t i = 0; i < both[b]->n; i++) {
                            const answer *a = &both[b]->v[i];
                            if (a->feedback && a->value && li && !strcmp(a->value, (const char *)li) &&
                                !general_fb(a->feedback)) {
                                xmlNodePtr f = feedback_el(item, a->feedback);
                                if (f)
                                    write_feedback(q, f, "Feedback for this choice");
                            }
                        }
                    fputs("</li>\n", q->out);
                    xmlFree(li);
                }
            }
            fputs("</ul>\n", q->out);
        } else {
            fputs("<p class=\"answer-box\">The learner writes an answer here.</p>\n", q->out);
            bool any = false;
            for (size_t i = 0; i < correct->n; i++) {
                const answer *a = &correct->v[i];
                if (a->respident && rid && strcmp(a->respident, (const char *)rid))
                    continue;
                if (!any)
                    fputs("<p><span class=\"badge ok\">accepted</span> ", q->out);
                else
                    fputs("; ", q->out);
                any = true;
                if (strcmp(a->kind, "="))
                    fprintf(q->out, "%s ", a->kind);
                fputs("<code>", q->out);
                cckit_html_escape(q->out, a->value ? a->value : "");
                fputs("</code>", q->out);
            }
            fputs(any ? "</p>\n" : "<p class=\"muted\">No answer is scored automatically.</p>\n", q->out);
        }
        xmlFree(rid);
    }
}

static void write_item(qti *q, xmlNodePtr item)
{
    q->n++;
    q->c->sum.questions++;
    xmlChar *title = xmlGetProp(item, (const xmlChar *)"title");
    char *profile = meta_field(q->c, item, "cc_profile");
    char *qtype = profile ? NULL : meta_field(q->c, item, "question_type");
    const char *label = NULL;
    for (size_t i = 0; i < sizeof qtypes / sizeof *qtypes; i++)
        if ((profile && !strcmp(profile, qtypes[i].key)) || (qtype && !strcmp(qtype, qtypes[i].key)))
            label = qtypes[i].label;
    fprintf(q->out, "<article class=\"q\"><h3>Question %zu", q->n);
    if (title && *title) {
        fputs(": ", q->out);
        cckit_html_escape(q->out, (const char *)title);
    }
    fputs("</h3>\n<p class=\"muted\">", q->out);
    if (label)
        cckit_html_escape(q->out, label);
    else {
        fputs("Question type ", q->out);
        cckit_html_escape(q->out, profile ? profile : qtype ? qtype : "not given");
    }
    fputs("</p>\n", q->out);
    xmlNodePtr pres = pv_child(item, "presentation");
    write_stem(q, pres);
    answers correct = { q->c, NULL, 0 }, fb = { q->c, NULL, 0 };
    read_resprocessing(item, &correct, &fb);
    write_responses(q, item, pres, &correct, &fb, 0);
    /* Feedback not tied to a choice. */
    for (xmlNodePtr k = item->children; k; k = k->next) {
        if (!pv_is(k, "itemfeedback"))
            continue;
        xmlChar *id = xmlGetProp(k, (const xmlChar *)"ident");
        bool tied = false;
        const answers *both[2] = { &correct, &fb };
        for (int b = 0; b < 2 && id; b++)
            for (size_t i = 0; i < both[b]->n; i++)
                if (both[b]->v[i].feedback && !strcmp(both[b]->v[i].feedback, (const char *)id) &&
                    !general_fb((const char *)id))
                    tied = true;
        if (!tied) {
            const char *l = !id ? "Feedback"
                            : !strcmp((const char *)id, "correct_fb") ? "Feedback when correct"
                            : !strcmp((const char *)id, "general_incorrect_fb") ? "Feedback when incorrect"
                            : !strcmp((const char *)id, "general_fb") ? "General feedback"
                            : "Feedback";
            write_feedback(q, k, l);
        }
        xmlFree(id);
    }
    free_answers(&correct);
    free_answers(&fb);
    fputs("</article>\n", q->out);
    xmlFree(title);
    free(profile);
    free(qtype);
}

static void write_section(qti *q, xmlNodePtr s, unsigned depth)
{
    for (xmlNodePtr k = s->children; k && depth < 32; k = k->next) {
        if (pv_is(k, "item")) {
            write_item(q, k);
        } else if (pv_is(k, "section")) {
            xmlChar *t = xmlGetProp(k, (const xmlChar *)"title");
            xmlNodePtr sel = pv_child(pv_child(k, "selection_ordering"), "selection");
            if ((t && *t) || sel) {
                fputs("<section class=\"group\"><h3>", q->out);
                cckit_html_escape(q->out, t && *t ? (const char *)t : "Question group");
                fputs("</h3>\n", q->out);
                if (sel) {
                    char *num = pv_text(q->c, pv_child(sel, "selection_number"));
                    char *bank = pv_text(q->c, pv_child(sel, "sourcebank_ref"));
                    fputs("<p class=\"muted\">", q->out);
                    if (num && *num) {
                        fputs("The learner gets ", q->out);
                        cckit_html_escape(q->out, num);
                        fputs(" question(s) picked from ", q->out);
                    } else
                        fputs("Questions picked from ", q->out);
                    if (bank && *bank) {
                        fputs("the question bank <code>", q->out);
                        cckit_html_escape(q->out, bank);
                        fputs("</code>", q->out);
                    } else
                        fputs("this group", q->out);
                    fputs(".</p>\n", q->out);
                    free(num);
                    free(bank);
                }
            }
            write_section(q, k, depth + 1);
            if ((t && *t) || sel)
                fputs("</section>\n", q->out);
            xmlFree(t);
        }
    }
}

cckit_status pv_write_qti(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file)
{
    CCKIT_UNUSED(r);
    xmlDocPtr doc = pv_read_xml(c, out, file);
    if (!doc)
        return CCKIT_OK;
    qti q = { c, out, file, 0 };
    xmlNodePtr root = xmlDocGetRootElement(doc);
    fputs("<p class=\"muted\">Instructor view: correct answers and feedback are marked.</p>\n", out);
    for (xmlNodePtr k = root ? root->children : NULL; k; k = k->next) {
        if (pv_is(k, "assessment")) {
            xmlChar *t = xmlGetProp(k, (const xmlChar *)"title");
            if (t && *t) {
                fputs("<h2>", out);
                cckit_html_escape(out, (const char *)t);
                fputs("</h2>\n", out);
            }
            xmlFree(t);
            xmlNodePtr rub = pv_child(k, "rubric");
            if (rub) {
                fputs("<div class=\"rubric\">", out);
                write_stem(&q, rub);
                fputs("</div>\n", out);
            }
            write_section(&q, k, 0);
        } else if (pv_is(k, "objectbank") || pv_is(k, "section")) {
            write_section(&q, k, 0);
        } else if (pv_is(k, "item")) {
            write_item(&q, k);
        }
    }
    if (!q.n)
        fputs("<p>No question.</p>\n", out);
    xmlFreeDoc(doc);
    return CCKIT_OK;
}
