#!/bin/sh
# dup-ids.sh - writes dup.imscc in the current folder, for the
# `minimise --keep` cases: eight webcontent resources (p1..p8.html) under
# eight items of one root item, two of the resources (3 and 6) with the
# same identifier "dup" (manifest.duplicate-id), and one file no resource
# lists (notes.txt).  Needs zip.
set -e
rm -rf dup && mkdir dup
for i in 1 2 3 4 5 6 7 8; do
    printf '<html><body><p>Page %s</p></body></html>\n' "$i" > "dup/p$i.html"
done
printf 'spare\n' > dup/notes.txt
ref() { case $1 in 3|6) echo dup ;; *) echo "r$1" ;; esac; }
{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n'
    printf '<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">\n'
    printf '<metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata>\n'
    printf '<organizations><organization identifier="o" structure="rooted-hierarchy"><item identifier="root">\n'
    for i in 1 2 3 4 5 6 7 8; do
        printf '<item identifier="i%s" identifierref="%s"><title>Page %s</title></item>\n' "$i" "$(ref "$i")" "$i"
    done
    printf '</item></organization></organizations>\n<resources>\n'
    for i in 1 2 3 4 5 6 7 8; do
        printf '<resource identifier="%s" type="webcontent" href="p%s.html"><file href="p%s.html"/></resource>\n' "$(ref "$i")" "$i" "$i"
    done
    printf '</resources>\n</manifest>\n'
} > dup/imsmanifest.xml
(cd dup && zip -X -D -q -r ../dup.imscc .)
rm -rf dup
