/* Subject and issuer distinguished-name lints (BR 7.1.4, RFC 5280 4.1.2.4/4.1.2.6). */
#include "checks.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <strings.h>

int sweep_applies_all(const struct sweep_cert *cert)
{
	(void)cert;
	return 1;
}

int sweep_applies_subscriber(const struct sweep_cert *cert)
{
	return cert->kind == SWEEP_KIND_TLS_SUBSCRIBER; /* kind.h: OCSP, S/MIME ... are not BR subscribers */
}

int sweep_applies_ca(const struct sweep_cert *cert)
{
	return cert->is_ca;
}

int sweep_applies_ov(const struct sweep_cert *cert)
{
	return !cert->is_ca && cert->type == SWEEP_TYPE_OV;
}

int sweep_applies_dv(const struct sweep_cert *cert)
{
	return !cert->is_ca && cert->type == SWEEP_TYPE_DV;
}

const char *sweep_attr_label(const struct sweep_attr *a, char buf[64])
{
	const char *n = sweep_attr_type_name(a->oid, a->oid_len);

	if (n)
		return n;
	if (der_oid_text(a->oid, a->oid_len, buf, 64) != 0)
		snprintf(buf, 64, "?");
	return buf;
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

	size_t word, i;
	int digits = isdigit((unsigned char)s[0]);

	if (digits) {
		while (isdigit((unsigned char)s[n]) || s[n] == '.')
			n++;
	} else {
		while (isalpha((unsigned char)s[n]))
			n++;
	}
	if (n == 0)
		return 0;
	word = n;
	while (s[n] == ' ')
		n++;
	/* the '=' first: most values have none, and then no keyword is looked up */
	if (s[n] != '=')
		return 0;
	if (!digits) {
		for (i = 0; i < sizeof(rdn_keywords) / sizeof(rdn_keywords[0]); i++)
			if (strlen(rdn_keywords[i]) == word && strncasecmp(rdn_keywords[i], s, word) == 0)
				break;
		if (i == sizeof(rdn_keywords) / sizeof(rdn_keywords[0]))
			return 0;
	}
	return n + 1;
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

/* Walk the string values of a name; fn returns nonzero (with details) to fail. */
typedef int (*value_fn)(const struct sweep_attr *a, const char *utf8, int valid, struct sweep_buf *details);

/* The subject's values as UTF-8, converted once per certificate for the
 * lints that read them all (the memo of cert.h). Returns 1 when the memo
 * holds them, 0 when they did not fit (the caller converts as it goes). */
static int subject_utf8(const struct sweep_cert *c)
{
	struct sweep_lint_memo *m = sweep_memo(c);

	if (m->have & SWEEP_MEMO_SUBJ_UTF8)
		return m->subj_ok;
	m->have |= SWEEP_MEMO_SUBJ_UTF8;
	m->subj_ok = 0;
	if (c->subject.n > SWEEP_MEMO_ATTRS)
		return 0;
	struct sweep_buf v = SWEEP_BUF_INIT;
	size_t used = 0;
	int ok = 1;
	for (size_t i = 0; i < c->subject.n && ok; i++) {
		sweep_buf_reset(&v);
		int valid = sweep_attr_utf8(&c->subject.attrs[i], &v);
		const char *str = valid < 0 ? "" : sweep_buf_str(&v);
		size_t len = valid < 0 ? 0 : v.len;
		if (v.oom || used + len + 1 > SWEEP_MEMO_UTF8) {
			ok = 0;
			break;
		}
		memcpy(m->subj_utf8 + used, str, len);
		m->subj_utf8[used + len] = '\0';
		m->subj_off[i] = (uint16_t)used;
		m->subj_valid[i] = (signed char)valid;
		used += len + 1;
	}
	sweep_buf_release(&v);
	m->subj_ok = ok;
	return ok;
}

static enum sweep_check each_value(const struct sweep_cert *cert, value_fn fn, struct sweep_buf *details)
{
	const struct sweep_name *name = &cert->subject;
	struct sweep_buf v = SWEEP_BUF_INIT;
	enum sweep_check rc = SWEEP_CHECK_PASS;

	if (subject_utf8(cert)) {
		const struct sweep_lint_memo *m = &cert->memo;
		for (size_t i = 0; i < name->n; i++) {
			if (m->subj_valid[i] < 0)
				continue;
			if (fn(&name->attrs[i], m->subj_utf8 + m->subj_off[i], m->subj_valid[i], details))
				return SWEEP_CHECK_FAIL;
		}
		return SWEEP_CHECK_PASS;
	}
	for (size_t i = 0; i < name->n && rc == SWEEP_CHECK_PASS; i++) {
		sweep_buf_reset(&v);
		int valid = sweep_attr_utf8(&name->attrs[i], &v);
		if (valid < 0)
			continue;
		if (v.oom) {
			rc = SWEEP_CHECK_FATAL;
			break;
		}
		if (fn(&name->attrs[i], sweep_buf_str(&v), valid, details))
			rc = SWEEP_CHECK_FAIL;
	}
	sweep_buf_release(&v);
	return rc;
}

static int embedded_rdn(const struct sweep_attr *a, const char *v, int valid, struct sweep_buf *d)
{
	char lb[64];
	long at = find_embedded_rdn(v);

	(void)valid;
	if (at < 0)
		return 0;
	sweep_buf_printf(d, "subject %s value \"%s\" contains an embedded RDN at offset %ld", sweep_attr_label(a, lb), v, at);
	return 1;
}

SWEEP_CHECK_DECL(sweep_check_subject_embedded_rdn)
{
	(void)cfg;
	return each_value(cert, embedded_rdn, details);
}

static enum sweep_check empty_value(const struct sweep_name *name, const char *which, struct sweep_buf *d)
{
	char lb[64];

	for (size_t i = 0; i < name->n; i++) {
		if (name->attrs[i].len == 0) {
			sweep_buf_printf(d, "%s %s has an empty value", which, sweep_attr_label(&name->attrs[i], lb));
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_empty_value)
{
	(void)cfg;
	return empty_value(&cert->subject, "subject", details);
}

SWEEP_CHECK_DECL(sweep_check_issuer_empty_value)
{
	(void)cfg;
	return empty_value(&cert->issuer, "issuer", details);
}

static int whitespace(const struct sweep_attr *a, const char *v, int valid, struct sweep_buf *d)
{
	char lb[64];
	size_t n = strlen(v);

	(void)valid;
	if (n && (isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1]))) {
		sweep_buf_printf(d, "subject %s value \"%s\" has leading or trailing whitespace", sweep_attr_label(a, lb), v);
		return 1;
	}
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_subject_whitespace)
{
	(void)cfg;
	return each_value(cert, whitespace, details);
}

static int control_chars(const struct sweep_attr *a, const char *v, int valid, struct sweep_buf *d)
{
	char lb[64];

	(void)valid;
	/* the raw value: a NUL would end the UTF-8 copy early */
	for (size_t i = 0; i < a->len; i++) {
		unsigned char ch = a->val[i];
		int wide = a->tag == DER_BMPSTRING || a->tag == DER_UNIVERSALSTRING;
		if (!wide && (ch < 0x20 || ch == 0x7f)) {
			sweep_buf_printf(d, "subject %s value \"%s\" contains control character 0x%02x",
					 sweep_attr_label(a, lb), v, ch);
			return 1;
		}
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			sweep_buf_printf(d, "subject %s value contains control character 0x%02x", sweep_attr_label(a, lb), *p);
			return 1;
		}
		/* C1 controls U+0080..U+009F are C2 80..C2 9F in the UTF-8 copy */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			sweep_buf_printf(d, "subject %s value contains C1 control character U+%04X", sweep_attr_label(a, lb),
					 (unsigned)p[1]);
			return 1;
		}
	}
	return 0;
}

SWEEP_CHECK_DECL(sweep_check_subject_control_chars)
{
	(void)cfg;
	return each_value(cert, control_chars, details);
}

/* X.680 PrintableString: A-Z a-z 0-9 space ' ( ) + , - . / : = ? */
static int printable_ok(const struct sweep_attr *a)
{
	for (size_t i = 0; i < a->len; i++) {
		unsigned char c = a->val[i];
		if (!(isalnum(c) || strchr(" '()+,-./:=?", c)) || c == 0)
			return 0;
	}
	return 1;
}

static enum sweep_check printable_alphabet(const struct sweep_name *name, const char *which, struct sweep_buf *d)
{
	char lb[64];

	for (size_t i = 0; i < name->n; i++) {
		const struct sweep_attr *a = &name->attrs[i];
		if (a->tag == DER_PRINTABLESTRING && !printable_ok(a)) {
			sweep_buf_printf(d, "%s %s is a PrintableString with a character outside its alphabet", which,
					 sweep_attr_label(a, lb));
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_printable_alphabet)
{
	(void)cfg;
	return printable_alphabet(&cert->subject, "subject", details);
}

SWEEP_CHECK_DECL(sweep_check_issuer_printable_alphabet)
{
	(void)cfg;
	return printable_alphabet(&cert->issuer, "issuer", details);
}

SWEEP_CHECK_DECL(sweep_check_subject_ia5_non_ascii)
{
	char lb[64];

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (a->tag != DER_IA5STRING)
			continue;
		for (size_t k = 0; k < a->len; k++) {
			if (a->val[k] >= 0x80) {
				sweep_buf_printf(details, "subject %s is an IA5String with byte 0x%02x", sweep_attr_label(a, lb),
						 a->val[k]);
				return SWEEP_CHECK_FAIL;
			}
		}
	}
	return SWEEP_CHECK_PASS;
}

static enum sweep_check invalid_encoding(const struct sweep_cert *cert, unsigned tag, const char *what,
					 struct sweep_buf *d)
{
	struct sweep_buf v = SWEEP_BUF_INIT;
	char lb[64];
	enum sweep_check rc = SWEEP_CHECK_PASS;

	int memo = subject_utf8(cert);

	for (size_t i = 0; i < cert->subject.n && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (a->tag != tag)
			continue;
		sweep_buf_reset(&v);
		if ((memo ? cert->memo.subj_valid[i] : sweep_attr_utf8(a, &v)) == 0) {
			sweep_buf_printf(d, "subject %s is not a well-formed %s", sweep_attr_label(a, lb), what);
			rc = SWEEP_CHECK_FAIL;
		}
	}
	sweep_buf_release(&v);
	return rc;
}

SWEEP_CHECK_DECL(sweep_check_subject_utf8_invalid)
{
	(void)cfg;
	return invalid_encoding(cert, DER_UTF8STRING, "UTF8String (RFC 3629)", details);
}

SWEEP_CHECK_DECL(sweep_check_subject_bmp_invalid)
{
	(void)cfg;
	return invalid_encoding(cert, DER_BMPSTRING, "BMPString (even length, no surrogates)", details);
}

/* BR 7.1.4.1 (v2): PrintableString or UTF8String; IA5String for DC and
 * emailAddress; C, jurisdictionC and serialNumber PrintableString only. */
SWEEP_CHECK_DECL(sweep_check_subject_string_type)
{
	char lb[64];

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		int ok;
		if (ATTR_IS(a, OID_AT_DC) || ATTR_IS(a, OID_AT_EMAIL))
			ok = a->tag == DER_IA5STRING;
		else if (ATTR_IS(a, OID_AT_C) || ATTR_IS(a, OID_AT_JUR_C) || ATTR_IS(a, OID_AT_SERIAL))
			ok = a->tag == DER_PRINTABLESTRING;
		else
			ok = a->tag == DER_PRINTABLESTRING || a->tag == DER_UTF8STRING;
		if (!ok) {
			sweep_buf_printf(details, "subject %s uses string type 0x%02x", sweep_attr_label(a, lb), a->tag);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_country_printable)
{
	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (ATTR_IS(a, OID_AT_C) && a->tag != DER_PRINTABLESTRING) {
			sweep_buf_printf(details, "subject countryName uses string type 0x%02x, not PrintableString", a->tag);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

/* ISO 3166-1 alpha-2 codes, plus XX which the BR allow when no country applies. */
static const char iso3166[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV "
	"BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES "
	"ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE "
	"IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY "
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU "
	"NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM "
	"SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE "
	"VG VI VN VU WF WS YE YT ZA ZM ZW XX";

/* the list as a bitmap: bit (second letter) of row (first letter), built once */
static uint32_t iso3166_rows[26];
static pthread_once_t iso3166_once = PTHREAD_ONCE_INIT;

static void iso3166_init(void)
{
	/* entries are "CC" separated by one space: 3 bytes apart, the last without a space */
	for (size_t i = 0; i + 2 < sizeof(iso3166); i += 3)
		iso3166_rows[iso3166[i] - 'A'] |= UINT32_C(1) << (iso3166[i + 1] - 'A');
}

int sweep_country_code_valid(const uint8_t *v, size_t len)
{
	if (len != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z')
		return 0;
	if (pthread_once(&iso3166_once, iso3166_init))
		return 0;
	return (iso3166_rows[v[0] - 'A'] >> (v[1] - 'A')) & 1;
}

static enum sweep_check country_code(const struct sweep_name *name, const uint8_t *oid, size_t oid_len,
				     const char *which, struct sweep_buf *d)
{
	for (size_t i = 0; i < name->n; i++) {
		const struct sweep_attr *a = &name->attrs[i];
		if (!sweep_attr_is(a, oid, oid_len) || sweep_country_code_valid(a->val, a->len))
			continue;
		sweep_buf_printf(d, "%s \"%.*s\" is not an ISO 3166-1 alpha-2 code", which, (int)(a->len > 16 ? 16 : a->len),
				 (const char *)a->val);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_country_code)
{
	(void)cfg;
	return country_code(&cert->subject, OID_AT_C, sizeof(OID_AT_C), "subject countryName", details);
}

SWEEP_CHECK_DECL(sweep_check_issuer_country_code)
{
	(void)cfg;
	return country_code(&cert->issuer, OID_AT_C, sizeof(OID_AT_C), "issuer countryName", details);
}

SWEEP_CHECK_DECL(sweep_check_ev_jurisdiction_country_code)
{
	(void)cfg;
	return country_code(&cert->subject, OID_AT_JUR_C, sizeof(OID_AT_JUR_C), "jurisdictionCountryName", details);
}

/* Linear in the number of attributes: one hash insert per attribute type. */
SWEEP_CHECK_DECL(sweep_check_subject_duplicate_attribute)
{
	struct sweep_index ix;
	enum sweep_check rc = SWEEP_CHECK_PASS;
	char lb[64];

	(void)cfg;
	if (sweep_index_init(&ix, cert->subject.n)) {
		sweep_buf_puts(details, "out of memory");
		return SWEEP_CHECK_FATAL;
	}
	for (size_t i = 0; i < cert->subject.n && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		if (ATTR_IS(a, OID_AT_DC) || ATTR_IS(a, OID_AT_STREET))
			continue; /* the BR allow several of these */
		size_t at = sweep_index_slot(&ix, sweep_hash_bytes(SWEEP_HASH_INIT, a->oid, a->oid_len, 0));
		for (; ix.slots[at]; at = (at + 1) & ix.mask) {
			const struct sweep_attr *o = &cert->subject.attrs[ix.slots[at] - 1];
			if (o->oid_len == a->oid_len && memcmp(o->oid, a->oid, a->oid_len) == 0) {
				sweep_buf_printf(details, "subject has more than one %s", sweep_attr_label(a, lb));
				rc = SWEEP_CHECK_FAIL;
				break;
			}
		}
		ix.slots[at] = i + 1;
	}
	sweep_index_release(&ix);
	return rc;
}

SWEEP_CHECK_DECL(sweep_check_subject_multi_valued_rdn)
{
	(void)cfg;
	if (cert->subject.n_rdn != cert->subject.n) {
		sweep_buf_puts(details, "subject has a multi-valued RDN");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_contains_ou)
{
	(void)cfg;
	if (NAME_HAS(&cert->subject, OID_AT_OU)) {
		sweep_buf_puts(details, "subject contains organizationalUnitName");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

static int ascii_casecmp_n(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	if (al != bl)
		return 1;
	for (size_t i = 0; i < al; i++)
		if (tolower(a[i]) != tolower(b[i]))
			return 1;
	return 0;
}

/* CN text as an IP address: 4 or 16 octets, or 0 when it is not one. */
static size_t cn_ip(const struct sweep_attr *a, uint8_t out[16])
{
	char text[64];

	if (a->len == 0 || a->len >= sizeof(text) || memchr(a->val, 0, a->len))
		return 0;
	memcpy(text, a->val, a->len);
	text[a->len] = '\0';
	if (inet_pton(AF_INET, text, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, text, out) == 1)
		return 16;
	return 0;
}

/* Whether the SAN has a dNSName equal to v ignoring case (*folded) and byte
 * for byte (*same), by the index when there is one, else name by name. */
static void dns_lookup(const struct sweep_cert *cert, const struct sweep_index *ix, const uint8_t *v, size_t n,
		       int *folded, int *same)
{
	*folded = *same = 0;
	if (!ix) {
		for (size_t k = 0; k < cert->n_san && !*same; k++) {
			const struct sweep_gname *g = &cert->san[k];
			if (g->tag != 2 || ascii_casecmp_n(g->val, g->len, v, n) != 0)
				continue;
			*folded = 1;
			*same = memcmp(g->val, v, n) == 0;
		}
		return;
	}
	for (size_t at = sweep_index_slot(ix, sweep_hash_bytes(SWEEP_HASH_INIT ^ 2u, v, n, 1)); ix->slots[at] && !*same;
	     at = (at + 1) & ix->mask) {
		const struct sweep_gname *g = &cert->san[ix->slots[at] - 1];
		if (g->tag != 2 || ascii_casecmp_n(g->val, g->len, v, n) != 0)
			continue;
		*folded = 1;
		*same = memcmp(g->val, v, n) == 0;
	}
}

/* Whether the SAN has an iPAddress of these octets. */
static int ip_lookup(const struct sweep_cert *cert, const struct sweep_index *ix, const uint8_t *ip, size_t n)
{
	if (!ix) {
		for (size_t k = 0; k < cert->n_san; k++)
			if (cert->san[k].tag == 7 && cert->san[k].len == n && memcmp(cert->san[k].val, ip, n) == 0)
				return 1;
		return 0;
	}
	for (size_t at = sweep_index_slot(ix, sweep_hash_bytes(SWEEP_HASH_INIT ^ 7u, ip, n, 0)); ix->slots[at];
	     at = (at + 1) & ix->mask) {
		const struct sweep_gname *g = &cert->san[ix->slots[at] - 1];
		if (g->tag == 7 && g->len == n && memcmp(g->val, ip, n) == 0)
			return 1;
	}
	return 0;
}

/* BR 7.1.4.2.2(a) (v1) / 7.1.2.7.2 (v2): each commonName is one of the SAN
 * values. An IP address in the CN (IPv4 dotted quad, or IPv6 text in any
 * RFC 4291 form) matches an iPAddress of the same octets; a domain name
 * matches a dNSName ignoring case before BR 1.8.0, byte for byte after. */
static enum sweep_check cn_in_san(const struct sweep_cert *cert, int exact, struct sweep_buf *details)
{
	struct sweep_index ix, *index = NULL;
	enum sweep_check rc = SWEEP_CHECK_PASS;
	struct sweep_lint_memo *memo = sweep_memo(cert);
	unsigned bit = exact ? 2u : 1u;

	/* the two lints ask the same question: both answers come from one pass
	 * (a failure is worked out again, for its details) */
	if ((memo->have & SWEEP_MEMO_CN_SAN) && !(memo->cn_san & bit))
		return SWEEP_CHECK_PASS;
	unsigned missing = 0; /* bit 0: a CN found in no entry, bit 1: in none byte for byte */

	if (!sweep_name_find(&cert->subject, OID_AT_CN, sizeof(OID_AT_CN)))
		return SWEEP_CHECK_PASS;
	/* a long SAN gets an index, one lookup per CN: linear however many of
	 * each; a short one (nearly all) is read name by name */
	if (cert->n_san > 16) {
		if (sweep_index_init(&ix, cert->n_san)) {
			sweep_buf_puts(details, "out of memory");
			return SWEEP_CHECK_FATAL;
		}
		index = &ix;
		for (size_t k = 0; k < cert->n_san; k++) {
			const struct sweep_gname *g = &cert->san[k];
			if (g->tag != 2 && g->tag != 7)
				continue;
			size_t at = sweep_index_slot(&ix, sweep_hash_bytes(SWEEP_HASH_INIT ^ g->tag, g->val, g->len,
									   g->tag == 2));
			while (ix.slots[at])
				at = (at + 1) & ix.mask;
			ix.slots[at] = k + 1;
		}
	}
	for (size_t i = 0; i < cert->subject.n && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		uint8_t ip[16];
		size_t iplen;
		int found, folded, same;
		if (!ATTR_IS(a, OID_AT_CN))
			continue;
		dns_lookup(cert, index, a->val, a->len, &folded, &same);
		found = exact ? same : folded;
		if (!same && (iplen = cn_ip(a, ip)) != 0 && ip_lookup(cert, index, ip, iplen)) {
			/* an IP address matches alike in both modes */
			found = folded = same = 1;
		}
		missing |= (folded ? 0u : 1u) | (same ? 0u : 2u);
		if (!found) {
			sweep_buf_printf(details, "commonName \"%.*s\" is not among the subjectAltName entries%s",
					 (int)(a->len > 64 ? 64 : a->len), (const char *)a->val,
					 folded ? " byte for byte (only when ignoring case)" : "");
			rc = SWEEP_CHECK_FAIL;
		}
	}
	if (index)
		sweep_index_release(&ix);
	/* a failure stops the loop early: both answers are kept only from a
	 * pass that saw every CN */
	if (rc == SWEEP_CHECK_PASS) {
		memo->cn_san = missing;
		memo->have |= SWEEP_MEMO_CN_SAN;
	}
	return rc;
}

SWEEP_CHECK_DECL(sweep_check_subject_cn_not_in_san)
{
	(void)cfg;
	return cn_in_san(cert, 0, details);
}

SWEEP_CHECK_DECL(sweep_check_subject_cn_not_exactly_in_san)
{
	(void)cfg;
	return cn_in_san(cert, 1, details);
}

static enum sweep_check needs_org(const struct sweep_cert *c, const uint8_t *oid, size_t len, const char *what,
				  struct sweep_buf *d)
{
	if (sweep_name_find(&c->subject, oid, len) && !NAME_HAS(&c->subject, OID_AT_O)) {
		sweep_buf_printf(d, "subject has %s but no organizationName", what);
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_locality_without_org)
{
	(void)cfg;
	return needs_org(cert, OID_AT_L, sizeof(OID_AT_L), "localityName", details);
}

SWEEP_CHECK_DECL(sweep_check_subject_state_without_org)
{
	(void)cfg;
	return needs_org(cert, OID_AT_ST, sizeof(OID_AT_ST), "stateOrProvinceName", details);
}

SWEEP_CHECK_DECL(sweep_check_subject_street_without_org)
{
	enum sweep_check rc;

	(void)cfg;
	rc = needs_org(cert, OID_AT_STREET, sizeof(OID_AT_STREET), "streetAddress", details);
	if (rc == SWEEP_CHECK_PASS)
		rc = needs_org(cert, OID_AT_POSTAL_CODE, sizeof(OID_AT_POSTAL_CODE), "postalCode", details);
	return rc;
}

SWEEP_CHECK_DECL(sweep_check_subject_org_without_place)
{
	(void)cfg;
	if (NAME_HAS(&cert->subject, OID_AT_O) && !NAME_HAS(&cert->subject, OID_AT_L) &&
	    !NAME_HAS(&cert->subject, OID_AT_ST)) {
		sweep_buf_puts(details, "subject has organizationName but neither localityName nor stateOrProvinceName");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_subject_org_without_country)
{
	(void)cfg;
	if (NAME_HAS(&cert->subject, OID_AT_O) && !NAME_HAS(&cert->subject, OID_AT_C)) {
		sweep_buf_puts(details, "subject has organizationName but no countryName");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* BR 7.1.2.7.2-7.1.2.7.5 (v2): the attributes a TLS subscriber subject may hold. */
SWEEP_CHECK_DECL(sweep_check_subject_attribute_not_allowed)
{
	static const struct {
		const uint8_t *oid;
		size_t len;
	} allowed[] = {
#define A(o) { o, sizeof(o) }
		A(OID_AT_CN), A(OID_AT_C), A(OID_AT_ST), A(OID_AT_L), A(OID_AT_O), A(OID_AT_STREET),
		A(OID_AT_POSTAL_CODE), A(OID_AT_SERIAL), A(OID_AT_BUSINESS_CATEGORY), A(OID_AT_JUR_C),
		A(OID_AT_JUR_ST), A(OID_AT_JUR_L), A(OID_AT_ORG_ID), A(OID_AT_GIVEN_NAME), A(OID_AT_SURNAME),
		A(OID_AT_DC),
#undef A
	};
	char lb[64];

	(void)cfg;
	for (size_t i = 0; i < cert->subject.n; i++) {
		const struct sweep_attr *a = &cert->subject.attrs[i];
		int ok = 0;
		for (size_t k = 0; k < sizeof(allowed) / sizeof(allowed[0]) && !ok; k++)
			ok = sweep_attr_is(a, allowed[k].oid, allowed[k].len);
		if (!ok) {
			sweep_buf_printf(details, "subject attribute %s is not allowed in a TLS subscriber certificate",
					 sweep_attr_label(a, lb));
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_issuer_dn_empty)
{
	(void)cfg;
	if (cert->issuer.n == 0) {
		sweep_buf_puts(details, "issuer name is empty");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* RFC 5280 Appendix A upper bounds (in characters). */
static enum sweep_check too_long(const struct sweep_cert *c, const uint8_t *oid, size_t len, size_t max,
				 const char *what, struct sweep_buf *d)
{
	struct sweep_buf v = SWEEP_BUF_INIT;
	enum sweep_check rc = SWEEP_CHECK_PASS;
	int memo = subject_utf8(c);

	for (size_t i = 0; i < c->subject.n && rc == SWEEP_CHECK_PASS; i++) {
		const struct sweep_attr *a = &c->subject.attrs[i];
		if (!sweep_attr_is(a, oid, len))
			continue;
		const char *str;
		if (memo) {
			str = c->memo.subj_utf8 + c->memo.subj_off[i];
		} else {
			sweep_buf_reset(&v);
			sweep_attr_utf8(a, &v);
			str = sweep_buf_str(&v);
		}
		size_t chars = 0;
		for (const unsigned char *p = (const unsigned char *)str; *p; p++)
			chars += (*p & 0xc0) != 0x80;
		if (chars > max) {
			sweep_buf_printf(d, "subject %s has %zu characters, more than %zu", what, chars, max);
			rc = SWEEP_CHECK_FAIL;
		}
	}
	sweep_buf_release(&v);
	return rc;
}

SWEEP_CHECK_DECL(sweep_check_subject_cn_too_long)
{
	(void)cfg;
	return too_long(cert, OID_AT_CN, sizeof(OID_AT_CN), 64, "commonName", details);
}

SWEEP_CHECK_DECL(sweep_check_subject_org_too_long)
{
	(void)cfg;
	return too_long(cert, OID_AT_O, sizeof(OID_AT_O), 64, "organizationName", details);
}

/* BR 7.1.2.7.2 / 7.1.6.4: a DV subject holds no identity information. */
SWEEP_CHECK_DECL(sweep_check_dv_subject_org_fields)
{
	static const struct {
		const uint8_t *oid;
		size_t len;
		const char *name;
	} banned[] = {
		{ OID_AT_O, sizeof(OID_AT_O), "organizationName" },
		{ OID_AT_L, sizeof(OID_AT_L), "localityName" },
		{ OID_AT_ST, sizeof(OID_AT_ST), "stateOrProvinceName" },
		{ OID_AT_STREET, sizeof(OID_AT_STREET), "streetAddress" },
		{ OID_AT_POSTAL_CODE, sizeof(OID_AT_POSTAL_CODE), "postalCode" },
		{ OID_AT_GIVEN_NAME, sizeof(OID_AT_GIVEN_NAME), "givenName" },
		{ OID_AT_SURNAME, sizeof(OID_AT_SURNAME), "surname" },
	};

	(void)cfg;
	for (size_t k = 0; k < sizeof(banned) / sizeof(banned[0]); k++) {
		if (sweep_name_find(&cert->subject, banned[k].oid, banned[k].len)) {
			sweep_buf_printf(details, "DV certificate has %s in its subject", banned[k].name);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_ov_missing_org)
{
	(void)cfg;
	if (!NAME_HAS(&cert->subject, OID_AT_O)) {
		sweep_buf_puts(details, "OV certificate without organizationName");
		return SWEEP_CHECK_FAIL;
	}
	return SWEEP_CHECK_PASS;
}

/* RFC 5280 4.1.2.4 and Appendix A: RelativeDistinguishedName ::= SET SIZE
 * (1..MAX). The decoder skips an empty RDN and records it. */
SWEEP_CHECK_DECL(sweep_check_subject_empty_rdn)
{
	(void)cfg;
	return sweep_require(!(cert->defects & SWEEP_DEFECT_EMPTY_RDN_SUBJECT), "subject has an empty RDN (SET {})",
			     details);
}

SWEEP_CHECK_DECL(sweep_check_issuer_empty_rdn)
{
	(void)cfg;
	return sweep_require(!(cert->defects & SWEEP_DEFECT_EMPTY_RDN_ISSUER), "issuer has an empty RDN (SET {})",
			     details);
}

/* RFC 5280 4.1.2.4 / Appendix A: attribute values are DirectoryString
 * (UTF8String, PrintableString, TeletexString, UniversalString, BMPString)
 * or, for the attributes that say so, IA5String, NumericString or
 * PrintableString. Any other type (GeneralString, GraphicString, an OCTET
 * STRING, a high tag number ...) is read but has no defined character set. */
/* X.520 6.2.7 (RFC 4519 2.39): uniqueIdentifier (2.5.4.45) has the syntax
 * UniqueIdentifier ::= BIT STRING, not a string type. */
SWEEP_OID(OID_AT_UNIQUE_IDENTIFIER, 0x55, 0x04, 0x2d);

static enum sweep_check unknown_type(const struct sweep_name *name, const char *which, struct sweep_buf *d)
{
	char lb[64];

	for (size_t i = 0; i < name->n; i++) {
		const struct sweep_attr *a = &name->attrs[i];
		if (a->tag == DER_BIT_STRING && ATTR_IS(a, OID_AT_UNIQUE_IDENTIFIER))
			continue;
		switch (a->tag) {
		case DER_UTF8STRING:
		case DER_PRINTABLESTRING:
		case DER_TELETEXSTRING:
		case DER_UNIVERSALSTRING:
		case DER_BMPSTRING:
		case DER_IA5STRING:
		case DER_NUMERICSTRING:
		case DER_VISIBLESTRING:
			continue;
		default:
			sweep_buf_printf(d, "%s %s value has ASN.1 type 0x%02x, not a string type of X.520", which,
					 sweep_attr_label(a, lb), a->tag);
			return SWEEP_CHECK_FAIL;
		}
	}
	return SWEEP_CHECK_PASS;
}

SWEEP_CHECK_DECL(sweep_check_name_value_unknown_type)
{
	enum sweep_check rc;

	(void)cfg;
	rc = unknown_type(&cert->subject, "subject", details);
	if (rc == SWEEP_CHECK_PASS)
		rc = unknown_type(&cert->issuer, "issuer", details);
	return rc;
}
