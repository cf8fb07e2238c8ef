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

#include "rules/yaml_tree.h"

/* Mappings and lists nested deeper are refused: the loader recurses per level. */
enum { YAML_MAX_DEPTH = 64 };

struct loader {
	yaml_parser_t           parser;
	const char             *text;   /* the source, for scalars' spans */
	size_t                  len;
	/*
	 * A cursor for mark_ptr: the 0-based line and column (in characters)
	 * of the byte at offset 'at', and where that line begins.  Marks
	 * arrive in document order, so each finds its byte by moving the
	 * cursor forward: all marks together walk the text once.
	 */
	size_t                  line, col, at, bol;
	struct arena           *arena;
	const char             *file;
	const recist_diag_sink *sink;
};

static struct pos pos_from_mark(const char *file, yaml_mark_t m)
{
	struct pos p = { file, (unsigned)m.line + 1, (unsigned)m.column + 1 };
	return p;
}

/* The length of the line break at text[i] as libyaml counts breaks (CR LF, CR, LF, NEL, LS, PS), or 0. */
static size_t break_len(const struct loader *ld, size_t i)
{
	const unsigned char *s = (const unsigned char *)ld->text + i;
	size_t left = ld->len - i;

	if (s[0] == '\r')
		return left > 1 && s[1] == '\n' ? 2 : 1;
	if (s[0] == '\n')
		return 1;
	if (left > 1 && s[0] == 0xC2 && s[1] == 0x85)
		return 2;
	if (left > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
		return 3;
	return 0;
}

/* Where line 0, column 0 is: libyaml skips a UTF-8 byte order mark without counting it. */
static size_t text_start(const struct loader *ld)
{
	return ld->len >= 3 && memcmp(ld->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/*
 * The byte in the text at a libyaml mark.  Marks count lines and
 * characters, not bytes, so walk there from the cursor: to the mark's
 * line, then over its column's UTF-8 characters.
 */
static const char *mark_ptr(struct loader *ld, yaml_mark_t m)
{
	if (m.line < ld->line || (m.line == ld->line && m.column < ld->col)) {
		/* Behind the cursor: never in document order, but start over rather than fail. */
		ld->line = ld->col = 0;
		ld->at = ld->bol = text_start(ld);
	}
	while (ld->line < m.line && ld->at < ld->len) {
		size_t b = break_len(ld, ld->at);
		if (b == 0) {
			ld->at++;
			continue;
		}
		ld->at += b;
		ld->bol = ld->at;
		ld->line++;
		ld->col = 0;
	}
	while (ld->col < m.column && ld->at < ld->len) {
		do
			ld->at++;
		while (ld->at < ld->len && ((unsigned char)ld->text[ld->at] & 0xC0) == 0x80);
		ld->col++;
	}
	return ld->text + ld->at;
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

	if (p->error == YAML_MEMORY_ERROR)
		return RECIST_ENOMEM;
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

/*
 * Grow a node's child arrays by doubling (arena: the old arrays are simply
 * abandoned, at most as much again as the final ones).
 */
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
		diag_emit(ld->sink, D_RULES_TOO_LARGE, pos_from_mark(ld->file, ev->start_mark), NULL,
		          "YAML nested more than %d levels deep", YAML_MAX_DEPTH);
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
		/* A tag ('!!str 30', '! 30') makes a scalar a string, as quotes do. */
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && ev->data.scalar.tag == NULL;
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
	ld.at = ld.bol = text_start(&ld);
	if (!yaml_parser_initialize(&ld.parser))
		return RECIST_ENOMEM;
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

const char *recist_yaml_version(void)
{
	return yaml_get_version_string();
}
