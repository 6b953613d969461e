#!/bin/sh
# browser.sh - cckit's HTML reports in a real headless browser.
#
# Writes `cckit validate --format html -o` pages for each sample, for one
# corpus cartridge of each CC version and a thin one (from
# $CCKIT_SHARED/corpus, skipped without it) and for a hostile cartridge
# generated here (its titles, hrefs, file text, comments and even its
# folder name carry <script>, onerror= and javascript: text that would set
# window.__cckitPwned), then has tests/browser/report.js open each page
# from disk in Debian's chromium through playwright-core and check it (no
# console error, no request but file:, no script from the cartridge,
# axe-core, the filters, the page without scripts).  Screenshots go to
# $CCKIT_BUILDDIR/tests/browser/out/.  More pages (cckit preview) are
# added as more arguments to report.js, or a script of their own beside it:
# `cckit preview` sites (samples, one corpus cartridge of each version, a
# cartridge whose pages carry scripts and remote loads) go to preview.js.
#
# Needs chromium, node and tests/browser/node_modules (`npm ci` in
# tests/browser; or $CCKIT_BROWSER_MODULES).  Without them the test is
# skipped with a message, unless CCKIT_REQUIRE_BROWSER=1 (CI): then it
# fails.
set -u
: "${CCKIT:?}" "${CCKIT_SRCDIR:?}"
here="$CCKIT_SRCDIR/tests/browser"
out="${CCKIT_BUILDDIR:-.}/tests/browser/out"
modules="${CCKIT_BROWSER_MODULES:-$here/node_modules}"
chromium="${CCKIT_CHROMIUM:-/usr/bin/chromium}"

skip() {
    if [ "${CCKIT_REQUIRE_BROWSER:-}" = 1 ]; then
        echo "FAIL: $1 (CCKIT_REQUIRE_BROWSER=1: the browser tests must run)"
        exit 1
    fi
    echo "SKIP: $1"
    exit 77
}
[ -x "$chromium" ] || skip "no chromium at $chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install nodejs)"
[ -f "$modules/playwright-core/package.json" ] && [ -f "$modules/axe-core/axe.min.js" ] ||
    skip "no playwright-core and axe-core in $modules (run 'npm ci' in tests/browser)"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out" || exit 1
fail=0
pages=

# report NAME COURSE... : the page $tmp/NAME.html; validate exits 0 or 1.
report() {
    name=$1
    shift
    "$CCKIT" validate --format html -o "$tmp/$name.html" "$@" >"$tmp/$name.out" 2>&1
    rc=$?
    if [ $rc -gt 1 ] || [ ! -s "$tmp/$name.html" ]; then
        echo "FAIL: cckit validate --format html $*: exit $rc, no page"
        cat "$tmp/$name.out"
        fail=1
        return
    fi
    # -o writes a temporary and renames it: none is left behind.
    if ls -A "$tmp" | grep -q 'cckit-tmp'; then
        echo "FAIL: a temporary is left beside $name.html"
        fail=1
    fi
    pages="$pages $tmp/$name.html$suffix"
}

suffix=
for s in "$CCKIT_SRCDIR"/samples/*/; do
    [ -f "$s/imsmanifest.xml" ] || continue
    report "sample-$(basename "$s")" "$s"
done

if [ -d "${CCKIT_SHARED:-}/corpus" ]; then
    for v in 1.0 1.1 1.2 1.3 thin; do
        case $v in
        thin) c=$(ls "$CCKIT_SHARED"/corpus/*thin*.imscc 2>/dev/null | head -n 1) ;;
        *) c=$(ls "$CCKIT_SHARED"/corpus/*-cc$v.imscc 2>/dev/null | grep -v thin | head -n 1) ;;
        esac
        [ -n "$c" ] || { echo "note: no corpus cartridge of CC $v"; continue; }
        report "corpus-cc$v" "$c"
    done
else
    echo "note: no \$CCKIT_SHARED/corpus: corpus pages skipped"
fi

# The hostile cartridge: every piece of text that reaches the page tries
# to run a script.  Its folder name does too.
h="$tmp/hostile\"><img src=x onerror=window.__cckitPwned=11>"
mkdir -p "$h/web" || exit 1
cat >"$h/imsmanifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M1" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata>
  <organizations><organization identifier="O1" structure="rooted-hierarchy"><item identifier="root">
    <item identifier="I1" identifierref="R1"><title>&lt;script&gt;window.__cckitPwned=1&lt;/script&gt;</title></item>
  </item></organization></organizations>
  <resources>
    <!-- <script>window.__cckitPwned=2</script> <img src=x onerror="window.__cckitPwned=3"> -->
    <resource identifier="R1" type="webcontent" href="web/&quot;&gt;&lt;img src=x onerror=window.__cckitPwned=4&gt;.html">
      <file href="web/&quot;&gt;&lt;img src=x onerror=window.__cckitPwned=4&gt;.html"/>
      <file href="web/page.html"/>
    </resource>
    <resource identifier="R2" type="imswl_xmlv1p1" href="javascript:window.__cckitPwned=5">
      <file href="javascript:window.__cckitPwned=5"/>
    </resource>
  </resources>
</manifest>
XML
cat >"$h/web/page.html" <<'HTML'
<html><body>
<!-- <script>window.__cckitPwned=6</script> -->
<a href="javascript:window.__cckitPwned=7">x</a>
<img src="missing.png&quot; onerror=&quot;window.__cckitPwned=8" onerror="window.__cckitPwned=9">
<a href="gone<script>window.__cckitPwned=10</script>.html">y</a>
<svg><script>window.__cckitPwned=12</script></svg>
</body></html>
HTML
suffix=:hostile
report hostile "$h"
grep -q 'package.missing-file' "$tmp/hostile.html" && grep -q 'links.broken' "$tmp/hostile.html" || {
    echo "FAIL: the hostile cartridge no longer has the findings that carry its text"
    fail=1
}

# Pages of charts (tests/browser/charts.js): profile and compat of the
# samples and of a few corpus cartridges, compat of the hostile cartridge,
# and a report of batch runs whose input names and reasons try to run a
# script.
charts=
# chart NAME[:hostile] ARGS... : the page $tmp/NAME.html from `cckit ARGS`.
chart() {
    cname=${1%%:*}
    csuffix=
    case $1 in *:hostile) csuffix=:hostile ;; esac
    shift
    "$CCKIT" "$@" >"$tmp/$cname.html" 2>"$tmp/$cname.err"
    rc=$?
    if [ $rc -gt 1 ] || [ ! -s "$tmp/$cname.html" ]; then
        echo "FAIL: cckit $*: exit $rc, no page"
        cat "$tmp/$cname.err"
        fail=1
        return
    fi
    charts="$charts $tmp/$cname.html$csuffix"
}
csamples=$(for s in "$CCKIT_SRCDIR"/samples/*/; do [ -f "$s/imsmanifest.xml" ] && echo "$s"; done)
# shellcheck disable=SC2086
chart profile-samples profile --format html $csamples "$h"
# shellcheck disable=SC2086
chart compat-samples compat --format html $csamples
chart compat-hostile:hostile compat --format html "$h" "$CCKIT_SRCDIR/samples/minimal-cc1.1"
if [ -d "${CCKIT_SHARED:-}/corpus" ]; then
    chart profile-corpus profile --format html "$CCKIT_SHARED/corpus"
    # shellcheck disable=SC2046
    chart compat-corpus compat --format html $(ls "$CCKIT_SHARED"/corpus/*.imscc | head -n 4)
fi
cat >"$tmp/hostile-run.jsonl" <<'JSONL'
{"type":"cartridge","command":"validate","input":"<img src=x onerror=window.__cckitPwned=21>.imscc","index":0,"status":"error","reason":"<script>window.__cckitPwned=22</script>","verdict":null,"codes":{},"seconds":0.5,"result":null}
{"type":"cartridge","command":"validate","input":"\"><svg onload=window.__cckitPwned=23>.imscc","index":1,"status":"done","verdict":"<b onmouseover=window.__cckitPwned=24>valid</b>","version":"1.3","producer":"<script>window.__cckitPwned=25</script>","codes":{"<i>x</i>":2},"seconds":2.5,"result":null}
JSONL
chart report-runs:hostile report --format html "$CCKIT_SRCDIR/tests/report/full.jsonl" \
    "$CCKIT_SRCDIR/tests/report/interrupted.jsonl" "$tmp/hostile-run.jsonl"
# shellcheck disable=SC2086
node "$here/charts.js" "$out" $charts || fail=1

# shellcheck disable=SC2086
node "$here/report.js" "$out" $pages || fail=1

# ---- cckit preview: sites of the samples, of one corpus cartridge of
# each version and of a cartridge whose pages carry scripts and remote
# loads, checked by preview.js (tree, pane, keyboard, axe, no request).
sites=
# site NAME COURSE [SUFFIX]: cckit preview COURSE -o $tmp/site-NAME.
site() {
    if ! "$CCKIT" preview -q "$2" -o "$tmp/site-$1" >"$tmp/site-$1.out" 2>&1 ||
        [ ! -f "$tmp/site-$1/index.html" ]; then
        echo "FAIL: cckit preview $2: exit $?, no site"
        cat "$tmp/site-$1.out"
        fail=1
        return
    fi
    sites="$sites $tmp/site-$1${3:-}"
}
for s in "$CCKIT_SRCDIR"/samples/*/; do
    [ -f "$s/imsmanifest.xml" ] && site "$(basename "$s")" "$s"
done
if [ -d "${CCKIT_SHARED:-}/corpus" ]; then
    for v in 1.0 1.1 1.2 1.3 thin; do
        case $v in
        thin) c=$(ls "$CCKIT_SHARED"/corpus/*thin*.imscc 2>/dev/null | head -n 1) ;;
        *) c=$(ls "$CCKIT_SHARED"/corpus/*-cc$v.imscc 2>/dev/null | grep -v thin | head -n 1) ;;
        esac
        [ -n "$c" ] && site "corpus-cc$v" "$c"
    done
fi
# The scripted cartridge: every page, title and question tries to run a
# script (setting window.__cckitPwned or data-pwned) and to fetch.
p="$tmp/scripted"
mkdir -p "$p/web" "$p/quiz" || exit 1
cat >"$p/imsmanifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M1" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata>
  <organizations><organization identifier="O1" structure="rooted-hierarchy"><item identifier="root">
    <item identifier="F1"><title>Folder &lt;img src=x onerror=window.__cckitPwned=1&gt;</title>
      <item identifier="I1" identifierref="R1"><title>&lt;script&gt;window.__cckitPwned=2&lt;/script&gt;</title></item>
      <item identifier="I2" identifierref="R2"><title>Quiz "&gt;&lt;svg onload=window.__cckitPwned=3&gt;</title></item>
    </item>
  </item></organization></organizations>
  <resources>
    <resource identifier="R1" type="webcontent" href="web/page.html">
      <file href="web/page.html"/><file href="web/local.png"/>
    </resource>
    <resource identifier="R2" type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment">
      <file href="quiz/q.xml"/>
    </resource>
  </resources>
</manifest>
XML
cat >"$p/web/page.html" <<'HTML'
<html><head><meta http-equiv="refresh" content="0;url=http://example.invalid/refresh">
<script>window.__cckitPwned=10;document.documentElement.setAttribute('data-pwned','1')</script>
<script src="http://example.invalid/x.js"></script>
<link rel="stylesheet" href="http://example.invalid/s.css"></head>
<body onload="window.__cckitPwned=11">
<h1>A page with scripts</h1>
<img src="http://example.invalid/x.png" alt="remote">
<img src="https://example.invalid/y.png" onerror="window.__cckitPwned=12" alt="remote 2">
<img src="local.png" alt="local">
<iframe src="http://example.invalid/frame" title="remote frame"></iframe>
<object data="http://example.invalid/o.swf"></object>
<svg><script>window.__cckitPwned=13</script></svg>
<form action="http://example.invalid/post"><input type="submit"></form>
</body></html>
HTML
printf 'not really a png' >"$p/web/local.png"
cat >"$p/quiz/q.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="A1" title="Quiz">
<section ident="S1"><item ident="Q1" title="&lt;script&gt;window.__cckitPwned=20&lt;/script&gt;">
<itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
<presentation><material><mattext texttype="text/html">&lt;p&gt;Pick&lt;img src="http://example.invalid/q.png" onerror="window.__cckitPwned=21"&gt;&lt;script&gt;window.__cckitPwned=22&lt;/script&gt;&lt;/p&gt;</mattext></material>
<response_lid ident="R"><render_choice>
<response_label ident="A"><material><mattext texttype="text/html">&lt;b onmouseover="window.__cckitPwned=23"&gt;yes&lt;/b&gt;</mattext></material></response_label>
<response_label ident="B"><material><mattext>no</mattext></material></response_label>
</render_choice></response_lid></presentation>
<resprocessing><respcondition><conditionvar><varequal respident="R">A</varequal></conditionvar><setvar action="Set">100</setvar></respcondition></resprocessing>
</item></section></assessment></questestinterop>
XML
site scripted "$p" :hostile
# shellcheck disable=SC2086
[ -n "$sites" ] && { node "$here/preview.js" "$out" $sites || fail=1; }
[ $fail = 0 ] && echo "PASS: $(echo $pages | wc -w) pages, $(echo $sites | wc -w) preview sites; screenshots in $out"
exit $fail
