/* dom_util.c - small DOM helpers shared by the descriptor and QTI rules. */
#include "validate/validate.h"
#include <string.h>

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

/* A '<' followed by a tag name and then '>', a blank or '/'. */
bool cckit_text_looks_html(const char *s)
{
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        const char *t = p + 1;
        if (*t == '/')
            t++;
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z')))
            continue;
        while ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9'))
            t++;
        if ((*t == '>' || *t == ' ' || *t == '/' || *t == '\n' || *t == '\t') && strchr(t, '>'))
            return true;
    }
    return false;
}
