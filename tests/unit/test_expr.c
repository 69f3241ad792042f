/* The --where language: parsing, every error path, evaluation on real certificates. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/expr.h"

static struct sweep_cert certs[3];
static unsigned char *ders[3];

static int setup(void **state)
{
	(void)state;
	const char *names[] = { "secom_pair.der", "ev_locality.pre.der", "dv_expired.der" };
	for (int i = 0; i < 3; i++) {
		size_t len;
		struct sweep_error err = { 0, "" };
		ders[i] = fixture(names[i], &len);
		sweep_cert_init(&certs[i]);
		assert_int_equal(sweep_cert_decode(&certs[i], ders[i], len, &err), 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) {
		sweep_cert_release(&certs[i]);
		free(ders[i]);
	}
	return 0;
}

/* Which of the three certificates match, as a 3-char string "1.0" etc. */
static void expect(const char *text, const char *want)
{
	struct sweep_expr *e;
	struct sweep_error err = { 0, "" };
	char got[4] = "";

	if (sweep_expr_parse(&e, text, &err))
		fail_msg("parse \"%s\": %s", text, err.msg);
	for (int i = 0; i < 3; i++)
		got[i] = sweep_expr_match(e, &certs[i], NULL) ? '1' : '0';
	sweep_expr_free(e);
	if (strcmp(got, want) != 0)
		fail_msg("\"%s\": matched %s, want %s", text, got, want);
}

static void evaluates_fields(void **state)
{
	(void)state;
	expect("subject.ST ~ /,\\s*C=/", "100");
	expect("subject.ST ~ /tokyo, c=jp/i", "100");
	/* list fields: "any element"; an absent attribute matches neither ~ nor !~ */
	expect("subject.ST !~ /,/", "010");
	expect("not (subject.ST ~ /,/)", "011");
	expect("subject.jurisdictionL exists and subject.jurisdictionC = \"CH\"", "010");
	expect("issuer.CN in (\"certsweep Test OV CA\", \"certsweep Test DV CA\")", "101");
	expect("not_before >= 2025-01-10T00:00:00Z and not_before < 2025-12-08T06:57:00Z", "110");
	expect("not_before < 2021-01-01", "001");
	expect("policy has 2.23.140.1.2.2", "100");
	expect("policy has 2.23.140.1.1 or policy has 2.23.140.1.2.1", "011");
	expect("san.dns ~ /^example\\.jp$/", "100");
	expect("san.dns = \"old.example.com\"", "001");
	expect("validity_days > 398", "000");
	expect("validity_days > 360", "111");
	expect("is_precert", "010");
	expect("not is_precert", "101");
	expect("key.rsa_bits < 2048 and key.type = EC and key.curve = \"P-256\"", "111");
	expect("serial.len > 20", "000");
	expect("serial = \"0a01\" or serial = \"0b01\"", "110");
	expect("type = EV", "010");
	expect("type in (OV, DV)", "101");
	expect("version = 3", "111");
	expect("lint e_subject_attribute_value_embedded_rdn fails", "100");
	expect("lint e_subject_attribute_value_embedded_rdn passes", "011");
	expect("(type = OV or type = DV) and not (subject.ST exists)", "001");
	expect("ext has 1.3.6.1.4.1.11129.2.4.3", "010");
	expect("eku has 1.3.6.1.5.5.7.3.1", "111");
	expect("subject ~ /ST=Tokyo\\\\, C\\\\=JP/", "100"); /* RFC 4514 text of the whole subject */
	expect("issuer.C = JP or issuer.C = CH", "110");
	expect("not not is_precert", "010");
	expect("is_precert or type = DV and not_before > 2030-01-01", "010"); /* and binds tighter */
}

static void parse_error(const char *text, const char *want_msg, int col)
{
	struct sweep_expr *e = (struct sweep_expr *)0x1;
	struct sweep_error err = { 0, "" };
	char caret[64];

	assert_int_equal(sweep_expr_parse(&e, text, &err), SWEEP_ESYNTAX);
	assert_null(e);
	if (!strstr(err.msg, want_msg))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, err.msg, want_msg);
	snprintf(caret, sizeof(caret), "at column %d\n", col);
	if (!strstr(err.msg, caret))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, err.msg, caret);
	/* The caret line points at that column under the echoed text. */
	const char *last = strrchr(err.msg, '\n');
	assert_non_null(last);
	assert_int_equal((int)strlen(last + 1), 2 + col);
	assert_int_equal(last[1 + 2 + col - 1], '^');
}

static void every_error_path_points_at_its_column(void **state)
{
	(void)state;
	parse_error("", "empty expression", 1);
	parse_error("   ", "empty expression", 4);
	parse_error("subject.XX = \"a\"", "unknown field 'subject.XX'", 1);
	parse_error("type = EV and bogus exists", "known fields: subject.<ATTR>", 15);
	parse_error("subject.CN = ", "expected a value but the expression ended", 14);
	parse_error("subject.CN = \"abc", "unterminated string", 14);
	parse_error("subject.CN ~ /abc", "unterminated regular expression", 14);
	parse_error("subject.CN ~ \"abc\"", "expected /regex/", 14);
	parse_error("subject.CN ~ /a(/", "bad regular expression", 14);
	parse_error("validity_days ~ /1/", "'~' needs a text field", 15);
	parse_error("validity_days > big", "takes a number", 17);
	parse_error("not_before > 2025-13-01", "takes a date", 14);
	parse_error("is_precert = 1", "boolean field", 12);
	parse_error("type has EV", "'has' needs a list field", 6);
	parse_error("type in EV", "expected '(' after 'in'", 9);
	parse_error("type in (EV OV)", "expected ',' or ')'", 13);
	parse_error("(type = EV", "expected ')' to close the '(' at column 1", 11);
	parse_error("type = EV)", "expected 'and', 'or' or the end", 10);
	parse_error("type = EV and", "expected a field name", 14);
	parse_error("type EV", "expected an operator", 6);
	parse_error("lint", "expected a lint name", 5);
	parse_error("lint e_nope fails", "unknown lint 'e_nope'", 6);
	parse_error("lint e_subject_attribute_value_embedded_rdn maybe", "expected 'fails' or 'passes'", 45);
	parse_error("type = EV $", "unexpected character '$'", 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evaluates_fields),
		cmocka_unit_test(every_error_path_points_at_its_column),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
