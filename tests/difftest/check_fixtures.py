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
