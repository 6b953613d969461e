/* model.c - import models (doc/import-models.md): one YAML file a target,
 * loaded strictly.
 *
 * A model is data a user copies and edits, so it is untrusted: at most
 * 256 KiB, a cap on the nodes walked (aliases make a graph, not a tree),
 * and every mistake is a "model.invalid" diagnostic with its line, so a
 * typo in a key or a statement without a source is refused rather than
 * silently read as "nothing stated". */
#include "compat/compat.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define MODEL_MAX_SIZE (256u << 10)
#define MODEL_MAX_NODES 20000
#define MODEL_MAX_NAMES 1000

typedef struct ld {
    cckit_model *m;
    yaml_document_t *doc;
    cckit_diags *diags;
    cckit_diags own;        /* when the caller passes no diags */
    unsigned errors;
    unsigned first_line;
    char first[512];
    size_t visited;
    bool oom;               /* a value was lost for lack of memory: NOMEM */
} ld;

static unsigned line_of(const yaml_node_t *n)
{
    return n ? (unsigned)n->start_mark.line + 1 : 0;
}

static void bad(ld *c, const yaml_node_t *n, const char *fmt, const char *a, const char *b)
{
    if (c->errors++ == 0) {
        c->first_line = line_of(n);
        snprintf(c->first, sizeof c->first, fmt, a ? a : "", b ? b : "");
    }
    cckit_diags_add(c->diags, CCKIT_SEV_ERROR, "model.invalid", NULL, c->m->file, line_of(n),
                    "see doc/import-models.md for the keys and values of a model", fmt,
                    a ? a : "", b ? b : "");
}

static yaml_node_t *node(ld *c, int id)
{
    if (++c->visited > MODEL_MAX_NODES)
        return NULL;
    return yaml_document_get_node(c->doc, id);
}

static const char *scalar(ld *c, yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        bad(c, n, "'%s' must be a single value%s", key, NULL);
        return NULL;
    }
    const char *v = (const char *)n->data.scalar.value;
    if (!cckit_utf8_valid(v, n->data.scalar.length) || strlen(v) != n->data.scalar.length) {
        bad(c, n, "'%s' is not valid UTF-8 text%s", key, NULL);
        return NULL;
    }
    const char *r = cckit_arena_strdup(c->m->arena, v);
    c->oom |= !r;
    return r;
}

/* Iterate the pairs of a mapping, calling fn(key, value) for each. */
typedef void (*pair_fn)(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v);

static void each_pair(ld *c, yaml_node_t *map, const char *what, pair_fn fn, void *ctx)
{
    if (!map || map->type != YAML_MAPPING_NODE) {
        bad(c, map, "'%s' must be a mapping of keys%s", what, NULL);
        return;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
        if (!k || !v) {
            bad(c, map, "the model is too large (more than %s nodes)%s", "20000", NULL);
            return;
        }
        if (k->type != YAML_SCALAR_NODE) {
            bad(c, k, "keys must be plain words%s%s", NULL, NULL);
            continue;
        }
        fn(c, ctx, (const char *)k->data.scalar.value, k, v);
    }
}

static const cckit_model_source *find_source(const cckit_model *m, const char *key)
{
    for (size_t i = 0; i < m->n_sources; i++)
        if (strcmp(m->sources[i].key, key) == 0)
            return &m->sources[i];
    return NULL;
}

/* The keys every statement may carry; true if key was one of them. */
static bool statement_key(ld *c, cckit_model_statement *st, const char *key, yaml_node_t *v)
{
    if (!strcmp(key, "source")) {
        const char *s = scalar(c, v, key);
        if (s && !(st->source = find_source(c->m, s)))
            bad(c, v, "source '%s' is not one of the model's sources%s", s, NULL);
    } else if (!strcmp(key, "says")) {
        st->says = scalar(c, v, key);
    } else if (!strcmp(key, "fix")) {
        st->fix = scalar(c, v, key);
    } else if (!strcmp(key, "note")) {
        st->note = scalar(c, v, key);
    } else if (!strcmp(key, "loss")) {
        st->loss = scalar(c, v, key);
    } else {
        return false;
    }
    return true;
}

static void need_source(ld *c, yaml_node_t *n, const cckit_model_statement *st, const char *what)
{
    if (!st->source)
        bad(c, n, "%s has no source: every statement names one of the model's sources%s",
            what, NULL);
}

static bool parse_effect(ld *c, yaml_node_t *v, cckit_effect *e, bool setup_ok)
{
    const char *s = scalar(c, v, "effect");
    if (!s)
        return false;
    if (!strcmp(s, "fails"))
        *e = CCKIT_EFFECT_FAILS;
    else if (!strcmp(s, "loss"))
        *e = CCKIT_EFFECT_LOSS;
    else if (setup_ok && !strcmp(s, "needs-setup"))
        *e = CCKIT_EFFECT_NEEDS_SETUP;
    else {
        bad(c, v, "effect '%s' is not one of %s", s,
            setup_ok ? "fails, loss, needs-setup" : "fails, loss");
        return false;
    }
    return true;
}

/* ---- sources ------------------------------------------------------- */

static void source_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    cckit_model_source *s = ctx;
    (void)k;
    if (!strcmp(key, "ref"))
        s->ref = scalar(c, v, key);
    else if (!strcmp(key, "how")) {
        s->how = scalar(c, v, key);
        if (s->how && strcmp(s->how, "doc") && strcmp(s->how, "code") && strcmp(s->how, "users")
            && strcmp(s->how, "observed"))
            bad(c, v, "how '%s' is not one of %s", s->how, "doc, code, users, observed");
    } else
        bad(c, k, "unknown key '%s' in a source%s", key, NULL);
}

static void sources_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    (void)ctx;
    cckit_model *m = c->m;
    if (find_source(m, key)) {
        bad(c, k, "source '%s' is defined twice%s", key, NULL);
        return;
    }
    m->sources = cckit_arena_push(m->arena, m->sources, m->n_sources, sizeof *m->sources);
    if (!m->sources) {
        c->oom = true;
        return;
    }
    cckit_model_source *s = &m->sources[m->n_sources];
    memset(s, 0, sizeof *s);
    s->key = cckit_arena_strdup(m->arena, key);
    c->oom |= !s->key;
    each_pair(c, v, key, source_pair, s);
    if (!s->ref || !s->how)
        bad(c, k, "source '%s' needs both ref and how%s", key, NULL);
    else
        m->n_sources++;
}

/* ---- versions ------------------------------------------------------ */

static unsigned version_list(ld *c, yaml_node_t *v, const char *key)
{
    unsigned bits = 0;
    if (!v || v->type != YAML_SEQUENCE_NODE) {
        bad(c, v, "'%s' must be a list of versions, e.g. [\"1.1\", \"1.3\"]%s", key, NULL);
        return 0;
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        yaml_node_t *e = node(c, *i);
        const char *s = scalar(c, e, key);
        cckit_cc_version ver = s ? cckit_cc_version_parse(s) : CCKIT_CC_UNKNOWN;
        if (s && ver == CCKIT_CC_UNKNOWN)
            bad(c, e, "'%s' is not a CC version (1.0 to 1.4)%s", s, NULL);
        else if (s)
            bits |= 1u << (ver - CCKIT_CC_1_0);
    }
    return bits;
}

static void versions_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    (void)ctx;
    cckit_model *m = c->m;
    if (!strcmp(key, "accept"))
        m->accept = version_list(c, v, key);
    else if (!strcmp(key, "unknown"))
        m->unknown = version_list(c, v, key);
    else if (!strcmp(key, "thin")) {
        const char *s = scalar(c, v, key);
        if (s && !strcmp(s, "true"))
            m->thin = 1;
        else if (s && !strcmp(s, "false"))
            m->thin = 0;
        else if (s)
            bad(c, v, "thin must be true or false, not '%s'%s", s, NULL);
    } else if (!statement_key(c, &m->versions, key, v))
        bad(c, k, "unknown key '%s' in versions%s", key, NULL);
}

/* ---- limits -------------------------------------------------------- */

static const char *const limit_names[] = {
    "package_bytes", "uncompressed_bytes", "uncompressed_ratio", "entries", "file_bytes",
    "path_length", "name_length", "org_depth", "title_length",
};

static void limit_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    cckit_model_limit *l = ctx;
    if (!strcmp(key, "max")) {
        const char *s = scalar(c, v, key);
        char *end;
        errno = 0;
        unsigned long long x = s ? strtoull(s, &end, 10) : 0;
        if (s && (!*s || *s == '-' || *end || errno))
            bad(c, v, "max must be a whole number, not '%s'%s", s, NULL);
        l->max = x;
    } else if (!strcmp(key, "effect")) {
        parse_effect(c, v, &l->effect, false);
    } else if (!statement_key(c, &l->st, key, v))
        bad(c, k, "unknown key '%s' in a limit%s", key, NULL);
}

static void limits_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    (void)ctx;
    cckit_model *m = c->m;
    bool known = false;
    for (size_t i = 0; i < sizeof limit_names / sizeof limit_names[0]; i++)
        known |= !strcmp(key, limit_names[i]);
    if (!known) {
        bad(c, k, "unknown limit '%s'%s", key, NULL);
        return;
    }
    m->limits = cckit_arena_push(m->arena, m->limits, m->n_limits, sizeof *m->limits);
    if (!m->limits) {
        c->oom = true;
        return;
    }
    cckit_model_limit *l = &m->limits[m->n_limits++];
    memset(l, 0, sizeof *l);
    l->name = cckit_arena_strdup(m->arena, key);
    c->oom |= !l->name;
    l->st.line = line_of(k);
    l->effect = CCKIT_EFFECT_FAILS;
    each_pair(c, v, key, limit_pair, l);
    need_source(c, k, &l->st, "this limit");
}

/* ---- kinds --------------------------------------------------------- */

static void kind_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    cckit_model_kind *kd = ctx;
    if (!strcmp(key, "support")) {
        const char *s = scalar(c, v, key);
        if (!s)
            return;
        if (!strcmp(s, "imported"))
            kd->support = CCKIT_SUPPORT_IMPORTED;
        else if (!strcmp(s, "imported-with-loss"))
            kd->support = CCKIT_SUPPORT_WITH_LOSS;
        else if (!strcmp(s, "ignored"))
            kd->support = CCKIT_SUPPORT_IGNORED;
        else
            bad(c, v, "support '%s' is not one of %s", s, "imported, imported-with-loss, ignored");
    } else if (!statement_key(c, &kd->st, key, v))
        bad(c, k, "unknown key '%s' in a kind%s", key, NULL);
}

static void kinds_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    (void)ctx;
    cckit_kind kind = CCKIT_KIND_UNKNOWN;
    for (int i = 0; i < CCKIT_KIND_UNKNOWN; i++)
        if (!strcmp(key, cckit_kind_name((cckit_kind)i)))
            kind = (cckit_kind)i;
    if (kind == CCKIT_KIND_UNKNOWN) {
        bad(c, k, "unknown resource kind '%s'%s", key, NULL);
        return;
    }
    cckit_model_kind *kd = &c->m->kinds[kind];
    if (kd->st.line) {
        bad(c, k, "kind '%s' is stated twice%s", key, NULL);
        return;
    }
    kd->st.line = line_of(k);
    each_pair(c, v, key, kind_pair, kd);
    if (kd->support == CCKIT_SUPPORT_UNKNOWN)
        bad(c, k, "kind '%s' needs support: imported, imported-with-loss or ignored%s", key, NULL);
    if (kd->support == CCKIT_SUPPORT_WITH_LOSS && !kd->st.loss)
        bad(c, k, "kind '%s' is imported-with-loss but says no loss%s", key, NULL);
    need_source(c, k, &kd->st, "this kind");
}

/* ---- checks -------------------------------------------------------- */

static void check_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    cckit_model_check *ch = ctx;
    if (!strcmp(key, "check")) {
        ch->check = scalar(c, v, key);
        if (ch->check && cckit_compat_check_find(ch->check) < 0)
            bad(c, v, "unknown check '%s' (doc/import-models.md lists the checks)%s", ch->check,
                NULL);
    } else if (!strcmp(key, "effect")) {
        parse_effect(c, v, &ch->effect, true);
    } else if (!statement_key(c, &ch->st, key, v))
        bad(c, k, "unknown key '%s' in a check%s", key, NULL);
}

static void checks_list(ld *c, yaml_node_t *v)
{
    cckit_model *m = c->m;
    if (!v || v->type != YAML_SEQUENCE_NODE) {
        bad(c, v, "'checks' must be a list of mappings, e.g. - check: lti-link%s%s", NULL, NULL);
        return;
    }
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        yaml_node_t *e = node(c, *i);
        m->checks = cckit_arena_push(m->arena, m->checks, m->n_checks, sizeof *m->checks);
        if (!m->checks) {
            c->oom = true;
            return;
        }
        if (!e) {
            bad(c, v, "the model is too large%s%s", NULL, NULL);
            return;
        }
        cckit_model_check *ch = &m->checks[m->n_checks];
        memset(ch, 0, sizeof *ch);
        ch->effect = (cckit_effect)-1;
        ch->st.line = line_of(e);
        each_pair(c, e, "check", check_pair, ch);
        if (!ch->check)
            bad(c, e, "a check needs 'check': the name of a check%s%s", NULL, NULL);
        else if (ch->effect == (cckit_effect)-1)
            bad(c, e, "check '%s' needs an effect: fails, loss or needs-setup%s", ch->check, NULL);
        else if (ch->effect != CCKIT_EFFECT_FAILS && !ch->st.loss)
            bad(c, e, "check '%s' needs 'loss': what is lost%s", ch->check, NULL);
        need_source(c, e, &ch->st, "this check");
        if (ch->check && ch->effect != (cckit_effect)-1)
            m->n_checks++;
    }
}

/* ---- qti ----------------------------------------------------------- */

static void qti_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    (void)ctx;
    cckit_model *m = c->m;
    if (!strcmp(key, "keeps")) {
        if (!v || v->type != YAML_SEQUENCE_NODE) {
            bad(c, v, "'keeps' must be a list of cc_profile values%s%s", NULL, NULL);
            return;
        }
        for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top;
             i++) {
            const char *s = scalar(c, node(c, *i), key);
            if (!s)
                continue;
            m->qti_keeps = cckit_arena_push(m->arena, m->qti_keeps, m->n_qti_keeps,
                                            sizeof *m->qti_keeps);
            if (!m->qti_keeps) {
                c->oom = true;
                return;
            }
            m->qti_keeps[m->n_qti_keeps++] = s;
        }
        m->has_qti = true;
    } else if (!statement_key(c, &m->qti, key, v))
        bad(c, k, "unknown key '%s' in qti%s", key, NULL);
}

/* ---- the top level ------------------------------------------------- */

static void top_pair(ld *c, void *ctx, const char *key, yaml_node_t *k, yaml_node_t *v)
{
    cckit_model *m = c->m;
    yaml_node_t **defer = ctx;   /* sources first: statements name them */
    if (!strcmp(key, "model")) {
        const char *s = scalar(c, v, key);
        if (s && strcmp(s, "1"))
            bad(c, v, "model format '%s' is not supported (this cckit reads format 1)%s", s,
                NULL);
    } else if (!strcmp(key, "target")) {
        m->target = scalar(c, v, key);
        for (const char *p = m->target; p && *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
                bad(c, v, "target '%s' must be lower-case letters, digits and '-'%s", m->target,
                    NULL);
                break;
            }
    } else if (!strcmp(key, "name")) {
        m->name = scalar(c, v, key);
    } else if (!strcmp(key, "sources")) {
        each_pair(c, v, key, sources_pair, NULL);
    } else if (!strcmp(key, "schematron")) {
        const char *s = scalar(c, v, key);
        if (s && s[0] != '/') {
            /* relative to the model's folder */
            const char *slash = strrchr(m->file, '/');
            size_t dl = slash ? (size_t)(slash - m->file) + 1 : 0;
            char *p = cckit_arena_alloc(m->arena, dl + strlen(s) + 1);
            if (p) {
                memcpy(p, m->file, dl);
                strcpy(p + dl, s);
            }
            c->oom |= !p;
            s = p;
        }
        m->schematron = s;
    } else if (!strcmp(key, "versions")) {
        defer[0] = v;
        defer[5] = k;
    } else if (!strcmp(key, "limits")) {
        defer[1] = v;
    } else if (!strcmp(key, "kinds")) {
        defer[2] = v;
    } else if (!strcmp(key, "checks")) {
        defer[3] = v;
    } else if (!strcmp(key, "qti")) {
        defer[4] = v;
        defer[6] = k;
    } else {
        bad(c, k, "unknown key '%s'%s", key, NULL);
    }
}

static void load_doc(ld *c, yaml_node_t *root)
{
    cckit_model *m = c->m;
    yaml_node_t *defer[7] = { 0 };
    m->thin = -1;
    each_pair(c, root, "the model", top_pair, defer);
    if (!m->target)
        bad(c, root, "the model has no 'target' (the name that selects it)%s%s", NULL, NULL);
    if (!m->name)
        m->name = m->target;
    if (!defer[0])
        bad(c, root, "the model has no 'versions'%s%s", NULL, NULL);
    else {
        m->versions.line = line_of(defer[5]);
        each_pair(c, defer[0], "versions", versions_pair, NULL);
        need_source(c, defer[5], &m->versions, "versions");
        if (m->accept & m->unknown)
            bad(c, defer[0], "a version is both accepted and unknown%s%s", NULL, NULL);
    }
    if (defer[1])
        each_pair(c, defer[1], "limits", limits_pair, NULL);
    if (defer[2])
        each_pair(c, defer[2], "kinds", kinds_pair, NULL);
    if (defer[3])
        checks_list(c, defer[3]);
    if (defer[4]) {
        m->qti.line = line_of(defer[6]);
        each_pair(c, defer[4], "qti", qti_pair, NULL);
        need_source(c, defer[6], &m->qti, "qti");
    }
}

cckit_status cckit_model_load(const char *path, cckit_model **out, cckit_diags *problems,
                              cckit_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot open the model: %s", path,
                          strerror(errno));
    char *buf = malloc(MODEL_MAX_SIZE + 1);
    size_t n = buf ? fread(buf, 1, MODEL_MAX_SIZE + 1, f) : 0;
    int rerr = ferror(f);
    fclose(f);
    if (!buf)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (rerr) {
        free(buf);
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot read the model", path);
    }
    if (n > MODEL_MAX_SIZE) {
        free(buf);
        return cckit_fail(err, CCKIT_E_LIMIT, "%s: a model is at most 256 KiB", path);
    }

    cckit_model *m = calloc(1, sizeof *m);
    cckit_arena *a = cckit_arena_new();
    if (!m || !a) {
        free(m);
        cckit_arena_free(a);
        free(buf);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    m->arena = a;
    m->file = cckit_arena_strdup(a, path);
    ld c = { .m = m };
    c.diags = problems ? problems : &c.own;

    yaml_parser_t parser;
    yaml_document_t doc;
    cckit_status st = CCKIT_OK;
    if (!m->file || !yaml_parser_initialize(&parser)) {
        free(buf);
        cckit_model_free(m);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, n);
    bool loaded = yaml_parser_load(&parser, &doc);
    if (!loaded && parser.error == YAML_MEMORY_ERROR) {
        yaml_parser_delete(&parser);
        free(buf);
        cckit_model_free(m);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
    }
    if (!loaded) {
        st = cckit_fail(err, CCKIT_E_INVALID, "%s:%u: not YAML: %s", path,
                        (unsigned)parser.problem_mark.line + 1,
                        parser.problem ? parser.problem : "parse error");
        cckit_diags_add(c.diags, CCKIT_SEV_ERROR, "model.invalid", NULL, path,
                        (unsigned)parser.problem_mark.line + 1, NULL, "not YAML: %s",
                        parser.problem ? parser.problem : "parse error");
        yaml_parser_delete(&parser);
        free(buf);
        cckit_diags_free(&c.own);
        cckit_model_free(m);
        return st;
    }
    c.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root)
        bad(&c, NULL, "the model is empty%s%s", NULL, NULL);
    else
        load_doc(&c, root);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    free(buf);
    cckit_diags_free(&c.own);
    if (c.oom) {   /* a value is missing: the model is not the file */
        cckit_model_free(m);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
    }
    if (c.errors) {
        st = cckit_fail(err, CCKIT_E_INVALID, "%s:%u: %s%s", path, c.first_line, c.first,
                        c.errors > 1 ? " (and more mistakes)" : "");
        cckit_model_free(m);
        return st;
    }
    *out = m;
    return CCKIT_OK;
}

void cckit_model_free(cckit_model *m)
{
    if (!m)
        return;
    cckit_arena_free(m->arena);
    free(m);
}

static bool is_path(const char *what)
{
    size_t n = strlen(what);
    return strchr(what, '/') || (n > 5 && !strcmp(what + n - 5, ".yaml"))
           || (n > 4 && !strcmp(what + n - 4, ".yml"));
}

cckit_status cckit_model_find(const char *models_dir, const char *what, cckit_model **out,
                              cckit_diags *problems, cckit_error *err)
{
    *out = NULL;
    if (is_path(what))
        return cckit_model_load(what, out, problems, err);
    for (const char *p = what; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return cckit_fail(err, CCKIT_E_NOTFOUND, "no target '%s': a target name is "
                              "lower-case letters, digits and '-', or give a model file", what);
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s.yaml", models_dir ? models_dir : ".", what);
    if (!*what || stat(path, &sb) != 0)
        return cckit_fail(err, CCKIT_E_NOTFOUND, "no target '%s' in %s", what,
                          models_dir ? models_dir : ".");
    return cckit_model_load(path, out, problems, err);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

cckit_status cckit_model_names(const char *models_dir, char ***names, size_t *n,
                               cckit_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(models_dir);
    if (!d)
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot read the models folder: %s", models_dir,
                          strerror(errno));
    char **v = NULL;
    size_t k = 0;
    struct dirent *e;
    while ((e = readdir(d)) && k < MODEL_MAX_NAMES) {
        size_t l = strlen(e->d_name);
        if (l <= 5 || strcmp(e->d_name + l - 5, ".yaml") || e->d_name[0] == '.')
            continue;
        char **nv = realloc(v, (k + 1) * sizeof *v);
        char *s = nv ? strndup(e->d_name, l - 5) : NULL;
        if (nv)
            v = nv;
        if (!s) {
            closedir(d);
            cckit_model_names_free(v, k);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        v[k++] = s;
    }
    closedir(d);
    if (k)
        qsort(v, k, sizeof *v, cmp_names);
    *names = v;
    *n = k;
    return CCKIT_OK;
}

void cckit_model_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
