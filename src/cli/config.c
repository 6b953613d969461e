/*
 * config.c - the config file of the tool: .cckit.yaml in the working
 * folder or the nearest folder above it (like .editorconfig or a
 * linter's config), or the file given with --config.  Its format is the
 * library's (cckit_tuning_load); the command line is applied after it
 * and wins.
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

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

bool cli_find_config(char *buf, size_t cap)
{
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir))
        return false;
    for (;;) {
        struct stat st;
        int n = snprintf(buf, cap, "%s%s" CLI_CONFIG_NAME, dir,
                         dir[strlen(dir) - 1] == '/' ? "" : "/");
        if (n > 0 && (size_t)n < cap && stat(buf, &st) == 0 && S_ISREG(st.st_mode))
            return true;
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            if (strcmp(dir, "/") == 0)
                return false;
            strcpy(dir, "/");
            continue;
        }
        *slash = '\0';
    }
}
