/* The external sort behind c_serial_reused: records come back in memcmp
 * order whether they stayed in memory or were spilled as several runs. */
#include "testutil.h"

#include "certsweep/corpus.h"

#include <dirent.h>
#include <unistd.h>

#define REC 13 /* an odd size, so records straddle read buffers */

static void make(uint8_t *r, uint64_t seed)
{
	/* a few distinct keys, many duplicates */
	for (int i = 0; i < REC; i++)
		r[i] = (uint8_t)((seed * 2654435761u) >> (i % 8 * 3));
	r[0] = (uint8_t)(seed % 7);
}

static void check_sorted(size_t buffer_bytes, size_t n, int want_file)
{
	struct sweep_spill sp;
	struct sweep_error err = { 0 };
	uint8_t rec[REC], prev[REC];
	const uint8_t *got;
	uint64_t sum_in = 0, sum_out = 0;
	size_t count = 0;

	assert_int_equal(sweep_spill_init(&sp, REC, buffer_bytes, &err), 0);
	for (size_t i = 0; i < n; i++) {
		make(rec, i);
		for (int k = 0; k < REC; k++)
			sum_in += (uint64_t)rec[k] * (uint64_t)(k + 1);
		assert_int_equal(sweep_spill_add(&sp, rec, &err), 0);
	}
	assert_int_equal(sweep_spill_sort(&sp, &err), 0);
	assert_int_equal(sp.fd >= 0, want_file);
	if (want_file)
		assert_true(sp.n_runs > 2); /* several runs merged */
	int rc;
	while ((rc = sweep_spill_next(&sp, &got, &err)) == 0) {
		if (count)
			assert_true(memcmp(prev, got, REC) <= 0);
		memcpy(prev, got, REC);
		for (int k = 0; k < REC; k++)
			sum_out += (uint64_t)got[k] * (uint64_t)(k + 1);
		count++;
	}
	assert_int_equal(rc, 1);
	assert_int_equal(count, n);
	assert_int_equal(sum_in, sum_out);
	assert_int_equal(sweep_spill_next(&sp, &got, &err), 1);
	sweep_spill_release(&sp);
}

static void test_in_memory(void **state)
{
	(void)state;
	check_sorted(0, 1000, 0);
}

static void test_tiny_buffer_many_runs(void **state)
{
	(void)state;
	/* 10 records a run: 2000 records are 200 runs, merged */
	check_sorted(10 * REC, 2000, 1);
	/* a run boundary in the middle of the read buffer, and a last partial run */
	check_sorted(3 * REC, 20001, 1);
}

/* Unordered: the records come back exactly as added, in memory and across
 * many runs (c_key_reused_after_compromise and c_issued_outside_issuer_validity
 * judge each record alone and never pay for the sort). */
static void check_unordered(size_t buffer_bytes, size_t n, int want_file)
{
	struct sweep_spill sp;
	struct sweep_error err = { 0 };
	uint8_t rec[REC];
	const uint8_t *got;
	size_t count = 0;
	int rc;

	assert_int_equal(sweep_spill_init(&sp, REC, buffer_bytes, &err), 0);
	sp.unordered = 1;
	for (size_t i = 0; i < n; i++) {
		make(rec, i);
		assert_int_equal(sweep_spill_add(&sp, rec, &err), 0);
	}
	assert_int_equal(sweep_spill_sort(&sp, &err), 0);
	assert_int_equal(sp.fd >= 0, want_file);
	while ((rc = sweep_spill_next(&sp, &got, &err)) == 0) {
		make(rec, count);
		assert_memory_equal(got, rec, REC);
		count++;
	}
	assert_int_equal(rc, 1);
	assert_int_equal(count, n);
	sweep_spill_release(&sp);
}

static void test_unordered_keeps_the_order_added(void **state)
{
	(void)state;
	check_unordered(0, 1000, 0);
	check_unordered(10 * REC, 2000, 1);
	check_unordered(3 * REC, 20001, 1);
}

static void test_empty(void **state)
{
	(void)state;
	struct sweep_spill sp;
	struct sweep_error err = { 0 };
	const uint8_t *got;

	assert_int_equal(sweep_spill_init(&sp, REC, 0, &err), 0);
	assert_int_equal(sweep_spill_sort(&sp, &err), 0);
	assert_int_equal(sweep_spill_next(&sp, &got, &err), 1);
	sweep_spill_release(&sp);
}

/* The temporary file is unlinked at once: nothing is left in TMPDIR. */
static void test_temp_unlinked_and_bad_tmpdir(void **state)
{
	(void)state;
	char dir[] = "/tmp/spill-test-XXXXXX";
	struct sweep_spill sp;
	struct sweep_error err = { 0 };
	uint8_t rec[REC] = { 0 };
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;

	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	assert_int_equal(sweep_spill_init(&sp, REC, 2 * REC, &err), 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(sweep_spill_add(&sp, rec, &err), 0);
	assert_true(sp.fd >= 0);
	DIR *d = opendir(dir);
	struct dirent *e;
	int entries = 0;
	while ((e = readdir(d)) != NULL)
		entries += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(entries, 0);
	sweep_spill_release(&sp);
	rmdir(dir);
	/* a TMPDIR that is not there: a clear I/O error, not a crash */
	setenv("TMPDIR", "/nonexistent/certsweep-spill", 1);
	assert_int_equal(sweep_spill_init(&sp, REC, 2 * REC, &err), 0);
	int rc = 0;
	for (int i = 0; i < 10 && !rc; i++)
		rc = sweep_spill_add(&sp, rec, &err);
	assert_int_equal(rc, SWEEP_EIO);
	assert_non_null(strstr(err.msg, "TMPDIR"));
	sweep_spill_release(&sp);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

/* The in-memory sort against qsort: the same bytes in the same order, for
 * record sizes around its two-octet buckets (1 and 2: no rest to compare),
 * hash-like records, one huge bucket of near-duplicates, and exact
 * duplicates. */
static size_t cmp_size;
static int cmp_rec(const void *a, const void *b)
{
	return memcmp(a, b, cmp_size);
}

static void check_against_qsort(size_t size, size_t n, int kind)
{
	struct sweep_spill sp;
	struct sweep_error err = { 0 };
	uint8_t *want = malloc(n * size), *rec = malloc(size);
	const uint8_t *got;
	uint64_t x = 88172645463325252ull;

	assert_non_null(want);
	assert_non_null(rec);
	assert_int_equal(sweep_spill_init(&sp, size, n * size + size, &err), 0);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < size; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			rec[k] = (uint8_t)x;
		}
		if (kind == 1 && size > 2) /* one bucket, the rest differing in its last octet only */
			memset(rec, 0xab, size - 1);
		if (kind == 2) /* 5 distinct records */
			memset(rec, (int)(i % 5), size);
		memcpy(want + i * size, rec, size);
		assert_int_equal(sweep_spill_add(&sp, rec, &err), 0);
	}
	cmp_size = size;
	qsort(want, n, size, cmp_rec);
	assert_int_equal(sweep_spill_sort(&sp, &err), 0);
	assert_true(sp.fd < 0); /* all in memory */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(sweep_spill_next(&sp, &got, &err), 0);
		assert_memory_equal(got, want + i * size, size);
	}
	assert_int_equal(sweep_spill_next(&sp, &got, &err), 1);
	sweep_spill_release(&sp);
	free(want);
	free(rec);
}

static void test_same_order_as_qsort(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1, 2, 3, 13, 41, 56, 57 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int kind = 0; kind < 3; kind++) {
			check_against_qsort(sizes[i], 20000, kind); /* the bucketed sort */
			check_against_qsort(sizes[i], 17, kind); /* the small-run sort */
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_tiny_buffer_many_runs),
		cmocka_unit_test(test_unordered_keeps_the_order_added),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_same_order_as_qsort),
		cmocka_unit_test(test_temp_unlinked_and_bad_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
