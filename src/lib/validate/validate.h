/* validate.h - the validator's internal interface: the context every
 * check receives, how a check reports a finding, and the entry points of
 * each family of checks (one file per family).  Not installed. */
#ifndef CCKIT_VALIDATE_H
#define CCKIT_VALIDATE_H

#include "base/internal.h"
#include <libxml/tree.h>

/* What every check sees. */
typedef struct cckit_vctx {
    const cckit_validate_options *opt;
    cckit_validation *out;        /* findings and checked files go here */
    cckit_cartridge *cart;        /* NULL when the package is unreadable */
    const cckit_manifest *m;      /* cart->manifest */
    cckit_source *src;            /* cart->source; NULL for a bare manifest */
    cckit_cc_version version;     /* m->version, or 1.3 when unknown */
    bool strict;
    struct cckit_schema_set *schemas; /* compiled XSDs, shared per process */
    const cckit_rule *const *rules; /* the registry (cckit_rule_tables) */
    struct cckit_site_rules *site;  /* opt->rules compiled, or NULL */
    xmlDocPtr *manifest_doc;      /* not NULL: the XSD pass builds the
                                     manifest's DOM from its read and
                                     hands it over here (convert) */
    uint32_t producer_signs;      /* what the run read shows of its
                                     producer (tree/producer.c) */
    struct cckit_link_prefetch *prefetch; /* pages read ahead, or NULL
                                     (link_prefetch.c) */
} cckit_vctx;

/* ---- findings.c: the report sink ---------------------------------- */
/* Report a finding of rule `code` (which must be in the registry: an
 * unknown code is a programming error and is reported as such).  The
 * severity comes from the registry and the mode; the hint from the
 * registry.  file is package-relative (NULL = imsmanifest.xml). */
void cckit_vreport(cckit_vctx *v, const char *code, const char *file,
                   unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Same, for a finding about a cap of cckit_limits (the diag's limit). */
void cckit_vreport_limit(cckit_vctx *v, const char *code, const char *file, unsigned line,
                         cckit_limit_id limit, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* A failure to read `file` (an error filled by the reader) as finding
 * `code`: line, limit and message come from the error's fields (the
 * message without its "FILE: line N: " prefix when it is about file). */
void cckit_vreport_error(cckit_vctx *v, const char *code, const char *file,
                         const cckit_error *e);

/* Same, with an explicit severity (for findings whose weight depends on
 * the situation, e.g. R21 is an error in 1.0 and a warning later). */
void cckit_vreport_sev(cckit_vctx *v, cckit_severity sev, const char *code,
                       const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Same, severity from the registry and the mode, but with the severity
 * the finding would have in lenient mode given (for a finding that
 * lenient mode weighs by the situation: cckit_diag.lenient_severity). */
void cckit_vreport_lenient(cckit_vctx *v, cckit_severity lenient, const char *code,
                           const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The severity of code in the mode of v (the registry's). */
cckit_severity cckit_vseverity(const cckit_vctx *v, const char *code);

/* A display cap left n findings of code out of the list: one summary
 * line (message fmt) stands for them, and they all count in the totals
 * (the other n - 1 in out->omitted).  sev is their severity. */
void cckit_vreport_omitted(cckit_vctx *v, cckit_severity sev, const char *code, const char *file,
                           unsigned line, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* After every check (one_finding.c): one finding per defect (a fact two
 * checks report at the same place keeps the more specific finding) and
 * at most 100 findings of one code per file. */
void cckit_findings_finish(cckit_vctx *v);

/* The fix hint of rule r for a cartridge of this version (hints_version.c):
 * the registry's, or the one that names that version's own values. */
const char *cckit_hint_for(const cckit_rule *r, cckit_cc_version version);

/* Record a file the validator looked at; returns it for updating (NULL
 * when out of memory, which is then recorded as by cckit_vnomem). */
cckit_checked_file *cckit_vfile(cckit_vctx *v, const char *path, const char *role);

/* The rule of code in the run's registry (v->rules), or NULL.  Checks
 * use this rather than cckit_rule_find, which sits above them. */
const cckit_rule *cckit_vrule(const cckit_vctx *v, const char *code);
/* The rule of code in a NULL-terminated list of tables, or NULL. */
const cckit_rule *cckit_rules_lookup(const cckit_rule *const *tables, const char *code);
/* A check could not do its work for lack of memory: its findings may be
 * missing.  Sticky (v->out->diags.oom); cckit_validate then fails with
 * CCKIT_E_NOMEM instead of returning an incomplete verdict. */
void cckit_vnomem(cckit_vctx *v);
/* cckit_vnomem when st is CCKIT_E_NOMEM, and then true: the caller drops
 * the finding it would have made of the failure. */
bool cckit_vnomem_if(cckit_vctx *v, cckit_status st);

/* ---- rules.c: the registry, assembled from each family's table ---- */
/* Each family defines a table terminated by a row with code == NULL. */
extern const cckit_rule cckit_rules_package[];    /* package_check.c */
extern const cckit_rule cckit_rules_xml[];        /* xsd_check.c */
extern const cckit_rule cckit_rules_manifest[];   /* rules_manifest.c */
extern const cckit_rule cckit_rules_descriptor[]; /* rules_descriptor.c */
extern const cckit_rule cckit_rules_qti[];        /* rules_qti.c */
extern const cckit_rule cckit_rules_links[];      /* link_check.c */
/* All of them, NULL-terminated, in `cckit rules` order (rules.c). */
extern const cckit_rule *const cckit_rule_tables[];

/* ---- safe DOM loading of descriptors and content ----------------- */
#include "import/entry_read.h"

/* ---- validate.c ---------------------------------------------------- */
/* cckit_validate_cartridge that also hands back imsmanifest.xml as a DOM
 * (*doc, the caller's), built by the XSD pass from the read it validates,
 * with the hardened loader's caps (depth, opt->limits.max_xml_elements):
 * convert transforms the manifest it validated, read once.  *doc is NULL
 * when that pass did not build one (no schema for the version, a cap, a
 * parse error): the caller reads the manifest itself, and gets the error. */
cckit_status cckit_validate_cartridge_doc(const cckit_cartridge *cart,
                                          const cckit_validate_options *opt,
                                          cckit_validation **out, xmlDocPtr *doc,
                                          cckit_error *err);

/* ---- the families of checks, in the order validate.c runs them ---- */
/* The manifest against our XSD for its version (xsd_manifest.c). */
void cckit_check_xsd_manifest(cckit_vctx *v);
/* Every descriptor: parse, XSD, then cckit_check_descriptor /
 * cckit_check_qti / cckit_check_descriptor_links (descriptors.c). */
void cckit_check_descriptors(cckit_vctx *v);
/* Web content whose href is a CC descriptor (webcontent_check.c). */
void cckit_check_webcontent_hrefs(cckit_vctx *v);
/* Links of every HTML and CSS file resources list (link_check.c). */
void cckit_check_content_links(cckit_vctx *v);
/* Manifest profile rules R1-R70 over the tree (rules_manifest.c). */
void cckit_check_manifest_rules(cckit_vctx *v);
/* Package: hrefs resolve to entries, unreferenced files, CRCs, case-only
 * mismatches, version mixing (package_check.c). */
void cckit_check_package(cckit_vctx *v);
/* The CRC of every archive entry no other check read to its end
 * (integrity.c); run last, skipped by --quick. */
void cckit_check_integrity(cckit_vctx *v);
/* The same on both cores: _start (at the beginning of the run) starts a
 * worker on the entries no check reads (media), with a reader of its
 * own, or returns NULL when that is not worth a thread (small, quick,
 * a folder); _finish (last) takes from the same queue, joins, and
 * reports everything in entry order, like cckit_check_integrity, which
 * it is with j == NULL.  j is freed. */
typedef struct cckit_integrity_job cckit_integrity_job;
cckit_integrity_job *cckit_integrity_start(cckit_vctx *v);
void cckit_integrity_finish(cckit_vctx *v, cckit_integrity_job *j);
/* One descriptor of a learning application object, already parsed and
 * schema-checked: DT, WL, LTI, assignment rules (rules_descriptor.c)
 * and, for QTI, R71-R91 (rules_qti.c). */
void cckit_check_descriptor(cckit_vctx *v, const cckit_resource *r,
                            const char *entry, xmlDocPtr doc);
void cckit_check_qti(cckit_vctx *v, const cckit_resource *r,
                     const char *entry, xmlDocPtr doc);
/* Links in HTML content and descriptor text (link_check.c): of an HTML
 * DOM (the pages themselves are read by cckit_check_content_links,
 * without one), and of each parsed descriptor. */
void cckit_check_html_links(cckit_vctx *v, const char *entry, xmlDocPtr html);
void cckit_check_descriptor_links(cckit_vctx *v, const cckit_resource *r,
                                  const char *entry, xmlDocPtr doc);
/* Free the calling thread's table of LAO folders that those checks
 * build (a thread that ran them ends with this). */
void cckit_links_release(void);

/* ---- schema_message.c: libxml2's schema error texts, plain -------- */
/* Rewrite raw ("Element '{ns}x': This element is not expected. ...") into
 * plain language naming the element, what is wrong and what may stand
 * there; parent is the local name of the enclosing element or NULL. */
void cckit_schema_message(const char *raw, const char *parent, char *buf, size_t cap);

/* ---- schema_set.c: our schemas/ folder, compiled once per process -- */
#include <libxml/xmlschemas.h>
typedef struct cckit_schema_set cckit_schema_set;
/* The folder used: given, else $CCKIT_SCHEMA_DIR, else CCKIT_SCHEMADIR. */
const char *cckit_schema_dir_default(const char *given);
/* The process-wide set of that folder (read index.tsv, register the
 * folder with cckit_xml_allow_dir).  Owned by the library. */
cckit_status cckit_schema_set_open(const char *dir, cckit_schema_set **out, cckit_error *err);
const char *cckit_schema_set_dir(const cckit_schema_set *s);
/* The XSD (relative to the folder) for a document of a cartridge of
 * version v with this root namespace and local name, or NULL; *kind gets
 * the index's kind ("manifest", "qti", ...) when kind is not NULL. */
const char *cckit_schema_pick(const cckit_schema_set *s, cckit_cc_version v, const char *ns,
                              const char *root, const char **kind);
/* The manifest XSD of a version, or NULL. */
const char *cckit_schema_manifest_xsd(const cckit_schema_set *s, cckit_cc_version v);
/* The compiled schema (compiled at most once); NULL + err if our schema
 * does not compile (an internal error). */
xmlSchemaPtr cckit_schema_get(cckit_schema_set *s, const char *xsd, cckit_error *err);
/* Free every set (at exit, for leak checkers). */
void cckit_schema_sets_cleanup(void);

/* ---- helpers shared by checks ------------------------------------- */
/* dom_util.c: small DOM helpers for the descriptor and QTI rules. */
/* Value of the unprefixed attribute name: NULL if absent, "" if it is
 * not one plain text node. */
const char *cckit_dom_attr(xmlNodePtr n, const char *name);
/* Line of a node, 0 when unknown. */
unsigned cckit_dom_line(xmlNodePtr n);
/* True if s holds real HTML markup (dom_util.c), not prose naming a tag. */
bool cckit_text_looks_html(const char *s);

/* href.c: hrefs as URI references, and the link table and CSS scanner
 * shared with pack (content/). */
#include "content/href.h"
#include "content/html_deps.h"
#include "content/html_charset.h"
/* cckit_href_resolve_ex for a check: CCKIT_HREF_NOMEM is recorded with
 * cckit_vnomem (findings.c). */
cckit_href_status cckit_vresolve(cckit_vctx *v, const char *base_dir, const char *href,
                                 unsigned flags, char **out);

/* ---- link_prefetch.c: the links of pages read while the tree is read */
/* cckit_validate(path) starts it once the package's index is read
 * (_start: a thread and a reader of its own, an archive with pages only,
 * else NULL); the link pass, run on its reader (_source) after _wait,
 * replays the pages kept (_replay: fn called for each link, elem and
 * attr NULL, in the order cckit_page_links gave them; *status and, for a
 * failure, err's status, message and limit as it gave them; false for a
 * page not read ahead: the pass reads it).  _free stops the thread
 * between pages, joins it and closes its reader.  One thread uses a
 * prefetch at a time: the one that waited for it.  _take_reader: a
 * second reader of the package, its archive opened on that thread before
 * the pages (the descriptor pass's), now the caller's, or NULL; it waits
 * until the thread made it. */
typedef struct cckit_link_prefetch cckit_link_prefetch;
cckit_link_prefetch *cckit_link_prefetch_start(const cckit_source *src, const cckit_limits *lim);
void cckit_link_prefetch_wait(cckit_link_prefetch *p);
cckit_source *cckit_link_prefetch_source(const cckit_link_prefetch *p);
bool cckit_link_prefetch_replay(const cckit_link_prefetch *p, size_t idx, cckit_page_link_fn fn,
                                void *ctx, cckit_status *status, cckit_error *err);
void cckit_link_prefetch_free(cckit_link_prefetch *p);
cckit_source *cckit_link_prefetch_take_reader(cckit_link_prefetch *p);
/* A name of a page the link pass reads (.html, .htm). */
bool cckit_link_is_page_name(const char *name);

/* ---- package_check.c: called by cckit_check_descriptors ----------- */
/* NOTE for descriptors.c: call this right after parsing each descriptor
 * (entry = its package path, doc = its DOM): it checks that the root
 * element and namespace fit the resource type (package.descriptor-root)
 * and the manifest's version (package.descriptor-version). */
void cckit_check_descriptor_root(cckit_vctx *v, const cckit_resource *r,
                                 const char *entry, xmlDocPtr doc);

/* ---- site_rules.c: Schematron site rules (validate --rules) ------- */
typedef struct cckit_site_rules cckit_site_rules;
/* Parse (hardened loader) and compile a Schematron file. */
cckit_status cckit_site_rules_load(const char *path, const cckit_limits *lim,
                                   cckit_site_rules **out, cckit_error *err);
void cckit_site_rules_free(cckit_site_rules *r);
/* Apply to one document: each failed assert a diagnostic "site.ID" on
 * file; returns how many. */
size_t cckit_site_rules_apply(const cckit_site_rules *r, xmlDocPtr doc, const char *file,
                              cckit_diags *d);
/* Apply to the manifest and every descriptor of a cartridge. */
void cckit_site_rules_run(const cckit_site_rules *r, const cckit_cartridge *c,
                          const cckit_limits *lim, cckit_diags *d);

#endif /* CCKIT_VALIDATE_H */
