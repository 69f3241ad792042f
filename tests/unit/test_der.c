/* The DER reader and time/OID helpers. */
#include "testutil.h"

#include "certsweep/der.h"
#include "certsweep/error.h"

#include <time.h>

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

static void rejects_truncation_and_absurd_lengths(void **state)
{
	(void)state;
	struct der_tlv t;
	static const uint8_t truncated[] = { 0x30, 0x05, 0x01 };
	static const uint8_t huge[] = { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
	static const uint8_t toolong[] = { 0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t nine_octets[] = { 0x30, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t one_byte[] = { 0x30 };
	/* indefinite length on a primitive, and without its end-of-contents */
	static const uint8_t indef_primitive[] = { 0x04, 0x80, 0x00, 0x00 };
	static const uint8_t indef_unterminated[] = { 0x30, 0x80, 0x02, 0x01, 0x05 };
	static const uint8_t high_tag_unterminated[] = { 0x1f, 0x81, 0x81 };
	/* a tag number past INT_MAX: OpenSSL's d2i refuses it too */
	static const uint8_t high_tag_too_big[] = { 0x1f, 0x88, 0x80, 0x80, 0x80, 0x00, 0x00 };
	const struct {
		const uint8_t *p;
		size_t n;
	} cases[] = { { truncated, sizeof(truncated) },
		      { huge, sizeof(huge) },
		      { toolong, sizeof(toolong) },
		      { nine_octets, sizeof(nine_octets) },
		      { one_byte, sizeof(one_byte) },
		      { indef_primitive, sizeof(indef_primitive) },
		      { indef_unterminated, sizeof(indef_unterminated) },
		      { high_tag_unterminated, sizeof(high_tag_unterminated) },
		      { high_tag_too_big, sizeof(high_tag_too_big) } };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct der_cursor c = der_cursor_of(cases[i].p, cases[i].n);
		assert_int_equal(der_next(&c, &t), SWEEP_EDECODE);
	}
}

/* OpenSSL reads BER lengths inside a certificate; so does certsweep, saying so. */
static void reads_ber_lengths_and_says_so(void **state)
{
	(void)state;
	struct der_tlv t, inner;
	/* SEQUENCE (indefinite) { INTEGER 5, SEQUENCE (indefinite) { NULL } } then NULL */
	static const uint8_t indef[] = { 0x30, 0x80, 0x02, 0x01, 0x05, 0x30, 0x80, 0x05,
					 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00 };
	static const uint8_t long_form[] = { 0x04, 0x81, 0x02, 0xaa, 0xbb, 0x04, 0x82, 0x00, 0x01, 0xcc };
	static const uint8_t high_tag[] = { 0x1f, 0x81, 0x01, 0x00 };
	struct der_cursor c = der_cursor_of(indef, sizeof(indef));

	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.tag, DER_SEQUENCE);
	assert_true(t.ber & DER_BER_INDEFINITE);
	assert_int_equal(t.len, 9);      /* contents without the outer 00 00 */
	assert_int_equal(t.raw_len, 13); /* header, contents, end-of-contents */
	struct der_cursor in = der_inside(&t);
	assert_int_equal(der_expect(&in, DER_INTEGER, &inner), 0);
	assert_int_equal(inner.val[0], 5);
	assert_int_equal(der_expect(&in, DER_SEQUENCE, &inner), 0);
	assert_int_equal(inner.len, 2);
	assert_int_equal(der_next(&in, &inner), DER_END);
	assert_int_equal(der_expect(&c, DER_NULL, &t), 0);
	assert_int_equal(t.ber, 0);

	c = der_cursor_of(long_form, sizeof(long_form));
	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.len, 2);
	assert_true(t.ber & DER_BER_LONG_LENGTH);
	assert_int_equal(der_next(&c, &t), 0); /* leading zero length octet */
	assert_int_equal(t.len, 1);
	assert_int_equal(t.val[0], 0xcc);
	assert_true(t.ber & DER_BER_LONG_LENGTH);

	c = der_cursor_of(high_tag, sizeof(high_tag));
	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.raw_len, 4);
	assert_true(t.ber & DER_BER_HIGH_TAG);
	/* five tag octets (tag 469794384, as in a CT project's test certificate's
	 * signatureAlgorithm parameters), and INT_MAX itself: OpenSSL reads both */
	static const uint8_t five_octets[] = { 0x1f, 0x81, 0xe0, 0x81, 0xfc, 0x50, 0x00, 0x05, 0x00 };
	static const uint8_t int_max[] = { 0x1f, 0x87, 0xff, 0xff, 0xff, 0x7f, 0x00 };
	c = der_cursor_of(five_octets, sizeof(five_octets));
	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.raw_len, 7);
	assert_true(t.ber & DER_BER_HIGH_TAG);
	assert_int_equal(der_expect(&c, DER_NULL, &t), 0);
	c = der_cursor_of(int_max, sizeof(int_max));
	assert_int_equal(der_next(&c, &t), 0);
	assert_int_equal(t.raw_len, 7);
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
	struct der_tlv t = { tag, (const uint8_t *)s, strlen(s), NULL, 0, 0 };
	int64_t v = -1;
	return der_time(&t, &v) == 0 ? v : -999;
}

static int64_t lenient_of(unsigned tag, const char *s, unsigned *quirks)
{
	struct der_tlv t = { tag, (const uint8_t *)s, strlen(s), NULL, 0, 0 };
	int64_t v = -1;
	*quirks = 0;
	return der_time_lenient(&t, &v, quirks) == 0 ? v : -999;
}

/* What OpenSSL and Go accept is read, and each departure is reported. */
static void lenient_times_say_what_is_wrong(void **state)
{
	(void)state;
	unsigned q;
	assert_int_equal(lenient_of(DER_UTCTIME, "700101000000Z", &q), 0);
	assert_int_equal(q, 0);
	assert_int_equal(lenient_of(DER_UTCTIME, "7001010001Z", &q), 60);
	assert_int_equal(q, DER_TIME_NO_SECONDS);
	assert_int_equal(lenient_of(DER_UTCTIME, "700101010000+0100", &q), 0);
	assert_int_equal(q, DER_TIME_NOT_ZULU);
	assert_int_equal(lenient_of(DER_UTCTIME, "700101000000", &q), 0);
	assert_int_equal(q, DER_TIME_NOT_ZULU);
	assert_int_equal(lenient_of(DER_GENERALIZEDTIME, "19700101000001.25Z", &q), 1);
	assert_int_equal(q, DER_TIME_FRACTION);
	assert_int_equal(lenient_of(DER_GENERALIZEDTIME, "197001010000-0030", &q), 1800);
	assert_int_equal(q, DER_TIME_NO_SECONDS | DER_TIME_NOT_ZULU);
	/* still refused: too short, a bare dot, junk after the zone */
	assert_int_equal(lenient_of(DER_UTCTIME, "70010100Z", &q), -999);
	assert_int_equal(lenient_of(DER_GENERALIZEDTIME, "19700101000000.Z", &q), -999);
	assert_int_equal(lenient_of(DER_UTCTIME, "700101000000ZZ", &q), -999);
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
	/* the formatter against the C library's, 1950-9999, every second field */
	for (int64_t u = -631152000LL; u < 253402300799LL; u += 86399LL * 97 + 3601) {
		time_t tt = (time_t)u;
		struct tm tm;
		char want[32];
		assert_non_null(gmtime_r(&tt, &tm));
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		sweep_time_iso(u, buf);
		assert_string_equal(buf, want);
	}
	sweep_time_iso(253402300799LL, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	sweep_time_iso(-62167219200LL, buf);
	assert_string_equal(buf, "0000-01-01T00:00:00Z");
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
		cmocka_unit_test(rejects_truncation_and_absurd_lengths),
		cmocka_unit_test(reads_ber_lengths_and_says_so),
		cmocka_unit_test(lenient_times_say_what_is_wrong),
		cmocka_unit_test(expect_and_optional),
		cmocka_unit_test(times_follow_rfc5280),
		cmocka_unit_test(iso_and_parse_round_trip),
		cmocka_unit_test(oid_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
