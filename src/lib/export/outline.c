/* outline.c - a course outline (YAML, read with libyaml) for pack.
 *
 *   title: Introduction to Cartography     # cartridge metadata
 *   description: ...
 *   language: en
 *   keywords: [maps, cartography]
 *   rights: CC BY 4.0
 *   cc: "1.3"                              # 1.1 | 1.2 | 1.3 | thin (--cc wins)
 *   modules:
 *     - title: Module 1
 *       items:
 *         - {type: page, path: web/welcome.html}
 *         - {type: weblink, title: Syllabus, url: "https://..."}
 *         - ...
 *
 * Item types: page, file (path), weblink (title, url, target), lti
 * (title, launch_url, secure_launch_url, description, vendor {code,
 * name}, custom {name: value}), discussion (title, text | text_file),
 * assignment (title, text, points), quiz and question_bank (path of a
 * QTI file, title), module (title, items).  Every mistake is reported
 * with its line (libyaml marks); unknown keys are mistakes (typos). */
#include "export/export.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define OUTLINE_MAX_SIZE (4u << 20)
#define OUTLINE_MAX_NODES 200000
/* YAML nesting of a module nested d deep: the top mapping, then a list
 * and a mapping a level, and an item's vendor or custom mapping */
#define YAML_DEPTH(d) (2 * (size_t)(d) + 4)

typedef struct ol {
    cckit_outline *o;
    yaml_document_t *doc;
    cckit_diags *diags;
    unsigned errors;
    size_t visited;
    unsigned max_depth;      /* modules nested (limit --max-outline-depth) */
    bool oom;                /* a value was lost for lack of memory: NOMEM */
} ol;

static unsigned line_of(const yaml_node_t *n)
{
    return n ? (unsigned)n->start_mark.line + 1 : 0;
}

/* A finding of code (a row of export/export_rules.c, which holds its hint) */
static void bad(ol *c, const yaml_node_t *n, const char *code, const char *fmt, const char *a,
                const char *b)
{
    c->errors++;
    cckit_diags_add_rule(c->diags, CCKIT_SEV_ERROR, cckit_rule_in(cckit_rules_export, code),
                         c->o->file, line_of(n), fmt, a ? a : "", b ? b : "");
}

static yaml_node_t *node(ol *c, int id)
{
    if (++c->visited > OUTLINE_MAX_NODES)
        return NULL;
    return yaml_document_get_node(c->doc, id);
}

/* A scalar as an arena string, or NULL (with an error) */
static char *scalar(ol *c, yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        bad(c, n, "outline.not-a-value", "'%s' must be a single value%s", key, NULL);
        return NULL;
    }
    const char *v = (const char *)n->data.scalar.value;
    if (!cckit_utf8_valid(v, n->data.scalar.length) || strlen(v) != n->data.scalar.length) {
        bad(c, n, "outline.not-utf8", "'%s' is not valid UTF-8 text%s", key, NULL);
        return NULL;
    }
    char *r = cckit_arena_strdup(c->o->arena, v);
    c->oom |= !r;
    return r;
}

static const char *kind_names[] = {
    [CCKIT_OL_MODULE] = "module", [CCKIT_OL_PAGE] = "page", [CCKIT_OL_FILE] = "file",
    [CCKIT_OL_WEBLINK] = "weblink", [CCKIT_OL_LTI] = "lti", [CCKIT_OL_DISCUSSION] = "discussion",
    [CCKIT_OL_ASSIGNMENT] = "assignment", [CCKIT_OL_QUIZ] = "quiz",
    [CCKIT_OL_BANK] = "question_bank",
};

const char *cckit_ol_type_name(cckit_ol_kind k)
{
    return (size_t)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "item";
}

static void check_path(ol *c, yaml_node_t *n, const char *path)
{
    const char *why = cckit_path_unsafe_reason(path, 1024);
    if (why)
        bad(c, n, "outline.unsafe-path",
            "unsafe path '%s': %s", path, why);
}

static void items(ol *c, yaml_node_t *seq, cckit_ol_node *parent, unsigned depth);

static void add_child(ol *c, cckit_ol_node *parent, cckit_ol_node *x)
{
    x->parent = parent;
    if (parent) {
        if (parent->last_child)
            parent->last_child->next = x;
        else
            parent->first_child = x;
        parent->last_child = x;
    } else {
        if (c->o->last)
            c->o->last->next = x;
        else
            c->o->first = x;
        c->o->last = x;
    }
}

static void one_item(ol *c, yaml_node_t *n, cckit_ol_node *parent, unsigned depth, bool module)
{
    if (!n || n->type != YAML_MAPPING_NODE) {
        bad(c, n, "outline.item-not-mapping",
            "an item must be a mapping of keys%s%s", NULL, NULL);
        return;
    }
    cckit_ol_node *x = cckit_arena_alloc(c->o->arena, sizeof *x);
    if (!x) {
        c->oom = true;
        return;
    }
    x->line = line_of(n);
    yaml_node_t *items_seq = NULL, *custom = NULL;
    bool have_type = false;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = node(c, pr->key), *v = node(c, pr->value);
        if (!k || k->type != YAML_SCALAR_NODE) {
            bad(c, k, "outline.key-not-word", "keys must be plain words%s%s", NULL, NULL);
            continue;
        }
        const char *key = (const char *)k->data.scalar.value;
        if (!strcmp(key, "type")) {
            char *t = scalar(c, v, key);
            have_type = t != NULL;
            bool found = false;
            for (size_t i = 0; t && i < sizeof kind_names / sizeof kind_names[0]; i++)
                if (!strcmp(t, kind_names[i])) {
                    x->kind = (cckit_ol_kind)i;
                    found = true;
                }
            if (t && !found) {
                bad(c, v, "outline.unknown-type", "unknown item type '%s'%s", t, NULL);
                have_type = false;
            }
        } else if (!strcmp(key, "title")) x->title = scalar(c, v, key);
        else if (!strcmp(key, "path")) x->path = scalar(c, v, key);
        else if (!strcmp(key, "url")) x->url = scalar(c, v, key);
        else if (!strcmp(key, "target")) x->target = scalar(c, v, key);
        else if (!strcmp(key, "text")) x->text = scalar(c, v, key);
        else if (!strcmp(key, "text_file")) x->text_file = scalar(c, v, key);
        else if (!strcmp(key, "description")) x->description = scalar(c, v, key);
        else if (!strcmp(key, "launch_url")) x->launch_url = scalar(c, v, key);
        else if (!strcmp(key, "secure_launch_url")) x->secure_launch_url = scalar(c, v, key);
        else if (!strcmp(key, "points")) x->points = scalar(c, v, key) != NULL;
        else if (!strcmp(key, "items")) items_seq = v;
        else if (!strcmp(key, "custom")) custom = v;
        else if (!strcmp(key, "vendor")) {
            if (!v || v->type != YAML_MAPPING_NODE) {
                bad(c, v, "outline.vendor",
                    "'vendor' must be a mapping with code and name%s%s", NULL, NULL);
                continue;
            }
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
                yaml_node_t *vk = node(c, q->key), *vv = node(c, q->value);
                const char *vks = vk && vk->type == YAML_SCALAR_NODE ? (const char *)vk->data.scalar.value : "";
                if (!strcmp(vks, "code")) x->vendor_code = scalar(c, vv, "vendor code");
                else if (!strcmp(vks, "name")) x->vendor_name = scalar(c, vv, "vendor name");
                else bad(c, vk, "outline.vendor", "unknown vendor key '%s'%s", vks, NULL);
            }
        } else {
            bad(c, k, "outline.unknown-key",
                "unknown key '%s'%s", key, NULL);
        }
    }
    if (module || (!have_type && items_seq)) {
        x->kind = CCKIT_OL_MODULE;
        have_type = true;
    }
    if (!have_type) {
        bad(c, n, "outline.no-type", "item without a type%s%s", NULL, NULL);
        return;
    }
    const char *kn = kind_names[x->kind];
    if (items_seq && x->kind != CCKIT_OL_MODULE)
        bad(c, items_seq, "outline.items-not-module", "a %s item cannot have items%s", kn, NULL);
    if (custom && x->kind != CCKIT_OL_LTI)
        bad(c, custom, "outline.custom-not-lti", "'custom' belongs to lti items, not %s%s", kn, NULL);
    switch (x->kind) {
    case CCKIT_OL_MODULE:
        if (!x->title)
            bad(c, n, "outline.missing-title", "a module needs a title%s%s", NULL, NULL);
        break;
    case CCKIT_OL_PAGE: case CCKIT_OL_FILE: case CCKIT_OL_QUIZ: case CCKIT_OL_BANK:
        if (!x->path)
            bad(c, n, "outline.missing-path", "a %s item needs a path%s", kn, NULL);
        else
            check_path(c, n, x->path);
        if (!x->title && (x->kind == CCKIT_OL_QUIZ)) {
            char *pt = cckit_prettify_name(x->path ? x->path : "quiz");
            x->title = pt ? cckit_arena_strdup(c->o->arena, pt) : NULL;
            c->oom |= !x->title;
            free(pt);
        }
        break;
    case CCKIT_OL_WEBLINK:
        if (!x->title || !x->url)
            bad(c, n, "outline.weblink-incomplete", "a weblink item needs a title and a url%s%s", NULL, NULL);
        break;
    case CCKIT_OL_LTI:
        if (!x->title || (!x->launch_url && !x->secure_launch_url))
            bad(c, n, "outline.lti-incomplete", "an lti item needs a title and a launch_url%s%s",
                NULL, NULL);
        break;
    case CCKIT_OL_DISCUSSION:
        if (!x->title)
            bad(c, n, "outline.missing-title", "a discussion item needs a title%s%s", NULL, NULL);
        if (x->text && x->text_file)
            bad(c, n, "outline.text-twice", "give text or text_file, not both%s%s", NULL, NULL);
        if (x->text_file)
            check_path(c, n, x->text_file);
        break;
    case CCKIT_OL_ASSIGNMENT:
        if (!x->title)
            bad(c, n, "outline.missing-title", "an assignment item needs a title%s%s", NULL, NULL);
        break;
    }
    if (custom) {
        if (custom->type != YAML_MAPPING_NODE) {
            bad(c, custom, "outline.custom-not-mapping", "'custom' must be a mapping%s%s", NULL, NULL);
        } else {
            size_t np = (size_t)(custom->data.mapping.pairs.top - custom->data.mapping.pairs.start);
            x->custom = cckit_arena_alloc(c->o->arena, (2 * np + 1) * sizeof *x->custom);
            c->oom |= !x->custom;
            for (size_t i = 0; x->custom && i < np; i++) {
                yaml_node_pair_t *q = &custom->data.mapping.pairs.start[i];
                char *cn = scalar(c, node(c, q->key), "custom name");
                char *cv = scalar(c, node(c, q->value), "custom value");
                if (cn && cv) {
                    x->custom[2 * x->n_custom] = cn;
                    x->custom[2 * x->n_custom + 1] = cv;
                    x->n_custom++;
                }
            }
        }
    }
    add_child(c, parent, x);
    if (x->kind == CCKIT_OL_MODULE && items_seq)
        items(c, items_seq, x, depth + 1);
}

static void items(ol *c, yaml_node_t *seq, cckit_ol_node *parent, unsigned depth)
{
    if (depth > c->max_depth + 1) {   /* depth: the level of the list's items */
        char n[16];
        snprintf(n, sizeof n, "%u", c->max_depth);
        bad(c, seq, "outline.too-deep",
            "modules nested more than %s deep (the outline depth limit)%s", n, NULL);
        return;
    }
    if (!seq || seq->type != YAML_SEQUENCE_NODE) {
        bad(c, seq, "outline.not-a-list", "'items' must be a list%s%s", NULL, NULL);
        return;
    }
    for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top; i++) {
        if (c->visited > OUTLINE_MAX_NODES) {
            bad(c, seq, "outline.too-large", "the outline is too large (aliases?)%s%s", NULL, NULL);
            return;
        }
        one_item(c, node(c, *i), parent, depth, false);
    }
}

const cckit_ol_node *cckit_ol_next(const cckit_ol_node *n)
{
    if (!n)
        return NULL;
    if (n->first_child)
        return n->first_child;
    while (n) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

void cckit_outline_free(cckit_outline *o)
{
    if (!o)
        return;
    cckit_arena_free(o->arena);
    free(o);
}

static void top(ol *c, yaml_node_t *root)
{
    cckit_outline *o = c->o;
    if (!root) {
        bad(c, NULL, "outline.not-mapping", "the outline is empty%s%s", NULL, NULL);
        return;
    }
    if (root->type != YAML_MAPPING_NODE) {
        bad(c, root, "outline.not-mapping", "the outline must be a mapping of keys%s%s",
            NULL, NULL);
        return;
    }
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = node(c, pr->key), *v = node(c, pr->value);
        const char *key = k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        if (!strcmp(key, "title")) o->title = scalar(c, v, key);
        else if (!strcmp(key, "description")) o->description = scalar(c, v, key);
        else if (!strcmp(key, "language")) o->language = scalar(c, v, key);
        else if (!strcmp(key, "rights")) o->rights = scalar(c, v, key);
        else if (!strcmp(key, "cc")) {
            char *s = scalar(c, v, key);
            if (s && !strcmp(s, "thin")) {
                o->thin = true;
                o->version = CCKIT_CC_1_3;
            } else if (s) {
                o->version = cckit_cc_version_parse(s);
                if (o->version != CCKIT_CC_1_1 && o->version != CCKIT_CC_1_2 &&
                    o->version != CCKIT_CC_1_3)
                    bad(c, v, "outline.bad-version", "unknown cc version '%s'%s", s, NULL);
            }
        } else if (!strcmp(key, "keywords")) {
            if (v && v->type == YAML_SCALAR_NODE) {
                o->keywords = cckit_arena_alloc(o->arena, sizeof *o->keywords);
                c->oom |= !o->keywords;
                if (o->keywords && (o->keywords[0] = scalar(c, v, key)))
                    o->n_keywords = 1;
            } else if (v && v->type == YAML_SEQUENCE_NODE) {
                size_t nk = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
                o->keywords = cckit_arena_alloc(o->arena, (nk + 1) * sizeof *o->keywords);
                c->oom |= !o->keywords;
                for (size_t i = 0; o->keywords && i < nk; i++) {
                    char *s = scalar(c, node(c, v->data.sequence.items.start[i]), key);
                    if (s)
                        o->keywords[o->n_keywords++] = s;
                }
            } else {
                bad(c, v, "outline.not-a-list", "'keywords' must be a list%s%s", NULL, NULL);
            }
        } else if (!strcmp(key, "modules")) {
            if (!v || v->type != YAML_SEQUENCE_NODE) {
                bad(c, v, "outline.not-a-list", "'modules' must be a list%s%s", NULL, NULL);
                continue;
            }
            for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
                one_item(c, node(c, *i), NULL, 1, true);
        } else if (!strcmp(key, "items")) {
            items(c, v, NULL, 1);
        } else {
            bad(c, k, "outline.unknown-top-key", "unknown key '%s'%s", key, NULL);
        }
    }
}

/* The nesting of the YAML, from the parser's events, before the
 * document is loaded: libyaml's scanner costs O(depth) a token, so a
 * document 50,000 levels deep costs O(depth^2) to load (seconds for 100
 * KB); the events stop at the cap, keeping the cost linear.  Returns the
 * line where the cap is passed, 0 when it is not (a syntax error is left
 * to the load, which stops there too). */
static unsigned too_deep(FILE *f, size_t max)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return 0;
    yaml_parser_set_input_file(&parser, f);
    size_t depth = 0;
    unsigned line = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;
        yaml_event_type_t t = ev.type;
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
            if (++depth > max)
                line = (unsigned)ev.start_mark.line + 1;
        } else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        yaml_event_delete(&ev);
        if (line || t == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    return line;
}

cckit_status cckit_outline_read(const char *path, const cckit_limits *lim, cckit_diags *diags,
                                cckit_outline **out, cckit_error *err)
{
    cckit_limits deflim;
    if (!lim) {
        cckit_limits_default(&deflim);
        lim = &deflim;
    }
    unsigned max_depth = lim->max_outline_depth ? lim->max_outline_depth : 32;
    if (max_depth > CCKIT_OUTLINE_DEPTH_CAP)
        max_depth = CCKIT_OUTLINE_DEPTH_CAP;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cckit_fail(err, CCKIT_E_IO, "cannot open outline %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > OUTLINE_MAX_SIZE) {
        fclose(f);
        return cckit_fail(err, CCKIT_E_LIMIT, "outline %s is not a regular file of at most 4 MiB",
                          path);
    }
    cckit_outline *o = calloc(1, sizeof *o);
    if (!o || !(o->arena = cckit_arena_new()) || !(o->file = cckit_arena_strdup(o->arena, path))) {
        fclose(f);
        cckit_outline_free(o);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    unsigned deep = too_deep(f, YAML_DEPTH(max_depth));
    if (deep || fseek(f, 0, SEEK_SET) != 0) {
        /* one finding: in diags when there are, else in err */
        cckit_status s;
        if (!deep)
            s = cckit_fail(err, CCKIT_E_IO, "cannot read outline %s: %s", path, strerror(errno));
        else if (diags && cckit_diags_add_rule(diags, CCKIT_SEV_ERROR,
                                               cckit_rule_in(cckit_rules_export, "outline.too-deep"),
                                               path, deep, "the outline nests deeper than %u level%s of modules "
                                          "(the outline depth limit)", max_depth,
                                          max_depth == 1 ? "" : "s"))
            s = cckit_fail(err, CCKIT_E_LIMIT, "%s: outline refused (listed above)", path);
        else
            s = cckit_fail(err, CCKIT_E_LIMIT, "%s:%u: the outline nests deeper than %u level%s "
                           "of modules (the outline depth limit)", path, deep, max_depth,
                           max_depth == 1 ? "" : "s");
        fclose(f);
        cckit_outline_free(o);
        return s;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        cckit_outline_free(o);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        /* one finding: in diags when there are, else in err */
        cckit_status s;
        if (parser.error == YAML_MEMORY_ERROR)
            s = cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
        else if (diags && cckit_diags_add_rule(diags, CCKIT_SEV_ERROR,
                                          cckit_rule_in(cckit_rules_export, "outline.yaml"), path,
                                          (unsigned)parser.problem_mark.line + 1, "%s%s%s",
                                          parser.problem ? parser.problem : "YAML error",
                                          parser.context ? " " : "",
                                          parser.context ? parser.context : ""))
            s = cckit_fail(err, CCKIT_E_USAGE, "%s: not valid YAML (listed above)", path);
        else
            s = cckit_fail(err, CCKIT_E_USAGE, "%s:%zu: %s %s", path,
                           parser.problem_mark.line + 1,
                           parser.problem ? parser.problem : "YAML error",
                           parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        fclose(f);
        cckit_outline_free(o);
        return s;
    }
    cckit_diags local = { 0 };
    ol c = { o, &doc, diags ? diags : &local, 0, 0, max_depth, false };
    top(&c, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(f);
    bool lost = c.oom || local.oom;
    cckit_diags_free(&local);
    if (lost) {
        cckit_outline_free(o);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
    }
    if (c.errors) {
        cckit_outline_free(o);
        return cckit_fail(err, CCKIT_E_USAGE, "%s: %u mistake%s in the outline (listed above)",
                          path, c.errors, c.errors == 1 ? "" : "s");
    }
    *out = o;
    return CCKIT_OK;
}
