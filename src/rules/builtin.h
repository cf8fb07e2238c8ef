/*
 * builtin.h - the rule files compiled into the library.
 *
 * SPDX-License-Identifier: MIT
 *
 * build/gen/builtin_rules.c is generated from the rule sets in rules/ and
 * build/gen/builtin_flags.c from rules/flags.yaml, by tools/embed.c, so the
 * shipped rules are the files in rules/, byte for byte.
 */
#ifndef RECIST_BUILTIN_H
#define RECIST_BUILTIN_H

#include "base/recist_int.h"

struct builtin_rules {
	const char *id;    /* the file name without .yaml */
	const char *text;
	size_t      len;
};

extern RECIST_INTERNAL const struct builtin_rules builtin_rules[];
extern RECIST_INTERNAL const size_t builtin_rules_count;
/*
 * The first builtin_rules_default_count are applied when no criteria are
 * named (recist_builtin_count); the others (iRECIST) only when named.
 */
extern RECIST_INTERNAL const size_t builtin_rules_default_count;
extern RECIST_INTERNAL const struct builtin_rules builtin_flags[];
extern RECIST_INTERNAL const size_t builtin_flags_count;

#endif
