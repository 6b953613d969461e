/*
 * test_versions.c - version strings, namespaces and resource type
 * classification against the tables of the reference.
 */
#include "unit.h"
#include "base/internal.h"
#include <string.h>

static void test_version_parse(void)
{
    CU_ASSERT_EQUAL(cckit_cc_version_parse("1.0.0"), CCKIT_CC_1_0);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("1.3.0"), CCKIT_CC_1_3);
    CU_ASSERT_EQUAL(cckit_cc_version_parse(" 1.1.0\n"), CCKIT_CC_1_1);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("1.2"), CCKIT_CC_1_2);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("v1p4"), CCKIT_CC_1_4);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("13"), CCKIT_CC_1_3);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("1.5.0"), CCKIT_CC_UNKNOWN);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("1.3.1"), CCKIT_CC_UNKNOWN);
    CU_ASSERT_EQUAL(cckit_cc_version_parse("2.0"), CCKIT_CC_UNKNOWN);
    CU_ASSERT_EQUAL(cckit_cc_version_parse(""), CCKIT_CC_UNKNOWN);
    CU_ASSERT_EQUAL(cckit_cc_version_parse(NULL), CCKIT_CC_UNKNOWN);
    CU_ASSERT_STRING_EQUAL(cckit_cc_version_string(CCKIT_CC_1_2), "1.2.0");
    CU_ASSERT_STRING_EQUAL(cckit_cc_version_string(CCKIT_CC_UNKNOWN), "unknown");
}

static void test_namespaces(void)
{
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imscc/imscp_v1p1"), CCKIT_CC_1_0);
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"), CCKIT_CC_1_1);
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"), CCKIT_CC_1_2);
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"), CCKIT_CC_1_3);
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1"), CCKIT_CC_1_4);
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imscp_v1p1"), CCKIT_CC_UNKNOWN);
    CU_ASSERT_EQUAL(cckit_version_of_namespace("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1x"), CCKIT_CC_UNKNOWN);
    CU_ASSERT_EQUAL(cckit_version_of_namespace(NULL), CCKIT_CC_UNKNOWN);
}

struct type_case {
    const char *type;
    cckit_kind kind;
    cckit_cc_version v;
};

static void test_kinds(void)
{
    static const struct type_case cases[] = {
        {"webcontent", CCKIT_KIND_WEBCONTENT, CCKIT_CC_UNKNOWN},
        {"associatedcontent/imscc_xmlv1p1/learning-application-resource", CCKIT_KIND_ASSOCIATED_CONTENT, CCKIT_CC_1_1},
        {"associatedcontent/imscc_xmlv1p3/learning-application-resource", CCKIT_KIND_ASSOCIATED_CONTENT, CCKIT_CC_1_3},
        {"associatedcontent/imscc_xmlv1p3/other", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
        {"imsdt_xmlv1p0", CCKIT_KIND_DISCUSSION, CCKIT_CC_1_0},
        {"imsdt_xmlv1p3", CCKIT_KIND_DISCUSSION, CCKIT_CC_1_3},
        {"imswl_xmlv1p2", CCKIT_KIND_WEBLINK, CCKIT_CC_1_2},
        {"imsqti_xmlv1p2/imscc_xmlv1p1/assessment", CCKIT_KIND_ASSESSMENT, CCKIT_CC_1_1},
        {"imsqti_xmlv1p2/imscc_xmlv1p3/question-bank", CCKIT_KIND_QUESTION_BANK, CCKIT_CC_1_3},
        {"imsqti_xmlv1p3/imscc_xmlv1p3/assessment", CCKIT_KIND_ASSESSMENT, CCKIT_CC_1_3},
        {"imsbasiclti_xmlv1p0", CCKIT_KIND_LTI_LINK, CCKIT_CC_1_1},
        {"imsbasiclti_xmlv1p3", CCKIT_KIND_LTI_LINK, CCKIT_CC_1_3},
        {"assignment_xmlv1p0", CCKIT_KIND_ASSIGNMENT, CCKIT_CC_1_3},
        {"idpfepub_epubv3p0", CCKIT_KIND_EPUB, CCKIT_CC_1_3},
        {"imsapip_zipv1p0", CCKIT_KIND_APIP, CCKIT_CC_1_3},
        {"imsiwb_iwbv1p0", CCKIT_KIND_IWB, CCKIT_CC_1_3},
        {"imsov_xmlv1p0", CCKIT_KIND_OPEN_VIDEO, CCKIT_CC_1_4},
        {"imsov_zipv1p0", CCKIT_KIND_OPEN_VIDEO, CCKIT_CC_1_4},
        {"imsqti_zipv3p0", CCKIT_KIND_QTI3, CCKIT_CC_1_4},
        {"imsqti_zipv3p1", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
        {"imsunknwn_xmlv1p3", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
        {"imsdt_xmlv1p3x", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
        {"imsdt_xmlv2p0", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
        {"imsqti_xmlv1p2", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
        {"", CCKIT_KIND_UNKNOWN, CCKIT_CC_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cckit_cc_version v = CCKIT_CC_1_4;
        cckit_kind k = cckit_kind_of_type(cases[i].type, &v);
        CU_ASSERT_EQUAL(k, cases[i].kind);
        CU_ASSERT_EQUAL(v, cases[i].v);
    }
    CU_ASSERT_EQUAL(cckit_kind_of_type(NULL, NULL), CCKIT_KIND_UNKNOWN);
}

static void test_type_table(void)
{
    CU_ASSERT_STRING_EQUAL(cckit_type_for(CCKIT_KIND_DISCUSSION, CCKIT_CC_1_2), "imsdt_xmlv1p2");
    CU_ASSERT_STRING_EQUAL(cckit_type_for(CCKIT_KIND_LTI_LINK, CCKIT_CC_1_2), "imsbasiclti_xmlv1p0");
    CU_ASSERT_STRING_EQUAL(cckit_type_for(CCKIT_KIND_LTI_LINK, CCKIT_CC_1_3), "imsbasiclti_xmlv1p3");
    CU_ASSERT_PTR_NULL(cckit_type_for(CCKIT_KIND_LTI_LINK, CCKIT_CC_1_0));
    CU_ASSERT_PTR_NULL(cckit_type_for(CCKIT_KIND_ASSIGNMENT, CCKIT_CC_1_1));
    CU_ASSERT_PTR_NULL(cckit_type_for(CCKIT_KIND_QTI3, CCKIT_CC_1_3));
    CU_ASSERT_STRING_EQUAL(cckit_type_for(CCKIT_KIND_QTI3, CCKIT_CC_1_4), "imsqti_zipv3p0");
    CU_ASSERT_PTR_NULL(cckit_type_for(CCKIT_KIND_UNKNOWN, CCKIT_CC_1_3));
    CU_ASSERT_PTR_NULL(cckit_type_for(CCKIT_KIND_WEBCONTENT, CCKIT_CC_UNKNOWN));
    /* Every canonical string classifies back to its kind and version. */
    for (int k = 0; k < CCKIT_KIND_UNKNOWN; k++)
        for (int v = CCKIT_CC_1_0; v <= CCKIT_CC_1_4; v++) {
            const char *t = cckit_type_for((cckit_kind)k, (cckit_cc_version)v);
            if (!t)
                continue;
            cckit_cc_version tv;
            CU_ASSERT_EQUAL(cckit_kind_of_type(t, &tv), (cckit_kind)k);
        }
    for (int k = 0; k < CCKIT_KIND_COUNT; k++)
        CU_ASSERT_PTR_NOT_NULL(cckit_kind_name((cckit_kind)k));
    CU_ASSERT_STRING_EQUAL(cckit_kind_name(CCKIT_KIND_QUESTION_BANK), "questionbank");
}

void register_versions_tests(void)
{
    CU_pSuite s = CU_add_suite("versions", NULL, NULL);
    CU_add_test(s, "version strings", test_version_parse);
    CU_add_test(s, "manifest namespaces", test_namespaces);
    CU_add_test(s, "type classification", test_kinds);
    CU_add_test(s, "canonical type strings", test_type_table);
}
