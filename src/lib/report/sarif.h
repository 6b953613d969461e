/* sarif.h - what the SARIF writers of validate (report_validate.c) and
 * compat (report_compat.c) share (sarif.c): one way to name a level and
 * a location in a cartridge. */
#ifndef CCKIT_REPORT_SARIF_H
#define CCKIT_REPORT_SARIF_H

#include "base/internal.h"

/* "error", "warning", "note". */
const char *cckit_sarif_level(cckit_severity s);

/* How the members of a cartridge are named: for an archive
 * "ARCHIVE!/member" (the jar-URL convention), for a folder
 * "FOLDER/member", for a bare manifest the manifest's path. */
typedef enum { CCKIT_SARIF_ARCHIVE, CCKIT_SARIF_FOLDER, CCKIT_SARIF_BARE } cckit_sarif_base;

/* Looked at once per cartridge: the bare-manifest test reads the file. */
cckit_sarif_base cckit_sarif_base_of(const char *path);

/* "locations": [{"physicalLocation": {"artifactLocation": {"uri"},
 * "region": {"startLine"}}}] of member `file` (NULL: the cartridge
 * itself) at `line` (0: no region). */
void cckit_sarif_locations(cckit_json *j, const char *path, cckit_sarif_base base,
                           const char *file, unsigned line);

#endif /* CCKIT_REPORT_SARIF_H */
