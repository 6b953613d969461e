/*
 * characterize.c - what one cartridge uses, as keys of its profile.
 *
 * Nothing the author wrote is copied: element and attribute values turn
 * into tokens only through the fixed lists below ("other" otherwise);
 * the structure is kept as paths of element and attribute names; links
 * only as their form.  Foreign (extension) elements are counted as
 * "NAMESPACE local" and not entered.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile/profile.h"
#include "import/entry_read.h"
#include "tree/producer.h"

#define PATH_MAX_LEN 200
#define SCAN_MAX (4u << 20)   /* bytes of one HTML page scanned for links */

/* ---- fixed lists ------------------------------------------------- */

/* Enumerated values: (element, attribute or NULL for its text, field). */
typedef struct token_rule {
    const char *element, *attribute, *field;
    const char *const *values;
} token_rule;

static const char *const v_intendeduse[] = { "lessonplan", "syllabus", "unspecified", "assignment", NULL };
static const char *const v_structure[] = { "rooted-hierarchy", NULL };
static const char *const v_target[] = { "_self", "_blank", "_parent", "_top", "_new", NULL };
static const char *const v_texttype[] = { "text/plain", "text/html", "text/rtf", "text/xml", NULL };
static const char *const v_cardinality[] = { "Single", "Multiple", "Ordered", NULL };
static const char *const v_yesno[] = { "Yes", "No", NULL };
static const char *const v_action[] = { "Set", "Add", "Subtract", "Multiply", "Divide", NULL };
static const char *const v_vartype[] = { "Integer", "String", "Decimal", "Scientific", "Boolean", "Enumerated", "Set", NULL };
static const char *const v_feedbacktype[] = { "Response", "Solution", "Hint", NULL };
static const char *const v_view[] = { "All", "Administrator", "AdminAuthority", "Assessor", "Author", "Candidate", "InvigilatorProctor", "Psychometrician", "Scorer", "Tutor", NULL };
static const char *const v_schemaversion[] = { "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", NULL };
static const char *const v_schema[] = { "IMS Common Cartridge", "IMS Thin Common Cartridge", NULL };
static const char *const v_access[] = { "cartridge", "resource", NULL };
static const char *const v_bool[] = { "true", "false", NULL };
static const char *const v_subformat[] = { "html", "text", "url", "file", NULL };
static const char *const v_fieldlabel[] = { "cc_profile", "cc_maxattempts", "cc_weighting", "qmd_computerscored", "qmd_scoretype", "qmd_assessmenttype", "qmd_feedbackpermitted", "qmd_hintspermitted", "qmd_solutionspermitted", "qmd_timelimit", "cc_question_category", NULL };
static const char *const v_lti_property[] = { "privacy_level", "domain", "selection_width", "selection_height", "text", "url", "tool_id", "icon_url", "enabled", "visibility", "link_text", "course_navigation", "resource_selection", "editor_button", "homework_submission", "link_selection", "assignment_selection", "oauth_compliant", "display_type", "windowTarget", NULL };

static const token_rule token_rules[] = {
    { "resource", "intendeduse", "intendeduse", v_intendeduse },
    { "organization", "structure", "structure", v_structure },
    { "url", "target", "weblink.target", v_target },
    { "text", "texttype", "texttype", v_texttype },
    { "mattext", "texttype", "qti.texttype", v_texttype },
    { "response_lid", "rcardinality", "qti.rcardinality", v_cardinality },
    { "render_choice", "shuffle", "qti.shuffle", v_yesno },
    { "varequal", "case", "qti.varequal.case", v_yesno },
    { "setvar", "action", "qti.setvar.action", v_action },
    { "decvar", "vartype", "qti.vartype", v_vartype },
    { "displayfeedback", "feedbacktype", "qti.feedbacktype", v_feedbacktype },
    { "respcondition", "continue", "qti.continue", v_yesno },
    { "rubric", "view", "qti.rubric.view", v_view },
    { "itemfeedback", "view", "qti.feedback.view", v_view },
    { "schemaversion", NULL, "schemaversion", v_schemaversion },
    { "schema", NULL, "schema", v_schema },
    { "authorization", "access", "authorization.access", v_access },
    { "authorizations", "access", "authorization.access", v_access },
    { "gradable", NULL, "assignment.gradable", v_bool },
    { "format", "type", "assignment.submission", v_subformat },
    { "fieldlabel", NULL, "qti.fieldlabel", v_fieldlabel },
    { "property", "name", "lti.property", v_lti_property },
    { NULL, NULL, NULL, NULL }
};

static const char *const v_cc_profile[] = {
    "cc.multiple_choice.v0p1", "cc.multiple_response.v0p1", "cc.true_false.v0p1",
    "cc.fib.v0p1", "cc.pattern_match.v0p1", "cc.essay.v0p1", "cc.exam.v0p1",
    "cc.quiz.v0p1", "cc.survey.v0p1", "cc.graded_survey.v0p1", NULL
};
static const char *const v_role[] = { "Learner", "Instructor", "Mentor", NULL };

/* ---- helpers ----------------------------------------------------- */

typedef struct ctx {
    cckit_profile *p;
    cckit_source *src;
    const cckit_limits *lim;
    const char *doc;          /* "manifest", a kind name */
    cckit_signs signs;        /* of its producer (tree/producer.c) */
    bool oom;
} ctx;

static void hit(ctx *c, cckit_pgroup g, const char *key)
{
    if (!cckit_profile_hit(c->p, g, key))
        c->oom = true;
}

static void hitf(ctx *c, cckit_pgroup g, const char *a, const char *b, const char *d)
{
    char key[4 * CCKIT_PROFILE_KEY_MAX];   /* cut to the key length by the table */
    snprintf(key, sizeof key, "%s%s%s", a, b, d);
    hit(c, g, key);
}

static const char *in_list(const char *const *list, const char *v)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, v) == 0)
            return *list;
    return "other";
}

static void token(ctx *c, const char *field, const char *const *list, const char *v)
{
    hitf(c, CCKIT_PG_TOKEN, field, "=", in_list(list, v));
}

/* A namespace the specification declares (IMS, IEEE LOM, W3C). */
static bool spec_ns(const char *ns)
{
    return ns == NULL || ns[0] == '\0' ||
           strncmp(ns, "http://www.imsglobal.org/", 25) == 0 ||
           strncmp(ns, "http://purl.imsglobal.org/", 26) == 0 ||
           strncmp(ns, "http://ltsc.ieee.org/", 21) == 0 ||
           strncmp(ns, "http://www.w3.org/", 18) == 0;
}

/* Namespaces of the specification and of the producers we know: a
 * namespace is copied into a profile only under one of these (a URI
 * names a host, and an unknown host may be the author's). */
static const char *const known_ns[] = {
    "http://www.imsglobal.org/", "http://purl.imsglobal.org/",
    "http://ltsc.ieee.org/", "http://www.w3.org/",
    "http://canvas.instructure.com/", "http://desire2learn.com/",
    "http://www.desire2learn.com/", "http://www.blackboard.com/",
    "http://moodle.org/", "http://www.moodle.org/", "http://sakaiproject.org/",
    "http://www.sakaiproject.org/", "http://www.schoology.com/",
    "http://schoology.com/", NULL
};

/* A namespace as a key: a known one in plain URI characters, else "other". */
static const char *ns_key(const char *ns)
{
    size_t n = strlen(ns);
    bool known = false;
    for (size_t i = 0; known_ns[i] != NULL; i++)
        if (strncmp(ns, known_ns[i], strlen(known_ns[i])) == 0)
            known = true;
    if (!known || n > 200)
        return "other";
    for (size_t i = 0; i < n; i++) {
        char ch = ns[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '/' || ch == '.' || ch == ':' || ch == '_' || ch == '-'))
            return "other";
    }
    return ns;
}

/* An element or attribute name as a key: XML allows any letter, the
 * profile keeps ASCII names (what the specifications use), else "other". */
static const char *name_key(const xmlChar *name)
{
    const char *s = (const char *)name;
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return "other";
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.'))
            return "other";
    }
    return s;
}

/* The form of a link, from a fixed list. */
static const char *link_form(const char *v, size_t n)
{
    static const struct { const char *prefix, *form; } forms[] = {
        { "$IMS-CC-FILEBASE$", "ims-cc-filebase" },
        { "$IMS_CC_FILEBASE$", "ims_cc_filebase" },
        { "%24IMS-CC-FILEBASE%24", "ims-cc-filebase-encoded" },
        { "$CANVAS_OBJECT_REFERENCE$", "canvas-object-reference" },
        { "$CANVAS_COURSE_REFERENCE$", "canvas-course-reference" },
        { "$WIKI_REFERENCE$", "wiki-reference" },
        { "http://", "external" }, { "https://", "external" }, { "//", "external" },
        { "mailto:", "mailto" }, { "data:", "data" }, { "javascript:", "javascript" },
        { "#", "fragment" }, { "/", "site-absolute" }, { NULL, NULL }
    };
    while (n > 0 && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) {
        v++;
        n--;
    }
    if (n == 0)
        return "empty";
    for (size_t i = 0; forms[i].prefix != NULL; i++) {
        size_t k = strlen(forms[i].prefix);
        if (n >= k && strncasecmp(v, forms[i].prefix, k) == 0)
            return forms[i].form;
    }
    if (v[0] == '$')
        return "other-token";
    for (size_t i = 0; i < n; i++) {
        char ch = v[i];
        if (ch == ':')
            return i > 0 ? "other-scheme" : "relative";
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (i > 0 && ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.'))))
            break;
    }
    return "relative";
}

/* Count the forms of href= and src= values in HTML text. */
static void scan_links(ctx *c, const char *s, size_t n)
{
    for (size_t i = 0; i + 4 < n; i++) {
        size_t k;
        if (strncasecmp(s + i, "href", 4) == 0)
            k = i + 4;
        else if (strncasecmp(s + i, "src", 3) == 0)
            k = i + 3;
        else
            continue;
        if (i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
                      s[i - 1] == '-' || s[i - 1] == '_'))
            continue;
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'))
            k++;
        if (k >= n || s[k] != '=')
            continue;
        k++;
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'))
            k++;
        char quote = 0;
        if (k < n && (s[k] == '"' || s[k] == '\'')) {
            quote = s[k++];
        } else if (k + 6 <= n && strncmp(s + k, "&quot;", 6) == 0) {
            quote = '&';
            k += 6;
        }
        size_t e = k;
        while (e < n && s[e] != '\0' &&
               (quote ? s[e] != quote : (s[e] != ' ' && s[e] != '>' && s[e] != '\t' && s[e] != '\n')))
            e++;
        hit(c, CCKIT_PG_LINK, link_form(s + k, e - k));
        i = e;
    }
}

/* ---- the generic walk of an XML document ------------------------ */

static const char *find_cc_profile(xmlNodePtr item)
{
    /* item/itemmetadata/qtimetadata/qtimetadatafield[fieldlabel=cc_profile]/fieldentry */
    for (xmlNodePtr md = item->children; md != NULL; md = md->next) {
        if (md->type != XML_ELEMENT_NODE || strcmp((const char *)md->name, "itemmetadata") != 0)
            continue;
        for (xmlNodePtr q = md->children; q != NULL; q = q->next) {
            if (q->type != XML_ELEMENT_NODE)
                continue;
            for (xmlNodePtr f = q->children; f != NULL; f = f->next) {
                if (f->type != XML_ELEMENT_NODE)
                    continue;
                xmlChar *label = NULL, *entry = NULL;
                for (xmlNodePtr x = f->children; x != NULL; x = x->next) {
                    if (x->type != XML_ELEMENT_NODE)
                        continue;
                    if (strcmp((const char *)x->name, "fieldlabel") == 0 && label == NULL)
                        label = xmlNodeGetContent(x);
                    else if (strcmp((const char *)x->name, "fieldentry") == 0 && entry == NULL)
                        entry = xmlNodeGetContent(x);
                }
                const char *found = NULL;
                if (label != NULL && entry != NULL &&
                    strcmp((const char *)label, "cc_profile") == 0)
                    found = in_list(v_cc_profile, (const char *)entry);
                xmlFree(label);
                xmlFree(entry);
                if (found != NULL)
                    return found;
            }
        }
    }
    return "none";
}

static void trimmed_token(ctx *c, const token_rule *r, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (t == NULL)
        return;
    char *s = (char *)t;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        s[--len] = '\0';
    token(c, r->field, r->values, s);
    xmlFree(t);
}

static void walk(ctx *c, xmlNodePtr parent, const char *path, const char *parent_ns)
{
    char sub[PATH_MAX_LEN + 80];
    for (xmlNodePtr n = parent->children; n != NULL && !c->oom; n = n->next) {
        if (n->type == XML_COMMENT_NODE)
            continue;   /* producer signs: cckit_signs_of_doc */
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            /* Escaped HTML in a descriptor's text: only its link forms. */
            if (n->content != NULL && strcmp(c->doc, "manifest") != 0)
                scan_links(c, (const char *)n->content, strlen((const char *)n->content));
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *ns = n->ns != NULL && n->ns->href != NULL ? (const char *)n->ns->href : "";
        const char *local = name_key(n->name);
        if (!spec_ns(ns)) {
            hitf(c, CCKIT_PG_EXTENSION, ns_key(ns), " ", local);
            continue;
        }
        if (strcmp(ns, parent_ns) != 0 && ns[0] != '\0')
            hit(c, CCKIT_PG_NAMESPACE, ns_key(ns));
        if (strcmp(c->doc, "qti") == 0 && strcmp(local, "item") == 0) {
            const char *prof = find_cc_profile(n);
            hitf(c, CCKIT_PG_TOKEN, "qti.cc_profile", "=", prof);
            snprintf(sub, sizeof sub, "item[%s]", prof);
        } else if (strlen(path) < PATH_MAX_LEN) {
            snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "/" : "", local);
        } else {
            snprintf(sub, sizeof sub, "%s", path);
        }
        hitf(c, CCKIT_PG_FIELD, c->doc, ":", sub);
        for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
            const char *ans = a->ns != NULL && a->ns->href != NULL ? (const char *)a->ns->href : "";
            const char *aname = name_key(a->name);
            if (!spec_ns(ans)) {
                hitf(c, CCKIT_PG_EXTENSION, ns_key(ans), " @", aname);
                continue;
            }
            char akey[PATH_MAX_LEN + 160];
            snprintf(akey, sizeof akey, "%s:%s@%s%s", c->doc, sub,
                     strcmp(ans, "http://www.w3.org/XML/1998/namespace") == 0 ? "xml:" : "", aname);
            hit(c, CCKIT_PG_FIELD, akey);
            xmlChar *v = NULL;
            for (const token_rule *r = token_rules; r->element != NULL; r++) {
                if (r->attribute == NULL || strcmp(r->element, local) != 0 ||
                    strcmp(r->attribute, aname) != 0)
                    continue;
                if (v == NULL)
                    v = xmlNodeGetContent((xmlNodePtr)a);
                token(c, r->field, r->values, v != NULL ? (const char *)v : "");
            }
            if (strcmp(aname, "href") == 0 && strcmp(c->doc, "manifest") != 0) {
                if (v == NULL)
                    v = xmlNodeGetContent((xmlNodePtr)a);
                if (v != NULL)
                    hit(c, CCKIT_PG_LINK, link_form((const char *)v, strlen((const char *)v)));
            }
            xmlFree(v);
        }
        for (const token_rule *r = token_rules; r->element != NULL; r++)
            if (r->attribute == NULL && strcmp(r->element, local) == 0)
                trimmed_token(c, r, n);
        if (strcmp(c->doc, "ltilink") == 0 &&
            (strcmp(local, "launch_url") == 0 || strcmp(local, "secure_launch_url") == 0)) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t != NULL)
                hit(c, CCKIT_PG_LINK, link_form((const char *)t, strlen((const char *)t)));
            xmlFree(t);
            continue;
        }
        walk(c, n, sub, ns);
    }
}

static void walk_doc(ctx *c, xmlDocPtr doc, const char *name)
{
    c->doc = name;
    c->signs |= cckit_signs_of_doc(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root == NULL)
        return;
    if (strcmp(name, "ltilink") == 0 && root->ns != NULL && root->ns->href != NULL) {
        const char *ns = (const char *)root->ns->href;
        hitf(c, CCKIT_PG_TOKEN, "lti.version", "=",
             strstr(ns, "imsbasiclti_v1p0") || strstr(ns, "imslticc_v1p0") ? "1.0" :
             strstr(ns, "v1p3") ? "1.3" : "other");
    }
    /* The root too: its comments and itself go through the walk. */
    xmlNode holder;
    memset(&holder, 0, sizeof holder);
    holder.children = doc->children;
    walk(c, &holder, "", "");
}

/* ---- the package, the tree and the descriptors ------------------- */

static void package_facts(ctx *c, cckit_source *src)
{
    size_t n = cckit_source_count(src);
    uint64_t longest_path = 0, longest_name = 0, largest = 0;
    bool zip64 = cckit_source_size(src) >= 0xFFFFFFFFull || n >= 0xFFFF;
    bool ascii = false, utf8 = false, bad = false;
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        size_t len = strlen(e->name);
        const char *slash = e->name + len;
        size_t trail = (len > 0 && e->name[len - 1] == '/') ? 1 : 0;
        const char *base = e->name;
        for (const char *s = e->name; s < slash - trail; s++)
            if (*s == '/')
                base = s + 1;
        if (len > longest_path)
            longest_path = len;
        if ((uint64_t)(slash - trail - base) > longest_name)
            longest_name = (uint64_t)(slash - trail - base);
        if (!e->is_dir && e->size > largest)
            largest = e->size;
        if (e->size >= 0xFFFFFFFFull || e->comp_size >= 0xFFFFFFFFull)
            zip64 = true;
        bool non_ascii = false;
        for (size_t k = 0; k < len; k++)
            if ((unsigned char)e->name[k] >= 0x80)
                non_ascii = true;
        if (!non_ascii)
            ascii = true;
        else if (cckit_utf8_valid(e->name, len))
            utf8 = true;
        else
            bad = true;
        c->signs |= cckit_signs_of_path(e->name);
    }
    hit(c, CCKIT_PG_PACKAGE, cckit_source_is_archive(src) ? "archive" : "folder");
    if (zip64 && cckit_source_is_archive(src))
        hit(c, CCKIT_PG_PACKAGE, "zip64");
    if (ascii)
        hit(c, CCKIT_PG_PACKAGE, "names-ascii");
    if (utf8)
        hit(c, CCKIT_PG_PACKAGE, "names-utf8");
    if (bad)
        hit(c, CCKIT_PG_PACKAGE, "names-not-utf8");
    cckit_profile_fact(c->p, CCKIT_PF_ARCHIVE_SIZE, cckit_source_size(src));
    cckit_profile_fact(c->p, CCKIT_PF_ENTRIES, n);
    cckit_profile_fact(c->p, CCKIT_PF_LONGEST_PATH, longest_path);
    cckit_profile_fact(c->p, CCKIT_PF_LONGEST_NAME, longest_name);
    cckit_profile_fact(c->p, CCKIT_PF_LARGEST_FILE, largest);
}

/* The exact type strings of the specification, or "other". */
static const char *type_key(const char *type)
{
    static const cckit_cc_version versions[] = {
        CCKIT_CC_1_0, CCKIT_CC_1_1, CCKIT_CC_1_2, CCKIT_CC_1_3, CCKIT_CC_1_4
    };
    if (type == NULL)
        return "none";
    for (int k = 0; k < CCKIT_KIND_COUNT; k++)
        for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
            const char *t = cckit_type_for((cckit_kind)k, versions[v]);
            if (t != NULL && strcmp(t, type) == 0)
                return t;
        }
    return "other";
}

static void tree_facts(ctx *c, const cckit_manifest *m)
{
    hit(c, CCKIT_PG_VERSION, cckit_cc_version_string(m->version));
    hit(c, CCKIT_PG_FLAVOUR, m->thin ? "thin" : "full");
    unsigned depth = 0;
    if (m->organization != NULL)
        for (const cckit_item *it = m->organization->first_item; it != NULL; it = cckit_item_next(it))
            if (it->depth > depth)
                depth = it->depth;
    cckit_profile_fact(c->p, CCKIT_PF_ORG_DEPTH, depth);
    cckit_profile_fact(c->p, CCKIT_PF_ITEMS, m->n_items);
    cckit_profile_fact(c->p, CCKIT_PF_RESOURCES, m->n_resources);
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        hit(c, CCKIT_PG_KIND, cckit_kind_name(r->kind));
        hit(c, CCKIT_PG_TYPE, type_key(r->type));
        for (size_t k = 0; k < r->n_roles; k++)
            token(c, "role", v_role, r->roles[k].value != NULL ? r->roles[k].value : "");
    }
}

static const char *descriptor_doc(cckit_kind k)
{
    switch (k) {
    case CCKIT_KIND_DISCUSSION: return "discussion";
    case CCKIT_KIND_WEBLINK: return "weblink";
    case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK: return "qti";
    case CCKIT_KIND_LTI_LINK: return "ltilink";
    case CCKIT_KIND_ASSIGNMENT: return "assignment";
    default: return NULL;
    }
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static void descriptors(ctx *c, const cckit_manifest *m)
{
    for (size_t i = 0; i < m->n_resources && !c->oom; i++) {
        const cckit_resource *r = m->resources[i];
        const char *doc = descriptor_doc(r->kind);
        if (doc == NULL || r->n_files == 0 || r->files[0].href == NULL)
            continue;
        const cckit_entry *e = cckit_source_find(c->src, r->files[0].href);
        xmlDocPtr d = NULL;
        cckit_error err;
        cckit_status rst = e ? cckit_xml_read_entry(c->src, e, c->lim, &d, &err) : CCKIT_E_NOTFOUND;
        if (rst == CCKIT_E_NOMEM) {
            c->oom = true;   /* not a fact of the cartridge */
            break;
        }
        if (rst != CCKIT_OK) {
            hitf(c, CCKIT_PG_FIELD, doc, ":", "(unreadable)");
            continue;
        }
        walk_doc(c, d, doc);
        xmlFreeDoc(d);
    }
}

static void pages(ctx *c)
{
    size_t n = cckit_source_count(c->src);
    char *buf = NULL;
    for (size_t i = 0; i < n && !c->oom; i++) {
        const cckit_entry *e = cckit_source_entry(c->src, i);
        if (e->is_dir || e->size > SCAN_MAX ||
            !(has_suffix(e->name, ".html") || has_suffix(e->name, ".htm")))
            continue;
        if (buf == NULL && (buf = malloc(SCAN_MAX)) == NULL) {
            c->oom = true;
            break;
        }
        cckit_stream *s = NULL;
        cckit_error err;
        cckit_status ost = cckit_stream_open(c->src, e, &s, &err);
        c->oom |= ost == CCKIT_E_NOMEM;
        if (ost != CCKIT_OK)
            continue;
        size_t len = 0;
        long got = 0;
        while (len < SCAN_MAX && (got = cckit_stream_read(s, buf + len, SCAN_MAX - len, &err)) > 0)
            len += (size_t)got;
        c->oom |= got < 0 && err.status == CCKIT_E_NOMEM;
        cckit_stream_close(s);
        scan_links(c, buf, len);
    }
    free(buf);
}

/* The characterization of one cartridge into p; *producer (when not
 * NULL) is set to the first producer of tree/producer.c that it shows
 * (static), or NULL. */
static cckit_status characterize(cckit_profile *p, const char *path, const cckit_limits *lim,
                                 const char **producer, cckit_error *err)
{
    cckit_limits def;
    if (lim == NULL) {
        cckit_limits_default(&def);
        lim = &def;
    }
    cckit_cartridge *cart = NULL;
    cckit_status st = cckit_cartridge_open(path, lim, &cart, err);
    if (st != CCKIT_OK)
        return st;
    ctx c;
    memset(&c, 0, sizeof c);
    c.p = p;
    c.src = cart->source;
    c.lim = lim;
    package_facts(&c, cart->source);
    tree_facts(&c, cart->manifest);
    const cckit_entry *me = cckit_source_find(cart->source, "imsmanifest.xml");
    xmlDocPtr md = NULL;
    cckit_error merr;
    cckit_status mst = me ? cckit_xml_read_entry(cart->source, me, lim, &md, &merr) : CCKIT_E_NOTFOUND;
    c.oom |= mst == CCKIT_E_NOMEM;
    if (mst == CCKIT_OK) {
        walk_doc(&c, md, "manifest");
        xmlFreeDoc(md);
    }
    descriptors(&c, cart->manifest);
    pages(&c);
    c.signs |= cart->manifest->producer_signs;   /* the files it lists */
    const char *names[32];
    size_t np = cckit_signs_producers(c.signs, names, sizeof names / sizeof names[0]);
    if (producer != NULL && np > 0)
        *producer = names[0];
    for (size_t i = 0; i < np; i++)
        hit(&c, CCKIT_PG_PRODUCER, names[i]);
    if (np == 0)
        hit(&c, CCKIT_PG_PRODUCER, "unknown");
    cckit_cartridge_free(cart);
    if (c.oom)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory characterizing %s", path);
    return CCKIT_OK;
}

cckit_status cckit_profile_characterize(cckit_profile *p, const char *path,
                                        const cckit_limits *lim, cckit_error *err)
{
    return characterize(p, path, lim, NULL, err);
}

cckit_status cckit_producer_of(const char *path, const cckit_limits *lim,
                               const char **producer, cckit_error *err)
{
    *producer = NULL;
    cckit_profile *one = cckit_profile_new();
    if (one == NULL)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    cckit_profile_begin(one);
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = characterize(one, path, lim, producer, err);
    cckit_xml_leave(&xs);
    cckit_profile_free(one);
    if (st != CCKIT_OK)
        *producer = NULL;
    return st;
}

cckit_status cckit_profile_add(cckit_profile *p, const char *path,
                               const cckit_limits *lim, cckit_error *err)
{
    /* Characterize into a profile of one, then merge: a cartridge that
     * fails half-way leaves nothing behind but the count of unreadable. */
    cckit_profile *one = cckit_profile_new();
    if (one == NULL)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    cckit_profile_begin(one);
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = cckit_profile_characterize(one, path, lim, err);
    cckit_xml_leave(&xs);
    if (st == CCKIT_OK) {
        st = cckit_profile_merge(p, one, err);
    } else if (st != CCKIT_E_NOMEM) {
        p->unreadable++;
    }
    cckit_profile_free(one);
    return st;
}
