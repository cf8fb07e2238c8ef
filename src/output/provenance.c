/*
 * provenance.c - which rules made an output: the program's version and,
 * for each rule set, its id, its file's version and SHA-256, and the
 * settings the run gave it that differ from its file (--confirm-days,
 * --sd-min-days, --max-ne, --[no-]accept-sd).  A copy of a rule file that
 * kept the id but changed a param, or a run with an override, must never
 * pass for the shipped rules: re-scoring an archive after a rule change
 * depends on telling them apart (recist(1), OUTPUT, Provenance).  Every
 * format writes them from here.
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "output/format.h"
#include "rules/ruleset.h"

/* The settings a run may override, by the names of their params (recist-rules(5)). */
enum { SET_CONFIRM_DAYS, SET_SD_MIN_DAYS, SET_MAX_NE_BETWEEN, SET_ACCEPT_SD, SET__N };
static const char *const setting_name[SET__N] = {
	[SET_CONFIRM_DAYS] = "confirm_days", [SET_SD_MIN_DAYS] = "sd_min_days",
	[SET_MAX_NE_BETWEEN] = "max_ne_between", [SET_ACCEPT_SD] = "accept_sd",
};

static int64_t setting(const struct bor_params *p, int k)
{
	switch (k) {
	case SET_CONFIRM_DAYS:   return p->confirm_days;
	case SET_SD_MIN_DAYS:    return p->sd_min_days;
	case SET_MAX_NE_BETWEEN: return p->max_ne_between;
	default:                 return p->accept_sd;
	}
}

/* Setting k of cr as its param is written: a number, or true/false. */
static const char *setting_text(const struct crit_result *cr, int k, char buf[24])
{
	if (k == SET_ACCEPT_SD)
		return cr->bor_params.accept_sd ? "true" : "false";
	snprintf(buf, 24, "%" PRId64, setting(&cr->bor_params, k));
	return buf;
}

/* Is setting k of cr other than its rule file's? */
static bool overridden(const struct crit_result *cr, int k)
{
	return setting(&cr->bor_params, k) != setting(&cr->rs->bor, k);
}

int provenance_overrides(const struct crit_result *cr, const char *sep, const char *eq, char *out, size_t cap)
{
	char num[24];
	size_t n = 0;

	out[0] = '\0';
	for (int k = 0; k < SET__N; k++) {
		int w;
		if (!overridden(cr, k))
			continue;
		w = snprintf(out + n, cap - n, "%s%s%s%s", n ? sep : "", setting_name[k], eq, setting_text(cr, k, num));
		if (w < 0 || (size_t)w >= cap - n)
			return RECIST_ENOMEM;
		n += (size_t)w;
	}
	return 0;
}

/* {"id":...,"version":...,"sha256":...,"overrides":{...}} of one rule set. */
static int json_rule_set(recist_buffer *b, const struct crit_result *cr)
{
	const struct recist_ruleset *rs = cr->rs;
	char num[24];
	bool first = true;
	int rc = 0;

	rc |= buf_puts(b, "{\"id\":") | json_string(b, rs->id);
	rc |= buf_puts(b, ",\"version\":") | json_string(b, rs->version);
	rc |= buf_puts(b, ",\"sha256\":\"") | buf_puts(b, rs->sha256) | buf_puts(b, "\",\"overrides\":{");
	for (int k = 0; k < SET__N; k++) {
		if (!overridden(cr, k))
			continue;
		rc |= buf_puts(b, first ? "\"" : ",\"") | buf_puts(b, setting_name[k]) | buf_puts(b, "\":");
		rc |= buf_puts(b, setting_text(cr, k, num));
		first = false;
	}
	return rc | buf_puts(b, "}}");
}

int json_provenance(recist_buffer *b, const struct crit_result *crit, size_t n)
{
	int rc = buf_puts(b, ",\"provenance\":{\"recist\":\"" RECIST_VERSION "\",\"rule_sets\":[");

	for (size_t i = 0; i < n; i++)
		rc |= (i ? buf_puts(b, ",") : 0) | json_rule_set(b, &crit[i]);
	return rc | buf_puts(b, "]}") ? RECIST_ENOMEM : 0;
}

int text_rule_set(recist_buffer *b, const struct crit_result *cr)
{
	char over[160];

	if (provenance_overrides(cr, ", ", " ", over, sizeof over) < 0)
		return RECIST_ENOMEM;
	return buf_printf(b, "%s version %s, sha256 %.16s%s%s", cr->rs->id, cr->rs->version ? cr->rs->version : "(none)",
	                  cr->rs->sha256, over[0] ? "; this run: " : "", over) ? RECIST_ENOMEM : 0;
}
