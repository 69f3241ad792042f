/* The registry's rows and the two incident lints. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/der.h"
#include "certsweep/lint.h"
#include "certsweep/oid.h"
#include "lint/checks.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

/* A certificate view whose subject OpenSSL encoded from entries. */
struct subj_cert {
	struct sweep_cert c;
	unsigned char *der;
};

static void subj_cert(struct subj_cert *s, const struct name_entry *e, size_t n, enum sweep_cert_type type)
{
	size_t len;
	struct sweep_error err = { 0, "" };

	memset(s, 0, sizeof(*s));
	s->der = name_der(e, n, &len);
	assert_int_equal(sweep_name_decode(&s->c.subject, s->der, len, &err), 0);
	s->c.type = type;
	sweep_time_parse("2025-01-01", &s->c.not_before);
}

static void subj_release(struct subj_cert *s)
{
	free(s->c.subject.attrs);
	OPENSSL_free(s->der);
}

static enum sweep_result run(const char *lint, const struct sweep_cert *c, const struct sweep_lint_config *cfg,
			     char *details, size_t dlen)
{
	const struct sweep_lint *l = sweep_lint_find(lint);
	struct sweep_buf b = SWEEP_BUF_INIT;

	assert_non_null(l);
	enum sweep_result r = sweep_lint_run(l, c, cfg, c->not_before, &b);
	snprintf(details, dlen, "%s", sweep_buf_str(&b));
	sweep_buf_release(&b);
	return r;
}

static void every_row_is_complete_and_unique(void **state)
{
	(void)state;
	size_t n, n_zlint = 0, n_pkilint = 0;
	const struct sweep_lint *reg = sweep_lint_registry(&n);

	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		const struct sweep_lint *l = &reg[i];
		assert_true(strncmp(l->name, "e_", 2) == 0 || strncmp(l->name, "w_", 2) == 0 ||
			    strncmp(l->name, "n_", 2) == 0 || strncmp(l->name, "c_", 2) == 0);
		assert_true(strlen(l->description) > 20);
		assert_true(strlen(l->citation) > 3);
		assert_true(strlen(l->source) > 1);
		assert_true(l->effective >= 19990101 && l->effective <= 20991231);
		assert_true(l->ineffective == 0 || l->ineffective > l->effective);
		assert_non_null(l->applies);
		assert_non_null(l->check);
		for (size_t k = i + 1; k < n; k++)
			assert_string_not_equal(l->name, reg[k].name);
		assert_ptr_equal(sweep_lint_find(l->name), l);
		/* reference names: zlint e_/w_/n_ snake case, pkilint dotted codes, space-separated */
		for (const char *p = l->zlint; p && *p; p++)
			assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("_- ", *p)); /* zlint: e_mp_rsassa-pss_in_spki */
		if (l->zlint) {
			assert_true(l->zlint[1] == '_' && strchr("ewn", l->zlint[0]));
			n_zlint++;
		}
		for (const char *p = l->pkilint; p && *p; p++)
			assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("_. ", *p));
		if (l->pkilint) {
			assert_non_null(strchr(l->pkilint, '.'));
			n_pkilint++;
		}
	}
	assert_null(sweep_lint_find("e_no_such_lint"));
	/* issue 10 section 4: most lints have a reference equivalent */
	assert_true(n_zlint >= 60);
	assert_true(n_pkilint >= 60);
}

static void embedded_rdn_cases(void **state)
{
	(void)state;
	const struct {
		const char *field, *value;
		enum sweep_result want;
	} cases[] = {
		{ "ST", "Tokyo, C=JP", SWEEP_R_ERROR },
		{ "ST", "Tokyo,C=JP", SWEEP_R_ERROR },
		{ "O", "Example/O=Other", SWEEP_R_ERROR },
		{ "OU", "Sales+CN=evil.example", SWEEP_R_ERROR },
		{ "L", "Zug; ST = Zug", SWEEP_R_ERROR },
		{ "O", "c=JP", SWEEP_R_ERROR },            /* the value itself is an assignment */
		{ "O", "Foo, 2.5.4.6=JP", SWEEP_R_ERROR }, /* by OID */
		{ "ST", "Tokyo", SWEEP_R_PASS },
		{ "O", "AT&T, Inc.", SWEEP_R_PASS },
		{ "O", "Research + Development", SWEEP_R_PASS },
		{ "O", "a=b formula", SWEEP_R_PASS },      /* 'a' is no attribute keyword */
		{ "O", "Example, Country=JP", SWEEP_R_PASS },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct subj_cert s;
		char details[512];
		const struct name_entry e[] = { { "C", MBSTRING_ASC, "JP", -1, -1 },
						{ cases[i].field, MBSTRING_UTF8, cases[i].value, -1, -1 } };
		subj_cert(&s, e, 2, SWEEP_TYPE_OV);
		enum sweep_result r = run("e_subject_attribute_value_embedded_rdn", &s.c, NULL, details, sizeof(details));
		if (r != cases[i].want)
			fail_msg("%s=\"%s\": got %s want %s", cases[i].field, cases[i].value, sweep_result_name(r),
				 sweep_result_name(cases[i].want));
		if (r == SWEEP_R_ERROR)
			assert_non_null(strstr(details, cases[i].value));
		subj_release(&s);
	}
}

static void embedded_rdn_not_effective_before_br(void **state)
{
	(void)state;
	struct subj_cert s;
	char details[256];
	const struct name_entry e[] = { { "ST", MBSTRING_UTF8, "Tokyo, C=JP", -1, -1 } };

	subj_cert(&s, e, 1, SWEEP_TYPE_OV);
	sweep_time_parse("2011-06-01", &s.c.not_before);
	assert_int_equal(run("e_subject_attribute_value_embedded_rdn", &s.c, NULL, details, sizeof(details)),
			 SWEEP_R_NE);
	subj_release(&s);
}

static enum sweep_result jur(const char *jc, const char *jst, const char *jl, enum sweep_cert_type type,
			     const struct sweep_lint_config *cfg)
{
	struct name_entry e[4];
	size_t n = 0;
	struct subj_cert s;
	char details[256];

	if (jc)
		e[n++] = (struct name_entry){ "jurisdictionC", MBSTRING_ASC, jc, -1, -1 };
	if (jst)
		e[n++] = (struct name_entry){ "jurisdictionST", MBSTRING_UTF8, jst, -1, -1 };
	if (jl)
		e[n++] = (struct name_entry){ "jurisdictionL", MBSTRING_UTF8, jl, -1, -1 };
	e[n++] = (struct name_entry){ "CN", MBSTRING_UTF8, "www.example.ch", -1, -1 };
	subj_cert(&s, e, n, type);
	enum sweep_result r = run("e_ev_jurisdiction_level_inconsistent", &s.c, cfg, details, sizeof(details));
	subj_release(&s);
	return r;
}

static void jurisdiction_levels(void **state)
{
	(void)state;
	const struct sweep_joi_rule rules[] = { { "CH", SWEEP_JOI_STATE }, { "DE", SWEEP_JOI_COUNTRY } };
	const struct sweep_lint_config cfg = { .joi = rules, .n_joi = 2 };

	/* structural rules, no configuration */
	assert_int_equal(jur("CH", NULL, NULL, SWEEP_TYPE_EV, NULL), SWEEP_R_PASS);
	assert_int_equal(jur("CH", "Zug", NULL, SWEEP_TYPE_EV, NULL), SWEEP_R_PASS);
	assert_int_equal(jur("CH", "Zug", "Zug", SWEEP_TYPE_EV, NULL), SWEEP_R_PASS);
	assert_int_equal(jur("DE", NULL, "Berlin", SWEEP_TYPE_EV, NULL), SWEEP_R_ERROR);
	assert_int_equal(jur(NULL, "Zug", NULL, SWEEP_TYPE_EV, NULL), SWEEP_R_ERROR);
	assert_int_equal(jur(NULL, NULL, NULL, SWEEP_TYPE_EV, NULL), SWEEP_R_ERROR);
	/* not EV and no jurisdiction fields: not applicable */
	assert_int_equal(jur(NULL, NULL, NULL, SWEEP_TYPE_OV, NULL), SWEEP_R_NA);
	/* jurisdiction fields on a non-EV certificate are still checked */
	assert_int_equal(jur(NULL, NULL, "Zug", SWEEP_TYPE_OV, NULL), SWEEP_R_ERROR);
	/* declared levels: CH cantonal (state), DE country */
	assert_int_equal(jur("CH", "Zug", NULL, SWEEP_TYPE_EV, &cfg), SWEEP_R_PASS);
	assert_int_equal(jur("CH", "Zug", "Zug", SWEEP_TYPE_EV, &cfg), SWEEP_R_ERROR);
	assert_int_equal(jur("CH", NULL, NULL, SWEEP_TYPE_EV, &cfg), SWEEP_R_ERROR);
	assert_int_equal(jur("DE", NULL, NULL, SWEEP_TYPE_EV, &cfg), SWEEP_R_PASS);
	assert_int_equal(jur("DE", "Bayern", NULL, SWEEP_TYPE_EV, &cfg), SWEEP_R_ERROR);
	/* a country with no declared level keeps only the structural rules */
	assert_int_equal(jur("US", "Delaware", NULL, SWEEP_TYPE_EV, &cfg), SWEEP_R_PASS);
}

/* The subject lints read values from a per-certificate memo when the subject
 * fits it (24 values, 1536 octets) and convert as they go when not: both
 * ways judge alike (results and details), and a second pass of the lints
 * on the same view reads the memo. */
static void subject_values_memo_and_overflow(void **state)
{
	static const char *const lints[] = { "e_subject_attribute_value_embedded_rdn",
					     "w_subject_attribute_value_whitespace",
					     "w_subject_attribute_value_control_character" };
	char want[3][512], got[512], filler[128];
	enum sweep_result want_r[3];

	(void)state;
	/* 2 short fillers (memo), 30 fillers (too many values), 20 long fillers (too many octets) */
	const int nfill[] = { 2, 30, 20 }, flen[] = { 8, 8, 100 };
	for (int v = 0; v < 3; v++) {
		struct name_entry e[40];
		char fills[30][128];
		size_t n = 0;
		for (int i = 0; i < nfill[v]; i++) {
			memset(filler, 'x', (size_t)flen[v]);
			snprintf(filler + flen[v], sizeof(filler) - (size_t)flen[v], "%d", i);
			snprintf(fills[i], sizeof(fills[i]), "%s", filler);
			e[n++] = (struct name_entry){ "street", MBSTRING_UTF8, fills[i], -1, -1 };
		}
		e[n++] = (struct name_entry){ "ST", MBSTRING_UTF8, "Tokyo, C=JP ", -1, -1 };
		e[n++] = (struct name_entry){ "L", MBSTRING_UTF8, "Zug\x01", -1, -1 };
		e[n++] = (struct name_entry){ "CN", MBSTRING_UTF8, "www.example.jp", -1, -1 };
		struct subj_cert sc;
		subj_cert(&sc, e, n, SWEEP_TYPE_OV);
		for (int rep = 0; rep < 2; rep++) {
			for (size_t k = 0; k < 3; k++) {
				enum sweep_result r = run(lints[k], &sc.c, NULL, got, sizeof(got));
				if (v == 0 && rep == 0) {
					want_r[k] = r;
					snprintf(want[k], sizeof(want[k]), "%s", got);
					assert_true(r == SWEEP_R_ERROR || r == SWEEP_R_WARN);
				} else {
					assert_int_equal(r, want_r[k]);
					assert_string_equal(got, want[k]);
				}
			}
		}
		subj_release(&sc);
	}
	assert_non_null(strstr(want[0], "Tokyo, C=JP"));
	assert_non_null(strstr(want[1], "whitespace"));
	assert_non_null(strstr(want[2], "0x01"));
}

static void result_names_parse_back(void **state)
{
	(void)state;
	for (int r = SWEEP_R_NA; r <= SWEEP_R_FATAL; r++)
		assert_int_equal(sweep_result_parse(sweep_result_name((enum sweep_result)r)), r);
	assert_int_equal(sweep_result_parse("warning"), SWEEP_R_WARN);
	assert_int_equal(sweep_result_parse("bogus"), -1);
	assert_int_equal(sweep_yyyymmdd(0), 19700101u);
	assert_int_equal(sweep_yyyymmdd(1709208000LL), 20240229u);
}

/* A real signed certificate with n dNSNames (n0.example.com ...), made with
 * OpenSSL; with dup_case the last name repeats the first in upper case. */
static unsigned char *cert_with_san(size_t n, int dup_case, size_t *len)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *nm = X509_NAME_new();
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	unsigned char *der = NULL;
	char buf[64];

	assert_non_null(key);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x12345678);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)"n0.example.com", -1, -1, 0);
	X509_set_subject_name(x, nm);
	/* issued by a CA, not self-signed: a self-signed end entity is not a
	 * BR subscriber certificate (kind.h), and the BR lints must run here */
	X509_NAME *ca = X509_NAME_new();
	X509_NAME_add_entry_by_txt(ca, "CN", MBSTRING_ASC, (const unsigned char *)"Example Issuing CA", -1, -1, 0);
	X509_set_issuer_name(x, ca);
	X509_NAME_free(ca);
	ASN1_TIME_set_string(X509_getm_notBefore(x), "20250101000000Z");
	ASN1_TIME_set_string(X509_getm_notAfter(x), "20250201000000Z");
	X509_set_pubkey(x, key);
	for (size_t i = 0; i < n; i++) {
		GENERAL_NAME *g = GENERAL_NAME_new();
		ASN1_IA5STRING *v = ASN1_IA5STRING_new();
		snprintf(buf, sizeof(buf), dup_case && i == n - 1 ? "N0.EXAMPLE.COM" : "n%zu.example.com", i);
		ASN1_STRING_set(v, buf, -1);
		GENERAL_NAME_set0_value(g, GEN_DNS, v);
		sk_GENERAL_NAME_push(gens, g);
	}
	assert_int_equal(X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, 0), 1);
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	int l = i2d_X509(x, &der);
	assert_true(l > 0);
	*len = (size_t)l;
	sk_GENERAL_NAME_pop_free(gens, GENERAL_NAME_free);
	X509_NAME_free(nm);
	X509_free(x);
	EVP_PKEY_free(key);
	return der;
}

/* Issue 14.9: n_san_duplicate_entry was quadratic (52,000 names: 7 s, over
 * 30 s under ASan). It and every other lint must be linear: this runs the
 * whole registry on a 50,000-name SAN, well inside ctest's timeout. */
static void fifty_thousand_name_san_is_linear(void **state)
{
	(void)state;
	size_t len, n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	struct sweep_buf d = SWEEP_BUF_INIT;
	char details[256];

	for (int dup = 0; dup <= 1; dup++) {
		unsigned char *der = cert_with_san(50000, dup, &len);
		sweep_cert_init(&c);
		assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
		assert_int_equal(c.n_san, 50000);
		for (size_t i = 0; i < n; i++) {
			sweep_buf_reset(&d);
			assert_int_not_equal(sweep_lint_run(&reg[i], &c, NULL, c.not_before, &d), SWEEP_R_FATAL);
		}
		enum sweep_result r = run("n_san_duplicate_entry", &c, NULL, details, sizeof(details));
		if (dup) {
			assert_int_equal(r, SWEEP_R_NOTICE);
			assert_non_null(strstr(details, "\"n0.example.com\" as \"N0.EXAMPLE.COM\""));
		} else {
			assert_int_equal(r, SWEEP_R_PASS);
		}
		assert_int_equal(run("e_subject_common_name_not_exactly_in_san", &c, NULL, details, sizeof(details)),
				 SWEEP_R_PASS);
		sweep_cert_release(&c);
		OPENSSL_free(der);
	}
	sweep_buf_release(&d);
}

/* sweep_dns_facts: the dNSName lints that pass at once when no name has
 * what they look for (uppercase, '*', '_', "--" in positions 3-4) give what
 * their full scan gives, whatever name and label carries it (first, last,
 * alone, among other names, next to other kinds of GeneralName). The full
 * scan is forced by a memo that claims every feature. */
static void dns_facts_shortcuts_agree(void **state)
{
	(void)state;
	static const char *const names[] = {
		"www.example.com", "Www.example.com", "www.example.coM", "*.example.com", "a.*.example.com",
		"w*.example.com",  "a_b.example.com", "www.example.c_m", "xn--bcher-kva.example.com",
		"www.xn--zz",      "www.ab--cd",      "ab--.example.com", "ab-cd.example.com", "a--b.example.com",
		"x.XN--ZZZ",       "..",              "",                 "abc.",             "ab--",
	};
	enum { N = sizeof(names) / sizeof(names[0]) };
	static enum sweep_check (*const checks[])(const struct sweep_cert *, const struct sweep_lint_config *,
						       struct sweep_buf *) = {
		sweep_check_san_dns_uppercase,	   sweep_check_san_dns_wildcard_position,
		sweep_check_san_dns_underscore,	   sweep_check_dns_xn_label_invalid,
		sweep_check_dns_reserved_ldh_label, sweep_check_dns_underscore_long_validity,
	};
	struct sweep_gname san[3];
	struct sweep_cert c;
	struct sweep_buf fast = SWEEP_BUF_INIT, full = SWEEP_BUF_INIT;
	size_t fails = 0, passes = 0;

	for (size_t a = 0; a < N; a++)
		for (size_t b = 0; b < N; b++) {
			/* names a and b around a non-DNS name (an rfc822Name with every feature) */
			san[0] = (struct sweep_gname){ 2, (const uint8_t *)names[a], strlen(names[a]) };
			san[1] = (struct sweep_gname){ 1, (const uint8_t *)"A_*--B@x.com", 12 };
			san[2] = (struct sweep_gname){ 2, (const uint8_t *)names[b], strlen(names[b]) };
			for (size_t k = 0; k < sizeof(checks) / sizeof(checks[0]); k++) {
				memset(&c, 0, sizeof(c));
				c.san = san;
				c.n_san = 3;
				c.not_before = 0;
				c.not_after = 90 * 86400;
				sweep_buf_reset(&fast);
				sweep_buf_reset(&full);
				enum sweep_check rf = checks[k](&c, NULL, &fast);
				memset(&c.memo, 0, sizeof(c.memo));
				c.memo.have = SWEEP_MEMO_DNS;
				c.memo.dns = ~0u;
				enum sweep_check rs = checks[k](&c, NULL, &full);
				if (rf != rs || strcmp(sweep_buf_str(&fast), sweep_buf_str(&full)) != 0)
					fail_msg("check %zu on \"%s\", \"%s\": %d \"%s\" against the full scan's %d \"%s\"", k,
						 names[a], names[b], (int)rf, sweep_buf_str(&fast), (int)rs,
						 sweep_buf_str(&full));
				if (rs == SWEEP_CHECK_FAIL)
					fails++;
				else
					passes++;
			}
		}
	/* both answers seen for every lint, not a vacuous agreement */
	assert_true(fails > 100 && passes > 100);
	sweep_buf_release(&fast);
	sweep_buf_release(&full);
}

/* Issue 10 2.5: a CA's own EV OID makes the certificate EV, from the built-in
 * table or from --ev-oid (sweep_lint_config.ev_oids). */
static void ev_by_ca_specific_policy_oid(void **state)
{
	(void)state;
	struct sweep_cert c;
	struct sweep_error err = { 0, "" };
	size_t len;
	char details[256];
	const char *own[] = { "1.3.6.1.4.1.99999.1.1" };
	const struct sweep_lint_config cfg = { .ev_oids = own, .n_ev_oids = 1 };
	const char *dir = getenv("CERTSWEEP_LINT_FIXTURES");
	unsigned char *der;

	assert_non_null(dir);
	setenv("CERTSWEEP_FIXTURES", dir, 1);
	sweep_cert_init(&c);
	/* DigiCert's 2.16.840.1.114412.2.1 is in the table: EV without configuration */
	der = fixture("fid_ev_ca_oid.der", &len);
	assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
	assert_int_equal(c.type, SWEEP_TYPE_EV);
	assert_true(c.ev_policy_index > 0);
	assert_int_equal(run("e_ev_subject_missing_business_category", &c, NULL, details, sizeof(details)),
			 SWEEP_R_ERROR);
	free(der);
	/* an unlisted OID: NA until --ev-oid names it */
	der = fixture("fid_ev_unlisted_oid.der", &len);
	assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
	assert_int_equal(c.type, SWEEP_TYPE_UNKNOWN);
	assert_int_equal(run("e_ev_subject_missing_business_category", &c, NULL, details, sizeof(details)),
			 SWEEP_R_NA);
	assert_int_equal(sweep_lint_cert_type(&c, &cfg), SWEEP_TYPE_EV);
	assert_int_equal(run("e_ev_subject_missing_business_category", &c, &cfg, details, sizeof(details)),
			 SWEEP_R_ERROR);
	assert_int_equal(c.type, SWEEP_TYPE_UNKNOWN); /* the caller's view is not changed */
	free(der);
	sweep_cert_release(&c);

	size_t n;
	const struct sweep_ev_policy *t = sweep_ev_policies(&n);
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		char dotted[128];
		assert_int_equal(der_oid_text(t[i].oid, t[i].len, dotted, sizeof(dotted)), 0);
		assert_string_equal(dotted, t[i].dotted); /* the octets say what the text says */
	}
}

/* sweep_country_code_valid (a bitmap built from the ISO 3166-1 list): some
 * codes in and out of the list, the count of valid pairs, and what is not
 * two capital letters. */
static void country_codes(void **state)
{
	(void)state;
	static const char *const valid[] = { "US", "DE", "JP", "CH", "AD", "ZW", "XX", "GB" };
	static const char *const invalid[] = { "UK", "EU", "ZZ", "AA", "XY", "us", "U1", "@A", "[A", "A[" };
	int n = 0;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		assert_true(sweep_country_code_valid((const uint8_t *)valid[i], 2));
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		assert_false(sweep_country_code_valid((const uint8_t *)invalid[i], 2));
	assert_false(sweep_country_code_valid((const uint8_t *)"USA", 3));
	assert_false(sweep_country_code_valid((const uint8_t *)"U", 1));
	for (int a = 'A'; a <= 'Z'; a++)
		for (int b = 'A'; b <= 'Z'; b++) {
			uint8_t v[2] = { (uint8_t)a, (uint8_t)b };
			n += sweep_country_code_valid(v, 2);
		}
	assert_int_equal(n, 250); /* 249 assigned codes and XX */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_is_complete_and_unique),
		cmocka_unit_test(country_codes),
		cmocka_unit_test(embedded_rdn_cases),
		cmocka_unit_test(embedded_rdn_not_effective_before_br),
		cmocka_unit_test(jurisdiction_levels),
		cmocka_unit_test(result_names_parse_back),
		cmocka_unit_test(fifty_thousand_name_san_is_linear),
		cmocka_unit_test(dns_facts_shortcuts_agree),
		cmocka_unit_test(ev_by_ca_specific_policy_oid),
		cmocka_unit_test(subject_values_memo_and_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
