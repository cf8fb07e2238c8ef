/*
 * quantity.h - the names a rule file's conditions and messages may use.
 *
 * SPDX-License-Identifier: MIT
 *
 * The C code computes these quantities; the rule files decide what they
 * mean (recist-rules(5), Decision 9: no threshold lives in C).  Each scope
 * is the set of names visible in one section of a rule file.  Adding a quantity:
 * a row here, its computation in src/score/engine.c, a line in recist-rules(5).
 *
 * X(name, type, format, description)
 *   type:   NUM (exact number), BOOL, STR
 *   format: how {name} prints in a message: MM (mm, decimals), PCT, COUNT
 */
#ifndef RECIST_QUANTITY_H
#define RECIST_QUANTITY_H

#include "base/recist_int.h"

/* Sections "target", "non_target" and "progression": one follow-up assessment. */
#define QT_LIST(X) \
	X(target_count,             NUM,  COUNT, "target lesions in the registry") \
	X(targets_missing,          NUM,  COUNT, "targets with no usable measurement at this assessment") \
	X(baseline_targets_missing, NUM,  COUNT, "targets with no usable measurement at baseline") \
	X(sum_mm,                   NUM,  MM,    "sum of target measurements; no value if any is missing, or without targets") \
	X(sum_lower_mm,             NUM,  MM,    "sum with missing targets counted as 0 mm (a lower bound)") \
	X(baseline_sum_mm,          NUM,  MM,    "sum at baseline; no value if any target is missing there") \
	X(nadir_mm,                 NUM,  MM,    "smallest sum at baseline and earlier follow-ups") \
	X(change_from_baseline_mm,  NUM,  MM,    "sum_mm - baseline_sum_mm") \
	X(change_from_baseline_pct, NUM,  PCT,   "100 * (sum_mm - baseline_sum_mm) / baseline_sum_mm") \
	X(change_from_nadir_mm,     NUM,  MM,    "sum_mm - nadir_mm") \
	X(change_from_nadir_pct,    NUM,  PCT,   "100 * (sum_mm - nadir_mm) / nadir_mm") \
	X(increase_from_nadir_mm,   NUM,  MM,    "the growth tested for PD: each target's change since the nadir was first reached, a node now under its normal size adding no growth; missing targets count as 0 mm") \
	X(nonnodal_targets_present, NUM,  COUNT, "non-nodal targets measured above 0 mm") \
	X(nodal_targets_abnormal,   NUM,  COUNT, "nodal targets measured at or above their normal size") \
	X(max_nodal_target_mm,      NUM,  MM,    "largest nodal target measurement (0 without nodal targets)") \
	X(max_nodal_target_id,      STR,  COUNT, "the id of that nodal target (\"none\" without nodal targets)") \
	X(nontarget_count,          NUM,  COUNT, "non-target lesions in the registry") \
	X(nontargets_not_evaluated, NUM,  COUNT, "non-targets not evaluated or not recorded at this assessment") \
	X(nontargets_progression,   NUM,  COUNT, "non-targets with status progression") \
	X(nontargets_nonnodal_present, NUM, COUNT, "non-nodal non-targets present or progressing") \
	X(max_nontarget_node_mm,    NUM,  MM,    "largest nodal non-target short axis; absent = 0; no value if one is present unmeasured") \
	X(max_nontarget_node_id,    STR,  COUNT, "the id of that nodal non-target (\"none\" when no node is present)") \
	X(nontarget_nodes_abnormal, NUM,  COUNT, "nodal non-targets present at or above their normal size, or present without a short axis") \
	X(nontargets_enhancing,     NUM,  COUNT, "non-nodal non-targets present with enhancing: true (mRECIST)") \
	X(nontargets_enhancement_unknown, NUM, COUNT, "non-nodal non-targets present with no enhancing key") \
	X(had_overall_cr,           BOOL, COUNT, "an earlier follow-up had overall response CR") \
	X(had_target_pr,            BOOL, COUNT, "an earlier follow-up had target response PR") \
	X(days_from_baseline,       NUM,  COUNT, "days from the baseline assessment") \
	X(days_from_treatment_start, NUM, COUNT, "days from treatment_start (the baseline date when missing)")

/*
 * Section "progression" (iRECIST): the quantities of QT_LIST and these,
 * computed after the overall table.  Their values follow QT_LIST's in
 * the array (QP_* continue the QT_* numbers).
 */
#define QP_LIST(X) \
	X(overall_recist,           STR,  COUNT, "the overall table's response at this follow-up") \
	X(target_recist,            STR,  COUNT, "the target response at this follow-up") \
	X(non_target_recist,        STR,  COUNT, "the non-target response at this follow-up") \
	X(new_lesions_recist,       STR,  COUNT, "the new-lesion response at this follow-up") \
	X(iupd_pending,             BOOL, COUNT, "an earlier follow-up gave iUPD, not set aside nor confirmed since") \
	X(progression_confirmed,    BOOL, COUNT, "an earlier follow-up gave iCPD") \
	X(target_pd_at_iupd,        BOOL, COUNT, "the target response was PD at the pending iUPD (false without one)") \
	X(non_target_pd_at_iupd,    BOOL, COUNT, "the non-target response was PD at the pending iUPD") \
	X(new_lesions_pd_at_iupd,   BOOL, COUNT, "the new-lesion response was YES at the pending iUPD") \
	X(days_since_iupd,          NUM,  COUNT, "days from the pending iUPD; no value without one") \
	X(assessments_since_iupd,   NUM,  COUNT, "follow-ups from the pending iUPD to this one (1: the next); no value without one") \
	X(sum_change_since_iupd_mm, NUM,  MM,    "sum_mm minus the sum at the pending iUPD; no value without one or a sum") \
	X(new_target_sum_mm,        NUM,  MM,    "the sum of the new targets here (iSOM; 0 without new targets); no value if one is not measured") \
	X(new_target_sum_change_since_iupd_mm, NUM, MM, "new_target_sum_mm minus iSOM at the pending iUPD; no value without one") \
	X(new_target_sum_nadir_mm,  NUM,  MM,    "smallest iSOM of the same new targets at earlier follow-ups; no value before") \
	X(new_lesions_since_iupd,   NUM,  COUNT, "new lesions YES here that were first YES after the pending iUPD (0 without one)") \
	X(new_lesions_since_reset,  NUM,  COUNT, "new lesions YES here that were first YES after the last reset (all, before any)") \
	X(nontargets_increased,     NUM,  COUNT, "non-targets the reader marked increased here (grown since the previous assessment)") \
	X(new_non_targets_increased, NUM, COUNT, "new lesions YES here, not new targets, that the reader marked increased here") \
	X(new_non_targets_progression, NUM, COUNT, "new lesions YES here, not new targets, that the reader marked progression (unequivocal) here")

/* Sections "new_lesion", "new_lesion_role" and "new_lesion_role_checks": one new lesion at one follow-up. */
#define QN_LIST(X) \
	X(id,                   STR,  COUNT, "the new lesion's id") \
	X(organ,                STR,  COUNT, "its organ (\"\" when not given)") \
	X(nodal,                BOOL, COUNT, "it is a lymph node") \
	X(size_mm,              NUM,  MM,    "its diameter (short axis for nodes); no value if not measured") \
	X(equivocal,            BOOL, COUNT, "the reader marked it equivocal") \
	X(arterial_enhancement, BOOL, COUNT, "arterial-phase hyperenhancement; no value if not given") \
	X(washout,              BOOL, COUNT, "washout; no value if not given") \
	X(seen_before,          BOOL, COUNT, "the same id was recorded at an earlier follow-up") \
	X(seen_at_previous,     BOOL, COUNT, "recorded at the follow-up before and not called NO there: its run of sightings goes on") \
	X(was_equivocal,        BOOL, COUNT, "the same id was called EQUIVOCAL earlier in its current run of sightings") \
	X(first_size_mm,        NUM,  MM,    "its size when first recorded") \
	X(growth_mm,            NUM,  MM,    "size_mm - first_size_mm") \
	X(smallest_size_mm,     NUM,  MM,    "its smallest size at earlier follow-ups; no value if none") \
	X(growth_from_smallest_mm, NUM, MM,  "size_mm - smallest_size_mm") \
	X(location,             STR,  COUNT, "where it lies, lower case (\"\" when not given)") \
	X(porta_hepatis,        BOOL, COUNT, "its location is the porta hepatis") \
	X(normal_below_mm,      NUM,  MM,    "for a node, the short axis under which it is normal") \
	X(role,                 STR,  COUNT, "what the reader recorded it as: \"target\", \"non-target\" or \"\"") \
	X(new_targets_before,   NUM,  COUNT, "new lesions made new targets (new_lesion_role) before this one") \
	X(new_targets_before_in_organ, NUM, COUNT, "... of them in its organ (all nodes are one organ)") \
	X(new_target,           BOOL, COUNT, "new_lesion_role made it a new target; no value before it has decided")

/* Section "baseline": the case at baseline. */
#define QB_LIST(X) \
	X(target_count,         NUM,  COUNT, "target lesions in the registry") \
	X(nontarget_count,      NUM,  COUNT, "non-target lesions in the registry") \
	X(nodal_target_count,   NUM,  COUNT, "nodal target lesions") \
	X(max_targets_in_organ, NUM,  COUNT, "most targets in one organ (all nodes are one organ)") \
	X(organ_with_most_targets, STR, COUNT, "that organ (\"lymph nodes\" for the nodes)") \
	X(baseline_sum_mm,      NUM,  MM,    "sum of target measurements at baseline") \
	X(days_before_treatment_start, NUM, COUNT, "days from the baseline assessment to treatment_start; no value without treatment_start")

/* Sections "baseline_lesion" and "baseline_non_target": one target, or one non-target, at baseline. */
#define QL_LIST(X) \
	X(id,                   STR,  COUNT, "the lesion's id") \
	X(organ,                STR,  COUNT, "its organ") \
	X(nodal,                BOOL, COUNT, "it is a lymph node") \
	X(size_mm,              NUM,  MM,    "its baseline measurement under this rule set (a non-target: a node's short axis); no value if missing") \
	X(diameter_mm,          NUM,  MM,    "its whole longest diameter at baseline; no value if not given") \
	X(location,             STR,  COUNT, "where it lies, lower case (\"\" when not given)") \
	X(porta_hepatis,        BOOL, COUNT, "its location is the porta hepatis") \
	X(normal_below_mm,      NUM,  MM,    "for a node, the short axis under which it is normal")

#define Q_ENUM_QT(name, type, fmt, doc) QT_##name,
#define Q_ENUM_QN(name, type, fmt, doc) QN_##name,
#define Q_ENUM_QB(name, type, fmt, doc) QB_##name,
#define Q_ENUM_QL(name, type, fmt, doc) QL_##name,
#define Q_ENUM_QP(name, type, fmt, doc) QT_##name,
enum { QT_LIST(Q_ENUM_QT) QT__COUNT };
enum { QP__BEFORE = QT__COUNT - 1, QP_LIST(Q_ENUM_QP) QP__END };  /* QP__END: both lists' count */
enum { QN_LIST(Q_ENUM_QN) QN__COUNT };
enum { QB_LIST(Q_ENUM_QB) QB__COUNT };
enum { QL_LIST(Q_ENUM_QL) QL__COUNT };

/* SCOPE_FLAG has no table: its names come from the flag file's criteria. */
enum scope { SCOPE_TIMEPOINT, SCOPE_NEW_LESION, SCOPE_BASELINE, SCOPE_BASELINE_LESION, SCOPE_FLAG, SCOPE_PROGRESSION,
             SCOPE__COUNT };

enum vtype { V_NULL = 0, V_NUM, V_BOOL, V_STR };
enum vfmt { FMT_EXACT = 0, FMT_COUNT, FMT_PCT, FMT_MM }; /* ordered: a mix prints as the largest */

struct quantity_info {
	const char *name;
	enum vtype  type;
	enum vfmt   fmt;
	const char *doc;
};

/* The quantities of a scope, and their count. */
RECIST_INTERNAL const struct quantity_info *quantity_table(enum scope s, size_t *n);
RECIST_INTERNAL const char *scope_name(enum scope s);

#endif
