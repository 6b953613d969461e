/* dom_util.c - small DOM helpers shared by the descriptor and QTI rules. */
#include "validate/validate.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

const char *cckit_dom_attr(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next)
        if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
            return a->children && a->children->type == XML_TEXT_NODE && !a->children->next
                       ? (const char *)a->children->content
                       : "";
    return NULL;
}

unsigned cckit_dom_line(xmlNodePtr n)
{
    long l = n ? xmlGetLineNo(n) : 0;
    return l > 0 ? (unsigned)l : 0;
}

/* Real markup, not prose that names a tag ("When <form> tags are
 * present..." escaped in text/plain is text a learner should read): a tag
 * with an attribute, a self-closing tag, an empty element (br, hr, img),
 * or a closing tag whose opening tag came before it. */
static bool void_element(const char *name, size_t n)
{
    static const char *const v[] = {"br", "hr", "img"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strlen(v[i]) == n && strncasecmp(name, v[i], n) == 0)
            return true;
    return false;
}

bool cckit_text_looks_html(const char *s)
{
    enum { MAX_OPEN = 32 };
    const char *open[MAX_OPEN];
    size_t open_len[MAX_OPEN], n_open = 0;
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        const char *t = p + 1;
        bool closing = *t == '/';
        if (closing)
            t++;
        if (!isalpha((unsigned char)*t))
            continue;
        const char *name = t;
        while (isalnum((unsigned char)*t))
            t++;
        size_t nlen = (size_t)(t - name);
        if (!(*t == '>' || *t == '/' || isspace((unsigned char)*t)))
            continue;
        /* the tag runs to the next '>' with no '<' before it */
        const char *gt = strchr(t, '>');
        const char *lt = strchr(t, '<');
        if (!gt || (lt && lt < gt))
            continue;
        if (closing) {
            for (size_t i = 0; i < n_open; i++)
                if (open_len[i] == nlen && strncasecmp(open[i], name, nlen) == 0)
                    return true;
            continue;
        }
        if (gt > t && gt[-1] == '/')
            return true;
        if (memchr(t, '=', (size_t)(gt - t)) || void_element(name, nlen))
            return true;
        if (n_open < MAX_OPEN) {
            open[n_open] = name;
            open_len[n_open++] = nlen;
        }
    }
    return false;
}
