/*
 * expr.h - the condition and message language of rule files.
 *
 * SPDX-License-Identifier: MIT
 *
 * A condition such as
 *     sum_mm > nadir_mm and (sum_mm - nadir_mm) * 100 >= nadir_mm * pd_increase_pct
 * is compiled once, when the rule file loads, into postfix code over exact
 * rationals (ratio.h); evaluating it per assessment allocates nothing.
 * Names are the quantities of the section's scope (quantity.h) and the rule
 * set's params (folded in as constants).  Logic is three-valued (Kleene): a
 * quantity with no value makes comparisons unknown, and a rule fires only
 * when its condition is true.  Grammar (lowest precedence first):
 *
 *   expr    = and { "or" and }
 *   and     = not { "and" not }
 *   not     = "not" not | cmp
 *   cmp     = sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]
 *   sum     = product { ("+" | "-") product }
 *   product = unary { ("*" | "/") unary }
 *   unary   = "-" unary | primary
 *   primary = NUMBER | STRING | NAME | "true" | "false" | "(" expr ")"
 *   NAME    = [A-Za-z_][A-Za-z0-9_]* { "." [A-Za-z_][A-Za-z0-9_]* }
 */
#ifndef RECIST_EXPR_H
#define RECIST_EXPR_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/ratio.h"
#include "rules/quantity.h"

/* 24 bytes: the evaluator copies one per operand. */
struct value {
	enum vtype t;
	bool       b;          /* V_BOOL */
	union {
		struct ratio r; /* V_NUM */
		const char  *s; /* V_STR */
	};
};

/*
 * Values are set in place, field by field: a value built apart and then
 * copied whole makes the CPU wait (the copy's load spans the pending
 * stores of the fields), and quantities are set hundreds of times per case.
 */
static inline void value_set_null(struct value *v) { v->t = V_NULL; }
static inline void value_set_bool(struct value *v, bool b) { v->t = V_BOOL; v->b = b; }
static inline void value_set_str(struct value *v, const char *s) { v->t = V_STR; v->s = s; }
static inline void value_set_num(struct value *v, struct ratio r) { v->t = V_NUM; v->r = r; }
static inline void value_set_int(struct value *v, int64_t n) { v->t = V_NUM; v->r.num = n; v->r.den = 1; }

/*
 * Limits of one condition or message hole, and of one message: far above
 * any real rule (the shipped ones nest 1 deep, compile to at most 19
 * instructions with 4 values pending, and hold at most 10 holes a
 * message); past one, the file is refused with RULES_TOO_LARGE at the
 * token that goes past it (recist-rules(5), Limits).
 *
 * EXPR_MAX_NESTING  '(', 'not' and unary '-' open at once.  The parser
 *                   recurses once per level (about 700 bytes of stack), so
 *                   this is what keeps a hostile condition from overflowing
 *                   the stack.
 * EXPR_MAX_CODE     instructions of a compiled condition.
 * EXPR_MAX_DEPTH    values pending at once: the evaluator's stack is fixed.
 * TMPL_MAX_HOLES    holes in one message.
 */
enum { EXPR_MAX_NESTING = 256, EXPR_MAX_CODE = 256, EXPR_MAX_DEPTH = 32, TMPL_MAX_HOLES = 256 };

struct instr;

struct expr {
	const struct instr *code;
	size_t              n;
	enum vtype          type;  /* static type of the result */
	enum vfmt           fmt;   /* how a message prints it */
};

/* Looks a param up by name; 0 and *out on success, -1 when there is none. */
typedef int (*expr_param_fn)(void *ctx, const char *name, size_t len, struct ratio *out);

/*
 * Resolves names the scope's table does not have (flag files: the
 * qualified names "mrecist.target").  0 and the quantity's index, type and
 * format on success, -1 when there is none.
 */
typedef int (*expr_name_fn)(void *ctx, const char *name, size_t len, unsigned *index,
                            enum vtype *type, enum vfmt *fmt);

struct expr_env {
	enum scope    scope;
	expr_param_fn param;
	void         *param_ctx;
	expr_name_fn  name;       /* NULL: the scope's table only */
	void         *name_ctx;
};

/*
 * Compile text[0..len) into *out (code in arena a, exactly its size).
 * text lies at offset 'base' of a scalar value whose source is src; errors
 * are reported at the offending token's line and column.  Returns 0,
 * RECIST_EINVALID or RECIST_ENOMEM (not reported: the loader that called
 * reports it once, with its file).
 */
RECIST_INTERNAL int expr_compile(struct expr *out, struct arena *a,
                                 const char *text, size_t len,
                                 const struct expr_env *env,
                                 const struct src_text *src, size_t base,
                                 const recist_diag_sink *sink);

/*
 * Evaluate e with q[] the scope's quantity values (indexed as quantity.h).
 * Returns 0 or RATIO_EOVERFLOW.
 */
RECIST_INTERNAL int expr_eval(const struct expr *e, const struct value *q, struct value *out);

/* Is e true on q?  1 if so, 0 if false or unknown, or RATIO_EOVERFLOW. */
RECIST_INTERNAL int expr_test(const struct expr *e, const struct value *q);

/*
 * A message with {expr} holes ("{{" and "}}" are literal braces).  A hole
 * {+expr} prints a positive number with its sign.  A section {[a|b|...]}
 * prints the first of its alternatives whose holes all have a value and
 * whose conditions {?expr} (which print nothing) are all true, or nothing
 * when none is: so that a message omits what a case does not have instead
 * of printing "n/a".  Outside a section a hole without a value prints
 * "n/a"; conditions are for sections only, and sections do not nest.
 */
enum tmpl_kind {
	TK_TEXT,    /* literal text (braces unescaped) */
	TK_HOLE,    /* a value */
	TK_GUARD,   /* {?expr}: the alternative is printed only when it is true */
	TK_OPEN,    /* "{[" */
	TK_ALT,     /* "|" inside a section */
	TK_CLOSE    /* "]}" */
};
struct tmpl_part {
	enum tmpl_kind kind;
	bool        sign;   /* TK_HOLE: "+" before a positive number */
	const char *text;   /* TK_TEXT: the text */
	size_t      len;
	struct expr expr;   /* TK_HOLE, TK_GUARD */
};
struct tmpl {
	struct tmpl_part *parts;  /* literal runs, holes and section marks */
	size_t            n;
};

/*
 * Compile the message text[0..len) into *out, in arena a: its memory
 * follows the text (a copy of the literal text, one part per run and per
 * hole, each hole's code).  Returns 0, RECIST_EINVALID or RECIST_ENOMEM
 * (not reported, as for expr_compile).
 */
RECIST_INTERNAL int tmpl_compile(struct tmpl *out, struct arena *a,
                                 const char *text, size_t len,
                                 const struct expr_env *env, const struct src_text *src,
                                 const recist_diag_sink *sink);

/* Render t into the arena; NULL on overflow of arithmetic or memory. */
RECIST_INTERNAL char *tmpl_render(const struct tmpl *t, const struct value *q, struct arena *a);

/* Print one value as a message shows it (fmt from the expression) into
 * out[48]; returns its length. */
RECIST_INTERNAL size_t value_format(const struct value *v, enum vfmt fmt, char out[48]);



/* True when e is the constant 'true' (a catch-all rule). */
RECIST_INTERNAL bool expr_is_true(const struct expr *e);
#endif
