/*
 * vocab.c - the response vocabulary (CDISC terms, interface §3): names,
 * lookup, and the values each response field may take.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

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
};

#define B(x) RESP_BIT(RECIST_RESP_##x)
const resp_set resp_target_set      = B(CR) | B(PR) | B(SD) | B(PD) | B(NE) | B(NA);
const resp_set resp_non_target_set  = B(CR) | B(NON_CR_NON_PD) | B(PD) | B(NE) | B(NA);
const resp_set resp_new_lesions_set = B(YES) | B(NO) | B(EQUIVOCAL);
const resp_set resp_overall_set     = B(CR) | B(PR) | B(SD) | B(NON_CR_NON_PD) | B(PD) | B(NE);
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
