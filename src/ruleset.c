/*
 * ruleset.c - the public rule-set API: built-in, file and text loading,
 * accessors.  The work is in rules_compile.c.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "ruleset.h"
#include "yaml_tree.h"

size_t recist_builtin_count(void)
{
	return builtin_rules_count;
}

const char *recist_builtin_id(size_t i)
{
	return i < builtin_rules_count ? builtin_rules[i].id : NULL;
}

const char *recist_builtin_text(const char *id, size_t *len)
{
	for (size_t i = 0; i < builtin_rules_count; i++) {
		if (strcmp(builtin_rules[i].id, id) == 0) {
			if (len)
				*len = builtin_rules[i].len;
			return builtin_rules[i].text;
		}
	}
	return NULL;
}

int recist_ruleset_load_builtin(recist_ruleset **out, const char *id, const recist_diag_sink *sink)
{
	size_t len;
	const char *text = recist_builtin_text(id, &len);
	char name[128];

	if (text == NULL) {
		char names[256] = "";
		size_t used = 0;
		for (size_t i = 0; i < builtin_rules_count && used + 40 < sizeof names; i++)
			used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
			                         builtin_rules[i].id);
		diag_emit(sink, D_RULES_NOT_FOUND, (struct pos){ NULL, 0, 0 }, NULL,
		          "'%s' (built-in: %s)", id, names);
		return RECIST_ENOTFOUND;
	}
	snprintf(name, sizeof name, "<built-in %s>", id);
	return recist_ruleset_load_text(out, text, len, name, sink);
}

int recist_ruleset_load_text(recist_ruleset **out, const char *text, size_t len,
                             const char *name, const recist_diag_sink *sink)
{
	return rules_compile(out, text, len, name, sink);
}

int recist_ruleset_load_file(recist_ruleset **out, const char *path, const recist_diag_sink *sink)
{
	char *text = NULL;
	size_t len;
	int rc;

	if ((rc = read_whole_file(path, &text, &len, sink)) < 0)
		return rc;
	rc = rules_compile(out, text, len, path, sink);
	free(text);
	return rc;
}

const char *recist_ruleset_id(const recist_ruleset *rs) { return rs->id; }
const char *recist_ruleset_name(const recist_ruleset *rs) { return rs->name; }
const char *recist_ruleset_source(const recist_ruleset *rs) { return rs->source; }

const char *recist_ruleset_text(const recist_ruleset *rs, size_t *len)
{
	if (len)
		*len = rs->text_len;
	return rs->text;
}

const struct param *ruleset_param(const struct recist_ruleset *rs, const char *name)
{
	const struct name_ref *ref = names_find(rs->param_index, rs->n_params, name, strlen(name));

	return ref != NULL ? &rs->params[ref->i] : NULL;
}

int recist_ruleset_param(const recist_ruleset *rs, const char *name, double *out)
{
	const struct param *p = ruleset_param(rs, name);

	if (p == NULL)
		return RECIST_ENOTFOUND;
	*out = ratio_to_double(p->value);
	return 0;
}

void recist_ruleset_free(recist_ruleset *rs)
{
	if (rs == NULL)
		return;
	arena_release(&rs->arena);
	free(rs);
}
