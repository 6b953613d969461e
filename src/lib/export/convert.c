/* convert.c - `cckit convert`: rewrite a cartridge for another CC version
 * (1.0 - 1.4, Thin 1.2 - 1.4) with the XSLT stylesheets of xsl/.  A
 * Thin 1.4 output holds its link descriptors inline (inline_links.c).
 *
 * The input is opened with the import front end (cckit_cartridge_open:
 * every safety rule and cap).  imsmanifest.xml and every descriptor in a
 * versioned namespace are parsed with the hardened parser and
 * transformed; every other entry is copied unchanged into the archive
 * writer: raw (its compressed bytes, CRC and sizes) when the input's
 * validation checked its CRC, else streamed (cckit_zip_writer_add_raw).  The stylesheets are compiled once per process and run under a
 * libxslt security policy that forbids reading and writing files,
 * creating folders and any network access (no document(), no
 * xsl:document); they are loaded only from the xsl folder, which is the
 * one folder (besides the schemas) the entity loader may open.
 *
 * What the target cannot hold is dropped or changed by the stylesheets,
 * which say so with <?cckit-loss ...?> processing instructions: they are
 * collected here into the loss report and removed from the output
 * (report/report_convert.c writes the report).
 *
 * The input is validated once, on the tree opened here
 * (cckit_validate_cartridge); on an archive the transformation runs on a
 * second thread meanwhile (transform_start), and is used only if the
 * input passes.  The output is written to a staging file
 * beside OUT, validated strictly and only then renamed onto OUT: an
 * output with errors that the input did not have is refused unless
 * allow_invalid.  A cancel (SIGINT) or any failure removes the staging
 * file; IN is never written. */
#include "config.h"
#include "base/internal.h"
#include "validate/validate.h"
#include "tree/producer.h"
#include "export/archive_writer.h"
#include "export/export.h"
#include "export/convert_xsl.h"
#include "export/inline_links.h"
#include "export/pathset.h"
#include "import/source.h"
#include "base/tempfile.h"
#include "base/cancel.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cckit_convert_options_default(cckit_convert_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->to = CCKIT_CC_1_3;
    opt->validate = true;
    cckit_limits_default(&opt->limits);
}

/* ------------------------------------------------------------------ */
/* Converted entries (buffers that replace or join source entries).    */

typedef struct outbuf {
    char *name;
    char *data;
    size_t len;
    bool inlined;       /* moved into the manifest: not written */
} outbuf;

typedef struct outbufs {
    outbuf *v;
    size_t n, cap;
} outbufs;

static bool ob_add(outbufs *o, const char *name, char *data, size_t len)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        outbuf *v = realloc(o->v, cap * sizeof *v);
        if (!v)
            return false;
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n].name = strdup(name);
    o->v[o->n].data = data;
    o->v[o->n].len = len;
    o->v[o->n].inlined = false;
    if (!o->v[o->n].name)
        return false;
    o->n++;
    return true;
}

static outbuf *ob_find(outbufs *o, const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->v[i].name, name) == 0)
            return &o->v[i];
    return NULL;
}

static void ob_free(outbufs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->v[i].name);
        xmlFree(o->v[i].data);
    }
    free(o->v);
}

/* ------------------------------------------------------------------ */
/* Descriptors.                                                        */

static bool ends_with_xml(const char *s)
{
    size_t l = strlen(s);
    return l > 4 && cckit_strcasecmp_ascii(s + l - 4, ".xml") == 0;
}


typedef struct conv {
    const cckit_convert_options *opt;
    cckit_cartridge *cart;
    cckit_loss_report *rep;
    outbufs out;
    cckit_pathset done;       /* descriptors already converted */
    cckit_pathset *in_files;  /* files the input manifest lists */
    cckit_idmap *out_res; /* identifier -> <resource> of the output manifest */
    cckit_cancel_ctx cancel;
    cckit_source *rd;         /* the transformation's reader of the input */
    char to[16];
} conv;

/* Index the output manifest's resources by identifier (the keys are the
 * attribute texts, owned by doc). */
static bool index_resources(xmlDocPtr doc, cckit_idmap *map)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr sec = root ? root->children : NULL; sec; sec = sec->next) {
        if (sec->type != XML_ELEMENT_NODE || strcmp((const char *)sec->name, "resources"))
            continue;
        for (xmlNodePtr r = sec->children; r; r = r->next) {
            if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "resource"))
                continue;
            xmlAttrPtr a = xmlHasProp(r, (const xmlChar *)"identifier");
            if (!a || !a->children || !a->children->content)
                continue;
            bool oom = false;
            cckit_idmap_put(map, (const char *)a->children->content, r, &oom);
            if (oom)
                return false;
        }
    }
    return true;
}

/* The package path of the page an assignment became below 1.3: the href
 * manifest.xsl gave its output resource (the stylesheet decides); NULL
 * when it has none (*oom set when memory ran out).  malloc'd. */
static char *assignment_page(const conv *c, const cckit_resource *r, bool *oom)
{
    xmlNodePtr n = c->out_res ? cckit_idmap_get(c->out_res, r->identifier) : NULL;
    xmlChar *href = n ? xmlGetProp(n, (const xmlChar *)"href") : NULL;
    xmlChar *base = n ? xmlGetNsProp(n, (const xmlChar *)"base", XML_XML_NAMESPACE) : NULL;
    char *page = NULL;
    if (href && cckit_href_resolve_ex(base ? (const char *)base : "", (const char *)href, 0, &page)
                    == CCKIT_HREF_NOMEM)
        *oom = true;
    xmlFree(href);
    xmlFree(base);
    return page;
}

/* Convert one descriptor entry of resource r (by the root namespace). */
static cckit_status convert_descriptor(conv *c, const cckit_resource *r, const char *path,
                                       cckit_error *err)
{
    if (cckit_ps_has(&c->done, path))
        return CCKIT_OK;
    cckit_ps_add_copy(&c->done, path);
    const cckit_entry *e = cckit_source_find(c->rd, path);
    if (!e || e->is_dir)
        return CCKIT_OK;            /* dangling href: the validator says so */
    xmlDocPtr doc = NULL;
    cckit_error perr;
    cckit_status rst = cckit_xml_read_entry(c->rd, e, &c->opt->limits, &doc, &perr);
    if (rst == CCKIT_E_NOMEM)
        return cckit_fail(err, CCKIT_E_NOMEM, "%s: out of memory", path);
    if (rst != CCKIT_OK) {
        /* Not our business to repair: copied unchanged, and noted. */
        bool ok = cckit_convert_loss_add(c->rep, false, "descriptor-unreadable", r->identifier,
                                         NULL, path, perr.message);
        c->rep->changed--;
        return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int sheet = cckit_conv_sheet_for(root && root->ns ? (const char *)root->ns->href : NULL, c->opt->to);
    if (sheet < 0) {
        xmlFreeDoc(doc);
        return CCKIT_OK;
    }
    xmlDocPtr res = cckit_conv_xsl_run(sheet, doc, c->to, c->opt->thin, path, err);
    xmlFreeDoc(doc);
    if (!res)
        return err->status;
    cckit_status st = CCKIT_OK;
    char *name = NULL;
    if (sheet == XSL_ASSIGNMENT) {
        /* The assignment's web page, as manifest.xsl chose it: a page the
         * cartridge lists (its own href, a Canvas fallback's HTML) is
         * kept; otherwise this descriptor becomes that page. */
        bool oom = false;
        name = assignment_page(c, r, &oom);
        if (oom) {
            xmlFreeDoc(res);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        bool keep = !name || (c->in_files && cckit_ps_has(c->in_files, name));
        if (!keep && cckit_source_find(c->rd, name)) {
            if (!cckit_convert_loss_add(c->rep, false, "assignment-page-exists", r->identifier, NULL,
                                        name, "a file of that name already exists: it is kept as "
                                        "the assignment's page"))
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            c->rep->changed--;
            keep = true;
        }
        /* What the page cannot hold (gradable, submission formats, ...)
         * is lost either way. */
        if (!cckit_convert_collect_losses(res, c->rep, r->identifier, path))
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        if (keep || st != CCKIT_OK) {
            free(name);
            xmlFreeDoc(res);
            return st;
        }
    } else if (!cckit_convert_collect_losses(res, c->rep, r->identifier, path))
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    char *buf = NULL;
    size_t len = 0;
    if (st == CCKIT_OK)
        st = cckit_conv_xsl_serialize(sheet, res, &buf, &len, path, err);
    xmlFreeDoc(res);
    if (st == CCKIT_OK && !ob_add(&c->out, name ? name : path, buf, len)) {
        xmlFree(buf);
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    free(name);
    return st;
}

/* ------------------------------------------------------------------ */
/* Embedded (inline) descriptors of CC 1.3/1.4: for another target they */
/* move into a file of their own, so the descriptor stylesheets run.    */

static cckit_status extract_embedded(conv *c, xmlDocPtr mdoc, cckit_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(mdoc);
    for (xmlNodePtr sec = root ? root->children : NULL; sec; sec = sec->next) {
        if (sec->type != XML_ELEMENT_NODE || strcmp((const char *)sec->name, "resources"))
            continue;
        for (xmlNodePtr r = sec->children; r; r = r->next) {
            if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "resource"))
                continue;
            for (xmlNodePtr k = r->children, nk; k; k = nk) {
                nk = k->next;
                if (k->type != XML_ELEMENT_NODE || !k->ns
                    || cckit_conv_sheet_for((const char *)k->ns->href, CCKIT_CC_1_1) < 0)
                    continue;
                xmlChar *id = xmlGetProp(r, (const xmlChar *)"identifier");
                char name[600];
                for (int i = 0; i < 1000; i++) {
                    snprintf(name, sizeof name, "%s/%s%s%d.xml", id ? (const char *)id : "resource",
                             (const char *)k->name, i ? "-" : "", i);
                    if (i == 0)
                        snprintf(name, sizeof name, "%s/%s.xml", id ? (const char *)id : "resource",
                                 (const char *)k->name);
                    if (!cckit_source_find(c->rd, name) && !ob_find(&c->out, name))
                        break;
                }
                if (cckit_path_unsafe_reason(name, c->opt->limits.max_path_length)) {
                    xmlFree(id);
                    continue;
                }
                xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
                xmlNodePtr copy = d ? xmlDocCopyNode(k, d, 1) : NULL;
                if (!copy) {
                    xmlFreeDoc(d);
                    xmlFree(id);
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                }
                xmlDocSetRootElement(d, copy);
                xmlReconciliateNs(d, copy);
                xmlChar *buf = NULL;
                int len = 0;
                xmlDocDumpMemoryEnc(d, &buf, &len, "UTF-8");
                xmlFreeDoc(d);
                if (!buf || !ob_add(&c->out, name, (char *)buf, (size_t)len)) {
                    xmlFree(buf);
                    xmlFree(id);
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                }
                /* Replace the inline element with <file href="name"/>. */
                xmlNodePtr f = xmlNewNode(r->ns, (const xmlChar *)"file");
                if (!f || !xmlNewProp(f, (const xmlChar *)"href", (const xmlChar *)name)) {
                    xmlFreeNode(f);
                    xmlFree(id);
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                }
                xmlReplaceNode(k, f);
                xmlFreeNode(k);
                bool ok = cckit_convert_loss_add(c->rep, false, "embedded-descriptor-extracted",
                                                 (const char *)id, NULL, name,
                                                 "inline descriptor moved into a file of its own (the "
                                                 "target's manifest holds descriptors as files)");
                xmlFree(id);
                if (!ok)
                    return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            }
        }
    }
    return CCKIT_OK;
}

/* Thin CC 1.4: descriptors inline (inline_links.c), from our buffers. */
static const char *inline_find(void *ctx, const char *path, size_t *len)
{
    outbuf *b = ob_find(&((conv *)ctx)->out, path);
    *len = b ? b->len : 0;
    return b ? b->data : NULL;
}
static bool inline_done(void *ctx, const char *path, const char *id)
{
    outbuf *b = ob_find(&((conv *)ctx)->out, path);
    if (b)
        b->inlined = true;
    return cckit_convert_loss_add(((conv *)ctx)->rep, false, "descriptor-inlined", id, NULL, path,
                                  "Thin CC 1.4 holds its link descriptors inline in <resource>");
}

/* ------------------------------------------------------------------ */
/* Validation of input and output.                                     */

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The input, validated once, strictly, on the tree convert works from:
 * its findings are the "before" of the report.  Garbage in, nothing out:
 * an input that the validator rejects even in lenient mode (duplicate
 * identifiers, dangling or cyclic references, hrefs leaving the
 * package, missing files ...) has no faithful conversion; --allow-invalid
 * converts it anyway.  The same run gives the lenient verdict: each
 * finding carries its lenient severity (cckit_validation_count_lenient),
 * so there is no second, lenient pass. */
static cckit_status check_input(const conv *c, const char *in, cckit_validation **vin,
                                xmlDocPtr *mdoc, cckit_error *err)
{
    const cckit_convert_options *opt = c->opt;
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = true;
    vo.schema_dir = opt->schema_dir;
    vo.limits = opt->limits;
    /* the manifest's DOM comes from the validation's read of it, unless
     * the transformation read it already (mdoc NULL) */
    cckit_status st = mdoc ? cckit_validate_cartridge_doc(c->cart, &vo, vin, mdoc, err)
                           : cckit_validate_cartridge(c->cart, &vo, vin, err);
    if (st != CCKIT_OK || opt->allow_invalid)
        return st;
    const cckit_validation *v = *vin;
    size_t n = cckit_validation_count_lenient(v, CCKIT_SEV_ERROR);
    if (n) {
        const cckit_diag *d = NULL;
        for (size_t i = 0; i < v->diags.n && !d; i++)
            if (v->diags.v[i].lenient_severity == CCKIT_SEV_ERROR)
                d = &v->diags.v[i];
        if (!d)   /* all of them behind a display cap: name the cap's line */
            for (size_t i = 0; i < v->diags.n && !d; i++)
                if (v->diags.v[i].severity == CCKIT_SEV_ERROR)
                    d = &v->diags.v[i];
        /* The finding's message names no option; its cap (err->limit)
         * lets the tool name the option, as it does for findings. */
        st = cckit_fail_fix(err, CCKIT_FIX_ALLOW_INVALID,
                            cckit_fail_limit(err, d ? d->limit : CCKIT_LIMIT_NONE,
                            cckit_fail(err, CCKIT_E_INVALID,
                                       "%s: not a valid cartridge (%zu error%s; the first: %s:%u: %s [%s])",
                                       in, n, n == 1 ? "" : "s",
                                       d && d->file ? d->file : "imsmanifest.xml", d ? d->line : 0,
                                       d ? d->message : "", d ? d->code : "")));
    }
    return st;
}

/* The archive writer's last check (cckit_zip_writer_set_check): strict
 * validation of the written temporary against the input's (check_input).
 * New errors refuse the output (unless allow_invalid): the commit is
 * aborted and the run ends with status OK and written = false. */
struct out_check_ctx {
    const cckit_convert_options *opt;
    cckit_loss_report *rep;
    cckit_validation **vin, **vout;
    bool refused;
};

static cckit_status out_check(const char *tmp_path, void *ctx, cckit_error *err)
{
    struct out_check_ctx *oc = ctx;
    const cckit_convert_options *opt = oc->opt;
    cckit_loss_report *rep = oc->rep;
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = true;
    vo.schema_dir = opt->schema_dir;
    vo.limits = opt->limits;
    /* No CRC pass over the output (as repair): every byte written was
     * made here, read through a CRC-checked stream of the input, or
     * copied raw only when the input's validation checked its CRC (a
     * stored one has it checked again while copied).  A second pass
     * would inflate every medium again for nothing. */
    vo.quick = true;
    cckit_status st = cckit_validate(tmp_path, &vo, oc->vout, err);
    if (st != CCKIT_OK)
        return st;
    rep->validated = true;
    rep->errors_before = cckit_validation_count(*oc->vin, CCKIT_SEV_ERROR);
    rep->errors_after = cckit_validation_count(*oc->vout, CCKIT_SEV_ERROR);
    cckit_convert_new_errors(*oc->vin, *oc->vout, &rep->new_errors);
    if (rep->new_errors.oom)   /* new errors may be missing: never write on that */
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory comparing the validations");
    /* The temporary's name in messages would confuse: say OUT. */
    for (size_t i = 0; i < rep->new_errors.n; i++)
        if (!rep->new_errors.v[i].file && !(rep->new_errors.v[i].file = strdup("imsmanifest.xml")))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (rep->new_errors.n && !opt->allow_invalid) {
        oc->refused = true;
        return cckit_fail(err, CCKIT_E_IO, "the converted cartridge has new errors"); /* not shown: refused */
    }
    return CCKIT_OK;
}

/* The transformation: the manifest's stylesheet on mdoc (which it may
 * change: embedded descriptors move out), then every descriptor the
 * output keeps, read through c->rd.  *mres is the converted manifest;
 * in_files and out_files are filled (the files the input and the output
 * reference). */
static cckit_status transform(conv *c, xmlDocPtr mdoc, xmlDocPtr *mres, cckit_pathset *in_files,
                              cckit_pathset *out_files, cckit_error *err)
{
    const cckit_convert_options *opt = c->opt;
    const cckit_manifest *m = c->cart->manifest;
    cckit_loss_report *rep = c->rep;
    cckit_status st = CCKIT_OK;
    /* Inline descriptors stay inline only from 1.3 to 1.3: every other
     * target's manifest schema knows none (or other versions') there. */
    if ((opt->to != CCKIT_CC_1_3 || m->version != CCKIT_CC_1_3)
        && (st = extract_embedded(c, mdoc, err)) != CCKIT_OK)
        return st;
    *mres = cckit_conv_xsl_run(XSL_MANIFEST, mdoc, c->to, opt->thin, "imsmanifest.xml", err);
    if (!*mres) {
        st = err->status;
        return st;
    }
    if (!cckit_convert_collect_losses(*mres, rep, NULL, NULL)) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return st;
    }

    /* Which files the input and the output reference. */
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        for (size_t k = 0; k < r->n_files; k++)
            cckit_ps_add_resolved(in_files, r->xml_base ? r->xml_base : "", r->files[k].href);
    }
    cckit_ps_from_dom(out_files, *mres);
    if (in_files->oom || out_files->oom) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return st;
    }
    c->in_files = in_files;
    if (opt->to < CCKIT_CC_1_3 && (!(c->out_res = cckit_idmap_new()) || !index_resources(*mres, c->out_res))) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return st;
    }

    /* Descriptors of the resources that stay (plus extracted ones). */
    for (size_t i = 0; i < m->n_resources && st == CCKIT_OK; i++) {
        const cckit_resource *r = m->resources[i];
        switch (r->kind) {
        case CCKIT_KIND_DISCUSSION: case CCKIT_KIND_WEBLINK: case CCKIT_KIND_ASSESSMENT:
        case CCKIT_KIND_QUESTION_BANK: case CCKIT_KIND_LTI_LINK: case CCKIT_KIND_ASSIGNMENT:
            break;
        default:
            continue;
        }
        for (size_t k = 0; k < r->n_files && st == CCKIT_OK; k++) {
            char *p = NULL;
            if (cckit_href_resolve_ex(r->xml_base ? r->xml_base : "", r->files[k].href, 0, &p)
                    == CCKIT_HREF_NOMEM)
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            else if (p && ends_with_xml(p) && cckit_ps_has(out_files, p))
                st = convert_descriptor(c, r, p, err);
            free(p);
            if (cckit_cancelled(&c->cancel))
                st = cckit_fail(err, CCKIT_E_IO, "interrupted");
        }
    }
    /* Extracted inline descriptors: run through their stylesheet too. */
    for (size_t i = 0; i < c->out.n && st == CCKIT_OK; i++) {
        outbuf *b = &c->out.v[i];
        if (cckit_ps_has(&c->done, b->name) || !ends_with_xml(b->name))
            continue;
        cckit_ps_add_copy(&c->done, b->name);
        xmlDocPtr d = NULL;
        if (cckit_xml_read_memory(b->data, b->len, b->name, &opt->limits, &d, err) != CCKIT_OK) {
            st = err->status;
            break;
        }
        xmlNodePtr root = xmlDocGetRootElement(d);
        int sheet = cckit_conv_sheet_for(root && root->ns ? (const char *)root->ns->href : NULL, opt->to);
        if (sheet >= 0 && sheet != XSL_ASSIGNMENT) {
            xmlDocPtr res = cckit_conv_xsl_run(sheet, d, c->to, opt->thin, b->name, err);
            if (!res) {
                st = err->status;
            } else {
                char *buf = NULL;
                size_t len = 0;
                st = cckit_convert_collect_losses(res, rep, NULL, b->name)
                         ? cckit_conv_xsl_serialize(sheet, res, &buf, &len, b->name, err)
                         : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                xmlFreeDoc(res);
                if (st == CCKIT_OK) {
                    xmlFree(b->data);
                    b->data = buf;
                    b->len = len;
                }
            }
        }
        xmlFreeDoc(d);
    }
    if (st != CCKIT_OK)
        return st;

    return CCKIT_OK;
}

/* The transformation on a thread of its own, beside the input's
 * validation: its own reader of the archive and its own parse of the
 * manifest; the validation touches neither the report nor the
 * converted entries.  Its result is used only when the input passes. */
typedef struct transform_job {
    conv *c;
    xmlDocPtr mdoc, mres;
    cckit_pathset *in_files, *out_files;
    cckit_status st;
    cckit_error err;
    pthread_t thread;
} transform_job;

static void *transform_worker(void *arg)
{
    transform_job *j = arg;
    cckit_xml_scope xs;   /* libxml2's error handler is per thread */
    cckit_xml_enter(&xs);
    j->st = transform(j->c, j->mdoc, &j->mres, j->in_files, j->out_files, &j->err);
    cckit_xml_leave(&xs);
    return NULL;
}

/* Start the job: only on an archive (a folder is read file by file),
 * with the manifest read and a second reader open; false = run it
 * after the validation, as without a thread. */
static bool transform_start(transform_job *j, conv *c, const cckit_entry *me,
                            const cckit_limits *mlim, cckit_pathset *in_files,
                            cckit_pathset *out_files)
{
    memset(j, 0, sizeof *j);
    cckit_error e;
    if (!cckit_source_is_archive(c->cart->source)
        || cckit_xml_read_entry(c->cart->source, me, mlim, &j->mdoc, &e) != CCKIT_OK)
        return false;   /* a read that fails is the validation's to report */
    if (cckit_archive_reopen(c->cart->source, &c->rd, &e) != CCKIT_OK) {
        xmlFreeDoc(j->mdoc);
        c->rd = c->cart->source;
        return false;
    }
    j->c = c;
    j->in_files = in_files;
    j->out_files = out_files;
    if (pthread_create(&j->thread, NULL, transform_worker, j) != 0) {
        cckit_source_close(c->rd);
        c->rd = c->cart->source;
        xmlFreeDoc(j->mdoc);
        return false;
    }
    return true;
}

/* Wait for the job; its reader's verified entries join the input's. */
static void transform_join(transform_job *j)
{
    pthread_join(j->thread, NULL);
    cckit_source_merge_verified(j->c->cart->source, j->c->rd);
    cckit_source_close(j->c->rd);
    j->c->rd = j->c->cart->source;
}

static cckit_status convert_run(const char *in, const char *out, const cckit_convert_options *opt,
                                cckit_loss_report **report, cckit_error *err)
{
    cckit_convert_options defaults;
    if (!opt) {
        cckit_convert_options_default(&defaults);
        opt = &defaults;
    }
    *report = NULL;
    if (!in || !out || !*out)
        return cckit_fail(err, CCKIT_E_USAGE, "convert needs an input and an output");
    if (opt->to < CCKIT_CC_1_0 || opt->to > CCKIT_CC_1_4)
        return cckit_fail(err, CCKIT_E_USAGE, "cannot convert to CC %s: the targets are 1.0 to 1.4 and thin",
                          cckit_cc_version_string(opt->to));
    if (opt->thin && opt->to < CCKIT_CC_1_2)
        return cckit_fail(err, CCKIT_E_USAGE, "Thin CC exists for CC 1.2, 1.3 and 1.4 only");
    if (same_file(in, out))
        return cckit_fail(err, CCKIT_E_USAGE, "%s: the output is the input: convert never overwrites its input", out);
    struct stat ost;
    if (!opt->force && lstat(out, &ost) == 0)
        return cckit_fail_fix(err, CCKIT_FIX_FORCE,
                              cckit_fail(err, CCKIT_E_IO, "%s: already exists", out));

    cckit_status st = cckit_conv_xsl_load(opt->xsl_dir, err);
    if (st != CCKIT_OK)
        return st;

    cckit_loss_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    rep->input = strdup(in);
    rep->output = strdup(out);
    rep->to = opt->to;
    rep->thin = opt->thin;
    *report = rep;
    if (!rep->input || !rep->output)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");

    conv c = { .opt = opt, .rep = rep };
    cckit_cancel_begin(&c.cancel, opt->cancel);
    snprintf(c.to, sizeof c.to, "1.%d", (int)opt->to - 10);
    xmlDocPtr mdoc = NULL, mres = NULL;
    cckit_pathset in_files = { 0 }, out_files = { 0 };
    cckit_zip_writer *w = NULL;
    cckit_validation *vin = NULL, *vout = NULL;

    st = cckit_cartridge_open(in, &opt->limits, &c.cart, err);
    if (st != CCKIT_OK)
        goto done;
    c.rd = c.cart->source;
    if (!c.cart->source) {
        st = cckit_fail(err, CCKIT_E_ARCHIVE, "%s: a bare manifest, without the files it lists: "
                        "convert needs the whole cartridge (a .imscc file or a folder)", in);
        goto done;
    }
    const cckit_manifest *m = c.cart->manifest;
    rep->from = m->version;
    rep->from_thin = m->thin;

    /* The manifest, through the hardened parser (manifest-size cap). */
    const cckit_entry *me = cckit_source_find(c.cart->source, "imsmanifest.xml");
    cckit_limits mlim = opt->limits;
    mlim.max_xml_size = opt->limits.max_manifest_size;
    if (!me) {
        st = cckit_fail(err, CCKIT_E_NOMANIFEST, "%s: no imsmanifest.xml", in);
        goto done;
    }
    /* One read of the manifest for the validation and the stylesheet
     * (check_input); its own read only without validation, or when that
     * read built no DOM (a cap: this read says which). */
    if (opt->limits.max_xml_elements && m->n_elements > opt->limits.max_xml_elements
        && (st = cckit_xml_read_entry(c.cart->source, me, &mlim, &mdoc, err)) != CCKIT_OK)
        goto done;   /* too big to hold: said before validating it */
    /* With a validation to wait for, the transformation runs beside it
     * (transform_start); its result counts only if the input passes. */
    transform_job tj;
    bool ahead = opt->validate && !mdoc
                 && transform_start(&tj, &c, me, &mlim, &in_files, &out_files);
    if (opt->validate) {
        st = check_input(&c, in, &vin, ahead ? NULL : &mdoc, err);
        if (ahead) {
            transform_join(&tj);
            mdoc = tj.mdoc;
            mres = tj.mres;
        }
    }
    /* the producer from the validation's reads, else from the tree's;
     * a refused input's too */
    rep->producer = vin ? vin->producer
                        : cckit_signs_producer(cckit_cartridge_producer_signs(c.cart));
    if (st != CCKIT_OK)
        goto done;
    if (!ahead && !mdoc
        && (st = cckit_xml_read_entry(c.cart->source, me, &mlim, &mdoc, err)) != CCKIT_OK)
        goto done;
    if (ahead) {
        if ((st = tj.st) != CCKIT_OK) {
            *err = tj.err;
            goto done;
        }
    } else if ((st = transform(&c, mdoc, &mres, &in_files, &out_files, err)) != CCKIT_OK)
        goto done;

    if (opt->thin && opt->to == CCKIT_CC_1_4
        && (st = cckit_inline_links(mres, &opt->limits, inline_find, inline_done, &c, err)) != CCKIT_OK)
        goto done;

    /* The converted manifest. */
    char *mbuf = NULL;
    size_t mlen = 0;
    if ((st = cckit_conv_xsl_serialize(XSL_MANIFEST, mres, &mbuf, &mlen, "imsmanifest.xml", err)) != CCKIT_OK)
        goto done;
    if (!ob_add(&c.out, "imsmanifest.xml", mbuf, mlen)) {
        xmlFree(mbuf);
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }

    /* Write OUT through the archive writer: a locked temporary beside OUT
     * (removed on failure, on a signal, or by the next run after a kill),
     * validated by out_check() before it is renamed into place. */
    if (c.done.oom) {   /* a descriptor may have been converted twice */
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    struct out_check_ctx oc = { .opt = opt, .rep = rep, .vin = &vin, .vout = &vout };
    if ((st = cckit_zip_writer_open(out, opt->force, &w, err)) != CCKIT_OK)
        goto done;
    cckit_zip_writer_set_cancel(w, &c.cancel);
    if (opt->validate)
        cckit_zip_writer_set_check(w, out_check, &oc);
    for (size_t i = 0; i < c.out.n && st == CCKIT_OK; i++)
        if (!c.out.v[i].inlined)
            st = cckit_zip_writer_add_buffer(w, c.out.v[i].name, c.out.v[i].data, c.out.v[i].len, err);
    size_t ne = cckit_source_count(c.cart->source);
    for (size_t i = 0; i < ne && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(c.cart->source, i);
        if (e->is_dir || ob_find(&c.out, e->name))
            continue;
        bool referenced_out = cckit_ps_has(&out_files, e->name);
        if (opt->thin ? !referenced_out : (!referenced_out && cckit_ps_has(&in_files, e->name)))
            continue;               /* a file of a dropped resource */
        /* Unchanged: its compressed bytes as they are, when the input's
         * validation checked its CRC (no inflate, no deflate). */
        st = cckit_zip_writer_add_raw(w, e->name, c.cart->source, e, err);
    }
    if (st == CCKIT_OK && !cckit_convert_name_changes(rep, m, c.cart->source, &opt->limits))
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
    if (oc.refused)
        st = CCKIT_OK;              /* refused: not written, status OK */
    else if (st == CCKIT_OK)
        rep->written = true;

done:
    cckit_zip_writer_abort(w);
    cckit_validation_free(vin);
    cckit_validation_free(vout);
    cckit_ps_free(&in_files);
    cckit_ps_free(&out_files);
    cckit_ps_free(&c.done);
    cckit_idmap_free(c.out_res);
    ob_free(&c.out);
    xmlFreeDoc(mres);
    xmlFreeDoc(mdoc);
    cckit_cartridge_free(c.cart);
    return st;
}

cckit_status cckit_convert(const char *in, const char *out, const cckit_convert_options *opt,
                           cckit_loss_report **report, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = convert_run(in, out, opt, report, err);
    cckit_xml_leave(&xs);
    return st;
}
