/* preview_desc.c - the descriptors that are not QTI, as a learner (and
 * the instructor who set them up) would read them: a discussion's topic
 * and attachments; a web link and its target; an LTI link's title,
 * launch URL and custom parameters (never launched); an assignment's
 * instructions, points and submission types (CC 1.3 assignment, and
 * Canvas's assignment_settings.xml). */
#include "config.h"
#include "preview/preview.h"
#include "content/href.h"
#include "report/html_page.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void text_of(pv_ctx *c, FILE *out, xmlNodePtr n, const char *file)
{
    if (!n)
        return;
    xmlChar *t = xmlNodeGetContent(n);
    xmlChar *type = xmlGetProp(n, (const xmlChar *)"texttype");
    pv_write_rich(c, out, (const char *)t, type && strstr((const char *)type, "html"), file);
    xmlFree(type);
    xmlFree(t);
}

static void heading(pv_ctx *c, FILE *out, xmlNodePtr root, const char *fallback)
{
    char *t = pv_text(c, pv_child(root, "title"));
    fputs("<h2>", out);
    cckit_html_escape(out, t && *t ? t : fallback);
    fputs("</h2>\n", out);
    free(t);
}

static void fact(FILE *out, const char *name, const char *value)
{
    fputs("<dt>", out);
    cckit_html_escape(out, name);
    fputs("</dt><dd>", out);
    cckit_html_escape(out, value && *value ? value : "(not given)");
    fputs("</dd>\n", out);
}

/* A URL shown as text and, for http(s), as a link that opens apart. */
static void url_fact(FILE *out, const char *name, const char *url)
{
    fputs("<dt>", out);
    cckit_html_escape(out, name);
    fputs("</dt><dd>", out);
    if (url && (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8))) {
        fputs("<a rel=\"noopener noreferrer\" target=\"_blank\" href=\"", out);
        cckit_html_escape(out, url);
        fputs("\"><code>", out);
        cckit_html_escape(out, url);
        fputs("</code></a>", out);
    } else {
        fputs("<code>", out);
        cckit_html_escape(out, url && *url ? url : "(not given)");
        fputs("</code>", out);
    }
    fputs("</dd>\n", out);
}

static void attachments(pv_ctx *c, FILE *out, xmlNodePtr list, const char *file)
{
    if (!list)
        return;
    char *dir = cckit_href_dirname(file ? file : "");
    fputs("<h3>Attachments</h3><ul>\n", out);
    for (xmlNodePtr a = list->children; a; a = a->next) {
        if (!pv_is(a, "attachment"))
            continue;
        xmlChar *h = xmlGetProp(a, (const xmlChar *)"href");
        bool local = false;
        char *to = h ? pv_resolve_link(c, dir ? dir : "", (const char *)h, &local) : NULL;
        fputs("<li>", out);
        if (to) {
            /* Named by its path in the cartridge, not by the link form. */
            char *shown = !strncmp(to, "content/", 8) ? cckit_href_decode(to + 8) : NULL;
            c->oom |= !shown && !strncmp(to, "content/", 8);
            fputs("<a href=\"", out);
            cckit_html_escape(out, to);
            fputs("\">", out);
            cckit_html_escape(out, shown ? shown : (const char *)h);
            fputs("</a>", out);
            free(shown);
        } else {
            fputs("<span class=\"broken\">", out);
            cckit_html_escape(out, h ? (const char *)h : "(no href)");
            fputs("</span> (not in the cartridge)", out);
            c->sum.broken_links++;
        }
        fputs("</li>\n", out);
        free(to);
        xmlFree(h);
    }
    fputs("</ul>\n", out);
    free(dir);
}

cckit_status pv_write_discussion(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file)
{
    CCKIT_UNUSED(r);
    xmlDocPtr doc = pv_read_xml(c, out, file);
    if (!doc)
        return CCKIT_OK;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    heading(c, out, root, "Discussion");
    text_of(c, out, pv_child(root, "text"), file);
    attachments(c, out, pv_child(root, "attachments"), file);
    fputs("<p class=\"muted\">Learners reply to this topic in the LMS.</p>\n", out);
    xmlFreeDoc(doc);
    return CCKIT_OK;
}

cckit_status pv_write_weblink(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file)
{
    CCKIT_UNUSED(r);
    xmlDocPtr doc = pv_read_xml(c, out, file);
    if (!doc)
        return CCKIT_OK;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    heading(c, out, root, "Web link");
    xmlNodePtr u = pv_child(root, "url");
    xmlChar *href = u ? xmlGetProp(u, (const xmlChar *)"href") : NULL;
    xmlChar *target = u ? xmlGetProp(u, (const xmlChar *)"target") : NULL;
    fputs("<dl class=\"facts\">\n", out);
    url_fact(out, "Target", (const char *)href);
    if (target)
        fact(out, "Opens in", (const char *)target);
    fputs("</dl>\n<p class=\"muted\">The preview does not open it.</p>\n", out);
    xmlFree(href);
    xmlFree(target);
    xmlFreeDoc(doc);
    return CCKIT_OK;
}

static void properties(pv_ctx *c, FILE *out, xmlNodePtr parent, const char *title)
{
    bool any = false;
    for (xmlNodePtr p = parent ? parent->children : NULL; p; p = p->next) {
        if (!pv_is(p, "property"))
            continue;
        if (!any) {
            fputs("<h3>", out);
            cckit_html_escape(out, title);
            fputs("</h3><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Value</th>"
                  "</tr></thead><tbody>\n", out);
        }
        any = true;
        xmlChar *name = xmlGetProp(p, (const xmlChar *)"name");
        char *v = pv_text(c, p);
        fputs("<tr><td><code>", out);
        cckit_html_escape(out, name ? (const char *)name : "");
        fputs("</code></td><td><code>", out);
        cckit_html_escape(out, v ? v : "");
        fputs("</code></td></tr>\n", out);
        free(v);
        xmlFree(name);
    }
    if (any)
        fputs("</tbody></table>\n", out);
}

cckit_status pv_write_lti(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file)
{
    CCKIT_UNUSED(r);
    xmlDocPtr doc = pv_read_xml(c, out, file);
    if (!doc)
        return CCKIT_OK;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    heading(c, out, root, "LTI link");
    char *desc = pv_text(c, pv_child(root, "description"));
    if (desc && *desc)
        pv_write_rich(c, out, desc, false, file);
    free(desc);
    char *launch = pv_text(c, pv_child(root, "launch_url"));
    char *secure = pv_text(c, pv_child(root, "secure_launch_url"));
    char *target = pv_text(c, pv_child(root, "target_link_uri"));
    fputs("<dl class=\"facts\">\n", out);
    url_fact(out, "Launch URL", launch && *launch ? launch : target);
    if (secure && *secure)
        url_fact(out, "Secure launch URL", secure);
    xmlNodePtr vendor = pv_child(root, "vendor");
    if (vendor) {
        char *vn = pv_text(c, pv_child(vendor, "name"));
        if (vn && *vn)
            fact(out, "Vendor", vn);
        free(vn);
    }
    fputs("</dl>\n", out);
    properties(c, out, pv_child(root, "custom"), "Custom parameters");
    for (xmlNodePtr k = root ? root->children : NULL; k; k = k->next)
        if (pv_is(k, "extensions")) {
            xmlChar *pl = xmlGetProp(k, (const xmlChar *)"platform");
            char t[160];
            snprintf(t, sizeof t, "Extensions (%.100s)", pl ? (const char *)pl : "no platform");
            properties(c, out, k, t);
            xmlFree(pl);
        }
    fputs("<p class=\"muted\">An LTI tool runs in the LMS; the preview does not launch it.</p>\n", out);
    free(launch);
    free(secure);
    free(target);
    xmlFreeDoc(doc);
    return CCKIT_OK;
}

static const char *submission_label(const char *t)
{
    static const struct { const char *k, *l; } m[] = {
        {"html", "Text entry (rich text)"}, {"text", "Text entry"}, {"url", "Website URL"},
        {"file", "File upload"}, {"online_text_entry", "Text entry"},
        {"online_upload", "File upload"}, {"online_url", "Website URL"},
        {"media_recording", "Media recording"}, {"on_paper", "On paper"},
        {"external_tool", "External tool"}, {"none", "No submission"},
        {"discussion_topic", "Discussion"}, {"online_quiz", "Quiz"},
    };
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        if (!strcmp(m[i].k, t))
            return m[i].l;
    return t;
}

cckit_status pv_write_assignment(pv_ctx *c, FILE *out, const cckit_resource *r, const char *file)
{
    CCKIT_UNUSED(r);
    xmlDocPtr doc = pv_read_xml(c, out, file);
    if (!doc)
        return CCKIT_OK;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    heading(c, out, root, "Assignment");
    fputs("<dl class=\"facts\">\n", out);
    /* Points: CC 1.3 <gradable points_possible>, Canvas <points_possible>. */
    xmlNodePtr g = pv_child(root, "gradable");
    xmlChar *pp = g ? xmlGetProp(g, (const xmlChar *)"points_possible") : NULL;
    char *cp = pv_text(c, pv_child(root, "points_possible"));
    fact(out, "Points", pp ? (const char *)pp : cp);
    xmlFree(pp);
    free(cp);
    /* Submission types: CC 1.3 <submission_formats><format type>, Canvas
     * <submission_types>a,b</submission_types>. */
    fputs("<dt>Submission types</dt><dd>", out);
    bool any = false;
    for (xmlNodePtr f = pv_child(pv_child(root, "submission_formats"), "format"); f; f = f->next) {
        if (!pv_is(f, "format"))
            continue;
        xmlChar *t = xmlGetProp(f, (const xmlChar *)"type");
        if (t) {
            fputs(any ? ", " : "", out);
            cckit_html_escape(out, submission_label((const char *)t));
            any = true;
        }
        xmlFree(t);
    }
    char *st = pv_text(c, pv_child(root, "submission_types"));
    for (char *tok = st, *save = NULL; st && (tok = strtok_r(tok, ", ", &save)); tok = NULL) {
        fputs(any ? ", " : "", out);
        cckit_html_escape(out, submission_label(tok));
        any = true;
    }
    free(st);
    fputs(any ? "</dd>\n" : "(not given)</dd>\n", out);
    fputs("</dl>\n", out);
    xmlNodePtr text = pv_child(root, "text");
    if (text) {
        fputs("<h3>Instructions</h3>\n", out);
        text_of(c, out, text, file);
    }
    xmlNodePtr it = pv_child(root, "instructor_text");
    if (it) {
        fputs("<h3>Notes for the instructor</h3>\n", out);
        text_of(c, out, it, file);
    }
    attachments(c, out, pv_child(root, "attachments"), file);
    xmlFreeDoc(doc);
    return CCKIT_OK;
}
