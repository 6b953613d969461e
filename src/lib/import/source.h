/*
 * source.h - the inside of cckit_source: one entry table and a small
 * vtable shared by the archive (libzip) and folder back ends.
 *
 * A back end fills the table with cckit_source_add_entry() (names are
 * copied into one growing buffer), then calls cckit_source_finish(),
 * which fixes the name pointers, builds the sorted indexes, and runs the
 * checks common to both back ends (duplicates, file/directory clashes,
 * case-only collisions, total size caps).  Streams are dispatched by
 * source.c, which caps every read at the entry's declared size and at the
 * per-source total; the back ends only move bytes.
 */
#ifndef CCKIT_SOURCE_H
#define CCKIT_SOURCE_H

#include "base/internal.h"

struct cckit_source_ops {
    /* Release the back end's resources (not the entry table). */
    void (*close)(cckit_source *src);
    /* Open entry number idx for reading; the back end allocates the
     * stream (its struct starts with a struct cckit_stream) and sets its
     * ops; source.c fills in the rest. */
    cckit_status (*stream_open)(cckit_source *src, size_t idx,
                                cckit_stream **out, cckit_error *err);
};

struct cckit_stream_ops {
    /* Raw read: bytes read, 0 at the end of the data, -1 with err set. */
    long (*read)(cckit_stream *s, void *buf, size_t n, cckit_error *err);
    void (*close)(cckit_stream *s);
};

struct cckit_stream {
    const struct cckit_stream_ops *ops;
    cckit_source *src;
    const cckit_entry *entry;
    uint64_t left;      /* declared bytes not yet returned */
    bool done;          /* end reached and checked */
    bool failed;        /* an error was returned: further reads fail */
};

struct cckit_source {
    const struct cckit_source_ops *ops;
    char *path;
    bool is_archive;
    uint64_t size;          /* archive file size; folder: sum of file sizes */
    cckit_limits lim;       /* copy of the caller's limits (or defaults) */
    uint64_t total_cap;     /* effective cap on bytes declared and streamed */
    cckit_limit_id total_cap_limit; /* the limit that sets total_cap */
    uint64_t declared;      /* sum of declared uncompressed sizes */
    uint64_t streamed;      /* bytes returned by all streams so far */

    cckit_entry *entries;   /* in archive order (folders: by name) */
    size_t n, cap;
    size_t *name_off;       /* offsets into names while building */
    char *names;            /* every name, NUL-terminated, back to back */
    size_t names_len, names_cap;
    uint32_t *by_name;      /* entry indexes sorted by strcmp */
    uint32_t *by_nocase;    /* sorted by ASCII case-insensitive compare */
    unsigned char *verified;/* entry read to its end (archive: CRC checked) */

    /* the bytes of one entry read whole (the manifest), kept for the
     * one reader that reads it again (cckit_source_take_kept) */
    char *kept;
    size_t kept_len;
    const cckit_entry *kept_entry;

    /* back end state */
    void *impl;             /* archive: zip_t * */
    struct libdeflate_decompressor *inflater; /* archive: small entries (archive_reader.c) */
    unsigned char *whole_raw;                 /* their raw bytes, buffer kept */
    size_t whole_raw_cap;
    int fd;                 /* folder: fd of the root directory, else -1 */
};

/* Allocate an empty source (fd = -1); NULL on OOM. */
cckit_source *cckit_source_new(const char *path, bool is_archive,
                               const cckit_limits *lim);
/* Archive back end: set the archive file size, from which the total cap
 * is computed (ratio x max(size, 1 MiB), and max_total_size if set). */
void cckit_source_set_archive_size(cckit_source *src, uint64_t size);
/* Append an entry (the name is copied); e->name is ignored.  Checks the
 * name with cckit_path_unsafe_reason and the per-entry size caps; for
 * folders also the running total (archives check the total in finish,
 * so that the message can give the whole declared size). */
cckit_status cckit_source_add_entry(cckit_source *src, const char *name,
                                    const cckit_entry *e, cckit_error *err);
/* Fix names, build indexes, check duplicates and collisions (warnings go
 * to diags with code prefix diag_prefix, e.g. "zip"), check total caps. */
/* import_rules.c: the registry rows of the readers' findings about
 * entry names, terminated by a row with code == NULL. */
extern const cckit_rule cckit_rules_import[];

cckit_status cckit_source_finish(cckit_source *src, cckit_diags *diags,
                                 const char *diag_prefix, cckit_error *err);

/* Give dst (a second reader of the same archive file, cckit_archive_reopen,
 * empty) the entry table of from, which cckit_source_finish built and
 * checked: the same entries, names and indexes, none verified yet. */
cckit_status cckit_source_copy_table(cckit_source *dst, const cckit_source *from,
                                     cckit_error *err);

/* Keep bytes (malloc'ed, len bytes: all of entry e, read to its end and
 * checked) in src, which takes them; they replace any kept before. */
void cckit_source_keep(cckit_source *src, const cckit_entry *e, char *bytes, size_t len);
/* The kept bytes of e, now the caller's (free()), or NULL: the manifest's
 * second reader (the streamed schema check) reads them rather than
 * inflating the entry again. */
char *cckit_source_take_kept(cckit_source *src, const cckit_entry *e, size_t *len);

/* Copy name into buf for a message: control bytes, and every byte >= 0x80
 * when name is not valid UTF-8, as \xNN; long names shortened with "...".
 * Returns buf. */
const char *cckit_name_esc(const char *name, char *buf, size_t size);
#define CCKIT_ESC_SIZE 320

/* "1.5 GiB", "12 bytes", ... */
const char *cckit_size_str(uint64_t n, char *buf, size_t size);

/* True if an entry has been read to its end by some stream (in an
 * archive libzip then checked its CRC): the integrity pass need not read
 * it again. */
bool cckit_source_verified(const cckit_source *src, const cckit_entry *e);

/* Mark e read to its end at its declared size, CRC checked (on OOM the
 * mark is lost: the entry is only read again). */
void cckit_source_mark_verified(cckit_source *src, const cckit_entry *e);

/* Count n more bytes of entry e returned by src; CCKIT_E_LIMIT (in err)
 * once the source's total cap is passed. */
cckit_status cckit_source_count_streamed(cckit_source *src, const cckit_entry *e,
                                         uint64_t n, cckit_error *err);

/* Mark in dst every entry that other (a reader of the same archive,
 * cckit_archive_reopen) has read to its end. */
void cckit_source_merge_verified(cckit_source *dst, const cckit_source *other);

/* archive_reader.c: the libzip archive of an archive source and the index
 * of entry e in it (the entry table is in archive order), for a copy of
 * the entry's compressed bytes (export's raw entries); NULL for a folder
 * source, an entry not of src, or a second reader whose handle cannot be
 * opened (its streams then say why).  The archive belongs to src: a
 * second reader's is opened here on first use, by the thread that owns
 * that reader. */
struct zip;
struct zip *cckit_archive_zip(const cckit_source *src, const cckit_entry *e,
                              uint64_t *index);
/* The failure of zip_fopen_index on entry e of za (za's error, then
 * cleared), or of a read of it (ze: the file's error), in err, in the
 * words every reader of an entry uses; returns the status. */
struct zip_error;
cckit_status cckit_archive_open_error(struct zip *za, const cckit_entry *e, cckit_error *err);
cckit_status cckit_archive_read_error(const cckit_entry *e, struct zip_error *ze,
                                      cckit_error *err);

/* entry_verify.c: every byte of an entry read once and its CRC-32
 * checked, by large reads of its raw data (archives), for the integrity
 * pass.  A verifier holds the buffers and inflater of one thread. */
typedef struct cckit_verifier cckit_verifier;
/* NULL on OOM. */
cckit_verifier *cckit_verifier_new(void);
void cckit_verifier_free(cckit_verifier *vf);
/* Read e to its end; CCKIT_OK (and e marked verified) when its data has
 * its declared size and CRC, else the failure in err, in the words of a
 * stream's read (cckit_stream_read) of the same defect.  A folder's file
 * is only read to its end, as a stream would. */
cckit_status cckit_entry_verify(cckit_verifier *vf, cckit_source *src, const cckit_entry *e,
                                cckit_error *err);

/* Back ends. */
/* A second reader of the same open archive file, for another thread. */
cckit_status cckit_archive_reopen(const cckit_source *src, cckit_source **out,
                                  cckit_error *err);
cckit_status cckit_archive_open(const char *path, const cckit_limits *lim,
                                cckit_diags *diags, cckit_source **out,
                                cckit_error *err);
cckit_status cckit_folder_open(const char *path, const cckit_limits *lim,
                               cckit_diags *diags, cckit_source **out,
                               cckit_error *err);

/* sniff.c: a regular file holding XML (a bare imsmanifest.xml),
 * whatever its name; false for folders, archives and anything else. */
bool cckit_path_is_bare_xml(const char *path);

/* cartridge.c: cckit_cartridge_open in two steps.  The first opens the
 * package and finds its manifest (a bare manifest: reads it); the second
 * reads the manifest into the tree, and on failure frees *cart and sets
 * it to NULL.  Between them a caller may read entries through a reader
 * of its own (cckit_archive_reopen), never through c->source. */
cckit_status cckit_cartridge_open_source(const char *path, const cckit_limits *lim,
                                         cckit_cartridge **out, cckit_error *err);
cckit_status cckit_cartridge_open_manifest(cckit_cartridge **cart, const cckit_limits *lim,
                                           cckit_error *err);

/* cartridge.c: the producer signs (tree/producer.c) of an open cartridge
 * that need no read: its manifest's and its entry names'. */
uint32_t cckit_cartridge_producer_signs(const cckit_cartridge *cart);

#endif /* CCKIT_SOURCE_H */
