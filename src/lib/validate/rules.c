/* rules.c - the rule registry: every diagnostic code the validator can
 * emit, with its profile rule number, severities per mode, the clause it
 * comes from and a fix hint.  Each family of checks keeps its table
 * beside its code (rules_manifest.c, rules_qti.c, ...); this file only
 * strings the tables together, above the families (the checks find a
 * rule through their run's context, findings.c).  The public registry
 * (`cckit rules`, cckit_rule_find) is this list followed by export's rows:
 * report/registry.c. */
#include "validate/validate.h"
#include "import/source.h"
#include "tree/tree.h"
#include <string.h>

const cckit_rule *const cckit_rule_tables[] = {
    cckit_rules_import,     /* import/import_rules.c */
    cckit_rules_package,
    cckit_rules_xml,
    cckit_rules_reader,     /* tree/reader_rules.c */
    cckit_rules_manifest,
    cckit_rules_descriptor,
    cckit_rules_qti,
    cckit_rules_links,
    NULL
};
