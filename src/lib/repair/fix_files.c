/* fix_files.c - the fixes about the package's files: junk left out,
 * hrefs that name a file in another spelling, a resource's href missing
 * from its <file> list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "content/html_deps.h"

#define MANIFEST "imsmanifest.xml"

static unsigned line_of(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned)l : 0;
}

/* An href resolved, with out of memory latched in r. */
static cckit_href_status resolve(cckit_rp *r, const char *base, const char *href, unsigned flags,
                                 char **out)
{
    cckit_href_status st = cckit_href_resolve_ex(base, href, flags, out);
    if (st == CCKIT_HREF_NOMEM)
        r->oom = true;
    return st;
}

/* The file an href names, as the validator finds it: the URI reading,
 * else the raw characters as a name.  NULL if it names none. */
static const cckit_entry *href_entry(cckit_rp *r, const char *base, const char *href)
{
    cckit_source *src = r->src;
    char *p = NULL;
    const cckit_entry *e = NULL;
    if (resolve(r, base, href, 0, &p) == CCKIT_HREF_OK)
        e = cckit_source_find(src, p);
    free(p);
    p = NULL;
    if ((!e || e->is_dir) && resolve(r, base, href, CCKIT_HREF_LITERAL, &p) == CCKIT_HREF_OK)
        e = cckit_source_find(src, p);
    free(p);
    return e && !e->is_dir ? e : NULL;
}

/* The file an href names as a URI reference (no raw reading). */
static const cckit_entry *uri_entry(cckit_rp *r, const char *base, const char *href)
{
    char *p = NULL;
    const cckit_entry *e = NULL;
    if (resolve(r, base, href, 0, &p) == CCKIT_HREF_OK)
        e = cckit_source_find(r->src, p);
    free(p);
    return e && !e->is_dir ? e : NULL;
}

/* ---- repair.junk-dropped ----------------------------------------- */

bool cckit_rp_is_junk(const char *name)
{
    if (strncmp(name, "__MACOSX/", 9) == 0)
        return true;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    return strcmp(base, ".DS_Store") == 0 || cckit_strcasecmp_ascii(base, "Thumbs.db") == 0
        || cckit_strcasecmp_ascii(base, "desktop.ini") == 0 || strncmp(base, "._", 2) == 0;
}

/* Junk is left out unless an href of the manifest names it (then it is
 * content, whatever its name). */
cckit_status cckit_fix_junk(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    size_t n = cckit_source_count(r->src);
    unsigned char *named = calloc(n ? n : 1, 1);
    if (!named)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    const cckit_entry *e0 = cckit_source_entry(r->src, 0);
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    char *base = NULL;
    for (xmlNodePtr x = root; x; x = cckit_rp_next(x)) {
        if (cckit_rp_is(r, x, "resource")) {
            free(base);
            base = cckit_rp_res_base(r, x);
        }
        if (!base || !(cckit_rp_is(r, x, "resource") || cckit_rp_is(r, x, "file")))
            continue;
        char *href = cckit_rp_attr(x, "href");
        const cckit_entry *e = href ? href_entry(r, base, href) : NULL;
        if (e)
            named[e - e0] = 1;
        xmlFree(href);
    }
    free(base);
    bool ok = true;
    size_t dirs = 0;
    const char *dir1 = NULL;
    for (size_t i = 0; i < n && ok; i++) {
        const cckit_entry *e = cckit_source_entry(r->src, i);
        if (e->is_dir) {
            r->drop[i] = 1;     /* a folder's own folders are no entries */
            if (cckit_source_is_archive(r->src) && !dirs++)
                dir1 = e->name;
        } else if (!named[i] && cckit_rp_is_junk(e->name)) {
            r->drop[i] = 1;
            ok = cckit_rp_fix(r, row, false, e->name, 0, "'%s' is operating-system litter: left out",
                              e->name);
        }
    }
    /* folder entries are no content: one line for them all */
    if (ok && dirs)
        ok = cckit_rp_fix(r, row, false, dir1, 0, "%zu folder entr%s ('%s'%s) left out: folders "
                          "are implied by the names of their files", dirs, dirs == 1 ? "y" : "ies",
                          dir1, dirs > 1 ? ", ..." : "");
    free(named);
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* ---- repair.href-encoding ---------------------------------------- */

/* The spelling-blind key of a name: NFC, ASCII lower case. */
static char *loose_key(const char *s)
{
    char *k = cckit_utf8_nfc(s);
    if (!k)
        k = strdup(s);
    for (char *p = k; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}

/* The keys of every kept file: whether a name has a match at all is a
 * lookup; the (rare) names that do are then counted by a scan. */
typedef struct loose {
    cckit_arena *keys;
    cckit_idmap *map;       /* key -> first entry of that key */
} loose;

static bool loose_build(cckit_rp *r, loose *l)
{
    l->keys = cckit_arena_new();
    l->map = cckit_idmap_new();
    if (!l->keys || !l->map)
        return false;
    size_t n = cckit_source_count(r->src);
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(r->src, i);
        if (e->is_dir || r->drop[i])
            continue;
        char *k = loose_key(e->name);
        char *ak = k ? cckit_arena_strdup(l->keys, k) : NULL;
        free(k);
        bool oom = false;
        if (!ak)
            return false;
        cckit_idmap_put(l->map, ak, (void *)e, &oom);
        if (oom)
            return false;
    }
    return true;
}

/* The one file that a (resolved) name means once spelling is set aside,
 * or NULL (none, or several). */
static const cckit_entry *loose_find(cckit_rp *r, const loose *l, const char *name, size_t *count)
{
    char *k = loose_key(name);
    const cckit_entry *e = NULL;
    *count = 0;
    if (!k)
        return NULL;
    /* count every file of the key: idmap keeps the first only */
    size_t n = cckit_source_count(r->src);
    if (cckit_idmap_get(l->map, k)) {
        for (size_t i = 0; i < n; i++) {
            const cckit_entry *x = cckit_source_entry(r->src, i);
            if (x->is_dir || r->drop[i])
                continue;
            char *xk = loose_key(x->name);
            if (xk && strcmp(xk, k) == 0) {
                (*count)++;
                e = x;
            }
            free(xk);
        }
    }
    free(k);
    return *count == 1 ? e : NULL;
}

static void loose_free(loose *l)
{
    cckit_idmap_free(l->map);
    cckit_arena_free(l->keys);
}

/* The href of entry name for a resource whose base folder is base:
 * relative to base, percent-encoded.  NULL if name is not under base. */
static char *href_for(const char *base, const char *name)
{
    size_t bl = strlen(base);
    if (bl) {
        if (strncmp(name, base, bl) != 0 || name[bl] != '/')
            return NULL;
        name += bl + 1;
    }
    return cckit_href_encode(name);
}

/* Whether a <file> of resource res has exactly this href. */
static bool listed_as_file(const cckit_rp *r, xmlNodePtr res, const char *href)
{
    bool found = false;
    for (xmlNodePtr c = res->children; c && !found; c = c->next)
        if (cckit_rp_is(r, c, "file")) {
            char *fh = cckit_rp_attr(c, "href");
            found = fh && strcmp(fh, href) == 0;
            xmlFree(fh);
        }
    return found;
}

cckit_status cckit_fix_href_encoding(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    loose l = { 0 };
    if (!loose_build(r, &l)) {
        loose_free(&l);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    char *base = NULL;
    bool ok = true;
    for (xmlNodePtr x = root; x && ok; x = cckit_rp_next(x)) {
        bool is_res = cckit_rp_is(r, x, "resource");
        if (is_res) {
            free(base);
            base = cckit_rp_res_base(r, x);
        }
        if (!base || !(is_res || cckit_rp_is(r, x, "file")))
            continue;
        char *href = cckit_rp_attr(x, "href");
        if (!href || uri_entry(r, base, href) || (is_res && listed_as_file(r, x, href))) {
            xmlFree(href);
            continue;   /* found; or a resource's href its <file> stands for */
        }
        /* the names the href may mean: its URI reading and its raw one */
        char *p1 = NULL, *p2 = NULL;
        cckit_href_status s1 = resolve(r, base, href, 0, &p1);
        cckit_href_status s2 = resolve(r, base, href, CCKIT_HREF_LITERAL, &p2);
        if (s1 == CCKIT_HREF_URL || s1 == CCKIT_HREF_ABSOLUTE || s1 == CCKIT_HREF_EMPTY) {
            free(p1);
            free(p2);
            xmlFree(href);
            continue;   /* not a file of the package: not this fix's */
        }
        size_t c1 = 0, c2 = 0;
        const cckit_entry *e1 = s1 == CCKIT_HREF_OK ? loose_find(r, &l, p1, &c1) : NULL;
        const cckit_entry *e2 = s2 == CCKIT_HREF_OK ? loose_find(r, &l, p2, &c2) : NULL;
        const cckit_entry *e = e1 ? e1 : e2;
        bool unique = e && (!e1 || !e2 || e1 == e2) && c1 <= 1 && c2 <= 1;
        const char *id = cckit_rp_res_id(r, x);
        char *nh = unique ? href_for(base, e->name) : NULL;
        if (nh) {
            xmlSetProp(x, (const xmlChar *)"href", (const xmlChar *)nh);
            r->doc_changed = true;
            /* the resource's href that this <file> stood for goes along */
            if (!is_res && x->parent && cckit_rp_is(r, x->parent, "resource")) {
                char *rh = cckit_rp_attr(x->parent, "href");
                if (rh && strcmp(rh, href) == 0)
                    xmlSetProp(x->parent, (const xmlChar *)"href", (const xmlChar *)nh);
                xmlFree(rh);
            }
            ok = cckit_rp_fix(r, row, false, MANIFEST, line_of(x),
                              "resource \"%s\": href \"%s\" names no file as a URI; the one "
                              "file it matches, '%s', is written \"%s\"", id ? id : "?", href,
                              e->name, nh);
            free(nh);
        } else if (c1 > 1 || c2 > 1) {
            ok = cckit_rp_decline(r, MANIFEST, line_of(x),
                                  "resource \"%s\": href \"%s\" names no file, and %zu files "
                                  "match it in other spellings: which one is meant is a guess",
                                  id ? id : "?", href, c1 > c2 ? c1 : c2);
        } else if (unique) {
            ok = cckit_rp_decline(r, MANIFEST, line_of(x),
                                  "resource \"%s\": href \"%s\" matches '%s', which is outside "
                                  "the resource's xml:base folder", id ? id : "?", href, e->name);
        } else {
            ok = cckit_rp_decline(r, MANIFEST, line_of(x),
                                  "resource \"%s\": href \"%s\": no file of the package has this "
                                  "name in any spelling (it is missing from the package)",
                                  id ? id : "?", href);
        }
        free(p1);
        free(p2);
        xmlFree(href);
    }
    free(base);
    loose_free(&l);
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* ---- repair.file-listed ------------------------------------------ */

/* A resource's href is one of its files (R?: the href is listed in a
 * <file>): add <file href="..."/> before the first <file>, or before the
 * first <dependency>, or at the end (the schema's order). */
cckit_status cckit_fix_file_listed(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    bool ok = true;
    for (xmlNodePtr x = root; x && ok; x = cckit_rp_next(x)) {
        if (!cckit_rp_is(r, x, "resource"))
            continue;
        char *href = cckit_rp_attr(x, "href");
        char *base = href ? cckit_rp_res_base(r, x) : NULL;
        const cckit_entry *e = base ? href_entry(r, base, href) : NULL;
        xmlNodePtr before = NULL, dep = NULL;
        bool listed = false;
        for (xmlNodePtr c = x->children; e && c && !listed; c = c->next) {
            if (cckit_rp_is(r, c, "file")) {
                if (!before)
                    before = c;
                char *fh = cckit_rp_attr(c, "href");
                listed = fh && (strcmp(fh, href) == 0 || href_entry(r, base, fh) == e);
                xmlFree(fh);
            } else if (!dep && cckit_rp_is(r, c, "dependency"))
                dep = c;
        }
        if (e && !listed) {
            if (!before)
                before = dep;
            xmlNodePtr f = xmlNewDocNode(r->doc, x->ns, (const xmlChar *)"file", NULL);
            if (!f || !xmlSetProp(f, (const xmlChar *)"href", (const xmlChar *)href)) {
                xmlFreeNode(f);
                ok = false;
            } else if (before) {
                xmlAddPrevSibling(before, f);
                xmlNodePtr ws = before->prev ? before->prev->prev : NULL;
                if (ws && ws->type == XML_TEXT_NODE && xmlIsBlankNode(ws))
                    xmlAddPrevSibling(before, xmlCopyNode(ws, 1));
            } else {
                xmlAddChild(x, f);
            }
            if (ok) {
                r->doc_changed = true;
                const char *id = cckit_rp_res_id(r, x);
                ok = cckit_rp_fix(r, row, false, MANIFEST, line_of(x),
                                  "resource \"%s\": its href \"%s\" is added to its files",
                                  id ? id : "?", href);
            }
        }
        free(base);
        xmlFree(href);
    }
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}
