/* Embedded SCT lists (RFC 6962 3.3): the TLS-encoded list inside the
 * extension, the number of SCTs the Chrome and Apple CT policies want for
 * the certificate's lifetime, and what the earliest SCT says about
 * backdating. */
#include "checks.h"

#include <stdio.h>

struct sct_summary {
	unsigned n;	   /* SCTs */
	unsigned distinct; /* distinct log IDs */
	uint64_t earliest; /* earliest timestamp, ms since the epoch */
};

static unsigned u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Decode the SignedCertificateTimestampList. Returns 0, or -1 when the
 * extension is not a well-formed list of v1 SCTs. */
static int sct_decode(const struct sweep_cert *c, struct sct_summary *out)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_CT_SCTS);
	struct der_cursor cur;
	struct der_tlv os;
	const uint8_t *ids[64];

	memset(out, 0, sizeof(*out));
	if (!e)
		return -1;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_OCTET_STRING, &os) || cur.len || os.len < 2 || u16(os.val) != os.len - 2 ||
	    os.len == 2)
		return -1;
	const uint8_t *p = os.val + 2, *end = os.val + os.len;
	while (p < end) {
		if (end - p < 2)
			return -1;
		size_t len = u16(p);
		p += 2;
		if ((size_t)(end - p) < len || len < 1 + 32 + 8 + 2 + 2 + 2 || p[0] != 0)
			return -1;
		const uint8_t *s = p, *s_end = p + len;
		const uint8_t *id = s + 1;
		uint64_t ts = 0;
		for (int i = 0; i < 8; i++)
			ts = ts << 8 | s[33 + i];
		s += 41;
		size_t ext = u16(s);
		s += 2;
		if ((size_t)(s_end - s) < ext + 4)
			return -1;
		s += ext + 2; /* extensions, hash and signature algorithms */
		size_t sig = u16(s);
		s += 2;
		if ((size_t)(s_end - s) != sig)
			return -1;
		int seen = 0;
		for (unsigned k = 0; k < out->distinct && k < 64; k++)
			seen |= memcmp(ids[k], id, 32) == 0;
		if (!seen && out->distinct < 64)
			ids[out->distinct++] = id;
		if (out->n == 0 || ts < out->earliest)
			out->earliest = ts;
		out->n++;
		p = s_end;
	}
	return 0;
}

int sweep_applies_has_sct_list(const struct sweep_cert *cert)
{
	return cert->has_sct_list && !cert->is_precert;
}

int sweep_applies_sct_list_decodes(const struct sweep_cert *cert)
{
	struct sct_summary s;

	return sweep_applies_has_sct_list(cert) && sct_decode(cert, &s) == 0;
}

SWEEP_CHECK_DECL(sweep_check_sct_list_malformed)
{
	struct sct_summary s;

	(void)cfg;
	return sweep_forbid(sct_decode(cert, &s) != 0,
			    "the SCT list extension is not a well-formed SignedCertificateTimestampList", details);
}

/* Chrome CT policy for certificates issued from 2022-04-15, the same as
 * Apple's: 2 SCTs from distinct logs for 180 days or less, 3 beyond. */
SWEEP_CHECK_DECL(sweep_check_sct_count_2022)
{
	struct sct_summary s;
	unsigned want = cert->not_after - cert->not_before > 180 * 86400 ? 3 : 2;

	(void)cfg;
	if (sct_decode(cert, &s))
		return SWEEP_CHECK_FATAL;
	if (s.distinct >= want)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "%u SCTs from distinct logs, the CT policies want %u for this lifetime", s.distinct,
			 want);
	return SWEEP_CHECK_FAIL;
}

/* BR v2 7.1.2.7: notBefore within 48 hours of signing. The precertificate
 * was signed before it was logged, so an earliest SCT more than 48 hours
 * after notBefore suggests backdating (a warning: logging may lag). */
SWEEP_CHECK_DECL(sweep_check_sct_after_not_before)
{
	struct sct_summary s;

	(void)cfg;
	if (sct_decode(cert, &s))
		return SWEEP_CHECK_FATAL;
	int64_t lag = (int64_t)(s.earliest / 1000) - cert->not_before;
	if (lag <= 48 * 3600)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "the earliest SCT is %lld hours after notBefore", (long long)(lag / 3600));
	return SWEEP_CHECK_FAIL;
}

/* The other side (e_ct_sct_long_before_not_before): a log issues an SCT for
 * a precertificate submitted to it (RFC 6962 3.1, 3.2: the timestamp is the
 * log's time when it issued the SCT), so the precertificate was signed at or
 * before the earliest SCT. The final certificate carries its
 * precertificate's notBefore (RFC 6962 3.2), and a precertificate takes the
 * certificate profile's validity (BR v2 7.1.2.9, 7.1.2.7: notBefore within
 * 48 hours of signing). An SCT more than 48 hours before notBefore shows a
 * precertificate signed more than 48 hours before its notBefore. */
SWEEP_CHECK_DECL(sweep_check_sct_before_not_before)
{
	struct sct_summary s;

	(void)cfg;
	if (sct_decode(cert, &s))
		return SWEEP_CHECK_FATAL;
	/* whole seconds, rounded down: a timestamp in the last second before
	 * the bound does not fail */
	int64_t lead = cert->not_before - (int64_t)(s.earliest / 1000);
	if (lead <= 48 * 3600)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details,
			 "the earliest SCT is %lld hours before notBefore: the precertificate was signed at the latest "
			 "then",
			 (long long)(lead / 3600));
	return SWEEP_CHECK_FAIL;
}
