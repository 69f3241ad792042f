/* CSV, JSON and atomic output files. */
#include "testutil.h"

#include "certsweep/output.h"

#include <sys/stat.h>
#include <unistd.h>

static char *cells(const char *const *v, size_t n, int safe)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		sweep_csv_cell(&b, v[i], i == 0, safe);
	sweep_csv_end(&b);
	return sweep_buf_detach(&b);
}

static void csv_quotes_only_when_rfc4180_needs_it(void **state)
{
	(void)state;
	const char *v[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", "=1+2" };
	char *s = cells(v, 6, 0);
	assert_string_equal(s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,=1+2\r\n");
	free(s);
}

static void csv_safe_neutralises_formulas(void **state)
{
	(void)state;
	const char *v[] = { "=cmd()", "+1", "-2", "@x", "ok", "a=b" };
	char *s = cells(v, 6, 1);
	assert_string_equal(s, "\"'=cmd()\",\"'+1\",\"'-2\",\"'@x\",ok,a=b\r\n");
	free(s);
}

static void json_escapes_controls(void **state)
{
	(void)state;
	struct sweep_buf b = SWEEP_BUF_INIT;
	sweep_json_str(&b, "a\"b\\c\nd\x01\x7f\xc3\xbc");
	assert_string_equal(sweep_buf_str(&b), "\"a\\\"b\\\\c\\nd\\u0001\\u007f\xc3\xbc\"");
	sweep_buf_release(&b);
}

static void ofile_is_invisible_until_committed(void **state)
{
	(void)state;
	char dir[] = "/tmp/certsweep-test-XXXXXX";
	char path[256];
	struct sweep_ofile f;
	struct sweep_error err = { 0, "" };
	struct stat st;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.csv", dir);
	assert_int_equal(sweep_ofile_open(&f, dir, "x.csv", &err), 0);
	fputs("data", f.fp);
	assert_int_not_equal(stat(path, &st), 0); /* not there yet */
	assert_int_equal(sweep_ofile_commit(&f, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 4);

	assert_int_equal(sweep_ofile_open(&f, dir, "y.csv", &err), 0);
	fputs("half", f.fp);
	sweep_ofile_abort(&f);
	snprintf(path, sizeof(path), "%s/y.csv", dir);
	assert_int_not_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/y.csv.partial", dir);
	assert_int_not_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/x.csv", dir);
	unlink(path);
	rmdir(dir);
}

static void full_disk_is_an_error_not_a_file(void **state)
{
	(void)state;
	struct sweep_ofile f;
	struct sweep_error err = { 0, "" };
	char big[8192];

	if (access("/dev/full", W_OK) != 0)
		skip();
	/* /dev/full as the "directory" is not possible; open it directly as the temp file. */
	f.path = strdup("/tmp/certsweep-never-created.csv");
	f.tmp_path = strdup("/dev/full");
	f.fp = fopen("/dev/full", "wb");
	assert_non_null(f.fp);
	memset(big, 'x', sizeof(big));
	fwrite(big, 1, sizeof(big), f.fp);
	assert_int_equal(sweep_ofile_commit(&f, &err), SWEEP_EIO);
	assert_non_null(strstr(err.msg, "No space left on device"));
	assert_int_not_equal(access("/tmp/certsweep-never-created.csv", F_OK), 0);
}

static void unwritable_directory_is_a_clear_error(void **state)
{
	(void)state;
	struct sweep_error err = { 0, "" };
	assert_int_equal(sweep_mkdirs("/proc/certsweep/out", &err), SWEEP_EIO);
	assert_non_null(strstr(err.msg, "/proc/certsweep"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_only_when_rfc4180_needs_it),
		cmocka_unit_test(csv_safe_neutralises_formulas),
		cmocka_unit_test(json_escapes_controls),
		cmocka_unit_test(ofile_is_invisible_until_committed),
		cmocka_unit_test(full_disk_is_an_error_not_a_file),
		cmocka_unit_test(unwritable_directory_is_a_clear_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
