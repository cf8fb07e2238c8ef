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

/* The width of the text reports: a paragraph wraps before it (fields.c). */
enum { TEXT_WIDTH = 100 };

/* The columns s[0..n) takes on a terminal: one per UTF-8 character. */
RECIST_INTERNAL size_t text_width(const char *s, size_t n);

/* s[0..n) with each control byte as '?': text from a case must not drive the terminal.  0 or -1. */
RECIST_INTERNAL int text_printable(recist_buffer *b, const char *s, size_t n);

/*
 * text as a paragraph: first, then the words of text, lines broken between
 * words before TEXT_WIDTH columns (a longer word stands alone), each later
 * line after rest; then a line break.  Control bytes of text (from a case)
 * become '?'.  0 or RECIST_ENOMEM.
 */
RECIST_INTERNAL int text_paragraph(recist_buffer *b, const char *first, const char *rest, const char *text);

/* A cell of a text table: s padded to width columns, with at least two blanks after it. */
RECIST_INTERNAL int text_cell(recist_buffer *b, const char *s, int width);

/* End a line of cells: no trailing blanks. */
RECIST_INTERNAL int text_end_line(recist_buffer *b);

/*
 * The lesion tables of the text report (text_lesions.c).  A lesion_memory
 * follows the follow-ups in order: each lesion's baseline value and its
 * smallest so far, under each rule set.  text_lesions() prints the table
 * of assessment ai (0: the baseline, what each rule set counted; then also
 * the changes) and remembers its values: call it for ai = 0, 1, ... in
 * order.  NULL / RECIST_ENOMEM when out of memory.
 */
struct lesion_memory;
RECIST_INTERNAL struct lesion_memory *lesion_memory_new(const struct recist_result *res);
RECIST_INTERNAL void lesion_memory_free(struct lesion_memory *m);
RECIST_INTERNAL int text_lesions(recist_buffer *b, const struct recist_result *res, struct lesion_memory *m,
                                 size_t ai);
/* What the short words of the lesion tables mean, those the report uses ("" when it has no table). */
RECIST_INTERNAL int text_lesion_legend(recist_buffer *b, const struct recist_result *res);

/* A CSV field, quoted when needed, then ',' or (last) a line break (fields.c). */
RECIST_INTERNAL int csv_field(recist_buffer *b, const char *s, int last);

#endif
