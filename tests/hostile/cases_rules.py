"""Hostile rule and flag files for run.py: the condition parser's recursion, the
loader's time and memory per item, and typed params (classes 1, 7, 8 and 11).

Every input is a small valid file (BASE or FLAGS below, which recist accepted before
issue 11 too) with one part made deep or huge.  A limit is tested at the limit and
one past it in one input: the item at the limit comes first, so the error must be at
the item past it, which shows that the one at the limit was accepted.  Expected
positions are worked out from BASE, so that huge inputs are made only when run.
"""
import os

from run import Case

# A minimal rule set.  The cases change the target rules' conditions and reasons,
# add params, rules or list items, and expect errors at positions in it.
BASE = """\
format: recist-rules/1
id: hostile
name: Hostile
source: tests/hostile/cases_rules.py
params:
  too_small_mm: 5
  backdate_equivocal: 1
  confirm_days: 28
  sd_min_days: 42
  max_ne_between: 1
  accept_sd: 0
  pr_decrease_pct: 30
measure:
  nonnodal: diameter
  nodal: short_axis
target:
  - id: target.pr
    when: baseline_sum_mm > 0 and (baseline_sum_mm - sum_mm) * 100 >= baseline_sum_mm * pr_decrease_pct
    then: PR
    reason: "sum {sum_mm} mm (PR needs -{pr_decrease_pct}%)"
    source: s
  - id: target.sd
    when: true
    then: SD
    reason: "sum {sum_mm} mm"
    source: s
non_target:
  - {id: non_target.cr, when: "true", then: CR, reason: "r", source: s}
new_lesion:
  - {id: new_lesion.yes, when: "true", then: "YES", reason: "new lesion {id}", source: s}
overall:
  - {target: ANY, non_target: [CR, NA], new_lesions: ANY, overall: SD, source: s}
  - {target: ANY, non_target: ANY, new_lesions: ANY, overall: NE, source: s}
"""
BASE_RULES = 6    # its rules and table rows
BASE_PARAMS = 7

WHEN_PR = "when: baseline_sum_mm > 0 and (baseline_sum_mm - sum_mm) * 100 >= baseline_sum_mm * pr_decrease_pct"
WHEN_SD = "when: true"
REASON_PR = 'reason: "sum {sum_mm} mm (PR needs -{pr_decrease_pct}%)"'
REASON_SD = 'reason: "sum {sum_mm} mm"'
TARGET = "target:\n  - id: target.pr"

FLAGS = """\
format: recist-flags/1
name: Hostile flags
source: tests/hostile/cases_rules.py
criteria:
  recist: recist1.1
  mrecist: mrecist
flags:
  - code: X
    when: recist.overall == "PD" and mrecist.target == "CR"
    message: "target {mrecist.target}"
    source: s
"""
FLAG_WHEN = 'when: recist.overall == "PD" and mrecist.target == "CR"'

# The limits of recist-rules(5), Limits (src/rules/expr.h, src/rules/ruleset.h, src/rules/flagset.h).
NESTING = 256
HOLES = 256
MAX_RULES = 20000     # rules and table rows of a rule file; flags of a flag file
MAX_PARAMS = 1000

TOO_LARGE = "error: rule file too large: "
TOO_DEEP = TOO_LARGE + "expression nested more than %d deep" % NESTING
TOO_MANY_HOLES = TOO_LARGE + "message holds more than %d holes" % HOLES


def replace(text, old, new):
    assert text.count(old) == 1, old
    return text.replace(old, new, 1)


def where(text, marker, cols=0, lines=0):
    """'in:LINE:COL: ' of marker's first byte in text, moved down 'lines' lines (added
    above it) and right 'cols' columns."""
    assert text.count(marker) == 1, marker
    i = text.index(marker)
    line = text.count("\n", 0, i) + 1 + lines
    col = i - text.rfind("\n", 0, i) + cols
    return "in:%d:%d: " % (line, col)


def parens(n, inner):
    return "(" * n + inner + ")" * n


def two_conditions(at_limit, past_limit):
    """target.pr's condition at the limit, then target.sd's past it."""
    return replace(replace(BASE, WHEN_PR, "when: " + at_limit), WHEN_SD, "when: " + past_limit)


# Where target.sd's condition and reason start (after "when: " and 'reason: "').
SD_WHEN = lambda cols: where(BASE, WHEN_SD, len("when: ") + cols)
SD_REASON = lambda cols, lines=0: where(BASE, REASON_SD, len('reason: "') + cols, lines)


def write_case(d):
    """A case, as $DIR/case.json and in $DIR/cases/, for evaluate and batch."""
    os.mkdir(os.path.join(d, "cases"))
    for path in ("case.json", "cases/c.json"):
        with open(os.path.join(d, path), "w") as f:
            f.write('{"case_id": "C1", "lesions": [{"id": "T1", "role": "target"}], "assessments": '
                    '[{"date": "2024-01-01", "lesions": {"T1": {"diameter_mm": 20}}}, '
                    '{"date": "2024-03-01", "lesions": {"T1": {"diameter_mm": 10}}}]}\n')


def params(n):
    """n more params p0 ... (none used: each draws a warning)."""
    return replace(BASE, "params:\n", "params:\n" + "".join("  p%d: %d\n" % (i, i) for i in range(n)))


def rules(n):
    """n more target rules t0 ..., before BASE's."""
    return replace(BASE, TARGET, "target:\n" + "".join(
        '  - {id: t%d, when: "sum_mm == %d", then: SD, reason: "r", source: s}\n' % (i, i + 1000)
        for i in range(n)) + TARGET[len("target:\n"):])


FLAG_LINE = '  - {code: F%d, when: "true", message: "%s", source: s}\n'


def flags(n, last_message="m"):
    """n more flags F0 ..., after FLAGS's; the last one's message is last_message."""
    return FLAGS + "".join(FLAG_LINE % (i, "m" if i < n - 1 else last_message) for i in range(n))


def last_flag_message(n, cols):
    """Where the message of flags(n)'s last flag starts, moved right cols columns."""
    line = FLAG_LINE % (n - 1, "")
    return "in:%d:%d: " % (FLAGS.count("\n") + n, line.index('message: "') + len('message: "') + 1 + cols)


def one_hole_past(text, reason=REASON_SD):
    """A reason of HOLES holes and one more, marked {target_count}."""
    return replace(text, reason, 'reason: "' + "{sum_mm}" * HOLES + "{target_count}" + '"')


RULE_CHECK = ["rules", "check", "$IN"]
OK = "in: ok: rule set 'hostile'"

CASES = [
    # ---- Class 1: nesting is refused at the token past the limit, never with SIGSEGV.
    Case("rules_condition_14600_parens", 1, RULE_CHECK,
         input=lambda: replace(BASE, WHEN_SD, "when: " + parens(14600, "sum_mm > 0")),
         exit=4, stderr=[SD_WHEN(NESTING) + TOO_DEEP]),
    Case("rules_condition_parens_at_and_past_limit", 1, RULE_CHECK,
         input=lambda: two_conditions(parens(NESTING, "sum_mm > 0"), parens(NESTING + 1, "sum_mm < 1")),
         exit=4, stderr=[SD_WHEN(NESTING) + TOO_DEEP]),
    # 255 'not' and a '(' are 256 levels (and 256 instructions, the code limit).
    Case("rules_condition_not_at_and_past_limit", 1, RULE_CHECK,
         input=lambda: two_conditions("not " * (NESTING - 1) + "(sum_mm > 0)", "not " * (NESTING + 1) + "true"),
         exit=4, stderr=[SD_WHEN(4 * NESTING) + TOO_DEEP]),
    # 250 unary '-' and 6 '(' are 256 levels.
    Case("rules_condition_minus_at_and_past_limit", 1, RULE_CHECK,
         input=lambda: two_conditions("-" * (NESTING - 6) + parens(6, "sum_mm") + " < 0",
                                      "-" * (NESTING + 1) + "sum_mm < 0"),
         exit=4, stderr=[SD_WHEN(NESTING) + TOO_DEEP]),
    Case("rules_condition_1000000_not", 1, RULE_CHECK,
         input=lambda: replace(BASE, WHEN_SD, "when: " + "not " * 1000000 + "true"),
         exit=4, stderr=[SD_WHEN(4 * NESTING) + TOO_DEEP], huge=True),
    Case("rules_condition_1000000_minus", 1, RULE_CHECK,
         input=lambda: replace(BASE, WHEN_SD, "when: " + "-" * 1000000 + "sum_mm < 0"),
         exit=4, stderr=[SD_WHEN(NESTING) + TOO_DEEP], huge=True),
    Case("rules_message_hole_14600_parens", 1, RULE_CHECK,
         input=lambda: replace(BASE, REASON_SD, 'reason: "{' + parens(14600, "sum_mm") + '}"'),
         exit=4, stderr=[SD_REASON(1 + NESTING) + TOO_DEEP]),
    Case("rules_message_hole_parens_at_and_past_limit", 1, RULE_CHECK,
         input=lambda: replace(BASE, REASON_SD, 'reason: "{' + parens(NESTING, "sum_mm") + "} {" +
                               parens(NESTING + 1, "sum_mm") + '}"'),
         exit=4, stderr=[SD_REASON(1 + 2 * NESTING + len("sum_mm") + 3 + NESTING) + TOO_DEEP]),
    Case("rules_evaluate_rules_14600_parens", 1,
         ["evaluate", "--rules", "$IN", "--criteria", "hostile", "$DIR/case.json"], setup=write_case,
         input=lambda: replace(BASE, WHEN_SD, "when: " + parens(14600, "sum_mm > 0")),
         exit=4, stderr=[SD_WHEN(NESTING) + TOO_DEEP]),
    Case("rules_batch_rules_14600_parens", 1,
         ["batch", "--rules", "$IN", "--criteria", "hostile", "$DIR/cases"], setup=write_case,
         input=lambda: replace(BASE, WHEN_SD, "when: " + parens(14600, "sum_mm > 0")),
         exit=4, stderr=[SD_WHEN(NESTING) + TOO_DEEP]),
    Case("rules_evaluate_flags_14600_parens", 1, ["evaluate", "--flags", "$IN", "$DIR/case.json"],
         setup=write_case, input=lambda: replace(FLAGS, FLAG_WHEN, "when: " + parens(14600, 'recist.overall == "PD"')),
         exit=4, stderr=[where(FLAGS, FLAG_WHEN, len("when: ") + NESTING) + TOO_DEEP]),
    Case("rules_flags_parens_at_and_past_limit", 1, RULE_CHECK,
         input=lambda: replace(FLAGS, FLAG_WHEN, "when: " + parens(NESTING, 'recist.overall == "PD"')) +
         "  - {code: Y, when: '" + parens(NESTING + 1, 'recist.overall == "NE"') + "', message: m, source: s}\n",
         exit=4, stderr=["in:%d:%d: " % (FLAGS.count("\n") + 1, len('  - {code: Y, when: "') + NESTING + 1) + TOO_DEEP]),

    # ---- Class 7: loading is linear in the items (each of these took 34 s to minutes).
    Case("rules_flow_sequence_200000_scalars", 7, RULE_CHECK,
         input=lambda: replace(BASE, "non_target: [CR, NA]", "non_target: [" + "CR, " * 200000 + "NA]"),
         exit=0, stdout=[OK]),
    Case("rules_100000_params", 7, RULE_CHECK, input=lambda: params(100000), exit=4,
         stderr=[where(BASE, "params:\n", 2, MAX_PARAMS + 1) + TOO_LARGE + "more than %d params" % MAX_PARAMS],
         huge=True),
    Case("rules_params_at_limit_and_holes_past", 7, RULE_CHECK,
         input=lambda: one_hole_past(params(MAX_PARAMS - BASE_PARAMS)),
         exit=4, stderr=[SD_REASON(8 * HOLES, MAX_PARAMS - BASE_PARAMS) + TOO_MANY_HOLES]),
    Case("rules_params_past_limit", 7, RULE_CHECK, input=lambda: params(MAX_PARAMS - BASE_PARAMS + 1),
         exit=4, stderr=[where(BASE, "params:\n", 2, MAX_PARAMS + 1) + TOO_LARGE + "more than %d params" % MAX_PARAMS]),
    Case("rules_100000_rules", 7, RULE_CHECK, input=lambda: rules(100000), exit=4,
         stderr=[where(BASE, TARGET, 4, MAX_RULES + 1) + TOO_LARGE +
                 "more than %d rules (with the rows of 'overall')" % MAX_RULES], huge=True),
    # All the rules before the last are compiled; its reason is one hole past the limit.
    Case("rules_at_limit_and_holes_past", 7, RULE_CHECK,
         input=lambda: one_hole_past(rules(MAX_RULES - BASE_RULES)),
         exit=4, stderr=[SD_REASON(8 * HOLES, MAX_RULES - BASE_RULES) + TOO_MANY_HOLES]),
    # Rules are counted list by list, the rows of 'overall' last: its last row is one too many.
    Case("rules_past_limit", 7, RULE_CHECK, input=lambda: rules(MAX_RULES - BASE_RULES + 1), exit=4,
         stderr=[where(BASE, "  - {target: ANY, non_target: ANY,", 4, MAX_RULES - BASE_RULES + 1) + TOO_LARGE +
                 "more than %d rules (with the rows of 'overall')" % MAX_RULES]),
    Case("rules_100000_flags", 7, RULE_CHECK, input=lambda: flags(100000), exit=4,
         stderr=["in:%d:5: " % (FLAGS.count("\n") + MAX_RULES) + TOO_LARGE + "more than %d flags" % MAX_RULES],
         huge=True),
    # All the flags before the last are compiled; its message is one hole past the limit.
    Case("rules_flags_at_limit_and_holes_past", 7, RULE_CHECK,
         input=lambda: flags(MAX_RULES - 1, "{mrecist.target}" * HOLES + "{recist.target}"),
         exit=4, stderr=[last_flag_message(MAX_RULES - 1, len("{mrecist.target}") * HOLES) + TOO_MANY_HOLES]),

    # ---- Class 8: a message keeps memory in proportion to its text (10^5 holes kept
    # 828 MB), and holes are limited; 10^5 escaped braces overran the parts array.
    Case("rules_message_100000_holes", 8, RULE_CHECK,
         input=lambda: replace(BASE, REASON_SD, 'reason: "' + "{sum_mm}" * 100000 + '"'),
         exit=4, stderr=[SD_REASON(8 * HOLES) + TOO_MANY_HOLES]),
    Case("rules_message_holes_at_and_past_limit", 8, RULE_CHECK,
         input=lambda: one_hole_past(replace(BASE, REASON_PR, 'reason: "' + "{sum_mm}" * HOLES + '"')),
         exit=4, stderr=[SD_REASON(8 * HOLES) + TOO_MANY_HOLES]),
    Case("rules_message_100000_escaped_braces", 8, RULE_CHECK,
         input=lambda: replace(BASE, REASON_SD, 'reason: "' + "x}}" * 100000 + '"'),
         exit=0, stdout=[OK]),

    # ---- Class 11: a tagged scalar is a string, as a quoted one is, not a number.
    Case("rules_param_tagged_str", 11, RULE_CHECK,
         input=lambda: replace(BASE, "pr_decrease_pct: 30", "pr_decrease_pct: !!str 30"), exit=4,
         stderr=[where(BASE, "pr_decrease_pct: 30", len("pr_decrease_pct: ")) +
                 "error: wrong type: param 'pr_decrease_pct' must be a plain decimal number, got quoted or tagged '30'"]),
    Case("rules_param_nonspecific_tag", 11, RULE_CHECK,
         input=lambda: replace(BASE, "pr_decrease_pct: 30", "pr_decrease_pct: ! 30"), exit=4,
         stderr=[where(BASE, "pr_decrease_pct: 30", len("pr_decrease_pct: ")) +
                 "error: wrong type: param 'pr_decrease_pct' must be a plain decimal number, got quoted or tagged '30'"]),
]
