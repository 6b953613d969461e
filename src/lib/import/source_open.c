/*
 * source_open.c - cckit_source_open(): the dispatcher above the back
 * ends.  It sits in its own file so that source.c (the entry table the
 * back ends fill) never calls the back ends that call it.
 */
#include "import/source.h"
#include "base/probe.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

cckit_status cckit_source_open(const char *path, const cckit_limits *lim,
                               cckit_diags *diags, cckit_source **out,
                               cckit_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !*path || !out)
        return cckit_fail(err, CCKIT_E_USAGE, "cckit_source_open: no path or no result pointer");
    struct stat st;
    if (stat(path, &st) != 0)
        return cckit_fail(err, errno == ENOENT ? CCKIT_E_NOTFOUND : CCKIT_E_IO,
                          "cannot open %s: %s", path, strerror(errno));
    cckit_probe_hit(CCKIT_PROBE_SOURCE_OPEN);
    bool was_incomplete = diags && diags->oom;
    cckit_status s = S_ISDIR(st.st_mode) ? cckit_folder_open(path, lim, diags, out, err)
                                         : cckit_archive_open(path, lim, diags, out, err);
    if (s == CCKIT_OK && diags && diags->oom && !was_incomplete) {
        /* a finding about the names was lost: say so, not OK */
        cckit_source_close(*out);
        *out = NULL;
        s = cckit_fail(err, CCKIT_E_NOMEM, "out of memory reading %s", path);
    }
    return s;
}
