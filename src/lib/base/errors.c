/* errors.c - status names and the error-filling helper. */
#include "config.h"
#include "base/internal.h"
#include <stdio.h>
#include <string.h>

/* cckit.h states the version by hand (it is installed, not generated);
 * configure.ac is where a release sets it.  Refuse to build if they
 * disagree. */
#if CCKIT_VERSION_MAJOR != CCKIT_AC_VERSION_MAJOR || \
    CCKIT_VERSION_MINOR != CCKIT_AC_VERSION_MINOR || \
    CCKIT_VERSION_PATCH != CCKIT_AC_VERSION_PATCH
#error "CCKIT_VERSION_* in src/lib/cckit.h differ from AC_INIT in configure.ac"
#endif

const char *cckit_version(void)
{
    return CCKIT_VERSION_STRING;
}

const char *cckit_status_name(cckit_status st)
{
    switch (st) {
    case CCKIT_OK: return "ok";
    case CCKIT_E_IO: return "I/O error";
    case CCKIT_E_NOMEM: return "out of memory";
    case CCKIT_E_ARCHIVE: return "archive error";
    case CCKIT_E_UNSAFE: return "unsafe input";
    case CCKIT_E_LIMIT: return "limit exceeded";
    case CCKIT_E_XML: return "XML error";
    case CCKIT_E_NOMANIFEST: return "no manifest";
    case CCKIT_E_NOTFOUND: return "not found";
    case CCKIT_E_USAGE: return "usage error";
    case CCKIT_E_INVALID: return "invalid cartridge";
    }
    return "error";
}

const char *cckit_limit_field(cckit_limit_id id)
{
    switch (id) {
    case CCKIT_LIMIT_NONE: return NULL;
    case CCKIT_LIMIT_TOTAL_SIZE: return "max_total_size";
    case CCKIT_LIMIT_RATIO:
    case CCKIT_LIMIT_RATIO_OR_TOTAL: return "max_ratio";
    case CCKIT_LIMIT_ENTRIES: return "max_entries";
    case CCKIT_LIMIT_ENTRY_SIZE: return "max_entry_size";
    case CCKIT_LIMIT_MANIFEST_SIZE: return "max_manifest_size";
    case CCKIT_LIMIT_XML_SIZE: return "max_xml_size";
    case CCKIT_LIMIT_XML_DEPTH: return "max_xml_depth";
    case CCKIT_LIMIT_XML_ELEMENTS: return "max_xml_elements";
    case CCKIT_LIMIT_PATH_LENGTH: return "max_path_length";
    }
    return NULL;
}

static void reset(cckit_error *err, cckit_status st)
{
    err->status = st;
    err->message[0] = '\0';
    err->file[0] = '\0';
    err->line = 0;
    err->text_offset = 0;
    err->limit = CCKIT_LIMIT_NONE;
    err->fix = 0;
}

cckit_status cckit_vfail(cckit_error *err, cckit_status st, const char *fmt, va_list ap)
{
    if (err) {
        reset(err, st);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    }
    return st;
}

cckit_status cckit_fail(cckit_error *err, cckit_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cckit_vfail(err, st, fmt, ap);
    va_end(ap);
    return st;
}

cckit_status cckit_fail_at(cckit_error *err, cckit_status st, const char *file,
                           unsigned line, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        reset(err, st);
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
        int n = 0;
        if (file && line)
            n = snprintf(err->message, sizeof err->message, "%s: line %u: ", file, line);
        else if (file)
            n = snprintf(err->message, sizeof err->message, "%s: ", file);
        if (n < 0 || (size_t)n >= sizeof err->message)
            n = 0;
        err->text_offset = (unsigned)n;
        va_start(ap, fmt);
        vsnprintf(err->message + n, sizeof err->message - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return st;
}

cckit_status cckit_fail_file(cckit_error *err, const char *file, cckit_status st)
{
    if (!err || st == CCKIT_OK || !file || err->file[0])
        return st;
    snprintf(err->file, sizeof err->file, "%s", file);
    err->line = 0;
    size_t n = strlen(file);
    /* a message that starts "FILE: " says where already: text_offset skips it */
    if (strncmp(err->message, file, n) == 0 && err->message[n] == ':' && err->message[n + 1] == ' ')
        err->text_offset = (unsigned)(n + 2);
    return st;
}

cckit_status cckit_fail_limit(cckit_error *err, cckit_limit_id limit, cckit_status st)
{
    if (err)
        err->limit = limit;
    return st;
}

cckit_status cckit_fail_fix(cckit_error *err, unsigned fix, cckit_status st)
{
    if (err)
        err->fix |= fix;
    return st;
}
