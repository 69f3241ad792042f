/* Embedded SCT timestamps against the certificate's notBefore, the side
 * lint_ct.c's backdating warning does not cover: an SCT stamped long before
 * notBefore (a future-dated precertificate).
 *
 * A log issues an SCT for a precertificate submitted to it (RFC 6962 3.1,
 * 3.2: the timestamp is the log's time when it issued the SCT), so the
 * precertificate was signed at or before the earliest SCT's timestamp. The
 * final certificate carries the same notBefore as its precertificate (RFC
 * 6962 3.2), and a precertificate takes the certificate profile's validity
 * (BR v2 7.1.2.9, 7.1.2.7: notBefore within 48 hours of the signing
 * operation). An SCT more than 48 hours before notBefore therefore shows a
 * precertificate signed more than 48 hours before its notBefore. */
#include "checks.h"

static unsigned u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The earliest SCT timestamp (ms since the epoch) of a well-formed list of
 * v1 SCTs: 0, or -1 when the list does not decode (e_ct_sct_list_malformed's
 * case). */
static int sct_earliest(const struct sweep_cert *c, uint64_t *out)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_CT_SCTS);
	struct der_cursor cur;
	struct der_tlv os;
	unsigned n = 0;

	*out = 0;
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
		uint64_t ts = 0;
		for (int i = 0; i < 8; i++)
			ts = ts << 8 | s[33 + i];
		s += 41;
		size_t ext = u16(s);
		s += 2;
		if ((size_t)(s_end - s) < ext + 4)
			return -1;
		s += ext + 2;
		size_t sig = u16(s);
		s += 2;
		if ((size_t)(s_end - s) != sig)
			return -1;
		if (n++ == 0 || ts < *out)
			*out = ts;
		p = s_end;
	}
	return 0;
}

int sweep_applies_sct_timestamps(const struct sweep_cert *cert)
{
	uint64_t ts;

	return cert->has_sct_list && !cert->is_precert && sct_earliest(cert, &ts) == 0;
}

SWEEP_CHECK_DECL(sweep_check_sct_before_not_before)
{
	uint64_t ts;

	(void)cfg;
	if (sct_earliest(cert, &ts))
		return SWEEP_CHECK_FATAL;
	/* whole seconds, rounded down: a timestamp in the last second before
	 * the bound does not fail */
	int64_t lead = cert->not_before - (int64_t)(ts / 1000);
	if (lead <= 48 * 3600)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details,
			 "the earliest SCT is %lld hours before notBefore: the precertificate was signed at the latest "
			 "then",
			 (long long)(lead / 3600));
	return SWEEP_CHECK_FAIL;
}
