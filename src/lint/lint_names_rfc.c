/* Name attributes against RFC 5280 Appendix A (upper bounds and string
 * types) and the issuer-side rules zlint checks, one parametrised check for
 * the length limits. */
#include "checks.h"

/* Characters of a string value: UTF-8 code points, BMP/Universal units. */
static size_t attr_chars(const struct sweep_attr *a)
{
	size_t n = 0;

	switch (a->tag) {
	case DER_BMPSTRING: return a->len / 2;
	case DER_UNIVERSALSTRING: return a->len / 4;
	case DER_UTF8STRING:
		for (size_t i = 0; i < a->len; i++)
			n += (a->val[i] & 0xc0) != 0x80;
		return n;
	default: return a->len;
	}
}

static enum sweep_check max_length(const struct sweep_cert *c, const uint8_t *oid, size_t len, size_t ub,
				   const char *label, struct sweep_buf *details)
{
	for (size_t i = 0; i < c->subject.n; i++) {
		const struct sweep_attr *a = &c->subject.attrs[i];
		if (!sweep_attr_is(a, oid, len) || attr_chars(a) <= ub)
			continue;
		sweep_buf_printf(details, "%s of %zu characters (upper bound %zu)", label, attr_chars(a), ub);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

#define MAX_LENGTH_CHECK(fn, oid, ub, label)                                                                           \
	SWEEP_CHECK_DECL(fn)                                                                                           \
	{                                                                                                              \
		(void)cfg;                                                                                             \
		return max_length(cert, oid, sizeof(oid), ub, label, details);                                         \
	}

MAX_LENGTH_CHECK(sweep_check_subject_locality_too_long, OID_AT_L, 128, "localityName")
MAX_LENGTH_CHECK(sweep_check_subject_state_too_long, OID_AT_ST, 128, "stateOrProvinceName")
MAX_LENGTH_CHECK(sweep_check_subject_ou_too_long, OID_AT_OU, 64, "organizationalUnitName")
MAX_LENGTH_CHECK(sweep_check_subject_serial_too_long, OID_AT_SERIAL, 64, "serialNumber")
MAX_LENGTH_CHECK(sweep_check_subject_street_too_long, OID_AT_STREET, 128, "streetAddress")
MAX_LENGTH_CHECK(sweep_check_subject_postal_too_long, OID_AT_POSTAL_CODE, 40, "postalCode")
MAX_LENGTH_CHECK(sweep_check_subject_email_too_long, OID_AT_EMAIL, 255, "emailAddress")

/* X520SerialNumber ::= PrintableString. */
SWEEP_CHECK_DECL(sweep_check_subject_serial_not_printable)
{
	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++)
		if (ATTR_IS(&cert->subject.attrs[i], OID_AT_SERIAL) &&
		    cert->subject.attrs[i].tag != DER_PRINTABLESTRING)
			return sweep_forbid(1, "subject serialNumber is not a PrintableString", details);
	return SWEEP_CHECK_PASS;
}

/* X520countryName ::= PrintableString, in the issuer too. */
SWEEP_CHECK_DECL(sweep_check_issuer_country_not_printable)
{
	(void)cfg;
	for (size_t i = 0; i < cert->issuer.n; i++)
		if (ATTR_IS(&cert->issuer.attrs[i], OID_AT_C) && cert->issuer.attrs[i].tag != DER_PRINTABLESTRING)
			return sweep_forbid(1, "issuer countryName is not a PrintableString", details);
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_issuer_whitespace)
{
	char label[64];

	(void)cfg;
	for (size_t i = 0; i < cert->issuer.n; i++) {
		const struct sweep_attr *a = &cert->issuer.attrs[i];
		if (a->len == 0 || a->tag == DER_BMPSTRING || a->tag == DER_UNIVERSALSTRING)
			continue;
		if (a->val[0] == ' ' || a->val[a->len - 1] == ' ') {
			sweep_buf_printf(details, "issuer %s has leading or trailing whitespace",
					 sweep_attr_label(a, label));
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_issuer_multi_valued_rdn)
{
	(void)cfg;
	for (size_t i = 1; i < cert->issuer.n; i++)
		if (cert->issuer.attrs[i].rdn == cert->issuer.attrs[i - 1].rdn)
			return sweep_forbid(1, "an issuer RDN holds more than one attribute", details);
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_extra_cn)
{
	size_t n = 0;

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++)
		n += ATTR_IS(&cert->subject.attrs[i], OID_AT_CN);
	if (n <= 1)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "%zu commonName attributes", n);
	return SWEEP_CHECK_FAIL;
}

/* RFC 5280 4.1.2.1, 4.1.2.8, 4.1.2.9: version values and what they allow. */
SWEEP_CHECK_DECL(sweep_check_version_invalid)
{
	(void)cfg;
	if (cert->version <= 2)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "version value %d (v1..v3 are 0..2)", cert->version);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_extensions_version)
{
	(void)cfg;
	return sweep_forbid(cert->n_ext > 0 && cert->version != 2, "extensions in a certificate that is not v3",
			    details);
}

SWEEP_CHECK_DECL(sweep_check_unique_id_version)
{
	struct der_cursor tbs = der_cursor_of(cert->tbs, cert->tbs_len), in;
	struct der_tlv t, f;

	(void)cfg;
	if (cert->version >= 1)
		return SWEEP_CHECK_PASS;
	if (der_expect(&tbs, DER_SEQUENCE, &t))
		return SWEEP_CHECK_FATAL;
	in = der_inside(&t);
	while (in.len) {
		if (der_next(&in, &f))
			return SWEEP_CHECK_FATAL;
		if (f.tag == DER_CONTEXT(1) || f.tag == DER_CONTEXT(2))
			return sweep_forbid(1, "a unique identifier in a v1 certificate", details);
	}
	return SWEEP_CHECK_PASS;
}
