/* json.c - a small streaming JSON writer for reports.  Strings reaching
 * it are UTF-8 already (libxml2 output or checked entry names); it only
 * escapes what JSON requires. */
#include "base/internal.h"
#include <inttypes.h>

void cckit_json_write_escaped(FILE *out, const char *s)
{
    /* Copy runs of plain bytes with one fwrite: reports of 20,000
     * resources are mostly such runs. */
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    putc('"', out);
    for (;;) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
            p++;
        if (p > run)
            fwrite(run, 1, (size_t)(p - run), out);
        if (!*p)
            break;
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default: fprintf(out, "\\u%04x", *p); break;
        }
        p++;
    }
    putc('"', out);
}

void cckit_json_init(cckit_json *j, FILE *out, bool pretty)
{
    j->out = out;
    j->depth = 0;
    j->pretty = pretty;
    j->need_comma[0] = false;
}

static void newline(cckit_json *j)
{
    if (!j->pretty)
        return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->out);
}

/* Separator, indentation and "key": before any value. */
static void member(cckit_json *j, const char *key)
{
    if (j->depth > 0) {
        if (j->need_comma[j->depth])
            fputc(',', j->out);
        newline(j);
    }
    j->need_comma[j->depth] = true;
    if (key) {
        cckit_json_write_escaped(j->out, key);
        fputs(j->pretty ? ": " : ":", j->out);
    }
}

static void open(cckit_json *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->out);
    if (j->depth < 319)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_(cckit_json *j, char c)
{
    bool had = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had)
        newline(j);
    fputc(c, j->out);
}

void cckit_json_begin_object(cckit_json *j, const char *key) { open(j, key, '{'); }
void cckit_json_end_object(cckit_json *j) { close_(j, '}'); }
void cckit_json_begin_array(cckit_json *j, const char *key) { open(j, key, '['); }
void cckit_json_end_array(cckit_json *j) { close_(j, ']'); }

void cckit_json_string(cckit_json *j, const char *key, const char *value)
{
    member(j, key);
    if (value)
        cckit_json_write_escaped(j->out, value);
    else
        fputs("null", j->out);
}

void cckit_json_uint(cckit_json *j, const char *key, uint64_t value)
{
    member(j, key);
    fprintf(j->out, "%" PRIu64, value);
}

void cckit_json_int(cckit_json *j, const char *key, int64_t value)
{
    member(j, key);
    fprintf(j->out, "%" PRId64, value);
}

void cckit_json_bool(cckit_json *j, const char *key, bool value)
{
    member(j, key);
    fputs(value ? "true" : "false", j->out);
}

void cckit_json_raw(cckit_json *j, const char *key, const char *text)
{
    member(j, key);
    fputs(text, j->out);
}

void cckit_json_null(cckit_json *j, const char *key)
{
    member(j, key);
    fputs("null", j->out);
}

void cckit_json_finish(cckit_json *j)
{
    fputc('\n', j->out);
}

/* The one JSON form of a diagnostic, for every command's document. */
void cckit_json_diag(cckit_json *j, const cckit_diag *d, bool null_line)
{
    cckit_json_begin_object(j, NULL);
    cckit_json_string(j, "severity", cckit_severity_name(d->severity));
    cckit_json_string(j, "code", d->code);
    cckit_json_string(j, "rule", d->rule);
    cckit_json_string(j, "file", d->file);
    if (d->line || !null_line)
        cckit_json_uint(j, "line", d->line);
    else
        cckit_json_null(j, "line");
    cckit_json_string(j, "message", d->message);
    cckit_json_string(j, "hint", d->hint);
    cckit_json_end_object(j);
}

void cckit_json_error(cckit_json *j, const char *key, const cckit_error *err)
{
    if (!err || err->status == CCKIT_OK) {
        cckit_json_null(j, key);
        return;
    }
    cckit_json_begin_object(j, key);
    cckit_json_string(j, "status", cckit_status_name(err->status));
    cckit_json_string(j, "message", err->message[0] ? err->message : cckit_status_name(err->status));
    cckit_json_end_object(j);
}
