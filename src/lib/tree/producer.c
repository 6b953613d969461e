/* producer.c - the one table of producer signs: a namespace, a path of
 * the package or a comment that only one LMS or tool writes.  The
 * manifest reader, the validator's descriptor loop and the profile's
 * characterization feed it what they read anyway, so naming the
 * producer never costs a read of its own (a batch record's "producer",
 * the profile's "producers"). */
#include "tree/producer.h"
#include <string.h>

typedef struct sign {
    const char *producer;
    char where;              /* 'n' namespace, 'p' path prefix, 'c' comment */
    const char *needle;      /* 'n', 'c': a substring; 'p': a prefix */
} sign;

static const sign signs[] = {
    { "canvas", 'n', "canvas.instructure.com" },
    /* Canvas lists its export marker in the manifest, present or not */
    { "canvas", 'p', "course_settings/canvas_export.txt" },
    { "moodle", 'c', "Moodle" },
    { "moodle", 'n', "moodle" },
    { "d2l", 'n', "desire2learn" },
    { "d2l", 'n', "d2l" },
    { "blackboard", 'n', "blackboard" },
    { "blackboard", 'p', "csfiles/" },
    { "sakai", 'n', "sakaiproject" },
    { "sakai", 'c', "Sakai" },
    { "schoology", 'n', "schoology" },
    { "schoology", 'c', "Schoology" },
    { NULL, 0, NULL }
};

static cckit_signs match(char where, const char *s)
{
    cckit_signs out = 0;
    if (s == NULL)
        return 0;
    for (size_t i = 0; signs[i].producer != NULL; i++) {
        if (signs[i].where != where)
            continue;
        bool hit = where == 'p' ? strncmp(s, signs[i].needle, strlen(signs[i].needle)) == 0
                                : strstr(s, signs[i].needle) != NULL;
        if (hit)
            out |= (cckit_signs)1 << i;
    }
    return out;
}

cckit_signs cckit_signs_of_ns(const char *ns) { return match('n', ns); }
cckit_signs cckit_signs_of_path(const char *path) { return match('p', path); }
cckit_signs cckit_signs_of_comment(const char *text) { return match('c', text); }

cckit_signs cckit_signs_of_doc(xmlDocPtr doc)
{
    cckit_signs out = 0;
    if (doc == NULL)
        return 0;
    /* Depth first without recursion: a deep document costs no stack. */
    xmlNodePtr n = doc->children;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE)
            for (xmlNsPtr ns = n->nsDef; ns != NULL; ns = ns->next)
                out |= match('n', (const char *)ns->href);
        else if (n->type == XML_COMMENT_NODE)
            out |= match('c', (const char *)n->content);
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        while (n != NULL && n->next == NULL)
            n = n->parent != NULL && n->parent != (xmlNodePtr)doc ? n->parent : NULL;
        if (n != NULL)
            n = n->next;
    }
    return out;
}

cckit_signs cckit_signs_of_listed(const cckit_manifest *m)
{
    cckit_signs out = 0;
    for (size_t i = 0; m != NULL && i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        out |= match('p', r->href);
        for (size_t k = 0; k < r->n_files; k++)
            out |= match('p', r->files[k].href);
    }
    return out;
}

const char *cckit_signs_producer(cckit_signs s)
{
    const char *one = NULL;
    return cckit_signs_producers(s, &one, 1) ? one : NULL;
}

size_t cckit_signs_producers(cckit_signs s, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; signs[i].producer != NULL && n < cap; i++) {
        if (!(s & ((cckit_signs)1 << i)))
            continue;
        bool again = false;   /* one name per producer, however many signs */
        for (size_t k = 0; k < n; k++)
            again |= strcmp(out[k], signs[i].producer) == 0;
        if (!again)
            out[n++] = signs[i].producer;
    }
    return n;
}
