#!/bin/sh
# quickstart.sh - from a fresh Debian/Ubuntu checkout to a working cckit.
#
#   sh build-aux/quickstart.sh          install missing build dependencies,
#                                       build, run `cckit info` on a sample
#   sh build-aux/quickstart.sh check    the same, then the whole test suite
#
# Uses apt-get (through sudo when not root) only for packages that are
# missing.  CONFIGURE_FLAGS is passed to ./configure (e.g.
# CONFIGURE_FLAGS=--enable-werror); MAKEFLAGS works as usual.
set -e
mode=${1:-demo}
case $mode in demo|check) ;; *) echo "usage: sh build-aux/quickstart.sh [check]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

pkgs="build-essential autoconf automake libtool pkg-config libzip-dev
libxml2-dev libxslt1-dev zlib1g-dev libcunit1-dev libyaml-dev libicu-dev libjansson-dev zip unzip
libsqlite3-dev sqlite3 parallel bsdutils
python3 python3-jsonschema libxml2-utils time util-linux iproute2"
# diff and minimise: SHA-256 and HMAC
pkgs="$pkgs nettle-dev"
# validate: the CRC-32 of media (import/entry_verify.c)
pkgs="$pkgs libdeflate-dev"
# tests/slurm.sh: the Slurm recipe on a real one-node Slurm
pkgs="$pkgs slurm-wlm munge"
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "quickstart: installing:$missing"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "quickstart: no apt-get here; install the equivalents of:$missing" >&2
        exit 1
    fi
    sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

jobs=$(nproc 2>/dev/null || echo 2)
autoreconf -fi
# shellcheck disable=SC2086
./configure ${CONFIGURE_FLAGS:-}
make -j"$jobs"

if [ "$mode" = check ]; then
    if ! make -j"$jobs" check; then
        [ -f test-suite.log ] && cat test-suite.log
        exit 1
    fi
else
    echo
    echo "\$ ./cckit info samples/intro-course-cc1.3"
    ./cckit info samples/intro-course-cc1.3
    echo
    echo "\$ ./cckit validate samples/intro-course-cc1.3"
    ./cckit validate samples/intro-course-cc1.3
fi
