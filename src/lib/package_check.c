/* package_check.c - package-level checks: files the manifest names
 * exist, files nobody names, entry integrity (SCAFFOLD: being written). */
#include "validate.h"

const cckit_rule cckit_rules_package[] = {
    {"package.unreadable", "R1", CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "CC 1.1 Implementation §3.1",
     "a cartridge is a readable ZIP archive", "re-create the archive with a standard ZIP tool"},
    {"package.unsafe", "R1", CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "APPNOTE 4.4.17; cckit security policy",
     "entry names stay inside the package; no links, no encryption",
     "rename entries to plain relative paths and remove links"},
    {"package.limit", NULL, CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "cckit limits",
     "the package stays within the configured limits",
     "if the cartridge is genuine, raise the limit named in the message"},
    {"package.no-manifest", "R1", CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "CC 1.1 Conformance §1",
     "imsmanifest.xml is at the root of the package",
     "zip the contents of the course folder, so that imsmanifest.xml is at the top"},
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

void cckit_check_package(cckit_vctx *v)
{
    CCKIT_UNUSED(v);
}
