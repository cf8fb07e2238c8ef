/*
 * plot.h - the state of recist plot: every patient's series under every
 * rule set, a few numbers per follow-up (plot.c collects them; plot_svg.c
 * draws them, plot_table.c writes them as a tidy table).
 *
 * SPDX-License-Identifier: MIT
 *
 * A figure needs every patient, so the plot keeps them all, but not their
 * results: a patient is a name and a group, a series (patient x rule set)
 * a few numbers, a point (one assessment) five.
 */
#ifndef RECIST_PLOT_H
#define RECIST_PLOT_H

#include "input/result_record.h"

#define PLOT_MAX_CRIT RECORD_MAX_CRIT

/* One assessment of a series: the baseline first (ady 0). */
struct plot_point {
	int32_t         ady;               /* days since the baseline */
	bool            has_sum, has_pchg;
	double          sum_mm, pchg;      /* target sum; % change from baseline */
	recist_response overall;           /* RECIST_RESP_NONE at baseline */
};

/* One patient under one rule set; days without 'a' are since the start of treatment. */
struct plot_series {
	size_t          patient;           /* index into patients */
	unsigned        crit, group;
	recist_response best, confirmed;
	size_t          first_point, n_points;
	unsigned        n_postbase;        /* follow-ups with a target sum */
	bool            has_best_pchg;     /* a follow-up with a % change */
	double          best_pchg;         /* the smallest (waterfall) */
	bool            new_lesion_pd;     /* a PD from a new lesion alone */
	bool            has_response, has_pd;
	int32_t         response_day, pd_day;  /* first CR or PR; first PD */
	int32_t         end_day;           /* last follow-up, or death, or last seen alive */
	bool            died;              /* else ongoing (censored) */
	int32_t         base_day;          /* the baseline, since the start */
};

struct plot_patient {
	const char *id;                    /* in the plot's arena */
	unsigned    group;
	bool        flagged;               /* carries a flag of opts.mark_flags */
};

struct plot_crit {
	char   id[32];
	char   name[64];
	bool   has_pd_ref, has_pr_ref;     /* the rule set's params, when known */
	double pd_ref, pr_ref;             /* pd_increase_pct, pr_decrease_pct */
};

struct recist_plot {
	recist_plot_kind     kind;
	bool                 by_none;
	const recist_ruleset *const *sets; /* borrowed (opts) */
	size_t               n_sets;
	const char          *criteria;     /* the rule sets drawn: comma-separated ids, or NULL: all */
	const char          *mark_flags;   /* comma-separated codes, or NULL */
	const char          *marked_flags; /* those of them some patient carries, as first read, or NULL */
	struct arena         arena;        /* the strings above, the patients' ids, the groups' names */
	const char         **groups;       /* in the order first seen */
	size_t               n_groups, cap_groups;
	struct plot_crit     crit[PLOT_MAX_CRIT];
	size_t               n_crit;
	struct plot_patient *patients;
	size_t               n_patients, cap_patients;
	struct plot_series  *series;
	size_t               n_series, cap_series;
	struct plot_point   *points;
	size_t               n_points, cap_points;
	size_t               n_rejected;   /* batch's error records read */
	struct result_record rec;          /* the patient being added */
};

/* Progression at a follow-up: PD, or iRECIST's iUPD or iCPD. */
static inline bool plot_is_pd(recist_response r)
{
	return r == RECIST_RESP_PD || r == RECIST_RESP_IUPD || r == RECIST_RESP_ICPD;
}

/* A response at a follow-up: CR or PR, or iRECIST's iCR or iPR. */
static inline bool plot_is_response(recist_response r)
{
	return r == RECIST_RESP_CR || r == RECIST_RESP_PR || r == RECIST_RESP_ICR || r == RECIST_RESP_IPR;
}

/* The figure of p as SVG (plot_svg.c), and its table as CSV or JSON (plot_table.c): 0 or RECIST_ENOMEM. */
RECIST_INTERNAL int plot_write_svg(recist_buffer *buf, const recist_plot *p);
RECIST_INTERNAL int plot_write_table(recist_buffer *buf, const recist_plot *p, recist_plot_format fmt);

#endif
