/*
 * datadir.c - which schemas/, xsl/ and models/ folders the tool hands the library.
 *
 * Order: the --schemas / --xsl option, then $CCKIT_SCHEMA_DIR /
 * $CCKIT_XSL_DIR, then the installed folder ($(pkgdatadir)/...) if it
 * exists, then - only for a cckit that runs from its own build folder
 * (directly or through libtool's wrapper, whose real program sits in
 * .libs/) - the folder of the source tree it was built from.  So
 * `./cckit validate x.imscc` works right after `make`, in tree or VPATH,
 * while an installed cckit never looks at a build tree.  The library
 * knows none of this: it gets the folder in its options.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef CCKIT_SCHEMADIR
#define CCKIT_SCHEMADIR "/usr/local/share/cckit/schemas"
#endif
#ifndef CCKIT_MODELDIR
#define CCKIT_MODELDIR "/usr/local/share/cckit/models"
#endif
#ifndef CCKIT_XSLDIR
#define CCKIT_XSLDIR "/usr/local/share/cckit/xsl"
#endif

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* True when this process's program lies in CCKIT_BUILDDIR or its .libs. */
static bool running_from_build_tree(void)
{
#if defined(CCKIT_BUILDDIR) && defined(CCKIT_SRCDIR)
    char exe[PATH_MAX], dir[PATH_MAX], build[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash || slash == exe)
        return false;
    *slash = '\0';
    slash = strrchr(exe, '/');
    if (slash && strcmp(slash, "/.libs") == 0)
        *slash = '\0';
    if (!realpath(exe, dir) || !realpath(CCKIT_BUILDDIR, build))
        return false;
    return strcmp(dir, build) == 0;
#else
    return false;
#endif
}

static const char *resolve(const char *given, const char *env, const char *installed,
                           const char *in_source)
{
    if (given)
        return given;
    const char *e = getenv(env);
    if (e && *e)
        return e;
    if (is_dir(installed))
        return installed;
    if (in_source && is_dir(in_source) && running_from_build_tree())
        return in_source;
    return installed;   /* missing: the error names where it should be */
}

const char *cli_schema_dir(const char *given)
{
#ifdef CCKIT_SRCDIR
    return resolve(given, "CCKIT_SCHEMA_DIR", CCKIT_SCHEMADIR, CCKIT_SRCDIR "/schemas");
#else
    return resolve(given, "CCKIT_SCHEMA_DIR", CCKIT_SCHEMADIR, NULL);
#endif
}

const char *cli_xsl_dir(const char *given)
{
#ifdef CCKIT_SRCDIR
    return resolve(given, "CCKIT_XSL_DIR", CCKIT_XSLDIR, CCKIT_SRCDIR "/xsl");
#else
    return resolve(given, "CCKIT_XSL_DIR", CCKIT_XSLDIR, NULL);
#endif
}

const char *cli_model_dir(const char *given)
{
#ifdef CCKIT_SRCDIR
    return resolve(given, "CCKIT_MODEL_DIR", CCKIT_MODELDIR, CCKIT_SRCDIR "/models");
#else
    return resolve(given, "CCKIT_MODEL_DIR", CCKIT_MODELDIR, NULL);
#endif
}
