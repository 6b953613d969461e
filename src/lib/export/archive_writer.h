/*
 * archive_writer.h - write a ZIP archive (.imscc) safely and
 * deterministically.  Internal to libcckit (pack, convert); not installed.
 *
 * Safety
 *  - The archive is written to a temporary file beside TARGET, named
 *    ".TARGETNAME.cckit-tmp-XXXXXX" (created O_EXCL, mode 0600 then 0644,
 *    locked with flock while in use), through our own fd: libzip never
 *    opens a path of its own (it is driven through a write-capable
 *    zip_source_function on that fd, so there is no libzip temp file and
 *    no rename by libzip that could follow a planted symlink).  On commit
 *    the file is fsync'd, renamed onto TARGET (renameat relative to the
 *    folder's fd) and the folder is fsync'd.  A failure, an abort or an
 *    interruption (see cckit_zip_writer_set_cancel) never leaves a truncated TARGET and
 *    never touches an existing TARGET.
 *  - TARGET is replaced only when `force` is true, and only if it is a
 *    regular file: a directory or a symbolic link at TARGET is refused
 *    even with force.
 *  - Stale temporary files of a killed run (same TARGET name, not locked
 *    by a live writer) are removed by cckit_zip_writer_open.
 *  - Entry names are checked with cckit_path_unsafe_reason (no "..",
 *    absolute paths, backslashes, control characters, ...); a name given
 *    twice is refused.
 *
 * Determinism: the same entries and bytes (for entries copied raw, the
 * same compressed bytes: cckit_zip_writer_add_raw) give a byte-identical
 * archive, whatever the order of the add calls: entries are written in
 * byte order of name with "imsmanifest.xml" first; every entry has the same DOS
 * timestamp (1980-01-01 00:00), unix attributes 0100644, no extra fields,
 * no archive comment, deflate level 6 (or stored for already-compressed
 * media, see cckit_zip_is_precompressed, and for empty files); zip64
 * only for entries or archives that need it.  No directory entries are
 * written (folders are implied by the names).
 *
 * Memory: data is streamed at commit time, one entry at a time, in 64 KiB
 * pieces; memory use is independent of the sizes of the entries and grows
 * only by a small record per entry (name + bookkeeping).
 *
 * Every function that fails fills err with a message that names the
 * entry or file involved and, where there is one, the fix.
 */
#ifndef CCKIT_ARCHIVE_WRITER_H
#define CCKIT_ARCHIVE_WRITER_H

#include "base/internal.h"

typedef struct cckit_zip_writer cckit_zip_writer;

/* Start writing TARGET atomically: creates the temp file beside it.
 * Fails (CCKIT_E_IO) if TARGET exists and !force, if TARGET is a
 * directory or a symbolic link, or if its folder does not exist or is not
 * writable (the message names the folder). */
cckit_status cckit_zip_writer_open(const char *target, bool force,
                                   cckit_zip_writer **out, cckit_error *err);

/* Add an entry whose data is streamed from a file on disk at commit time.
 * The file is opened now with O_NOFOLLOW and must be a regular file (not
 * a symlink, device, fifo ...); its device and inode are remembered and
 * checked again when it is reopened at commit (so no fd is held per
 * entry: 20,000 entries need no more than a few fds).  If the file
 * changes size before commit, commit fails. */
cckit_status cckit_zip_writer_add_path(cckit_zip_writer *w, const char *name,
                                       const char *path, cckit_error *err);

/* Add an entry from memory.  The bytes are COPIED (the caller may free
 * buf on return); meant for generated documents such as the manifest.
 * For large data prefer add_path. */
cckit_status cckit_zip_writer_add_buffer(cckit_zip_writer *w, const char *name,
                                         const void *buf, size_t len,
                                         cckit_error *err);

/* Add an entry whose data is streamed from entry e of the open source src
 * at commit time (cckit_stream_*: size caps and CRC are checked while
 * copying; a CRC mismatch makes commit fail).  src must stay open until
 * commit or abort returns.  A directory entry (e->is_dir) is accepted and
 * ignored. */
cckit_status cckit_zip_writer_add_entry(cckit_zip_writer *w, const char *name,
                                        cckit_source *src, const cckit_entry *e,
                                        cckit_error *err);

/* Like add_entry, but entry e of an archive source is copied raw at
 * commit time: its compressed bytes as they are, with its CRC and sizes
 * (no inflate, no deflate), when
 *  - src is an archive and e was read to its end with its CRC checked
 *    (cckit_source_verified: the deflated bytes are not checked again),
 *  - and e is deflated, or stored where the writer stores (empty,
 *    media, 64 KiB or more): a deflated entry keeps its deflate data,
 *    whatever its name or level, so that copying an archive twice gives
 *    the same bytes.
 * Otherwise (a folder, an entry not yet verified, a small stored text)
 * it is add_entry.  The entry still gets this writer's name, timestamp,
 * attributes and fresh local header (no data descriptor, no extra
 * fields); libzip keeps the input's deflate option bits and "version
 * needed" of a raw copy. */
cckit_status cckit_zip_writer_add_raw(cckit_zip_writer *w, const char *name,
                                      cckit_source *src, const cckit_entry *e,
                                      cckit_error *err);

/* Write every entry (byte order of name, imsmanifest.xml first), fsync,
 * rename into place, fsync the folder.  At least one entry is required.
 * On failure nothing is left (the temp file is removed; TARGET untouched).
 * commit never frees w: always release it with cckit_zip_writer_abort,
 * which after a successful commit only frees memory. */
cckit_status cckit_zip_writer_commit(cckit_zip_writer *w, cckit_error *err);

/* A last check of the complete archive, made by commit after the data is
 * on disk and before it is renamed onto the target: check receives the
 * temporary file's path; a non-OK status aborts the commit (the temporary
 * is removed, the target never appears).  pack uses it to validate what
 * it generated, so that a non-conformant cartridge is never written. */
typedef cckit_status (*cckit_zip_check_fn)(const char *tmp_path, void *ctx,
                                           cckit_error *err);
void cckit_zip_writer_set_check(cckit_zip_writer *w, cckit_zip_check_fn check,
                                void *ctx);

/* Stop the commit (failing with "interrupted") once cancel says so;
 * cancel belongs to the calling operation and must outlive the commit.
 * Without it the writer is never cancelled. */
struct cckit_cancel_ctx;
void cckit_zip_writer_set_cancel(cckit_zip_writer *w, const struct cckit_cancel_ctx *cancel);

/* Discard: removes the temp file (if not yet renamed into place) and
 * frees w.  Call it exactly once per writer: after a failed commit, after
 * a successful one (then it only frees), or instead of commit.  NULL is
 * accepted. */
void cckit_zip_writer_abort(cckit_zip_writer *w);

/* Whether NAME's extension (ASCII case-insensitive) marks
 * already-compressed media, written stored: jpg jpeg png gif webp avif
 * heic mp4 m4v mov mkv mp3 m4a aac ogg oga ogv opus webm flac zip imscc
 * gz tgz bz2 xz zst 7z rar jar pdf docx xlsx pptx odt ods odp epub woff
 * woff2 h5p ... */
bool cckit_zip_is_precompressed(const char *name);

#endif /* CCKIT_ARCHIVE_WRITER_H */
