/*
 * test_xml_state.c - libcckit leaves libxml2's and libxslt's
 * process-wide state as the calling program set it: a program that
 * installed its own generic error handler, external entity loader and
 * XSLT error handler finds them in place after parsing, validating and
 * converting with cckit, and cckit still refuses external entities
 * during its calls without ever asking the program's loader.
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/catalog.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>

#include "base/internal.h"
#include "base/tempfile.h"

static char dir[256];
static unsigned app_loads, app_errors, app_xslt_errors;

static xmlParserInputPtr app_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    CCKIT_UNUSED(url);
    CCKIT_UNUSED(id);
    CCKIT_UNUSED(ctxt);
    app_loads++;
    return NULL;
}

static void app_error(void *ctx, const char *msg, ...)
{
    CCKIT_UNUSED(ctx);
    CCKIT_UNUSED(msg);
    app_errors++;
}

static void app_xslt_error(void *ctx, const char *msg, ...)
{
    CCKIT_UNUSED(ctx);
    CCKIT_UNUSED(msg);
    app_xslt_errors++;
}

static int app_ctx;

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-xmlstate-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    xmlInitParser();
    xmlSetExternalEntityLoader(app_loader);
    xmlSetGenericErrorFunc(&app_ctx, app_error);
    xmlCatalogSetDefaults(XML_CATA_ALLOW_ALL);
    xsltSetGenericErrorFunc(&app_ctx, app_xslt_error);
    return 0;
}

static int suite_clean(void)
{
    xmlSetExternalEntityLoader(NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    xsltSetGenericErrorFunc(NULL, NULL);
    return cckit_rm_tree_at(AT_FDCWD, dir);
}

/* The program's handlers are the ones installed in suite_init. */
static void assert_app_state(void)
{
    CU_ASSERT(xmlGetExternalEntityLoader() == app_loader);
    CU_ASSERT(xmlGenericError == app_error);
    CU_ASSERT(xmlGenericErrorContext == &app_ctx);
    CU_ASSERT_EQUAL(xmlCatalogGetDefaults(), XML_CATA_ALLOW_ALL);
    CU_ASSERT(xsltGenericError == app_xslt_error);
    CU_ASSERT(xsltGenericErrorContext == &app_ctx);
    CU_ASSERT_PTR_NULL(xsltGetDefaultSecurityPrefs());
}

static const char *p(const char *name)
{
    static char buf[2][512];
    static int k;
    k = (k + 1) % 2;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
}

static void test_parse_refuses_and_restores(void)
{
    static const char *hostile[] = {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest SYSTEM \"file:///etc/passwd\">\n"
        "<manifest xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\"/>\n",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        "<manifest xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\">&x;</manifest>\n",
        "<?xml version=\"1.0\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\">"
        "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>"
        "</manifest>\n",
    };
    app_loads = 0;
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        put(p("imsmanifest.xml"), hostile[i]);
        cckit_manifest *m = NULL;
        cckit_error err;
        memset(&err, 0, sizeof err);
        cckit_status st = cckit_manifest_parse_file(p("imsmanifest.xml"), NULL, &m, &err);
        CU_ASSERT_NOT_EQUAL(st, CCKIT_OK);
        CU_ASSERT_PTR_NULL(m);
        cckit_manifest_free(m);
        assert_app_state();
    }
    CU_ASSERT_EQUAL(app_loads, 0);   /* cckit never used the program's loader */
}

static void test_validate_and_convert_restore(void)
{
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_validation *v = NULL;
    cckit_error err;
    app_loads = 0;
    /* The schemas import each other: that works only with cckit's loader
     * in place during the call (the program's refuses everything). */
    CU_ASSERT_EQUAL_FATAL(cckit_validate(CCKIT_TEST_SRCDIR "/samples/minimal-cc1.1", &vo, &v,
                                         &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_validation_count(v, CCKIT_SEV_ERROR), 0);
    cckit_validation_free(v);
    assert_app_state();

    cckit_convert_options co;
    cckit_convert_options_default(&co);
    co.xsl_dir = CCKIT_TEST_SRCDIR "/xsl";
    co.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_loss_report *rep = NULL;
    CU_ASSERT_EQUAL(cckit_convert(CCKIT_TEST_SRCDIR "/samples/minimal-cc1.1", p("out.imscc"), &co,
                                  &rep, &err), CCKIT_OK);
    CU_ASSERT(rep && rep->written);
    cckit_loss_report_free(rep);
    assert_app_state();
    CU_ASSERT_EQUAL(app_loads, 0);
    CU_ASSERT_EQUAL(app_errors, 0);
}

void register_xml_state_tests(void)
{
    CU_pSuite s = CU_add_suite("xml_state", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "hostile manifests refused, program's handlers kept", test_parse_refuses_and_restores);
    CU_add_test(s, "validate and convert keep the program's handlers", test_validate_and_convert_restore);
}
