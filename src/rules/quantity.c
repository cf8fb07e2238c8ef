/*
 * quantity.c - the name tables of the quantities in quantity.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/recist_int.h"
#include "rules/quantity.h"

#define Q_ROW(name, type, fmt, doc) { #name, V_##type, FMT_##fmt, doc },

static const struct quantity_info qt[] = { QT_LIST(Q_ROW) };
static const struct quantity_info qtp[] = { QT_LIST(Q_ROW) QP_LIST(Q_ROW) };
static const struct quantity_info qn[] = { QN_LIST(Q_ROW) };
static const struct quantity_info qb[] = { QB_LIST(Q_ROW) };
static const struct quantity_info ql[] = { QL_LIST(Q_ROW) };

static const struct {
	const char                 *name;
	const struct quantity_info *table;
	size_t                      n;
} scopes[SCOPE__COUNT] = {
	[SCOPE_TIMEPOINT]       = { "target, non_target", qt, ARRAY_SIZE(qt) },
	[SCOPE_NEW_LESION]      = { "new_lesion, new_lesion_role, new_lesion_role_checks", qn, ARRAY_SIZE(qn) },
	[SCOPE_BASELINE]        = { "baseline",           qb, ARRAY_SIZE(qb) },
	[SCOPE_BASELINE_LESION] = { "baseline_lesion, baseline_non_target", ql, ARRAY_SIZE(ql) },
	[SCOPE_FLAG]            = { "flags",              NULL, 0 },
	[SCOPE_PROGRESSION]     = { "progression",        qtp, ARRAY_SIZE(qtp) },
};

const struct quantity_info *quantity_table(enum scope s, size_t *n)
{
	*n = scopes[s].n;
	return scopes[s].table;
}

const char *scope_name(enum scope s)
{
	return scopes[s].name;
}
