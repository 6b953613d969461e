/* fix_links.c - the links that moves of package files (fix_lao.c) would
 * break, rewritten: in a page, a style sheet or a learning object's
 * descriptor that moves, or that names a file that moves.
 *
 * The links are read as the validator's link check reads them: a page
 * by the page scan, a style sheet by the CSS scanner (content/html_deps.c),
 * a descriptor by content/desc_links.c; a link is resolved against the
 * folder of its file (cckit_link_resolve), $IMS-CC-FILEBASE$ as that
 * folder too (R59).  Only a link that names a file of the package is
 * rewritten: one that names none (Canvas's $IMS-CC-FILEBASE$, which it
 * reads as web_resources/ wherever the descriptor is) keeps its meaning.
 *
 * The rewriting is done on the file's bytes, every other byte kept: each
 * link value is replaced where it stands between delimiters (quotes,
 * the ; and & of &quot;, url's parentheses).  When the value is not
 * there as often as the scan saw it (written with character references,
 * or the same text outside a link), the rewrite would be a guess: the
 * moves that need it are declined by the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "content/html_deps.h"
#include "content/desc_links.h"
#include "xml/xml_doc.h"

/* One link value of a file and what it becomes. */
typedef struct pair {
    char *raw, *now;
    size_t seen, found;
    unsigned line;
    long target;            /* its target's entry */
} pair;

typedef struct scan {
    cckit_rp *r;
    const cckit_rp_moves *mv;
    const cckit_entry *e0;
    long self;              /* the file's entry */
    const char *dir_old;    /* its folder, before and after */
    char *dir_new;
    pair *v;
    size_t n, cap;
    bool oom;
    long outside;           /* a moving file this file links to from outside its new folder */
} scan;

/* Length of a $TOKEN$ (either spelling of IMS-CC-FILEBASE, raw or with
 * $ as %24) at the start of s, or 0. */
static size_t filebase_len(const char *s)
{
    static const char *const names[] = {"IMS-CC-FILEBASE", "IMS_CC_FILEBASE"};
    for (size_t k = 0; k < 2; k++) {
        size_t n = strlen(names[k]);
        if (s[0] == '$' && strncmp(s + 1, names[k], n) == 0 && s[1 + n] == '$')
            return n + 2;
        if (strncmp(s, "%24", 3) == 0 && strncmp(s + 3, names[k], n) == 0
            && strncmp(s + 3 + n, "%24", 3) == 0)
            return n + 6;
    }
    return 0;
}

/* The entry of a package path that is a kept file, or -1. */
static long file_ent(const scan *s, const char *path)
{
    const cckit_entry *e = cckit_source_find(s->r->src, path);
    if (!e || e->is_dir)
        return -1;
    size_t i = (size_t)(e - s->e0);
    return s->r->drop[i] ? -1 : (long)i;
}

static bool on_link(void *ctx, const char *target, const char *raw, unsigned line,
                    const char *what, bool is_link)
{
    scan *s = ctx;
    (void)target, (void)what, (void)is_link;
    while (*raw == ' ' || *raw == '\t' || *raw == '\n' || *raw == '\r' || *raw == '\f')
        raw++;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].raw, raw) == 0) {
            s->v[i].seen++;
            return true;
        }
    size_t tl = filebase_len(raw);
    const char *rest = raw + tl;
    if (tl && *rest == '/')
        rest++;
    char *p = NULL;
    cckit_href_status st = cckit_link_resolve(s->dir_old, rest, &p);
    if (st == CCKIT_HREF_NOMEM) {
        s->oom = true;
        return false;
    }
    long t = (st == CCKIT_HREF_OK || st == CCKIT_HREF_BAD_ESCAPE) && p ? file_ent(s, p) : -1;
    free(p);
    if (t < 0 || (!s->mv->to[s->self] && !s->mv->to[t]))
        return true;    /* names no file, or nothing of it moves */
    const cckit_entry *te = s->e0 + t;
    /* web content, or another learning object, may not link into a
     * learning object's folder (R46): a file it uses is not that
     * object's alone, and where it belongs is a guess */
    const char *into = s->mv->into[t];
    const char *from = s->mv->to[s->self] ? s->mv->to[s->self] : s->e0[s->self].name;
    size_t il = into ? strlen(into) : 0;
    if (into && (strncmp(from, into, il) != 0 || from[il] != '/')) {
        s->outside = t;
        return false;
    }
    /* what follows the path: a query or a fragment (none for a name read literally) */
    const char *suffix = st == CCKIT_HREF_OK ? rest + strcspn(rest, "?#") : "";
    char *rel = cckit_href_relative(s->dir_new, s->mv->to[t] ? s->mv->to[t] : te->name);
    char *enc = rel ? cckit_href_encode(rel) : NULL;
    size_t keep = (size_t)(rest - raw);     /* the token and its '/' */
    char *now = enc ? malloc(keep + strlen(enc) + strlen(suffix) + 1) : NULL;
    if (now)
        sprintf(now, "%.*s%s%s", (int)keep, raw, enc, suffix);
    free(rel);
    free(enc);
    if (!now) {
        s->oom = true;
        return false;
    }
    if (strcmp(now, raw) == 0) {
        free(now);
        return true;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        pair *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) {
            free(now);
            s->oom = true;
            return false;
        }
        s->v = nv;
        s->cap = cap;
    }
    char *r = strdup(raw);
    if (!r) {
        free(now);
        s->oom = true;
        return false;
    }
    s->v[s->n++] = (pair){ r, now, 1, 0, line, t };
    return true;
}

static bool before_ok(char c)
{
    return c == '"' || c == '\'' || c == '(' || c == '=' || c == ';';
}

static bool after_ok(char c)
{
    return c == '"' || c == '\'' || c == ')' || c == '&' || c == '>' || c == ' ' || c == '\t'
        || c == '\n' || c == '\r' || c == '\f';
}

/* The pair whose raw value stands at buf[i] between delimiters (the
 * longest), or -1. */
static long match_at(const scan *s, const char *buf, size_t n, size_t i)
{
    long best = -1;
    size_t bl = 0;
    if (i == 0 || !before_ok(buf[i - 1]))
        return -1;
    for (size_t k = 0; k < s->n; k++) {
        size_t a = strlen(s->v[k].raw);
        if (a > bl && a <= n - i && memcmp(buf + i, s->v[k].raw, a) == 0
            && (i + a == n || after_ok(buf[i + a]))) {
            best = (long)k;
            bl = a;
        }
    }
    return best;
}

/* buf with every delimited raw value of s->v replaced (malloc'ed, *len);
 * found counts set.  NULL when memory runs out.  Two passes: the size,
 * then the bytes. */
static char *replace(scan *s, const char *buf, size_t n, size_t *len)
{
    size_t size = 0;
    for (size_t i = 0; i < n;) {
        long k = match_at(s, buf, n, i);
        if (k < 0) {
            size++;
            i++;
            continue;
        }
        size += strlen(s->v[k].now);
        i += strlen(s->v[k].raw);
        s->v[k].found++;
    }
    char *out = malloc(size + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        long k = match_at(s, buf, n, i);
        if (k < 0) {
            out[o++] = buf[i++];
            continue;
        }
        size_t b = strlen(s->v[k].now);
        memcpy(out + o, s->v[k].now, b);
        o += b;
        i += strlen(s->v[k].raw);
    }
    out[o] = '\0';
    *len = o;
    return out;
}

static bool is_named(const char *name, const char *const *exts)
{
    const char *dot = strrchr(name, '.');
    for (size_t k = 0; dot && exts[k]; k++)
        if (cckit_strcasecmp_ascii(dot, exts[k]) == 0)
            return true;
    return false;
}

/* Read an entry whole (at most max bytes); NULL and *st set on failure. */
static char *read_all(cckit_rp *r, const cckit_entry *e, size_t max, size_t *len,
                      cckit_status *st, cckit_error *err)
{
    if (e->size > max) {
        *st = cckit_fail(err, CCKIT_E_LIMIT, "%s: too large to rewrite its links", e->name);
        return NULL;
    }
    cckit_stream *sm;
    if ((*st = cckit_stream_open(r->src, e, &sm, err)) != CCKIT_OK)
        return NULL;
    char *buf = malloc((size_t)e->size + 1);
    size_t got = 0;
    long k = 1;
    while (buf && got < e->size && (k = cckit_stream_read(sm, buf + got, (size_t)e->size - got, err)) > 0)
        got += (size_t)k;
    cckit_stream_close(sm);
    if (!buf || k < 0) {
        free(buf);
        *st = buf ? (err->status ? err->status : CCKIT_E_IO) : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return NULL;
    }
    buf[got] = '\0';
    *len = got;
    return buf;
}

static void scan_free(scan *s)
{
    for (size_t k = 0; k < s->n; k++) {
        free(s->v[k].raw);
        free(s->v[k].now);
    }
    free(s->v);
    free(s->dir_new);
}

/* Whether buf names a file that moves (its base name as written or
 * percent-encoded): a file that does not move and names none has no link
 * to rewrite, and is not parsed. */
static bool names_a_move(const cckit_rp_moves *mv, const char *buf, size_t n)
{
    for (size_t k = 0; k < mv->n_names; k++) {
        size_t m = strlen(mv->names[k]);
        for (const char *p = buf; m && (size_t)(p - buf) + m <= n; p++) {
            p = memchr(p, mv->names[k][0], n - (size_t)(p - buf) - m + 1);
            if (!p)
                break;
            if (memcmp(p, mv->names[k], m) == 0)
                return true;
        }
    }
    return false;
}

cckit_status cckit_rp_relink(cckit_rp *r, const cckit_rp_moves *mv, cckit_rp_relinked *out,
                             cckit_error *err)
{
    static const char *const pages[] = {".html", ".htm", ".xhtml", NULL};
    static const char *const sheets[] = {".css", NULL};
    const cckit_entry *e0 = cckit_source_entry(r->src, 0);
    size_t n = cckit_source_count(r->src);
    memset(out, 0, sizeof *out);
    out->blame[0] = out->blame[1] = -1;
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = e0 + i;
        bool desc = mv->desc[i], page = is_named(e->name, pages), css = is_named(e->name, sheets);
        if (e->is_dir || r->drop[i] || !(desc || page || css))
            continue;
        size_t len = 0;
        char *buf = NULL;
        cckit_status st = CCKIT_OK;
        cckit_error rerr;
        memset(&rerr, 0, sizeof rerr);
        if (r->repl[i].buf) {
            if (!(buf = malloc(r->repl[i].len + 1)))
                return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            memcpy(buf, r->repl[i].buf, r->repl[i].len);
            buf[len = r->repl[i].len] = '\0';
        } else if (!(buf = read_all(r, e, r->opt->limits.max_xml_size, &len, &st, &rerr))) {
            if (st == CCKIT_E_NOMEM)
                return cckit_fail(err, st, "out of memory");
            /* unreadable: what it links to is unknown, so is which move
             * would break it */
            out->blame[0] = (long)i;
            out->all = !mv->to[i];
            snprintf(out->why, sizeof out->why, "'%s' cannot be read to rewrite its links: %.700s",
                     e->name, rerr.message);
            return CCKIT_OK;
        }
        if (!mv->to[i] && !names_a_move(mv, buf, len)) {
            free(buf);
            continue;
        }
        scan s = { .r = r, .mv = mv, .e0 = e0, .self = (long)i, .outside = -1 };
        char *dold = cckit_href_dirname(e->name);
        s.dir_new = cckit_href_dirname(mv->to[i] ? mv->to[i] : e->name);
        s.dir_old = dold;
        if (!dold || !s.dir_new) {
            free(dold);
            free(buf);
            scan_free(&s);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        if (desc) {
            xmlDocPtr d = NULL;
            st = cckit_xml_read_memory(buf, len, e->name, &r->opt->limits, &d, &rerr);
            if (st == CCKIT_OK)
                st = cckit_descriptor_links(d, on_link, &s, &rerr);
            xmlFreeDoc(d);
        } else if (page) {
            st = r->repl[i].buf ? CCKIT_E_IO : cckit_html_scan(r->src, e, on_link, &s, NULL, &rerr);
        } else {
            st = r->repl[i].buf ? CCKIT_E_IO : cckit_css_scan(r->src, e, on_link, &s, &rerr);
        }
        free(dold);
        s.dir_old = NULL;
        if (s.oom || st == CCKIT_E_NOMEM) {
            free(buf);
            scan_free(&s);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        if (s.outside >= 0) {
            out->blame[1] = s.outside;
            snprintf(out->why, sizeof out->why, "'%s' links to '%s', and from outside the "
                     "folder '%s' it could not link into it (R46): the file is not that learning "
                     "object's alone (make it web content instead)", e->name, e0[s.outside].name,
                     mv->into[s.outside]);
            free(buf);
            scan_free(&s);
            return CCKIT_OK;
        }
        if (st != CCKIT_OK) {
            free(buf);
            scan_free(&s);
            if (mv->to[i]) {
                out->blame[0] = (long)i;
                snprintf(out->why, sizeof out->why, "the links of '%s' cannot be read, so the "
                         "ones the move would break cannot be rewritten", e->name);
                return CCKIT_OK;
            }
            continue;
        }
        if (s.n == 0) {
            free(buf);
            scan_free(&s);
            continue;
        }
        size_t nlen = 0;
        char *nbuf = replace(&s, buf, len, &nlen);
        free(buf);
        if (!nbuf) {
            scan_free(&s);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        for (size_t k = 0; k < s.n; k++)
            if (s.v[k].found != s.v[k].seen) {
                out->blame[0] = mv->to[i] ? (long)i : -1;
                out->blame[1] = mv->to[s.v[k].target] ? s.v[k].target : -1;
                snprintf(out->why, sizeof out->why, "the link \"%s\" in '%s' (line %u) would "
                         "have to become \"%s\", but it is written %zu time(s) as a link and "
                         "%zu time(s) where it can be replaced (character references, or the "
                         "same text outside a link): rewriting it is a guess",
                         s.v[k].raw, e->name, s.v[k].line, s.v[k].now, s.v[k].seen, s.v[k].found);
                free(nbuf);
                scan_free(&s);
                return CCKIT_OK;
            }
        cckit_rp_relink_one *nv = realloc(out->v, (out->n + 1) * sizeof *nv);
        if (!nv) {
            free(nbuf);
            scan_free(&s);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        out->v = nv;
        unsigned first = s.v[0].line;
        for (size_t k = 1; k < s.n; k++)
            if (s.v[k].line && (!first || s.v[k].line < first))
                first = s.v[k].line;
        char ex[600];
        snprintf(ex, sizeof ex, "\"%s\" -> \"%s\"%s", s.v[0].raw, s.v[0].now, s.n > 1 ? ", ..." : "");
        char *exd = strdup(ex);
        size_t nl = s.n;
        scan_free(&s);
        if (!exd) {
            free(nbuf);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        out->v[out->n++] = (cckit_rp_relink_one){ i, nbuf, nlen, first, nl, exd };
    }
    return CCKIT_OK;
}

void cckit_rp_relinked_free(cckit_rp_relinked *rl)
{
    for (size_t k = 0; k < rl->n; k++) {
        free(rl->v[k].buf);
        free(rl->v[k].example);
    }
    free(rl->v);
    memset(rl, 0, sizeof *rl);
    rl->blame[0] = rl->blame[1] = -1;
}
