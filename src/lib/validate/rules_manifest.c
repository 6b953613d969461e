/* rules_manifest.c - profile rules on the manifest tree: R1-R70 of the
 * reference (doc/rules.md maps every rule to its code).
 *
 * Each rule is one static function named after it, in rule order, over
 * the tree the manifest reader built.  Some oddities are recorded by the
 * reader itself (duplicate ids, title attributes, version mixing, ...):
 * their registry rows are here, the findings come through the reader's
 * diags and are not repeated.  Every check is linear in the size of the
 * manifest: look-ups go through hash maps, dependencies are walked with
 * an explicit stack (a 50,000-long chain must not recurse).
 *
 * Severities: strict = what the specification says; lenient (default) =
 * what must not fail a real export that the major LMSes import, still
 * naming every deviation (see doc/rules.md for the reasons per rule).
 */
#include "validate/validate.h"
#include <stdlib.h>
#include <string.h>

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO

const cckit_rule cckit_rules_manifest[] = {
    /* Checked here, in rule order. */
    {"manifest.extension", "R1", W, W, "CC 1.1 Implementation §3.1; Conformance §1",
     "a cartridge file is named *.imscc",
     "name the cartridge file with the .imscc extension (LMS upload forms may filter on it)"},
    {"manifest.no-metadata", "R4", E, W, "CC 1.1 Implementation §4.5.1",
     "<manifest> has a <metadata> child with <schema> and <schemaversion>",
     "add <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion>...</metadata> "
     "as the first child of <manifest>"},
    {"manifest.schema", "R4", E, W, "CC 1.1 Implementation §4.5.1 (table 1.1)",
     "<schema> is \"IMS Common Cartridge\" (or \"IMS Thin Common Cartridge\" for Thin CC)",
     "write <schema>IMS Common Cartridge</schema> in the manifest metadata"},
    {"manifest.no-schemaversion", "R4", E, W, "CC 1.1 Implementation §4.5.1 (table 1.1)",
     "the manifest metadata carries <schemaversion>",
     "add <schemaversion> with the version of the cartridge, e.g. 1.3.0"},
    {"manifest.schemaversion-form", "R4", E, W, "CC XSD enumerations (table 1.1)",
     "<schemaversion> is written exactly as enumerated (\"1.0.0\", \"1.1.0\", \"1.2.0\", \"1.3.0\")",
     "write the schemaversion in its three-part form, e.g. 1.3.0"},
    {"manifest.no-lom", "R6", E, W, "CC 1.1/1.3 manifest XSD (lom minOccurs 1); Implementation §4.5.1",
     "the cartridge is described by a LOM record in the manifest metadata (CC 1.0: recommended)",
     "add a lomimscc:lom record with at least general/title to the manifest <metadata>"},
    /* Reported by the manifest XSD check (xsd_check.c) when a schema
     * error is exactly what the rule states. */
    {"manifest.lom-profile", "R7", E, W, "CC 1.1 manifest LOM profile (XSD and Schematron); CC 1.3 LOM-loose",
     "the manifest LOM uses only the elements of the CC LOM profile, at most one general and one title",
     "remove the LOM elements the message names, or merge the repeated ones into one (importers read "
     "only the first). Lenient mode warns: LMSes ignore LOM they do not use and import the course"},
    {"manifest.no-organizations", "R11", E, E, "CC manifest XSD; CC 1.1 Implementation §4.4.3.2",
     "<organizations> is present (it may be empty)",
     "add <organizations/> after <metadata>, even when the cartridge has no organization"},
    {"manifest.organizations-default", "R12", E, W, "CC 1.1 Implementation §4.1, §4.4.3.1; CC 1.0 XSD",
     "<organizations> has no default attribute (a cartridge has one organization)",
     "remove default=\"...\" from <organizations>"},
    {"manifest.resource-metadata", "R33", E, E, "CC resource LOM XSD of the version",
     "a resource's <metadata> holds the LOM record of its version's resource profile",
     "put a lom record (with educational/intendedEndUserRole) in the resource <metadata>, or remove the "
     "empty <metadata>"},
    {"manifest.auth-unqualified", "R56", E, W, "CC auth XSDs (elementFormDefault qualified)",
     "cartridgeId and webservice are in the authorization namespace",
     "prefix cartridgeId and webservice with the authorization namespace's prefix. Lenient mode warns: "
     "the CC 1.1 guide's own example writes them unqualified"},
    {"manifest.csm-structure", "R63", E, W, "CC 1.2/1.3 curriculum standards metadata XSD",
     "curriculumStandardsMetadataSet holds curriculumStandardsMetadata, setOfGUIDs and labelledGUID "
     "with a GUID",
     "give every labelledGUID a <GUID>, every set at least one labelledGUID. Lenient mode warns: LMSes "
     "ignore standards metadata they cannot read and import the course"},
    {"manifest.org-structure", "R13", E, W, "CC XSD (fixed value); Implementation §4.4.3.2",
     "<organization structure=\"rooted-hierarchy\">",
     "set structure=\"rooted-hierarchy\" on the <organization>"},
    {"manifest.no-root-item", "R14", E, W, "CC 1.1 Implementation §4.4.3.3; XSD ItemOrg.Type",
     "the organization holds one root <item>",
     "put one <item identifier=\"root\"> (no title) inside the organization and the course items inside it"},
    {"manifest.several-root-items", "R14", E, E, "CC 1.1 Implementation §4.4.3.3; XSD ItemOrg.Type",
     "the organization holds exactly one root <item> (importers that expect one root may lose the others)",
     "wrap all top-level items into one root <item> without title"},
    {"manifest.root-item-title", "R14", E, W, "CC 1.1 Implementation §4.4.3.3; CC 1.0 XSD",
     "the root item has no title",
     "remove the title of the root item; give the course its title in the manifest LOM instead"},
    {"manifest.root-item-identifierref", "R14", E, W, "CC 1.1 Implementation §4.4.3.3; CC 1.0 XSD",
     "the root item references no resource",
     "remove identifierref from the root item; add a child item that links the resource"},
    {"manifest.item-no-title", "R15", E, W, "CP 1.2 XSD (Item.Type title 1..1); Implementation §4.4.3.4",
     "every item below the root has a <title>",
     "give the item a <title>: it is the name learners see in the course outline"},
    {"manifest.item-ref-with-children", "R17", E, W, "CC 1.1 Implementation §4.4.3.5-6; Sch 8b; S04",
     "an item that links a resource has no child items (folders have no identifierref)",
     "make the item a folder (remove identifierref) and add a child item that links the resource"},
    {"manifest.item-dangling-ref", "R18", E, W, "CC 1.1 Implementation §4.4.3.6; XSD IDREF",
     "item identifierref names a resource of the manifest (lenient: Canvas exports module items "
     "of external tools whose resource it does not write; other LMSes drop such items)",
     "add the missing resource, or point the item at an existing resource, or remove the item"},
    {"manifest.item-refs-question-bank", "R19", E, E, "CC 1.1 Implementation §4.1, §4.4.10; Sch 8a; S11b3",
     "no item references a question bank (banks are instructor-only supplemental resources)",
     "remove the item, or link an assessment that uses the questions instead of the bank"},
    {"manifest.item-resource-no-href", "R21", W, W, "CC 1.1 Implementation §4.4.5-6; S05 (CC 1.0: error)",
     "web content or associated content linked from an item has an href (the file to launch)",
     "set href on the resource to the page learners open, and list that file in a <file>"},
    {"manifest.resource-href-not-in-files", "R25", E, W, "Sch 10a/10b (CC 1.0: warning)",
     "a resource href is also listed as one of its <file> elements",
     "add <file href=\"...\"/> with exactly the resource's href"},
    {"manifest.duplicate-file", "R26", E, W, "Sch 9a (CC 1.0: warning)",
     "a resource lists each file once", "remove the repeated <file> element"},
    {"manifest.self-dependency", "R27", E, E, "Sch 7a; CC 1.1 Implementation §3.4.6",
     "a resource does not depend on itself (importers that follow dependencies may loop)",
     "remove the <dependency> that names its own resource"},
    {"manifest.duplicate-dependency", "R27", E, W, "Sch 7b",
     "a resource names each dependency once", "remove the repeated <dependency>"},
    {"manifest.dependency-dangling", "R28", E, E, "CC 1.1 XSD (IDREF); CC 1.3 XSD change note",
     "dependency identifierref names a resource of the manifest",
     "add the missing resource or fix the identifierref; the files it should bring are otherwise missing"},
    {"manifest.dependency-target", "R30", E, W, "CC 1.1 Implementation §3.3 table 3.3, §3.4.6; Sch 1d-11f",
     "dependencies follow the CC matrix: web content and associated content may be depended on; "
     "discussions, web links, assessments, question banks, LTI links and assignments may not",
     "move shared files into a webcontent (or the LAO's associated content) resource and depend on that"},
    {"manifest.dependency-cycle", NULL, E, E, "no CC rule; Sch 7a forbids the shortest cycle",
     "resource dependencies form no cycle (importers that copy a dependency closure may loop)",
     "break the cycle: let one resource of the cycle stop depending on the next"},
    {"manifest.intendeduse", "R32", E, W, "CC 1.1/1.2/1.3 XSD (intendeduse enumeration); Implementation §4.4.5",
     "intendeduse is lessonplan, syllabus or unspecified (1.2+: also assignment)",
     "use an intendeduse value of the cartridge's version, or remove the attribute"},
    {"manifest.variant-dangling", "R38", E, W, "CC 1.3 CP extension (variant identifierref)",
     "a <variant> names a resource of the manifest",
     "point the variant at an existing resource, or remove it"},
    {"manifest.lao-file-count", "R39", E, W, "Sch 1a/1b, 2a/2b, 3a/3b, 4b/4c; S06/S07/S11; Implementation §4.4.7-12",
     "a discussion, web link, assessment, question bank or LTI link resource lists exactly one file, "
     "its descriptor (CC 1.3: none when the descriptor is embedded)",
     "list only the descriptor XML as <file>; put other files in an associated-content resource and depend on it"},
    {"manifest.lao-href", "R40", E, W, "Sch 1c, 2c, 3c, 4d; S06/S07/S11; Implementation §4.4.7-12",
     "discussion, web link, assessment, question bank and LTI link resources have no href",
     "remove href from the resource; the descriptor is named by its <file>"},
    {"manifest.lao-several-associated-content", "R43", W, I, "CC 1.1 Implementation §3.3 (pyslet's reading)",
     "a learning application object depends on at most one associated-content resource",
     "merge the associated-content resources of the object into one"},
    {"manifest.ac-unused", "R43", E, W, "CC 1.1 Implementation §3.3 (each associated content belongs to one LAO)",
     "every associated-content resource is used: a learning object depends on it or an item shows it",
     "make the learning object that needs the files depend on the resource, or remove the resource. "
     "Lenient mode warns: Canvas writes its course settings as associated content nothing uses, and "
     "LMSes import the rest of the course"},
    {"manifest.question-bank-count", "R48", E, W, "Sch 4a (1.1); S11b4 (1.0); removed in CC 1.3",
     "at most one question bank per cartridge in CC 1.0-1.2",
     "merge the question banks into one, or export as CC 1.3, which allows several"},
    {"manifest.weblink-dependency", "R49", E, W, "Sch 2d; S07; Implementation §4.4.8",
     "a web link resource has no dependencies", "remove the <dependency> elements of the web link"},
    {"manifest.auth-access", "R56", E, E, "CC auth XSD; Implementation §4.6.1",
     "<authorizations access> is \"cartridge\" or \"resource\"",
     "set access=\"cartridge\" (protect everything) or access=\"resource\" (only protected resources)"},
    {"manifest.auth-cartridge-id", "R56", E, E, "CC auth XSD; Implementation §4.6.3",
     "<authorization> carries a <cartridgeId>",
     "add <cartridgeId> with the identifier the authorization web service knows"},
    {"manifest.auth-webservice", "R56", E, W, "CC 1.1 Implementation §4.6.3",
     "<authorization> names the <webservice> that grants access",
     "add <webservice> with the URL of the CC Authorization web service"},
    {"manifest.protected-without-resource-access", "R57", W, W, "CC 1.1 Implementation §4.4.11, §4.6.2",
     "protected=\"true\" on a resource takes effect only with <authorizations access=\"resource\">",
     "set access=\"resource\" on <authorizations>, or drop protected=\"true\""},
    {"manifest.csm-placement", "R64", E, W, "CC 1.2/1.3 resource metadata XSD",
     "curriculum standards metadata appears only in CC 1.2 and later",
     "remove curriculumStandardsMetadataSet from the resource metadata, or export as CC 1.2 or 1.3"},
    {"manifest.role-vocabulary", "R34", E, W, "CC 1.0 profile (imscc_mR_definition.xsd); CC 1.1 Implementation §4.5.2",
     "a CC 1.0 resource's LOM intendedEndUserRole has source IMSGLC_CC_Rolesv1p0 and value Learner or "
     "Instructor (1.1 and 1.2: their resource LOM schemas check it; 1.3 LOM-loose has no vocabulary)",
     "write <source>IMSGLC_CC_Rolesv1p0</source> and <value>Learner</value> or <value>Instructor</value>"},
    {"manifest.thin-version", "R66", E, W, "CC 1.3 XSD (schema enumeration); Thin CC guide",
     "Thin Common Cartridge exists for CC 1.2, 1.3 and 1.4 (K-12 Thin: 1.4 only)",
     "declare the Thin cartridge in the CC 1.2, 1.3 or 1.4 namespace with the matching schemaversion"},
    {"manifest.thin-resource-kind", "R67", E, W, "Thin CC profile (links only)",
     "a Thin cartridge carries only web links and LTI links",
     "remove the other resources, or declare <schema>IMS Common Cartridge</schema>"},
    {"manifest.thin-intent", "R70", I, I, "Thin CC profile; Pressbooks exports",
     "a cartridge with only web links and LTI links is probably meant as a Thin cartridge",
     "declare <schema>IMS Thin Common Cartridge</schema> (CC 1.2-1.4) if the cartridge is meant to be thin"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

/* ------------------------------------------------------------------ */
/* Shared helpers                                                      */

#define MANIFEST "imsmanifest.xml"

static const char *id_or_q(const char *s)
{
    return s ? s : "?";
}

/* The registry severity of code in the current mode. */
static cckit_severity mode_sev(const cckit_vctx *v, const char *code)
{
    const cckit_rule *r = cckit_vrule(v, code);
    if (!r)
        return CCKIT_SEV_ERROR;
    return v->strict ? r->strict_severity : r->lenient_severity;
}

/* Rules that the CC 1.0 profile states only as a recommendation (or not
 * at all): one step weaker there, never weaker than a warning in strict
 * mode. */
static cckit_severity sev_weaker_in_1_0(const cckit_vctx *v, const char *code)
{
    cckit_severity s = mode_sev(v, code);
    if (v->version == CCKIT_CC_1_0 && s == CCKIT_SEV_ERROR)
        return CCKIT_SEV_WARNING;
    return s;
}

/* Learning application objects in the sense of R39/R40 (descriptor
 * resources of the five classic kinds). */
static bool is_lao(cckit_kind k)
{
    return k == CCKIT_KIND_DISCUSSION || k == CCKIT_KIND_WEBLINK || k == CCKIT_KIND_ASSESSMENT
        || k == CCKIT_KIND_QUESTION_BANK || k == CCKIT_KIND_LTI_LINK;
}

static const char *kind_label(cckit_kind k)
{
    switch (k) {
    case CCKIT_KIND_WEBCONTENT: return "web content";
    case CCKIT_KIND_ASSOCIATED_CONTENT: return "associated content";
    case CCKIT_KIND_DISCUSSION: return "discussion topic";
    case CCKIT_KIND_WEBLINK: return "web link";
    case CCKIT_KIND_ASSESSMENT: return "assessment";
    case CCKIT_KIND_QUESTION_BANK: return "question bank";
    case CCKIT_KIND_LTI_LINK: return "LTI link";
    case CCKIT_KIND_ASSIGNMENT: return "assignment";
    case CCKIT_KIND_EPUB: return "EPUB";
    case CCKIT_KIND_APIP: return "APIP";
    case CCKIT_KIND_IWB: return "IWB";
    case CCKIT_KIND_OPEN_VIDEO: return "open video";
    case CCKIT_KIND_QTI3: return "QTI 3";
    default: return "unknown";
    }
}

/* Small duplicate finder over n strings: pairwise for short lists, a
 * hash map for long ones, so a resource with 10,000 files stays linear.
 * Calls found(ctx, i, j) for each string i equal to an earlier j.
 * false when memory ran out (some duplicates may be unreported). */
typedef const char *(*str_at_fn)(const void *base, size_t i);
static bool find_duplicates(const void *base, size_t n, str_at_fn at,
                            void (*found)(void *ctx, size_t i, size_t j), void *ctx)
{
    if (n < 2)
        return true;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            const char *s = at(base, i);
            if (!s)
                continue;
            for (size_t j = 0; j < i; j++) {
                const char *t = at(base, j);
                if (t && strcmp(s, t) == 0) {
                    found(ctx, i, j);
                    break;
                }
            }
        }
        return true;
    }
    cckit_idmap *seen = cckit_idmap_new();
    if (!seen)
        return false;
    bool oom = false;
    for (size_t i = 0; i < n && !oom; i++) {
        const char *s = at(base, i);
        if (!s)
            continue;
        /* values are index + 1 so that index 0 is not NULL */
        void *prev = cckit_idmap_put(seen, s, (void *)(uintptr_t)(i + 1), &oom);
        if (prev)
            found(ctx, i, (size_t)(uintptr_t)prev - 1);
    }
    cckit_idmap_free(seen);
    return !oom;
}

static const char *file_href_at(const void *base, size_t i)
{
    return ((const cckit_file *)base)[i].href;
}

static const char *dep_ref_at(const void *base, size_t i)
{
    return ((const cckit_dependency *)base)[i].identifierref;
}

/* The root item of the organization, NULL when there is none. */
static const cckit_item *root_item(const cckit_manifest *m)
{
    return m->organization ? m->organization->first_item : NULL;
}

/* ------------------------------------------------------------------ */
/* 4.1 Manifest and metadata                                           */

/* R1: a cartridge file is named *.imscc (folders and bare manifests are
 * not cartridge files and are not checked). */
static void check_r1_extension(cckit_vctx *v)
{
    if (!v->src || !cckit_source_is_archive(v->src))
        return;
    const char *path = cckit_source_path(v->src);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (dot && cckit_strcasecmp_ascii(dot, ".imscc") == 0)
        return;
    cckit_vreport(v, "manifest.extension", MANIFEST, 0,
                  "the cartridge file \"%s\" does not end in .imscc%s", base,
                  dot && cckit_strcasecmp_ascii(dot, ".zip") == 0
                      ? " (a .zip is accepted by most LMSes, but the CC name is .imscc)" : "");
}

/* R4: <metadata> with the fixed <schema> and <schemaversion> values. */
static void check_r4_metadata(cckit_vctx *v)
{
    const cckit_manifest *m = v->m;
    const cckit_metadata *md = &m->metadata;
    if (md->pos.line == 0 && !md->schema && !md->schemaversion) {
        cckit_vreport(v, "manifest.no-metadata", MANIFEST, 0,
                      "<manifest> has no <metadata>: the cartridge does not say that it is a Common "
                      "Cartridge nor which version");
        return;
    }
    if (!md->schema)
        cckit_vreport(v, "manifest.schema", MANIFEST, md->pos.line,
                      "the manifest <metadata> has no <schema> (expected \"IMS Common Cartridge\")");
    else if (strcmp(md->schema, "IMS Common Cartridge") != 0
             && strcmp(md->schema, "IMS Thin Common Cartridge") != 0
             && !(v->version == CCKIT_CC_1_4 && (strcmp(md->schema, "IMS K-12 Thin Common Cartridge") == 0
                                                  || strcmp(md->schema, "IMS K-12 Common Cartridge") == 0)))
        cckit_vreport(v, "manifest.schema", MANIFEST, md->pos.line,
                      "<schema> is \"%s\", not \"IMS Common Cartridge\"", md->schema);
    if (!md->schemaversion) {
        cckit_vreport(v, "manifest.no-schemaversion", MANIFEST, md->pos.line,
                      "the manifest <metadata> has no <schemaversion>");
        return;
    }
    cckit_cc_version sv = cckit_cc_version_parse(md->schemaversion);
    if (!sv)
        return;   /* the reader reported manifest.bad-schemaversion */
    static const char *const fixed[] = {"1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"};
    const char *want = fixed[(sv - CCKIT_CC_1_0) % 5];
    if (strcmp(md->schemaversion, want) != 0)
        cckit_vreport(v, "manifest.schemaversion-form", MANIFEST, md->pos.line,
                      "<schemaversion> is \"%s\"; the schema enumerates \"%s\"", md->schemaversion,
                      want);
}

/* R6: manifest-level LOM is required in 1.1-1.3 (recommended in 1.0). */
static void check_r6_manifest_lom(cckit_vctx *v)
{
    const cckit_manifest *m = v->m;
    if (m->metadata.has_lom)
        return;
    if (m->metadata.pos.line == 0 && !m->metadata.schema && !m->metadata.schemaversion)
        return;   /* R4 said there is no metadata at all */
    cckit_vreport_sev(v, sev_weaker_in_1_0(v, "manifest.no-lom"), "manifest.no-lom", MANIFEST,
                      m->metadata.pos.line,
                      "the manifest <metadata> has no LOM record: the cartridge has no title or "
                      "description for the LMS to show%s",
                      v->version == CCKIT_CC_1_0 ? " (CC 1.0 recommends one)" : "");
}

/* ------------------------------------------------------------------ */
/* 4.2 Organizations / items                                           */

/* R13: <organization structure="rooted-hierarchy">. */
static void check_r13_structure(cckit_vctx *v)
{
    const cckit_organization *org = v->m->organization;
    if (!org)
        return;
    if (!org->structure)
        cckit_vreport(v, "manifest.org-structure", MANIFEST, org->pos.line,
                      "organization \"%s\" has no structure attribute (must be \"rooted-hierarchy\")",
                      id_or_q(org->identifier));
    else if (strcmp(org->structure, "rooted-hierarchy") != 0)
        cckit_vreport(v, "manifest.org-structure", MANIFEST, org->pos.line,
                      "organization \"%s\" has structure \"%s\", not \"rooted-hierarchy\"",
                      id_or_q(org->identifier), org->structure);
}

/* R14: exactly one root item, without title and identifierref. */
static void check_r14_root_item(cckit_vctx *v)
{
    const cckit_organization *org = v->m->organization;
    if (!org)
        return;
    const cckit_item *root = org->first_item;
    if (!root) {
        cckit_vreport(v, "manifest.no-root-item", MANIFEST, org->pos.line,
                      "organization \"%s\" has no root <item>", id_or_q(org->identifier));
        return;
    }
    for (const cckit_item *s = root->next; s; s = s->next)
        cckit_vreport(v, "manifest.several-root-items", MANIFEST, s->pos.line,
                      "item \"%s\" is a second top-level item of organization \"%s\" (the root is "
                      "\"%s\"): CC allows one root item",
                      id_or_q(s->identifier), id_or_q(org->identifier), id_or_q(root->identifier));
    for (const cckit_item *s = root; s; s = s->next) {
        if (s->title && !s->title_is_attribute)
            cckit_vreport(v, "manifest.root-item-title", MANIFEST, s->pos.line,
                          "the root item \"%s\" has a title (\"%s\"); the root item carries none",
                          id_or_q(s->identifier), s->title);
        else if (s->title)
            cckit_vreport(v, "manifest.root-item-title", MANIFEST, s->pos.line,
                          "the root item \"%s\" has a title attribute (\"%s\"); the root item "
                          "carries no title", id_or_q(s->identifier), s->title);
        if (s->identifierref)
            cckit_vreport(v, "manifest.root-item-identifierref", MANIFEST, s->pos.line,
                          "the root item \"%s\" references resource \"%s\"; the root item only "
                          "holds the course's items", id_or_q(s->identifier), s->identifierref);
    }
}

/* R15: every item below the root has a title. */
static void check_r15_item_titles(cckit_vctx *v)
{
    const cckit_item *root = root_item(v->m);
    if (!root)
        return;
    for (const cckit_item *it = root; it; it = cckit_item_next(it)) {
        if (it->depth == 0)
            continue;
        if (!it->title)
            cckit_vreport(v, "manifest.item-no-title", MANIFEST, it->pos.line,
                          "item \"%s\" has no <title>", id_or_q(it->identifier));
    }
}

/* R17: an item that links a resource has no child items. */
static void check_r17_link_items_are_leaves(cckit_vctx *v)
{
    const cckit_item *root = root_item(v->m);
    for (const cckit_item *it = root; it; it = cckit_item_next(it)) {
        if (it->depth == 0 || !it->identifierref || !it->first_child)
            continue;
        cckit_vreport(v, "manifest.item-ref-with-children", MANIFEST, it->pos.line,
                      "item \"%s\" links resource \"%s\" and also has %zu child item%s; an item is "
                      "either a folder or a link", id_or_q(it->identifier), it->identifierref,
                      it->n_children, it->n_children == 1 ? "" : "s");
    }
}

/* R18: item identifierref names a resource of the manifest. */
static void check_r18_item_refs_resolve(cckit_vctx *v)
{
    const cckit_item *root = root_item(v->m);
    if (!root)
        return;
    cckit_idmap *items = NULL;   /* built only if a ref dangles */
    for (const cckit_item *it = root; it; it = cckit_item_next(it)) {
        if (!it->identifierref || it->resource || it->depth == 0)
            continue;
        if (!items) {
            /* without the map the message could name the wrong reason */
            bool oom = !(items = cckit_idmap_new());
            for (const cckit_item *j = root; j && !oom; j = cckit_item_next(j))
                if (j->identifier)
                    cckit_idmap_put(items, j->identifier, (void *)j, &oom);
            if (oom) {
                cckit_vnomem(v);
                break;
            }
        }
        bool names_item = items && cckit_idmap_get(items, it->identifierref);
        cckit_vreport(v, "manifest.item-dangling-ref", MANIFEST, it->pos.line,
                      "item \"%s\" (\"%s\") references \"%s\", %s; the item has nothing to show "
                      "and LMSes drop it on import", id_or_q(it->identifier), id_or_q(it->title),
                      it->identifierref,
                      names_item ? "which is an item, not a resource" : "which is no resource of the manifest");
    }
    cckit_idmap_free(items);
}

/* R19 (and R20): no item references a question bank. */
static void check_r19_no_bank_in_organization(cckit_vctx *v)
{
    for (const cckit_item *it = root_item(v->m); it; it = cckit_item_next(it))
        if (it->resource && it->resource->kind == CCKIT_KIND_QUESTION_BANK)
            cckit_vreport(v, "manifest.item-refs-question-bank", MANIFEST, it->pos.line,
                          "item \"%s\" links question bank \"%s\"; question banks are instructor-only "
                          "and must not appear in the course outline",
                          id_or_q(it->identifier), id_or_q(it->resource->identifier));
}

/* R21: web content / associated content linked from an item has href
 * (an error in CC 1.0, S05; a warning later, where the Schematron rule
 * is disabled but the prose keeps it). */
static void check_r21_linked_content_has_href(cckit_vctx *v)
{
    cckit_severity sev = mode_sev(v, "manifest.item-resource-no-href");
    if (v->strict && v->version == CCKIT_CC_1_0)
        sev = CCKIT_SEV_ERROR;
    for (const cckit_item *it = root_item(v->m); it; it = cckit_item_next(it)) {
        const cckit_resource *r = it->resource;
        if (!r || r->href || it->depth == 0)
            continue;
        if (r->kind != CCKIT_KIND_WEBCONTENT && r->kind != CCKIT_KIND_ASSOCIATED_CONTENT)
            continue;
        cckit_vreport_sev(v, sev, "manifest.item-resource-no-href", MANIFEST, it->pos.line,
                          "item \"%s\" links %s resource \"%s\", which has no href: the LMS does not "
                          "know which of its %zu file%s to open", id_or_q(it->identifier),
                          kind_label(r->kind), id_or_q(r->identifier), r->n_files,
                          r->n_files == 1 ? "" : "s");
    }
}

/* ------------------------------------------------------------------ */
/* 4.3 Resources                                                       */

/* R25: a resource href is one of its files. */
static void check_r25_href_is_a_file(cckit_vctx *v)
{
    cckit_severity sev = sev_weaker_in_1_0(v, "manifest.resource-href-not-in-files");
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (!r->href || is_lao(r->kind))
            continue;   /* LAOs must not have href at all: R40 */
        bool found = false;
        for (size_t f = 0; f < r->n_files && !found; f++)
            found = r->files[f].href && strcmp(r->files[f].href, r->href) == 0;
        if (!found)
            cckit_vreport_sev(v, sev, "manifest.resource-href-not-in-files", MANIFEST, r->pos.line,
                              "resource \"%s\" has href \"%s\" but no <file> with that href",
                              id_or_q(r->identifier), r->href);
    }
}

struct dup_ctx {
    cckit_vctx *v;
    const cckit_resource *r;
    cckit_severity sev;
};

static void report_dup_file(void *ctx, size_t i, size_t j)
{
    struct dup_ctx *c = ctx;
    CCKIT_UNUSED(j);
    cckit_vreport_sev(c->v, c->sev, "manifest.duplicate-file", MANIFEST, c->r->files[i].pos.line,
                      "resource \"%s\" lists file \"%s\" twice (first on line %u)",
                      id_or_q(c->r->identifier), c->r->files[i].href, c->r->files[j].pos.line);
}

/* R26: a resource lists each file once. */
static void check_r26_unique_files(cckit_vctx *v)
{
    struct dup_ctx c = {v, NULL, sev_weaker_in_1_0(v, "manifest.duplicate-file")};
    for (size_t i = 0; i < v->m->n_resources; i++) {
        c.r = v->m->resources[i];
        if (!find_duplicates(c.r->files, c.r->n_files, file_href_at, report_dup_file, &c))
            cckit_vnomem(v);
    }
}

static void report_dup_dep(void *ctx, size_t i, size_t j)
{
    struct dup_ctx *c = ctx;
    cckit_vreport(c->v, "manifest.duplicate-dependency", MANIFEST, c->r->deps[i].pos.line,
                  "resource \"%s\" depends on \"%s\" twice (first on line %u)",
                  id_or_q(c->r->identifier), c->r->deps[i].identifierref, c->r->deps[j].pos.line);
}

/* R27: no self-dependency, no repeated dependency. */
static void check_r27_dependencies_unique(cckit_vctx *v)
{
    struct dup_ctx c = {v, NULL, CCKIT_SEV_ERROR};
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        for (size_t d = 0; d < r->n_deps; d++)
            if (r->deps[d].identifierref && r->identifier
                && strcmp(r->deps[d].identifierref, r->identifier) == 0)
                cckit_vreport(v, "manifest.self-dependency", MANIFEST, r->deps[d].pos.line,
                              "resource \"%s\" depends on itself", r->identifier);
        c.r = r;
        if (!find_duplicates(r->deps, r->n_deps, dep_ref_at, report_dup_dep, &c))
            cckit_vnomem(v);
    }
}

/* R28: dependency identifierref names a resource. */
static void check_r28_dependencies_resolve(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        for (size_t d = 0; d < r->n_deps; d++)
            if (r->deps[d].identifierref && !r->deps[d].resource)
                cckit_vreport(v, "manifest.dependency-dangling", MANIFEST, r->deps[d].pos.line,
                              "resource \"%s\" depends on \"%s\", which is no resource of the manifest",
                              id_or_q(r->identifier), r->deps[d].identifierref);
    }
}

/* What a resource of kind `from` may depend on (R30; web links R49 and
 * LTI links R52 have their own rules). */
static bool dependency_allowed(cckit_kind from, cckit_kind to)
{
    switch (from) {
    case CCKIT_KIND_WEBCONTENT:
    case CCKIT_KIND_ASSOCIATED_CONTENT:
        return to == CCKIT_KIND_WEBCONTENT;
    case CCKIT_KIND_DISCUSSION:
    case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK:
    case CCKIT_KIND_ASSIGNMENT:
        return to == CCKIT_KIND_WEBCONTENT || to == CCKIT_KIND_ASSOCIATED_CONTENT;
    default:
        return true;   /* unknown kinds, EPUB/APIP/IWB: no rule */
    }
}

/* R30: the dependency target matrix. */
static void check_r30_dependency_matrix(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->kind == CCKIT_KIND_WEBLINK || r->kind == CCKIT_KIND_LTI_LINK
            || r->kind == CCKIT_KIND_UNKNOWN)
            continue;
        for (size_t d = 0; d < r->n_deps; d++) {
            const cckit_resource *t = r->deps[d].resource;
            if (!t || t == r || t->kind == CCKIT_KIND_UNKNOWN || dependency_allowed(r->kind, t->kind))
                continue;
            bool never = is_lao(t->kind) || t->kind == CCKIT_KIND_ASSIGNMENT;
            cckit_vreport(v, "manifest.dependency-target", MANIFEST, r->deps[d].pos.line,
                          "%s resource \"%s\" depends on %s resource \"%s\"; %s",
                          kind_label(r->kind), id_or_q(r->identifier), kind_label(t->kind),
                          id_or_q(t->identifier),
                          never ? "a learning application object is never a dependency target"
                          : r->kind == CCKIT_KIND_WEBCONTENT || r->kind == CCKIT_KIND_ASSOCIATED_CONTENT
                              ? "web content and associated content may depend only on web content"
                              : "it may depend only on web content and associated content");
        }
    }
}

/* Dependency cycles (no spec rule number; R27 covers the self-loop):
 * iterative depth-first search with colours, linear in resources +
 * dependencies, never recursive.  Each cycle found through a back edge
 * is reported once, at that dependency. */
enum { WHITE = 0, GREY, BLACK };
#define MAX_CYCLES_REPORTED 50
#define MAX_CYCLE_NAMES 8

static void report_cycle(cckit_vctx *v, const cckit_resource *const *rstack, size_t top,
                         size_t from, const cckit_dependency *dep)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    size_t len = top - from + 1;
    for (size_t k = from; k <= top; k++) {
        if (len > MAX_CYCLE_NAMES && k == from + MAX_CYCLE_NAMES / 2) {
            cckit_strbuf_printf(&b, "... (%zu more) -> ", len - MAX_CYCLE_NAMES);
            k = top - MAX_CYCLE_NAMES / 2;
        }
        cckit_strbuf_printf(&b, "%s -> ", id_or_q(rstack[k]->identifier));
    }
    cckit_strbuf_adds(&b, id_or_q(rstack[from]->identifier));
    if (b.oom)   /* the finding would not name the cycle */
        cckit_vnomem(v);
    cckit_vreport(v, "manifest.dependency-cycle", MANIFEST, dep->pos.line,
                  "resources depend on each other in a cycle of %zu: %s", len,
                  b.s && !b.oom ? b.s : "?");
    cckit_strbuf_free(&b);
}

static void check_dependency_cycles(cckit_vctx *v)
{
    size_t n = v->m->n_resources;
    if (!n)
        return;
    unsigned char *colour = calloc(n, 1);
    size_t *stackpos = malloc(n * sizeof *stackpos);          /* position on the path */
    const cckit_resource **rstack = malloc(n * sizeof *rstack); /* the DFS path */
    size_t *next_dep = malloc(n * sizeof *next_dep);
    if (!colour || !stackpos || !rstack || !next_dep) {
        cckit_vnomem(v);
        goto out;
    }
    unsigned reported = 0, more = 0;
    for (size_t s = 0; s < n; s++) {
        if (colour[s] != WHITE)
            continue;
        size_t top = 0;
        rstack[0] = v->m->resources[s];
        next_dep[0] = 0;
        colour[s] = GREY;
        stackpos[s] = 0;
        for (;;) {
            const cckit_resource *r = rstack[top];
            if (next_dep[top] < r->n_deps) {
                const cckit_dependency *d = &r->deps[next_dep[top]++];
                const cckit_resource *t = d->resource;
                if (!t || t == r)
                    continue;   /* dangling (R28) or self (R27) */
                if (colour[t->index] == GREY) {
                    if (reported < MAX_CYCLES_REPORTED) {
                        report_cycle(v, rstack, top, stackpos[t->index], d);
                        reported++;
                    } else {
                        more++;
                    }
                } else if (colour[t->index] == WHITE) {
                    colour[t->index] = GREY;
                    rstack[++top] = t;
                    next_dep[top] = 0;
                    stackpos[t->index] = top;
                }
                continue;
            }
            colour[r->index] = BLACK;
            if (top == 0)
                break;
            top--;
        }
    }
    if (more)
        cckit_vreport_omitted(v, cckit_vseverity(v, "manifest.dependency-cycle"),
                              "manifest.dependency-cycle", MANIFEST, 0, more,
                              "%u more dependency cycles not listed", more);
out:
    free(colour);
    free(stackpos);
    free(rstack);
    free(next_dep);
}

/* R32: intendeduse vocabulary of the version. */
static void check_r32_intendeduse(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        const char *u = r->intendeduse;
        if (!u)
            continue;
        if (v->version == CCKIT_CC_1_0) {
            cckit_vreport(v, "manifest.intendeduse", MANIFEST, r->pos.line,
                          "resource \"%s\" has intendeduse=\"%s\", an attribute CC 1.0 does not have",
                          id_or_q(r->identifier), u);
            continue;
        }
        if (strcmp(u, "lessonplan") == 0 || strcmp(u, "syllabus") == 0
            || strcmp(u, "unspecified") == 0)
            continue;
        if (strcmp(u, "assignment") == 0 && v->version >= CCKIT_CC_1_2)
            continue;
        cckit_vreport(v, "manifest.intendeduse", MANIFEST, r->pos.line,
                      "resource \"%s\" has intendeduse=\"%s\"; CC %s allows lessonplan, syllabus, "
                      "unspecified%s", id_or_q(r->identifier), u,
                      cckit_cc_version_string(v->version),
                      strcmp(u, "assignment") == 0 ? " (assignment only from CC 1.2 on)"
                      : v->version >= CCKIT_CC_1_2 ? ", assignment" : "");
    }
}

/* R38: a CC 1.3 variant names a resource. */
static void check_r38_variants_resolve(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        for (size_t k = 0; k < r->n_variants; k++) {
            const cckit_variant *va = &r->variants[k];
            if (va->identifierref && !cckit_manifest_find_resource(v->m, va->identifierref))
                cckit_vreport(v, "manifest.variant-dangling", MANIFEST, va->pos.line,
                              "variant \"%s\" of resource \"%s\" names \"%s\", which is no resource "
                              "of the manifest", id_or_q(va->identifier), id_or_q(r->identifier),
                              va->identifierref);
        }
    }
}

/* ------------------------------------------------------------------ */
/* 4.4 Learning application objects                                    */

/* R39: an LAO lists exactly its descriptor (1.3: none if embedded). */
static void check_r39_lao_one_file(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (!is_lao(r->kind) || r->n_files == 1)
            continue;
        if (r->n_files == 0 && r->embedded_descriptor && v->version >= CCKIT_CC_1_3)
            continue;
        if (r->n_files == 0)
            cckit_vreport(v, "manifest.lao-file-count", MANIFEST, r->pos.line,
                          "%s resource \"%s\" lists no file: its descriptor XML is missing%s",
                          kind_label(r->kind), id_or_q(r->identifier),
                          r->embedded_descriptor ? " (an embedded descriptor needs CC 1.3)" : "");
        else
            cckit_vreport(v, "manifest.lao-file-count", MANIFEST, r->files[1].pos.line,
                          "%s resource \"%s\" lists %zu files; it lists only its descriptor (\"%s\"), "
                          "other files belong in an associated-content resource it depends on",
                          kind_label(r->kind), id_or_q(r->identifier), r->n_files,
                          id_or_q(r->files[0].href));
    }
}

/* R40: an LAO has no href. */
static void check_r40_lao_no_href(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (is_lao(r->kind) && r->href)
            cckit_vreport(v, "manifest.lao-href", MANIFEST, r->pos.line,
                          "%s resource \"%s\" has href=\"%s\"; descriptor resources have no href",
                          kind_label(r->kind), id_or_q(r->identifier), r->href);
    }
}

/* R43 (the part the tree shows): an LAO depends on at most one
 * associated-content resource (pyslet's reading of "the").  The file
 * side of R43 (every file of the LAO folder listed by associated content
 * the LAO depends on; one LAO per associated content) is package_check.c's
 * (package.lao-file-unlisted, package.ac-shared). */
static void check_r43_one_associated_content(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (!is_lao(r->kind))
            continue;
        const cckit_resource *first = NULL;
        for (size_t d = 0; d < r->n_deps; d++) {
            const cckit_resource *t = r->deps[d].resource;
            if (!t || t->kind != CCKIT_KIND_ASSOCIATED_CONTENT || t == first)
                continue;
            if (!first) {
                first = t;
                continue;
            }
            cckit_vreport(v, "manifest.lao-several-associated-content", MANIFEST, r->deps[d].pos.line,
                          "%s resource \"%s\" depends on associated content \"%s\" and also on \"%s\"",
                          kind_label(r->kind), id_or_q(r->identifier), id_or_q(first->identifier),
                          id_or_q(t->identifier));
        }
    }
}

/* True if path lies in the folder of an LAO's descriptor (dirs: the
 * folders, "dir/" each). */
static bool in_lao_folder(cckit_idmap *dirs, const char *path)
{
    char buf[1024];
    for (const char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        size_t n = (size_t)(slash - path) + 1;
        if (n >= sizeof buf)
            break;
        memcpy(buf, path, n);
        buf[n] = '\0';
        if (cckit_idmap_get(dirs, buf))
            return true;
    }
    return false;
}

/* R43: each associated-content resource belongs to a learning
 * application object; one that no resource depends on, no item shows and
 * no variant names is carried for nothing (Canvas's course_settings).
 * When its files lie in an LAO's folder, the missing dependency of that
 * LAO is the defect, and package.lao-file-unlisted reports it. */
static void check_r43_unused_associated_content(cckit_vctx *v)
{
    cckit_idmap *used = cckit_idmap_new();
    cckit_idmap *dirs = cckit_idmap_new();
    char **owned = calloc(v->m->n_resources + 1, sizeof *owned);
    size_t n_owned = 0;
    bool oom = !used || !dirs || !owned;
    if (oom)
        goto done;
    for (size_t i = 0; i < v->m->n_resources && !oom; i++) {
        const cckit_resource *r = v->m->resources[i];
        const char *d = is_lao(r->kind) && r->n_files ? r->files[0].href : NULL;
        const char *slash = d ? strrchr(d, '/') : NULL;
        if (!slash)
            continue;
        char *dir = strndup(d, (size_t)(slash - d) + 1);
        if (!dir) {
            oom = true;
            break;
        }
        owned[n_owned++] = dir;
        cckit_idmap_put(dirs, dir, dir, &oom);
    }
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        for (size_t d = 0; d < r->n_deps; d++)
            if (r->deps[d].identifierref)
                cckit_idmap_put(used, r->deps[d].identifierref, (void *)r, &oom);
        for (size_t k = 0; k < r->n_variants; k++)
            if (r->variants[k].identifierref)
                cckit_idmap_put(used, r->variants[k].identifierref, (void *)r, &oom);
    }
    for (const cckit_item *it = root_item(v->m); it; it = cckit_item_next(it))
        if (it->identifierref)
            cckit_idmap_put(used, it->identifierref, (void *)it, &oom);
    for (size_t i = 0; i < v->m->n_resources && !oom; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->kind != CCKIT_KIND_ASSOCIATED_CONTENT || !r->identifier
            || cckit_idmap_get(used, r->identifier))
            continue;
        bool lao_files = false;
        for (size_t f = 0; f < r->n_files && !lao_files; f++)
            lao_files = r->files[f].href && in_lao_folder(dirs, r->files[f].href);
        if (lao_files)
            continue;
        const char *what = r->href ? r->href : r->n_files ? r->files[0].href : NULL;
        cckit_vreport(v, "manifest.ac-unused", MANIFEST, r->pos.line,
                      "associated content \"%s\"%s%s%s is used by no learning object: no resource "
                      "depends on it and no item shows it", id_or_q(r->identifier),
                      what ? " (" : "", what ? what : "", what ? ")" : "");
    }
done:
    if (oom)
        cckit_vnomem(v);
    if (used)
        cckit_idmap_free(used);
    if (dirs)
        cckit_idmap_free(dirs);
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
}

/* ------------------------------------------------------------------ */
/* 4.5 Per-type resource rules                                         */

/* R48: at most one question bank in CC 1.0-1.2. */
static void check_r48_question_banks(cckit_vctx *v)
{
    if (v->version >= CCKIT_CC_1_3)
        return;
    const cckit_resource *first = NULL;
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->kind != CCKIT_KIND_QUESTION_BANK)
            continue;
        if (!first)
            first = r;
        else
            cckit_vreport(v, "manifest.question-bank-count", MANIFEST, r->pos.line,
                          "question bank \"%s\" is a second one (the first is \"%s\"); CC %s allows "
                          "one question bank per cartridge", id_or_q(r->identifier),
                          id_or_q(first->identifier), cckit_cc_version_string(v->version));
    }
}

/* R49: a web link has no dependencies. */
static void check_r49_weblink_no_dependencies(cckit_vctx *v)
{
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->kind != CCKIT_KIND_WEBLINK)
            continue;
        for (size_t d = 0; d < r->n_deps; d++)
            cckit_vreport(v, "manifest.weblink-dependency", MANIFEST, r->deps[d].pos.line,
                          "web link resource \"%s\" depends on \"%s\"; web links have no dependencies",
                          id_or_q(r->identifier), id_or_q(r->deps[d].identifierref));
    }
}

/* ------------------------------------------------------------------ */
/* 4.6 Authorization                                                   */

/* R56: <authorizations access> and its <authorization>. */
static void check_r56_authorization(cckit_vctx *v)
{
    const cckit_authorization *a = v->m->authorization;
    if (!a)
        return;
    if (!a->access)
        cckit_vreport(v, "manifest.auth-access", MANIFEST, a->pos.line,
                      "<authorizations> has no access attribute (\"cartridge\" or \"resource\")");
    else if (strcmp(a->access, "cartridge") != 0 && strcmp(a->access, "resource") != 0)
        cckit_vreport(v, "manifest.auth-access", MANIFEST, a->pos.line,
                      "<authorizations access=\"%s\">: access is \"cartridge\" or \"resource\"",
                      a->access);
    if (!a->cartridge_id || !*a->cartridge_id)
        cckit_vreport(v, "manifest.auth-cartridge-id", MANIFEST, a->pos.line,
                      "<authorization> has no <cartridgeId>: the authorization service cannot tell "
                      "which cartridge is being unlocked");
    if (!a->webservice || !*a->webservice)
        cckit_vreport(v, "manifest.auth-webservice", MANIFEST, a->pos.line,
                      "<authorization> names no <webservice>: an LMS cannot obtain access to the "
                      "protected content");
}

/* R57: protected="true" needs access="resource". */
static void check_r57_protected_resources(cckit_vctx *v)
{
    const cckit_authorization *a = v->m->authorization;
    if (a && a->access && strcmp(a->access, "resource") == 0)
        return;
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->is_protected)
            cckit_vreport(v, "manifest.protected-without-resource-access", MANIFEST, r->pos.line,
                          "resource \"%s\" is protected=\"true\" but %s", id_or_q(r->identifier),
                          !a ? "the manifest has no <authorizations>, so nothing protects it"
                             : "access is not \"resource\", so the flag has no effect");
    }
}

/* ------------------------------------------------------------------ */
/* 4.8 Curriculum standards metadata                                   */

/* R64: CSM in resource metadata only from CC 1.2 on. */
static void check_r64_csm_placement(cckit_vctx *v)
{
    if (v->version >= CCKIT_CC_1_2)
        return;
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->has_csm)
            cckit_vreport(v, "manifest.csm-placement", MANIFEST, r->pos.line,
                          "resource \"%s\" carries curriculumStandardsMetadataSet, which CC %s does "
                          "not define (CC 1.2 and later do)", id_or_q(r->identifier),
                          cckit_cc_version_string(v->version));
    }
}

/* R34: who may see a resource (LOM educational/intendedEndUserRole).  The
 * 1.1 and 1.2 resource LOM schemas enumerate the vocabulary; CC 1.0's
 * "any IEEE LOM" schema cannot, so the 1.0 profile's vocabulary is
 * checked here. */
static void check_r34_role_vocabulary(cckit_vctx *v)
{
    if (v->version != CCKIT_CC_1_0)
        return;
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        for (size_t k = 0; k < r->n_roles; k++) {
            const cckit_vocab *ro = &r->roles[k];
            bool src_ok = ro->source && strcmp(ro->source, "IMSGLC_CC_Rolesv1p0") == 0;
            bool val_ok = ro->value && (strcmp(ro->value, "Learner") == 0 || strcmp(ro->value, "Instructor") == 0);
            if (src_ok && val_ok)
                continue;
            cckit_vreport(v, "manifest.role-vocabulary", MANIFEST, ro->pos.line,
                          "resource \"%s\": intendedEndUserRole %s \"%s\" / %s \"%s\" is not in the CC 1.0 "
                          "role vocabulary (IMSGLC_CC_Rolesv1p0: Learner, Instructor); an LMS may show "
                          "the resource to everyone", id_or_q(r->identifier),
                          "source", ro->source ? ro->source : "", "value", ro->value ? ro->value : "");
        }
    }
}

/* ------------------------------------------------------------------ */
/* 4.9 Thin Common Cartridge                                           */

/* R66: Thin CC exists for CC 1.2, 1.3 and 1.4 (the 1.4 manifest XSD
 * enumerates both "IMS Thin Common Cartridge" and the K-12 Thin); the
 * K-12 spelling is 1.4 only. */
static void check_r66_thin_version(cckit_vctx *v)
{
    if (!v->m->thin || !v->m->version)
        return;
    bool k12 = v->m->metadata.schema && strncmp(v->m->metadata.schema, "IMS K-12", 8) == 0;
    if ((v->m->version == CCKIT_CC_1_2 || v->m->version == CCKIT_CC_1_3) && !k12)
        return;
    if (v->m->version == CCKIT_CC_1_4)
        return;
    cckit_vreport(v, "manifest.thin-version", MANIFEST, v->m->metadata.pos.line,
                  "the manifest declares %s in a CC %s manifest; Thin CC is defined for CC 1.2, "
                  "1.3 and 1.4, its K-12 flavour for CC 1.4", v->m->metadata.schema,
                  cckit_cc_version_string(v->m->version));
}

/* R67: Thin CC carries only web links and LTI links. */
static void check_r67_thin_links_only(cckit_vctx *v)
{
    if (!v->m->thin)
        return;
    for (size_t i = 0; i < v->m->n_resources; i++) {
        const cckit_resource *r = v->m->resources[i];
        if (r->kind == CCKIT_KIND_WEBLINK || r->kind == CCKIT_KIND_LTI_LINK)
            continue;
        cckit_vreport(v, "manifest.thin-resource-kind", MANIFEST, r->pos.line,
                      "%s resource \"%s\" (type \"%s\") in a Thin cartridge, which carries only web "
                      "links and LTI links", kind_label(r->kind), id_or_q(r->identifier),
                      id_or_q(r->type));
    }
}

/* R70: thin intent detected by content when not declared. */
static void check_r70_thin_intent(cckit_vctx *v)
{
    const cckit_manifest *m = v->m;
    if (m->thin || m->n_resources == 0)
        return;
    size_t links = 0;
    for (size_t i = 0; i < m->n_resources; i++) {
        cckit_kind k = m->resources[i]->kind;
        if (k != CCKIT_KIND_WEBLINK && k != CCKIT_KIND_LTI_LINK)
            return;
        links++;
    }
    cckit_vreport(v, "manifest.thin-intent", MANIFEST, m->metadata.pos.line,
                  "all %zu resources are web links or LTI links, but <schema> is \"%s\": if this is "
                  "meant as a Thin cartridge, declare it (CC 1.2-1.4)",
                  links, id_or_q(m->metadata.schema));
}

/* ------------------------------------------------------------------ */

void cckit_check_manifest_rules(cckit_vctx *v)
{
    if (!v->m)
        return;
    check_r1_extension(v);
    check_r4_metadata(v);
    check_r6_manifest_lom(v);
    check_r13_structure(v);
    check_r14_root_item(v);
    check_r15_item_titles(v);
    check_r17_link_items_are_leaves(v);
    check_r18_item_refs_resolve(v);
    check_r19_no_bank_in_organization(v);
    check_r21_linked_content_has_href(v);
    check_r25_href_is_a_file(v);
    check_r26_unique_files(v);
    check_r27_dependencies_unique(v);
    check_r28_dependencies_resolve(v);
    check_r30_dependency_matrix(v);
    check_dependency_cycles(v);
    check_r32_intendeduse(v);
    check_r38_variants_resolve(v);
    check_r39_lao_one_file(v);
    check_r40_lao_no_href(v);
    check_r43_one_associated_content(v);
    check_r43_unused_associated_content(v);
    check_r48_question_banks(v);
    check_r49_weblink_no_dependencies(v);
    check_r56_authorization(v);
    check_r57_protected_resources(v);
    check_r64_csm_placement(v);
    check_r34_role_vocabulary(v);
    check_r66_thin_version(v);
    check_r67_thin_links_only(v);
    check_r70_thin_intent(v);
}
