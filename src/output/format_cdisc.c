/*
 * format_cdisc.c - results as the tables trials exchange: CDISC SDTM RS
 * rows (the calls per follow-up), ADaM ADRS (OVR per follow-up, BOR and
 * CBOR per rule set) and ADaM ADTR (SDIAM, the target sum, per
 * assessment), as CSV rows or as a SAS transport file.  recist-sdtm(5)
 * lists the columns.
 *
 * SPDX-License-Identifier: MIT
 *
 * The identifiers (STUDYID, USUBJID, the reader, VISIT) are those the
 * case carries under "sdtm", as recist import sdtm writes them; a case
 * without them is written under its case_id.  A rule set is named by its
 * cdisc.rscat (RSCAT, PARCAT1), else by its name; its target and
 * non-target calls are written in its cdisc.category_terms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "input/table.h"
#include "output/columns.h"
#include "output/format.h"

/* The columns of each table: name, label (<= 40 characters), numeric. */
struct cdisc_col {
	const char *name;
	const char *label;
	bool        numeric;
};

static const struct cdisc_col rs_cols[] = {
	{ "STUDYID",  "Study Identifier",                 false },
	{ "DOMAIN",   "Domain Abbreviation",              false },
	{ "USUBJID",  "Unique Subject Identifier",        false },
	{ "RSSEQ",    "Sequence Number",                  true  },
	{ "RSTESTCD", "Assessment Short Name",            false },
	{ "RSTEST",   "Assessment Name",                  false },
	{ "RSCAT",    "Category for Assessment",          false },
	{ "RSORRES",  "Result or Finding in Original Units", false },
	{ "RSSTRESC", "Character Result/Finding in Std Format", false },
	{ "RSEVAL",   "Evaluator",                        false },
	{ "RSEVALID", "Evaluator Identifier",             false },
	{ "VISITNUM", "Visit Number",                     true  },
	{ "VISIT",    "Visit Name",                       false },
	{ "RSDTC",    "Date/Time of Assessment",          false },
};

static const struct cdisc_col adrs_cols[] = {
	{ "STUDYID",  "Study Identifier",                 false },
	{ "USUBJID",  "Unique Subject Identifier",        false },
	{ "PARAMCD",  "Parameter Code",                   false },
	{ "PARAM",    "Parameter",                        false },
	{ "PARCAT1",  "Parameter Category 1",             false },
	{ "AVALC",    "Analysis Value (C)",               false },
	{ "AVAL",     "Analysis Value",                   true  },
	{ "ADT",      "Analysis Date",                    false },
	{ "ADY",      "Analysis Relative Day",            true  },
	{ "AVISIT",   "Analysis Visit",                   false },
	{ "AVISITN",  "Analysis Visit (N)",               true  },
	{ "RSEVAL",   "Evaluator",                        false },
	{ "RSEVALID", "Evaluator Identifier",             false },
};

static const struct cdisc_col adtr_cols[] = {
	{ "STUDYID",  "Study Identifier",                 false },
	{ "USUBJID",  "Unique Subject Identifier",        false },
	{ "PARAMCD",  "Parameter Code",                   false },
	{ "PARAM",    "Parameter",                        false },
	{ "PARCAT1",  "Parameter Category 1",             false },
	{ "AVAL",     "Analysis Value",                   true  },
	{ "BASE",     "Baseline Value",                   true  },
	{ "CHG",      "Change from Baseline",             true  },
	{ "PCHG",     "Percent Change from Baseline",     true  },
	{ "NADIR",    "Nadir",                            true  },
	{ "CHGNAD",   "Change from Nadir",                true  },
	{ "PCHGNAD",  "Percent Change from Nadir",        true  },
	{ "ABLFL",    "Baseline Record Flag",             false },
	{ "ADT",      "Analysis Date",                    false },
	{ "ADY",      "Analysis Relative Day",            true  },
	{ "AVISIT",   "Analysis Visit",                   false },
	{ "AVISITN",  "Analysis Visit (N)",               true  },
	{ "TREVAL",   "Evaluator",                        false },
	{ "TREVALID", "Evaluator Identifier",             false },
};

static const struct {
	const char             *dataset;
	const struct cdisc_col *cols;
	size_t                  n;
} tables[] = {
	[RECIST_TABLE_SDTM_RS] = { "RS",   rs_cols,   ARRAY_SIZE(rs_cols) },
	[RECIST_TABLE_ADRS]    = { "ADRS", adrs_cols, ARRAY_SIZE(adrs_cols) },
	[RECIST_TABLE_ADTR]    = { "ADTR", adtr_cols, ARRAY_SIZE(adtr_cols) },
};

static bool known(recist_table kind)
{
	return (size_t)kind < ARRAY_SIZE(tables) && tables[kind].cols != NULL;
}

int recist_table_csv_header(recist_buffer *buf, recist_table kind)
{
	int rc = 0;

	if (!known(kind))
		return RECIST_EINVALID;
	for (size_t i = 0; i < tables[kind].n; i++)
		rc |= csv_field(buf, tables[kind].cols[i].name, i + 1 == tables[kind].n);
	return rc ? RECIST_ENOMEM : 0;
}

/* One row: cells in the table's order, NULL for empty. */
static int put_row(recist_buffer *buf, recist_table kind, const char *const *cells)
{
	int rc = 0;

	for (size_t i = 0; i < tables[kind].n; i++)
		rc |= csv_field(buf, cells[i] ? cells[i] : "", i + 1 == tables[kind].n);
	return rc ? RECIST_ENOMEM : 0;
}

static const char *category(const struct crit_result *cr)
{
	return cr->rs->cdisc_rscat ? cr->rs->cdisc_rscat : cr->rs->name;
}

static const char *subject(const struct recist_result *res)
{
	return res->sdtm.usubjid ? res->sdtm.usubjid : res->case_id;
}

/* ADaM's study day: day 1 is the treatment start, and there is no day 0. */
static const char *study_day(const struct recist_result *res, int32_t day, char out[24])
{
	long d;

	if (!res->has_treatment_start)
		return NULL;
	d = (long)day - res->treatment_start;
	snprintf(out, 24, "%ld", d >= 0 ? d + 1 : d);
	return out;
}

/* ---- RS ---- */

struct rs_call {
	const char *testcd, *test;
};

static int rs_rows(recist_buffer *buf, const struct recist_result *res, unsigned long *seq)
{
	int rc = 0;

	for (size_t c = 0; c < res->n_crit; c++) {
		const struct crit_result *cr = &res->crit[c];
		if (cr->not_assessed != NULL)  /* a rule set not assessed has no rows */
			continue;
		for (size_t t = 0; t < cr->n_tps; t++) {
			const struct tp_result *tp = &cr->tps[t];
			const char *newlind = tp->new_lesions == RECIST_RESP_NO ? "N" : "Y";
			const char *newlprog = tp->new_lesions == RECIST_RESP_YES ? "UNEQUIVOCAL"
			                       : tp->new_lesions == RECIST_RESP_EQUIVOCAL ? "EQUIVOCAL" : NULL;
			const struct { const char *testcd, *test, *value; } calls[] = {
				/* The category calls in the rule set's own terms (cdisc.category_terms: iRECIST's iUPD). */
				{ "TRGRESP",  "Target Response",        tp->target == RECIST_RESP_NA ? NULL : ruleset_category_term(cr->rs, tp->target) },
				{ "NTRGRESP", "Non-target Response",    tp->non_target == RECIST_RESP_NA ? NULL : ruleset_category_term(cr->rs, tp->non_target) },
				{ "NEWLIND",  "New Lesion Indicator",   newlind },
				{ "NEWLPROG", "New Lesion Progression", newlprog },
				{ "OVRLRESP", "Overall Response",       recist_response_name(tp_response(tp)) },
			};
			for (size_t k = 0; k < ARRAY_SIZE(calls); k++) {
				char n[24];
				if (calls[k].value == NULL)
					continue;
				snprintf(n, sizeof n, "%lu", ++*seq);
				rc |= put_row(buf, RECIST_TABLE_SDTM_RS, (const char *const[]){
					res->sdtm.studyid, "RS", subject(res), n, calls[k].testcd, calls[k].test, category(cr),
					calls[k].value, calls[k].value, res->sdtm.eval, res->sdtm.evalid, tp->visitnum, tp->visit,
					tp->date });
			}
		}
	}
	return rc ? RECIST_ENOMEM : 0;
}

/* ---- ADRS ---- */

/* admiralonco's order of responses, AVAL: CR 1 ... NE 6, MISSING 7. */
static const char *response_order(const char *avalc)
{
	static const char *const order[] = { "CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE", "MISSING" };
	static const char *const digits[] = { "1", "2", "3", "4", "5", "6", "7" };

	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (strcmp(order[i], avalc) == 0)
			return digits[i];
	return NULL;
}

static int adrs_row(recist_buffer *buf, const struct recist_result *res, const struct crit_result *cr,
                    const char *paramcd, const char *param, const char *avalc, const char *date,
                    const char *visit, const char *visitnum)
{
	char ady[24];
	int32_t day;

	if (avalc[0] == '\0')
		avalc = "MISSING";
	return put_row(buf, RECIST_TABLE_ADRS, (const char *const[]){
		res->sdtm.studyid, subject(res), paramcd, param, category(cr), avalc, response_order(avalc),
		date && date[0] ? date : NULL,
		date && date[0] && date_parse(date, 10, &day) == 0 ? study_day(res, day, ady) : NULL,
		visit, visitnum, res->sdtm.eval, res->sdtm.evalid });
}

static int adrs_rows(recist_buffer *buf, const struct recist_result *res)
{
	int rc = 0;

	for (size_t c = 0; c < res->n_crit; c++) {
		const struct crit_result *cr = &res->crit[c];
		if (cr->not_assessed != NULL)  /* a rule set not assessed has no rows */
			continue;
		char scratch[24];
		for (size_t t = 0; t < cr->n_tps; t++)
			rc |= adrs_row(buf, res, cr, "OVR", "Overall Response", recist_response_name(tp_response(&cr->tps[t])),
			               cr->tps[t].date, cr->tps[t].visit, cr->tps[t].visitnum);
		rc |= adrs_row(buf, res, cr, "BOR", "Best Overall Response (confirmation not required)",
		               best_value(cr, COL_BEST_OVERALL, scratch), best_value(cr, COL_BEST_OVERALL_DATE, scratch),
		               NULL, NULL);
		rc |= adrs_row(buf, res, cr, "CBOR", "Best Confirmed Overall Response",
		               best_value(cr, COL_CONFIRMED_BEST_OVERALL, scratch),
		               best_value(cr, COL_CONFIRMED_BEST_OVERALL_DATE, scratch), NULL, NULL);
	}
	return rc ? RECIST_ENOMEM : 0;
}

/* ---- ADTR ---- */

static int adtr_row(recist_buffer *buf, const struct recist_result *res, const struct crit_result *cr,
                    int32_t day, const char *date, const char *visit, const char *visitnum, bool baseline,
                    struct optnum aval, struct optnum nadir, struct optnum pchg, struct optnum chgnad,
                    struct optnum pchgnad)
{
	char v[48], base[48], chg[48], p[48], nad[48], cn[48], pn[48], ady[24];
	struct optnum change = { false, { 0, 1 } };

	if (aval.has && cr->baseline_sum_mm.has && !baseline)
		change.has = ratio_sub(&change.v, aval.v, cr->baseline_sum_mm.v) == 0;
	format_mm(aval, v);
	format_mm(cr->baseline_sum_mm, base);
	format_mm(change, chg);
	format_pct(pchg, p);
	format_mm(nadir, nad);
	format_mm(chgnad, cn);
	format_pct(pchgnad, pn);
	return put_row(buf, RECIST_TABLE_ADTR, (const char *const[]){
		res->sdtm.studyid, subject(res), "SDIAM", "Target Lesions Sum of Diameters", category(cr),
		v, base, chg, p, nad, cn, pn, baseline ? "Y" : NULL, date, study_day(res, day, ady), visit, visitnum,
		res->sdtm.eval, res->sdtm.evalid });
}

static int adtr_rows(recist_buffer *buf, const struct recist_result *res)
{
	static const struct optnum none = { false, { 0, 1 } };
	int rc = 0;

	for (size_t c = 0; c < res->n_crit; c++) {
		const struct crit_result *cr = &res->crit[c];
		if (cr->not_assessed != NULL)  /* a rule set not assessed has no rows */
			continue;
		rc |= adtr_row(buf, res, cr, cr->baseline_day, cr->baseline_date, cr->baseline_visit,
		               cr->baseline_visitnum, true, cr->baseline_sum_mm, none, none, none, none);
		for (size_t t = 0; t < cr->n_tps; t++) {
			const struct tp_result *tp = &cr->tps[t];
			rc |= adtr_row(buf, res, cr, tp->day, tp->date, tp->visit, tp->visitnum, false, tp->sum_mm,
			               tp->nadir_mm, tp->change_from_baseline_pct, tp->change_from_nadir_mm,
			               tp->change_from_nadir_pct);
		}
	}
	return rc ? RECIST_ENOMEM : 0;
}

int recist_table_csv_rows(recist_buffer *buf, const recist_result *res, recist_table kind, unsigned long *seq)
{
	if (!known(kind))
		return RECIST_EINVALID;
	if (res->history && kind != RECIST_TABLE_ADRS)
		return RECIST_EINVALID;  /* a history has no measurements and no component calls */
	switch (kind) {
	case RECIST_TABLE_SDTM_RS: return rs_rows(buf, res, seq);
	case RECIST_TABLE_ADRS:    return adrs_rows(buf, res);
	default:                   return adtr_rows(buf, res);
	}
}

/* ---- SAS transport ---- */

/* The CSV the functions above wrote, held whole for the transport writer. */
struct held {
	const char **cells;   /* row by row, NULL missing */
	size_t       n_cols, n_rows, cap;
	struct arena arena;
	bool         header_ok;
	recist_table kind;
};

static int held_header(void *ctx, const char *const *names, size_t n)
{
	struct held *h = ctx;

	h->header_ok = n == tables[h->kind].n;
	for (size_t i = 0; h->header_ok && i < n; i++)
		h->header_ok = strcmp(names[i], tables[h->kind].cols[i].name) == 0;
	h->n_cols = n;
	return h->header_ok ? 0 : RECIST_EINVALID;
}

static int held_row(void *ctx, const struct table_row *row)
{
	struct held *h = ctx;

	for (size_t i = 0; i < h->n_cols; i++) {
		const char *v = NULL;
		if (i < row->n && !row->cells[i].missing &&
		    (v = arena_strndup(&h->arena, row->cells[i].text, row->cells[i].len)) == NULL)
			return RECIST_ENOMEM;
		if ((h->cells = arena_grow(&h->arena, h->cells, h->n_rows * h->n_cols + i, &h->cap, sizeof *h->cells)) == NULL)
			return RECIST_ENOMEM;
		h->cells[h->n_rows * h->n_cols + i] = v;
	}
	h->n_rows++;
	return 0;
}

int recist_table_write_xpt(const char *path, recist_table kind, const char *csv, size_t len,
                           const recist_diag_sink *sink)
{
	struct held h;
	struct table_reader r = { &h, held_header, held_row, NULL, 0, false };
	struct table_column cols[ARRAY_SIZE(adtr_cols)];
	struct table_error err;
	int rc;

	if (!known(kind))
		return RECIST_EINVALID;
	memset(&h, 0, sizeof h);
	h.kind = kind;
	if ((rc = table_read_csv(csv, len, &r, &err)) < 0) {
		if (rc != RECIST_ENOMEM)
			diag_emit(sink, D_SDTM_TABLE_SYNTAX, (struct pos){ path, err.line, err.column }, NULL,
			          "not the CSV of a %s table: %s", tables[kind].dataset,
			          h.header_ok ? err.message : "other columns");
		arena_release(&h.arena);
		return rc == RECIST_ENOMEM ? rc : RECIST_EINVALID;
	}
	/* Each character column as wide as its longest value (at least 1 byte). */
	for (size_t i = 0; i < tables[kind].n; i++) {
		cols[i] = (struct table_column){ tables[kind].cols[i].name, tables[kind].cols[i].label,
		                                 tables[kind].cols[i].numeric, 1 };
		for (size_t k = 0; k < h.n_rows; k++) {
			const char *v = h.cells[k * h.n_cols + i];
			if (v != NULL && strlen(v) > cols[i].width)
				cols[i].width = strlen(v);
		}
	}
	/* Written beside path and renamed over it when complete: a failure leaves path as it was. */
	char *tmp = arena_printf(&h.arena, "%s.XXXXXX", path);
	int fd = tmp != NULL ? mkstemp(tmp) : -1;
	if (tmp == NULL) {
		rc = RECIST_ENOMEM;
	} else if (fd < 0) {
		snprintf(err.message, sizeof err.message, "cannot create a file beside it: %s", strerror(errno));
		rc = RECIST_EIO;
	} else {
		close(fd);
		rc = table_write_xpt(tmp, 5, tables[kind].dataset, cols, tables[kind].n, h.cells, h.n_rows, &err);
		if (rc == 0 && rename(tmp, path) != 0) {
			snprintf(err.message, sizeof err.message, "cannot rename %s to it: %s", tmp, strerror(errno));
			rc = RECIST_EIO;
		}
		if (rc < 0)
			unlink(tmp);
	}
	if (rc < 0 && rc != RECIST_ENOMEM)
		diag_emit(sink, rc == RECIST_EIO ? D_SYS_OPEN : D_SDTM_TABLE_SYNTAX, (struct pos){ path, 0, 0 }, NULL,
		          "%s", err.message);
	arena_release(&h.arena);
	return rc;
}
