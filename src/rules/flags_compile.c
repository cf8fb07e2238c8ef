/*
 * flags_compile.c - a flag file (recist-flags/1) into a recist_flagset,
 * and the public loading API.  The format is in recist-rules(5), FLAG
 * FILES.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/builtin.h"
#include "rules/flagset.h"
#include "rules/yaml_tree.h"

#define FLAGS_FORMAT "recist-flags/1"

static const struct key_spec top_keys[] = {
	{ "format",      YN_SCALAR, true  },
	{ "name",        YN_SCALAR, true  },
	{ "source",      YN_SCALAR, true  },
	{ "description", YN_SCALAR, false },
	{ "criteria",    YN_MAP,    true  },
	{ "flags",       YN_SEQ,    true  },
};
enum { K_FORMAT, K_NAME, K_SOURCE, K_DESCRIPTION, K_CRITERIA, K_FLAGS };

static const struct key_spec flag_keys[] = {
	{ "code", YN_SCALAR, true }, { "when", YN_SCALAR, true },
	{ "message", YN_SCALAR, true }, { "source", YN_SCALAR, true },
};
enum { F_CODE, F_WHEN, F_MESSAGE, F_SOURCE };

#define FIELD_ROW(name, type, fmt) { #name, V_##type, FMT_##fmt },
static const struct {
	const char *name;
	enum vtype  type;
	enum vfmt   fmt;
} fields[FF__COUNT] = { FLAG_FIELDS(FIELD_ROW) };

/* Names of the flag scope: ALIAS.FIELD, index alias * FF__COUNT + field. */
static int flag_name(void *ctx, const char *name, size_t len, unsigned *index,
                     enum vtype *type, enum vfmt *fmt)
{
	const struct recist_flagset *fs = ctx;
	const char *dot = memchr(name, '.', len);

	if (dot == NULL)
		return -1;
	for (size_t a = 0; a < fs->n_criteria; a++) {
		if (strlen(fs->alias[a]) != (size_t)(dot - name) || memcmp(fs->alias[a], name, (size_t)(dot - name)) != 0)
			continue;
		for (size_t f = 0; f < FF__COUNT; f++) {
			if (strlen(fields[f].name) == len - (size_t)(dot - name) - 1 &&
			    memcmp(fields[f].name, dot + 1, len - (size_t)(dot - name) - 1) == 0) {
				*index = (unsigned)(a * FF__COUNT + f);
				*type = fields[f].type;
				*fmt = fields[f].fmt;
				return 0;
			}
		}
	}
	return -1;
}

static int is_plain_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int compile_criteria(struct recist_flagset *fs, const struct ynode *map, const recist_diag_sink *sink)
{
	if (map->n > FLAG_MAX_CRITERIA) {
		diag_emit(sink, D_RULES_BAD_VALUE, map->pos, NULL, "a flag file compares at most %d rule sets",
		          FLAG_MAX_CRITERIA);
		return RECIST_EINVALID;
	}
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *key = map->keys[i], *val = map->items[i];
		if (!is_plain_name(key->str)) {
			diag_emit(sink, D_RULES_BAD_VALUE, key->pos, NULL,
			          "criteria name '%s' (expected letters, digits and '_')", key->str);
			return RECIST_EINVALID;
		}
		if (val->kind != YN_SCALAR) {
			diag_emit(sink, D_RULES_WRONG_TYPE, val->pos, NULL, "'%s' must be a rule-set id", key->str);
			return RECIST_EINVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(fs->alias[j], key->str) == 0) {
				diag_emit(sink, D_RULES_DUPLICATE, key->pos, NULL, "criteria name '%s'", key->str);
				return RECIST_EINVALID;
			}
		fs->alias[i] = key->str;
		fs->criteria[i] = val->str;
		fs->n_criteria++;
	}
	return 0;
}

/*
 * The first flag whose code an earlier flag has, or SIZE_MAX (as
 * find_repeated_id in rules_compile.c: reported when compile_flags gets
 * there, after the errors of the flags before it).  0 or RECIST_ENOMEM.
 */
static int find_repeated_code(const struct ynode *seq, size_t *out)
{
	struct name_ref *codes;
	size_t n = 0;

	if ((codes = malloc((seq->n ? seq->n : 1) * sizeof *codes)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *item = seq->items[i];
		for (size_t j = 0; item->kind == YN_MAP && j < item->n; j++) {
			if (strcmp(item->keys[j]->str, "code") == 0 && item->items[j]->kind == YN_SCALAR) {
				codes[n++] = (struct name_ref){ item->items[j]->str, item->items[j]->len, i };
				break;
			}
		}
	}
	*out = names_sort(codes, n);
	free(codes);
	return 0;
}

static int compile_flags(struct recist_flagset *fs, const struct ynode *seq, const recist_diag_sink *sink)
{
	struct expr_env env = { SCOPE_FLAG, NULL, NULL, flag_name, fs };
	size_t repeated;
	int rc;

	if (seq->n > FLAG_MAX_FLAGS) {
		diag_emit(sink, D_RULES_TOO_LARGE, seq->items[FLAG_MAX_FLAGS]->pos, NULL, "more than %d flags",
		          FLAG_MAX_FLAGS);
		return RECIST_EINVALID;
	}
	if ((rc = find_repeated_code(seq, &repeated)) < 0)
		return rc;
	if ((fs->flags = arena_calloc(&fs->arena, seq->n ? seq->n : 1, sizeof *fs->flags)) == NULL)
		return RECIST_ENOMEM;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *item = seq->items[i], *f[ARRAY_SIZE(flag_keys)];
		struct flag_rule *fl = &fs->flags[i];

		if ((rc = ytree_expect_map(sink, item, "a flag")) < 0 ||
		    (rc = ytree_check_keys(sink, item, flag_keys, ARRAY_SIZE(flag_keys), f, "a flag")) < 0)
			return rc;
		if (i == repeated) {
			diag_emit(sink, D_RULES_DUPLICATE, f[F_CODE]->pos, NULL, "flag code '%s'", f[F_CODE]->str);
			return RECIST_EINVALID;
		}
		fl->code = f[F_CODE]->str;
		fl->source = f[F_SOURCE]->str;
		fl->pos = item->pos;
		if ((rc = expr_compile(&fl->when, &fs->arena, f[F_WHEN]->str, f[F_WHEN]->len, &env,
		                       &f[F_WHEN]->src, 0, sink)) < 0)
			return rc;
		if (fl->when.type != V_BOOL) {
			diag_emit(sink, D_RULES_BAD_EXPR, f[F_WHEN]->pos, NULL, "'when' must be true or false");
			return RECIST_EINVALID;
		}
		if ((rc = tmpl_compile(&fl->message, &fs->arena, f[F_MESSAGE]->str, f[F_MESSAGE]->len, &env,
		                       &f[F_MESSAGE]->src, sink)) < 0)
			return rc;
		fs->n_flags++;
	}
	return 0;
}

static int compile_tree(struct recist_flagset *fs, const struct ynode *root, const recist_diag_sink *sink)
{
	const struct ynode *f[ARRAY_SIZE(top_keys)];
	int rc;

	if ((rc = ytree_expect_map(sink, root, "a flag file")) < 0 ||
	    (rc = ytree_check_keys(sink, root, top_keys, ARRAY_SIZE(top_keys), f, "the flag file")) < 0)
		return rc;
	if (strcmp(f[K_FORMAT]->str, FLAGS_FORMAT) != 0) {
		diag_emit(sink, D_RULES_BAD_VALUE, f[K_FORMAT]->pos, NULL, "format '%s' (expected '%s')",
		          f[K_FORMAT]->str, FLAGS_FORMAT);
		return RECIST_EINVALID;
	}
	fs->name = f[K_NAME]->str;
	fs->source = f[K_SOURCE]->str;
	if ((rc = compile_criteria(fs, f[K_CRITERIA], sink)) < 0)
		return rc;
	return compile_flags(fs, f[K_FLAGS], sink);
}

int recist_flagset_load_text(recist_flagset **out, const char *text, size_t len,
                             const char *name, const recist_diag_sink *sink)
{
	struct recist_flagset *fs;
	struct ynode *root = NULL;
	char *copy;
	int rc;

	if ((fs = calloc(1, sizeof *fs)) == NULL) {
		rc = RECIST_ENOMEM;
		goto fail;
	}
	if ((copy = arena_strndup(&fs->arena, text, len)) == NULL ||
	    (fs->file = arena_strdup(&fs->arena, name ? name : "<flags>")) == NULL) {
		rc = RECIST_ENOMEM;
		goto fail;
	}
	fs->text = copy;
	fs->text_len = len;
	if ((rc = yaml_tree_parse(&root, &fs->arena, copy, len, fs->file, sink)) < 0 ||
	    (rc = compile_tree(fs, root, sink)) < 0)
		goto fail;
	*out = fs;
	return 0;
fail:
	/* Below, running out of memory is only returned: reported here, once, for every path. */
	if (rc == RECIST_ENOMEM)
		diag_emit(sink, D_SYS_NOMEM, (struct pos){ name ? name : "<flags>", 0, 0 }, NULL,
		          "loading the flag file");
	if (fs != NULL)
		arena_release(&fs->arena);
	free(fs);
	return rc;
}

int recist_flagset_load_builtin(recist_flagset **out, const recist_diag_sink *sink)
{
	return recist_flagset_load_text(out, builtin_flags[0].text, builtin_flags[0].len,
	                                "<built-in flags>", sink);
}

int recist_flagset_load_file(recist_flagset **out, const char *path, const recist_diag_sink *sink)
{
	char *text = NULL;
	size_t len;
	int rc;

	if ((rc = recist_read_file(path, &text, &len, sink)) < 0)
		return rc;
	rc = recist_flagset_load_text(out, text, len, path, sink);
	free(text);
	return rc;
}

const char *recist_flagset_name(const recist_flagset *fs) { return fs->name; }
size_t recist_flagset_criteria_count(const recist_flagset *fs) { return fs->n_criteria; }

const char *recist_flagset_criteria_id(const recist_flagset *fs, size_t i)
{
	return i < fs->n_criteria ? fs->criteria[i] : NULL;
}

size_t recist_flagset_flag_count(const recist_flagset *fs) { return fs->n_flags; }

const char *recist_flagset_flag_code(const recist_flagset *fs, size_t i)
{
	return i < fs->n_flags ? fs->flags[i].code : NULL;
}

const char *recist_flagset_text(const recist_flagset *fs, size_t *len)
{
	if (len)
		*len = fs->text_len;
	return fs->text;
}

void recist_flagset_free(recist_flagset *fs)
{
	if (fs == NULL)
		return;
	arena_release(&fs->arena);
	free(fs);
}
