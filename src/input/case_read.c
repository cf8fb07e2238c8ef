/*
 * case_read.c - read a case document (recist-case/1) into struct recist_case.
 *
 * SPDX-License-Identifier: MIT
 *
 * The only file that includes <cjson/cJSON.h>.  cJSON builds its tree in the
 * case's scratch arena (allocation hooks installed once per process, routed
 * by a thread-local pointer), the tree is checked against the schema and
 * copied into our own structs in the case's arena, and the scratch arena is
 * reset.  Nothing of cJSON outlives recist_case_parse().
 *
 * Diagnostics carry a key path ("assessments[2].lesions.T3.diameter_mm") and
 * the line:column of that value.  cJSON keeps no positions, so on the error
 * path the scanner of json_scan.c walks the original text along the path
 * again (locate()); it also finds and explains syntax errors, which cJSON
 * only reports as a byte offset.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/date.h"
#include "base/diag.h"
#include "base/names.h"
#include "base/text.h"
#include "input/case.h"
#include "input/json_scan.h"
#include "input/result_record.h"
#include "rules/ruleset.h"

#define CASE_FORMAT "recist-case/1"

/* The scanner explains cJSON's nesting limit: they must agree. */
_Static_assert(JSON_MAX_NESTING == CJSON_NESTING_LIMIT, "json_scan.h and cJSON disagree on nesting");

/* A case nests five levels (assessments[i].lesions.T1.fragments_mm[j]);
 * only ignored values ("reported...") go deeper, and their paths are cut. */
#define PATH_MAX_DEPTH 16

/* ---- cJSON allocation hooks ------------------------------------------- */

/*
 * cJSON's hooks are process-wide, so they are installed once and look up
 * the arena of the case being parsed on this thread.  Outside our parse
 * (NULL arena) they behave as malloc/free, for any other cJSON user in the
 * process.  Arena memory is released all at once, so free is a no-op there.
 */
static _Thread_local struct arena *hook_arena;
static _Thread_local bool hook_failed;    /* an arena allocation failed */
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *hook_malloc(size_t size)
{
	void *p;

	if (hook_arena == NULL)
		return malloc(size);
	if ((p = arena_alloc(hook_arena, size)) == NULL)
		hook_failed = true;
	return p;
}

static void hook_free(void *p)
{
	if (hook_arena == NULL)
		free(p);
}

static void hooks_install(void)
{
	cJSON_Hooks h = { hook_malloc, hook_free };

	cJSON_InitHooks(&h);
}

/* ---- The reader: path, positions, diagnostics ------------------------- */

/* One step of a key path: a member of an object (key != NULL, idx = its
 * position among the members, which also tells duplicates apart) or an
 * element of an array (key == NULL). */
struct seg {
	const char *key;
	size_t      idx;
};

/*
 * Names that must be unique in a list, and are looked up: the keys of an
 * object, the ids of a list of lesions.  While there are few (nearly
 * always) each is compared with those before it; beyond NAMES_SCANNED_MAX
 * they are sorted once (names.h), so that 10^5 keys cost 10^5 log 10^5
 * steps, not 10^10.
 */
enum { NAMES_SCANNED_MAX = 16 };

struct name_index {
	struct name_ref *refs;    /* NULL: few enough to scan */
	size_t           n;
	size_t           repeat;  /* the first element that repeats an earlier name, SIZE_MAX: none */
};

struct reader {
	struct recist_case     *c;
	const char             *text;    /* the whole input, for locate() */
	size_t                  len;
	unsigned                line;    /* position of text[0] */
	unsigned                col;
	const recist_diag_sink *sink;
	struct seg              path[PATH_MAX_DEPTH];
	size_t                  depth;   /* may exceed PATH_MAX_DEPTH */
	size_t                  warn_cap;
	size_t                  error_cap;   /* of c->errors */
	bool                    wrong_kind;  /* the document is of the other kind: the rest of the text is not read */
	struct name_index       lesion_ids;  /* the registry's ids */
	uint32_t               *recorded_at; /* per lesion: 1 + the assessment that last recorded it */
	bool                    new_roles;   /* a new lesion gives a "role": check_new_roles() */
};

enum at { AT_VALUE, AT_KEY };  /* report the value's position, or its key's */

static void path_push(struct reader *r, const char *key, size_t idx)
{
	if (r->depth < PATH_MAX_DEPTH) {
		r->path[r->depth].key = key;
		r->path[r->depth].idx = idx;
	}
	r->depth++;
}

/* No error path pops: the first error ends the parse, path and all. */
static void path_pop(struct reader *r)
{
	r->depth--;
}

/*
 * "assessments[2].lesions.T3"; "" for the document itself.  Built with
 * plain copies: it runs for every measurement read (its path is kept for
 * warnings), where printf would cost more than the rest of the reading.
 */
static void path_format(const struct reader *r, char *out, size_t size)
{
	size_t n = 0, depth = r->depth < PATH_MAX_DEPTH ? r->depth : PATH_MAX_DEPTH;

	for (size_t d = 0; d < depth && n + 1 < size; d++) {
		const struct seg *s = &r->path[d];
		if (s->key != NULL) {
			if (d > 0)
				out[n++] = '.';
			for (const char *k = s->key; *k && n + 1 < size; k++)
				out[n++] = *k;
		} else {
			char digits[24];
			size_t nd = 0, i = s->idx;
			do
				digits[nd++] = (char)('0' + i % 10);
			while ((i /= 10) != 0);
			if (n + nd + 3 > size)
				break;
			out[n++] = '[';
			while (nd > 0)
				out[n++] = digits[--nd];
			out[n++] = ']';
		}
	}
	out[n < size ? n : size - 1] = '\0';
}

/*
 * Offset in the text of the value the current path names (with AT_KEY, of
 * the key of its last step).  Used on the error path only, so it walks the
 * text again instead of keeping positions for every value; it needs no
 * memory.  A step that cannot be followed (a key that is absent) leaves the
 * deepest value found.
 */
static size_t locate(const struct reader *r, enum at at)
{
	struct scan sc = { r->text, r->len, 0, false, 0, NULL };
	size_t depth = r->depth < PATH_MAX_DEPTH ? r->depth : PATH_MAX_DEPTH;
	size_t found, key_at = 0;

	scan_start(&sc);
	found = sc.i;
	for (size_t d = 0; d < depth; d++) {
		const struct seg *s = &r->path[d];

		if (sc.i >= sc.len || sc.s[sc.i] != (s->key != NULL ? '{' : '['))
			return found;
		sc.i++;
		for (size_t k = 0;; k++) {
			scan_ws(&sc);
			if (s->key != NULL) {
				key_at = sc.i;
				if (!scan_string(&sc))
					return found;
				scan_ws(&sc);
				if (sc.i >= sc.len || sc.s[sc.i] != ':')
					return found;
				sc.i++;
				scan_ws(&sc);
			}
			if (k == s->idx)
				break;
			if (!scan_value(&sc, 0))
				return found;
			scan_ws(&sc);
			if (sc.i >= sc.len || sc.s[sc.i] != ',')
				return found;
			sc.i++;
		}
		if (at == AT_KEY && s->key != NULL && d + 1 == depth)
			return key_at;
		found = sc.i;
	}
	return found;
}

/* Line and column of text[off], counted from the origin. */
static struct pos pos_at(const struct reader *r, size_t off)
{
	struct pos p = { r->c->file, r->line, 0 };
	size_t bol = 0;

	for (size_t k = 0; k < off && k < r->len; k++) {
		if (r->text[k] == '\n') {
			p.line++;
			bol = k + 1;
		}
	}
	p.col = (unsigned)(off - bol) + 1;
	if (bol == 0)
		p.col += r->col - 1;
	return p;
}

static int nomem(const struct reader *r)
{
	struct pos p = { r->c->file, 0, 0 };

	diag_emit(r->sink, D_SYS_NOMEM, p, NULL, NULL);
	return RECIST_ENOMEM;
}

/* Send a diagnostic for the current path; detail may be NULL. */
static void report(const struct reader *r, enum diag_code code, enum at at,
                   const char *detail)
{
	char path[512];

	path_format(r, path, sizeof path);
	diag_emit(r->sink, code, pos_at(r, locate(r, at)), path[0] ? path : NULL,
	          detail != NULL ? "%s" : NULL, detail);
}

/* Report error 'code' at the current path; returns RECIST_EINVALID. */
__attribute__((format(printf, 4, 5)))
static int fail(const struct reader *r, enum diag_code code, enum at at,
                const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof detail, fmt, ap);
		va_end(ap);
	}
	report(r, code, at, fmt != NULL ? detail : NULL);
	return RECIST_EINVALID;
}

/* An unknown key (the current path): tell the sink, keep it in the case. */
static int warn_unknown_key(struct reader *r)
{
	struct recist_case *c = r->c;
	struct case_warning *w;
	char path[512];

	report(r, D_CASE_UNKNOWN_KEY, AT_KEY, NULL);
	if (c->n_warnings == r->warn_cap) {
		size_t cap = r->warn_cap ? 2 * r->warn_cap : 4;
		if ((w = arena_calloc(&c->arena, cap, sizeof *w)) == NULL)
			return nomem(r);
		if (c->n_warnings > 0)
			memcpy(w, c->warnings, c->n_warnings * sizeof *w);
		c->warnings = w;
		r->warn_cap = cap;
	}
	path_format(r, path, sizeof path);
	w = &c->warnings[c->n_warnings];
	w->code = arena_strdup(&c->arena, diag_code_name(D_CASE_UNKNOWN_KEY));
	w->message = arena_strdup(&c->arena, diag_message(D_CASE_UNKNOWN_KEY));
	w->path = arena_strdup(&c->arena, path);
	if (w->code == NULL || w->message == NULL || w->path == NULL)
		return nomem(r);
	c->n_warnings++;
	return 0;
}

/* ---- Objects and their keys ------------------------------------------- */

enum {
	T_STRING = 1 << 0,
	T_NUMBER = 1 << 1,
	T_BOOL   = 1 << 2,
	T_ARRAY  = 1 << 3,
	T_OBJECT = 1 << 4,
	T_NULL   = 1 << 5,
	T_ANY    = (1 << 6) - 1
};

/*
 * The type bits of cJSON.h, read as cJSON_Is*() read them: those are calls
 * into the shared library, and this runs for every member of a case.
 */
static unsigned type_of(const cJSON *v)
{
	switch (v->type & 0xFF) {
	case cJSON_String: return T_STRING;
	case cJSON_Number: return T_NUMBER;
	case cJSON_False:
	case cJSON_True:   return T_BOOL;
	case cJSON_Array:  return T_ARRAY;
	case cJSON_Object: return T_OBJECT;
	default:           return T_NULL;
	}
}

/* "string", or with an article, "a string", for "expected a string, got number". */
static const char *type_name(unsigned t, bool article)
{
	switch (t) {
	case T_STRING: return article ? "a string" : "string";
	case T_NUMBER: return article ? "a number" : "number";
	case T_BOOL:   return article ? "a boolean" : "boolean";
	case T_ARRAY:  return article ? "an array" : "array";
	case T_OBJECT: return article ? "an object" : "object";
	default:       return "null";
	}
}

/* The value of the current path must be of type t (a single T_* bit). */
static int expect_type(const struct reader *r, const cJSON *v, unsigned t)
{
	if (type_of(v) == t)
		return 0;
	return fail(r, D_CASE_WRONG_TYPE, AT_VALUE, "expected %s, got %s",
	            type_name(t, true), type_name(type_of(v), false));
}

/* A key an object may have. */
struct key_spec {
	const char *name;
	unsigned    types;     /* T_*: what its value may be */
	bool        required;
	bool        prefix;    /* stands for every key that starts with name */
};

/* What scan_object() found for one key_spec. */
struct field {
	const char  *name;
	const cJSON *v;        /* NULL when the key is absent */
	size_t       idx;      /* its position among the members, for locate() */
};

/* A key that is silently accepted wherever a case has an object. */
#define KEY_NOTE { "note", T_STRING, false, false }

static bool key_matches(const struct key_spec *k, const char *name)
{
	if (name[0] != k->name[0])  /* most keys differ at once: skip the call */
		return false;
	if (k->prefix)
		return strncmp(name, k->name, strlen(k->name)) == 0;
	return strcmp(name, k->name) == 0;
}

/* The "id" string of an element of a list of lesions, or NULL (its errors come when it is read). */
static const char *id_of(const cJSON *e)
{
	if (!cJSON_IsObject(e))
		return NULL;
	for (const cJSON *m = e->child; m != NULL; m = m->next)
		if (strcmp(m->string, "id") == 0)
			return cJSON_IsString(m) ? m->valuestring : NULL;
	return NULL;
}

/* Index the keys (keys) or the ids of the elements of list, when there are many. */
static int index_names(struct reader *r, struct name_index *ix, const cJSON *list, bool keys)
{
	size_t n = 0, i = 0;

	ix->refs = NULL;
	ix->n = 0;
	ix->repeat = SIZE_MAX;
	for (const cJSON *e = list->child; e != NULL && n <= NAMES_SCANNED_MAX; e = e->next)
		n++;
	if (n <= NAMES_SCANNED_MAX)
		return 0;
	n = (size_t)cJSON_GetArraySize(list);
	if ((ix->refs = arena_alloc(&r->c->scratch, n * sizeof *ix->refs)) == NULL)
		return nomem(r);
	for (const cJSON *e = list->child; e != NULL; e = e->next, i++) {
		const char *name = keys ? e->string : id_of(e);
		if (name != NULL)
			ix->refs[ix->n++] = (struct name_ref){ name, strlen(name), i };
	}
	ix->repeat = names_sort(ix->refs, ix->n);
	return 0;
}

/*
 * Does member m, member idx of obj, repeat the key of a member before it?
 * 1, 0, or <0 (out of memory).  Members come in order; the keys are indexed
 * when member NAMES_SCANNED_MAX is reached, so small objects never are.
 */
static int key_seen_before(struct reader *r, struct name_index *ix, const cJSON *obj, const cJSON *m, size_t idx)
{
	int ret;

	if (idx < NAMES_SCANNED_MAX) {
		for (const cJSON *p = obj->child; p != m; p = p->next)
			if (p->string[0] == m->string[0] && strcmp(p->string, m->string) == 0)
				return 1;
		return 0;
	}
	if (idx == NAMES_SCANNED_MAX && (ret = index_names(r, ix, obj, true)) < 0)
		return ret;
	return idx == ix->repeat;
}

/*
 * Duplicate keys anywhere inside v, a value whose content is otherwise
 * ignored; every object of the document is checked, as the format says.
 */
static int check_no_duplicates(struct reader *r, const cJSON *v)
{
	struct name_index keys = { NULL, 0, SIZE_MAX };
	size_t idx = 0;
	int ret;

	for (const cJSON *m = v->child; m != NULL; m = m->next, idx++) {
		path_push(r, cJSON_IsObject(v) ? m->string : NULL, idx);
		if (cJSON_IsObject(v) && (ret = key_seen_before(r, &keys, v, m, idx)) != 0)
			return ret < 0 ? ret : fail(r, D_CASE_DUPLICATE_KEY, AT_KEY, NULL);
		if ((ret = check_no_duplicates(r, m)) < 0)
			return ret;
		path_pop(r);
	}
	return 0;
}

/*
 * Sort the members of obj (the current path) into f[], one per row of
 * keys[]: reject duplicate keys and wrong types, warn about unknown keys,
 * then reject missing required keys.
 */
static int scan_object(struct reader *r, const cJSON *obj,
                       const struct key_spec *keys, size_t n, struct field *f)
{
	struct name_index names = { NULL, 0, SIZE_MAX };
	size_t idx = 0, k;
	int ret;

	for (k = 0; k < n; k++) {
		f[k].name = keys[k].name;
		f[k].v = NULL;
		f[k].idx = SIZE_MAX;
	}
	for (const cJSON *m = obj->child; m != NULL; m = m->next, idx++) {
		path_push(r, m->string, idx);
		if ((ret = key_seen_before(r, &names, obj, m, idx)) != 0)
			return ret < 0 ? ret : fail(r, D_CASE_DUPLICATE_KEY, AT_KEY, NULL);
		for (k = 0; k < n && !key_matches(&keys[k], m->string); k++)
			;
		if (k == n) {
			if ((ret = warn_unknown_key(r)) < 0 ||
			    (ret = check_no_duplicates(r, m)) < 0)
				return ret;
		} else if (!(type_of(m) & keys[k].types)) {
			return expect_type(r, m, keys[k].types);
		} else {
			if (keys[k].types == T_ANY && (ret = check_no_duplicates(r, m)) < 0)
				return ret;
			if (f[k].v == NULL) {   /* a prefix key: keep the first */
				f[k].v = m;
				f[k].idx = idx;
			}
		}
		path_pop(r);
	}
	for (k = 0; k < n; k++)
		if (keys[k].required && f[k].v == NULL)
			return fail(r, D_CASE_MISSING_KEY, AT_VALUE, "'%s'", keys[k].name);
	return 0;
}

/* ---- Values ----------------------------------------------------------- */

/* A string vocabulary: name -> value. */
struct name_val {
	const char *name;
	int         val;
};

static const struct name_val role_names[] = {
	{ "target",     ROLE_TARGET },
	{ "non-target", ROLE_NON_TARGET },
	{ NULL, 0 }
};

static const struct name_val new_role_names[] = {
	{ "target",     NEW_ROLE_TARGET },
	{ "non-target", NEW_ROLE_NON_TARGET },
	{ NULL, 0 }
};

static const struct name_val status_names[] = {
	{ "present",       NT_PRESENT },
	{ "absent",        NT_ABSENT },
	{ "progression",   NT_PROGRESSION },
	{ "not_evaluated", NT_NOT_EVALUATED },
	{ NULL, 0 }
};

/* "a, b, c" from the names of a table, for messages. */
static void names_list(const struct name_val *t, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (; t->name != NULL && n < size; t++) {
		int k = snprintf(out + n, size - n, "%s%s", n > 0 ? ", " : "", t->name);
		if (k < 0)
			break;
		n += (size_t)k;
	}
}

/* The number x at the current path as written ("1e999", not "inf"). */
static void number_text(const struct reader *r, double x, char *out, size_t size)
{
	size_t at = locate(r, AT_VALUE), n = 0;

	while (at + n < r->len && n + 1 < size && r->text[at + n] != '\0' &&
	       strchr("+-.eE0123456789", r->text[at + n]) != NULL)
		n++;
	if (n == 0) {
		snprintf(out, size, "%g", x);
		return;
	}
	memcpy(out, r->text + at, n);
	out[n] = '\0';
}

/*
 * x rounded to the nearest integer, halves away from zero: llround() for
 * 0 <= x <= 2^52, without linking libm.  x - t is exact in that range.
 */
static int64_t round_half_up(double x)
{
	int64_t t = (int64_t)x;

	return x - (double)t >= 0.5 ? t + 1 : t;
}

/* Why mm, the number at the current path, is not a length, into why[size]; false when it is one. */
static bool not_a_length(const struct reader *r, double mm, char *why, size_t size)
{
	const double max_mm = (double)(CASE_MAX_UM / 1000);
	char num[40];

	/* JSON has no infinity: an infinite double is a finite number too large for one (1e999). */
	if (!isnan(mm) && mm >= 0 && mm <= max_mm)
		return false;
	number_text(r, mm, num, sizeof num);
	if (isnan(mm))
		snprintf(why, size, "expected a number, got %s", num);
	else if (mm < 0)
		snprintf(why, size, "expected a number >= 0, got %s", num);
	else
		snprintf(why, size, "expected a number <= %d, got %s", (int)max_mm, num);
	return true;
}

/* A length in mm at the current path, to micrometres (rounded once, here). */
static int convert_length(const struct reader *r, double mm, int64_t *out)
{
	char why[96];

	if (not_a_length(r, mm, why, sizeof why))
		return fail(r, D_CASE_BAD_VALUE, AT_VALUE, "%s", why);
	*out = round_half_up(mm * 1000.0);
	return 0;
}

static int read_length(struct reader *r, const struct field *f, int64_t *out)
{
	int ret;

	path_push(r, f->name, f->idx);
	if ((ret = convert_length(r, f->v->valuedouble, out)) < 0)
		return ret;
	path_pop(r);
	return 0;
}

/* "fragments_mm": a non-empty array of lengths; *out is their sum. */
static int read_fragments(struct reader *r, const struct field *f, int64_t *out)
{
	size_t idx = 0;
	int64_t um;
	int ret;

	path_push(r, f->name, f->idx);
	if (f->v->child == NULL)
		return fail(r, D_CASE_EMPTY, AT_VALUE, "expected at least one fragment");
	*out = 0;
	for (const cJSON *e = f->v->child; e != NULL; e = e->next, idx++) {
		path_push(r, NULL, idx);
		if ((ret = expect_type(r, e, T_NUMBER)) < 0 ||
		    (ret = convert_length(r, e->valuedouble, &um)) < 0)
			return ret;
		*out += um;     /* cannot overflow: each term is <= CASE_MAX_UM */
		path_pop(r);
	}
	if (*out > CASE_MAX_UM)
		return fail(r, D_CASE_BAD_VALUE, AT_VALUE,
		            "fragments add up to more than %d mm", (int)(CASE_MAX_UM / 1000));
	path_pop(r);
	return 0;
}

/* Copy a string into the case; an empty one is an error when nonempty. */
static int read_string(struct reader *r, const struct field *f, bool nonempty,
                       const char **out)
{
	path_push(r, f->name, f->idx);
	if (nonempty && f->v->valuestring[0] == '\0')
		return fail(r, D_CASE_BAD_VALUE, AT_VALUE, "expected a non-empty string");
	if ((*out = arena_strdup(&r->c->arena, f->v->valuestring)) == NULL)
		return nomem(r);
	path_pop(r);
	return 0;
}

/* ASCII letters to lower case, in place (names compared without regard to case). */
static void fold_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * An organ name as the rules compare it (recist-rules(5), Decision 19): its
 * first run of letters, folded to lower case, so that "Liver segment VI",
 * "liver (S7)" and "LIVER" are all "liver" (the per-organ target cap;
 * mRECIST's liver rules).  Letters are A-Z, a-z and every byte of a
 * non-ASCII character, so names in other scripts keep their first word.
 * "" when absent or without a letter.
 */
static bool organ_letter(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

static int read_organ(struct reader *r, const struct field *f, const char **out, const char **text)
{
	const char *s = f->v != NULL ? f->v->valuestring : "";
	size_t n;
	char *key;

	/* As written too, for the text report. */
	if ((*text = f->v != NULL && s[0] != '\0' ? arena_strdup(&r->c->arena, s) : "") == NULL)
		return nomem(r);
	while (*s != '\0' && !organ_letter((unsigned char)*s))
		s++;
	for (n = 0; s[n] != '\0' && organ_letter((unsigned char)s[n]); n++)
		;
	if (n == 0) {
		*out = "";
		return 0;
	}
	if ((key = arena_strndup(&r->c->arena, s, n)) == NULL)
		return nomem(r);
	fold_lower(key);
	*out = key;
	return 0;
}

/*
 * Where a lesion lies, more precisely than its organ (Decision 10): kept
 * folded to lower case; "porta hepatis" marks a node at the porta hepatis,
 * whose normal size the rule set may set apart.  "" when absent.
 */
static int read_location(struct reader *r, const struct field *f, const char **out, bool *porta_hepatis)
{
	char *s;

	*out = "";
	*porta_hepatis = false;
	if (f->v == NULL)
		return 0;
	if ((s = arena_strdup(&r->c->arena, f->v->valuestring)) == NULL)
		return nomem(r);
	fold_lower(s);
	*out = s;
	*porta_hepatis = strcmp(s, "porta hepatis") == 0;
	return 0;
}

/*
 * A date: its day number into *out and, when text is not NULL, the date
 * as YYYY-MM-DD into text[11].  The date part of an ISO 8601 date and
 * time is the date (date_parse_iso): "2024-03-28T10:00" is 2024-03-28.
 */
static int read_date(struct reader *r, const struct field *f, int32_t *out, char *text)
{
	const char *s = f->v->valuestring;

	path_push(r, f->name, f->idx);
	if (date_parse_iso(s, strlen(s), out, NULL) < 0)
		return fail(r, D_CASE_BAD_DATE, AT_VALUE,
		            "'%s' is not a date (YYYY-MM-DD)", s);
	if (text != NULL) {  /* the date part, as written: YYYY-MM-DD */
		memcpy(text, s, 10);
		text[10] = '\0';
	}
	path_pop(r);
	return 0;
}

/* A controlled term of t, in any letter case and with white space around it (text_term_match). */
static int read_name(struct reader *r, const struct field *f,
                     const struct name_val *t, int *out)
{
	const char *s = f->v->valuestring;
	size_t len = strlen(s);
	char names[128];

	for (const struct name_val *p = t; p->name != NULL; p++) {
		if (text_term_match(s, len, p->name) != TEXT_OTHER) {
			*out = p->val;
			return 0;
		}
	}
	path_push(r, f->name, f->idx);
	names_list(t, names, sizeof names);
	return fail(r, D_CASE_BAD_VALUE, AT_VALUE, "expected one of %s, got '%s'", names, s);
}

static bool field_true(const struct field *f)
{
	return f->v != NULL && cJSON_IsTrue(f->v);
}

static enum tri field_tri(const struct field *f)
{
	if (f->v == NULL)
		return TRI_UNKNOWN;
	return cJSON_IsTrue(f->v) ? TRI_TRUE : TRI_FALSE;
}

/*
 * Keys that may not appear together: report at the one written later,
 * naming both.  given[k] says whether f[k] counts as present.
 */
struct conflict {
	int a, b;
};

static int check_conflicts(struct reader *r, const struct field *f, const bool *given,
                           const struct conflict *rules, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const struct field *a = &f[rules[k].a], *b = &f[rules[k].b];
		if (!given[rules[k].a] || !given[rules[k].b])
			continue;
		if (a->idx > b->idx) {
			const struct field *t = a;
			a = b;
			b = t;
		}
		path_push(r, b->name, b->idx);
		return fail(r, D_CASE_CONFLICT, AT_KEY, "'%s' cannot be combined with '%s'",
		            b->name, a->name);
	}
	return 0;
}

/*
 * The first of lesions[0..n) named id, or -1; the ids of lesions[0..n) are
 * read already (ids of a large registry: found in its index).
 */
static long find_lesion(const struct reader *r, size_t n, const char *id)
{
	if (r->lesion_ids.refs != NULL) {
		const struct name_ref *ref = names_find(r->lesion_ids.refs, r->lesion_ids.n, id, strlen(id));
		return ref != NULL && ref->i < n ? (long)ref->i : -1;
	}
	for (size_t k = 0; k < n; k++)
		if (strcmp(r->c->lesions[k].id, id) == 0)
			return (long)k;
	return -1;
}

/* A list of n items at the current path may hold at most max: CASE_TOO_LARGE. */
static int check_size(const struct reader *r, size_t n, size_t max, const char *what)
{
	if (n <= max)
		return 0;
	return fail(r, D_CASE_TOO_LARGE, AT_VALUE, "%zu %s; at most %zu are read", n, what, max);
}

/* ---- Lesions of the registry ------------------------------------------ */

enum { LK_ID, LK_ORGAN, LK_ROLE, LK_NODAL, LK_LOCATION, LK_NOTE, LK__N };

static const struct key_spec lesion_keys[LK__N] = {
	[LK_ID]    = { "id",    T_STRING, true,  false },
	[LK_ORGAN] = { "organ", T_STRING, false, false },
	[LK_ROLE]  = { "role",  T_STRING, true,  false },
	[LK_NODAL] = { "nodal", T_BOOL,   false, false },
	[LK_LOCATION] = { "location", T_STRING, false, false },
	[LK_NOTE]  = KEY_NOTE,
};

/* lesions[i]; lesions[0..i) are read already. */
static int read_lesion(struct reader *r, const cJSON *obj, size_t i)
{
	struct lesion *l = &r->c->lesions[i];
	struct field f[LK__N];
	long first;
	int role, ret;

	if ((ret = expect_type(r, obj, T_OBJECT)) < 0 ||
	    (ret = scan_object(r, obj, lesion_keys, LK__N, f)) < 0 ||
	    (ret = read_string(r, &f[LK_ID], true, &l->id)) < 0)
		return ret;
	if ((r->lesion_ids.refs == NULL || i == r->lesion_ids.repeat) && (first = find_lesion(r, i, l->id)) >= 0) {
		path_push(r, f[LK_ID].name, f[LK_ID].idx);
		return fail(r, D_CASE_DUPLICATE_ID, AT_VALUE, "'%s' already names lesions[%ld]",
		            l->id, first);
	}
	if ((ret = read_organ(r, &f[LK_ORGAN], &l->organ, &l->organ_text)) < 0 ||
	    (ret = read_location(r, &f[LK_LOCATION], &l->location, &l->porta_hepatis)) < 0 ||
	    (ret = read_name(r, &f[LK_ROLE], role_names, &role)) < 0)
		return ret;
	l->role = (enum lesion_role)role;
	l->nodal = field_true(&f[LK_NODAL]);
	return 0;
}

static int read_registry(struct reader *r, const struct field *f)
{
	struct recist_case *c = r->c;
	size_t n = (size_t)cJSON_GetArraySize(f->v), i = 0;
	int ret;

	path_push(r, f->name, f->idx);
	if (n == 0)
		return fail(r, D_CASE_EMPTY, AT_VALUE, "a case needs at least one lesion");
	if ((ret = check_size(r, n, CASE_MAX_LESIONS, "lesions")) < 0)
		return ret;
	if ((c->lesions = arena_calloc(&c->arena, n, sizeof *c->lesions)) == NULL ||
	    (r->recorded_at = arena_calloc(&c->scratch, n, sizeof *r->recorded_at)) == NULL)
		return nomem(r);
	if ((ret = index_names(r, &r->lesion_ids, f->v, false)) < 0)
		return ret;
	for (const cJSON *e = f->v->child; e != NULL; e = e->next, i++) {
		path_push(r, NULL, i);
		if ((ret = read_lesion(r, e, i)) < 0)
			return ret;
		path_pop(r);
	}
	c->n_lesions = n;
	path_pop(r);
	return 0;
}

/* ---- Measurements ----------------------------------------------------- */

enum {
	TK_DIAMETER, TK_SHORT_AXIS, TK_VIABLE, TK_FRAGMENTS, TK_TOO_SMALL,
	TK_NOT_EVALUATED,           /* the keys above are the measurement keys */
	TK_NOTE, TK__N
};

static const struct key_spec target_keys[TK__N] = {
	[TK_DIAMETER]      = { "diameter_mm",   T_NUMBER, false, false },
	[TK_SHORT_AXIS]    = { "short_axis_mm", T_NUMBER, false, false },
	[TK_VIABLE]        = { "viable_mm",     T_NUMBER, false, false },
	[TK_FRAGMENTS]     = { "fragments_mm",  T_ARRAY,  false, false },
	[TK_TOO_SMALL]     = { "too_small",     T_BOOL,   false, false },
	[TK_NOT_EVALUATED] = { "not_evaluated", T_BOOL,   false, false },
	[TK_NOTE]          = KEY_NOTE,
};

/* "not evaluated" excludes any measurement; "too small" excludes a size. */
static const struct conflict target_conflicts[] = {
	{ TK_NOT_EVALUATED, TK_DIAMETER },
	{ TK_NOT_EVALUATED, TK_SHORT_AXIS },
	{ TK_NOT_EVALUATED, TK_VIABLE },
	{ TK_NOT_EVALUATED, TK_FRAGMENTS },
	{ TK_NOT_EVALUATED, TK_TOO_SMALL },
	{ TK_TOO_SMALL,     TK_DIAMETER },
	{ TK_TOO_SMALL,     TK_SHORT_AXIS },
	{ TK_TOO_SMALL,     TK_FRAGMENTS },
	{ TK_FRAGMENTS,     TK_DIAMETER },
};

/* The measurement keys, for "expected one of ...". */
static void target_key_list(char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (int k = 0; k <= TK_NOT_EVALUATED && n < size; k++) {
		int w = snprintf(out + n, size - n, "%s%s", k ? ", " : "", target_keys[k].name);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* The flag each key sets when given (a boolean only when true). */
static const unsigned target_flags[TK__N] = {
	[TK_DIAMETER]      = M_DIAMETER,
	[TK_SHORT_AXIS]    = M_SHORT_AXIS,
	[TK_VIABLE]        = M_VIABLE,
	[TK_FRAGMENTS]     = M_FRAGMENTS,
	[TK_TOO_SMALL]     = M_TOO_SMALL,
	[TK_NOT_EVALUATED] = M_NOT_EVALUATED,
};

/*
 * A baseline target l (lesion k) measured only on the axis RECIST 1.1 does
 * not read for its kind (§4.3.2: a node's short axis, another lesion's
 * longest diameter): keep the position of the key, for the engine's
 * CASE_WRONG_AXIS (struct axis_hint), which the rule sets decide.
 */
static void hint_axis(struct reader *r, const struct lesion *l, size_t k, const struct field *f, unsigned flags)
{
	struct recist_case *c = r->c;
	int key = -1;

	if (c->n_axis_hints == CASE_AXIS_HINTS || (flags & (M_TOO_SMALL | M_NOT_EVALUATED)))
		return;
	if (l->nodal && !(flags & M_SHORT_AXIS))
		key = flags & M_DIAMETER ? TK_DIAMETER : flags & M_FRAGMENTS ? TK_FRAGMENTS : flags & M_VIABLE ? TK_VIABLE : -1;
	else if (!l->nodal && (flags & M_SHORT_AXIS) && !(flags & (M_DIAMETER | M_FRAGMENTS)))
		key = TK_SHORT_AXIS;
	if (key < 0)
		return;
	path_push(r, f[key].name, f[key].idx);
	struct pos p = pos_at(r, locate(r, AT_KEY));
	path_pop(r);
	c->axis_hints[c->n_axis_hints++] = (struct axis_hint){ (uint32_t)k, p.line, p.col };
}

/* A target's measurement; at baseline (ai 0) its axis is looked at too (hint_axis). */
static int read_target(struct reader *r, const cJSON *obj, struct measurement *m, size_t lesion, size_t ai)
{
	struct field f[TK__N];
	bool given[TK__N];
	unsigned flags = 0;
	char keys[160];
	int ret;

	if ((ret = scan_object(r, obj, target_keys, TK__N, f)) < 0)
		return ret;
	for (int k = 0; k < TK__N; k++) {
		given[k] = f[k].v != NULL && (!cJSON_IsBool(f[k].v) || cJSON_IsTrue(f[k].v));
		flags |= given[k] ? target_flags[k] : 0;
	}
	if (flags == 0) {
		target_key_list(keys, sizeof keys);
		return fail(r, D_CASE_MISSING_KEY, AT_VALUE, "expected one of %s", keys);
	}
	if (given[TK_DIAMETER] && (ret = read_length(r, &f[TK_DIAMETER], &m->diameter_um)) < 0)
		return ret;
	if (given[TK_SHORT_AXIS] && (ret = read_length(r, &f[TK_SHORT_AXIS], &m->short_axis_um)) < 0)
		return ret;
	if (given[TK_VIABLE] && (ret = read_length(r, &f[TK_VIABLE], &m->viable_um)) < 0)
		return ret;
	if (given[TK_FRAGMENTS] && (ret = read_fragments(r, &f[TK_FRAGMENTS], &m->fragments_um)) < 0)
		return ret;
	if ((ret = check_conflicts(r, f, given, target_conflicts, ARRAY_SIZE(target_conflicts))) < 0)
		return ret;
	m->flags |= flags;
	if (ai == 0)
		hint_axis(r, &r->c->lesions[lesion], lesion, f, flags);
	return 0;
}

enum { NK_STATUS, NK_SHORT_AXIS, NK_ENHANCING, NK_INCREASED, NK_NOTE, NK__N };

static const struct key_spec non_target_keys[NK__N] = {
	[NK_STATUS]     = { "status",        T_STRING, true,  false },
	[NK_SHORT_AXIS] = { "short_axis_mm", T_NUMBER, false, false },
	[NK_ENHANCING]  = { "enhancing",     T_BOOL,   false, false },
	[NK_INCREASED]  = { "increased",     T_BOOL,   false, false },
	[NK_NOTE]       = KEY_NOTE,
};

static int read_non_target(struct reader *r, const cJSON *obj, struct measurement *m)
{
	struct field f[NK__N];
	int status, ret;

	if ((ret = scan_object(r, obj, non_target_keys, NK__N, f)) < 0 ||
	    (ret = read_name(r, &f[NK_STATUS], status_names, &status)) < 0)
		return ret;
	m->status = (enum nt_status)status;
	if (f[NK_SHORT_AXIS].v != NULL) {
		if ((ret = read_length(r, &f[NK_SHORT_AXIS], &m->short_axis_um)) < 0)
			return ret;
		m->flags |= M_SHORT_AXIS;
	}
	m->enhancing = field_tri(&f[NK_ENHANCING]);
	m->increased = field_true(&f[NK_INCREASED]);
	return 0;
}

/* The current path names a recorded measurement: keep the path with it. */
static int keep_path(struct reader *r, const char **out)
{
	char path[512];

	path_format(r, path, sizeof path);
	if ((*out = arena_strdup(&r->c->arena, path)) == NULL)
		return nomem(r);
	return 0;
}

/* The reader's own path of a measurement: the key is the lesion's id. */

static int by_lesion(const void *x, const void *y)
{
	const struct measurement *a = x, *b = y;

	return (a->lesion > b->lesion) - (a->lesion < b->lesion);
}

/*
 * An assessment's "lesions" (assessments[ai]): registry id -> measurement.
 * Only what is recorded is kept, in registry order (struct meas_walk).
 */
static int read_measurements(struct reader *r, const struct field *f, struct assessment *a, size_t ai)
{
	struct recist_case *c = r->c;
	size_t idx = 0, n = (size_t)cJSON_GetArraySize(f->v);
	bool sorted = true;
	long k;
	int ret;

	path_push(r, f->name, f->idx);
	if (n > 0 && (a->meas = arena_calloc(&c->arena, n, sizeof *a->meas)) == NULL)
		return nomem(r);
	for (const cJSON *e = f->v->child; e != NULL; e = e->next, idx++) {
		struct measurement *m = &a->meas[idx];
		path_push(r, e->string, idx);
		/* Measurements usually follow the registry's order: try that first. */
		if (idx < c->n_lesions && strcmp(c->lesions[idx].id, e->string) == 0)
			k = (long)idx;
		else if ((k = find_lesion(r, c->n_lesions, e->string)) < 0)
			return fail(r, D_CASE_UNKNOWN_LESION, AT_KEY, "'%s'", e->string);
		if (r->recorded_at[k] == ai + 1)
			return fail(r, D_CASE_DUPLICATE_KEY, AT_KEY, NULL);
		r->recorded_at[k] = (uint32_t)(ai + 1);
		m->lesion = (uint32_t)k;
		m->flags = M_RECORDED;
		sorted = sorted && (idx == 0 || m[-1].lesion < m->lesion);
		if ((ret = expect_type(r, e, T_OBJECT)) < 0)
			return ret;
		if (c->lesions[k].role == ROLE_TARGET)
			ret = read_target(r, e, m, (size_t)k, ai);
		else
			ret = read_non_target(r, e, m);
		if (ret < 0)
			return ret;
		path_pop(r);
	}
	if (!sorted)
		qsort(a->meas, n, sizeof *a->meas, by_lesion);
	a->n_meas = n;
	path_pop(r);
	return 0;
}

/* ---- New lesions ------------------------------------------------------ */

enum {
	WK_ID, WK_ORGAN, WK_DIAMETER, WK_SHORT_AXIS, WK_NODAL, WK_EQUIVOCAL,
	WK_ARTERIAL, WK_WASHOUT, WK_LOCATION, WK_ROLE, WK_INCREASED, WK_PROGRESSION, WK_NOTE, WK__N
};

static const struct key_spec new_lesion_keys[WK__N] = {
	[WK_ID]         = { "id",                   T_STRING, true,  false },
	[WK_ORGAN]      = { "organ",                T_STRING, false, false },
	[WK_DIAMETER]   = { "diameter_mm",          T_NUMBER, false, false },
	[WK_SHORT_AXIS] = { "short_axis_mm",        T_NUMBER, false, false },
	[WK_NODAL]      = { "nodal",                T_BOOL,   false, false },
	[WK_EQUIVOCAL]  = { "equivocal",            T_BOOL,   false, false },
	[WK_ARTERIAL]   = { "arterial_enhancement", T_BOOL,   false, false },
	[WK_WASHOUT]    = { "washout",              T_BOOL,   false, false },
	[WK_LOCATION]   = { "location",             T_STRING, false, false },
	[WK_ROLE]       = { "role",                 T_STRING, false, false },
	[WK_INCREASED]  = { "increased",            T_BOOL,   false, false },
	[WK_PROGRESSION] = { "progression",         T_BOOL,   false, false },
	[WK_NOTE]       = KEY_NOTE,
};

static const struct conflict new_lesion_conflicts[] = {
	{ WK_DIAMETER, WK_SHORT_AXIS },
};

/* The id of new lesion j: not a registry id, not twice in one assessment (ids: their index). */
static int check_new_lesion_id(struct reader *r, const struct field *f,
                               const struct assessment *a, size_t j, const struct name_index *ids)
{
	const char *id = a->new_lesions[j].id;
	size_t k = j;

	path_push(r, f->name, f->idx);
	if (find_lesion(r, r->c->n_lesions, id) >= 0)
		return fail(r, D_CASE_DUPLICATE_ID, AT_VALUE,
		            "new lesion reuses the registry id '%s'", id);
	if (ids->refs == NULL)
		for (k = 0; k < j && strcmp(a->new_lesions[k].id, id) != 0; k++)
			;
	else if (j == ids->repeat)
		k = names_find(ids->refs, ids->n, id, strlen(id))->i;
	if (k < j)
		return fail(r, D_CASE_DUPLICATE_ID, AT_VALUE,
		            "'%s' already names new_lesions[%zu]", id, k);
	path_pop(r);
	return 0;
}

static int read_new_lesion(struct reader *r, const cJSON *obj, struct assessment *a, size_t j,
                           const struct name_index *ids)
{
	struct new_lesion *nl = &a->new_lesions[j];
	struct field f[WK__N];
	bool given[WK__N];
	int ret;

	if ((ret = expect_type(r, obj, T_OBJECT)) < 0 ||
	    (ret = scan_object(r, obj, new_lesion_keys, WK__N, f)) < 0 ||
	    (ret = keep_path(r, &nl->path)) < 0 ||
	    (ret = read_string(r, &f[WK_ID], true, &nl->id)) < 0 ||
	    (ret = check_new_lesion_id(r, &f[WK_ID], a, j, ids)) < 0 ||
	    (ret = read_organ(r, &f[WK_ORGAN], &nl->organ, &nl->organ_text)) < 0 ||
	    (ret = read_location(r, &f[WK_LOCATION], &nl->location, &nl->porta_hepatis)) < 0)
		return ret;
	for (int k = 0; k < WK__N; k++)
		given[k] = f[k].v != NULL;
	if ((ret = check_conflicts(r, f, given, new_lesion_conflicts,
	                           ARRAY_SIZE(new_lesion_conflicts))) < 0)
		return ret;
	if (given[WK_DIAMETER] || given[WK_SHORT_AXIS]) {
		const struct field *size = &f[given[WK_DIAMETER] ? WK_DIAMETER : WK_SHORT_AXIS];
		if ((ret = read_length(r, size, &nl->size_um)) < 0)
			return ret;
		nl->has_size = true;
	}
	/* Without "nodal", a lesion measured by its short axis is a node. */
	nl->nodal = given[WK_NODAL] ? field_true(&f[WK_NODAL]) : given[WK_SHORT_AXIS];
	nl->equivocal = field_true(&f[WK_EQUIVOCAL]);
	nl->arterial_enhancement = field_tri(&f[WK_ARTERIAL]);
	nl->washout = field_tri(&f[WK_WASHOUT]);
	nl->increased = field_true(&f[WK_INCREASED]);
	nl->progression = field_true(&f[WK_PROGRESSION]);
	if (given[WK_ROLE]) {
		int role;
		if ((ret = read_name(r, &f[WK_ROLE], new_role_names, &role)) < 0)
			return ret;
		nl->role = (enum new_role)role;
		r->new_roles = true;
	}
	return 0;
}

/* Push the path step to member key of obj (present), as scan_object() would. */
static void push_member(struct reader *r, const cJSON *obj, const char *key)
{
	size_t idx = 0;
	const cJSON *m = obj->child;

	while (m != NULL && strcmp(m->string, key) != 0) {
		m = m->next;
		idx++;
	}
	path_push(r, key, idx);
}

/* One sighting of a new lesion, for check_new_roles(). */
struct sighting {
	struct new_lesion *nl;
	const cJSON       *obj;   /* its object in the document */
	size_t             ai;    /* its assessment */
};

/*
 * The error of the first run of sightings of one id (sorted refs[s..e)),
 * in document order; *at its sighting (an index of refs' i), or SIZE_MAX
 * when none.  A role is set at the first sighting: a later one may repeat
 * it or leave it out.  A new target lesion is measured at every sighting
 * (0 mm when it has gone).  Fills in the role of the sightings that leave
 * it out.
 */
static enum diag_code new_role_error(const struct name_ref *refs, size_t s, size_t e,
                                     const struct sighting *at, size_t *err)
{
	enum new_role role = at[refs[s].i].nl->role;

	*err = SIZE_MAX;
	for (size_t x = s; x < e; x++) {
		struct new_lesion *nl = at[refs[x].i].nl;
		if (nl->role != NEW_ROLE_UNSET && nl->role != role) {
			*err = refs[x].i;
			return D_CASE_BAD_VALUE;
		}
		nl->role = role;
		if (role == NEW_ROLE_TARGET && !nl->has_size) {
			*err = refs[x].i;
			return D_CASE_MISSING_KEY;
		}
	}
	return D__COUNT;   /* no error */
}

/*
 * The roles of new lesions (recist-case(5)), once all assessments are
 * read, and only when one gives a role: the same id is the same lesion,
 * whose role its first sighting sets (new_role_error()).  The error
 * reported is the first in document order; "assessments" is on the path
 * and arr is its array.
 */
static int check_new_roles(struct reader *r, const cJSON *arr)
{
	struct recist_case *c = r->c;
	struct name_ref *refs;
	struct sighting *at;
	enum diag_code code = D_CASE_BAD_VALUE;
	const struct new_lesion *set_by = NULL;   /* the first sighting of the lesion in error */
	size_t n = 0, j = 0, first = SIZE_MAX, e;
	const cJSON *ao = arr->child;

	for (size_t i = 0; i < c->n_assessments; i++)
		n += c->assessments[i].n_new;
	if ((refs = arena_alloc(&c->scratch, n * sizeof *refs)) == NULL ||
	    (at = arena_alloc(&c->scratch, n * sizeof *at)) == NULL)
		return nomem(r);
	for (size_t i = 0; i < c->n_assessments; i++, ao = ao->next) {
		const struct assessment *a = &c->assessments[i];
		const cJSON *no = a->n_new > 0 ? cJSON_GetObjectItemCaseSensitive(ao, "new_lesions")->child : NULL;
		for (size_t k = 0; k < a->n_new; k++, j++, no = no->next) {
			refs[j] = (struct name_ref){ a->new_lesions[k].id, strlen(a->new_lesions[k].id), j };
			at[j] = (struct sighting){ &a->new_lesions[k], no, i };
		}
	}
	names_sort(refs, n);
	for (size_t s = 0; s < n; s = e) {
		size_t err;
		enum diag_code ec;
		for (e = s + 1; e < n && refs[e].len == refs[s].len &&
		     memcmp(refs[e].name, refs[s].name, refs[s].len) == 0; e++)
			;
		ec = new_role_error(refs, s, e, at, &err);
		if (err < first) {
			first = err;
			code = ec;
			set_by = at[refs[s].i].nl;
		}
	}
	if (first == SIZE_MAX)
		return 0;
	const struct sighting *w = &at[first];
	ao = arr->child;
	for (size_t i = 0; i < w->ai; i++)
		ao = ao->next;
	path_push(r, NULL, w->ai);
	push_member(r, ao, "new_lesions");
	path_push(r, NULL, (size_t)(w->nl - c->assessments[w->ai].new_lesions));
	if (code == D_CASE_MISSING_KEY)
		return fail(r, code, AT_VALUE,
		            "new target lesion '%s' needs diameter_mm or short_axis_mm (0 when it has gone)", w->nl->id);
	push_member(r, w->obj, "role");
	return fail(r, code, AT_VALUE, "'%s' was first seen at %s %s; a new lesion keeps the role of its first sighting",
	            w->nl->id, set_by->path, set_by->role == NEW_ROLE_TARGET ? "as a target" :
	            set_by->role == NEW_ROLE_NON_TARGET ? "as a non-target" : "with no role");
}

static int read_new_lesions(struct reader *r, const struct field *f,
                            struct assessment *a, bool baseline)
{
	size_t n = (size_t)cJSON_GetArraySize(f->v), j = 0;
	struct name_index ids;
	int ret;

	path_push(r, f->name, f->idx);
	if (n == 0) {
		path_pop(r);
		return 0;
	}
	if (baseline)
		return fail(r, D_CASE_BAD_VALUE, AT_VALUE, "new lesions at baseline");
	if ((ret = check_size(r, n, CASE_MAX_NEW_LESIONS, "new lesions")) < 0)
		return ret;
	if ((a->new_lesions = arena_calloc(&r->c->arena, n, sizeof *a->new_lesions)) == NULL)
		return nomem(r);
	if ((ret = index_names(r, &ids, f->v, false)) < 0)
		return ret;
	for (const cJSON *e = f->v->child; e != NULL; e = e->next, j++) {
		path_push(r, NULL, j);
		if ((ret = read_new_lesion(r, e, a, j, &ids)) < 0)
			return ret;
		path_pop(r);
	}
	a->n_new = n;
	path_pop(r);
	return 0;
}

/* ---- Assessments ------------------------------------------------------ */

enum { AK_DATE, AK_LESIONS, AK_NEW_LESIONS, AK_REPORTED, AK_NOTE, AK_SDTM, AK__N };

static const struct key_spec assessment_keys[AK__N] = {
	[AK_DATE]        = { "date",        T_STRING, true,  false },
	[AK_LESIONS]     = { "lesions",     T_OBJECT, false, false },
	[AK_NEW_LESIONS] = { "new_lesions", T_ARRAY,  false, false },
	[AK_REPORTED]    = { "reported",    T_OBJECT, false, false },
	[AK_NOTE]        = KEY_NOTE,
	[AK_SDTM]        = { "sdtm",        T_OBJECT, false, false },
};

/* ---- Reported calls (for recist validate) ------------------------------ */

enum { PK_TARGET, PK_NON_TARGET, PK_NEW_LESIONS, PK_OVERALL, PK_SUM, PK_NOTE, PK__N };

/* The values are of any type here: a wrong one is deferred (read_reported_term). */
static const struct key_spec reported_keys[PK__N] = {
	[PK_TARGET]      = { "target",      T_ANY, false, false },
	[PK_NON_TARGET]  = { "non_target",  T_ANY, false, false },
	[PK_NEW_LESIONS] = { "new_lesions", T_ANY, false, false },
	[PK_OVERALL]     = { "overall",     T_ANY, false, false },
	[PK_SUM]         = { "sum_mm",      T_ANY, false, false },
	[PK_NOTE]        = KEY_NOTE,
};

/*
 * Half a unit of the last decimal written in the number at the current
 * path ("35" -> 0.5 mm, "35.1" -> 0.05 mm): a reported sum within it of
 * the recomputed one is a rounding of it.  cJSON keeps only the double, so
 * the text is read again.
 */
static int64_t rounding_of(const struct reader *r)
{
	size_t at = locate(r, AT_VALUE), decimals = 0;
	int64_t half = 500;  /* um: half of 1 mm */

	while (at < r->len && r->text[at] != '.' && (r->text[at] == '-' || (r->text[at] >= '0' && r->text[at] <= '9')))
		at++;
	if (at < r->len && r->text[at] == '.')
		for (at++; at < r->len && r->text[at] >= '0' && r->text[at] <= '9'; at++)
			decimals++;
	for (size_t d = 0; d < decimals && half > 0; d++)
		half /= 10;
	return half;
}

/*
 * s as a response of the vocabulary set, in any letter case and with white
 * space around it (resp_lookup_loose): 0 and *out, and *written (may be
 * NULL) s copied into the case when it is not the term itself; 1 when s is
 * no such response (*out is then RECIST_RESP_NONE); or RECIST_ENOMEM.
 */
static int resp_term(struct reader *r, const char *s, resp_set set, recist_response *out, const char **written)
{
	int m = resp_lookup_loose(s, strlen(s), out);

	if (written != NULL)
		*written = NULL;
	if (m < 0 || !(set & RESP_BIT(*out))) {
		*out = RECIST_RESP_NONE;
		return 1;
	}
	if (m > 0 && written != NULL && (*written = arena_strdup(&r->c->arena, s)) == NULL)
		return nomem(r);
	return 0;
}

/* A response of the vocabulary set that is used (a history's overall); CASE_BAD_VALUE naming its terms otherwise. */
static int read_resp_term(struct reader *r, const struct field *f, resp_set set, recist_response *out)
{
	const char *s = f->v->valuestring;
	char names[128];
	int ret;

	if ((ret = resp_term(r, s, set, out, NULL)) <= 0)
		return ret;
	path_push(r, f->name, f->idx);
	resp_set_list(set, ", ", names, sizeof names);
	return fail(r, D_CASE_BAD_VALUE, AT_VALUE, "expected one of %s, got '%s'", names, s);
}

/* What a reported value belongs to: the rule set it was reported for, its assessment (-1: none), its name. */
struct reported_at {
	const char *criteria;     /* NULL when none is named (a history without "criteria") */
	int32_t     assessment;
	const char *field;        /* static: "target", ..., "sum_mm", "best_overall", ... */
};

/*
 * Errors in reported values are given their line and column for this many
 * per case; later ones have their key path alone, since locate() walks the
 * text from its start each time.
 */
enum { ERRORS_LOCATED_MAX = 64 };

/*
 * Keep an error in the reported value v at the current path (struct
 * case_error) and go on reading: only recist validate compares reported
 * values, and it lists the error as a finding of its own and checks the
 * rest; the engine reports it for every other use of the case.
 */
__attribute__((format(printf, 5, 6)))
static int defer(struct reader *r, enum diag_code code, const struct reported_at *at, const cJSON *v,
                 const char *fmt, ...)
{
	struct recist_case *c = r->c;
	struct case_error *e;
	char path[512], detail[512];
	va_list ap;

	if ((e = arena_grow(&c->arena, c->errors, c->n_errors, &r->error_cap, sizeof *e)) == NULL)
		return nomem(r);
	c->errors = e;
	e = &e[c->n_errors];
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	path_format(r, path, sizeof path);
	*e = (struct case_error){ code, 0, 0, arena_strdup(&c->arena, path), arena_strdup(&c->arena, detail),
	                          NULL, at->assessment, at->field, NULL };
	if ((at->criteria != NULL && (e->criteria = arena_strdup(&c->arena, at->criteria)) == NULL) ||
	    (cJSON_IsString(v) && (e->written = arena_strdup(&c->arena, v->valuestring)) == NULL) ||
	    e->path == NULL || e->detail == NULL)
		return nomem(r);
	if (c->n_errors < ERRORS_LOCATED_MAX) {
		struct pos p = pos_at(r, locate(r, AT_VALUE));
		e->line = p.line;
		e->col = p.col;
	}
	c->n_errors++;
	return 0;
}

/*
 * A reported response at f, of the vocabulary set (resp_term); unset when
 * the key is absent.  A value that is not such a response is deferred, and
 * left unset: it is not compared.  Where set is the overall responses
 * (overall, a best response), iRECIST's time-point responses are taken too
 * (a site's iRECIST calls, as recist import sdtm reads them; recist-case(5)),
 * and the message names RECIST's terms, as it always has.
 */
static int read_reported_term(struct reader *r, const struct field *f, resp_set set, const struct reported_at *at,
                              recist_response *out, const char **written)
{
	char names[160];
	int ret = 0;

	*out = RECIST_RESP_NONE;
	*written = NULL;
	if (f->v == NULL)
		return 0;
	path_push(r, f->name, f->idx);
	if (!cJSON_IsString(f->v)) {
		ret = defer(r, D_CASE_WRONG_TYPE, at, f->v, "expected a string, got %s", type_name(type_of(f->v), false));
	} else if ((ret = resp_term(r, f->v->valuestring, set, out, written)) > 0) {
		resp_set_list(set, ", ", names, sizeof names);
		ret = defer(r, D_CASE_BAD_VALUE, at, f->v, "expected one of %s, got '%s'", names, f->v->valuestring);
	}
	path_pop(r);
	return ret;
}

/* A reported sum_mm at f: a length, or deferred (not compared). */
static int read_reported_sum(struct reader *r, const struct field *f, const struct reported_at *at,
                             struct reported_calls *rc)
{
	char why[96];
	int ret = 0;

	path_push(r, f->name, f->idx);
	if (!cJSON_IsNumber(f->v)) {
		ret = defer(r, D_CASE_WRONG_TYPE, at, f->v, "expected a number, got %s", type_name(type_of(f->v), false));
	} else if (not_a_length(r, f->v->valuedouble, why, sizeof why)) {
		ret = defer(r, D_CASE_BAD_VALUE, at, f->v, "%s", why);
	} else {
		rc->sum_um = round_half_up(f->v->valuedouble * 1000.0);
		rc->sum_rounding_um = rounding_of(r);
		rc->has_sum = true;
	}
	path_pop(r);
	return ret;
}

/* "reported": {CRITERIA: {target, non_target, new_lesions, overall, sum_mm}} of assessments[ai] */
static int read_reported(struct reader *r, const struct field *rf, struct assessment *a, size_t ai)
{
	size_t n = (size_t)cJSON_GetArraySize(rf->v), k = 0;
	int ret;

	if ((a->reported = arena_calloc(&r->c->arena, n ? n : 1, sizeof *a->reported)) == NULL)
		return nomem(r);
	path_push(r, rf->name, rf->idx);
	if ((ret = check_no_duplicates(r, rf->v)) < 0)
		return ret;
	for (const cJSON *e = rf->v->child; e != NULL; e = e->next, k++) {
		struct reported_calls *rc = &a->reported[k];
		struct reported_at at[PK__N];
		struct field f[PK__N];
		path_push(r, e->string, k);
		for (int j = 0; j < PK__N; j++)
			at[j] = (struct reported_at){ e->string, (int32_t)ai, reported_keys[j].name };
		if ((ret = expect_type(r, e, T_OBJECT)) < 0 ||
		    (ret = scan_object(r, e, reported_keys, PK__N, f)) < 0 ||
		    (ret = read_reported_term(r, &f[PK_TARGET], resp_target_set, &at[PK_TARGET], &rc->target,
		                              &rc->target_written)) < 0 ||
		    (ret = read_reported_term(r, &f[PK_NON_TARGET], resp_non_target_set, &at[PK_NON_TARGET],
		                              &rc->non_target, &rc->non_target_written)) < 0 ||
		    (ret = read_reported_term(r, &f[PK_NEW_LESIONS], resp_new_lesions_set, &at[PK_NEW_LESIONS],
		                              &rc->new_lesions, &rc->new_lesions_written)) < 0 ||
		    (ret = read_reported_term(r, &f[PK_OVERALL], resp_any_overall_set, &at[PK_OVERALL], &rc->overall,
		                              &rc->overall_written)) < 0 ||
		    (f[PK_SUM].v != NULL && (ret = read_reported_sum(r, &f[PK_SUM], &at[PK_SUM], rc)) < 0))
			return ret;
		if ((rc->criteria = arena_strdup(&r->c->arena, e->string)) == NULL)
			return nomem(r);
		if ((ret = keep_path(r, &rc->path)) < 0)
			return ret;
		path_pop(r);
	}
	a->n_reported = n;
	path_pop(r);
	return 0;
}

/*
 * "reported_best_overall" and "reported_confirmed_best_overall": {CRITERIA:
 * RESPONSE}.  A finding names the response by the key less its
 * "reported_" (best_overall, confirmed_best_overall).
 */
static int read_reported_best(struct reader *r, const struct field *rf, struct reported_best **out, size_t *n_out)
{
	const char *field = rf->name + strlen("reported_");
	size_t n, k = 0;
	int ret;

	if (rf->v == NULL)
		return 0;
	path_push(r, rf->name, rf->idx);
	if ((ret = expect_type(r, rf->v, T_OBJECT)) < 0 || (ret = check_no_duplicates(r, rf->v)) < 0)
		return ret;
	n = (size_t)cJSON_GetArraySize(rf->v);
	if ((*out = arena_calloc(&r->c->arena, n ? n : 1, sizeof **out)) == NULL)
		return nomem(r);
	for (const cJSON *e = rf->v->child; e != NULL; e = e->next, k++) {
		struct field f = { e->string, e, k };
		struct reported_at at = { e->string, -1, field };
		if ((ret = read_reported_term(r, &f, resp_any_overall_set, &at, &(*out)[k].response, &(*out)[k].written)) < 0)
			return ret;
		path_push(r, e->string, k);
		if (((*out)[k].criteria = arena_strdup(&r->c->arena, e->string)) == NULL)
			return nomem(r);
		if ((ret = keep_path(r, &(*out)[k].path)) < 0)
			return ret;
		path_pop(r);
	}
	*n_out = n;
	path_pop(r);
	return 0;
}

/* RECIST 1.1: every target lesion is measured at baseline. */
static int check_baseline(struct reader *r, const struct field *lesions,
                          const struct assessment *a)
{
	const struct recist_case *c = r->c;
	struct meas_walk w = { a, 0 };

	for (size_t k = 0; k < c->n_lesions; k++) {
		unsigned flags = meas_of(&w, k)->flags;
		if (c->lesions[k].role != ROLE_TARGET ||
		    ((flags & M_RECORDED) && !(flags & M_NOT_EVALUATED)))
			continue;
		path_push(r, lesions->name, lesions->idx);
		if (flags & M_RECORDED)
			return fail(r, D_CASE_NO_BASELINE, AT_VALUE, "'%s' is marked not_evaluated",
			            c->lesions[k].id);
		return fail(r, D_CASE_NO_BASELINE, AT_VALUE, "'%s'", c->lesions[k].id);
	}
	return 0;
}

/* assessments[i]; assessments[0..i) are read already. */
/*
 * "sdtm": the trial's identifiers of a case or an assessment imported from
 * CDISC SDTM, strings kept for the RS and ADaM tables written back; each
 * key optional, any other a warning as elsewhere.
 */
static const struct key_spec case_id_keys[] = {
	{ "STUDYID", T_STRING, false, false }, { "USUBJID", T_STRING, false, false },
	{ "EVAL",    T_STRING, false, false }, { "EVALID",  T_STRING, false, false }, KEY_NOTE,
};
static const struct key_spec visit_keys[] = {
	{ "VISIT", T_STRING, false, false }, { "VISITNUM", T_STRING, false, false }, KEY_NOTE,
};

static int read_sdtm_ids(struct reader *r, const struct field *sf, const struct key_spec *keys, size_t n,
                         const char **out[])
{
	struct field f[5];
	int ret;

	path_push(r, sf->name, sf->idx);
	if ((ret = scan_object(r, sf->v, keys, n, f)) < 0)
		return ret;
	for (size_t k = 0; k + 1 < n; k++)  /* the last key is the note, not kept */
		if (f[k].v != NULL && (ret = read_string(r, &f[k], true, out[k])) < 0)
			return ret;
	path_pop(r);
	return 0;
}

static int read_assessment(struct reader *r, const cJSON *obj, size_t i)
{
	struct recist_case *c = r->c;
	struct assessment *a = &c->assessments[i];
	struct field f[AK__N];
	int ret;

	if ((ret = expect_type(r, obj, T_OBJECT)) < 0 ||
	    (ret = scan_object(r, obj, assessment_keys, AK__N, f)) < 0 ||
	    (ret = read_date(r, &f[AK_DATE], &a->date, a->date_str)) < 0)
		return ret;
	if (i > 0 && a->date <= a[-1].date) {
		path_push(r, f[AK_DATE].name, f[AK_DATE].idx);
		return fail(r, D_CASE_DATE_ORDER, AT_VALUE, "'%s' is not after '%s'",
		            a->date_str, a[-1].date_str);
	}
	if (f[AK_LESIONS].v != NULL && (ret = read_measurements(r, &f[AK_LESIONS], a, i)) < 0)
		return ret;
	if (f[AK_NEW_LESIONS].v != NULL &&
	    (ret = read_new_lesions(r, &f[AK_NEW_LESIONS], a, i == 0)) < 0)
		return ret;
	if (f[AK_SDTM].v != NULL &&
	    (ret = read_sdtm_ids(r, &f[AK_SDTM], visit_keys, ARRAY_SIZE(visit_keys), (const char **[]){ &a->visit, &a->visitnum })) < 0)
		return ret;
	if (f[AK_REPORTED].v != NULL && (ret = read_reported(r, &f[AK_REPORTED], a, i)) < 0)
		return ret;
	if (i == 0)
		return check_baseline(r, &f[AK_LESIONS], a);
	return 0;
}

static int read_assessments(struct reader *r, const struct field *f)
{
	struct recist_case *c = r->c;
	size_t n = (size_t)cJSON_GetArraySize(f->v), i = 0;
	int ret;

	path_push(r, f->name, f->idx);
	if (n == 0)
		return fail(r, D_CASE_EMPTY, AT_VALUE, "a case needs at least a baseline assessment");
	if ((ret = check_size(r, n, CASE_MAX_ASSESSMENTS, "assessments")) < 0)
		return ret;
	/* Every lesion is looked at at every assessment (engine, validate). */
	if (c->n_lesions > CASE_MAX_CELLS / n)
		return fail(r, D_CASE_TOO_LARGE, AT_VALUE,
		            "%zu lesions at %zu assessments; their product may be at most %d", c->n_lesions, n,
		            CASE_MAX_CELLS);
	if ((c->assessments = arena_calloc(&c->arena, n, sizeof *c->assessments)) == NULL)
		return nomem(r);
	for (const cJSON *e = f->v->child; e != NULL; e = e->next, i++) {
		path_push(r, NULL, i);
		if ((ret = read_assessment(r, e, i)) < 0)
			return ret;
		path_pop(r);
	}
	c->n_assessments = n;
	if (r->new_roles && (ret = check_new_roles(r, f->v)) < 0)
		return ret;
	path_pop(r);
	return 0;
}

/* ---- The kind of document -------------------------------------------- */

static bool has_key(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key) != NULL;
}

/*
 * A document of the other kind than this reader's, told by its keys: a
 * case document has lesions and assessments, a response history responses.
 * CASE_WRONG_KIND says what it is and which command reads it; the rest of
 * the text is not read, as it is most likely all of that kind.
 */
static int wrong_kind(struct reader *r, const cJSON *root, bool want_history)
{
	bool history = has_key(root, "responses") && !has_key(root, "lesions") && !has_key(root, "assessments");
	bool case_doc = !has_key(root, "responses") && (has_key(root, "lesions") || has_key(root, "assessments"));

	if (want_history ? !case_doc : !history)
		return 0;
	r->wrong_kind = true;
	if (want_history)
		return fail(r, D_CASE_WRONG_KIND, AT_VALUE, "this is a recist-case/1 document (it has lesions and "
		            "assessments, no responses); recist bor reads response histories: use recist evaluate or "
		            "recist validate");
	return fail(r, D_CASE_WRONG_KIND, AT_VALUE, "this is a response history (it has responses, no lesions or "
	            "assessments); recist evaluate and recist validate read recist-case/1 documents: use recist bor");
}

/* ---- The case --------------------------------------------------------- */

enum {
	CK_CASE_ID, CK_ARM, CK_TREATMENT_START, CK_LESIONS, CK_ASSESSMENTS,
	CK_FORMAT, CK_REPORTED_BEST, CK_REPORTED_CONFIRMED, CK_REPORTED, CK_NOTE, CK_SDTM,
	CK_DEATH_DATE, CK_LAST_ALIVE_DATE, CK__N
};

static const struct key_spec case_keys[CK__N] = {
	[CK_CASE_ID]         = { "case_id",         T_STRING, true,  false },
	[CK_ARM]             = { "arm",             T_STRING, false, false },
	[CK_TREATMENT_START] = { "treatment_start", T_STRING, false, false },
	[CK_LESIONS]         = { "lesions",         T_ARRAY,  true,  false },
	[CK_ASSESSMENTS]     = { "assessments",     T_ARRAY,  true,  false },
	[CK_FORMAT]          = { "format",          T_STRING, false, false },
	[CK_REPORTED_BEST]      = { "reported_best_overall",           T_OBJECT, false, false },
	[CK_REPORTED_CONFIRMED] = { "reported_confirmed_best_overall", T_OBJECT, false, false },
	/* "reported", "reported_best_overall", ...: the responses a reader
	 * recorded, for comparison by other tools; any value, not read. */
	[CK_REPORTED]        = { "reported",        T_ANY,    false, true },
	[CK_NOTE]            = KEY_NOTE,
	[CK_SDTM]            = { "sdtm",            T_OBJECT, false, false },
	/* Overall survival (ADSL DTHDT, LSTALVDT): read by recist summary. */
	[CK_DEATH_DATE]      = { "death_date",      T_STRING, false, false },
	[CK_LAST_ALIVE_DATE] = { "last_alive_date", T_STRING, false, false },
};

/* "death_date" and "last_alive_date": dates; the last contact alive not after death. */
static int read_survival(struct reader *r, const struct field *death, const struct field *alive)
{
	struct recist_case *c = r->c;
	int ret;

	if (death->v != NULL) {
		if ((ret = read_date(r, death, &c->death_date, NULL)) < 0)
			return ret;
		c->has_death_date = true;
	}
	if (alive->v != NULL) {
		if ((ret = read_date(r, alive, &c->last_alive_date, NULL)) < 0)
			return ret;
		c->has_last_alive_date = true;
	}
	if (c->has_death_date && c->has_last_alive_date && c->last_alive_date > c->death_date) {
		path_push(r, alive->name, alive->idx);
		return fail(r, D_CASE_CONFLICT, AT_VALUE, "last_alive_date '%s' is after death_date '%s'",
		            alive->v->valuestring, death->v->valuestring);
	}
	return 0;
}

static int read_case(struct reader *r, const cJSON *root)
{
	struct recist_case *c = r->c;
	struct field f[CK__N];
	const cJSON *id;
	int ret;

	if (!cJSON_IsObject(root))
		return fail(r, D_CASE_NOT_OBJECT, AT_VALUE, "got %s",
		            type_name(type_of(root), false));
	/* The id first, so that the caller can name the case in its messages
	 * even when something else in it is wrong. */
	id = cJSON_GetObjectItemCaseSensitive(root, "case_id");
	if (cJSON_IsString(id) && id->valuestring[0] != '\0' &&
	    (c->case_id = arena_strdup(&c->arena, id->valuestring)) == NULL)
		return nomem(r);
	if ((ret = wrong_kind(r, root, false)) < 0)
		return ret;
	if ((ret = scan_object(r, root, case_keys, CK__N, f)) < 0)
		return ret;
	if (f[CK_FORMAT].v != NULL && strcmp(f[CK_FORMAT].v->valuestring, CASE_FORMAT) != 0) {
		path_push(r, f[CK_FORMAT].name, f[CK_FORMAT].idx);
		return fail(r, D_CASE_BAD_VALUE, AT_VALUE, "expected '%s', got '%s'",
		            CASE_FORMAT, f[CK_FORMAT].v->valuestring);
	}
	if (c->case_id == NULL && (ret = read_string(r, &f[CK_CASE_ID], true, &c->case_id)) < 0)
		return ret;
	if (f[CK_ARM].v != NULL && (ret = read_string(r, &f[CK_ARM], false, &c->arm)) < 0)
		return ret;
	if (f[CK_NOTE].v != NULL && f[CK_NOTE].v->valuestring[0] != '\0' &&
	    (ret = read_string(r, &f[CK_NOTE], false, &c->note)) < 0)
		return ret;
	if (f[CK_SDTM].v != NULL &&
	    (ret = read_sdtm_ids(r, &f[CK_SDTM], case_id_keys, ARRAY_SIZE(case_id_keys),
	                         (const char **[]){ &c->sdtm.studyid, &c->sdtm.usubjid, &c->sdtm.eval,
	                                            &c->sdtm.evalid })) < 0)
		return ret;
	if (f[CK_TREATMENT_START].v != NULL) {
		if ((ret = read_date(r, &f[CK_TREATMENT_START], &c->treatment_start, NULL)) < 0)
			return ret;
		c->has_treatment_start = true;
	}
	if ((ret = read_survival(r, &f[CK_DEATH_DATE], &f[CK_LAST_ALIVE_DATE])) < 0 ||
	    (ret = read_registry(r, &f[CK_LESIONS])) < 0 ||
	    (ret = read_reported_best(r, &f[CK_REPORTED_BEST], &c->reported_best, &c->n_reported_best)) < 0 ||
	    (ret = read_reported_best(r, &f[CK_REPORTED_CONFIRMED], &c->reported_confirmed,
	                              &c->n_reported_confirmed)) < 0)
		return ret;
	return read_assessments(r, &f[CK_ASSESSMENTS]);
}

/* ---- Response histories (`recist bor`) -------------------------------- */

enum { RK_DATE, RK_OVERALL, RK_NOTE, RK_TARGET, RK_NON_TARGET, RK_NEW_LESIONS, RK__N };

static const struct key_spec response_keys[RK__N] = {
	[RK_DATE]    = { "date",    T_STRING, true, false },
	[RK_OVERALL] = { "overall", T_STRING, true, false },
	[RK_NOTE]    = KEY_NOTE,
	/* The site's calls the overall response was made of, for validate's consistency check. */
	[RK_TARGET]      = { "target",      T_ANY, false, false },   /* a wrong one is deferred */
	[RK_NON_TARGET]  = { "non_target",  T_ANY, false, false },
	[RK_NEW_LESIONS] = { "new_lesions", T_ANY, false, false },
};

/* responses[i]: one dated overall response; dates strictly increase. */
static int read_response(struct reader *r, const cJSON *obj, size_t i)
{
	struct assessment *a = &r->c->assessments[i];
	struct field f[RK__N];
	int ret;

	if ((ret = expect_type(r, obj, T_OBJECT)) < 0 ||
	    (ret = scan_object(r, obj, response_keys, RK__N, f)) < 0 ||
	    (ret = read_date(r, &f[RK_DATE], &a->date, a->date_str)) < 0 ||
	    (ret = read_resp_term(r, &f[RK_OVERALL], resp_overall_set | resp_progression_set, &a->overall)) < 0)
		return ret;
	if (i > 0 && a->date <= a[-1].date) {
		path_push(r, f[RK_DATE].name, f[RK_DATE].idx);
		return fail(r, D_CASE_DATE_ORDER, AT_VALUE, "'%s' is not after '%s'", a->date_str, a[-1].date_str);
	}
	if (f[RK_TARGET].v == NULL && f[RK_NON_TARGET].v == NULL && f[RK_NEW_LESIONS].v == NULL)
		return 0;
	/* The components, as one reported entry under the history's rule set. */
	if ((a->reported = arena_calloc(&r->c->arena, 1, sizeof *a->reported)) == NULL)
		return nomem(r);
	a->n_reported = 1;
	struct reported_calls *rc = a->reported;
	const char *crit = r->c->history_criteria;
	rc->criteria = crit;
	if ((ret = read_reported_term(r, &f[RK_TARGET], resp_target_set, &(struct reported_at){ crit, (int32_t)i, "target" },
	                              &rc->target, &rc->target_written)) < 0 ||
	    (ret = read_reported_term(r, &f[RK_NON_TARGET], resp_non_target_set,
	                              &(struct reported_at){ crit, (int32_t)i, "non_target" }, &rc->non_target,
	                              &rc->non_target_written)) < 0 ||
	    (ret = read_reported_term(r, &f[RK_NEW_LESIONS], resp_new_lesions_set,
	                              &(struct reported_at){ crit, (int32_t)i, "new_lesions" }, &rc->new_lesions,
	                              &rc->new_lesions_written)) < 0)
		return ret;
	a->reported->overall = a->overall;
	return 0;
}

/* A history's reported best response, one string, as one entry under its rule set (named as read_reported_best's). */
static int read_history_best(struct reader *r, const struct field *f, struct reported_best **out, size_t *n)
{
	struct reported_at at = { r->c->history_criteria, -1, f->name + strlen("reported_") };
	int ret;

	if (f->v == NULL)
		return 0;
	if ((*out = arena_calloc(&r->c->arena, 1, sizeof **out)) == NULL)
		return nomem(r);
	(*out)->criteria = r->c->history_criteria;
	if ((ret = read_reported_term(r, f, resp_any_overall_set, &at, &(*out)->response, &(*out)->written)) < 0)
		return ret;
	*n = 1;
	return 0;
}

enum { HK_CASE_ID, HK_ARM, HK_TREATMENT_START, HK_RESPONSES, HK_TARGET_DISEASE, HK_NOTE, HK_CRITERIA,
       HK_REPORTED_BEST, HK_REPORTED_CONFIRMED, HK__N };

static const struct key_spec history_keys[HK__N] = {
	[HK_CASE_ID]         = { "case_id",         T_STRING, true,  false },
	[HK_ARM]             = { "arm",             T_STRING, false, false },
	[HK_TREATMENT_START] = { "treatment_start", T_STRING, true,  false },
	[HK_RESPONSES]       = { "responses",       T_ARRAY,  true,  false },
	[HK_TARGET_DISEASE]  = { "target_disease",  T_BOOL,   false, false },
	[HK_NOTE]            = KEY_NOTE,
	[HK_CRITERIA]        = { "criteria",        T_STRING, false, false },
	[HK_REPORTED_BEST]      = { "reported_best_overall",           T_ANY, false, false },  /* deferred */
	[HK_REPORTED_CONFIRMED] = { "reported_confirmed_best_overall", T_ANY, false, false },
};

static int read_history(struct reader *r, const cJSON *root)
{
	struct recist_case *c = r->c;
	struct field f[HK__N];
	size_t n, i = 0;
	int ret;

	if (!cJSON_IsObject(root))
		return fail(r, D_CASE_NOT_OBJECT, AT_VALUE, "got %s", type_name(type_of(root), false));
	if ((ret = wrong_kind(r, root, true)) < 0)
		return ret;
	c->history = true;
	if ((ret = scan_object(r, root, history_keys, HK__N, f)) < 0 ||
	    (ret = read_string(r, &f[HK_CASE_ID], true, &c->case_id)) < 0 ||
	    (f[HK_ARM].v != NULL && (ret = read_string(r, &f[HK_ARM], false, &c->arm)) < 0) ||
	    (ret = read_date(r, &f[HK_TREATMENT_START], &c->treatment_start, NULL)) < 0 ||
	    (f[HK_CRITERIA].v != NULL && (ret = read_string(r, &f[HK_CRITERIA], true, &c->history_criteria)) < 0) ||
	    (ret = read_history_best(r, &f[HK_REPORTED_BEST], &c->reported_best, &c->n_reported_best)) < 0 ||
	    (ret = read_history_best(r, &f[HK_REPORTED_CONFIRMED], &c->reported_confirmed, &c->n_reported_confirmed)) < 0)
		return ret;
	c->has_treatment_start = true;
	n = (size_t)cJSON_GetArraySize(f[HK_RESPONSES].v);
	if ((c->assessments = arena_calloc(&c->arena, n ? n : 1, sizeof *c->assessments)) == NULL)
		return nomem(r);
	path_push(r, f[HK_RESPONSES].name, f[HK_RESPONSES].idx);
	for (const cJSON *e = f[HK_RESPONSES].v->child; e != NULL; e = e->next, i++) {
		path_push(r, NULL, i);
		if ((ret = read_response(r, e, i)) < 0)
			return ret;
		path_pop(r);
	}
	path_pop(r);
	c->n_assessments = n;
	c->target_disease = case_infer_target_disease(c);
	if (f[HK_TARGET_DISEASE].v != NULL)
		c->target_disease = field_true(&f[HK_TARGET_DISEASE]);
	return 0;
}

/* ---- Public interface ------------------------------------------------- */

const char *recist_cjson_version(void)
{
	return cJSON_Version();
}

/* Offset of the first byte after 'off' that is not JSON white space. */
static size_t skip_space(const char *text, size_t len, size_t off)
{
	while (off < len && is_space(text[off]))
		off++;
	return off;
}

static bool only_space(const char *text, size_t len)
{
	size_t off = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	return skip_space(text, len, off) == len;
}

/*
 * cJSON only tells where it gave up; our scanner says why (and, for an
 * unterminated string, points at its opening quote).  If the scanner finds
 * nothing wrong, the two disagree on some corner of the grammar and
 * cJSON's offset is reported as is.
 */
static int syntax_error(const struct reader *r, const char *end)
{
	struct scan sc = { r->text, r->len, 0, true, 0, NULL };
	char detail[96];

	scan_start(&sc);
	if (scan_value(&sc, 0)) {
		sc.err_at = end != NULL && end >= r->text ? (size_t)(end - r->text) : 0;
		sc.err_what = NULL;
	}
	scan_explain(&sc, detail, sizeof detail);
	diag_emit(r->sink, D_CASE_JSON_SYNTAX, pos_at(r, sc.err_at), NULL, "%s", detail);
	return RECIST_EPARSE;
}

/*
 * Parse with cJSON, its tree in c->scratch.  NULL: see *oom.  (cJSON 1.7.15
 * still clears its global error record on every parse; we never read it,
 * but thread checkers such as helgrind report that write.)
 */
static cJSON *parse_json(struct recist_case *c, const char *text, size_t len,
                         const char **end, bool *oom)
{
	cJSON *root;

	pthread_once(&hooks_once, hooks_install);
	hook_arena = &c->scratch;
	hook_failed = false;
	root = cJSON_ParseWithLengthOpts(text, len, end, 0);
	*oom = hook_failed;
	hook_arena = NULL;
	return root;
}

/*
 * What cJSON let through in the document text[0..end) and a case may not
 * hold (json_scan.h, scan_check_text): NUL, invalid UTF-8, numbers outside
 * the grammar.  Text is checked once, here, so that everything read from a
 * case, and so everything written from it, is valid UTF-8 without NUL.
 */
static int check_text(const struct reader *r, size_t end)
{
	struct scan sc = { r->text, end, 0, false, 0, NULL };

	if (!scan_text_suspect(r->text, end))
		return 0;
	scan_start(&sc);
	switch (scan_check_text(&sc)) {
	case SCAN_OK:
		return 0;
	case SCAN_BAD_TEXT:
		diag_emit(r->sink, D_CASE_BAD_TEXT, pos_at(r, sc.err_at), NULL, "%s", sc.err_what);
		break;
	case SCAN_BAD_NUMBER:
		diag_emit(r->sink, D_CASE_JSON_SYNTAX, pos_at(r, sc.err_at), NULL, "'%.*s' is %s",
		          (int)(sc.i - sc.err_at < 40 ? sc.i - sc.err_at : 40), r->text + sc.err_at, sc.err_what);
		break;
	}
	return RECIST_EINVALID;   /* cJSON found where the document ends: the next can be read */
}

/* A case document, or a response history: what to read the JSON as. */
typedef int (*read_fn)(struct reader *r, const cJSON *root);

/*
 * The kept errors in document order: they are found in reading order, in
 * which a case's reported best responses come before its assessments.
 * Those with a position are the first ERRORS_LOCATED_MAX: an insertion
 * sort of them by line and column, stable.
 */
static void sort_kept_errors(struct recist_case *c)
{
	size_t n = c->n_errors < ERRORS_LOCATED_MAX ? c->n_errors : ERRORS_LOCATED_MAX;

	for (size_t i = 1; i < n; i++) {
		struct case_error e = c->errors[i];
		size_t j = i;
		while (j > 0 && (c->errors[j - 1].line > e.line ||
		                 (c->errors[j - 1].line == e.line && c->errors[j - 1].col > e.col))) {
			c->errors[j] = c->errors[j - 1];
			j--;
		}
		c->errors[j] = e;
	}
}

/*
 * Text that is not JSON but another input of recist (input_kind_of): what
 * it is and what reads it, for CASE_WRONG_KIND instead of a syntax error;
 * NULL when it is none of them.  A table of response histories is for the
 * CSV reader, not the JSON history reader.
 */
static const char *foreign_input(const char *text, size_t len, read_fn read)
{
	switch (input_kind_of(text, len)) {
	case INPUT_HISTORY_CSV:
		return read == read_history ? NULL : "this is a CSV table of response histories (its header names case_id "
		       "and overall); recist evaluate and recist validate read recist-case/1 documents: use recist bor";
	case INPUT_SDTM:
		return "this is a CDISC SDTM table; a trial's SDTM tables are read with --sdtm PATH (recist-sdtm(5))";
	case INPUT_RULES:
		return "this is a rule file (recist-rules/1); load it with --rules FILE";
	case INPUT_FLAGS:
		return "this is a flag file (recist-flags/1); recist evaluate loads it with --flags FILE";
	case INPUT_OTHER:
		break;
	}
	return NULL;
}

static int parse_document(recist_case *c, size_t *consumed, const char *text, size_t len,
                          const recist_origin *origin, const recist_diag_sink *sink, read_fn read)
{
	struct reader r = { 0 };
	const char *end = NULL;
	size_t used = len;      /* after malformed JSON nothing more can be read */
	cJSON *root;
	bool oom = false;
	int ret;

	if (c == NULL || (text == NULL && len > 0))
		return RECIST_ERROR;
	case_reset(c);
	r.c = c;
	r.text = text;
	r.len = len;
	r.line = origin != NULL && origin->line > 0 ? origin->line : 1;
	r.col = origin != NULL && origin->column > 0 ? origin->column : 1;
	r.sink = sink;
	if (origin != NULL && origin->file != NULL &&
	    (c->file = arena_strdup(&c->arena, origin->file)) == NULL) {
		ret = nomem(&r);
		goto done;
	}
	if (only_space(text, len)) {
		ret = RECIST_ENOTFOUND;
		goto done;
	}
	/*
	 * cJSON skips control bytes before a document as if they were white
	 * space; a NUL line between two documents would then be blamed on the
	 * next one.  It is an error of its own, up to the end of its line.
	 */
	size_t start = skip_space(text, len, 0);
	if ((unsigned char)text[start] < 0x20) {
		diag_emit(sink, D_CASE_BAD_TEXT, pos_at(&r, start), NULL, "%s",
		          text[start] == '\0' ? "a NUL byte" : "a control byte");
		const char *eol = memchr(text + start, '\n', len - start);
		used = eol != NULL ? (size_t)(eol - text) + 1 : len;
		ret = RECIST_EINVALID;   /* the next document can still be read */
		goto done;
	}
	if ((root = parse_json(c, text, len, &end, &oom)) == NULL) {
		const char *what = oom ? NULL : foreign_input(text, len, read);
		if (what != NULL) {
			diag_emit(sink, D_CASE_WRONG_KIND, pos_at(&r, start), NULL, "%s", what);
			ret = RECIST_EPARSE;
		} else {
			ret = oom ? nomem(&r) : syntax_error(&r, end);
		}
		goto done;
	}
	used = skip_space(text, len, (size_t)(end - text));
	if ((ret = check_text(&r, (size_t)(end - text))) == 0 && (ret = read(&r, root)) == 0)
		sort_kept_errors(c);
	if (r.wrong_kind)
		used = len;
done:
	if (ret < 0) {
		/* Leave nothing that could be scored by mistake; case_id and the
		 * warnings read before the error stay, for the caller's messages. */
		c->lesions = NULL;
		c->n_lesions = 0;
		c->assessments = NULL;
		c->n_assessments = 0;
		c->errors = NULL;
		c->n_errors = 0;
		c->n_axis_hints = 0;
	}
	arena_reset(&c->scratch);
	if (consumed != NULL)
		*consumed = used;
	return ret;
}

int recist_case_parse(recist_case *c, size_t *consumed, const char *text, size_t len,
                      const recist_origin *origin, const recist_diag_sink *sink)
{
	return parse_document(c, consumed, text, len, origin, sink, read_case);
}

int recist_history_parse(recist_case *c, size_t *consumed, const char *text, size_t len,
                         const recist_origin *origin, const recist_diag_sink *sink)
{
	return parse_document(c, consumed, text, len, origin, sink, read_history);
}


/* ---- Result records (recist summary) ---------------------------------- */

static recist_response response_named(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return RECIST_RESP_NONE;
	for (int r = RECIST_RESP_CR; r <= RECIST_RESP_ICPD; r++)
		if (strcmp(v->valuestring, recist_response_name((recist_response)r)) == 0)
			return (recist_response)r;
	return RECIST_RESP_NONE;
}

/* span: {"start", "end", "days", "censored"} (time_to_progression, overall_survival). */
static bool read_span(const cJSON *span, int32_t *days, bool *censored)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(span, "days");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(span, "censored");

	if (!cJSON_IsNumber(d) || !cJSON_IsBool(c) || d->valuedouble < 0 || d->valuedouble > 1e7)
		return false;
	*days = (int32_t)d->valuedouble;
	*censored = cJSON_IsTrue(c);
	return true;
}

/* The "code" of every element of array key, into *out (n). */
static int read_codes(struct result_record *rec, const cJSON *root, const char *key, const char ***out, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key), *e;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return 0;
	if ((*out = arena_calloc(&rec->arena, (size_t)cJSON_GetArraySize(arr), sizeof **out)) == NULL)
		return RECIST_ENOMEM;
	cJSON_ArrayForEach(e, arr) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");

		if (cJSON_IsString(code))
			(*out)[k++] = code->valuestring;
	}
	*n = k;
	return 0;
}

/* A date string as a day number: false when absent or not a date. */
static bool read_day(const cJSON *v, int32_t *out)
{
	return cJSON_IsString(v) && date_parse(v->valuestring, strlen(v->valuestring), out) == 0;
}

static bool read_number(const cJSON *v, double *out)
{
	if (!cJSON_IsNumber(v))
		return false;
	*out = v->valuedouble;
	return true;
}

/* The follow-ups of one rule set, with a date each (others are skipped). */
static int read_record_tps(struct result_record *rec, struct record_crit *rc, const cJSON *tps)
{
	const cJSON *t;

	if (!cJSON_IsArray(tps) || cJSON_GetArraySize(tps) == 0)
		return 0;
	if ((rc->tps = arena_calloc(&rec->arena, (size_t)cJSON_GetArraySize(tps), sizeof *rc->tps)) == NULL)
		return RECIST_ENOMEM;
	cJSON_ArrayForEach(t, tps) {
		struct record_tp *tp = &rc->tps[rc->n_tps];

		if (!read_day(cJSON_GetObjectItemCaseSensitive(t, "date"), &tp->day))
			continue;
		tp->has_sum = read_number(cJSON_GetObjectItemCaseSensitive(t, "sum_mm"), &tp->sum_mm);
		tp->has_pchg = read_number(cJSON_GetObjectItemCaseSensitive(t, "change_from_baseline_pct"), &tp->pchg);
		tp->target = response_named(cJSON_GetObjectItemCaseSensitive(t, "target"));
		tp->non_target = response_named(cJSON_GetObjectItemCaseSensitive(t, "non_target"));
		tp->new_lesions = response_named(cJSON_GetObjectItemCaseSensitive(t, "new_lesions"));
		tp->overall = response_named(cJSON_GetObjectItemCaseSensitive(t, "overall"));
		rc->n_tps++;
	}
	return 0;
}

/* What plot reads of one rule set beyond summary: its name, baseline, start and follow-ups. */
static int read_record_series(struct result_record *rec, struct record_crit *rc, const cJSON *c)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
	const cJSON *base = cJSON_GetObjectItemCaseSensitive(c, "baseline");
	const cJSON *ttp = cJSON_GetObjectItemCaseSensitive(c, "time_to_progression");

	rc->name = cJSON_IsString(name) ? name->valuestring : rc->id;
	rc->has_baseline = read_day(cJSON_GetObjectItemCaseSensitive(base, "date"), &rc->baseline_day);
	(void)read_number(cJSON_GetObjectItemCaseSensitive(base, "sum_mm"), &rc->baseline_sum_mm);
	rc->has_start = read_day(cJSON_GetObjectItemCaseSensitive(ttp, "start"), &rc->start_day);
	return read_record_tps(rec, rc, cJSON_GetObjectItemCaseSensitive(c, "timepoints"));
}

static int read_record_crit(struct result_record *rec, const cJSON *crit, unsigned what)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, crit) {
		struct record_crit *rc;
		const cJSON *bo = cJSON_GetObjectItemCaseSensitive(c, "best_overall");
		const cJSON *cbo = cJSON_GetObjectItemCaseSensitive(c, "confirmed_best_overall");

		if (rec->n_crit == RECORD_MAX_CRIT || c->string == NULL)
			break;
		rc = &rec->crit[rec->n_crit++];
		rc->id = c->string;
		rc->not_assessed = cJSON_GetObjectItemCaseSensitive(c, "not_assessed") != NULL;
		rc->best = response_named(cJSON_GetObjectItemCaseSensitive(bo, "response"));
		rc->confirmed = response_named(cJSON_GetObjectItemCaseSensitive(cbo, "response"));
		rc->has_ttp = read_span(cJSON_GetObjectItemCaseSensitive(c, "time_to_progression"), &rc->ttp_days,
		                        &rc->ttp_censored);
		if ((what & RECORD_TIMEPOINTS) && !rc->not_assessed && read_record_series(rec, rc, c) < 0)
			return RECIST_ENOMEM;
	}
	return 0;
}

int result_record_parse(struct result_record *rec, const char *text, size_t len, unsigned what,
                        const char *file, unsigned line, const recist_diag_sink *sink)
{
	struct pos at = { file, line, 0 };
	const cJSON *root, *fmt, *arm, *id;
	const char *end = NULL;
	int ret;

	arena_reset(&rec->arena);
	memset((char *)rec + sizeof rec->arena, 0, sizeof *rec - sizeof rec->arena);
	pthread_once(&hooks_once, hooks_install);
	hook_arena = &rec->arena;
	hook_failed = false;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	hook_arena = NULL;
	if (hook_failed)
		return RECIST_ENOMEM;
	if (root == NULL) {
		diag_emit(sink, D_CASE_JSON_SYNTAX, at, NULL, "a result line is not JSON");
		return RECIST_EPARSE;
	}
	fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (cJSON_IsString(fmt) && strcmp(fmt->valuestring, "recist-error/1") == 0) {
		rec->error_record = true;
		return 0;
	}
	id = cJSON_GetObjectItemCaseSensitive(root, "case_id");
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "recist-result/1") != 0 || !cJSON_IsString(id)) {
		diag_emit(sink, D_CASE_BAD_VALUE, at, "format", "not a recist-result/1 record with a case_id");
		return RECIST_EINVALID;
	}
	rec->case_id = id->valuestring;
	arm = cJSON_GetObjectItemCaseSensitive(root, "arm");
	rec->arm = cJSON_IsString(arm) ? arm->valuestring : NULL;
	if ((ret = read_record_crit(rec, cJSON_GetObjectItemCaseSensitive(root, "criteria"), what)) < 0 ||
	    (ret = read_codes(rec, root, "flags", &rec->flags, &rec->n_flags)) < 0 ||
	    (ret = read_codes(rec, root, "warnings", &rec->warnings, &rec->n_warnings)) < 0)
		return ret;
	rec->has_os = read_span(cJSON_GetObjectItemCaseSensitive(root, "overall_survival"), &rec->os_days,
	                        &rec->os_censored);
	return 0;
}
