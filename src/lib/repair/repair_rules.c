/* repair_rules.c - the registry rows of `cckit repair`'s fixes: one row a
 * fix (code, what it does, which validator codes it answers), in the
 * order the fixes run (repair.c pairs each row with its function), and
 * repair.not-repaired for a change a fix declines.  The public registry
 * (report/registry.c) joins this table to the others, so `cckit rules`
 * lists the fixes. */
#include "base/internal.h"
#include "repair/repair.h"

#define I CCKIT_SEV_INFO
#define W CCKIT_SEV_WARNING

const cckit_rule cckit_rules_repair[] = {
    {"repair.junk-dropped", NULL, I, I, "cckit repair; answers package.junk-file",
     "operating-system litter (__MACOSX/, .DS_Store, Thumbs.db, desktop.ini, ._*) and "
     "directory entries are left out of the repaired cartridge",
     "nothing to do: the file was not part of the course"},
    {"repair.manifest-moved", NULL, I, I, "cckit repair; answers package.no-manifest",
     "a cartridge zipped with its folder (the only manifest in a folder, every file under "
     "it) has the folder taken out of its names",
     "nothing to do: zip the contents of the course folder, not the folder"},
    {"repair.id-renamed", NULL, I, I,
     "cckit repair; answers manifest.duplicate-id, xsd.duplicate-id",
     "an identifier used more than once is renamed where it is not the one references "
     "resolve to",
     "references keep meaning what an LMS reads today: the first resource of that "
     "identifier"},
    {"repair.type-version", NULL, I, I, "cckit repair; answers manifest.type-version, xsd.resource-type",
     "a resource type string of another CC version is spelled for the cartridge's version",
     "nothing to do: the resource is the same kind"},
    {"repair.href-encoding", NULL, I, I,
     "cckit repair; answers package.missing-file, package.case-mismatch, package.href-not-uri",
     "an href that names no file is rewritten when exactly one file of the package matches "
     "it once percent-encoding, Unicode form (NFC/NFD) and letter case are set aside",
     "check that the file is the one meant"},
    {"repair.file-listed", NULL, I, I,
     "cckit repair; answers manifest.resource-href-not-in-files",
     "a resource's href that its <file> list leaves out is added to the list",
     "nothing to do"},
    {"repair.page-file-listed", NULL, I, I, "cckit repair; answers package.unreferenced-file",
     "a file that a web content resource's page uses (an image, a style sheet, a script) "
     "and that no resource lists is added to that resource's files",
     "nothing to do"},
    {"repair.dangling-ref-removed", NULL, W, W,
     "cckit repair; answers manifest.item-dangling-ref, manifest.dependency-dangling",
     "a reference to a resource that does not exist is removed (a loss: the item stays, "
     "without content)",
     "add the missing resource to the course and link the item to it again"},
    {"repair.lti-icon-removed", NULL, W, W, "cckit repair; answers lti.icon",
     "an LTI link's <cartridge_icon> that names no resource of the manifest is removed (a "
     "loss: the link keeps no icon)",
     "add the icon to the cartridge as a resource and name it in <cartridge_icon> again"},
    {"repair.target-empty-assessment", NULL, W, W,
     "cckit repair for a target (compat check qti-unknown-types-only)",
     "an assessment without any question is removed, with its files and every reference to "
     "it (a loss: the target fails the whole import on it); only for a target whose import "
     "model has the check; or, when the caller asks, listed as not repaired instead",
     "add questions to the assessment and import it again, or leave it out of the course"},
    {"repair.order-normalised", NULL, I, I, "cckit repair; answers xsd.descriptor-order",
     "the elements of a descriptor (discussion topic, web link, LTI link, the sequences of "
     "the CC QTI profile) are put in the order its schema requires (nothing added or removed)",
     "nothing to do: the descriptor says the same"},
    {"repair.target-tf-idents", NULL, I, I,
     "cckit repair for a target (compat check qti-true-false-idents)",
     "a true/false question's answer idents are renamed \"true\" and \"false\" (by the "
     "answers' texts, True and False), with the conditions that test them; only for a "
     "target whose import model has the check",
     "nothing to do: the question is the same"},
    {"repair.target-id-ncname", NULL, I, I,
     "cckit repair for a target (compat check manifest-schema-error); answers "
     "manifest.id-not-ncname",
     "an identifier that is no XML name (it starts with a digit, '-' or '.') gets the "
     "prefix id_, with every identifierref of the manifest that named it; only for a target "
     "whose import model checks the manifest against the schema",
     "references to the identifier from outside the manifest (an exporter's own files) "
     "are not changed"},
    {"repair.lao-moved", NULL, I, I,
     "cckit repair; answers package.lao-at-root",
     "a learning object's descriptor at the package root is moved into a folder of its own "
     "(its name without the extension), the manifest's hrefs with it",
     "nothing to do: the output has the change; check that links to it still work"},
    {"repair.ac-moved", NULL, I, I,
     "cckit repair; answers package.ac-outside-lao",
     "a file of a learning object's associated content outside its folder is moved into that "
     "folder (under its whole path), the manifest's hrefs with it",
     "nothing to do: the output has the change; check that links to it still work"},
    {"repair.links-rewritten", NULL, I, I,
     "cckit repair (with repair.lao-moved, repair.ac-moved)",
     "links of a page, style sheet or descriptor to files that moved, or of a file that moved, "
     "are rewritten to name the same files",
     "nothing to do: the output has the change"},
    {"repair.not-repaired", NULL, W, W, "cckit repair",
     "a defect that a fix would need a guess for is left as it is",
     "fix it by hand: the message says what is ambiguous"},
    {NULL, NULL, I, I, NULL, NULL, NULL}
};
