#!/bin/sh
# run.sh - `make installcheck`: build tests/installcheck/consumer.c against
# the INSTALLED libcckit through pkg-config, once shared and once with
# libcckit linked statically (`pkg-config --static`, the other libraries
# as the system has them: Debian ships no libzip.a), run both on a sample
# cartridge, and run the installed cckit with no CCKIT_* variable set (it
# must find the installed schemas/ and xsl/).
#
# Environment (set by Makefile.am): CC, CFLAGS, PKG_CONFIG, libdir,
# bindir, pkgdatadir, srcdir, builddir, DESTDIR (optional: a staged
# install is found through PKG_CONFIG_SYSROOT_DIR).
set -eu
: "${PKG_CONFIG:=pkg-config}" "${DESTDIR:=}"
src=$srcdir/tests/installcheck
sample=$srcdir/samples/intro-course-cc1.3

PKG_CONFIG_PATH="$DESTDIR$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH
if [ -n "$DESTDIR" ]; then
    PKG_CONFIG_SYSROOT_DIR=$DESTDIR
    export PKG_CONFIG_SYSROOT_DIR
fi
unset CCKIT_SCHEMA_DIR CCKIT_XSL_DIR
if [ -n "$DESTDIR" ]; then
    # The library's compiled-in folder is the final one, not the staged.
    CCKIT_SCHEMA_DIR=$DESTDIR$pkgdatadir/schemas
    CCKIT_XSL_DIR=$DESTDIR$pkgdatadir/xsl
    export CCKIT_SCHEMA_DIR CCKIT_XSL_DIR
fi

"$PKG_CONFIG" --exists cckit || {
    echo "installcheck: no cckit.pc under $DESTDIR$libdir/pkgconfig" >&2; exit 1; }
work=$builddir/tests/installcheck/work
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

cflags=$("$PKG_CONFIG" --cflags cckit)
libs=$("$PKG_CONFIG" --libs cckit)
static_libs=$("$PKG_CONFIG" --static --libs cckit)

# What the consumer must print, counted from the sample's manifest text
# (one element a tag there) and the installed header, not by cckit.
m=$sample/imsmanifest.xml
count() { grep -o "<$1[ >]" "$m" | wc -l | tr -d ' '; }
expected="version $(sed -n 's/^#define CCKIT_VERSION_STRING "\(.*\)"$/\1/p' \
    "$DESTDIR$includedir/cckit.h")
cc $(sed -n 's/.*<schemaversion>\([^<]*\)<.*/\1/p' "$m" | head -n 1) \
resources $(count resource) items $(count item) files $(count file)
errors 0 warnings 0
converted written"

check() {   # check NAME: run the consumer NAME, compare what it prints
    "$work/$1" "$sample" "$work/$1.imscc" > "$work/$1.out"
    cat "$work/$1.out"
    if [ "$(cat "$work/$1.out")" != "$expected" ]; then
        printf 'installcheck: %s printed the above, expected:\n%s\n' "$1" "$expected" >&2
        exit 1
    fi
    test -s "$work/$1.imscc"
}

echo "== shared: $CC ... $cflags $libs"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$work/consumer-shared" "$src/consumer.c" $cflags $libs \
    -Wl,-rpath,"$DESTDIR$libdir"
objdump -p "$work/consumer-shared" | grep -q 'NEEDED.*libcckit\.so' || {
    echo "installcheck: consumer-shared does not use libcckit.so" >&2; exit 1; }
check consumer-shared

if [ -f "$DESTDIR$libdir/libcckit.a" ]; then
    # libcckit.a by name; everything else it needs from cckit.pc alone.
    static_rest=$(printf '%s\n' "$static_libs" | sed 's/\(^\| \)-lcckit\( \|$\)/ /')
    echo "== static: $CC ... $cflags libcckit.a $static_rest"
    # shellcheck disable=SC2086
    $CC $CFLAGS -o "$work/consumer-static" "$src/consumer.c" $cflags \
        "$DESTDIR$libdir/libcckit.a" $static_rest -pthread
    if objdump -p "$work/consumer-static" | grep -q 'NEEDED.*libcckit'; then
        echo "installcheck: consumer-static uses libcckit.so" >&2; exit 1
    fi
    check consumer-static
else
    echo "== static: skipped, no $DESTDIR$libdir/libcckit.a (--disable-static)"
fi

if [ -z "$DESTDIR" ]; then
    echo "== installed cckit, no CCKIT_* variable"
    "$bindir/cckit" validate "$sample"
    "$bindir/cckit" convert "$sample" -o "$work/cli.imscc" --to 1.2 > /dev/null
fi
echo "installcheck: ok"
