/*
 * bor.h - best overall response from a sequence of dated overall
 * responses: one derivation for `recist evaluate` (the engine's follow-ups)
 * and `recist bor` (a coordinator's response table).
 *
 * SPDX-License-Identifier: MIT
 *
 * RECIST 1.1 §4.4.3, §4.6 and Table 3, with pharmaverse admiralonco's
 * conventions where the paper leaves room (recist-rules(5), Decisions 2
 * and 3); the settings are params of the rule set (recist-rules(5)).
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
	 * PD (recist-rules(5), Decision 4), and a PR after a CR there means that a
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

/*
 * Why a response was or was not confirmed: what ended the search for its
 * confirmation (recist-rules(5), Decision 2; see confirmed_at in bor.c).
 */
enum bor_verdict {
	BOR_CONFIRMED,      /* by: the confirming follow-up */
	BOR_TOO_MANY_NE,    /* by: the NE past max_ne_between */
	BOR_SECOND_SD,      /* by: a second SD in a PR's window (accept_sd) */
	BOR_INTERRUPTED,    /* by: a response that may not lie between (PD, SD, a PR after a CR ...) */
	BOR_NOTHING_LATER   /* the follow-ups ran out */
};

struct bor_confirmation {
	bool             has;        /* such a response is among the follow-ups that count */
	size_t           at;         /* the first one (index into the input) */
	int32_t          at_day;
	enum bor_verdict verdict;
	int32_t          by_day;     /* see enum bor_verdict */
	recist_response  by;         /* as it counts: PD where progression was dated back */
	bool             by_dated_back; /* by is PD only because progression was dated back (§4.3.5) */
	bool             has_early;  /* a response that would confirm it came too early: */
	int32_t          early_day;  /* the first such, fewer than confirm_days later */
	recist_response  early;
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
	size_t          counted;           /* the follow-ups that count: up to the first PD */
	struct bor_confirmation confirm_cr, confirm_pr; /* of the first CR and the first PR */
};

/*
 * Derive *out from in under p.  scratch must hold in->n responses (the
 * effective sequence is written there).  Never fails.
 */
RECIST_INTERNAL void bor_derive(const struct bor_input *in, const struct bor_params *p,
                                recist_response *scratch, struct bor_result *out);

/*
 * iRECIST's best overall response (iBOR; Seymour et al. 2017, Table 3)
 * from a progression list's responses prog[0..n), in two steps around
 * bor_derive.  ibor_input writes the categories bor_derive reads into
 * overall: iCR, iPR, iSD, NON-iCR/NON-iUPD as CR, PR, SD, NON-CR/NON-PD;
 * an iUPD later set aside (iCR, iPR, iSD, NON-iCR/NON-iUPD) as NE, so
 * that it does not end the best response; an iUPD later confirmed
 * (iCPD) as PD at its first iUPD, the date of progression; an iUPD
 * still pending at the end as PD too, with *unconfirmed set.
 * ibor_result names the answers in iRECIST's terms (PD: iCPD, or iUPD
 * when unconfirmed, which then gives no date of progression: time to
 * progression is censored at last_day).
 */
RECIST_INTERNAL void ibor_input(const recist_response *prog, size_t n, recist_response *overall, bool *unconfirmed);
RECIST_INTERNAL void ibor_result(struct bor_result *out, bool unconfirmed, int32_t last_day);

#endif
