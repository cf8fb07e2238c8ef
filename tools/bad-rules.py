#!/usr/bin/env python3
# bad-rules.py - regenerate fixtures/bad-rules/*.yaml: each is a shipped
# rule or flag file with exactly one defect.  Run after changing rules/, then
# `make golden` style review: tools/bad-rules.py && git diff fixtures/bad-rules
# (the .stderr files are regenerated too, by build/recist; review them).
#
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys

RULES = open('rules/recist1.1.yaml').read()
FLAGS = open('rules/flags.yaml').read()
MRECIST = open('rules/mrecist.yaml').read()
IRECIST = open('rules/irecist.yaml').read()

# name: (base text, text to replace, replacement)
CASES = {
    'unknown_top_key': (RULES, 'measure:\n', 'measures:\n'),
    'unknown_review_flag': (RULES, '  CR_THEN_PR: "PR after', '  CR_THEN_SD: "PR after'),
    'unknown_rule_key': (RULES, '    then: PR\n    reason: "sum {sum_mm} mm is', '    than: PR\n    reason: "sum {sum_mm} mm is'),
    'param_out_of_range': (RULES, 'pr_decrease_pct: 30 ', 'pr_decrease_pct: 130'),
    'param_not_a_number': (RULES, 'pd_increase_mm: 5 ', 'pd_increase_mm: five'),
    'missing_engine_param': (RULES, '  too_small_mm: 5            # §4.4.4 / RWG FAQ: "too small to measure" counts as 5 mm\n', ''),
    'engine_param_not_whole': (RULES, 'confirm_days: 28 ', 'confirm_days: 28.5'),
    'unknown_name_in_condition': (RULES, 'when: baseline_sum_mm > 0 and (baseline_sum_mm - sum_mm)', 'when: baseline_sum_mm > 0 and (baseline_sum - sum_mm)'),
    'unknown_name_in_folded_condition': (RULES, '      and increase_from_nadir_mm * 100 >= nadir_mm * pd_increase_pct\n    then: PD\n    reason: "sum',
                                         '      and increase_from_nadir_mm * 100 >= nadir_m * pd_increase_pct\n    then: PD\n    reason: "sum'),
    'condition_syntax_error': (RULES, 'when: target_count == 0\n', 'when: target_count == 0 and\n'),
    'condition_type_error': (RULES, 'when: nontargets_progression > 0\n', 'when: nontargets_progression + true\n'),
    'condition_not_boolean': (RULES, 'when: nontargets_progression > 0\n', 'when: nontargets_progression\n'),
    'bad_then_value': (RULES, '    then: NON-CR/NON-PD\n', '    then: SD\n'),
    'no_catch_all_rule': (RULES, '  - id: target.sd\n    when: true\n', '  - id: target.sd\n    when: sum_mm >= 0\n'),
    'incomplete_overall_table': (RULES, '  - {target: NE,  non_target: ANY, new_lesions: ANY, overall: NE, source: "RECIST 1.1 Table 1"}\n', ''),
    'duplicate_rule_id': (RULES, '  - id: target.pr_continuing\n', '  - id: target.pr\n'),
    'unclosed_message_hole': (RULES, 'reason: "no target lesions at baseline"', 'reason: "no target lesions at {baseline"'),
    'malformed_yaml': (RULES, '  pd_increase_pct: 20 ', '  pd_increase_pct: [20 '),
    'unknown_measure': (RULES, '  nodal: short_axis\n', '  nodal: long_axis\n'),
    'wrong_format': (RULES, 'format: recist-rules/1', 'format: recist-rules/2'),
    'backdate_on_a_rule_that_is_not_yes': (MRECIST, '    then: EQUIVOCAL\n    reason: "new liver lesion {id} {size_mm} mm is under',
                                           '    then: EQUIVOCAL\n    backdate: backdate_atypical\n    reason: "new liver lesion {id} {size_mm} mm is under'),
    'backdate_names_no_switch': (MRECIST, 'backdate: backdate_atypical', 'backdate: atypical_growth_mm'),
    'flags_unknown_criteria_name': (FLAGS, 'and (mrecist.target == "CR"', 'and (mrecst.target == "CR"'),
    'flags_unknown_field': (FLAGS, 'recist.overall == "PD"', 'recist.best == "PD"'),
    'flags_unknown_key': (FLAGS, '    source: "Decision 6; Stukalova et al. 2024"', '    sources: "Decision 6; Stukalova et al. 2024"'),
    'flags_when_not_boolean': (FLAGS, 'when: >-\n      recist.overall == "PD" and recist.new_lesions == "YES"\n      and recist.target != "PD" and recist.non_target != "PD"\n      and (mrecist.target == "CR" or mrecist.target == "PR" or mrecist.target == "SD")', 'when: recist.overall'),
    'flags_compare_string_with_number': (FLAGS, 'recist.overall == "PD"', 'recist.overall == 5'),
    'flags_criteria_not_a_map': (FLAGS, 'criteria:\n  recist: recist1.1\n  mrecist: mrecist\n', 'criteria: [recist1.1, mrecist]\n'),
    'flags_duplicate_criteria_name': (FLAGS, '  mrecist: mrecist\n', '  mrecist: mrecist\n  recist: mrecist\n'),
    'flags_duplicate_code': (FLAGS, 'flags:\n', 'flags:\n  - code: NEW_LESION_WITH_LOCAL_RESPONSE\n    when: "true"\n    message: "x"\n    source: "test"\n'),
    # The limits of recist-rules(5), Limits, one past each (issue 11).
    'condition_nested_too_deeply': (RULES, 'when: target_count == 0\n', 'when: ' + '(' * 257 + 'target_count == 0' + ')' * 257 + '\n'),
    'message_with_too_many_holes': (RULES, 'reason: "no target lesions at baseline"', 'reason: "' + '{target_count}' * 257 + '"'),
    'flags_condition_nested_too_deeply': (FLAGS, 'recist.overall == "PD" and recist.new_lesions == "YES"', 'not ' * 257 + 'recist.overall == "PD" and recist.new_lesions == "YES"'),
    'param_tagged_string': (RULES, 'pr_decrease_pct: 30 ', 'pr_decrease_pct: !!str 30 '),
    # cdisc.category_terms (recist-rules(5), Decision 26): each bad term at its line and column.
    'category_terms_unknown_category': (IRECIST, '    SD: iSD\n', '    XD: iSD\n'),
    'category_terms_category_twice': (IRECIST, '    SD: iSD\n', '    SD: iSD\n    SD: iSD2\n'),
    'category_terms_term_names_another_category': (IRECIST, '    CR: iCR\n', '    CR: PR\n'),
    'category_terms_term_twice': (IRECIST, 'PD: [iUPD, iCPD]', 'PD: [iUPD, iupd]'),
    'category_terms_empty_term': (IRECIST, '    SD: iSD\n', '    SD: ""\n'),
    'category_terms_term_not_a_scalar': (IRECIST, 'PD: [iUPD, iCPD]', 'PD: [iUPD, [iCPD]]'),
    'category_terms_no_term': (IRECIST, 'PD: [iUPD, iCPD]', 'PD: []'),
}

binary = sys.argv[1] if len(sys.argv) > 1 else 'build/recist'
for name, (base, old, new) in sorted(CASES.items()):
    if old not in base:
        sys.exit(f'bad-rules.py: {name}: the text to replace is not in the shipped file')
    path = f'fixtures/bad-rules/{name}.yaml'
    with open(path, 'w') as f:
        f.write(base.replace(old, new, 1))
    # The library's lines, as the API tests see them: without the command
    # the CLI puts after "recist: " (tests/test_golden.c puts it back).
    run = subprocess.run([binary, 'rules', 'check', path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    with open(f'fixtures/bad-rules/{name}.stderr', 'w') as err:
        err.write(run.stderr.replace('recist: rules: ', 'recist: '))
