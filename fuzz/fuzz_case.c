/*
 * fuzz_case.c - libFuzzer target: any bytes as a file of cases.  Every
 * document is parsed and, when valid, scored under every built-in rule set
 * and written in all three formats.  Must never crash, hang or leak.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>

#include "recist/recist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static recist_ruleset *sets[8];
	static recist_flagset *flags;
	static size_t n_sets;
	recist_case *c = recist_case_new();
	recist_result *res = recist_result_new();
	recist_buffer out = RECIST_BUFFER_INIT;
	recist_origin at = { "fuzz", 1, 1 };
	const char *text = (const char *)data;
	size_t off = 0, used;

	if (flags == NULL)
		recist_flagset_load_builtin(&flags, NULL);
	if (n_sets == 0)
		for (size_t i = 0; i < recist_builtin_count() && i < 8; i++)
			if (recist_ruleset_load_builtin(&sets[n_sets], recist_builtin_id(i), NULL) == 0)
				n_sets++;
	while (c && res && off < size) {
		int rc = recist_case_parse(c, &used, text + off, size - off, &at, NULL);
		if (rc == RECIST_ENOTFOUND || rc == RECIST_EPARSE || used == 0)
			break;
		off += used;
		if (rc < 0)
			continue;
		recist_eval_options opts = RECIST_EVAL_OPTIONS_INIT;
		opts.explain = 1;
		if (recist_evaluate_opts(res, c, (const recist_ruleset *const *)sets, n_sets, &opts, NULL) == 0 &&
		    recist_evaluate_flags(res, flags, NULL) == 0 &&
		    recist_validate(res, c, (const recist_ruleset *const *)sets, n_sets, NULL) == 0) {
			recist_findings_write(&out, res, RECIST_FORMAT_JSON);
			recist_findings_write(&out, res, RECIST_FORMAT_TEXT);
			recist_result_write(&out, res, RECIST_FORMAT_JSON);
			recist_result_write(&out, res, RECIST_FORMAT_TEXT);
			recist_result_write(&out, res, RECIST_FORMAT_CSV);
			recist_buffer_clear(&out);
		}
	}
	recist_buffer_release(&out);
	recist_result_free(res);
	recist_case_free(c);
	return 0;
}
