#!/bin/sh
# pack-oracle.sh - cartridges made by `cckit pack` against the OFFICIAL
# XSDs (shared/ref/schemas, via its catalog, no network) and against
# `cckit validate --strict`: a folder of plain pages as CC 1.1, 1.2 and
# 1.3, and the outline sample (samples/outline) with its descriptors.
# Skipped (77) without $CCKIT_SHARED or xmllint/unzip.
: "${CCKIT:?set CCKIT}" "${CCKIT_SRCDIR:?set CCKIT_SRCDIR}"
S=${CCKIT_SHARED:-$CCKIT_SRCDIR/../shared}/ref/schemas
[ -f "$S/catalog.xml" ] || { echo "SKIP: no $S/catalog.xml"; exit 77; }
for p in xmllint unzip; do command -v $p >/dev/null || { echo "SKIP: no $p"; exit 77; }; done
export CCKIT_SCHEMA_DIR="${CCKIT_SCHEMA_DIR:-$CCKIT_SRCDIR/schemas}"
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-pack-oracle.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fail=0
xsd() { # FILE XSD
    XML_CATALOG_FILES="$S/catalog.xml" xmllint --nonet --noout --schema "$2" "$1" 2>"$T/xsd.err" ||
        { echo "FAIL: $1 against $2:"; cat "$T/xsd.err"; fail=1; }
}
mkdir -p "$T/site/week 1/img"
cat > "$T/site/index.html" <<'H'
<!DOCTYPE html><html><head><title>Home &amp; start</title><link rel="stylesheet" href="style.css"></head>
<body><a href="week%201/one.html">Week 1</a><img src="week 1/img/pic.png"></body></html>
H
printf '<html><head><title>One</title><link rel="stylesheet" href="../style.css"></head><body><img src="img/pic.png"></body></html>\n' > "$T/site/week 1/one.html"
printf 'body{background:url(bg.png)}\n' > "$T/site/style.css"
printf 'PNG' > "$T/site/bg.png"; printf 'PNG' > "$T/site/week 1/img/pic.png"; printf 'PDF' > "$T/site/notes[1].pdf"
for v in 1.1 1.2 1.3; do
    out="$T/site-$v.imscc"
    "$CCKIT" pack --cc $v "$T/site" -o "$out" || { echo "FAIL: pack --cc $v"; fail=1; continue; }
    "$CCKIT" validate --strict "$out" >/dev/null || { echo "FAIL: validate --strict $out"; "$CCKIT" validate --strict "$out"; fail=1; }
    mkdir "$T/x$v" && (cd "$T/x$v" && unzip -q "$out")
    case $v in
        1.1) xsd "$T/x$v/imsmanifest.xml" "$S/cc1.1/ccv1p1_imscp_v1p2_v1p0.xsd" ;;
        1.3) xsd "$T/x$v/imsmanifest.xml" "$S/cc1.3/ccv1p3_imscp_v1p2_v1p0.xsd" ;;
        1.2) ;;  # no official 1.2 XSD exists as text (spec.md §8)
    esac
done
# the outline sample: manifest and generated descriptors
o="$T/outline.imscc"
if "$CCKIT" pack "$CCKIT_SRCDIR/samples/outline" --outline "$CCKIT_SRCDIR/samples/outline/course.yml" -o "$o"; then
    "$CCKIT" validate --strict "$o" >/dev/null || { echo "FAIL: validate --strict outline"; fail=1; }
    mkdir "$T/xo" && (cd "$T/xo" && unzip -q "$o")
    xsd "$T/xo/imsmanifest.xml" "$S/cc1.3/ccv1p3_imscp_v1p2_v1p0.xsd"
    for f in "$T"/xo/*/weblink.xml; do xsd "$f" "$S/cc1.3/ccv1p3_imswl_v1p3.xsd"; done
    for f in "$T"/xo/*/topic.xml; do xsd "$f" "$S/cc1.3/ccv1p3_imsdt_v1p3.xsd"; done
    for f in "$T"/xo/*/assignment.xml; do xsd "$f" "$S/extensions/cc_extresource_assignmentv1p0_v1p0.xsd"; done
else
    echo "FAIL: pack of the outline sample"; fail=1
fi
# the outline sample as CC 1.1 (no assignments there): expected to refuse
"$CCKIT" pack --cc 1.1 "$CCKIT_SRCDIR/samples/outline" --outline "$CCKIT_SRCDIR/samples/outline/course.yml" -o "$T/o11.imscc" 2>/dev/null &&
    { echo "FAIL: an assignment was packed as CC 1.1"; fail=1; }
[ -e "$T/o11.imscc" ] && { echo "FAIL: refused pack left a file"; fail=1; }
# without the assignment, as CC 1.1: the manifest LOM (rights) as 1.1 allows it
sed '/type: assignment/,$d' "$CCKIT_SRCDIR/samples/outline/course.yml" > "$T/c11.yml"
if "$CCKIT" pack --cc 1.1 "$CCKIT_SRCDIR/samples/outline" --outline "$T/c11.yml" -o "$T/o11.imscc"; then
    mkdir "$T/xo11" && (cd "$T/xo11" && unzip -q "$T/o11.imscc")
    xsd "$T/xo11/imsmanifest.xml" "$S/cc1.1/ccv1p1_imscp_v1p2_v1p0.xsd"
else
    echo "FAIL: pack --cc 1.1 of the outline sample without its assignment"; fail=1
fi
[ $fail = 0 ] && echo PASS
exit $fail
