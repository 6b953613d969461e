/*
 * test_versions.c - placeholder: registers an empty "versions" suite until the
 * real tests are written.
 */
#include "unit.h"

void register_versions_tests(void)
{
    CU_add_suite("versions", NULL, NULL);
}
