#!/bin/sh
# fuzz/run.sh - run one libFuzzer harness for a bounded time.
#
#   fuzz/run.sh HARNESS SECONDS [extra libFuzzer options]
#
# HARNESS is fuzz_archive, fuzz_manifest, fuzz_validate, fuzz_html_links
# or fuzz_convert (built by `make fuzz` / fuzz/build.sh into
# $FUZZ_BIN, default ./fuzz/bin of the current build folder).  The seed
# corpus is made in a temp folder from the shared corpus
# ($CCKIT_SHARED/corpus: the .imscc files, their manifests, descriptors
# and pages unzipped), from the hostile inputs of
# $CCKIT_SHARED/adversarial/make-adversarial, from tests/ and from
# fuzz/seeds/HARNESS.  New inputs accumulate in $FUZZ_WORK/HARNESS/corpus
# (default under $TMPDIR) so that a second run goes on from the first;
# crashes are written to $FUZZ_WORK/HARNESS/artifacts/.
# Exit status: 0 when the time ran out without a finding, else non-zero.
set -u
if [ $# -lt 2 ]; then
    echo "usage: fuzz/run.sh HARNESS SECONDS [libFuzzer options]" >&2
    exit 2
fi
h=$1 secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(dirname "$here")
BIN=${FUZZ_BIN:-$(pwd)/fuzz/bin}
[ -x "$BIN/$h" ] || BIN=$SRCDIR/fuzz/bin
if [ ! -x "$BIN/$h" ]; then
    echo "fuzz/run.sh: $h is not built (make fuzz)" >&2
    exit 2
fi
SHARED=${CCKIT_SHARED:-$SRCDIR/../shared}
[ -d "$SHARED/corpus" ] || echo "fuzz/run.sh: note: no $SHARED/corpus (set CCKIT_SHARED)" >&2
WORK=${FUZZ_WORK:-${TMPDIR:-/tmp}/cckit-fuzz}
mkdir -p "$WORK/$h/corpus" "$WORK/$h/artifacts" || exit 2
seeds=$(mktemp -d "${TMPDIR:-/tmp}/cckit-seeds.XXXXXX") || exit 2
trap 'rm -rf "$seeds"' EXIT INT TERM
# a smaller ASan quarantine than the default 256 MB, so that -rss_limit_mb
# measures the code under test rather than freed memory kept poisoned
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64}
export CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$SRCDIR/schemas}
export CCKIT_XSL_DIR=${CCKIT_XSL_DIR:-$SRCDIR/xsl}

case $h in
fuzz_archive) maxlen=65536 ;;
fuzz_validate) maxlen=65536 ;;
*) maxlen=32768 ;;
esac

# adversarial inputs (small ones only: the bombs are bigger than max_len)
# (made once into $WORK/adversarial and kept: it takes a while)
adv=$WORK/adversarial
if [ ! -f "$adv/expected.tsv" ] && [ -x "$SHARED/adversarial/make-adversarial" ] &&
   command -v python3 >/dev/null 2>&1; then
    rm -rf "$adv.$$" && mkdir -p "$adv.$$" &&
        timeout 300 "$SHARED/adversarial/make-adversarial" "$adv.$$" >/dev/null 2>&1 &&
        { mv "$adv.$$" "$adv" 2>/dev/null || rm -rf "$adv.$$"; } ||
        { rm -rf "$adv.$$"; echo "fuzz/run.sh: note: make-adversarial failed; going on without it" >&2; }
fi
# the shared corpus and tests/ data, unzipped (never the adversarial
# archives: their bombs inflate to terabytes); an archive that would
# inflate to more than 64 MB is left zipped
unz=$seeds/unz
mkdir -p "$unz"
for z in "$SHARED"/corpus/*.imscc "$SRCDIR"/tests/data/*.imscc "$SRCDIR"/tests/data/*.zip; do
    [ -f "$z" ] || continue
    total=$(unzip -Zt "$z" 2>/dev/null | sed -n 's/.* \([0-9][0-9]*\) bytes uncompressed.*/\1/p')
    [ -n "$total" ] && [ "$total" -le 67108864 ] || continue
    d=$unz/$(basename "$z")
    mkdir -p "$d" && (cd "$d" && unzip -qq -o "$z" >/dev/null 2>&1) || true
done

in=$seeds/in
mkdir -p "$in"
add() { # add FILE: copy a seed of at most maxlen bytes
    [ -f "$1" ] && [ ! -L "$1" ] || return 0
    sz=$(wc -c < "$1")
    [ "$sz" -gt 0 ] && [ "$sz" -le "$maxlen" ] || return 0
    cp "$1" "$in/$(cksum < "$1" | tr -c '0-9\n' _)"
}
case $h in
fuzz_archive)
    for f in "$SHARED"/corpus/*.imscc "$SRCDIR"/tests/data/*.imscc "$SRCDIR"/tests/data/*.zip \
             "$adv"/*.imscc "$SRCDIR"/samples/*.imscc; do add "$f"; done
    # entry lists that the harness zips itself: the names of each
    # unzipped cartridge with the first bytes of each file
    for d in "$unz"/*; do
        [ -d "$d" ] || continue
        out=$in/names-$(basename "$d")
        echo "entries of $(basename "$d")" > "$out"
        (cd "$d" && find . -type f | sed 's|^\./||' | head -n 200) | while IFS= read -r f; do
            printf '\n==> %s\n' "$f"
            head -c 64 "$d/$f"
        done >> "$out"
        [ "$(wc -c < "$out")" -le "$maxlen" ] || rm -f "$out"
    done ;;
fuzz_manifest)
    for f in "$unz"/*/imsmanifest.xml "$adv"/*.xml "$SRCDIR"/tests/data/*.xml \
             "$SRCDIR"/samples/*/imsmanifest.xml; do add "$f"; done ;;
fuzz_html_links)
    find "$unz" -type f \( -name '*.html' -o -name '*.htm' \) 2>/dev/null | head -n 400 |
        while read -r f; do add "$f"; done ;;
fuzz_validate|fuzz_convert)
    # a bundle: the manifest, then up to 3 files it lists, each after a
    # line "\n==> NAME\n" (the input format of fuzz_validate.c)
    b=0
    for d in "$unz"/*; do
        [ -f "$d/imsmanifest.xml" ] || continue
        b=$((b + 1))
        out=$in/b$b
        cat "$d/imsmanifest.xml" > "$out"
        k=0
        for f in $(cd "$d" && find . -type f ! -name imsmanifest.xml \( -name '*.xml' -o -name '*.html' \) |
                   sed 's|^\./||' | head -n 3); do
            printf '\n==> %s\n' "$f" >> "$out"
            head -c 8192 "$d/$f" >> "$out"
            k=$((k + 1))
        done
        [ "$(wc -c < "$out")" -le "$maxlen" ] || rm -f "$out"
    done ;;
esac
for f in "$here"/seeds/"$h"/*; do add "$f"; done
echo "fuzz/run.sh: $h for ${secs}s, $(ls "$in" | wc -l) seeds, corpus $WORK/$h/corpus" >&2

dict=
case $h in
fuzz_archive) ;;
*) [ -f "$here/xml.dict" ] && dict=-dict=$here/xml.dict ;;
esac
# in the background, so that a TERM to this script stops the fuzzer too
"$BIN/$h" -max_total_time="$secs" -max_len="$maxlen" -rss_limit_mb=512 -timeout=5 \
    -print_final_stats=1 -artifact_prefix="$WORK/$h/artifacts/" $dict "$@" \
    "$WORK/$h/corpus" "$in" &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid; rm -rf "$seeds"; exit 130' INT TERM
wait $pid
rc=$?
exit $rc
