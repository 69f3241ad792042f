/* Certificate kinds (kind.h) on generated fixtures, and what they mean for
 * the lints: an EJBCA-like store mixes TLS, S/MIME, code-signing, OCSP
 * responder and clientAuth-only certificates, and only the TLS ones may get
 * findings from BR or EV rules. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/expr.h"
#include "certsweep/kind.h"
#include "certsweep/lint.h"

static void load(struct sweep_cert *c, const char *name, unsigned char **der)
{
	size_t len;
	struct sweep_error err = { 0, "" };

	setenv("CERTSWEEP_FIXTURES", getenv("CERTSWEEP_LINT_FIXTURES"), 1);
	*der = fixture(name, &len);
	if (sweep_cert_decode(c, *der, len, &err))
		fail_msg("%s does not decode: %s", name, err.msg);
}

static void kinds_follow_zlint(void **state)
{
	static const struct {
		const char *fixture, *kind;
	} cases[] = {
		{ "clean_dv_2026.der", "tls-subscriber" },  { "no_eku.der", "tls-subscriber" },
		{ "eku_any_only.der", "tls-subscriber" },   { "eku_client_only.der", "other" },
		{ "clean_ca.der", "tls-sub-ca" },           { "ca_sub_ok.der", "tls-sub-ca" },
		{ "ca_root_ok.der", "tls-root-ca" },        { "ca_tc_sub.der", "tls-tc-sub-ca" },
		{ "ocsp_ok.der", "ocsp" },                  { "mixed_smime.der", "smime" },
		{ "mixed_codesign.der", "codesigning" },
	};
	struct sweep_cert c;

	(void)state;
	sweep_cert_init(&c);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *der;
		load(&c, cases[i].fixture, &der);
		if (strcmp(sweep_cert_kind_name(c.kind), cases[i].kind) != 0)
			fail_msg("%s: kind %s, want %s", cases[i].fixture, sweep_cert_kind_name(c.kind), cases[i].kind);
		free(der);
	}
	sweep_cert_release(&c);
}

/* The S/MIME certificate has an emailAddress attribute, an rfc822Name SAN
 * and a CN that is not a domain name; the code-signing one an OU and no SAN;
 * the clientAuth-only one no serverAuth. Each would fail several BR lints
 * if they were judged as TLS certificates. */
static void mixed_store_has_no_tls_findings(void **state)
{
	static const char *const non_tls[] = { "mixed_smime.der", "mixed_codesign.der", "eku_client_only.der",
					       "ocsp_ok.der" };
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	struct sweep_cert c;
	struct sweep_buf details = SWEEP_BUF_INIT;

	(void)state;
	sweep_cert_init(&c);
	for (size_t i = 0; i < sizeof(non_tls) / sizeof(non_tls[0]); i++) {
		unsigned char *der;
		load(&c, non_tls[i], &der);
		for (size_t k = 0; k < n; k++) {
			sweep_buf_reset(&details);
			enum sweep_result r = sweep_lint_run(&reg[k], &c, NULL, c.not_before, &details);
			if (r >= SWEEP_R_NOTICE)
				fail_msg("%s (%s): %s says %s: %s", non_tls[i], sweep_cert_kind_name(c.kind), reg[k].name,
					 sweep_result_name(r), sweep_buf_str(&details));
		}
		free(der);
	}
	sweep_cert_release(&c);
	sweep_buf_release(&details);
}

/* The same S/MIME certificate still gets RFC 5280 findings: the scope hides
 * rules that do not govern it, not defects. */
static void scopes_follow_the_source(void **state)
{
	const struct sweep_lint *br = sweep_lint_find("e_subject_attribute_not_allowed");
	const struct sweep_lint *rfc = sweep_lint_find("e_subject_common_name_too_long");
	const struct sweep_lint *moz = sweep_lint_find("e_mozilla_ec_curve_not_allowed");

	(void)state;
	assert_non_null(br);
	assert_non_null(rfc);
	assert_non_null(moz);
	assert_false(sweep_lint_scope(br) & SWEEP_SCOPE(SWEEP_KIND_SMIME));
	assert_true(sweep_lint_scope(br) & SWEEP_SCOPE(SWEEP_KIND_OCSP));
	assert_true(sweep_lint_scope(rfc) & SWEEP_SCOPE(SWEEP_KIND_SMIME));
	assert_true(sweep_lint_scope(moz) & SWEEP_SCOPE(SWEEP_KIND_SMIME));
	assert_false(sweep_lint_scope(moz) & SWEEP_SCOPE(SWEEP_KIND_CODESIGNING));
}

/* --where sees the kind: `kind = "smime"` selects the S/MIME certificate only. */
static void where_selects_by_kind(void **state)
{
	struct sweep_expr *smime = NULL, *ca = NULL;
	struct sweep_error err = { 0, "" };
	struct sweep_expr_env env = { NULL, 0, 0, NULL, NULL };
	struct sweep_cert c;
	unsigned char *der;

	(void)state;
	assert_int_equal(sweep_expr_parse(&smime, "kind = \"smime\"", &err), 0);
	assert_int_equal(sweep_expr_parse(&ca, "kind in (\"tls-root-ca\", \"tls-sub-ca\")", &err), 0);
	sweep_cert_init(&c);
	load(&c, "mixed_smime.der", &der);
	assert_true(sweep_expr_match(smime, &c, &env));
	assert_false(sweep_expr_match(ca, &c, &env));
	free(der);
	load(&c, "ca_root_ok.der", &der);
	assert_false(sweep_expr_match(smime, &c, &env));
	assert_true(sweep_expr_match(ca, &c, &env));
	free(der);
	sweep_cert_release(&c);
	sweep_expr_free(smime);
	sweep_expr_free(ca);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_follow_zlint),
		cmocka_unit_test(mixed_store_has_no_tls_findings),
		cmocka_unit_test(scopes_follow_the_source),
		cmocka_unit_test(where_selects_by_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
