/*
 * unit.h - CUnit test suites of libcckit.  Each tests/unit/test_NAME.c
 * defines register_NAME_tests(), which adds one or more suites to the
 * CUnit registry; main.c calls them all.
 */
#ifndef CCKIT_UNIT_H
#define CCKIT_UNIT_H

#include <CUnit/CUnit.h>

void register_path_tests(void);
void register_idmap_tests(void);
void register_versions_tests(void);
void register_manifest_tests(void);
void register_source_tests(void);
void register_archive_writer_tests(void);
void register_pack_tests(void);
void register_href_tests(void);
void register_html_tests(void);
void register_libversion_tests(void);
void register_links_tests(void);
void register_cancel_tests(void);
void register_xml_state_tests(void);
void register_oom_tests(void);
void register_oom_ops_tests(void);
void register_xml_harden_tests(void);
void register_tuning_tests(void);
void register_markup_tests(void);
void register_batch_tests(void);
void register_once_tests(void);
void register_runs_tests(void);
void register_threads_tests(void);
void register_producer_tests(void);
void register_convert_present_tests(void);

#endif /* CCKIT_UNIT_H */
