#!/bin/sh
# completion.sh - completion/cckit.bash, sourced into bash, completes the
# commands, the options and the option values of the cckit under test
# (it reads them from its help, so new options need no edit here).
set -u
command -v bash >/dev/null 2>&1 || { echo "completion.sh: no bash, skipped"; exit 77; }
exec bash -c '
set -u
. "$CCKIT_SRCDIR/completion/cckit.bash" || exit 1
complete -p cckit | grep -q -- "-F _cckit" || { echo "FAIL: not registered for cckit"; exit 1; }
st=0
expect() {  # expect "WANTED" WORD... : complete the last word
    want=$1; shift
    COMP_WORDS=("$CCKIT" "$@"); COMP_CWORD=$(($# ))
    COMPREPLY=()
    _cckit cckit "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    got="${COMPREPLY[*]-}"
    if [ "$got" = "$want" ]; then echo "ok: cckit $* -> $got"
    else echo "FAIL: cckit $*<TAB>: got \"$got\", expected \"$want\""; st=1; fi
}
expect "validate" val
expect "--strict --state" validate --st
expect "--format" validate --form
expect "json junit jsonl" validate --format j
expect "auto always never" validate --color ""
expect "--max-xml-size --max-xml-depth --max-xml-elements" info --max-xml
expect "--output --output-dir" convert --outp
expect "unpack" help unp
expect "--help --version" --
# the option list is the help text: every option line of validate --help
n=$("$CCKIT" validate --help | grep -c "^ *\(-[a-z], \)\{0,1\}--[a-z]")
COMP_WORDS=("$CCKIT" validate --); COMP_CWORD=2; _cckit
[ "${#COMPREPLY[@]}" = "$n" ] || { echo "FAIL: validate --<TAB>: ${#COMPREPLY[@]} options, help lists $n"; st=1; }
# a folder option completes folders
cd "$CCKIT_SRCDIR" && expect "schemas" validate --schemas schem
exit $st
'
