/* DNS names in subjectAltName beyond plain syntax: XN-labels that are not
 * valid Punycode (RFC 3492, RFC 5890 2.3.2.1), other reserved LDH labels
 * ("ab--"), and the 2018-12-10 .. 2019-03-31 underscore window of ballot
 * SC12 with its 30-day validity limit. */
#include "checks.h"
#include "dns_facts.h"

/* Fail with "dNSName x <why>" for the first dNSName with the fact bit
 * (dns_facts.c, where the Punycode decoder and the reverse-name parser
 * live); pass at once when none has it. */
static enum sweep_check first_dns(const struct sweep_cert *cert, uint32_t bit, const char *why,
				  struct sweep_buf *details)
{
	const struct sweep_gname *g = sweep_dns_first_with(cert, bit);

	if (!g)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName %.*s %s", (int)g->len, (const char *)g->val, why);
	return SWEEP_CHECK_FAIL;
}

/* RFC 5890 2.3.2.1, RFC 3492 6.2: an xn-- label is the A-label of a U-label */
SWEEP_CHECK_DECL(sweep_check_dns_xn_label_invalid)
{
	(void)cfg;
	return first_dns(cert, SWEEP_DNS_XN_BAD, "has an xn-- label that is not valid Punycode", details);
}

/* RFC 5890 2.3.1: "--" in positions 3-4 is reserved to xn-- */
SWEEP_CHECK_DECL(sweep_check_dns_reserved_ldh_label)
{
	(void)cfg;
	return first_dns(cert, SWEEP_DNS_LDH_RESERVED, "has a reserved LDH label (\"--\" in positions 3-4, not xn--)",
			 details);
}

/* Ballot SC12: underscores only in certificates valid for 30 days or less
 * (the day count as BR 6.3.2 had it then: notAfter - notBefore). */
SWEEP_CHECK_DECL(sweep_check_dns_underscore_long_validity)
{
	(void)cfg;
	if (cert->not_after - cert->not_before <= 30 * 86400)
		return SWEEP_CHECK_PASS;
	return first_dns(cert, SWEEP_DNS_UNDERSCORE, "has an underscore and the validity exceeds 30 days", details);
}

/* Reverse-DNS names (d.c.b.a.in-addr.arpa, the 32 nibbles of ip6.arpa):
 * BR 7.1.4.2.1 forbids Reserved IP Addresses, so their reverse names too. */
SWEEP_CHECK_DECL(sweep_check_dns_arpa_reserved)
{
	(void)cfg;
	return first_dns(cert, SWEEP_DNS_ARPA_RESERVED, "is the reverse name of a reserved IP address", details);
}

SWEEP_CHECK_DECL(sweep_check_dns_arpa_malformed)
{
	(void)cfg;
	return first_dns(cert, SWEEP_DNS_ARPA_MALFORMED, "is a malformed reverse-DNS name", details);
}
