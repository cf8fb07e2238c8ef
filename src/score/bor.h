/*
 * bor.h - best overall response from a sequence of dated overall
 * responses: one derivation for `recist evaluate` (the engine's follow-ups)
 * and `recist bor` (a coordinator's response table).
 *
 * SPDX-License-Identifier: MIT
 *
 * RECIST 1.1 §4.4.3, §4.6 and Table 3, with pharmaverse admiralonco's
 * conventions where the paper leaves room (RULES.md "Decisions" 2-3); the
 * settings are params of the rule set (recist-rules(5)).
 */
#ifndef RECIST_BOR_H
#define RECIST_BOR_H

#include "rules/ruleset.h"

struct bor_input {
	const int32_t         *days;     /* the follow-ups' dates (day numbers), increasing */
	const recist_response *overall;  /* their overall responses */
	size_t                 n;
	int32_t                start;    /* treatment start (day number) */
	bool                   target_disease; /* false: SD reads NON-CR/NON-PD (Table 2) */
	bool                   has_progression_hint;
	int32_t                progression_hint; /* an earlier PD date known elsewhere (back-dating) */
	/*
	 * Responses are bare labels (a coordinator's table): apply Table 3's
	 * footnote, a PR/SD after a CR counting as PD.  The engine's own
	 * follow-ups need not: its rules already call reappearance after CR
	 * PD (RULES.md Decision 4), and a PR after a CR there means that a
	 * non-target was not evaluated or that a node is pathological again
	 * without unequivocal progression (Decision 16).
	 */
	bool                   labels_only;
};

/* An optional date. */
struct bor_date {
	bool    has;
	int32_t day;
};

struct bor_result {
	recist_response best;              /* without confirmation */
	struct bor_date best_date;
	recist_response confirmed;         /* CR and PR only when confirmed */
	struct bor_date confirmed_date;
	struct bor_date progression;       /* first (effective) PD */
	struct bor_date cr_then_pr;        /* review flag: a PR after a CR (Table 3 footnote) */
	bool            has_dor;           /* duration of response, when best is CR or PR */
	int32_t         dor_start, dor_end;
	bool            dor_censored;
	int32_t         ttp_end;           /* time to progression runs from in->start */
	bool            ttp_censored;
};

/*
 * Derive *out from in under p.  scratch must hold in->n responses (the
 * effective sequence is written there).  Never fails.
 */
RECIST_INTERNAL void bor_derive(const struct bor_input *in, const struct bor_params *p,
                                recist_response *scratch, struct bor_result *out);

#endif
