/*
 * internal.h - helpers shared by the files of libcckit; not installed.
 */
#ifndef CCKIT_INTERNAL_H
#define CCKIT_INTERNAL_H

#include "cckit.h"
#include <stdarg.h>

#define CCKIT_UNUSED(x) ((void)(x))

/* Fill err (if not NULL: every field, file and line empty, no limit, no
 * fix) and return st. */
cckit_status cckit_fail(cckit_error *err, cckit_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, about a place: the message reads "FILE: line N: TEXT" ("FILE:
 * TEXT" when line is 0) and file, line and text_offset are set. */
cckit_status cckit_fail_at(cckit_error *err, cckit_status st, const char *file,
                           unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
cckit_status cckit_vfail(cckit_error *err, cckit_status st, const char *fmt, va_list ap);
/* Record the file a failure just filled is about (line 0), unless it
 * names one already; the message is unchanged.  Returns st, as above. */
cckit_status cckit_fail_file(cckit_error *err, const char *file, cckit_status st);
/* Record the cap behind a failure just filled (err may be NULL); return
 * st, so that `return cckit_fail_limit(err, LIMIT, cckit_fail(...))`. */
cckit_status cckit_fail_limit(cckit_error *err, cckit_limit_id limit, cckit_status st);
/* Record what the caller may change (CCKIT_FIX_*), the same way. */
cckit_status cckit_fail_fix(cckit_error *err, unsigned fix, cckit_status st);

/* ---- diag.c ------------------------------------------------------- */
/* The row of code in one registry table (terminated by code == NULL), or
 * NULL.  Each layer looks up its own table; cckit_rule_find (report/
 * registry.c) searches them all. */
const cckit_rule *cckit_rule_in(const cckit_rule *table, const char *code);
/* The row of internal.unregistered-code: the code of a finding whose
 * own code has no row (a bug, caught by tests/registry-codes.sh). */
extern const cckit_rule cckit_rules_internal[];
/* Append a finding of a registry row: its code, rule and hint, so that a
 * hint is written in the registry only.  false (and d->oom) on OOM. */
bool cckit_diags_add_rule(cckit_diags *d, cckit_severity sev, const cckit_rule *r,
                          const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Append a copy of g (message, file, line, limit) with this severity,
 * rule and hint; false (and d->oom) on OOM. */
bool cckit_diags_add_copy(cckit_diags *d, const cckit_diag *g, cckit_severity sev,
                          const char *rule, const char *hint);

/* ---- arena.c: bump allocator that owns a whole tree ---------------- */
typedef struct cckit_arena cckit_arena;
cckit_arena *cckit_arena_new(void);
void cckit_arena_free(cckit_arena *a);
/* Zeroed memory, aligned for any object; NULL on OOM. */
void *cckit_arena_alloc(cckit_arena *a, size_t n);
char *cckit_arena_strdup(cckit_arena *a, const char *s);
char *cckit_arena_strndup(cckit_arena *a, const char *s, size_t n);
/* Grow an array kept in the arena (old storage is abandoned to the arena;
 * used only for short per-resource arrays). */
void *cckit_arena_grow(cckit_arena *a, void *old, size_t old_n, size_t new_n,
                       size_t elem);
/* Room for element n of an array of n that only this call grows (its
 * capacity doubles at each power of two): for arrays of any length, in
 * at most 4x their size, where growing by one would abandon n^2/2
 * elements to the arena.  The array, perhaps moved; NULL on OOM. */
void *cckit_arena_push(cckit_arena *a, void *v, size_t n, size_t elem);

/* ---- idmap.c: string -> pointer hash (open addressing) ------------ */
typedef struct cckit_idmap cckit_idmap;
cckit_idmap *cckit_idmap_new(void);
void cckit_idmap_free(cckit_idmap *m);
/* Returns the existing value if key was present (and does not replace
 * it), NULL if inserted; *oom set to true on allocation failure and
 * never reset (a latch: callers pass one flag to many calls and check it
 * once). The key is not copied: it must outlive the map. */
void *cckit_idmap_put(cckit_idmap *m, const char *key, void *value, bool *oom);
void *cckit_idmap_get(const cckit_idmap *m, const char *key);
size_t cckit_idmap_size(const cckit_idmap *m);

/* ---- strbuf.c: growable string ------------------------------------ */
typedef struct cckit_strbuf {
    char *s;
    size_t len, cap;
    bool oom;
} cckit_strbuf;
void cckit_strbuf_init(cckit_strbuf *b);
void cckit_strbuf_free(cckit_strbuf *b);
void cckit_strbuf_reset(cckit_strbuf *b);
void cckit_strbuf_add(cckit_strbuf *b, const char *s, size_t n);
void cckit_strbuf_adds(cckit_strbuf *b, const char *s);
void cckit_strbuf_printf(cckit_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- path.c: entry name safety ------------------------------------ */
/* NULL if name is a safe package-relative path; else a short reason. */
const char *cckit_path_unsafe_reason(const char *name, size_t max_len);
/* True if s is valid UTF-8 (no overlongs, no surrogates). */
bool cckit_utf8_valid(const char *s, size_t n);
/* The NFC form of the UTF-8 string s (nfc.c), malloc'd; NULL when s is
 * not UTF-8, is over 4 KiB, or memory runs out. */
char *cckit_utf8_nfc(const char *s);
/* ASCII case-insensitive compare of two NUL-terminated strings. */
int cckit_strcasecmp_ascii(const char *a, const char *b);

/* ---- xml_safe.c: hardened libxml2 set-up -------------------------- */
/* One-time libxml2 initialisation (xmlInitParser); changes no handler.
 * Safe to call many times. */
void cckit_xml_init(void);
/* libxml2's handlers as a public call found them, to be put back. */
typedef struct cckit_xml_scope {
    void (*error)(void *ctx, const char *msg, ...);
    void *error_ctx;
} cckit_xml_scope;
/* Every public call that parses, validates or transforms XML runs
 * between enter and leave: no external entity or DTD loading (only our
 * registered schema folders), no catalogs, no generic error output; leave
 * restores the caller's loader, catalog policy and error handler.
 * Nested and concurrent calls are fine. */
void cckit_xml_enter(cckit_xml_scope *s);
void cckit_xml_leave(cckit_xml_scope *s);
/* The one set of parser options of every XML parse of cckit (manifest,
 * descriptors, the streamed schema check, stylesheets). */
int cckit_xml_parse_options(void);
/* The one set of options of every HTML parse (pages, HTML in descriptor
 * text, pack's dependency scan): no network, recover, no output. */
int cckit_html_parse_options(void);
/* The options of every push parse of HTML (pages, descriptor text):
 * cckit_html_parse_options without NOIMPLIED (xml_safe.c says why). */
int cckit_html_push_options(void);
/* The element nesting every XML parse allows (lim->max_xml_depth; 0 is
 * read as 1, the root alone). */
unsigned cckit_xml_max_depth(const cckit_limits *lim);
/* True for the XInclude namespaces (2001, 2003): their elements are
 * refused by every parse. */
bool cckit_xml_is_xinclude(const unsigned char *ns);

/* ---- versions.c --------------------------------------------------- */
/* Version named by the namespace of <manifest>, or UNKNOWN. */
cckit_cc_version cckit_version_of_namespace(const char *ns);

/* ---- xml_safe.c (cont.) ------------------------------------------- */
/* Let the external entity loader open local files below dir (our own
 * schemas folder); everything else stays refused. */
bool cckit_xml_allow_dir(const char *dir);

/* ---- json.c: minimal streaming JSON writer ------------------------ */
typedef struct cckit_json {
    FILE *out;
    int depth;
    bool need_comma[320];
    bool pretty;
} cckit_json;
void cckit_json_init(cckit_json *j, FILE *out, bool pretty);
void cckit_json_begin_object(cckit_json *j, const char *key);
void cckit_json_end_object(cckit_json *j);
void cckit_json_begin_array(cckit_json *j, const char *key);
void cckit_json_end_array(cckit_json *j);
void cckit_json_string(cckit_json *j, const char *key, const char *value);
void cckit_json_uint(cckit_json *j, const char *key, uint64_t value);
void cckit_json_int(cckit_json *j, const char *key, int64_t value);
void cckit_json_bool(cckit_json *j, const char *key, bool value);
void cckit_json_null(cckit_json *j, const char *key);
/* A value already in JSON form (a number printed with a format). */
void cckit_json_raw(cckit_json *j, const char *key, const char *text);
void cckit_json_finish(cckit_json *j);
/* Write s as a JSON string literal (with quotes). */
void cckit_json_write_escaped(FILE *out, const char *s);
/* A diagnostic as an object {severity, code, rule, file, line, message,
 * hint}: the one form every command writes.  An unknown line is null
 * with null_line (validate), 0 otherwise (info, ls, convert, pack: their
 * documented contracts say an integer). */
void cckit_json_diag(cckit_json *j, const cckit_diag *d, bool null_line);
/* {status, message} of a failure, or null when err is NULL or OK. */
void cckit_json_error(cckit_json *j, const char *key, const cckit_error *err);

#endif /* CCKIT_INTERNAL_H */
