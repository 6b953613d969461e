/* diff_reread.c - what the manifest tree does not keep and diff compares:
 * each resource's own metadata (LOM inside <resource><metadata>) and the
 * organizations after the first.  Read again from the manifest with
 * libxml2's streaming reader, and only for a side that has them (the
 * tree says so: has_metadata, n_organizations), so a large cartridge
 * without them costs nothing.  The manifest was accepted by the tree's
 * hardened parse first (no DOCTYPE, entities or XInclude); this parse
 * uses the same options and expands only those subtrees. */
#include "diff/diff.h"
#include "import/entry_read.h"
#include "tree/tree.h"
#include <libxml/xmlreader.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct rd {
    cckit_stream *s;   /* an entry of the package, or */
    int fd;            /* a bare manifest */
    cckit_error err;
} rd;

static int read_cb(void *ctx, char *buf, int len)
{
    rd *x = ctx;
    if (x->s)
        return (int)cckit_stream_read(x->s, buf, (size_t)len, &x->err);
    for (;;) {
        ssize_t got = read(x->fd, buf, (size_t)len);
        if (got >= 0 || errno != EINTR)
            return (int)got;
    }
}

static bool is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *trimmed(cckit_arena *a, const xmlChar *t)
{
    const char *s = (const char *)t, *e;
    if (s == NULL)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    return cckit_arena_strndup(a, s, (size_t)(e - s));
}

/* ---- a resource's metadata: its leaves, "path: value" -------------- */

/* Every element without element children and with text, as the path of
 * local names below <metadata> (the <lom> wrapper left out, so a LOM in
 * another version's namespace reads the same) and its trimmed text. */
static bool leaves(cckit_diff_more *m, size_t res, xmlNodePtr n, cckit_strbuf *path,
                   unsigned depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t keep = path->len;
        if (!(depth == 0 && is(n, "lom"))) {
            if (path->len)
                cckit_strbuf_add(path, "/", 1);
            cckit_strbuf_adds(path, (const char *)n->name);
        }
        bool has_child = false;
        for (xmlNodePtr c = n->children; c && !has_child; c = c->next)
            has_child = c->type == XML_ELEMENT_NODE;
        if (has_child) {
            if (!leaves(m, res, n->children, path, depth + 1))
                return false;
        } else {
            xmlChar *t = xmlNodeGetContent(n);
            char *v = trimmed(m->arena, t);
            xmlFree(t);
            if (v == NULL)
                return false;
            if (v[0] != '\0') {
                cckit_strbuf line;
                cckit_strbuf_init(&line);
                cckit_strbuf_adds(&line, path->s ? path->s : "");
                cckit_strbuf_adds(&line, ": ");
                cckit_strbuf_adds(&line, v);
                char **lv = line.oom ? NULL
                    : cckit_arena_push(m->arena, m->lom[res], m->lom_n[res], sizeof *lv);
                char *l = lv ? cckit_arena_strdup(m->arena, line.s) : NULL;
                cckit_strbuf_free(&line);
                if (l == NULL)
                    return false;
                lv[m->lom_n[res]++] = l;
                m->lom[res] = lv;
            }
        }
        if (path->oom)
            return false;
        path->len = keep;
        if (path->s)
            path->s[keep] = '\0';
    }
    return true;
}

/* ---- organizations after the first --------------------------------- */

static bool items(cckit_diff_more *m, const cckit_manifest *real, cckit_organization *org,
                  cckit_item *parent, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (!is(n, "item"))
            continue;
        cckit_item *it = cckit_tree_add_item(m->tree, org, parent);
        if (it == NULL)
            return false;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"identifier");
        xmlChar *ref = xmlGetProp(n, (const xmlChar *)"identifierref");
        it->identifier = id ? cckit_arena_strdup(m->arena, (const char *)id) : NULL;
        it->identifierref = ref ? cckit_arena_strdup(m->arena, (const char *)ref) : NULL;
        xmlFree(id);
        xmlFree(ref);
        if (it->identifierref)
            it->resource = cckit_manifest_find_resource(real, it->identifierref);
        it->pos.file = real->file;
        it->pos.line = (unsigned)xmlGetLineNo(n);
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (!is(c, "title"))
                continue;
            xmlChar *t = xmlNodeGetContent(c);
            it->title = trimmed(m->arena, t);
            xmlFree(t);
            break;
        }
        if (!items(m, real, org, it, n->children))
            return false;
    }
    return true;
}

static bool organization(cckit_diff_more *m, const cckit_manifest *real, xmlNodePtr n)
{
    cckit_organization *org = cckit_arena_alloc(m->arena, sizeof *org);
    cckit_organization **v = org ? cckit_arena_push(m->arena, m->orgs, m->n_orgs, sizeof *v)
                                 : NULL;
    if (v == NULL)
        return false;
    v[m->n_orgs++] = org;
    m->orgs = v;
    xmlChar *id = xmlGetProp(n, (const xmlChar *)"identifier");
    org->identifier = id ? cckit_arena_strdup(m->arena, (const char *)id) : NULL;
    xmlFree(id);
    org->pos.file = real->file;
    org->pos.line = (unsigned)xmlGetLineNo(n);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is(c, "title") && org->title == NULL) {
            xmlChar *t = xmlNodeGetContent(c);
            org->title = trimmed(m->arena, t);
            xmlFree(t);
        }
    }
    return items(m, real, org, NULL, n->children);
}

/* ---- the read ------------------------------------------------------ */

/* 1 read, 0 the reader failed, -1 out of memory. */
static int walk(cckit_diff_more *m, const cckit_manifest *real, xmlTextReaderPtr xr,
                bool want_lom, bool want_orgs)
{
    size_t n_res = 0, n_org = 0;
    const cckit_resource *cur = NULL;   /* the <resource> being read */
    bool in_orgs = false, in_res = false;   /* the depth-1 element */
    int ret = xmlTextReaderRead(xr);
    while (ret == 1) {
        int depth = xmlTextReaderDepth(xr);
        const char *name = (const char *)xmlTextReaderConstLocalName(xr);
        bool elem = xmlTextReaderNodeType(xr) == XML_READER_TYPE_ELEMENT;
        xmlNodePtr sub = NULL;
        if (elem && depth == 1) {
            in_orgs = strcmp(name, "organizations") == 0;
            in_res = strcmp(name, "resources") == 0;
        }
        if (elem && depth == 2 && in_orgs && strcmp(name, "organization") == 0 &&
            n_org++ > 0 && want_orgs) {
            if ((sub = xmlTextReaderExpand(xr)) == NULL)
                return 0;
            if (!organization(m, real, sub))
                return -1;
        } else if (elem && depth == 2 && in_res && strcmp(name, "resource") == 0) {
            /* the tree's Nth resource, when the identifiers agree */
            cur = n_res < real->n_resources ? real->resources[n_res] : NULL;
            n_res++;
            xmlChar *id = xmlTextReaderGetAttribute(xr, (const xmlChar *)"identifier");
            if (cur && !cckit_diff_same_str(cur->identifier, (const char *)id))
                cur = NULL;
            xmlFree(id);
        } else if (elem && depth == 3 && in_res && strcmp(name, "metadata") == 0 && cur &&
                   want_lom &&
                   cur->has_metadata && m->lom[cur->index] == NULL) {
            if ((sub = xmlTextReaderExpand(xr)) == NULL)
                return 0;
            cckit_strbuf path;
            cckit_strbuf_init(&path);
            bool ok = leaves(m, cur->index, sub->children, &path, 0);
            cckit_strbuf_free(&path);
            if (!ok)
                return -1;
            if (m->lom[cur->index] == NULL)   /* read, empty: not again */
                m->lom[cur->index] = cckit_arena_alloc(m->arena, sizeof(char *));
            if (m->lom[cur->index] == NULL)
                return -1;
        }
        ret = sub ? xmlTextReaderNext(xr) : xmlTextReaderRead(xr);
    }
    return ret == 0 ? 1 : 0;
}

cckit_status cckit_diff_reread(const cckit_cartridge *c, const cckit_limits *lim,
                               cckit_diff_more *m, cckit_error *err)
{
    const cckit_manifest *real = c->manifest;
    bool want_lom = false, want_orgs = real->n_organizations > 1;
    for (size_t i = 0; i < real->n_resources && !want_lom; i++)
        want_lom = real->resources[i]->has_metadata;
    if (!want_lom && !want_orgs)
        return CCKIT_OK;
    (void)lim;   /* the tree's parse applied them to these same bytes */
    if ((m->tree = cckit_tree_new(real->file)) == NULL ||
        (m->lom = calloc(real->n_resources + 1, sizeof *m->lom)) == NULL ||
        (m->lom_n = calloc(real->n_resources + 1, sizeof *m->lom_n)) == NULL)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    m->arena = m->tree->arena;
    rd x;
    memset(&x, 0, sizeof x);
    x.fd = -1;
    cckit_status st = CCKIT_OK;
    if (c->source) {
        const cckit_entry *e = cckit_source_find(c->source, real->file);
        st = e ? cckit_stream_open(c->source, e, &x.s, err) : CCKIT_E_NOMANIFEST;
    } else if ((x.fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
        st = cckit_fail(err, CCKIT_E_IO, "%s: %s", c->path, strerror(errno));
    }
    if (st != CCKIT_OK)
        return st == CCKIT_E_NOMANIFEST ? cckit_fail(err, st, "%s: cannot read it again",
                                                     real->file) : st;
    cckit_xml_scope scope;
    cckit_xml_enter(&scope);
    xmlTextReaderPtr xr = xmlReaderForIO(read_cb, NULL, &x, real->file, NULL,
                                         cckit_xml_parse_options());
    int got = xr != NULL ? walk(m, real, xr, want_lom, want_orgs) : -1;
    xmlFreeTextReader(xr);
    cckit_xml_leave(&scope);
    cckit_stream_close(x.s);
    if (x.fd >= 0)
        close(x.fd);
    if (got < 0)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (got == 0 && x.err.status != CCKIT_OK) {
        *err = x.err;
        return x.err.status;
    }
    if (got == 0)
        return cckit_fail(err, CCKIT_E_XML, "%s: could not be read again", real->file);
    return CCKIT_OK;
}

void cckit_diff_more_free(cckit_diff_more *m)
{
    cckit_manifest_free(m->tree);   /* its arena holds the rest */
    free(m->lom);
    free(m->lom_n);
    memset(m, 0, sizeof *m);
}
