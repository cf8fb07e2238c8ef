/*
 * bor_reasons.c - sentences on a rule set's best overall response (see
 * bor_reasons.h), read from what the derivation recorded (bor.c: the
 * confirmation verdicts, the follow-ups that count), never derived again.
 *
 * SPDX-License-Identifier: MIT
 *
 * The numbers (confirm_days, sd_min_days, max_ne_between) are the rule
 * set's params with the caller's overrides (recist-rules(5), Decisions 2,
 * 3 and 9).
 */
#include <stdio.h>

#include "base/date.h"
#include "score/bor_reasons.h"

#define R(x) RECIST_RESP_##x

/* "2024-03-11 (day 56)": a date and its day from the treatment start. */
static int put_date(recist_buffer *b, const struct crit_result *cr, int32_t day)
{
	char date[11];

	date_format(day, date);
	return buf_printf(b, "%s (day %ld)", date, (long)day - cr->start_day);
}

/* "PR on 2024-03-11 (day 56)" */
static int put_response_on(recist_buffer *b, const struct crit_result *cr, recist_response r, int32_t day)
{
	return buf_printf(b, "%s on ", recist_response_name(r)) | put_date(b, cr, day);
}

int bor_confirm_rule(recist_buffer *b, const struct bor_params *p, recist_response r)
{
	return buf_printf(b, "confirmation needs a later %s at least %ld days after it",
	                  r == R(CR) ? "CR" : "CR or PR", (long)p->confirm_days);
}

int bor_sd_rule(recist_buffer *b, const struct bor_params *p)
{
	return buf_printf(b, "stable disease counts from day %ld after treatment start", (long)p->sd_min_days);
}

/* The follow-up on day, or n_tps. */
static size_t followup_on(const struct crit_result *cr, int32_t day)
{
	size_t i;

	for (i = 0; i < cr->n_tps && cr->tps[i].day != day; i++)
		;
	return i;
}

/* Does follow-up ti count as PD only because progression was dated back to it or earlier? */
static bool dated_back(const struct crit_result *cr, size_t ti)
{
	return cr->backdated && cr->tps[ti].day >= cr->backdate_day && cr->tps[ti].overall != R(PD);
}

/* What ended the search for c's confirmation, after "is not confirmed: ". */
static int confirm_cause(recist_buffer *b, const struct crit_result *cr, const struct bor_confirmation *c,
                         recist_response r)
{
	const struct bor_params *p = &cr->bor_params;
	size_t by;
	int rc = 0;

	switch (c->verdict) {
	case BOR_NOTHING_LATER:
		if (c->has_early)
			return buf_puts(b, "no later one follows");
		if (c->at + 1 >= cr->bor.counted)
			return buf_puts(b, "no assessment follows it");
		return buf_printf(b, "no later %s follows", r == R(CR) ? "CR" : "CR or PR");
	case BOR_TOO_MANY_NE:
		rc |= buf_puts(b, "NE on ") | put_date(b, cr, c->by_day);
		if (p->max_ne_between == 0)
			return rc | buf_puts(b, " comes before any confirmation, and no NE may lie between");
		return rc | buf_printf(b, " is one NE more than the %ld that may lie between a response and its confirmation", (long)p->max_ne_between);
	case BOR_SECOND_SD:
		return buf_puts(b, "a second SD, on ") | put_date(b, cr, c->by_day) |
		       buf_puts(b, ", comes before any confirmation, and only one SD may lie between");
	case BOR_INTERRUPTED:
		by = followup_on(cr, c->by_day);
		if (c->by_dated_back && by < cr->n_tps) {
			char back[11];
			date_format(cr->backdate_day, back);
			return put_response_on(b, cr, cr->tps[by].overall, c->by_day) |
			       buf_printf(b, ", which counts as PD since progression was dated back to %s, comes before "
			                  "any confirmation", back);
		}
		return put_response_on(b, cr, c->by, c->by_day) | buf_puts(b, " comes before any confirmation");
	case BOR_CONFIRMED:
		break;
	}
	return 0;
}

int bor_why_unconfirmed(recist_buffer *b, const struct crit_result *cr, recist_response r)
{
	const struct bor_confirmation *c = r == R(CR) ? &cr->bor.confirm_cr : &cr->bor.confirm_pr;
	int rc = 0;

	if (!c->has || c->verdict == BOR_CONFIRMED)
		return 0;
	rc |= put_response_on(b, cr, r, c->at_day) | buf_puts(b, " is not confirmed: ");
	if (c->has_early) {
		rc |= buf_printf(b, "the next %s, on ", recist_response_name(c->early)) | put_date(b, cr, c->early_day) |
		      buf_printf(b, ", is only %ld days later, and ", (long)c->early_day - c->at_day);
	}
	rc |= confirm_cause(b, cr, c, r);
	rc |= buf_puts(b, " (") | bor_confirm_rule(b, &cr->bor_params, r) | buf_puts(b, ")");
	return rc ? RECIST_ENOMEM : 0;
}

bool bor_sd_too_early(const struct crit_result *cr, size_t ti, bool confirmed)
{
	const struct tp_result *tp = &cr->tps[ti];
	recist_response r = tp->overall;
	bool unconfirmed = confirmed && cr->bor.confirmed != R(CR) && cr->bor.confirmed != R(PR);

	if (ti >= cr->bor.counted || dated_back(cr, ti) ||
	    (int64_t)tp->day - cr->start_day >= cr->bor_params.sd_min_days)
		return false;
	return r == R(SD) || r == R(NON_CR_NON_PD) || (unconfirmed && (r == R(CR) || r == R(PR)));
}

int bor_why_sd_too_early(recist_buffer *b, const struct crit_result *cr, size_t ti)
{
	const struct tp_result *tp = &cr->tps[ti];
	int rc = put_response_on(b, cr, tp->overall, tp->day);

	if (tp->overall == R(CR) || tp->overall == R(PR))
		rc |= buf_puts(b, ", not confirmed,");
	rc |= buf_puts(b, " is too early to count as stable disease: ") | bor_sd_rule(b, &cr->bor_params);
	return rc ? RECIST_ENOMEM : 0;
}

int bor_why_after_progression(recist_buffer *b, const struct crit_result *cr, size_t ti)
{
	const struct tp_result *tp = &cr->tps[ti];

	return put_response_on(b, cr, tp->overall, tp->day) | buf_puts(b, " does not count: it comes after progression on ") |
	       put_date(b, cr, cr->bor.progression.day) ? RECIST_ENOMEM : 0;
}

int bor_row_mark(recist_buffer *b, const struct crit_result *cr, size_t ti)
{
	char date[11];

	if (ti >= cr->bor.counted && cr->bor.progression.has) {
		date_format(cr->bor.progression.day, date);
		return buf_printf(b, "not counted: after progression on %s", date);
	}
	if (ti < cr->n_tps && dated_back(cr, ti)) {
		date_format(cr->backdate_day, date);
		return buf_printf(b, "counts as PD: progression dated back to %s", date);
	}
	return 0;
}

/* The stable disease the best responses rest on: "SD on ... counts: stable disease counts from day 42 ...". */
static int sd_that_counts(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	size_t said = cr->n_tps;
	int rc = 0;

	for (int confirmed = 0; confirmed <= 1; confirmed++) {
		recist_response r = confirmed ? bor->confirmed : bor->best;
		const struct bor_date *d = confirmed ? &bor->confirmed_date : &bor->best_date;
		size_t ti;
		if ((r != R(SD) && r != R(NON_CR_NON_PD)) || !d->has || (ti = followup_on(cr, d->day)) == cr->n_tps ||
		    ti == said)
			continue;
		said = ti;
		rc |= put_response_on(b, cr, cr->tps[ti].overall, d->day);
		if (cr->tps[ti].overall != r)
			rc |= buf_printf(b, ", not confirmed, counts as %s", recist_response_name(r));
		else
			rc |= buf_puts(b, " counts");
		rc |= buf_puts(b, ": ") | bor_sd_rule(b, &cr->bor_params) | buf_puts(b, "\n");
	}
	return rc;
}

/* "the response duration, 63 days, counts from the PR on ... (day 56), which was not confirmed; ..." */
static int dor_basis(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	size_t ti = followup_on(cr, bor->dor_start);
	recist_response r;
	const struct bor_confirmation *c;
	int rc = 0;

	if (!bor->has_dor || ti == cr->n_tps)
		return 0;
	r = cr->tps[ti].overall;
	c = r == R(CR) ? &bor->confirm_cr : &bor->confirm_pr;
	rc |= buf_printf(b, "the response duration, %ld days%s, counts from the %s on ", (long)bor->dor_end - bor->dor_start,
	                 bor->dor_censored ? " (censored: no progression by the last assessment)" : "",
	                 recist_response_name(r));
	rc |= put_date(b, cr, bor->dor_start);
	if (c->has && c->at == ti && c->verdict == BOR_CONFIRMED) {
		rc |= buf_puts(b, ", confirmed on ") | put_date(b, cr, c->by_day);
	} else {
		rc |= buf_puts(b, ", which was not confirmed");
		if (bor->confirmed != R(CR) && bor->confirmed != R(PR))
			rc |= buf_printf(b, "; the confirmed best response is %s, so no confirmed response has a duration",
			                 recist_response_name(bor->confirmed));
	}
	return rc | buf_puts(b, "\n");
}

/* The follow-ups after progression, which do not count: one sentence. */
static int after_progression(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	size_t n = cr->n_tps - bor->counted;

	if (bor->counted >= cr->n_tps || !bor->progression.has)
		return 0;
	return buf_printf(b, "%zu follow-up%s after progression on ", n, n == 1 ? "" : "s") |
	       put_date(b, cr, bor->progression.day) |
	       buf_printf(b, " %s not count for the best response\n", n == 1 ? "does" : "do");
}

/*
 * Under a progression list (iRECIST), what dates progression: the iUPD
 * that was confirmed (iCPD), or one never confirmed.  The sentences of
 * RECIST 1.1's derivation (confirmation, stable disease, the response's
 * duration) speak its terms and are not given here.
 */
static int progression_reasons(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	size_t confirmed = cr->n_tps;
	int rc = 0;

	for (size_t ti = 0; ti < cr->n_tps && confirmed == cr->n_tps; ti++)
		if (cr->tps[ti].progression == R(ICPD))
			confirmed = ti;
	if (bor->progression.has && confirmed < cr->n_tps)
		rc |= buf_puts(b, "progression on ") | put_date(b, cr, bor->progression.day) |
		      buf_puts(b, ": the iUPD of that day, confirmed (iCPD) on ") |
		      put_date(b, cr, cr->tps[confirmed].day) | buf_puts(b, "\n");
	else if (bor->best == R(IUPD) || bor->confirmed == R(IUPD))
		rc |= buf_puts(b, "an iUPD was never confirmed: the best response is iUPD, with no date of progression\n");
	return rc | after_progression(b, cr);
}

int bor_reasons(recist_buffer *b, const struct crit_result *cr)
{
	const struct bor_result *bor = &cr->bor;
	bool unconfirmed_as_sd = bor->confirmed != R(CR) && bor->confirmed != R(PR);
	int rc;

	if (cr->rs->progression.n > 0)
		return progression_reasons(b, cr) ? RECIST_ENOMEM : 0;
	rc = sd_that_counts(b, cr);

	for (size_t ti = 0; ti < cr->n_tps; ti++)
		if (bor_sd_too_early(cr, ti, unconfirmed_as_sd))
			rc |= bor_why_sd_too_early(b, cr, ti) | buf_puts(b, "\n");
	for (int k = 0; k < 2; k++) {
		size_t before = b->len;
		rc |= bor_why_unconfirmed(b, cr, k == 0 ? R(CR) : R(PR));
		if (b->len > before)
			rc |= buf_puts(b, "\n");
	}
	if (cr->backdated) {
		char confirmed[11];
		date_format(cr->backdate_confirmed_day, confirmed);
		rc |= buf_puts(b, "progression dated back to ") | put_date(b, cr, cr->backdate_day) |
		      buf_printf(b, ", when new lesion %s was first seen (as equivocal); it was confirmed on %s, and the "
		                 "best response stops before it\n", cr->backdate_lesion, confirmed);
	}
	rc |= after_progression(b, cr) | dor_basis(b, cr);
	return rc ? RECIST_ENOMEM : 0;
}
