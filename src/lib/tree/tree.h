/* tree.h - building the resource tree (used by the manifest reader and,
 * later, the export side); not installed. */
#ifndef CCKIT_TREE_H
#define CCKIT_TREE_H

#include "cckit.h"

cckit_manifest *cckit_tree_new(const char *file);
cckit_item *cckit_tree_add_item(cckit_manifest *m, cckit_organization *org,
                                cckit_item *parent);
cckit_resource *cckit_tree_add_resource(cckit_manifest *m);
cckit_file *cckit_tree_add_file(cckit_manifest *m, cckit_resource *r);
cckit_dependency *cckit_tree_add_dependency(cckit_manifest *m, cckit_resource *r);
cckit_variant *cckit_tree_add_variant(cckit_manifest *m, cckit_resource *r);
bool cckit_tree_add_keyword(cckit_manifest *m, const char *kw);
/* A role (role = true) or context entry of r; NULL on OOM. */
cckit_vocab *cckit_tree_add_vocab(cckit_manifest *m, cckit_resource *r, bool role);
void cckit_tree_resolve(cckit_manifest *m);

/* reader_rules.c: the registry rows of the reader's findings (codes,
 * rules, hints), terminated by a row with code == NULL. */
extern const cckit_rule cckit_rules_reader[];

#endif
