/* The hash of a certificate's pairing key (issuer Name DER, serial octets),
 * shared by the audit's serial map and the CRL index. */
#ifndef CERTSWEEP_KEYHASH_H
#define CERTSWEEP_KEYHASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t sweep_key_hash(const uint8_t *issuer, size_t ilen, const uint8_t *serial, size_t slen)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, with a separator between the parts */

	for (size_t i = 0; i < ilen; i++)
		h = (h ^ issuer[i]) * 0x100000001b3ull;
	h = (h ^ 0xff) * 0x100000001b3ull;
	for (size_t i = 0; i < slen; i++)
		h = (h ^ serial[i]) * 0x100000001b3ull;
	return h;
}

/* The serial map's key adds the issuer's key identity (its AKI
 * keyIdentifier): a re-keyed CA keeps its name, and is another issuer. */
static inline uint64_t sweep_key_hash_kid(const uint8_t *issuer, size_t ilen, const uint8_t *kid, size_t klen,
					  const uint8_t *serial, size_t slen)
{
	uint64_t h = sweep_key_hash(issuer, ilen, serial, slen);

	for (size_t i = 0; i < klen; i++)
		h = (h ^ kid[i]) * 0x100000001b3ull;
	return h;
}

#endif
