/*
 * test_idmap.c - placeholder: registers an empty "idmap" suite until the
 * real tests are written.
 */
#include "unit.h"

void register_idmap_tests(void)
{
    CU_add_suite("idmap", NULL, NULL);
}
