/* compat.c - `cckit compat`'s run: open the cartridge once, validate it
 * once, run the check vocabulary once (QTI files parsed once), then weigh
 * that one scan against every model asked.  So ten targets cost about
 * one validation (bench/compat.sh measures it). */
#include "compat/compat.h"
#include "validate/validate.h"
#include <stdlib.h>
#include <string.h>

const char *cckit_verdict_name(cckit_verdict v)
{
    switch (v) {
    case CCKIT_VERDICT_IMPORTS: return "imports";
    case CCKIT_VERDICT_LOSSES: return "imports-with-losses";
    default: return "fails";
    }
}

/* Title of the first item that references each resource. */
static bool resource_titles(cckit_scan *s)
{
    const cckit_manifest *m = s->cart->manifest;
    s->res_title = cckit_arena_alloc(s->arena, (m->n_resources + 1) * sizeof *s->res_title);
    if (!s->res_title)
        return false;
    memset(s->res_title, 0, (m->n_resources + 1) * sizeof *s->res_title);
    if (!m->organization)
        return true;
    for (const cckit_item *it = m->organization->first_item; it; it = cckit_item_next(it))
        if (it->resource && it->resource->index < m->n_resources && !s->res_title[it->resource->index])
            s->res_title[it->resource->index] = it->title;
    return true;
}

/* A model's own Schematron, applied for that target only. */
static cckit_status site_rules(const cckit_cartridge *cart, const cckit_model *m,
                               const cckit_limits *lim, cckit_compat_target *t, cckit_error *err)
{
    cckit_site_rules *r = NULL;
    cckit_status st = cckit_site_rules_load(m->schematron, lim, &r, err);
    if (st != CCKIT_OK)
        return st;
    cckit_diags d = { 0 };
    cckit_site_rules_run(r, cart, lim, &d);
    bool ok = !d.oom && cckit_compat_weigh_site(&d, m, t);
    cckit_diags_free(&d);
    cckit_site_rules_free(r);
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

static cckit_status compat_run(const char *path, cckit_model *const *models, size_t n_models,
                               const cckit_validate_options *opt, cckit_compat **out,
                               cckit_error *err)
{
    *out = NULL;
    cckit_validate_options dflt;
    if (!opt) {
        cckit_validate_options_default(&dflt);
        opt = &dflt;
    }
    cckit_compat *c = calloc(1, sizeof *c);
    cckit_scan s;
    memset(&s, 0, sizeof s);
    s.arena = cckit_arena_new();
    size_t nc = cckit_compat_check_count();
    cckit_hits *hits = calloc(nc, sizeof *hits);
    if (c)
        c->targets = calloc(n_models ? n_models : 1, sizeof *c->targets);
    if (!c || !s.arena || !hits || !c->targets || !(c->path = strdup(path))) {
        cckit_compat_free(c);
        cckit_arena_free(s.arena);
        free(hits);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }

    cckit_cartridge *cart = NULL;
    cckit_error oerr;
    memset(&oerr, 0, sizeof oerr);
    cckit_status st = cckit_cartridge_open(path, &opt->limits, &cart, &oerr);
    s.open_status = st;
    s.open_error = cckit_arena_strdup(s.arena, oerr.message);
    if (!s.open_error)   /* the verdict would lose its reason */
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    else if (st == CCKIT_OK) {
        s.cart = cart;
        c->readable = true;
        c->version = cart->manifest->version;
        c->thin = cart->manifest->thin;
        st = cckit_validate_cartridge(cart, opt, &c->validation, err);
        if (st == CCKIT_OK && (!resource_titles(&s) || !cckit_qti_scan(&s, &opt->limits)))
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        s.val = c->validation;
    } else if (st == CCKIT_E_NOMEM) {
        *err = oerr;
    } else {
        st = CCKIT_OK;   /* an unreadable cartridge is a verdict, not a failure */
    }
    for (size_t i = 0; st == CCKIT_OK && i < nc; i++)
        if (!cckit_compat_check_run(i, &s, &hits[i]))
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    for (size_t i = 0; st == CCKIT_OK && i < n_models; i++) {
        bool ok = cckit_compat_weigh(&s, hits, models[i], &c->targets[i]);
        c->n_targets++;
        if (!ok)
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        if (st == CCKIT_OK && cart && models[i]->schematron)
            st = site_rules(cart, models[i], &opt->limits, &c->targets[i], err);
    }
    free(hits);
    cckit_arena_free(s.arena);
    cckit_cartridge_free(cart);
    if (st != CCKIT_OK) {
        cckit_compat_free(c);
        return st;
    }
    *out = c;
    return CCKIT_OK;
}

void cckit_compat_free(cckit_compat *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_targets; i++) {
        cckit_compat_target *t = &c->targets[i];
        for (size_t k = 0; k < t->n_findings; k++) {
            cckit_compat_finding *f = &t->findings[k];
            free(f->code);
            free(f->message);
            free(f->item);
            free(f->resource);
            free(f->file);
            free(f->source);
            free(f->how);
            free(f->fix);
        }
        free(t->findings);
        free(t->target);
        free(t->name);
        free(t->model_file);
    }
    free(c->targets);
    cckit_validation_free(c->validation);
    free(c->path);
    free(c);
}

cckit_status cckit_compat_check(const char *path, cckit_model *const *models, size_t n_models,
                                const cckit_validate_options *opt, cckit_compat **out,
                                cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call
     * (site rules compile and run here). */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = compat_run(path, models, n_models, opt, out, err);
    cckit_xml_leave(&xs);
    return st;
}
