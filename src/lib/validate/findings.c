/* findings.c - the report sink every check calls: a finding of a code
 * of the registry (cckit_vreport), a file looked at (cckit_vfile), and
 * the result they fill.  It sits below every family of checks, and knows
 * the registry only through the run's context (v->rules), so that no
 * family is called back by the file it reports to. */
#include "validate/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cckit_rule *cckit_rules_lookup(const cckit_rule *const *tables, const char *code)
{
    if (!tables || !code)
        return NULL;
    for (size_t t = 0; tables[t]; t++)
        for (const cckit_rule *r = tables[t]; r->code; r++)
            if (strcmp(r->code, code) == 0)
                return r;
    return NULL;
}

const cckit_rule *cckit_vrule(const cckit_vctx *v, const char *code)
{
    return cckit_rules_lookup(v->rules, code);
}

/* The lenient severity of a finding of rule r reported at sev (given by
 * the check, or the registry's in the mode).  A check that weighs a
 * finding by the situation only ever weakens the registry's severity
 * (a CC 1.0 recommendation, ...), and the same situation weakens the
 * lenient one; so in strict mode it is the weaker of the two. */
static cckit_severity lenient_of(const cckit_vctx *v, const cckit_rule *r, cckit_severity sev)
{
    if (!v->strict || !r)
        return sev;
    return r->lenient_severity < sev ? r->lenient_severity : sev;
}

static void vreport_va2(cckit_vctx *v, bool have_sev, cckit_severity sev, bool have_lenient,
                        cckit_severity lenient, const char *code, const char *file,
                        unsigned line, cckit_limit_id limit, const char *fmt, va_list ap)
{
    const cckit_rule *r = cckit_vrule(v, code);
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (!r) {
        /* A check used a code missing from the registry: say so loudly
         * rather than emit an undocumented code. */
        cckit_diags_add(&v->out->diags, CCKIT_SEV_ERROR, cckit_rules_internal[0].code, NULL,
                        file ? file : "imsmanifest.xml", line, cckit_rules_internal[0].hint,
                        "internal: unregistered diagnostic code %s: %s", code, msg);
        return;
    }
    if (!have_sev)
        sev = v->strict ? r->strict_severity : r->lenient_severity;
    if (!have_lenient || !v->strict || lenient > sev)
        lenient = lenient_of(v, r, sev);
    if (cckit_diags_add(&v->out->diags, sev, r->code, r->rule, file ? file : "imsmanifest.xml",
                        line, cckit_hint_for(r, v->m ? v->m->version : CCKIT_CC_UNKNOWN), "%s", msg)) {
        v->out->diags.v[v->out->diags.n - 1].limit = limit;
        v->out->diags.v[v->out->diags.n - 1].lenient_severity = lenient;
    }
}

static void vreport_va(cckit_vctx *v, bool have_sev, cckit_severity sev, const char *code,
                       const char *file, unsigned line, cckit_limit_id limit,
                       const char *fmt, va_list ap)
{
    vreport_va2(v, have_sev, sev, false, CCKIT_SEV_ERROR, code, file, line, limit, fmt, ap);
}

void cckit_vreport(cckit_vctx *v, const char *code, const char *file, unsigned line,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_va(v, false, CCKIT_SEV_ERROR, code, file, line, CCKIT_LIMIT_NONE, fmt, ap);
    va_end(ap);
}

void cckit_vreport_limit(cckit_vctx *v, const char *code, const char *file, unsigned line,
                         cckit_limit_id limit, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_va(v, false, CCKIT_SEV_ERROR, code, file, line, limit, fmt, ap);
    va_end(ap);
}

void cckit_vreport_error(cckit_vctx *v, const char *code, const char *file,
                         const cckit_error *e)
{
    /* The error names its file and line in fields: the finding says them
     * in its own, and its message is the rest. */
    bool placed = file && e->file[0] && strcmp(e->file, file) == 0;
    cckit_vreport_limit(v, code, file, placed ? e->line : 0, e->limit, "%s",
                        placed ? e->message + e->text_offset : e->message);
}

void cckit_vreport_lenient(cckit_vctx *v, cckit_severity lenient, const char *code,
                           const char *file, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_va2(v, false, CCKIT_SEV_ERROR, true, lenient, code, file, line, CCKIT_LIMIT_NONE,
                fmt, ap);
    va_end(ap);
}

void cckit_vreport_sev(cckit_vctx *v, cckit_severity sev, const char *code, const char *file,
                       unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_va(v, true, sev, code, file, line, CCKIT_LIMIT_NONE, fmt, ap);
    va_end(ap);
}

void cckit_vnomem(cckit_vctx *v)
{
    v->out->diags.oom = true;
}

bool cckit_vnomem_if(cckit_vctx *v, cckit_status st)
{
    if (st != CCKIT_E_NOMEM)
        return false;
    cckit_vnomem(v);
    return true;
}

cckit_href_status cckit_vresolve(cckit_vctx *v, const char *base_dir, const char *href,
                                 unsigned flags, char **out)
{
    cckit_href_status st = cckit_href_resolve_ex(base_dir, href, flags, out);
    if (st == CCKIT_HREF_NOMEM)
        cckit_vnomem(v);
    return st;
}

cckit_severity cckit_vseverity(const cckit_vctx *v, const char *code)
{
    const cckit_rule *r = cckit_vrule(v, code);
    if (!r)
        return CCKIT_SEV_ERROR;
    return v->strict ? r->strict_severity : r->lenient_severity;
}

void cckit_vreport_omitted(cckit_vctx *v, cckit_severity sev, const char *code, const char *file,
                           unsigned line, size_t n, const char *fmt, ...)
{
    if (n == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vreport_va(v, true, sev, code, file, line, CCKIT_LIMIT_NONE, fmt, ap);
    va_end(ap);
    v->out->omitted[sev] += n - 1; /* the summary line stands for one */
    v->out->omitted_lenient[lenient_of(v, cckit_vrule(v, code), sev)] += n - 1;
}

cckit_checked_file *cckit_vfile(cckit_vctx *v, const char *path, const char *role)
{
    cckit_validation *o = v->out;
    if (o->n_files == o->cap_files) {
        size_t ncap = o->cap_files ? o->cap_files * 2 : 64;
        cckit_checked_file *nf = realloc(o->files, ncap * sizeof *nf);
        if (!nf) {
            cckit_vnomem(v);
            return NULL;
        }
        o->files = nf;
        o->cap_files = ncap;
    }
    cckit_checked_file *f = &o->files[o->n_files];
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    if (!f->path) {
        cckit_vnomem(v);
        return NULL;
    }
    f->role = role;
    o->n_files++;
    return f;
}

size_t cckit_validation_count(const cckit_validation *v, cckit_severity sev)
{
    return cckit_diags_count(&v->diags, sev) + v->omitted[sev];
}

size_t cckit_validation_count_lenient(const cckit_validation *v, cckit_severity sev)
{
    size_t n = v->omitted_lenient[sev];
    for (size_t i = 0; i < v->diags.n; i++)
        n += v->diags.v[i].lenient_severity == sev;
    return n;
}

void cckit_validation_free(cckit_validation *v)
{
    if (!v)
        return;
    cckit_diags_free(&v->diags);
    for (size_t i = 0; i < v->n_files; i++) {
        free(v->files[i].path);
        free(v->files[i].schema);
    }
    free(v->files);
    free(v->path);
    free(v);
}
