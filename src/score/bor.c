/*
 * bor.c - best overall response, confirmed and not, progression date,
 * duration of response and time to progression (see bor.h).
 *
 * SPDX-License-Identifier: MIT
 *
 * The order of the categories and the confirmation windows follow
 * admiralonco's derivation of BOR and confirmed BOR; the rows of RECIST 1.1
 * Table 3 come out of it (tests/ and fixtures/bor/ check each row).
 */
#include <string.h>

#include "rules/ruleset.h"
#include "score/bor.h"

#define R(x) RECIST_RESP_##x
#define BIT(x) RESP_BIT(RECIST_RESP_##x)

/*
 * The effective sequence: in a table of bare labels, once a CR has been
 * seen a later PR, SD or NON-CR/NON-PD means disease has come back and
 * counts as PD (RECIST 1.1 Table 3 footnote); a PR after a CR raises the
 * CR_THEN_PR review flag either way, since the earlier CR may have been
 * wrong (then the BOR would be PR).
 * Assessments after the first PD do not count (§4.4.3: best response "until
 * disease progression").  Returns how many follow-ups count.
 */
static size_t effective(const struct bor_input *in, recist_response *eff, struct bor_result *out)
{
	bool seen_cr = false;

	for (size_t i = 0; i < in->n; i++) {
		recist_response r = in->overall[i];
		if (seen_cr && r == R(PR) && !out->cr_then_pr.has)
			out->cr_then_pr = (struct bor_date){ true, in->days[i] };
		if (in->labels_only && seen_cr && (r == R(PR) || r == R(SD) || r == R(NON_CR_NON_PD)))
			r = R(PD);
		/* Progression dated back (§4.3.5) ends the best response there too. */
		if (in->has_progression_hint && in->days[i] >= in->progression_hint)
			r = R(PD);
		seen_cr = seen_cr || r == R(CR);
		eff[i] = r;
		if (r == R(PD))
			return i + 1;
	}
	return in->n;
}

/*
 * SD-eligible (§4.6): a CR, PR or SD at least sd_min_days after the start;
 * for a patient without target disease also a NON-CR/NON-PD, the same
 * category there (Table 2), so that the earliest of them dates it.
 */
static bool sd_eligible(const struct bor_input *in, const recist_response *eff, size_t i,
                        const struct bor_params *p)
{
	return (eff[i] == R(CR) || eff[i] == R(PR) || eff[i] == R(SD) ||
	        (!in->target_disease && eff[i] == R(NON_CR_NON_PD))) &&
	       (int64_t)in->days[i] - in->start >= p->sd_min_days;
}

/*
 * Is the response at i confirmed?  The first later assessment in 'confirm'
 * that is at least confirm_days after i must be reached with only 'between'
 * responses on the way, at most max_ne_between NE, and (accept_sd) at most
 * one SD.  (recist-rules(5), Decision 2; admiralonco's confirmation windows.)
 * The verdict says what ended the search, for the reasons (bor_reasons.c).
 */
static struct bor_confirmation confirmed_at(const struct bor_input *in, const recist_response *eff, size_t m,
                                            size_t i, resp_set confirm, resp_set between, bool sd_allowed,
                                            const struct bor_params *p)
{
	struct bor_confirmation c = { .has = true, .at = i, .at_day = in->days[i], .verdict = BOR_NOTHING_LATER };
	int64_t ne = 0, sd = 0;

	for (size_t j = i + 1; j < m; j++) {
		recist_response r = eff[j];
		enum bor_verdict v;
		if (confirm & RESP_BIT(r)) {
			if ((int64_t)in->days[j] - in->days[i] >= p->confirm_days) {
				v = BOR_CONFIRMED;
			} else {
				if (!c.has_early) {
					c.has_early = true;
					c.early_day = in->days[j];
					c.early = r;
				}
				continue;
			}
		} else if (r == R(NE)) {
			if (++ne <= p->max_ne_between)
				continue;
			v = BOR_TOO_MANY_NE;
		} else if (r == R(SD) && sd_allowed) {
			if (++sd <= 1)
				continue;
			v = BOR_SECOND_SD;
		} else if (between & RESP_BIT(r)) {
			continue;
		} else {
			v = BOR_INTERRUPTED;
		}
		c.verdict = v;
		c.by_day = in->days[j];
		c.by = r;
		c.by_dated_back = r == R(PD) && in->overall[j] != R(PD) && in->has_progression_hint &&
		                  in->days[j] >= in->progression_hint;
		return c;
	}
	return c;
}

static struct bor_confirmation confirm_cr(const struct bor_input *in, const recist_response *eff, size_t m,
                                          size_t i, const struct bor_params *p)
{
	return confirmed_at(in, eff, m, i, BIT(CR), BIT(CR), false, p);
}

static struct bor_confirmation confirm_pr(const struct bor_input *in, const recist_response *eff, size_t m,
                                          size_t i, const struct bor_params *p)
{
	return confirmed_at(in, eff, m, i, BIT(CR) | BIT(PR), BIT(CR) | BIT(PR), p->accept_sd, p);
}

/* The first follow-up among the m counted that satisfies a category. */
enum category { CAT_CR, CAT_PR, CAT_CR_CONFIRMED, CAT_PR_CONFIRMED, CAT_SD, CAT_NON_CR_NON_PD, CAT_PD };

static bool in_category(enum category cat, const struct bor_input *in, const recist_response *eff,
                        size_t m, size_t i, const struct bor_params *p)
{
	switch (cat) {
	case CAT_CR:  return eff[i] == R(CR);
	case CAT_PR:  return eff[i] == R(PR);
	case CAT_CR_CONFIRMED:
		return eff[i] == R(CR) && confirm_cr(in, eff, m, i, p).verdict == BOR_CONFIRMED;
	case CAT_PR_CONFIRMED:
		return eff[i] == R(PR) && confirm_pr(in, eff, m, i, p).verdict == BOR_CONFIRMED;
	case CAT_SD:  return sd_eligible(in, eff, i, p);
	case CAT_NON_CR_NON_PD:
		return eff[i] == R(NON_CR_NON_PD) && (int64_t)in->days[i] - in->start >= p->sd_min_days;
	case CAT_PD:  return eff[i] == R(PD);
	}
	return false;
}

/*
 * RECIST 1.1 Table 3 and §4.6 as one table: the categories from best to
 * worst, the response each gives (SD reads NON-CR/NON-PD without target
 * disease, Table 2), and whether it counts for the best response without
 * confirmation, with it, or both.  The first category with a follow-up
 * decides (admiralonco's order).
 */
enum { UNCONFIRMED = 1, CONFIRMED = 2 };
static const struct {
	enum category   cat;
	recist_response gives;
	unsigned        counts;  /* UNCONFIRMED, CONFIRMED */
} table3[] = {
	{ CAT_CR,            R(CR),            UNCONFIRMED },
	{ CAT_CR_CONFIRMED,  R(CR),            CONFIRMED },
	{ CAT_PR,            R(PR),            UNCONFIRMED },
	{ CAT_PR_CONFIRMED,  R(PR),            CONFIRMED },
	{ CAT_SD,            R(SD),            UNCONFIRMED | CONFIRMED },
	{ CAT_NON_CR_NON_PD, R(NON_CR_NON_PD), UNCONFIRMED | CONFIRMED },
	{ CAT_PD,            R(PD),            UNCONFIRMED | CONFIRMED },
};

/*
 * Best response over the categories of table3 that count for 'which': the
 * first category with a follow-up decides, dated at its first such
 * follow-up; NE when none does (dated at the first follow-up, or undated
 * when there is none).
 */
static void best_of(unsigned which, const struct bor_input *in, const recist_response *eff, size_t m,
                    const struct bor_params *p, recist_response *resp, struct bor_date *date)
{
	for (size_t k = 0; k < ARRAY_SIZE(table3); k++) {
		if (!(table3[k].counts & which))
			continue;
		for (size_t i = 0; i < m; i++) {
			if (in_category(table3[k].cat, in, eff, m, i, p)) {
				*resp = table3[k].cat == CAT_SD && !in->target_disease ? R(NON_CR_NON_PD) : table3[k].gives;
				*date = (struct bor_date){ true, in->days[i] };
				return;
			}
		}
	}
	*resp = R(NE);
	*date = (struct bor_date){ m > 0, m > 0 ? in->days[0] : 0 };
}

void bor_derive(const struct bor_input *in, const struct bor_params *p, recist_response *eff,
                struct bor_result *out)
{
	size_t m;

	memset(out, 0, sizeof *out);
	m = effective(in, eff, out);
	best_of(UNCONFIRMED, in, eff, m, p, &out->best, &out->best_date);
	best_of(CONFIRMED, in, eff, m, p, &out->confirmed, &out->confirmed_date);
	out->counted = m;
	for (size_t i = 0; i < m; i++) {
		if (eff[i] == R(CR) && !out->confirm_cr.has)
			out->confirm_cr = confirm_cr(in, eff, m, i, p);
		if (eff[i] == R(PR) && !out->confirm_pr.has)
			out->confirm_pr = confirm_pr(in, eff, m, i, p);
	}

	if (m > 0 && eff[m - 1] == R(PD))
		out->progression = (struct bor_date){ true, in->days[m - 1] };
	/* Back-dating (§4.3.5) can only move progression earlier. */
	if (in->has_progression_hint && (!out->progression.has || in->progression_hint < out->progression.day))
		out->progression = (struct bor_date){ true, in->progression_hint };

	/* Time to progression from the start; censored at the last assessment. */
	out->ttp_censored = !out->progression.has;
	out->ttp_end = out->progression.has ? out->progression.day : in->n ? in->days[in->n - 1] : in->start;

	/* Duration of response (§4.6): from the first CR or PR to progression. */
	if (out->best == R(CR) || out->best == R(PR)) {
		for (size_t i = 0; i < m; i++) {
			if (eff[i] == R(CR) || eff[i] == R(PR)) {
				out->has_dor = true;
				out->dor_start = in->days[i];
				break;
			}
		}
		out->dor_end = out->ttp_end;
		out->dor_censored = out->ttp_censored;
	}
}

/* ---- iRECIST (see bor.h) ---- */

void ibor_input(const recist_response *prog, size_t n, recist_response *overall, bool *unconfirmed)
{
	size_t pending = SIZE_MAX;   /* the first iUPD of the pending one */
	size_t i;

	*unconfirmed = false;
	for (i = 0; i < n; i++) {
		recist_response r = prog[i];
		overall[i] = r == R(ICR) ? R(CR) : r == R(IPR) ? R(PR) : r == R(ISD) ? R(SD) :
		             r == R(NON_ICR_NON_IUPD) ? R(NON_CR_NON_PD) : R(NE);
		if (r == R(IUPD) && pending == SIZE_MAX)
			pending = i;
		else if (r == R(ICR) || r == R(IPR) || r == R(ISD) || r == R(NON_ICR_NON_IUPD))
			pending = SIZE_MAX;   /* set aside: its iUPDs stay NE */
		if (r == R(ICPD)) {
			/* Confirmed for good: progression at the first iUPD; nothing later counts. */
			overall[pending != SIZE_MAX ? pending : i] = R(PD);
			pending = SIZE_MAX;
			break;
		}
	}
	for (; i < n; i++)
		overall[i] = R(NE);
	if (pending != SIZE_MAX) {
		overall[pending] = R(PD);
		*unconfirmed = true;
	}
}

/* r in iRECIST's terms. */
static recist_response iresponse(recist_response r, bool unconfirmed)
{
	switch (r) {
	case R(CR):            return R(ICR);
	case R(PR):            return R(IPR);
	case R(SD):            return R(ISD);
	case R(NON_CR_NON_PD): return R(NON_ICR_NON_IUPD);
	case R(PD):            return unconfirmed ? R(IUPD) : R(ICPD);
	default:               return r;
	}
}

void ibor_result(struct bor_result *out, bool unconfirmed, int32_t last_day)
{
	out->best = iresponse(out->best, unconfirmed);
	out->confirmed = iresponse(out->confirmed, unconfirmed);
	if (!unconfirmed)
		return;
	out->progression.has = false;
	out->ttp_censored = true;
	out->ttp_end = last_day;
	if (out->has_dor) {
		out->dor_end = last_day;
		out->dor_censored = true;
	}
}
