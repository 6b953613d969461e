/* anon.c - the keyed, consistent, one-to-one word replacement of
 * minimise (see anon.h for what is kept).  HMAC-SHA256 from nettle. */
#include "minimise/anon.h"
#include <nettle/hmac.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

struct cckit_anon {
    uint8_t key[32];
    cckit_idmap *runs;    /* lower-cased run -> its replacement */
    cckit_idmap *taken;   /* replacements handed out */
    cckit_arena *arena;   /* the keys and values of both maps */
    bool oom;
};

cckit_anon *cckit_anon_new(const void *key, size_t key_len)
{
    cckit_anon *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    if (key != NULL) {
        /* any key length: its SHA-256 is the HMAC key */
        struct sha256_ctx c;
        sha256_init(&c);
        sha256_update(&c, key_len, key);
        sha256_digest(&c, sizeof a->key, a->key);
    } else if (getrandom(a->key, sizeof a->key, 0) != (ssize_t)sizeof a->key) {
        free(a);
        return NULL;
    }
    a->runs = cckit_idmap_new();
    a->taken = cckit_idmap_new();
    a->arena = cckit_arena_new();
    if (a->runs == NULL || a->taken == NULL || a->arena == NULL) {
        cckit_anon_free(a);
        return NULL;
    }
    return a;
}

void cckit_anon_free(cckit_anon *a)
{
    if (a == NULL)
        return;
    cckit_idmap_free(a->runs);
    cckit_idmap_free(a->taken);
    cckit_arena_free(a->arena);
    free(a);
}

bool cckit_anon_oom(const cckit_anon *a)
{
    return a->oom;
}

static bool is_run_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Length of the UTF-8 sequence at p (at most n bytes), 0 when the byte
 * does not start a well-formed one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t k = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
    if (k == 0 || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return k;
}

/* Pseudo-random bytes for run `low` (attempt t): HMAC(key, t, i, low). */
typedef struct stream {
    const cckit_anon *a;
    const char *low;
    size_t n;
    uint32_t attempt, block;
    uint8_t buf[SHA256_DIGEST_SIZE];
    size_t used;
} stream;

static unsigned next(stream *s)
{
    if (s->used == sizeof s->buf || s->block == 0) {
        struct hmac_sha256_ctx c;
        hmac_sha256_set_key(&c, sizeof s->a->key, s->a->key);
        uint8_t hdr[8];
        for (int i = 0; i < 4; i++) {
            hdr[i] = (uint8_t)(s->attempt >> (8 * i));
            hdr[4 + i] = (uint8_t)(s->block >> (8 * i));
        }
        hmac_sha256_update(&c, sizeof hdr, hdr);
        hmac_sha256_update(&c, s->n, (const uint8_t *)s->low);
        hmac_sha256_digest(&c, sizeof s->buf, s->buf);
        s->block++;
        s->used = 0;
    }
    return s->buf[s->used++];
}

/* One candidate replacement of low (n bytes) into out. */
static void candidate(const cckit_anon *a, const char *low, size_t n, uint32_t attempt, char *out)
{
    stream s = { a, low, n, attempt, 0, { 0 }, 0 };
    const unsigned char *p = (const unsigned char *)low;
    unsigned char *o = (unsigned char *)out;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 'a' && c <= 'z') {
            o[i++] = (unsigned char)('a' + next(&s) % 26);
        } else if (c >= '0' && c <= '9') {
            o[i++] = (unsigned char)('0' + next(&s) % 10);
        } else if (c < 0x80) {
            o[i] = c;   /* not in a run; never reached */
            i++;
        } else {
            size_t k = utf8_len(p + i, n - i);
            unsigned cp;
            switch (k) {
            case 2:  /* U+00C0..U+00FF */
                cp = 0xc0 + next(&s) % 64;
                o[i] = (unsigned char)(0xc0 | cp >> 6);
                o[i + 1] = (unsigned char)(0x80 | (cp & 0x3f));
                break;
            case 3:  /* U+4E00.. (CJK) */
                cp = 0x4e00 + (next(&s) << 4 | (next(&s) & 15)) % 0x5000;
                o[i] = (unsigned char)(0xe0 | cp >> 12);
                o[i + 1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
                o[i + 2] = (unsigned char)(0x80 | (cp & 0x3f));
                break;
            case 4:  /* U+1F600..U+1F63F */
                cp = 0x1f600 + next(&s) % 64;
                o[i] = (unsigned char)(0xf0 | cp >> 18);
                o[i + 1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
                o[i + 2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
                o[i + 3] = (unsigned char)(0x80 | (cp & 0x3f));
                break;
            default: /* a stray byte stays a stray byte of its kind (a
                      * lone lead byte carries nothing and is kept) */
                k = 1;
                o[i] = (c & 0xc0) == 0x80 ? (unsigned char)(0x80 + next(&s) % 64) : c;
                break;
            }
            i += k;
        }
    }
}

/* The replacement of run r (n bytes), case pattern applied, into out. */
static void map_run(cckit_anon *a, const char *r, size_t n, char *out)
{
    char stackbuf[256];
    char *low = n < sizeof stackbuf ? stackbuf : malloc(n + 1);
    if (low == NULL) {
        a->oom = true;
        memset(out, 'x', n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        low[i] = (r[i] >= 'A' && r[i] <= 'Z') ? (char)(r[i] - 'A' + 'a') : r[i];
    low[n] = '\0';
    const char *rep = cckit_idmap_get(a->runs, low);
    if (rep == NULL) {
        char *key = cckit_arena_strndup(a->arena, low, n);
        char *val = cckit_arena_alloc(a->arena, n + 1);
        if (key == NULL || val == NULL) {
            a->oom = true;
            memset(out, 'x', n);
            if (low != stackbuf)
                free(low);
            return;
        }
        val[n] = '\0';
        /* one-to-one: a clash (or, for 3 bytes or more, the run itself)
         * is hashed again; the classes' space is as large as the inputs' */
        for (uint32_t t = 0;; t++) {
            candidate(a, low, n, t, val);
            bool self = n >= 3 && memcmp(val, low, n) == 0;
            if (!self && cckit_idmap_get(a->taken, val) == NULL)
                break;
            if (t > 100000) {
                a->oom = true;   /* cannot happen: the space has room */
                break;
            }
        }
        cckit_idmap_put(a->runs, key, val, &a->oom);
        cckit_idmap_put(a->taken, val, key, &a->oom);
        rep = val;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (r[i] >= 'A' && r[i] <= 'Z' && rep[i] >= 'a' && rep[i] <= 'z')
                     ? (char)(rep[i] - 'a' + 'A') : rep[i];
    if (low != stackbuf)
        free(low);
}

/* "$IMS-CC-FILEBASE$", "$CANVAS_OBJECT_REFERENCE$": placeholders that
 * exporters and LMSes resolve; their length or 0. */
static size_t dollar_token(const char *s, size_t n)
{
    size_t d = n >= 3 && s[0] == '$' ? 1 : n >= 5 && strncmp(s, "%24", 3) == 0 ? 3 : 0;
    if (d == 0)
        return 0;
    for (size_t i = d; i < n && i < 64; i++) {
        char c = s[i];
        if (c == '$' || (c == '%' && d == 3 && i + 2 < n && strncmp(s + i, "%24", 3) == 0))
            return i > d ? i + d : 0;
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 0;
}

/* Words the validator reads inside names, kept at the start of a run
 * (r: the run's length): Canvas's course files folder "web_resources"
 * ($IMS-CC-FILEBASE$ is read as it) and the "fb" of QTI's ANSWER_fb
 * feedback idents. */
static size_t kept_token(const char *s, size_t n, size_t r)
{
    static const char wr[] = "web_resources";
    size_t w = sizeof wr - 1;
    if (r == 3 && n >= w && strncmp(s, wr, w) == 0 && (n == w || !is_run_byte((unsigned char)s[w])))
        return w;
    if (r == 2 && strncmp(s, "fb", 2) == 0)
        return 2;
    return 0;
}

/* "&amp;", "&#233;": a reference of markup (in HTML attribute values and
 * text read lexically) stays what it was; its length or 0. */
static size_t entity_ref(const char *s, size_t n)
{
    size_t i = 1;
    if (i < n && s[i] == '#')
        i++;
    size_t start = i;
    while (i < n && i < 34 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                               (s[i] >= '0' && s[i] <= '9')))
        i++;
    return i > start && i < n && s[i] == ';' ? i + 1 : 0;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Replace every run of s[0..n) into out (same length); keep_from: runs
 * at or after this offset are kept (an extension), (size_t)-1 = none. */
static void map_span(cckit_anon *a, const char *s, size_t n, char *out, size_t keep_from,
                     bool escapes)
{
    for (size_t i = 0; i < n;) {
        size_t k = dollar_token(s + i, n - i);
        if (k == 0 && s[i] == '&')
            k = entity_ref(s + i, n - i);
        if (k == 0 && escapes && s[i] == '%' && i + 2 < n &&
            is_hex(s[i + 1]) && is_hex(s[i + 2]))
            k = 3;
        if (k) {
            memcpy(out + i, s + i, k);
            i += k;
            continue;
        }
        if (!is_run_byte((unsigned char)s[i])) {
            out[i] = s[i];
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && is_run_byte((unsigned char)s[j]))
            j++;
        size_t kt = kept_token(s + i, n - i, j - i);
        if (kt) {
            memcpy(out + i, s + i, kt);
            i += kt;
            continue;
        }
        if (i >= keep_from)
            memcpy(out + i, s + i, j - i);
        else
            map_run(a, s + i, j - i, out + i);
        i = j;
    }
}

static bool only_number(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (!strchr(" \t\r\n.,+-:/%", *s))
            return false;
    }
    return digit;
}

/* Offset of the extension's first byte in the last segment of s[0..n),
 * or (size_t)-1: a short run of letters and digits after the last dot. */
static size_t ext_at(const char *s, size_t n)
{
    size_t slash = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/')
            slash = i + 1;
    const char *dot = NULL;
    for (size_t i = slash; i < n; i++)
        if (s[i] == '.')
            dot = s + i;
    if (dot == NULL || dot == s + slash)
        return (size_t)-1;
    size_t e = (size_t)(dot - s) + 1, len = n - e;
    if (len == 0 || len > 5)
        return (size_t)-1;
    for (size_t i = e; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return (size_t)-1;
    return e;
}

void cckit_anon_span(cckit_anon *a, const char *s, size_t n, char *out)
{
    map_span(a, s, n, out, (size_t)-1, false);
}

/* Names the validator knows: operating-system litter, and the manifest's
 * own (a second one, in any case or folder, is a finding). */
static bool litter(const char *seg, size_t n)
{
    static const char *const names[] = { ".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX",
                                         "imsmanifest.xml" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncasecmp(seg, names[i], n) == 0)
            return true;
    return false;
}

char *cckit_anon_path(cckit_anon *a, const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (o == NULL) {
        a->oom = true;
        return NULL;
    }
    size_t last = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/')
            last = i + 1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        if (litter(s + i, j - i))
            memcpy(o + i, s + i, j - i);
        else
            map_span(a, s + i, j - i, o + i, i == last ? ext_at(s + i, j - i) : (size_t)-1, false);
        if (j < n)
            o[j] = '/';
        i = j + 1;
    }
    o[n] = '\0';
    return o;
}

static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    while (s[i] && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                    (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '.' || s[i] == '-'))
        i++;
    return s[i] == ':' && i > 1 ? i + 1 : 0;   /* "C:" is a drive, not a scheme */
}

/* The path part of a link: percent-decoded where the escape is a byte
 * of a run (so that "caf%C3%A9.html" and the entry "café.html" agree),
 * mapped, and the escapes written back where they were. */
static void map_link_path(cckit_anon *a, cckit_strbuf *b, const char *s, size_t n, bool split)
{
    size_t q = n;   /* query or fragment: mapped, but no extension there */
    for (size_t i = 0; split && i < n; i++)
        if (s[i] == '?' || s[i] == '#') {
            q = i;
            break;
        }
    char *dec = malloc(n + 1), *out = malloc(n + 1);
    unsigned char *esc = calloc(n + 1, 1);   /* 0 literal, else 1 lower / 2 upper hex */
    if (dec == NULL || out == NULL || esc == NULL) {
        a->oom = true;
        goto out;
    }
    size_t m = 0, mq = 0;
    for (size_t i = 0; i < n;) {
        if (i == q)
            mq = m;
        if (s[i] == '%' && i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
            unsigned v = 0;
            for (int k = 1; k <= 2; k++) {
                char c = s[i + k];
                v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            }
            if (is_run_byte((unsigned char)v)) {
                dec[m] = (char)v;
                esc[m++] = (s[i + 1] >= 'a' || s[i + 2] >= 'a') ? 1 : 2;
                i += 3;
                continue;
            }
        }
        dec[m++] = s[i++];
    }
    if (q == n)
        mq = m;
    map_span(a, dec, mq, out, ext_at(dec, mq), true);
    map_span(a, dec + mq, m - mq, out + mq, (size_t)-1, true);
    /* names kept in entry names are kept in links to them */
    for (size_t i = 0; i < mq;) {
        size_t j = i;
        while (j < mq && dec[j] != '/')
            j++;
        if (litter(dec + i, j - i))
            memcpy(out + i, dec + i, j - i);
        i = j + 1;
    }
    for (size_t i = 0; i < m; i++) {
        if (esc[i])
            cckit_strbuf_printf(b, esc[i] == 1 ? "%%%02x" : "%%%02X", (unsigned char)out[i]);
        else
            cckit_strbuf_add(b, out + i, 1);
    }
out:
    free(dec);
    free(out);
    free(esc);
}

static char *map_url(cckit_anon *a, const char *s, bool split)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    size_t sl = scheme_len(s);
    cckit_strbuf_add(&b, s, sl);
    const char *p = s + sl;
    if (p[0] == '/' && p[1] == '/') {
        /* //host[:port]: the host under .invalid, the port kept */
        p += 2;
        cckit_strbuf_add(&b, "//", 2);
        size_t h = strcspn(p, "/?#");
        size_t colon = h;
        for (size_t i = 0; i < h; i++)
            if (p[i] == ':' || p[i] == '@')
                colon = p[i] == ':' ? i : colon;
        size_t last_dot = colon;
        for (size_t i = 0; i < colon; i++)
            if (p[i] == '.')
                last_dot = i;
        char *host = malloc(colon + 1);
        if (host == NULL) {
            a->oom = true;
        } else {
            map_span(a, p, last_dot, host, (size_t)-1, false);
            cckit_strbuf_add(&b, host, last_dot);
            free(host);
        }
        if (colon > 0)
            cckit_strbuf_adds(&b, ".invalid");
        cckit_strbuf_add(&b, p + colon, h - colon);
        p += h;
    }
    map_link_path(a, &b, p, strlen(p), split);
    if (b.oom || b.s == NULL) {
        free(b.s);
        if (!b.oom) {
            char *e = strdup("");
            if (e == NULL)
                a->oom = true;
            return e;
        }
        a->oom = true;
        return NULL;
    }
    return b.s;
}

char *cckit_anon_url(cckit_anon *a, const char *s)
{
    return map_url(a, s, true);
}

char *cckit_anon_href(cckit_anon *a, const char *s)
{
    return map_url(a, s, false);
}

char *cckit_anon_text(cckit_anon *a, const char *s)
{
    if (only_number(s) || cckit_anon_is_vocab(s)) {
        char *c = strdup(s);
        if (c == NULL)
            a->oom = true;
        return c;
    }
    /* one absolute URL and nothing else: a link */
    size_t lead = strspn(s, " \t\r\n");
    size_t sl = scheme_len(s + lead);
    if (sl && s[lead + sl] == '/' && s[lead + sl + 1] == '/' && !strpbrk(s + lead, " \t\r\n")) {
        char *u = cckit_anon_url(a, s + lead);
        if (u == NULL || lead == 0)
            return u;
        size_t n = strlen(u);
        char *o = malloc(lead + n + 1);
        if (o) {
            memcpy(o, s, lead);
            memcpy(o + lead, u, n + 1);
        } else {
            a->oom = true;
        }
        free(u);
        return o;
    }
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (o == NULL) {
        a->oom = true;
        return NULL;
    }
    map_span(a, s, n, o, (size_t)-1, false);
    o[n] = '\0';
    return o;
}
