/*
 * test_convert_present.c - manifest.xsl's parameter "present"
 * (export/convert_xsl.c, cckit_conv_manifest_present): the answers of
 * one walk of the DOM must be those of the XPath scans it replaces
 * (schema-location's four, and the fast mode's two), evaluated by
 * libxml2 on the same tree: on small
 * manifests made for each word, and on every imsmanifest.xml of the
 * source tree's tests and samples.  A DOCTYPE (entities) gives "": the
 * stylesheet scans itself.
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "base/internal.h"
#include "export/convert_xsl.h"

#define CP_NS(v) "namespace-uri() = 'http://www.imsglobal.org/xsd/imscc" v "/imscp_v1p1'"
static const char *const words[] = { "res-meta", "auth", "csm", "cpx", "roles", "plain" };
#define NWORDS (sizeof words / sizeof words[0])
static const char *const scans[NWORDS] = {
    "boolean(//*[local-name() = 'resource']/*[local-name() = 'metadata'])",
    "boolean(//@*[contains(namespace-uri(), 'imsccauth_v1p')] or //*[contains(namespace-uri(), 'imsccauth_v1p')])",
    "boolean(//*[contains(namespace-uri(), '/imscsmd_v1p')])",
    "boolean(//*[contains(namespace-uri(), 'imscp_extensionv1p2')])",
    "boolean(//text()[contains(., 'IMSGLC_CC_Rolesv1p')])",
    "not(/*//*[" CP_NS("") " or " CP_NS("v1p1") " or " CP_NS("v1p2") " or " CP_NS("v1p3") " or " CP_NS("v1p4") "]"
    "[name() != local-name() or @*[namespace-uri() != '']])"
    " and not(//*[local-name() = 'resource'][not(local-name(..) = 'resources' and count(../../ancestor::node()) = 1)])",
};
static int compared, unknown, seen[NWORDS];

/* present of doc against the XPath; false when they disagree. */
static bool agrees(xmlDocPtr doc, const char *what)
{
    char buf[64];
    cckit_conv_manifest_present(doc, buf, sizeof buf);
    if (!buf[0]) {
        unknown++;
        return true;
    }
    bool ok = strncmp(buf, " known ", 7) == 0;
    xmlXPathContextPtr x = xmlXPathNewContext(doc);
    for (size_t i = 0; i < NWORDS && x; i++) {
        xmlXPathObjectPtr r = xmlXPathEval((const xmlChar *)scans[i], x);
        char w[32];
        snprintf(w, sizeof w, " %s ", words[i]);
        bool said = strstr(buf, w) != NULL, is = r && r->boolval;
        if (said != is) {
            fprintf(stderr, "\n%s: %s says %d, XPath %d\n", what, words[i], said, is);
            ok = false;
        }
        seen[i] += is;
        xmlXPathFreeObject(r);
    }
    xmlXPathFreeContext(x);
    compared++;
    return ok && x;
}

static bool agrees_text(const char *xml)
{
    xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, cckit_xml_parse_options());
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    bool ok = agrees(d, xml);
    xmlFreeDoc(d);
    return ok;
}

static cckit_xml_scope scope;   /* the library's hardened libxml2 set-up */

static int suite_init(void)
{
    cckit_xml_enter(&scope);
    return 0;
}

static int suite_clean(void)
{
    cckit_xml_leave(&scope);
    return 0;
}

static void test_made(void)
{
    const char *cp = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1";
    char b[2048];
    snprintf(b, sizeof b, "<manifest xmlns='%s'><resources><resource identifier='r'/></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s'><resources><resource identifier='r'><metadata/></resource></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    /* metadata as text, or a grandchild, is not a child element */
    snprintf(b, sizeof b, "<manifest xmlns='%s'><resources><resource>metadata<x><metadata/></x></resource></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    /* any namespace, any place */
    CU_ASSERT(agrees_text("<a><b:resource xmlns:b='urn:x'><c:metadata xmlns:c='urn:y'/></b:resource></a>"));
    snprintf(b, sizeof b, "<manifest xmlns='%s' xmlns:au='http://www.imsglobal.org/xsd/imsccv1p1/imsccauth_v1p1'>"
             "<resources><resource au:protect='true'/></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s'><au:authorizations xmlns:au='http://www.imsglobal.org/xsd/imsccv1p2/imsccauth_v1p2'/></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    /* declared but used by nothing */
    snprintf(b, sizeof b, "<manifest xmlns='%s' xmlns:au='http://www.imsglobal.org/xsd/imsccv1p1/imsccauth_v1p1'"
             " xmlns:csm='http://www.imsglobal.org/xsd/imsccv1p2/imscsmd_v1p0'/>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s'><metadata><curriculumStandardsMetadataSet xmlns='http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0'/></metadata>"
             "<resources><resource><variant xmlns='http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2'/></resource></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    /* comments, PIs and text around and inside */
    snprintf(b, sizeof b, "<!--a--><?p x?><manifest xmlns='%s'><!--b--><resources>t<resource><?q?><metadata/></resource></resources></manifest><!--c-->", cp);
    CU_ASSERT(agrees_text(b));
    /* role text, in a CDATA section too; a prefixed CP element or a
       qualified attribute of one is not plain, on the root it is */
    snprintf(b, sizeof b, "<manifest xmlns='%s'><metadata><lom><source>IMSGLC_CC_Rolesv1p2</source></lom></metadata></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s'><title><![CDATA[ IMSGLC_CC_Rolesv1p1]]></title></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<c:manifest xmlns:c='%s' xmlns:x='urn:x' x:a='1'><resources xmlns='%s'/></c:manifest>", cp, cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s' xmlns:c='%s'><c:resources/></manifest>", cp, cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s' xmlns:x='urn:x'><resources><resource x:a='1'/></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s'><x:resources xmlns:x='urn:x' x:a='1'/></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    /* a resource out of /manifest/resources, in any namespace */
    snprintf(b, sizeof b, "<manifest xmlns='%s'><resources><resource/></resources><metadata><x:resource xmlns:x='urn:x'/></metadata></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    snprintf(b, sizeof b, "<manifest xmlns='%s'><resources><resources><resource/></resources></resources></manifest>", cp);
    CU_ASSERT(agrees_text(b));
    CU_ASSERT(agrees_text("<resource/>"));
    /* entities: the walk does not answer */
    char buf[64];
    const char *ent = "<!DOCTYPE m [<!ENTITY e '<resource><metadata/></resource>'>]><m>&e;</m>";
    xmlDocPtr d = xmlReadMemory(ent, (int)strlen(ent), "e.xml", NULL, cckit_xml_parse_options());
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    cckit_conv_manifest_present(d, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "");
    xmlFreeDoc(d);
}

static bool all_ok;

static int one_file(const char *path, const struct stat *sb, int type, struct FTW *f)
{
    (void)sb;
    if (type != FTW_F || strcmp(path + f->base, "imsmanifest.xml") != 0)
        return 0;
    /* read here, parsed from memory: libxml2's file loaders are the
     * library's business (other suites leave them set up for it) */
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    static char text[1 << 22];
    size_t n = fread(text, 1, sizeof text, fp);
    fclose(fp);
    xmlDocPtr d = n < sizeof text ? xmlReadMemory(text, (int)n, path, NULL, cckit_xml_parse_options())
                                  : NULL;
    if (d) {
        all_ok = agrees(d, path) && all_ok;
        xmlFreeDoc(d);
    }
    return 0;
}

static void test_tree(void)
{
    all_ok = true;
    compared = unknown = 0;
    memset(seen, 0, sizeof seen);
    char p[4096];
    snprintf(p, sizeof p, "%s/tests", CCKIT_TEST_SRCDIR);
    CU_ASSERT_EQUAL(nftw(p, one_file, 16, FTW_PHYS), 0);
    snprintf(p, sizeof p, "%s/samples", CCKIT_TEST_SRCDIR);
    CU_ASSERT_EQUAL(nftw(p, one_file, 16, FTW_PHYS), 0);
    CU_ASSERT(all_ok);
    CU_ASSERT(compared > 100);
    /* each word held by some manifest, so each answer was tested both ways */
    for (size_t i = 0; i < NWORDS; i++)
        CU_ASSERT(seen[i] > 0 && seen[i] < compared);
}

void register_convert_present_tests(void)
{
    CU_pSuite s = CU_add_suite("convert_present", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "made for each word", test_made);
    CU_add_test(s, "every manifest of tests and samples", test_tree);
}
