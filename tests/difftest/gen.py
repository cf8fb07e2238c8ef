#!/usr/bin/env python3
"""Deterministic, corner-seeking generator of recist-case/1 documents (JSON Lines).

    gen.py --seed S --count N [--irecist] > cases.jsonl

Same seed and count, same bytes (random.Random(seed) only; no clock, no hash order).
Every case is meant to be valid input (recist-case(5)): dates strictly increasing, every
target measured at baseline, unique ids, no new lesion at baseline, too_small never with
diameter_mm / short_axis_mm / fragments_mm, fragments_mm never with diameter_mm, lengths
with at most 3 decimals.

The cases seek the corners of the rules: measurements exactly on and one micrometre either
side of PR (-30 % vs baseline) and PD (+20 % vs nadir, with the 5 mm floor of RECIST 1.1 and
none in mRECIST, and with the per-target increase of Decision 15), nodes at 9.999 / 10 /
15 / 20 mm, porta hepatis nodes near 20 mm, new liver lesions near 10 mm, atypical growth
near 10 mm from the smallest earlier size, too_small, 0 mm, missing viable_mm, fragments,
targets not evaluated, non-targets in every state, new lesions seen again by id, CR then
reappearance, and dates on both sides of 28 days (confirmation, baseline too early) and
42 days (stable-disease minimum).  --irecist adds iRECIST's cases and keys (below, "iRECIST"),
leaving the draws of every other case as they were.
"""

import argparse
import datetime
import json
import sys
from random import Random

# ---------------------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------------------

LIVER_SPELLINGS = ["liver", "liver", "liver", "Liver", "LIVER", "Liver segment VI", "liver (S7)"]
# Decision 19 near-misses: the first run of letters is not "liver"
NOT_LIVER_SPELLINGS = ["S7 liver", "hepatic dome", "livers"]
OTHER_ORGANS = ["lung", "Lung", "lung", "kidney", "bone", "peritoneum", "adrenal", "spleen", "brain"]
NODE_ORGANS = ["lymph node", "mediastinal node", "para-aortic node", "hilar node", "liver", "lymph node"]
PORTA = ["porta hepatis", "porta hepatis", "Porta Hepatis", "PORTA HEPATIS"]
NON_PORTA_LOCATIONS = ["segment 7", "hepatic hilum", "right lobe"]

NODE_CORNERS = [9999, 10000, 10001, 14999, 15000, 19999, 20000, 20001, 9000, 12000, 5000]


def mm(v):
    """Integer micrometres -> a JSON number with at most 3 decimals (float repr is the
    shortest decimal that round-trips, so 16101 prints as 16.101)."""
    return v / 1000


# Patterns that can be left out (--exclude), to look past a known disagreement for others:
#   liver_nodes   no new lymph node with a liver organ name
#   node_shrink   no new node of 10 to < 15 mm after a sighting of 15 mm or more
# and, with --irecist, in the cases iRECIST's keys are added to and in its stories:
#   irecist_backdate  no new lesion the reader calls equivocal and no new node of 10 to
#                 < 15 mm (Decision 14), so that no progression is back-dated (Decision 12)
#   irecist_nlt_once  every new target lesion made at one follow-up: a new lesion first seen
#                 later (or first seen as a normal node) is recorded as a new non-target
#   irecist_nlt_zero  no new lesion measured 0 mm (1 mm instead), so that no sum of new
#                 targets is 0
EXCLUDABLE = ("liver_nodes", "node_shrink", "irecist_backdate", "irecist_nlt_once", "irecist_nlt_zero")


class Gen:
    def __init__(self, seed, exclude=(), irecist=False):
        self.rng = Random(seed)
        self.seed = seed
        self.exclude = set(exclude)
        self.irecist = irecist

    # small helpers -------------------------------------------------------------------
    def p(self, prob):
        return self.rng.random() < prob

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def wpick(self, items, weights):
        return self.rng.choices(items, weights=weights, k=1)[0]

    def length(self, lo, hi, fine=False):
        """A random length in um between lo and hi; often a whole or one-decimal mm."""
        v = self.rng.randint(lo, hi)
        r = self.rng.random()
        if not fine and r < 0.45:
            v = v // 1000 * 1000
        elif not fine and r < 0.8:
            v = v // 100 * 100
        return max(v, 0)

    # ---------------------------------------------------------------------------------
    def case(self, idx):
        doc = self.base_case(idx)
        if not self.irecist:
            return doc
        # a stream of its own per case, so that the main stream's draws do not change
        r = Random(self.seed * 1000003 + idx)
        if r.random() < 0.4:
            doc = IStory(r, doc["case_id"]).build()
        else:
            doc = decorate(doc, r)
        if "irecist_backdate" in self.exclude:
            no_backdate(doc)
        if "irecist_nlt_once" in self.exclude:
            nlt_once(doc)
        if "irecist_nlt_zero" in self.exclude:
            for a in doc["assessments"]:
                for nl in a.get("new_lesions") or []:
                    for k in ("diameter_mm", "short_axis_mm"):
                        if nl.get(k) == 0:
                            nl[k] = 1.0
        return doc

    def base_case(self, idx):
        rng = self.rng
        n_t = self.wpick([0, 1, 2, 3, 4, 5, 6], [8, 20, 24, 20, 12, 10, 6])
        n_nt = self.wpick([0, 1, 2, 3], [30, 35, 20, 15])
        if n_t + n_nt == 0:
            n_nt = 1
        n_fu = self.wpick([0, 1, 2, 3, 4, 5, 6], [2, 14, 20, 20, 18, 15, 11])
        mode = self.wpick(["walk", "respond", "progress", "cr", "nodes", "missing"],
                          [20, 18, 18, 20, 12, 12])

        # ---- registry
        liver_heavy = self.p(0.5)
        targets = []
        for i in range(n_t):
            nodal = self.p(0.25)
            t = {"id": "T%d" % (i + 1), "role": "target", "nodal": nodal, "porta": False}
            if nodal:
                t["organ"] = self.pick(NODE_ORGANS)
                if self.p(0.3):
                    t["location"] = self.pick(PORTA)
                    t["porta"] = True
                elif self.p(0.05):
                    t["location"] = self.pick(NON_PORTA_LOCATIONS)
            else:
                if liver_heavy and self.p(0.7) or self.p(0.3):
                    t["organ"] = self.pick(LIVER_SPELLINGS)
                    if self.p(0.1):
                        t["location"] = self.pick(NON_PORTA_LOCATIONS)
                elif self.p(0.05):
                    t["organ"] = self.pick(NOT_LIVER_SPELLINGS)
                elif self.p(0.04):
                    pass  # no organ
                else:
                    t["organ"] = self.pick(OTHER_ORGANS)
            targets.append(t)
        nts = []
        for i in range(n_nt):
            nodal = self.p(0.35)
            n = {"id": "N%d" % (i + 1), "role": "non-target", "nodal": nodal, "porta": False}
            if nodal:
                n["organ"] = self.pick(NODE_ORGANS)
                if self.p(0.3):
                    n["location"] = self.pick(PORTA)
                    n["porta"] = True
            else:
                n["organ"] = self.pick(LIVER_SPELLINGS + OTHER_ORGANS + ["portal vein"])
            nts.append(n)

        # ---- dates (Decisions 2, 3, 20: both sides of 28 and 42 days)
        d0 = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(900))
        ts = None
        if not self.p(0.25):
            delta = self.pick([29, 28, 27, 30, 0, 0, 1, 3, 7, 14, -3])
            ts = d0 + datetime.timedelta(days=delta)
        start = ts or d0
        dates = [d0]
        for k in range(n_fu):
            if k == 0:
                d = start + datetime.timedelta(days=self.pick([27, 28, 35, 41, 42, 43, 56, 60]))
                if self.p(0.04):
                    # sometimes counted from the baseline: may fall before treatment_start
                    d = d0 + datetime.timedelta(days=self.pick([1, 14, 27, 28, 42]))
                if d <= d0:
                    d = d0 + datetime.timedelta(days=self.pick([1, 27, 28, 42]))
            else:
                d = dates[-1] + datetime.timedelta(days=self.pick([27, 28, 29, 14, 41, 42, 56, 63, 84, 1]))
            dates.append(d)

        # ---- baseline values (state in um)
        for t in targets:
            if t["nodal"]:
                if self.p(0.35):
                    t["sa"] = self.pick(NODE_CORNERS[3:] if self.p(0.8) else NODE_CORNERS)
                else:
                    t["sa"] = self.length(15000, 35000)
                t["d"] = t["sa"] + self.length(0, 10000) if self.p(0.3) else None
                t["v"] = self.length(0, t["sa"]) if self.p(0.15) else None  # ignored on nodes
            else:
                if self.p(0.12):
                    t["d"] = self.pick([9999, 10000, 10001, 9000, 10000])
                else:
                    t["d"] = self.length(10000, 60000)
                r = rng.random()
                if r < 0.6:
                    t["v"] = self.length(0, t["d"])
                elif r < 0.82:
                    t["v"] = t["d"]
                elif r < 0.9:
                    t["v"] = 0        # mRECIST: TARGET_NOT_ENHANCING
                elif r < 0.94 and mode != "nodes":
                    t["v"] = None     # mRECIST: MEASUREMENT_MISSING, NE at every follow-up
                else:
                    t["v"] = self.length(1000, t["d"])
        newtracks = self.new_tracks(n_fu)

        # ---- assessments
        assessments = []
        hist_r = []   # per assessment: list of RECIST values (None missing)
        hist_m = []
        had_cr = False
        for k, d in enumerate(dates):
            meas = {}
            if k == 0:
                for t in targets:
                    meas[t["id"]] = self.baseline_meas(t)
                for n in nts:
                    meas[n["id"]] = self.nt_meas(n, k, mode, False, baseline=True)
                a = {"date": d.isoformat(), "lesions": meas}
                if self.p(0.1):
                    a["new_lesions"] = []
            else:
                event = self.event(mode, k, had_cr)
                cr_now = self.move_targets(targets, event, hist_r, hist_m)
                for t in targets:
                    m = self.followup_meas(t, event)
                    if m is not None:
                        meas[t["id"]] = m
                for n in nts:
                    m = self.nt_meas(n, k, mode, event in ("cr", "viable_cr") or cr_now)
                    if m is not None:
                        meas[n["id"]] = m
                a = {"date": d.isoformat(), "lesions": meas}
                nls = self.new_lesions_at(newtracks, k, event)
                if nls or self.p(0.15):
                    a["new_lesions"] = nls
                if event == "cr":
                    had_cr = True
            hist_r.append(self.values(targets, meas, mrecist=False))
            hist_m.append(self.values(targets, meas, mrecist=True))
            if k > 0 and self.p(0.015):
                del a["lesions"]   # nothing evaluated at this follow-up (RECIST 1.1 §4.4.2)
            assessments.append(a)

        # ---- document
        lesions = []
        for l in targets + nts:
            o = {"id": l["id"]}
            if "organ" in l:
                o["organ"] = l["organ"]
            o["role"] = l["role"]
            if l["nodal"]:
                o["nodal"] = True
            elif self.p(0.3):
                o["nodal"] = False
            if "location" in l:
                o["location"] = l["location"]
            lesions.append(o)
        doc = {"format": "recist-case/1", "case_id": "g%d-%06d" % (self.seed, idx)}
        if self.p(0.2):
            doc["arm"] = self.pick(["HACE", "systemic", "TACE"])
        if ts is not None:
            doc["treatment_start"] = ts.isoformat()
        doc["lesions"] = lesions
        doc["assessments"] = assessments
        return doc

    # ---------------------------------------------------------------------------------
    def baseline_meas(self, t):
        m = {}
        if t["nodal"]:
            if self.p(0.02):
                return {"too_small": True}
            # A node recorded by its diameter only at the baseline is an error of the case
            # (CASE_WRONG_AXIS, recist-case(5)), so it is not generated; the draw is kept, so
            # that every other case of a seed stays as it was.  Follow-ups still have it.
            self.p(0.03)
            if t["d"] is not None:
                m["diameter_mm"] = mm(t["d"])
            m["short_axis_mm"] = mm(t["sa"])
            if t["v"] is not None:
                m["viable_mm"] = mm(t["v"])
            return m
        r = self.rng.random()
        if r < 0.02:
            m["too_small"] = True
            t["d"] = 5000
        elif r < 0.05:
            fr = self.split(t["d"])
            m["fragments_mm"] = [mm(x) for x in fr]
        elif r < 0.08 and t["v"] is not None:
            pass   # viable only: RECIST 1.1 MEASUREMENT_MISSING at baseline
        else:
            m["diameter_mm"] = mm(t["d"])
        if t["v"] is not None:
            m["viable_mm"] = mm(t["v"])
        if not m:
            m["diameter_mm"] = mm(t["d"])
        return m

    def split(self, total):
        a = self.rng.randint(1, max(1, total - 1))
        return [a, max(total - a, 1)] if total > 1 else [total]

    def values(self, targets, meas, mrecist):
        """The generator's own rough idea of what each criterion sums (only used to aim at
        boundaries; the reference evaluator decides)."""
        out = []
        for t in targets:
            m = meas.get(t["id"])
            if m is None or m.get("not_evaluated"):
                out.append(None)
                continue
            if t["nodal"]:
                if "short_axis_mm" in m:
                    out.append(round(m["short_axis_mm"] * 1000))
                elif m.get("too_small"):
                    out.append(5000)
                else:
                    out.append(None)
                continue
            if mrecist:
                if "viable_mm" in m:
                    out.append(round(m["viable_mm"] * 1000))
                elif m.get("diameter_mm") == 0:
                    out.append(0)
                elif m.get("too_small"):
                    out.append(5000)
                else:
                    out.append(None)
            else:
                if "diameter_mm" in m:
                    out.append(round(m["diameter_mm"] * 1000))
                elif "fragments_mm" in m:
                    out.append(sum(round(f * 1000) for f in m["fragments_mm"]))
                elif m.get("too_small"):
                    out.append(5000)
                else:
                    out.append(None)
        return out

    # ---------------------------------------------------------------------------------
    def event(self, mode, k, had_cr):
        if had_cr and self.p(0.55):
            return self.wpick(["reappear", "cr", "nodes_regrow"], [55, 25, 20])
        table = {
            "walk": (["walk", "pr_edge", "pd_edge", "floor_edge"], [55, 15, 15, 15]),
            "respond": (["shrink", "pr_edge", "viable_cr", "cr", "pd_edge"], [30, 35, 15, 10, 10]),
            "progress": (["grow", "pd_edge", "floor_edge", "pd15_edge"], [25, 35, 20, 20]),
            "cr": (["shrink", "cr", "viable_cr", "pr_edge"], [25, 40, 20, 15]),
            "nodes": (["nodes_regrow", "pd15_edge", "cr", "shrink"], [35, 35, 15, 15]),
            "missing": (["missing", "missing_pd", "walk", "pd_edge"], [35, 35, 15, 15]),
        }
        items, weights = table[mode]
        return self.wpick(items, weights)

    def move_targets(self, targets, event, hist_r, hist_m):
        """Update each target's state (d, v, sa in um) for this follow-up.  Returns True when
        the targets were driven to complete response."""
        rng = self.rng
        for t in targets:
            t["skip"] = None       # None, "absent" or "not_evaluated"
            t["ts"] = False
            t["frag"] = False
            t["only_viable"] = False
            t["no_viable"] = False
            t["sa_missing"] = False
        if not targets:
            return event == "cr"
        cr = False
        if event in ("walk", "shrink", "grow", "missing", "missing_pd", "pr_edge", "pd_edge",
                     "floor_edge", "pd15_edge"):
            lo, hi = {"shrink": (0.45, 1.0), "grow": (1.0, 1.5)}.get(event, (0.7, 1.25))
            for t in targets:
                f = rng.uniform(lo, hi)
                if t["nodal"]:
                    t["sa"] = int(t["sa"] * f)
                    if t["d"] is not None:
                        t["d"] = max(t["sa"], int(t["d"] * f))
                else:
                    t["d"] = int(t["d"] * f)
                    if t["v"] is not None:
                        t["v"] = int(t["v"] * rng.uniform(lo * 0.7, hi))
                        if self.p(0.15):
                            t["v"] = 0
        if event == "cr":
            cr = True
            for t in targets:
                if t["nodal"]:
                    t["sa"] = self.pick([9999, 9000, 5000, 8000, 9900]) if not t["porta"] or self.p(0.5) \
                        else self.pick([19999, 15000, 12000])
                else:
                    t["d"] = 0 if self.p(0.8) else self.length(1000, 20000)
                    t["v"] = 0
        elif event == "viable_cr":
            for t in targets:
                if t["nodal"]:
                    t["sa"] = self.pick([9999, 9000, 19999, 10000])
                else:
                    t["v"] = 0
        elif event == "reappear":
            for t in targets:
                if t["nodal"]:
                    t["sa"] = self.pick([9999, 10000, 9000, 19999, 20000, 5000])
                else:
                    t["d"] = 0
                    t["v"] = 0
            t = self.pick(targets)
            if not t["nodal"]:
                x = self.pick([1, 100, 3000, 4999, 5000, 500])
                if self.p(0.5):
                    t["d"] = x
                    t["v"] = x if self.p(0.5) else 0
                else:
                    t["v"] = x
                    t["d"] = max(t["d"], x)
            if self.p(0.2):
                self.pick(targets)["skip"] = "not_evaluated"
        elif event == "nodes_regrow":
            for t in targets:
                if t["nodal"]:
                    t["sa"] = self.pick([9999, 9000, 5000, 8000, 10000, 12000, 19999, 20000, 4000])
                elif self.p(0.5):
                    t["d"] = int(t["d"] * rng.uniform(0.9, 1.2))
        if event in ("missing", "missing_pd") or self.p(0.06):
            t = self.pick(targets)
            t["skip"] = self.pick(["absent", "not_evaluated"])
            if event == "missing_pd":
                for o in targets:
                    if o is not t and not o["nodal"]:
                        o["d"] = int(o["d"] * rng.uniform(1.3, 2.0))
                        if o["v"] is not None:
                            o["v"] = int(o["v"] * rng.uniform(1.3, 2.5)) + 1000
        # per-target oddities
        for t in targets:
            if t["skip"]:
                continue
            r = rng.random()
            if r < 0.04:
                t["ts"] = True
            elif r < 0.09 and not t["nodal"]:
                t["frag"] = True
            elif r < 0.11 and not t["nodal"]:
                t["no_viable"] = True
            elif r < 0.13 and not t["nodal"]:
                t["only_viable"] = True
            elif r < 0.14 and t["nodal"] and t["d"] is not None:
                t["sa_missing"] = True
        # aim one criterion's sum at a boundary
        if event in ("pr_edge", "pd_edge", "floor_edge", "pd15_edge", "missing_pd"):
            self.aim(targets, event, hist_r, hist_m)
        return cr

    def aim(self, targets, event, hist_r, hist_m):
        """Adjust one target so that the sum of one criterion lands exactly on a boundary or
        one micrometre either side."""
        mrecist = self.p(0.5)
        hist = hist_m if mrecist else hist_r
        if not hist or any(v is None for v in hist[0]):
            return
        sums = [None if any(v is None for v in row) else sum(row) for row in hist]
        B = sums[0]
        prior = [s for s in sums if s is not None]
        N = min(prior)
        ref = sums.index(N)
        ref_row = hist[ref]
        floor = 0 if mrecist else 5000
        side = self.pick([0, 0, -1, 1])
        if event == "pr_edge":
            goal = (7 * B) // 10 + (1 if side > 0 else 0) - (1 if side < 0 and (7 * B) % 10 == 0 else 0)
            use15 = False
        elif event == "floor_edge":
            goal = N + 5000 + side
            use15 = False
        else:
            inc = max(-(-N // 5), floor, 1)
            goal = N + inc + side
            use15 = event == "pd15_edge" or self.p(0.3)
        # the adjustable target: non-nodal with the measurement of the criterion
        cands = []
        for i, t in enumerate(targets):
            if t["nodal"] or t["skip"] or t["ts"]:
                continue
            if mrecist and (t["v"] is None or t["no_viable"]):
                continue
            if not mrecist and t["only_viable"]:
                continue
            cands.append(i)
        if not cands:
            return
        ai = self.pick(cands)

        def cur(i, t):
            if t["skip"]:
                return None
            if t["ts"]:
                return 5000
            if t["nodal"]:
                return None if t["sa_missing"] else t["sa"]
            if mrecist:
                if t["no_viable"] or t["v"] is None:
                    return 0 if t["d"] == 0 and not t["only_viable"] else None
                return t["v"]
            return None if t["only_viable"] else t["d"]

        others = 0
        for i, t in enumerate(targets):
            if i == ai:
                continue
            v = cur(i, t)
            if use15:
                # Decision 15: growth of a node under its normal size does not count
                vv = 0 if v is None else v
                ch = vv - ref_row[i]
                normal = 20000 if (mrecist and t["porta"]) else 10000
                if t["nodal"] and vv < normal and ch > 0:
                    ch = 0
                others += ch
            else:
                others += 0 if v is None else v
        if use15:
            need = goal - N - others + ref_row[ai]
        else:
            need = goal - others
        if need < 0 or need > 200000:
            return
        t = targets[ai]
        if mrecist:
            t["v"] = need
            if t["d"] is not None and t["d"] < need and self.p(0.7):
                t["d"] = need
        else:
            t["d"] = need

    def followup_meas(self, t, event):
        if t["skip"] == "absent":
            return None
        if t["skip"] == "not_evaluated":
            return {"not_evaluated": True}
        if t["nodal"]:
            if t["ts"]:
                return {"too_small": True}
            m = {}
            if t["d"] is not None and (self.p(0.5) or t["sa_missing"]):
                m["diameter_mm"] = mm(max(t["d"], t["sa"]))
            if not t["sa_missing"] or "diameter_mm" not in m:
                m["short_axis_mm"] = mm(t["sa"])
            if t["v"] is not None and self.p(0.5):
                m["viable_mm"] = mm(min(t["v"], t["sa"]))
            return m
        m = {}
        if t["ts"]:
            m["too_small"] = True
            if t["v"] is not None and self.p(0.5):
                m["viable_mm"] = mm(min(t["v"], 5000) if self.p(0.7) else 0)
            return m
        if t["only_viable"] and t["v"] is not None:
            return {"viable_mm": mm(t["v"])}
        if t["frag"] and t["d"] > 1:
            m["fragments_mm"] = [mm(x) for x in self.split(t["d"])]
        else:
            m["diameter_mm"] = mm(t["d"])
        if t["v"] is not None and not t["no_viable"]:
            if t["d"] == 0 and self.p(0.5):
                pass   # Decision 11: 0 mm means no viable part, viable_mm left out
            else:
                m["viable_mm"] = mm(t["v"] if t["d"] != 0 else 0)
        return m

    # ---------------------------------------------------------------------------------
    def nt_meas(self, n, k, mode, cr, baseline=False):
        rng = self.rng
        if baseline:
            st = "present"
        elif cr and self.p(0.8):
            st = "absent" if not n["nodal"] or self.p(0.4) else "present"
        else:
            st = self.wpick(["present", "absent", "progression", "not_evaluated", None],
                            [50, 22, 5, 7, 8])
        if st is None:
            return None
        m = {"status": st}
        if n["nodal"] and st == "present" and not self.p(0.12):
            if cr:
                sa = self.pick([9999, 9000, 5000] + ([19999, 15000] if n["porta"] else []))
            elif baseline:
                sa = self.pick([9999, 10000, 12000, 15000, 19999, 20000, 13000, 11000])
            else:
                sa = self.pick([9999, 10000, 10001, 19999, 20000, 8000, 12000, 25000])
            m["short_axis_mm"] = mm(sa)
        if st in ("present", "progression") or self.p(0.1):
            r = rng.random()
            if cr and not n["nodal"]:
                if r < 0.6:
                    m["enhancing"] = False
                elif r < 0.8:
                    m["enhancing"] = True
            elif r < 0.45:
                m["enhancing"] = True
            elif r < 0.8:
                m["enhancing"] = False
        return m

    # ---------------------------------------------------------------------------------
    def new_tracks(self, n_fu):
        n = self.wpick([0, 1, 2, 3], [45, 30, 15, 10])
        tracks = []
        for i in range(n):
            kind = self.wpick(["liver_typical", "liver_atypical", "liver_unknown", "extra", "node",
                               "porta_node"], [18, 18, 8, 18, 26, 12])
            tr = {"id": "X%d" % (i + 1), "kind": kind, "sizes": [], "start": None}
            if kind.startswith("liver"):
                tr["organ"] = self.pick(LIVER_SPELLINGS + (NOT_LIVER_SPELLINGS if self.p(0.15) else []))
            elif kind == "extra":
                tr["organ"] = self.pick(OTHER_ORGANS)
            elif kind == "node":
                tr["organ"] = self.pick(NODE_ORGANS)
            else:
                tr["organ"] = self.pick(["lymph node", "liver", "Liver segment VI"])
                tr["location"] = self.pick(PORTA)
            if kind in ("node", "porta_node") and "liver_nodes" in self.exclude \
                    and tr["organ"].lower().startswith("liver"):
                tr["organ"] = "lymph node"
            if n_fu:
                tr["start"] = self.rng.randrange(1, n_fu + 1)
            tracks.append(tr)
        return tracks

    def new_lesions_at(self, tracks, k, event):
        out = []
        for tr in tracks:
            if tr["start"] is None or k < tr["start"]:
                continue
            if k > tr["start"] and not self.p(0.7):
                continue
            nl = {"id": tr["id"]}
            if "organ" in tr and not self.p(0.03):
                nl["organ"] = tr["organ"]
            kind = tr["kind"]
            first = not tr["sizes"]
            if kind in ("node", "porta_node"):
                if kind == "node":
                    sa = self.pick([9999, 10000, 12000, 14999, 15000, 9000, 11000, 10001])
                else:
                    sa = self.pick([19999, 20000, 20001, 15000, 12000, 25000])
                if "node_shrink" in self.exclude and 10000 <= sa < 15000 \
                        and any(x >= 15000 for x in tr["sizes"]):
                    sa = 15000
                nl["short_axis_mm"] = mm(sa)
                if self.p(0.3):
                    nl["nodal"] = True
                if "location" in tr:
                    nl["location"] = tr["location"]
                tr["sizes"].append(sa)
            else:
                if kind.startswith("liver"):
                    if first:
                        size = self.pick([9999, 10000, 10001, 12000, 8000, 15000, 20000])
                    else:
                        base = min(tr["sizes"]) if tr["sizes"] else 10000
                        size = self.pick([base + 9999, base + 10000, base + 10001, base + 3000,
                                          max(base - 2000, 1000), 9999, 10000])
                else:
                    size = self.pick([3000, 8000, 10000, 12000, 15000, 20000])
                if not (kind.startswith("liver") and self.p(0.05)):
                    nl["diameter_mm"] = mm(size)
                    tr["sizes"].append(size)
                if kind == "liver_typical":
                    nl["arterial_enhancement"] = True
                    nl["washout"] = True if self.p(0.9) else False
                elif kind == "liver_atypical":
                    r = self.rng.random()
                    if r < 0.5:
                        nl["arterial_enhancement"] = True
                        nl["washout"] = False
                    elif r < 0.7:
                        nl["arterial_enhancement"] = False
                    elif r < 0.85:
                        nl["arterial_enhancement"] = True
                    else:
                        nl["washout"] = True
                elif kind == "extra" and self.p(0.2):
                    nl["arterial_enhancement"] = self.p(0.5)
            if self.p(0.4 if first else 0.2):
                nl["equivocal"] = True
            elif self.p(0.2):
                nl["equivocal"] = False
            out.append(nl)
        return out


# ---------------------------------------------------------------------------------------
# iRECIST (gen.py --irecist; S7 = Seymour et al., Lancet Oncol 2017)
#
# With --irecist every case is still drawn from the main stream exactly as without it (so the
# cases of a seed stay as they were for recist1.1 and mrecist); a second random stream, seeded
# from the seed and the case index, then either decorates it with the keys only iRECIST reads
# (a non-target's "increased", a new lesion's "role" and "increased", Decision 22,
# recist-case(5)), which must change no RECIST 1.1 or mRECIST answer, or replaces it by an
# iRECIST story: an iUPD by targets, non-targets or new lesions, then follow-ups 27, 28, 56
# or 57 days later with the target sum or the new-target sum (iSOM) 4.9, 5.0 or 5.1 mm above
# the iUPD's (in one step or adding up), non-targets and new non-targets marked increased,
# additional new lesions, NE, resets to iSD / iPR / iCR, then known new lesions whose sum
# reaches 20 % above its smallest one, new lesions near the measurable size and past the
# limits of 5 new targets in all and 2 per organ.
# ---------------------------------------------------------------------------------------

I_ORGANS = ["liver", "liver", "Liver segment VI", "lung", "lung", "bone", "kidney", "adrenal",
            "brain"]
I_GAPS_AFTER_PD = [27, 28, 28, 29, 55, 56, 56, 57, 42, 84, 14]
# A new lesion's "progression": true (unequivocal progression of a new non-target, which
# after a reset makes a new iUPD: RWG FAQ; recist-case(5)).  (It changes the draws of the
# iRECIST stories.)
NEW_NON_TARGET_PROGRESSION = True
I_GAPS = [27, 28, 42, 56, 57, 63, 84, 35]


class IStory:
    """One iRECIST story, built follow-up by follow-up from the random stream r."""

    def __init__(self, r, case_id):
        self.r = r
        self.case_id = case_id

    def p(self, prob):
        return self.r.random() < prob

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def build(self):
        r = self.r
        n_t = self.pick([0, 1, 1, 2, 2, 2, 3])
        n_nt = self.pick([0, 1, 1, 1, 2])
        if n_t + n_nt == 0:
            n_nt = 1
        lesions = []
        self.t = []        # [id, nodal, value um]
        for i in range(n_t):
            nodal = self.p(0.15)
            tid = "T%d" % (i + 1)
            lesions.append(dict([("id", tid), ("organ", "lymph node" if nodal else self.pick(["lung", "liver", "kidney"])),
                                 ("role", "target")] + ([("nodal", True)] if nodal else [])))
            v = self.pick([15000, 20000, 25000]) if nodal else self.pick([10000, 20000, 30000, 40000, 25500, 33300])
            self.t.append([tid, nodal, v])
        self.nt = []
        for i in range(n_nt):
            nid = "N%d" % (i + 1)
            lesions.append({"id": nid, "organ": self.pick(["liver", "bone", "lung", "peritoneum"]), "role": "non-target"})
            self.nt.append(nid)
        d0 = datetime.date(2023, 1, 1) + datetime.timedelta(days=r.randrange(600))
        doc = {"format": "recist-case/1", "case_id": self.case_id}
        if self.p(0.6):
            doc["treatment_start"] = (d0 + datetime.timedelta(days=self.pick([0, 3, 7]))).isoformat()
        doc["lesions"] = lesions
        base = {}
        for tid, nodal, v in self.t:
            base[tid] = {"short_axis_mm": mm(v)} if nodal else {"diameter_mm": mm(v)}
        for nid in self.nt:
            base[nid] = {"status": "present"}
        A = [{"date": d0.isoformat(), "lesions": base}]
        self.sums = [self.tsum()]
        self.news = []          # tracks: dict(id, organ, nodal, size, role, shown)
        self.n_new = 0
        self.iupd = None        # the generator's idea of the pending iUPD: (target sum, iSOM)
        self.nt_prog = set()    # non-targets called progression
        self.isoms = []
        date = d0
        n_fu = self.pick([2, 3, 3, 4, 4, 5, 6])
        gap = self.pick([42, 56, 28, 27, 63])
        for k in range(n_fu):
            date = date + datetime.timedelta(days=gap)
            move = self.move()
            A.append(self.followup(date, move))
            gap = self.pick(I_GAPS_AFTER_PD) if move in ("target_pd", "nt_pd", "new", "new_many") \
                or self.iupd is not None else self.pick(I_GAPS)
        doc["assessments"] = A
        return doc

    def tsum(self):
        return sum(v for _, _, v in self.t)

    def move(self):
        if self.iupd is None:
            items = ["stable", "respond", "target_pd", "nt_pd", "new", "new_many", "known_grow",
                     "known_stay", "cr", "nlt_gone"]
            w = [10, 10, 20, 12, 20, 6, 10, 8, 4, 4]
        else:
            items = ["confirm_t", "creep", "nt_increase", "isom_edge", "nl_increase", "additional",
                     "ne", "reset_sd", "reset_pr", "cr", "target_pd", "stable", "nlt_gone"]
            w = [18, 8, 10, 14, 8, 6, 6, 10, 10, 3, 4, 3, 3]
        return self.r.choices(items, weights=w, k=1)[0]

    def aim_sum(self, goal):
        """Change the first target so that the target sum is goal (um), if it can."""
        if not self.t:
            return
        need = goal - (self.tsum() - self.t[0][2])
        if 0 <= need <= 300000:
            self.t[0][2] = need

    def followup(self, date, move):
        r = self.r
        meas = {}
        nadir = min(x for x in self.sums if x is not None) if self.sums else 0
        side = self.pick([-1, 0, 0, 1, -100, 100])
        ne = None
        if move == "stable":
            for x in self.t:
                x[2] = max(0, int(x[2] * r.uniform(0.85, 1.1)))
        elif move in ("respond", "reset_pr"):
            base = self.sums[0]
            self.aim_sum((7 * base) // 10 + self.pick([0, 0, -1, 1, -3000]))
        elif move == "reset_sd":
            self.aim_sum(max(nadir, int(self.sums[0] * r.uniform(0.75, 1.0))))
        elif move == "cr":
            for x in self.t:
                x[2] = self.pick([9999, 9000, 5000]) if x[1] else 0
        elif move == "target_pd":
            inc = max(-(-nadir // 5), 5000)
            self.aim_sum(nadir + inc + self.pick([0, 0, -1, 1, 2000]))
        elif move in ("confirm_t", "creep") and self.iupd is not None and self.iupd[0] is not None:
            step = self.pick([5000, 5000, 4999, 4900, 5001, 5100]) if move == "confirm_t" \
                else self.pick([2500, 2400, 2600])
            base = self.iupd[0] if move == "confirm_t" else self.tsum()
            self.aim_sum(base + step)
        elif move == "ne" and self.t:
            ne = self.pick(self.t)[0]
        for tid, nodal, v in self.t:
            if tid == ne:
                meas[tid] = {"not_evaluated": True} if self.p(0.7) else None
                if meas[tid] is None:
                    del meas[tid]
                continue
            meas[tid] = {"short_axis_mm": mm(v)} if nodal else {"diameter_mm": mm(v)}
        # non-targets
        if move == "nt_pd" and self.nt:
            self.nt_prog.add(self.pick(self.nt))
        if move in ("reset_sd", "reset_pr", "cr") and self.p(0.6):
            self.nt_prog.clear()
        inc_nt = self.pick(self.nt) if move == "nt_increase" and self.nt else None
        for nid in self.nt:
            if move == "cr" and self.p(0.7):
                m = {"status": "absent"}
            else:
                m = {"status": "progression" if nid in self.nt_prog else "present"}
            if nid == inc_nt or (self.p(0.06) and m["status"] != "absent"):
                m["increased"] = True
            elif self.p(0.05):
                m["increased"] = False
            if move == "ne" and not self.t and self.p(0.5):
                m = {"status": "not_evaluated"}
            meas[nid] = m
        # new lesions
        if move in ("new", "new_many") or (move == "additional"):
            n = self.pick([5, 6, 7]) if move == "new_many" else self.pick([1, 1, 2, 3])
            same = self.pick(I_ORGANS)
            # all recorded as new targets by the reader: past 5, or 2 in an organ, they
            # are scored as recorded, with a warning (recist(1) TOO_MANY_NEW_TARGETS)
            all_targets = move == "new_many" and self.p(0.4)
            for _ in range(n):
                self.n_new += 1
                nodal = self.p(0.2)
                organ = "lymph node" if nodal else (same if self.p(0.5) else self.pick(I_ORGANS))
                if nodal:
                    size = self.pick([14999, 15000, 15001, 12000, 20000, 9999, 10000])
                else:
                    size = self.pick([9999, 10000, 10001, 12000, 15000, 8000, 0, 20000])
                tr = {"id": "X%d" % self.n_new, "organ": organ, "nodal": nodal, "size": size,
                      "role": None, "shown": True, "first": True}
                if all_targets:
                    tr["role"] = "target"
                elif self.p(0.25):
                    tr["role"] = self.pick(["target", "non-target"])
                self.news.append(tr)
        if move == "isom_edge" and self.iupd is not None and self.iupd[1] is not None:
            tg = [tr for tr in self.news if tr["shown"] and tr["size"] >= 10000]
            if tg:
                tr = self.pick(tg)
                cur = sum(x["size"] for x in self.news if x["shown"])
                tr["size"] = max(0, tr["size"] + self.iupd[1] + self.pick([5000, 4900, 4999, 5001, 5000]) - cur)
        if move == "known_grow" and self.news and self.isoms:
            low = min(self.isoms)
            cur = sum(x["size"] for x in self.news if x["shown"])
            goal = -(-low * 6 // 5) + self.pick([0, 0, -1, 1, -100]) if low else self.pick([1, 4999, 5000, 10000])
            tr = self.pick(self.news)
            tr["size"] = max(0, tr["size"] + goal - cur)
            tr["shown"] = True
        if move == "nlt_gone":
            # new targets gone (recist-case(5): "write 0 when it has gone"), so that a later
            # sum grows from a smallest one of 0
            for tr in self.news:
                if tr["size"] >= 10000 or self.p(0.3):
                    tr["size"] = 0
        inc_nl = self.pick(self.news) if move == "nl_increase" and self.news else None
        out = []
        for tr in self.news:
            if not tr["first"] and self.p(0.06):
                tr["shown"] = not tr["shown"]
            if not tr["shown"]:
                continue
            nl = {"id": tr["id"], "organ": tr["organ"]}
            if tr["nodal"]:
                nl["short_axis_mm"] = mm(tr["size"])
            else:
                nl["diameter_mm"] = mm(tr["size"])
            if tr["role"] and (tr["first"] or self.p(0.5)):
                nl["role"] = tr["role"]
            if tr is inc_nl or (not tr["first"] and self.p(0.08)):
                nl["increased"] = True
            if NEW_NON_TARGET_PROGRESSION and not tr["first"] and self.p(0.08):
                nl["progression"] = True
            if tr["first"] and self.p(0.06):
                nl["equivocal"] = True
            tr["first"] = False
            out.append(nl)
        a = {"date": date.isoformat(), "lesions": meas}
        if out:
            a["new_lesions"] = out
        # the generator's rough idea of iUPD and reset, only to aim the next follow-up
        s = None if ne else self.tsum()
        isom = sum(tr["size"] for tr in self.news if tr["shown"]) if self.news else None
        if move in ("target_pd", "nt_pd", "new", "new_many", "known_grow") and self.iupd is None:
            self.iupd = (s, isom)
        elif move in ("reset_sd", "reset_pr", "cr", "confirm_t", "additional"):
            self.iupd = None
        self.sums.append(s)
        if isom is not None:
            self.isoms.append(isom)
        return a


def no_backdate(doc):
    """--exclude irecist_backdate: no equivocal new lesion, so nothing is back-dated."""
    for a in doc["assessments"]:
        for nl in a.get("new_lesions") or []:
            nl.pop("equivocal", None)
            if "short_axis_mm" in nl and nl.get("nodal", True) and 10 <= nl["short_axis_mm"] < 15:
                nl["short_axis_mm"] = 15.0


def nlt_once(doc):
    """--exclude irecist_nlt_once: new lesions first seen after the first follow-up with new
    lesions, and new nodes first seen under 10 mm, are recorded as new non-targets."""
    first = None
    late = set()
    seen = set()
    for k, a in enumerate(doc["assessments"]):
        for nl in a.get("new_lesions") or []:
            if first is None:
                first = k
            if nl["id"] in seen:
                continue
            seen.add(nl["id"])
            small_node = "short_axis_mm" in nl and nl.get("nodal", True) and nl["short_axis_mm"] < 10
            if k != first or small_node or not ("diameter_mm" in nl or "short_axis_mm" in nl):
                late.add(nl["id"])
    for a in doc["assessments"]:
        for nl in a.get("new_lesions") or []:
            if nl["id"] in late:
                nl["role"] = "non-target"


def decorate(doc, r):
    """Add iRECIST's keys to a case (they change no RECIST 1.1 or mRECIST answer)."""
    nts = set(l["id"] for l in doc["lesions"] if l["role"] == "non-target")
    roles = {}
    # recist-case(5): a new target lesion is measured at every assessment that lists it
    measured = {}
    for a in doc["assessments"]:
        for nl in a.get("new_lesions") or []:
            has = "diameter_mm" in nl or "short_axis_mm" in nl
            measured[nl["id"]] = measured.get(nl["id"], True) and has
    for a in doc["assessments"][1:]:
        for lid, m in (a.get("lesions") or {}).items():
            if lid in nts and m.get("status") in ("present", "progression"):
                x = r.random()
                if x < 0.15:
                    m["increased"] = True
                elif x < 0.2:
                    m["increased"] = False
        for nl in a.get("new_lesions") or []:
            if nl["id"] not in roles:
                roles[nl["id"]] = r.choice(["target", "non-target"]) if r.random() < 0.3 else None
                if roles[nl["id"]] == "target" and not measured[nl["id"]]:
                    roles[nl["id"]] = "non-target"
                if roles[nl["id"]]:
                    nl["role"] = roles[nl["id"]]
                if r.random() < 0.05:
                    nl["increased"] = True
            else:
                if roles[nl["id"]] and r.random() < 0.5:
                    nl["role"] = roles[nl["id"]]
                if r.random() < 0.2:
                    nl["increased"] = True
    return doc


def generate(seed, count, exclude=(), irecist=False):
    g = Gen(seed, exclude, irecist)
    for i in range(count):
        yield g.case(i)


def dumps(doc):
    return json.dumps(doc, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--exclude", default="", help="comma-separated: " + ", ".join(EXCLUDABLE))
    ap.add_argument("--irecist", action="store_true", help="add iRECIST's cases and keys")
    a = ap.parse_args()
    exclude = [x for x in a.exclude.split(",") if x]
    for x in exclude:
        if x not in EXCLUDABLE:
            ap.error("unknown pattern %s" % x)
    out = sys.stdout
    try:
        for doc in generate(a.seed, a.count, exclude, a.irecist):
            out.write(dumps(doc))
            out.write("\n")
        out.flush()
    except BrokenPipeError:
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
