/*
 * case.c - the case model (case.h): a case's life (new, reset, free), what
 * it says of itself (its id, the rule sets it reports calls for, target
 * disease), and the key paths of its measurements.  Filled by the readers
 * of this layer: case_read.c (recist-case/1 and JSON response histories)
 * and history_csv.c.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/case.h"

/* A lesion not recorded at an assessment: every field unset, not evaluated. */
const struct measurement meas_unrecorded;

recist_case *recist_case_new(void)
{
	return calloc(1, sizeof(struct recist_case));
}

void case_reset(struct recist_case *c)
{
	arena_reset(&c->arena);
	c->file = NULL;
	c->case_id = NULL;
	c->arm = NULL;
	c->note = NULL;
	memset(&c->sdtm, 0, sizeof c->sdtm);
	c->has_treatment_start = false;
	c->treatment_start = 0;
	c->has_death_date = false;
	c->death_date = 0;
	c->has_last_alive_date = false;
	c->last_alive_date = 0;
	c->lesions = NULL;
	c->n_lesions = 0;
	c->assessments = NULL;
	c->n_assessments = 0;
	c->warnings = NULL;
	c->n_warnings = 0;
	c->errors = NULL;
	c->n_errors = 0;
	c->n_axis_hints = 0;
	c->history = false;
	c->history_criteria = NULL;
	c->target_disease = false;
	c->reported_best = c->reported_confirmed = NULL;
	c->n_reported_best = c->n_reported_confirmed = 0;
}

void recist_case_free(recist_case *c)
{
	if (c == NULL)
		return;
	arena_release(&c->arena);
	arena_release(&c->scratch);
	free(c);
}

const char *recist_case_id(const recist_case *c)
{
	return c != NULL ? c->case_id : NULL;
}

int recist_case_reports(const recist_case *c, const char *id)
{
	if (c->history)  /* its calls are all under the rule set it names */
		return c->history_criteria != NULL && strcmp(c->history_criteria, id) == 0;
	for (size_t i = 0; i < c->n_assessments; i++)
		for (size_t k = 0; k < c->assessments[i].n_reported; k++)
			if (strcmp(c->assessments[i].reported[k].criteria, id) == 0)
				return 1;
	for (size_t i = 0; i < c->n_reported_best; i++)
		if (strcmp(c->reported_best[i].criteria, id) == 0)
			return 1;
	for (size_t i = 0; i < c->n_reported_confirmed; i++)
		if (strcmp(c->reported_confirmed[i].criteria, id) == 0)
			return 1;
	return 0;
}

/*
 * A response history without a target_disease column: only a patient
 * without target disease has NON-CR/NON-PD (RECIST 1.1 Table 2), or
 * iRECIST's NON-iCR/NON-iUPD, so one such response says there is none.
 */
bool case_infer_target_disease(const struct recist_case *h)
{
	for (size_t i = 0; i < h->n_assessments; i++)
		if (h->assessments[i].overall == RECIST_RESP_NON_CR_NON_PD ||
		    h->assessments[i].overall == RECIST_RESP_NON_ICR_NON_IUPD)
			return false;
	return true;
}

/* Does s[0..n) start with the NUL-terminated prefix p? */
static bool starts_with(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && memcmp(s, p, k) == 0;
}

/* Is the CSV header line s[0..n) naming name among its comma-separated names (space and quotes around them)? */
static bool header_names(const char *s, size_t n, const char *name)
{
	for (size_t i = 0; i <= n;) {
		size_t end = i, a, b;
		while (end < n && s[end] != ',')
			end++;
		for (a = i; a < end && (s[a] == ' ' || s[a] == '\t' || s[a] == '"'); a++)
			;
		for (b = end; b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '"'); b--)
			;
		if (b - a == strlen(name) && memcmp(s + a, name, b - a) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

/* The first lines of a file that are looked at for a YAML file's format. */
enum { KIND_LOOK_BYTES = 8192 };

enum input_kind input_kind_of(const char *text, size_t len)
{
	size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, line = 0, n;
	const char *eol;

	if (starts_with(text + i, len - i, "HEADER RECORD*******"))
		return INPUT_SDTM;   /* SAS transport (SDTM and ADaM tables are exchanged so) */
	for (size_t at = i; at < len && at - i < KIND_LOOK_BYTES; at += n + 1) {
		eol = memchr(text + at, '\n', len - at);
		n = eol != NULL ? (size_t)(eol - (text + at)) : len - at;
		if (starts_with(text + at, n, "format: recist-rules/"))
			return INPUT_RULES;
		if (starts_with(text + at, n, "format: recist-flags/"))
			return INPUT_FLAGS;
	}
	/* A CSV header: the first line that is not blank. */
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	eol = memchr(text + i, '\n', len - i);
	line = eol != NULL ? (size_t)(eol - (text + i)) : len - i;
	if (memchr(text + i, ',', line) == NULL)
		return INPUT_OTHER;
	if (header_names(text + i, line, "case_id") && header_names(text + i, line, "overall"))
		return INPUT_HISTORY_CSV;
	if (header_names(text + i, line, "USUBJID"))
		return INPUT_SDTM;
	return INPUT_OTHER;
}
