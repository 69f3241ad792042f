/* DNS names in subjectAltName beyond plain syntax: XN-labels that are not
 * valid Punycode (RFC 3492, RFC 5890 2.3.2.1), other reserved LDH labels
 * ("ab--"), and the 2018-12-10 .. 2019-03-31 underscore window of ballot
 * SC12 with its 30-day validity limit. */
#include "checks.h"

#include <ctype.h>
#include <strings.h>

/* RFC 3492 6.2 decoding of the part after "xn--". Returns 1 when it decodes
 * to code points that are valid Unicode scalar values, at least one of them
 * outside ASCII (otherwise the label would not need an A-label form). */
static int punycode_valid(const uint8_t *s, size_t len)
{
	enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128 };
	uint32_t n = INITIAL_N, i = 0, bias = INITIAL_BIAS, out = 0;
	size_t b = 0, in;
	int non_ascii = 0, first = 1;

	for (size_t j = 0; j < len; j++)
		if (s[j] == '-')
			b = j;
	for (size_t j = 0; j < b; j++)
		if (s[j] >= 0x80)
			return 0;
	out = (uint32_t)b;
	for (in = b > 0 ? b + 1 : 0; in < len;) {
		uint32_t oldi = i, w = 1;
		for (uint32_t k = BASE;; k += BASE) {
			if (in >= len)
				return 0;
			int c = tolower(s[in++]), digit;
			if (c >= 'a' && c <= 'z')
				digit = c - 'a';
			else if (c >= '0' && c <= '9')
				digit = c - '0' + 26;
			else
				return 0;
			if ((uint32_t)digit > (UINT32_MAX - i) / w)
				return 0;
			i += (uint32_t)digit * w;
			uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
			if ((uint32_t)digit < t)
				break;
			if (w > UINT32_MAX / (BASE - t))
				return 0;
			w *= BASE - t;
		}
		out++;
		/* adapt the bias (RFC 3492 6.1) */
		uint32_t delta = first ? (i - oldi) / DAMP : (i - oldi) / 2, k = 0;
		first = 0;
		delta += delta / out;
		while (delta > ((BASE - TMIN) * TMAX) / 2) {
			delta /= BASE - TMIN;
			k += BASE;
		}
		bias = k + (BASE - TMIN + 1) * delta / (delta + SKEW);
		if (i / out > UINT32_MAX - n)
			return 0;
		n += i / out;
		i %= out;
		if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n < 0x80)
			return 0;
		non_ascii = 1;
		i++;
	}
	return non_ascii;
}

/* Call fn on every label of every dNSName; stop at the first nonzero. */
static int each_label(const struct sweep_cert *c, int (*fn)(const uint8_t *l, size_t n), const uint8_t **name,
		      size_t *name_len)
{
	for (size_t k = 0; k < c->n_san; k++) {
		const struct sweep_gname *g = &c->san[k];
		if (g->tag != 2)
			continue;
		size_t start = 0;
		for (size_t j = 0; j <= g->len; j++) {
			if (j < g->len && g->val[j] != '.')
				continue;
			if (fn(g->val + start, j - start)) {
				*name = g->val;
				*name_len = g->len;
				return 1;
			}
			start = j + 1;
		}
	}
	return 0;
}

static int is_xn(const uint8_t *l, size_t n)
{
	return n >= 4 && tolower(l[0]) == 'x' && tolower(l[1]) == 'n' && l[2] == '-' && l[3] == '-';
}

static int bad_xn_label(const uint8_t *l, size_t n)
{
	return is_xn(l, n) && !punycode_valid(l + 4, n - 4);
}

static int reserved_ldh_label(const uint8_t *l, size_t n)
{
	return n >= 4 && l[2] == '-' && l[3] == '-' && !is_xn(l, n);
}

SWEEP_CHECK_DECL(sweep_check_dns_xn_label_invalid)
{
	const uint8_t *name;
	size_t len;

	(void)cfg;
	if (!(sweep_dns_facts(cert) & SWEEP_DNS_DASHDASH) || !each_label(cert, bad_xn_label, &name, &len))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName %.*s has an xn-- label that is not valid Punycode", (int)len,
			 (const char *)name);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_dns_reserved_ldh_label)
{
	const uint8_t *name;
	size_t len;

	(void)cfg;
	if (!(sweep_dns_facts(cert) & SWEEP_DNS_DASHDASH) || !each_label(cert, reserved_ldh_label, &name, &len))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName %.*s has a reserved LDH label (\"--\" in positions 3-4, not xn--)", (int)len,
			 (const char *)name);
	return SWEEP_CHECK_FAIL;
}

static int has_underscore(const uint8_t *l, size_t n)
{
	return memchr(l, '_', n) != NULL;
}

/* Ballot SC12: underscores only in certificates valid for 30 days or less
 * (the day count as BR 6.3.2 had it then: notAfter - notBefore). */
SWEEP_CHECK_DECL(sweep_check_dns_underscore_long_validity)
{
	const uint8_t *name;
	size_t len;

	(void)cfg;
	if (cert->not_after - cert->not_before <= 30 * 86400 || !(sweep_dns_facts(cert) & SWEEP_DNS_UNDERSCORE) ||
	    !each_label(cert, has_underscore, &name, &len))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName %.*s has an underscore and the validity exceeds 30 days", (int)len,
			 (const char *)name);
	return SWEEP_CHECK_FAIL;
}

/* Reverse-DNS names: d.c.b.a.in-addr.arpa and the 32 nibbles of ip6.arpa
 * name an address; BR 7.1.4.2.1 forbids Reserved IP Addresses, so their
 * reverse names too. 1: names a reserved address; 2: malformed; 0. */
static int arpa_finding(const uint8_t *v, size_t n)
{
	static const char v4[] = ".in-addr.arpa", v6[] = ".ip6.arpa";
	size_t l4 = sizeof(v4) - 1, l6 = sizeof(v6) - 1;

	if (n > l4 && strncasecmp((const char *)v + n - l4, v4, l4) == 0) {
		uint8_t a[4];
		unsigned labels = 0, value = 0, digits = 0;
		for (size_t i = 0; i <= n - l4; i++) {
			if (i == n - l4 || v[i] == '.') {
				if (digits == 0 || digits > 3 || value > 255 || labels == 4)
					return 2;
				a[3 - labels++] = (uint8_t)value;
				value = digits = 0;
			} else if (isdigit(v[i])) {
				value = value * 10 + (unsigned)(v[i] - '0');
				digits++;
			} else {
				return 2;
			}
		}
		return labels == 4 && sweep_ipv4_reserved(a) ? 1 : 0;
	}
	if (n > l6 && strncasecmp((const char *)v + n - l6, v6, l6) == 0) {
		uint8_t a[16] = {0};
		unsigned nibbles = 0;
		for (size_t i = 0; i < n - l6; i += 2) {
			if (!isxdigit(v[i]) || (i + 1 < n - l6 && v[i + 1] != '.') || nibbles == 32)
				return 2;
			unsigned x = isdigit(v[i]) ? (unsigned)(v[i] - '0') : (unsigned)(tolower(v[i]) - 'a' + 10);
			unsigned pos = 31 - nibbles++;
			a[pos / 2] |= (uint8_t)(pos % 2 ? x : x << 4);
		}
		return nibbles == 32 && sweep_ipv6_reserved(a) ? 1 : 0;
	}
	return 0;
}

static int arpa_scan(const struct sweep_cert *c, int want, const uint8_t **name, size_t *len)
{
	for (size_t k = 0; k < c->n_san; k++) {
		if (c->san[k].tag == 2 && arpa_finding(c->san[k].val, c->san[k].len) == want) {
			*name = c->san[k].val;
			*len = c->san[k].len;
			return 1;
		}
	}
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_dns_arpa_reserved)
{
	const uint8_t *name;
	size_t len;

	(void)cfg;
	if (!arpa_scan(cert, 1, &name, &len))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName %.*s is the reverse name of a reserved IP address", (int)len,
			 (const char *)name);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_dns_arpa_malformed)
{
	const uint8_t *name;
	size_t len;

	(void)cfg;
	if (!arpa_scan(cert, 2, &name, &len))
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName %.*s is a malformed reverse-DNS name", (int)len, (const char *)name);
	return SWEEP_CHECK_FAIL;
}
