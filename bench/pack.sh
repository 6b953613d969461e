#!/bin/sh
# bench/pack.sh - `cckit pack` against `zip -X -r -q` on folders made by
# gen-cartridge --format dir (medium and large presets).  Reports the
# median of RUNS (default 3) wall-clock times and the peak RSS of pack.
#   CCKIT=./cckit CCKIT_SHARED=../shared sh bench/pack.sh
# Two pack modes: "repack" (the folder holds imsmanifest.xml: lenient
# validation + copy) and "generate" (the manifest removed: pack builds
# one from the folder, scans the pages and validates the result strictly).
# Goals (issue "Export"): medium <= 1.0x zip, large <= 0.1x zip (media
# stored, not deflated), RSS < 64 MiB.
: "${CCKIT:=./cckit}"
SHARED=${CCKIT_SHARED:-$(dirname "$0")/../../shared}
GEN=$SHARED/bench/gen-cartridge
RUNS=${RUNS:-3}
[ -x "$GEN" ] || { echo "no $GEN"; exit 77; }
command -v zip >/dev/null || { echo "no zip"; exit 77; }
export CCKIT_SCHEMA_DIR="${CCKIT_SCHEMA_DIR:-$(cd "$(dirname "$0")/.." && pwd)/schemas}"
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-bench-pack.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
secs() { # command... -> wall seconds; peak RSS KiB in $T/rss
    /usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; echo fail; return; }
    cut -d' ' -f2 "$T/time" > "$T/rss"; cut -d' ' -f1 "$T/time"
}
printf '%-8s %-9s %8s %8s %8s %7s %9s\n' preset mode files zip_s pack_s ratio rss_MiB
for preset in medium large; do
    d=$T/$preset
    "$GEN" -q --preset $preset --format dir -o "$d" || exit 1
    g=$T/$preset-gen; cp -R "$d" "$g"; rm "$g/imsmanifest.xml"
    files=$(find "$d" -type f | wc -l)
    z=$(for i in $(seq $RUNS); do rm -f "$T/z.zip"; (cd "$d" && secs zip -X -r -q "$T/z.zip" .); done | median)
    for mode in repack generate; do
        src=$d; [ $mode = generate ] && src=$g
        : > "$T/rsses"
        p=$(for i in $(seq $RUNS); do rm -f "$T/p.imscc"; secs "$CCKIT" pack "$src" -o "$T/p.imscc"; cat "$T/rss" >> "$T/rsses"; done | median)
        rss=$(median < "$T/rsses")
        printf '%-8s %-9s %8s %8s %8s %7s %9s\n' $preset $mode $files $z $p \
            $(awk -v a=$p -v b=$z 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }') \
            $(awk -v r=$rss 'BEGIN{printf "%.1f", r/1024}')
    done
done
