/* preview_text.c - text held in descriptors (a QTI stem, a discussion's
 * text, an assignment's instructions) on a generated page.  HTML text is
 * parsed with libxml2's HTML parser and written back through a fixed
 * list of formatting elements, with no attribute but a resolved local
 * image or link: everything else (script, style, handlers, frames, forms)
 * is reduced to its text or dropped, and every text is escaped.  Chosen
 * over a srcdoc frame per question: readable, printable, one page. */
#include "config.h"
#include "preview/preview.h"
#include "content/href.h"
#include "report/html_page.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool pv_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

xmlNodePtr pv_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
        if (pv_is(k, name))
            return k;
    return NULL;
}

char *pv_text(pv_ctx *c, xmlNodePtr n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    if (!t)
        return NULL;
    const char *a = (const char *)t, *e = a + strlen(a);
    while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
        a++;
    while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    char *r = strndup(a, (size_t)(e - a));
    c->oom |= !r;
    xmlFree(t);
    return r;
}

xmlDocPtr pv_read_xml(pv_ctx *c, FILE *out, const char *file)
{
    const cckit_entry *e = c->src && file ? cckit_source_find(c->src, file) : NULL;
    if (!e) {
        fputs("<p class=\"broken\"><span class=\"badge error\">missing</span> The file <code>", out);
        cckit_html_escape(out, file ? file : "(none)");
        fputs("</code> is not in the cartridge.</p>\n", out);
        return NULL;
    }
    xmlDocPtr doc = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    if (cckit_xml_read_entry(c->src, e, c->lim, &doc, &err) != CCKIT_OK || !doc) {
        c->oom |= err.status == CCKIT_E_NOMEM;
        fputs("<p class=\"broken\"><span class=\"badge error\">unreadable</span> ", out);
        cckit_html_escape(out, err.message);
        fputs("</p>\n", out);
        return NULL;
    }
    return doc;
}

/* Elements kept as they are (no attribute). */
static const char *const kept[] = {
    "p", "br", "b", "i", "em", "strong", "u", "s", "sub", "sup", "ul", "ol", "li", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "code", "span",
    "div", "hr", "dl", "dt", "dd", "figure", "figcaption", "small", "mark", "abbr", "cite", "q",
    "h3", "h4", "h5", "h6", NULL
};
/* Elements dropped with all they hold. */
static const char *const dropped[] = {
    "script", "style", "head", "title", "template", "noscript", "object", "embed", "applet",
    "form", "input", "button", "select", "textarea", "meta", "link", "base", "svg", "math", NULL
};

static bool in_list(const char *const *l, const char *name)
{
    for (; *l; l++)
        if (!strcasecmp(*l, name))
            return true;
    return false;
}

typedef struct rich {
    pv_ctx *c;
    FILE *out;
    char *dir;         /* folder of the descriptor, for relative links */
} rich;

static void attr_link(rich *r, xmlNodePtr n, const char *attr, bool img)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    bool local = false;
    char *to = v ? pv_resolve_link(r->c, r->dir, (const char *)v, &local) : NULL;
    xmlChar *alt = img ? xmlGetProp(n, (const xmlChar *)"alt") : NULL;
    if (img && to) {
        fputs("<img src=\"", r->out);
        cckit_html_escape(r->out, to);
        fputs("\" alt=\"", r->out);
        cckit_html_escape(r->out, alt ? (const char *)alt : "");
        fputs("\">", r->out);
    } else if (img) {
        fputs(local ? "<span class=\"broken\" title=\"broken link: " : "<span class=\"remote\" title=\"not loaded: ",
              r->out);
        cckit_html_escape(r->out, v ? (const char *)v : "");
        fputs("\">[image", r->out);
        if (alt && *alt) {
            fputs(": ", r->out);
            cckit_html_escape(r->out, (const char *)alt);
        }
        fputs("]</span>", r->out);
    } else if (to) {
        fputs("<a href=\"", r->out);
        cckit_html_escape(r->out, to);
        fputs("\">", r->out);
    } else if (local) {
        fputs("<a class=\"broken\" title=\"broken link: ", r->out);
        cckit_html_escape(r->out, (const char *)v);
        fputs("\">", r->out);
    } else if (v && (!strncasecmp((const char *)v, "http://", 7) || !strncasecmp((const char *)v, "https://", 8))) {
        fputs("<a rel=\"noopener noreferrer\" target=\"_blank\" href=\"", r->out);
        cckit_html_escape(r->out, (const char *)v);
        fputs("\">", r->out);
    } else {
        fputs("<a>", r->out);
    }
    if (local && !to)
        r->c->sum.broken_links++;
    xmlFree(v);
    xmlFree(alt);
    free(to);
}

static void walk(rich *r, xmlNodePtr n, unsigned depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            cckit_html_escape(r->out, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (in_list(dropped, name))
            continue;
        if (depth > 64) { /* deeper than any text needs: its text only */
            walk(r, n->children, depth);
            continue;
        }
        if (!strcasecmp(name, "img")) {
            attr_link(r, n, "src", true);
        } else if (!strcasecmp(name, "a")) {
            attr_link(r, n, "href", false);
            walk(r, n->children, depth + 1);
            fputs("</a>", r->out);
        } else if (!strcasecmp(name, "iframe") || !strcasecmp(name, "video") || !strcasecmp(name, "audio")) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"src");
            fputs("<span class=\"remote\">[embedded ", r->out);
            cckit_html_escape(r->out, name);
            if (v) {
                fputs(": ", r->out);
                cckit_html_escape(r->out, (const char *)v);
            }
            fputs("]</span>", r->out);
            xmlFree(v);
        } else if (in_list(kept, name) || !strcasecmp(name, "h1") || !strcasecmp(name, "h2")) {
            /* h1 and h2 belong to the page: theirs become h3. */
            const char *tag = (!strcasecmp(name, "h1") || !strcasecmp(name, "h2")) ? "h3" : name;
            fprintf(r->out, "<%s>", tag);
            if (strcasecmp(tag, "br") && strcasecmp(tag, "hr")) {
                walk(r, n->children, depth + 1);
                fprintf(r->out, "</%s>", tag);
            }
        } else {
            walk(r, n->children, depth + 1);
        }
    }
}

void pv_write_rich(pv_ctx *c, FILE *out, const char *text, bool html, const char *file)
{
    if (!text || !*text)
        return;
    if (!html) {
        fputs("<div class=\"rich plain\">", out);
        cckit_html_escape(out, text);
        fputs("</div>\n", out);
        return;
    }
    htmlDocPtr doc = htmlReadMemory(text, (int)(strlen(text) > 0x7fffffff ? 0x7fffffff : strlen(text)),
                                    NULL, "UTF-8", cckit_html_parse_options());
    rich r = { c, out, file ? cckit_href_dirname(file) : NULL };
    fputs("<div class=\"rich\">", out);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root)
        walk(&r, root->children, 0);
    else
        cckit_html_escape(out, text);
    fputs("</div>\n", out);
    free(r.dir);
    if (doc)
        xmlFreeDoc(doc);
}
