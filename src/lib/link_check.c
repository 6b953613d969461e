/* link_check.c - links inside HTML content and descriptor text
 * (SCAFFOLD: being written). */
#include "validate.h"

const cckit_rule cckit_rules_links[] = {
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

void cckit_check_content_links(cckit_vctx *v)
{
    CCKIT_UNUSED(v);
}

void cckit_check_html_links(cckit_vctx *v, const char *entry, xmlDocPtr html)
{
    CCKIT_UNUSED(v);
    CCKIT_UNUSED(entry);
    CCKIT_UNUSED(html);
}

void cckit_check_descriptor_links(cckit_vctx *v, const cckit_resource *r, const char *entry,
                                  xmlDocPtr doc)
{
    CCKIT_UNUSED(v);
    CCKIT_UNUSED(r);
    CCKIT_UNUSED(entry);
    CCKIT_UNUSED(doc);
}
