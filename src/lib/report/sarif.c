/* sarif.c - SARIF 2.1.0 pieces shared by the writers of validate and
 * compat: a finding's level and its location, so that a file of a
 * cartridge has one URI whichever command reports on it. */
#include "report/sarif.h"
#include "import/source.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *cckit_sarif_level(cckit_severity s)
{
    return s == CCKIT_SEV_ERROR ? "error" : s == CCKIT_SEV_WARNING ? "warning" : "note";
}

cckit_sarif_base cckit_sarif_base_of(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return CCKIT_SARIF_FOLDER;
    return cckit_path_is_bare_xml(path) ? CCKIT_SARIF_BARE : CCKIT_SARIF_ARCHIVE;
}

void cckit_sarif_locations(cckit_json *j, const char *path, cckit_sarif_base base,
                           const char *file, unsigned line)
{
    char uri[8192];
    size_t n = strlen(path);
    if (!file || !*file || base == CCKIT_SARIF_BARE)
        snprintf(uri, sizeof uri, "%s", path);
    else if (base == CCKIT_SARIF_FOLDER)
        snprintf(uri, sizeof uri, "%s%s%s", path, n && path[n - 1] == '/' ? "" : "/", file);
    else
        snprintf(uri, sizeof uri, "%s!/%s", path, file);
    cckit_json_begin_array(j, "locations");
    cckit_json_begin_object(j, NULL);
    cckit_json_begin_object(j, "physicalLocation");
    cckit_json_begin_object(j, "artifactLocation");
    cckit_json_string(j, "uri", uri);
    cckit_json_end_object(j);
    if (line) {
        cckit_json_begin_object(j, "region");
        cckit_json_uint(j, "startLine", line);
        cckit_json_end_object(j);
    }
    cckit_json_end_object(j);
    cckit_json_end_object(j);
    cckit_json_end_array(j);
}
