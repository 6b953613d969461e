/* export_rules.c - the rows of the rule registry for what pack and the
 * outline reader notice (pack.c, pack_pages.c, outline.c): the one place
 * their severities and hints are written.  They enforce no profile rule
 * (rule NULL) and are the same in both modes.  export is above validate,
 * so validate/rules.c cannot list this table: the public registry
 * (report/registry.c) joins it to the validator's. */
#include "export/export.h"

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO
#define PACK "cckit pack"
#define OUTLINE "cckit pack outline (cckit(1))"

const cckit_rule cckit_rules_export[] = {
    {"pack.missing-dependency", NULL, E, E, PACK,
     "every file a page refers to is in the folder",
     "add the file to the folder, or correct the reference"},
    {"pack.dependency-outside", NULL, E, E, PACK,
     "a page refers to no file outside the folder",
     "keep every file the page uses inside the folder"},
    {"pack.hidden-skipped", NULL, I, I, PACK,
     "hidden and system files are not packed",
     "rename the file without a leading '.' if it belongs in the cartridge"},
    {"pack.assignment-points", NULL, W, W, PACK,
     "an assignment's points cannot be written in the official schema",
     "remove 'points', or set the points in the LMS after import"},

    {"outline.yaml", NULL, E, E, OUTLINE, "the outline is well-formed YAML",
     "fix the YAML syntax"},
    {"outline.not-mapping", NULL, E, E, OUTLINE, "the outline is a mapping of keys",
     "start with title: and modules:"},
    {"outline.unknown-top-key", NULL, E, E, OUTLINE, "the top level uses the outline's keys",
     "the top level takes title, description, language, keywords, rights, cc, modules and items"},
    {"outline.bad-version", NULL, E, E, OUTLINE, "cc names a version pack writes",
     "use 1.1, 1.2, 1.3 or thin"},
    {"outline.not-a-value", NULL, E, E, OUTLINE, "a key's value is a single plain value",
     "write a plain value, e.g. key: text"},
    {"outline.not-utf8", NULL, E, E, OUTLINE, "values are UTF-8 text",
     "save the outline as UTF-8"},
    {"outline.not-a-list", NULL, E, E, OUTLINE, "modules, items and keywords are lists",
     "write a list: lines starting with '- ', or [a, b]"},
    {"outline.item-not-mapping", NULL, E, E, OUTLINE, "an item is a mapping of keys",
     "write each item as a mapping, e.g. - {type: page, path: a.html}"},
    {"outline.key-not-word", NULL, E, E, OUTLINE, "keys are plain words",
     "write each key as a plain word followed by ':', e.g. title:"},
    {"outline.unknown-key", NULL, E, E, OUTLINE, "an item uses the outline's keys",
     "check the spelling; the outline keys are listed in cckit(1)"},
    {"outline.no-type", NULL, E, E, OUTLINE, "an item that is not a module has a type",
     "add type: page (or file, weblink, lti, discussion, assignment, quiz, question_bank)"},
    {"outline.unknown-type", NULL, E, E, OUTLINE, "an item's type is one pack writes",
     "use page, file, weblink, lti, discussion, assignment, quiz, question_bank or module"},
    {"outline.items-not-module", NULL, E, E, OUTLINE, "only modules have items",
     "move the items into a module, or remove them"},
    {"outline.custom-not-lti", NULL, E, E, OUTLINE, "only lti items have custom parameters",
     "remove 'custom', or make the item an lti item"},
    {"outline.custom-not-mapping", NULL, E, E, OUTLINE, "custom parameters are a mapping",
     "write custom: {name: value}"},
    {"outline.vendor", NULL, E, E, OUTLINE, "vendor is a mapping of code and name",
     "write vendor: {code: example.org, name: Example}"},
    {"outline.missing-title", NULL, E, E, OUTLINE, "modules, discussions and assignments have a title",
     "add title: ..."},
    {"outline.missing-path", NULL, E, E, OUTLINE, "pages, files, quizzes and question banks have a path",
     "add path: FILE (relative to the folder)"},
    {"outline.weblink-incomplete", NULL, E, E, OUTLINE, "a weblink has a title and a url",
     "add title: and url:"},
    {"outline.lti-incomplete", NULL, E, E, OUTLINE, "an lti item has a title and a launch_url",
     "add title: and launch_url:"},
    {"outline.text-twice", NULL, E, E, OUTLINE, "a discussion has text or text_file, not both",
     "keep either text: or text_file:"},
    {"outline.unsafe-path", NULL, E, E, OUTLINE, "paths stay inside the folder",
     "give a path relative to the folder, without '..'"},
    {"outline.too-deep", NULL, E, E, OUTLINE, "modules nest at most 32 deep",
     "flatten the modules to at most 32 levels"},
    {"outline.too-large", NULL, E, E, OUTLINE, "the outline has at most 200000 nodes",
     "split the outline, or remove aliases that repeat large parts"},

    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};
