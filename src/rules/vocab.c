/*
 * vocab.c - the response vocabulary (CDISC terms, recist(1) OUTPUT): names,
 * lookup, and the values each response field may take.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "rules/ruleset.h"

static const char *const resp_names[] = {
	[RECIST_RESP_NONE]          = "",
	[RECIST_RESP_CR]            = "CR",
	[RECIST_RESP_PR]            = "PR",
	[RECIST_RESP_SD]            = "SD",
	[RECIST_RESP_PD]            = "PD",
	[RECIST_RESP_NE]            = "NE",
	[RECIST_RESP_NA]            = "NA",
	[RECIST_RESP_NON_CR_NON_PD] = "NON-CR/NON-PD",
	[RECIST_RESP_YES]           = "YES",
	[RECIST_RESP_NO]            = "NO",
	[RECIST_RESP_EQUIVOCAL]     = "EQUIVOCAL",
	[RECIST_RESP_ICR]           = "iCR",
	[RECIST_RESP_IPR]           = "iPR",
	[RECIST_RESP_ISD]           = "iSD",
	[RECIST_RESP_NON_ICR_NON_IUPD] = "NON-iCR/NON-iUPD",
	[RECIST_RESP_IUPD]          = "iUPD",
	[RECIST_RESP_ICPD]          = "iCPD",
};

#define B(x) RESP_BIT(RECIST_RESP_##x)
const resp_set resp_target_set      = B(CR) | B(PR) | B(SD) | B(PD) | B(NE) | B(NA);
const resp_set resp_non_target_set  = B(CR) | B(NON_CR_NON_PD) | B(PD) | B(NE) | B(NA);
const resp_set resp_new_lesions_set = B(YES) | B(NO) | B(EQUIVOCAL);
const resp_set resp_overall_set     = B(CR) | B(PR) | B(SD) | B(NON_CR_NON_PD) | B(PD) | B(NE);
const resp_set resp_progression_set = B(ICR) | B(IPR) | B(ISD) | B(NON_ICR_NON_IUPD) | B(IUPD) | B(ICPD) | B(NE);
const resp_set resp_any_overall_set  = B(CR) | B(PR) | B(SD) | B(NON_CR_NON_PD) | B(PD) | B(NE) |
                                       B(ICR) | B(IPR) | B(ISD) | B(NON_ICR_NON_IUPD) | B(IUPD) | B(ICPD);
#undef B

const char *recist_response_name(recist_response r)
{
	if ((size_t)r >= ARRAY_SIZE(resp_names))
		return "";
	return resp_names[r];
}

int resp_lookup(const char *s, size_t len, recist_response *out)
{
	for (size_t i = 1; i < ARRAY_SIZE(resp_names); i++) {
		if (strlen(resp_names[i]) == len && memcmp(resp_names[i], s, len) == 0) {
			*out = (recist_response)i;
			return 0;
		}
	}
	return -1;
}

int resp_lookup_loose(const char *s, size_t len, recist_response *out)
{
	for (size_t i = 1; i < ARRAY_SIZE(resp_names); i++) {
		enum text_match m = text_term_match(s, len, resp_names[i]);
		if (m != TEXT_OTHER) {
			*out = (recist_response)i;
			return m == TEXT_EXACT ? 0 : 1;
		}
	}
	return -1;
}

/*
 * The order terms are listed in messages: the responses from best to
 * worst, then the new-lesion terms ("CR, NON-CR/NON-PD, PD, NE, NA"), then
 * iRECIST's, best to worst.
 */
static const recist_response list_order[] = {
	RECIST_RESP_CR, RECIST_RESP_PR, RECIST_RESP_SD, RECIST_RESP_NON_CR_NON_PD, RECIST_RESP_PD,
	RECIST_RESP_NE, RECIST_RESP_NA, RECIST_RESP_YES, RECIST_RESP_NO, RECIST_RESP_EQUIVOCAL,
	RECIST_RESP_ICR, RECIST_RESP_IPR, RECIST_RESP_ISD, RECIST_RESP_NON_ICR_NON_IUPD, RECIST_RESP_IUPD,
	RECIST_RESP_ICPD,
};

void resp_set_list(resp_set set, const char *last_sep, char *out, size_t size)
{
	size_t n = 0, left = 0;

	for (size_t i = 0; i < ARRAY_SIZE(list_order); i++)
		left += (set & RESP_BIT(list_order[i])) != 0;
	out[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(list_order) && n < size; i++) {
		if (!(set & RESP_BIT(list_order[i])))
			continue;
		int k = snprintf(out + n, size - n, "%s%s", n == 0 ? "" : left == 1 ? last_sep : ", ",
		                 resp_names[list_order[i]]);
		if (k < 0)
			break;
		n += (size_t)k;
		left--;
	}
}

recist_response resp_recist_counterpart(recist_response r)
{
	switch (r) {
	case RECIST_RESP_ICR:              return RECIST_RESP_CR;
	case RECIST_RESP_IPR:              return RECIST_RESP_PR;
	case RECIST_RESP_ISD:              return RECIST_RESP_SD;
	case RECIST_RESP_NON_ICR_NON_IUPD: return RECIST_RESP_NON_CR_NON_PD;
	case RECIST_RESP_IUPD:
	case RECIST_RESP_ICPD:             return RECIST_RESP_PD;
	default:                           return r;
	}
}
