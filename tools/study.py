#!/usr/bin/env python3
"""study.py - the synthetic cohort of fixtures/study (issue 15, item 1).

usage: tools/study.py write DIR            write the 76 cases into DIR
       tools/study.py check DIR RECIST      regenerate into a temporary
                                           directory and compare byte for
                                           byte with DIR, then score DIR
                                           with RECIST (recist batch) and
                                           check the study's table, and
                                           again with recist summary,
                                           survival included

A cohort shaped like the seed study (Stukalova et al. 2024: colorectal
liver metastases, hepatic arterial chemoembolisation, HACE, against
systemic chemotherapy, SCT), made deterministically from fixed tables (no
random numbers), so that regenerating gives the same bytes.  Nothing below
writes a response: the measurements are chosen so that scoring them gives
the study's numbers one year after the start of treatment:

  HACE, 40 patients, RECIST 1.1 and mRECIST (viable diameters):
    RECIST 1.1 best overall PR 8, SD 18, PD 14; 6 of the PD are a new
    lesion alone while the treated liver foci respond by mRECIST (the flag
    NEW_LESION_WITH_LOCAL_RESPONSE); disease control 26 by RECIST 1.1 and
    32 by mRECIST.
  SCT, 36 patients, RECIST 1.1 only (no viable diameters, so mRECIST has
    nothing to read): SD 16, PD 20.
  Liver foci per patient 5.1 +/- 1.4 (mean, sample SD over the 76), of
  which two are targets (at most two per organ, RECIST 1.1 section 3.3.1)
  and the rest non-targets; sum of the target diameters at baseline
  49.9 +/- 12.7 mm.
  Overall survival (death_date, or last_alive_date when censored; from
  treatment_start; a year is 365.25 days, a month 30.4375): at 1, 2 and 3
  years 94.4 %, 69.4 %, 33.3 % (SCT) and 100 %, 82.5 %, 57.5 % (HACE);
  median 30.0 and 41.5 months.  The curves are flat at exactly 0.5 between
  two deaths, so the median is the midpoint of that step, as R's survival
  package takes it: SCT (910 + 916) / 2 = 913 days, HACE (1260 + 1266) /
  2 = 1263 days.

The follow-ups are on days 56, 112, 182, 273 and 364 after the treatment
start (none after a progression), the baseline 7 days before it.

SPDX-License-Identifier: MIT
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

FOLLOW_UPS = (56, 112, 182, 273, 364)

# Per response pattern: the factor of each follow-up's target diameters
# (RECIST 1.1) and of their viable diameters (mRECIST, HACE only), against
# the baseline; a follow-up past the list's end is not made (progression).
# 'new' puts a new lesion at the first follow-up: 'atypical' is a liver
# nodule of 14 mm without arterial enhancement or washout, unequivocal for
# RECIST 1.1 and equivocal for mRECIST until it grows; 'lung' a lung nodule.
PATTERNS = {
    # RECIST 1.1 PR; mRECIST PR, or CR (no viable tumour, nothing enhancing)
    "pr":       {"whole": (0.66, 0.60, 0.58, 0.58, 0.60), "viable": (0.30, 0.20, 0.15, 0.15, 0.15)},
    "pr_cr":    {"whole": (0.66, 0.60, 0.58, 0.58, 0.60), "viable": (0.20, 0.00, 0.00, 0.00, 0.00)},
    # RECIST 1.1 SD all year; mRECIST PR or SD
    "sd_pr":    {"whole": (0.90, 0.88, 0.87, 0.90, 0.92), "viable": (0.50, 0.45, 0.45, 0.46, 0.48)},
    "sd_sd":    {"whole": (0.95, 0.93, 0.92, 0.94, 0.96), "viable": (0.85, 0.80, 0.80, 0.85, 0.88)},
    # RECIST 1.1 SD, then PD by the targets on day 273 (both rule sets)
    "sd_late":  {"whole": (0.92, 0.90, 0.90, 1.16), "viable": (0.80, 0.78, 0.78, 1.10)},
    # RECIST 1.1 PD by a new lesion alone, mRECIST PR (the flag)
    "flag":     {"whole": (0.92, 0.90, 0.90, 0.91, 0.92), "viable": (0.50, 0.40, 0.40, 0.42, 0.45),
                 "new": "atypical"},
    # PD at the first follow-up by the targets
    "pd":       {"whole": (1.30,), "viable": (1.40,)},
    # SCT: PD at the first follow-up by a new lung lesion
    "pd_new":   {"whole": (0.98,), "viable": (0.98,), "new": "lung"},
}

# The arms: how many patients follow each pattern, in order.
ARMS = (
    ("HACE", 40, (("pr", 5), ("pr_cr", 3), ("sd_pr", 10), ("sd_sd", 3), ("sd_late", 5),
                  ("flag", 6), ("pd", 8))),
    ("SCT", 36, (("sd_sd", 9), ("sd_late", 7), ("pd", 14), ("pd_new", 6))),
)

# Liver foci per patient over the 76: 5.118 +/- 1.385 (3x10, 4x17, 5x20,
# 6x16, 7x9, 8x4), dealt out in a fixed order that mixes the arms.
FOCI = [3] * 10 + [4] * 17 + [5] * 20 + [6] * 16 + [7] * 9 + [8] * 4

# Days to death (positive) or to the last contact alive (negative), per
# arm, from the treatment start; given to the patients in pattern order,
# so that the worst responses die first.  1, 2, 3 years: 365.25, 730.5,
# 1095.75 days.
SURVIVAL = {
    # 2 deaths in year 1, 9 in year 2, 13 in year 3 (10 of them before the
    # median's step), 12 alive at 3 years: 6 die later, 6 censored.
    "SCT": [250, 330,
            400, 430, 460, 500, 540, 580, 620, 660, 700,
            760, 790, 820, 850, 870, 890, 910, 916, 960, 1000, 1030, 1060, 1080,
            1150, 1200, 1250, 1300, 1350, 1400,
            -1180, -1240, -1320, -1380, -1440, -1500],
    # none in year 1, 7 in year 2, 10 in year 3, 23 alive at 3 years: the
    # 18th to 21st deaths at 1150, 1210, 1260, 1266, then 6 more; 13
    # censored, all after the median's step.
    "HACE": [420, 480, 540, 600, 640, 680, 720,
             760, 800, 840, 880, 920, 960, 1000, 1040, 1070, 1090,
             1150, 1210, 1260, 1266, 1300, 1340, 1380, 1420, 1460, 1500,
             -1280, -1310, -1330, -1360, -1390, -1410, -1430, -1470, -1510, -1550, -1600, -1620,
             -1650],
}

# Baseline sums of the two target diameters: 76 evenly spaced values,
# rescaled to mean 49.9 and sample SD 12.7 and then rounded to 0.1 mm;
# patient i takes the value at (i * 29) % 76, a fixed shuffle.
def baseline_sums(n=76, mean=49.9, sd=12.7):
    base = [i - (n - 1) / 2 for i in range(n)]
    s = (sum(x * x for x in base) / (n - 1)) ** 0.5
    return [round(mean + sd * x / s, 1) for x in base]


def day(start, d):
    return (start + datetime.timedelta(days=d)).isoformat()


def mm(x):
    return round(x + 1e-9, 1)


def make_case(arm, k, pattern, foci, total, start, survival):
    p = PATTERNS[pattern]
    hace = arm == "HACE"
    t1 = mm(total * (0.52 + 0.02 * (k % 5)))
    t2 = mm(total - t1)
    targets = {"T1": t1, "T2": t2}
    lesions = [{"id": "T1", "organ": "liver", "role": "target"},
               {"id": "T2", "organ": "liver", "role": "target"}]
    nts = ["NT%d" % j for j in range(1, foci - 1)]
    lesions += [{"id": n, "organ": "liver", "role": "non-target"} for n in nts]

    def visit(d, whole, viable, complete):
        les = {}
        for t, size in targets.items():
            m = {"diameter_mm": mm(size * whole)}
            if hace:
                m["viable_mm"] = mm(size * 0.8 * viable)
            les[t] = m
        for n in nts:
            m = {"status": "present"}
            if hace:
                m["enhancing"] = not complete
            les[n] = m
        return {"date": day(start, d), "lesions": les}

    assessments = [visit(-7, 1.0, 1.0, False)]
    for i, (w, v) in enumerate(zip(p["whole"], p["viable"])):
        a = visit(FOLLOW_UPS[i], w, v, v == 0)
        if p.get("new") == "atypical":
            a["new_lesions"] = [{"id": "X1", "organ": "liver", "diameter_mm": 14.0,
                                 "arterial_enhancement": False, "washout": False}]
        elif p.get("new") == "lung" and i == 0:
            a["new_lesions"] = [{"id": "X1", "organ": "lung", "diameter_mm": 12.0}]
        assessments.append(a)
    case = {"format": "recist-case/1", "case_id": "%s-%02d" % (arm, k + 1), "arm": arm,
            "note": "Synthetic (tools/study.py): %s pattern '%s'." % (arm, pattern),
            "treatment_start": start.isoformat(), "lesions": lesions,
            "assessments": assessments}
    if survival > 0:
        case["death_date"] = day(start, survival)
    else:
        case["last_alive_date"] = day(start, -survival)
    return case


def cohort():
    sums = baseline_sums()
    cases = []
    i = 0
    for arm, n, plan in ARMS:
        patterns = [pat for pat, count in plan for _ in range(count)]
        assert len(patterns) == n and len(SURVIVAL[arm]) == n
        # The worst responses die first: PD, then the late PD, SD, PR.
        order = {"pd": 0, "pd_new": 0, "flag": 1, "sd_late": 2, "sd_sd": 3, "sd_pr": 4, "pr": 5, "pr_cr": 6}
        rank = sorted(range(n), key=lambda k: (order[patterns[k]], k))
        surv = [0] * n
        for pos, k in enumerate(rank):
            surv[k] = SURVIVAL[arm][pos]
        for k in range(n):
            start = datetime.date(2019, 1, 7) + datetime.timedelta(days=9 * i)
            cases.append(make_case(arm, k, patterns[k], FOCI[(i * 31) % 76],
                                   sums[(i * 29) % 76], start, surv[k]))
            i += 1
    return cases


def write(outdir):
    os.makedirs(outdir, exist_ok=True)
    for c in cohort():
        with open(os.path.join(outdir, c["case_id"] + ".json"), "w") as f:
            f.write(json.dumps(c, indent=1) + "\n")


def fail(msg):
    print("study.py: " + msg, file=sys.stderr)
    sys.exit(1)


def check(outdir, recist):
    names = sorted(n for n in os.listdir(outdir) if n.endswith(".json"))
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp)
        if sorted(os.listdir(tmp)) != names:
            fail("%s: not the files the generator writes" % outdir)
        for n in names:
            with open(os.path.join(tmp, n), "rb") as a, open(os.path.join(outdir, n), "rb") as b:
                if a.read() != b.read():
                    fail("%s/%s differs from what tools/study.py writes" % (outdir, n))
    # The shape: foci and sums over the 76 (mean and sample SD, 0.1).
    cases = []
    for n in names:
        with open(os.path.join(outdir, n)) as f:
            cases.append(json.load(f))
    def mean_sd(xs):
        m = sum(xs) / len(xs)
        return round(m, 1), round((sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5, 1)
    foci = [len(c["lesions"]) for c in cases]
    sums = [sum(c["assessments"][0]["lesions"][t]["diameter_mm"] for t in ("T1", "T2")) for c in cases]
    if mean_sd(foci) != (5.1, 1.4) or mean_sd(sums) != (49.9, 12.7):
        fail("foci %s and sums %s are not 5.1 +/- 1.4 and 49.9 +/- 12.7" % (mean_sd(foci), mean_sd(sums)))
    # The table, by scoring.
    out = subprocess.run([recist, "batch", "--jobs", "1"] + [os.path.join(outdir, n) for n in names],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    got = {}
    for line in out.splitlines():
        r = json.loads(line)
        if "case_id" not in r or "criteria" not in r:
            continue
        arm = r["arm"]
        for crit, res in r["criteria"].items():
            bor = res["best_overall"]["response"] if res.get("best_overall") else None
            key = (arm, crit, bor)
            got[key] = got.get(key, 0) + 1
        if any(f.get("code") == "NEW_LESION_WITH_LOCAL_RESPONSE" for f in r.get("flags", [])):
            got[(arm, "flag")] = got.get((arm, "flag"), 0) + 1
    want = {("HACE", "recist1.1", "PR"): 8, ("HACE", "recist1.1", "SD"): 18,
            ("HACE", "recist1.1", "PD"): 14, ("HACE", "flag"): 6,
            ("SCT", "recist1.1", "SD"): 16, ("SCT", "recist1.1", "PD"): 20}
    for k, v in want.items():
        if got.get(k, 0) != v:
            fail("%s: %d, the study has %d (all: %s)" % (k, got.get(k, 0), v, sorted(got.items(), key=str)))
    dc = sum(v for k, v in got.items() if k[:2] == ("HACE", "mrecist") and k[2] in ("CR", "PR", "SD"))
    if dc != 32:
        fail("HACE mRECIST disease control %d, the study has 32" % dc)
    check_summary(outdir, recist)
    print("study.py: fixtures/study reproduces the study's table")


def check_summary(outdir, recist):
    """The same table, and the survival, as recist summary gives them."""
    out = subprocess.run([recist, "summary", "--format", "json", outdir],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    doc = json.loads(out)
    rows = {(r["section"], r["group"], r["criteria"], r["item"]): r for r in doc["rows"]}
    def row(*key):
        if key not in rows:
            fail("recist summary: no row %s" % (key,))
        return rows[key]
    want_counts = [
        (("best_overall", "HACE", "recist1.1", "PR"), 8, 40),
        (("best_overall", "HACE", "recist1.1", "SD"), 18, 40),
        (("best_overall", "HACE", "recist1.1", "PD"), 14, 40),
        (("dcr", "HACE", "recist1.1", "CR+PR+SD"), 26, 40),
        (("dcr", "HACE", "mrecist", "CR+PR+SD"), 32, 40),
        (("flag", "HACE", None, "NEW_LESION_WITH_LOCAL_RESPONSE"), 6, 40),
        (("best_overall", "SCT", "recist1.1", "SD"), 16, 36),
        (("best_overall", "SCT", "recist1.1", "PD"), 20, 36),
        (("not_assessed", "SCT", "mrecist", "patients"), 36, 36),
    ]
    for key, n, total in want_counts:
        r = row(*key)
        if (r["n"], r["total"]) != (n, total):
            fail("recist summary: %s is %s/%s, the study has %d/%d" % (key, r["n"], r["total"], n, total))
    # Overall survival: rates to 0.1 %, medians to 0.1 month.
    want_os = {"SCT": (94.4, 69.4, 33.3, 30.0), "HACE": (100.0, 82.5, 57.5, 41.5)}
    for arm, (y1, y2, y3, median) in want_os.items():
        got = tuple(round(100 * row("overall_survival", arm, None, item)["estimate"], 1)
                    for item in ("1 year", "2 years", "3 years"))
        got += (round(row("overall_survival", arm, None, "median")["estimate"], 1),)
        if got != (y1, y2, y3, median):
            fail("recist summary: %s overall survival %s, the study has %s" % (arm, got, (y1, y2, y3, median)))
    # The same summary from the result lines of recist batch.
    results = subprocess.run([recist, "batch", "--jobs", "2", outdir], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "results.jsonl")
        with open(path, "wb") as f:
            f.write(results)
        from_results = subprocess.run([recist, "summary", "--format", "json", path],
                                      stdout=subprocess.PIPE, check=True).stdout.decode()
    if from_results != out:
        fail("recist summary of batch's result lines differs from that of the cases")
    # Disease control 26/40 against 16/36: R fisher.test p = 0.1056 (tests/test_stats.c).
    p = row("dcr", "HACE vs SCT", "recist1.1", "Fisher exact, two-sided")["p"]
    if round(p, 4) != 0.1056:
        fail("recist summary: Fisher's p of disease control %s, R gives 0.1056" % p)
    # The rule sets disagree for the patients off the cross-table's diagonal.
    cross = [r for r in doc["rows"] if r["section"] == "cross" and r["group"] == "HACE"]
    off = sum(r["n"] for r in cross if r["item"] != "disagree" and r["item"].split(" / ")[0] != r["item"].split(" / ")[1])
    total = sum(r["n"] for r in cross if r["item"] != "disagree")
    d = row("cross", "HACE", "recist1.1 x mrecist", "disagree")
    if (d["n"], d["total"]) != (off, total) or total != 40 or off < 6:
        fail("recist summary: disagreement %s/%s, the cross-table has %d/%d" % (d["n"], d["total"], off, total))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        fail("usage: study.py write DIR | check DIR RECIST")
