/* diff_descriptors.c - what a descriptor says, compared between matched
 * resources: QTI items (by ident; "changed" = a different hash of the
 * item with namespaces and whitespace left out, so a conversion that
 * only moves namespaces changes nothing), a discussion's text, a web
 * link's URL, an LTI link's launch URLs, a descriptor's title.  A
 * descriptor that cannot be read gives no facts (its bytes are still
 * compared by diff_files.c; the validator says why it is unreadable). */
#include "diff/diff.h"
#include "import/entry_read.h"
#include <libxml/uri.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

char *cckit_diff_descriptor_path(const cckit_resource *res)
{
    switch (res->kind) {
    case CCKIT_KIND_DISCUSSION: case CCKIT_KIND_WEBLINK: case CCKIT_KIND_LTI_LINK:
    case CCKIT_KIND_ASSESSMENT: case CCKIT_KIND_QUESTION_BANK: case CCKIT_KIND_ASSIGNMENT:
        break;
    default:
        return NULL;
    }
    const char *h = res->href && res->href[0] ? res->href
                    : res->n_files > 0 ? res->files[0].href : NULL;
    if (h == NULL)
        return NULL;
    char *d = xmlURIUnescapeString(h, 0, NULL);
    return d ? d : strdup(h);
}

/* The facts of one descriptor. */
typedef struct facts {
    char *title, *text, *url, *launch, *secure_launch;
    char **ident, **item_title;       /* QTI items */
    char (*hash)[SHA256_DIGEST_SIZE * 2 + 1];
    unsigned *line;
    size_t n, cap;
} facts;

static void facts_free(facts *f)
{
    xmlFree(f->title);
    xmlFree(f->text);
    xmlFree(f->url);
    xmlFree(f->launch);
    xmlFree(f->secure_launch);
    for (size_t i = 0; i < f->n; i++) {
        xmlFree(f->ident[i]);
        xmlFree(f->item_title[i]);
    }
    free(f->ident);
    free(f->item_title);
    free(f->hash);
    free(f->line);
}

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Element, attributes and trimmed text, namespaces left out. */
static void hash_node(struct sha256_ctx *c, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            sha256_update(c, 1, (const uint8_t *)"<");
            sha256_update(c, strlen((const char *)n->name) + 1, n->name);
            for (const xmlAttr *a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
                sha256_update(c, strlen((const char *)a->name) + 1, a->name);
                if (v)
                    sha256_update(c, strlen((const char *)v) + 1, v);
                xmlFree(v);
            }
            hash_node(c, n->children);
            sha256_update(c, 1, (const uint8_t *)">");
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)n->content;
            if (s == NULL)
                continue;
            size_t len = strlen(s), b = 0;
            while (b < len && strchr(" \t\r\n", s[b]))
                b++;
            while (len > b && strchr(" \t\r\n", s[len - 1]))
                len--;
            if (len > b)
                sha256_update(c, len - b, (const uint8_t *)s + b);
        }
    }
}

static bool add_item(facts *f, const xmlNode *n)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        char **id = realloc(f->ident, cap * sizeof *id);
        if (id)
            f->ident = id;
        char **ti = realloc(f->item_title, cap * sizeof *ti);
        if (ti)
            f->item_title = ti;
        void *h = realloc(f->hash, cap * sizeof *f->hash);
        if (h)
            f->hash = h;
        unsigned *l = realloc(f->line, cap * sizeof *l);
        if (l)
            f->line = l;
        if (!id || !ti || !h || !l)
            return false;
        f->cap = cap;
    }
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx c;
    sha256_init(&c);
    /* the item's own attributes and children, not its siblings */
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
        sha256_update(&c, strlen((const char *)a->name) + 1, a->name);
        if (v)
            sha256_update(&c, strlen((const char *)v) + 1, v);
        xmlFree(v);
    }
    hash_node(&c, n->children);
    uint8_t dg[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof dg, dg);
    for (size_t i = 0; i < sizeof dg; i++) {
        f->hash[f->n][2 * i] = digits[dg[i] >> 4];
        f->hash[f->n][2 * i + 1] = digits[dg[i] & 15];
    }
    f->hash[f->n][2 * SHA256_DIGEST_SIZE] = '\0';
    f->ident[f->n] = (char *)xmlGetProp(n, (const xmlChar *)"ident");
    f->item_title[f->n] = (char *)xmlGetProp(n, (const xmlChar *)"title");
    f->line[f->n] = (unsigned)xmlGetLineNo(n);
    f->n++;
    return true;
}

static bool scan(facts *f, const xmlNode *n, unsigned depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is(n, "item") && xmlHasProp(n, (const xmlChar *)"ident")) {
            if (!add_item(f, n))
                return false;
            continue;
        }
        if (depth == 1 && is(n, "title") && f->title == NULL)
            f->title = (char *)xmlNodeGetContent(n);
        else if (is(n, "text") && f->text == NULL)
            f->text = (char *)xmlNodeGetContent(n);
        else if (is(n, "url") && f->url == NULL)
            f->url = (char *)xmlGetProp(n, (const xmlChar *)"href");
        else if (is(n, "launch_url") && f->launch == NULL)
            f->launch = (char *)xmlNodeGetContent(n);
        else if (is(n, "secure_launch_url") && f->secure_launch == NULL)
            f->secure_launch = (char *)xmlNodeGetContent(n);
        if (depth < 256 && !scan(f, n->children, depth + 1))
            return false;
    }
    return true;
}

/* Facts of a resource's descriptor; false only on OOM. */
static bool read_facts(const cckit_cartridge *c, const char *root, const cckit_resource *res,
                       const cckit_limits *lim, facts *f, char **path)
{
    memset(f, 0, sizeof *f);
    *path = cckit_diff_descriptor_path(res);
    if (*path == NULL || c->source == NULL)
        return true;
    const cckit_entry *e;
    if (root[0] != '\0') {   /* the manifest's folder, zipped with it */
        cckit_strbuf b;
        cckit_strbuf_init(&b);
        cckit_strbuf_adds(&b, root);
        cckit_strbuf_adds(&b, *path);
        if (b.oom) {
            cckit_strbuf_free(&b);
            return false;
        }
        e = cckit_source_find(c->source, b.s);
        free(b.s);
    } else {
        e = cckit_source_find(c->source, *path);
    }
    if (e == NULL)
        return true;
    xmlDocPtr doc = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    if (cckit_xml_read_entry(c->source, e, lim, &doc, &err) != CCKIT_OK)
        return err.status != CCKIT_E_NOMEM;
    bool ok = scan(f, xmlDocGetRootElement(doc), 1);
    xmlFreeDoc(doc);
    return ok;
}

static bool same(const char *x, const char *y)
{
    return x == NULL || y == NULL ? x == y : strcmp(x, y) == 0;
}

/* Long texts are shown by their start. */
static char *shorten(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s), cut = 72;
    if (n <= cut)
        return strdup(s);
    while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
        cut--;   /* never split a UTF-8 sequence */
    char *o = malloc(cut + 4);
    if (o) {
        memcpy(o, s, cut);
        memcpy(o + cut, "...", 4);
    }
    return o;
}

static void fact(cckit_diff_run *r, const char *code, const char *subject, const char *x,
                 const char *y, const char *file)
{
    if (same(x, y))
        return;
    char *sx = shorten(x), *sy = shorten(y);
    if ((x && !sx) || (y && !sy))
        r->oom = true;
    else
        cckit_diff_add(r, code, CCKIT_DIFF_DESCRIPTORS, subject, sx, sy, file, 0);
    free(sx);
    free(sy);
}

static void compare(cckit_diff_run *r, const char *subject, const facts *x, const facts *y,
                    const char *file)
{
    fact(r, "descriptor.title", subject, x->title, y->title, file);
    fact(r, "descriptor.discussion-text", subject, x->text, y->text, file);
    fact(r, "descriptor.weblink-url", subject, x->url, y->url, file);
    fact(r, "descriptor.lti-launch-url", subject, x->launch, y->launch, file);
    fact(r, "descriptor.lti-launch-url", subject, x->secure_launch, y->secure_launch, file);
    /* QTI items by ident; few per descriptor, so a plain search */
    bool *seen = calloc(y->n + 1, sizeof *seen);
    if (seen == NULL) {
        r->oom = true;
        return;
    }
    for (size_t i = 0; i < x->n; i++) {
        size_t j = 0;
        while (j < y->n && (seen[j] || !same(x->ident[i], y->ident[j])))
            j++;
        const char *name = x->item_title[i] ? x->item_title[i] : x->ident[i];
        if (j == y->n) {
            cckit_diff_add(r, "descriptor.qti-item-removed", CCKIT_DIFF_DESCRIPTORS, subject,
                           name, NULL, file, 0);
            continue;
        }
        seen[j] = true;
        if (strcmp(x->hash[i], y->hash[j]) != 0)
            cckit_diff_add(r, "descriptor.qti-item-changed", CCKIT_DIFF_DESCRIPTORS, subject,
                           name, y->item_title[j] ? y->item_title[j] : y->ident[j], file,
                           y->line[j]);
    }
    for (size_t j = 0; j < y->n; j++)
        if (!seen[j])
            cckit_diff_add(r, "descriptor.qti-item-added", CCKIT_DIFF_DESCRIPTORS, subject, NULL,
                           y->item_title[j] ? y->item_title[j] : y->ident[j], file, y->line[j]);
    free(seen);
}

/* One side's descriptors of the pairs to compare, read on its own thread
 * (cckit_diff_both): facts, paths, and whether memory ran out. */
typedef struct side_read {
    const cckit_cartridge *c;
    const char *root;
    const cckit_limits *lim;
    const cckit_resource **res;
    facts *f;
    char **path;
    size_t n;
    bool oom;
} side_read;

static void *read_side(void *v)
{
    side_read *s = v;
    for (size_t k = 0; k < s->n && !s->oom; k++)
        if (!read_facts(s->c, s->root, s->res[k], s->lim, &s->f[k], &s->path[k]))
            s->oom = true;
    return NULL;
}

cckit_status cckit_diff_descriptors(cckit_diff_run *r, cckit_error *err)
{
    (void)err;
    const cckit_manifest *a = r->a->manifest, *b = r->b->manifest;
    size_t cap = a->n_resources + 1, n = 0;
    side_read A = { r->a, r->root_a, r->lim, calloc(cap, sizeof(void *)),
                    calloc(cap, sizeof(facts)), calloc(cap, sizeof(char *)), 0, false };
    side_read B = { r->b, r->root_b, r->lim, calloc(cap, sizeof(void *)),
                    calloc(cap, sizeof(facts)), calloc(cap, sizeof(char *)), 0, false };
    if (!A.res || !A.f || !A.path || !B.res || !B.f || !B.path) {
        r->oom = true;
        goto out;
    }
    /* the pairs to read: matched resources whose descriptor is not the
     * same bytes at the same path (those say the same: no parse) */
    for (size_t i = 0; i < a->n_resources; i++) {
        if (r->res_ab[i] < 0)
            continue;
        const cckit_resource *x = a->resources[i], *y = b->resources[r->res_ab[i]];
        char *qx = cckit_diff_descriptor_path(x), *qy = cckit_diff_descriptor_path(y);
        bool skip = qx == NULL || qy == NULL ||
                    (strcmp(qx, qy) == 0 && cckit_idmap_get(r->same_files, qx));
        free(qx);
        free(qy);
        if (skip)
            continue;
        A.res[n] = x;
        B.res[n] = y;
        n++;
    }
    A.n = B.n = n;
    cckit_diff_both(read_side, &A, &B);
    if (A.oom || B.oom) {
        r->oom = true;
        goto out;
    }
    for (size_t k = 0; k < n && !r->oom; k++)
        if (A.path[k] && B.path[k])
            compare(r, cckit_diff_resource_name(B.res[k]), &A.f[k], &B.f[k], B.path[k]);
out:
    for (size_t k = 0; k < n; k++) {
        if (A.f) {
            facts_free(&A.f[k]);
            free(A.path[k]);
        }
        if (B.f) {
            facts_free(&B.f[k]);
            free(B.path[k]);
        }
    }
    free(A.res);
    free(A.f);
    free(A.path);
    free(B.res);
    free(B.f);
    free(B.path);
    return CCKIT_OK;
}
