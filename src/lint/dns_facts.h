/* One pass over a dNSName for every DNS lint (dns_facts.c). Private to
 * src/lint/. */
#ifndef CERTSWEEP_LINT_DNS_FACTS_H
#define CERTSWEEP_LINT_DNS_FACTS_H

#include "checks.h"

/* SWEEP_DNS_* bits (checks.h) of one dNSName of n octets. */
uint32_t sweep_dns_name_facts(const uint8_t *v, size_t n);
/* The SAN's first dNSName with the fact bit, walking the names again. */
const struct sweep_gname *sweep_dns_first_walk(const struct sweep_cert *cert, uint32_t bit);

/* The SAN's first dNSName with the fact bit, NULL when none has it: the
 * certificate's memo answers (inline) unless some name has it. */
static inline const struct sweep_gname *sweep_dns_first_with(const struct sweep_cert *cert, uint32_t bit)
{
	unsigned f = cert->memo.have & SWEEP_MEMO_DNS ? cert->memo.dns : sweep_dns_facts(cert);

	return f & bit ? sweep_dns_first_walk(cert, bit) : NULL;
}

#endif
