/* registry.c - the public rule registry (cckit_rule_at, cckit_rule_find,
 * `cckit rules`): the validator's tables (validate/rules.c, with the
 * readers'), then export's (export/export_rules.c) and the internal code.
 * It sits in report/ because it is the first folder that sees both
 * validate/ and export/; a check looks up only its own layer's tables. */
#include "validate/validate.h"
#include "export/export.h"
#include "repair/repair.h"
#include "report/runs.h"

static const cckit_rule *const upper[] = {
    cckit_rules_export,     /* export/export_rules.c */
    cckit_rules_repair,     /* repair/repair_rules.c */
    cckit_rules_internal,   /* base/diag.c */
    cckit_rules_runs,       /* report/runs_rules.c */
    NULL
};

static const cckit_rule *const *const lists[] = { cckit_rule_tables, upper, NULL };

const cckit_rule *cckit_rule_at(size_t i)
{
    for (size_t l = 0; lists[l]; l++)
        for (size_t t = 0; lists[l][t]; t++)
            for (const cckit_rule *r = lists[l][t]; r->code; r++)
                if (i-- == 0)
                    return r;
    return NULL;
}

const cckit_rule *cckit_rule_find(const char *code)
{
    for (size_t l = 0; lists[l]; l++) {
        const cckit_rule *r = cckit_rules_lookup(lists[l], code);
        if (r)
            return r;
    }
    return NULL;
}
