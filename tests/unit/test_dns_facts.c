/* The one-pass dNSName facts (dns_facts.c) against the per-lint walks they
 * replaced, kept here verbatim as references: on names built to sit on each
 * boundary (63/64-octet labels, 253/254-octet names, empty labels, a
 * trailing dot, '*' in every position, '_', upper case, xn-- and ??--
 * labels, .arpa forms, octets above 0x7F, NUL) and on many random ones.
 * Also the SAN's memoised union, the first name with a fact, and the
 * duplicate lint's pairwise path against the hash index it skips. */
#include "testutil.h"

#include "certsweep/buf.h"
#include "certsweep/cert.h"
#include "lint/checks.h"
#include "lint/dns_facts.h"

#include <ctype.h>
#include <strings.h>

/* ---- references: the walks the lints used to run (main before dns_facts.c) ---- */

/* lint_san.c */
#define DNS_ALNUM_ROW(c0) [c0] = 1, [c0 + 1] = 1, [c0 + 2] = 1, [c0 + 3] = 1, [c0 + 4] = 1
static const uint8_t dns_char[256] = {
	DNS_ALNUM_ROW('0'), DNS_ALNUM_ROW('5'),
	DNS_ALNUM_ROW('A'), DNS_ALNUM_ROW('F'), DNS_ALNUM_ROW('K'), DNS_ALNUM_ROW('P'), DNS_ALNUM_ROW('U'),
	['Z'] = 1,
	DNS_ALNUM_ROW('a'), DNS_ALNUM_ROW('f'), DNS_ALNUM_ROW('k'), DNS_ALNUM_ROW('p'), DNS_ALNUM_ROW('u'),
	['z'] = 1, ['-'] = 1, ['_'] = 1,
};
static const char *dns_syntax_problem(const uint8_t *p, size_t n)
{
	size_t label = 0, start = 0;

	if (n == 0)
		return "empty";
	if (n > 253)
		return "longer than 253 characters";
	if (p[n - 1] == '.')
		return "ends with a dot";
	if (n >= 2 && p[0] == '*' && p[1] == '.')
		start = 2;
	for (size_t i = start; i <= n; i++) {
		if (i == n || p[i] == '.') {
			if (label == 0)
				return "has an empty label";
			if (label > 63)
				return "has a label longer than 63 characters";
			if (p[i - 1] == '-' || p[i - label] == '-')
				return "has a label starting or ending with a hyphen";
			label = 0;
			continue;
		}
		if (!dns_char[p[i]])
			return "has a character outside letters, digits and hyphen";
		label++;
	}
	return NULL;
}
static int has_underscore(const uint8_t *p, size_t n)
{
	return memchr(p, '_', n) != NULL;
}
static int wildcard_on_tld(const uint8_t *p, size_t n)
{
	return n >= 2 && p[0] == '*' && p[1] == '.' && !memchr(p + 2, '.', n - 2);
}
static int internal_name(const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0;
	static const char *const suffixes[] = { "local", "localhost", "localdomain", "internal", "intranet", "corp",
						"lan", "home", "private", "test", "invalid", "example", "mail" };
	const uint8_t *dot = NULL;

	for (size_t i = 0; i < n; i++)
		if (p[i] == '.')
			dot = p + i;
	if (!dot)
		return 1;
	size_t tl = (size_t)(p + n - dot - 1);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strlen(suffixes[i]) == tl && strncasecmp(suffixes[i], (const char *)dot + 1, tl) == 0)
			return 1;
	return 0;
}
static int has_upper(const uint8_t *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (isupper(p[k]))
			return 1;
	return 0;
}

/* sweep_check_san_dns_wildcard_position's test of one name */
static int ref_wildcard_misplaced(const uint8_t *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] == '*' && (k != 0 || n < 2 || p[1] != '.'))
			return 1;
	return 0;
}

/* lint_dns.c */
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

/* lint_gnames.c */
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
static unsigned dns_finding(const uint8_t *v, size_t n)
{
	unsigned f = 0;

	if (has_high(v, n))
		f |= GN_DNS_NOT_IA5;
	if (memchr(v, ' ', n))
		f |= GN_DNS_SPACE;
	if (n && v[0] == '.')
		f |= GN_DNS_PERIOD;
	if (memchr(v, 0, n))
		f |= GN_DNS_NUL;
	if (n == 1 && v[0] == '*')
		f |= GN_DNS_BARE_WILDCARD;
	if (n > 1 && memchr(v + 1, '*', n - 1))
		f |= GN_DNS_WILDCARD_NOT_FIRST;
	if (n > 253)
		f |= GN_DNS_TOO_LONG;
	size_t start = 0;
	for (size_t j = 0; j <= n; j++) {
		if (j < n && v[j] != '.')
			continue;
		const uint8_t *l = v + start;
		size_t ln = j - start;
		if (ln == 0 && n > 0)
			f |= GN_DNS_EMPTY_LABEL;
		if (ln > 63)
			f |= GN_DNS_LABEL_TOO_LONG;
		if (ln == 1 && l[0] == '?')
			f |= GN_DNS_REDACTED;
		int wildcard = memchr(l, '*', ln) != NULL;
		if (wildcard && start == 0 && !(ln == 1 && l[0] == '*'))
			f |= GN_DNS_WILDCARD_PARTIAL;
		if (wildcard && start > 0)
			f |= GN_DNS_WILDCARD_NOT_LEFT;
		for (size_t k = 0; k < ln; k++)
			if (!isalnum(l[k]) && l[k] != '-' && l[k] != '_' && !(l[k] == '*' && start == 0 && ln == 1))
				f |= GN_DNS_BAD_CHARACTER;
		start = j + 1;
	}
	return f;
}

/* Every label of the name, as lint_dns.c's each_label() split it. */
static int any_label(const uint8_t *v, size_t n, int (*fn)(const uint8_t *l, size_t n))
{
	size_t start = 0;

	for (size_t j = 0; j <= n; j++) {
		if (j < n && v[j] != '.')
			continue;
		if (fn(v + start, j - start))
			return 1;
		start = j + 1;
	}
	return 0;
}

static int dashdash_label(const uint8_t *l, size_t n)
{
	return n >= 4 && l[2] == '-' && l[3] == '-';
}

/* The SWEEP_DNS_* bits the old walks give one name. */
static uint32_t ref_facts(const uint8_t *v, size_t n)
{
	static const struct {
		unsigned gn;
		uint32_t fact;
	} map[] = {
		{ GN_DNS_NOT_IA5, SWEEP_DNS_NOT_IA5 },
		{ GN_DNS_SPACE, SWEEP_DNS_SPACE },
		{ GN_DNS_PERIOD, SWEEP_DNS_PERIOD },
		{ GN_DNS_NUL, SWEEP_DNS_NUL },
		{ GN_DNS_BARE_WILDCARD, SWEEP_DNS_BARE_WILDCARD },
		{ GN_DNS_WILDCARD_NOT_FIRST, SWEEP_DNS_WILDCARD_NOT_FIRST },
		{ GN_DNS_EMPTY_LABEL, SWEEP_DNS_EMPTY_LABEL },
		{ GN_DNS_LABEL_TOO_LONG, SWEEP_DNS_LABEL_TOO_LONG },
		{ GN_DNS_BAD_CHARACTER, SWEEP_DNS_BAD_CHARACTER },
		{ GN_DNS_TOO_LONG, SWEEP_DNS_TOO_LONG },
		{ GN_DNS_WILDCARD_PARTIAL, SWEEP_DNS_WILDCARD_PARTIAL },
		{ GN_DNS_WILDCARD_NOT_LEFT, SWEEP_DNS_WILDCARD_NOT_LEFT },
		{ GN_DNS_REDACTED, SWEEP_DNS_REDACTED },
	};
	uint32_t f = 0;

	if (n == 0) {
		f |= SWEEP_DNS_EMPTY; /* lint_gnames.c's one_name() */
	} else {
		unsigned gn = dns_finding(v, n);
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (gn & map[i].gn)
				f |= map[i].fact;
	}
	if (dns_syntax_problem(v, n))
		f |= SWEEP_DNS_SYNTAX;
	if (has_underscore(v, n))
		f |= SWEEP_DNS_UNDERSCORE;
	if (ref_wildcard_misplaced(v, n))
		f |= SWEEP_DNS_WILDCARD_POS;
	if (wildcard_on_tld(v, n))
		f |= SWEEP_DNS_WILDCARD_TLD;
	if (internal_name(v, n))
		f |= SWEEP_DNS_INTERNAL;
	if (has_upper(v, n))
		f |= SWEEP_DNS_UPPER;
	if (memchr(v, '*', n))
		f |= SWEEP_DNS_STAR;
	if (any_label(v, n, dashdash_label))
		f |= SWEEP_DNS_DASHDASH;
	if (any_label(v, n, bad_xn_label))
		f |= SWEEP_DNS_XN_BAD;
	if (any_label(v, n, reserved_ldh_label))
		f |= SWEEP_DNS_LDH_RESERVED;
	switch (arpa_finding(v, n)) {
	case 1: f |= SWEEP_DNS_ARPA_RESERVED; break;
	case 2: f |= SWEEP_DNS_ARPA_MALFORMED; break;
	default: break;
	}
	return f;
}

static void same_as_reference(const uint8_t *v, size_t n)
{
	uint32_t got = sweep_dns_name_facts(v, n), want = ref_facts(v, n);

	if (got != want)
		fail_msg("dNSName \"%.*s\" (%zu octets): facts %#x, the old walks %#x", (int)n, (const char *)v, n,
			 (unsigned)got, (unsigned)want);
}

/* n octets of c, then the rest of s */
static size_t build(uint8_t *out, size_t cap, const char *pre, size_t n, char c, const char *post)
{
	size_t len = 0, pl = strlen(pre), ql = strlen(post);

	assert_true(pl + n + ql <= cap);
	memcpy(out, pre, pl);
	len = pl;
	memset(out + len, c, n);
	len += n;
	memcpy(out + len, post, ql);
	return len + ql;
}

static uint32_t facts_of(const char *s)
{
	same_as_reference((const uint8_t *)s, strlen(s));
	return sweep_dns_name_facts((const uint8_t *)s, strlen(s));
}

#define HAS(s, bits) assert_int_equal(facts_of(s) & (bits), (bits))
#define LACKS(s, bits) assert_int_equal(facts_of(s) & (bits), 0)

static void boundaries(void **state)
{
	uint8_t b[400];
	size_t n;

	(void)state;
	/* labels of 63 and 64 octets */
	n = build(b, sizeof(b), "", 63, 'a', ".example.com");
	same_as_reference(b, n);
	assert_int_equal(sweep_dns_name_facts(b, n) & (SWEEP_DNS_LABEL_TOO_LONG | SWEEP_DNS_SYNTAX), 0);
	n = build(b, sizeof(b), "www.", 64, 'a', ".com");
	same_as_reference(b, n);
	assert_int_equal(sweep_dns_name_facts(b, n) & (SWEEP_DNS_LABEL_TOO_LONG | SWEEP_DNS_SYNTAX),
			 SWEEP_DNS_LABEL_TOO_LONG | SWEEP_DNS_SYNTAX);
	/* names of 253 and 254 octets (labels of 63 and the rest) */
	for (size_t total = 250; total <= 256; total++) {
		n = build(b, sizeof(b), "", 0, 'a', "");
		while (n < total) {
			size_t l = total - n > 63 ? 63 : total - n;
			if (n) {
				b[n++] = '.';
				if (l > 1)
					l--;
			}
			memset(b + n, 'b', l);
			n += l;
		}
		same_as_reference(b, n);
		assert_int_equal(!!(sweep_dns_name_facts(b, n) & SWEEP_DNS_TOO_LONG), n > 253);
	}
	/* empty names and labels, dots */
	same_as_reference(b, 0);
	assert_int_equal(sweep_dns_name_facts(b, 0), SWEEP_DNS_EMPTY | SWEEP_DNS_SYNTAX);
	HAS("a..b.com", SWEEP_DNS_EMPTY_LABEL | SWEEP_DNS_SYNTAX);
	HAS("example.com.", SWEEP_DNS_EMPTY_LABEL | SWEEP_DNS_SYNTAX);
	HAS(".example.com", SWEEP_DNS_PERIOD | SWEEP_DNS_EMPTY_LABEL | SWEEP_DNS_SYNTAX);
	HAS(".", SWEEP_DNS_PERIOD | SWEEP_DNS_EMPTY_LABEL);
	HAS("..", SWEEP_DNS_EMPTY_LABEL);
	LACKS("www.example.com", ~0u);
	/* '*' in every position */
	LACKS("*.example.com", SWEEP_DNS_WILDCARD_POS | SWEEP_DNS_SYNTAX | SWEEP_DNS_BAD_CHARACTER);
	HAS("*.example.com", SWEEP_DNS_STAR);
	HAS("*", SWEEP_DNS_BARE_WILDCARD | SWEEP_DNS_WILDCARD_POS | SWEEP_DNS_INTERNAL | SWEEP_DNS_SYNTAX);
	HAS("*.", SWEEP_DNS_SYNTAX | SWEEP_DNS_WILDCARD_TLD);
	HAS("*.com", SWEEP_DNS_WILDCARD_TLD);
	LACKS("*.example.com", SWEEP_DNS_WILDCARD_TLD);
	HAS("a*.example.com", SWEEP_DNS_WILDCARD_PARTIAL | SWEEP_DNS_WILDCARD_NOT_FIRST | SWEEP_DNS_WILDCARD_POS);
	HAS("*a.example.com", SWEEP_DNS_WILDCARD_PARTIAL | SWEEP_DNS_WILDCARD_POS | SWEEP_DNS_SYNTAX);
	LACKS("*a.example.com", SWEEP_DNS_WILDCARD_NOT_FIRST);
	HAS("www.*.example.com", SWEEP_DNS_WILDCARD_NOT_LEFT | SWEEP_DNS_WILDCARD_POS);
	HAS("*.*.example.com", SWEEP_DNS_WILDCARD_NOT_LEFT);
	HAS("example.com*", SWEEP_DNS_WILDCARD_NOT_LEFT);
	/* underscores, upper case */
	HAS("_dmarc.example.com", SWEEP_DNS_UNDERSCORE);
	LACKS("_dmarc.example.com", SWEEP_DNS_SYNTAX | SWEEP_DNS_BAD_CHARACTER);
	HAS("WWW.Example.com", SWEEP_DNS_UPPER);
	/* xn-- and ??-- labels */
	LACKS("xn--bcher-kva.example", SWEEP_DNS_XN_BAD | SWEEP_DNS_LDH_RESERVED);
	HAS("xn--bcher-kva.example", SWEEP_DNS_DASHDASH | SWEEP_DNS_INTERNAL);
	LACKS("XN--BCHER-KVA.de", SWEEP_DNS_XN_BAD | SWEEP_DNS_LDH_RESERVED);
	HAS("www.xn--abc-.com", SWEEP_DNS_XN_BAD); /* all basic code points: no A-label needed */
	HAS("xn--ab_c.com", SWEEP_DNS_XN_BAD);
	HAS("xn--.com", SWEEP_DNS_DASHDASH);
	HAS("ab--cd.com", SWEEP_DNS_LDH_RESERVED);
	LACKS("ab-cd.com", SWEEP_DNS_DASHDASH);
	LACKS("a--b.com", SWEEP_DNS_DASHDASH);
	/* internal names */
	HAS("localhost", SWEEP_DNS_INTERNAL);
	HAS("server.CORP", SWEEP_DNS_INTERNAL);
	HAS("x.localdomain", SWEEP_DNS_INTERNAL);
	LACKS("x.corporate", SWEEP_DNS_INTERNAL);
	LACKS("local.com", SWEEP_DNS_INTERNAL);
	/* reverse names */
	HAS("1.0.0.10.in-addr.arpa", SWEEP_DNS_ARPA_RESERVED);
	LACKS("8.8.8.8.IN-ADDR.ARPA", SWEEP_DNS_ARPA_RESERVED | SWEEP_DNS_ARPA_MALFORMED);
	HAS("256.0.0.10.in-addr.arpa", SWEEP_DNS_ARPA_MALFORMED);
	HAS("x.in-addr.arpa", SWEEP_DNS_ARPA_MALFORMED);
	HAS("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa", SWEEP_DNS_ARPA_RESERVED);
	LACKS("1.0.ip6.arpa", SWEEP_DNS_ARPA_MALFORMED); /* too few nibbles: no address, not malformed */
	HAS("g.0.ip6.arpa", SWEEP_DNS_ARPA_MALFORMED);
	HAS("10.0.ip6.arpa", SWEEP_DNS_ARPA_MALFORMED);
	LACKS("1.0.ip6.arpa", SWEEP_DNS_INTERNAL);
	LACKS("in-addr.arpa", SWEEP_DNS_ARPA_MALFORMED | SWEEP_DNS_ARPA_RESERVED);
	LACKS("arpa", SWEEP_DNS_ARPA_MALFORMED);
	/* octets outside ASCII, NUL, space, '?' */
	HAS("caf\xc3\xa9.example.com", SWEEP_DNS_NOT_IA5 | SWEEP_DNS_BAD_CHARACTER | SWEEP_DNS_SYNTAX);
	same_as_reference((const uint8_t *)"a\0b.example.com", 15);
	assert_int_equal(sweep_dns_name_facts((const uint8_t *)"a\0b.example.com", 15) & SWEEP_DNS_NUL, SWEEP_DNS_NUL);
	HAS("a b.example.com", SWEEP_DNS_SPACE | SWEEP_DNS_BAD_CHARACTER);
	HAS("?.example.com", SWEEP_DNS_REDACTED);
	LACKS("??.example.com", SWEEP_DNS_REDACTED);
	HAS("-a.example.com", SWEEP_DNS_SYNTAX);
	HAS("a-.example.com", SWEEP_DNS_SYNTAX);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Names from an alphabet that hits every class, of every length up to 300,
 * and names assembled from labels that sit on the boundaries. */
static void random_names(void **state)
{
	static const char alphabet[] = "aZx-n_.*? 0\x80\xff" "9.";
	static const char *const labels[] = { "*", "xn--bcher-kva", "xn--abc", "XN--NXASMQ6B", "ab--c", "_x", "-a",
					      "a-", "", "?", "in-addr", "arpa", "ip6", "10", "1", "255", "256", "f",
					      "com", "local", "CoRp", "localhost", "a\xc3\xa9", "lan", "xn--", "A" };
	uint8_t b[400];

	(void)state;
	for (int round = 0; round < 200000; round++) {
		size_t n = 0;
		if (round % 2) {
			size_t len = rnd() % (round % 10 == 1 ? 300 : 24);
			for (; n < len; n++)
				b[n] = (uint8_t)alphabet[rnd() % (sizeof(alphabet) - 1)];
			if (rnd() % 16 == 0 && n)
				b[rnd() % n] = 0;
		} else if (round % 6 == 2) {
			/* reverse names: 1-5 decimal labels or 30-33 nibbles, some mutated */
			static const char *const tails[] = { ".in-addr.arpa", ".IP6.ARPA", ".ip6.arpa", ".in-addr.ARPA" };
			const char *tail = tails[rnd() % 4];
			if (tail[1] == 'i' && tail[2] == 'n') {
				size_t k = 1 + rnd() % 5;
				for (size_t i = 0; i < k; i++) {
					unsigned byte = rnd() % 4 ? (unsigned)(rnd() % 256) : (unsigned)(rnd() % 1100);
					static const unsigned firsts[] = { 10, 127, 0, 224, 172, 192, 169, 100 };
					if (i + 1 == k && rnd() % 2)
						byte = firsts[rnd() % 8];
					n += (size_t)snprintf((char *)b + n, sizeof(b) - n, "%s%u", i ? "." : "", byte);
				}
			} else {
				size_t k = 30 + rnd() % 4;
				for (size_t i = 0; i < k; i++) {
					if (i)
						b[n++] = '.';
					b[n++] = (uint8_t)"0123456789abcdefABCDEF"[rnd() % (rnd() % 2 ? 16 : 22)];
				}
				if (rnd() % 2) /* fe80::/10, fc00::/7, ::1 shapes at the top */
					memcpy(b + n - 7, rnd() % 2 ? "8.e.f" : "0.0.0", 5);
			}
			if (rnd() % 5 == 0 && n)
				b[rnd() % n] = (uint8_t)alphabet[rnd() % (sizeof(alphabet) - 1)];
			memcpy(b + n, tail, strlen(tail));
			n += strlen(tail);
		} else {
			size_t k = 1 + rnd() % 34;
			for (size_t i = 0; i < k && n < 330; i++) {
				if (i)
					b[n++] = '.';
				if (rnd() % 8 == 0) {
					size_t l = 60 + rnd() % 6;
					memset(b + n, 'q', l);
					n += l;
				} else {
					const char *l = labels[rnd() % (sizeof(labels) / sizeof(labels[0]))];
					memcpy(b + n, l, strlen(l));
					n += strlen(l);
				}
			}
		}
		same_as_reference(b, n);
	}
}

static void add_name(struct sweep_cert *c, unsigned tag, const char *v)
{
	if (c->n_san == c->cap_san) {
		c->cap_san = c->cap_san ? 2 * c->cap_san : 8;
		c->san = realloc(c->san, c->cap_san * sizeof(*c->san));
		assert_non_null(c->san);
	}
	c->san[c->n_san++] = (struct sweep_gname){ tag, (const uint8_t *)v, strlen(v) };
	c->has_san = 1;
	c->memo.have = 0;
}

/* The SAN's facts: the union over its dNSNames only, worked out once. */
static void san_union_and_first(void **state)
{
	struct sweep_cert c;

	(void)state;
	sweep_cert_init(&c);
	add_name(&c, 2, "www.example.com");
	add_name(&c, 1, "_X*@example.com");
	add_name(&c, 2, "_a.example.com");
	add_name(&c, 2, "B_.*.com");
	unsigned f = sweep_dns_facts(&c);
	assert_int_equal(f, sweep_dns_name_facts((const uint8_t *)"_a.example.com", 14) |
				    sweep_dns_name_facts((const uint8_t *)"B_.*.com", 8));
	assert_true(c.memo.have & SWEEP_MEMO_DNS);
	assert_ptr_equal(sweep_dns_first_with(&c, SWEEP_DNS_UNDERSCORE), &c.san[2]);
	assert_ptr_equal(sweep_dns_first_with(&c, SWEEP_DNS_UPPER), &c.san[3]);
	assert_null(sweep_dns_first_with(&c, SWEEP_DNS_NUL));
	/* memoised: a later change of the names is not seen until the memo is cleared */
	c.san[0].val = (const uint8_t *)"WWW";
	assert_int_equal(sweep_dns_facts(&c), f);
	sweep_cert_release(&c);
}

/* ---- the duplicate lint before the pairwise path ---- */
#define DNS_ARGS(g) (int)(g)->len, (const char *)(g)->val

static uint64_t gname_hash(const struct sweep_gname *g)
{
	return sweep_hash_bytes(SWEEP_HASH_INIT ^ g->tag, g->val, g->len, g->tag == 2);
}
static int gname_same(const struct sweep_gname *a, const struct sweep_gname *b)
{
	if (a->tag != b->tag || a->len != b->len)
		return 0;
	if (a->tag == 2)
		return strncasecmp((const char *)a->val, (const char *)b->val, a->len) == 0;
	return memcmp(a->val, b->val, a->len) == 0;
}
static SWEEP_CHECK_DECL(ref_san_duplicate)
{
	struct sweep_index ix;
	enum sweep_check rc = SWEEP_CHECK_PASS;

	(void)cfg;
	if (cert->n_san < 2)
		return SWEEP_CHECK_PASS;
	if (sweep_index_init(&ix, cert->n_san)) {
		sweep_buf_puts(details, "out of memory");
		return SWEEP_CHECK_FATAL;
	}
	for (size_t i = 0; i < cert->n_san && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_gname *g = &cert->san[i];
		size_t at = sweep_index_slot(&ix, gname_hash(g));
		while (ix.slots[at]) {
			const struct sweep_gname *o = &cert->san[ix.slots[at] - 1];
			if (gname_same(g, o)) {
				if (g->tag == 2 && memcmp(g->val, o->val, g->len) != 0)
					sweep_buf_printf(details,
							 "subjectAltName repeats \"%.*s\" as \"%.*s\" (DNS names are case-insensitive)",
							 DNS_ARGS(o), DNS_ARGS(g));
				else
					sweep_buf_printf(details, "subjectAltName repeats \"%.*s\"", DNS_ARGS(g));
				rc = SWEEP_CHECK_FAIL;
				break;
			}
			at = (at + 1) & ix.mask;
		}
		ix.slots[at] = i + 1;
	}
	sweep_index_release(&ix);
	return rc;
}

/* Random SANs of 2 to 40 names drawn from a few, some equal but for case,
 * some with a NUL, some not dNSNames: the same result and details. */
static void duplicate_matches_index(void **state)
{
	static const struct {
		unsigned tag;
		const char *v;
		size_t len;
	} pool[] = {
		{ 2, "a.example.com", 13 }, { 2, "A.Example.com", 13 }, { 2, "b.example.com", 13 },
		{ 2, "a\0x.com", 7 },	    { 2, "a\0y.com", 7 },	{ 2, "A\0y.com", 7 },
		{ 7, "\x0a\0\0\x01", 4 },  { 7, "\x0a\0\0\x02", 4 },	{ 1, "a.example.com", 13 },
		{ 2, "", 0 },		    { 6, "", 0 },		{ 2, "c.example.com", 13 },
		{ 2, "d.example.com", 13 }, { 2, "e.example.com", 13 }, { 2, "f.example.com", 13 },
	};
	static char many[100][48];
	struct sweep_buf want = SWEEP_BUF_INIT, got = SWEEP_BUF_INIT;
	struct sweep_cert c;
	unsigned failed = 0, passed = 0;

	(void)state;
	sweep_cert_init(&c);
	for (int round = 0; round < 20000; round++) {
		size_t n = 2 + rnd() % (round % 4 ? 6 : 39);
		size_t spread = 3 + rnd() % (sizeof(pool) / sizeof(pool[0]) - 2);
		c.n_san = 0;
		if (round % 3 == 0) {
			/* up to 100 names, distinct but for at most one equal but for case */
			n = 2 + rnd() % 99;
			for (size_t i = 0; i < n; i++) {
				snprintf(many[i], sizeof(many[i]), "%s%zu.%s", rnd() % 2 ? "www" : "WWW", i,
					 rnd() % 2 ? "example.com" : "Example.Com");
				add_name(&c, rnd() % 8 ? 2 : 7, many[i]);
			}
			if (rnd() % 2) {
				size_t a = rnd() % n, z = rnd() % n;
				c.san[z].val = c.san[a].val;
				c.san[z].len = c.san[a].len;
				c.san[z].tag = c.san[a].tag;
			}
		} else {
			for (size_t i = 0; i < n; i++) {
				size_t k = rnd() % spread;
				add_name(&c, pool[k].tag, "");
				c.san[c.n_san - 1].val = (const uint8_t *)pool[k].v;
				c.san[c.n_san - 1].len = pool[k].len;
			}
		}
		sweep_buf_reset(&want);
		sweep_buf_reset(&got);
		enum sweep_check r1 = ref_san_duplicate(&c, NULL, &want);
		c.memo.have = 0;
		enum sweep_check r2 = sweep_check_san_duplicate(&c, NULL, &got);
		assert_int_equal(r2, r1);
		assert_int_equal(got.len, want.len);
		if (want.len)
			assert_string_equal(sweep_buf_str(&got), sweep_buf_str(&want));
		if (r1 == SWEEP_CHECK_FAIL)
			failed++;
		else
			passed++;
	}
	assert_true(failed > 1000 && passed > 1000);
	sweep_buf_release(&want);
	sweep_buf_release(&got);
	sweep_cert_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boundaries),
		cmocka_unit_test(random_names),
		cmocka_unit_test(san_union_and_first),
		cmocka_unit_test(duplicate_matches_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
