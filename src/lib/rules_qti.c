/* rules_qti.c - the CC profile of QTI 1.2.1, rules R71-R91
 * (SCAFFOLD: being written). */
#include "validate.h"

const cckit_rule cckit_rules_qti[] = {
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

void cckit_check_qti(cckit_vctx *v, const cckit_resource *r, const char *entry, xmlDocPtr doc)
{
    CCKIT_UNUSED(v);
    CCKIT_UNUSED(r);
    CCKIT_UNUSED(entry);
    CCKIT_UNUSED(doc);
}
