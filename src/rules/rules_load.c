/*
 * rules_load.c - the public rule-set loaders: a built-in rule set by id
 * (the files of rules/ compiled into the library), a rule file, or rule
 * text.  Each hands the text to rules_compile().
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "rules/builtin.h"
#include "rules/ruleset.h"

/* The rule sets applied by default; recist_builtin_text and _load_builtin know the others too. */
size_t recist_builtin_count(void)
{
	return builtin_rules_default_count;
}

const char *recist_builtin_id(size_t i)
{
	return i < builtin_rules_default_count ? builtin_rules[i].id : NULL;
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

	if ((rc = recist_read_file(path, &text, &len, sink)) < 0)
		return rc;
	rc = rules_compile(out, text, len, path, sink);
	free(text);
	return rc;
}
