/*
 * text_lesions.c - the lesion tables of the text report (see format.h):
 * one row per lesion, as a radiologist reads them.  A target shows what
 * each rule set counted (its value and which measurement: LD, SA,
 * viable, ...) and, at a follow-up, its change from the lesion's baseline
 * value and from its smallest earlier value under that rule set; a
 * non-target its status; a new lesion its size.  The rule sets stand side
 * by side; those that do not fit TEXT_WIDTH go to a further table with the
 * targets again.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"

enum {
	COUNTED_WIDTH = 13,   /* what a rule set counted: "24.0 viable" */
	CHANGE_WIDTH = 10,    /* a change: "-64.28 %" */
	ID_MIN = 6,           /* "lesion" */
	ID_MAX = 12,          /* a wider id or organ pushes its row */
	ORGAN_MIN = 5,        /* "organ" */
	ORGAN_MAX = 16
};

struct lesion_memory {
	size_t   n;                  /* lesions */
	int64_t *base_um, *min_um;   /* [ci * n + lesion] */
	bool    *base_has, *min_has;
};

struct lesion_memory *lesion_memory_new(const struct recist_result *res)
{
	struct lesion_memory *m = calloc(1, sizeof *m);
	size_t cells = res->n_crit * res->n_lesions + 1;

	if (m == NULL)
		return NULL;
	m->n = res->n_lesions;
	m->base_um = calloc(cells, sizeof *m->base_um);
	m->min_um = calloc(cells, sizeof *m->min_um);
	m->base_has = calloc(cells, sizeof *m->base_has);
	m->min_has = calloc(cells, sizeof *m->min_has);
	if (m->base_um == NULL || m->min_um == NULL || m->base_has == NULL || m->min_has == NULL) {
		lesion_memory_free(m);
		return NULL;
	}
	return m;
}

void lesion_memory_free(struct lesion_memory *m)
{
	if (m == NULL)
		return;
	free(m->base_um);
	free(m->min_um);
	free(m->base_has);
	free(m->min_has);
	free(m);
}

/* The targets rule set cr counted at assessment ai, and how many. */
static const struct target_value *targets_at(const struct crit_result *cr, size_t ai, size_t *n)
{
	if (ai == 0) {
		*n = cr->n_baseline_targets;
		return cr->baseline_targets;
	}
	*n = cr->tps[ai - 1].n_targets;
	return cr->tps[ai - 1].targets;
}

/* Whether a source carries a value. */
static bool has_value(unsigned source)
{
	return source != TS_NOT_EVALUATED && source != TS_MISSING;
}

/* The short word after a value: which measurement it is. */
static const char *const source_word[] = {
	[TS_NOT_EVALUATED] = "n/e",
	[TS_MISSING]       = "missing",
	[TS_DIAMETER]      = "LD",
	[TS_FRAGMENTS]     = "split",
	[TS_SHORT_AXIS]    = "SA",
	[TS_VIABLE]        = "viable",
	[TS_GONE]          = "gone",
	[TS_TOO_SMALL]     = "TSTM",
};

/* What a rule set counted: "24.0 viable", "n/e", "missing". */
static void counted(const struct target_value *v, char out[64])
{
	char num[48];

	if (v == NULL || !has_value(v->source)) {
		snprintf(out, 64, "%s", source_word[v ? v->source : TS_NOT_EVALUATED]);
		return;
	}
	format_mm((struct optnum){ true, ratio_from_um(v->um) }, num);
	snprintf(out, 64, "%s %s", num, source_word[v->source]);
}

/* The change from ref to um: in percent, or in mm when ref is 0 mm: "-11.97 %", "+3.0 mm". */
static void change(int64_t um, int64_t ref, char out[64])
{
	char num[48];
	struct optnum v = { true, ratio_from_um(um - ref) };

	if (ref > 0) {
		v.v = (struct ratio){ (um - ref) * 100, ref };
		format_pct(v, num);
		snprintf(out, 64, "%s%s %%", um > ref ? "+" : "", num);
	} else {
		format_mm(v, num);
		snprintf(out, 64, "%s%s mm", um > ref ? "+" : "", num);
	}
}

/* Column widths of one table: the id, organ and role columns, and where the rule sets start. */
struct widths {
	int id, organ, role, prefix, group;
	size_t per_table;
};

static int clamp(size_t w, int lo, int hi)
{
	return w < (size_t)lo ? lo : w > (size_t)hi ? hi : (int)w;
}

static struct widths widths_of(const struct recist_result *res, size_t ai)
{
	const struct result_assessment *a = &res->assessments[ai];
	size_t id = 0, organ = 0;
	struct widths w;

	for (size_t i = 0; i < res->n_lesions; i++) {
		id = id > strlen(res->lesions[i].id) ? id : strlen(res->lesions[i].id);
		organ = organ > strlen(res->lesions[i].organ) ? organ : strlen(res->lesions[i].organ);
	}
	for (size_t k = 0; k < a->n_new_lesions; k++) {
		id = id > strlen(a->new_lesions[k].id) ? id : strlen(a->new_lesions[k].id);
		organ = organ > strlen(a->new_lesions[k].organ) ? organ : strlen(a->new_lesions[k].organ);
	}
	w.id = clamp(id, ID_MIN, ID_MAX) + 2;
	w.organ = clamp(organ, ORGAN_MIN, ORGAN_MAX) + 2;
	w.role = (int)strlen("non-target") + 2;
	w.prefix = 2 + w.id + w.organ + w.role;
	w.group = ai == 0 ? COUNTED_WIDTH : COUNTED_WIDTH + 2 * CHANGE_WIDTH;
	w.per_table = TEXT_WIDTH - w.prefix >= w.group ? (size_t)((TEXT_WIDTH - w.prefix) / w.group) : 1;
	return w;
}

/* "  T1      liver       target      " */
static int row_start(recist_buffer *b, const struct widths *w, const char *id, const char *organ, const char *role)
{
	return buf_puts(b, "  ") | text_cell(b, id, w->id) | text_cell(b, organ, w->organ) | text_cell(b, role, w->role);
}

/* A target's cells under rule set ci: what it counted, and at a follow-up its changes. */
static int target_cells(recist_buffer *b, const struct lesion_memory *m, size_t ci, size_t lesion, size_t ai,
                        const struct target_value *v)
{
	size_t at = ci * m->n + lesion;
	bool value = v != NULL && has_value(v->source);
	char cell[64], base[64], least[64];

	counted(v, cell);
	if (ai == 0)
		return text_cell(b, cell, COUNTED_WIDTH);
	base[0] = least[0] = '\0';
	if (value) {
		snprintf(base, sizeof base, "n/a");
		snprintf(least, sizeof least, "n/a");
		if (m->base_has[at])
			change(v->um, m->base_um[at], base);
		if (m->min_has[at])
			change(v->um, m->min_um[at], least);
	}
	return text_cell(b, cell, COUNTED_WIDTH) | text_cell(b, base, CHANGE_WIDTH) | text_cell(b, least, CHANGE_WIDTH);
}

/* The two header lines of a table of rule sets [from, to). */
static int table_header(recist_buffer *b, const struct recist_result *res, const struct widths *w, size_t from,
                        size_t to, size_t ai)
{
	int rc = 0;

	for (int i = 0; i < w->prefix; i++)
		rc |= buf_append(b, " ", 1);
	for (size_t ci = from; ci < to; ci++)
		rc |= text_cell(b, res->crit[ci].rs->name, w->group);
	rc |= text_end_line(b) | row_start(b, w, "lesion", "organ", "role");
	for (size_t ci = from; ci < to; ci++) {
		rc |= text_cell(b, "counted", COUNTED_WIDTH);
		if (ai > 0)
			rc |= text_cell(b, "baseline", CHANGE_WIDTH) | text_cell(b, "smallest", CHANGE_WIDTH);
	}
	return rc | text_end_line(b);
}

/* "present, short axis 11.0 mm, not enhancing" */
static void non_target_text(const struct result_non_target *nt, char out[128])
{
	static const char *const status[] = {
		[NT_UNRECORDED] = "not evaluated", [NT_PRESENT] = "present", [NT_ABSENT] = "absent",
		[NT_PROGRESSION] = "unequivocal progression", [NT_NOT_EVALUATED] = "not evaluated",
	};
	char num[48] = "";
	size_t n;

	n = (size_t)snprintf(out, 128, "%s", status[nt ? nt->status : NT_UNRECORDED]);
	if (nt == NULL)
		return;
	if (nt->has_short_axis) {
		format_mm((struct optnum){ true, ratio_from_um(nt->short_axis_um) }, num);
		n += (size_t)snprintf(out + n, 128 - n, ", short axis %s mm", num);
	}
	if (nt->enhancing != TRI_UNKNOWN)
		snprintf(out + n, 128 - n, ", %s", nt->enhancing == TRI_TRUE ? "enhancing" : "not enhancing");
}

/* "12.0 mm, recorded as a target, marked equivocal, arterial enhancement yes, washout no" */
static void new_lesion_text(const struct result_new_lesion *nl, char out[160])
{
	char num[48] = "";
	size_t n;

	format_mm((struct optnum){ nl->has_size, ratio_from_um(nl->size_um) }, num);
	n = (size_t)snprintf(out, 160, nl->has_size ? "%s%s mm" : "not measured", nl->nodal ? "short axis " : "", num);
	if (nl->role != NEW_ROLE_UNSET)
		n += (size_t)snprintf(out + n, 160 - n, ", recorded as a %s",
		                      nl->role == NEW_ROLE_TARGET ? "target" : "non-target");
	if (nl->equivocal)
		n += (size_t)snprintf(out + n, 160 - n, ", marked equivocal");
	if (nl->arterial_enhancement != TRI_UNKNOWN)
		n += (size_t)snprintf(out + n, 160 - n, ", arterial enhancement %s",
		                      nl->arterial_enhancement == TRI_TRUE ? "yes" : "no");
	if (nl->washout != TRI_UNKNOWN)
		snprintf(out + n, 160 - n, ", washout %s", nl->washout == TRI_TRUE ? "yes" : "no");
}

/*
 * One table: the rule sets [from, to); the non-targets and new lesions in
 * the first table only (they are the same under every rule set).
 */
static int table(recist_buffer *b, const struct recist_result *res, const struct lesion_memory *m, size_t ai,
                 const struct widths *w, size_t from, size_t to)
{
	const struct result_assessment *a = &res->assessments[ai];
	size_t nt = 0, *cursor = calloc(to - from, sizeof *cursor);
	char text[160];
	int rc = 0;

	if (cursor == NULL)
		return RECIST_ENOMEM;
	rc |= table_header(b, res, w, from, to, ai);
	for (size_t i = 0; i < res->n_lesions; i++) {
		const struct result_lesion *l = &res->lesions[i];
		if (!l->target) {
			while (nt < a->n_non_targets && a->non_targets[nt].lesion < i)
				nt++;
			if (from > 0)
				continue;
			non_target_text(nt < a->n_non_targets && a->non_targets[nt].lesion == i ? &a->non_targets[nt] : NULL,
			                text);
			rc |= row_start(b, w, l->id, l->organ, "non-target") | text_cell(b, text, 0) | text_end_line(b);
			continue;
		}
		rc |= row_start(b, w, l->id, l->organ, "target");
		for (size_t ci = from; ci < to; ci++) {
			size_t n, *c = &cursor[ci - from];
			const struct target_value *v = targets_at(&res->crit[ci], ai, &n);
			while (*c < n && v[*c].lesion < i)
				(*c)++;
			rc |= target_cells(b, m, ci, i, ai, *c < n && v[*c].lesion == i ? &v[*c] : NULL);
		}
		rc |= text_end_line(b);
	}
	for (size_t k = 0; from == 0 && k < a->n_new_lesions; k++) {
		new_lesion_text(&a->new_lesions[k], text);
		rc |= row_start(b, w, a->new_lesions[k].id, a->new_lesions[k].organ, "new") | text_cell(b, text, 0) |
		      text_end_line(b);
	}
	free(cursor);
	return rc;
}

/* Remember assessment ai's values: the baseline's, and each lesion's smallest so far. */
static void remember(const struct recist_result *res, struct lesion_memory *m, size_t ai)
{
	for (size_t ci = 0; ci < res->n_crit; ci++) {
		size_t n;
		const struct target_value *v = targets_at(&res->crit[ci], ai, &n);
		for (size_t k = 0; k < n; k++) {
			size_t at = ci * m->n + v[k].lesion;
			if (!has_value(v[k].source))
				continue;
			if (ai == 0) {
				m->base_has[at] = true;
				m->base_um[at] = v[k].um;
			}
			if (!m->min_has[at] || v[k].um < m->min_um[at]) {
				m->min_has[at] = true;
				m->min_um[at] = v[k].um;
			}
		}
	}
}

int text_lesions(recist_buffer *b, const struct recist_result *res, struct lesion_memory *m, size_t ai)
{
	int rc = 0;

	if (res->n_lesions == 0 || ai >= res->n_assessments || res->n_crit == 0)
		return 0;
	struct widths w = widths_of(res, ai);
	for (size_t from = 0; from < res->n_crit; from += w.per_table) {
		size_t to = from + w.per_table < res->n_crit ? from + w.per_table : res->n_crit;
		rc |= buf_puts(b, "\n") | table(b, res, m, ai, &w, from, to);
	}
	remember(res, m, ai);
	return rc ? RECIST_ENOMEM : 0;
}

int text_lesion_legend(recist_buffer *b, const struct recist_result *res)
{
	static const struct { unsigned source; const char *meaning; } words[] = {
		{ TS_DIAMETER,      "LD longest diameter" },
		{ TS_FRAGMENTS,     "split: the sum of a split lesion's parts" },
		{ TS_SHORT_AXIS,    "SA short axis" },
		{ TS_VIABLE,        "viable: LD of the viable (enhancing) tumour" },
		{ TS_GONE,          "gone: measured at 0 mm, so no viable tumour" },
		{ TS_TOO_SMALL,     "TSTM too small to measure, counted as" },
		{ TS_MISSING,       "missing: recorded without the measurement the rule set reads" },
		{ TS_NOT_EVALUATED, "n/e not evaluated or not recorded" },
	};
	bool used[TS_TOO_SMALL + 1] = { false }, same = true;
	recist_buffer text = RECIST_BUFFER_INIT;
	char num[48];
	int rc = 0;

	if (res->n_lesions == 0 || res->n_crit == 0)
		return 0;
	for (size_t ci = 0; ci < res->n_crit; ci++) {
		same &= res->crit[ci].rs->too_small_um == res->crit[0].rs->too_small_um;
		for (size_t ai = 0; ai < res->n_assessments && ai <= res->crit[ci].n_tps; ai++) {
			size_t n;
			const struct target_value *v = targets_at(&res->crit[ci], ai, &n);
			for (size_t k = 0; k < n; k++)
				used[v[k].source] = true;
		}
	}
	used[TS_NOT_EVALUATED] = true;
	format_mm((struct optnum){ true, ratio_from_um(res->crit[0].rs->too_small_um) }, num);
	rc |= buf_puts(&text, "Lesion tables: what each rule set counted (");
	for (size_t k = 0, said = 0; k < ARRAY_SIZE(words); k++) {
		if (!used[words[k].source])
			continue;
		rc |= buf_puts(&text, said++ ? "; " : "") | buf_puts(&text, words[k].meaning);
		if (words[k].source == TS_TOO_SMALL)
			rc |= same ? buf_printf(&text, " %s mm", num) : buf_puts(&text, " each rule set's too_small_mm");
	}
	rc |= buf_puts(&text, "), then the change from the lesion's baseline value and from its smallest earlier "
	                      "value.");
	if (rc == 0)
		rc = buf_puts(b, "\n") | text_paragraph(b, "", "", text.ptr);
	recist_buffer_release(&text);
	return rc ? RECIST_ENOMEM : 0;
}
