#!/bin/sh
# valgrind-cckit.sh - run the build's cckit under valgrind: `make
# check-valgrind` points $CCKIT here for the command-line tests.
# CCKIT_REAL is the cckit of the build (a libtool wrapper script when the
# library is shared, hence libtool --mode=execute), CCKIT_LIBTOOL the
# build's libtool.  The exit status of cckit is part of what a case
# checks, so a memory error or a definite leak exits 125, which no case
# expects, and valgrind's report is in the case's log.
exec "${CCKIT_LIBTOOL:?}" --mode=execute valgrind -q --error-exitcode=125 \
    --leak-check=full --errors-for-leak-kinds=definite \
    "${CCKIT_REAL:?}" "$@"
