/*
 * fuzz_rules.c - libFuzzer target: any bytes as a rule file and as a flag
 * file.  Loading must never crash, hang or leak; a rule set that loads
 * scores a fixed case.  Inputs must be allowed tens of kilobytes (-max_len):
 * the nesting that overflowed the parser's stack before issue 11 took 29 kB.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "recist/recist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char case_json[] =
	"{\"case_id\":\"f\",\"lesions\":[{\"id\":\"T1\",\"role\":\"target\"},"
	"{\"id\":\"N1\",\"role\":\"target\",\"nodal\":true},{\"id\":\"NT\",\"role\":\"non-target\"}],"
	"\"assessments\":[{\"date\":\"2024-01-01\",\"lesions\":{\"T1\":{\"diameter_mm\":20,\"viable_mm\":12},"
	"\"N1\":{\"short_axis_mm\":16},\"NT\":{\"status\":\"present\"}}},"
	"{\"date\":\"2024-03-01\",\"lesions\":{\"T1\":{\"diameter_mm\":0},\"N1\":{\"short_axis_mm\":8},"
	"\"NT\":{\"status\":\"absent\"}},\"new_lesions\":[{\"id\":\"X\",\"short_axis_mm\":11}]},"
	"{\"date\":\"2024-05-01\",\"lesions\":{\"T1\":{\"too_small\":true}},"
	"\"new_lesions\":[{\"id\":\"X\",\"short_axis_mm\":12}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	recist_flagset *fs = NULL;
	recist_ruleset *rs = NULL;
	recist_case *c;
	recist_result *res;
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_origin at = { "case", 1, 1 };
	size_t used;

	/* The same YAML and expression code, behind the flag files' own compiler. */
	if (recist_flagset_load_text(&fs, (const char *)data, size, "fuzz", NULL) == 0)
		recist_flagset_free(fs);
	if (recist_ruleset_load_text(&rs, (const char *)data, size, "fuzz", NULL) < 0)
		return 0;
	c = recist_case_new();
	res = recist_result_new();
	if (c && res && recist_case_parse(c, &used, case_json, strlen(case_json), &at, NULL) == 0 &&
	    recist_evaluate(res, c, (const recist_ruleset *const *)&rs, 1, NULL) == 0)
		recist_result_write(&out, res, RECIST_FORMAT_TEXT);
	recist_buffer_release(&out);
	recist_result_free(res);
	recist_case_free(c);
	recist_ruleset_free(rs);
	return 0;
}
