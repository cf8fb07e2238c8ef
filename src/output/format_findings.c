/*
 * format_findings.c - the findings of `recist validate` (recist(1), Output
 * of validate): a JSON object per line, CSV rows, or two lines of text each.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "output/format.h"
#include "rules/ruleset.h"

#define FINDINGS_CSV_HEADER \
	"case_id,criteria,date,field,reported,computed,severity,reason,recist_version,rules_version,rules_sha256," \
	"overrides\n"

static const char *severity_name(recist_severity s)
{
	return s == RECIST_SEV_ERROR ? "error" : "warning";
}

int recist_findings_csv_header(recist_buffer *buf)
{
	return buf_puts(buf, FINDINGS_CSV_HEADER);
}

/*
 * A finding, with the provenance of the rule sets crit[0..n) it was found
 * by (n 0: not known, as for a case that could not be read): in JSON a
 * "provenance" object, in CSV four columns, in text nothing (a case's
 * findings end with its rules, recist_findings_write).
 */
static int finding_write(recist_buffer *b, const recist_finding *f, recist_format fmt, const struct crit_result *crit,
                         size_t n)
{
	char over[160] = "";
	int rc = 0;

	switch (fmt) {
	case RECIST_FORMAT_JSON:
		rc |= buf_puts(b, "{\"case_id\":");
		rc |= json_string(b, f->case_id);
		rc |= buf_puts(b, ",\"criteria\":");
		rc |= json_string(b, f->criteria);
		rc |= buf_puts(b, ",\"date\":");
		rc |= json_string(b, f->date);
		rc |= buf_puts(b, ",\"field\":");
		rc |= json_string(b, f->field);
		rc |= buf_puts(b, ",\"reported\":");
		rc |= json_string(b, f->reported);
		rc |= buf_puts(b, ",\"computed\":");
		rc |= json_string(b, f->computed);
		rc |= buf_puts(b, ",\"severity\":");
		rc |= json_string(b, severity_name(f->severity));
		rc |= buf_puts(b, ",\"reason\":");
		rc |= json_string(b, f->reason);
		if (n > 0)
			rc |= json_provenance(b, crit, n);
		rc |= buf_puts(b, "}\n");
		break;
	case RECIST_FORMAT_CSV:
		rc |= csv_field(b, f->case_id ? f->case_id : "", 0);
		rc |= csv_field(b, f->criteria ? f->criteria : "", 0);
		rc |= csv_field(b, f->date ? f->date : "", 0);
		rc |= csv_field(b, f->field, 0);
		rc |= csv_field(b, f->reported ? f->reported : "", 0);
		rc |= csv_field(b, f->computed ? f->computed : "", 0);
		rc |= csv_field(b, severity_name(f->severity), 0);
		rc |= csv_field(b, f->reason, 0);
		/* One rule set's provenance: the finding's, or the only one. */
		if (n == 1 && provenance_overrides(crit, ";", "=", over, sizeof over) < 0)
			return RECIST_ENOMEM;
		rc |= csv_field(b, n > 0 ? RECIST_VERSION : "", 0);
		rc |= csv_field(b, n == 1 && crit->rs->version ? crit->rs->version : "", 0);
		rc |= csv_field(b, n == 1 ? crit->rs->sha256 : "", 0);
		rc |= csv_field(b, over, 1);
		break;
	case RECIST_FORMAT_TEXT:
		rc |= buf_printf(b, "%s %s%s%s %s %s", f->case_id ? f->case_id : "?", f->date ? f->date : "-",
		                 f->criteria ? " " : "", f->criteria ? f->criteria : "", severity_name(f->severity), f->field);
		if (f->reported || f->computed)
			rc |= buf_printf(b, ": reported %s, computed %s", f->reported ? f->reported : "-",
			                 f->computed ? f->computed : "-");
		rc |= buf_printf(b, "\n    %s\n", f->reason);
		break;
	}
	return rc ? RECIST_ENOMEM : 0;
}

int recist_finding_write(recist_buffer *b, const recist_finding *f, recist_format fmt)
{
	return finding_write(b, f, fmt, NULL, 0);
}

int recist_findings_write(recist_buffer *buf, const recist_result *res, recist_format fmt)
{
	int rc = 0;

	for (size_t i = 0; i < res->n_findings; i++) {
		const recist_finding *f = &res->findings[i];
		const struct crit_result *cr = NULL;
		for (size_t k = 0; f->criteria != NULL && k < res->n_crit; k++)
			if (strcmp(res->crit[k].rs->id, f->criteria) == 0)
				cr = &res->crit[k];
		if (cr != NULL ? finding_write(buf, f, fmt, cr, 1) < 0 : finding_write(buf, f, fmt, res->crit, res->n_crit) < 0)
			return RECIST_ENOMEM;
	}
	if (fmt == RECIST_FORMAT_TEXT && res->n_findings > 0 && res->n_crit > 0) {
		rc |= buf_puts(buf, "  rules (recist " RECIST_VERSION "): ");
		for (size_t k = 0; k < res->n_crit; k++)
			rc |= (k ? buf_puts(buf, "; ") : 0) | text_rule_set(buf, &res->crit[k]);
		rc |= buf_puts(buf, "\n");
	}
	return rc ? RECIST_ENOMEM : 0;
}
