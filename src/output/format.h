/*
 * format.h - helpers shared by the output formatters (format_*.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RECIST_FORMAT_H
#define RECIST_FORMAT_H

#include "score/result.h"

/* Append a warning's place as its key path, a JSON string, or null (fields.c). */
RECIST_INTERNAL int json_place(recist_buffer *b, const struct place *at);
/* The same as bare text, nothing for a warning about the case as a whole (fields.c). */
RECIST_INTERNAL int text_place(recist_buffer *b, const struct place *at);

/* The result formatters, one per recist_format (format_*.c). */
RECIST_INTERNAL int format_text(recist_buffer *b, const struct recist_result *res);
RECIST_INTERNAL int format_json(recist_buffer *b, const struct recist_result *res);
RECIST_INTERNAL int format_csv(recist_buffer *b, const struct recist_result *res);

/* ,"best_overall":...,"time_to_progression":... of one rule set (format_json.c). */
RECIST_INTERNAL int json_best_response(recist_buffer *b, const struct crit_result *cr);

/*
 * Provenance (provenance.c): the settings of rule set cr that the run
 * overrode, "name<eq>value" joined by sep, into out[cap] ("" when none;
 * RECIST_ENOMEM when they do not fit); ,"provenance":{...} naming the
 * rule sets crit[0..n); one rule set as text: "recist1.1 version 1,
 * sha256 <16 hex digits>[; this run: sd_min_days 57]", no line break.
 */
RECIST_INTERNAL int provenance_overrides(const struct crit_result *cr, const char *sep, const char *eq, char *out,
                                         size_t cap);
RECIST_INTERNAL int json_provenance(recist_buffer *b, const struct crit_result *crit, size_t n);
RECIST_INTERNAL int text_rule_set(recist_buffer *b, const struct crit_result *cr);

/* A CSV field, quoted when needed, then ',' or (last) a line break (fields.c). */
RECIST_INTERNAL int csv_field(recist_buffer *b, const char *s, int last);

#endif
