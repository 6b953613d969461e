/* validate.c - the run order: every family of checks over one open
 * cartridge (cckit_validate_cartridge, the core: the in-memory tree is
 * the model every path validates), in a fixed order; cckit_validate(path)
 * opens the cartridge and runs the same.
 *
 *   1. import: open the package and read the manifest (safety first;
 *      cckit_validate only)
 *   2. what the reader noticed (version mixing, odd identifiers, ...)
 *   3. profile rules on the tree (rules_manifest.c)
 *   4. the manifest against our XSD for its version (xsd_manifest.c); what
 *      a rule reported already is not reported again
 *   5. package: files resolve, unreferenced files, CRCs (package_check.c)
 *   6. each descriptor: XSD, then its kind's rules (rules_descriptor.c,
 *      rules_qti.c) and its links (link_check.c); on an archive on a
 *      thread of its own from step 3 on
 *   7. links inside HTML content (link_check.c); the same; by path, the
 *      pages are read from step 1 on, while the manifest is read
 *      (link_prefetch.c), and judged here
 *   8. the CRC of every entry not yet read to its end (integrity.c; media
 *      from step 2 on, on a worker thread)
 */
#include "validate/validate.h"
#include "import/source.h"
#include "tree/producer.h"
#include "base/probe.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void cckit_validate_options_default(cckit_validate_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->links = true;
    cckit_limits_default(&opt->limits);
}

/* Reader oddities carry codes of the registry: re-grade them by mode. */
static void regrade(cckit_vctx *v, const cckit_diags *d)
{
    if (d->oom)
        cckit_vnomem(v);
    for (size_t i = 0; i < d->n; i++) {
        const cckit_diag *g = &d->v[i];
        const cckit_rule *r = cckit_vrule(v, g->code);
        cckit_severity sev = g->severity;
        if (r)
            sev = v->strict ? r->strict_severity : r->lenient_severity;
        if (cckit_diags_add_copy(&v->out->diags, g, sev, r ? r->rule : g->rule,
                                 r && r->hint ? cckit_hint_for(r, v->m ? v->m->version : CCKIT_CC_UNKNOWN)
                                              : g->hint))
            v->out->diags.v[v->out->diags.n - 1].lenient_severity = r ? r->lenient_severity : sev;
    }
}

/* ---- passes on other threads ------------------------------------ */

/* A pass that needs only the tree and the entries' bytes (the links in
 * HTML content, the descriptors) runs on a thread of its own, with a
 * reader of its own of the same archive, into findings of its own that
 * the join appends where a single thread would have made them. */
typedef struct side_job {
    cckit_vctx v;           /* a copy of the caller's, with its own reader */
    cckit_validation out;   /* its findings, appended at the join */
    cckit_source *src;
    bool own_src;           /* else the prefetch's, which it closes */
    void (*pass)(cckit_vctx *v);   /* cckit_check_content_links, ... */
    pthread_t thread;
} side_job;

static void *side_worker(void *arg)
{
    side_job *j = arg;
    cckit_xml_scope xs;   /* libxml2's error handler is per thread */
    cckit_xml_enter(&xs);
    /* the pages read ahead on the reader this pass goes on with */
    cckit_link_prefetch_wait(j->v.prefetch);
    j->pass(&j->v);
    cckit_links_release();   /* the thread's table of LAO folders */
    cckit_xml_leave(&xs);
    return NULL;
}

/* pf: the pages read ahead for this pass (cckit_check_content_links),
 * whose reader it goes on with, or NULL.  reader: a reader made ahead
 * (cckit_link_prefetch_take_reader), the job's, or NULL: one is made. */
static bool side_start(cckit_vctx *v, side_job *j, void (*pass)(cckit_vctx *v),
                       cckit_link_prefetch *pf, cckit_source *reader)
{
    memset(j, 0, sizeof *j);
    /* Folders are read file by file anyway; archives gain a core. */
    if (!v->src || !cckit_source_is_archive(v->src)) {
        cckit_source_close(reader);
        return false;
    }
    cckit_error e;
    if (pf) {
        j->src = cckit_link_prefetch_source(pf);
    } else if (reader) {
        j->src = reader;
        j->own_src = true;
    } else if (cckit_archive_reopen(v->src, &j->src, &e) != CCKIT_OK) {
        return false;   /* the caller runs the pass on its own thread */
    } else {
        j->own_src = true;
    }
    j->v = *v;
    j->v.prefetch = pf;
    j->v.src = j->src;
    j->v.manifest_doc = NULL;
    j->v.out = &j->out;
    j->out.strict = v->strict;
    j->pass = pass;
    if (pthread_create(&j->thread, NULL, side_worker, j) != 0) {
        if (j->own_src)
            cckit_source_close(j->src);
        return false;
    }
    return true;
}

static void side_join(cckit_vctx *v, side_job *j)
{
    pthread_join(j->thread, NULL);
    /* what its reads showed of the producer (descriptors.c), as one thread's would */
    v->producer_signs |= j->v.producer_signs;
    cckit_validation *o = &j->out;
    if (o->diags.oom)
        cckit_vnomem(v);
    for (size_t i = 0; i < o->diags.n; i++) {
        const cckit_diag *g = &o->diags.v[i];
        cckit_diags_add_copy(&v->out->diags, g, g->severity, g->rule, g->hint);
    }
    for (size_t i = 0; i < o->n_files; i++) {
        cckit_checked_file *f = cckit_vfile(v, o->files[i].path, o->files[i].role);
        if (f) {
            f->schema = o->files[i].schema;   /* moved */
            o->files[i].schema = NULL;
            f->schema_valid = o->files[i].schema_valid;
        }
        free(o->files[i].path);
        free(o->files[i].schema);
    }
    free(o->files);
    for (int s = 0; s < 3; s++) {
        v->out->omitted[s] += o->omitted[s];
        v->out->omitted_lenient[s] += o->omitted_lenient[s];
    }
    cckit_diags_free(&o->diags);
    /* Entries the pass read to the end had their CRC checked. */
    cckit_source_merge_verified(v->src, j->src);
    if (j->own_src)
        cckit_source_close(j->src);
}

/* A new result for path and the context of a run over it; loads our
 * schemas (without them the validator cannot run). */
static cckit_status run_begin(const char *path, const cckit_validate_options *opt,
                              cckit_vctx *v, cckit_error *err)
{
    memset(v, 0, sizeof *v);
    cckit_validation *res = calloc(1, sizeof *res);
    if (!res || !(res->path = strdup(path ? path : ""))) {
        free(res);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    res->strict = opt->strict;
    v->opt = opt;
    v->out = res;
    v->strict = opt->strict;
    v->rules = cckit_rule_tables;
    cckit_status sst = cckit_schema_set_open(opt->schema_dir, &v->schemas, err);
    if (sst == CCKIT_OK && opt->rules)
        sst = cckit_site_rules_load(opt->rules, &opt->limits, &v->site, err);
    if (sst != CCKIT_OK) {
        cckit_validation_free(res);
        v->out = NULL;
    }
    return sst;
}

/* Every family of checks over an open cartridge, in the order above. */
static void run_checks(cckit_vctx *v, cckit_cartridge *cart)
{
    const cckit_validate_options *opt = v->opt;
    cckit_validation *res = v->out;
    cckit_probe_hit(CCKIT_PROBE_VALIDATION);
    v->cart = cart;
    res->readable = true;
    v->m = v->cart->manifest;
    v->src = v->cart->source;
    res->version = v->m->version;
    res->thin = v->m->thin;
    v->version = v->m->version ? v->m->version : CCKIT_CC_1_3;

    cckit_checked_file *mf = cckit_vfile(v, "imsmanifest.xml", "manifest");
    CCKIT_UNUSED(mf);
    regrade(v, &v->cart->diags);
    regrade(v, &v->m->diags);
    /* The links inside HTML content need nothing the other checks
     * compute: on an archive they run on a second thread, with their own
     * reader of the same file, and their findings are appended after the
     * others', in the order a single thread would give. */
    side_job links;
    bool threaded = opt->links
                 && side_start(v, &links, cckit_check_content_links, v->prefetch, NULL);
    /* The descriptors need only the tree too (a schema error of theirs
     * is never one a manifest rule or the package check already told):
     * another thread, joined where they come in the order. */
    side_job descs;
    bool desc_threaded = side_start(v, &descs, cckit_check_descriptors, NULL,
                                    cckit_link_prefetch_take_reader(v->prefetch));
    /* The CRC of media, the bulk of a large archive, on a third reader
     * from now on (integrity.c). */
    cckit_integrity_job *crc = cckit_integrity_start(v);
    /* the rules first: a schema error that a rule already reported is
     * not reported twice (xsd_manifest.c) */
    cckit_check_manifest_rules(v);
    cckit_check_xsd_manifest(v);
    cckit_check_package(v);
    if (desc_threaded)
        side_join(v, &descs);
    else
        cckit_check_descriptors(v);
    cckit_check_webcontent_hrefs(v);
    if (threaded) {
        side_join(v, &links);
    } else if (opt->links) {
        /* the pages read ahead, if any, replayed here; what their reader
         * read to its end needs no second CRC check */
        cckit_link_prefetch_wait(v->prefetch);
        cckit_check_content_links(v);
        cckit_source_merge_verified(v->src, cckit_link_prefetch_source(v->prefetch));
    }
    if (!opt->quick)
        cckit_integrity_finish(v, crc);
    if (v->site)
        cckit_site_rules_run(v->site, cart, &opt->limits, &res->diags);
    cckit_findings_finish(v);
    /* the producer, from what was read: no read of its own */
    v->producer_signs |= cckit_cartridge_producer_signs(cart);
    res->producer = cckit_signs_producer(v->producer_signs);
}

/* Some finding was lost for lack of memory: an incomplete verdict is no
 * verdict.  Frees the result and fails, or returns OK. */
static cckit_status run_end(cckit_vctx *v, const char *path, cckit_validation **out,
                            cckit_error *err)
{
    if (v->out->diags.oom) {
        cckit_validation_free(v->out);
        v->out = NULL;
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory while validating %s",
                          path ? path : "the cartridge");
    }
    *out = v->out;
    return CCKIT_OK;
}

static cckit_status validate_cartridge_run(const cckit_cartridge *cart,
                                           const cckit_validate_options *opt,
                                           cckit_validation **out, xmlDocPtr *doc,
                                           cckit_error *err)
{
    cckit_validate_options defopt;
    if (!opt) {
        cckit_validate_options_default(&defopt);
        opt = &defopt;
    }
    if (out)
        *out = NULL;
    if (!cart || !cart->manifest || !out)
        return cckit_fail(err, CCKIT_E_USAGE,
                          "cckit_validate_cartridge: no cartridge or no result pointer");
    cckit_vctx v;
    cckit_status st = run_begin(cart->path, opt, &v, err);
    if (st != CCKIT_OK)
        return st;
    v.manifest_doc = doc;
    /* The checks read entries through the cartridge's source; their
     * bytes do not count toward the caller's streaming cap, as they
     * would not with a source of their own. */
    cckit_source *src = cart->source;
    uint64_t streamed = src ? src->streamed : 0;
    run_checks(&v, (cckit_cartridge *)cart);
    cckit_site_rules_free(v.site);
    if (src)
        src->streamed = streamed;
    return run_end(&v, cart->path, out, err);
}

cckit_status cckit_validate_cartridge(const cckit_cartridge *cart,
                                      const cckit_validate_options *opt,
                                      cckit_validation **out, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = validate_cartridge_run(cart, opt, out, NULL, err);
    cckit_xml_leave(&xs);
    return st;
}

cckit_status cckit_validate_cartridge_doc(const cckit_cartridge *cart,
                                          const cckit_validate_options *opt,
                                          cckit_validation **out, xmlDocPtr *doc,
                                          cckit_error *err)
{
    *doc = NULL;
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = validate_cartridge_run(cart, opt, out, doc, err);
    cckit_xml_leave(&xs);
    if (st != CCKIT_OK) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    return st;
}

/* The path-based entry point: opens the cartridge, then the same run.
 * An unreadable or unsafe package is a finding, not a failure. */
static cckit_status validate_run(const char *path, const cckit_validate_options *opt,
                                 cckit_validation **out, cckit_error *err)
{
    cckit_validate_options defopt;
    if (!opt) {
        cckit_validate_options_default(&defopt);
        opt = &defopt;
    }
    *out = NULL;
    cckit_vctx v;
    cckit_status st = run_begin(path, opt, &v, err);
    if (st != CCKIT_OK)
        return st;
    cckit_cartridge *cart = NULL;
    cckit_error oerr;
    /* The pages' links need only the index, not the tree: read on the
     * second core while this one reads the manifest (link_prefetch.c). */
    st = cckit_cartridge_open_source(path, &opt->limits, &cart, &oerr);
    if (st == CCKIT_OK && opt->links)
        v.prefetch = cckit_link_prefetch_start(cart->source, &opt->limits);
    if (st == CCKIT_OK)
        st = cckit_cartridge_open_manifest(&cart, &opt->limits, &oerr);
    if (st != CCKIT_OK) {
        cckit_link_prefetch_free(v.prefetch);   /* stopped between pages */
        v.prefetch = NULL;
    }
    if (st == CCKIT_E_NOMEM) {
        cckit_validation_free(v.out);
        cckit_site_rules_free(v.site);
        return cckit_fail(err, st, "%s", oerr.message);
    }
    if (st != CCKIT_OK) {
        const char *code = st == CCKIT_E_UNSAFE ? "package.unsafe"
                         : st == CCKIT_E_LIMIT ? "package.limit"
                         : st == CCKIT_E_NOMANIFEST ? "package.no-manifest"
                         : st == CCKIT_E_XML ? "xml.not-well-formed"
                         : st == CCKIT_E_NOTFOUND ? "package.not-found"
                         : "package.unreadable";
        cckit_vreport_limit(&v, code, NULL, 0, oerr.limit, "%s", oerr.message);
        cckit_site_rules_free(v.site);
        return run_end(&v, path, out, err);
    }
    run_checks(&v, cart);
    cckit_link_prefetch_free(v.prefetch);
    cckit_site_rules_free(v.site);
    cckit_cartridge_free(cart);
    return run_end(&v, path, out, err);
}

cckit_status cckit_validate(const char *path, const cckit_validate_options *opt,
                            cckit_validation **out, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = validate_run(path, opt, out, err);
    cckit_xml_leave(&xs);
    return st;
}
