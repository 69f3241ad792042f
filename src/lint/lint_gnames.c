/* GeneralNames in subjectAltName and issuerAltName (RFC 5280 4.2.1.6,
 * 4.2.1.7): one walk collects every finding as a bit, and each registry
 * row asks for one bit of one extension. */
#include "checks.h"
#include "dns_facts.h"

#include <ctype.h>

enum gname_finding {
	GN_EMPTY = 1u << 0,		      /* a name with no value */
	GN_RFC822_INVALID = 1u << 1,	      /* rfc822Name that is not local@domain */
	GN_URI_RELATIVE = 1u << 2,	      /* URI without a scheme */
	GN_URI_NOT_IA5 = 1u << 3,	      /* URI with a byte above 0x7F */
	GN_URI_HOST = 1u << 4,		      /* URI authority that is neither an FQDN nor an IP address */
	GN_DNS_NOT_IA5 = 1u << 5,	      /* dNSName with a byte above 0x7F */
	GN_DNS_SPACE = 1u << 6,		      /* dNSName with a space */
	GN_DNS_PERIOD = 1u << 7,	      /* dNSName starting with '.' */
	GN_DNS_NUL = 1u << 8,		      /* dNSName with a NUL */
	GN_DNS_BARE_WILDCARD = 1u << 9,	      /* dNSName "*" */
	GN_DNS_WILDCARD_NOT_FIRST = 1u << 10, /* '*' after the first character */
	GN_NO_ENTRIES = 1u << 11,	      /* an empty GeneralNames */
	GN_DNS_EMPTY_LABEL = 1u << 12,	      /* "a..b", "a.b." */
	GN_DNS_LABEL_TOO_LONG = 1u << 13,     /* a label over 63 octets */
	GN_DNS_BAD_CHARACTER = 1u << 14,      /* outside letters, digits, '-', '_' (and a leading "*.") */
	GN_DNS_TOO_LONG = 1u << 15,	      /* over 253 octets */
	GN_DNS_WILDCARD_PARTIAL = 1u << 16,   /* leftmost label holds '*' but is not "*" */
	GN_DNS_WILDCARD_NOT_LEFT = 1u << 17,  /* '*' in a label other than the leftmost */
	GN_DNS_REDACTED = 1u << 18,	      /* a "?" label (redacted precertificate name) */
	GN_URI_FORMAT = 1u << 19,	      /* ASCII outside RFC 3986's character set */
};

static int has_high(const uint8_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] >= 0x80)
			return 1;
	return 0;
}

static unsigned rfc822_finding(const uint8_t *v, size_t n)
{
	const uint8_t *at = memchr(v, '@', n);

	if (!at || at == v || at == v + n - 1 || memchr(at + 1, '@', (size_t)(v + n - at - 1)))
		return GN_RFC822_INVALID;
	for (size_t i = 0; i < n; i++)
		if (v[i] <= ' ' || v[i] >= 0x7f || v[i] == '<' || v[i] == '>')
			return GN_RFC822_INVALID;
	return 0;
}

static int host_ok(const uint8_t *h, size_t n)
{
	int dot = 0, digits_only = 1;

	if (n > 2 && h[0] == '[' && h[n - 1] == ']')
		return 1; /* IP literal */
	if (n == 0 || h[0] == '.' || h[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (h[i] == '.')
			dot = 1;
		else if (!isalnum(h[i]) && h[i] != '-')
			return 0;
		if (!isdigit(h[i]) && h[i] != '.')
			digits_only = 0;
	}
	return dot || digits_only;
}

static unsigned uri_finding(const uint8_t *v, size_t n)
{
	size_t i = 0;
	unsigned f = has_high(v, n) ? GN_URI_NOT_IA5 : 0;

	for (size_t k = 0; k < n; k++)
		if (v[k] < 0x80 && !isalnum(v[k]) && !strchr("-._~:/?#[]@!$&'()*+,;=%", v[k]))
			f |= GN_URI_FORMAT;

	while (i < n && (isalnum(v[i]) || v[i] == '+' || v[i] == '-' || v[i] == '.'))
		i++;
	if (i == 0 || i >= n || v[i] != ':' || !isalpha(v[0]))
		return f | GN_URI_RELATIVE;
	if (n - i < 3 || v[i + 1] != '/' || v[i + 2] != '/')
		return f; /* no authority (urn:, mailto:): nothing to check */
	size_t start = i + 3, end = start;
	while (end < n && v[end] != '/' && v[end] != '?' && v[end] != '#')
		end++;
	const uint8_t *at = NULL;
	for (size_t k = start; k < end; k++)
		if (v[k] == '@')
			at = v + k;
	if (at)
		start = (size_t)(at - v) + 1;
	size_t host_end = end;
	if (!(start < end && v[start] == '[')) /* strip :port unless an IP literal */
		for (size_t k = start; k < end; k++)
			if (v[k] == ':') {
				host_end = k;
				break;
			}
	if (!host_ok(v + start, host_end - start))
		f |= GN_URI_HOST;
	return f;
}

/* A dNSName's findings are its dns_facts.c bits, renamed. */
static unsigned dns_gn(uint32_t d)
{
	static const struct {
		uint32_t fact;
		unsigned gn;
	} map[] = {
		{ SWEEP_DNS_EMPTY, GN_EMPTY },
		{ SWEEP_DNS_NOT_IA5, GN_DNS_NOT_IA5 },
		{ SWEEP_DNS_SPACE, GN_DNS_SPACE },
		{ SWEEP_DNS_PERIOD, GN_DNS_PERIOD },
		{ SWEEP_DNS_NUL, GN_DNS_NUL },
		{ SWEEP_DNS_BARE_WILDCARD, GN_DNS_BARE_WILDCARD },
		{ SWEEP_DNS_WILDCARD_NOT_FIRST, GN_DNS_WILDCARD_NOT_FIRST },
		{ SWEEP_DNS_EMPTY_LABEL, GN_DNS_EMPTY_LABEL },
		{ SWEEP_DNS_LABEL_TOO_LONG, GN_DNS_LABEL_TOO_LONG },
		{ SWEEP_DNS_BAD_CHARACTER, GN_DNS_BAD_CHARACTER },
		{ SWEEP_DNS_TOO_LONG, GN_DNS_TOO_LONG },
		{ SWEEP_DNS_WILDCARD_PARTIAL, GN_DNS_WILDCARD_PARTIAL },
		{ SWEEP_DNS_WILDCARD_NOT_LEFT, GN_DNS_WILDCARD_NOT_LEFT },
		{ SWEEP_DNS_REDACTED, GN_DNS_REDACTED },
	};
	unsigned f = 0;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (d & map[i].fact)
			f |= map[i].gn;
	return f;
}

static unsigned one_name(unsigned tag, const uint8_t *v, size_t n)
{
	if (n == 0 && (tag == 1 || tag == 2 || tag == 6 || tag == 7 || tag == 8))
		return GN_EMPTY;
	switch (tag) {
	case 1: return rfc822_finding(v, n);
	case 2: return dns_gn(sweep_dns_name_facts(v, n));
	case 6: return uri_finding(v, n);
	default: return 0;
	}
}

static int san_findings(const struct sweep_cert *c)
{
	unsigned f = c->has_san && c->n_san == 0 ? GN_NO_ENTRIES : 0;

	/* the dNSNames' findings from the facts the DNS lints share */
	for (size_t i = 0; i < c->n_san; i++)
		if (c->san[i].tag != 2)
			f |= one_name(c->san[i].tag, c->san[i].val, c->san[i].len);
	return (int)(f | dns_gn(sweep_dns_facts(c)));
}

static int ian_findings(const struct sweep_cert *c)
{
	const struct sweep_ext *e = CERT_EXT(c, OID_EXT_IAN);
	struct der_cursor cur, in;
	struct der_tlv seq, gn;
	unsigned f = 0;

	if (!e)
		return 0;
	cur = der_cursor_of(e->val, e->len);
	if (der_expect(&cur, DER_SEQUENCE, &seq))
		return -1;
	if (seq.len == 0)
		return GN_NO_ENTRIES;
	in = der_inside(&seq);
	while (in.len) {
		if (der_next(&in, &gn))
			return -1;
		f |= one_name(gn.tag & 0x1f, gn.val, gn.len);
	}
	return (int)f;
}

int sweep_applies_has_ian(const struct sweep_cert *cert)
{
	return CERT_EXT(cert, OID_EXT_IAN) != NULL;
}

static enum sweep_check gname_rule(int found, unsigned bit, const char *what, struct sweep_buf *details)
{
	if (found < 0)
		return SWEEP_CHECK_FATAL;
	return sweep_forbid((unsigned)found & bit, what, details);
}

/* Every SAN (IAN) rule reads the same findings: worked out once per certificate. */
static int san_findings_memo(const struct sweep_cert *c)
{
	struct sweep_lint_memo *m = sweep_memo(c);

	if (!(m->have & SWEEP_MEMO_SAN_GN)) {
		m->san_gn = san_findings(c);
		m->have |= SWEEP_MEMO_SAN_GN;
	}
	return m->san_gn;
}

static int ian_findings_memo(const struct sweep_cert *c)
{
	struct sweep_lint_memo *m = sweep_memo(c);

	if (!(m->have & SWEEP_MEMO_IAN_GN)) {
		m->ian_gn = ian_findings(c);
		m->have |= SWEEP_MEMO_IAN_GN;
	}
	return m->ian_gn;
}

#define SAN_CHECK(fn, bit, what)                                                                                       \
	SWEEP_CHECK_DECL(fn)                                                                                           \
	{                                                                                                              \
		(void)cfg;                                                                                             \
		return gname_rule(san_findings_memo(cert), bit, "subjectAltName: " what, details);                          \
	}
#define IAN_CHECK(fn, bit, what)                                                                                       \
	SWEEP_CHECK_DECL(fn)                                                                                           \
	{                                                                                                              \
		(void)cfg;                                                                                             \
		return gname_rule(ian_findings_memo(cert), bit, "issuerAltName: " what, details);                           \
	}

SAN_CHECK(sweep_check_san_gn_empty, GN_EMPTY, "a name with an empty value")
SAN_CHECK(sweep_check_san_rfc822_invalid, GN_RFC822_INVALID, "an rfc822Name that is not a mailbox")
SAN_CHECK(sweep_check_san_uri_relative, GN_URI_RELATIVE, "a relative URI")
SAN_CHECK(sweep_check_san_uri_not_ia5, GN_URI_NOT_IA5, "a URI with non-ASCII bytes")
SAN_CHECK(sweep_check_san_uri_host, GN_URI_HOST, "a URI whose host is neither an FQDN nor an IP address")
SAN_CHECK(sweep_check_san_dns_not_ia5, GN_DNS_NOT_IA5, "a dNSName with non-ASCII bytes")
SAN_CHECK(sweep_check_san_uri_format, GN_URI_FORMAT, "a URI with characters RFC 3986 does not allow")
SAN_CHECK(sweep_check_san_dns_space, GN_DNS_SPACE, "a dNSName with a space")
SAN_CHECK(sweep_check_san_dns_period, GN_DNS_PERIOD, "a dNSName starting with a period")
SAN_CHECK(sweep_check_san_dns_nul, GN_DNS_NUL, "a dNSName with a NUL character")
SAN_CHECK(sweep_check_san_bare_wildcard, GN_DNS_BARE_WILDCARD, "a dNSName that is a bare \"*\"")
SAN_CHECK(sweep_check_san_wildcard_not_first, GN_DNS_WILDCARD_NOT_FIRST, "a '*' that is not the first character")
SAN_CHECK(sweep_check_san_dns_empty_label, GN_DNS_EMPTY_LABEL, "a dNSName with an empty label")
SAN_CHECK(sweep_check_san_dns_label_too_long, GN_DNS_LABEL_TOO_LONG, "a dNSName label longer than 63 octets")
SAN_CHECK(sweep_check_san_dns_bad_character, GN_DNS_BAD_CHARACTER, "a dNSName label with a character outside LDH")
SAN_CHECK(sweep_check_san_dns_too_long, GN_DNS_TOO_LONG, "a dNSName longer than 253 octets")
SAN_CHECK(sweep_check_san_dns_wildcard_partial, GN_DNS_WILDCARD_PARTIAL, "a leftmost label with '*' that is not \"*\"")
SAN_CHECK(sweep_check_san_dns_wildcard_not_left, GN_DNS_WILDCARD_NOT_LEFT, "'*' outside the leftmost label")
SAN_CHECK(sweep_check_san_dns_redacted, GN_DNS_REDACTED, "a redacted (\"?\") label")
IAN_CHECK(sweep_check_ian_uri_format, GN_URI_FORMAT, "a URI with characters RFC 3986 does not allow")
IAN_CHECK(sweep_check_ian_no_entries, GN_NO_ENTRIES, "no names")
IAN_CHECK(sweep_check_ian_gn_empty, GN_EMPTY, "a name with an empty value")
IAN_CHECK(sweep_check_ian_rfc822_invalid, GN_RFC822_INVALID, "an rfc822Name that is not a mailbox")
IAN_CHECK(sweep_check_ian_uri_relative, GN_URI_RELATIVE, "a relative URI")
IAN_CHECK(sweep_check_ian_uri_not_ia5, GN_URI_NOT_IA5, "a URI with non-ASCII bytes")
IAN_CHECK(sweep_check_ian_uri_host, GN_URI_HOST, "a URI whose host is neither an FQDN nor an IP address")
IAN_CHECK(sweep_check_ian_dns_not_ia5, GN_DNS_NOT_IA5, "a dNSName with non-ASCII bytes")
IAN_CHECK(sweep_check_ian_dns_space, GN_DNS_SPACE, "a dNSName with a space")
IAN_CHECK(sweep_check_ian_dns_period, GN_DNS_PERIOD, "a dNSName starting with a period")
IAN_CHECK(sweep_check_ian_dns_nul, GN_DNS_NUL, "a dNSName with a NUL character")
IAN_CHECK(sweep_check_ian_bare_wildcard, GN_DNS_BARE_WILDCARD, "a dNSName that is a bare \"*\"")
IAN_CHECK(sweep_check_ian_wildcard_not_first, GN_DNS_WILDCARD_NOT_FIRST, "a '*' that is not the first character")
