/*
 * format_findings.c - the findings of `recist validate` (interface §4): a
 * JSON object per line, CSV rows, or two lines of text each.
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/format.h"

#define FINDINGS_CSV_HEADER "case_id,criteria,date,field,reported,computed,severity,reason\n"

static const char *severity_name(recist_severity s)
{
	return s == RECIST_SEV_ERROR ? "error" : "warning";
}

int recist_findings_csv_header(recist_buffer *buf)
{
	return buf_puts(buf, FINDINGS_CSV_HEADER);
}

int recist_finding_write(recist_buffer *b, const recist_finding *f, recist_format fmt)
{
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
		rc |= csv_field(b, f->reason, 1);
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

int recist_findings_write(recist_buffer *buf, const recist_result *res, recist_format fmt)
{
	for (size_t i = 0; i < res->n_findings; i++)
		if (recist_finding_write(buf, &res->findings[i], fmt) < 0)
			return RECIST_ENOMEM;
	return 0;
}
