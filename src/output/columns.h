/*
 * columns.h - the columns of the CSV outputs (recist(1), OUTPUT, csv, and
 * `recist bor`'s table) and the best-response summary every writer
 * prints: one table of names and values, so that a header, its rows and an
 * error row can never disagree on the number or the order of the columns.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_COLUMNS_H
#define RECIST_COLUMNS_H

#include "score/result.h"

enum column {
	COL_CASE_ID, COL_CRITERIA, COL_DATE, COL_SUM_MM, COL_NADIR_MM, COL_CHANGE_FROM_BASELINE_PCT,
	COL_CHANGE_FROM_NADIR_PCT, COL_CHANGE_FROM_NADIR_MM, COL_TARGET, COL_NON_TARGET, COL_NEW_LESIONS,
	COL_OVERALL, COL_PROGRESSION_DATE, COL_REASONS, COL_FLAGS,
	/* The best-response summary of a rule set. */
	COL_BEST_OVERALL, COL_BEST_OVERALL_DATE, COL_CONFIRMED_BEST_OVERALL, COL_CONFIRMED_BEST_OVERALL_DATE,
	COL_DOR_DAYS, COL_DOR_CENSORED, COL_TTP_DAYS, COL_TTP_CENSORED,
	COL_WARNINGS,  /* appended: the interface's columns keep their places */
	/* Provenance: which rules made the row (provenance.c). */
	COL_RECIST_VERSION, COL_RULES_VERSION, COL_RULES_SHA256, COL_OVERRIDES,
	COL__N
};

/* The columns of a CSV output, in its order. */
struct csv_layout {
	const enum column *cols;
	size_t             n;
};

/* What one row is about: the rule set, the follow-up (or none), the joined reasons, flags and warnings. */
struct csv_row {
	const struct recist_result *res;
	const struct crit_result   *cr;
	const struct tp_result     *tp;       /* NULL: a best-response row, or a case without follow-up */
	const char                 *reasons;  /* "" when none */
	const char                 *flags;
	const char                 *warnings;
};

extern RECIST_INTERNAL const struct csv_layout csv_results_layout, csv_bor_layout;

/* The header line of a layout. */
RECIST_INTERNAL int csv_header(recist_buffer *b, const struct csv_layout *l);

/* One row of a layout. */
RECIST_INTERNAL int csv_row(recist_buffer *b, const struct csv_layout *l, const struct csv_row *row);

/*
 * The row of a record that could not be scored: its case id (or ""),
 * ERROR under criteria, the reason under reasons, every other column empty.
 */
RECIST_INTERNAL int csv_error_row(recist_buffer *b, const struct csv_layout *l, const char *case_id,
                                  const char *reason);

/*
 * The value of a best-response column (COL_BEST_OVERALL ..
 * COL_TTP_CENSORED, and COL_PROGRESSION_DATE) for rule set cr, as the CSV
 * outputs write it: "" when it has none.  scratch holds numbers.
 */
RECIST_INTERNAL const char *best_value(const struct crit_result *cr, enum column c, char scratch[24]);

/*
 * The best-response summary as text, row by row, for the text report and
 * `recist bor --format text`: a label and the value, or false when the
 * rule set has none (a duration of response without a response).
 */
struct best_row {
	const char *label;
	bool      (*value)(const struct crit_result *cr, char out[64]);
};
extern RECIST_INTERNAL const struct best_row best_rows[];
extern RECIST_INTERNAL const size_t best_rows_count;

#endif
