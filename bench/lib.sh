# bench/lib.sh - helpers the benchmark scripts share; sourced, not run.
# A script sets `here` to its own folder, then does `. "$here/lib.sh"`.
#
#   bench_args RUNS PRESETS [-n N] [PRESET...]
#       set runs (N, else RUNS) and presets (the PRESETs, else PRESETS, a
#       space-separated list); exit 2 unless runs is a positive number.
#   bench_setup NAME [PROGRAM...]
#       default CCKIT to $PWD/cckit and CCKIT_SHARED to $here/../../shared,
#       set gen to the generator; exit $bench_missing (default 2) unless
#       cckit, python3, each PROGRAM, /usr/bin/time and (unless
#       $bench_gen_lazy is set) the generator are there; make WORK, a
#       mktemp -d folder cckit-bench-NAME.XXXXXX removed on exit.
#   bench_have_gen
#       exit $bench_missing (default 2) if there is no generator at $gen.
#   bench_gen PRESET OUT [GEN-OPTION...]
#       generate PRESET into OUT (bench_have_gen first); if it fails, show
#       its output on stderr and return 1.
#   median
#       the median of the numbers on stdin, one a line (the mean of the two
#       middle ones for an even count; - for none).
#   bench_measure COMMAND...
#       run COMMAND $runs times under /usr/bin/time -f '%e %M', stdout
#       dropped, stderr into $WORK/err (a failed run's, if any failed),
#       after eval'ing $bench_before (if set) each time; set wall (median
#       seconds), rss (median peak RSS in MiB) and rc (the last non-zero
#       exit status, else 0); return rc.
#   bench_fail LABEL
#       print "bench: LABEL failed:" and $WORK/err on stderr.
#   ratio A B
#       A / B with two decimals, or - unless both are numbers and B > 0.

# shellcheck disable=SC2034  # runs, presets, gen, wall, rss: for the caller

bench_args() {
    runs=$1 presets=$2
    shift 2
    if [ "${1:-}" = -n ]; then
        runs=${2:-}
        shift
        [ $# -eq 0 ] || shift
    fi
    case $runs in
    '' | *[!0-9]* | 0*)
        echo "bench: runs per command must be a positive number, not '$runs'" >&2
        exit 2 ;;
    esac
    [ $# -eq 0 ] || presets=$*
}

bench_setup() {
    _name=$1
    shift
    CCKIT=${CCKIT:-$PWD/cckit}
    CCKIT_SHARED=${CCKIT_SHARED:-${here:?}/../../shared}
    gen=$CCKIT_SHARED/bench/gen-cartridge
    [ -x "$CCKIT" ] || {
        echo "bench: no cckit at $CCKIT (build first, or set CCKIT)" >&2
        exit "${bench_missing:-2}"
    }
    [ -n "${bench_gen_lazy:-}" ] || bench_have_gen
    for _p in python3 "$@"; do
        command -v "$_p" > /dev/null 2>&1 ||
            { echo "bench: $_p not found" >&2; exit "${bench_missing:-2}"; }
    done
    [ -x /usr/bin/time ] || {
        echo "bench: /usr/bin/time not found (apt-get install time)" >&2
        exit "${bench_missing:-2}"
    }
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-bench-$_name.XXXXXX") || exit 2
    trap 'rm -rf "$WORK"' EXIT
    trap 'exit 1' HUP INT TERM
}

bench_have_gen() {
    [ -f "$gen" ] || {
        echo "bench: no generator at $gen (set CCKIT_SHARED)" >&2
        exit "${bench_missing:-2}"
    }
}

bench_gen() {
    bench_have_gen
    _preset=$1
    shift
    python3 "$gen" --preset "$_preset" -o "$@" > "$WORK/gen.log" 2>&1 && return 0
    echo "bench: gen-cartridge --preset $_preset failed:" >&2
    cat "$WORK/gen.log" >&2
    return 1
}

median() {
    sort -n | awk '{ v[NR] = $1 }
        END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]
              else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_measure() {
    : > "$WORK/times"
    rc=0 _i=0
    while [ "$_i" -lt "$runs" ]; do
        eval "${bench_before:-:}"
        /usr/bin/time -o "$WORK/t" -f '%e %M' "$@" > /dev/null 2> "$WORK/err" ||
            { rc=$?; cp "$WORK/err" "$WORK/err.failed"; }
        tail -n 1 "$WORK/t" >> "$WORK/times"
        _i=$((_i + 1))
    done
    [ "$rc" = 0 ] || mv "$WORK/err.failed" "$WORK/err"
    wall=$(cut -d' ' -f1 < "$WORK/times" | median)
    rss=$(cut -d' ' -f2 < "$WORK/times" | median |
        awk '{ if ($1 == "-") print "-"; else printf "%.1f\n", $1 / 1024 }')
    return "$rc"
}

bench_fail() {
    echo "bench: $1 failed:" >&2
    cat "$WORK/err" >&2
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f\n", a / b
        else print "-" }'
}
