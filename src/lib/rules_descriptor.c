/* rules_descriptor.c - rules of discussion, web link, LTI link and
 * assignment descriptors (SCAFFOLD: being written). */
#include "validate.h"

const cckit_rule cckit_rules_descriptor[] = {
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

void cckit_check_descriptor(cckit_vctx *v, const cckit_resource *r, const char *entry,
                            xmlDocPtr doc)
{
    CCKIT_UNUSED(v);
    CCKIT_UNUSED(r);
    CCKIT_UNUSED(entry);
    CCKIT_UNUSED(doc);
}
