#!/bin/sh
# run-unit.sh - run the CUnit tests from the build directory (make check).
exec ./tests/unit/unit-tests
