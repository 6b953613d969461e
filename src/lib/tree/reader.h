/* reader.h - the manifest reader's state, shared by its SAX handlers
 * (manifest_reader.c) and the helpers below them (reader_base.c:
 * stopping, findings, attributes, identifiers).  Internal. */
#ifndef CCKIT_READER_H
#define CCKIT_READER_H

#include "base/internal.h"
#include "xml/xml_doc.h"
#include <libxml/parser.h>

#define CPX_SUFFIX "imscp_extensionv1p2"
#define MAX_TEXT (64 * 1024)     /* longest title/description kept */
#define MAX_SAME_ODDITY 50       /* then one summary line per code */

/* The element and attribute names the reader looks for.  SAX2 hands
 * every name over as a string of the parser's dictionary, so each is
 * interned there once (as the parse starts, into reader.nm) and then compared by pointer: a
 * 9 MB manifest has 120,000 elements, and comparing their names as
 * strings was the reader's largest cost. */
#define READER_NAMES(X)                                                          \
    X(manifest) X(metadata) X(organizations) X(organization) X(resources)       \
    X(resource) X(item) X(title) X(file) X(dependency) X(variant) X(schema)      \
    X(schemaversion) X(authorizations) X(authorization) X(cartridgeId)           \
    X(webservice) X(cartridge_basiclti_link) X(webLink) X(topic)                 \
    X(questestinterop) X(assignment) X(lom) X(general) X(string) X(langstring)   \
    X(description) X(keyword) X(language) X(rights) X(educational)               \
    X(intendedEndUserRole) X(context) X(source) X(value)                         \
    X(curriculumStandardsMetadataSet) X(identifier) X(identifierref)             \
    X(isvisible) X(parameters) X(type) X(href) X(base) X(intendeduse)            \
    X(protected) X(access) X(import) X(structure) X(version)

#define NAME_ENUM(n) N_##n,
#define NAME_TEXT(n) #n,
typedef enum name_id { READER_NAMES(NAME_ENUM) N_COUNT } name_id;
extern const char *const mr_names[N_COUNT];

/* s is the name n (s: a name from the parser, or NULL). */
#define IS(s, n) ((const xmlChar *)(s) == r->nm[N_##n])

/* What an open element is, as far as the tree cares. */
typedef enum elem {
    E_OTHER = 0,
    E_MANIFEST,
    E_METADATA,        /* manifest-level <metadata> */
    E_SCHEMA,
    E_SCHEMAVERSION,
    E_LOM,             /* manifest-level LOM record and everything in it */
    E_ORGANIZATIONS,
    E_ORGANIZATION,
    E_ITEM,
    E_TITLE,           /* <title> of an item or organization */
    E_RESOURCES,
    E_RESOURCE,
    E_RES_METADATA,    /* <metadata> of a resource */
    E_FILE,
    E_DEPENDENCY,
    E_VARIANT,
    E_EMBEDDED,        /* inline descriptor inside a CC 1.3 resource */
    E_AUTHORIZATIONS,
    E_AUTHORIZATION,
    E_AUTH_CARTRIDGEID,
    E_AUTH_WEBSERVICE,
    E_SKIP             /* foreign subtree: ignored */
} elem;

typedef struct frame {
    elem kind;
    const xmlChar *local;   /* interned by the parser's dictionary */
    cckit_item *item;       /* E_ITEM */
} frame;

/* Which text is being collected, and where it goes. */
typedef enum capture {
    CAP_NONE = 0,
    CAP_SCHEMA,
    CAP_SCHEMAVERSION,
    CAP_LOM_TITLE,
    CAP_LOM_DESCRIPTION,
    CAP_LOM_LANGUAGE,
    CAP_LOM_KEYWORD,
    CAP_LOM_RIGHTS,
    CAP_ITEM_TITLE,
    CAP_ORG_TITLE,
    CAP_AUTH_CARTRIDGEID,
    CAP_AUTH_WEBSERVICE,
    CAP_VOCAB_SOURCE,        /* source of a resource LOM role/context */
    CAP_VOCAB_VALUE
} capture;

struct oddity_count {
    const char *code;
    unsigned n;
};

typedef struct reader {
    cckit_xml_refuser refuser;   /* first: the DTD guard finds it in _private */
    xmlParserCtxtPtr ctxt;
    cckit_manifest *m;
    const cckit_limits *lim;
    cckit_error *err;
    cckit_status status;      /* first fatal problem */
    const xmlChar *cp_ns;     /* namespace of <manifest> */
    const xmlChar *other_ns;  /* the last namespace found not to be it */
    const xmlChar *plain_ns;  /* the last namespace found not XInclude */
    const xmlChar *nm[N_COUNT]; /* READER_NAMES in the parser's dictionary */
    frame *stack;
    unsigned depth;
    capture cap;
    unsigned cap_depth;       /* element depth the capture belongs to */
    cckit_strbuf text;
    cckit_item *cap_item;
    cckit_resource *res;      /* current <resource> */
    cckit_vocab *vocab;       /* open educational/intendedEndUserRole|context */
    unsigned vocab_depth;     /* its element depth */
    cckit_organization *org;  /* current <organization>, if the first */
    cckit_idmap *all_ids;     /* items + resources + organizations */
    bool seen_root;
    bool lom_title_done, lom_desc_done, lom_lang_done, lom_rights_done;
    uint64_t bytes;
    struct oddity_count odd[64];
    size_t n_odd;
} reader;

/* Stop the parse with the first fatal problem (later ones are dropped). */
void mr_stop(reader *r, cckit_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same about a place of the manifest ("FILE: line N: TEXT"), with
 * the cap that was hit if any. */
void mr_stop_at(reader *r, cckit_status st, cckit_limit_id lim, unsigned line,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The line the parser is at (0 before it starts). */
unsigned mr_line(reader *r);
/* A non-fatal finding with its registry code; repeated codes are
 * summarised after MAX_SAME_ODDITY. */
void mr_oddity(reader *r, cckit_severity sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* s copied into the tree's arena (NULL stays NULL; out of memory stops). */
char *mr_adup(reader *r, const char *s);
/* The value of attribute id (ns NULL: unprefixed only; "*": any
 * namespace) in the tree's arena, or NULL. */
char *mr_attr(reader *r, int n, const xmlChar **attrs, name_id id, const char *ns);
/* An identifier: its lexical form and its uniqueness in the manifest. */
void mr_note_id(reader *r, const char *id, const char *what, void *node);
/* s without leading and trailing XML white space, in place. */
char *mr_trim(char *s);

#endif
