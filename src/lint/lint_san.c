/* subjectAltName lints (RFC 5280 4.2.1.6, BR 7.1.4.2.1 / 7.1.2.7.12). */
#include "checks.h"
#include "dns_facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

/* BR subjectAltName content rules (7.1.4.2.1 / 7.1.2.7.12) govern subscriber
 * certificates only; a CA certificate's SAN is outside them. */
int sweep_applies_has_san(const struct sweep_cert *cert)
{
	return !cert->is_ca && cert->has_san;
}

/* RFC 5280 4.2.1.6 holds for every certificate with a subjectAltName. */
int sweep_applies_san_present(const struct sweep_cert *cert)
{
	return cert->has_san;
}

#define DNS_ARGS(g) (int)(g)->len, (const char *)(g)->val

SWEEP_CHECK_DECL(sweep_check_san_missing)
{
	(void)cfg;
	return sweep_require(cert->has_san, "subscriber certificate without subjectAltName", details);
}

/* Fail with "dNSName "x" <why>" for the first dNSName with the fact bit
 * (dns_facts.c); pass at once when none has it. */
static enum sweep_check each_dns(const struct sweep_cert *cert, uint32_t bit, const char *why,
				 struct sweep_buf *details)
{
	const struct sweep_gname *g = sweep_dns_first_with(cert, bit);

	if (!g)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName \"%.*s\" %s", DNS_ARGS(g), why);
	return SWEEP_CHECK_FAIL;
}

SWEEP_CHECK_DECL(sweep_check_san_empty)
{
	(void)cfg;
	if (cert->n_san == 0) {
		sweep_buf_puts(details, "subjectAltName has no GeneralName");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* isalnum() of the C locale (certsweep sets no other), '-' and '_' */
#define DNS_ALNUM_ROW(c0) [c0] = 1, [c0 + 1] = 1, [c0 + 2] = 1, [c0 + 3] = 1, [c0 + 4] = 1
static const uint8_t dns_char[256] = {
	DNS_ALNUM_ROW('0'), DNS_ALNUM_ROW('5'),
	DNS_ALNUM_ROW('A'), DNS_ALNUM_ROW('F'), DNS_ALNUM_ROW('K'), DNS_ALNUM_ROW('P'), DNS_ALNUM_ROW('U'),
	['Z'] = 1,
	DNS_ALNUM_ROW('a'), DNS_ALNUM_ROW('f'), DNS_ALNUM_ROW('k'), DNS_ALNUM_ROW('p'), DNS_ALNUM_ROW('u'),
	['z'] = 1, ['-'] = 1, ['_'] = 1,
};

/* Preferred name syntax (RFC 1034 3.5 as amended by RFC 1123), allowing a
 * leading "*." wildcard label and underscores (judged by their own lints). */
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

/* RFC 1034 3.5 (RFC 1123 2.1): the facts say whether some name fails; dns_syntax_problem() says why. */
SWEEP_CHECK_DECL(sweep_check_san_dns_syntax)
{
	const struct sweep_gname *g = sweep_dns_first_with(cert, SWEEP_DNS_SYNTAX);

	(void)cfg;
	if (!g)
		return SWEEP_CHECK_PASS;
	sweep_buf_printf(details, "dNSName \"%.*s\" %s", DNS_ARGS(g), dns_syntax_problem(g->val, g->len));
	return SWEEP_CHECK_FAIL;
}

/* BR 7.1.4.2.1 (ballot SC12): no underscores from 2019-04-01 */
SWEEP_CHECK_DECL(sweep_check_san_dns_underscore)
{
	(void)cfg;
	return each_dns(cert, SWEEP_DNS_UNDERSCORE, "contains an underscore", details);
}

/* only "*" as the whole leftmost label (BR 1.6.1 "Wildcard Domain Name") */
SWEEP_CHECK_DECL(sweep_check_san_dns_wildcard_position)
{
	(void)cfg;
	return each_dns(cert, SWEEP_DNS_WILDCARD_POS, "has '*' other than as the whole leftmost label", details);
}

/* BR 3.2.2.6: no wildcard directly under a top-level domain */
SWEEP_CHECK_DECL(sweep_check_san_dns_wildcard_tld)
{
	(void)cfg;
	return each_dns(cert, SWEEP_DNS_WILDCARD_TLD, "is a wildcard directly under a top-level domain", details);
}

/* Names that cannot be in the public DNS: one label, or a suffix reserved
 * for private use (RFC 6761, RFC 6762, ICANN's name-collision list; the
 * list is dns_facts.c's internal_tld). */
SWEEP_CHECK_DECL(sweep_check_san_dns_internal)
{
	(void)cfg;
	return each_dns(cert, SWEEP_DNS_INTERNAL, "is an internal name", details);
}

/* RFC 5280 4.2.1.6: names compare case-insensitively; lower case is the community norm */
SWEEP_CHECK_DECL(sweep_check_san_dns_uppercase)
{
	(void)cfg;
	return each_dns(cert, SWEEP_DNS_UPPER, "is not in lower case", details);
}

/* IANA special-purpose ranges that are not globally reachable. */
static const char *reserved_ip(const uint8_t *a, size_t n)
{
	if (n == 4) {
		if (a[0] == 10 || a[0] == 127 || a[0] == 0 || a[0] >= 224)
			return "reserved IPv4 range";
		if ((a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168))
			return "private IPv4 range (RFC 1918)";
		if (a[0] == 169 && a[1] == 254)
			return "link-local IPv4";
		if (a[0] == 100 && (a[1] & 0xc0) == 64)
			return "shared address space (RFC 6598)";
		return NULL;
	}
	if (n == 16) {
		static const uint8_t loop[16] = { [15] = 1 }, zero[16] = { 0 };
		if (memcmp(a, loop, 16) == 0 || memcmp(a, zero, 16) == 0)
			return "loopback or unspecified IPv6";
		if ((a[0] & 0xfe) == 0xfc)
			return "unique local IPv6 (fc00::/7)";
		if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
			return "link-local IPv6";
		if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
			return "documentation IPv6 (2001:db8::/32)";
	}
	return NULL;
}

SWEEP_CHECK_DECL(sweep_check_san_ip_reserved)
{
	(void)cfg;
	for (size_t i = 0; i < cert->n_san; i++) {
		const struct sweep_gname *g = &cert->san[i];
		const char *why;
		if (g->tag != 7)
			continue;
		why = reserved_ip(g->val, g->len);
		if (why) {
			sweep_buf_printf(details, "iPAddress in a %s", why);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_san_ip_length)
{
	(void)cfg;
	for (size_t i = 0; i < cert->n_san; i++) {
		const struct sweep_gname *g = &cert->san[i];
		if (g->tag == 7 && g->len != 4 && g->len != 16) {
			sweep_buf_printf(details, "iPAddress of %zu octets (want 4 or 16)", g->len);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_san_type_not_allowed)
{
	static const char *const names[] = { "otherName", "rfc822Name", "dNSName", "x400Address", "directoryName",
					     "ediPartyName", "uniformResourceIdentifier", "iPAddress", "registeredID" };
	(void)cfg;
	for (size_t i = 0; i < cert->n_san; i++) {
		unsigned t = cert->san[i].tag;
		if (t != 2 && t != 7) {
			sweep_buf_printf(details, "subjectAltName holds a %s", t < 9 ? names[t] : "GeneralName of unknown type");
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_san_critical_with_subject)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_SAN);

	(void)cfg;
	if (e && e->critical && cert->subject.n > 0) {
		sweep_buf_puts(details, "subjectAltName is critical although the subject is not empty");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_san_not_critical_empty_subject)
{
	const struct sweep_ext *e = CERT_EXT(cert, OID_EXT_SAN);

	(void)cfg;
	if (e && !e->critical && cert->subject.n == 0) {
		sweep_buf_puts(details, "the subject is empty but subjectAltName is not critical");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

int sweep_index_init(struct sweep_index *ix, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap *= 2;
	ix->slots = calloc(cap, sizeof(*ix->slots));
	ix->mask = cap - 1;
	return ix->slots ? 0 : -1;
}

void sweep_index_release(struct sweep_index *ix)
{
	free(ix->slots);
	ix->slots = NULL;
}

uint64_t sweep_hash_bytes(uint64_t h, const uint8_t *p, size_t n, int fold)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = fold && p[i] >= 'A' && p[i] <= 'Z' ? (uint8_t)(p[i] + 32) : p[i];
		h = (h ^ ch) * 1099511628211ull;
	}
	return h;
}

/* dNSNames compare case-insensitively (RFC 4343), so they hash folded. */
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

/* Without a NUL in any dNSName, equal names (gname_same) are equal octet
 * strings but for ASCII case, and any hash that gives them one value finds
 * the same duplicate: this one reads 8 octets a step, each folded with
 * | 0x20 (coarser than case folding, so equal names still collide). */
static uint64_t gname_hash_words(const struct sweep_gname *g)
{
	const uint64_t fold = 0x2020202020202020ull, mul = 0xff51afd7ed558ccdull;
	const uint8_t *p = g->val;
	size_t n = g->len;
	uint64_t h = (SWEEP_HASH_INIT ^ g->tag) + n * 0x9e3779b97f4a7c15ull, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ (w | fold)) * mul;
		h ^= h >> 32;
	}
	if (n) {
		w = 0;
		memcpy(&w, p, n);
		h = (h ^ (w | (fold >> (8 * (8 - n))))) * mul;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

static enum sweep_check duplicate_found(const struct sweep_gname *o, const struct sweep_gname *g,
					struct sweep_buf *details)
{
	if (g->tag == 2 && memcmp(g->val, o->val, g->len) != 0)
		sweep_buf_printf(details, "subjectAltName repeats \"%.*s\" as \"%.*s\" (DNS names are case-insensitive)",
				 DNS_ARGS(o), DNS_ARGS(g));
	else
		sweep_buf_printf(details, "subjectAltName repeats \"%.*s\"", DNS_ARGS(g));
	return SWEEP_CHECK_FAIL;
}

/* Few names (most certificates) are compared pair by pair, without the
 * index's allocation and hashing. The first name equal to an earlier one
 * is the one the index finds, and so is that earlier one (all names before
 * it differ from each other), unless a dNSName holds a NUL: strncasecmp
 * stops there, so names the hash tells apart may compare equal, and which
 * of them are found depends on gname_hash's probe chains. */
#define DUPLICATE_PAIRWISE 16

/* Linear in the number of names: one hash insert each (issue 14.9). */
SWEEP_CHECK_DECL(sweep_check_san_duplicate)
{
	struct sweep_index ix;
	enum sweep_check rc = SWEEP_CHECK_PASS;

	(void)cfg;
	if (cert->n_san < 2)
		return SWEEP_CHECK_PASS;
	int nul = (sweep_dns_facts(cert) & SWEEP_DNS_NUL) != 0;
	if (cert->n_san <= DUPLICATE_PAIRWISE && !nul) {
		for (size_t i = 1; i < cert->n_san; i++)
			for (size_t j = 0; j < i; j++)
				if (gname_same(&cert->san[i], &cert->san[j]))
					return duplicate_found(&cert->san[j], &cert->san[i], details);
		return SWEEP_CHECK_PASS;
	}
	if (sweep_index_init(&ix, cert->n_san)) {
		sweep_buf_puts(details, "out of memory");
		return SWEEP_CHECK_FATAL;
	}
	for (size_t i = 0; i < cert->n_san && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_gname *g = &cert->san[i];
		size_t at = sweep_index_slot(&ix, nul ? gname_hash(g) : gname_hash_words(g));
		while (ix.slots[at]) {
			const struct sweep_gname *o = &cert->san[ix.slots[at] - 1];
			if (gname_same(g, o)) {
				rc = duplicate_found(o, g, details);
				break;
			}
			at = (at + 1) & ix.mask;
		}
		ix.slots[at] = i + 1;
	}
	sweep_index_release(&ix);
	return rc;
}

/* RFC 5280 4.2.1.6: GeneralName is a CHOICE of context-tagged alternatives. */
SWEEP_CHECK_DECL(sweep_check_san_general_name_tag)
{
	(void)cfg;
	if (cert->defects & SWEEP_DEFECT_GENERAL_NAME_TAG) {
		sweep_buf_puts(details, "subjectAltName holds an entry that is not a context-tagged GeneralName");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}
