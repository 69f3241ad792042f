/* The growable buffer: printf into the room there is, or grown to fit, with
 * the same bytes as snprintf; integers as "%lld" writes them. */
#include "testutil.h"

#include "certsweep/buf.h"

#include <inttypes.h>
#include <stdint.h>

static void printf_fits_exactly_or_grows(void **state)
{
	(void)state;
	/* every length around the room left, from an empty buffer and a full one */
	for (size_t pre = 0; pre < 140; pre++) {
		for (size_t n = 0; n < 140; n += 7) {
			struct sweep_buf b = SWEEP_BUF_INIT;
			char want[512], arg[256];
			memset(arg, 'x', n);
			arg[n] = '\0';
			for (size_t i = 0; i < pre; i++)
				sweep_buf_putc(&b, (char)('a' + i % 26));
			size_t cap = b.cap;
			snprintf(want, sizeof(want), "%.*s<%s|%d>", (int)pre, b.p ? b.p : "", arg, (int)n);
			sweep_buf_printf(&b, "<%s|%d>", arg, (int)n);
			assert_false(b.oom);
			assert_string_equal(sweep_buf_str(&b), want);
			assert_int_equal(b.len, strlen(want));
			assert_true(b.cap >= cap);
			sweep_buf_release(&b);
		}
	}
}

static void printf_after_oom_is_a_no_op(void **state)
{
	(void)state;
	struct sweep_buf b = SWEEP_BUF_INIT;

	sweep_buf_puts(&b, "kept");
	b.oom = 1;
	sweep_buf_printf(&b, "%s", "lost");
	assert_int_equal(b.len, 4);
	assert_string_equal(b.p, "kept");
	sweep_buf_release(&b);
}

static void i64_as_printf(void **state)
{
	(void)state;
	const int64_t v[] = { 0, 1, -1, 9, 10, -10, 1234567890123LL, INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sweep_buf b = SWEEP_BUF_INIT;
		char want[32];
		snprintf(want, sizeof(want), "%" PRId64, v[i]);
		sweep_buf_i64(&b, v[i]);
		assert_string_equal(sweep_buf_str(&b), want);
		sweep_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printf_fits_exactly_or_grows),
		cmocka_unit_test(printf_after_oom_is_a_no_op),
		cmocka_unit_test(i64_as_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
