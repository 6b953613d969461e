/*
 * repair.h - `cckit repair`'s library side (src/lib/repair/); not
 * installed.
 *
 * One run: open the cartridge, validate it once, load the manifest as a
 * DOM through the hardened loader, let each fix of the fix table (in
 * table order) edit the DOM and the entry plan, then write every kept
 * entry through the archive writer (deterministic order and timestamps)
 * and validate what was written before it is renamed into place.
 *
 * The fixes work on the DOM, never on a manifest regenerated from the
 * tree, so that what the tree does not model (extensions, metadata)
 * stays as it was.  A fix that would need a guess is not made: it adds a
 * repair.not-repaired finding saying why.
 */
#ifndef CCKIT_REPAIR_H
#define CCKIT_REPAIR_H

#include "base/internal.h"
#include <libxml/tree.h>

/* The run's state, shared by the fixes. */
typedef struct cckit_rp {
    const cckit_repair_options *opt;
    cckit_cartridge *cart;
    cckit_source *src;
    cckit_cc_version version;   /* the manifest's */
    xmlDocPtr doc;              /* imsmanifest.xml, edited in place */
    bool doc_changed;           /* then it is serialised, else copied */
    unsigned char *drop;        /* per source entry: 1 = left out (junk) */
    struct cckit_rp_repl {      /* per source entry: new bytes (xmlFree), or NULL */
        char *buf;
        size_t len;
    } *repl;
    cckit_repair_report *rep;
    bool oom;                   /* an allocation failed where a helper can
                                   only answer "none": the run fails */
    const cckit_validation *vin;/* the input's validation (its findings) */
    xmlDocPtr *ddoc;            /* per source entry: a descriptor a fix edited,
                                   or NULL; written into repl after the fixes */
    char **rename;              /* per source entry: its new name (malloc'ed), or NULL */
    bool move_lao, move_ac;     /* which moves of fix_lao.c are on (--only) */
} cckit_rp;

/* A fix: edits r->doc (setting doc_changed) or r->drop, and lists each
 * change in r->rep->fixes with its row.  Returns CCKIT_OK or a failure
 * of the run (out of memory); a change it declines is a finding, not a
 * failure. */
typedef cckit_status (*cckit_fix_fn)(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* repair_rules.c: the fix table's registry rows (code, what, which
 * validator codes it answers in the clause) and repair.not-repaired. */
extern const cckit_rule cckit_rules_repair[];

/* fix_files.c */
cckit_status cckit_fix_junk(cckit_rp *r, const cckit_rule *row, cckit_error *err);
cckit_status cckit_fix_href_encoding(cckit_rp *r, const cckit_rule *row, cckit_error *err);
cckit_status cckit_fix_file_listed(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* fix_manifest.c */
cckit_status cckit_fix_ids(cckit_rp *r, const cckit_rule *row, cckit_error *err);
cckit_status cckit_fix_type_version(cckit_rp *r, const cckit_rule *row, cckit_error *err);
cckit_status cckit_fix_dangling(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* fix_pages.c */
cckit_status cckit_fix_page_files(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* fix_descriptors.c */
cckit_status cckit_fix_order(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* fix_target.c: fixes a --target model asks for */
cckit_status cckit_fix_target_tf(cckit_rp *r, const cckit_rule *row, cckit_error *err);
cckit_status cckit_fix_target_ids(cckit_rp *r, const cckit_rule *row, cckit_error *err);
/* fix_lti.c */
cckit_status cckit_fix_lti_icon(cckit_rp *r, const cckit_rule *row, cckit_error *err);
/* fix_empty.c */
cckit_status cckit_fix_target_empty(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* fix_lao.c: repair.lao-moved and repair.ac-moved (R41-R43), with the
 * links they would break rewritten (repair.links-rewritten); one
 * function for the three, as a move is made only with its links. */
cckit_status cckit_fix_lao_moves(cckit_rp *r, const cckit_rule *row, cckit_error *err);

/* fix_links.c: the links that planned moves would break. */
typedef struct cckit_rp_moves {
    char *const *to;            /* per source entry: its planned new name, or NULL */
    char *const *into;          /* per source entry: the learning object's folder it moves into */
    const unsigned char *desc;  /* per source entry: 1 = a learning object's descriptor */
    const char *const *names;   /* base names of the moving files, as written and encoded */
    size_t n_names;
} cckit_rp_moves;
typedef struct cckit_rp_relink_one {
    size_t ent;                 /* the file */
    char *buf;                  /* its bytes with the links rewritten (malloc'ed) */
    size_t len;
    unsigned line;              /* the first link rewritten (0: unknown) */
    size_t n_links;             /* different link values rewritten */
    char *example;              /* "old" -> "new" of the first, for the report */
} cckit_rp_relink_one;
typedef struct cckit_rp_relinked {
    cckit_rp_relink_one *v;
    size_t n;
    long blame[2];              /* a link that cannot be rewritten: the moving entries it */
    char why[1024];             /* involves (-1: none) and why; v is then incomplete */
    bool all;                   /* a file that cannot be read: every move is in doubt */
} cckit_rp_relinked;
/* Every page, style sheet and descriptor (mv->desc) whose links the moves
 * change, with its new bytes.  A link that cannot be rewritten stops the
 * run with out->blame set: the caller declines the moves of those
 * entries and asks again.  Only out of memory fails. */
cckit_status cckit_rp_relink(cckit_rp *r, const cckit_rp_moves *mv, cckit_rp_relinked *out,
                             cckit_error *err);
void cckit_rp_relinked_free(cckit_rp_relinked *rl);

/* fix_dom.c: DOM helpers of the fixes. */
/* Whether n is an element of the manifest's (root's) namespace named name. */
bool cckit_rp_is(const cckit_rp *r, xmlNodePtr n, const char *name);
/* The next element after n in document order (depth first), or NULL. */
xmlNodePtr cckit_rp_next(xmlNodePtr n);
/* The file entry a resource's first <file> names (its xml:base
 * applied), or NULL when there is none or it names no file. */
const cckit_entry *cckit_rp_first_file(cckit_rp *r, xmlNodePtr res);
/* The file entry a <file> f of resource res names, or NULL. */
const cckit_entry *cckit_rp_file_entry(cckit_rp *r, xmlNodePtr res, xmlNodePtr f);
/* The next element after n and outside it, or NULL. */
xmlNodePtr cckit_rp_skip(xmlNodePtr n);
/* An attribute's value (no namespace), malloc'ed by libxml2, or NULL. */
char *cckit_rp_attr(xmlNodePtr n, const char *name);
/* The package folder a resource's hrefs are relative to (its xml:base
 * as the validator reads it), malloc'ed; NULL when it is unusable, or
 * out of memory (then r->oom is set). */
char *cckit_rp_res_base(cckit_rp *r, xmlNodePtr res);
/* The identifier of the resource n is in (or NULL). */
const char *cckit_rp_res_id(const cckit_rp *r, xmlNodePtr n);
/* Remove n and the white space before it; frees n. */
void cckit_rp_unlink(xmlNodePtr n);
/* A descriptor's DOM for a fix: the one an earlier fix edited, else
 * read anew through the hardened loader (its lines are the input's);
 * NULL when unreadable (the validator says why), dropped or a folder.
 * *oom on a failure of memory. */
xmlDocPtr cckit_rp_desc(cckit_rp *r, const cckit_entry *e, bool *oom);
/* Hand back a DOM of cckit_rp_desc: kept (and written after the last
 * fix) when changed or edited before, else freed. */
void cckit_rp_desc_done(cckit_rp *r, const cckit_entry *e, xmlDocPtr d, bool changed);
/* Whether a package file name is operating-system litter (fix_files.c). */
bool cckit_rp_is_junk(const char *name);

/* relocate.c: a cartridge whose only manifest is in a folder (in) is
 * written, without that folder in its names, to `staged` in a new
 * private temporary folder `dir` (the caller removes both), and the move
 * is listed in rep.  CCKIT_E_NOMANIFEST when there is no such manifest,
 * several at one depth, or a file (not junk) outside its folder. */
cckit_status cckit_rp_relocate(const char *in, const cckit_repair_options *opt,
                               cckit_repair_report *rep, char *dir, size_t dir_size,
                               char *staged, size_t staged_size, cckit_error *err);

/* Add a finding of a row to a list (severity info, or warning for a
 * loss); false when out of memory. */
bool cckit_rp_add(cckit_diags *d, const cckit_rule *row, bool loss, const char *file,
                  unsigned line, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Add a fix finding (info; loss = warning), message printf-style. */
bool cckit_rp_fix(cckit_rp *r, const cckit_rule *row, bool loss, const char *file,
                  unsigned line, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Add a repair.not-repaired finding: what was not changed and why. */
bool cckit_rp_decline(cckit_rp *r, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* CCKIT_REPAIR_H */
