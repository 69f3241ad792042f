/* The DER reader and time/OID helpers. */
#include "testutil.h"

#include "certsweep/der.h"
#include "certsweep/error.h"

static void reads_short_and_long_form_lengths(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0x04, 0x02, 0xaa, 0xbb, 0x30, 0x81, 0x01, 0x05 };
	struct der_cursor c = der_cursor_of(in, sizeof(in));
	struct der_tlv t;

	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.tag, DER_OCTET_STRING);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.val[1], 0xbb);
	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.tag, DER_SEQUENCE);
	assert_int_equal(t.len, 1);
	assert_int_equal(t.raw_len, 4);
	assert_int_equal(der_next(&c, &t), DER_END);
}

static void rejects_truncation_indefinite_and_absurd_lengths(void **state)
{
	(void)state;
	struct der_tlv t;
	static const uint8_t truncated[] = { 0x30, 0x05, 0x01 };
	static const uint8_t indefinite[] = { 0x30, 0x80, 0x00, 0x00 };
	static const uint8_t huge[] = { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
	static const uint8_t toolong[] = { 0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t high_tag[] = { 0x1f, 0x81, 0x01, 0x00 };
	static const uint8_t one_byte[] = { 0x30 };
	const struct {
		const uint8_t *p;
		size_t n;
	} cases[] = { { truncated, sizeof(truncated) }, { indefinite, sizeof(indefinite) },
		      { huge, sizeof(huge) },           { toolong, sizeof(toolong) },
		      { high_tag, sizeof(high_tag) },   { one_byte, sizeof(one_byte) } };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct der_cursor c = der_cursor_of(cases[i].p, cases[i].n);
		assert_int_equal(der_next(&c, &t), SWEEP_EDECODE);
	}
}

static void expect_and_optional(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0x02, 0x01, 0x05, 0x05, 0x00 };
	struct der_cursor c = der_cursor_of(in, sizeof(in));
	struct der_tlv t;

	assert_int_equal(der_optional(&c, DER_BOOLEAN, &t), DER_END);
	assert_int_equal(c.len, sizeof(in)); /* untouched */
	assert_int_equal(der_expect(&c, DER_SEQUENCE, &t), SWEEP_EDECODE);
	c = der_cursor_of(in, sizeof(in));
	assert_int_equal(der_expect(&c, DER_INTEGER, &t), 0);
	assert_int_equal(der_optional(&c, DER_NULL, &t), 0);
	assert_int_equal(der_expect(&c, DER_NULL, &t), SWEEP_EDECODE); /* nothing left */
}

static int64_t t_of(unsigned tag, const char *s)
{
	struct der_tlv t = { tag, (const uint8_t *)s, strlen(s), NULL, 0 };
	int64_t v = -1;
	return der_time(&t, &v) == 0 ? v : -999;
}

static void times_follow_rfc5280(void **state)
{
	(void)state;
	assert_int_equal(t_of(DER_UTCTIME, "700101000000Z"), 0);
	assert_int_equal(t_of(DER_UTCTIME, "491231235959Z"), 2524607999LL); /* 2049 */
	assert_int_equal(t_of(DER_UTCTIME, "500101000000Z"), -631152000LL); /* 1950 */
	assert_int_equal(t_of(DER_GENERALIZEDTIME, "20500101000000Z"), 2524608000LL);
	assert_int_equal(t_of(DER_GENERALIZEDTIME, "20240229120000Z"), 1709208000LL);
	/* no seconds, fractions, offsets, bad digits, month 13 */
	assert_int_equal(t_of(DER_UTCTIME, "7001010000Z"), -999);
	assert_int_equal(t_of(DER_GENERALIZEDTIME, "20240101000000.5Z"), -999);
	assert_int_equal(t_of(DER_UTCTIME, "700101000000+0100"), -999);
	assert_int_equal(t_of(DER_UTCTIME, "70010100000AZ"), -999);
	assert_int_equal(t_of(DER_UTCTIME, "701301000000Z"), -999);
	assert_int_equal(t_of(DER_INTEGER, "700101000000Z"), -999);
}

static void iso_and_parse_round_trip(void **state)
{
	(void)state;
	char buf[21];
	int64_t t;

	sweep_time_iso(1709208000LL, buf);
	assert_string_equal(buf, "2024-02-29T12:00:00Z");
	assert_int_equal(sweep_time_parse("2024-02-29T12:00:00Z", &t), 0);
	assert_int_equal(t, 1709208000LL);
	assert_int_equal(sweep_time_parse("2024-02-29", &t), 0);
	assert_int_equal(t, 1709164800LL);
	assert_int_equal(sweep_time_parse("2024-02-29T12:00Z", &t), 0);
	assert_int_equal(t, 1709208000LL);
	assert_int_equal(sweep_time_parse("2024-02-29 12:00:00", &t), 0);
	assert_int_not_equal(sweep_time_parse("2024-2-29", &t), 0);
	assert_int_not_equal(sweep_time_parse("2024-02-29T12", &t), 0);
	assert_int_not_equal(sweep_time_parse("2024-13-01", &t), 0);
	assert_int_not_equal(sweep_time_parse("2024-02-29T12:00:00+01:00", &t), 0);
	for (int64_t d = -800000; d < 800000; d += 997) {
		int y;
		unsigned m, dd;
		sweep_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(sweep_days_from_civil(y, m, dd), d);
	}
}

static void oid_text(void **state)
{
	(void)state;
	static const uint8_t ev[] = { 0x67, 0x81, 0x0c, 0x01, 0x01 };
	static const uint8_t jur[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03 };
	static const uint8_t unterminated[] = { 0x2b, 0x86 };
	char buf[64];

	assert_int_equal(der_oid_text(ev, sizeof(ev), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2.23.140.1.1");
	assert_int_equal(der_oid_text(jur, sizeof(jur), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1.3.6.1.4.1.311.60.2.1.3");
	assert_int_equal(der_oid_text(unterminated, sizeof(unterminated), buf, sizeof(buf)), SWEEP_EDECODE);
	assert_int_equal(der_oid_text(jur, sizeof(jur), buf, 8), SWEEP_EDECODE); /* buffer too small */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_short_and_long_form_lengths),
		cmocka_unit_test(rejects_truncation_indefinite_and_absurd_lengths),
		cmocka_unit_test(expect_and_optional),
		cmocka_unit_test(times_follow_rfc5280),
		cmocka_unit_test(iso_and_parse_round_trip),
		cmocka_unit_test(oid_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
