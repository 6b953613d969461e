/* schema_message.c - libxml2's schema error texts in plain language.
 *
 * "Element '{http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1}file':
 * This element is not expected. Expected is ( {...}dependency )." says
 * what is wrong in the validator's words; a course designer needs the
 * element's name, what is wrong with it and what may stand there instead.
 * The code of the finding is chosen elsewhere, structurally; this only
 * rewrites the text, and keeps libxml2's text (without {namespace} noise)
 * for a message it does not know. */
#include "validate/validate.h"
#include <stdio.h>
#include <string.h>

typedef struct out {
    char *p;
    size_t cap, n;
} out;

static void put(out *o, const char *s, size_t len)
{
    while (len-- && *s && o->n + 1 < o->cap)
        o->p[o->n++] = *s++;
    o->p[o->n] = '\0';
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* A name without its "{namespace}". */
static void put_name(out *o, const char *s, size_t len)
{
    const char *close = memchr(s, '}', len);
    if (s[0] == '{' && close) {
        len -= (size_t)(close + 1 - s);
        s = close + 1;
    }
    put(o, s, len);
}

/* "{ns}a, {ns}b" -> "<a>, <b>"; "'x', 'y'" -> "x, y". */
static void put_list(out *o, const char *s, size_t len, bool elements)
{
    const char *end = s + len;
    bool first = true;
    while (s < end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *a = s, *b = comma ? comma : end;
        s = comma ? comma + 1 : end;
        while (a < b && (*a == ' ' || *a == '\''))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\''))
            b--;
        if (elements && a < b && *a == '{') {
            const char *c = memchr(a, '}', (size_t)(b - a));
            if (c)
                a = c + 1;
        }
        if (a == b)
            continue;
        if (!first)
            puts_(o, ", ");
        first = false;
        puts_(o, elements ? "<" : "");
        put(o, a, (size_t)(b - a));
        puts_(o, elements ? ">" : "");
    }
}

/* The text between the first two single quotes after start, or NULL
 * (start may be NULL: a strstr that found nothing). */
static const char *quoted(const char *start, size_t *len)
{
    if (!start)
        return NULL;
    const char *a = strchr(start, '\'');
    const char *b = a ? strchr(a + 1, '\'') : NULL;
    if (!b)
        return NULL;
    *len = (size_t)(b - a - 1);
    return a + 1;
}

void cckit_schema_message(const char *raw, const char *parent, char *buf, size_t cap)
{
    out o = {buf, cap, 0};
    if (!cap)
        return;
    buf[0] = '\0';
    size_t elen = 0, alen = 0;
    const char *el = strncmp(raw, "Element '", 9) == 0 ? quoted(raw, &elen) : NULL;
    const char *rest = el ? el + elen + 1 : raw;
    const char *attr = NULL;
    if (el && strncmp(rest, ", attribute '", 13) == 0) {
        attr = quoted(rest, &alen);
        rest = attr + alen + 1;
    }
    if (el && strncmp(rest, ": ", 2) == 0)
        rest += 2;
    else
        el = NULL;
    const char *expected = strstr(rest, "Expected is ");
    const char *list = expected ? strchr(expected, '(') : NULL;
    const char *list_end = list ? strrchr(list, ')') : NULL;
    size_t vlen = 0;
    if (!el) {
        /* not in the "Element '...': ..." form: keep it, minus namespaces */
        for (const char *p = raw; *p; p++) {
            if (*p == '{' && strchr(p, '}')) {
                p = strchr(p, '}');
                continue;
            }
            if (*p != '\n')
                put(&o, p, 1);
        }
        return;
    }
    puts_(&o, "<");
    put_name(&o, el, elen);
    puts_(&o, ">");
    if (attr) {
        puts_(&o, " attribute ");
        put_name(&o, attr, alen);
    }
    if (strncmp(rest, "This element is not expected.", 29) == 0) {
        puts_(&o, " is not allowed here");
        if (parent) {
            puts_(&o, " in <");
            puts_(&o, parent);
            puts_(&o, ">");
        }
        if (list && list_end) {
            puts_(&o, "; what may stand at this place: ");
            put_list(&o, list + 1, (size_t)(list_end - list - 1), true);
        } else {
            puts_(&o, ": nothing more may follow at this place");
        }
    } else if (strncmp(rest, "Missing child element(s).", 25) == 0) {
        puts_(&o, " lacks a required child element");
        if (list && list_end) {
            puts_(&o, strchr(list, ',') ? ": one of " : ": ");
            put_list(&o, list + 1, (size_t)(list_end - list - 1), true);
        }
    } else if (strstr(rest, "No matching global element declaration available")) {
        puts_(&o, " is an element of another namespace that the schema does not accept at this "
                  "place: only extension elements that a known schema declares may stand here");
        if (parent) {
            puts_(&o, " (the extension point at the end of <");
            puts_(&o, parent);
            puts_(&o, ">)");
        }
    } else if (strstr(rest, "is not allowed.") && attr) {
        puts_(&o, " is not allowed on this element");
    } else if (strstr(rest, "is not an element of the set {")) {
        const char *set = strstr(rest, "{");
        const char *set_end = strrchr(rest, '}');
        const char *v = quoted(strstr(rest, "The value"), &vlen);
        if (v) {
            puts_(&o, attr ? " has the value \"" : " holds \"");
            put(&o, v, vlen);
            puts_(&o, "\"");
        }
        puts_(&o, ", which is not one of the allowed values");
        if (set && set_end && set_end > set) {
            puts_(&o, ": ");
            put_list(&o, set + 1, (size_t)(set_end - set - 1), false);
        }
    } else if (strstr(rest, "is not a valid value of the atomic type '")) {
        const char *v = quoted(rest, &vlen);
        const char *type = strstr(rest, "atomic type '");
        size_t tlen = 0;
        const char *t = type ? quoted(type, &tlen) : NULL;
        if (v) {
            puts_(&o, " value \"");
            put(&o, v, vlen);
            puts_(&o, "\" is not a valid ");
        }
        if (t && tlen == 5 && strncmp(t, "xs:ID", 5) == 0)
            puts_(&o, "identifier (an XML name: a letter or '_' first, no spaces or ':')");
        else if (t && tlen == 8 && strncmp(t, "xs:IDREF", 8) == 0)
            puts_(&o, "identifier reference (an XML name: a letter or '_' first, no spaces)");
        else if (t && strncmp(t, "xs:anyURI", 9) == 0)
            puts_(&o, "URI reference (reserved characters such as spaces, '#' or '%' are "
                      "percent-encoded)");
        else if (t && strncmp(t, "xs:boolean", 10) == 0)
            puts_(&o, "boolean (true or false)");
        else if (t) {
            puts_(&o, "value of type ");
            put_name(&o, t, tlen);
        }
    } else if (strstr(rest, "[facet 'pattern']")) {
        const char *v = quoted(strstr(rest, "The value"), &vlen);
        if (v) {
            puts_(&o, " value \"");
            put(&o, v, vlen);
            puts_(&o, "\"");
        }
        puts_(&o, " does not have the form the schema requires");
    } else {
        puts_(&o, ": ");
        for (const char *p = rest; *p; p++) {
            if (*p == '{' && strchr(p, '}')) {
                p = strchr(p, '}');
                continue;
            }
            if (*p != '\n')
                put(&o, p, 1);
        }
        return;
    }
    puts_(&o, ".");
}
