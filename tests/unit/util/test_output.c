/* CSV, JSON and atomic output files. */
#include "testutil.h"

#include "certsweep/output.h"

#include <stdlib.h>
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
	/* quotes first, last, doubled and alone */
	const char *q[] = { "\"", "\"\"", "\"a", "a\"", "a\"\"b\"" };
	s = cells(q, 5, 0);
	assert_string_equal(s, "\"\"\"\",\"\"\"\"\"\",\"\"\"a\",\"a\"\"\",\"a\"\"\"\"b\"\"\"\r\n");
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
	/* every octet alone and between plain runs, against the rule itself */
	for (unsigned c = 1; c < 256; c++) {
		char in[8] = { 'a', 'b', (char)c, 'c', (char)c, 0 }, want[64];
		const char *esc = c == '"'    ? "\\\""
				  : c == '\\' ? "\\\\"
				  : c == '\n'  ? "\\n"
				  : c == '\r'  ? "\\r"
				  : c == '\t'  ? "\\t"
						: NULL;
		char one[8];
		if (!esc && (c < 0x20 || c == 0x7f))
			snprintf(one, sizeof(one), "\\u%04x", c);
		else if (!esc)
			snprintf(one, sizeof(one), "%c", (char)c);
		snprintf(want, sizeof(want), "\"ab%sc%s\"", esc ? esc : one, esc ? esc : one);
		sweep_buf_reset(&b);
		sweep_json_str(&b, in);
		assert_string_equal(sweep_buf_str(&b), want);
	}
	sweep_buf_release(&b);
}

/* A scratch output directory under /tmp. */
static void scratch(char dir[64], struct sweep_outdir *d, unsigned mode)
{
	struct sweep_error err = { 0, "" };

	snprintf(dir, 64, "/tmp/certsweep-test-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strncat(dir, "/out", 63 - strlen(dir));
	assert_int_equal(sweep_outdir_open(d, dir, mode, &err), 0);
}

static void cleanup(const char *dir)
{
	char cmd[160];
	size_t n = strlen(dir) - strlen("/out");
	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)n, dir);
	assert_int_equal(system(cmd), 0);
}

static void ofile_is_invisible_until_committed(void **state)
{
	(void)state;
	char dir[64], path[256];
	struct sweep_outdir d;
	struct sweep_ofile f;
	struct sweep_error err = { 0, "" };
	struct stat st;

	scratch(dir, &d, SWEEP_FILE_MODE_DEFAULT);
	snprintf(path, sizeof(path), "%s/x.csv", dir);
	assert_int_equal(sweep_ofile_open(&f, &d, "x.csv", &err), 0);
	fputs("data", f.fp);
	assert_int_not_equal(stat(path, &st), 0); /* not there yet */
	assert_int_equal(sweep_ofile_commit(&f, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 4);

	assert_int_equal(sweep_ofile_open(&f, &d, "y.csv", &err), 0);
	fputs("half", f.fp);
	sweep_ofile_abort(&f);
	snprintf(path, sizeof(path), "%s/y.csv", dir);
	assert_int_not_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/y.csv.partial", dir);
	assert_int_not_equal(stat(path, &st), 0);
	sweep_outdir_close(&d);
	cleanup(dir);
}

/* #14 item 1: a symlink planted at NAME.partial (or at the final name) must
 * neither be written through nor be what gets published. */
static void planted_symlinks_are_not_followed(void **state)
{
	(void)state;
	char dir[64], path[256], victim[256];
	const char *const names[] = { "affected.csv", "checkpoint.state", "audit.state" };
	struct sweep_outdir d;
	struct sweep_ofile f;
	struct sweep_error err = { 0, "" };
	struct stat st;

	scratch(dir, &d, SWEEP_FILE_MODE_DEFAULT);
	snprintf(victim, sizeof(victim), "%s/../victim", dir);
	FILE *fp = fopen(victim, "w");
	assert_non_null(fp);
	fputs("precious", fp);
	fclose(fp);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.partial", dir, names[i]);
		assert_int_equal(symlink(victim, path), 0);
		assert_int_equal(sweep_ofile_open(&f, &d, names[i], &err), 0);
		fputs("report", f.fp);
		assert_int_equal(sweep_ofile_commit(&f, &err), 0);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(lstat(path, &st), 0);
		assert_true(S_ISREG(st.st_mode)); /* a file of ours, not the link */
		assert_int_equal(st.st_size, 6);
	}
	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_size, 8); /* untouched */
	/* resuming never opens a partial through a link either */
	snprintf(path, sizeof(path), "%s/findings.jsonl.partial", dir);
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(sweep_ofile_reopen(&f, &d, "findings.jsonl", 0, &err), SWEEP_EIO);
	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_size, 8);
	sweep_outdir_close(&d);
	/* an output directory that is a symlink is refused */
	snprintf(path, sizeof(path), "%s/../link", dir);
	assert_int_equal(symlink(dir, path), 0);
	sweep_error_clear(&err);
	assert_int_equal(sweep_outdir_open(&d, path, SWEEP_FILE_MODE_DEFAULT, &err), SWEEP_EIO);
	assert_non_null(strstr(err.msg, "symbolic link"));
	cleanup(dir);
}

/* #14 item 2: 0700 directory, 0600 files, whatever the umask; --mode widens. */
static void outputs_are_private_unless_mode_says(void **state)
{
	(void)state;
	char dir[64], path[256];
	struct sweep_outdir d;
	struct sweep_ofile f;
	struct sweep_error err = { 0, "" };
	struct stat st;
	mode_t old = umask(022);

	scratch(dir, &d, SWEEP_FILE_MODE_DEFAULT);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(sweep_ofile_open(&f, &d, "a.csv", &err), 0);
	assert_int_equal(sweep_ofile_commit(&f, &err), 0);
	snprintf(path, sizeof(path), "%s/a.csv", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	sweep_outdir_close(&d);
	cleanup(dir);

	scratch(dir, &d, 0644);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(sweep_ofile_open(&f, &d, "b.csv", &err), 0);
	assert_int_equal(sweep_ofile_commit(&f, &err), 0);
	snprintf(path, sizeof(path), "%s/b.csv", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	sweep_outdir_close(&d);
	cleanup(dir);
	umask(old);
}

static void full_disk_is_an_error_not_a_file(void **state)
{
	(void)state;
	char dir[64], path[256];
	struct sweep_outdir d;
	struct sweep_ofile f;
	struct sweep_error err = { 0, "" };

	scratch(dir, &d, SWEEP_FILE_MODE_DEFAULT);
	setenv("CERTSWEEP_FAULT_ENOSPC_AT", "1", 1);
	assert_int_equal(sweep_ofile_open(&f, &d, "x.csv", &err), 0);
	fputs("data", f.fp);
	assert_int_equal(sweep_ofile_commit(&f, &err), SWEEP_EIO);
	unsetenv("CERTSWEEP_FAULT_ENOSPC_AT");
	assert_non_null(strstr(err.msg, "No space left on device"));
	snprintf(path, sizeof(path), "%s/x.csv", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/x.csv.partial", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	sweep_outdir_close(&d);
	cleanup(dir);
}

static void unwritable_directory_is_a_clear_error(void **state)
{
	(void)state;
	struct sweep_error err = { 0, "" };
	assert_int_equal(sweep_mkdirs("/proc/certsweep/out", 0700, &err), SWEEP_EIO);
	assert_non_null(strstr(err.msg, "/proc/certsweep"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_only_when_rfc4180_needs_it),
		cmocka_unit_test(csv_safe_neutralises_formulas),
		cmocka_unit_test(json_escapes_controls),
		cmocka_unit_test(ofile_is_invisible_until_committed),
		cmocka_unit_test(planted_symlinks_are_not_followed),
		cmocka_unit_test(outputs_are_private_unless_mode_says),
		cmocka_unit_test(full_disk_is_an_error_not_a_file),
		cmocka_unit_test(unwritable_directory_is_a_clear_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
