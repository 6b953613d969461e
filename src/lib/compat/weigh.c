/* weigh.c - one scan of a cartridge against one import model: the
 * verdict and the ledger.  Each finding quotes the model's statement and
 * its source; what the model does not state is an info finding ("unknown
 * for this target"), never read as kept or as failing.  Verdict: an
 * error fails, a warning (a loss, a setup) imports with losses. */
#include "compat/compat.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wctx {
    const cckit_scan *s;
    const cckit_model *m;
    cckit_compat_target *t;
    bool ok;
} wctx;

static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void add(wctx *w, cckit_severity sev, const char *code, const cckit_hit *at,
                const cckit_model_statement *st, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void add(wctx *w, cckit_severity sev, const char *code, const cckit_hit *at,
                const cckit_model_statement *st, const char *fix, const char *fmt, ...)
{
    cckit_compat_target *t = w->t;
    if (t->n_findings == t->cap_findings) {
        size_t nc = t->cap_findings ? 2 * t->cap_findings : 8;
        cckit_compat_finding *nv = realloc(t->findings, nc * sizeof *nv);
        if (!nv) {
            w->ok = false;
            return;
        }
        t->findings = nv;
        t->cap_findings = nc;
    }
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (st && st->says) {
        size_t l = strlen(msg);
        snprintf(msg + l, sizeof msg - l, " (%s says: \"%s\")", w->m->name, st->says);
    }
    cckit_compat_finding *f = &t->findings[t->n_findings];
    memset(f, 0, sizeof *f);
    f->severity = sev;
    f->code = dup0(code);
    f->message = dup0(msg);
    f->item = at ? dup0(at->item) : NULL;
    f->resource = at ? dup0(at->resource) : NULL;
    f->file = at ? dup0(at->file) : NULL;
    f->line = at ? at->line : 0;
    f->source = st && st->source ? dup0(st->source->ref) : NULL;
    f->how = st && st->source ? dup0(st->source->how) : NULL;
    f->fix = dup0(fix ? fix : st ? st->fix : NULL);
    if (!f->code || !f->message || (at && ((at->item && !f->item) || (at->resource && !f->resource)
                                           || (at->file && !f->file)))
        || (st && st->source && ((st->source->ref && !f->source) || (st->source->how && !f->how)))
        || ((fix || (st && st->fix)) && !f->fix))
        w->ok = false;
    t->n_findings++;
    if (sev == CCKIT_SEV_ERROR)
        t->verdict = CCKIT_VERDICT_FAILS;
    else if (sev == CCKIT_SEV_WARNING && t->verdict == CCKIT_VERDICT_IMPORTS)
        t->verdict = CCKIT_VERDICT_LOSSES;
}

static void versions(wctx *w)
{
    const cckit_manifest *mf = w->s->cart->manifest;
    cckit_cc_version v = mf->version;
    const char *vs = cckit_cc_version_string(v);
    unsigned bit = v >= CCKIT_CC_1_0 && v <= CCKIT_CC_1_4 ? 1u << (v - CCKIT_CC_1_0) : 0;
    if (w->m->accept & bit)
        ;
    else if (!bit || (w->m->unknown & bit))
        add(w, CCKIT_SEV_INFO, "compat.version-unknown", NULL, &w->m->versions, NULL,
            "CC %s: no source says whether %s imports it", vs, w->m->name);
    else
        add(w, CCKIT_SEV_ERROR, "compat.version", NULL, &w->m->versions, NULL,
            "%s does not import CC %s", w->m->name, vs);
    if (mf->thin && w->m->thin == 0)
        add(w, CCKIT_SEV_ERROR, "compat.thin", NULL, &w->m->versions, NULL,
            "%s does not import Thin Common Cartridges", w->m->name);
    else if (mf->thin && w->m->thin < 0)
        add(w, CCKIT_SEV_INFO, "compat.thin-unknown", NULL, NULL, NULL,
            "a Thin Common Cartridge: no source says whether %s imports it", w->m->name);
}

/* Code points of a UTF-8 string. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void over(wctx *w, const cckit_model_limit *l, const cckit_hit *at, const char *what,
                 uint64_t value)
{
    char code[64];
    snprintf(code, sizeof code, "compat.limit.%s", l->name);
    if (l->effect == CCKIT_EFFECT_FAILS)
        add(w, CCKIT_SEV_ERROR, code, at, &l->st, NULL, "%s is %llu, over %s's limit of %llu",
            what, (unsigned long long)value, w->m->name, (unsigned long long)l->max);
    else
        add(w, CCKIT_SEV_WARNING, code, at, &l->st, NULL, "%s is %llu, over %s's limit of %llu: %s",
            what, (unsigned long long)value, w->m->name, (unsigned long long)l->max,
            l->st.loss ? l->st.loss : "the excess is lost");
}

static void limits(wctx *w)
{
    const cckit_cartridge *c = w->s->cart;
    const cckit_source *src = c->source;
    size_t ne = src ? cckit_source_count(src) : 0;
    uint64_t total = 0;
    for (size_t i = 0; i < ne; i++)
        total += cckit_source_entry(src, i)->size;
    for (size_t k = 0; k < w->m->n_limits && w->ok; k++) {
        const cckit_model_limit *l = &w->m->limits[k];
        const char *n = l->name;
        if (!strcmp(n, "package_bytes")) {
            uint64_t sz = src ? cckit_source_size(src) : 0;
            if (src && cckit_source_is_archive(src) && sz > l->max)
                over(w, l, NULL, "the package's size in bytes", sz);
        } else if (!strcmp(n, "uncompressed_bytes")) {
            if (total > l->max)
                over(w, l, NULL, "the unpacked size in bytes", total);
        } else if (!strcmp(n, "uncompressed_ratio")) {
            /* over when total > max x size: a ratio of 100.5 is over 100 */
            uint64_t sz = src && cckit_source_is_archive(src) ? cckit_source_size(src) : 0;
            if (sz && (total / sz > l->max || (total / sz == l->max && total % sz)))
                over(w, l, NULL, "the unpacked size / archive size (rounded up)",
                     total / sz + (total % sz != 0));
        } else if (!strcmp(n, "entries")) {
            if (ne > l->max)
                over(w, l, NULL, "the number of files", ne);
        } else if (!strcmp(n, "file_bytes") || !strcmp(n, "path_length")
                   || !strcmp(n, "name_length")) {
            for (size_t i = 0; i < ne && w->ok; i++) {
                const cckit_entry *e = cckit_source_entry(src, i);
                const char *base = strrchr(e->name, '/');
                uint64_t v = n[0] == 'f' ? e->size
                             : n[0] == 'p' ? strlen(e->name) : strlen(base ? base + 1 : e->name);
                cckit_hit at = { NULL, NULL, e->name, 0, NULL };
                if (v > l->max)
                    over(w, l, &at, n[0] == 'f' ? "the file's size in bytes"
                                    : n[0] == 'p' ? "the length of the path" : "the length of the name", v);
            }
        } else if ((!strcmp(n, "org_depth") || !strcmp(n, "title_length"))
                   && c->manifest->organization) {
            unsigned depth = 0;
            const cckit_item *deep = NULL;
            for (const cckit_item *it = c->manifest->organization->first_item; it && w->ok;
                 it = cckit_item_next(it)) {
                if (n[0] == 'o' && it->first_child && it->depth > depth) {
                    depth = it->depth;
                    deep = it;
                }
                if (n[0] == 't' && it->title && chars(it->title) > l->max) {
                    cckit_hit at = { it->title, it->resource ? it->resource->identifier : NULL,
                                     it->pos.file, it->pos.line, NULL };
                    over(w, l, &at, "the title's length in characters", chars(it->title));
                }
            }
            if (deep && depth > l->max) {
                cckit_hit at = { deep->title, NULL, deep->pos.file, deep->pos.line, NULL };
                over(w, l, &at, "the depth of folders in the organization", depth);
            }
        }
    }
}

static void kinds(wctx *w)
{
    const cckit_manifest *mf = w->s->cart->manifest;
    bool told[CCKIT_KIND_COUNT] = { false };
    for (size_t i = 0; i < mf->n_resources && w->ok; i++) {
        const cckit_resource *r = mf->resources[i];
        const cckit_model_kind *k = &w->m->kinds[r->kind];
        cckit_hit at = { w->s->res_title[r->index], r->identifier, r->pos.file, r->pos.line, NULL };
        const char *kn = cckit_kind_name(r->kind);
        if (k->support == CCKIT_SUPPORT_IGNORED)
            add(w, CCKIT_SEV_WARNING, "compat.kind-ignored", &at, &k->st, NULL,
                "%s ignores %s resources: this one and its items are dropped", w->m->name, kn);
        else if (k->support == CCKIT_SUPPORT_WITH_LOSS)
            add(w, CCKIT_SEV_WARNING, "compat.kind-loss", &at, &k->st, NULL,
                "%s resource imported with loss: %s", kn, k->st.loss);
        else if (k->support == CCKIT_SUPPORT_UNKNOWN && !told[r->kind]) {
            /* one finding a kind: the defect is the model's silence */
            told[r->kind] = true;
            add(w, CCKIT_SEV_INFO, "compat.kind-unknown", &at, NULL, NULL,
                "%s resources: no source says what %s does with them (unknown for this target)",
                kn, w->m->name);
        }
    }
}

static void qti(wctx *w)
{
    const cckit_model *m = w->m;
    if (!m->has_qti)
        return;
    for (size_t i = 0; i < w->s->n_qti && w->ok; i++) {
        const cckit_qti_item *q = &w->s->qti[i];
        bool kept = false;
        for (size_t k = 0; q->profile && k < m->n_qti_keeps; k++)
            kept |= !strcmp(q->profile, m->qti_keeps[k]);
        if (kept)
            continue;
        cckit_hit at = { q->title ? q->title : w->s->res_title[q->res->index], q->res->identifier,
                         q->file, q->line, NULL };
        add(w, CCKIT_SEV_WARNING, "compat.qti-type", &at, &m->qti, NULL,
            "question of type %s: %s keeps only %zu question types; this one is dropped",
            q->profile ? q->profile : "(none)", m->name, m->n_qti_keeps);
    }
}

static void checks(wctx *w, const cckit_hits *hits)
{
    size_t nc = cckit_compat_check_count();
    for (size_t i = 0; i < nc && w->ok; i++) {
        if (!hits[i].n)
            continue;
        const char *name = cckit_compat_check_name(i, NULL);
        char code[96];
        snprintf(code, sizeof code, "compat.%s", name);
        bool stated = false;
        for (size_t k = 0; k < w->m->n_checks && w->ok; k++) {
            const cckit_model_check *ch = &w->m->checks[k];
            if (strcmp(ch->check, name))
                continue;
            stated = true;
            for (size_t h = 0; h < hits[i].n && w->ok; h++) {
                const cckit_hit *x = &hits[i].v[h];
                if (ch->effect == CCKIT_EFFECT_FAILS)
                    add(w, CCKIT_SEV_ERROR, code, x, &ch->st, NULL, "%s: the import fails",
                        x->detail ? x->detail : name);
                else
                    add(w, CCKIT_SEV_WARNING, code, x, &ch->st, NULL, "%s: %s%s",
                        x->detail ? x->detail : name,
                        ch->effect == CCKIT_EFFECT_NEEDS_SETUP ? "needs setup: " : "",
                        ch->st.loss);
            }
        }
        if (!stated && strcmp(name, "manifest-not-at-root")) {
            const char *sum;
            cckit_compat_check_name(i, &sum);
            add(w, CCKIT_SEV_INFO, code, &hits[i].v[0], NULL, NULL,
                "%zu occurrence%s of \"%s\": no source says what %s does (unknown for this "
                "target)", hits[i].n, hits[i].n == 1 ? "" : "s", sum, w->m->name);
        }
    }
}

static void validation(wctx *w)
{
    size_t errors = w->s->val ? cckit_validation_count(w->s->val, CCKIT_SEV_ERROR) : 0;
    if (errors)
        add(w, CCKIT_SEV_INFO, "compat.validation", NULL, NULL,
            "see 'cckit validate' for each", "cckit validate finds %zu error%s; whether %s "
            "minds those this ledger does not name is unknown", errors, errors == 1 ? "" : "s",
            w->m->name);
}

bool cckit_compat_weigh(const cckit_scan *s, const cckit_hits *hits, const cckit_model *m,
                        cckit_compat_target *out)
{
    memset(out, 0, sizeof *out);
    wctx w = { s, m, out, true };
    out->target = dup0(m->target);
    out->name = dup0(m->name);
    out->model_file = dup0(m->file);
    out->verdict = CCKIT_VERDICT_IMPORTS;
    if ((m->target && !out->target) || (m->name && !out->name) || (m->file && !out->model_file))
        return false;
    if (!s->cart) {
        /* Nothing can be read: no target can import it.  A target that
         * states this case (manifest-not-at-root) gives its own reason. */
        checks(&w, hits);
        add(&w, CCKIT_SEV_ERROR, "compat.unreadable", NULL, NULL,
            "fix what 'cckit validate' reports", "the package cannot be read: %s",
            s->open_error ? s->open_error : "unknown error");
        return w.ok;
    }
    versions(&w);
    limits(&w);
    kinds(&w);
    qti(&w);
    checks(&w, hits);
    validation(&w);
    return w.ok;
}

bool cckit_compat_weigh_site(const cckit_diags *d, const cckit_model *m, cckit_compat_target *out)
{
    wctx w = { NULL, m, out, true };
    cckit_model_statement st = { 0 };
    cckit_model_source src = { "schematron", m->schematron, "site rules" };
    st.source = &src;
    for (size_t i = 0; i < d->n && w.ok; i++) {
        cckit_hit at = { NULL, NULL, d->v[i].file, d->v[i].line, NULL };
        add(&w, d->v[i].severity, d->v[i].code, &at, &st, NULL, "%s", d->v[i].message);
    }
    return w.ok;
}
