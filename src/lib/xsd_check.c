/* xsd_check.c - XML Schema validation of the manifest and descriptors
 * against our own schemas/ (SCAFFOLD: being written). */
#include "validate.h"

const cckit_rule cckit_rules_xml[] = {
    {"xml.not-well-formed", NULL, CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "XML 1.0 §2.1",
     "every XML file of a cartridge is well-formed", "fix the XML syntax at the line given"},
    {"xml.warning", NULL, CCKIT_SEV_WARNING, CCKIT_SEV_WARNING, "Namespaces in XML 1.0",
     "XML is namespace-well-formed", "declare every prefix and use absolute namespace URIs"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

void cckit_check_xsd_manifest(cckit_vctx *v)
{
    CCKIT_UNUSED(v);
}

void cckit_check_descriptors(cckit_vctx *v)
{
    CCKIT_UNUSED(v);
}
