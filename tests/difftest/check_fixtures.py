#!/usr/bin/env python3
"""Check reference.py against the hand-worked fixtures (fixtures/recist1.1 and
fixtures/mrecist: <name>.json + <name>.expect).  Prints every assertion that fails.
Some fixtures predate Decisions 10-20 (recist-rules(5)) and are expected to fail where a Decision
changed the answer; the report lists them."""
import glob, json, os, sys
from decimal import Decimal
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference, difftest

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "fixtures")
bad = 0
n = 0
for exp in sorted(glob.glob(os.path.join(root, "recist1.1", "*.expect")) + glob.glob(os.path.join(root, "mrecist", "*.expect"))):
    case = exp[:-7] + ".json"
    res = reference.evaluate_text(open(case).read())
    for line in open(exp):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        crit, date, what = parts[0], parts[1], parts[2]
        arg = parts[3:] if len(parts) > 3 else []
        n += 1
        ok = True
        got = None
        if crit == "*":
            code = arg[0] if arg else ""
            flags = [f["date"] for f in res["flags"] if f["code"] == code]
            if code == "CR_THEN_PR":
                flags = [d for cc in res["criteria"].values() for d in cc["cr_then_pr"]]
            if what == "flag":
                ok = date in flags
            elif what == "no-flag":
                ok = date not in flags
            elif what == "no-flags":
                ok = not res["flags"] and not any(cc["cr_then_pr"] for cc in res["criteria"].values())
            got = res["flags"]
        else:
            c = res["criteria"][crit]
            if date == "-":
                if what == "progression_date":
                    got = c["progression_date"]; ok = str(got) == arg[0].replace("null", "None")
                elif what in ("best_overall", "confirmed_best_overall"):
                    got = c[what]; ok = got["response"] == arg[0] and str(got["date"]) == arg[1].replace("null", "None")
                elif what in ("warning", "no-warning"):
                    got = sorted(c["warnings"])
                    hit = any(w[0] == arg[0] and (len(arg) < 2 or w[1] == arg[1]) for w in got)
                    ok = hit if what == "warning" else not hit
                elif what == "no-warnings":
                    # recist1.1 fixtures are run with --criteria recist1.1
                    crits = ["recist1.1"] if "/recist1.1/" in exp else list(res["criteria"])
                    got = [w for cc in crits for w in res["criteria"][cc]["warnings"]]; ok = not got
                else:
                    continue
            else:
                tp = next(t for t in c["timepoints"] if t["date"] == date)
                if what.startswith("change_"):
                    continue          # percentages are not computed by the reference
                if what in ("sum_mm", "nadir_mm"):
                    got = difftest.fmt_um(tp[what])
                    ok = (arg[0] == "null" and tp[what] is None) or (arg[0] != "null" and tp[what] == difftest.to_um(arg[0]))
                else:
                    got = tp[what]; ok = got == arg[0]
        if not ok:
            bad += 1
            print("%s: %s  (reference: %s)" % (os.path.relpath(exp, root), line, got))
print("%d assertions, %d failed" % (n, bad))

# ---- best overall response: fixtures/bor (response histories; `recist bor` converts a PR,
# SD or NON-CR/NON-PD after a CR to PD, which `evaluate` does not need)
import datetime
bad = 0
n = 0
for exp in sorted(glob.glob(os.path.join(root, "bor", "*.expect"))):
    src = exp[:-7] + ".jsonl"
    if not os.path.exists(src):
        continue
    s = dict(reference.DEFAULT_SETTINGS)
    args = exp[:-7] + ".args"
    if os.path.exists(args):
        toks = open(args).read().split()
        i = 0
        while i < len(toks):
            t = toks[i]
            if t == "--accept-sd":
                s["accept_sd"] = True; i += 1; continue
            key = {"--confirm-days": "confirm_days", "--sd-min-days": "sd_min_days", "--max-ne": "max_ne_between"}[t]
            s[key] = int(toks[i + 1]); i += 2
    subj = {}
    for line in open(src):
        if line.strip():
            h = json.loads(line)
            start = datetime.date.fromisoformat(h["treatment_start"])
            resp = [r["overall"] for r in h["responses"]]
            dates = [datetime.date.fromisoformat(r["date"]) for r in h["responses"]]
            has_t = h.get("target_disease", "NON-CR/NON-PD" not in resp)
            eff = []
            seen_cr = False
            for r in resp:
                if seen_cr and r in ("PR", "SD", "NON-CR/NON-PD"):
                    r = "PD"
                seen_cr = seen_cr or r == "CR"
                eff.append(r)
                if r == "PD":
                    break
            ed = dates[:len(eff)]
            prog = next((d for d, r in zip(ed, eff) if r == "PD"), None)
            b = reference.best_overall(eff, ed, start, has_t, s, False)
            cb = reference.best_overall(eff, ed, start, has_t, s, True)
            subj[h["case_id"]] = {"best_overall": b, "confirmed_best_overall": cb, "progression_date": prog}
    for line in open(exp):
        p = line.split()
        if not p or p[0].startswith("#") or p[1] not in ("best_overall", "confirmed_best_overall", "progression_date"):
            continue
        n += 1
        got = subj[p[0]][p[1]]
        if p[1] == "progression_date":
            ok = str(got) == p[2].replace("null", "None")
        else:
            ok = got[0] == p[2] and str(got[1]) == p[3].replace("null", "None")
        if not ok:
            bad += 1
            print("%s: %s  (reference: %s)" % (os.path.relpath(exp, root), line.strip(), got))
print("bor: %d assertions, %d failed" % (n, bad))

# ---- iRECIST: the hand-worked answers of tests/test_rules.c (irecist_rows,
# irecist_new_target_limits; S7 Tables 2 and 3, worked by hand from S7 and recist-rules(5)
# Decisions 21-24), written out again here in the same shape: T1 (lung, a target, 30 mm at
# baseline 2024-01-01) and N1 (liver, a non-target, present at baseline); each follow-up as
# (date, T1, N1, new lesions).  A row added there must be added here: the names are checked.
import re


def _ir_case(*fus):
    a = [{"date": "2024-01-01", "lesions": {"T1": {"diameter_mm": 30}, "N1": {"status": "present"}}}]
    for date, t1, n1, news in fus:
        x = {"date": date, "lesions": {"T1": t1, "N1": n1}}
        if news is not None:
            x["new_lesions"] = news
        a.append(x)
    return {"case_id": "i", "lesions": [{"id": "T1", "organ": "lung", "role": "target"},
                                        {"id": "N1", "organ": "liver", "role": "non-target"}],
            "assessments": a}


def _D(v):
    return {"diameter_mm": Decimal(str(v))}


def _X(lid, organ, v, **kw):
    return dict({"id": lid, "organ": organ, "diameter_mm": Decimal(str(v))}, **kw)


_P = {"status": "present"}
_PROG = {"status": "progression"}
_NE = {"not_evaluated": True}
IRECIST_ROWS = [
    # (name, case, progression responses, iBOR)
    ("target +5.0 mm", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-01", _D(45), _P, None)),
     "iUPD iCPD", "iCPD"),
    ("target +4.9 mm", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-01", _D(44.9), _P, None)),
     "iUPD iUPD", "iUPD"),
    ("non-target further increase", _ir_case(("2024-02-01", _D(30), _PROG, None),
                                             ("2024-03-01", _D(30), dict(_PROG, increased=True), None)),
     "iUPD iCPD", "iCPD"),
    ("non-target not increased", _ir_case(("2024-02-01", _D(30), _PROG, None), ("2024-03-01", _D(30), _PROG, None)),
     "iUPD iSD", "iSD"),
    ("new target sum +5.0 mm", _ir_case(("2024-02-01", _D(30), _P, [_X("X1", "liver", 12)]),
                                        ("2024-03-01", _D(30), _P, [_X("X1", "liver", 17)])),
     "iUPD iCPD", "iCPD"),
    ("new target sum +4.9 mm", _ir_case(("2024-02-01", _D(30), _P, [_X("X1", "liver", 12)]),
                                        ("2024-03-01", _D(30), _P, [_X("X1", "liver", 16.9)])),
     "iUPD iSD", "iSD"),
    ("new non-target increase", _ir_case(("2024-02-01", _D(30), _P, [_X("X2", "bone", 8)]),
                                         ("2024-03-01", _D(30), _P, [_X("X2", "bone", 8, increased=True)])),
     "iUPD iCPD", "iCPD"),
    ("additional new lesion", _ir_case(("2024-02-01", _D(30), _P, [_X("X1", "liver", 12)]),
                                       ("2024-03-01", _D(30), _P, [_X("X1", "liver", 12), _X("X3", "lung", 6)])),
     "iUPD iCPD", "iCPD"),
    ("target newly PD", _ir_case(("2024-02-01", _D(30), _PROG, None), ("2024-03-01", _D(36), _PROG, None)),
     "iUPD iCPD", "iCPD"),
    ("27 days", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-02-28", _D(60), _P, None)),
     "iUPD iUPD", "iUPD"),
    ("28 days", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-02-29", _D(45), _P, None)),
     "iUPD iCPD", "iCPD"),
    ("27 days, reset", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-02-28", _D(20), _P, None)),
     "iUPD iPR", "iPR"),
    ("56 days", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-28", _D(45), _P, None)),
     "iUPD iCPD", "iCPD"),
    ("57 days", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-29", _D(45), _P, None)),
     "iUPD iCPD", "iCPD"),
    ("iUPD then iPR", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-01", _D(20), _P, None)),
     "iUPD iPR", "iPR"),
    ("iUPD then NE", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-01", _NE, _P, None),
                              ("2024-04-01", _NE, _P, None)),
     "iUPD NE NE", "iUPD"),
    ("reset then new iUPD", _ir_case(("2024-02-01", _D(40), _P, None), ("2024-03-01", _D(20), _P, None),
                                     ("2024-04-01", _D(20), _P, [_X("X1", "liver", 12)]),
                                     ("2024-05-01", _D(20), _P, [_X("X1", "liver", 12), _X("X3", "lung", 11)])),
     "iUPD iPR iUPD iCPD", "iPR"),
    ("known new lesion after reset", _ir_case(("2024-02-01", _D(30), _P, [_X("X1", "liver", 12)]),
                                              ("2024-03-01", _D(20), _P, [_X("X1", "liver", 12)]),
                                              ("2024-04-01", _D(20), _P, [_X("X1", "liver", 14)])),
     "iUPD iPR iPR", "iPR"),
    ("new target sum +20 % after reset", _ir_case(("2024-02-01", _D(30), _P, [_X("X1", "liver", 12)]),
                                                  ("2024-03-01", _D(20), _P, [_X("X1", "liver", 12)]),
                                                  ("2024-04-01", _D(20), _P, [_X("X1", "liver", 14.4)])),
     "iUPD iPR iUPD", "iPR"),
]
bad = 0
n = 0
for name, case, want, ibor in IRECIST_ROWS:
    res = reference.evaluate_case(case, ("irecist",))["criteria"]["irecist"]
    got = " ".join(tp["overall"] for tp in res["timepoints"])
    n += 2
    if got != want:
        bad += 1
        print("irecist %s: responses %s, reference %s" % (name, want, got))
    if res["best_overall"]["response"] != ibor:
        bad += 1
        print("irecist %s: iBOR %s, reference %s" % (name, ibor, res["best_overall"]["response"]))
    # Decision 23: ICONFIRM_LATE at the first assessment after the iUPD, 57 days (not 56) later
    late = [w for w in res["warnings"] if w[0] == "ICONFIRM_LATE"]
    n += 1
    if late != ([("ICONFIRM_LATE", "assessments[2].date")] if name == "57 days" else []):
        bad += 1
        print("irecist %s: ICONFIRM_LATE %s" % (name, late))
# irecist_new_target_limits: seven measurable new lesions at one follow-up; X1, X2 the liver's
# two new targets, X3 a third in the liver (a new non-target), X4, X5 (lung), X6 (bone) targets
# four and five, X7 a sixth (a new non-target): five new targets, their sum 73.0 mm.
case = _ir_case(("2024-02-01", _D(30), _P, [_X("X1", "liver", 12), _X("X2", "liver", 13), _X("X3", "liver", 14),
                                            _X("X4", "lung", 15), _X("X5", "lung", 16), _X("X6", "bone", 17),
                                            _X("X7", "kidney", 18)]))
tp = reference.evaluate_case(case, ("irecist",))["criteria"]["irecist"]["timepoints"][0]
n += 2
if tp["new_targets"] != 5:
    bad += 1
    print("irecist new target limits: 5 new targets, reference %s" % tp["new_targets"])
if tp["new_target_sum_mm"] != difftest.to_um("73.0"):
    bad += 1
    print("irecist new target limits: sum 73.0 mm, reference %s" % difftest.fmt_um(tp["new_target_sum_mm"]))
# the rows of tests/test_rules.c, by name, so that one added there is not forgotten here
src = open(os.path.join(HERE, "..", "test_rules.c"), encoding="utf-8").read()
body = src[src.index("irecist_rows[] = {"):]
body = body[:body.index("\n};")]
names = re.findall(r'^\t\{ "([^"]+)"', body, re.M)
n += 1
if names != [r[0] for r in IRECIST_ROWS]:
    bad += 1
    print("irecist: tests/test_rules.c irecist_rows has %s, check_fixtures.py %s" % (names, [r[0] for r in IRECIST_ROWS]))
print("irecist: %d assertions, %d failed" % (n, bad))
sys.exit(1 if bad else 0)
