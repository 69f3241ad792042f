/* CRLs given with --crl: revocation joined by issuer name + serial. */
#ifndef CERTSWEEP_CRL_H
#define CERTSWEEP_CRL_H

#include "certsweep/error.h"

#include <stddef.h>
#include <stdint.h>

struct sweep_crlset;

struct sweep_crl_entry {
	int64_t revoked_at;
	int reason; /* -1: the entry had no reasonCode */
};

/* Load DER or PEM CRLs (a PEM file may hold several). Signatures are not
 * verified: certsweep reports what the CRLs say, it is not a validator. */
int sweep_crlset_load(struct sweep_crlset **out, const char *const *paths, size_t n, struct sweep_error *err);
void sweep_crlset_free(struct sweep_crlset *set);
/* The entry for (issuer Name, issuer key id, serial): from the CRL whose AKI
 * keyIdentifier is kid (a re-keyed CA publishes one CRL per key under one
 * name), else from a CRL of that name without an AKI. */
const struct sweep_crl_entry *sweep_crlset_find(const struct sweep_crlset *set, const uint8_t *issuer,
						size_t issuer_len, const uint8_t *kid, size_t kid_len,
						const uint8_t *serial, size_t serial_len);
size_t sweep_crlset_size(const struct sweep_crlset *set);

#endif
