/* What the DNS lints ask of a dNSName, worked out in one pass over its
 * octets (a character-class table, each label judged once at its end)
 * instead of one walk per lint: syntax (RFC 1034 3.5, RFC 1123), wildcard
 * placement (BR 1.6.1, 3.2.2.6), internal names (BR 7.1.4.2.1), reserved
 * LDH and XN-labels (RFC 5890 2.3.1, RFC 3492), reverse-DNS names, and the
 * per-name findings of lint_gnames.c. A lint reads the union over the SAN's
 * names (sweep_dns_facts, once per certificate) and walks the names again
 * only when it fails, to name the first offending one in its details. */
#include "dns_facts.h"

#include <ctype.h>
#include <strings.h>

enum {
	C_LDH = 1u << 0,   /* isalnum() of the C locale, '-', '_' */
	C_OTHER = 1u << 1, /* anything else but '.' */
	C_UPPER = 1u << 2,
	C_STAR = 1u << 3,
	C_UNDERSCORE = 1u << 4,
	C_SPACE = 1u << 5,
	C_NUL = 1u << 6,
	C_HIGH = 1u << 7,
	C_DOT = 1u << 8,
};

/* Each octet's class, a constant table built by the preprocessor. */
#define K_LDH(c) (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') || (c) == '-')
#define K(c)                                                                                                           \
	(K_LDH(c)		    ? C_LDH                                                                            \
	 : (c) >= 'A' && (c) <= 'Z' ? C_LDH | C_UPPER                                                                  \
	 : (c) == '_'		    ? C_LDH | C_UNDERSCORE                                                             \
	 : (c) == '.'		    ? C_DOT                                                                            \
	 : (c) == '*'		    ? C_OTHER | C_STAR                                                                 \
	 : (c) == ' '		    ? C_OTHER | C_SPACE                                                                \
	 : (c) == 0		    ? C_OTHER | C_NUL                                                                  \
	 : (c) >= 0x80		    ? C_OTHER | C_HIGH                                                                 \
				    : C_OTHER)
#define K4(c) K(c), K((c) + 1), K((c) + 2), K((c) + 3)
#define K16(c) K4(c), K4((c) + 4), K4((c) + 8), K4((c) + 12)
#define K64(c) K16(c), K16((c) + 16), K16((c) + 32), K16((c) + 48)
static const uint16_t dns_class[256] = {K64(0), K64(64), K64(128), K64(192)};

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

/* l (n octets) equals the lower-case word w, ASCII case folded (RFC 4343;
 * strncasecmp of the C locale, w holding no NUL). */
static int folded_is(const uint8_t *l, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = l[i] >= 'A' && l[i] <= 'Z' ? (uint8_t)(l[i] + 32) : l[i];
		if (c != (uint8_t)w[i])
			return 0;
	}
	return 1;
}

/* A top-level label reserved for private use (RFC 6761, RFC 6762, ICANN's
 * name-collision list): the names cannot be in the public DNS. */
static int internal_tld(const uint8_t *l, size_t n)
{
	switch (n) {
	case 3: return folded_is(l, "lan", 3);
	case 4:
		return folded_is(l, "corp", 4) || folded_is(l, "home", 4) || folded_is(l, "test", 4) ||
		       folded_is(l, "mail", 4);
	case 5: return folded_is(l, "local", 5);
	case 7: return folded_is(l, "private", 7) || folded_is(l, "invalid", 7) || folded_is(l, "example", 7);
	case 8: return folded_is(l, "internal", 8) || folded_is(l, "intranet", 8);
	case 9: return folded_is(l, "localhost", 9);
	case 11: return folded_is(l, "localdomain", 11);
	default: return 0;
	}
}

uint32_t sweep_dns_name_facts(const uint8_t *v, size_t n)
{
	uint32_t f = 0;
	unsigned all = 0, labels = 0;
	size_t start = 0, j;
	/* the syntax lint reads a leading "*." as the wildcard label and judges the rest */
	int star_dot = n >= 2 && v[0] == '*' && v[1] == '.';

	if (n == 0)
		return SWEEP_DNS_EMPTY | SWEEP_DNS_SYNTAX;
	if (n > 253)
		f |= SWEEP_DNS_TOO_LONG | SWEEP_DNS_SYNTAX;
	if (v[n - 1] == '.')
		f |= SWEEP_DNS_SYNTAX;
	if (v[0] == '.')
		f |= SWEEP_DNS_PERIOD;
	for (;;) {
		unsigned lc = 0;
		for (j = start; j < n; j++) {
			unsigned c = dns_class[v[j]];
			if (c & C_DOT)
				break;
			lc |= c;
		}
		const uint8_t *l = v + start;
		size_t ln = j - start;
		int first = start == 0;
		all |= lc;
		labels++;
		if (ln == 0)
			f |= SWEEP_DNS_EMPTY_LABEL | SWEEP_DNS_SYNTAX;
		else if (!(first && star_dot) && (ln > 63 || (lc & C_OTHER) || l[0] == '-' || l[ln - 1] == '-'))
			f |= SWEEP_DNS_SYNTAX;
		if (ln > 63)
			f |= SWEEP_DNS_LABEL_TOO_LONG;
		if (lc & C_OTHER) {
			int lone_star = first && ln == 1 && l[0] == '*';
			if (!lone_star)
				f |= SWEEP_DNS_BAD_CHARACTER;
			if (ln == 1 && l[0] == '?')
				f |= SWEEP_DNS_REDACTED;
			if (lc & C_STAR) {
				if (!first)
					f |= SWEEP_DNS_WILDCARD_NOT_LEFT | SWEEP_DNS_WILDCARD_NOT_FIRST;
				else if (!lone_star)
					f |= SWEEP_DNS_WILDCARD_PARTIAL;
				if (first && ln > 1 && memchr(l + 1, '*', ln - 1))
					f |= SWEEP_DNS_WILDCARD_NOT_FIRST;
			}
		}
		if (ln >= 4 && l[2] == '-' && l[3] == '-') {
			f |= SWEEP_DNS_DASHDASH;
			if ((l[0] | 0x20) == 'x' && (l[1] | 0x20) == 'n') {
				if (!punycode_valid(l + 4, ln - 4))
					f |= SWEEP_DNS_XN_BAD;
			} else {
				f |= SWEEP_DNS_LDH_RESERVED;
			}
		}
		if (j == n)
			break;
		start = j + 1;
	}
	/* start, j: the last label */
	if (labels == 1 || internal_tld(v + start, n - start))
		f |= SWEEP_DNS_INTERNAL;
	if (labels > 1 && n - start == 4 && folded_is(v + start, "arpa", 4)) {
		int a = arpa_finding(v, n);
		if (a == 1)
			f |= SWEEP_DNS_ARPA_RESERVED;
		else if (a == 2)
			f |= SWEEP_DNS_ARPA_MALFORMED;
	}
	if (v[0] == '*' && !star_dot)
		f |= SWEEP_DNS_WILDCARD_POS;
	if (f & SWEEP_DNS_WILDCARD_NOT_FIRST)
		f |= SWEEP_DNS_WILDCARD_POS;
	if (star_dot && labels == 2)
		f |= SWEEP_DNS_WILDCARD_TLD;
	if (n == 1 && v[0] == '*')
		f |= SWEEP_DNS_BARE_WILDCARD;
	if (all & C_UPPER)
		f |= SWEEP_DNS_UPPER;
	if (all & C_STAR)
		f |= SWEEP_DNS_STAR;
	if (all & C_UNDERSCORE)
		f |= SWEEP_DNS_UNDERSCORE;
	if (all & C_SPACE)
		f |= SWEEP_DNS_SPACE;
	if (all & C_NUL)
		f |= SWEEP_DNS_NUL;
	if (all & C_HIGH)
		f |= SWEEP_DNS_NOT_IA5;
	return f;
}

unsigned sweep_dns_facts(const struct sweep_cert *cert)
{
	struct sweep_lint_memo *m = sweep_memo(cert);

	if (m->have & SWEEP_MEMO_DNS)
		return m->dns;
	uint32_t f = 0;
	for (size_t i = 0; i < cert->n_san; i++) {
		const struct sweep_gname *g = &cert->san[i];
		if (g->tag == 2)
			f |= sweep_dns_name_facts(g->val, g->len);
	}
	m->dns = f;
	m->have |= SWEEP_MEMO_DNS;
	return f;
}

const struct sweep_gname *sweep_dns_first_walk(const struct sweep_cert *cert, uint32_t bit)
{
	for (size_t i = 0; i < cert->n_san; i++) {
		const struct sweep_gname *g = &cert->san[i];
		if (g->tag == 2 && (sweep_dns_name_facts(g->val, g->len) & bit))
			return g;
	}
	return NULL;
}
