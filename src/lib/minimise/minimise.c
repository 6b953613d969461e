/* minimise.c - cckit_minimise: an anonymised copy of a cartridge that
 * keeps its structure and its validator findings.
 *
 * One pass over the entries: names through cckit_anon_path (the
 * manifest keeps its name), XML through anon_markup.c, HTML and CSS
 * through anon_html.c, everything else a placeholder of its type (an
 * empty file stays empty).  The archive is written by export's
 * writer (a temporary beside OUT, renamed); before the rename the
 * temporary is validated and its findings set against the input's, as a
 * multiset of (code, rule): a difference is in the result, never hidden. */
#include "minimise/anon.h"
#include "minimise/minimise.h"
#include "export/archive_writer.h"
#include "base/cancel.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void cckit_minimise_options_default(cckit_minimise_options *opt)
{
    memset(opt, 0, sizeof *opt);
    cckit_limits_default(&opt->limits);
}

void cckit_minimise_result_free(cckit_minimise_result *r)
{
    if (r == NULL)
        return;
    cckit_diags_free(&r->lost);
    free(r);
}

static const char *ext_of(const char *name)
{
    const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

static bool ext_is(const char *name, const char *const *list)
{
    const char *e = ext_of(name);
    for (; *list; list++)
        if (cckit_strcasecmp_ascii(e, *list) == 0)
            return true;
    return false;
}

cckit_status cckit_minimise_read_entry(cckit_source *src, const cckit_entry *e, uint64_t cap,
                                       char **out, size_t *n, cckit_error *err)
{
    *out = NULL;
    *n = 0;
    if (e->size > cap)
        return CCKIT_E_LIMIT;
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    size_t cap_b = (size_t)e->size + 1;
    char *buf = malloc(cap_b);
    if (buf == NULL) {
        cckit_stream_close(s);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    size_t len = 0;
    long r;
    while (len < cap_b - 1 && (r = cckit_stream_read(s, buf + len, cap_b - 1 - len, err)) > 0)
        len += (size_t)r;
    cckit_stream_close(s);
    if (err->status != CCKIT_OK && len < cap_b - 1) {
        free(buf);
        return err->status;
    }
    buf[len] = '\0';
    *out = buf;
    *n = len;
    return CCKIT_OK;
}

/* The anonymised bytes of one entry (malloc'd in *out, or a static
 * placeholder in *ph). */
static cckit_status one_entry(cckit_anon *a, cckit_source *src, const cckit_entry *e,
                              const cckit_limits *lim, char **out, size_t *n,
                              const void **ph, cckit_error *err)
{
    static const char *const xml_ext[] = { "xml", "qti", "xsd", NULL };
    static const char *const html_ext[] = { "html", "htm", "xhtml", NULL };
    static const char *const css_ext[] = { "css", NULL };
    *out = NULL;
    *ph = NULL;
    *n = 0;
    bool is_manifest = strcmp(e->name, "imsmanifest.xml") == 0;
    int kind = is_manifest || ext_is(e->name, xml_ext) ? 1 : ext_is(e->name, html_ext) ? 2
             : ext_is(e->name, css_ext) ? 3 : 0;
    if (e->size == 0) {
        *ph = "";
        return CCKIT_OK;
    }
    uint64_t cap = is_manifest ? lim->max_manifest_size : lim->max_xml_size;
    if (kind == 0 || e->size > cap) {
        *ph = cckit_anon_placeholder(e->name, n);
        return CCKIT_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    cckit_status st = cckit_minimise_read_entry(src, e, cap, &buf, &len, err);
    if (st != CCKIT_OK)
        return st;
    bool ok = true;
    if (kind == 1) {
        st = cckit_anon_xml(a, buf, len, e->name, lim, out, n, err);
        free(buf);
        return st;
    } else {
        cckit_strbuf b;
        cckit_strbuf_init(&b);
        cckit_strbuf_adds(&b, "");
        if (kind == 2)
            cckit_anon_markup(a, buf, len, &b);
        else
            cckit_anon_css(a, buf, len, &b);
        ok = !b.oom;
        *out = b.s;
        *n = b.len;
        if (!ok) {
            free(b.s);
            *out = NULL;
        }
    }
    free(buf);
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* ---- the findings check --------------------------------------------- */

typedef struct check_ctx {
    const cckit_minimise_options *opt;
    const cckit_validation *vin;
    cckit_minimise_result *res;
} check_ctx;

static int diag_cmp(const void *x, const void *y)
{
    const cckit_diag *a = *(const cckit_diag *const *)x, *b = *(const cckit_diag *const *)y;
    int c = strcmp(a->code, b->code);
    if (c)
        return c;
    return strcmp(a->rule ? a->rule : "", b->rule ? b->rule : "");
}

/* The findings compared, sorted; *n of them.  manifest.extension is
 * about the archive's own name (OUTPUT is the user's choice, and is
 * checked under its temporary name), not about what is in it. */
static const cckit_diag **sorted(const cckit_diags *d, size_t *n)
{
    const cckit_diag **v = malloc((d->n + 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].code, "manifest.extension") != 0)
            v[(*n)++] = &d->v[i];
    qsort(v, *n, sizeof *v, diag_cmp);
    return v;
}

bool cckit_minimise_compare(const cckit_diags *in, const cckit_diags *out, cckit_diags *lost)
{
    size_t na = 0, nb = 0;
    const cckit_diag **a = sorted(in, &na), **b = sorted(out, &nb);
    bool same = true;
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        lost->oom = true;
        return false;
    }
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        const cckit_diag *g = i < na && (j >= nb || diag_cmp(&a[i], &b[j]) <= 0) ? a[i] : b[j];
        size_t ni = 0, nj = 0;
        while (i < na && diag_cmp(&a[i], &g) == 0)
            i++, ni++;
        while (j < nb && diag_cmp(&b[j], &g) == 0)
            j++, nj++;
        if (ni != nj) {
            same = false;
            cckit_diags_add(lost, CCKIT_SEV_INFO, g->code, g->rule, NULL, 0, NULL,
                            "input %zu, output %zu", ni, nj);
        }
    }
    free(a);
    free(b);
    return same;
}

static size_t compared(const cckit_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += strcmp(d->v[i].code, "manifest.extension") != 0;
    return n;
}

static cckit_status check_output(const char *tmp_path, void *vctx, cckit_error *err)
{
    check_ctx *c = vctx;
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = c->opt->schema_dir;
    vo.limits = c->opt->limits;
    cckit_validation *v = NULL;
    cckit_status st = cckit_validate(tmp_path, &vo, &v, err);
    if (st != CCKIT_OK)
        return st;
    c->res->findings_in = compared(&c->vin->diags);
    c->res->findings_out = compared(&v->diags);
    c->res->same_findings = cckit_minimise_compare(&c->vin->diags, &v->diags, &c->res->lost);
    bool oom = c->res->lost.oom;
    cckit_validation_free(v);
    return oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}

/* ---- the run --------------------------------------------------------- */

cckit_status cckit_minimise(const char *in, const char *out, const cckit_minimise_options *opt,
                            cckit_minimise_result **resp, cckit_error *err)
{
    cckit_minimise_options defopt;
    if (opt == NULL) {
        cckit_minimise_options_default(&defopt);
        opt = &defopt;
    }
    *resp = NULL;
    char rin[PATH_MAX], rout[PATH_MAX];
    if (realpath(in, rin) && realpath(out, rout) && strcmp(rin, rout) == 0)
        return cckit_fail(err, CCKIT_E_USAGE, "%s: the output would replace the input", out);
    cckit_cartridge *cart = NULL;
    cckit_status st = cckit_cartridge_open(in, &opt->limits, &cart, err);
    if (st != CCKIT_OK)
        return st;
    if (cart->source == NULL) {
        cckit_cartridge_free(cart);
        return cckit_fail(err, CCKIT_E_USAGE, "%s: a bare manifest has no package to minimise", in);
    }
    cckit_minimise_result *res = calloc(1, sizeof *res);
    cckit_anon *a = cckit_anon_new(opt->key, opt->key ? strlen(opt->key) : 0);
    cckit_validation *vin = NULL;
    cckit_zip_writer *w = NULL;
    if (res == NULL || a == NULL) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    *resp = res;
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = opt->schema_dir;
    vo.limits = opt->limits;
    if ((st = cckit_validate_cartridge(cart, &vo, &vin, err)) != CCKIT_OK)
        goto done;
    res->findings_in = vin->diags.n;
    res->resources_in = cart->manifest->n_resources;
    res->items_in = cart->manifest->n_items;
    if (opt->keep && !cckit_minimise_shows(&vin->diags, opt->keep)) {
        res->keep_missing = true;
        goto done;
    }
    if ((st = cckit_zip_writer_open(out, opt->force, &w, err)) != CCKIT_OK)
        goto done;
    cckit_cancel_ctx cancel;
    cckit_cancel_begin(&cancel, opt->cancel);
    cckit_zip_writer_set_cancel(w, &cancel);
    cckit_source *src = cart->source;
    for (size_t i = 0; i < cckit_source_count(src) && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        if (cckit_cancelled(&cancel)) {
            st = cckit_fail(err, CCKIT_E_IO, "interrupted");
            break;
        }
        if (e->is_dir)
            continue;
        res->entries_in++;
        char *buf = NULL, *name = NULL;
        const void *ph = NULL;
        size_t n = 0;
        st = one_entry(a, src, e, &opt->limits, &buf, &n, &ph, err);
        if (st == CCKIT_OK) {
            name = strcmp(e->name, "imsmanifest.xml") == 0 ? strdup(e->name)
                                                           : cckit_anon_path(a, e->name);
            if (name == NULL)
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        if (st == CCKIT_OK)
            st = cckit_zip_writer_add_buffer(w, name, buf ? buf : ph, n, err);
        if (st == CCKIT_OK)
            res->entries_out++;
        free(buf);
        free(name);
    }
    if (st == CCKIT_OK && cckit_anon_oom(a))
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (st == CCKIT_OK) {
        res->resources_out = cart->manifest->n_resources;
        res->items_out = cart->manifest->n_items;
        check_ctx cc = { opt, vin, res };
        cckit_zip_writer_set_check(w, check_output, &cc);
        st = cckit_zip_writer_commit(w, err);
    }
    if (st == CCKIT_OK && opt->keep)
        st = cckit_minimise_shrink(out, opt, res, err);
done:
    cckit_zip_writer_abort(w);
    cckit_validation_free(vin);
    cckit_anon_free(a);
    cckit_cartridge_free(cart);
    if (st != CCKIT_OK && *resp == NULL)
        cckit_minimise_result_free(res);
    return st;
}
