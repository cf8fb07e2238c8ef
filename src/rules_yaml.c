/*
 * rules_yaml.c - libyaml's event stream into our own node tree (yaml_tree.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * The only file that includes <yaml.h>.  libyaml returns 1 for success and
 * 0 for failure, and its marks are 0-based; both are converted here.
 */
#include <string.h>
#include <yaml.h>

#include "yaml_tree.h"

enum { YAML_MAX_DEPTH = 64 };

struct loader {
	yaml_parser_t           parser;
	const char             *text;   /* the source, for scalars' spans */
	size_t                  len;
	size_t                  line;   /* a cursor: 0-based line ... */
	size_t                  bol;    /* ... and the byte offset where it begins */
	struct arena           *arena;
	const char             *file;
	const recist_diag_sink *sink;
};

static struct pos pos_from_mark(const char *file, yaml_mark_t m)
{
	struct pos p = { file, (unsigned)m.line + 1, (unsigned)m.column + 1 };
	return p;
}

/*
 * The byte in the text at a libyaml mark.  Marks count characters, not
 * bytes, so walk there: to the mark's line from the cursor (marks arrive in
 * document order), then over its column's UTF-8 characters.
 */
static const char *mark_ptr(struct loader *ld, yaml_mark_t m)
{
	size_t i;

	while (ld->line < m.line && ld->bol < ld->len) {
		const char *nl = memchr(ld->text + ld->bol, '\n', ld->len - ld->bol);
		ld->bol = nl ? (size_t)(nl - ld->text) + 1 : ld->len;
		ld->line++;
	}
	i = ld->bol;
	for (size_t c = 0; c < m.column && i < ld->len; c++)
		do
			i++;
		while (i < ld->len && ((unsigned char)ld->text[i] & 0xC0) == 0x80);
	return ld->text + i;
}

/* The end of a span of n characters starting at p. */
static const char *advance_chars(const struct loader *ld, const char *p, size_t n)
{
	const char *end = ld->text + ld->len;

	for (size_t c = 0; c < n && p < end; c++)
		do
			p++;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80);
	return p;
}

static int syntax_error(struct loader *ld)
{
	yaml_parser_t *p = &ld->parser;
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR) {
		diag_emit(ld->sink, D_SYS_NOMEM, (struct pos){ ld->file, 0, 0 }, NULL, NULL);
		return RECIST_ENOMEM;
	}
	diag_emit(ld->sink, D_RULES_YAML_SYNTAX, pos_from_mark(ld->file, m), NULL, "%s%s%s",
	          p->problem ? p->problem : "unknown error",
	          p->context ? " " : "", p->context ? p->context : "");
	return RECIST_EPARSE;
}

static int next_event(struct loader *ld, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&ld->parser, ev))
		return syntax_error(ld);
	return 0;
}

/* Grow a node's child arrays (arena: the old arrays are simply abandoned). */
static int push_child(struct loader *ld, struct ynode *n, size_t *cap,
                      struct ynode *key, struct ynode *item)
{
	if (n->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct ynode **items = arena_alloc(ld->arena, ncap * sizeof *items);
		struct ynode **keys = n->kind == YN_MAP ? arena_alloc(ld->arena, ncap * sizeof *keys) : NULL;
		if (items == NULL || (n->kind == YN_MAP && keys == NULL))
			return RECIST_ENOMEM;
		if (n->n) {
			memcpy(items, n->items, n->n * sizeof *items);
			if (keys)
				memcpy(keys, n->keys, n->n * sizeof *keys);
		}
		n->items = items;
		n->keys = keys;
		*cap = ncap;
	}
	if (n->kind == YN_MAP)
		n->keys[n->n] = key;
	n->items[n->n++] = item;
	return 0;
}

static int load_node(struct loader *ld, yaml_event_t *ev, int depth, struct ynode **out);

/* Load children of a sequence or mapping until its end event. */
static int load_children(struct loader *ld, struct ynode *n, int depth)
{
	yaml_event_t ev;
	size_t cap = 0;
	int rc;

	for (;;) {
		struct ynode *key = NULL, *item = NULL;

		if ((rc = next_event(ld, &ev)) < 0)
			return rc;
		if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (n->kind == YN_MAP) {
			rc = load_node(ld, &ev, depth + 1, &key);
			yaml_event_delete(&ev);
			if (rc < 0)
				return rc;
			if (key->kind != YN_SCALAR) {
				diag_emit(ld->sink, D_RULES_WRONG_TYPE, key->pos, NULL, "mapping keys must be plain names");
				return RECIST_EINVALID;
			}
			if ((rc = next_event(ld, &ev)) < 0)
				return rc;
		}
		rc = load_node(ld, &ev, depth + 1, &item);
		yaml_event_delete(&ev);
		if (rc < 0 || (rc = push_child(ld, n, &cap, key, item)) < 0)
			return rc;
	}
}

/* Build the node that starts with event ev (which the caller deletes). */
static int load_node(struct loader *ld, yaml_event_t *ev, int depth, struct ynode **out)
{
	struct ynode *n;

	if (depth > YAML_MAX_DEPTH) {
		diag_emit(ld->sink, D_RULES_YAML_SYNTAX, pos_from_mark(ld->file, ev->start_mark), NULL,
		          "nested more than %d levels deep", YAML_MAX_DEPTH);
		return RECIST_EPARSE;
	}
	if ((n = arena_calloc(ld->arena, 1, sizeof *n)) == NULL)
		return RECIST_ENOMEM;
	n->pos = pos_from_mark(ld->file, ev->start_mark);
	*out = n;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->kind = YN_SCALAR;
		n->len = ev->data.scalar.length;
		if ((n->str = arena_strndup(ld->arena, (const char *)ev->data.scalar.value, n->len)) == NULL)
			return RECIST_ENOMEM;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->src.pos = n->pos;
		n->src.raw = mark_ptr(ld, ev->start_mark);
		n->src.raw_len = (size_t)(advance_chars(ld, n->src.raw, ev->end_mark.index - ev->start_mark.index)
		                          - n->src.raw);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		n->kind = YN_SEQ;
		return load_children(ld, n, depth);
	case YAML_MAPPING_START_EVENT:
		n->kind = YN_MAP;
		return load_children(ld, n, depth);
	case YAML_ALIAS_EVENT:
		diag_emit(ld->sink, D_RULES_YAML_SYNTAX, n->pos, NULL, "aliases are not supported in rule files");
		return RECIST_EPARSE;
	default:
		diag_emit(ld->sink, D_RULES_YAML_SYNTAX, n->pos, NULL, "unexpected YAML event");
		return RECIST_EPARSE;
	}
}

int yaml_tree_parse(struct ynode **out, struct arena *a, const char *text, size_t len,
                    const char *file, const recist_diag_sink *sink)
{
	struct loader ld;
	yaml_event_t ev;
	int rc, have_ev = 0;

	memset(&ld, 0, sizeof ld);
	ld.arena = a;
	ld.text = text;
	ld.len = len;
	ld.file = file;
	ld.sink = sink;
	if (!yaml_parser_initialize(&ld.parser)) {
		diag_emit(sink, D_SYS_NOMEM, (struct pos){ file, 0, 0 }, NULL, NULL);
		return RECIST_ENOMEM;
	}
	yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text, len);

	/* STREAM-START, DOCUMENT-START, the root node, DOCUMENT-END, STREAM-END. */
	for (;;) {
		if ((rc = next_event(&ld, &ev)) < 0)
			goto done;
		have_ev = 1;
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			have_ev = 0;
			continue;
		}
		break;
	}
	if (ev.type == YAML_STREAM_END_EVENT) {
		diag_emit(sink, D_RULES_YAML_SYNTAX, pos_from_mark(file, ev.start_mark), NULL, "empty document");
		rc = RECIST_EPARSE;
		goto done;
	}
	if ((rc = load_node(&ld, &ev, 0, out)) < 0)
		goto done;
	yaml_event_delete(&ev);
	have_ev = 0;
	/* DOCUMENT-END, then STREAM-END; anything else is a second document. */
	if ((rc = next_event(&ld, &ev)) < 0)
		goto done;
	have_ev = 1;
	if (ev.type == YAML_DOCUMENT_END_EVENT) {
		yaml_event_delete(&ev);
		have_ev = 0;
		if ((rc = next_event(&ld, &ev)) < 0)
			goto done;
		have_ev = 1;
	}
	if (ev.type != YAML_STREAM_END_EVENT) {
		diag_emit(sink, D_RULES_YAML_SYNTAX, pos_from_mark(file, ev.start_mark), NULL,
		          "a rule file holds one YAML document");
		rc = RECIST_EPARSE;
		goto done;
	}
	rc = 0;
done:
	if (have_ev)
		yaml_event_delete(&ev);
	yaml_parser_delete(&ld.parser);
	return rc;
}
