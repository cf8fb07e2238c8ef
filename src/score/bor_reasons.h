/*
 * bor_reasons.h - the sentences that explain a rule set's best overall
 * response: why a CR or PR was not confirmed, why an SD does not count,
 * why progression was dated back, what a duration of response counts
 * from.  One source for the text report (output/format_text.c) and for
 * recist validate (score/validate.c), so that both say the same thing in
 * the same words.
 *
 * SPDX-License-Identifier: MIT
 *
 * Each function appends to b and returns 0 or RECIST_ENOMEM.  Dates are
 * given with their day from the treatment start (cr->start_day), the clock
 * the best-response settings use; the settings are cr->bor_params, the
 * rule set's params with the caller's overrides.
 */
#ifndef RECIST_BOR_REASONS_H
#define RECIST_BOR_REASONS_H

#include "score/result.h"

/* "confirmation needs a later CR or PR at least 28 days after it" (for r, CR or PR). */
RECIST_INTERNAL int bor_confirm_rule(recist_buffer *b, const struct bor_params *p, recist_response r);

/* "SD counts from day 42 after treatment start". */
RECIST_INTERNAL int bor_sd_rule(recist_buffer *b, const struct bor_params *p);

/*
 * Why the first r (CR or PR) among the follow-ups that count was not
 * confirmed: "PR on 2024-03-11 (day 56) is not confirmed: PD on 2024-05-13
 * (day 119) comes before any confirmation (confirmation needs ...)".
 * Nothing when it was confirmed or there is none.
 */
RECIST_INTERNAL int bor_why_unconfirmed(recist_buffer *b, const struct crit_result *cr, recist_response r);

/*
 * Whether follow-up ti has a response that could have counted as stable
 * disease (SD, NON-CR/NON-PD, or a CR or PR counted as SD because it was
 * not confirmed, when confirmed is set) but came before the SD minimum.
 */
RECIST_INTERNAL bool bor_sd_too_early(const struct crit_result *cr, size_t ti, bool confirmed);

/* "SD on 2024-02-12 (day 28) is too early to count: SD counts from day 42 after treatment start". */
RECIST_INTERNAL int bor_why_sd_too_early(recist_buffer *b, const struct crit_result *cr, size_t ti);

/* "PR on 2024-07-01 (day 168) does not count: it comes after progression on 2024-05-13 (day 119)". */
RECIST_INTERNAL int bor_why_after_progression(recist_buffer *b, const struct crit_result *cr, size_t ti);

/*
 * How follow-up ti counts for the best response when that is not its own
 * overall response: "PD: progression dated back to 2024-03-04", or "not
 * counted: after progression on 2024-03-04"; nothing when it counts as
 * it is.
 */
RECIST_INTERNAL int bor_row_mark(recist_buffer *b, const struct crit_result *cr, size_t ti);

/*
 * Every sentence that explains cr's best responses, each ending in '\n':
 * the SD that counts or those too early, the responses not confirmed,
 * back-dating, follow-ups after progression, what the duration of response
 * counts from.
 */
RECIST_INTERNAL int bor_reasons(recist_buffer *b, const struct crit_result *cr);

#endif
