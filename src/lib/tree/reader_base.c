/* reader_base.c - what every handler of the manifest reader uses:
 * stopping the parse, the reader's findings (with their registry rows,
 * reader_rules.c), attribute values and identifiers.  Below the handlers
 * (manifest_reader.c), which call it; it calls nothing of theirs. */
#include "tree/reader.h"
#include "tree/tree.h"
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const mr_names[N_COUNT] = { READER_NAMES(NAME_TEXT) };

void mr_stop(reader *r, cckit_status st, const char *fmt, ...)
{
    if (r->status == CCKIT_OK) {
        r->status = st;
        va_list ap;
        va_start(ap, fmt);
        cckit_vfail(r->err, st, fmt, ap);
        va_end(ap);
    }
    if (r->ctxt)
        xmlStopParser(r->ctxt);
}

/* The error carries file, line and limit. */
void mr_stop_at(reader *r, cckit_status st, cckit_limit_id lim, unsigned line,
                          const char *fmt, ...)
{
    if (r->status == CCKIT_OK) {
        char text[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        r->status = st;
        cckit_fail_limit(r->err, lim, cckit_fail_at(r->err, st, r->m->file, line, "%s", text));
    }
    if (r->ctxt)
        xmlStopParser(r->ctxt);
}

unsigned mr_line(reader *r)
{
    return r->ctxt ? (unsigned)xmlSAX2GetLineNumber(r->ctxt) : 0;
}

/* A finding of the reader; its rule and hint come from its registry
 * rows (reader_rules.c), never from here. */
void mr_oddity(reader *r, cckit_severity sev, const char *code, const char *fmt, ...)
{
    const cckit_rule *row = cckit_rule_in(cckit_rules_reader, code);
    const char *rule = row ? row->rule : NULL, *hint = row ? row->hint : NULL;
    size_t i;
    for (i = 0; i < r->n_odd; i++)
        if (r->odd[i].code == code)
            break;
    if (i == r->n_odd && r->n_odd < sizeof r->odd / sizeof r->odd[0]) {
        r->odd[i].code = code;
        r->odd[i].n = 0;
        r->n_odd++;
    }
    if (i < r->n_odd && ++r->odd[i].n > MAX_SAME_ODDITY)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!cckit_diags_add(&r->m->diags, sev, code, rule, r->m->file, mr_line(r),
                         hint, "%s", msg))
        mr_stop(r, CCKIT_E_NOMEM, "out of memory");
}

char *mr_adup(reader *r, const char *s)
{
    char *p = cckit_arena_strdup(r->m->arena, s);
    if (!p && s)
        mr_stop(r, CCKIT_E_NOMEM, "out of memory");
    return p;
}

/* Attribute lookup in SAX2's (local, prefix, URI, value, end) tuples.
 * ns NULL matches only unprefixed attributes; ns "*" matches any. */
char *mr_attr(reader *r, int n, const xmlChar **attrs, name_id id, const char *ns)
{
    const xmlChar *local = r->nm[id];
    /* Once stopped, libxml2 (xmlHaltParser) has freed the input buffer
     * the attribute values point into: read nothing more. */
    if (r->status != CCKIT_OK)
        return NULL;
    for (int i = 0; i < n; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (a[0] != local)
            continue;
        if (ns && strcmp(ns, "*") != 0 && (!a[2] || strcmp((const char *)a[2], ns) != 0))
            continue;
        if (!ns && a[2])
            continue;
        char *v = cckit_arena_strndup(r->m->arena, (const char *)a[3],
                                      (size_t)(a[4] - a[3]));
        if (!v) {
            mr_stop(r, CCKIT_E_NOMEM, "out of memory");
            return NULL;
        }
        /* Without entity substitution libxml2 hands SAX an '&' in an
         * attribute value (written &amp; or &#38;) as the five bytes
         * "&#38;"; every other reference arrives decoded.  One pass, left
         * to right, restores the value. */
        if (!memchr(v, '&', (size_t)(a[4] - a[3])))
            return v;
        char *w = v;
        for (const char *p = v; *p;) {
            if (*p == '&' && strncmp(p, "&#38;", 5) == 0) {
                *w++ = '&';
                p += 5;
            } else {
                *w++ = *p++;
            }
        }
        *w = '\0';
        return v;
    }
    return NULL;
}

/* ASCII name characters of xs:NCName as bits: '-', '.', digits (0-63);
 * letters and '_' (64-127), which are also the characters it may start
 * with.  A bit test per byte: the reader checks every identifier. */
#define NAME_LO UINT64_C(0x03ff600000000000)
#define NAME_HI UINT64_C(0x07fffffe87fffffe)

/* xs:NCName, approximately: non-ASCII bytes are taken as name characters. */
static bool is_ncname(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!*p || (*p < 0x80 && (*p < 64 || !((NAME_HI >> (*p - 64)) & 1))))
        return false;
    for (p++; *p; p++)
        if (*p < 0x80 && !(*p < 64 ? (NAME_LO >> *p) & 1 : (NAME_HI >> (*p - 64)) & 1))
            return false;
    return true;
}

/* Identifiers: lexical form and uniqueness across the whole manifest. */
void mr_note_id(reader *r, const char *id, const char *what, void *node)
{
    if (!id) {
        mr_oddity(r, CCKIT_SEV_ERROR, "manifest.missing-identifier",
                  "%s without an identifier attribute", what);
        return;
    }
    if (!is_ncname(id))
        mr_oddity(r, CCKIT_SEV_WARNING, "manifest.id-not-ncname",
                  "%s identifier \"%s\" is not an NCName", what, id);
    bool oom = false;
    if (cckit_idmap_put(r->all_ids, id, node, &oom))
        mr_oddity(r, CCKIT_SEV_ERROR, "manifest.duplicate-id",
                  "identifier \"%s\" of this %s is already used earlier in the manifest", id, what);
    else if (oom)
        mr_stop(r, CCKIT_E_NOMEM, "out of memory");
}

/* Strip leading and trailing XML white space in place. */
char *mr_trim(char *s)
{
    if (!s)
        return s;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}
