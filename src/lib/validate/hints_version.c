/* hints_version.c - fix hints that name the cartridge's own CC version.
 *
 * A registry hint is written once for every version ("e.g. 1.3.0"); for
 * a CC 1.1 cartridge that suggests a fix of another version.  Where the
 * fix depends on the version, this table gives the hint for each one;
 * the registry's hint stays for a cartridge whose version is unknown. */
#include "validate/validate.h"
#include <string.h>

typedef struct vhint {
    const char *code;
    cckit_cc_version version;
    const char *hint;
} vhint;

#define MD(V) "add <metadata><schema>IMS Common Cartridge</schema><schemaversion>" V \
              "</schemaversion>...</metadata> as the first child of <manifest>"
#define SV(V) "write <schemaversion>" V "</schemaversion> in the manifest metadata"
#define TY(V, P) "use a resource type of CC " V " (webcontent, imsdt_xmlv" P ", imswl_xmlv" P \
                 ", imsqti_xmlv1p2/imscc_xmlv" P "/assessment, ...)"
#define ROLES(P, LIST) "write <source>IMSGLC_CC_Roles" P "</source> and, in <value>, " LIST

static const vhint hints[] = {
    {"manifest.no-metadata", CCKIT_CC_1_0, MD("1.0.0")},
    {"manifest.no-metadata", CCKIT_CC_1_1, MD("1.1.0")},
    {"manifest.no-metadata", CCKIT_CC_1_2, MD("1.2.0")},
    {"manifest.no-metadata", CCKIT_CC_1_3, MD("1.3.0")},
    {"manifest.no-schemaversion", CCKIT_CC_1_0, SV("1.0.0")},
    {"manifest.no-schemaversion", CCKIT_CC_1_1, SV("1.1.0")},
    {"manifest.no-schemaversion", CCKIT_CC_1_2, SV("1.2.0")},
    {"manifest.no-schemaversion", CCKIT_CC_1_3, SV("1.3.0")},
    {"manifest.schemaversion-form", CCKIT_CC_1_0, SV("1.0.0")},
    {"manifest.schemaversion-form", CCKIT_CC_1_1, SV("1.1.0")},
    {"manifest.schemaversion-form", CCKIT_CC_1_2, SV("1.2.0")},
    {"manifest.schemaversion-form", CCKIT_CC_1_3, SV("1.3.0")},
    {"manifest.unknown-type", CCKIT_CC_1_0, TY("1.0", "1p0")},
    {"manifest.unknown-type", CCKIT_CC_1_1, TY("1.1", "1p1")},
    {"manifest.unknown-type", CCKIT_CC_1_2, TY("1.2", "1p2")},
    {"manifest.unknown-type", CCKIT_CC_1_3, TY("1.3", "1p3")},
    {"xsd.resource-type", CCKIT_CC_1_0, TY("1.0", "1p0")},
    {"xsd.resource-type", CCKIT_CC_1_1, TY("1.1", "1p1")},
    {"xsd.resource-type", CCKIT_CC_1_2, TY("1.2", "1p2")},
    {"xsd.resource-type", CCKIT_CC_1_3, TY("1.3", "1p3")},
    {"xsd.intendeduse", CCKIT_CC_1_1, "use lessonplan, syllabus or unspecified (CC 1.1 has no assignment)"},
    {"manifest.intendeduse", CCKIT_CC_1_1, "use lessonplan, syllabus or unspecified (CC 1.1 has no assignment)"},
    {"manifest.role-vocabulary", CCKIT_CC_1_0, ROLES("v1p0", "Learner or Instructor")},
    {"manifest.role-vocabulary", CCKIT_CC_1_1, ROLES("v1p1", "Learner, Instructor or Mentor")},
    {"manifest.role-vocabulary", CCKIT_CC_1_2, ROLES("v1p2", "Learner, Instructor or Mentor")},
    {"manifest.csm-placement", CCKIT_CC_1_0, "remove curriculumStandardsMetadataSet: CC 1.0 has no "
                                             "curriculum standards metadata"},
    {"manifest.csm-placement", CCKIT_CC_1_1, "remove curriculumStandardsMetadataSet: CC 1.1 has no "
                                             "curriculum standards metadata"},
    {"manifest.csm-placement", CCKIT_CC_1_2, "move curriculumStandardsMetadataSet into the metadata "
                                             "of the resource it describes"},
    {"manifest.csm-placement", CCKIT_CC_1_3, "move curriculumStandardsMetadataSet into the metadata "
                                             "of the resource it describes, or once into the manifest "
                                             "metadata"},
    {"manifest.question-bank-count", CCKIT_CC_1_0, "merge the question banks into one (CC 1.0-1.2 "
                                                   "allow one)"},
    {"manifest.question-bank-count", CCKIT_CC_1_1, "merge the question banks into one (CC 1.0-1.2 "
                                                   "allow one)"},
    {"manifest.question-bank-count", CCKIT_CC_1_2, "merge the question banks into one (CC 1.0-1.2 "
                                                   "allow one)"},
};

const char *cckit_hint_for(const cckit_rule *r, cckit_cc_version version)
{
    if (!r)
        return NULL;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
        if (hints[i].version == version && strcmp(hints[i].code, r->code) == 0)
            return hints[i].hint;
    return r->hint;
}
