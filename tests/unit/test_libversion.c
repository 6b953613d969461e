/*
 * test_libversion.c - the version macros of cckit.h agree with each
 * other, with configure.ac's AC_INIT (PACKAGE_VERSION) and with
 * cckit_version().
 */
#include "config.h"
#include "unit.h"
#include "cckit.h"
#include <stdio.h>
#include <string.h>

static void test_macros_agree(void)
{
    char parts[32];
    snprintf(parts, sizeof parts, "%d.%d.%d", CCKIT_VERSION_MAJOR, CCKIT_VERSION_MINOR,
             CCKIT_VERSION_PATCH);
    CU_ASSERT_STRING_EQUAL(CCKIT_VERSION_STRING, PACKAGE_VERSION);
    CU_ASSERT_STRING_EQUAL(parts, CCKIT_VERSION_STRING);
    CU_ASSERT_EQUAL((CCKIT_VERSION_NUMBER >> 16) & 0xff, CCKIT_VERSION_MAJOR);
    CU_ASSERT_EQUAL((CCKIT_VERSION_NUMBER >> 8) & 0xff, CCKIT_VERSION_MINOR);
    CU_ASSERT_EQUAL(CCKIT_VERSION_NUMBER & 0xff, CCKIT_VERSION_PATCH);
}

static void test_runtime_version(void)
{
    CU_ASSERT_STRING_EQUAL(cckit_version(), CCKIT_VERSION_STRING);
}

void register_libversion_tests(void)
{
    CU_pSuite s = CU_add_suite("libversion", NULL, NULL);
    CU_add_test(s, "version macros and configure.ac", test_macros_agree);
    CU_add_test(s, "cckit_version()", test_runtime_version);
}
