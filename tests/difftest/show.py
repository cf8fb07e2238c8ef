#!/usr/bin/env python3
"""show.py --recist PATH [--criteria LIST] (--seed S --index I | FILE): print a case, then the
reference's and the engine's calls side by side, per criteria and follow-up (a debugging
aid).  With irecist among the criteria, --seed draws the cases as difftest does then."""
import argparse, json, os, subprocess, sys
from decimal import Decimal
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen, reference, difftest

ap = argparse.ArgumentParser()
ap.add_argument("--recist", default=os.path.join(HERE, "..", "..", "build", "recist"))
ap.add_argument("--seed", type=int)
ap.add_argument("--index", type=int)
ap.add_argument("--criteria", default=",".join(reference.ALL_CRITERIA))
ap.add_argument("file", nargs="?")
a = ap.parse_args()
crit = [c for c in a.criteria.split(",") if c]
if a.file:
    doc = json.load(open(a.file))
else:
    g = gen.Gen(a.seed, irecist="irecist" in crit)
    for i in range(a.index + 1):
        doc = g.case(i)
line = json.dumps(doc)
print(json.dumps(doc, indent=1))
p = subprocess.run([a.recist, "evaluate", "--format", "json", "--criteria", ",".join(crit), "-"],
                   input=line, capture_output=True, text=True)
if p.returncode != 0:
    print(p.stderr); sys.exit(1)
theirs = json.loads(p.stdout, parse_float=Decimal)
ours = reference.evaluate_text(line, crit)
for c in crit:
    o = ours["criteria"][c]; t = theirs["criteria"][c]
    print("== %s baseline sum ref %s eng %s" % (c, difftest.fmt_um(o["baseline_sum_mm"]), t["baseline"]["sum_mm"]))
    for otp, ttp in zip(o["timepoints"], t["timepoints"]):
        cols = []
        for f in ("sum_mm", "nadir_mm"):
            cols.append("%s=%s/%s" % (f[:3], difftest.fmt_um(otp[f]), ttp[f]))
        if "new_target_sum_mm" in otp:
            cols.append("isom=%s/%s" % (difftest.fmt_um(otp["new_target_sum_mm"]), ttp.get("new_target_sum_mm")))
        for f in ("target", "non_target", "new_lesions", "overall_recist", "overall"):
            if f not in otp:
                continue
            mark = "" if otp[f] == ttp[f] else "!!"
            cols.append("%s%s=%s/%s" % (mark, f[:4], otp[f], ttp[f]))
        print("  %s %s  rules=%s" % (otp["date"], " ".join(cols), json.dumps(ttp.get("rules"))))
        for r in ttp["reasons"]:
            print("      | " + r)
    for f in ("best_overall", "confirmed_best_overall"):
        print("  %s ref %s eng %s" % (f, o[f], t[f]))
    print("  progression ref %s eng %s" % (o["progression_date"], t["progression_date"]))
    print("  warnings ref %s" % o["warnings"])
print("eng warnings:", [(w["code"], w.get("criteria"), w.get("path"), w.get("rule")) for w in theirs["warnings"]])
print("flags ref", ours["flags"], "eng", [(f["code"], f["date"]) for f in theirs["flags"]])
