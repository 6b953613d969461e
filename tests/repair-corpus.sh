#!/bin/sh
# repair-corpus.sh - `cckit repair` on every cartridge of the shared
# corpus (tests/repair-corpus.py does the checks of each):
#  - every file's bytes are in the output under its name (by SHA-256),
#    or under its new name for a file the report says was moved
#    (repair.lao-moved, repair.ac-moved: both names in the message),
#    but for the manifest (the repaired file) and the junk the report
#    names (repair.junk-dropped); a descriptor the report names as
#    reordered (repair.order-normalised) has the same elements; a file
#    whose links were rewritten (repair.links-rewritten) is listed;
#    the output has no file that is neither an input file nor moved;
#  - strict and lenient error counts never grow; the strict count falls
#    when a fix answered a strict error; no lenient error is left when
#    every lenient error of the input was one a fix answers and no fix
#    was declined; a lenient error of a code some fix answers is left
#    only in a cartridge where a fix was declined (said why);
#  - a descriptor rewritten by repair.lti-icon-removed has the same
#    elements but its <cartridge_icon>;
#  - repairing the output again gives the same bytes (idempotent);
#  - with --target moodle too: files kept but those a fix rewrites or an
#    empty assessment's removal takes, errors never more, idempotent.
# Prints the figures (errors before -> after) and the lenient error codes
# left after repair, with their cartridges.  Skipped (77) without
# $CCKIT_SHARED/corpus or python3.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=../shared}"
: "${CCKIT_SCHEMA_DIR:=$CCKIT_SRCDIR/schemas}"; export CCKIT_SCHEMA_DIR
C=$CCKIT_SHARED/corpus
ls "$C"/*.imscc >/dev/null 2>&1 || { echo "SKIP: no corpus at $C"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-repair-corpus.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
python3 "$CCKIT_SRCDIR/tests/repair-corpus.py" "$CCKIT" "$T" "$C"/*.imscc
