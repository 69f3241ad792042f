/* The --where language: parsing, every error path, evaluation on real certificates. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/expr.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

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
	parse_error("(type = EV", "unclosed '(' at column 1: expected ')' before the end", 11);
	parse_error("(type = EV or (type = OV) type", "unclosed '(' at column 1: expected ')'", 27);
	/* #16.12: a keyword where a field belongs is named as such, not as an unknown field */
	parse_error("and and", "expected a field name, 'lint', 'not' or '(' but found 'and'", 1);
	parse_error("type = EV and and type = OV", "but found 'and'", 15);
	parse_error("type = EV or exists", "but found 'exists'", 14);
	/* #14.14: dates that do not exist are errors, not the day after */
	parse_error("not_before > 2026-02-30", "takes a date", 14);
	parse_error("not_before > 2025-02-29", "takes a date", 14);
	parse_error("not_before > 2025-04-31T00:00:00Z", "takes a date", 14);
	parse_error("not_after < 2025-01-01T24:00:00Z", "takes a date", 13);
	parse_error("type = EV)", "expected 'and', 'or' or the end", 10);
	parse_error("type = EV and", "expected a field name", 14);
	parse_error("type EV", "expected an operator", 6);
	parse_error("lint", "expected a lint name", 5);
	parse_error("lint e_nope fails", "unknown lint 'e_nope'", 6);
	parse_error("lint e_subject_attribute_value_embedded_rdn maybe", "expected 'fails' or 'passes'", 45);
	parse_error("type = EV $", "unexpected character '$'", 11);
}

/* #16.12: "(subject.ST exists" named two columns in one breath
 * ("... at column 1 at column 19"); the message now reads once. */
static void a_message_names_each_column_once(void **state)
{
	struct sweep_expr *e = NULL;
	struct sweep_error err = { 0, "" };

	(void)state;
	assert_int_equal(sweep_expr_parse(&e, "(subject.ST exists", &err), SWEEP_ESYNTAX);
	if (strstr(err.msg, "at column 1 at column"))
		fail_msg("two columns run together: %s", err.msg);
	assert_non_null(strstr(err.msg, "unclosed '(' at column 1: expected ')' before the end at column 19\n"));
	/* "and and" does not dump the field catalogue */
	sweep_error_clear(&err);
	assert_int_equal(sweep_expr_parse(&e, "and and", &err), SWEEP_ESYNTAX);
	assert_null(strstr(err.msg, "unknown field"));
	assert_null(strstr(err.msg, "known fields"));
}

/* #14.14: leap days exist only in leap years (Gregorian rule). */
static void dates_must_exist(void **state)
{
	(void)state;
	expect("not_before < 2024-02-29", "001");
	expect("not_before >= 2000-02-29T00:00:00Z and not_before < 2100-02-28T23:59:59Z", "111");
	struct sweep_expr *e = NULL;
	struct sweep_error err = { 0, "" };
	assert_int_equal(sweep_expr_parse(&e, "not_before < 2100-02-29", &err), SWEEP_ESYNTAX);
	assert_int_equal(sweep_expr_parse(&e, "not_before < 1900-02-29", &err), SWEEP_ESYNTAX);
	assert_int_equal(sweep_expr_parse(&e, "not_before < 2025-1-01", &err), SWEEP_ESYNTAX);
	assert_int_equal(sweep_expr_parse(&e, "not_before < 2025-01-01T12:60Z", &err), SWEEP_ESYNTAX);
}

/* POSIX ERE as users write it keeps working under PCRE2: classes, intervals,
 * \s \d \w, /i, and quantifiers stacked as ERE allows them. */
static void regexes_read_as_posix_ere(void **state)
{
	(void)state;
	expect("subject.ST ~ /,[[:space:]]*C=[[:upper:]]{2}$/", "100");
	expect("subject.ST ~ /\\sC=\\w\\w/", "100");
	expect("serial ~ /^0[ab]0\\d$/", "110");
	expect("san.dns ~ /^EXAMPLE\\.JP$/i", "100");
	expect("san.dns ~ /^(www|shop)\\.example\\.(jp|ch)$/", "110");
	expect("san.dns ~ /^w{3}\\./", "110");
	expect("san.dns ~ /^w{,3}\\.ex/", "110");       /* ERE's {,m} is {0,m} */
	expect("san.dns ~ /^w+*\\.ex?+ample/", "110");  /* (w+)*, (x?)+: repeated repetition */
	expect("san.dns ~ /^(w{2}){1}w\\./", "110");
	expect("san.dns ~ /^w{1}{3}\\./", "110");       /* (w{1}){3} */
	expect("san.dns ~ /^[^.]+\\.example\\.jp$/", "100");
	expect("san.dns ~ /a{2,}/", "000");
	expect("subject ~ /\\<KK\\>/", "100");          /* GNU \< \> word boundaries */
	expect("subject ~ /\\<K\\>/", "000");
	expect("subject ~ /a{/", "000");                /* a brace that is no interval is literal */
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* #14.10: glibc regcomp spent 62 s and 9.8 GB on this pattern. */
static void pathological_regexes_are_bounded(void **state)
{
	struct sweep_expr *e = NULL;
	struct sweep_error err = { 0, "" };
	double t0 = now_s();

	(void)state;
	assert_int_equal(sweep_expr_parse(&e, "subject ~ /y+++++++++++++++++++++++++/", &err), 0);
	assert_int_equal(sweep_expr_match(e, &certs[0], NULL), 1); /* "Tokyo" has a y */
	assert_int_equal(sweep_expr_match(e, &certs[2], NULL), 0);
	sweep_expr_free(e);
	assert_int_equal(sweep_expr_parse(&e, "subject ~ /((a+)+)+{1000}{1000}{1000}/", &err), SWEEP_ESYNTAX);
	assert_non_null(strstr(err.msg, "bad regular expression"));
	/* Catastrophic backtracking on a real value stops at the match limit:
	 * the certificate counts as matching (a person looks at it) and the
	 * stop is counted. */
	sweep_error_clear(&err);
	assert_int_equal(sweep_expr_parse(&e, "subject ~ /^(.|.|.)*=$/", &err), 0);
	assert_int_equal(sweep_expr_match(e, &certs[0], NULL), 1);
	assert_true(sweep_expr_regex_errors(e) >= 1);
	sweep_expr_free(e);
	double took = now_s() - t0;
	if (took > 5.0)
		fail_msg("pathological regexes took %.1f s", took);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * n + tl + 1);

	assert_non_null(s);
	memcpy(s, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(s + hl + i * ul, unit, ul);
	memcpy(s + hl + ul * n, tail, tl + 1);
	return s;
}

/* #14.11: 300,000 nested parentheses crashed the recursive parser. */
static void nesting_is_capped_and_chains_are_not(void **state)
{
	struct sweep_expr *e = NULL;
	struct sweep_error err = { 0, "" };
	char *deep = repeat("", "(", 300000, "is_ca");

	(void)state;
	assert_int_equal(sweep_expr_parse(&e, deep, &err), SWEEP_ESYNTAX);
	assert_non_null(strstr(err.msg, "nested more than 200 levels deep"));
	free(deep);
	sweep_error_clear(&err);
	deep = repeat("", "not ", 300000, "is_ca");
	assert_int_equal(sweep_expr_parse(&e, deep, &err), SWEEP_ESYNTAX);
	assert_non_null(strstr(err.msg, "nested more than 200 levels deep"));
	free(deep);
	/* 200 levels are fine */
	deep = repeat("", "not ", 200, "is_ca");
	assert_int_equal(sweep_expr_parse(&e, deep, &err), 0);
	assert_int_equal(sweep_expr_match(e, &certs[0], NULL), 0); /* an even count of not */
	sweep_expr_free(e);
	free(deep);
	/* A chain of 300,000 terms is not nesting: it parses, evaluates and
	 * frees without using the stack per term. */
	deep = repeat("is_ca", " or is_ca", 300000, " or type = EV");
	assert_int_equal(sweep_expr_parse(&e, deep, &err), 0);
	assert_int_equal(sweep_expr_match(e, &certs[1], NULL), 1);
	assert_int_equal(sweep_expr_match(e, &certs[0], NULL), 0);
	sweep_expr_free(e);
	free(deep);
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/certsweep-test-where-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* #14.11 and #16.12: --where-file reads lines of any length and says why
 * it cannot read a file. */
/* The fake pre-pass list: check c_serial_reused fails for row ids 7 and 9. */
static int fails_7_9(const void *ctx, const struct sweep_lint *check, int64_t row_id)
{
	const struct sweep_lint *want = ctx;
	return check == want && (row_id == 7 || row_id == 9);
}

static int corpus_match_cert(const struct sweep_expr *e, int cert, int64_t row_id, int with_list)
{
	struct sweep_expr_env env = { NULL, 0, row_id, with_list ? fails_7_9 : NULL, sweep_lint_find("c_serial_reused") };
	return sweep_expr_match(e, &certs[cert], &env);
}

static int corpus_match(const struct sweep_expr *e, int64_t row_id, int with_list)
{
	return corpus_match_cert(e, 0, row_id, with_list);
}

static void corpus_checks_are_looked_up_by_row(void **state)
{
	(void)state;
	struct sweep_expr *e;
	struct sweep_error err = { 0, "" };
	const struct sweep_lint *named[4] = { NULL };
	const struct sweep_lint *reuse = sweep_lint_find("c_serial_reused");
	const struct sweep_lint *mismatch = sweep_lint_find("c_precert_final_mismatch");

	assert_non_null(reuse);
	assert_non_null(mismatch);
	/* accepted (it was refused), named once however often it appears, in order */
	assert_int_equal(sweep_expr_parse(&e, "lint c_serial_reused fails and not (lint c_precert_final_mismatch passes "
					      "or lint c_serial_reused passes) and lint e_subject_attribute_value_embedded_rdn passes",
					  &err),
			 0);
	assert_int_equal(sweep_expr_corpus_checks(e, named, 4), 2);
	assert_ptr_equal(named[0], reuse);
	assert_ptr_equal(named[1], mismatch);
	assert_int_equal(sweep_expr_corpus_checks(e, named, 1), 2); /* counts past max */
	sweep_expr_free(e);

	assert_int_equal(sweep_expr_parse(&e, "subject.CN exists or lint e_subject_attribute_value_embedded_rdn fails", &err), 0);
	assert_int_equal(sweep_expr_corpus_checks(e, named, 4), 0);
	sweep_expr_free(e);

	/* fails: by the row's id in the list; passes and not: its negation */
	assert_int_equal(sweep_expr_parse(&e, "lint c_serial_reused fails", &err), 0);
	assert_int_equal(corpus_match(e, 7, 1), 1);
	assert_int_equal(corpus_match(e, 9, 1), 1);
	assert_int_equal(corpus_match(e, 8, 1), 0);
	assert_int_equal(corpus_match(e, 7, 0), 0); /* no list: nothing fails */
	assert_int_equal(sweep_expr_match(e, &certs[0], NULL), 0);
	sweep_expr_free(e);
	assert_int_equal(sweep_expr_parse(&e, "lint c_serial_reused passes", &err), 0);
	assert_int_equal(corpus_match(e, 7, 1), 0);
	assert_int_equal(corpus_match(e, 8, 1), 1);
	sweep_expr_free(e);
	assert_int_equal(sweep_expr_parse(&e, "not lint c_serial_reused fails", &err), 0);
	assert_int_equal(corpus_match(e, 9, 1), 0);
	assert_int_equal(corpus_match(e, 10, 1), 1);
	sweep_expr_free(e);
	/* another check is not in the list: it fails nowhere */
	assert_int_equal(sweep_expr_parse(&e, "lint c_precert_final_mismatch fails", &err), 0);
	assert_int_equal(corpus_match(e, 7, 1), 0);
	sweep_expr_free(e);
	/* combined with a field predicate: both must hold (certs[1] is a precertificate, certs[2] not) */
	assert_true(certs[1].is_precert && !certs[2].is_precert);
	assert_int_equal(sweep_expr_parse(&e, "lint c_serial_reused fails and is_precert", &err), 0);
	assert_int_equal(corpus_match_cert(e, 1, 7, 1), 1);
	assert_int_equal(corpus_match_cert(e, 2, 7, 1), 0);
	assert_int_equal(corpus_match_cert(e, 1, 8, 1), 0);
	sweep_expr_free(e);
}

static void where_file_reads_long_lines_and_says_why(void **state)
{
	struct sweep_error err = { 0, "" };
	struct sweep_expr *e = NULL;
	char *text = NULL;

	(void)state;
	assert_int_equal(sweep_expr_read_file(&text, "/nonexistent/where.q", &err), SWEEP_EIO);
	assert_null(text);
	assert_non_null(strstr(err.msg, "/nonexistent/where.q"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	/* one 12,000-byte line: the old 4,095-byte reader split "0b01" */
	char *list = repeat("# the serials\nserial in (", "\"ffff\", ", 2000, "\"0b01\") # EV\n  and type = EV\n");
	char *path = write_temp(list);
	sweep_error_clear(&err);
	assert_int_equal(sweep_expr_read_file(&text, path, &err), 0);
	assert_null(strchr(text, '#'));
	assert_int_equal(sweep_expr_parse(&e, text, &err), 0);
	assert_int_equal(sweep_expr_match(e, &certs[1], NULL), 1);
	assert_int_equal(sweep_expr_match(e, &certs[0], NULL), 0);
	sweep_expr_free(e);
	free(text);
	unlink(path);
	free(path);
	free(list);
	/* '#' inside a string or a regex is not a comment */
	path = write_temp("subject.CN !~ /#/ and subject.CN != \"a#b\" # comment\n");
	assert_int_equal(sweep_expr_read_file(&text, path, &err), 0);
	assert_string_equal(text, "subject.CN !~ /#/ and subject.CN != \"a#b\"");
	free(text);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evaluates_fields),
		cmocka_unit_test(every_error_path_points_at_its_column),
		cmocka_unit_test(a_message_names_each_column_once),
		cmocka_unit_test(dates_must_exist),
		cmocka_unit_test(regexes_read_as_posix_ere),
		cmocka_unit_test(pathological_regexes_are_bounded),
		cmocka_unit_test(nesting_is_capped_and_chains_are_not),
		cmocka_unit_test(where_file_reads_long_lines_and_says_why),
		cmocka_unit_test(corpus_checks_are_looked_up_by_row),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
