/*
 * digest.c - SHA-256 over GNU Nettle (digest.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <nettle/sha2.h>

#include "base/digest.h"

void digest_sha256_hex(const void *p, size_t n, char out[DIGEST_HEX_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0xF];
	}
	out[2 * sizeof d] = '\0';
}
