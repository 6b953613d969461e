/*
 * tempfile.h - temporary files and folders beside an output, their
 * clean-up after a killed run.  Internal (used by
 * archive_writer.c and unpack.c; pack and convert may use it too).
 *
 * A temporary is named PREFIX + 6 random [A-Za-z0-9] characters, e.g.
 * ".course.imscc.cckit-tmp-Xa81Qz" beside course.imscc, and is kept
 * flock()ed (LOCK_EX) by the run that owns it.  A run that finds such a
 * name unlocked (a killed run's leftover: the kernel drops the lock with
 * the process) removes it.  No clock is consulted: a creator that loses
 * the race between its create and its lock simply picks another name.
 */
#ifndef CCKIT_TEMPFILE_H
#define CCKIT_TEMPFILE_H

#include "base/internal.h"

#define CCKIT_TMP_TAG ".cckit-tmp-"

/* The PREFIX of the temporaries beside the file or folder `name` (a
 * base name): "." name CCKIT_TMP_TAG, with name cut at a UTF-8
 * character boundary so that PREFIX + 6 fits NAME_MAX.  The same name
 * always gives the same prefix (the stale clean-up finds it); the random
 * suffix keeps each temporary unique.  out has NAME_MAX + 1 bytes. */
void cckit_tmp_prefix(const char *name, char *out);

/* Create a regular file PREFIX + suffix in dirfd (O_CREAT|O_EXCL|
 * O_NOFOLLOW, mode 0600), locked; name receives its name (size >=
 * strlen(prefix) + 7).  Returns the fd (O_RDWR|O_CLOEXEC) or -1 with
 * errno set. */
int cckit_tmp_create_file(int dirfd, const char *prefix, char *name, size_t size);

/* Create a folder PREFIX + suffix in dirfd (mode 0700) and open it
 * (O_DIRECTORY|O_NOFOLLOW), locked.  Returns the fd or -1 with errno. */
int cckit_tmp_create_dir(int dirfd, const char *prefix, char *name, size_t size);

/* Remove the leftovers PREFIX + 6 characters in dirfd that no live run
 * holds (not locked): files
 * are unlinked, folders removed recursively (never following a link).
 * Returns how many were removed. */
unsigned cckit_tmp_clean_stale(int dirfd, const char *prefix);

/* Remove name in dirfd: a file or link is unlinked, a folder emptied
 * recursively and removed; links are never followed.  0 or -1 (errno). */
int cckit_rm_tree_at(int dirfd, const char *name);

#endif /* CCKIT_TEMPFILE_H */
