/*
 * main.c - runs every CUnit suite of libcckit; exit status is nonzero when
 * any test fails (or the registry cannot be set up).
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "unit-tests: cannot initialise CUnit: %s\n", CU_get_error_msg());
        return 2;
    }
    register_path_tests();
    register_idmap_tests();
    register_versions_tests();
    register_manifest_tests();
    register_source_tests();
    register_archive_writer_tests();
    register_pack_tests();
    register_href_tests();
    register_html_tests();
    register_batch_tests();
    register_libversion_tests();
    register_links_tests();
    register_cancel_tests();
    register_xml_state_tests();
    register_oom_tests();
    register_oom_ops_tests();
    register_xml_harden_tests();
    register_tuning_tests();
    register_markup_tests();
    register_once_tests();
    register_runs_tests();
    register_threads_tests();
    register_producer_tests();
    register_convert_present_tests();
    if (CU_get_error() != CUE_SUCCESS) {
        fprintf(stderr, "unit-tests: cannot register suites: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    /* CCKIT_UNIT_SUITE=NAME runs that suite alone (while working on it). */
    const char *only = getenv("CCKIT_UNIT_SUITE");
    CU_pSuite suite = only && *only ? CU_get_suite(only) : NULL;
    if (only && *only && !suite) {
        fprintf(stderr, "unit-tests: no suite %s\n", only);
        CU_cleanup_registry();
        return 2;
    }
    if (suite)
        CU_basic_run_suite(suite);
    else
        CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
