/*
 * expr.c - compiler and evaluator of the rule-file condition language
 * (grammar in expr.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * The parser is recursive descent and emits postfix code directly, checking
 * types as it goes, so that a rule file with a type error is rejected at
 * load time with the line and column of the offending token.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr.h"

enum op {
	OP_PUSH, OP_QTY, OP_NEG, OP_NOT,
	OP_JUMP_IF_FALSE, OP_JUMP_IF_TRUE,  /* short circuits: 'qty' is the target */
	OP_ADD, OP_SUB, OP_MUL, OP_DIV,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	OP_AND, OP_OR,
	/*
	 * "quantity CMP constant", the commonest condition ("targets_missing >
	 * 0"), in one instruction instead of three; in the order of OP_LT..OP_NE.
	 */
	OP_QC_LT, OP_QC_LE, OP_QC_GT, OP_QC_GE, OP_QC_EQ, OP_QC_NE
};

static bool reads_quantity(enum op op) { return op == OP_QTY || (op >= OP_QC_LT && op <= OP_QC_NE); }
static bool has_constant(enum op op) { return op == OP_PUSH || (op >= OP_QC_LT && op <= OP_QC_NE); }

struct instr {
	enum op      op;
	unsigned     qty; /* OP_QTY, OP_QC_*: the quantity; OP_JUMP_*: where to go */
	struct value v;   /* OP_PUSH, OP_QC_*: the constant */
};

enum tok {
	T_END, T_NUM, T_STR, T_NAME, T_LPAREN, T_RPAREN,
	T_PLUS, T_MINUS, T_STAR, T_SLASH,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE,
	T_AND, T_OR, T_NOT, T_TRUE, T_FALSE, T_BAD
};

struct parser {
	const char            *s;
	size_t                 len;
	size_t                 pos;     /* next unread byte */
	enum tok               tok;     /* current token */
	size_t                 tstart;  /* its offset */
	size_t                 tlen;
	const struct expr_env *env;
	const struct src_text *src;
	size_t                 base;    /* offset of s[0] in the scalar's value */
	const recist_diag_sink *sink;
	struct instr           code[EXPR_MAX_CODE];
	size_t                 n;
	int                    depth, maxdepth;  /* values pending on the evaluator's stack */
	int                    nesting;          /* '(', 'not' and '-' open */
	int                    failed;
};

/* Static facts about a subexpression. */
struct sx {
	enum vtype type;
	enum vfmt  fmt;
};

static const char *type_name(enum vtype t)
{
	switch (t) {
	case V_NUM:  return "a number";
	case V_BOOL: return "true/false";
	case V_STR:  return "a string";
	case V_NULL: break;
	}
	return "no value";
}

static void perr(struct parser *p, enum diag_code code, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void perr(struct parser *p, enum diag_code code, size_t off, const char *fmt, ...)
{
	struct pos at;
	char msg[768];
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	at = src_text_pos(p->src, p->s - p->base, p->base + off);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_emit(p->sink, code, at, NULL, "%s", msg);
}

static int is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

static void next(struct parser *p)
{
	static const struct { const char *word; enum tok tok; } words[] = {
		{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT },
		{ "true", T_TRUE }, { "false", T_FALSE },
	};
	static const struct { const char *sym; enum tok tok; } syms[] = {
		{ "<=", T_LE }, { ">=", T_GE }, { "==", T_EQ }, { "!=", T_NE },
		{ "<", T_LT }, { ">", T_GT }, { "+", T_PLUS }, { "-", T_MINUS },
		{ "*", T_STAR }, { "/", T_SLASH }, { "(", T_LPAREN }, { ")", T_RPAREN },
	};
	const char *s = p->s;
	size_t i = p->pos;

	while (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	p->tstart = i;
	if (i >= p->len) {
		p->tok = T_END;
		p->tlen = 0;
		p->pos = i;
		return;
	}
	if (is_name_start(s[i])) {
		size_t j = i;
		while (j < p->len && (is_name_char(s[j]) ||
		                      (s[j] == '.' && j + 1 < p->len && is_name_start(s[j + 1]))))
			j++;
		p->tok = T_NAME;
		for (size_t k = 0; k < ARRAY_SIZE(words); k++)
			if (strlen(words[k].word) == j - i && memcmp(words[k].word, s + i, j - i) == 0)
				p->tok = words[k].tok;
		p->tlen = j - i;
		p->pos = j;
		return;
	}
	if ((s[i] >= '0' && s[i] <= '9') || s[i] == '.') {
		size_t j = i;
		while (j < p->len && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
			j++;
		p->tok = T_NUM;
		p->tlen = j - i;
		p->pos = j;
		return;
	}
	if (s[i] == '"' || s[i] == '\'') {
		size_t j = i + 1;
		while (j < p->len && s[j] != s[i])
			j++;
		p->tok = j < p->len ? T_STR : T_BAD;
		p->tlen = j < p->len ? j + 1 - i : p->len - i;
		p->pos = j < p->len ? j + 1 : j;
		return;
	}
	for (size_t k = 0; k < ARRAY_SIZE(syms); k++) {
		size_t n = strlen(syms[k].sym);
		if (i + n <= p->len && memcmp(s + i, syms[k].sym, n) == 0) {
			p->tok = syms[k].tok;
			p->tlen = n;
			p->pos = i + n;
			return;
		}
	}
	p->tok = T_BAD;
	p->tlen = 1;
	p->pos = i + 1;
}

/* The current token as text, for messages. */
static const char *tok_text(struct parser *p, char buf[64])
{
	if (p->tok == T_END)
		return "end of condition";
	snprintf(buf, 64, "'%.*s'", (int)(p->tlen > 40 ? 40 : p->tlen), p->s + p->tstart);
	return buf;
}

static void emit(struct parser *p, enum op op, unsigned qty, const struct value *v, int stack_delta)
{
	if (p->failed)
		return;
	if (p->n >= EXPR_MAX_CODE) {
		perr(p, D_RULES_TOO_LARGE, p->tstart, "expression compiles to more than %d instructions", EXPR_MAX_CODE);
		return;
	}
	p->code[p->n].op = op;
	p->code[p->n].qty = qty;
	if (v != NULL)
		p->code[p->n].v = *v;
	else
		memset(&p->code[p->n].v, 0, sizeof p->code[p->n].v);
	p->n++;
	p->depth += stack_delta;
	if (p->depth > p->maxdepth)
		p->maxdepth = p->depth;
	if (p->maxdepth > EXPR_MAX_DEPTH)
		perr(p, D_RULES_TOO_LARGE, p->tstart, "expression keeps more than %d values pending", EXPR_MAX_DEPTH);
}

/*
 * Open one level at the current token, a '(', 'not' or unary '-': the only
 * places where the parser recurses into a rule it is already inside, so
 * counting them bounds its stack whatever the input.  False, with the
 * error at that token, past EXPR_MAX_NESTING or after an earlier error
 * (no point descending further); the caller closes the level with
 * p->nesting-- when it was opened.
 */
static bool nest(struct parser *p)
{
	if (p->failed)
		return false;
	if (p->nesting == EXPR_MAX_NESTING) {
		perr(p, D_RULES_TOO_LARGE, p->tstart, "expression nested more than %d deep ('(', 'not' and '-')",
		     EXPR_MAX_NESTING);
		return false;
	}
	p->nesting++;
	return true;
}

static struct sx parse_or(struct parser *p);

static enum vfmt fmt_join(enum vfmt a, enum vfmt b) { return a > b ? a : b; }

static void need_type(struct parser *p, size_t off, struct sx got, enum vtype want, const char *what)
{
	if (p->failed || got.type == want)
		return;
	perr(p, D_RULES_BAD_EXPR, off, "%s needs %s, got %s", what, type_name(want), type_name(got.type));
}

/* Unknown name: list the names the scope offers, from the table itself. */
static void unknown_name(struct parser *p)
{
	char names[1024] = "";
	size_t n, used = 0;
	const struct quantity_info *q = quantity_table(p->env->scope, &n);
	char what[64];

	for (size_t i = 0; i < n && used + 40 < sizeof names; i++)
		used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", q[i].name);
	snprintf(what, sizeof what, "'%.*s'", (int)(p->tlen > 40 ? 40 : p->tlen), p->s + p->tstart);
	if (n == 0)
		perr(p, D_RULES_UNKNOWN_NAME, p->tstart, "%s is not a name of this section", what);
	else
		perr(p, D_RULES_UNKNOWN_NAME, p->tstart,
		     "%s is neither a param nor a quantity of this section (%s)", what, names);
}

/*
 * A name: a quantity of the section, else one the environment names (a
 * flag file's ALIAS.FIELD), else a param, whose value is pushed as a
 * number.
 */
static struct sx parse_name(struct parser *p)
{
	struct sx r = { V_NULL, FMT_EXACT };
	struct value v;
	size_t n;
	const struct quantity_info *q = quantity_table(p->env->scope, &n);
	unsigned index;
	enum vtype type;
	enum vfmt fmt;

	memset(&v, 0, sizeof v);
	for (size_t i = 0; i < n; i++) {
		if (strlen(q[i].name) == p->tlen && memcmp(q[i].name, p->s + p->tstart, p->tlen) == 0) {
			emit(p, OP_QTY, (unsigned)i, NULL, 1);
			next(p);
			r.type = q[i].type;
			r.fmt = q[i].fmt;
			return r;
		}
	}
	if (p->env->name != NULL && p->env->name(p->env->name_ctx, p->s + p->tstart, p->tlen, &index, &type, &fmt) == 0) {
		emit(p, OP_QTY, index, NULL, 1);
		next(p);
		r.type = type;
		r.fmt = fmt;
		return r;
	}
	if (p->env->param != NULL && p->env->param(p->env->param_ctx, p->s + p->tstart, p->tlen, &v.r) == 0) {
		v.t = V_NUM;
		emit(p, OP_PUSH, 0, &v, 1);
		next(p);
		r.type = V_NUM;
		return r;
	}
	unknown_name(p);
	return r;
}

static struct sx parse_primary(struct parser *p)
{
	struct sx r = { V_NULL, FMT_EXACT };
	struct value v;
	char buf[64];

	memset(&v, 0, sizeof v);
	switch (p->tok) {
	case T_NUM:
		v.t = V_NUM;
		if (ratio_parse_decimal(p->s + p->tstart, p->tlen, &v.r) < 0) {
			perr(p, D_RULES_BAD_EXPR, p->tstart, "%s is not a decimal number", tok_text(p, buf));
			return r;
		}
		emit(p, OP_PUSH, 0, &v, 1);
		next(p);
		r.type = V_NUM;
		return r;
	case T_STR:
		v.t = V_STR;
		v.s = NULL; /* filled in by expr_compile, which owns the arena */
		v.r.num = (int64_t)(p->tstart + 1);
		v.r.den = (int64_t)(p->tlen - 2);
		emit(p, OP_PUSH, 0, &v, 1);
		next(p);
		r.type = V_STR;
		return r;
	case T_TRUE:
	case T_FALSE:
		v.t = V_BOOL;
		v.b = p->tok == T_TRUE;
		emit(p, OP_PUSH, 0, &v, 1);
		next(p);
		r.type = V_BOOL;
		return r;
	case T_NAME:
		return parse_name(p);
	case T_LPAREN: {
		size_t open = p->tstart;
		if (!nest(p))
			return r;
		next(p);
		r = parse_or(p);
		p->nesting--;
		if (p->tok != T_RPAREN)
			perr(p, D_RULES_BAD_EXPR, open, "'(' is not closed before %s", tok_text(p, buf));
		next(p);
		return r;
	}
	default:
		perr(p, D_RULES_BAD_EXPR, p->tstart, "expected a name, number or '(', got %s", tok_text(p, buf));
		return r;
	}
}

static struct sx parse_unary(struct parser *p)
{
	if (p->tok == T_MINUS) {
		size_t off = p->tstart;
		struct sx r = { V_NULL, FMT_EXACT };
		if (!nest(p))
			return r;
		next(p);
		r = parse_unary(p);
		p->nesting--;
		need_type(p, off, r, V_NUM, "'-'");
		emit(p, OP_NEG, 0, NULL, 0);
		return r;
	}
	return parse_primary(p);
}

static struct sx parse_product(struct parser *p)
{
	struct sx l = parse_unary(p);

	while (!p->failed && (p->tok == T_STAR || p->tok == T_SLASH)) {
		enum op op = p->tok == T_STAR ? OP_MUL : OP_DIV;
		size_t off = p->tstart;
		next(p);
		struct sx r = parse_unary(p);
		need_type(p, off, l, V_NUM, op == OP_MUL ? "'*'" : "'/'");
		need_type(p, off, r, V_NUM, op == OP_MUL ? "'*'" : "'/'");
		emit(p, op, 0, NULL, -1);
		l.fmt = fmt_join(l.fmt, r.fmt);
	}
	return l;
}

static struct sx parse_sum(struct parser *p)
{
	struct sx l = parse_product(p);

	while (!p->failed && (p->tok == T_PLUS || p->tok == T_MINUS)) {
		enum op op = p->tok == T_PLUS ? OP_ADD : OP_SUB;
		size_t off = p->tstart;
		next(p);
		struct sx r = parse_product(p);
		need_type(p, off, l, V_NUM, op == OP_ADD ? "'+'" : "'-'");
		need_type(p, off, r, V_NUM, op == OP_ADD ? "'+'" : "'-'");
		emit(p, op, 0, NULL, -1);
		l.fmt = fmt_join(l.fmt, r.fmt);
	}
	return l;
}

/*
 * QTY, PUSH, compare -> one OP_QC_*.  Code ending in QTY, PUSH before the
 * comparison has exactly those two as its operands (anything longer ends
 * in an operator); a jump into them can only land on the QTY, where the
 * fused instruction now starts.
 */
static void fuse_compare(struct parser *p)
{
	struct instr *c = p->code + p->n - 3;

	if (p->failed || p->n < 3 || c[0].op != OP_QTY || c[1].op != OP_PUSH)
		return;
	c[0].op = (enum op)(OP_QC_LT + (c[2].op - OP_LT));
	c[0].v = c[1].v;
	p->n -= 2;
}

static struct sx parse_cmp(struct parser *p)
{
	static const struct { enum tok tok; enum op op; const char *name; } cmps[] = {
		{ T_LT, OP_LT, "'<'" }, { T_LE, OP_LE, "'<='" }, { T_GT, OP_GT, "'>'" },
		{ T_GE, OP_GE, "'>='" }, { T_EQ, OP_EQ, "'=='" }, { T_NE, OP_NE, "'!='" },
	};
	struct sx l = parse_sum(p);

	for (size_t i = 0; i < ARRAY_SIZE(cmps); i++) {
		if (p->tok != cmps[i].tok)
			continue;
		size_t off = p->tstart;
		next(p);
		struct sx r = parse_sum(p);
		if (cmps[i].op == OP_EQ || cmps[i].op == OP_NE) {
			if (!p->failed && l.type != r.type)
				perr(p, D_RULES_BAD_EXPR, off, "cannot compare %s with %s", type_name(l.type), type_name(r.type));
		} else {
			need_type(p, off, l, V_NUM, cmps[i].name);
			need_type(p, off, r, V_NUM, cmps[i].name);
		}
		emit(p, cmps[i].op, 0, NULL, -1);
		fuse_compare(p);
		l.type = V_BOOL;
		l.fmt = FMT_EXACT;
		break;
	}
	return l;
}

static struct sx parse_not(struct parser *p)
{
	if (p->tok == T_NOT) {
		size_t off = p->tstart;
		struct sx r = { V_NULL, FMT_EXACT };
		if (!nest(p))
			return r;
		next(p);
		r = parse_not(p);
		p->nesting--;
		need_type(p, off, r, V_BOOL, "'not'");
		emit(p, OP_NOT, 0, NULL, 0);
		return r;
	}
	return parse_cmp(p);
}

/*
 * 'a and b': when a is false the result is false whatever b is (in
 * three-valued logic too), so a jump skips b and the 'and'; likewise a true
 * left side of 'or'.  The value left on the stack is then the result.
 */
static struct sx parse_and(struct parser *p)
{
	struct sx l = parse_not(p);

	while (!p->failed && p->tok == T_AND) {
		size_t off = p->tstart, jump = p->n;
		next(p);
		emit(p, OP_JUMP_IF_FALSE, 0, NULL, 0);
		struct sx r = parse_not(p);
		need_type(p, off, l, V_BOOL, "'and'");
		need_type(p, off, r, V_BOOL, "'and'");
		emit(p, OP_AND, 0, NULL, -1);
		if (!p->failed)
			p->code[jump].qty = (unsigned)p->n;
	}
	return l;
}

static struct sx parse_or(struct parser *p)
{
	struct sx l = parse_and(p);

	while (!p->failed && p->tok == T_OR) {
		size_t off = p->tstart, jump = p->n;
		next(p);
		emit(p, OP_JUMP_IF_TRUE, 0, NULL, 0);
		struct sx r = parse_and(p);
		need_type(p, off, l, V_BOOL, "'or'");
		need_type(p, off, r, V_BOOL, "'or'");
		emit(p, OP_OR, 0, NULL, -1);
		if (!p->failed)
			p->code[jump].qty = (unsigned)p->n;
	}
	return l;
}

int expr_compile(struct expr *out, struct arena *a, const char *text, size_t len,
                 const struct expr_env *env, const struct src_text *src, size_t base,
                 const recist_diag_sink *sink)
{
	struct parser *p;
	struct instr *code;
	struct sx r;
	char buf[64];
	int ret = RECIST_EINVALID;

	/*
	 * The parser's code buffer is large (10 kB): off the stack, and freed
	 * here, so that only the code itself, at its size, stays in the arena.
	 */
	if ((p = calloc(1, sizeof *p)) == NULL)
		return RECIST_ENOMEM;
	p->s = text;
	p->len = len;
	p->env = env;
	p->src = src;
	p->base = base;
	p->sink = sink;
	next(p);
	if (p->tok == T_END) {
		perr(p, D_RULES_BAD_EXPR, 0, "empty condition");
		goto done;
	}
	r = parse_or(p);
	if (!p->failed && p->tok != T_END)
		perr(p, D_RULES_BAD_EXPR, p->tstart, "unexpected %s", tok_text(p, buf));
	if (p->failed)
		goto done;
	if ((code = arena_calloc(a, p->n, sizeof *code)) == NULL) {
		ret = RECIST_ENOMEM;
		goto done;
	}
	memcpy(code, p->code, p->n * sizeof *code);
	/* String literals: copy them out of the rule text. */
	for (size_t i = 0; i < p->n; i++) {
		if (has_constant(code[i].op) && code[i].v.t == V_STR) {
			code[i].v.s = arena_strndup(a, text + code[i].v.r.num, (size_t)code[i].v.r.den);
			if (code[i].v.s == NULL) {
				ret = RECIST_ENOMEM;
				goto done;
			}
		}
	}
	out->code = code;
	out->n = p->n;
	out->type = r.type;
	out->fmt = r.fmt;
	ret = 0;
done:
	free(p);
	return ret;
}

/* Kleene logic into r (which may be x): false dominates 'and', true
 * dominates 'or', else unknown. */
static void logic(enum op op, struct value *r, const struct value *x, const struct value *y)
{
	bool dominant = op == OP_OR;

	if ((x->t == V_BOOL && x->b == dominant) || (y->t == V_BOOL && y->b == dominant)) {
		r->t = V_BOOL;
		r->b = dominant;
	} else if (x->t == V_BOOL && y->t == V_BOOL) {
		r->t = V_BOOL;
		r->b = !dominant;
	} else {
		r->t = V_NULL;
	}
}

/* <0, 0, >0 as x < y, x == y, x > y; x and y have the same type, not V_NULL. */
static int order(const struct value *x, const struct value *y)
{
	switch (x->t) {
	case V_NUM:  return ratio_cmp(x->r, y->r);
	case V_BOOL: return (int)x->b - (int)y->b;
	case V_STR:  return strcmp(x->s, y->s);
	case V_NULL: default: return 0;
	}
}

/*
 * x op y into r for the arithmetic operators; no value if either has none
 * or on division by zero (e.g. a percentage of a 0 mm reference).  r may
 * be x: x is read before r is written.
 */
static int arith(enum op op, struct value *r, const struct value *x, const struct value *y)
{
	struct ratio a, b;
	int rc;

	if (x->t != V_NUM || y->t != V_NUM) {
		r->t = V_NULL;
		return 0;
	}
	a = x->r;
	b = y->r;
	rc = op == OP_ADD ? ratio_add(&r->r, a, b)
	   : op == OP_SUB ? ratio_sub(&r->r, a, b)
	   : op == OP_MUL ? ratio_mul(&r->r, a, b)
	   : ratio_div(&r->r, a, b);
	r->t = rc == 0 ? V_NUM : V_NULL;
	return rc == RATIO_EOVERFLOW ? RATIO_EOVERFLOW : 0;
}

/*
 * The operand stack holds pointers: to a quantity, to a constant of the
 * code, or to the result of an operation in res[] (one slot per stack
 * depth).  Values are never copied whole, only read field by field: a
 * 24-byte copy of a value just written field by field stalls the CPU
 * (the load spans several pending stores), and every rule condition of
 * every assessment runs through here.  One dispatch per instruction: the
 * comparisons are written out case by case.
 */
#define QC(test)                                            \
	do {                                                    \
		x = &q[in->qty];                                    \
		r = &res[sp];                                       \
		if (x->t == V_NULL || in->v.t == V_NULL) {          \
			r->t = V_NULL;                                  \
		} else {                                            \
			int c = order(x, &in->v);                       \
			r->b = (test);                                  \
			r->t = V_BOOL;                                  \
		}                                                   \
		op[sp++] = r;                                       \
	} while (0)
#define COMPARE(test)                                       \
	do {                                                    \
		x = op[sp - 2];                                     \
		y = op[--sp];                                       \
		r = &res[sp - 1];                                   \
		if (x->t == V_NULL || y->t == V_NULL) {             \
			r->t = V_NULL;                                  \
		} else {                                            \
			int c = order(x, y);                            \
			r->b = (test);                                  \
			r->t = V_BOOL;                                  \
		}                                                   \
		op[sp - 1] = r;                                     \
	} while (0)

/* The stack of results for run(): one per stack depth. */
struct results {
	struct value v[EXPR_MAX_DEPTH + 1];
};

/* Evaluate e; *result points at the value (in res, in q or in the code). */
static int run(const struct expr *e, const struct value *q, struct results *results,
               const struct value **result)
{
	const struct value *op[EXPR_MAX_DEPTH + 1];
	struct value *res = results->v;
	int sp = 0;

	for (size_t i = 0; i < e->n; i++) {
		const struct instr *in = &e->code[i];
		const struct value *x, *y;
		struct value *r;

		switch (in->op) {
		case OP_JUMP_IF_FALSE:
		case OP_JUMP_IF_TRUE:
			x = op[sp - 1];
			if (x->t == V_BOOL && x->b == (in->op == OP_JUMP_IF_TRUE))
				i = in->qty - 1;  /* the loop's i++ lands on the target */
			break;
		case OP_PUSH:
			op[sp++] = &in->v;
			break;
		case OP_QTY:
			op[sp++] = &q[in->qty];
			break;
		case OP_NEG:
			x = op[sp - 1];
			if (x->t == V_NUM) {
				r = &res[sp - 1];
				if (ratio_neg(&r->r, x->r) < 0)
					return RATIO_EOVERFLOW;
				r->t = V_NUM;
				op[sp - 1] = r;
			}
			break;
		case OP_NOT:
			x = op[sp - 1];
			if (x->t == V_BOOL) {
				r = &res[sp - 1];
				r->b = !x->b;
				r->t = V_BOOL;
				op[sp - 1] = r;
			}
			break;
		case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV:
			sp--;
			r = &res[sp - 1];
			if (arith(in->op, r, op[sp - 1], op[sp]) < 0)
				return RATIO_EOVERFLOW;
			op[sp - 1] = r;
			break;
		case OP_LT: COMPARE(c < 0); break;
		case OP_LE: COMPARE(c <= 0); break;
		case OP_GT: COMPARE(c > 0); break;
		case OP_GE: COMPARE(c >= 0); break;
		case OP_EQ: COMPARE(c == 0); break;
		case OP_NE: COMPARE(c != 0); break;
		case OP_QC_LT: QC(c < 0); break;
		case OP_QC_LE: QC(c <= 0); break;
		case OP_QC_GT: QC(c > 0); break;
		case OP_QC_GE: QC(c >= 0); break;
		case OP_QC_EQ: QC(c == 0); break;
		case OP_QC_NE: QC(c != 0); break;
		case OP_AND:
		case OP_OR:
			sp--;
			r = &res[sp - 1];
			logic(in->op, r, op[sp - 1], op[sp]);
			op[sp - 1] = r;
			break;
		}
	}
	*result = op[0];
	return 0;
}
#undef COMPARE
#undef QC

/* Field by field, for the same reason as the operand stack. */
int expr_eval(const struct expr *e, const struct value *q, struct value *out)
{
	struct results res;
	const struct value *v;
	int rc;

	if ((rc = run(e, q, &res, &v)) < 0)
		return rc;
	out->t = v->t;
	switch (v->t) {
	case V_BOOL: out->b = v->b; break;
	case V_STR:  out->s = v->s; break;
	case V_NUM:  out->r.num = v->r.num; out->r.den = v->r.den; break;
	case V_NULL: break;
	}
	return 0;
}

int expr_test(const struct expr *e, const struct value *q)
{
	struct results res;
	const struct value *v;
	int rc;

	if ((rc = run(e, q, &res, &v)) < 0)
		return rc;
	return v->t == V_BOOL && v->b;
}

size_t value_format(const struct value *v, enum vfmt fmt, char out[48])
{
	const char *s;

	switch (v->t) {
	case V_NULL:
		s = "n/a";
		break;
	case V_BOOL:
		s = v->b ? "true" : "false";
		break;
	case V_STR:
		s = v->s;
		break;
	case V_NUM:
	default:
		s = NULL;
		break;
	}
	if (s != NULL) {
		size_t n = strnlen(s, 47);
		memcpy(out, s, n);
		out[n] = '\0';
		return n;
	}
	switch (fmt) {
	case FMT_MM:
		return ratio_format(v->r, 3, 1, out);   /* exact micrometres: 50.0, 16.101 */
	case FMT_PCT:
		return ratio_format(v->r, 2, 1, out);   /* truncated: 29.99, never 30.0 */
	case FMT_COUNT:
		return ratio_format(v->r, 2, 0, out);   /* 3 */
	case FMT_EXACT:
	default:
		return ratio_format(v->r, 6, 0, out);   /* params as written: 30, 12.5 */
	}
}

/*
 * A hole that reads no quantity ("{pr_decrease_pct}": params are folded in
 * as constants) prints the same in every message: print it once, now, as
 * literal text.  Overflow is left for tmpl_render to report.
 */
static int fold_constant(struct tmpl_part *part, struct arena *a)
{
	struct value v;
	char printed[49];
	size_t n;

	for (size_t i = 0; i < part->expr.n; i++)
		if (reads_quantity(part->expr.code[i].op))
			return 0;
	if (expr_eval(&part->expr, NULL, &v) < 0 || v.t == V_NULL)
		return 0;
	printed[0] = '+';
	n = value_format(&v, part->expr.fmt, printed + 1);
	if (part->sign && v.t == V_NUM && v.r.num > 0)
		n++;
	else
		memmove(printed, printed + 1, n + 1);
	if ((part->text = arena_strndup(a, printed, n)) == NULL)
		return RECIST_ENOMEM;
	part->kind = TK_TEXT;
	part->len = n;
	return 0;
}

/* The state of tmpl_compile: the text, where it is, the parts so far. */
struct tmpl_parse {
	const char            *text;
	size_t                 len, i;
	struct tmpl_part      *parts;
	size_t                 n;
	char                  *lit;        /* the literal runs, back to back */
	size_t                 nlit, run;  /* their length; where the current run starts */
	bool                   in_section;
	size_t                 holes;
	struct arena          *a;
	const struct expr_env *env;
	const struct src_text *src;
	const recist_diag_sink *sink;
};

/* End the current literal run, if it holds anything, as a part. */
static void tmpl_flush(struct tmpl_parse *t)
{
	if (t->nlit > t->run) {
		t->parts[t->n].kind = TK_TEXT;
		t->parts[t->n].text = t->lit + t->run;
		t->parts[t->n++].len = t->nlit - t->run;
		t->run = t->nlit;
	}
}

static int tmpl_error(struct tmpl_parse *t, enum diag_code code, size_t at, const char *msg)
{
	diag_emit(t->sink, code, src_text_pos(t->src, t->text, at), NULL, "%s", msg);
	return RECIST_EINVALID;
}

/* The hole, condition or section mark at t->text[t->i] == '{'. */
static int tmpl_hole(struct tmpl_parse *t)
{
	const char *text = t->text, *close;
	size_t i = t->i, from;
	struct tmpl_part *part;
	int rc;

	if (t->holes++ == TMPL_MAX_HOLES) {
		diag_emit(t->sink, D_RULES_TOO_LARGE, src_text_pos(t->src, text, i), NULL,
		          "message holds more than %d holes", TMPL_MAX_HOLES);
		return RECIST_EINVALID;
	}
	tmpl_flush(t);
	part = &t->parts[t->n];
	if (i + 1 < t->len && text[i + 1] == '[') {
		if (t->in_section)
			return tmpl_error(t, D_RULES_BAD_EXPR, i, "a section '{[' inside a section (sections do not nest)");
		t->in_section = true;
		part->kind = TK_OPEN;
		t->n++;
		t->i = i + 2;
		return 0;
	}
	if ((close = memchr(text + i + 1, '}', t->len - i - 1)) == NULL)
		return tmpl_error(t, D_RULES_BAD_EXPR, i, "'{' is not closed in message");
	from = i + 1;
	part->kind = TK_HOLE;
	if (from < (size_t)(close - text) && (text[from] == '?' || text[from] == '+')) {
		part->kind = text[from] == '?' ? TK_GUARD : TK_HOLE;
		part->sign = text[from] == '+';
		from++;
	}
	if (part->kind == TK_GUARD && !t->in_section)
		return tmpl_error(t, D_RULES_BAD_EXPR, i, "a condition '{?' is only for a section '{[...]}'");
	rc = expr_compile(&part->expr, t->a, text + from, (size_t)(close - text) - from, t->env, t->src, from, t->sink);
	if (rc < 0)
		return rc;
	if (part->kind == TK_GUARD && part->expr.type != V_BOOL)
		return tmpl_error(t, D_RULES_BAD_EXPR, from, "a condition '{?...}' must be true or false");
	if (part->kind == TK_HOLE && (rc = fold_constant(part, t->a)) < 0)
		return rc;
	t->n++;
	t->i = (size_t)(close - text) + 1;
	return 0;
}

/* One character of literal text, or the section mark it starts; t->i moves past it. */
static int tmpl_literal(struct tmpl_parse *t)
{
	const char *text = t->text;
	size_t i = t->i;
	char c = text[i];

	if ((c == '{' || c == '}') && i + 1 < t->len && text[i + 1] == c) {
		t->lit[t->nlit++] = c;
		t->i += 2;
		return 0;
	}
	if (t->in_section && (c == '|' || (c == ']' && i + 1 < t->len && text[i + 1] == '}'))) {
		if (c == '|' && t->holes++ == TMPL_MAX_HOLES) {
			diag_emit(t->sink, D_RULES_TOO_LARGE, src_text_pos(t->src, text, i), NULL,
			          "message holds more than %d holes and alternatives", TMPL_MAX_HOLES);
			return RECIST_EINVALID;
		}
		tmpl_flush(t);
		t->parts[t->n++].kind = c == '|' ? TK_ALT : TK_CLOSE;
		t->in_section = c == '|';
		t->i += c == '|' ? 1 : 2;
		return 0;
	}
	if (c == '}')
		return tmpl_error(t, D_RULES_BAD_EXPR, i, "'}' without '{' in message (write '}}' for a brace)");
	t->lit[t->nlit++] = c;
	t->i++;
	return 0;
}

/*
 * Literal text runs between the holes and section marks, copied with "{{"
 * and "}}" unescaped: what a message keeps follows its text however many
 * braces the text holds.
 */
int tmpl_compile(struct tmpl *out, struct arena *a, const char *text, size_t len,
                 const struct expr_env *env, const struct src_text *src, const recist_diag_sink *sink)
{
	struct tmpl_parse t = { text, len, 0, NULL, 0, NULL, 0, 0, false, 0, a, env, src, sink };
	size_t marks = 0;
	int rc;

	/*
	 * Every hole and section opens with a '{', and an alternative with a
	 * '|'; past TMPL_MAX_HOLES of them the message is refused.  Each gives
	 * at most a literal run and itself, and each section a close.
	 */
	for (size_t j = 0; j < len && marks <= TMPL_MAX_HOLES; j++)
		marks += text[j] == '{' || text[j] == '|';
	if ((t.parts = arena_calloc(a, 3 * marks + 1, sizeof *t.parts)) == NULL ||
	    (t.lit = arena_alloc(a, len + 1)) == NULL)
		return RECIST_ENOMEM;
	while (t.i < len) {
		if (text[t.i] == '{' && !(t.i + 1 < len && text[t.i + 1] == '{'))
			rc = tmpl_hole(&t);
		else
			rc = tmpl_literal(&t);
		if (rc < 0)
			return rc;
	}
	if (t.in_section)
		return tmpl_error(&t, D_RULES_BAD_EXPR, len, "a section '{[' is not closed with ']}' in message");
	/* The last run; an empty message is one empty run. */
	tmpl_flush(&t);
	if (t.n == 0) {
		t.parts[0].kind = TK_TEXT;
		t.parts[0].text = t.lit;
		t.n = 1;
	}
	out->parts = t.parts;
	out->n = t.n;
	return 0;
}

/* The next TK_ALT or TK_CLOSE after part i. */
static size_t next_alternative(const struct tmpl *t, size_t i)
{
	while (++i < t->n && t->parts[i].kind != TK_ALT && t->parts[i].kind != TK_CLOSE)
		;
	return i;
}

/*
 * Reserve 48 bytes per hole (a value prints in at most 47, and a sign) and
 * write the values in place: each one's NUL lands inside the reserve of
 * what follows, or on the final NUL.  An alternative of a section that
 * meets a hole without a value or a false condition is taken back, and the
 * next one tried.
 */
char *tmpl_render(const struct tmpl *t, const struct value *q, struct arena *a)
{
	char *text, *p, *section = NULL;
	size_t total = 0;
	struct results res;
	const struct value *v;

	for (size_t i = 0; i < t->n; i++)
		total += t->parts[i].kind == TK_TEXT ? t->parts[i].len : 48;
	if ((text = arena_alloc(a, total + 1)) == NULL)
		return NULL;
	p = text;
	for (size_t i = 0; i < t->n; i++) {
		const struct tmpl_part *part = &t->parts[i];
		switch (part->kind) {
		case TK_TEXT:
			memcpy(p, part->text, part->len);
			p += part->len;
			continue;
		case TK_OPEN:
			section = p;
			continue;
		case TK_ALT:   /* the alternative before it was printed: skip the others */
			while (t->parts[i].kind != TK_CLOSE)
				i = next_alternative(t, i);
			section = NULL;
			continue;
		case TK_CLOSE:
			section = NULL;
			continue;
		case TK_HOLE:
		case TK_GUARD:
			break;
		}
		if (run(&part->expr, q, &res, &v) < 0)
			return NULL;
		if (section != NULL && (v->t == V_NULL || (part->kind == TK_GUARD && !(v->t == V_BOOL && v->b)))) {
			/* Take this alternative back; the next one (or nothing) is printed. */
			p = section;
			i = next_alternative(t, i);
			if (t->parts[i].kind == TK_CLOSE)
				section = NULL;
			continue;
		}
		if (part->kind == TK_GUARD)
			continue;
		if (part->sign && v->t == V_NUM && v->r.num > 0)
			*p++ = '+';
		p += value_format(v, part->expr.fmt, p);
	}
	*p = '\0';
	return text;
}

bool expr_is_true(const struct expr *e)
{
	return e->n == 1 && e->code[0].op == OP_PUSH && e->code[0].v.t == V_BOOL && e->code[0].v.b;
}
