/* Subject distinguished name lints. */
#include "certsweep/name.h"
#include "checks.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

int sweep_applies_all(const struct sweep_cert *cert)
{
	(void)cert;
	return 1;
}

/* Attribute keywords that, followed by '=', make text look like an RDN:
 * RFC 4514 names, OpenSSL's /-separated oneline names, and common aliases. */
static const char *const rdn_keywords[] = {
	"C", "ST", "S", "L", "O", "OU", "CN", "STREET", "DC", "UID", "SN", "GN", "E", "EMAIL",
	"emailAddress", "serialNumber", "postalCode", "businessCategory", "title",
	"organizationIdentifier", "jurisdictionC", "jurisdictionST", "jurisdictionL",
	"jurisdictionCountryName", "jurisdictionStateOrProvinceName", "jurisdictionLocalityName",
};

/* Length of "keyword\s*=" at s, or 0. A dotted OID ("2.5.4.6=") counts too. */
static size_t rdn_assignment_at(const char *s)
{
	size_t n = 0;

	if (isdigit((unsigned char)s[0])) {
		while (isdigit((unsigned char)s[n]) || s[n] == '.')
			n++;
	} else {
		while (isalpha((unsigned char)s[n]))
			n++;
		int known = 0;
		for (size_t i = 0; i < sizeof(rdn_keywords) / sizeof(rdn_keywords[0]); i++)
			if (strlen(rdn_keywords[i]) == n && strncasecmp(rdn_keywords[i], s, n) == 0)
				known = 1;
		if (!known)
			return 0;
	}
	if (n == 0)
		return 0;
	while (s[n] == ' ')
		n++;
	return s[n] == '=' ? n + 1 : 0;
}

/* Offset of the embedded RDN in v (the separator, or 0 at the start), or -1. */
static long find_embedded_rdn(const char *v)
{
	if (rdn_assignment_at(v))
		return 0;
	for (const char *p = v; *p; p++) {
		if (*p != ',' && *p != ';' && *p != '/' && *p != '+' && *p != '\n')
			continue;
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (rdn_assignment_at(q))
			return p - v;
	}
	return -1;
}

SWEEP_CHECK_DECL(sweep_check_subject_embedded_rdn)
{
	struct sweep_buf v = SWEEP_BUF_INIT;
	enum sweep_check rc = SWEEP_CHECK_PASS;

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		sweep_buf_reset(&v);
		if (sweep_attr_utf8(a, &v) < 0)
			continue;
		if (v.oom) {
			rc = SWEEP_CHECK_FATAL;
			break;
		}
		long at = find_embedded_rdn(sweep_buf_str(&v));
		if (at >= 0) {
			const char *tn = sweep_attr_type_name(a->oid, a->oid_len);
			sweep_buf_printf(details, "subject %s value \"%s\" contains an embedded RDN at offset %ld",
					 tn ? tn : "attribute", sweep_buf_str(&v), at);
			rc = SWEEP_CHECK_FAIL;
		}
	}
	sweep_buf_release(&v);
	return rc;
}
