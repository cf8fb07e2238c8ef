/*
 * yaml_tree.h - a YAML document as our own small tree.
 *
 * SPDX-License-Identifier: MIT
 *
 * src/rules/rules_yaml.c is the only file that sees libyaml: it converts the event
 * stream into these nodes (in an arena) with 1-based positions, and the rule
 * compiler works on them alone.
 */
#ifndef RECIST_YAML_TREE_H
#define RECIST_YAML_TREE_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/names.h"

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_kind kind;
	struct pos      pos;    /* where the node starts */
	struct src_text src;    /* scalars: the source span, to place errors inside the value */
	const char     *str;    /* scalars: the value, NUL-terminated */
	size_t          len;
	bool            plain;  /* scalars: unquoted and untagged (so '30' may be a number) */
	struct ynode  **keys;   /* maps: key scalars */
	struct ynode  **items;  /* maps: values; sequences: items */
	size_t          n;
};

/*
 * Parse text into *out (nodes in arena a), in time and memory linear in
 * the text.  file names the input in diagnostics.  Returns 0, RECIST_EPARSE
 * (malformed YAML, aliases, several documents, nesting past 64 levels) or
 * RECIST_ENOMEM (not reported: the caller reports it once).
 */
RECIST_INTERNAL int yaml_tree_parse(struct ynode **out, struct arena *a,
                                    const char *text, size_t len, const char *file,
                                    const recist_diag_sink *sink);

/* ---- Checking a tree against a table of keys (yaml_check.c) ---- */

/* One key a mapping may hold. */
struct key_spec {
	const char     *name;
	enum ynode_kind kind;
	bool            required;
};

/* "a scalar", "a list", "a mapping". */
RECIST_INTERNAL const char *ytree_kind_name(enum ynode_kind k);

/*
 * Check a mapping against its key table: every key known, of the right
 * kind, none twice, the required ones present.  found[i] receives the value
 * for spec[i] or NULL.  'what' names the mapping in messages.  Returns 0 or
 * RECIST_EINVALID (with a FILE:LINE:COL diagnostic).
 */
RECIST_INTERNAL int ytree_check_keys(const recist_diag_sink *sink, const struct ynode *map,
                                     const struct key_spec *spec, size_t nspec,
                                     const struct ynode **found, const char *what);

/* 0 if n is a mapping, else RECIST_EINVALID with a diagnostic. */
RECIST_INTERNAL int ytree_expect_map(const recist_diag_sink *sink, const struct ynode *n, const char *what);

#endif
