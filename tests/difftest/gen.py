#!/usr/bin/env python3
"""Deterministic, corner-seeking generator of recist-case/1 documents (JSON Lines).

    gen.py --seed S --count N > cases.jsonl

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
42 days (stable-disease minimum).
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
EXCLUDABLE = ("liver_nodes", "node_shrink")


class Gen:
    def __init__(self, seed, exclude=()):
        self.rng = Random(seed)
        self.seed = seed
        self.exclude = set(exclude)

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


def generate(seed, count, exclude=()):
    g = Gen(seed, exclude)
    for i in range(count):
        yield g.case(i)


def dumps(doc):
    return json.dumps(doc, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--exclude", default="", help="comma-separated: " + ", ".join(EXCLUDABLE))
    a = ap.parse_args()
    exclude = [x for x in a.exclude.split(",") if x]
    for x in exclude:
        if x not in EXCLUDABLE:
            ap.error("unknown pattern %s" % x)
    out = sys.stdout
    try:
        for doc in generate(a.seed, a.count, exclude):
            out.write(dumps(doc))
            out.write("\n")
        out.flush()
    except BrokenPipeError:
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
