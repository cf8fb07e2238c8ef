/*
 * digest.h - SHA-256 of a text, in hex (digest.c, over GNU Nettle, the only
 * file that sees it).
 *
 * SPDX-License-Identifier: MIT
 *
 * A rule set names the text it was compiled from by this digest, so that
 * an output says which rules made it (provenance) and anyone can check it
 * with sha256sum(1) against a rule file.
 */
#ifndef RECIST_DIGEST_H
#define RECIST_DIGEST_H

#include <stddef.h>

#include "base/recist_int.h"

enum { DIGEST_HEX_SIZE = 65 };  /* 64 hex digits and a NUL */

/* The SHA-256 of p[0..n) as lower-case hex into out. */
RECIST_INTERNAL void digest_sha256_hex(const void *p, size_t n, char out[DIGEST_HEX_SIZE]);

#endif
