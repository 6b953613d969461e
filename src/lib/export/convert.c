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
#include "export/convert_check.h"
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
#include <stdint.h>
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
    struct ahead_q *ah;        /* descriptors converted ahead, or NULL */
    bool in_slot;             /* converting into a slot: defer assignments */
    bool deferred;            /* ... and one was deferred */
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
    if (sheet == XSL_ASSIGNMENT && c->in_slot) {   /* needs the converted manifest */
        c->deferred = true;
        xmlFreeDoc(doc);
        return CCKIT_OK;
    }
    xmlDocPtr res = cckit_conv_xsl_run(sheet, doc, c->to, c->opt->thin, NULL, path, err);
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
/* Descriptors converted ahead of the manifest's stylesheet.           */
/* A descriptor's conversion needs the converted manifest only to know
 * whether the output keeps it (and, for an assignment below 1.3, its
 * page).  So every descriptor that transform() may convert is a slot,
 * in the order transform() meets them (the first resource listing it);
 * a thread of its own converts slots while the manifest's stylesheet
 * runs, and the transformation's thread joins in once that is done,
 * taking only the slots the output keeps.  transform() then takes each
 * slot where it would have converted it, its changes in the same place
 * of the report: the output and the report are those of converting in
 * order.  A slot not converted (failed, out of memory, an assignment,
 * not reached) is converted there as before, which also reports its
 * error the same way. */

enum { SLOT_FREE, SLOT_DONE, SLOT_REDO };

typedef struct slot {
    const cckit_resource *r;
    char *path;
    int state;
    cckit_loss_report losses;   /* its changes only */
    outbufs out;                /* its converted entry, if any */
} slot;

typedef struct ahead_q {
    slot *v;
    size_t n, next;             /* next: the first slot not claimed */
    cckit_idmap *by_path;       /* path -> index of its slot + 1 */
    pthread_mutex_t lock;
    cckit_source *rd;           /* the ahead thread's own reader */
    pthread_t thread;
    bool running;
} ahead_q;

static void changes_free(cckit_loss_report *r)
{
    for (size_t i = 0; i < r->n_changes; i++) {
        cckit_change *ch = &r->changes[i];
        free(ch->code);
        free(ch->resource);
        free(ch->item);
        free(ch->file);
        free(ch->detail);
        free(ch->title);
    }
    free(r->changes);
    memset(r, 0, sizeof *r);
}

static void slot_clear(slot *s)
{
    changes_free(&s->losses);
    ob_free(&s->out);
    memset(&s->out, 0, sizeof s->out);
}

/* Claim slot after slot and convert it with reader rd; with need, only
 * the slots it holds (the others are left to transform()). */
static void ahead_work(conv *c, cckit_source *rd, cckit_pathset *need)
{
    ahead_q *a = c->ah;
    for (;;) {
        pthread_mutex_lock(&a->lock);
        size_t i = a->next < a->n ? a->next++ : a->n;
        pthread_mutex_unlock(&a->lock);
        if (i == a->n || cckit_cancelled(&c->cancel))
            return;
        slot *s = &a->v[i];
        /* Thin keeps only web and LTI links: no work on the rest. */
        if ((need && !cckit_ps_has(need, s->path))
            || (c->opt->thin && s->r->kind != CCKIT_KIND_WEBLINK && s->r->kind != CCKIT_KIND_LTI_LINK))
            continue;
        conv t = { .opt = c->opt, .cart = c->cart, .rep = &s->losses, .rd = rd, .in_slot = true };
        memcpy(t.to, c->to, sizeof t.to);
        cckit_error e;
        cckit_status st = convert_descriptor(&t, s->r, s->path, &e);
        bool oom = t.done.oom;
        cckit_ps_free(&t.done);
        s->out = t.out;
        if (st == CCKIT_OK && !oom && !t.deferred)
            s->state = SLOT_DONE;
        else {
            slot_clear(s);
            s->state = SLOT_REDO;
        }
    }
}

static void *ahead_worker(void *arg)
{
    conv *c = arg;
    cckit_xml_scope xs;   /* libxml2's error handler is per thread */
    cckit_xml_enter(&xs);
    ahead_work(c, c->ah->rd, NULL);
    cckit_xml_leave(&xs);
    return NULL;
}

/* Wait for the ahead thread (once); no slot is claimed after this. */
static void ahead_join(conv *c)
{
    ahead_q *a = c->ah;
    if (!a || !a->running)
        return;
    pthread_mutex_lock(&a->lock);
    a->next = a->n;
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    a->running = false;
}

static void ahead_free(conv *c)
{
    ahead_q *a = c->ah;
    if (!a)
        return;
    ahead_join(c);
    for (size_t i = 0; i < a->n; i++) {
        slot_clear(&a->v[i]);
        free(a->v[i].path);
    }
    free(a->v);
    cckit_idmap_free(a->by_path);
    if (a->rd) {
        cckit_source_merge_verified(c->cart->source, a->rd);
        cckit_source_close(a->rd);
    }
    pthread_mutex_destroy(&a->lock);
    free(a);
    c->ah = NULL;
}

static bool descriptor_kind(const cckit_resource *r)
{
    switch (r->kind) {
    case CCKIT_KIND_DISCUSSION: case CCKIT_KIND_WEBLINK: case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK: case CCKIT_KIND_LTI_LINK: case CCKIT_KIND_ASSIGNMENT:
        return true;
    default:
        return false;
    }
}

/* The slots, in transform()'s order, and the thread that fills them
 * with a reader of its own.  False: nothing ahead (out of memory, no
 * reader, no thread); transform() converts everything itself. */
static bool ahead_start(conv *c)
{
    const cckit_manifest *m = c->cart->manifest;
    ahead_q *a = calloc(1, sizeof *a);
    if (!a)
        return false;
    pthread_mutex_init(&a->lock, NULL);
    c->ah = a;
    size_t cap = 0;
    bool oom = !(a->by_path = cckit_idmap_new());
    for (size_t i = 0; i < m->n_resources && !oom; i++) {
        const cckit_resource *r = m->resources[i];
        if (!descriptor_kind(r))
            continue;
        for (size_t k = 0; k < r->n_files && !oom; k++) {
            char *p = NULL;
            if (cckit_href_resolve_ex(r->xml_base ? r->xml_base : "", r->files[k].href, 0, &p)
                    == CCKIT_HREF_NOMEM) {
                oom = true;
                break;
            }
            if (!p || !ends_with_xml(p) || cckit_idmap_get(a->by_path, p)) {
                free(p);
                continue;
            }
            if (a->n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                slot *v = realloc(a->v, nc * sizeof *v);
                if (!v) {
                    free(p);
                    oom = true;
                    break;
                }
                a->v = v;
                cap = nc;
            }
            a->v[a->n] = (slot){ .r = r, .path = p, .state = SLOT_FREE };
            a->n++;   /* the map holds the index + 1: v still moves */
            cckit_idmap_put(a->by_path, p, (void *)(uintptr_t)a->n, &oom);
        }
    }
    cckit_error e;
    if (oom || a->n == 0 || cckit_archive_reopen(c->cart->source, &a->rd, &e) != CCKIT_OK) {
        a->rd = NULL;
        ahead_free(c);
        return false;
    }
    if (pthread_create(&a->thread, NULL, ahead_worker, c) != 0) {
        ahead_free(c);
        return false;
    }
    a->running = true;
    return true;
}

/* convert_descriptor(c, r, path), from its slot when it was converted
 * ahead: its changes and its entry join the report and the output
 * here, as convert_descriptor would have added them. */
static cckit_status descriptor_at(conv *c, const cckit_resource *r, const char *path,
                                  cckit_error *err)
{
    uintptr_t at = c->ah ? (uintptr_t)cckit_idmap_get(c->ah->by_path, path) : 0;
    slot *s = at ? &c->ah->v[at - 1] : NULL;
    if (!s || s->state != SLOT_DONE || s->r != r || cckit_ps_has(&c->done, path))
        return convert_descriptor(c, r, path, err);
    cckit_ps_add_copy(&c->done, path);
    cckit_loss_report *rep = c->rep, *l = &s->losses;
    if (l->n_changes) {
        if (rep->n_changes + l->n_changes > rep->cap_changes) {
            size_t cap = rep->n_changes + l->n_changes;
            cckit_change *v = realloc(rep->changes, cap * sizeof *v);
            if (!v)
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            rep->changes = v;
            rep->cap_changes = cap;
        }
        memcpy(rep->changes + rep->n_changes, l->changes, l->n_changes * sizeof *l->changes);
        rep->n_changes += l->n_changes;
        l->n_changes = 0;
    }
    rep->dropped += l->dropped;
    rep->changed += l->changed;
    l->dropped = l->changed = 0;
    for (size_t i = 0; i < s->out.n; i++) {
        if (!ob_add(&c->out, s->out.v[i].name, s->out.v[i].data, s->out.v[i].len))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        s->out.v[i].data = NULL;   /* now the output's */
    }
    s->state = SLOT_FREE;
    return CCKIT_OK;
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
    char present[64];
    cckit_conv_manifest_present(mdoc, present, sizeof present);
    *mres = cckit_conv_xsl_run(XSL_MANIFEST, mdoc, c->to, opt->thin, present[0] ? present : NULL,
                               "imsmanifest.xml", err);
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

    /* The slots not converted ahead yet that the output keeps: this
     * thread helps, then waits for the ahead thread's last slot. */
    if (c->ah) {
        ahead_work(c, c->rd, out_files);
        ahead_join(c);
    }

    /* Descriptors of the resources that stay (plus extracted ones). */
    for (size_t i = 0; i < m->n_resources && st == CCKIT_OK; i++) {
        const cckit_resource *r = m->resources[i];
        if (!descriptor_kind(r))
            continue;
        for (size_t k = 0; k < r->n_files && st == CCKIT_OK; k++) {
            char *p = NULL;
            if (cckit_href_resolve_ex(r->xml_base ? r->xml_base : "", r->files[k].href, 0, &p)
                    == CCKIT_HREF_NOMEM)
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            else if (p && ends_with_xml(p) && cckit_ps_has(out_files, p))
                st = descriptor_at(c, r, p, err);
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
            xmlDocPtr res = cckit_conv_xsl_run(sheet, d, c->to, opt->thin, NULL, b->name, err);
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
    (void)ahead_start(c);   /* without it, the transformation does it all */
    if (pthread_create(&j->thread, NULL, transform_worker, j) != 0) {
        ahead_free(c);
        cckit_source_close(c->rd);
        c->rd = c->cart->source;
        xmlFreeDoc(j->mdoc);
        return false;
    }
    return true;
}

/* Wait for the job; its readers' verified entries join the input's. */
static void transform_join(transform_job *j)
{
    pthread_join(j->thread, NULL);
    ahead_free(j->c);   /* its reader's verified entries too */
    cckit_source_merge_verified(j->c->cart->source, j->c->rd);
    cckit_source_close(j->c->rd);
    j->c->rd = j->c->cart->source;
}

/* Two DOMs freed on a thread of their own. */
typedef struct doc_reaper {
    xmlDocPtr a, b;
    pthread_t thread;
} doc_reaper;

static void *reap_docs(void *arg)
{
    doc_reaper *r = arg;
    xmlFreeDoc(r->a);
    xmlFreeDoc(r->b);
    return NULL;
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
    cckit_pathset in_files = { 0 }, out_files = { 0 }, made = { 0 };
    cckit_zip_writer *w = NULL;
    cckit_validation *vin = NULL, *vout = NULL;
    doc_reaper *reaping = NULL;

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
        st = cckit_conv_check_input(opt, c.cart, in, &vin, ahead ? NULL : &mdoc, err);
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
    /* Both manifest DOMs are done with: freed meanwhile (~10 ms on
     * medium's), not after the output's validation. */
    doc_reaper reaper = { .a = mdoc, .b = mres };
    if (pthread_create(&reaper.thread, NULL, reap_docs, &reaper) == 0) {
        reaping = &reaper;
        mdoc = mres = NULL;
    }

    /* Write OUT through the archive writer: a locked temporary beside OUT
     * (removed on failure, on a signal, or by the next run after a kill),
     * validated by cckit_conv_out_check() before it is renamed into place. */
    if (c.done.oom) {   /* a descriptor may have been converted twice */
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    struct out_check_ctx oc = { .opt = opt, .rep = rep, .vin = &vin, .vout = &vout };
    if ((st = cckit_zip_writer_open(out, opt->force, &w, err)) != CCKIT_OK)
        goto done;
    cckit_zip_writer_set_cancel(w, &c.cancel);
    if (opt->validate)
        cckit_zip_writer_set_check(w, cckit_conv_out_check, &oc);
    for (size_t i = 0; i < c.out.n && st == CCKIT_OK; i++)
        if (!c.out.v[i].inlined)
            st = cckit_zip_writer_add_buffer(w, c.out.v[i].name, c.out.v[i].data, c.out.v[i].len, err);
    /* the entries replaced: looked up once per entry of the input */
    for (size_t i = 0; i < c.out.n; i++)
        cckit_ps_add_copy(&made, c.out.v[i].name);
    if (made.oom && st == CCKIT_OK)
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    size_t ne = cckit_source_count(c.cart->source);
    for (size_t i = 0; i < ne && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(c.cart->source, i);
        if (e->is_dir || cckit_ps_has(&made, e->name))
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
    if (reaping)
        pthread_join(reaping->thread, NULL);
    cckit_zip_writer_abort(w);
    cckit_validation_free(vin);
    cckit_validation_free(vout);
    cckit_ps_free(&in_files);
    cckit_ps_free(&out_files);
    cckit_ps_free(&made);
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
