/*
 * summary_text.c - recist summary as the tables a paper prints: best
 * responses per rule set with the arms side by side, the rates with their
 * intervals and Fisher's test, the cross-table of the two rule sets, flags
 * and warnings by code, and the Kaplan-Meier figures with the log-rank
 * test.  The numbers come from summary_stats.c, as JSON's and CSV's do.
 *
 * SPDX-License-Identifier: MIT
 *
 * Lines stay within TEXT_WIDTH columns: when the arms do not fit side by
 * side, a table is printed again for the next ones, its row labels
 * repeated.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "output/format.h"
#include "output/summary.h"


static const char *const years[] = { "1 year", "2 years", "3 years" };

/* The layout of one table: its label column, and its cells, so many per group. */
struct layout {
	int label, cell, cells;
};

/* How many groups one block of the table shows side by side: at least one. */
static size_t per_block(const struct layout *l)
{
	int n = (TEXT_WIDTH - l->label) / (l->cell * l->cells);

	return n > 0 ? (size_t)n : 1;
}

/* A count and its percentage, "8 (20.0 %)". */
static void count_pct(char *out, size_t size, size_t n, size_t total)
{
	struct sum_prop p = sum_proportion(n, total);

	snprintf(out, size, "%zu (%.1f %%)", n, isnan(p.est) ? 0.0 : p.est * 100);
}

/* A proportion's 95 % interval in percent, "9.1 to 35.6". */
static void prop_ci(char *out, size_t size, size_t n, size_t total)
{
	struct sum_prop p = sum_proportion(n, total);

	if (isnan(p.lo) || isnan(p.hi))
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%.1f to %.1f", p.lo * 100, p.hi * 100);
}

/* A limit that R prints as NA stays NA. */
static void limit(char *out, size_t size, double v, double scale)
{
	if (isnan(v))
		snprintf(out, size, "NA");
	else
		snprintf(out, size, "%.1f", v * scale);
}

/* An estimate with its interval, "52.5 (39.1 to 70.5)", or what stands for none. */
static void estimate(char *out, size_t size, double est, double lo, double hi, double scale, const char *none)
{
	char l[32], h[32];

	if (isnan(est)) {
		snprintf(out, size, "%s", none);
		return;
	}
	limit(l, sizeof l, lo, scale);
	limit(h, sizeof h, hi, scale);
	snprintf(out, size, "%.1f (%s to %s)", est * scale, l, h);
}

/* The header line of a block: each group's name and its n over its cells. */
static int group_header(recist_buffer *b, const struct layout *l, const char *title,
                        const struct sum_group *const *g, const size_t *n, size_t count)
{
	char head[160];
	int rc = text_cell(b, title, l->label);

	for (size_t i = 0; i < count; i++) {
		snprintf(head, sizeof head, "%s (n = %zu)", g[i]->name, n[i]);
		rc |= text_cell(b, head, l->cell * l->cells);
	}
	return rc | text_end_line(b);
}

/* ---- Best overall response, one table per rule set ---------------------- */

struct block {
	const recist_summary   *s;
	size_t                  k;          /* the rule set */
	const struct sum_group *g[16];      /* the groups of this block */
	size_t                  n[16];      /* their patients */
	size_t                  count;
};

/* One row of counts: unconfirmed and confirmed side by side, per group. */
static int count_row(recist_buffer *b, const struct layout *l, const char *label, const struct block *bl,
                     recist_response resp, int rate)
{
	char cell[64];
	int rc = text_cell(b, label, l->label);

	for (size_t i = 0; i < bl->count; i++) {
		const struct sum_crit *c = &bl->g[i]->crit[bl->k];

		for (int confirmed = 0; confirmed < 2; confirmed++) {
			const size_t *bor = confirmed ? c->cbor : c->bor;
			size_t x = rate < 0 ? bor[resp] : sum_rate_count(bor, (enum sum_rate)rate);

			count_pct(cell, sizeof cell, x, c->n);
			rc |= text_cell(b, cell, l->cell);
		}
	}
	return rc | text_end_line(b);
}

/* The interval row under a rate. */
static int ci_row(recist_buffer *b, const struct layout *l, const struct block *bl, enum sum_rate rate)
{
	char cell[64];
	int rc = text_cell(b, "  95 % CI", l->label);

	for (size_t i = 0; i < bl->count; i++) {
		const struct sum_crit *c = &bl->g[i]->crit[bl->k];

		for (int confirmed = 0; confirmed < 2; confirmed++) {
			prop_ci(cell, sizeof cell, sum_rate_count(confirmed ? c->cbor : c->bor, rate), c->n);
			rc |= text_cell(b, cell, l->cell);
		}
	}
	return rc | text_end_line(b);
}

static int response_block(recist_buffer *b, const struct layout *l, const struct block *bl)
{
	int rc = group_header(b, l, "", bl->g, bl->n, bl->count) | text_cell(b, "", l->label);

	for (size_t i = 0; i < bl->count; i++)
		rc |= text_cell(b, "unconfirmed", l->cell) | text_cell(b, "confirmed", l->cell);
	rc |= text_end_line(b);
	const struct sum_vocab *v = sum_vocab_of(bl->s, bl->k);
	char orr[32], dcr[32];

	for (size_t i = 0; i < v->n_shown; i++)
		rc |= count_row(b, l, recist_response_name(v->shown[i]), bl, v->shown[i], -1);
	snprintf(orr, sizeof orr, "ORR (%s)", v->orr);
	snprintf(dcr, sizeof dcr, "DCR (%s)", v->dcr);
	rc |= count_row(b, l, orr, bl, RECIST_RESP_NONE, SUM_ORR) | ci_row(b, l, bl, SUM_ORR);
	rc |= count_row(b, l, dcr, bl, RECIST_RESP_NONE, SUM_DCR) | ci_row(b, l, bl, SUM_DCR);
	return rc;
}

/* Fisher's test between every two groups the rule set assessed, one line a pair. */
static int fisher_lines(recist_buffer *b, const recist_summary *s, size_t k)
{
	int rc = 0;

	for (size_t a = 0; a < s->n_groups; a++)
		for (size_t c = a + 1; c < s->n_groups; c++) {
			const struct sum_crit *ca = &s->groups[a].crit[k], *cb = &s->groups[c].crit[k];
			const char *na = s->groups[a].name, *nc = s->groups[c].name;

			if (ca->n == 0 || cb->n == 0)
				continue;
			rc |= text_printable(b, na, strlen(na)) | buf_puts(b, " vs ") | text_printable(b, nc, strlen(nc));
			rc |= buf_printf(b, ", Fisher's exact test, two-sided: ORR p = %.4f, DCR p = %.4f;\n"
			                 "  by the confirmed responses: ORR p = %.4f, DCR p = %.4f\n",
			                 sum_fisher(ca->bor, ca->n, cb->bor, cb->n, SUM_ORR),
			                 sum_fisher(ca->bor, ca->n, cb->bor, cb->n, SUM_DCR),
			                 sum_fisher(ca->cbor, ca->n, cb->cbor, cb->n, SUM_ORR),
			                 sum_fisher(ca->cbor, ca->n, cb->cbor, cb->n, SUM_DCR));
		}
	return rc;
}

/* The groups a rule set did not assess, in one sentence. */
static int not_assessed_line(recist_buffer *b, const recist_summary *s, size_t k)
{
	recist_buffer line = RECIST_BUFFER_INIT;
	size_t said = 0;
	int rc = 0;

	for (size_t g = 0; g < s->n_groups; g++) {
		const struct sum_crit *c = &s->groups[g].crit[k];

		if (c->not_assessed > 0)
			rc |= buf_printf(&line, "%s%s %zu of %zu", said++ ? ", " : "", s->groups[g].name, c->not_assessed,
			                 s->groups[g].n_cases);
	}
	if (said > 0 && rc == 0)
		rc = buf_printf(&line, " patients had nothing at baseline that %s reads: it did not assess them.",
		                s->crit_id[k]);
	if (said > 0 && rc == 0)
		rc = text_paragraph(b, "", "  ", line.ptr);
	recist_buffer_release(&line);
	return rc;
}

static int responses_table(recist_buffer *b, const recist_summary *s, size_t k)
{
	/* Labels in 18 columns, or wider for iRECIST's "DCR (iCR+iPR+iSD)" and a space. */
	size_t dcr = strlen("DCR ()") + strlen(sum_vocab_of(s, k)->dcr) + 2;
	struct layout l = { dcr > 18 ? (int)dcr : 18, 14, 2 };
	struct block bl = { s, k, { NULL }, { 0 }, 0 };
	size_t per = per_block(&l);
	int rc = buf_printf(b, "\nBest overall response by %s, patients (%% of those it assessed)\n\n", s->crit_id[k]);

	per = per < ARRAY_SIZE(bl.g) ? per : ARRAY_SIZE(bl.g);
	for (size_t g = 0; g < s->n_groups && rc == 0; g++) {
		if (s->groups[g].crit[k].n == 0)
			continue;
		bl.g[bl.count] = &s->groups[g];
		bl.n[bl.count++] = s->groups[g].crit[k].n;
		if (bl.count == per) {
			rc = response_block(b, &l, &bl) | buf_puts(b, "\n");
			bl.count = 0;
		}
	}
	if (bl.count > 0)
		rc |= response_block(b, &l, &bl) | buf_puts(b, "\n");
	return rc | fisher_lines(b, s, k) | not_assessed_line(b, s, k);
}

/* ---- The cross-table of the first two rule sets, per group -------------- */

/* A column as wide as its response's name, and at least 8. */
static int column_width(recist_response r)
{
	int n = (int)strlen(recist_response_name(r)) + 2;

	return n > 8 ? n : 8;
}

/*
 * Which of vocabulary v's responses an axis shows: those its rule set gave
 * (mine), and those whose counterpart the other rule set gave (theirs), so
 * that agreement lies on the diagonal (PR beside iPR).
 */
static void axis_shown(const struct sum_vocab *v, const size_t *mine, const size_t *theirs, bool *used)
{
	for (size_t i = 0; i < v->n_shown; i++) {
		recist_response r = v->shown[i];

		used[r] = mine[r] > 0;
		for (size_t j = 0; j < SUM_RESP && !used[r]; j++)
			used[r] = theirs[j] > 0 && sum_same_response(r, (recist_response)j);
	}
}

static int cross_table(recist_buffer *b, const recist_summary *s, const struct sum_group *g)
{
	size_t row[SUM_RESP] = { 0 }, col[SUM_RESP] = { 0 }, total = 0, agree = 0;
	const struct sum_vocab *rows = sum_vocab_of(s, 0), *cols = sum_vocab_of(s, 1);
	bool row_used[SUM_RESP] = { false }, col_used[SUM_RESP] = { false };
	char cell[64];
	int rc;

	for (size_t i = 0; i < SUM_RESP; i++)
		for (size_t j = 0; j < SUM_RESP; j++) {
			row[i] += g->cross[i][j];
			col[j] += g->cross[i][j];
			total += g->cross[i][j];
			agree += sum_same_response((recist_response)i, (recist_response)j) ? g->cross[i][j] : 0;
		}
	if (total == 0)
		return 0;
	axis_shown(rows, row, col, row_used);
	axis_shown(cols, col, row, col_used);
	rc = buf_printf(b, "\n%s: best overall response by %s (rows) and by %s (columns), patients\n\n",
	                g->name, s->crit_id[0], s->crit_id[1]);
	rc |= text_cell(b, "", 18);
	for (size_t j = 0; j < cols->n_shown; j++)
		if (col_used[cols->shown[j]])
			rc |= text_cell(b, recist_response_name(cols->shown[j]), column_width(cols->shown[j]));
	rc |= text_cell(b, "total", 8) | text_end_line(b);
	for (size_t i = 0; i <= rows->n_shown; i++) {
		bool last = i == rows->n_shown;
		recist_response r = last ? RECIST_RESP_NONE : rows->shown[i];

		if (!last && !row_used[r])
			continue;
		rc |= text_cell(b, last ? "total" : recist_response_name(r), 18);
		for (size_t j = 0; j < cols->n_shown; j++) {
			recist_response c = cols->shown[j];
			if (col_used[c]) {
				snprintf(cell, sizeof cell, "%zu", last ? col[c] : g->cross[r][c]);
				rc |= text_cell(b, cell, column_width(c));
			}
		}
		snprintf(cell, sizeof cell, "%zu", last ? total : row[r]);
		rc |= text_cell(b, cell, 8) | text_end_line(b);
	}
	count_pct(cell, sizeof cell, total - agree, total);
	return rc | buf_printf(b, "The two rule sets disagree for %s of the %zu patients both assessed.\n", cell, total);
}

/* ---- Flags and warnings by code ----------------------------------------- */

/* The code's count in g (0 when g never had it). */
static size_t count_in(const struct sum_count *c, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			return c[i].n;
	return 0;
}

/* Whether code was seen in a group before g (its row is printed already). */
static bool seen_before(const recist_summary *s, size_t g, const char *code, bool flags)
{
	for (size_t h = 0; h < g; h++) {
		const struct sum_group *o = &s->groups[h];

		if (count_in(flags ? o->flags : o->warnings, flags ? o->n_flags : o->n_warnings, code) > 0)
			return true;
	}
	return false;
}

/* One block of the flags (patients, % and interval) or warnings (times) table: groups from..to. */
static int codes_block(recist_buffer *b, const struct layout *l, const recist_summary *s, size_t from, size_t to,
                       bool flags)
{
	const struct sum_group *gs[16];
	size_t ns[16];
	char cell[64];
	int rc;

	for (size_t i = from; i < to; i++) {
		gs[i - from] = &s->groups[i];
		ns[i - from] = s->groups[i].n_cases;
	}
	rc = group_header(b, l, flags ? "Flag" : "Warning", gs, ns, to - from);
	for (size_t g = 0; g < s->n_groups; g++) {
		const struct sum_group *o = &s->groups[g];
		size_t n_codes = flags ? o->n_flags : o->n_warnings;

		for (size_t c = 0; c < n_codes; c++) {
			const char *code = (flags ? o->flags : o->warnings)[c].code;

			if (seen_before(s, g, code, flags))
				continue;
			rc |= text_cell(b, code, l->label);
			for (size_t i = from; i < to; i++) {
				const struct sum_group *h = &s->groups[i];
				size_t x = count_in(flags ? h->flags : h->warnings, flags ? h->n_flags : h->n_warnings, code);

				if (flags) {
					count_pct(cell, sizeof cell, x, h->n_cases);
					rc |= text_cell(b, cell, l->cell);
					prop_ci(cell, sizeof cell, x, h->n_cases);
					rc |= text_cell(b, cell, l->cell);
				} else {
					snprintf(cell, sizeof cell, "%zu", x);
					rc |= text_cell(b, cell, l->cell);
				}
			}
			rc |= text_end_line(b);
		}
	}
	return rc;
}

static int codes_table(recist_buffer *b, const recist_summary *s, bool flags)
{
	struct layout l = { 18, 14, flags ? 2 : 1 };
	size_t any = 0, per;
	int rc = 0;

	for (size_t g = 0; g < s->n_groups; g++) {
		const struct sum_group *o = &s->groups[g];
		size_t n = flags ? o->n_flags : o->n_warnings;

		any += n;
		for (size_t c = 0; c < n; c++) {
			size_t w = strlen((flags ? o->flags : o->warnings)[c].code) + 2;

			l.label = (int)w > l.label ? (int)w : l.label;
		}
	}
	if (any == 0)
		return 0;
	per = per_block(&l);
	per = per < 16 ? per : 16;
	rc = buf_printf(b, flags ? "\nFlags: patients (%%) and 95 %% CI\n\n" : "\nWarnings: times given, by code\n\n");
	for (size_t from = 0; from < s->n_groups && rc == 0; from += per)
		rc = buf_puts(b, from ? "\n" : "") |
		     codes_block(b, &l, s, from, from + per < s->n_groups ? from + per : s->n_groups, flags);
	return rc;
}

/* ---- Time to event ------------------------------------------------------ */

/* One block of an endpoint's table: groups from..to, their curves made first. */
static int curve_block(recist_buffer *b, const struct layout *l, const recist_summary *s, const struct sum_times *t,
                       size_t from, size_t to)
{
	const struct sum_group *gs[16];
	struct sum_km km[16];
	size_t ns[16], count = 0;
	char cell[96];
	int rc;

	for (size_t g = from; g < to; g++) {
		if ((rc = sum_km_of(&km[count], t, (unsigned)g)) < 0)
			return rc;
		if (rc == 0)
			continue;
		gs[count] = &s->groups[g];
		ns[count] = km[count].subjects;
		count++;
	}
	if (count == 0)
		return 0;
	rc = group_header(b, l, "", gs, ns, count) | text_cell(b, "events", l->label);
	for (size_t i = 0; i < count; i++) {
		snprintf(cell, sizeof cell, "%zu", km[i].events);
		rc |= text_cell(b, cell, l->cell);
	}
	rc |= text_end_line(b) | text_cell(b, "median, months", l->label);
	for (size_t i = 0; i < count; i++) {
		estimate(cell, sizeof cell, km[i].median, km[i].median_lo, km[i].median_hi, 1 / DAYS_MONTH,
		         "not reached");
		rc |= text_cell(b, cell, l->cell);
	}
	rc |= text_end_line(b);
	for (int y = 0; y < 3; y++) {
		char label[32];

		snprintf(label, sizeof label, "at %s, %%", years[y]);
		rc |= text_cell(b, label, l->label);
		for (size_t i = 0; i < count; i++) {
			estimate(cell, sizeof cell, km[i].rate[y], km[i].lo[y], km[i].hi[y], 100, "beyond follow-up");
			rc |= text_cell(b, cell, l->cell);
		}
		rc |= text_end_line(b);
	}
	return rc;
}

static int endpoint_table(recist_buffer *b, const recist_summary *s, const char *title, const struct sum_times *t)
{
	struct layout l = { 18, 24, 1 };
	size_t per = per_block(&l);
	double chisq, p;
	int rc;

	if (t->n == 0)
		return 0;
	per = per < 16 ? per : 16;
	rc = buf_printf(b, "\n%s, Kaplan-Meier (95 %% CI)\n\n", title);
	for (size_t from = 0; from < s->n_groups && rc == 0; from += per)
		rc = buf_puts(b, from ? "\n" : "") |
		     curve_block(b, &l, s, t, from, from + per < s->n_groups ? from + per : s->n_groups);
	if (rc == 0 && (rc = sum_logrank(s, t, &chisq, &p)) == 0 && !isnan(p))
		rc = buf_printf(b, "Log-rank test: chi-square %.4f, p = %.4f\n", chisq, p);
	return rc;
}

/* ---- The whole ---------------------------------------------------------- */

static int heading(recist_buffer *b, const recist_summary *s)
{
	recist_buffer line = RECIST_BUFFER_INIT;
	int rc = buf_printf(&line, "%zu cases", s->n_cases);

	if (!s->by_none)
		for (size_t g = 0; g < s->n_groups; g++)
			rc |= buf_printf(&line, "%s %s %zu", g ? "," : " by arm:", s->groups[g].name, s->groups[g].n_cases);
	rc |= buf_printf(&line, ". 95 %% confidence intervals: exact (Clopper-Pearson) for proportions, "
	                 "log-transformed (as R's survfit) for Kaplan-Meier estimates.");
	if (s->n_rejected > 0)
		rc |= buf_printf(&line, " %zu error record(s) of rejected cases are not counted.", s->n_rejected);
	if (rc == 0)
		rc = text_paragraph(b, "", "", line.ptr);
	recist_buffer_release(&line);
	return rc;
}

int summary_text(recist_buffer *b, const recist_summary *s)
{
	int rc = heading(b, s);

	for (size_t k = 0; k < s->n_crit && rc == 0; k++) {
		bool any = false;

		for (size_t g = 0; g < s->n_groups; g++)
			any |= s->groups[g].crit[k].n > 0 || s->groups[g].crit[k].not_assessed > 0;
		if (any)
			rc = responses_table(b, s, k);
	}
	for (size_t g = 0; g < s->n_groups && rc == 0 && s->n_crit >= 2; g++)
		rc = cross_table(b, s, &s->groups[g]);
	if (rc == 0)
		rc = codes_table(b, s, true) | codes_table(b, s, false);
	for (size_t k = 0; k < s->n_crit && rc == 0; k++) {
		char title[96];

		snprintf(title, sizeof title, "Time to progression by %s", s->crit_id[k]);
		rc = endpoint_table(b, s, title, &s->ttp[k]);
	}
	if (rc == 0)
		rc = endpoint_table(b, s, "Overall survival", &s->os);
	return rc < 0 ? RECIST_ENOMEM : 0;
}
