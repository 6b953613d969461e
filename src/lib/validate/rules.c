/* rules.c - the rule registry: every diagnostic code the validator can
 * emit, with its profile rule number, severities per mode, the clause it
 * comes from and a fix hint.  Each family of checks keeps its table
 * beside its code (rules_manifest.c, rules_qti.c, ...); this file only
 * strings the tables together.  `cckit rules` prints the registry. */
#include "validate/validate.h"
#include <string.h>

static const cckit_rule *const tables[] = {
    cckit_rules_package,
    cckit_rules_xml,
    cckit_rules_manifest,
    cckit_rules_descriptor,
    cckit_rules_qti,
    cckit_rules_links,
};

const cckit_rule *cckit_rule_at(size_t i)
{
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const cckit_rule *r = tables[t]; r->code; r++)
            if (i-- == 0)
                return r;
    return NULL;
}

const cckit_rule *cckit_rule_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const cckit_rule *r = tables[t]; r->code; r++)
            if (strcmp(r->code, code) == 0)
                return r;
    return NULL;
}
