/*
 * test_manifest.c - placeholder: registers an empty "manifest" suite until the
 * real tests are written.
 */
#include "unit.h"

void register_manifest_tests(void)
{
    CU_add_suite("manifest", NULL, NULL);
}
