/* reader_rules.c - the rows of the rule registry for what the manifest
 * reader notices while it builds the tree (manifest_reader.c): the one
 * place their rule numbers, severities and hints are written.  The
 * reader takes its hints from here; validate/rules.c lists this table
 * with the validator's. */
#include "tree/tree.h"

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO

const cckit_rule cckit_rules_reader[] = {
    {"xml.warning", NULL, W, W, "Namespaces in XML 1.0",
     "XML is namespace-well-formed", "declare every prefix and use absolute namespace URIs"},
    {"manifest.missing-identifier", "R24", E, E, "CP 1.2 XSD (xs:ID required)",
     "manifest, organization, item and resource carry an identifier",
     "give every item and resource a unique identifier attribute"},
    {"manifest.id-not-ncname", "R24", E, W, "CP 1.2 XSD (xs:ID is an NCName)",
     "identifiers are XML NCNames (lenient: Canvas writes ids that start with a digit)",
     "identifiers must start with a letter or '_', then letters, digits, '.', '-', '_'"},
    {"manifest.duplicate-id", "R23", E, E, "CP 1.2 XSD (xs:ID unique)",
     "identifiers are unique in the manifest", "make every identifier unique within imsmanifest.xml"},
    {"manifest.unknown-namespace", "R2", E, W, "CC 1.1 Implementation §4.4",
     "<manifest> is in the CP namespace of a CC version",
     "use the CP namespace of the CC version, e.g. http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"},
    {"manifest.no-namespace", "R2", E, W, "CC 1.1 Implementation §4.4",
     "<manifest> is in the CP namespace of a CC version", "declare the CP namespace of the CC version on <manifest>"},
    {"manifest.version-attribute", "R3", E, W, "CC 1.1 Implementation §4.4.2",
     "<manifest> has no version attribute", "remove the version attribute from <manifest>"},
    {"manifest.nested-manifest", "R3", E, E, "CC 1.1 Implementation §4.4.1.1",
     "a cartridge has one manifest, without sub-manifests", "remove the nested <manifest>"},
    {"manifest.multiple-organizations", "R12", E, E, "CC 1.1 Implementation §4.4.3.1",
     "at most one <organization>", "merge the organizations into one"},
    {"manifest.item-title-attribute", "R15", E, W, "CP 1.2 XSD (Item.Type)",
     "item titles are <title> elements", "write the title as a <title> child element of <item>"},
    {"manifest.item-two-titles", "R15", E, E, "CP 1.2 XSD (Item.Type title 1..1)",
     "an item has exactly one <title>", "keep exactly one <title> per item"},
    {"manifest.item-prohibited-attribute", "R16", E, W, "CC 1.1 Implementation §4.4.3.4",
     "items carry neither isvisible nor parameters", "remove isvisible and parameters from <item>"},
    {"manifest.resource-no-type", "R24", E, E, "CP 1.2 XSD (Resource.Type)",
     "every resource has a type", "add a type attribute naming the resource type"},
    {"manifest.unknown-type", "R24", E, W, "CC resource type vocabulary (spec table 2.1)",
     "resource types come from the CC vocabulary of the version",
     "use a resource type of the CC version (e.g. webcontent, imsdt_xmlv1p3)"},
    {"manifest.file-no-href", "R24", E, E, "CP 1.2 XSD (File.Type)",
     "every <file> has an href", "give every <file> an href naming a file in the package"},
    {"manifest.foreign-element", "R37", I, I, "CC 1.1 Implementation §5.1.1",
     "foreign elements appear only at extension points",
     "foreign elements are allowed only where the CC schema has an extension point"},
    {"manifest.bad-schemaversion", "R4", E, E, "CC 1.1 Implementation §4.5.1",
     "<schemaversion> names a CC version", "write the schemaversion of the CC version, e.g. 1.3.0"},
    {"manifest.version-mismatch", "R5", E, W, "CC XSD enumerations",
     "namespace and <schemaversion> name the same version",
     "make the manifest namespace and <schemaversion> name the same version"},
    {"manifest.type-version", "R5", E, W, "CC XSD enumerations (spec table 2.1)",
     "resource type strings belong to the manifest's version (lenient: Canvas mixes 1.1 types into 1.3)",
     "use the type string of the manifest's CC version"},

    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};
