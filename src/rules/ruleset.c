/*
 * ruleset.c - what a compiled rule set answers: its id, name, source, text
 * and params, and its release.  Below rules_compile.c, which builds one,
 * and rules_load.c, which finds the text to build it from.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/names.h"
#include "rules/ruleset.h"

const char *recist_ruleset_id(const recist_ruleset *rs) { return rs->id; }
const char *recist_ruleset_name(const recist_ruleset *rs) { return rs->name; }
const char *recist_ruleset_source(const recist_ruleset *rs) { return rs->source; }
const char *recist_ruleset_version(const recist_ruleset *rs) { return rs->version; }
const char *recist_ruleset_sha256(const recist_ruleset *rs) { return rs->sha256; }

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

const char *ruleset_category_term(const struct recist_ruleset *rs, recist_response r)
{
	for (size_t i = 0; i < rs->n_cdisc_terms; i++)
		if (rs->cdisc_terms[i].category == r && rs->cdisc_terms[i].written)
			return rs->cdisc_terms[i].term;
	return recist_response_name(r);
}

recist_response ruleset_term_category(const struct recist_ruleset *rs, const char *term)
{
	for (size_t i = 0; i < rs->n_cdisc_terms; i++)
		if (strcasecmp(rs->cdisc_terms[i].term, term) == 0)
			return rs->cdisc_terms[i].category;
	return RECIST_RESP_NONE;
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
