/* versions.c - facts that differ between CC versions: namespaces,
 * schemaversion values and resource type strings (ref: spec tables 1.1
 * and 2.1), and the lenient classification of type strings. */
#include "base/internal.h"
#include <string.h>
#include <stdlib.h>

static const char *const kind_names[CCKIT_KIND_COUNT] = {
    [CCKIT_KIND_WEBCONTENT] = "webcontent",
    [CCKIT_KIND_ASSOCIATED_CONTENT] = "associatedcontent",
    [CCKIT_KIND_DISCUSSION] = "discussion",
    [CCKIT_KIND_WEBLINK] = "weblink",
    [CCKIT_KIND_ASSESSMENT] = "assessment",
    [CCKIT_KIND_QUESTION_BANK] = "questionbank",
    [CCKIT_KIND_LTI_LINK] = "ltilink",
    [CCKIT_KIND_ASSIGNMENT] = "assignment",
    [CCKIT_KIND_EPUB] = "epub",
    [CCKIT_KIND_APIP] = "apip",
    [CCKIT_KIND_IWB] = "iwb",
    [CCKIT_KIND_OPEN_VIDEO] = "openvideo",
    [CCKIT_KIND_QTI3] = "qti3",
    [CCKIT_KIND_UNKNOWN] = "unknown",
};

const char *cckit_kind_name(cckit_kind k)
{
    if ((int)k < 0 || k >= CCKIT_KIND_COUNT)
        return "unknown";
    return kind_names[k];
}

const char *cckit_cc_version_string(cckit_cc_version v)
{
    switch (v) {
    case CCKIT_CC_1_0: return "1.0.0";
    case CCKIT_CC_1_1: return "1.1.0";
    case CCKIT_CC_1_2: return "1.2.0";
    case CCKIT_CC_1_3: return "1.3.0";
    case CCKIT_CC_1_4: return "1.4.0";
    case CCKIT_CC_UNKNOWN: break;
    }
    return "unknown";
}

static cckit_cc_version from_minor(int minor)
{
    switch (minor) {
    case 0: return CCKIT_CC_1_0;
    case 1: return CCKIT_CC_1_1;
    case 2: return CCKIT_CC_1_2;
    case 3: return CCKIT_CC_1_3;
    case 4: return CCKIT_CC_1_4;
    }
    return CCKIT_CC_UNKNOWN;
}

cckit_cc_version cckit_cc_version_parse(const char *s)
{
    if (!s)
        return CCKIT_CC_UNKNOWN;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    /* "1.3", "1.3.0", "v1p3", "13" */
    if (s[0] == 'v' && s[1] == '1' && s[2] == 'p' && s[3] >= '0' && s[3] <= '9' && !s[4])
        return from_minor(s[3] - '0');
    if (s[0] == '1' && s[1] >= '0' && s[1] <= '9' && !s[2])
        return from_minor(s[1] - '0');
    if (s[0] != '1' || s[1] != '.' || s[2] < '0' || s[2] > '9')
        return CCKIT_CC_UNKNOWN;
    const char *rest = s + 3;
    if (*rest == '.') {
        rest++;
        if (*rest != '0')
            return CCKIT_CC_UNKNOWN;
        rest++;
    }
    while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
        rest++;
    return *rest ? CCKIT_CC_UNKNOWN : from_minor(s[2] - '0');
}

/* "xmlv1p3" style suffix at p: returns the version, and *end past it. */
static cckit_cc_version suffix_version(const char *p, const char *tag,
                                       const char **end)
{
    size_t tl = strlen(tag);
    if (strncmp(p, tag, tl) != 0)
        return CCKIT_CC_UNKNOWN;
    p += tl;
    if (p[0] != '1' || p[1] != 'p' || p[2] < '0' || p[2] > '9')
        return CCKIT_CC_UNKNOWN;
    if (end)
        *end = p + 3;
    cckit_cc_version v = from_minor(p[2] - '0');
    return v;
}

cckit_kind cckit_kind_of_type(const char *type, cckit_cc_version *type_version)
{
    cckit_cc_version dummy;
    cckit_cc_version *tv = type_version ? type_version : &dummy;
    const char *end = NULL;
    *tv = CCKIT_CC_UNKNOWN;
    if (!type)
        return CCKIT_KIND_UNKNOWN;
    if (strcmp(type, "webcontent") == 0)
        return CCKIT_KIND_WEBCONTENT;
    if (strncmp(type, "associatedcontent/imscc_", 24) == 0) {
        cckit_cc_version v = suffix_version(type + 24, "xmlv", &end);
        if (v && strcmp(end, "/learning-application-resource") == 0) {
            *tv = v;
            return CCKIT_KIND_ASSOCIATED_CONTENT;
        }
        return CCKIT_KIND_UNKNOWN;
    }
    if (strncmp(type, "imsdt_", 6) == 0) {
        cckit_cc_version v = suffix_version(type + 6, "xmlv", &end);
        if (v && !*end) {
            *tv = v;
            return CCKIT_KIND_DISCUSSION;
        }
        return CCKIT_KIND_UNKNOWN;
    }
    if (strncmp(type, "imswl_", 6) == 0) {
        cckit_cc_version v = suffix_version(type + 6, "xmlv", &end);
        if (v && !*end) {
            *tv = v;
            return CCKIT_KIND_WEBLINK;
        }
        return CCKIT_KIND_UNKNOWN;
    }
    /* CC 1.4 packages: open video (descriptor or zip), QTI 3 */
    if (strcmp(type, "imsov_xmlv1p0") == 0 || strcmp(type, "imsov_zipv1p0") == 0) {
        *tv = CCKIT_CC_1_4;
        return CCKIT_KIND_OPEN_VIDEO;
    }
    if (strcmp(type, "imsqti_zipv3p0") == 0) {
        *tv = CCKIT_CC_1_4;
        return CCKIT_KIND_QTI3;
    }
    if (strncmp(type, "imsqti_", 7) == 0) {
        /* imsqti_xmlv1p2/imscc_xmlv1pN/{assessment,question-bank}; Chamilo
         * writes imsqti_xmlv1p3/... : accepted here, named by the validator. */
        if (!suffix_version(type + 7, "xmlv", &end) || strncmp(end, "/imscc_", 7) != 0)
            return CCKIT_KIND_UNKNOWN;
        cckit_cc_version v = suffix_version(end + 7, "xmlv", &end);
        if (!v)
            return CCKIT_KIND_UNKNOWN;
        if (strcmp(end, "/assessment") == 0) {
            *tv = v;
            return CCKIT_KIND_ASSESSMENT;
        }
        if (strcmp(end, "/question-bank") == 0) {
            *tv = v;
            return CCKIT_KIND_QUESTION_BANK;
        }
        return CCKIT_KIND_UNKNOWN;
    }
    if (strncmp(type, "imsbasiclti_", 12) == 0) {
        cckit_cc_version v = suffix_version(type + 12, "xmlv", &end);
        if (v && !*end) {
            /* v1p0 is the spelling of both 1.1 and 1.2 (LTI 1.0 links). */
            *tv = v == CCKIT_CC_1_0 ? CCKIT_CC_1_1 : v;
            return CCKIT_KIND_LTI_LINK;
        }
        return CCKIT_KIND_UNKNOWN;
    }
    if (strcmp(type, "assignment_xmlv1p0") == 0) {
        *tv = CCKIT_CC_1_3;
        return CCKIT_KIND_ASSIGNMENT;
    }
    if (strcmp(type, "idpfepub_epubv3p0") == 0) {
        *tv = CCKIT_CC_1_3;
        return CCKIT_KIND_EPUB;
    }
    if (strcmp(type, "imsapip_zipv1p0") == 0) {
        *tv = CCKIT_CC_1_3;
        return CCKIT_KIND_APIP;
    }
    if (strcmp(type, "imsiwb_iwbv1p0") == 0) {
        *tv = CCKIT_CC_1_3;
        return CCKIT_KIND_IWB;
    }
    return CCKIT_KIND_UNKNOWN;
}

/* Canonical type strings, table 2.1 of the reference (1.4 from its XSD). */
static const char *const type_table[CCKIT_KIND_COUNT][5] = {
    /*                               1.0  1.1  1.2  1.3  1.4 */
    [CCKIT_KIND_WEBCONTENT] = {"webcontent", "webcontent", "webcontent",
                               "webcontent", "webcontent"},
    [CCKIT_KIND_ASSOCIATED_CONTENT] = {
        "associatedcontent/imscc_xmlv1p0/learning-application-resource",
        "associatedcontent/imscc_xmlv1p1/learning-application-resource",
        "associatedcontent/imscc_xmlv1p2/learning-application-resource",
        "associatedcontent/imscc_xmlv1p3/learning-application-resource",
        "associatedcontent/imscc_xmlv1p4/learning-application-resource"},
    [CCKIT_KIND_DISCUSSION] = {"imsdt_xmlv1p0", "imsdt_xmlv1p1", "imsdt_xmlv1p2",
                               "imsdt_xmlv1p3", "imsdt_xmlv1p4"},
    [CCKIT_KIND_WEBLINK] = {"imswl_xmlv1p0", "imswl_xmlv1p1", "imswl_xmlv1p2",
                            "imswl_xmlv1p3", "imswl_xmlv1p4"},
    [CCKIT_KIND_ASSESSMENT] = {"imsqti_xmlv1p2/imscc_xmlv1p0/assessment",
                               "imsqti_xmlv1p2/imscc_xmlv1p1/assessment",
                               "imsqti_xmlv1p2/imscc_xmlv1p2/assessment",
                               "imsqti_xmlv1p2/imscc_xmlv1p3/assessment",
                               "imsqti_xmlv1p2/imscc_xmlv1p4/assessment"},
    [CCKIT_KIND_QUESTION_BANK] = {"imsqti_xmlv1p2/imscc_xmlv1p0/question-bank",
                                  "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank",
                                  "imsqti_xmlv1p2/imscc_xmlv1p2/question-bank",
                                  "imsqti_xmlv1p2/imscc_xmlv1p3/question-bank",
                                  "imsqti_xmlv1p2/imscc_xmlv1p4/question-bank"},
    [CCKIT_KIND_LTI_LINK] = {NULL, "imsbasiclti_xmlv1p0", "imsbasiclti_xmlv1p0",
                             "imsbasiclti_xmlv1p3", "imsbasiclti_xmlv1p4"},
    [CCKIT_KIND_ASSIGNMENT] = {NULL, NULL, NULL, "assignment_xmlv1p0",
                               "assignment_xmlv1p0"},
    [CCKIT_KIND_EPUB] = {NULL, NULL, NULL, "idpfepub_epubv3p0", "idpfepub_epubv3p0"},
    [CCKIT_KIND_APIP] = {NULL, NULL, NULL, "imsapip_zipv1p0", "imsapip_zipv1p0"},
    [CCKIT_KIND_IWB] = {NULL, NULL, NULL, "imsiwb_iwbv1p0", "imsiwb_iwbv1p0"},
    [CCKIT_KIND_OPEN_VIDEO] = {NULL, NULL, NULL, NULL, "imsov_zipv1p0"},
    [CCKIT_KIND_QTI3] = {NULL, NULL, NULL, NULL, "imsqti_zipv3p0"},
    [CCKIT_KIND_UNKNOWN] = {NULL, NULL, NULL, NULL, NULL},
};

const char *cckit_type_for(cckit_kind k, cckit_cc_version v)
{
    if ((int)k < 0 || k >= CCKIT_KIND_COUNT || v < CCKIT_CC_1_0 || v > CCKIT_CC_1_4)
        return NULL;
    return type_table[k][v - CCKIT_CC_1_0];
}

/* Version from the namespace of <manifest>; UNKNOWN for the plain IMS CP
 * namespace, which some 1.0 exporters use. */
cckit_cc_version cckit_version_of_namespace(const char *ns)
{
    static const char pre[] = "http://www.imsglobal.org/xsd/imscc";
    if (!ns || strncmp(ns, pre, sizeof pre - 1) != 0)
        return CCKIT_CC_UNKNOWN;
    const char *p = ns + sizeof pre - 1;
    if (strcmp(p, "/imscp_v1p1") == 0)
        return CCKIT_CC_1_0;
    if (p[0] == 'v' && p[1] == '1' && p[2] == 'p' && p[3] >= '1' && p[3] <= '4'
        && strcmp(p + 4, "/imscp_v1p1") == 0)
        return from_minor(p[3] - '0');
    return CCKIT_CC_UNKNOWN;
}
