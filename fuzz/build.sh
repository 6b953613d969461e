#!/bin/sh
# fuzz/build.sh - build the libFuzzer harnesses fuzz/fuzz_*.c.
#
#   fuzz/build.sh [SRCDIR [BUILDDIR]]        (or: make fuzz)
#
# The library sources (src/lib/*/*.c) are compiled again, apart from the normal build, with
#   $FUZZ_CC -fsanitize=fuzzer-no-link,address,undefined
# into BUILDDIR/fuzz/obj/libcckit_fuzz.a; each harness is linked with
# -fsanitize=fuzzer,address,undefined into BUILDDIR/fuzz/bin/HARNESS.
# A harness whose code is not there yet (it needs a library function
# still being written) is skipped with a note; fuzz_archive and
# fuzz_manifest must build, and with FUZZ_STRICT=1 every harness must.
# Environment: FUZZ_CC (default clang), FUZZ_CFLAGS (extra flags).
set -u
here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${1:-$(dirname "$here")}
BUILDDIR=${2:-$SRCDIR}
SRCDIR=$(cd "$SRCDIR" && pwd)
BUILDDIR=$(cd "$BUILDDIR" && pwd)
CC=${FUZZ_CC:-clang}
OBJ=$BUILDDIR/fuzz/obj
BIN=$BUILDDIR/fuzz/bin
mkdir -p "$OBJ" "$BIN" || exit 1

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz/build.sh: $CC not found (set FUZZ_CC to a clang with libFuzzer)" >&2
    exit 1
fi
deps="libzip libxml-2.0 zlib libdeflate"   # libdeflate: the CRC-32 of import/entry_verify.c
pkg-config --exists libxslt 2>/dev/null && deps="$deps libxslt"
pkg-config --exists icu-uc 2>/dev/null && deps="$deps icu-uc"   # base/nfc.c
DEPCFLAGS=$(pkg-config --cflags $deps) || exit 1
DEPLIBS=$(pkg-config --libs $deps) || exit 1

# config.h of the build, or a minimal one for a tree never configured
if [ -f "$BUILDDIR/config.h" ]; then
    CONFDIR=$BUILDDIR
else
    CONFDIR=$OBJ/include
    mkdir -p "$CONFDIR"
    ver=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$SRCDIR/configure.ac" | head -n 1)
    printf '#define PACKAGE_VERSION "%s"\n#define VERSION "%s"\n#define PACKAGE "cckit"\n' \
        "${ver:-0}" "${ver:-0}" > "$CONFDIR/config.h"
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# known findings in code still being written (see the file)
[ -f "$here/ubsan.ignore" ] && SAN="$SAN -fsanitize-ignorelist=$here/ubsan.ignore"
CFLAGS="-g -O1 -std=c11 $SAN -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
-I$SRCDIR/src/lib -I$CONFDIR -DCCKIT_SCHEMADIR=\"$SRCDIR/schemas\" -DCCKIT_XSLDIR=\"$SRCDIR/xsl\" $DEPCFLAGS ${FUZZ_CFLAGS:-}"

# every library source (a static archive: a harness pulls in only the
# objects it needs, so files not yet in Makefile.am do no harm)
libsrcs=$(cd "$SRCDIR" && ls src/lib/*/*.c)
newest_h=$(ls -t "$SRCDIR"/src/lib/*.h "$SRCDIR"/src/lib/*/*.h | head -n 1)
objs=
failed_lib=
for s in $libsrcs; do
    o=$OBJ/$(basename "$s" .c).o
    if [ ! -f "$o" ] || [ "$SRCDIR/$s" -nt "$o" ] || [ "$newest_h" -nt "$o" ] ||
       [ "$here/ubsan.ignore" -nt "$o" ]; then
        if ! $CC $CFLAGS -fsanitize=fuzzer-no-link -c "$SRCDIR/$s" -o "$o" 2>"$o.log"; then
            echo "fuzz/build.sh: note: $s does not compile yet (see $o.log); left out" >&2
            rm -f "$o"
            failed_lib="$failed_lib $s"
            continue
        fi
    fi
    objs="$objs $o"
done
rm -f "$OBJ/libcckit_fuzz.a"
ar rcs "$OBJ/libcckit_fuzz.a" $objs || exit 1

status=0
built=
for h in "$here"/fuzz_*.c; do
    [ -f "$h" ] || continue
    name=$(basename "$h" .c)
    if $CC $CFLAGS -fsanitize=fuzzer "$h" "$OBJ/libcckit_fuzz.a" $DEPLIBS -lm \
           -o "$BIN/$name" 2>"$OBJ/$name.log"; then
        built="$built $name"
    else
        rm -f "$BIN/$name"
        case $name in
        fuzz_archive|fuzz_manifest) req=1 ;;
        *) req=${FUZZ_STRICT:-0} ;;
        esac
        if [ "$req" = 1 ]; then
            echo "fuzz/build.sh: error: $name does not build:" >&2
            sed -n 1,30p "$OBJ/$name.log" >&2
            status=1
        else
            echo "fuzz/build.sh: note: $name skipped: the code it fuzzes is not there yet (see $OBJ/$name.log)" >&2
        fi
    fi
done
echo "fuzz/build.sh: built in $BIN:${built:- nothing}"
exit $status
