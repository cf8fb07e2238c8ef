#!/usr/bin/env python3
"""Differential test: recist (the C engine, a black box) against reference.py.

    difftest.py --recist PATH --seed S --count N [--criteria recist1.1,mrecist,irecist]
                [--shrink] [--max-report K] [--save-dir DIR] [--hits]
                [--no-warnings] [--ignore-warning CODE]... [--fields LIST]

Generates N cases with gen.py (seed S), scores them with `recist batch --jobs 2` (JSON
Lines; results in input order; an error record is a generator failure) and with
reference.py, and compares field by field: per criteria the baseline sum, per follow-up
sum_mm (to the micrometre), nadir_mm, target, non_target, new_lesions, overall, then
best_overall, confirmed_best_overall (response and date) and progression_date; across
criteria the flag NEW_LESION_WITH_LOCAL_RESPONSE (dates); and the warning codes per
criteria (a warning with criteria null counts for every criteria).  Under irecist, overall
is iRECIST's progression response and overall_recist the RECIST 1.1 table's answer, and
per follow-up the new targets' count and sum (new_targets, new_target_sum_mm, iSOM) are
compared too; best_overall is iBOR.  With irecist among the criteria the generator adds its
iRECIST cases and keys (gen.py --irecist).

Exit status: 0 when there is no disagreement and no generator failure, 1 otherwise,
2 on a usage or tool error.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen        # noqa: E402
import reference  # noqa: E402

TP_FIELDS = ["sum_mm", "nadir_mm", "new_targets", "new_target_sum_mm", "target", "non_target",
             "new_lesions", "overall_recist", "overall"]
CASE_FIELDS = ["baseline_sum_mm", "best_overall", "best_overall_date", "confirmed_best_overall",
               "confirmed_best_overall_date", "progression_date", "cr_then_pr", "warnings"]
ALL_FIELDS = TP_FIELDS + CASE_FIELDS + ["flags"]

# Warning codes compared by default, as (code, path) pairs.  Others the engine may emit
# (CASE_UNKNOWN_KEY for a key an older build does not know...) are ignored.  Switch one off
# with --ignore-warning CODE, or all with --no-warnings; --warning-alias THEIRS=OURS maps a
# renamed code.
DEFAULT_WARNINGS = ["BASELINE_TOO_EARLY", "TOO_MANY_TARGETS", "TOO_MANY_TARGETS_IN_ORGAN",
                    "TARGET_TOO_SMALL", "TARGET_NOT_ENHANCING", "NODE_TARGET_TOO_SMALL",
                    "MEASUREMENT_MISSING", "NON_TARGET_NODE_NORMAL",
                    # iRECIST (recist(1) WARNINGS)
                    "TOO_MANY_NEW_TARGETS", "TOO_MANY_NEW_TARGETS_IN_ORGAN", "ICONFIRM_LATE"]


def to_um(x):
    if x is None:
        return None
    return int((Decimal(str(x)) * 1000).to_integral_value())


def fmt_um(v):
    if v is None:
        return "null"
    s = "%d.%03d" % (abs(v) // 1000, abs(v) % 1000)
    s = s.rstrip("0")
    if s.endswith("."):
        s += "0"
    return ("-" if v < 0 else "") + s


# ---------------------------------------------------------------------------------------
# running the engine
# ---------------------------------------------------------------------------------------

# The settings --settings may change, and how the engine is told: a command-line option,
# or (continuing_pr, a rule-file param with no option) a copy of the shipped rule files.
SETTING_OPTIONS = {
    "confirm_days": lambda v: ["--confirm-days", str(v)],
    "sd_min_days": lambda v: ["--sd-min-days", str(v)],
    "max_ne_between": lambda v: ["--max-ne", str(v)],
    "accept_sd": lambda v: ["--accept-sd" if v else "--no-accept-sd"],
}
RULE_FILE_SETTINGS = ("continuing_pr",)

# Extra command-line arguments of every engine run (set by main from --settings).
ENGINE_ARGS = []


def parse_settings(text):
    """'accept_sd=1,max_ne_between=2' -> {'accept_sd': True, 'max_ne_between': 2}."""
    out = {}
    for item in filter(None, text.split(",")):
        name, _, value = item.partition("=")
        if name not in SETTING_OPTIONS and name not in RULE_FILE_SETTINGS:
            raise ValueError("unknown setting %s" % name)
        v = int(value)
        out[name] = bool(v) if name in ("accept_sd", "continuing_pr") else v
    return out


def engine_args(settings, rules_dir, criteria, tmpdir):
    """The engine's arguments for settings: options, and rule-file copies where needed."""
    args = []
    for name, v in settings.items():
        if name in SETTING_OPTIONS:
            args += SETTING_OPTIONS[name](v)
    rule_params = {k: v for k, v in settings.items() if k in RULE_FILE_SETTINGS}
    for c in criteria if rule_params else ():
        with open(os.path.join(rules_dir, c + ".yaml"), encoding="utf-8") as f:
            text = f.read()
        for k, v in rule_params.items():
            text, n = re.subn(r"(?m)^(  %s:) *\d+" % k, r"\g<1> %d" % int(v), text)
            if n != 1:
                raise ValueError("%s.yaml has no param %s" % (c, k))
        path = os.path.join(tmpdir, "rules-" + c + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        args += ["--rules", path]
    return args


def run_batch(recist, lines, criteria, tmpdir, jobs=2):
    """Score lines (JSON strings) with `recist batch`; returns the parsed output records."""
    inp = os.path.join(tmpdir, "in.jsonl")
    out = os.path.join(tmpdir, "out.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    cmd = [recist, "batch", "--jobs", str(jobs), "-o", out]
    if criteria:
        cmd += ["--criteria", ",".join(criteria)]
    cmd += ENGINE_ARGS
    cmd.append(inp)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 3):
        sys.stderr.write("difftest: %s exited %d:\n%s" % (" ".join(cmd), p.returncode, p.stderr))
        sys.exit(2)
    with open(out, encoding="utf-8") as f:
        recs = [json.loads(l, parse_float=Decimal) for l in f]
    if len(recs) != len(lines):
        sys.stderr.write("difftest: %d records for %d cases\n" % (len(recs), len(lines)))
        sys.exit(2)
    return recs


# ---------------------------------------------------------------------------------------
# comparison
# ---------------------------------------------------------------------------------------

class Options:
    def __init__(self, criteria, fields, warnings, aliases):
        self.criteria = criteria
        self.fields = set(fields)
        self.warnings = set(warnings)
        self.aliases = aliases   # engine code -> our code
        # engine rule id of one new lesion -> the class it gives (YES, EQUIVOCAL, NORMAL),
        # learned from time points with a single new lesion (see learn_rule_classes)
        self.rule_class = {}


NL_VALUE_CLASS = {"YES": "YES", "EQUIVOCAL": "EQUIVOCAL", "NO": "NORMAL"}


def learn_rule_classes(rec, opt):
    for c, v in rec.get("criteria", {}).items():
        for tp in v.get("timepoints", []):
            rl = (tp.get("rules") or {}).get("new_lesions")
            if isinstance(rl, list) and len(rl) == 1:
                cls = NL_VALUE_CLASS.get(tp.get("new_lesions"))
                old = opt.rule_class.get(rl[0])
                if old is None:
                    opt.rule_class[rl[0]] = cls
                elif old != cls:
                    opt.rule_class[rl[0]] = "?"


# field order, most upstream first, for the primary disagreement of a case
FIELD_RANK = {f: i for i, f in enumerate(
    ["timepoints", "criteria", "baseline_sum_mm", "warnings", "sum_mm", "nadir_mm", "new_lesion",
     "new_targets", "new_target_sum_mm", "target", "non_target", "new_lesions", "overall_recist",
     "overall", "flags", "cr_then_pr", "progression_date",
     "best_overall", "best_overall_date", "confirmed_best_overall", "confirmed_best_overall_date"])}


def compare(ours, theirs, opt):
    """Returns the disagreements, each (criteria, field, date, our value, their value,
    engine rule id or None)."""
    out = []

    def add(c, field, date, a, b, rule=None):
        if (field in opt.fields or (field == "new_lesion" and "new_lesions" in opt.fields)) and a != b:
            out.append((c, field, date, a, b, rule))

    for c in opt.criteria:
        o = ours["criteria"][c]
        t = theirs["criteria"].get(c)
        if t is None:
            out.append((c, "criteria", None, "present", "missing", None))
            continue
        add(c, "baseline_sum_mm", None, fmt_um(o["baseline_sum_mm"]), fmt_um(to_um(t["baseline"]["sum_mm"])))
        ttps = {tp["date"]: tp for tp in t["timepoints"]}
        if len(t["timepoints"]) != len(o["timepoints"]):
            out.append((c, "timepoints", None, len(o["timepoints"]), len(t["timepoints"]), None))
        for otp in o["timepoints"]:
            ttp = ttps.get(otp["date"])
            if ttp is None:
                continue
            rules = ttp.get("rules") or {}
            for f in ("sum_mm", "nadir_mm"):
                add(c, f, otp["date"], fmt_um(otp[f]), fmt_um(to_um(ttp.get(f))))
            for f in ("target", "non_target", "new_lesions", "overall"):
                # under a progression list (irecist) "overall" is that list's response, and
                # the rule that gave it is rules.progression
                r = rules.get("progression" if f == "overall" and "overall_recist" in otp else f)
                add(c, f, otp["date"], otp[f], ttp.get(f), r if isinstance(r, str) else None)
            if "overall_recist" in otp or "overall_recist" in ttp:
                r = rules.get("overall")
                add(c, "overall_recist", otp["date"], otp.get("overall_recist"), ttp.get("overall_recist"),
                    r if isinstance(r, str) else None)
            # iRECIST's new targets (NLT) and their sum (iSOM), where either side has them
            if "new_target_sum_mm" in otp or "new_target_sum_mm" in ttp:
                add(c, "new_targets", otp["date"], otp.get("new_targets"), ttp.get("new_targets"))
                add(c, "new_target_sum_mm", otp["date"],
                    fmt_um(otp["new_target_sum_mm"]) if "new_target_sum_mm" in otp else "missing",
                    fmt_um(to_um(ttp["new_target_sum_mm"])) if "new_target_sum_mm" in ttp else "missing")
            # new lesions one by one: the engine's rule ids come in listing order
            rl = rules.get("new_lesions")
            calls = otp.get("new_lesion_calls") or []
            if isinstance(rl, list) and len(rl) == len(calls):
                for (lid, cls), rid in zip(calls, rl):
                    theirs_cls = opt.rule_class.get(rid)
                    if theirs_cls in ("YES", "EQUIVOCAL", "NORMAL"):
                        add(c, "new_lesion", otp["date"], "%s:%s" % (lid, cls), "%s:%s" % (lid, theirs_cls), rid)
        for f in ("best_overall", "confirmed_best_overall"):
            tb = t.get(f) or {}
            add(c, f, None, o[f]["response"], tb.get("response"))
            add(c, f + "_date", None, o[f]["date"], tb.get("date"))
        add(c, "progression_date", None, o["progression_date"], t.get("progression_date"))
        tr = sorted(f["date"] for f in theirs.get("flags", [])
                    if f.get("code") == "CR_THEN_PR" and f.get("criteria") == c)
        for d in sorted(set(o["cr_then_pr"]) - set(tr)):
            add(c, "cr_then_pr", d, "CR_THEN_PR", "-")
        for d in sorted(set(tr) - set(o["cr_then_pr"])):
            add(c, "cr_then_pr", d, "-", "CR_THEN_PR")
        # warnings: codes of this criteria (criteria null counts for all)
        tw = set()
        for w in theirs.get("warnings", []):
            if w.get("criteria") in (c, None):
                code = opt.aliases.get(w["code"], w["code"])
                if code in opt.warnings:
                    tw.add((code, w.get("path")))
        ow = set(x for x in o["warnings"] if x[0] in opt.warnings)
        for code, path in sorted(ow - tw):
            add(c, "warnings", None, "%s@%s" % (code, path), "-", code)
        for code, path in sorted(tw - ow):
            add(c, "warnings", None, "-", "%s@%s" % (code, path), code)
    if "recist1.1" in opt.criteria and "mrecist" in opt.criteria:
        of = sorted(f["date"] for f in ours["flags"] if f["code"] == "NEW_LESION_WITH_LOCAL_RESPONSE")
        tf = sorted(f["date"] for f in theirs.get("flags", []) if f.get("code") == "NEW_LESION_WITH_LOCAL_RESPONSE")
        for d in sorted(set(of) - set(tf)):
            add("*", "flags", d, "NEW_LESION_WITH_LOCAL_RESPONSE", "-")
        for d in sorted(set(tf) - set(of)):
            add("*", "flags", d, "-", "NEW_LESION_WITH_LOCAL_RESPONSE")
    return out


def kind_of(d):
    """The kind of a disagreement: criteria, field and, for categorical fields, both values
    and the engine's rule id (which tells apart different causes with the same answers)."""
    c, field, date, a, b, rule = d
    if field in ("sum_mm", "nadir_mm", "baseline_sum_mm", "new_target_sum_mm", "new_targets") \
            or field.endswith("_date") \
            or field == "progression_date":
        return (c, field)
    if field == "new_lesion":
        a = a.split(":", 1)[1]
        b = b.split(":", 1)[1]
    if field == "warnings":
        return (c, field, "reference" if a != "-" else "engine", rule)
    return (c, field, str(a), str(b)) + ((rule,) if rule else ())


def primary(ds):
    """The most upstream disagreement of a case: time-point fields by date, then by field
    order; case-level ones after."""
    def key(d):
        return (0 if d[2] and d[1] not in ("flags", "cr_then_pr") else 1, d[2] or "", FIELD_RANK.get(d[1], 99))
    return min(ds, key=key)


# ---------------------------------------------------------------------------------------
# shrinking (delta debugging over the case document)
# ---------------------------------------------------------------------------------------

def candidates(doc):
    """Smaller or simpler variants of doc, most aggressive first."""
    A = doc["assessments"]
    # drop follow-ups (from the last)
    for i in range(len(A) - 1, 0, -1):
        d = json.loads(json.dumps(doc))
        del d["assessments"][i]
        yield d
    # drop a lesion of the registry, everywhere
    if len(doc["lesions"]) > 1:
        for les in doc["lesions"]:
            d = json.loads(json.dumps(doc))
            d["lesions"] = [l for l in d["lesions"] if l["id"] != les["id"]]
            for a in d["assessments"]:
                if "lesions" in a:
                    a["lesions"].pop(les["id"], None)
            yield d
    # drop a new lesion id everywhere, then single entries
    ids = []
    for a in A:
        for nl in a.get("new_lesions") or []:
            if nl["id"] not in ids:
                ids.append(nl["id"])
    for lid in ids:
        d = json.loads(json.dumps(doc))
        for a in d["assessments"]:
            if "new_lesions" in a:
                a["new_lesions"] = [x for x in a["new_lesions"] if x["id"] != lid]
        yield d
    for ai, a in enumerate(A):
        for ni in range(len(a.get("new_lesions") or [])):
            d = json.loads(json.dumps(doc))
            del d["assessments"][ai]["new_lesions"][ni]
            yield d
        if "new_lesions" in a and not a["new_lesions"]:
            d = json.loads(json.dumps(doc))
            del d["assessments"][ai]["new_lesions"]
            yield d
    # drop a measurement of a follow-up (the lesion becomes not evaluated)
    for ai in range(1, len(A)):
        for lid in list((A[ai].get("lesions") or {}).keys()):
            d = json.loads(json.dumps(doc))
            del d["assessments"][ai]["lesions"][lid]
            yield d
    # drop optional keys
    for k in ("treatment_start", "arm", "format"):
        if k in doc:
            d = json.loads(json.dumps(doc))
            del d[k]
            yield d
    for li, les in enumerate(doc["lesions"]):
        for k in ("organ", "location", "nodal"):
            if k in les:
                d = json.loads(json.dumps(doc))
                del d["lesions"][li][k]
                yield d
    for ai, a in enumerate(A):
        for lid, m in (a.get("lesions") or {}).items():
            if len(m) > 1:
                for k in list(m.keys()):
                    d = json.loads(json.dumps(doc))
                    del d["assessments"][ai]["lesions"][lid][k]
                    yield d
        for ni, nl in enumerate(a.get("new_lesions") or []):
            # short_axis_mm and nodal are kept: dropping them from one sighting would make
            # that sighting a different (non-nodal) lesion under the same id
            for k in ("organ", "location", "equivocal", "arterial_enhancement", "washout",
                      "diameter_mm", "role", "increased"):
                if k in nl:
                    d = json.loads(json.dumps(doc))
                    del d["assessments"][ai]["new_lesions"][ni][k]
                    yield d
    # simplify strings
    for li, les in enumerate(doc["lesions"]):
        if les.get("organ") not in (None, "liver", "lung"):
            for simple in ("liver", "lung"):
                d = json.loads(json.dumps(doc))
                d["lesions"][li]["organ"] = simple
                yield d
    # round numbers: whole mm, then one decimal
    for path, v in numbers(doc):
        for r in (round(v), round(v, 1)):
            if r != v:
                d = json.loads(json.dumps(doc))
                set_path(d, path, float(r))
                yield d


def numbers(doc):
    out = []

    def walk(x, path):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, path + (k,))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, path + (i,))
        elif isinstance(x, float) or (isinstance(x, int) and not isinstance(x, bool)):
            out.append((path, x))
    walk(doc, ())
    return out


def set_path(doc, path, v):
    x = doc
    for k in path[:-1]:
        x = x[k]
    x[path[-1]] = v


def shrink(doc, kind, recist, opt, tmpdir, budget=400):
    """Greedy delta debugging: keep the first smaller variant that still shows a
    disagreement of the same kind, until no variant does."""
    rounds = 0
    while rounds < budget:
        rounds += 1
        cands = list(candidates(doc))
        if not cands:
            break
        lines = [json.dumps(c) for c in cands]
        recs = run_batch(recist, lines, opt.criteria, tmpdir)
        found = None
        for c, line, rec in zip(cands, lines, recs):
            if rec.get("format") != "recist-result/1":
                continue
            ours = reference.evaluate_text(line, opt.criteria, opt.settings)
            if any(kind_of(d) == kind for d in compare(ours, rec, opt)):
                found = c
                break
        if found is None:
            break
        doc = found
    return doc


# ---------------------------------------------------------------------------------------
# rule hit counts
# ---------------------------------------------------------------------------------------

def tally_rules(rec, hits):
    for c, v in rec.get("criteria", {}).items():
        for tp in v.get("timepoints", []):
            for k, val in (tp.get("rules") or {}).items():
                vals = val if isinstance(val, list) else [val]
                for x in vals:
                    if isinstance(x, str):
                        hits[c][x] += 1
    for w in rec.get("warnings", []):
        if isinstance(w.get("rule"), str):
            hits[w.get("criteria") or "*"][w["rule"]] += 1


def rule_ids(path):
    """The rule ids of a rule file, and its overall table's rows as the engine names them
    ("overall[3]"); only these lines are read, not the rules themselves.  The ids of
    new_lesion_role are left out: the results do not name the rule that chose a new
    lesion's role (only its checks' warnings), so they can never be counted as hit."""
    ids = []
    rows = 0
    in_overall = False
    in_role = False
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^\s*- id: (\S+)", line)
                if m and not in_role:
                    ids.append(m.group(1).strip("'\""))
                if re.match(r"^\S", line):
                    in_overall = line.startswith("overall:")
                    in_role = line.startswith("new_lesion_role:")
                elif in_overall and re.match(r"^\s*- ", line):
                    ids.append("overall[%d]" % rows)
                    rows += 1
    except OSError:
        pass
    return ids


# ---------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="differential test of recist against reference.py")
    ap.add_argument("--recist", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--criteria", default="recist1.1,mrecist")
    ap.add_argument("--shrink", action="store_true")
    ap.add_argument("--max-report", type=int, default=10)
    ap.add_argument("--save-dir", default=os.path.join(HERE, "found"))
    ap.add_argument("--hits", action="store_true", help="print the engine's rule hit counts")
    ap.add_argument("--rules-dir", default=os.path.join(HERE, "..", "..", "rules"))
    ap.add_argument("--fields", default=",".join(ALL_FIELDS),
                    help="fields to compare (default all: %s)" % ",".join(ALL_FIELDS))
    ap.add_argument("--no-warnings", action="store_true", help="do not compare warnings")
    ap.add_argument("--ignore-warning", action="append", default=[], metavar="CODE")
    ap.add_argument("--warning", action="append", default=[], metavar="CODE",
                    help="also compare this warning code (e.g. NODE_NON_TARGET_NORMAL)")
    ap.add_argument("--warning-alias", action="append", default=[], metavar="THEIRS=OURS",
                    help="the engine's code THEIRS is our code OURS")
    ap.add_argument("--chunk", type=int, default=20000, help="cases per engine run")
    ap.add_argument("--settings", default="", metavar="LIST",
                    help="best-response and rule settings for both sides, e.g. "
                         "accept_sd=1,max_ne_between=2,confirm_days=56,sd_min_days=56,continuing_pr=1")
    ap.add_argument("--gen-exclude", default="", metavar="LIST",
                    help="generator patterns to leave out, to look past known disagreements: "
                         + ", ".join(gen.EXCLUDABLE))
    a = ap.parse_args()

    criteria = [c for c in a.criteria.split(",") if c]
    for c in criteria:
        if c not in reference.CRITERIA_PARAMS:
            ap.error("unknown criteria %s" % c)
    fields = [f for f in a.fields.split(",") if f]
    if a.no_warnings and "warnings" in fields:
        fields.remove("warnings")
    warns = (set(DEFAULT_WARNINGS) | set(a.warning)) - set(a.ignore_warning)
    aliases = dict(x.split("=", 1) for x in a.warning_alias)
    opt = Options(criteria, fields, warns, aliases)
    try:
        settings = parse_settings(a.settings)
    except ValueError as e:
        ap.error(str(e))
    opt.settings = settings

    t0 = time.time()
    # iRECIST's cases and keys only when irecist is compared, so that the cases of a seed
    # under recist1.1,mrecist stay those of earlier runs
    g = gen.Gen(a.seed, [x for x in a.gen_exclude.split(",") if x], irecist="irecist" in criteria)
    n_fail = 0
    failures = []
    by_kind = collections.OrderedDict()      # kind -> list of (case_line, disagreement)
    by_field = collections.Counter()          # (criteria, field) -> count
    by_primary = collections.OrderedDict()    # primary kind -> list of (case_line, disagreement)
    cases_with = 0
    hits = collections.defaultdict(collections.Counter)
    t_ref = 0.0
    t_eng = 0.0
    with tempfile.TemporaryDirectory(prefix="difftest.") as tmpdir:
        ENGINE_ARGS[:] = engine_args(settings, a.rules_dir, criteria, tmpdir)
        done = 0
        while done < a.count:
            n = min(a.chunk, a.count - done)
            lines = [gen.dumps(g.case(done + i)) for i in range(n)]
            done += n
            t1 = time.time()
            recs = run_batch(a.recist, lines, criteria, tmpdir)
            t_eng += time.time() - t1
            for line, rec in zip(lines, recs):
                if rec.get("format") != "recist-result/1":
                    n_fail += 1
                    if len(failures) < a.max_report:
                        failures.append((line, rec))
                    continue
                tally_rules(rec, hits)
                learn_rule_classes(rec, opt)
            for line, rec in zip(lines, recs):
                if rec.get("format") != "recist-result/1":
                    continue
                t1 = time.time()
                ours = reference.evaluate_text(line, criteria, settings)
                t_ref += time.time() - t1
                ds = compare(ours, rec, opt)
                if ds:
                    cases_with += 1
                    p = primary(ds)
                    by_primary.setdefault(kind_of(p), []).append((line, p))
                for d in ds:
                    by_field[(d[0], d[1])] += 1
                    by_kind.setdefault(kind_of(d), []).append((line, d))

        elapsed = time.time() - t0
        print("difftest: seed %d, %d cases, criteria %s%s" % (a.seed, a.count, ",".join(criteria),
                                                            ", settings " + a.settings if a.settings else ""))
        print("  engine %.2f s; reference %.2f s (%.0f cases/s); total %.2f s"
              % (t_eng, t_ref, a.count / t_ref if t_ref else 0, elapsed))
        print("  generator failures (rejected by the engine): %d" % n_fail)
        for line, rec in failures:
            print("    %s: %s" % (rec.get("case_id"), json.dumps(rec.get("error"))))
        print("  cases with a disagreement: %d" % cases_with)
        if by_field:
            print("  disagreements by criteria and field:")
            for (c, f), n in sorted(by_field.items()):
                print("    %-10s %-28s %d" % (c, f, n))
            print("  distinct kinds (every disagreement): %d" % len(by_kind))
            for kind, items in list(by_kind.items()):
                print("    %-70s %d" % (" ".join(kind), len(items)))
            print("  primary kinds (the most upstream disagreement of each case): %d" % len(by_primary))
            for kind, items in list(by_primary.items()):
                print("    %-70s %d cases" % (" ".join(kind), len(items)))
        reported = 0
        for kind, items in by_primary.items():
            if reported >= a.max_report:
                break
            reported += 1
            line, d = items[0]
            cid = json.loads(line)["case_id"]
            print("  [%s] %s %s %s: reference %s, recist %s%s"
                  % (cid, d[0], d[1], d[2] or "-", d[3], d[4], " (engine rule %s)" % d[5] if d[5] else ""))
            if a.shrink:
                doc = json.loads(line)
                small = shrink(doc, kind, a.recist, opt, tmpdir)
                os.makedirs(a.save_dir, exist_ok=True)
                name = "_".join(str(x) for x in kind)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
                small = dict([("case_id", name)] + [(k, v) for k, v in small.items() if k != "case_id"])
                path = os.path.join(a.save_dir, name + ".json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(small, f, indent=2)
                    f.write("\n")
                rec = run_batch(a.recist, [json.dumps(small)], criteria, tmpdir)[0]
                ours = reference.evaluate_text(json.dumps(small), criteria, settings)
                print("      shrunk to %s" % os.path.relpath(path))
                for dd in compare(ours, rec, opt):
                    print("        %s %s %s: reference %s, recist %s%s"
                          % (dd[0], dd[1], dd[2] or "-", dd[3], dd[4], " (engine rule %s)" % dd[5] if dd[5] else ""))

        if a.hits:
            print("  rule hits (engine):")
            for c in sorted(hits):
                print("    %s:" % c)
                for rid, n in sorted(hits[c].items(), key=lambda x: (-x[1], x[0])):
                    print("      %-45s %d" % (rid, n))
            for c in criteria:
                ids = rule_ids(os.path.join(a.rules_dir, c + ".yaml"))
                hit = set(hits.get(c, {})) | set(hits.get("*", {}))
                never = [i for i in ids if i not in hit]
                print("    %s: %d rule ids in %s.yaml, never hit: %s"
                      % (c, len(ids), c, " ".join(never) if never else "none"))

    return 1 if (by_field or n_fail) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
