#!/bin/sh
# lib-no-cli-options.sh - the library never names an option of the cckit
# tool: a string literal in src/lib that contains "--" followed by a
# letter fails the test.  The library reports the limit that was hit or
# the fix that applies in cckit_error / cckit_diag fields; the tool
# (src/cli/options.c) words them as its options.
srcdir=${CCKIT_SRCDIR:-$(dirname "$0")/..}
lib="$srcdir/src/lib"
[ -d "$lib" ] || { echo "no $lib" >&2; exit 99; }
# String literals on non-comment lines ("..." with escapes), then the
# ones that hold --x.
hits=$(find "$lib" -name '*.[ch]' -exec grep -nHE '"([^"\\]|\\.)*--[a-zA-Z]' {} + |
       grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
if [ -n "$hits" ]; then
    echo "library string literals name command-line options:" >&2
    echo "$hits" >&2
    exit 1
fi
# The check must see the sources it claims to check.
n=$(find "$lib" -name '*.c' | wc -l)
[ "$n" -gt 10 ] || { echo "only $n sources under $lib" >&2; exit 99; }
echo "PASS: no option names in $n library sources"
