/* report_result.c - the JSON documents of the commands that have no
 * report of their own: `cckit ls` (the entries of a package), `cckit
 * pack`, and any command that failed before its report could be made
 * (a machine format always gets its document, with the error in it).
 * Diagnostics are written by cckit_json_diag, as everywhere. */
#include "base/internal.h"
#include <inttypes.h>

static const char *method_name(const cckit_source *src, int method, char *buf, size_t cap)
{
    if (!cckit_source_is_archive(src))
        return "file";
    switch (method) {
    case CCKIT_METHOD_STORE: return "stored";
    case CCKIT_METHOD_DEFLATE: return "deflated";
    default:
        snprintf(buf, cap, "method-%d", method);
        return buf;
    }
}

int cckit_ls_write_json(const cckit_source *src, const cckit_diags *d, FILE *out)
{
    size_t n = cckit_source_count(src);
    uint64_t tsize = 0, tcomp = 0;
    size_t files = 0;
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "path", cckit_source_path(src));
    cckit_json_bool(&j, "archive", cckit_source_is_archive(src));
    cckit_json_uint(&j, "size", cckit_source_size(src));
    cckit_json_begin_array(&j, "entries");
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        char meth[24], ratio[32];
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "name", e->name);
        cckit_json_uint(&j, "size", e->size);
        cckit_json_uint(&j, "compressed_size", e->comp_size);
        cckit_json_string(&j, "method", method_name(src, e->method, meth, sizeof meth));
        cckit_json_int(&j, "method_id", e->method);
        /* expansion ratio; null when not meaningful (stored as 0 bytes) */
        if (e->comp_size == 0 && e->size != 0) {
            cckit_json_null(&j, "ratio");
        } else {
            snprintf(ratio, sizeof ratio, "%.3f",
                     e->comp_size ? (double)e->size / (double)e->comp_size : 1.0);
            cckit_json_raw(&j, "ratio", ratio);
        }
        char crc[16];
        snprintf(crc, sizeof crc, "%08" PRIx32, e->crc);
        cckit_json_string(&j, "crc32", crc);
        cckit_json_int(&j, "mtime", e->mtime);
        cckit_json_bool(&j, "dir", e->is_dir);
        cckit_json_end_object(&j);
        tsize += e->size;
        tcomp += e->comp_size;
        files += !e->is_dir;
    }
    cckit_json_end_array(&j);
    cckit_json_begin_object(&j, "total");
    cckit_json_uint(&j, "entries", n);
    cckit_json_uint(&j, "files", files);
    cckit_json_uint(&j, "size", tsize);
    cckit_json_uint(&j, "compressed_size", tcomp);
    cckit_json_end_object(&j);
    cckit_json_begin_array(&j, "diagnostics");
    for (size_t i = 0; d && i < d->n; i++)
        cckit_json_diag(&j, &d->v[i], false);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

int cckit_result_write_json(const char *command, const char *path, const char *output,
                            const cckit_error *err, const cckit_diags *d, FILE *out)
{
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "tool", "cckit");
    cckit_json_string(&j, "tool_version", cckit_version());
    cckit_json_string(&j, "command", command);
    cckit_json_string(&j, "path", path);
    bool ok = !err || err->status == CCKIT_OK;
    if (output) {
        cckit_json_string(&j, "output", output);
        cckit_json_bool(&j, "written", ok);
    }
    cckit_json_bool(&j, "ok", ok);
    cckit_json_error(&j, "error", err);
    cckit_json_begin_array(&j, "diagnostics");
    for (size_t i = 0; d && i < d->n; i++)
        cckit_json_diag(&j, &d->v[i], false);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}
