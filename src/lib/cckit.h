/*
 * cckit.h - public API of libcckit, a toolkit for IMS / 1EdTech Common
 * Cartridge (CC 1.0 - 1.4 and Thin CC).
 *
 * The library is built around one in-memory resource tree (cckit_manifest)
 * that the import side (sources, manifest reader) fills and the validator
 * and export side read.  Everything a caller needs is declared here; the
 * structures of the tree are visible so that callers can walk them
 * directly, but they are owned by the library: treat them as read-only and
 * free them only through the functions below.
 *
 * Conventions
 *  - Functions that can fail return a cckit_status and fill a caller-owned
 *    cckit_error (err may be NULL) with a one-line, human readable message
 *    that names the archive entry or file involved, and the same facts in
 *    fields (file, line, the limit hit, what the caller may change).  The
 *    library never prints and never names options of the cckit tool.
 *  - Out of memory anywhere is CCKIT_E_NOMEM from the public call: a result
 *    is never returned with findings silently missing.
 *  - All strings are UTF-8 and NUL-terminated.
 *  - Ownership: what a function returns through an `out` pointer belongs to
 *    the caller and is released with the matching _free/_close function
 *    (which accept NULL); on failure *out is NULL.  Strings and structures
 *    reached through a returned object (tree nodes, entries, diag texts)
 *    belong to that object and live as long as it.  Functions returning
 *    `const char *` return static storage.
 *  - Threads: functions may run concurrently in different threads on
 *    different objects; one object (a source and its streams, a manifest,
 *    a cartridge, a validation, a diags list) is used by one thread at a
 *    time.  What the library shares between calls is guarded inside it:
 *    the compiled schemas (per schema folder) and the XSLT stylesheets (one
 *    xsl folder at a time: concurrent cckit_convert calls must use the
 *    same xsl_dir).
 *  - Every input is treated as hostile: archive entry names are checked
 *    before use, sizes are capped by cckit_limits, XML is parsed with no
 *    network, no DTD loading, no entity expansion and no XInclude.
 *
 * Process-wide state
 *  - There is no init or cleanup call.  libxml2 keeps its external entity
 *    loader and catalog policy per process and its generic error handler
 *    per thread; a call of this library that parses, validates or
 *    transforms XML installs cckit's own (refuse every external load but
 *    cckit's schema folders, no catalogs, no error output) when it starts
 *    and puts the caller's back when it returns.  Chosen over an opt-in
 *    cckit_init()/cckit_cleanup() pair so that a program that never heard
 *    of them is still safe and still finds its own handlers afterwards.
 *    The price: while a cckit call runs, XML parsing of the program's own
 *    on another thread also sees cckit's entity loader (libxml2 has no
 *    per-parse loader in the versions Debian ships).
 *  - libxslt's defaults (security preferences, generic error handler) are
 *    likewise left as the program set them.
 *  - cckit_cancel() is the only other process-wide switch; see
 *    "Cancellation".
 */
#ifndef CCKIT_H
#define CCKIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <signal.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Library version                                                     */

/* The release of libcckit this header belongs to.  Kept equal to
 * configure.ac's AC_INIT version (the build fails otherwise).  Compare
 * CCKIT_VERSION_NUMBER (0xMMmmpp) at compile time, cckit_version() at run
 * time: a program may run against a newer library than it was built with. */
#define CCKIT_VERSION_MAJOR 0
#define CCKIT_VERSION_MINOR 1
#define CCKIT_VERSION_PATCH 0
#define CCKIT_VERSION_NUMBER \
    ((CCKIT_VERSION_MAJOR << 16) | (CCKIT_VERSION_MINOR << 8) | CCKIT_VERSION_PATCH)
#define CCKIT_VERSION_STRING "0.1.0"

/** Version of the library in use, as "MAJOR.MINOR.PATCH": the
 *  CCKIT_VERSION_STRING it was built with.  Static storage, thread-safe. */
const char *cckit_version(void);

/* ------------------------------------------------------------------ */
/* Status codes and errors                                             */

typedef enum cckit_status {
    CCKIT_OK = 0,
    CCKIT_E_IO,          /**< cannot open/read/write a file */
    CCKIT_E_NOMEM,       /**< out of memory */
    CCKIT_E_ARCHIVE,     /**< not a readable ZIP, or an inconsistent one */
    CCKIT_E_UNSAFE,      /**< an entry or path that would escape, a link, ... */
    CCKIT_E_LIMIT,       /**< a cckit_limits cap was hit */
    CCKIT_E_XML,         /**< XML not well-formed or forbidden construct */
    CCKIT_E_NOMANIFEST,  /**< no imsmanifest.xml at the package root */
    CCKIT_E_NOTFOUND,    /**< a named entry, or the input path, does not exist */
    CCKIT_E_USAGE,       /**< bad argument from the caller */
    CCKIT_E_INVALID      /**< the input fails validation (convert refuses it) */
} cckit_status;

/** Which cap of cckit_limits a failure or a finding ran into. */
typedef enum cckit_limit_id {
    CCKIT_LIMIT_NONE = 0,
    CCKIT_LIMIT_TOTAL_SIZE,        /**< max_total_size */
    CCKIT_LIMIT_RATIO,             /**< max_ratio */
    CCKIT_LIMIT_RATIO_OR_TOTAL,    /**< max_ratio, or max_total_size to lift it */
    CCKIT_LIMIT_ENTRIES,           /**< max_entries */
    CCKIT_LIMIT_ENTRY_SIZE,        /**< max_entry_size */
    CCKIT_LIMIT_MANIFEST_SIZE,     /**< max_manifest_size */
    CCKIT_LIMIT_XML_SIZE,          /**< max_xml_size */
    CCKIT_LIMIT_XML_DEPTH,         /**< max_xml_depth */
    CCKIT_LIMIT_XML_ELEMENTS,      /**< max_xml_elements */
    CCKIT_LIMIT_PATH_LENGTH        /**< max_path_length */
} cckit_limit_id;

/** The cckit_limits field of a limit ("max_xml_depth"; RATIO_OR_TOTAL:
 *  "max_ratio"), or NULL for CCKIT_LIMIT_NONE. */
const char *cckit_limit_field(cckit_limit_id id);

/** What a caller may change to go ahead (cckit_error.fix flags); the
 *  library says which, a program words it for its users (the cckit
 *  tool names its options). */
#define CCKIT_FIX_FORCE          0x01u /**< replace an existing output (options' force) */
#define CCKIT_FIX_ALLOW_INVALID  0x02u /**< accept an invalid cartridge (allow_invalid) */
#define CCKIT_FIX_CC_1_3         0x04u /**< write CC 1.3 (pack options' version) */
#define CCKIT_FIX_OUTLINE        0x08u /**< give a course outline (pack options' outline) */
#define CCKIT_FIX_SCHEMA_DIR     0x10u /**< point schema_dir (or $CCKIT_SCHEMA_DIR) at cckit's schemas */
#define CCKIT_FIX_XSL_DIR        0x20u /**< point xsl_dir (or $CCKIT_XSL_DIR) at cckit's stylesheets */

/** A failure: a status, one line of text for people, and the same facts
 *  in fields for programs.  Caller-owned (usually on the stack); every
 *  function that fails fills all of it, so no field is left over from an
 *  earlier failure. */
typedef struct cckit_error {
    cckit_status status;
    char message[1024];     /**< what went wrong; starts with "FILE: line N: "
                                 when file and line are known */
    char file[512];         /**< the file or archive entry the failure is
                                 about, "" when none or unknown */
    unsigned line;          /**< 1-based line in file, 0 when unknown */
    unsigned text_offset;   /**< message + text_offset is the message
                                 without its "FILE: line N: " prefix */
    cckit_limit_id limit;   /**< the cap that was hit (CCKIT_E_LIMIT, and
                                 names too long; for convert's
                                 CCKIT_E_INVALID, the cap behind the
                                 finding it quotes), else CCKIT_LIMIT_NONE */
    unsigned fix;           /**< CCKIT_FIX_* flags, 0 when none applies */
} cckit_error;

/** Short English name of a status ("archive error", ...).  Static
 *  string; any thread. */
const char *cckit_status_name(cckit_status st);

/* ------------------------------------------------------------------ */
/* Limits: every cap the import side enforces.                         */

typedef struct cckit_limits {
    uint64_t max_total_size;     /**< sum of uncompressed entry sizes (bytes); 0 = only the ratio cap */
    uint64_t max_ratio;          /**< total uncompressed / archive size, and per entry */
    uint64_t max_entries;        /**< entries in an archive or files in a folder */
    uint64_t max_entry_size;     /**< one entry, uncompressed */
    uint64_t max_manifest_size;  /**< imsmanifest.xml, uncompressed */
    uint64_t max_xml_size;       /**< any other XML document read (descriptors) */
    unsigned max_xml_depth;      /**< element nesting in any XML document */
    uint64_t max_xml_elements;   /**< elements of one XML document loaded whole
                                      (descriptors; the manifest in convert,
                                      whose XSLT needs a tree in memory) */
    unsigned max_path_length;    /**< bytes in one entry name */
    unsigned max_outline_depth;  /**< modules nested in a pack outline (at
                                      most CCKIT_OUTLINE_DEPTH_CAP) */
} cckit_limits;

/** The highest max_outline_depth honoured (the outline is read
 *  recursively, one stack frame a level). */
#define CCKIT_OUTLINE_DEPTH_CAP 1000

/** Default limits (modelled on what Canvas enforces on import):
 *  total at most 100x the archive size (and 16 GiB), 100,000 entries,
 *  4 GiB per entry, 64 MiB manifest, 16 MiB other XML, depth 128, 1024-byte
 *  names, outline modules nested 32 deep. */
void cckit_limits_default(cckit_limits *lim);

/* ------------------------------------------------------------------ */
/* Diagnostics: what the reader and the validator notice.              */

typedef enum cckit_severity {
    CCKIT_SEV_INFO = 0,
    CCKIT_SEV_WARNING = 1,
    CCKIT_SEV_ERROR = 2
} cckit_severity;

typedef struct cckit_diag {
    cckit_severity severity;
    const char *code;     /**< stable rule code, e.g. "manifest.type-version" */
    const char *rule;     /**< profile rule it enforces ("R5"), or NULL */
    char *file;           /**< package-relative file, e.g. "imsmanifest.xml" */
    unsigned line;        /**< 1-based line, 0 when unknown */
    char *message;        /**< what is wrong, in plain language (malloc'ed:
                               a caller may replace it, with malloc) */
    const char *hint;     /**< how to fix it, or NULL */
    cckit_limit_id limit; /**< the cap of cckit_limits behind the finding
                               (package.limit, links.skipped), or NONE */
    cckit_severity lenient_severity; /**< its severity in lenient mode: in a
                               strict validation what lenient mode would
                               say (never more than severity), so that one
                               run gives both verdicts; else = severity */
} cckit_diag;

typedef struct cckit_diags {
    cckit_diag *v;
    size_t n, cap;
    bool oom;             /**< an append (or the work that would have
                               produced one) failed for lack of memory:
                               the list is incomplete.  Sticky; the public
                               calls that fill a list turn it into
                               CCKIT_E_NOMEM. */
} cckit_diags;

/** Append a diagnostic; message is printf-formatted; file is copied.
 *  code, rule and hint must be static strings (they are kept as given).
 *  Returns false on OOM, and then sets d->oom. */
bool cckit_diags_add(cckit_diags *d, cckit_severity sev, const char *code,
                     const char *rule, const char *file, unsigned line,
                     const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/** Findings of severity sev in d. */
size_t cckit_diags_count(const cckit_diags *d, cckit_severity sev);
/** Free every finding's texts and the array, and reset d to empty (the
 *  struct itself is the caller's; d may be reused). */
void cckit_diags_free(cckit_diags *d);
/** "info", "warning" or "error" (static). */
const char *cckit_severity_name(cckit_severity sev);

/* ------------------------------------------------------------------ */
/* Sources: one interface over a .imscc/.zip archive and a folder.     */

typedef struct cckit_source cckit_source;
typedef struct cckit_stream cckit_stream;

typedef enum cckit_method {
    CCKIT_METHOD_STORE = 0,
    CCKIT_METHOD_DEFLATE = 8,
    CCKIT_METHOD_OTHER = -1
} cckit_method;

/** One file of a package (archive entry or file under the folder). */
typedef struct cckit_entry {
    const char *name;      /**< package-relative, '/'-separated, checked safe */
    uint64_t size;         /**< uncompressed size */
    uint64_t comp_size;    /**< stored size (folder: same as size) */
    uint32_t crc;          /**< CRC-32 from the archive (0 for folders) */
    int method;            /**< cckit_method, or the raw ZIP method number */
    int64_t mtime;         /**< seconds since the epoch */
    bool is_dir;           /**< a directory entry (name ends in '/') */
} cckit_entry;

/** Open a .imscc/.zip file or an unpacked folder.  Reads only the ZIP
 *  central directory (or walks the folder); no entry data is inflated.
 *  Every entry name is checked (no "..", absolute paths, backslashes,
 *  drive letters, control characters, symlinks, duplicates, encryption)
 *  and the declared sizes are checked against lim (NULL = defaults).
 *  Oddities that are not fatal (case-only collisions, names not flagged
 *  UTF-8, ...) are appended to diags when diags is not NULL. */
cckit_status cckit_source_open(const char *path, const cckit_limits *lim,
                               cckit_diags *diags, cckit_source **out,
                               cckit_error *err);
/** Close a source (NULL is accepted).  Its streams must be closed first;
 *  entries and names it returned are invalid afterwards. */
void cckit_source_close(cckit_source *src);

/** True for a .imscc/.zip, false for a folder. */
bool cckit_source_is_archive(const cckit_source *src);
/** The path given to cckit_source_open (owned by the source). */
const char *cckit_source_path(const cckit_source *src);
/** Size of the archive file in bytes (folder: sum of file sizes). */
uint64_t cckit_source_size(const cckit_source *src);
/** Number of entries (files and, in archives, folder entries). */
size_t cckit_source_count(const cckit_source *src);
/** Entry by index, in archive order (folders: sorted by name). */
const cckit_entry *cckit_source_entry(const cckit_source *src, size_t i);
/** Exact lookup by package-relative name; NULL if absent. */
const cckit_entry *cckit_source_find(const cckit_source *src, const char *name);
/** Case-insensitive (ASCII) lookup, for "did you mean" messages. */
const cckit_entry *cckit_source_find_nocase(const cckit_source *src,
                                            const char *name);

/** Stream an entry's uncompressed bytes.  Reads are capped at the
 *  declared size and at the limits; the CRC is verified at the end of an
 *  archive entry, and a mismatch is an error from cckit_stream_read. */
cckit_status cckit_stream_open(cckit_source *src, const cckit_entry *e,
                               cckit_stream **out, cckit_error *err);
/** Returns bytes read (0 at the end) or -1 with err filled. */
long cckit_stream_read(cckit_stream *s, void *buf, size_t n, cckit_error *err);
/** Close a stream (NULL is accepted).  A source and its streams belong to
 *  one thread at a time; several streams of one source may be open. */
void cckit_stream_close(cckit_stream *s);

/* ------------------------------------------------------------------ */
/* Versions and resource kinds                                         */

typedef enum cckit_cc_version {
    CCKIT_CC_UNKNOWN = 0,
    CCKIT_CC_1_0 = 10,
    CCKIT_CC_1_1 = 11,
    CCKIT_CC_1_2 = 12,
    CCKIT_CC_1_3 = 13,
    CCKIT_CC_1_4 = 14
} cckit_cc_version;

/** "1.3.0" etc., or "unknown". */
const char *cckit_cc_version_string(cckit_cc_version v);
/** Parse "1.3", "1.3.0", "13" ... ; CCKIT_CC_UNKNOWN if not a version. */
cckit_cc_version cckit_cc_version_parse(const char *s);

/** How the version was found, strongest evidence first. */
typedef enum cckit_version_source {
    CCKIT_VSRC_NONE = 0,
    CCKIT_VSRC_NAMESPACE,      /**< namespace of <manifest> */
    CCKIT_VSRC_SCHEMAVERSION,  /**< <schemaversion> in the metadata */
    CCKIT_VSRC_TYPES           /**< suffixes of resource type strings */
} cckit_version_source;

typedef enum cckit_kind {
    CCKIT_KIND_WEBCONTENT = 0,
    CCKIT_KIND_ASSOCIATED_CONTENT,
    CCKIT_KIND_DISCUSSION,
    CCKIT_KIND_WEBLINK,
    CCKIT_KIND_ASSESSMENT,
    CCKIT_KIND_QUESTION_BANK,
    CCKIT_KIND_LTI_LINK,
    CCKIT_KIND_ASSIGNMENT,
    CCKIT_KIND_EPUB,
    CCKIT_KIND_APIP,
    CCKIT_KIND_IWB,
    CCKIT_KIND_OPEN_VIDEO,     /**< CC 1.4 imsov_xmlv1p0 / imsov_zipv1p0 */
    CCKIT_KIND_QTI3,           /**< CC 1.4 imsqti_zipv3p0 (QTI 3 package) */
    CCKIT_KIND_UNKNOWN,
    CCKIT_KIND_COUNT
} cckit_kind;

/** Stable lower-case name: "webcontent", "associatedcontent",
 *  "discussion", "weblink", "assessment", "questionbank", "ltilink",
 *  "assignment", "epub", "apip", "iwb", "openvideo", "qti3", "unknown". */
const char *cckit_kind_name(cckit_kind k);

/** Classify a resource type string.  Lenient: accepts every version's
 *  spelling.  *type_version receives the version the string's suffix
 *  implies (CCKIT_CC_UNKNOWN for version-less strings such as
 *  "webcontent"); may be NULL. */
cckit_kind cckit_kind_of_type(const char *type, cckit_cc_version *type_version);

/** The canonical type string of a kind for a version, or NULL when the
 *  kind does not exist in that version (e.g. assignment before 1.3). */
const char *cckit_type_for(cckit_kind k, cckit_cc_version v);

/* ------------------------------------------------------------------ */
/* The resource tree                                                   */

/** Where a node was read from. */
typedef struct cckit_pos {
    const char *file;   /**< package-relative file name */
    unsigned line;      /**< 1-based, 0 if unknown */
} cckit_pos;

typedef struct cckit_resource cckit_resource;

typedef struct cckit_metadata {
    char *schema;          /**< <schema>, e.g. "IMS Common Cartridge" */
    char *schemaversion;   /**< <schemaversion>, e.g. "1.3.0" */
    char *title;           /**< LOM general/title (first langstring) */
    char *description;     /**< LOM general/description */
    char *language;        /**< LOM general/language */
    char **keywords;       /**< LOM general/keyword strings */
    size_t n_keywords;
    char *rights;          /**< LOM rights/description */
    bool has_lom;          /**< a LOM record was present */
    cckit_pos pos;         /**< the <metadata> element */
} cckit_metadata;

typedef struct cckit_item {
    char *identifier;
    char *title;             /**< <title> child, or NULL */
    char *identifierref;     /**< NULL for folders */
    cckit_resource *resource;/**< resolved identifierref, NULL if dangling */
    struct cckit_item *parent;
    struct cckit_item *first_child, *last_child, *next;
    size_t n_children;
    unsigned depth;          /**< 0 for the root item */
    bool title_is_attribute; /**< title came from a (non-standard) attribute */
    cckit_pos pos;
} cckit_item;

typedef struct cckit_organization {
    char *identifier;
    char *structure;         /**< @structure, should be "rooted-hierarchy" */
    char *title;
    cckit_item *first_item, *last_item; /**< top-level items (CC: one root) */
    size_t n_items;          /**< all items of the organization */
    cckit_pos pos;
} cckit_organization;

typedef struct cckit_file {
    char *href;              /**< as written (percent-encoded if it was) */
    cckit_pos pos;
} cckit_file;

typedef struct cckit_dependency {
    char *identifierref;
    cckit_resource *resource;/**< resolved, NULL if dangling */
    cckit_pos pos;
} cckit_dependency;

/** CC 1.3 <variant> (CP extension) on a resource. */
typedef struct cckit_variant {
    char *identifier;
    char *identifierref;
    cckit_pos pos;
} cckit_variant;

/** A LOM vocabulary entry in a resource's metadata: educational/
 *  intendedEndUserRole (who may see the resource; CC 1.0-1.2 fix the
 *  vocabulary) or educational/context.  Text as written, trimmed. */
typedef struct cckit_vocab {
    char *source;            /**< e.g. "IMSGLC_CC_Rolesv1p1", or NULL */
    char *value;             /**< e.g. "Instructor", or NULL */
    cckit_pos pos;           /**< the intendedEndUserRole/context element */
} cckit_vocab;

struct cckit_resource {
    char *identifier;
    char *type;              /**< literal type attribute */
    cckit_kind kind;         /**< normalised kind */
    cckit_cc_version type_version; /**< version the type string implies */
    char *href;
    char *xml_base;          /**< xml:base on the resource, or NULL */
    char *intendeduse;
    bool is_protected;       /**< auth:protected="true" */
    bool has_metadata;       /**< a <metadata> child */
    bool has_csm;            /**< curriculum standards metadata inside */
    bool embedded_descriptor;/**< CC 1.3 descriptor XML inline */
    cckit_file *files;
    size_t n_files;
    cckit_dependency *deps;
    size_t n_deps;
    cckit_variant *variants;
    size_t n_variants;
    cckit_vocab *roles;      /**< LOM intendedEndUserRole entries: present =
                                  only those roles see the resource */
    size_t n_roles;
    cckit_vocab *contexts;   /**< LOM educational/context entries */
    size_t n_contexts;
    size_t index;            /**< position in cckit_manifest.resources */
    cckit_pos pos;
};

typedef struct cckit_authorization {
    char *access;            /**< "cartridge" | "resource" */
    bool import;
    char *cartridge_id;
    char *webservice;
    cckit_pos pos;
} cckit_authorization;

typedef struct cckit_manifest {
    char *identifier;
    char *ns;                /**< namespace URI of <manifest> */
    cckit_cc_version version;/**< detected version */
    cckit_version_source version_source;
    bool thin;               /**< schema is "IMS Thin Common Cartridge" */
    cckit_metadata metadata;
    cckit_organization *organization; /**< the first organization, or NULL */
    size_t n_organizations;
    cckit_resource **resources; /**< in document order */
    size_t n_resources;
    cckit_authorization *authorization; /**< or NULL */
    size_t n_items;          /**< items in all organizations */
    size_t n_files;          /**< <file> elements in all resources */
    char *file;              /**< "imsmanifest.xml" */
    bool had_bom;            /**< a byte-order mark started the file */
    char *encoding;          /**< declared or detected encoding */
    cckit_diags diags;       /**< oddities recorded while reading */
    struct cckit_arena *arena; /**< private: owns every string and node */
    struct cckit_idmap *ids;   /**< private: identifier index */
    size_t n_elements;       /**< XML elements in the file (against the DOM
                                  cap, max_xml_elements, before loading it) */
    uint32_t producer_signs; /**< private: the producer signs the manifest
                                  shows (its namespaces, comments, listed
                                  files; tree/producer.c) */
} cckit_manifest;

/** Read imsmanifest.xml of a source into a tree.  Lenient: anything that
 *  parses as XML and looks like a manifest gives a tree, with oddities in
 *  the manifest's diags.  Fails (CCKIT_E_XML, CCKIT_E_LIMIT, ...) on XML
 *  that is not well-formed, declares entities, uses XInclude, is too big
 *  or too deep, or whose root is not <manifest>. */
cckit_status cckit_manifest_read(cckit_source *src, const cckit_limits *lim,
                                 cckit_manifest **out, cckit_error *err);

/** Same from a reader callback (returns bytes read, 0 at end, -1 on
 *  error, with err filled: that error is returned); name is used in
 *  positions and messages.  *out belongs to the caller
 *  (cckit_manifest_free). */
typedef long (*cckit_read_fn)(void *ctx, void *buf, size_t n, cckit_error *err);
cckit_status cckit_manifest_parse(cckit_read_fn read, void *ctx,
                                  const char *name, const cckit_limits *lim,
                                  cckit_manifest **out, cckit_error *err);
/** Same from a file on disk (a bare manifest). */
cckit_status cckit_manifest_parse_file(const char *path, const cckit_limits *lim,
                                       cckit_manifest **out, cckit_error *err);

/** Free a tree and everything in it (NULL is accepted). */
void cckit_manifest_free(cckit_manifest *m);

/** Find a resource by identifier (first one if duplicated); NULL if none. */
cckit_resource *cckit_manifest_find_resource(const cckit_manifest *m,
                                             const char *identifier);

/** Depth-first, document-order walk of an organization's items without
 *  recursion.  Returns the item after `it`, or NULL at the end. */
const cckit_item *cckit_item_next(const cckit_item *it);

/* ------------------------------------------------------------------ */
/* Cartridge: a source and its manifest, the import front end.         */

typedef struct cckit_cartridge {
    cckit_source *source;     /**< NULL for a bare imsmanifest.xml */
    cckit_manifest *manifest;
    cckit_diags diags;        /**< oddities of the package (not the XML) */
    char *path;
} cckit_cartridge;

/** Open path (archive or folder) and read its manifest.  When there is
 *  no manifest at the root but one deeper, the error says where. */
cckit_status cckit_cartridge_open(const char *path, const cckit_limits *lim,
                                  cckit_cartridge **out, cckit_error *err);
/** Free a cartridge: its manifest, its source and its diags (NULL is
 *  accepted). */
void cckit_cartridge_free(cckit_cartridge *c);

/* ------------------------------------------------------------------ */
/* Reports                                                             */

/** Counts per kind and totals over a cartridge (for info/summary). */
typedef struct cckit_counts {
    size_t resources, items, files;
    size_t by_kind[CCKIT_KIND_COUNT];
    size_t entries;
    uint64_t compressed_bytes, uncompressed_bytes;
} cckit_counts;
/** Fill *out (caller's) with the counts of c; cannot fail. */
void cckit_cartridge_count(const cckit_cartridge *c, cckit_counts *out);

/** `cckit info` as one JSON document (the documented contract).  0, or
 *  -1 when writing to out failed. */
int cckit_info_write_json(const cckit_cartridge *c, FILE *out);
/** `cckit info` as text for people; 0 or -1 as above. */
int cckit_info_write_text(const cckit_cartridge *c, FILE *out, bool color);
/** `cckit info -q`: one line, 'PATH: [Thin ]CC VERSION, "TITLE": N
 *  resources, N items, N files[; N warnings]'. */
int cckit_info_write_line(const cckit_cartridge *c, FILE *out);

/** `cckit ls` as one JSON document: {path, archive, size, entries[{name,
 *  size, compressed_size, method, method_id, ratio, crc32, mtime, dir}],
 *  total{entries, files, size, compressed_size}, diagnostics[]}; d may
 *  be NULL.  Returns 0, or -1 when out has a write error. */
int cckit_ls_write_json(const cckit_source *src, const cckit_diags *d, FILE *out);

/** The JSON document of a command that has no report of its own (pack)
 *  or that failed before its report could be made: {tool, tool_version,
 *  command, path, output and written (only when output is not NULL:
 *  pack, convert), ok, error (null, or
 *  {status, message}), diagnostics[]}.  err NULL or CCKIT_OK = success;
 *  d may be NULL.  Every diagnostic in every document has the keys
 *  severity, code, rule, file, line, message, hint.  Returns 0, or -1
 *  when out has a write error. */
int cckit_result_write_json(const char *command, const char *path, const char *output,
                            const cckit_error *err, const cckit_diags *d, FILE *out);

/* ------------------------------------------------------------------ */
/* Validation                                                          */

/** Options of cckit_validate() and cckit_validate_cartridge(). */
typedef struct cckit_validate_options {
    bool strict;            /**< what a certification validator says; default
                                 (lenient) downgrades deviations that real
                                 exporters produce and LMSes import anyway */
    bool quick;             /**< skip the CRC check of every entry */
    bool links;             /**< check links inside HTML and descriptors (default true) */
    const char *schema_dir; /**< our schemas/ folder; NULL = $CCKIT_SCHEMA_DIR
                                 or the installed one */
    cckit_limits limits;    /**< caps for reading the package */
    const char *rules;      /**< site rules: a Schematron file applied to the
                                 manifest and every descriptor (each failed
                                 assert a finding "site.ID"), or NULL */
} cckit_validate_options;

/** Defaults: lenient, full CRC check, links on, default limits. */
void cckit_validate_options_default(cckit_validate_options *opt);

/** One XML or content file the validator looked at. */
typedef struct cckit_checked_file {
    char *path;             /**< package-relative */
    const char *role;       /**< "manifest" | "descriptor" | "content" */
    char *schema;           /**< our XSD used (relative to schemas/), or NULL */
    bool schema_valid;      /**< meaningful only when schema is not NULL */
} cckit_checked_file;

/** The verdict on one cartridge. */
typedef struct cckit_validation {
    char *path;
    cckit_cc_version version;
    bool thin;
    bool strict;
    bool readable;          /**< false: the package could not be opened */
    cckit_diags diags;      /**< every finding, in check order */
    cckit_checked_file *files;
    size_t n_files, cap_files;
    size_t tuned_out;       /**< findings a cckit_tuning removed (the
                                 caller sets it from cckit_tuning_apply) */
    /** Findings a display cap left without a line of their own in diags,
     *  per severity (a cap lists the first findings, then one summary line
     *  that stands for the first of the rest): the true totals are the
     *  diags plus these (cckit_validation_count). */
    size_t omitted[3];
    /** The same by lenient severity (cckit_diag.lenient_severity). */
    size_t omitted_lenient[3];
    /** The producer the cartridge shows ("canvas", static; the signs of
     *  cckit_producer_of), from what the run read anyway: the manifest,
     *  the descriptors, the entry names.  NULL when none is recognised or
     *  the package could not be read. */
    const char *producer;
} cckit_validation;

/** Validate a .imscc, a folder or a bare imsmanifest.xml.  Problems with
 *  the cartridge are diagnostics in *out (CCKIT_OK is returned even when
 *  the cartridge is invalid or unreadable); a non-OK status means the
 *  validator itself could not run (no schemas, out of memory: then *out
 *  is NULL).  *out belongs to the caller (cckit_validation_free).  Calls
 *  on different paths may run concurrently; the schemas are compiled
 *  once per folder and shared.  On an archive the links of HTML pages are
 *  checked on a second thread of the call's own. */
cckit_status cckit_validate(const char *path, const cckit_validate_options *opt,
                            cckit_validation **out, cckit_error *err);
/** Validate a cartridge already open (cckit_cartridge_open): the core
 *  that cckit_validate, `cckit convert` and `cckit pack` share, so that a
 *  program holding the tree validates it without reading it again.
 *  opt NULL = defaults.  *out is the caller's (cckit_validation_free);
 *  its path is cart->path.  The cartridge is not changed, except the
 *  read state of its source (which entries had their CRC checked):
 *  do not use the same cartridge from another thread meanwhile.  A
 *  non-OK status means the validator could not run (no cartridge or
 *  manifest: CCKIT_E_USAGE; no schemas; out of memory). */
cckit_status cckit_validate_cartridge(const cckit_cartridge *cart,
                                      const cckit_validate_options *opt,
                                      cckit_validation **out, cckit_error *err);
/** Free a validation and its findings (NULL is accepted). */
void cckit_validation_free(cckit_validation *v);
/** Findings of a severity in a validation, those a cap left out of the
 *  list included. */
size_t cckit_validation_count(const cckit_validation *v, cckit_severity sev);
/** The same by lenient severity: on a strict validation, the count a
 *  lenient validation of the same cartridge gives (without its links
 *  pass, whose findings are never errors in lenient mode), so one strict
 *  run yields both verdicts; on a lenient one, cckit_validation_count.
 *  Thread-safe on distinct validations. */
size_t cckit_validation_count_lenient(const cckit_validation *v, cckit_severity sev);

typedef enum cckit_report_format {
    CCKIT_REPORT_TEXT = 0,
    CCKIT_REPORT_JSON,
    CCKIT_REPORT_JUNIT,
    CCKIT_REPORT_SARIF,
    CCKIT_REPORT_HTML     /**< one self-contained page: inline CSS, no URL
                               loaded, cartridge text escaped, excerpts of
                               the files around each finding's line */
} cckit_report_format;

/** Write the verdicts on n cartridges in one document of the format
 *  (cckit_validation_report_opts with the defaults, format and color);
 *  0, or -1 for an unknown format or a failed write.
 *  HTML reads excerpts from the cartridges again (each v->path). */
int cckit_validation_report(cckit_validation *const *v, size_t n,
                            cckit_report_format fmt, bool color, FILE *out);

/** How cckit_validation_report_opts writes. */
typedef struct cckit_report_options {
    cckit_report_format format;
    bool color;             /**< text: ANSI colours */
    bool verbose;           /**< text: every occurrence and the infos (else
                                 warnings are grouped by code, infos left
                                 out); default true */
    const char *failed_path;/**< an input the validator could not run on
                                 (no schemas, no memory), or NULL ... */
    const cckit_error *failed; /**< ... and why: the machine formats carry it
                                 (JSON "error", a JUnit <error>, a SARIF
                                 invocation that did not succeed) */
} cckit_report_options;

/** Defaults: text, no colour, verbose, no failure. */
void cckit_report_options_default(cckit_report_options *o);

/** Write the verdicts on n cartridges (n may be 0) in one document.
 *  Returns 0, or -1 when out has a write error or memory ran out. */
int cckit_validation_report_opts(cckit_validation *const *v, size_t n,
                                 const cckit_report_options *o, FILE *out);
/** The same into the file path, atomically: written to a temporary
 *  beside it and renamed over it only once complete (an existing file is
 *  replaced; a failed or cancelled run leaves it untouched).  cancel is
 *  this call's cancel token or NULL (see cckit_cancel).  CCKIT_OK, or
 *  CCKIT_E_IO (CCKIT_E_USAGE for an unusable name, CCKIT_E_NOMEM) with
 *  err filled. */
cckit_status cckit_validation_report_file(cckit_validation *const *v, size_t n,
                                          const cckit_report_options *o, const char *path,
                                          volatile sig_atomic_t *cancel, cckit_error *err);

/** One row of the rule registry: every diagnostic code is listed. */
typedef struct cckit_rule {
    const char *code;       /**< stable, e.g. "manifest.root-item-title" */
    const char *rule;       /**< profile rule number ("R14"), or NULL */
    cckit_severity strict_severity;
    cckit_severity lenient_severity;
    const char *clause;     /**< where the requirement is written */
    const char *summary;    /**< one line: what the rule requires */
    const char *hint;       /**< how to fix a violation */
} cckit_rule;

/* ---- Tuning: which findings a report keeps, at what severity -------- */

/** Severity overrides, ignore and select lists, and a minimum severity,
 *  applied to a validation's findings.  A pattern is a code
 *  ("qti.mattext-html"), a family of codes ("qti." or "qti.*", or "qti"
 *  when no code is spelled so), or a profile rule number ("R88": every
 *  code that enforces it).  Patterns are checked against the rule
 *  registry when added: an unknown one is CCKIT_E_USAGE with a "did you
 *  mean" suggestion.  Not thread-safe: one tuning per thread while it is
 *  being built; cckit_tuning_apply only reads it. */
typedef struct cckit_tuning cckit_tuning;

typedef enum cckit_tune_list { CCKIT_TUNE_IGNORE = 0, CCKIT_TUNE_SELECT } cckit_tune_list;

/** A tuning that changes nothing; NULL when out of memory. */
cckit_tuning *cckit_tuning_new(void);
void cckit_tuning_free(cckit_tuning *t);
/** Add comma-separated patterns to the ignore or select list. */
cckit_status cckit_tuning_add(cckit_tuning *t, cckit_tune_list which, const char *patterns,
                              cckit_error *err);
/** Empty a list (a command line replaces what a config file said). */
void cckit_tuning_clear(cckit_tuning *t, cckit_tune_list which);
/** Findings a pattern matches get this severity: "error", "warning",
 *  "info", or "off" (dropped).  The most specific pattern wins: a code
 *  over a rule number over a family, a longer family over a shorter. */
cckit_status cckit_tuning_severity(cckit_tuning *t, const char *pattern, const char *level,
                                   cckit_error *err);
/** Drop findings below min (after the overrides). */
void cckit_tuning_min_severity(cckit_tuning *t, cckit_severity min);
/** Read a YAML config file: keys ignore and select (a list of patterns,
 *  or one string of them separated by commas), min-severity (info,
 *  warning or error) and severity (a mapping PATTERN: LEVEL); any other
 *  key is an error.  Errors name the file and line.  At most 1 MiB. */
cckit_status cckit_tuning_load(cckit_tuning *t, const char *path, cckit_error *err);
/** Rewrite d in place: overrides, then select, ignore and min-severity
 *  remove findings (freed).  Returns how many were removed. */
size_t cckit_tuning_apply(const cckit_tuning *t, cckit_diags *d);

/** Whether the registry row r is one a pattern names (as in a tuning);
 *  CCKIT_E_USAGE with a suggestion when the pattern names no code. */
cckit_status cckit_rule_matches(const cckit_rule *r, const char *pattern, bool *matches,
                                cckit_error *err);

/** "info" (or "note"), "warning" (or "warn"), "error", any case. */
bool cckit_severity_parse(const char *s, cckit_severity *out);

/** The candidate nearest to word by edit distance, if close enough to
 *  be a typo of it (at most a third of its letters, 1 to 3), else NULL:
 *  for "did you mean" messages. */
const char *cckit_closest(const char *word, const char *const *cands, size_t n);

/** The rule with this code, or NULL.  The registry is static data: any
 *  thread, no locking. */
const cckit_rule *cckit_rule_find(const char *code);
/** Rule i of the registry (0-based), NULL past the end; static data. */
const cckit_rule *cckit_rule_at(size_t i);

/* ------------------------------------------------------------------ */
/* Export: manifest writer and pack                                    */

/** Write the tree m as imsmanifest.xml for CC version v (CCKIT_CC_1_1,
 *  _1_2 or _1_3; thin = "IMS Thin Common Cartridge", 1.2/1.3 only) to
 *  out, UTF-8, with libxml2's xmlTextWriter.  Namespaces and
 *  schemaLocations of v; resource types re-spelled for v from each
 *  resource's kind; metadata (schema, schemaversion, LOM title,
 *  language, description, keywords, rights), the organization and the
 *  resources with files and dependencies, in tree order.  Deterministic:
 *  the same tree gives the same bytes.  CCKIT_E_USAGE when a resource's
 *  kind does not exist in v (e.g. an assignment in 1.1). */
cckit_status cckit_manifest_write(const cckit_manifest *m, cckit_cc_version v,
                                  bool thin, FILE *out, cckit_error *err);

/** What cckit_pack() wrote, for the "wrote X: N items, M files" line. */
typedef struct cckit_pack_summary {
    size_t items;             /**< organization items that show something
                                   (modules and folders not counted) */
    size_t files;             /**< files in the archive, imsmanifest.xml and
                                   generated descriptors included */
} cckit_pack_summary;

/** Options of cckit_pack(). */
typedef struct cckit_pack_options {
    cckit_cc_version version; /**< 1.1, 1.2, 1.3; UNKNOWN = the outline's
                                   "cc", else 1.3 */
    bool thin;                /**< Thin CC (links only; needs an outline) */
    const char *title;        /**< cartridge title; NULL = outline's title,
                                   else the folder name */
    const char *outline;      /**< YAML course outline, or NULL */
    bool force;               /**< replace an existing target file */
    bool allow_invalid;       /**< re-pack a folder whose manifest has errors */
    const char *schema_dir;   /**< for the validation pack runs; NULL = default */
    cckit_limits limits;      /**< caps for reading the folder */
    volatile sig_atomic_t *cancel; /**< this call's cancel token, or NULL:
                                   see "Cancellation" below */
    cckit_pack_summary *summary; /**< filled when the cartridge is written;
                                      may be NULL */
} cckit_pack_options;

/** Defaults: version UNKNOWN (1.3), no outline, no force, default limits. */
void cckit_pack_options_default(cckit_pack_options *opt);

/** Make the cartridge target (.imscc) from the folder dir.  A folder
 *  with imsmanifest.xml is validated (lenient) and re-zipped as it is;
 *  otherwise the folder (or the outline) becomes the organization, local
 *  dependencies of pages are found with the HTML parser, identifiers
 *  are hashes of paths, and the written archive is validated in strict
 *  mode before it replaces target (atomically).  Findings (missing
 *  dependencies with page:line, validation errors, skipped hidden files
 *  as info) go to diags (may be NULL; the caller frees it); on failure
 *  nothing is written and err says why (err->fix tells what to change:
 *  CCKIT_FIX_FORCE, _ALLOW_INVALID, _CC_1_3, _OUTLINE).  opt->cancel
 *  stops it (see "Cancellation"). */
cckit_status cckit_pack(const char *dir, const char *target,
                        const cckit_pack_options *opt, cckit_diags *diags,
                        cckit_error *err);

/* ------------------------------------------------------------------ */
/* Unpack: extract an archive into a folder, safely.                   */

/** Options of cckit_unpack(). */
typedef struct cckit_unpack_options {
    bool force;             /**< replace existing files (never through a
                                 symbolic link, never a folder) */
    cckit_limits limits;    /**< caps for reading the archive; max_total_size
                                 is also the budget of bytes written */
    volatile sig_atomic_t *cancel; /**< this call's cancel token, or NULL:
                                 see "Cancellation" below */
} cckit_unpack_options;

/** Defaults: no --force, default limits. */
void cckit_unpack_options_default(cckit_unpack_options *opt);

/** Extract every file of the archive into dest_dir (created if missing;
 *  its parent must exist).  The archive is opened with cckit_source_open
 *  (names checked, links and encryption refused, caps); names that differ
 *  only in case are refused, and so is any existing file (without force),
 *  symbolic link, or non-folder in the way - all before anything is
 *  written.  Files are streamed into a temporary folder
 *  dest_dir/.cckit-tmp-XXXXXX (every path component opened relative to
 *  its parent with O_NOFOLLOW), CRC-checked, and only when every entry is
 *  complete moved into place by rename; on any failure (or cckit_cancel)
 *  the temporary folder is removed and dest_dir is left as it was (and
 *  removed again if this call created it).  Files get mode 0644, folders
 *  0755.  Non-fatal oddities go to diags (may be NULL). */
cckit_status cckit_unpack(const char *archive, const char *dest_dir,
                          const cckit_unpack_options *opt, cckit_diags *diags,
                          cckit_error *err);

/* ------------------------------------------------------------------ */
/* Cancellation                                                        */

/* Each cckit_pack, cckit_unpack and cckit_convert call can be stopped on
 * its own: point the `cancel` field of its options at a
 * `volatile sig_atomic_t` that is 0 when the call starts, and set it to
 * non-zero (from another thread or from a signal handler: a plain store
 * is async-signal-safe) to stop that call.  It then fails at the next
 * piece of data with "interrupted" (CCKIT_E_IO), removes its temporary
 * files and leaves its target as it was.  The token is the caller's:
 * the library only reads it, and the caller resets it before reusing it
 * for another call. */

/** Stop every unpack/pack/convert call that is running at the time of
 *  this call, in any thread; calls started afterwards are not affected
 *  (no flag stays set: each call notes, when it starts, how many cancels
 *  there have been, and stops when that number changes).  Kept for
 *  programs that cannot reach the call's options; prefer the per-call
 *  token.  Async-signal-safe. */
void cckit_cancel(void);

/* ------------------------------------------------------------------ */
/* Convert: rewrite a cartridge for another CC version.                */

/** Options of cckit_convert(). */
typedef struct cckit_convert_options {
    cckit_cc_version to;    /**< CCKIT_CC_1_1, _1_2 or _1_3 */
    bool thin;              /**< a Thin CC (to must be 1.2 or 1.3) */
    bool force;             /**< replace an existing output file */
    bool validate;          /**< validate input and output strictly (default true) */
    bool allow_invalid;     /**< convert an input that fails (lenient)
                                 validation, and write the output even
                                 with new errors */
    const char *xsl_dir;    /**< our xsl/ folder; NULL = $CCKIT_XSL_DIR or the installed one */
    const char *schema_dir; /**< for the validation; NULL = as cckit_validate */
    cckit_limits limits;    /**< caps for reading the input */
    volatile sig_atomic_t *cancel; /**< this call's cancel token, or NULL:
                                 see "Cancellation" above */
} cckit_convert_options;

/** Defaults: to 1.3, not thin, no force, validate, default limits. */
void cckit_convert_options_default(cckit_convert_options *opt);

/** One thing the conversion dropped or changed. */
typedef struct cckit_change {
    char *code;             /**< stable, e.g. "assignment-to-webcontent" */
    bool dropped;           /**< dropped (true) or changed (false) */
    char *resource;         /**< resource identifier, or NULL */
    char *item;             /**< item identifier, or NULL */
    char *file;             /**< package-relative file, or NULL */
    char *detail;           /**< one line for people, or NULL */
    char *title;            /**< the title the user sees: of the item, or of
                                 the first item showing the resource; NULL */
} cckit_change;

/** What a conversion did (the loss report). */
typedef struct cckit_loss_report {
    char *input, *output;
    cckit_cc_version from, to;
    bool from_thin, thin;
    cckit_change *changes;
    size_t n_changes, cap_changes;
    size_t dropped, changed;
    bool validated;         /**< both sides were validated strictly */
    size_t errors_before, errors_after;
    cckit_diags new_errors; /**< errors of the output the input did not have */
    bool written;           /**< the output file was written */
    const char *producer;   /**< the input's producer ("canvas", static;
                                 cckit_validation.producer), or NULL */
} cckit_loss_report;

/** Convert the cartridge `in` (archive or folder; opened with every
 *  import safety rule) into the archive `out` for opt->to.  The manifest
 *  and every descriptor in a versioned namespace are rewritten with the
 *  XSLT stylesheets of the xsl folder (run with file and network access
 *  forbidden); other entries are copied unchanged, except the files of
 *  resources the target cannot hold.  The output is written atomically
 *  (a staging file beside out, renamed into place); `in` is never
 *  written.  With opt->validate, input and output are validated
 *  strictly: when the output has errors the input did not have and
 *  !opt->allow_invalid, nothing is written, CCKIT_OK is returned and
 *  (*report)->written is false.  *report is set (free it with
 *  cckit_loss_report_free) whenever the conversion got started, even on
 *  failure.  cckit_cancel() stops it and removes its temporary files. */
cckit_status cckit_convert(const char *in, const char *out,
                           const cckit_convert_options *opt,
                           cckit_loss_report **report, cckit_error *err);
/** Free a loss report (NULL is accepted). */
void cckit_loss_report_free(cckit_loss_report *r);
/** The report as text for people or JSON, 0 or -1 on a failed write
 *  (the documented contract:
 *  input, output, from, to, changes[{code, kind, resource, item, file,
 *  detail, title}], dropped, changed, validation, written). */
int cckit_loss_report_write(const cckit_loss_report *r, cckit_report_format fmt,
                            FILE *out);

/* ------------------------------------------------------------------ */
/* Profile: the characterization of a set of cartridges (1EdTech's     */
/* Compatibility Check method), verification and comparison.          */

/** What a set of cartridges uses, with none of their content: counts of
 *  CC versions, flavours, resource kinds and type strings, populated
 *  fields (paths of element and attribute names), enumerated tokens from
 *  fixed lists (others count as "other"), namespaces, extension elements,
 *  link forms, producers and package traits; ranges and log2 histograms
 *  of package facts.  Bounded in size whatever the number of cartridges.
 *  The JSON form is described by schemas/json/profile.schema.json.
 *  Ownership: a profile belongs to its caller (cckit_profile_free); one
 *  profile is used by one thread at a time, different profiles by any.
 *  Errors: a cckit_status with err filled; NULL from cckit_profile_new
 *  means out of memory. */
typedef struct cckit_profile cckit_profile;

cckit_profile *cckit_profile_new(void);
void cckit_profile_free(cckit_profile *p);
/** Characterize one cartridge (archive or folder) and add it to p.  On
 *  failure p only counts it as unreadable. */
cckit_status cckit_profile_add(cckit_profile *p, const char *path,
                               const cckit_limits *lim, cckit_error *err);
/** The producer a cartridge shows (by the same fixed signs as the
 *  profile's "producers": a namespace the manifest or a descriptor
 *  declares, an entry's name or a file the manifest lists, a comment;
 *  cckit_validation.producer gives the same from a validation), as a
 *  static lower-case name ("canvas", "moodle", "d2l", "blackboard",
 *  "sakai", "schoology"), the first of the table when several; NULL in
 *  *producer when none is recognised or the cartridge cannot be read
 *  (then the status says why).  Reads the cartridge once more; no content
 *  is kept.  Threads: as cckit_profile_add. */
cckit_status cckit_producer_of(const char *path, const cckit_limits *lim,
                               const char **producer, cckit_error *err);
/** Add the counts and ranges of `from` to `into`: the merge of the
 *  profiles of two sets is the profile of their union. */
cckit_status cckit_profile_merge(cckit_profile *into, const cckit_profile *from,
                                 cckit_error *err);
/** Read a profile written by cckit_profile_write_json (checked; at most
 *  64 MiB). */
cckit_status cckit_profile_load(const char *path, cckit_profile **out,
                                cckit_error *err);
int cckit_profile_write_json(const cckit_profile *p, FILE *out);
/** The same facts as one self-contained HTML page: a bar chart per group
 *  of features and a histogram per numeric fact, each with a table of
 *  its numbers; inline SVG, nothing fetched.  0, or -1 (write error, out
 *  of memory). */
int cckit_profile_write_html(const cckit_profile *p, FILE *out);
/** The JSON (html false) or the page into path, atomically: a temporary
 *  beside it renamed over it once complete (as
 *  cckit_validation_report_file; cancel may be NULL). */
cckit_status cckit_profile_write_file(const cckit_profile *p, bool html, const char *path,
                                      volatile sig_atomic_t *cancel, cckit_error *err);
/** Cartridges characterized. */
uint64_t cckit_profile_count(const cckit_profile *p);

/** One feature or range of `other` set against `base`. */
typedef struct cckit_departure {
    char code[48];          /**< PREFIX.GROUP, e.g. "verify.kind", "compare.range" */
    const char *group;      /**< feature group ("kinds", ...) or "ranges" */
    char feature[300];      /**< the key, e.g. "ltilink", or the fact name */
    char seen[360];         /**< what `other` has */
    char allowed[120];      /**< what `base` has */
    char message[1024];     /**< plain language */
    double share;           /**< share of other's cartridges concerned */
    bool match;             /**< known to base (only reported when asked) */
} cckit_departure;
typedef void (*cckit_departure_fn)(void *ctx, const cckit_departure *d);

enum {
    CCKIT_DIFF_MATCHES = 1u << 0,    /**< report what base knows too (match) */
    CCKIT_DIFF_UPPER_ONLY = 1u << 1  /**< ranges: only values above base's max
                                          depart (limits), not below its min */
};
/** Call fn for every feature of `other` that `base` never saw and every
 *  range of `other` that goes beyond base's (and, with CCKIT_DIFF_MATCHES,
 *  for the ones it knows too, match = true).  Producers are not compared.
 *  A range's share is an upper bound from the histogram (exact for a
 *  profile of one cartridge).  Returns the number of departures. */
size_t cckit_profile_diff(const cckit_profile *base, const cckit_profile *other,
                          const char *prefix, unsigned flags,
                          cckit_departure_fn fn, void *ctx);
/* Import models and compatibility (compat/)                           */

/** What a target does with a cartridge where a statement applies. */
typedef enum cckit_effect {
    CCKIT_EFFECT_FAILS = 0,      /**< the import is refused */
    CCKIT_EFFECT_LOSS,           /**< the import goes on, something is lost */
    CCKIT_EFFECT_NEEDS_SETUP     /**< works once an administrator sets it up */
} cckit_effect;

/** What a target does with a resource kind. */
typedef enum cckit_support {
    CCKIT_SUPPORT_UNKNOWN = 0,   /**< the model does not say */
    CCKIT_SUPPORT_IMPORTED,
    CCKIT_SUPPORT_WITH_LOSS,     /**< imported with loss (statement's loss) */
    CCKIT_SUPPORT_IGNORED        /**< the resource and its items are dropped */
} cckit_support;

/** A public source of a model: its key in the file, where it is (URL or
 *  "owner/repo:path") and how it is known ("doc", "code", "users",
 *  "observed"). */
typedef struct cckit_model_source {
    const char *key, *ref, *how;
} cckit_model_source;

/** What every statement of a model carries. */
typedef struct cckit_model_statement {
    const cckit_model_source *source; /**< never NULL in a loaded model */
    const char *says;       /**< what the source says, or NULL */
    const char *fix;        /**< what makes a cartridge pass, or NULL */
    const char *note;       /**< a remark for people, or NULL */
    const char *loss;       /**< what is lost (effect loss), or NULL */
    unsigned line;          /**< line of the statement in the model file */
} cckit_model_statement;

typedef struct cckit_model_limit {
    const char *name;       /**< "package_bytes", "path_length", ... */
    uint64_t max;
    cckit_effect effect;    /**< fails or loss */
    cckit_model_statement st;
} cckit_model_limit;

typedef struct cckit_model_kind {
    cckit_support support;
    cckit_model_statement st; /**< source NULL when support is unknown */
} cckit_model_kind;

typedef struct cckit_model_check {
    const char *check;      /**< a name of the check vocabulary */
    cckit_effect effect;
    cckit_model_statement st;
} cckit_model_check;

/** One import model (doc/import-models.md), as loaded from its file. */
typedef struct cckit_model {
    const char *file;       /**< the path it was loaded from */
    const char *target;     /**< name used by --target */
    const char *name;       /**< for people */
    cckit_model_source *sources;
    size_t n_sources;
    unsigned accept;        /**< versions accepted: bit (1u << (v - 10)) per
                                 cckit_cc_version v */
    unsigned unknown;       /**< versions nobody has a source for */
    int thin;               /**< Thin CC: 1 accepted, 0 refused, -1 unknown */
    cckit_model_statement versions;
    cckit_model_limit *limits;
    size_t n_limits;
    cckit_model_kind kinds[CCKIT_KIND_COUNT];
    cckit_model_check *checks;
    size_t n_checks;
    const char **qti_keeps; /**< cc_profile values kept (has_qti) */
    size_t n_qti_keeps;
    bool has_qti;
    cckit_model_statement qti;
    const char *schematron; /**< site rules (resolved against the model's
                                 folder), or NULL */
    struct cckit_arena *arena; /**< private: owns every string */
} cckit_model;

/** Load a model file (YAML, at most 256 KiB).  Strict: an unknown key,
 *  an unknown check, a statement without a source or naming an unknown
 *  one, a bad value are each an error diagnostic (code "model.invalid",
 *  file and line) in *problems (may be NULL); then CCKIT_E_INVALID is
 *  returned and err's message names the first as FILE:LINE. */
cckit_status cckit_model_load(const char *path, cckit_model **out, cckit_diags *problems,
                              cckit_error *err);
void cckit_model_free(cckit_model *m);
/** A target by name (DIR/NAME.yaml in models_dir) or, when what contains
 *  a '/' or ends in ".yaml"/".yml", by path.  Same errors as load;
 *  CCKIT_E_NOTFOUND for a name with no model. */
cckit_status cckit_model_find(const char *models_dir, const char *what, cckit_model **out,
                              cckit_diags *problems, cckit_error *err);
/** The target names of models_dir (its *.yaml files), sorted.  Free with
 *  cckit_model_names_free. */
cckit_status cckit_model_names(const char *models_dir, char ***names, size_t *n,
                               cckit_error *err);
void cckit_model_names_free(char **names, size_t n);
/** Check i of the vocabulary (0-based): its name and a one-line summary;
 *  NULL past the end. */
const char *cckit_compat_check_name(size_t i, const char **summary);

typedef struct cckit_compat_target cckit_compat_target;

typedef enum cckit_verdict {
    CCKIT_VERDICT_IMPORTS = 0,
    CCKIT_VERDICT_LOSSES,        /**< imports with losses */
    CCKIT_VERDICT_FAILS
} cckit_verdict;
/** "imports", "imports-with-losses", "fails". */
const char *cckit_verdict_name(cckit_verdict v);

/** One line of a target's ledger. */
typedef struct cckit_compat_finding {
    cckit_severity severity;  /**< error: fails; warning: a loss or a setup;
                                   info: unknown for this target */
    char *code;               /**< "compat.CHECK", "compat.version", ... */
    char *message;            /**< what happens and why */
    char *item;               /**< item title, or NULL */
    char *resource;           /**< resource identifier, or NULL */
    char *file;               /**< package file, or NULL */
    unsigned line;
    char *source;             /**< the model statement's source (ref), or NULL */
    char *how;                /**< how the source knows, or NULL */
    char *fix;                /**< what would fix it, or NULL */
} cckit_compat_finding;

/** A cartridge against one target. */
struct cckit_compat_target {
    char *target, *name, *model_file;
    cckit_verdict verdict;
    cckit_compat_finding *findings;
    size_t n_findings, cap_findings;
};

/** A cartridge against every target asked. */
typedef struct cckit_compat {
    char *path;
    cckit_cc_version version;
    bool thin;
    bool readable;
    cckit_compat_target *targets;
    size_t n_targets;
    cckit_validation *validation; /**< the one validation every target weighs */
} cckit_compat;

/** Open path once, validate it once (opt; NULL = defaults), run the check
 *  vocabulary once, then weigh the result against each model.  Problems
 *  of the cartridge are findings (an unreadable package fails every
 *  target); a non-OK status means the run itself failed (no schemas, no
 *  memory). */
cckit_status cckit_compat_check(const char *path, cckit_model *const *models, size_t n_models,
                                const cckit_validate_options *opt, cckit_compat **out,
                                cckit_error *err);
void cckit_compat_free(cckit_compat *c);
/** The verdicts on n cartridges as one document: text (a line per target,
 *  then its ledger), JSON (the documented contract), SARIF or HTML (one
 *  self-contained page: a matrix of cartridges by targets, each cell
 *  linked to its ledger). */
int cckit_compat_report(cckit_compat *const *c, size_t n, cckit_report_format fmt, bool color,
                        FILE *out);

/* ------------------------------------------------------------------ */
/* Repair: the safe fixes, each listed (cckit repair)                  */

/** Options of cckit_repair(). */
typedef struct cckit_repair_options {
    bool dry_run;           /**< decide and list the fixes, write nothing
                                 (the would-be output is built in a private
                                 temporary folder, validated, and removed) */
    bool force;             /**< replace an existing output file */
    bool strict;            /**< count errors as `validate --strict` does */
    const char *only;       /**< comma-separated fix codes ("repair.type-version"
                                 or "type-version"): only these; NULL = all */
    const char *schema_dir; /**< for the validations; NULL = as cckit_validate */
    cckit_limits limits;    /**< caps for reading the input */
    volatile sig_atomic_t *cancel; /**< this call's cancel token, or NULL */
    const struct cckit_model *target; /**< an import model (cckit_model_find),
                                 or NULL: the target fixes (repair.target-*)
                                 its checks ask for are made too; the
                                 caller keeps it alive during the call */
    bool keep_empty_assessments; /**< with a target that fails on an
                                 assessment without a question
                                 (repair.target-empty-assessment): list
                                 each as not repaired instead of
                                 removing it */
} cckit_repair_options;

/** Defaults: every fix, lenient counting, no force, default limits. */
void cckit_repair_options_default(cckit_repair_options *opt);

/** What a repair did. */
typedef struct cckit_repair_report {
    char *input, *output;
    bool dry_run, strict;
    cckit_diags fixes;      /**< one per change, code repair.*: info, or
                                 warning for a loss (content left out) */
    size_t losses;          /**< fixes that are losses */
    cckit_diags declined;   /**< repair.not-repaired: what a fix would have
                                 had to guess, and why it did not */
    size_t errors_before;   /**< errors of the input (strict or lenient) */
    size_t errors_after;    /**< errors of the output, when validated_after */
    bool validated_after;
    cckit_diags remaining;  /**< the output's errors (validator codes) */
    bool written;           /**< the output file was written */
    cckit_cc_version version;/**< the input manifest's CC version, or
                                 CCKIT_CC_UNKNOWN when not read */
    const char *producer;   /**< the input's producer ("canvas", static;
                                 cckit_validation.producer), or NULL */
} cckit_repair_report;

/** Repair the cartridge `in` (archive or folder) into the archive `out`:
 *  the fixes of the fix table (`cckit rules`, codes repair.*) in table
 *  order, on the manifest as a DOM (what they do not touch stays as it
 *  was); every other entry's bytes copied unchanged, junk left out; a
 *  deterministic archive (byte order of names, manifest first, fixed
 *  timestamps), so that repairing the output again gives the same bytes.
 *  The output is validated before it is renamed into place (atomically;
 *  `in` is never written).  CCKIT_E_USAGE for an unknown fix code in
 *  opt->only or out naming the input; CCKIT_E_IO when out exists and
 *  !opt->force; the import's errors for an unsafe or unreadable input
 *  (nothing is written).  *report is set (cckit_repair_report_free)
 *  whenever the repair got started.  Threads: as cckit_validate. */
cckit_status cckit_repair(const char *in, const char *out, const cckit_repair_options *opt,
                          cckit_repair_report **report, cckit_error *err);
/** Free a repair report (NULL is accepted). */
void cckit_repair_report_free(cckit_repair_report *r);
/** The report as text (a line per fix, per declined fix, per remaining
 *  error, then a summary) or JSON (schemas/json/repair.schema.json);
 *  0, or -1 on a failed write or an unknown format. */
int cckit_repair_report_write(const cckit_repair_report *r, cckit_report_format fmt,
                              FILE *out);
/* Runs of a batch read back: `cckit report` (doc/report.md).          */

/** The records of one or more batch runs: JSON Lines files and state
 *  databases (told apart by content), one record per input (a later
 *  record of the same input replaces the earlier, with an info problem).
 *  Ownership: the caller's (cckit_runs_free).  Threads: one thread at a
 *  time per object. */
typedef struct cckit_runs cckit_runs;

/** An empty set; keep_lines keeps each record's line verbatim (needed by
 *  cckit_runs_merge; a report does without).  NULL when out of memory. */
cckit_runs *cckit_runs_new(bool keep_lines);
void cckit_runs_free(cckit_runs *r);
/** Read one run file.  A line that is not a record (malformed, longer
 *  than 32 MiB), a missing summary line (an interrupted run) and
 *  unfinished database rows are problems (cckit_runs_problems), not
 *  failures.  Errors: CCKIT_E_NOTFOUND or CCKIT_E_IO (cannot open or
 *  read), CCKIT_E_INVALID (a database that is not a state database of
 *  schema 1, or JSON Lines of which no line is a record), CCKIT_E_NOMEM.
 *  After an error r holds what was read before it. */
cckit_status cckit_runs_add(cckit_runs *r, const char *path, cckit_error *err);
/** What reading found, each with severity, code ("report.*", in the
 *  registry), file and line (0 in a database); owned by r. */
const cckit_diags *cckit_runs_problems(const cckit_runs *r);

/** Counts for a caller's verdict (e.g. an exit status). */
typedef struct cckit_runs_totals {
    uint64_t files, inputs, done, error, skipped, other;
    uint64_t malformed;        /**< lines or rows skipped */
    uint64_t unfinished;       /**< database rows not finished */
    uint64_t without_summary;  /**< JSON Lines files with no summary line */
} cckit_runs_totals;
void cckit_runs_totals_get(const cckit_runs *r, cckit_runs_totals *t);

/** The summary as text, JSON (schemas/json/report.schema.json) or HTML
 *  (one self-contained page with charts); other formats fail.  0, or -1
 *  with errno set (a write error, ENOMEM, EINVAL). */
int cckit_runs_report(const cckit_runs *r, cckit_report_format fmt, FILE *out);
/** The same into path, atomically (as cckit_validation_report_file). */
cckit_status cckit_runs_report_file(const cckit_runs *r, cckit_report_format fmt,
                                    const char *path, volatile sig_atomic_t *cancel,
                                    cckit_error *err);
/** Write every record once, sorted by input path then index, each line
 *  verbatim, then a summary line recomputed from them ("merged": the
 *  number of runs read; "seconds" the sum of their summaries'; "shard"
 *  null), into path atomically.  r must have been made with keep_lines
 *  (else CCKIT_E_USAGE); runs of different commands are CCKIT_E_USAGE. */
cckit_status cckit_runs_merge(const cckit_runs *r, const char *path,
                              volatile sig_atomic_t *cancel, cckit_error *err);

/* ------------------------------------------------------------------ */
/* A characterization against an import model (`cckit compare PROFILE  */
/* TARGET`): each statement of the model set against the features of  */
/* the profile.                                                        */

/** How one statement of a model fares against a profile. */
typedef enum cckit_match {
    CCKIT_MATCH = 0,             /**< no cartridge of the profile is concerned */
    CCKIT_MATCH_MISMATCH,        /**< some are: the statement's effect applies */
    CCKIT_MATCH_UNKNOWN          /**< the profile does not record what the
                                      statement needs, or the model is silent
                                      on a feature the profile shows */
} cckit_match;
/** "match", "mismatch", "unknown". */
const char *cckit_match_name(cckit_match m);

/** One statement of a model (or one feature the model is silent on) set
 *  against a profile.  st points into the model; the struct is valid
 *  during the callback only (copy it to keep it). */
typedef struct cckit_model_match {
    char statement[64];     /**< "versions", "thin", "limits.NAME",
                                 "kinds.KIND", "checks.CHECK", "qti.keeps" */
    char feature[300];      /**< what of the profile it was set against:
                                 "1.3.0", "longest_path",
                                 "qti.cc_profile=cc.essay.v0p1", ... */
    cckit_match result;
    cckit_effect effect;    /**< the statement's effect (mismatch) */
    uint64_t cartridges;    /**< provider's cartridges concerned, at least */
    uint64_t cartridges_max;/**< at most (== cartridges when exact; ranges
                                 give bounds from their histogram) */
    char seen[360];         /**< what the profile shows */
    char stated[360];       /**< what the model states */
    char message[1024];     /**< plain language */
    const cckit_model_statement *st; /**< source, says, fix, line; NULL when
                                          the model is silent */
} cckit_model_match;
typedef void (*cckit_model_match_fn)(void *ctx, const cckit_model_match *m);

/** Call fn once for each statement of m as it applies to the cartridges
 *  characterized by p (versions seen, Thin CC, each limit against the
 *  profile's range of the same fact, each kind, each check through the
 *  features that show it, the QTI types seen against qti.keeps), and for
 *  each version or kind the profile shows and the model is silent on
 *  (unknown).  Returns the number of mismatches.  Neither p nor m is
 *  changed; thread-safe for different contexts. */
size_t cckit_profile_compare_model(const cckit_profile *p, const cckit_model *m,
                                   cckit_model_match_fn fn, void *ctx);
/* Diff: semantic differences between two cartridges (doc/diff.md).   */

/** Which part of a cartridge a difference is about. */
typedef enum cckit_diff_group {
    CCKIT_DIFF_CARTRIDGE = 0, /**< version, identifier */
    CCKIT_DIFF_METADATA,      /**< the manifest's LOM metadata */
    CCKIT_DIFF_ORGANIZATION,  /**< items of the organization */
    CCKIT_DIFF_RESOURCES,     /**< resources of the manifest */
    CCKIT_DIFF_FILES,         /**< the package's files, by SHA-256 */
    CCKIT_DIFF_DESCRIPTORS    /**< QTI items, discussion text, LTI and web link URLs */
} cckit_diff_group;

/** One difference.  Strings are the users' names for things: item
 *  titles, resource hrefs, file paths; never generated names. */
typedef struct cckit_diff_change {
    const char *code;        /**< stable, static: "item.moved", "file.changed"
                                  ... (the vocabulary in doc/diff.md) */
    cckit_diff_group group;
    char *subject;           /**< what changed: a title, href or path */
    char *before;            /**< the value in A, or NULL (added) */
    char *after;             /**< the value in B, or NULL (removed) */
    char *file;              /**< where it is: file in B (in A when removed) */
    unsigned line;           /**< 1-based line in file, 0 when unknown */
} cckit_diff_change;

/** Every difference of B against A, grouped in cckit_diff_group order. */
typedef struct cckit_diff {
    char *a, *b;                    /**< the paths compared */
    cckit_cc_version version_a, version_b;
    bool across_versions;           /**< versions differ: type strings are
                                         compared by kind, descriptors by
                                         content, not bytes */
    cckit_diff_change *changes;
    size_t n_changes, cap_changes;
} cckit_diff;

/** Compare the cartridges a and b (archives or folders; each opened
 *  with every import safety rule and lim, NULL = defaults).  Items and
 *  resources are matched by identifier first, then by a stable key
 *  (items: the path of titles from the root; resources: href); files by
 *  path, their contents by SHA-256 (streamed).  *out belongs to the
 *  caller (cckit_diff_free); on failure *out is NULL and err names the
 *  cartridge that could not be read.  Reentrant: one call per thread.
 *  A cartridge zipped with its folder (no manifest at the root, one
 *  shallowest DIR/imsmanifest.xml) is read from that folder, its files
 *  by their names below it, and the move is one change. */
cckit_status cckit_diff_paths(const char *a, const char *b, const cckit_limits *lim,
                              cckit_diff **out, cckit_error *err);
/** Free a diff (NULL is accepted). */
void cckit_diff_free(cckit_diff *d);
/** Stable lower-case name of a group: "cartridge", "metadata", ... */
const char *cckit_diff_group_name(cckit_diff_group g);
/** The diff as text for people (grouped, nothing when same) or as JSON
 *  (schemas/json/diff.schema.json).  0, or -1 on a failed write. */
int cckit_diff_write(const cckit_diff *d, cckit_report_format fmt, FILE *out);

/* ------------------------------------------------------------------ */
/* Minimise: an anonymised copy that keeps the structure and findings. */

typedef struct cckit_minimise_options {
    cckit_limits limits;     /**< for reading the input */
    bool force;              /**< replace an existing output */
    const char *key;         /**< key of the identifier and name hashes;
                                  NULL = a random one (output differs
                                  from run to run) */
    const char *schema_dir;  /**< for the validations; NULL = as cckit_validate */
    volatile sig_atomic_t *cancel; /**< this call's cancel token, or NULL:
                                  see "Cancellation" above */
    const char *keep;        /**< NULL, or a finding code (or rule
                                  number, "R23") to keep: the copy is then
                                  shrunk by delta debugging to the
                                  smallest cartridge that still shows it */
    size_t max_tests;        /**< cap on keep's validations; 0 = 2,000 */
} cckit_minimise_options;

void cckit_minimise_options_default(cckit_minimise_options *opt);

/** What cckit_minimise did. */
typedef struct cckit_minimise_result {
    size_t entries_in, entries_out;   /**< files in the input and the output */
    size_t resources_out, items_out;  /**< what the output kept */
    size_t findings_in, findings_out; /**< validator findings of each */
    bool same_findings;               /**< the multisets of (code, rule) agree */
    cckit_diags lost;                 /**< one info per (code, rule) whose
                                           count differs: message says
                                           "input N, output M" */
    /* with opt->keep: */
    bool keep_missing;                /**< the input does not show it:
                                           nothing written */
    bool keep_lost;                   /**< the anonymised copy does not
                                           show it: the copy is written
                                           unshrunk */
    bool keep_capped;                 /**< max_tests reached (or a cancel):
                                           the smallest found so far */
    size_t tests;                     /**< candidates validated */
    size_t parts_in, parts_out;       /**< resources + items + files no
                                           resource lists, before and after */
    size_t resources_in, items_in;    /**< of the input */
} cckit_minimise_result;

/** Write to out an anonymised copy of the cartridge in: the manifest
 *  and descriptors keep their elements, attributes, kinds, type strings
 *  and link forms; titles, text, identifiers, file and folder names and
 *  external hosts are replaced consistently (keyed hash, same character
 *  classes, case and length, extensions kept); pages keep only their
 *  markup; media become tiny placeholders of the same type.  Input and
 *  output are validated and their findings compared (result): a
 *  difference is reported, never hidden; the output is still written.
 *  The output is written atomically and never replaces the input; a
 *  cancel (opt->cancel) or a failure leaves no output and no temporary.
 *  With opt->keep, the input must show that finding (else keep_missing,
 *  and nothing is written); the copy is then shrunk (delta debugging
 *  over its resources, items and unlisted files, each candidate written
 *  beside out and validated) to the smallest that still shows it.
 *  *res is the caller's (cckit_minimise_result_free), set when the run
 *  got started.  Reentrant: one call per thread. */
cckit_status cckit_minimise(const char *in, const char *out,
                            const cckit_minimise_options *opt,
                            cckit_minimise_result **res, cckit_error *err);
void cckit_minimise_result_free(cckit_minimise_result *r);

/* ------------------------------------------------------------------ */
/* Preview: a static, offline site of a cartridge (`cckit preview`).   */

/** What cckit_preview() wrote. */
typedef struct cckit_preview_summary {
    size_t items;         /**< organization items with a page (item-N.html) */
    size_t unreached;     /**< resources no item reaches, directly or as a
                               dependency (res-N.html) */
    size_t files;         /**< cartridge files copied under content/ */
    size_t pages;         /**< HTML pages among them, rewritten */
    size_t broken_links;  /**< local links that name no file of the cartridge */
    size_t questions;     /**< QTI items shown */
} cckit_preview_summary;

/** Options of cckit_preview(). */
typedef struct cckit_preview_options {
    bool force;           /**< replace a non-empty out_dir (atomically) */
    cckit_limits limits;  /**< caps for reading the cartridge */
    volatile sig_atomic_t *cancel; /**< this call's cancel token, or NULL:
                                        see "Cancellation" */
    cckit_preview_summary *summary; /**< filled on success; may be NULL */
} cckit_preview_options;

/** Defaults: no force, default limits. */
void cckit_preview_options_default(cckit_preview_options *opt);

/** Write a static, offline site of the cartridge `in` (archive or
 *  folder, CC 1.0-1.4 and Thin) into the folder out_dir: index.html (the
 *  outline as a tree, then the resources no item reaches, beside a pane),
 *  one generated page per item (item-N.html) and per unreached resource
 *  (res-N.html; a dependency of a reached resource is reached),
 *  preview.css, and the cartridge's own files under
 *  content/ (at their package paths, which the source already checked).
 *  Web content is shown in <iframe sandbox> (no allow-scripts) and every copied HTML page
 *  gets a Content-Security-Policy <meta> first in its <head>: its scripts
 *  never run and nothing is fetched from the network.  Link forms
 *  ($IMS-CC-FILEBASE$, $CANVAS_OBJECT_REFERENCE$, $WIKI_REFERENCE$) are
 *  resolved and local links that name no file are marked broken.  QTI is
 *  shown as questions with the correct answers and feedback marked.
 *  All cartridge text is escaped.
 *
 *  The site is written into a temporary folder beside out_dir and renamed
 *  to it at the end; links are never followed.  An out_dir that exists
 *  and is not empty is refused (CCKIT_E_IO, err->fix CCKIT_FIX_FORCE)
 *  unless opt->force, which replaces it atomically.  On any failure (an
 *  unreadable or unsafe cartridge, a limit, cancellation) nothing is left
 *  behind and out_dir is as it was.  The files written (pages and
 *  copies) are held to opt->limits.max_entries (CCKIT_E_LIMIT).  opt may
 *  be NULL (defaults).
 *  Threads: as every call (one cartridge, one thread). */
cckit_status cckit_preview(const char *in, const char *out_dir,
                           const cckit_preview_options *opt, cckit_error *err);

/* ------------------------------------------------------------------ */
/* Batch: many cartridges in worker processes, resumable, shardable    */
/* (doc/batch.md).  The library finds the inputs, runs a caller's job  */
/* on each in pre-forked worker processes, and keeps the state store; */
/* what a job does and how records are shown is the caller's.         */

/** A list of inputs, in the order given and discovered. */
typedef struct cckit_batch_inputs {
    char **paths;
    size_t n, cap;
} cckit_batch_inputs;

void cckit_batch_inputs_init(cckit_batch_inputs *in);
/** Free the paths (the struct itself is the caller's). */
void cckit_batch_inputs_free(cckit_batch_inputs *in);
/** Add path: a file as it is; a folder holding imsmanifest.xml as one
 *  input; any other folder: its *.imscc and *.zip files and cartridge
 *  folders in byte order of their names, and with recurse its other
 *  folders likewise (links to folders are not followed; at most 32
 *  levels).  A folder in which nothing is found is added itself, so that
 *  the command says why it is no cartridge; so is a path that does not
 *  exist.  CCKIT_E_IO (a folder that cannot be read), CCKIT_E_NOMEM; err
 *  filled. */
cckit_status cckit_batch_inputs_add(cckit_batch_inputs *in, const char *path, bool recurse,
                                    cckit_error *err);
/** cckit_batch_inputs_add for each line of f (one path a line; empty
 *  lines skipped, a trailing CR dropped; lines of at most 4095 bytes). */
cckit_status cckit_batch_inputs_read(cckit_batch_inputs *in, FILE *f, bool recurse,
                                     cckit_error *err);
/** Parse a shard "K/N", 1 <= K <= N <= 1000000. */
bool cckit_batch_shard_parse(const char *s, unsigned *k, unsigned *n);
/** Whether the input named path is in shard k of n: FNV-1a (64 bits) of
 *  the path string, modulo n, is k - 1.  The same on every machine, so
 *  that shards 1..n are disjoint and their union is every input. */
bool cckit_batch_in_shard(const char *path, unsigned k, unsigned n);
/** SHA-256 of a file's bytes as 64 lowercase hex digits.  CCKIT_E_IO
 *  (a folder too), err filled. */
cckit_status cckit_batch_sha256_file(const char *path, char hex[65], cckit_error *err);

/** A finding code and how often it occurs in one input. */
typedef struct cckit_batch_code {
    char *code;
    size_t n;
} cckit_batch_code;

/** One finished input: the fields of a JSON Lines "cartridge" record
 *  (the contract is in doc/batch.md and
 *  schemas/json/batch-record.schema.json). */
typedef struct cckit_batch_record {
    const char *command;    /**< "validate", "convert", ... (static) */
    const char *input;      /**< the input path as given or discovered */
    size_t index;           /**< 0-based position in the whole input list */
    const char *status;     /**< "done" | "error" | "skipped" (static) */
    char reason[256];       /**< why error/skipped, "" otherwise */
    const char *verdict;    /**< the command's verdict (static), or NULL */
    const char *version;    /**< "1.3" ... (static), or NULL */
    const char *producer;   /**< "canvas" ... (static), or NULL */
    int64_t size;           /**< bytes of the input file, -1 unknown */
    char sha256[65];        /**< hex of the input file, "" for a folder */
    size_t counts[3];       /**< findings by cckit_severity */
    cckit_batch_code *codes;/**< findings by code, in first-seen order */
    size_t n_codes, cap_codes;
    double seconds;         /**< time spent on this input */
    char *result;           /**< malloc'd JSON document of the command for
                                 this input (any layout), or NULL */
} cckit_batch_record;

/** Empty record of status "done" for input number index. */
void cckit_batch_record_init(cckit_batch_record *r, const char *command, const char *input,
                             size_t index);
/** Free the codes and the result; the record is empty again. */
void cckit_batch_record_clear(cckit_batch_record *r);
/** Count n more of a code; false when out of memory. */
bool cckit_batch_record_add_code(cckit_batch_record *r, const char *code, size_t n);
/** Count the codes of every diagnostic of d; false when out of memory. */
bool cckit_batch_record_add_diags(cckit_batch_record *r, const cckit_diags *d);
/** The record as one JSON Lines line (no newline; malloc'd, the
 *  caller's): the result document is embedded compact.  CCKIT_E_NOMEM;
 *  CCKIT_E_USAGE when r->result is not JSON. */
cckit_status cckit_batch_record_line(const cckit_batch_record *r, char **line,
                                     cckit_error *err);

/** How cckit_batch_run runs. */
typedef struct cckit_batch_options {
    unsigned jobs;           /**< worker processes (>= 1) */
    double timeout;          /**< seconds one input may take, 0 = no limit */
    uint64_t memory_limit;   /**< address space of a worker (bytes), 0 = no limit */
    const char *command;     /**< the records' "command" */
    volatile sig_atomic_t *cancel; /**< set (by a signal handler) to stop */
} cckit_batch_options;

/** Runs in a worker process: fill r for r->input (status, reason,
 *  verdict, version, producer, counts, codes, result); the pool fills
 *  size, sha256 and seconds.  Return CCKIT_OK, or CCKIT_E_NOMEM when
 *  memory ran out (the record then says the memory limit was reached). */
typedef cckit_status (*cckit_batch_job_fn)(void *ctx, cckit_batch_record *r);
/** Runs in the calling process as each input finishes: its position in
 *  the list given to cckit_batch_run and its record line (no newline;
 *  valid during the call).  Putting results back in list order is the
 *  caller's (it may stream them as they come).  Non-zero stops the run. */
typedef int (*cckit_batch_done_fn)(void *ctx, size_t pos, const char *line, size_t len);

/** Run job on the n inputs (index[i]: input i's "index"; NULL = i) in
 *  o->jobs worker processes, forked once and each given many inputs (so
 *  that what a job compiles once, the schemas, stays compiled).  A worker
 *  that crashes, hits o->memory_limit or runs past o->timeout (then it is
 *  killed) yields an "error" record for its input with the reason, and
 *  a new worker takes its place.  When *o->cancel becomes non-zero no input is started,
 *  the running workers are killed and their inputs get no record; CCKIT_OK
 *  is returned (check the token).  Workers have stdin and stdout on
 *  /dev/null.  Not thread-safe: it forks and waits for its children.
 *  Errors: CCKIT_E_IO (a pipe or fork failed, done() stopped it),
 *  CCKIT_E_NOMEM; err filled.  Test hook: $CCKIT_TEST_WORKER_FAULT =
 *  "crash:NAME", "hang:NAME" or "oom:NAME" (comma-separated) makes the
 *  worker crash, hang or exhaust memory on an input whose last path
 *  component is NAME (doc/batch.md). */
cckit_status cckit_batch_run(const char *const *inputs, const size_t *index, size_t n,
                             const cckit_batch_options *o, cckit_batch_job_fn job,
                             void *job_ctx, cckit_batch_done_fn done, void *done_ctx,
                             cckit_error *err);

/** The state store of a batch (--state): an SQLite database, schema in
 *  doc/batch.md.  One handle, one thread. */
typedef struct cckit_batch_state cckit_batch_state;

/** Open or create the store at path for command with options (the
 *  options that change results, as a canonical string).  A store made by
 *  another command or other options is refused (CCKIT_E_USAGE, saying
 *  which) so that no result is reused silently.  CCKIT_E_IO when the file
 *  is no database of ours or cannot be written. */
cckit_status cckit_batch_state_open(const char *path, const char *command, const char *options,
                                    cckit_batch_state **out, cckit_error *err);
void cckit_batch_state_close(cckit_batch_state *s);
/** The recorded line of input path (malloc'd into *line) when its record
 *  is "done" and the file is unchanged: the same size and modification
 *  time, or else the same SHA-256.  *line NULL when there is none.  The
 *  line is verbatim, but for its "index", set to index when the input
 *  list changed since. */
cckit_status cckit_batch_state_lookup(cckit_batch_state *s, const char *path, size_t index,
                                      char **line, cckit_error *err);
/** Record a finished input (its record line), in one transaction. */
cckit_status cckit_batch_state_put(cckit_batch_state *s, const char *path, size_t index,
                                   const char *line, size_t len, cckit_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CCKIT_H */
