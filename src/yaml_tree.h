/*
 * yaml_tree.h - a YAML document as our own small tree.
 *
 * SPDX-License-Identifier: MIT
 *
 * src/rules_yaml.c is the only file that sees libyaml: it converts the event
 * stream into these nodes (in an arena) with 1-based positions, and the rule
 * compiler works on them alone.
 */
#ifndef RECIST_YAML_TREE_H
#define RECIST_YAML_TREE_H

#include "arena.h"
#include "diag.h"

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_kind kind;
	struct pos      pos;    /* where the node starts */
	struct pos      vpos;   /* scalars: where the value's text starts (after a quote) */
	const char     *str;    /* scalars: the value, NUL-terminated */
	size_t          len;
	bool            plain;  /* scalars: unquoted (so 'true', '30' may be typed) */
	struct ynode  **keys;   /* maps: key scalars */
	struct ynode  **items;  /* maps: values; sequences: items */
	size_t          n;
};

/*
 * Parse text into *out (nodes in arena a).  file names the input in
 * diagnostics.  Returns 0, RECIST_EPARSE (malformed YAML, aliases, several
 * documents) or RECIST_ENOMEM.
 */
RECIST_INTERNAL int yaml_tree_parse(struct ynode **out, struct arena *a,
                                    const char *text, size_t len, const char *file,
                                    const recist_diag_sink *sink);

#endif
