/*
 * sdtm_terms.c - the CDISC controlled terminology recist reads in SDTM
 * tumour data (CDISC CT, codelists TUIDRS, TRTESTCD, TRPROPRS, ONCRTSCD,
 * ONCRSR), each term with what it means in a recist-case/1 document.
 * recist-sdtm(5) lists the same tables.
 *
 * SPDX-License-Identifier: MIT
 *
 * Terms are compared after the reader has folded them to capitals and
 * trimmed surrounding space (sdtm_case.c).  Which rule set reads which
 * measurement is not decided here but by the rule files' measure section;
 * nor are the terms of a category call under a rule set (its
 * cdisc.category_terms: iRECIST's iUPD).  A rule set with a progression
 * list answers OVRLRESP in its own time-point responses (iCR ... iCPD).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "input/sdtm.h"

/* TUIDRS (C123650): a lesion's role at identification. */
static const struct sdtm_role_term roles[] = {
	{ "TARGET",           SROLE_TARGET,     false },
	{ "NON-TARGET",       SROLE_NON_TARGET, false },
	{ "NEW",              SROLE_NEW,        false },
	{ "TARGET NODAL",     SROLE_TARGET,     true  },
	{ "NON-TARGET NODAL", SROLE_NON_TARGET, true  },
	{ "NEW TARGET",       SROLE_NEW,        false },
	{ "NEW NON-TARGET",   SROLE_NEW,        false },
};

const struct sdtm_role_term *sdtm_role_lookup(const char *term)
{
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (strcmp(roles[i].term, term) == 0)
			return &roles[i];
	return NULL;
}

/*
 * TRTESTCD (C96779).  The sums a rule set names in its cdisc.sum_test
 * (SUMDIAM, SUMVDIAM) are found by the caller before this table.
 */
static const struct { const char *code; enum sdtm_test test; } tests[] = {
	{ "LDIAM",    TEST_LDIAM },     /* longest diameter: non-nodal lesions */
	{ "LPERP",    TEST_LPERP },     /* longest perpendicular, the short axis: nodes */
	{ "DIAMETER", TEST_DIAMETER },  /* older data: the axis follows TULOC */
	{ "VDIAM",    TEST_VDIAM },     /* viable diameter (mRECIST) */
	{ "TUMSTATE", TEST_TUMSTATE },  /* state of a non-target or new lesion */
	{ "LNSTATE",  TEST_LNSTATE },   /* lymph node state */
	{ "SUMDIAM",  TEST_DERIVED },   /* sums no loaded rule set names */
	{ "SUMVDIAM", TEST_DERIVED },
	{ "SUMLDIAM", TEST_DERIVED },
	{ "SUMLPERP", TEST_DERIVED },
	{ "SUMNLNLD", TEST_DERIVED },
	{ "PCBSD",    TEST_DERIVED },   /* percent change from baseline in the sum */
	{ "PCNSD",    TEST_DERIVED },   /* percent change from the nadir */
	{ "ACNSD",    TEST_DERIVED },   /* absolute change from the nadir */
	{ "PPD",      TEST_FOREIGN },   /* product of perpendicular diameters: WHO, Lugano, RANO */
	{ "SUMPPD",   TEST_FOREIGN },
};

int sdtm_test_lookup(const char *testcd, enum sdtm_test *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++)
		if (strcmp(tests[i].code, testcd) == 0) {
			*out = tests[i].test;
			return 0;
		}
	return -1;
}

/*
 * TRPROPRS (C124309) for TUMSTATE, and LNSTATE's two terms.  Equivocal
 * progression is not progression (RECIST 1.1 §4.3.3), so EQUIVOCAL is a
 * present lesion; a node that is not pathological is a node that has
 * returned to normal, absent for the complete response (§4.3.3).
 */
static const struct sdtm_state_term states[] = {
	{ "PRESENT",                 "present",       false },
	{ "ABSENT",                  "absent",        false },
	{ "UNEQUIVOCAL PROGRESSION", "progression",   false },
	{ "UNEQUIVOCAL",             "progression",   false },
	{ "EQUIVOCAL",               "present",       true  },
	{ "TUMOR MERGED",            "present",       false },
	{ "NE",                      "not_evaluated", false },
	{ "NOT EVALUABLE",           "not_evaluated", false },
	{ "PATHOLOGICAL",            "present",       false },
	{ "NON-PATHOLOGICAL",        "absent",        false },
};

const struct sdtm_state_term *sdtm_state_lookup(const char *term)
{
	for (size_t i = 0; i < ARRAY_SIZE(states); i++)
		if (strcmp(states[i].term, term) == 0)
			return &states[i];
	return NULL;
}

/*
 * ONCRSR (C96785) terms of a response test, as in a case's reported calls:
 * the term of a response of set (in capitals, as the reader folds them).
 */
static int in_set(const char *term, resp_set set, recist_response *out)
{
	recist_response r;

	if (resp_lookup_loose(term, strlen(term), &r) < 0 || !(set & RESP_BIT(r)))
		return -1;
	*out = r;
	return 0;
}

/*
 * A category call (TRGRESP, NTRGRESP) of set: a term of the rule set's
 * cdisc.category_terms (iRECIST's IUPD, ICPD: PD), else the response's
 * own name.
 */
static int category_value(const struct recist_ruleset *rs, const char *term, resp_set set, recist_response *out)
{
	recist_response r = ruleset_term_category(rs, term);

	if (r != RECIST_RESP_NONE && (set & RESP_BIT(r))) {
		*out = r;
		return 0;
	}
	return in_set(term, set, out);
}

static int target_value(const struct recist_ruleset *rs, const char *t, recist_response *out)
{
	return category_value(rs, t, resp_target_set & ~RESP_BIT(RECIST_RESP_NA), out);
}

static int non_target_value(const struct recist_ruleset *rs, const char *t, recist_response *out)
{
	return category_value(rs, t, resp_non_target_set & ~RESP_BIT(RECIST_RESP_NA), out);
}

/* The time-point responses of rs: iRECIST's (iCR ... iCPD, NE) where it has a progression list. */
static resp_set overall_set(const struct recist_ruleset *rs)
{
	return rs->progression.n > 0 ? resp_progression_set : resp_overall_set;
}

static int overall_value(const struct recist_ruleset *rs, const char *t, recist_response *out)
{
	return in_set(t, overall_set(rs), out);
}

/* NEWLIND: the No-Yes response (NY, C66742). */
static int newlind_value(const struct recist_ruleset *rs, const char *t, recist_response *out)
{
	(void)rs;
	if (strcmp(t, "Y") == 0)
		*out = RECIST_RESP_YES;
	else if (strcmp(t, "N") == 0)
		*out = RECIST_RESP_NO;
	else
		return -1;
	return 0;
}

/* NEWLPROG: an unequivocal new lesion is progression, an equivocal one not yet (§4.3.5). */
static int newlprog_value(const struct recist_ruleset *rs, const char *t, recist_response *out)
{
	(void)rs;
	if (strcmp(t, "UNEQUIVOCAL") == 0)
		*out = RECIST_RESP_YES;
	else if (strcmp(t, "EQUIVOCAL") == 0)
		*out = RECIST_RESP_EQUIVOCAL;
	else
		return -1;
	return 0;
}

/* ONCRTSCD (C96782). */
static const struct sdtm_rs_test rs_tests[] = {
	{ "TRGRESP",  "target",      target_value,     SDTM_TERMS_TARGET,     NULL },
	{ "NTRGRESP", "non_target",  non_target_value, SDTM_TERMS_NON_TARGET, NULL },
	{ "NEWLIND",  "new_lesions", newlind_value,    SDTM_TERMS_FIXED,      "Y or N" },
	{ "NEWLPROG", "new_lesions", newlprog_value,   SDTM_TERMS_FIXED,      "UNEQUIVOCAL or EQUIVOCAL" },
	{ "OVRLRESP", "overall",     overall_value,    SDTM_TERMS_OVERALL,    NULL },
	{ "BESTRESP", "best",        overall_value,    SDTM_TERMS_OVERALL,    NULL },
};

const struct sdtm_rs_test *sdtm_rs_test_lookup(const char *testcd)
{
	for (size_t i = 0; i < ARRAY_SIZE(rs_tests); i++)
		if (strcmp(rs_tests[i].testcd, testcd) == 0)
			return &rs_tests[i];
	return NULL;
}

/* A category's terms under rs, in the order of its cdisc.category_terms, then the rest by name. */
static void category_terms_list(const struct recist_ruleset *rs, resp_set set, char *out, size_t size)
{
	const char *names[16];
	size_t n = 0, len = 0;
	resp_set named = 0;

	for (size_t i = 0; i < rs->n_cdisc_terms && n < ARRAY_SIZE(names); i++)
		if (set & RESP_BIT(rs->cdisc_terms[i].category)) {
			names[n++] = rs->cdisc_terms[i].term;
			named |= RESP_BIT(rs->cdisc_terms[i].category);
		}
	for (int r = 0; r < (int)(sizeof set * CHAR_BIT) && n < ARRAY_SIZE(names); r++)
		if ((set & ~named) & RESP_BIT(r))
			names[n++] = recist_response_name((recist_response)r);
	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++) {
		int k = snprintf(out + len, size - len, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
		len += k > 0 ? (size_t)k : 0;
	}
}

void sdtm_rs_expected(const struct sdtm_rs_test *test, const struct recist_ruleset *rs, char *out, size_t size)
{
	resp_set set = (test->terms == SDTM_TERMS_TARGET ? resp_target_set : resp_non_target_set) &
	               ~RESP_BIT(RECIST_RESP_NA);

	if (test->terms == SDTM_TERMS_FIXED)
		snprintf(out, size, "%s", test->expected);
	else if (test->terms == SDTM_TERMS_OVERALL)
		resp_set_list(overall_set(rs), " or ", out, size);
	else if (rs->n_cdisc_terms == 0)
		resp_set_list(set, " or ", out, size);
	else
		category_terms_list(rs, set, out, size);
}
