/* tuning.c - reports a user can tune: which findings of the validator
 * are kept and at what severity, from the command line and a YAML
 * config file.  A pattern names findings in one of three ways:
 *
 *   CODE        one code exactly ("qti.mattext-html")
 *   FAMILY.     every code that starts with it ("qti." or "qti.*"; a
 *               bare family name with no code of its own, "qti", too)
 *   Rnn         every code that enforces profile rule nn ("R88")
 *
 * Patterns are checked against the rule registry when they are added: a
 * typo is an error with a suggestion, never a silent no-op.  Applying
 * rewrites the diagnostics in place, so that counts, verdicts, exit
 * status and every format follow the tuned severities:
 *   1. severity overrides (the most specific pattern wins: a code over
 *      a rule number over a family, a longer family over a shorter one;
 *      "off" drops the finding);
 *   2. select: when not empty, only findings one pattern matches stay;
 *   3. ignore: findings one pattern matches go (ignore beats select);
 *   4. min-severity: findings below it go. */
#include "base/internal.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#define CONFIG_MAX_SIZE (1u << 20)

typedef enum { PAT_CODE, PAT_FAMILY, PAT_RULE } pat_kind;

typedef struct pat {
    char *text;          /* code, family prefix with its '.', or "R88" */
    pat_kind kind;
    int level;           /* severity overrides: a cckit_severity, or -1 = off */
} pat;

typedef struct patlist {
    pat *v;
    size_t n, cap;
} patlist;

struct cckit_tuning {
    patlist lists[2];    /* CCKIT_TUNE_IGNORE, CCKIT_TUNE_SELECT */
    patlist sev;
    bool has_min;
    cckit_severity min;
};

cckit_tuning *cckit_tuning_new(void)
{
    return calloc(1, sizeof(cckit_tuning));
}

static void list_clear(patlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    l->n = 0;
}

void cckit_tuning_free(cckit_tuning *t)
{
    if (!t)
        return;
    for (int i = 0; i < 2; i++) {
        list_clear(&t->lists[i]);
        free(t->lists[i].v);
    }
    list_clear(&t->sev);
    free(t->sev.v);
    free(t);
}

void cckit_tuning_clear(cckit_tuning *t, cckit_tune_list which)
{
    list_clear(&t->lists[which == CCKIT_TUNE_SELECT]);
}

void cckit_tuning_min_severity(cckit_tuning *t, cckit_severity min)
{
    t->has_min = true;
    t->min = min;
}

bool cckit_severity_parse(const char *s, cckit_severity *out)
{
    static const struct { const char *name; cckit_severity sev; } names[] = {
        {"info", CCKIT_SEV_INFO}, {"note", CCKIT_SEV_INFO},
        {"warning", CCKIT_SEV_WARNING}, {"warn", CCKIT_SEV_WARNING},
        {"error", CCKIT_SEV_ERROR},
    };
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].sev;
            return true;
        }
    return false;
}

/* ---- patterns ------------------------------------------------------ */

static bool is_rule_number(const char *s)
{
    if ((s[0] != 'R' && s[0] != 'r') || !isdigit((unsigned char)s[1]))
        return false;
    for (s++; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static bool family_exists(const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; cckit_rule_at(i); i++)
        if (strncmp(cckit_rule_at(i)->code, prefix, n) == 0)
            return true;
    return false;
}

static bool rule_exists(const char *r)
{
    for (size_t i = 0; cckit_rule_at(i); i++)
        if (cckit_rule_at(i)->rule && strcasecmp(cckit_rule_at(i)->rule, r) == 0)
            return true;
    return false;
}

/* The code nearest to a mistyped one, for the message. */
static const char *nearest_code(const char *word)
{
    size_t n = 0;
    while (cckit_rule_at(n))
        n++;
    const char **c = malloc((n ? n : 1) * sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < n; i++)
        c[i] = cckit_rule_at(i)->code;
    const char *best = cckit_closest(word, c, n);
    free(c);
    return best;
}

/* Parse one pattern (trimmed) into p; where names the source of the
 * pattern in a message ("" or "FILE:LINE: "). */
static cckit_status parse_pat(const char *in, size_t len, pat *p, const char *where,
                              cckit_error *err)
{
    while (len && isspace((unsigned char)*in))
        in++, len--;
    while (len && isspace((unsigned char)in[len - 1]))
        len--;
    if (len > 2 && in[len - 1] == '*' && in[len - 2] == '.')
        len--;   /* "qti.*" is "qti." */
    char *s = malloc(len + 2);
    if (!s)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    memcpy(s, in, len);
    s[len] = '\0';
    memset(p, 0, sizeof *p);
    p->text = s;
    if (len == 0) {
        free(s);
        return cckit_fail(err, CCKIT_E_USAGE, "%san empty code in a list of codes", where);
    }
    if (is_rule_number(s)) {
        s[0] = 'R';
        p->kind = PAT_RULE;
        if (rule_exists(s))
            return CCKIT_OK;
        cckit_fail(err, CCKIT_E_USAGE, "%sno code enforces rule %s (see the rules list)", where, s);
    } else if (s[len - 1] == '.') {
        p->kind = PAT_FAMILY;
        if (family_exists(s))
            return CCKIT_OK;
        cckit_fail(err, CCKIT_E_USAGE, "%sno code starts with '%s'", where, s);
    } else if (cckit_rule_find(s)) {
        p->kind = PAT_CODE;
        return CCKIT_OK;
    } else {
        /* "qti" alone: the family, when no code is spelled so. */
        s[len] = '.';
        s[len + 1] = '\0';
        if (family_exists(s)) {
            p->kind = PAT_FAMILY;
            return CCKIT_OK;
        }
        s[len] = '\0';
        const char *near = nearest_code(s);
        if (near)
            cckit_fail(err, CCKIT_E_USAGE, "%sunknown code '%s' (did you mean '%s'?)", where, s,
                       near);
        else
            cckit_fail(err, CCKIT_E_USAGE, "%sunknown code '%s' (see the rules list)", where, s);
    }
    free(s);
    p->text = NULL;
    return CCKIT_E_USAGE;
}

/* Applying is patterns x findings: a list longer than any real one
 * (the registry has under 200 codes) is a mistake or an attack. */
#define MAX_PATTERNS 1024

static bool list_push(patlist *l, const pat *p)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 8;
        pat *nv = realloc(l->v, nc * sizeof *nv);
        if (!nv)
            return false;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = *p;
    return true;
}

static cckit_status add_list(cckit_tuning *t, cckit_tune_list which, const char *patterns,
                             const char *where, cckit_error *err)
{
    patlist *l = &t->lists[which == CCKIT_TUNE_SELECT];
    const char *p = patterns ? patterns : "";
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        pat x;
        if (l->n >= MAX_PATTERNS)
            return cckit_fail(err, CCKIT_E_LIMIT, "%smore than %d codes in one list", where,
                              MAX_PATTERNS);
        cckit_status st = parse_pat(p, len, &x, where, err);
        if (st != CCKIT_OK)
            return st;
        if (!list_push(l, &x)) {
            free(x.text);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        if (!comma)
            return CCKIT_OK;
        p = comma + 1;
    }
}

cckit_status cckit_tuning_add(cckit_tuning *t, cckit_tune_list which, const char *patterns,
                              cckit_error *err)
{
    return add_list(t, which, patterns, "", err);
}

static cckit_status add_severity(cckit_tuning *t, const char *pattern, const char *level,
                                 const char *where, cckit_error *err)
{
    cckit_severity sev = CCKIT_SEV_INFO;
    int lv;
    if (level && (strcasecmp(level, "off") == 0 || strcasecmp(level, "ignore") == 0))
        lv = -1;
    else if (cckit_severity_parse(level, &sev))
        lv = (int)sev;
    else
        return cckit_fail(err, CCKIT_E_USAGE, "%sseverity '%s' of %s: expected error, warning, "
                          "info or off", where, level ? level : "", pattern);
    pat x;
    if (t->sev.n >= MAX_PATTERNS)
        return cckit_fail(err, CCKIT_E_LIMIT, "%smore than %d severity overrides", where,
                          MAX_PATTERNS);
    cckit_status st = parse_pat(pattern, strlen(pattern), &x, where, err);
    if (st != CCKIT_OK)
        return st;
    x.level = lv;
    if (!list_push(&t->sev, &x)) {
        free(x.text);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    return CCKIT_OK;
}

cckit_status cckit_tuning_severity(cckit_tuning *t, const char *pattern, const char *level,
                                   cckit_error *err)
{
    return add_severity(t, pattern, level, "", err);
}

/* ---- applying ------------------------------------------------------ */

/* How specifically p names d: 0 = not at all; a code beats a rule
 * number, which beats any family; a longer family beats a shorter one. */
static size_t match(const pat *p, const cckit_diag *d)
{
    switch (p->kind) {
    case PAT_CODE:
        return d->code && strcmp(d->code, p->text) == 0 ? (size_t)-1 : 0;
    case PAT_RULE:
        return d->rule && strcasecmp(d->rule, p->text) == 0 ? (size_t)-2 : 0;
    case PAT_FAMILY:
        return d->code && strncmp(d->code, p->text, strlen(p->text)) == 0 ? strlen(p->text) : 0;
    }
    return 0;
}

static bool any_match(const patlist *l, const cckit_diag *d)
{
    for (size_t i = 0; i < l->n; i++)
        if (match(&l->v[i], d))
            return true;
    return false;
}

size_t cckit_tuning_apply(const cckit_tuning *t, cckit_diags *d)
{
    if (!t || !d)
        return 0;
    size_t k = 0, dropped = 0;
    for (size_t i = 0; i < d->n; i++) {
        cckit_diag g = d->v[i];
        bool keep = true;
        size_t best = 0;
        int level = (int)g.severity;
        for (size_t s = 0; s < t->sev.n; s++) {
            size_t m = match(&t->sev.v[s], &g);
            if (m > best) {   /* of equally specific patterns, the first wins */
                best = m;
                level = t->sev.v[s].level;
            }
        }
        if (level < 0)
            keep = false;
        else
            g.severity = (cckit_severity)level;
        if (keep && t->lists[1].n && !any_match(&t->lists[1], &g))
            keep = false;
        if (keep && any_match(&t->lists[0], &g))
            keep = false;
        if (keep && t->has_min && g.severity < t->min)
            keep = false;
        if (keep) {
            d->v[k++] = g;
        } else {
            free(g.file);
            free(g.message);
            dropped++;
        }
    }
    d->n = k;
    return dropped;
}

cckit_status cckit_rule_matches(const cckit_rule *r, const char *pattern, bool *matches,
                                cckit_error *err)
{
    pat p;
    cckit_status st = parse_pat(pattern, strlen(pattern), &p, "", err);
    if (st != CCKIT_OK)
        return st;
    cckit_diag d;
    memset(&d, 0, sizeof d);
    d.code = r->code;
    d.rule = r->rule;
    *matches = match(&p, &d) != 0;
    free(p.text);
    return CCKIT_OK;
}

/* ---- the config file ----------------------------------------------- */

typedef struct cfg {
    cckit_tuning *t;
    yaml_document_t *doc;
    const char *path;
    cckit_error *err;
    bool seen[4];
} cfg;

static unsigned line_of(const yaml_node_t *n)
{
    return n ? (unsigned)n->start_mark.line + 1 : 0;
}

static cckit_status cfg_fail(cfg *c, const yaml_node_t *n, const char *what)
{
    return cckit_fail(c->err, CCKIT_E_USAGE, "%s:%u: %s", c->path, line_of(n), what);
}

static const char *scalar_of(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* ignore/select: a list of codes, or one string of codes separated by commas. */
static cckit_status cfg_list(cfg *c, cckit_tune_list which, yaml_node_t *v)
{
    char where[1100];
    snprintf(where, sizeof where, "%s:%u: ", c->path, line_of(v));
    if (scalar_of(v))
        return add_list(c->t, which, scalar_of(v), where, c->err);
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return cfg_fail(c, v, "expected a list of codes");
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(c->doc, *it);
        snprintf(where, sizeof where, "%s:%u: ", c->path, line_of(e));
        if (!scalar_of(e))
            return cfg_fail(c, e, "expected a code");
        cckit_status st = add_list(c->t, which, scalar_of(e), where, c->err);
        if (st != CCKIT_OK)
            return st;
    }
    return CCKIT_OK;
}

static cckit_status cfg_top(cfg *c, yaml_node_t *root)
{
    static const char *const keys[] = { "ignore", "select", "min-severity", "severity" };
    if (!root)
        return CCKIT_OK;   /* an empty file tunes nothing */
    if (root->type != YAML_MAPPING_NODE)
        return cfg_fail(c, root, "expected keys: ignore, select, min-severity, severity");
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        const char *key = scalar_of(k);
        size_t which = 0;
        while (which < 4 && (!key || strcmp(key, keys[which]) != 0))
            which++;
        if (which == 4) {
            const char *near = key ? cckit_closest(key, keys, 4) : NULL;
            char msg[600];
            snprintf(msg, sizeof msg, "unknown key '%.200s'%s%s%s (keys: ignore, select, "
                     "min-severity, severity)", key ? key : "?", near ? " (did you mean '" : "",
                     near ? near : "", near ? "'?)" : "");
            return cfg_fail(c, k, msg);
        }
        if (c->seen[which])
            return cfg_fail(c, k, "this key is given twice");
        c->seen[which] = true;
        cckit_status st = CCKIT_OK;
        if (which == 0 || which == 1) {
            st = cfg_list(c, which == 0 ? CCKIT_TUNE_IGNORE : CCKIT_TUNE_SELECT, v);
        } else if (which == 2) {
            cckit_severity sev;
            if (!cckit_severity_parse(scalar_of(v), &sev))
                return cfg_fail(c, v, "min-severity: expected info, warning or error");
            cckit_tuning_min_severity(c->t, sev);
        } else {
            if (!v || v->type != YAML_MAPPING_NODE)
                return cfg_fail(c, v, "severity: expected CODE: error|warning|info|off lines");
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
                 q < v->data.mapping.pairs.top; q++) {
                yaml_node_t *ck = yaml_document_get_node(c->doc, q->key);
                yaml_node_t *cv = yaml_document_get_node(c->doc, q->value);
                char where[1100];
                snprintf(where, sizeof where, "%s:%u: ", c->path, line_of(ck));
                if (!scalar_of(ck) || !scalar_of(cv))
                    return cfg_fail(c, ck, "severity: expected CODE: error|warning|info|off");
                st = add_severity(c->t, scalar_of(ck), scalar_of(cv), where, c->err);
                if (st != CCKIT_OK)
                    return st;
            }
        }
        if (st != CCKIT_OK)
            return st;
    }
    return CCKIT_OK;
}

/* A config nests three levels; libyaml's loader takes time quadratic in
 * the nesting, so a streaming pass refuses deep documents first. */
#define CONFIG_MAX_DEPTH 8

static cckit_status check_depth(const unsigned char *buf, size_t len, const char *path,
                                cckit_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, buf, len);
    cckit_status st = CCKIT_OK;
    int depth = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;   /* the loader reports the syntax error with its line */
        yaml_event_type_t type = ev.type;
        size_t line = ev.start_mark.line + 1;
        yaml_event_delete(&ev);
        if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth > CONFIG_MAX_DEPTH) {
            st = cckit_fail(err, CCKIT_E_USAGE, "%s:%zu: nested deeper than a config file "
                            "needs (%d levels)", path, line, CONFIG_MAX_DEPTH);
            break;
        }
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    return st;
}

cckit_status cckit_tuning_load(cckit_tuning *t, const char *path, cckit_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cckit_fail(err, errno == ENOENT ? CCKIT_E_NOTFOUND : CCKIT_E_IO,
                          "cannot open config file %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_SIZE) {
        fclose(f);
        return cckit_fail(err, CCKIT_E_LIMIT, "config file %s is not a regular file of at most "
                          "1 MiB", path);
    }
    unsigned char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        fclose(f);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    size_t len = fread(buf, 1, (size_t)st.st_size, f);
    bool rerr = ferror(f);
    fclose(f);
    if (rerr) {
        free(buf);
        return cckit_fail(err, CCKIT_E_IO, "cannot read config file %s", path);
    }
    cckit_status s = check_depth(buf, len, path, err);
    if (s != CCKIT_OK) {
        free(buf);
        return s;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        free(buf);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    yaml_parser_set_input_string(&parser, buf, len);
    if (!yaml_parser_load(&parser, &doc)) {
        s = cckit_fail(err, CCKIT_E_USAGE, "%s:%zu: %s%s%s", path, parser.problem_mark.line + 1,
                       parser.problem ? parser.problem : "YAML error",
                       parser.context ? " " : "", parser.context ? parser.context : "");
    } else {
        cfg c = { .t = t, .doc = &doc, .path = path, .err = err };
        s = cfg_top(&c, yaml_document_get_root_node(&doc));
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    free(buf);
    return s;
}
