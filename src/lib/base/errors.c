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

cckit_status cckit_fail(cckit_error *err, cckit_status st, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->status = st;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return st;
}
