/*
 * profile_model.c - a characterization against an import model: each
 * statement of the model set against the features of the profile that
 * show it, with how many of the profile's cartridges it concerns.
 *
 * A profile holds counts, not cartridges, so a statement is a match (no
 * cartridge concerned), a mismatch (some are: at least N, at most M) or
 * unknown (the profile does not record what the statement needs).  The
 * two tables below are the whole mapping: a model's limit names to the
 * profile's facts, the check vocabulary to the features that show it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"

/* A model's limits and the profile's facts they are weighed against.
 * The names differ on purpose (the model counts what an LMS counts):
 * org_depth is levels of folders, organization_depth levels of items,
 * and the deepest item is never a folder, so folders = items - 1.
 * FACT_NONE: the profile does not record it (unknown). */
#define FACT_NONE CCKIT_PF_COUNT
static const struct {
    const char *limit;
    cckit_pfact fact;
    unsigned offset;        /* model value = profile value - offset */
} limit_facts[] = {
    { "package_bytes", CCKIT_PF_ARCHIVE_SIZE, 0 },
    { "entries", CCKIT_PF_ENTRIES, 0 },
    { "file_bytes", CCKIT_PF_LARGEST_FILE, 0 },
    { "path_length", CCKIT_PF_LONGEST_PATH, 0 },
    { "name_length", CCKIT_PF_LONGEST_NAME, 0 },
    { "org_depth", CCKIT_PF_ORG_DEPTH, 1 },
    { "uncompressed_bytes", FACT_NONE, 0 },
    { "uncompressed_ratio", FACT_NONE, 0 },
    { "title_length", FACT_NONE, 0 },
};

/* How a check of the vocabulary shows in a profile.  EXACT: one feature
 * counts the cartridges.  ANY: any feature of the group whose key starts
 * with `key` and contains `sub` (bounds: the largest count, the sum).
 * NEEDS: the profile cannot see the check, but the check cannot occur
 * without the feature (a match when it is absent, else unknown). */
typedef enum { EXACT, ANY, NEEDS, HIST0, NONE } how;
static const struct {
    const char *check;
    how how;
    cckit_pgroup group;
    const char *key, *sub;
    const char *shown;      /* what the profile records, for people */
} check_features[] = {
    { "lti-link", EXACT, CCKIT_PG_KIND, "ltilink", NULL, "LTI link resources" },
    { "question-banks", EXACT, CCKIT_PG_KIND, "questionbank", NULL, "question bank resources" },
    { "intendeduse-syllabus", EXACT, CCKIT_PG_TOKEN, "intendeduse=syllabus", NULL,
      "resources with intendeduse=\"syllabus\"" },
    { "authorizations", EXACT, CCKIT_PG_FIELD, "manifest:manifest/authorizations", NULL,
      "manifests with <authorizations>" },
    { "qti-fill-in-the-blank", EXACT, CCKIT_PG_TOKEN, "qti.cc_profile=cc.fib.v0p1", NULL,
      "fill-in-the-blank questions" },
    { "qti-no-cc-profile", EXACT, CCKIT_PG_TOKEN, "qti.cc_profile=none", NULL,
      "questions without cc_profile" },
    { "curriculum-standards", ANY, CCKIT_PG_FIELD, "manifest:", "/curriculumStandardsMetadataSet",
      "curriculum standards metadata" },
    { "qti-rubricblock", ANY, CCKIT_PG_FIELD, "qti:questestinterop/", "/rubric",
      "QTI rubrics of assessments and sections" },
    { "qti-fib-pattern", ANY, CCKIT_PG_FIELD, "qti:item[cc.fib.v0p1]/", "/varsubstring",
      "fill-in-the-blank answers given as <varsubstring> patterns" },
    { "empty-organization", HIST0, CCKIT_PG_COUNT, NULL, NULL, "organizations without items" },
    { "qti-true-false-idents", NEEDS, CCKIT_PG_TOKEN, "qti.cc_profile=cc.true_false.v0p1", NULL,
      "true/false questions, not their answer idents" },
    { "qti-unknown-types-only", NEEDS, CCKIT_PG_KIND, "assessment", NULL,
      "assessments, not which of their questions are of a CC type" },
    { "qti-item-without-title", NEEDS, CCKIT_PG_FIELD, "qti:", NULL,
      "QTI files, not whether every question has a title" },
    { "qti-section-not-root", NEEDS, CCKIT_PG_KIND, "assessment", NULL,
      "assessments, not their section idents" },
    { "manifest-schema-error", NONE, CCKIT_PG_COUNT, NULL, NULL, "a profile holds no validation result" },
    { "manifest-not-at-root", NONE, CCKIT_PG_COUNT, NULL, NULL, "a profile holds readable cartridges only" },
    { "missing-file", NONE, CCKIT_PG_COUNT, NULL, NULL, "a profile holds no file reference" },
    { "href-encoding-ambiguous", NONE, CCKIT_PG_COUNT, NULL, NULL, "a profile holds no file name" },
    { "title-special-chars", NONE, CCKIT_PG_COUNT, NULL, NULL, "a profile holds no title" },
};

typedef struct mctx {
    const cckit_profile *p;
    const cckit_model *m;
    cckit_model_match_fn fn;
    void *fctx;
    size_t mismatches;
} mctx;

const char *cckit_match_name(cckit_match m)
{
    switch (m) {
    case CCKIT_MATCH: return "match";
    case CCKIT_MATCH_MISMATCH: return "mismatch";
    default: return "unknown";
    }
}

static void emit(mctx *c, cckit_model_match *x)
{
    if (x->result == CCKIT_MATCH_MISMATCH)
        c->mismatches++;
    if (x->cartridges_max < x->cartridges)
        x->cartridges_max = x->cartridges;
    c->fn(c->fctx, x);
}

static void init(cckit_model_match *x, const char *statement, const cckit_model_statement *st,
                 cckit_effect e)
{
    memset(x, 0, sizeof *x);
    snprintf(x->statement, sizeof x->statement, "%s", statement);
    x->st = st;
    x->effect = e;
}

static uint64_t cartridges_of(const cckit_profile *p, cckit_pgroup g, const char *key)
{
    const cckit_pfeature *f = cckit_profile_get(p, g, key);
    return f ? f->cartridges : 0;
}

/* "in N of M cartridges" or "in N to M of T cartridges". */
static void in_carts(char *buf, size_t n, const cckit_model_match *x, uint64_t total)
{
    if (x->cartridges_max > x->cartridges)
        snprintf(buf, n, "in %" PRIu64 " to %" PRIu64 " of %" PRIu64 " cartridges", x->cartridges,
                 x->cartridges_max, total);
    else
        snprintf(buf, n, "in %" PRIu64 " of %" PRIu64 " cartridges", x->cartridges, total);
}

static const char *effect_words(cckit_effect e)
{
    return e == CCKIT_EFFECT_FAILS ? "the import fails"
           : e == CCKIT_EFFECT_LOSS ? "imported with loss" : "needs setup";
}

/* ---- versions ------------------------------------------------------ */

static void versions(mctx *c)
{
    const cckit_profile *p = c->p;
    const cckit_model *m = c->m;
    for (int v = CCKIT_CC_1_0; v <= CCKIT_CC_1_4; v++) {
        const char *vs = cckit_cc_version_string((cckit_cc_version)v);
        uint64_t n = cartridges_of(p, CCKIT_PG_VERSION, vs);
        unsigned bit = 1u << (v - CCKIT_CC_1_0);
        bool accepted = (m->accept & bit) != 0;
        if (n == 0)
            continue;   /* the statement says nothing about versions nobody uses */
        cckit_model_match x;
        init(&x, "versions", &m->versions, CCKIT_EFFECT_FAILS);
        snprintf(x.feature, sizeof x.feature, "%s", vs);
        x.cartridges = x.cartridges_max = n;
        snprintf(x.seen, sizeof x.seen, "CC %s in %" PRIu64 " of %" PRIu64 " cartridges", vs, n,
                 p->cartridges);
        if (accepted) {
            snprintf(x.stated, sizeof x.stated, "imports CC %s", vs);
            x.result = CCKIT_MATCH;
            x.cartridges = x.cartridges_max = 0;
            snprintf(x.message, sizeof x.message, "CC %s (%" PRIu64 " cartridges): %s imports it",
                     vs, n, m->name);
        } else if (m->unknown & bit) {
            /* versions.unknown: the model states that nobody knows */
            snprintf(x.stated, sizeof x.stated, "no source says");
            x.result = CCKIT_MATCH_UNKNOWN;
            snprintf(x.message, sizeof x.message,
                     "CC %s in %" PRIu64 " cartridges: no source says whether %s imports it", vs,
                     n, m->name);
        } else {
            snprintf(x.stated, sizeof x.stated, "does not import CC %s", vs);
            x.result = CCKIT_MATCH_MISMATCH;
            snprintf(x.message, sizeof x.message,
                     "CC %s in %" PRIu64 " of %" PRIu64 " cartridges: %s does not import it", vs,
                     n, p->cartridges, m->name);
        }
        emit(c, &x);
    }
    uint64_t thin = cartridges_of(p, CCKIT_PG_FLAVOUR, "thin");
    cckit_model_match x;
    init(&x, "thin", &m->versions, CCKIT_EFFECT_FAILS);
    snprintf(x.feature, sizeof x.feature, "thin");
    snprintf(x.seen, sizeof x.seen, "Thin CC in %" PRIu64 " of %" PRIu64 " cartridges", thin,
             p->cartridges);
    snprintf(x.stated, sizeof x.stated, "%s", m->thin > 0 ? "imports Thin CC"
             : m->thin == 0 ? "does not import Thin CC" : "no source says");
    if (thin == 0 || m->thin > 0) {
        x.result = CCKIT_MATCH;
        snprintf(x.message, sizeof x.message, "%s", thin ? "Thin CC: imported"
                 : "no Thin Common Cartridge");
    } else {
        x.cartridges = x.cartridges_max = thin;
        x.result = m->thin == 0 ? CCKIT_MATCH_MISMATCH : CCKIT_MATCH_UNKNOWN;
        if (m->thin < 0)
            x.st = NULL;
        snprintf(x.message, sizeof x.message, "Thin CC in %" PRIu64 " of %" PRIu64
                 " cartridges: %s", thin, p->cartridges, m->thin == 0
                 ? "refused" : "no source says whether it is imported");
    }
    emit(c, &x);
}

/* ---- limits -------------------------------------------------------- */

/* Cartridges of r above v: exact in buckets wholly above (*sure), the
 * return value also counts the bucket that straddles v (an upper bound). */
static uint64_t above(const cckit_prange *r, uint64_t v, uint64_t *sure)
{
    uint64_t n = 0;
    *sure = 0;
    if (!r->seen || r->max <= v)
        return 0;
    for (unsigned b = 0; b < CCKIT_PROFILE_BUCKETS; b++) {
        if (cckit_profile_bucket_low(b) > v)
            *sure += r->hist[b];
        if (cckit_profile_bucket_high(b) > v)
            n += r->hist[b];
    }
    if (r->min > v)
        *sure = n;   /* every cartridge is above */
    return n;
}

static void limits(mctx *c)
{
    const cckit_profile *p = c->p;
    for (size_t i = 0; i < c->m->n_limits; i++) {
        const cckit_model_limit *l = &c->m->limits[i];
        size_t k = 0;
        while (k < sizeof limit_facts / sizeof limit_facts[0] && strcmp(limit_facts[k].limit, l->name))
            k++;
        cckit_model_match x;
        init(&x, "limits.", &l->st, l->effect);
        snprintf(x.statement + 7, sizeof x.statement - 7, "%s", l->name);
        snprintf(x.stated, sizeof x.stated, "%s at most %" PRIu64 " (%s)", l->name, l->max,
                 effect_words(l->effect));
        cckit_pfact f = k < sizeof limit_facts / sizeof limit_facts[0] ? limit_facts[k].fact
                                                                      : FACT_NONE;
        if (f == FACT_NONE || !p->ranges[f].seen) {
            snprintf(x.feature, sizeof x.feature, "%s", f == FACT_NONE ? l->name
                     : cckit_pfact_name(f));
            x.result = CCKIT_MATCH_UNKNOWN;
            x.cartridges_max = p->cartridges;
            snprintf(x.seen, sizeof x.seen, "not recorded by the profile");
            snprintf(x.message, sizeof x.message, "%s: the profile does not record it, so "
                     "whether a cartridge goes beyond %" PRIu64 " is unknown", l->name, l->max);
            emit(c, &x);
            continue;
        }
        const cckit_prange *r = &p->ranges[f];
        unsigned off = limit_facts[k].offset;
        uint64_t lim = l->max > UINT64_MAX - off ? UINT64_MAX : l->max + off;
        snprintf(x.feature, sizeof x.feature, "%s", cckit_pfact_name(f));
        uint64_t lo = r->min >= off ? r->min - off : 0, hi = r->max >= off ? r->max - off : 0;
        snprintf(x.seen, sizeof x.seen, "%s %" PRIu64 "..%" PRIu64 "%s", l->name, lo, hi,
                 off ? " (organization_depth - 1)" : "");
        uint64_t sure, most = above(r, lim, &sure);
        x.cartridges = sure;
        x.cartridges_max = most;
        x.result = most ? CCKIT_MATCH_MISMATCH : CCKIT_MATCH;
        if (!most) {
            snprintf(x.message, sizeof x.message, "%s at most %" PRIu64 ", within %s's %" PRIu64,
                     l->name, hi, c->m->name, l->max);
        } else {
            char in[96];
            in_carts(in, sizeof in, &x, p->cartridges);
            snprintf(x.message, sizeof x.message, "%s up to %" PRIu64 ", over %s's limit of %"
                     PRIu64 " %s: %s", l->name, hi, c->m->name, l->max, in,
                     l->effect == CCKIT_EFFECT_FAILS ? "the import fails"
                     : l->st.loss ? l->st.loss : "the excess is lost");
        }
        emit(c, &x);
    }
}

/* ---- kinds --------------------------------------------------------- */

static void kinds(mctx *c)
{
    const cckit_profile *p = c->p;
    const cckit_model *m = c->m;
    for (int k = 0; k < CCKIT_KIND_COUNT; k++) {
        const char *kn = cckit_kind_name((cckit_kind)k);
        const cckit_model_kind *mk = &m->kinds[k];
        uint64_t n = cartridges_of(p, CCKIT_PG_KIND, kn);
        if (mk->support == CCKIT_SUPPORT_UNKNOWN && n == 0)
            continue;
        cckit_model_match x;
        init(&x, "kinds.", mk->support == CCKIT_SUPPORT_UNKNOWN ? NULL : &mk->st,
             CCKIT_EFFECT_LOSS);
        snprintf(x.statement + 6, sizeof x.statement - 6, "%s", kn);
        snprintf(x.feature, sizeof x.feature, "%s", kn);
        snprintf(x.seen, sizeof x.seen, "%s resources in %" PRIu64 " of %" PRIu64 " cartridges",
                 kn, n, p->cartridges);
        switch (mk->support) {
        case CCKIT_SUPPORT_IMPORTED:
            snprintf(x.stated, sizeof x.stated, "imported");
            break;
        case CCKIT_SUPPORT_WITH_LOSS:
            snprintf(x.stated, sizeof x.stated, "imported with loss: %s", mk->st.loss);
            break;
        case CCKIT_SUPPORT_IGNORED:
            snprintf(x.stated, sizeof x.stated, "ignored (dropped with their items)");
            break;
        default:
            snprintf(x.stated, sizeof x.stated, "no source says");
        }
        if (mk->support == CCKIT_SUPPORT_UNKNOWN) {
            x.result = CCKIT_MATCH_UNKNOWN;
            x.cartridges = x.cartridges_max = n;
            snprintf(x.message, sizeof x.message, "%s resources in %" PRIu64 " cartridges: no "
                     "source says what %s does with them", kn, n, m->name);
        } else if (mk->support == CCKIT_SUPPORT_IMPORTED || n == 0) {
            x.result = CCKIT_MATCH;
            if (n)
                snprintf(x.message, sizeof x.message, "%s resources (%" PRIu64 " cartridges): "
                         "%s", kn, n, x.stated);
            else
                snprintf(x.message, sizeof x.message, "%s resources: none in the profile", kn);
        } else {
            x.result = CCKIT_MATCH_MISMATCH;
            x.cartridges = x.cartridges_max = n;
            snprintf(x.message, sizeof x.message, "%s resources in %" PRIu64 " of %" PRIu64
                     " cartridges: %s", kn, n, p->cartridges, x.stated);
        }
        emit(c, &x);
    }
}

/* ---- checks -------------------------------------------------------- */

/* Cartridges showing any field of group g under key containing sub:
 * at least the largest count, at most the sum (capped at the total). */
static bool any_feature(const cckit_profile *p, cckit_pgroup g, const char *key, const char *sub,
                        uint64_t *lo, uint64_t *hi)
{
    size_t kl = strlen(key);
    *lo = *hi = 0;
    for (size_t i = 0; i < p->cap; i++) {
        const cckit_pfeature *f = &p->features[i];
        if (!f->key || f->group != g || strncmp(f->key, key, kl) || !f->cartridges
            || (sub && !strstr(f->key + kl, sub)))
            continue;
        if (f->cartridges > *lo)
            *lo = f->cartridges;
        *hi += f->cartridges;
    }
    if (*hi > p->cartridges)
        *hi = p->cartridges;
    return *hi > 0;
}

static void checks(mctx *c)
{
    const cckit_profile *p = c->p;
    for (size_t i = 0; i < c->m->n_checks; i++) {
        const cckit_model_check *ch = &c->m->checks[i];
        size_t k = 0;
        while (k < sizeof check_features / sizeof check_features[0]
               && strcmp(check_features[k].check, ch->check))
            k++;
        cckit_model_match x;
        init(&x, "checks.", &ch->st, ch->effect);
        snprintf(x.statement + 7, sizeof x.statement - 7, "%s", ch->check);
        snprintf(x.feature, sizeof x.feature, "%s", ch->check);
        snprintf(x.stated, sizeof x.stated, "%s: %s", ch->check,
                 ch->effect == CCKIT_EFFECT_FAILS ? "the import fails"
                 : ch->st.loss ? ch->st.loss : effect_words(ch->effect));
        if (k == sizeof check_features / sizeof check_features[0]) {
            x.result = CCKIT_MATCH_UNKNOWN;
            x.cartridges_max = p->cartridges;
            snprintf(x.seen, sizeof x.seen, "not recorded by the profile");
            snprintf(x.message, sizeof x.message, "%s: the profile does not record it", ch->check);
            emit(c, &x);
            continue;
        }
        const char *shown = check_features[k].shown;
        const char *key = check_features[k].key;
        cckit_pgroup g = check_features[k].group;
        uint64_t lo = 0, hi = 0;
        switch (check_features[k].how) {
        case EXACT:
            lo = hi = cartridges_of(p, g, key);
            snprintf(x.feature, sizeof x.feature, "%s", key);
            break;
        case ANY:
            any_feature(p, g, key, check_features[k].sub, &lo, &hi);
            snprintf(x.feature, sizeof x.feature, "%s*%s", key, check_features[k].sub);
            break;
        case HIST0: {
            /* no item at all, or one empty root item: 0 items for sure,
             * 1 item perhaps */
            const cckit_prange *r = &p->ranges[CCKIT_PF_ITEMS];
            lo = r->hist[0];
            hi = r->hist[0] + r->hist[1];
            snprintf(x.feature, sizeof x.feature, "%s", cckit_pfact_name(CCKIT_PF_ITEMS));
            break;
        }
        case NEEDS: {
            uint64_t pl, ph;
            if (key[strlen(key) - 1] == ':')
                any_feature(p, g, key, NULL, &pl, &ph);
            else
                pl = ph = cartridges_of(p, g, key);
            snprintf(x.feature, sizeof x.feature, "%s", key);
            if (ph) {
                x.result = CCKIT_MATCH_UNKNOWN;
                x.cartridges_max = ph;
                snprintf(x.seen, sizeof x.seen, "the profile records %s", shown);
                snprintf(x.message, sizeof x.message, "%s: unknown; the profile records %s "
                         "(%" PRIu64 " cartridges)", ch->check, shown, ph);
                emit(c, &x);
                continue;
            }
            break;   /* it cannot occur: a match */
        }
        case NONE:
            x.result = CCKIT_MATCH_UNKNOWN;
            x.cartridges_max = p->cartridges;
            snprintf(x.seen, sizeof x.seen, "not recorded (%s)", shown);
            snprintf(x.message, sizeof x.message, "%s: unknown (%s)", ch->check, shown);
            emit(c, &x);
            continue;
        }
        x.cartridges = lo;
        x.cartridges_max = hi;
        char in[96];
        in_carts(in, sizeof in, &x, p->cartridges);
        snprintf(x.seen, sizeof x.seen, "%s %s", shown, in);
        if (hi == 0) {
            x.result = CCKIT_MATCH;
            snprintf(x.message, sizeof x.message, "%s: none in the profile", ch->check);
        } else {
            x.result = CCKIT_MATCH_MISMATCH;
            snprintf(x.message, sizeof x.message, "%s %s: %s", shown, in,
                     ch->effect == CCKIT_EFFECT_FAILS ? "the import fails"
                     : ch->st.loss ? ch->st.loss : effect_words(ch->effect));
        }
        emit(c, &x);
    }
}

/* ---- qti.keeps ----------------------------------------------------- */

static void qti_keeps(mctx *c)
{
    const cckit_profile *p = c->p;
    const cckit_model *m = c->m;
    static const char prefix[] = "qti.cc_profile=";
    if (!m->has_qti)
        return;
    size_t n;
    const cckit_pfeature **v = cckit_profile_sorted(p, &n);
    if (!v)
        return;
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        const cckit_pfeature *f = v[i];
        if (f->group != CCKIT_PG_TOKEN || strncmp(f->key, prefix, sizeof prefix - 1)
            || !f->cartridges)
            continue;
        const char *type = f->key + sizeof prefix - 1;
        seen++;
        bool kept = false;
        for (size_t k = 0; k < m->n_qti_keeps; k++)
            kept |= !strcmp(type, m->qti_keeps[k]);
        cckit_model_match x;
        init(&x, "qti.keeps", &m->qti, CCKIT_EFFECT_LOSS);
        snprintf(x.feature, sizeof x.feature, "%s", f->key);
        snprintf(x.seen, sizeof x.seen, "%" PRIu64 " questions of type %s in %" PRIu64 " of %"
                 PRIu64 " cartridges", f->count, type, f->cartridges, p->cartridges);
        snprintf(x.stated, sizeof x.stated, "keeps %zu question type%s", m->n_qti_keeps,
                 m->n_qti_keeps == 1 ? "" : "s");
        if (kept) {
            x.result = CCKIT_MATCH;
            snprintf(x.message, sizeof x.message, "questions of type %s: kept", type);
        } else {
            x.result = CCKIT_MATCH_MISMATCH;
            x.cartridges = x.cartridges_max = f->cartridges;
            snprintf(x.message, sizeof x.message, "%" PRIu64 " questions of type %s in %" PRIu64
                     " of %" PRIu64 " cartridges: %s does not keep them", f->count, type,
                     f->cartridges, p->cartridges, m->name);
        }
        emit(c, &x);
    }
    free(v);
    if (!seen) {
        /* the statement stands, and concerns no question of the profile */
        cckit_model_match x;
        init(&x, "qti.keeps", &m->qti, CCKIT_EFFECT_LOSS);
        snprintf(x.feature, sizeof x.feature, "%s*", prefix);
        snprintf(x.seen, sizeof x.seen, "no question in %" PRIu64 " cartridges", p->cartridges);
        snprintf(x.stated, sizeof x.stated, "keeps %zu question type%s", m->n_qti_keeps,
                 m->n_qti_keeps == 1 ? "" : "s");
        snprintf(x.message, sizeof x.message, "no question in the profile");
        emit(c, &x);
    }
}

size_t cckit_profile_compare_model(const cckit_profile *p, const cckit_model *m,
                                   cckit_model_match_fn fn, void *ctx)
{
    mctx c = { p, m, fn, ctx, 0 };
    versions(&c);
    limits(&c);
    kinds(&c);
    checks(&c);
    qti_keeps(&c);
    return c.mismatches;
}
