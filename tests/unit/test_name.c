/* RFC 4514 output and string decoding, on names OpenSSL encodes. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/name.h"

#include <openssl/asn1.h>

static char *rfc4514(const struct name_entry *e, size_t n)
{
	size_t len;
	unsigned char *der = name_der(e, n, &len);
	struct sweep_name name = { 0 };
	struct sweep_error err = { 0, "" };
	struct sweep_buf out = SWEEP_BUF_INIT;

	assert_int_equal(sweep_name_decode(&name, der, len, &err), 0);
	sweep_name_rfc4514(&name, &out);
	free(name.attrs);
	OPENSSL_free(der);
	return sweep_buf_detach(&out);
}

static void reverses_rdns_and_escapes_embedded_rdn(void **state)
{
	(void)state;
	const struct name_entry e[] = {
		{ "C", MBSTRING_ASC, "JP", -1, -1 },
		{ "ST", MBSTRING_UTF8, "Tokyo, C=JP", -1, -1 },
		{ "O", MBSTRING_UTF8, "Example \"KK\"; <x>+y\\z", -1, -1 },
		{ "CN", MBSTRING_UTF8, "www.example.jp", -1, -1 },
	};
	char *s = rfc4514(e, 4);
	assert_string_equal(s, "CN=www.example.jp,O=Example \\\"KK\\\"\\; \\<x\\>\\+y\\\\z,ST=Tokyo\\, C\\=JP,C=JP");
	free(s);
}

static void leading_hash_space_and_trailing_space(void **state)
{
	(void)state;
	const struct name_entry e[] = {
		{ "O", MBSTRING_UTF8, "#1 corp", -1, -1 },
		{ "OU", MBSTRING_UTF8, " padded ", -1, -1 },
	};
	char *s = rfc4514(e, 2);
	assert_string_equal(s, "OU=\\ padded\\ ,O=\\#1 corp");
	free(s);
}

/* RFC 4514 2.4 for one ASCII character at place i of a value of n: the
 * reference the fast path (a value written as it is) must agree with. */
static void ref_escape(char *out, size_t *o, unsigned char c, size_t i, size_t n)
{
	if (c < 0x20 || c == 0x7f) {
		*o += (size_t)sprintf(out + *o, "\\%02X", c);
		return;
	}
	if (strchr("\"+,;<>\\=", c) || ((c == '#' || c == ' ') && i == 0) || (c == ' ' && i + 1 == n))
		out[(*o)++] = '\\';
	out[(*o)++] = (char)c;
}

static void every_ascii_character_at_every_place(void **state)
{
	(void)state;
	/* each octet 0x01-0x7f first, in the middle and last of a value */
	for (unsigned c = 1; c < 0x80; c++) {
		char v[3][4] = { { (char)c, 'a', 'b', 0 }, { 'a', (char)c, 'b', 0 }, { 'a', 'b', (char)c, 0 } };
		for (int k = 0; k < 3; k++) {
			const struct name_entry e[] = { { "O", MBSTRING_UTF8, v[k], -1, -1 } };
			char want[32] = "O=";
			size_t o = 2;
			for (size_t i = 0; i < 3; i++)
				ref_escape(want, &o, (unsigned char)v[k][i], i, 3);
			want[o] = 0;
			char *s = rfc4514(e, 1);
			assert_string_equal(s, want);
			free(s);
		}
	}
}

static void multi_valued_rdn_uses_plus(void **state)
{
	(void)state;
	const struct name_entry e[] = {
		{ "C", MBSTRING_ASC, "CH", -1, -1 },
		{ "O", MBSTRING_UTF8, "A", -1, -1 },
		{ "OU", MBSTRING_UTF8, "B", -1, 0 },
	};
	char *s = rfc4514(e, 3);
	assert_string_equal(s, "O=A+OU=B,C=CH");
	free(s);
}

static void ev_attributes_have_names(void **state)
{
	(void)state;
	const struct name_entry e[] = {
		{ "jurisdictionC", MBSTRING_ASC, "CH", -1, -1 },
		{ "jurisdictionST", MBSTRING_UTF8, "Zug", -1, -1 },
		{ "jurisdictionL", MBSTRING_UTF8, "Zug", -1, -1 },
		{ "businessCategory", MBSTRING_UTF8, "Private Organization", -1, -1 },
		{ "2.5.4.100", MBSTRING_UTF8, "x", -1, -1 }, /* an attribute with no short name */
	};
	char *s = rfc4514(e, 5);
	assert_string_equal(s, "2.5.4.100=x,businessCategory=Private Organization,jurisdictionL=Zug,"
			       "jurisdictionST=Zug,jurisdictionC=CH");
	free(s);
}

static void non_ascii_bmp_and_control_characters(void **state)
{
	(void)state;
	/* "Zürich" as UTF-8, as BMPString (UCS-2 BE), and a NUL and a newline */
	static const char bmp[] = { 0, 'Z', 0, (char)0xfc, 0, 'r' };
	const struct name_entry e[] = {
		{ "L", MBSTRING_UTF8, "Z\xc3\xbcrich", -1, -1 },
		{ "O", V_ASN1_BMPSTRING, bmp, 6, -1 },
		{ "OU", MBSTRING_UTF8, "a\0b\nc", 5, -1 },
	};
	char *s = rfc4514(e, 3);
	assert_string_equal(s, "OU=a\\00b\\0Ac,O=Z\xc3\xbcr,L=Z\xc3\xbcrich");
	free(s);
}

static void invalid_utf8_and_odd_bmp_are_escaped_not_dropped(void **state)
{
	(void)state;
	/* OpenSSL will not build these, so the DER is written out:
	 * O = UTF8String 61 c3 62 ed a0 80 (a truncated sequence and a surrogate),
	 * OU = BMPString of odd length 00 41 00. */
	static const uint8_t der[] = { 0x30, 0x1f,
		0x31, 0x0f, 0x30, 0x0d, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x06, 0x61, 0xc3, 0x62, 0xed, 0xa0, 0x80,
		0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x1e, 0x03, 0x00, 0x41, 0x00 };
	struct sweep_name name = { 0 };
	struct sweep_error err = { 0, "" };
	struct sweep_buf out = SWEEP_BUF_INIT;

	assert_int_equal(sweep_name_decode(&name, der, sizeof(der), &err), 0);
	sweep_name_rfc4514(&name, &out);
	assert_string_equal(sweep_buf_str(&out), "OU=A\\00,O=a\\C3b\\ED\\A0\\80");
	sweep_buf_reset(&out);
	assert_int_equal(sweep_attr_utf8(&name.attrs[0], &out), 0); /* repaired */
	assert_string_equal(sweep_buf_str(&out), "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	sweep_buf_reset(&out);
	assert_int_equal(sweep_attr_utf8(&name.attrs[1], &out), 0);
	sweep_buf_release(&out);
	free(name.attrs);
}

static void malformed_names_are_errors(void **state)
{
	(void)state;
	static const uint8_t empty_rdn[] = { 0x30, 0x02, 0x31, 0x00 };
	static const uint8_t not_seq[] = { 0x31, 0x00 };
	static const uint8_t atv_no_oid[] = { 0x30, 0x06, 0x31, 0x04, 0x30, 0x02, 0x05, 0x00 };
	struct sweep_name name = { 0 };

	struct sweep_error e1 = { 0, "" }, e2 = { 0, "" }, e3 = { 0, "" };
	/* an empty RDN is skipped (and, in a certificate, reported by e_*_empty_rdn) */
	assert_int_equal(sweep_name_decode(&name, empty_rdn, sizeof(empty_rdn), &e1), 0);
	assert_int_equal(name.n, 0);
	assert_int_equal(sweep_name_decode(&name, not_seq, sizeof(not_seq), &e2), SWEEP_EDECODE);
	assert_int_equal(sweep_name_decode(&name, atv_no_oid, sizeof(atv_no_oid), &e3), SWEEP_EDECODE);
	free(name.attrs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reverses_rdns_and_escapes_embedded_rdn),
		cmocka_unit_test(leading_hash_space_and_trailing_space),
		cmocka_unit_test(every_ascii_character_at_every_place),
		cmocka_unit_test(multi_valued_rdn_uses_plus),
		cmocka_unit_test(ev_attributes_have_names),
		cmocka_unit_test(non_ascii_bmp_and_control_characters),
		cmocka_unit_test(invalid_utf8_and_odd_bmp_are_escaped_not_dropped),
		cmocka_unit_test(malformed_names_are_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
