/*
 * yaml_check.c - checking our YAML trees against tables of keys, for the
 * rule-file and flag-file compilers.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/yaml_tree.h"

const char *ytree_kind_name(enum ynode_kind k)
{
	return k == YN_SCALAR ? "a scalar" : k == YN_SEQ ? "a list" : "a mapping";
}

/*
 * Check a mapping against its key table: every key known, of the right
 * kind, none twice, the required ones present.  found[i] receives the value
 * for spec[i] or NULL.  'what' names the mapping in messages.
 */
int ytree_check_keys(const recist_diag_sink *sink, const struct ynode *map, const struct key_spec *spec,
                     size_t nspec, const struct ynode **found, const char *what)
{
	for (size_t i = 0; i < nspec; i++)
		found[i] = NULL;
	for (size_t k = 0; k < map->n; k++) {
		const struct ynode *key = map->keys[k], *val = map->items[k];
		size_t i;
		for (i = 0; i < nspec; i++)
			if (strcmp(spec[i].name, key->str) == 0)
				break;
		if (i == nspec) {
			char names[512] = "";
			size_t used = 0;
			for (size_t j = 0; j < nspec && used + 40 < sizeof names; j++)
				used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", j ? ", " : "", spec[j].name);
			diag_emit(sink, D_RULES_UNKNOWN_KEY, key->pos, NULL, "'%s' in %s (expected %s)", key->str, what, names);
			return RECIST_EINVALID;
		}
		if (found[i] != NULL) {
			diag_emit(sink, D_RULES_DUPLICATE, key->pos, NULL, "key '%s' given twice in %s", key->str, what);
			return RECIST_EINVALID;
		}
		if (val->kind != spec[i].kind) {
			diag_emit(sink, D_RULES_WRONG_TYPE, val->pos, NULL, "'%s' must be %s, got %s",
			          key->str, ytree_kind_name(spec[i].kind), ytree_kind_name(val->kind));
			return RECIST_EINVALID;
		}
		found[i] = val;
	}
	for (size_t i = 0; i < nspec; i++) {
		if (spec[i].required && found[i] == NULL) {
			diag_emit(sink, D_RULES_MISSING_KEY, map->pos, NULL, "'%s' in %s", spec[i].name, what);
			return RECIST_EINVALID;
		}
	}
	return 0;
}

int ytree_expect_map(const recist_diag_sink *sink, const struct ynode *n, const char *what)
{
	if (n->kind == YN_MAP)
		return 0;
	diag_emit(sink, D_RULES_WRONG_TYPE, n->pos, NULL, "%s must be a mapping, got %s", what, ytree_kind_name(n->kind));
	return RECIST_EINVALID;
}
