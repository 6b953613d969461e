/*
 * record.c - the JSON Lines "cartridge" record of one input (the
 * contract with every reader of a batch's output: doc/batch.md and
 * schemas/json/batch-record.schema.json), and the SHA-256 of an input.
 *
 * jansson writes the line, so the command's own JSON document is parsed
 * and embedded compact whatever layout its writer chose.
 */
#include "base/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cckit_batch_record_init(cckit_batch_record *r, const char *command, const char *input,
                             size_t index)
{
    memset(r, 0, sizeof *r);
    r->command = command;
    r->input = input;
    r->index = index;
    r->status = "done";
    r->size = -1;
}

void cckit_batch_record_clear(cckit_batch_record *r)
{
    for (size_t i = 0; i < r->n_codes; i++)
        free(r->codes[i].code);
    free(r->codes);
    free(r->result);
    r->codes = NULL;
    r->n_codes = r->cap_codes = 0;
    r->result = NULL;
}

bool cckit_batch_record_add_code(cckit_batch_record *r, const char *code, size_t n)
{
    if (code == NULL)
        code = "internal.no-code";
    for (size_t i = 0; i < r->n_codes; i++)
        if (strcmp(r->codes[i].code, code) == 0) {
            r->codes[i].n += n;
            return true;
        }
    if (r->n_codes == r->cap_codes) {
        size_t cap = r->cap_codes ? 2 * r->cap_codes : 16;
        cckit_batch_code *v = realloc(r->codes, cap * sizeof *v);
        if (v == NULL)
            return false;
        r->codes = v;
        r->cap_codes = cap;
    }
    if ((r->codes[r->n_codes].code = strdup(code)) == NULL)
        return false;
    r->codes[r->n_codes++].n = n;
    return true;
}

bool cckit_batch_record_add_diags(cckit_batch_record *r, const cckit_diags *d)
{
    for (size_t i = 0; d != NULL && i < d->n; i++)
        if (!cckit_batch_record_add_code(r, d->v[i].code, 1))
            return false;
    return true;
}

static json_t *str_or_null(const char *s)
{
    return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

cckit_status cckit_batch_record_line(const cckit_batch_record *r, char **line, cckit_error *err)
{
    *line = NULL;
    json_t *result = NULL;
    if (r->result != NULL) {
        json_error_t jerr;
        result = json_loads(r->result, JSON_DECODE_ANY, &jerr);
        if (result == NULL)
            return cckit_fail(err, CCKIT_E_USAGE, "%s: the result is not JSON: %s", r->input,
                              jerr.text);
    }
    bool reason = r->reason[0] != '\0' && strcmp(r->status, "done") != 0;
    json_t *o = json_object(), *counts = json_object(), *codes = json_object();
    bool ok = o && counts && codes;
    ok = ok && json_object_set_new(o, "type", json_string("cartridge")) == 0;
    ok = ok && json_object_set_new(o, "command", json_string(r->command)) == 0;
    ok = ok && json_object_set_new(o, "input", json_string(r->input)) == 0;
    ok = ok && json_object_set_new(o, "index", json_integer((json_int_t)r->index)) == 0;
    ok = ok && json_object_set_new(o, "status", json_string(r->status)) == 0;
    if (reason)
        ok = ok && json_object_set_new(o, "reason", json_string(r->reason)) == 0;
    ok = ok && json_object_set_new(o, "verdict", str_or_null(r->verdict)) == 0;
    ok = ok && json_object_set_new(o, "version", str_or_null(r->version)) == 0;
    ok = ok && json_object_set_new(o, "producer", str_or_null(r->producer)) == 0;
    ok = ok && json_object_set_new(o, "size", r->size >= 0 ? json_integer(r->size)
                                                           : json_null()) == 0;
    ok = ok && json_object_set_new(o, "sha256", str_or_null(r->sha256)) == 0;
    static const char *const sev[3] = { "info", "warning", "error" };   /* cckit_severity */
    for (int s = 2; s >= 0; s--)
        ok = ok && json_object_set_new(counts, sev[s], json_integer((json_int_t)r->counts[s])) == 0;
    for (size_t i = 0; ok && i < r->n_codes; i++)
        ok = json_object_set_new(codes, r->codes[i].code,
                                 json_integer((json_int_t)r->codes[i].n)) == 0;
    ok = ok && json_object_set(o, "counts", counts) == 0;
    ok = ok && json_object_set(o, "codes", codes) == 0;
    /* milliseconds are enough, and keep the line short */
    ok = ok && json_object_set_new(o, "seconds", json_real((double)(long long)(r->seconds * 1000 + 0.5) / 1000)) == 0;
    ok = ok && json_object_set_new(o, "result", result ? result : json_null()) == 0;
    result = NULL;
    if (ok)
        *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(counts);
    json_decref(codes);
    json_decref(o);
    json_decref(result);
    if (*line == NULL)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    return CCKIT_OK;
}

cckit_status cckit_batch_sha256_file(const char *path, char hex[65], cckit_error *err)
{
    hex[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cckit_fail(err, CCKIT_E_IO, "%s: %s", path, strerror(errno));
    /* nettle, as diff's file hashes: one SHA-256 library in cckit */
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        sha256_update(&ctx, (size_t)got, buf);
    int saved = errno;
    close(fd);
    unsigned char md[SHA256_DIGEST_SIZE];
    unsigned len = SHA256_DIGEST_SIZE;
    sha256_digest(&ctx, sizeof md, md);
    if (got < 0)   /* EISDIR for a folder */
        return cckit_fail(err, CCKIT_E_IO, "%s: %s", path, strerror(saved));
    for (unsigned i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return CCKIT_OK;
}
