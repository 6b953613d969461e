/* runs_read.c - one run record from its JSON text, and a JSON Lines file
 * of records.  Only the fields a summary counts are kept; unknown fields
 * and unknown line types are ignored (a newer batch may add them).  A
 * line that is not a record is a problem with its file and line, then
 * skipped: never a failure of the whole file, unless no line at all is
 * one (then it is not a run). */
#include "config.h"
#include "report/runs.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *dup_str(json_t *o, const char *key, bool *oom)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return NULL;
    char *s = strdup(json_string_value(v));
    if (!s)
        *oom = true;
    return s;
}

static double get_num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    double d = json_is_number(v) ? json_number_value(v) : 0;
    return d > 0 && d < 1e12 ? d : 0;   /* NaN and negatives count as 0 */
}

static uint64_t get_count(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) && json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v) : 0;
}

/* The summary line: what it says, for the checks and the merge. */
static void take_summary(run_file *f, json_t *o, bool *oom)
{
    f->has_summary = true;
    f->summary_inputs = get_count(o, "inputs");
    f->summary_seconds = get_num(o, "seconds");
    f->jobs = get_count(o, "jobs");
    free(f->command);
    free(f->shard);
    f->command = dup_str(o, "command", oom);
    f->shard = dup_str(o, "shard", oom);
}

static int take_codes(run_record *rec, json_t *codes)
{
    const char *k;
    json_t *v;
    size_t n = json_object_size(codes);
    if (!n)
        return 0;
    if (!(rec->codes = calloc(n, sizeof *rec->codes)))
        return -2;
    json_object_foreach(codes, k, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return -1;
        if (!(rec->codes[rec->n_codes].code = strdup(k)))
            return -2;
        rec->codes[rec->n_codes++].count = (uint64_t)json_integer_value(v);
    }
    return 0;
}

int cckit_runs_parse_line(cckit_runs *r, size_t file, unsigned lineno, const char *text,
                          size_t len, char *why, size_t cap)
{
    json_error_t jerr;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    run_record rec;
    bool oom = false;
    int rc = 1;
    memset(&rec, 0, sizeof rec);
    if (!o) {
        snprintf(why, cap, "not JSON (column %d: %s)", jerr.column, jerr.text);
        return -1;
    }
    json_t *type = json_object_get(o, "type");
    if (!json_is_object(o) || !json_is_string(type)) {
        snprintf(why, cap, "%s", "not an object with a \"type\"");
        rc = -1;
        goto out;
    }
    if (strcmp(json_string_value(type), "summary") == 0) {
        take_summary(&r->files[file], o, &oom);
        rc = oom ? -2 : 1;
        goto out;
    }
    if (strcmp(json_string_value(type), "cartridge") != 0)
        goto out;   /* a type of a later version */
    json_t *index = json_object_get(o, "index"), *codes = json_object_get(o, "codes");
    rec.input = dup_str(o, "input", &oom);
    rec.status = dup_str(o, "status", &oom);
    if (!oom && (!rec.input || !rec.status)) {
        snprintf(why, cap, "%s", "a cartridge record without its \"input\" or \"status\"");
        rc = -1;
        goto out;
    }
    if (index && !json_is_integer(index)) {
        snprintf(why, cap, "%s", "an \"index\" that is not an integer");
        rc = -1;
        goto out;
    }
    if (codes && !json_is_object(codes) && !json_is_null(codes)) {
        snprintf(why, cap, "%s", "\"codes\" that is not an object");
        rc = -1;
        goto out;
    }
    rec.index = index ? json_integer_value(index) : -1;
    rec.command = dup_str(o, "command", &oom);
    rec.reason = dup_str(o, "reason", &oom);
    rec.verdict = dup_str(o, "verdict", &oom);
    rec.version = dup_str(o, "version", &oom);
    rec.producer = dup_str(o, "producer", &oom);
    rec.seconds = get_num(o, "seconds");
    rec.file = file;
    rec.lineno = lineno;
    if (json_is_object(codes) && (rc = take_codes(&rec, codes)) != 0) {
        if (rc == -1)
            snprintf(why, cap, "%s", "a count in \"codes\" that is not a whole number");
        goto out;
    }
    if (!oom && r->keep_lines && !(rec.line = strndup(text, len)))
        oom = true;
    if (oom) {
        rc = -2;
        goto out;
    }
    json_decref(o);
    r->files[file].records++;
    return cckit_runs_take(r, &rec) ? 0 : -2;
out:
    cckit_run_record_free(&rec);
    json_decref(o);
    return oom ? -2 : rc;
}

/* The next line of f into b (without its newline), at most max bytes:
 * 1 a line, 0 the end, 2 a line too long (skipped to its end).  Bytes
 * are taken as they come (a NUL too: the JSON parser refuses it). */
static int next_line(FILE *f, cckit_strbuf *b, size_t max)
{
    char chunk[4096];
    size_t n = 0;
    bool any = false, long_line = false;
    int c;
    cckit_strbuf_reset(b);
    while ((c = getc_unlocked(f)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (long_line)
            continue;
        chunk[n++] = (char)c;
        if (n == sizeof chunk) {
            if (b->len + n > max) {
                long_line = true;
                cckit_strbuf_reset(b);
            } else {
                cckit_strbuf_add(b, chunk, n);
            }
            n = 0;
        }
    }
    if (!long_line && b->len + n > max) {
        long_line = true;
        cckit_strbuf_reset(b);
    }
    if (!long_line)
        cckit_strbuf_add(b, chunk, n);
    if (!any)
        return 0;
    return long_line ? 2 : 1;
}

cckit_status cckit_runs_read_jsonl(cckit_runs *r, const char *path, FILE *fp, cckit_error *err)
{
    run_file *f = cckit_runs_new_file(r, path, false);
    if (!f)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    size_t fi = r->n_files - 1;
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    unsigned lineno = 0, good = 0;
    int got;
    cckit_status st = CCKIT_OK;
    while ((got = next_line(fp, &b, CCKIT_RUNS_LINE_MAX)) != 0) {
        lineno++;
        if (b.oom) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            break;
        }
        if (got == 2) {
            r->files[fi].malformed++;
            cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.line-too-long", path, lineno,
                               "line longer than %u MiB, skipped", CCKIT_RUNS_LINE_MAX >> 20);
            continue;
        }
        size_t n = b.len;
        while (n && (b.s[n - 1] == '\r' || b.s[n - 1] == ' ' || b.s[n - 1] == '\t'))
            n--;
        if (n == 0)
            continue;   /* a blank line says nothing */
        char why[256];
        int rc = cckit_runs_parse_line(r, fi, lineno, b.s, n, why, sizeof why);
        if (rc == -2) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            break;
        }
        if (rc == -1) {
            r->files[fi].malformed++;
            cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.malformed-line", path, lineno,
                               "%s, skipped", why);
        } else {
            good++;
        }
    }
    if (st == CCKIT_OK && ferror(fp))
        st = cckit_fail(err, CCKIT_E_IO, "%s: cannot read: %s", path, strerror(errno));
    cckit_strbuf_free(&b);
    if (st != CCKIT_OK)
        return st;
    f = &r->files[fi];
    if (good == 0 && f->malformed > 0)
        return cckit_fail(err, CCKIT_E_INVALID,
                          "%s: not the JSON Lines of a cckit run (no line is a record)", path);
    if (!f->has_summary && lineno == 0)
        cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.no-summary", path, 0,
                           "empty: no record and no summary line");
    else if (!f->has_summary)
        cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.no-summary", path, lineno,
                           "no summary line after the %llu records: the run was interrupted",
                           (unsigned long long)f->records);
    else if (f->summary_inputs != f->records)
        cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.count-mismatch", path, lineno,
                           "the summary counts %llu inputs, the file holds %llu records",
                           (unsigned long long)f->summary_inputs,
                           (unsigned long long)f->records);
    return r->problems.oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}
