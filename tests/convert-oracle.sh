#!/bin/sh
# convert-oracle.sh - the outputs of `cckit convert` against the official
# CC XSDs (test oracle only: $CCKIT_SHARED/ref/schemas with its catalog,
# xmllint --nonet).  Converts the bundled sample and the convert fixture,
# and gen-cartridge outputs (1.3 -> 1.1, 1.1 -> 1.3, 1.3 -> thin, 1.0,
# 1.4 and thin 1.4), unzips
# each result and validates the manifest and every descriptor by its root
# namespace.  Skipped (77) without the shared folder or xmllint.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=}"
REF=$CCKIT_SHARED/ref/schemas
[ -f "$REF/catalog.xml" ] || { echo "SKIP: no $REF/catalog.xml"; exit 77; }
command -v xmllint >/dev/null 2>&1 || { echo "SKIP: no xmllint"; exit 77; }
command -v unzip >/dev/null 2>&1 && command -v zip >/dev/null 2>&1 || { echo "SKIP: no zip/unzip"; exit 77; }
export XML_CATALOG_FILES="$REF/catalog.xml"
: "${CCKIT_XSL_DIR:=$CCKIT_SRCDIR/xsl}"; export CCKIT_XSL_DIR
: "${CCKIT_SCHEMA_DIR:=$CCKIT_SRCDIR/schemas}"; export CCKIT_SCHEMA_DIR

T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-convert-oracle.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
# The official CC 1.4 XSDs are partial: official-fill.py makes them compile.
if command -v python3 >/dev/null 2>&1; then
    XML_CATALOG_FILES=$(python3 "$CCKIT_SRCDIR/tests/schemas/official-fill.py" "$CCKIT_SRCDIR" \
        "$CCKIT_SHARED" "$T/fill") || exit 99
fi
# CC 1.0 manifests: a driver importing the four namespaces of the 1.0
# derived schema set (its manifest XSD leaves them to wildcards).
{
    echo '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
    for p in "http://www.imsglobal.org/xsd/imscc/imscp_v1p1 imscp_v1p2_localised.xsd" \
             "http://www.imsglobal.org/xsd/imsccauth_v1p0 domainProfile_0/imsccauth_v1p0_localised.xsd" \
             "http://ltsc.ieee.org/xsd/imscc/LOM domainProfile_1/lomLoose_localised.xsd" \
             "http://ltsc.ieee.org/xsd/LOM domainProfile_2/lomLoose_localised.xsd"; do
        set -- $p
        echo "  <xs:import namespace=\"$1\" schemaLocation=\"file://$(cd "$REF" && pwd)/cc1.0/$2\"/>"
    done
    echo '</xs:schema>'
} >"$T/driver10.xsd"
fails=0 checked=0

# The official XSD of a document, by its root namespace ('' = none known).
xsd_for() {
    case $1 in
        http://www.imsglobal.org/xsd/imscc/imscp_v1p1) echo "$T/driver10.xsd" ;;
        http://www.imsglobal.org/xsd/imsdt_v1p0) echo cc1.0/domainProfile_6/imsdt_v1p0_localised.xsd ;;
        http://www.imsglobal.org/xsd/imswl_v1p0) echo cc1.0/domainProfile_5/imswl_v1p0_localised.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1) echo cc1.4/ccv1p4_imscp_v1p2_v1p0.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p4/imsdt_v1p4) echo cc1.4/ccv1p4_imsdt_v1p4.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p4/imswl_v1p4) echo cc1.4/ccv1p4_imswl_v1p4.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1) echo cc1.1/ccv1p1_imscp_v1p2_v1p0.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1) echo cc1.3/ccv1p3_imscp_v1p2_v1p0.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1) echo cc1.1/ccv1p1_imsdt_v1p1.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3) echo cc1.3/ccv1p3_imsdt_v1p3.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1) echo cc1.1/ccv1p1_imswl_v1p1.xsd ;;
        http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3) echo cc1.3/ccv1p3_imswl_v1p3.xsd ;;
        http://www.imsglobal.org/xsd/imslticc_v1p0) echo cc1.1/imslticc_v1p0p1.xsd ;;
        http://www.imsglobal.org/xsd/ims_qtiasiv1p2) echo cc1.1/ccv1p1_qtiasiv1p2p1_v1p0.xsd ;;
        http://www.imsglobal.org/xsd/imscc_extensions/assignment) echo extensions/cc_extresource_assignmentv1p0_v1p0.xsd ;;
    esac
}

# Validate every XML file of an unpacked cartridge that has an official XSD.
check_dir() {
    label=$1 dir=$2
    find "$dir" -name '*.xml' | sort | while read -r f; do
        ns=$(xmllint --nonet --xpath 'namespace-uri(/*)' "$f" 2>/dev/null)
        xsd=$(xsd_for "$ns")
        [ -n "$xsd" ] || continue
        case $xsd in /*) ;; *) xsd=$REF/$xsd ;; esac
        if out=$(xmllint --nonet --noout --schema "$xsd" "$f" 2>&1); then
            echo "ok"
        else
            echo "FAIL $label: ${f#"$dir"/} against $xsd" >&2
            echo "$out" | head -5 >&2
            echo "fail"
        fi
    done > "$T/results"
    n=$(grep -c . "$T/results"); bad=$(grep -c fail "$T/results")
    checked=$((checked + n)); fails=$((fails + bad))
    echo "$label: $n document(s) against the official XSDs, $bad failure(s)"
}

# Thin CC 1.4 writes its link descriptors inline, which the official 1.4
# manifest XSD cannot judge (no schema for them in its strict slot): each
# inline descriptor becomes a file the official descriptor XSD checks, and
# the manifest is checked with a <file> in its place.
split_inline() {  # DIR
    command -v python3 >/dev/null 2>&1 || return 0
    python3 - "$1" <<'PY'
import os, sys
import xml.etree.ElementTree as ET
d = sys.argv[1]
path = os.path.join(d, "imsmanifest.xml")
tree = ET.parse(path)
root = tree.getroot()
ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
n = 0
for res in root.iter("{%s}resource" % ns):
    for k in list(res):
        kns = k.tag[1:].split("}")[0] if isinstance(k.tag, str) and k.tag.startswith("{") else ""
        if any(t in kns for t in ("/imswl_v1p", "/imsdt_v1p", "imslticc_v1p")):
            n += 1
            name = "inline-%d.xml" % n
            ET.ElementTree(k).write(os.path.join(d, name), encoding="utf-8", xml_declaration=True)
            i = list(res).index(k)
            res.remove(k)
            res.insert(i, ET.Element("{%s}file" % ns, {"href": name}))
if n:
    tree.write(path, encoding="utf-8", xml_declaration=True)
PY
}

convert() {  # IN OUT TO LABEL
    if ! "$CCKIT" convert "$1" -o "$2" --to "$3" >"$T/report" 2>&1; then
        echo "FAIL $4: cckit convert --to $3 exited non-zero" >&2
        cat "$T/report" >&2
        fails=$((fails + 1))
        return 1
    fi
    rm -rf "$T/x" && mkdir "$T/x" && (cd "$T/x" && unzip -q "$2") && split_inline "$T/x" && check_dir "$4" "$T/x"
}

(cd "$CCKIT_SRCDIR/samples/intro-course-cc1.3" && zip -X -q -r "$T/intro.imscc" .)
(cd "$CCKIT_SRCDIR/tests/convert/full-cc1.3" && zip -X -q -r "$T/full.imscc" .)

convert "$T/intro.imscc" "$T/intro-11.imscc" 1.1 "intro 1.3->1.1"
convert "$T/intro-11.imscc" "$T/intro-13.imscc" 1.3 "intro 1.3->1.1->1.3"
convert "$T/intro.imscc" "$T/intro-thin.imscc" thin "intro 1.3->thin"
convert "$T/full.imscc" "$T/full-11.imscc" 1.1 "fixture 1.3->1.1"
convert "$T/full.imscc" "$T/full-thin.imscc" thin "fixture 1.3->thin"
convert "$T/intro.imscc" "$T/intro-10.imscc" 1.0 "intro 1.3->1.0"
convert "$T/intro.imscc" "$T/intro-14.imscc" 1.4 "intro 1.3->1.4"
convert "$T/intro-14.imscc" "$T/intro-14-11.imscc" 1.1 "intro 1.3->1.4->1.1"
convert "$T/full.imscc" "$T/full-10.imscc" 1.0 "fixture 1.3->1.0"
convert "$T/full.imscc" "$T/full-14.imscc" 1.4 "fixture 1.3->1.4"
convert "$T/full.imscc" "$T/full-thin14.imscc" thin1.4 "fixture 1.3->thin1.4"

GEN=$CCKIT_SHARED/bench/gen-cartridge
if [ -x "$GEN" ] && command -v python3 >/dev/null 2>&1; then
    "$GEN" --preset small --version 1.3 -o "$T/gen13.imscc" >/dev/null
    "$GEN" --preset small --version 1.1 -o "$T/gen11.imscc" >/dev/null
    convert "$T/gen13.imscc" "$T/gen13-11.imscc" 1.1 "gen-cartridge small 1.3->1.1"
    convert "$T/gen11.imscc" "$T/gen11-13.imscc" 1.3 "gen-cartridge small 1.1->1.3"
    convert "$T/gen13.imscc" "$T/gen13-thin.imscc" thin "gen-cartridge small 1.3->thin"
    convert "$T/gen13.imscc" "$T/gen13-10.imscc" 1.0 "gen-cartridge small 1.3->1.0"
    convert "$T/gen11.imscc" "$T/gen11-14.imscc" 1.4 "gen-cartridge small 1.1->1.4"
    convert "$T/gen13.imscc" "$T/gen13-thin14.imscc" thin1.4 "gen-cartridge small 1.3->thin1.4"
else
    echo "note: no gen-cartridge, generated cartridges not checked"
fi

echo "convert-oracle: $checked document(s) checked, $fails failure(s)"
[ "$fails" -eq 0 ]
