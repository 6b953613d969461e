#!/bin/sh
# convert.sh - `cckit convert`: the bundled sample and the convert fixture
# to 1.0, 1.1, 1.2, 1.4, thin (1.2, 1.3, 1.4) and back; the loss report (text and JSON); every
# output passes `cckit validate --strict`; refusals (existing output, the
# input as output, bad --to).
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=}"
: "${CCKIT_XSL_DIR:=$CCKIT_SRCDIR/xsl}"; export CCKIT_XSL_DIR
: "${CCKIT_SCHEMA_DIR:=$CCKIT_SRCDIR/schemas}"; export CCKIT_SCHEMA_DIR
command -v zip >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1 || { echo "SKIP: no zip/unzip"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-convert.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
expect_rc() {  # WANT LABEL CMD...
    want=$1 label=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; rc=$?
    [ "$rc" -eq "$want" ] || { fail "$label: exit $rc, want $want"; sed 's/^/  /' "$T/out" "$T/err" >&2; }
}
has() {  # FILE TEXT LABEL
    grep -q -- "$2" "$1" || { fail "$3: no '$2' in the output"; sed 's/^/  /' "$1" >&2; }
}
strict_ok() {  # FILE LABEL
    "$CCKIT" validate --strict "$1" >"$T/v" 2>&1 || { fail "$2: output not strictly valid"; sed 's/^/  /' "$T/v" >&2; }
}

(cd "$CCKIT_SRCDIR/samples/intro-course-cc1.3" && zip -X -q -r "$T/intro.imscc" .)
(cd "$CCKIT_SRCDIR/tests/convert/full-cc1.3" && zip -X -q -r "$T/full.imscc" .)

# --- the sample, to every target and back
for to in 1.0 1.1 1.2 1.3 1.4 thin thin1.2 thin1.4; do
    expect_rc 0 "intro --to $to" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro-$to.imscc" --to "$to"
    strict_ok "$T/intro-$to.imscc" "intro --to $to"
done
has "$T/out" "thin-not-a-link resource=res_quiz1" "thin1.2 drops the quiz"
expect_rc 0 "intro 1.1 -> 1.3" "$CCKIT" convert "$T/intro-1.1.imscc" -o "$T/back-1.3.imscc" --to 1.3
strict_ok "$T/back-1.3.imscc" "intro 1.1 -> 1.3"
has "$T/out" "imsbasiclti_xmlv1p0 -> imsbasiclti_xmlv1p3" "1.1 -> 1.3 renames the LTI type"
"$CCKIT" info "$T/back-1.3.imscc" >"$T/info" 2>&1
has "$T/info" "1.3" "info on the round trip"
expect_rc 0 "intro 1.3 -> thin -> 1.1" "$CCKIT" convert "$T/intro-thin.imscc" -o "$T/thin-1.1.imscc" --to 1.1
strict_ok "$T/thin-1.1.imscc" "thin -> 1.1"
# the LTI descriptor's namespace follows the version
unzip -p "$T/intro-1.1.imscc" lti/lti_lab/lti.xml >"$T/lti11"
has "$T/lti11" 'xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0"' "LTI namespace in 1.1"
unzip -p "$T/back-1.3.imscc" lti/lti_lab/lti.xml >"$T/lti13"
has "$T/lti13" 'xmlns="http://www.imsglobal.org/xsd/imslticc_v1p3"' "LTI namespace back in 1.3"
# thin keeps only the links' files
unzip -l "$T/intro-thin.imscc" >"$T/list"
grep -q 'web/welcome.html' "$T/list" && fail "thin output still holds web/welcome.html"
has "$T/list" "links/wl_syllabus/weblink.xml" "thin keeps the web link"

# --- CC 1.0 and 1.4 targets: what each cannot hold
expect_rc 0 "intro --to 1.0 again" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro-1.0.imscc" --to 1.0 --force
has "$T/out" "type-not-in-version resource=res_lab file=lti/lti_lab/lti.xml" "1.0 has no LTI links"
has "$T/out" "item-dropped resource=res_lab item=item_lab" "1.0 drops the LTI link's item"
unzip -p "$T/intro-1.0.imscc" discussions/dt_introductions/topic.xml >"$T/dt10"
has "$T/dt10" '<title xmlns="">' "1.0 topic children are unqualified"
unzip -l "$T/intro-1.0.imscc" >"$T/list"
grep -q 'lti/lti_lab/lti.xml' "$T/list" && fail "the dropped LTI descriptor is still in the 1.0 output"
expect_rc 0 "intro 1.3 -> 1.4" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro-1.4.imscc" --to 1.4 --force
has "$T/out" "imsbasiclti_xmlv1p3 -> imsbasiclti_xmlv1p4" "1.4 renames the LTI type"
unzip -p "$T/intro-1.4.imscc" lti/lti_lab/lti.xml >"$T/lti14"
has "$T/lti14" 'xmlns="http://www.imsglobal.org/xsd/imslticc_v1p3"' "1.4 keeps the v1p3 LTI descriptor"
expect_rc 0 "intro 1.4 -> 1.3" "$CCKIT" convert "$T/intro-1.4.imscc" -o "$T/back14-1.3.imscc" --to 1.3
strict_ok "$T/back14-1.3.imscc" "intro 1.4 -> 1.3"
expect_rc 0 "intro 1.0 -> 1.3" "$CCKIT" convert "$T/intro-1.0.imscc" -o "$T/back10-1.3.imscc" --to 1.3
strict_ok "$T/back10-1.3.imscc" "intro 1.0 -> 1.3"
# the K-12 Thin 1.4 sample (inline descriptors): to 1.4 keeps its schema,
# to Thin 1.3 names the K-12 loss, and the inline links become files
expect_rc 0 "K-12 thin 1.4 -> thin1.4" "$CCKIT" convert "$CCKIT_SRCDIR/samples/thin-k12-cc1.4" -o "$T/k12.imscc" --to thin1.4
strict_ok "$T/k12.imscc" "K-12 thin 1.4 -> thin1.4"
unzip -p "$T/k12.imscc" imsmanifest.xml >"$T/mk12"
has "$T/mk12" "<schema>IMS K-12 Thin Common Cartridge</schema>" "thin1.4 keeps the K-12 schema"
# Thin 1.4 writes the links inline (spec R68): the descriptor files go
expect_rc 0 "intro --to thin1.4 again" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro-thin1.4.imscc" --to thin1.4 --force
has "$T/out" "descriptor-inlined resource=res_syllabus_link file=links/wl_syllabus/weblink.xml" "thin1.4 inlines the web link"
has "$T/out" "descriptor-inlined resource=res_lab file=lti/lti_lab/lti.xml" "thin1.4 inlines the LTI link"
unzip -l "$T/intro-thin1.4.imscc" >"$T/list"
grep -q 'weblink.xml\|lti.xml' "$T/list" && fail "thin1.4 output still holds a link descriptor file"
unzip -p "$T/intro-thin1.4.imscc" imsmanifest.xml >"$T/mthin14"
has "$T/mthin14" '<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p4/imswl_v1p4"' "thin1.4 manifest holds the web link"
expect_rc 0 "K-12 thin 1.4 -> thin1.3" "$CCKIT" convert "$CCKIT_SRCDIR/samples/thin-k12-cc1.4" -o "$T/k12-13.imscc" --to thin
strict_ok "$T/k12-13.imscc" "K-12 thin 1.4 -> thin 1.3"
has "$T/out" "k12-dropped" "thin1.3 names the lost K-12 flavour"
has "$T/out" "embedded-descriptor-extracted resource=res_atlas" "inline link moved to a file"
# CC 1.4 has no authorizations: dropped, and the protected resource named
expect_rc 0 "authorizations -> 1.4" "$CCKIT" convert "$CCKIT_SRCDIR/tests/rules/cases/R57-protected-without-resource-access/cartridge" -o "$T/auth14.imscc" --to 1.4
strict_ok "$T/auth14.imscc" "authorizations -> 1.4"
has "$T/out" "auth-not-in-version resource=res_welcome" "1.4 names the resource that loses its protection"
unzip -p "$T/auth14.imscc" imsmanifest.xml | grep -q 'authorizations' && fail "1.4 output still has authorizations"
# CC 1.4's own types (open video, QTI 3 package) have no place in 1.3
expect_rc 0 "1.4 packages -> 1.3" "$CCKIT" convert "$CCKIT_SRCDIR/tests/rules/cases/R55-cc1.4-packages/cartridge" -o "$T/p13.imscc" --to 1.3
strict_ok "$T/p13.imscc" "1.4 packages -> 1.3"
has "$T/out" "type-not-in-version resource=res_video file=video/v.xml" "open video dropped below 1.4"
has "$T/out" "type-not-in-version resource=res_qti3 file=video/clip.zip" "QTI 3 package dropped below 1.4"

# --- the fixture: what only 1.3 has
expect_rc 0 "fixture --to 1.1" "$CCKIT" convert "$T/full.imscc" -o "$T/full-1.1.imscc" --to 1.1
strict_ok "$T/full-1.1.imscc" "fixture --to 1.1"
for s in "assignment-to-webcontent resource=r_assign file=assign/a1/assignment.html" \
         "assignment-gradable-dropped resource=r_assign" \
         "assignment-submission-formats-dropped resource=r_assign" \
         "assignment-instructor-text-dropped resource=r_assign" \
         "extra-question-bank resource=r_qb2" \
         "variant-dropped resource=r_assign" \
         "csm-dropped resource=r_page" \
         "intendeduse-dropped resource=r_page" \
         "type-not-in-version resource=r_epub" \
         "item-dropped resource=r_epub item=i_epub" \
         "associatedcontent-to-webcontent resource=r_assign_files"; do
    has "$T/out" "$s" "fixture 1.3 -> 1.1 report"
done
# changes are named by the title the user sees (item, else descriptor)
has "$T/out" 'resource=r_assign file=assign/a1/assignment.html: "Draw a map": CC 1.1 has no assignments' "report names the assignment by its title"
has "$T/out" 'csm-dropped resource=r_page: "Syllabus":' "report names the page by its item title"
unzip -p "$T/full-1.1.imscc" assign/a1/assignment.html >"$T/page"
has "$T/page" "Draw a map of your street" "the assignment page has the title"
has "$T/page" "<em>legend</em>" "the assignment page has the HTML text"
has "$T/page" 'href="brief.html"' "the assignment page links the learner attachment"
unzip -p "$T/full-1.1.imscc" imsmanifest.xml >"$T/m11"
[ "$(grep -c 'question-bank' "$T/m11")" -eq 1 ] || fail "1.1 output must keep exactly one question bank"
unzip -l "$T/full-1.1.imscc" >"$T/list"
grep -q 'banks/qb2/bank.xml' "$T/list" && fail "the dropped bank's file is still in the 1.1 output"
grep -q 'epub/book.epub' "$T/list" && fail "the dropped EPUB is still in the 1.1 output"

expect_rc 0 "fixture --to 1.2 (JSON)" "$CCKIT" convert "$T/full.imscc" -o "$T/full-1.2.imscc" --to 1.2 --format json
strict_ok "$T/full-1.2.imscc" "fixture --to 1.2"
for s in '"from": "1.3.0"' '"to": "1.2.0"' '"code": "assignment-to-webcontent"' '"code": "extra-question-bank"' \
         '"resource": "r_qb2"' '"dropped": 8' '"changed": 4' '"written": true'; do
    has "$T/out" "$s" "JSON report"
done
grep -q 'intendeduse-dropped' "$T/out" && fail "1.2 keeps intendeduse=assignment"

if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["dropped"]+d["changed"]==len(d["changes"])' "$T/out" \
        || fail "JSON report: not JSON, or counts do not match the changes"
fi

# --- assignments as Canvas exports them (href = the XML descriptor, the
# page in a web content fallback whose variant names the assignment):
# below 1.3 each becomes web content whose href is an HTML page
(cd "$CCKIT_SRCDIR/tests/convert/canvas-assign-cc1.3" && zip -X -q -r "$T/canvas.imscc" .)
for to in 1.0 1.1 1.2; do
    expect_rc 0 "canvas assignments --to $to" "$CCKIT" convert "$T/canvas.imscc" -o "$T/canvas-$to.imscc" --to "$to"
    strict_ok "$T/canvas-$to.imscc" "canvas assignments --to $to"
    has "$T/out" "assignment-to-webcontent resource=r_a1 file=a1/assignment.html" "$to: a1's page is the exporter's own"
    has "$T/out" "fallback-merged resource=r_a1_fallback" "$to: the fallback merges into the assignment"
    has "$T/out" "assignment-gradable-dropped resource=r_a1" "$to: a1's gradable is reported lost"
    has "$T/out" "assignment-to-webcontent resource=r_a2 file=a2/assignment.html" "$to: a2's page is generated"
    has "$T/out" 'resource=r_a2 file=a2/assignment.html: "Field notes":' "$to: an assignment outside the organization is named by its descriptor's title"
    unzip -p "$T/canvas-$to.imscc" imsmanifest.xml >"$T/m"
    grep '<resource ' "$T/m" | grep -q 'href="a[12]/assignment.xml"' &&
        fail "$to: a resource's href is still an assignment descriptor"
    for r in r_a1 r_a2; do
        grep -q "identifier=\"$r\" type=\"webcontent\" href=\"${r#r_}/assignment.html\"" "$T/m" ||
            fail "$to: $r is not web content with its HTML page as href"
    done
    grep -q 'r_a1_fallback' "$T/m" && fail "$to: the merged fallback is still a resource of its own"
    [ "$(grep -c 'href="a1/assignment.html"' "$T/m")" -eq 2 ] || fail "$to: a1's page is not listed once as a file"
    unzip -p "$T/canvas-$to.imscc" a1/assignment.html >"$T/page"
    has "$T/page" "the exporter's own page" "$to: a1's page is the cartridge's own, unchanged"
    unzip -p "$T/canvas-$to.imscc" a2/assignment.html >"$T/page"
    has "$T/page" "Keep notes of three walks" "$to: a2's generated page has the assignment text"
done

expect_rc 0 "fixture --to 1.4" "$CCKIT" convert "$T/full.imscc" -o "$T/full-1.4.imscc" --to 1.4
strict_ok "$T/full-1.4.imscc" "fixture --to 1.4"
has "$T/out" "variant-dropped resource=r_assign" "1.4 has no variants"
grep -q 'csm-dropped\|extra-question-bank\|assignment-to-webcontent\|type-not-in-version' "$T/out" \
    && fail "1.4 keeps CSM, both banks, the assignment and the EPUB"
unzip -p "$T/full-1.4.imscc" imsmanifest.xml >"$T/m14"
has "$T/m14" "imsccv1p4/imscsmd_v1p1" "1.4 CSM namespace"
expect_rc 0 "fixture --to 1.0" "$CCKIT" convert "$T/full.imscc" -o "$T/full-1.0.imscc" --to 1.0
strict_ok "$T/full-1.0.imscc" "fixture --to 1.0"
for s in "intendeduse-dropped resource=r_page" "csm-dropped resource=r_page" "extra-question-bank resource=r_qb2" \
         "assignment-to-webcontent resource=r_assign"; do
    has "$T/out" "$s" "fixture 1.3 -> 1.0 report"
done

# --- refusals
expect_rc 1 "existing output without --force" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro-1.1.imscc" --to 1.1
has "$T/err" "--force" "the refusal names --force"
expect_rc 0 "existing output with --force" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro-1.1.imscc" --to 1.1 --force
expect_rc 2 "the input as output" "$CCKIT" convert "$T/intro.imscc" -o "$T/intro.imscc" --to 1.1 --force
expect_rc 2 "--to 1.5" "$CCKIT" convert "$T/intro.imscc" -o "$T/x.imscc" --to 1.5
expect_rc 2 "--to thin1.1" "$CCKIT" convert "$T/intro.imscc" -o "$T/x.imscc" --to thin1.1
expect_rc 2 "no --to" "$CCKIT" convert "$T/intro.imscc" -o "$T/x.imscc"
expect_rc 2 "no -o" "$CCKIT" convert "$T/intro.imscc" --to 1.1
expect_rc 1 "missing input" "$CCKIT" convert "$T/nope.imscc" -o "$T/x.imscc" --to 1.1
expect_rc 1 "no stylesheets" "$CCKIT" convert "$T/intro.imscc" -o "$T/x.imscc" --to 1.1 --xsl "$T/none"
[ -e "$T/x.imscc" ] && fail "a failed convert left its output"
ls -a "$T" | grep -q 'cckit-tmp' && fail "a temporary file was left: $(ls -a "$T" | grep cckit-tmp)"

# Signals during convert (SIGINT, SIGTERM, SIGHUP, SIGKILL): tests/interrupt.sh.

[ "$fails" -eq 0 ] && echo "convert: all checks passed"
[ "$fails" -eq 0 ]
