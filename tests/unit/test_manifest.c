/*
 * test_manifest.c - the manifest reader: tree contents, version
 * detection, recorded oddities and refusals of unsafe XML.
 */
#include "unit.h"
#include "base/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS13 "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
#define NS11 "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"

struct membuf {
    const char *p;
    size_t left;
    size_t chunk;   /* feed in small pieces to exercise the push parser */
};

static long mem_read(void *ctx, void *buf, size_t n, cckit_error *err)
{
    struct membuf *m = ctx;
    CCKIT_UNUSED(err);
    if (n > m->chunk)
        n = m->chunk;
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long)n;
}

static cckit_status parse_n(const char *xml, size_t len, const cckit_limits *lim,
                            cckit_manifest **out, cckit_error *err)
{
    struct membuf mb = {xml, len, 7};
    return cckit_manifest_parse(mem_read, &mb, "imsmanifest.xml", lim, out, err);
}

static cckit_status parse(const char *xml, cckit_manifest **out, cckit_error *err)
{
    return parse_n(xml, strlen(xml), NULL, out, err);
}

static bool has_code(const cckit_manifest *m, const char *code)
{
    for (size_t i = 0; i < m->diags.n; i++)
        if (strcmp(m->diags.v[i].code, code) == 0)
            return true;
    return false;
}

static const char full13[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest identifier=\"M1\" xmlns=\"" NS13 "\"\n"
    "  xmlns:lomimscc=\"http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest\"\n"
    "  xmlns:cpx=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_extensionv1p2\">\n"
    "  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion>\n"
    "    <lomimscc:lom><lomimscc:general>\n"
    "      <lomimscc:title><lomimscc:string language=\"en\">  Intro &amp; More </lomimscc:string></lomimscc:title>\n"
    "      <lomimscc:language>en</lomimscc:language>\n"
    "      <lomimscc:description><lomimscc:string><![CDATA[A <b>course</b>]]></lomimscc:string></lomimscc:description>\n"
    "      <lomimscc:keyword><lomimscc:string>alpha</lomimscc:string></lomimscc:keyword>\n"
    "      <lomimscc:keyword><lomimscc:string>beta</lomimscc:string></lomimscc:keyword>\n"
    "    </lomimscc:general></lomimscc:lom></metadata>\n"
    "  <organizations><organization identifier=\"O1\" structure=\"rooted-hierarchy\">\n"
    "    <item identifier=\"ROOT\">\n"
    "      <item identifier=\"I1\"><title>Module 1</title>\n"
    "        <item identifier=\"I2\" identifierref=\"R1\"><title>Page</title></item>\n"
    "        <item identifier=\"I3\" identifierref=\"R2\"><title>Topic</title></item>\n"
    "      </item>\n"
    "      <item identifier=\"I4\" identifierref=\"NOPE\"><title>Dangling</title></item>\n"
    "    </item></organization></organizations>\n"
    "  <resources>\n"
    "    <resource identifier=\"R1\" type=\"webcontent\" href=\"p/a%20b.html\" xml:base=\"x/\">\n"
    "      <file href=\"p/a%20b.html\"/><file href=\"p/img.png\"/>\n"
    "      <dependency identifierref=\"R3\"/>\n"
    "    </resource>\n"
    "    <resource identifier=\"R2\" type=\"imsdt_xmlv1p3\"><file href=\"t/topic.xml\"/>\n"
    "      <cpx:variant identifier=\"V1\" identifierref=\"R3\"><cpx:metadata/></cpx:variant></resource>\n"
    "    <resource identifier=\"R3\" type=\"webcontent\" intendeduse=\"syllabus\"><file href=\"s.pdf\"/>\n"
    "      <file href=\"a&amp;b&#38;c&amp;#38;.txt\"/></resource>\n"
    "  </resources>\n"
    "</manifest>\n";

static void test_full_tree(void)
{
    cckit_manifest *m = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(parse(full13, &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(m->version, CCKIT_CC_1_3);
    CU_ASSERT_EQUAL(m->version_source, CCKIT_VSRC_NAMESPACE);
    CU_ASSERT_FALSE(m->thin);
    CU_ASSERT_STRING_EQUAL(m->identifier, "M1");
    CU_ASSERT_STRING_EQUAL(m->metadata.schema, "IMS Common Cartridge");
    CU_ASSERT_STRING_EQUAL(m->metadata.title, "Intro & More");
    CU_ASSERT_STRING_EQUAL(m->metadata.language, "en");
    CU_ASSERT_STRING_EQUAL(m->metadata.description, "A <b>course</b>");
    CU_ASSERT_EQUAL_FATAL(m->metadata.n_keywords, 2);
    CU_ASSERT_STRING_EQUAL(m->metadata.keywords[1], "beta");

    CU_ASSERT_PTR_NOT_NULL_FATAL(m->organization);
    CU_ASSERT_STRING_EQUAL(m->organization->structure, "rooted-hierarchy");
    CU_ASSERT_EQUAL(m->n_items, 5);
    const char *order[] = {"ROOT", "I1", "I2", "I3", "I4"};
    unsigned depths[] = {0, 1, 2, 2, 1};
    size_t i = 0;
    for (const cckit_item *it = m->organization->first_item; it; it = cckit_item_next(it), i++) {
        CU_ASSERT_FATAL(i < 5);
        CU_ASSERT_STRING_EQUAL(it->identifier, order[i]);
        CU_ASSERT_EQUAL(it->depth, depths[i]);
    }
    CU_ASSERT_EQUAL(i, 5);
    const cckit_item *i2 = m->organization->first_item->first_child->first_child;
    CU_ASSERT_STRING_EQUAL(i2->title, "Page");
    CU_ASSERT_PTR_EQUAL(i2->resource, m->resources[0]);
    CU_ASSERT_EQUAL(i2->pos.line, 16);
    const cckit_item *i4 = m->organization->first_item->last_child;
    CU_ASSERT_STRING_EQUAL(i4->identifier, "I4");
    CU_ASSERT_PTR_NULL(i4->resource);

    CU_ASSERT_EQUAL_FATAL(m->n_resources, 3);
    const cckit_resource *r1 = m->resources[0];
    CU_ASSERT_EQUAL(r1->kind, CCKIT_KIND_WEBCONTENT);
    CU_ASSERT_STRING_EQUAL(r1->href, "p/a%20b.html");
    CU_ASSERT_STRING_EQUAL(r1->xml_base, "x/");
    CU_ASSERT_EQUAL(r1->n_files, 2);
    CU_ASSERT_STRING_EQUAL(r1->files[1].href, "p/img.png");
    CU_ASSERT_EQUAL_FATAL(r1->n_deps, 1);
    CU_ASSERT_PTR_EQUAL(r1->deps[0].resource, m->resources[2]);
    const cckit_resource *r2 = m->resources[1];
    CU_ASSERT_EQUAL(r2->kind, CCKIT_KIND_DISCUSSION);
    CU_ASSERT_EQUAL(r2->type_version, CCKIT_CC_1_3);
    CU_ASSERT_EQUAL_FATAL(r2->n_variants, 1);
    CU_ASSERT_STRING_EQUAL(r2->variants[0].identifierref, "R3");
    CU_ASSERT_STRING_EQUAL(m->resources[2]->intendeduse, "syllabus");
    /* '&' in attributes, however written, reads back as one '&'. */
    CU_ASSERT_STRING_EQUAL(m->resources[2]->files[1].href, "a&b&c&#38;.txt");
    CU_ASSERT_EQUAL(m->n_files, 5);
    CU_ASSERT_PTR_EQUAL(cckit_manifest_find_resource(m, "R2"), r2);
    CU_ASSERT_PTR_NULL(cckit_manifest_find_resource(m, "I1"));
    /* A clean 1.3 manifest records no warnings or errors. */
    CU_ASSERT_EQUAL(cckit_diags_count(&m->diags, CCKIT_SEV_ERROR), 0);
    CU_ASSERT_EQUAL(cckit_diags_count(&m->diags, CCKIT_SEV_WARNING), 0);
    cckit_manifest_free(m);
}

static void test_version_fallbacks(void)
{
    cckit_manifest *m = NULL;
    cckit_error err;
    /* Plain CP namespace: the schemaversion decides. */
    CU_ASSERT_EQUAL_FATAL(parse("<manifest identifier=\"a\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\">"
                                "<metadata><schema>IMS Thin Common Cartridge</schema>"
                                "<schemaversion>1.2.0</schemaversion></metadata>"
                                "<organizations/><resources/></manifest>", &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(m->version, CCKIT_CC_1_2);
    CU_ASSERT_EQUAL(m->version_source, CCKIT_VSRC_SCHEMAVERSION);
    CU_ASSERT_TRUE(m->thin);
    cckit_manifest_free(m);
    /* No metadata: the type strings decide (majority, ties to newer). */
    CU_ASSERT_EQUAL_FATAL(parse("<manifest identifier=\"a\"><organizations/><resources>"
                                "<resource identifier=\"r1\" type=\"imsdt_xmlv1p1\"/>"
                                "<resource identifier=\"r2\" type=\"imswl_xmlv1p1\"/>"
                                "<resource identifier=\"r3\" type=\"imswl_xmlv1p3\"/>"
                                "<resource identifier=\"r4\" type=\"webcontent\"/>"
                                "</resources></manifest>", &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(m->version, CCKIT_CC_1_1);
    CU_ASSERT_EQUAL(m->version_source, CCKIT_VSRC_TYPES);
    CU_ASSERT_TRUE(has_code(m, "manifest.type-version"));
    CU_ASSERT_TRUE(has_code(m, "manifest.no-namespace"));
    cckit_manifest_free(m);
    /* Namespace and schemaversion disagree: namespace wins, noted. */
    CU_ASSERT_EQUAL_FATAL(parse("<manifest identifier=\"a\" xmlns=\"" NS11 "\"><metadata>"
                                "<schemaversion>1.3.0</schemaversion></metadata>"
                                "<organizations/><resources/></manifest>", &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(m->version, CCKIT_CC_1_1);
    CU_ASSERT_TRUE(has_code(m, "manifest.version-mismatch"));
    cckit_manifest_free(m);
}

static void test_oddities(void)
{
    cckit_manifest *m = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(parse("<manifest identifier=\"M\" xmlns=\"" NS13 "\" version=\"1\">"
                                "<organizations><organization identifier=\"O\" structure=\"rooted-hierarchy\">"
                                "<item identifier=\"root\"><item identifier=\"9bad\" title=\"T\" identifierref=\"r\"/>"
                                "</item></organization><organization identifier=\"O2\"/></organizations>"
                                "<resources><resource identifier=\"r\" type=\"imsdt_xmlv1p1\"><file href=\"x.xml\"/></resource>"
                                "<resource identifier=\"r\" type=\"weird\"/></resources></manifest>",
                                &m, &err), CCKIT_OK);
    CU_ASSERT_TRUE(has_code(m, "manifest.version-attribute"));
    CU_ASSERT_TRUE(has_code(m, "manifest.id-not-ncname"));
    CU_ASSERT_TRUE(has_code(m, "manifest.item-title-attribute"));
    CU_ASSERT_TRUE(has_code(m, "manifest.multiple-organizations"));
    CU_ASSERT_TRUE(has_code(m, "manifest.duplicate-id"));
    CU_ASSERT_TRUE(has_code(m, "manifest.unknown-type"));
    CU_ASSERT_TRUE(has_code(m, "manifest.type-version"));
    CU_ASSERT_EQUAL(m->n_organizations, 2);
    CU_ASSERT_STRING_EQUAL(m->organization->first_item->first_child->title, "T");
    /* Duplicated identifiers resolve to the first resource, never another. */
    CU_ASSERT_PTR_EQUAL(cckit_manifest_find_resource(m, "r"), m->resources[0]);
    cckit_manifest_free(m);
}

static void test_encodings(void)
{
    cckit_manifest *m = NULL;
    cckit_error err;
    const char bom[] = "\xEF\xBB\xBF<manifest identifier=\"a\" xmlns=\"" NS13 "\"/>";
    CU_ASSERT_EQUAL_FATAL(parse(bom, &m, &err), CCKIT_OK);
    CU_ASSERT_TRUE(m->had_bom);
    cckit_manifest_free(m);

    /* UTF-16LE with a BOM. */
    const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><manifest identifier=\"u\" xmlns=\"" NS13
                        "\"><metadata><schemaversion>1.3.0</schemaversion></metadata></manifest>";
    size_t n = strlen(ascii);
    char *u16 = malloc(2 * n + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u16);
    u16[0] = (char)0xFF;
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) {
        u16[2 + 2 * i] = ascii[i];
        u16[3 + 2 * i] = 0;
    }
    CU_ASSERT_EQUAL(parse_n(u16, 2 * n + 2, NULL, &m, &err), CCKIT_OK);
    if (m) {
        CU_ASSERT_STRING_EQUAL(m->identifier, "u");
        CU_ASSERT_EQUAL(m->version, CCKIT_CC_1_3);
        cckit_manifest_free(m);
    }
    free(u16);
}

/* Names and namespaces are compared by pointer (the parser's
 * dictionary): the same namespace under another prefix is the same, a
 * foreign element of the same local name is not, whatever came before. */
static void test_namespaces_by_identity(void)
{
    cckit_manifest *m = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(parse("<manifest identifier=\"M\" xmlns=\"" NS13 "\""
                                " xmlns:cp=\"" NS13 "\" xmlns:f=\"urn:foreign\">"
                                "<cp:resources><f:resource identifier=\"f1\" type=\"webcontent\"/>"
                                "<cp:resource identifier=\"r1\" type=\"webcontent\" href=\"a.html\">"
                                "<f:file href=\"no.html\"/><cp:file href=\"a.html\"/></cp:resource>"
                                "<f:resource identifier=\"f2\" type=\"webcontent\"/>"
                                "<resource xmlns=\"urn:foreign\" identifier=\"f3\" type=\"webcontent\"/>"
                                "<resource identifier=\"r2\" type=\"webcontent\"><file href=\"b.html\"/>"
                                "</resource></cp:resources></manifest>", &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(m->n_resources, 2);
    CU_ASSERT_STRING_EQUAL(m->resources[0]->identifier, "r1");
    CU_ASSERT_EQUAL_FATAL(m->resources[0]->n_files, 1);
    CU_ASSERT_STRING_EQUAL(m->resources[0]->files[0].href, "a.html");
    CU_ASSERT_STRING_EQUAL(m->resources[1]->identifier, "r2");
    CU_ASSERT_PTR_NULL(cckit_manifest_find_resource(m, "f2"));
    cckit_manifest_free(m);
    /* XInclude is refused after elements of other namespaces too. */
    m = (cckit_manifest *)1;
    CU_ASSERT_EQUAL(parse("<manifest identifier=\"a\" xmlns:f=\"urn:foreign\""
                          " xmlns:xi=\"http://www.w3.org/2003/XInclude\"><f:x/><f:y/>"
                          "<xi:include href=\"x.xml\"/></manifest>", &m, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_PTR_NULL(m);
}

/* The lexical check of identifiers (xs:NCName, non-ASCII accepted). */
static void test_ncname(void)
{
    static const struct { const char *id; bool ok; } cases[] = {
        { "a", true }, { "_x", true }, { "Zz-9._", true }, { "\xC3\xA9t\xC3\xA9", true },
        { "9a", false }, { "-a", false }, { ".a", false }, { "a:b", false }, { "a b", false },
        { "a/b", false }, { "a@", false }, { "[a", false }, { "a`", false }, { "a{", false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[256];
        snprintf(xml, sizeof xml, "<manifest identifier=\"%s\" xmlns=\"" NS13 "\"/>", cases[i].id);
        cckit_manifest *m = NULL;
        cckit_error err;
        CU_ASSERT_EQUAL_FATAL(parse(xml, &m, &err), CCKIT_OK);
        if (has_code(m, "manifest.id-not-ncname") == cases[i].ok)
            CU_FAIL(cases[i].id);
        cckit_manifest_free(m);
    }
}

static void test_refusals(void)
{
    cckit_manifest *m = (cckit_manifest *)1;
    cckit_error err;
    CU_ASSERT_EQUAL(parse("<?xml version=\"1.0\"?><!DOCTYPE manifest [<!ENTITY x \"y\">]>"
                          "<manifest identifier=\"a\">&x;</manifest>", &m, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "DOCTYPE"));
    CU_ASSERT_EQUAL(parse("<manifest identifier=\"a\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                          "<xi:include href=\"file:///etc/passwd\"/></manifest>", &m, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "XInclude"));
    CU_ASSERT_EQUAL(parse("<manifest identifier=\"a\">&undefined;</manifest>", &m, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_EQUAL(parse("<manifest identifier=\"a\"><unclosed></manifest>", &m, &err), CCKIT_E_XML);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "line 1"));
    CU_ASSERT_EQUAL(parse("<package/>", &m, &err), CCKIT_E_XML);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "<package>"));
    CU_ASSERT_EQUAL(parse("", &m, &err), CCKIT_E_XML);
    CU_ASSERT_EQUAL(parse("<manifest identifier=\"\xC3\x28\"/>", &m, &err), CCKIT_E_XML);

    /* Depth and size caps say which limit was hit, and where. */
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_xml_depth = 4;
    const char *deep = "<manifest><a><b><c><d/></c></b></a></manifest>";
    CU_ASSERT_EQUAL(parse_n(deep, strlen(deep), &lim, &m, &err), CCKIT_E_LIMIT);
    CU_ASSERT_EQUAL(err.limit, CCKIT_LIMIT_XML_DEPTH);
    CU_ASSERT_STRING_EQUAL(err.file, "imsmanifest.xml");
    CU_ASSERT_EQUAL(err.line, 1);
    CU_ASSERT_PTR_NULL(strstr(err.message, "--"));
    lim.max_xml_depth = 5;
    CU_ASSERT_EQUAL(parse_n(deep, strlen(deep), &lim, &m, &err), CCKIT_OK);
    cckit_manifest_free(m);
    cckit_limits_default(&lim);
    lim.max_manifest_size = 20;
    CU_ASSERT_EQUAL(parse_n(deep, strlen(deep), &lim, &m, &err), CCKIT_E_LIMIT);
    CU_ASSERT_EQUAL(err.limit, CCKIT_LIMIT_MANIFEST_SIZE);
    CU_ASSERT_PTR_NULL(strstr(err.message, "--"));
}

/* 50,000 items and resources: read in one linear pass (a quadratic
 * duplicate check would make this test crawl under sanitizers). */
/* R34: the roles and contexts of a resource's LOM, in LOM's plain and
 * langstring-wrapped forms; roles elsewhere (the manifest LOM, a foreign
 * element) are not the resource's. */
static void test_resource_roles(void)
{
    const char *xml =
        "<manifest xmlns='" NS11 "' xmlns:l='http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource'"
        " xmlns:m='http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest'>"
        "<metadata><m:lom><m:educational><m:intendedEndUserRole><m:source>S</m:source>"
        "<m:value>Nobody</m:value></m:intendedEndUserRole></m:educational></m:lom></metadata>"
        "<organizations/><resources>"
        "<resource identifier='r1' type='webcontent' href='a.html'><metadata><l:lom><l:educational>\n"
        "<l:intendedEndUserRole><l:source> IMSGLC_CC_Rolesv1p1 </l:source><l:value>Instructor</l:value>"
        "</l:intendedEndUserRole>\n"
        "<l:intendedEndUserRole><l:source><l:langstring>IMSGLC_CC_Rolesv1p1</l:langstring></l:source>"
        "<l:value><l:langstring>Mentor</l:langstring></l:value></l:intendedEndUserRole>"
        "<l:context><l:source>IMSGLC_CC_Rolesv1p1</l:source><l:value>school</l:value></l:context>"
        "</l:educational><l:general><l:intendedEndUserRole><l:value>Learner</l:value>"
        "</l:intendedEndUserRole></l:general></l:lom></metadata><file href='a.html'/></resource>"
        "<resource identifier='r2' type='webcontent' href='b.html'><file href='b.html'/></resource>"
        "</resources></manifest>";
    cckit_manifest *m = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(parse_n(xml, strlen(xml), NULL, &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(m->n_resources, 2);
    const cckit_resource *r = m->resources[0];
    CU_ASSERT_EQUAL_FATAL(r->n_roles, 2);
    CU_ASSERT_STRING_EQUAL(r->roles[0].source, "IMSGLC_CC_Rolesv1p1");
    CU_ASSERT_STRING_EQUAL(r->roles[0].value, "Instructor");
    CU_ASSERT_EQUAL(r->roles[0].pos.line, 2);
    CU_ASSERT_STRING_EQUAL(r->roles[1].source, "IMSGLC_CC_Rolesv1p1");
    CU_ASSERT_STRING_EQUAL(r->roles[1].value, "Mentor");
    CU_ASSERT_EQUAL_FATAL(r->n_contexts, 1);
    CU_ASSERT_STRING_EQUAL(r->contexts[0].value, "school");
    CU_ASSERT_EQUAL(m->resources[1]->n_roles, 0);
    cckit_manifest_free(m);
}

static void test_many_items(void)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    cckit_strbuf_adds(&b, "<manifest identifier=\"M\" xmlns=\"" NS11 "\"><organizations>"
                          "<organization identifier=\"O\" structure=\"rooted-hierarchy\"><item identifier=\"root\">");
    for (int i = 0; i < 50000; i++)
        cckit_strbuf_printf(&b, "<item identifier=\"i%d\" identifierref=\"r%d\"><title>t</title></item>", i, i);
    cckit_strbuf_adds(&b, "</item></organization></organizations><resources>");
    for (int i = 0; i < 50000; i++)
        cckit_strbuf_printf(&b, "<resource identifier=\"r%d\" type=\"webcontent\" href=\"p%d.html\">"
                                "<file href=\"p%d.html\"/></resource>", i, i, i);
    cckit_strbuf_adds(&b, "</resources></manifest>");
    CU_ASSERT_FALSE_FATAL(b.oom);
    cckit_manifest *m = NULL;
    cckit_error err;
    struct membuf mb = {b.s, b.len, 65536};
    CU_ASSERT_EQUAL_FATAL(cckit_manifest_parse(mem_read, &mb, "imsmanifest.xml", NULL, &m, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(m->n_items, 50001);
    CU_ASSERT_EQUAL(m->n_resources, 50000);
    CU_ASSERT_EQUAL(m->organization->first_item->n_children, 50000);
    CU_ASSERT_PTR_EQUAL(m->organization->first_item->last_child->resource, m->resources[49999]);
    CU_ASSERT_EQUAL(m->diags.n, 0);
    cckit_manifest_free(m);
    cckit_strbuf_free(&b);
}

void register_manifest_tests(void)
{
    CU_pSuite s = CU_add_suite("manifest", NULL, NULL);
    CU_add_test(s, "full CC 1.3 tree", test_full_tree);
    CU_add_test(s, "version detection fallbacks", test_version_fallbacks);
    CU_add_test(s, "oddities recorded", test_oddities);
    CU_add_test(s, "BOM and UTF-16", test_encodings);
    CU_add_test(s, "unsafe or broken XML refused", test_refusals);
    CU_add_test(s, "namespaces and names by identity", test_namespaces_by_identity);
    CU_add_test(s, "identifiers as NCNames", test_ncname);
    CU_add_test(s, "50,000 items", test_many_items);
    CU_add_test(s, "resource LOM roles and contexts", test_resource_roles);
}
