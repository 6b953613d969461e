/* anon.h - the anonymiser of minimise: one keyed, consistent replacement
 * of every word (anon.c), applied to XML, HTML and CSS (anon_markup.c);
 * placeholders for media (placeholder.c).  Not installed.
 *
 * A "run" is a maximal sequence of ASCII letters and digits and non-ASCII
 * bytes.  Each run is replaced by one of the same length, the same
 * character classes (letter, digit, UTF-8 sequence of the same length,
 * stray byte) and the same ASCII case pattern, chosen by HMAC-SHA256 of
 * the lower-cased run under the key; the replacement is one-to-one (a
 * clash is hashed again), so names that were equal, different, or equal
 * but for case stay so, and identifiers stay valid (or invalid) NCNames.
 * Everything else (punctuation, spaces, "%XX" escapes, "$IMS-CC-FILEBASE$"
 * style tokens, also written "%24...%24") is kept, so a string keeps its
 * length and its shape; so are values that are vocabulary (vocab.c),
 * numbers, and the names of operating-system litter (".DS_Store"). */
#ifndef CCKIT_ANON_H
#define CCKIT_ANON_H

#include "base/internal.h"

typedef struct cckit_anon cckit_anon;

/* key: any bytes (NULL = 32 random bytes from getrandom). NULL on OOM
 * or when no randomness is available. */
cckit_anon *cckit_anon_new(const void *key, size_t key_len);
void cckit_anon_free(cckit_anon *a);
/* Sticky: a replacement failed for lack of memory. */
bool cckit_anon_oom(const cckit_anon *a);

/* Free text: every run replaced; a string that is only a number is kept;
 * a string that is one absolute URL is mapped as a URL.  malloc'd. */
char *cckit_anon_text(cckit_anon *a, const char *s);
/* A package path (an entry name): every run of every segment replaced,
 * the extension of the last segment kept.  malloc'd. */
char *cckit_anon_path(cckit_anon *a, const char *s);
/* A link as written (href, src, launch URL): the scheme kept, a host
 * replaced and moved under ".invalid", the path as cckit_anon_path after
 * percent-decoding (escapes re-applied where they were).  malloc'd. */
char *cckit_anon_url(cckit_anon *a, const char *s);

/* A link in a manifest's <file href> or <resource href>: as
 * cckit_anon_url, but '#' and '?' are parts of the file name there. */
char *cckit_anon_href(cckit_anon *a, const char *s);
/* Text mode over s[0..n) into out (n bytes, not terminated): runs
 * replaced, punctuation, escapes and "$TOKEN$" placeholders kept. */
void cckit_anon_span(cckit_anon *a, const char *s, size_t n, char *out);

/* vocab.c: a value our schemas enumerate, or a convention the validator
 * reads (booleans, QTI feedback idents): kept as written. */
bool cckit_anon_is_vocab(const char *s);

/* anon_html.c: HTML (a page, or HTML held in a descriptor's text) and
 * CSS, lexically: every byte of markup kept (tag and attribute names,
 * quotes, entity references, comments' delimiters), attribute values by
 * what they are (links as cckit_anon_url, styles as CSS, vocabulary
 * kept, the rest as text), text as text, CSS url() and @import targets
 * as links.  Appends to b. */
void cckit_anon_markup(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b);
void cckit_anon_css(cckit_anon *a, const char *s, size_t n, cckit_strbuf *b);

/* anon_markup.c: an XML document, element by element (vocabulary kept
 * by element and attribute name): a malloc'd document in *out (*n
 * bytes).  A document that is not well-formed gives a placeholder that is
 * not either; one over a limit of lim fails (CCKIT_E_LIMIT, err says
 * which), as does a lack of memory. */
cckit_status cckit_anon_xml(cckit_anon *a, const char *buf, size_t len, const char *name,
                            const cckit_limits *lim, char **out, size_t *n, cckit_error *err);

/* placeholder.c: tiny content of the type the name's extension says (a
 * 1x1 PNG, GIF or JPEG, a PDF header, ...); static, *n bytes. */
const void *cckit_anon_placeholder(const char *name, size_t *n);

#endif /* CCKIT_ANON_H */
