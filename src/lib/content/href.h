/* href.h - hrefs of a cartridge as URI references (href.c): the one
 * resolver of the manifest's hrefs and of links in content, used by the
 * validator and by pack.  Not installed. */
#ifndef CCKIT_HREF_H
#define CCKIT_HREF_H

#include "base/internal.h"

/* Percent-decode an href (returns malloc'ed string; NULL on bad escape). */
char *cckit_href_decode(const char *href);
/* Resolve href relative to base_dir ("" = package root) into a
 * package-relative, normalised path; NULL if it is absolute, a URL, or
 * climbs out of the package.  Result malloc'ed. */
char *cckit_href_resolve(const char *base_dir, const char *href);
/* Why an href does or does not resolve (href.c). */
typedef enum cckit_href_status {
    CCKIT_HREF_OK = 0,
    CCKIT_HREF_EMPTY,       /* empty, only "#frag"/"?q", or the root itself */
    CCKIT_HREF_URL,         /* has a scheme (http:, file:, mailto:, data:) or is "//host" */
    CCKIT_HREF_ABSOLUTE,    /* starts with '/' */
    CCKIT_HREF_BACKSLASH,   /* contains '\\' (raw or %5C) */
    CCKIT_HREF_ESCAPES,     /* ".." climbs above the package root */
    CCKIT_HREF_BAD_ESCAPE,  /* '%' not followed by two hex digits, or %00 */
    CCKIT_HREF_NOMEM
} cckit_href_status;
/* cckit_href_resolve with the reason.  Flags: CCKIT_HREF_LITERAL takes
 * href as a file name (no query/fragment stripping, no decoding): the
 * lenient second try for exporters that write raw names ("a#1/b.txt").
 * CCKIT_HREF_TRIM reads href as a link in HTML or CSS: ASCII white space
 * around it, and before its query or fragment, is not part of it. */
#define CCKIT_HREF_LITERAL 1u
#define CCKIT_HREF_TRIM 2u
cckit_href_status cckit_href_resolve_ex(const char *base_dir, const char *href,
                                        unsigned flags, char **out);
const char *cckit_href_status_str(cckit_href_status st);
/* True if href starts with an RFC 3986 scheme ("http:", "C:", ...). */
bool cckit_href_has_scheme(const char *href);
/* True if href names a file on the author's computer: a file: URL, a
 * drive-letter path (C:\..., C:/...) or a Windows share (\\server\...). */
bool cckit_href_is_local_file(const char *href);
/* The relative path (unencoded, no "./") from package folder from_dir
 * ("" = the root) to package path to: "../img/a.png" from "quiz" to
 * "img/a.png".  malloc'ed; NULL when memory runs out. */
char *cckit_href_relative(const char *from_dir, const char *to);
/* Directory part of a package path ("" at the root); malloc'ed. */
char *cckit_href_dirname(const char *path);

#endif /* CCKIT_HREF_H */
