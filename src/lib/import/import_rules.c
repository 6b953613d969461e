/* import_rules.c - the rows of the rule registry for what the archive
 * and folder readers notice about entry names (archive_reader.c,
 * source.c): the one place their severities and hints are written.  The
 * readers take their hints from here; validate/rules.c lists this table
 * with the validator's. */
#include "import/source.h"

const cckit_rule cckit_rules_import[] = {
    {"zip.case-collision", NULL, CCKIT_SEV_WARNING, CCKIT_SEV_WARNING, "APPNOTE 4.4.17",
     "entry names differ by more than letter case",
     "rename one of the entries: they overwrite each other on Windows and macOS"},
    {"folder.case-collision", NULL, CCKIT_SEV_WARNING, CCKIT_SEV_WARNING, "APPNOTE 4.4.17",
     "file names differ by more than letter case",
     "rename one of the files: they overwrite each other on Windows and macOS"},
    {"zip.name-not-flagged-utf8", NULL, CCKIT_SEV_WARNING, CCKIT_SEV_INFO, "APPNOTE 4.4.4 bit 11",
     "non-ASCII entry names carry the UTF-8 flag", "re-zip with a tool that sets the UTF-8 flag"},
    {"zip.name-cp437", NULL, CCKIT_SEV_INFO, CCKIT_SEV_INFO, "APPNOTE appendix D",
     "entry names are UTF-8", "re-zip with a tool that writes UTF-8 names"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};
