#!/usr/bin/env python3
"""Independent reference evaluator for recist-case/1 documents (RECIST 1.1, mRECIST, iRECIST).

Written from the papers (RECIST 1.1, Eisenhauer et al. 2009, with the RECIST Working Group's
FAQ; mRECIST, Lencioni and Llovet 2010; iRECIST, Seymour et al., Lancet Oncol 2017;18:e143-52,
here "S7", with the RWG iRECIST FAQ), the project's Decisions 1-24 (recist-rules(5)), the
formats of recist-case(5) and recist(1) OUTPUT, and the documented choices of recist(1) and
the fixture READMEs.  It does not use anything of the C project (nor rules/irecist.yaml's
conditions).  "RECIST 1.1 §N" cites a section of the 2009 paper; "Decision N" a decision of
recist-rules(5).

Arithmetic is exact (Decision 1): every length is an integer number of micrometres (um),
read from the JSON text as a decimal (never through binary floating point), and every
threshold is a cross-multiplied integer comparison.

Usage as a program:
    reference.py [--criteria LIST] [FILE|-]...
                                  one result line (JSON) per input case, in input order;
                                  LIST as recist(1)'s (recist1.1,mrecist by default; irecist
                                  only when named)

Usage as a module:
    evaluate_case(case_dict, criteria=("recist1.1", "mrecist"), settings=None) -> dict
        (criteria may name "irecist" too: applied only when named, as by recist(1))
    evaluate_text(json_text, ...)  parses with exact decimals first

Where these leave a point open, the choice made here is written in a comment marked
CHOICE, so that a reader can audit it (and the report can list it).
"""

import datetime
import json
import re
import sys
from decimal import Decimal, ROUND_HALF_EVEN

# ---------------------------------------------------------------------------------------
# Settings (recist(1) "Options ... the settings of the best overall response"; the params
# of recist-rules(5)).  Defaults are those of the shipped rule sets.
# ---------------------------------------------------------------------------------------

DEFAULT_SETTINGS = {
    "confirm_days": 28,        # Decision 2: 28 days confirms, 27 does not
    "sd_min_days": 42,         # Decision 3: from treatment_start, else the baseline date
    "max_ne_between": 1,       # Decision 2 (admiralonco max_nr_ne)
    "accept_sd": False,        # admiralonco accept_sd, off
    "continuing_pr": False,    # Decision 7: PR judged against baseline at every follow-up
    "backdate_equivocal": True,  # Decision 12
    "backdate_atypical": True,   # Decision 12 (mRECIST atypical liver lesions grown)
    # CHOICE (recist(1) "Best overall response" step 1): in `evaluate` a PR/SD after an
    # overall CR is NOT turned into PD for the best response; the time-point rules already
    # call every reappearance PD (Decision 4).  `recist bor` does the conversion; we do not.
    "cr_then_worse_is_pd": False,
}

# Per-criteria parameters (recist-rules(5), the shipped params; Decision 10).
CRITERIA_PARAMS = {
    "recist1.1": {
        "mrecist": False,
        "pd_increase_um": 5000,       # RECIST 1.1 §4.3.1: at least +5 mm absolute (inclusive)
        "too_small_um": 5000,         # RECIST 1.1 §4.3.2: too small to measure = 5 mm
        "node_normal_um": 10000,      # RECIST 1.1 §3.1: a node under 10 mm short axis is normal
        "porta_normal_um": 10000,     # RECIST 1.1 has no porta hepatis rule
        "node_target_min_um": 15000,  # RECIST 1.1 §3.1: nodal target needs SA >= 15 mm
        "porta_target_min_um": 15000,
        "lesion_target_min_um": 10000,  # RECIST 1.1 §3.1: non-nodal LD >= 10 mm
        "max_targets": 5,             # RECIST 1.1 §3.3
        "max_targets_per_organ": 2,
    },
    "mrecist": {
        "mrecist": True,
        "pd_increase_um": 0,          # mRECIST Table 1 / Decision 5: no 5 mm floor in mRECIST
        "too_small_um": 5000,
        "node_normal_um": 10000,
        "porta_normal_um": 20000,     # Decision 10: porta hepatis node normal < 20 mm
        "node_target_min_um": 15000,
        # CHOICE: the AASLD-JNCI panel (Llovet 2008) says a porta hepatis node is malignant
        # only from 20 mm, so a porta hepatis nodal target under 20 mm draws
        # NODE_TARGET_TOO_SMALL under mRECIST.
        "porta_target_min_um": 20000,
        "lesion_target_min_um": 10000,
        "new_lesion_min_um": 10000,   # mRECIST new lesions: new liver lesion classifiable from 10 mm
        "atypical_growth_um": 10000,  # mRECIST new lesions / Decision 13
        "max_targets": 5,
        "max_targets_per_organ": 2,
    },
}

# iRECIST (S7): measurability, targets, non-targets, sums and the RECIST 1.1 time-point
# table unchanged ("irecist uses RECIST 1.1's rules unchanged"), plus the progression
# responses carried across follow-ups and the new lesions' own targets (NLT) and sum (iSOM).
CRITERIA_PARAMS["irecist"] = dict(
    CRITERIA_PARAMS["recist1.1"],
    irecist=True,
    new_target_max=5,             # S7: at most 5 new lesion targets in all ...
    new_target_max_per_organ=2,   # ... and 2 per organ (all lymph nodes one organ)
    new_node_target_min_um=15000,  # S7: an NLT is measurable by RECIST 1.1: node SA >= 15 mm
    new_lesion_target_min_um=10000,  # ... a non-nodal lesion >= 10 mm
    iconfirm_min_days=28,         # S7: iUPD confirmed at the next assessment 4-8 weeks later
    iconfirm_max_days=56,         # Decision 23: later still confirms, warning ICONFIRM_LATE
    iconfirm_increase_um=5000,    # S7 Table 2: a further increase of at least 5 mm
    new_target_sum_pd_pct=20,     # after a reset: known NLT make a new iUPD at +20 % of their sum
)

# The rule sets applied when none is named (irecist is opt-in, recist(1) --criteria).
ALL_CRITERIA = ("recist1.1", "mrecist")

# Responses (recist(1) OUTPUT, CDISC terms)
CR, PR, SD, PD, NE, NA = "CR", "PR", "SD", "PD", "NE", "NA"
NONCRNONPD = "NON-CR/NON-PD"
YES, NO, EQUIVOCAL = "YES", "NO", "EQUIVOCAL"
NORMAL = "NORMAL"   # internal: a new node under its normal size is not a lesion at all
# iRECIST time-point responses (S7 Table 2)
ICR, IPR, ISD, IUPD, ICPD = "iCR", "iPR", "iSD", "iUPD", "iCPD"
INONCR = "NON-iCR/NON-iUPD"
# RECIST 1.1 response -> iRECIST's name for it, when no iUPD is pending (S7 Table 2, first
# column of responses: "time-point response with no prior iUPD")
TO_I = {CR: ICR, PR: IPR, SD: ISD, NONCRNONPD: INONCR, NE: NE, PD: IUPD}
FROM_I = {ICR: CR, IPR: PR, ISD: SD, INONCR: NONCRNONPD, NE: NE}


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------

def um(x):
    """A length in mm (Decimal or int from the JSON text) -> integer micrometres.
    recist-case(5): rounded once, on reading, to the nearest micrometre."""
    return int((Decimal(x) * 1000).to_integral_value(rounding=ROUND_HALF_EVEN))


def parse_date(s):
    return datetime.date.fromisoformat(s)


def organ_key(organ):
    """Decision 19: organs are matched case-insensitively on their first run of letters:
    'Liver segment VI', 'liver (S7)' and 'LIVER' are all 'liver'; 'S7 liver' is 's'."""
    if organ is None:
        return None
    m = re.search(r"[^\W\d_]+", organ)
    return m.group(0).lower() if m else ""


def is_porta_hepatis(location):
    """Decision 10: location "porta hepatis" (any case) marks a node at the porta hepatis."""
    return isinstance(location, str) and location.lower() == "porta hepatis"


class Lesion:
    def __init__(self, d):
        self.id = d["id"]
        self.organ = organ_key(d.get("organ"))
        self.role = d["role"]
        self.nodal = d.get("nodal") is True
        self.porta = is_porta_hepatis(d.get("location"))


# ---------------------------------------------------------------------------------------
# What each rule set reads (recist-case(5) "What each rule set reads"; Decisions 5, 10, 11)
# ---------------------------------------------------------------------------------------

def node_normal_um(p, porta):
    """Normal size of a node: 10 mm; under mRECIST 20 mm at the porta hepatis (Decision 10)."""
    return p["porta_normal_um"] if porta else p["node_normal_um"]


def target_value(m, les, p):
    """Value (um) of one target at one assessment under one rule set.
    Returns (value or None, measurement_missing).  None = not evaluated.

    - absent from the assessment or not_evaluated: not evaluated (no warning).
    - nodes: short axis (RECIST 1.1 §4.3.2), under mRECIST too (Decision 10: viable_mm of a node
      is not read).
    - RECIST 1.1 non-nodal: diameter_mm, else the sum of fragments_mm (RECIST 1.1 §4.3.2).
    - mRECIST non-nodal: viable_mm (Decision 5); a lesion measured at 0 mm has no viable
      part, so diameter_mm 0 means viable 0 even without viable_mm (Decision 11).  The whole
      diameter is never substituted otherwise (Decision 5).
    - too_small stands in (5 mm, RECIST 1.1 §4.3.2) only when the measurement the rule set reads
      is not given (Decision 11: an explicit measurement always wins).
      CHOICE: under RECIST 1.1 viable_mm is never read (recist-case(5): "RECIST 1.1 ignores
      it"), so too_small + viable_mm 0 is 5 mm there, not 0 mm.
    - otherwise the measurement is missing: not evaluated, warning MEASUREMENT_MISSING.
    """
    if m is None or m.get("not_evaluated") is True:
        return None, False
    too_small = m.get("too_small") is True
    if les.nodal:
        if "short_axis_mm" in m:
            return um(m["short_axis_mm"]), False
        if too_small:
            return p["too_small_um"], False
        return None, True
    if not p["mrecist"]:
        if "diameter_mm" in m:
            return um(m["diameter_mm"]), False
        if "fragments_mm" in m:
            return sum(um(f) for f in m["fragments_mm"]), False
        if too_small:
            return p["too_small_um"], False
        return None, True
    if "viable_mm" in m:
        return um(m["viable_mm"]), False
    if "diameter_mm" in m and um(m["diameter_mm"]) == 0:
        return 0, False
    if too_small:
        return p["too_small_um"], False
    return None, True


def whole_diameter(m):
    """Whole-lesion diameter of a non-nodal target (for TARGET_TOO_SMALL), or None."""
    if m is None:
        return None
    if "diameter_mm" in m:
        return um(m["diameter_mm"])
    if "fragments_mm" in m:
        return sum(um(f) for f in m["fragments_mm"])
    # CHOICE: too_small at baseline stands for the viable diameter under mRECIST
    # (recist-case(5)); the whole diameter is then unknown, so no TARGET_TOO_SMALL.
    return None


def nontarget_status(m):
    """Status of a non-target; absent from the assessment = not evaluated (interface 2)."""
    if m is None:
        return "not_evaluated"
    return m["status"]


# ---------------------------------------------------------------------------------------
# Target response (RECIST 1.1 §4.3.1, §4.4.2; mRECIST Table 1; Decisions 1, 4, 7, 15, 16, 18)
# ---------------------------------------------------------------------------------------

def pd_test(increase, nadir, p):
    """RECIST 1.1 §4.3.1: PD = at least +20 % over the nadir AND at least +5 mm (RECIST 1.1;
    mRECIST Table 1 has no absolute floor).  Inclusive (Decision 1), exact integers:
    5 * increase >= nadir.  With a nadir of 0 the percentage test holds for any increase;
    CHOICE (fixtures/mrecist/README): an increase must be strictly positive (mRECIST Table 1
    'arithmetic consequence': any re-enhancement over a 0 nadir is PD; no change is not)."""
    return increase > 0 and 5 * increase >= nadir and increase >= p["pd_increase_um"]


def decision15_increase(now_vals, ref_vals, targets, p):
    """Decision 15: the increase tested for PD is the sum over targets of each one's change
    since the assessment where the nadir was first reached; a nodal target now under its
    normal size (10 mm; 20 mm at the porta hepatis under mRECIST) adds no growth (a
    decrease still counts); a node at or above it counts its whole change; non-nodal targets
    always count.  now_vals[i] may be None (not evaluated): the lower bound of RECIST 1.1 §4.4.2
    counts it as 0 mm."""
    total = 0
    for i, t in enumerate(targets):
        now = now_vals[i] if now_vals[i] is not None else 0
        change = now - ref_vals[i]
        if t.nodal and now < node_normal_um(p, t.porta) and change > 0:
            change = 0
        total += change
    return total


def target_cr(vals, targets, p, nodal_nontargets_normal):
    """RECIST 1.1 §4.3.1 CR: every non-nodal target 0 mm and every nodal target under 10 mm,
    and (RECIST 1.1 only) every nodal non-target known to be under 10 mm as well.
    mRECIST (Table 1, Decision 10): no viable tumour in any non-nodal target and every
    nodal target under its normal size; the non-targets do not enter the target CR."""
    for v, t in zip(vals, targets):
        if t.nodal:
            if v >= node_normal_um(p, t.porta):
                return False
        elif v != 0:
            return False
    if not p["mrecist"] and not nodal_nontargets_normal:
        return False
    return True


def reappeared(v, t, p):
    """Decision 4 / 16: after an overall CR a non-nodal target above 0 mm (mRECIST: viable
    above 0) or a nodal target at or above its normal size has reappeared."""
    if t.nodal:
        return v >= node_normal_um(p, t.porta)
    return v > 0


# ---------------------------------------------------------------------------------------
# Non-target response (RECIST 1.1 §4.3.3; mRECIST non-target response; Decisions 4, 8, 10, 16, 17)
# ---------------------------------------------------------------------------------------

def nontarget_response(nts, meas, p, after_cr):
    """nts: non-target lesions; meas: {id: measurement}; after_cr: an earlier follow-up had
    overall CR under this rule set (CHOICE: any earlier one, also before a PD)."""
    if not nts:
        return NA                                           # Decision 8
    pd = False            # unequivocal progression, or reappearance after CR
    not_evaluated = False  # a non-target with no status this time
    persists = False      # RECIST NON-CR/NON-PD, mRECIST IR/SD
    unknown = False       # mRECIST: present non-nodal non-target, enhancement not recorded
    for les in nts:
        m = meas.get(les.id)
        st = nontarget_status(m)
        if st == "progression":
            pd = True                                       # RECIST 1.1 §4.3.3; mRECIST non-target PD
        elif st == "not_evaluated":
            not_evaluated = True
        elif st == "present":
            if les.nodal:
                # A node is judged by its short axis (RECIST 1.1 §4.3.3 CR; Decision 10: also
                # under mRECIST, enhancement of a node is not read).  Present without a short
                # axis: not known to be normal, so it persists (recist-case(5)).
                # Decision 16: after CR a node reappears only when it has unequivocally
                # progressed (status progression), not by being >= 10 mm again.
                sa = m.get("short_axis_mm")
                if sa is None or um(sa) >= node_normal_um(p, les.porta):
                    persists = True
            elif not p["mrecist"]:
                if after_cr:
                    pd = True                               # Decision 4: present again after CR
                persists = True
            else:
                enh = m.get("enhancing")
                if enh is True:
                    if after_cr:
                        pd = True                           # Decision 4 applied to mRECIST
                    persists = True                         # mRECIST non-target IR/SD
                elif enh is None:
                    unknown = True                          # Decision 17
                # enhancing false: no viable tumour left in it (mRECIST non-target CR)
        # "absent": gone
    if pd:
        return PD
    # Decision 17: NE only where the missing information could change the call.  A
    # non-target with no status could have progressed unequivocally, so it makes NE
    # unless PD is already established.
    if not_evaluated:
        return NE
    if unknown:
        # Decision 17: unknown enhancement makes NE unless another non-target already makes
        # it PD, or (before any overall CR) IR/SD.  After a CR the unknown one could be PD.
        if persists and not after_cr:
            return NONCRNONPD
        return NE
    return NONCRNONPD if persists else CR


def nodal_nontargets_known_normal(nts, meas):
    """RECIST 1.1 target CR needs every nodal non-target known to be under 10 mm (§4.3.1,
    CR).  Normal: absent, or present with a short axis under 10 mm.  A nodal non-target
    present without a short axis, or progressing, is not known to be normal and blocks
    target CR (fixtures/recist1.1/README; recist-case(5)).
    CHOICE: a nodal non-target that is NOT EVALUATED does not block target CR: RECIST 1.1 §4.4.1
    Table 1 row 3 ("CR | not evaluated | no -> PR") is the paper's own answer for target CR
    with non-targets not evaluated; the non-target response NE carries the missing node.
    (My first version blocked CR here; changed for this reason, see the report.)"""
    for les in nts:
        if not les.nodal:
            continue
        m = meas.get(les.id)
        st = nontarget_status(m)
        if st in ("absent", "not_evaluated"):
            continue
        if st == "present" and m.get("short_axis_mm") is not None and um(m["short_axis_mm"]) < 10000:
            continue
        return False
    return True


# ---------------------------------------------------------------------------------------
# New lesions (RECIST 1.1 §4.3.5; mRECIST new lesions; Decisions 12, 13, 14, 19)
# ---------------------------------------------------------------------------------------

class NewLesionHistory:
    """What is remembered of one new-lesion id under one rule set."""
    __slots__ = ("prev_sighted", "run_start", "min_diameter")

    def __init__(self):
        self.prev_sighted = False   # a sighting at the previous follow-up
        self.run_start = None       # index of the first follow-up of the current run
        # smallest earlier diameter (Decision 13).  CHOICE: over every earlier sighting of
        # the id, not only the current run (Decision 13 says "smallest earlier size")
        self.min_diameter = None


def new_lesion_fields(nl):
    nodal = nl.get("nodal")
    if nodal is None:
        nodal = "short_axis_mm" in nl       # recist-case(5): default from short_axis_mm
    size = None
    if "short_axis_mm" in nl:
        size = um(nl["short_axis_mm"])
    elif "diameter_mm" in nl:
        size = um(nl["diameter_mm"])
    return nodal, size


def classify_new_lesion(nl, p, hist):
    """Classify one new lesion at one follow-up: YES, EQUIVOCAL or NORMAL (not a lesion).
    Returns (class, is_sighting, grown) where grown marks an mRECIST atypical liver lesion
    that became a new lesion by growth (its back-dating has its own switch, Decision 12)."""
    nodal, size = new_lesion_fields(nl)
    reader_equivocal = nl.get("equivocal") is True
    if nodal:
        # RWG FAQ, new lymph nodes, Decision 14; under mRECIST new nodes anywhere follow
        # RECIST 1.1 with the porta hepatis threshold of Decision 10.
        normal = node_normal_um(p, is_porta_hepatis(nl.get("location")))
        if size is None:
            # CHOICE (not generated): a new node without a short axis is equivocal.
            return EQUIVOCAL, True
        if size < normal:
            return NORMAL, False   # a normal node is not a lesion, even if marked equivocal
        if reader_equivocal:
            return EQUIVOCAL, True  # Decision 14: stays equivocal until the reader says otherwise
        if size >= 15000:
            return YES, True        # 15 mm or more: unequivocal at once
        if hist.prev_sighted:
            return YES, True        # Decision 14: still >= 10 mm at the next assessment
        return EQUIVOCAL, True      # 10 to < 15 mm, first sighting of this run
    if p["mrecist"] and organ_key(nl.get("organ")) == "liver":
        # mRECIST new lesions: liver lesions (Decision 19 for the organ name).
        if reader_equivocal:
            return EQUIVOCAL, True
        if size is None or size < p["new_lesion_min_um"]:
            return EQUIVOCAL, True  # < 10 mm or unmeasured: not classifiable
        if nl.get("arterial_enhancement") is True and nl.get("washout") is True:
            return YES, True        # typical HCC pattern
        # atypical: a new lesion once grown by >= 10 mm from its smallest earlier size
        # (Decision 13)
        if hist.min_diameter is not None and size - hist.min_diameter >= p["atypical_growth_um"]:
            return YES, True, True
        return EQUIVOCAL, True
    # RECIST 1.1, and extrahepatic non-nodal lesions under mRECIST (its new-lesion rules): any
    # new lesion is unequivocal unless the reader calls it equivocal (RECIST 1.1 §4.3.5).
    return (EQUIVOCAL if reader_equivocal else YES), True


# ---------------------------------------------------------------------------------------
# Overall response (RECIST 1.1 Tables 1-2; mRECIST overall response; Decision 8)
# ---------------------------------------------------------------------------------------

def overall_response(t, nt, nl):
    if nl == YES or t == PD or nt == PD:
        return PD                            # new lesion / target PD / non-target PD
    # an equivocal new lesion counts as "no" (RECIST 1.1 §4.3.5)
    if t == NA:                              # Table 2: non-target disease only
        return {CR: CR, NONCRNONPD: NONCRNONPD, NE: NE}[nt]
    if t == CR:
        return CR if nt in (CR, NA) else PR  # Table 1 rows 1-3, Decision 8
    if t == PR:
        return PR
    if t == SD:
        return SD
    return NE                                # target not all evaluated, non-target non-PD


# ---------------------------------------------------------------------------------------
# Best overall response (RECIST 1.1 §4.4.3; recist(1) "Best overall response"; Decisions 2, 3, 12)
# ---------------------------------------------------------------------------------------

def best_overall(resp, dates, start, has_targets, s, confirmed):
    """resp: effective overall responses of the follow-ups (back-dated PD applied), already
    cut after the first PD.  Returns (response, date or None)."""
    sd_min = s["sd_min_days"]

    def sd_eligible(k):
        r = resp[k]
        ok = r in (CR, PR, SD) or (r == NONCRNONPD and not has_targets)
        return ok and (dates[k] - start).days >= sd_min

    def is_confirmed(i, kind):
        # Decision 2 / recist(1) step 5: the first later CR (for a CR) or CR/PR (for a PR)
        # at least confirm_days later confirms, when only CR (and PR for a PR) and NE lie
        # between, at most max_ne_between NE; one too early neither confirms nor breaks; any
        # other response breaks it (one SD allowed for a PR with accept_sd).
        ne = 0
        sds = 0
        for j in range(i + 1, len(resp)):
            r = resp[j]
            confirms = (r == CR) if kind == CR else (r in (CR, PR))
            if confirms:
                if (dates[j] - dates[i]).days >= s["confirm_days"]:
                    return ne <= s["max_ne_between"]
                continue
            if r == NE:
                ne += 1
                continue
            if kind == PR and r == SD and s["accept_sd"] and sds == 0:
                sds += 1
                continue
            return False
        return False

    for cat in (CR, PR):
        for k, r in enumerate(resp):
            if r == cat and (not confirmed or is_confirmed(k, cat)):
                return cat, dates[k]
    for k in range(len(resp)):
        if sd_eligible(k):
            return (SD if has_targets else NONCRNONPD), dates[k]
    for k, r in enumerate(resp):
        if r == PD:
            return PD, dates[k]
    if dates:
        return NE, dates[0]
    return NE, None


# ---------------------------------------------------------------------------------------
# One rule set over one case
# ---------------------------------------------------------------------------------------

def evaluate_criteria(case, cid, s):
    p = CRITERIA_PARAMS[cid]
    lesions = case["_lesions"]
    targets = [l for l in lesions if l.role == "target"]
    nts = [l for l in lesions if l.role == "non-target"]
    assessments = case["assessments"]
    dates = [parse_date(a["date"]) for a in assessments]
    start = parse_date(case["treatment_start"]) if "treatment_start" in case else dates[0]
    warnings = set()

    # --- measurements of every target at every assessment
    vals = []   # vals[a][i]
    for ai, a in enumerate(assessments):
        meas = a.get("lesions") or {}
        row = []
        for t in targets:
            v, missing = target_value(meas.get(t.id), t, p)
            if missing:
                warnings.add(("MEASUREMENT_MISSING", "assessments[%d].lesions.%s" % (ai, t.id)))
            row.append(v)
        vals.append(row)

    def total(row):
        return None if any(v is None for v in row) else sum(row)

    has_targets = bool(targets)
    base_row = vals[0]
    base_complete = has_targets and all(v is not None for v in base_row)
    base_sum = total(base_row) if has_targets else None     # Decision 18: no targets, no sum

    # --- baseline warnings (RECIST 1.1 §3.1, §3.3; mRECIST target lesions; Decision 20)
    warnings |= baseline_warnings(case, lesions, assessments[0].get("lesions") or {}, p)

    # sums of each assessment (None: not computable), for the nadir (RECIST 1.1 §4.3.1: smallest sum
    # recorded on study including baseline; a time point with a missing target has no sum
    # and never becomes the nadir - fixture nadir_excludes_ne_timepoint)
    sums = [total(r) if (has_targets and base_complete) else None for r in vals]

    timepoints = []
    overalls = []
    i_listing = []        # iRECIST: per follow-up [(new lesion id, class, entry)]
    i_nt_increased = []   # iRECIST: per follow-up, non-targets marked increased
    after_cr = False
    hist = {}          # new lesion id -> NewLesionHistory
    prog_candidates = []
    for k in range(1, len(assessments)):
        a = assessments[k]
        meas = a.get("lesions") or {}
        row = vals[k]
        tp = {"date": a["date"]}

        # ---- target response
        if not has_targets:
            t_resp = NA                                   # Decision 18
            tp["sum_mm"] = None
            tp["nadir_mm"] = None
        elif not base_complete:
            # CHOICE (fixture viable_missing_at_baseline_ne_at_every_followup): a target
            # without its measurement at baseline leaves no baseline sum: NE at every
            # follow-up, sum null.
            t_resp = NE
            tp["sum_mm"] = None
            tp["nadir_mm"] = None
        else:
            prior = [x for x in sums[:k] if x is not None]
            nadir = min(prior)
            # the assessment where the nadir was first reached (Decision 15)
            ref = next(j for j in range(k) if sums[j] == nadir)
            ref_row = vals[ref]
            tp["nadir_mm"] = nadir
            tp["sum_mm"] = sums[k]
            present = [(v, t) for v, t in zip(row, targets) if v is not None]
            complete = len(present) == len(targets)
            increase = decision15_increase(row, ref_row, targets, p)
            if after_cr and any(reappeared(v, t, p) for v, t in present):
                t_resp = PD                # Decisions 4, 16 (even with a missing target)
            elif not complete:
                # RECIST 1.1 §4.4.2: lower bound with the missing targets at 0 mm; PD if it meets
                # the PD test, otherwise NE (PR/SD/CR cannot be claimed)
                t_resp = PD if pd_test(increase, nadir, p) else NE
            elif pd_test(increase, nadir, p):
                t_resp = PD
            elif target_cr(row, targets, p, nodal_nontargets_known_normal(nts, meas)):
                t_resp = CR
            elif 10 * (base_sum - sums[k]) >= 3 * base_sum:
                t_resp = PR                # RECIST 1.1 §4.3.1: at least -30 % against baseline
            elif s["continuing_pr"] and any(x["target"] == PR for x in timepoints):
                # Decision 7 opt-in (off by default; difftest --settings continuing_pr=1): the
                # working group's "continuing PR" after an earlier PR while PD is not met.
                # CHOICE: only after a target PR.  An earlier target CR does not count: with
                # nodes, CR (every node under 10 mm) can come without the 30 % decrease, and
                # continuing PR keeps a PR, it does not make one (RWG FAQ).
                t_resp = PR
            else:
                t_resp = SD

        # ---- non-target response
        nt_resp = nontarget_response(nts, meas, p, after_cr)

        # ---- new lesions
        listed = {}
        classes = []
        calls = []         # (id, class) per listed new lesion, in listing order
        for nl in a.get("new_lesions") or []:
            listed[nl["id"]] = nl
        for lid in list(hist.keys()):
            if lid not in listed:
                hist[lid].prev_sighted = False    # the run is broken by an absence
        for lid, nl in listed.items():
            h = hist.setdefault(lid, NewLesionHistory())
            cls, sighting, *grown = classify_new_lesion(nl, p, h)
            if sighting:
                if not h.prev_sighted:
                    h.run_start = k
            classes.append(cls)
            calls.append((lid, cls))
            if cls == YES:
                # Decision 12: progression dated to the first scan of the current run of
                # consecutive sightings (back-dating of equivocal / atypical lesions)
                backdate = s["backdate_atypical"] if grown else s["backdate_equivocal"]
                prog_candidates.append(dates[h.run_start] if backdate else dates[k])
            h.prev_sighted = sighting
            nodal, size = new_lesion_fields(nl)
            if not nodal and size is not None:
                h.min_diameter = size if h.min_diameter is None else min(h.min_diameter, size)
        if YES in classes:
            nl_resp = YES
        elif EQUIVOCAL in classes:
            nl_resp = EQUIVOCAL
        else:
            nl_resp = NO

        ov = overall_response(t_resp, nt_resp, nl_resp)
        tp.update(target=t_resp, non_target=nt_resp, new_lesions=nl_resp, overall=ov,
                  new_lesion_calls=calls)
        timepoints.append(tp)
        if p.get("irecist"):
            # what iRECIST reads beyond RECIST 1.1: the new lesions as listed (with their
            # calls) and the reader's "increased" on non-targets (Decision 22)
            i_listing.append([(nl["id"], cls, nl) for nl, (_, cls) in zip(listed.values(), calls)])
            i_nt_increased.append(sum(1 for les in nts
                                      if (meas.get(les.id) or {}).get("increased") is True))
        overalls.append(ov)
        if ov == PD:
            prog_candidates.append(dates[k])
        if ov == CR:
            after_cr = True

    # ---- progression date (Decision 12: the earliest of the first PD and back-dates)
    prog = min(prog_candidates) if prog_candidates else None

    # ---- effective sequence for the best response (recist(1) steps 1-2)
    fu_dates = dates[1:]
    eff = []
    seen_cr = False
    for d, r in zip(fu_dates, overalls):
        if prog is not None and d >= prog:
            r = PD                        # Decision 12: follow-ups from it on count as PD
        if s["cr_then_worse_is_pd"] and seen_cr and r in (PR, SD, NONCRNONPD):
            r = PD
        if r == CR:
            seen_cr = True
        eff.append(r)
        if r == PD:
            break                         # assessments after the first PD do not count
    eff_dates = fu_dates[:len(eff)]
    # review flag CR_THEN_PR (RECIST 1.1 Table 3 footnote; recist(1) "Best overall
    # response" step 1): a PR after a CR, dated at that PR, until progression.
    # CHOICE (the paper is silent): only the first PR after a CR is flagged (in `recist bor`,
    # which shares this derivation, the sequence ends at that PR, so there is never a
    # second); it looks at the time-point calls as printed, up to and including the first
    # PD of the effective sequence, so a PR on the follow-up that back-dating turns into PD
    # is still flagged.
    review = []
    cr_seen = False
    for d, r in zip(eff_dates, overalls):
        if r == PR and cr_seen:
            review.append(d.isoformat())
            break
        cr_seen = cr_seen or r == CR
    bor = best_overall(eff, eff_dates, start, has_targets, s, confirmed=False)
    cbor = best_overall(eff, eff_dates, start, has_targets, s, confirmed=True)
    if not fu_dates:
        bor = cbor = (NE, None)
    if p.get("irecist"):
        # iRECIST replaces the overall response, the best response, the date of progression
        # and the review flag; the RECIST 1.1 fields above stay as they are
        bor, cbor, prog, review, iw = irecist_layer(timepoints, fu_dates, i_listing,
                                                    i_nt_increased, sums[1:], start,
                                                    has_targets, p, s)
        warnings |= iw

    return {
        "baseline_sum_mm": base_sum if base_complete else None,
        "timepoints": timepoints,
        "best_overall": {"response": bor[0], "date": bor[1].isoformat() if bor[1] else None},
        "confirmed_best_overall": {"response": cbor[0], "date": cbor[1].isoformat() if cbor[1] else None},
        "progression_date": prog.isoformat() if prog else None,
        "cr_then_pr": review,
        "warnings": sorted(warnings),
    }


# ---------------------------------------------------------------------------------------
# iRECIST (S7 = Seymour et al., Lancet Oncol 2017;18:e143-52; RWG iRECIST FAQ; Decisions 21-24)
# ---------------------------------------------------------------------------------------

def new_lesion_measure(nl):
    """(nodal, measurement in um or None) of a new lesion entry: a node by its short axis, any
    other lesion by its diameter (S7: NLT measured by RECIST 1.1's rules; recist-case(5))."""
    nodal, _ = new_lesion_fields(nl)
    key = "short_axis_mm" if nodal else "diameter_mm"
    return nodal, (um(nl[key]) if key in nl else None)


def irecist_layer(tps, dates, listing, nt_increased, sums, start, has_targets, p, s):
    """The iRECIST progression responses over RECIST 1.1's time points (tps, changed in
    place: overall becomes iRECIST's response, overall_recist keeps the table's answer, and
    new_targets / new_target_sum_mm are added).  Returns (iBOR, confirmed iBOR, date of
    progression, CR_THEN_PR dates, warnings)."""
    warnings = set()

    # ---- new lesion targets (NLT) and their sum (iSOM), S7 "new lesions"
    reader_role = {}      # id -> the reader's "role", set when the lesion is first seen
    role = {}             # id -> "target" / "non-target", decided once at its first YES
    first_yes = {}        # id -> follow-up index of its first YES call
    order = []            # new target ids in the order they were made
    made_at = []          # follow-up index at which each of them was made
    per_organ = {}
    for k, items in enumerate(listing):
        for pos, (lid, cls, nl) in enumerate(items):
            # recist-case(5): "The role is set when the lesion is first seen: a later
            # assessment may repeat it or leave it out".  CHOICE: the first sighting that
            # gives it, up to the first YES call.
            if lid not in reader_role and lid not in role and nl.get("role") in ("target", "non-target"):
                reader_role[lid] = nl["role"]
            if cls != YES or lid in first_yes:
                continue
            first_yes[lid] = k
            nodal, size = new_lesion_measure(nl)
            # all lymph nodes are one organ (RECIST 1.1 §3.3, as for the baseline targets);
            # CHOICE: a lesion without an organ is not counted per organ (as at baseline)
            okey = "<lymph node>" if nodal else organ_key(nl.get("organ"))
            before = len(order)
            before_organ = per_organ.get(okey, 0) if okey is not None else 0
            path = "assessments[%d].new_lesions[%d]" % (k + 1, pos)
            rr = reader_role.get(lid)
            if rr is not None:
                # the reader's record comes first (recist-case(5) "role"); a recorded target
                # past the limits is scored as recorded, with a warning (recist(1) WARNINGS)
                r = rr
                if r == "target":
                    if before >= p["new_target_max"]:
                        warnings.add(("TOO_MANY_NEW_TARGETS", path))
                    if okey is not None and before_organ >= p["new_target_max_per_organ"]:
                        warnings.add(("TOO_MANY_NEW_TARGETS_IN_ORGAN", path))
            elif before >= p["new_target_max"]:
                r = "non-target"              # S7: at most 5 NLT in all
            elif okey is not None and before_organ >= p["new_target_max_per_organ"]:
                r = "non-target"              # S7: at most 2 NLT per organ
            else:
                # S7: NLT are measurable by RECIST 1.1 (§3.1): node short axis >= 15 mm,
                # other lesions >= 10 mm.  CHOICE: a node needs its short axis to be measurable.
                lim = p["new_node_target_min_um"] if nodal else p["new_lesion_target_min_um"]
                r = "target" if size is not None and size >= lim else "non-target"
            role[lid] = r
            if r == "target":
                order.append(lid)
                made_at.append(k)
                if okey is not None:
                    per_organ[okey] = before_organ + 1
        # iSOM here: the sum of every NLT made so far (including those made now); none is
        # 0; one not listed or not measured here leaves no sum (recist(1) OUTPUT)
        here = {lid: nl for lid, _, nl in items}
        total = 0
        for lid in order:
            v = new_lesion_measure(here[lid])[1] if lid in here else None
            if v is None:
                total = None
                break
            total += v
        tps[k]["new_targets"] = len(order)
        tps[k]["new_target_sum_mm"] = total

    # ---- progression responses, S7 Table 2 and the project's Decisions 21-23
    resp = []
    confirmed = False
    pending = None        # the pending iUPD: its index, date, sums and what was PD there
    known_at_reset = None  # new lesion ids first YES at or before the last reset
    isom_seen = []        # (index, iSOM) of earlier follow-ups that had NLT (the +20 % rule)
    run_of = {}           # follow-up index of an iUPD -> index of the first iUPD of its run
    run_end = {}          # first iUPD of a run -> "reset" / "confirmed"
    for k, tp in enumerate(tps):
        t, nt, nl, ov = tp["target"], tp["non_target"], tp["new_lesions"], tp["overall"]
        isom = tp["new_target_sum_mm"]
        items = listing[k]
        yes_ids = [lid for lid, cls, _ in items if cls == YES]
        if pending is not None and k - pending["k"] == 1 \
                and (dates[k] - pending["date"]).days > p["iconfirm_max_days"]:
            # Decision 23: the first assessment after the iUPD, past the 8 weeks of S7
            warnings.add(("ICONFIRM_LATE", "assessments[%d].date" % (k + 1)))
        if confirmed:
            r = ICPD                          # Decision 23: iCPD is final
        elif pending is not None:
            days = (dates[k] - pending["date"]).days
            if ov == NE:
                # S7 Table 2: a time point not evaluable neither confirms nor sets aside
                r = NE
            else:
                conf = False
                if days >= p["iconfirm_min_days"]:
                    inc = p["iconfirm_increase_um"]
                    # S7 Table 2: increases add up from the iUPD time point, not the previous one
                    if pending["t_pd"] and sums[k] is not None and pending["sum"] is not None \
                            and sums[k] - pending["sum"] >= inc:
                        conf = True               # targets: sum +5 mm since the iUPD
                    if pending["nt_pd"] and nt_increased[k] > 0:
                        conf = True               # non-targets: any further increase (Decision 22)
                    if pending["nl_pd"]:
                        if isom is not None and pending["isom"] is not None and isom - pending["isom"] >= inc:
                            conf = True           # new targets: iSOM +5 mm since the iUPD
                        # new non-targets: any increase (Decision 22); an unequivocal progression
                        # ("progression": true) is an increase too (recist-case(5))
                        if any(role.get(lid) == "non-target" and (nl_.get("increased") is True
                                                                  or nl_.get("progression") is True)
                               for lid, cls, nl_ in items if cls == YES):
                            conf = True
                    if any(first_yes[lid] > pending["k"] for lid in yes_ids):
                        # additional new lesions, whatever drove the iUPD (RWG FAQ: "another
                        # new lesion can of course also confirm progression").  CHOICE: only
                        # lesions first YES after the iUPD; one known before it (a reset's
                        # known new lesion seen again) does not confirm, as it makes no new
                        # iUPD after a reset either
                        conf = True
                    if (t == PD and not pending["t_pd"]) or (nt == PD and not pending["nt_pd"]):
                        conf = True               # S7: a category not PD at the iUPD now PD
                if conf:
                    r = ICPD
                    confirmed = True
                    run_end[pending["k"]] = "confirmed"
                    pending = None
                else:
                    # Decision 21 / RWG FAQ: after iUPD the response is driven by the target
                    # lesions; meeting iCR, iPR or iSD sets the iUPD aside (an early assessment
                    # too, Decision 23).  Checked after confirmation (S7: confirmation first).
                    if t in (CR, NA) and nt in (CR, NA) and nl != YES:
                        # S7 Table 2, first row, also with a previous iUPD: all disease gone
                        # is iCR.  CHOICE: without targets too (S7 Table 3 footnote: non-target
                        # disease only has iCR and NON-iCR/NON-iUPD)
                        r = ICR
                    elif t in (CR, PR):
                        r = IPR
                    elif t == SD:
                        r = ISD
                    else:
                        # CHOICE: without targets (or with them PD/NE) nothing sets it aside
                        r = IUPD
                    if r != IUPD:
                        run_end[pending["k"]] = "reset"
                        pending = None
                        known_at_reset = set(lid for lid, j in first_yes.items() if j <= k)
                    else:
                        run_of[k] = pending["k"]
        elif ov == PD:
            # after a reset, RECIST 1.1 PD from new lesions already known at the reset makes no
            # new iUPD unless further new lesions appear or the iSOM grows by 20 % over its
            # smallest value (S7; recist-rules(5) Decision 21)
            only_known = (known_at_reset is not None and t != PD and nt != PD
                          and all(lid in known_at_reset for lid in yes_ids))
            # CHOICE: the smallest sum is taken over the earlier follow-ups that had every
            # NLT of today's sum (from the last one made on): like RECIST 1.1's nadir, a sum of
            # one set of lesions (an NLT made later made an iUPD of its own)
            last_made = max((j for j in made_at if j <= k), default=None)
            seen = [v for j, v in isom_seen if last_made is not None and j >= last_made]
            # RWG FAQ: after a reset, new non-target lesions that meet RECIST 1.1 PD
            # (unequivocal progression, the reader's "progression": true on the new lesion)
            # make a new iUPD too (recist-case(5)).
            if any(role.get(lid) == "non-target" and nl_.get("progression") is True
                   for lid, cls, nl_ in items if cls == YES):
                only_known = False
            if only_known and isom is not None and seen:
                low = min(seen)
                # CHOICE: the growth must be strictly positive (a sum of 0 twice is no
                # growth); from a smallest sum of 0 any growth is +20 % (an NLT gone, written
                # 0, and back: as a target reappearing after CR, Decision 4)
                if isom - low > 0 and 100 * (isom - low) >= p["new_target_sum_pd_pct"] * low:
                    only_known = False
            if only_known:
                # the targets drive the response (Decision 21); the known new lesions are
                # still there, so never iCR; without targets NON-iCR/NON-iUPD, as the
                # project decided, whatever the non-targets (CHOICE: not NE for non-targets
                # not evaluated, though RECIST 1.1 Table 2 would say NE without the new
                # lesions).  CHOICE: targets NE -> NE (neither iPR nor iSD can be claimed).
                if t in (CR, PR):
                    r = IPR
                elif t == SD:
                    r = ISD
                elif t == NA:
                    r = INONCR
                else:
                    r = NE
            else:
                r = IUPD
                pending = {"k": k, "date": dates[k], "sum": sums[k], "isom": isom,
                           "t_pd": t == PD, "nt_pd": nt == PD, "nl_pd": nl == YES}
                run_of[k] = k
        else:
            r = TO_I[ov]
        if tp["new_targets"] > 0 and isom is not None:
            isom_seen.append((k, isom))
        tp["overall_recist"] = ov
        tp["overall"] = r
        resp.append(r)

    # ---- iBOR (S7 Table 3; recist-rules(5) "Best overall response" under a progression list)
    # An iUPD set aside later is NE; one confirmed by iCPD is progression dated at the first
    # iUPD of its run; one still unconfirmed at the end is progression for the best response
    # (iBOR iUPD) with no date of progression.
    eff = []
    for k, r in enumerate(resp):
        if r == IUPD:
            end = run_end.get(run_of[k])
            eff.append(NE if end == "reset" else PD)
        elif r == ICPD:
            eff.append(PD)
        else:
            eff.append(FROM_I[r])
        if eff[-1] == PD:
            break
    eff_dates = dates[:len(eff)]
    prog = None
    pd_name = IUPD
    if eff and eff[-1] == PD:
        k = len(eff) - 1
        if resp[k] == ICPD or run_end.get(run_of.get(k)) == "confirmed":
            pd_name = ICPD
            prog = dates[k]

    def name(b):
        return (pd_name if b[0] == PD else TO_I[b[0]]), b[1]
    bor = name(best_overall(eff, eff_dates, start, has_targets, s, confirmed=False))
    cbor = name(best_overall(eff, eff_dates, start, has_targets, s, confirmed=True))
    if not dates:
        bor = cbor = (NE, None)
    # CR_THEN_PR (RECIST 1.1 Table 3 footnote) over iRECIST's responses, as for RECIST 1.1
    review = []
    cr_seen = False
    for d, r in zip(eff_dates, resp):
        if r == IPR and cr_seen:
            review.append(d.isoformat())
            break
        cr_seen = cr_seen or r == ICR
    return bor, cbor, prog, review, warnings


def baseline_warnings(case, lesions, meas, p):
    """Baseline checks, as (code, path) pairs; path as the engine writes it."""
    w = set()
    targets = [l for l in lesions if l.role == "target"]
    pos = {l.id: i for i, l in enumerate(lesions)}
    # Decision 20: baseline more than 28 days before treatment_start
    if "treatment_start" in case:
        gap = (parse_date(case["treatment_start"]) - parse_date(case["assessments"][0]["date"])).days
        if gap > 28:
            w.add(("BASELINE_TOO_EARLY", "assessments[0].date"))
    # RECIST 1.1 §3.3: at most 5 targets, at most 2 per organ; all nodes are one organ; organs
    # matched by Decision 19; a target without an organ is not counted per organ.
    if len(targets) > p["max_targets"]:
        w.add(("TOO_MANY_TARGETS", "lesions"))
    per_organ = {}
    for t in targets:
        key = "<lymph node>" if t.nodal else t.organ
        if key is None:
            continue
        per_organ[key] = per_organ.get(key, 0) + 1
    if any(n > p["max_targets_per_organ"] for n in per_organ.values()):
        w.add(("TOO_MANY_TARGETS_IN_ORGAN", "lesions"))
    for t in targets:
        m = meas.get(t.id)
        if t.nodal:
            # RECIST 1.1 §3.1: nodal target needs SA >= 15 mm (mRECIST porta hepatis 20 mm)
            v, _ = target_value(m, t, p)
            lim = p["porta_target_min_um"] if t.porta else p["node_target_min_um"]
            if v is not None and v < lim:
                w.add(("NODE_TARGET_TOO_SMALL", "lesions[%d]" % pos[t.id]))
        else:
            # RECIST 1.1 §3.1: non-nodal target LD >= 10 mm; mRECIST judges the whole diameter
            # (recist(1) "Warnings of the shipped rule sets")
            if p["mrecist"]:
                d = whole_diameter(m)
            else:
                d, _ = target_value(m, t, p)
            if d is not None and d < p["lesion_target_min_um"]:
                w.add(("TARGET_TOO_SMALL", "lesions[%d]" % pos[t.id]))
            if p["mrecist"]:
                v, _ = target_value(m, t, p)
                if v == 0:
                    w.add(("TARGET_NOT_ENHANCING", "lesions[%d]" % pos[t.id]))   # mRECIST target lesions: arterial enhancement
    # A nodal non-target under its normal size at baseline is not pathological (RECIST 1.1 §3.1:
    # "< 10 mm: normal, do not record"; Decision 10: 20 mm at the porta hepatis in mRECIST).
    # Code as in fixtures/mrecist/warn_baseline_29_days_early_porta_node_target_19_9mm_*.
    for les in lesions:
        if les.role != "non-target":
            continue
        if not les.nodal:
            continue
        m = meas.get(les.id)
        if m is not None and m.get("status") == "present" and m.get("short_axis_mm") is not None:
            if um(m["short_axis_mm"]) < node_normal_um(p, les.porta):
                w.add(("NON_TARGET_NODE_NORMAL", "lesions[%d]" % pos[les.id]))
    return w


# ---------------------------------------------------------------------------------------
# The case
# ---------------------------------------------------------------------------------------

def evaluate_case(case, criteria=ALL_CRITERIA, settings=None):
    s = dict(DEFAULT_SETTINGS)
    if settings:
        s.update(settings)
    case = dict(case)
    case["_lesions"] = [Lesion(d) for d in case["lesions"]]
    out = {"case_id": case["case_id"], "criteria": {}, "flags": []}
    for cid in criteria:
        out["criteria"][cid] = evaluate_criteria(case, cid, s)
    # Decision 6: NEW_LESION_WITH_LOCAL_RESPONSE, needs both rule sets
    if "recist1.1" in out["criteria"] and "mrecist" in out["criteria"]:
        r_tps = out["criteria"]["recist1.1"]["timepoints"]
        m_tps = out["criteria"]["mrecist"]["timepoints"]
        for r, m in zip(r_tps, m_tps):
            if (r["overall"] == PD and r["new_lesions"] == YES and r["target"] != PD
                    and r["non_target"] != PD and m["target"] in (CR, PR, SD)):
                out["flags"].append({"code": "NEW_LESION_WITH_LOCAL_RESPONSE", "date": r["date"]})
    return out


def evaluate_text(text, criteria=ALL_CRITERIA, settings=None):
    case = json.loads(text, parse_float=Decimal)
    return evaluate_case(case, criteria, settings)


def to_jsonable(res):
    """Sums as millimetre numbers for printing."""
    def mm(v):
        return None if v is None else float(Decimal(v) / 1000)
    out = json.loads(json.dumps(res, default=str))
    for c in out["criteria"].values():
        c["baseline_sum_mm"] = mm(c["baseline_sum_mm"])
        for tp in c["timepoints"]:
            tp["sum_mm"] = mm(tp["sum_mm"])
            tp["nadir_mm"] = mm(tp["nadir_mm"])
            if "new_target_sum_mm" in tp:
                tp["new_target_sum_mm"] = mm(tp["new_target_sum_mm"])
    return out


def main(argv):
    args = argv[1:]
    criteria = ALL_CRITERIA
    if len(args) >= 2 and args[0] == "--criteria":
        criteria = tuple(c for c in args[1].split(",") if c)
        unknown = [c for c in criteria if c not in CRITERIA_PARAMS]
        if unknown:
            sys.stderr.write("reference.py: unknown criteria %s\n" % ",".join(unknown))
            return 2
        args = args[2:]
    for f in args or ["-"]:
        fh = sys.stdin if f == "-" else open(f, encoding="utf-8")
        for line in fh:
            if line.strip():
                print(json.dumps(to_jsonable(evaluate_text(line, criteria))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
