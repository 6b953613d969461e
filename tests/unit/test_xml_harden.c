/*
 * test_xml_harden.c - the XML readers share one hardening: the manifest
 * reader (tree), the DOM loader of descriptors (xml_doc.c) and the
 * streamed schema check of the manifest (xsd_manifest.c, reached through
 * its entry point with a benign tree and a hostile file, since the reader
 * refuses first in a real run) refuse the same DOCTYPEs, entity
 * declarations and references and XInclude elements, and stop at the same depth for the same limit (0 meaning the
 * root alone), naming the limit in the error.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "validate/validate.h"
#include "tree/tree.h"
#include <stdlib.h>
#include <unistd.h>

struct mem {
    const char *p;
    size_t left;
};

static long mem_read(void *ctx, void *buf, size_t n, cckit_error *err)
{
    struct mem *m = ctx;
    (void)err;
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long)n;
}

#define NS "xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\""

static const struct hostile {
    const char *what, *doc;
    cckit_status want;
} hostile[] = {
    { "external DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest SYSTEM \"http://example.org/x.dtd\">\n"
      "<manifest " NS "/>", CCKIT_E_UNSAFE },
    { "internal subset", "<!DOCTYPE manifest [ ]>\n<manifest " NS "/>", CCKIT_E_UNSAFE },
    { "entity declaration", "<!DOCTYPE manifest [<!ENTITY e \"x\">]>\n<manifest " NS ">&e;</manifest>",
      CCKIT_E_UNSAFE },
    { "external entity", "<!DOCTYPE manifest [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
      "<manifest " NS ">&e;</manifest>", CCKIT_E_UNSAFE },
    { "XInclude 2001", "<manifest " NS " xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
      "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></manifest>", CCKIT_E_UNSAFE },
    { "XInclude 2003", "<manifest " NS " xmlns:xi=\"http://www.w3.org/2003/XInclude\">"
      "<xi:include href=\"http://example.org/\"/></manifest>", CCKIT_E_UNSAFE },
};

static cckit_status via_manifest(const char *doc, const cckit_limits *lim, cckit_error *err)
{
    struct mem m = { doc, strlen(doc) };
    cckit_manifest *t = NULL;
    cckit_status st = cckit_manifest_parse(mem_read, &m, "imsmanifest.xml", lim, &t, err);
    cckit_manifest_free(t);
    return st;
}

static cckit_status via_descriptor(const char *doc, const cckit_limits *lim, cckit_error *err)
{
    xmlDocPtr d = NULL;
    cckit_status st = cckit_xml_read_memory(doc, strlen(doc), "d/descriptor.xml", lim, &d, err);
    xmlFreeDoc(d);
    return st;
}

static void test_same_refusals(void)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        cckit_error e1, e2;
        cckit_status s1 = via_manifest(hostile[i].doc, NULL, &e1);
        cckit_status s2 = via_descriptor(hostile[i].doc, NULL, &e2);
        if (s1 != hostile[i].want || s2 != hostile[i].want)
            fprintf(stderr, "\n  %s: manifest %s (%s), descriptor %s (%s)\n", hostile[i].what,
                    cckit_status_name(s1), e1.message, cckit_status_name(s2), e2.message);
        CU_ASSERT_EQUAL(s1, hostile[i].want);
        CU_ASSERT_EQUAL(s2, hostile[i].want);
        CU_ASSERT(e1.line >= 1 && e2.line >= 1);   /* where, in fields */
    }
}

/* The streamed schema check of a benign manifest's tree over the file
 * doc: the finding it reports (NULL when none is of code). */
static bool via_schema_stream(const char *doc, const char *code)
{
    static const char benign[] = "<manifest " NS " identifier=\"m\"><metadata><schema>IMS Common "
        "Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata><organizations/>"
        "<resources/></manifest>";
    struct mem mm = { benign, strlen(benign) };
    cckit_manifest *t = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_manifest_parse(mem_read, &mm, "imsmanifest.xml", NULL, &t, &err),
                          CCKIT_OK);
    char path[] = "/tmp/cckit-harden-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
    close(fd);
    cckit_validate_options opt;
    memset(&opt, 0, sizeof opt);
    cckit_limits_default(&opt.limits);
    opt.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_validation *out = calloc(1, sizeof *out);
    CU_ASSERT_FATAL(out != NULL);
    out->path = strdup(path);
    cckit_vctx v;
    memset(&v, 0, sizeof v);
    v.opt = &opt;
    v.out = out;
    v.m = t;
    v.version = t->version;
    v.rules = cckit_rule_tables;
    bool found = false;
    if (cckit_schema_set_open(opt.schema_dir, &v.schemas, &err) == CCKIT_OK) {
        cckit_check_xsd_manifest(&v);
        for (size_t i = 0; i < out->diags.n; i++)
            if (strcmp(out->diags.v[i].code, code) == 0 && out->diags.v[i].line >= 1)
                found = true;
    }
    cckit_validation_free(out);
    unlink(path);
    cckit_manifest_free(t);
    return found;
}

static void test_schema_stream_refuses(void)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        bool refused = via_schema_stream(hostile[i].doc, "package.unsafe");
        if (!refused)
            fprintf(stderr, "\n  %s: the streamed schema check did not refuse\n", hostile[i].what);
        CU_ASSERT(refused);
    }
    /* and a benign file passes it without a refusal (the check can fail) */
    CU_ASSERT(!via_schema_stream("<manifest " NS " identifier=\"m\"/>", "package.unsafe"));
}

/* A document nesting `depth` elements. */
static const char *nested(unsigned depth)
{
    static char buf[4096];
    size_t o = (size_t)snprintf(buf, sizeof buf, "<manifest " NS ">");
    for (unsigned i = 1; i < depth; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "<a>");
    for (unsigned i = 1; i < depth; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "</a>");
    snprintf(buf + o, sizeof buf - o, "</manifest>");
    return buf;
}

static void test_same_depth(void)
{
    static const unsigned limits[] = { 0, 1, 3, 40 };
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        cckit_limits lim;
        cckit_limits_default(&lim);
        lim.max_xml_depth = limits[i];
        unsigned allowed = limits[i] ? limits[i] : 1;
        cckit_error err;
        CU_ASSERT_EQUAL(via_manifest(nested(allowed), &lim, &err), CCKIT_OK);
        CU_ASSERT_EQUAL(via_descriptor(nested(allowed), &lim, &err), CCKIT_OK);
        CU_ASSERT_EQUAL(via_manifest(nested(allowed + 1), &lim, &err), CCKIT_E_LIMIT);
        CU_ASSERT_EQUAL(err.limit, CCKIT_LIMIT_XML_DEPTH);
        CU_ASSERT_EQUAL(via_descriptor(nested(allowed + 1), &lim, &err), CCKIT_E_LIMIT);
        CU_ASSERT_EQUAL(err.limit, CCKIT_LIMIT_XML_DEPTH);
    }
    CU_ASSERT_EQUAL(cckit_xml_max_depth(NULL), 1);
}

void register_xml_harden_tests(void)
{
    CU_pSuite s = CU_add_suite("xml_harden", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "manifest and descriptor readers refuse alike", test_same_refusals);
    CU_add_test(s, "one depth limit, one default", test_same_depth);
    CU_add_test(s, "the streamed schema check refuses alike", test_schema_stream_refuses);
}
