/* c_precert_final_mismatch's pairing (src/core/corpus_precert.c): the
 * records go through the external sort and the pairing is replayed per
 * (issuer, serial) key in id order: the first certificate waits for the
 * first of the other kind, repeats of its own kind are ignored, a completed
 * pair leaves (the next certificate waits afresh), and only pairs whose
 * fingerprints differ come out, both certificates each. Memory does not
 * depend on how many wait: a 2-record buffer forces thousands of runs. The
 * check's state is private to the scan, so the test compiles the unit in. */
#include "testutil.h"

#include "core/corpus_precert.c"

static struct sweep_row row;
static struct row_verdict v;

static void observe(struct corpus_precert *p, uint32_t k, int64_t id, int precert, uint8_t tbs)
{
	struct sweep_error err = { 0, "" };
	uint8_t key[16];

	memset(key, 0, sizeof(key));
	memcpy(key, &k, 4);
	row.id = id;
	row.issuer_ref = 7;
	v.is_precert = precert;
	memset(v.tbs_sha256, tbs, 32);
	assert_int_equal(corpus_precert_observe(p, key, &row, &v, &err), 0);
}

static void check(size_t buffer)
{
	enum { N = 3000 };
	static unsigned char paired[N];
	struct corpus_precert *p = NULL;
	struct sweep_error err = { 0, "" };
	struct pcert *list = NULL;
	size_t n = 0, n_pairs = 0, want = 0;
	unsigned seed = 12;
	int64_t id = 1;

	assert_int_equal(corpus_precert_begin(&p, 0, &err), 0);
	if (buffer) {
		sweep_spill_release(&p->sp);
		assert_int_equal(sweep_spill_init(&p->sp, P_SIZE, buffer, &err), 0);
	}
	/* every serial's precertificate; then finals, corresponding, for about half */
	for (uint32_t k = 0; k < N; k++)
		observe(p, k, id++, 1, 0xaa);
	for (uint32_t k = 0; k < N; k++) {
		paired[k] = (unsigned char)(rand_r(&seed) & 1);
		if (paired[k])
			observe(p, k, id++, 0, 0xaa);
	}
	/* a final with another fingerprint: a mismatch where the precertificate
	 * still waits, a lone final where its pair was completed */
	for (uint32_t k = 0; k < N; k++) {
		observe(p, k, id++, 0, 0xbb);
		want += !paired[k];
	}
	/* same kind again (a repeated row): nothing */
	observe(p, 0, id++, 0, 0xcc);
	/* a serial whose final came first, then a repeated final, then the precertificate */
	observe(p, N, id++, 0, 0x01);
	observe(p, N, id++, 0, 0x02);
	observe(p, N, id++, 1, 0x03);
	want++;

	assert_int_equal(collect(p, &list, &n, &n_pairs, &err), 0);
	assert_int_equal(n_pairs, want);
	assert_int_equal(n, 2 * want);
	for (size_t i = 0; i < n; i += 2) {
		uint32_t k;
		memcpy(&k, list[i].key, 4);
		assert_int_equal(list[i].role, 0);
		assert_int_equal(list[i + 1].role, 1);
		assert_int_equal(list[i].pair, list[i + 1].pair);
		assert_int_equal(list[i].ref, 7);
		assert_true(list[i].id < list[i + 1].id);
		if (k < N) {
			assert_false(paired[k]);
			assert_int_equal(list[i].precert, 1);
			assert_int_equal(list[i].fp[0], 0xaa);
			assert_int_equal(list[i + 1].fp[0], 0xbb);
		} else {
			/* the first final waited; its repeat was ignored */
			assert_int_equal(list[i].fp[0], 0x01);
			assert_int_equal(list[i + 1].fp[0], 0x03);
		}
	}
	free(list);
	corpus_precert_release(p);
}

static void test_pairing_replayed_in_memory(void **state)
{
	(void)state;
	check(0);
}

static void test_pairing_replayed_from_runs(void **state)
{
	(void)state;
	check(2 * P_SIZE);
}

static void test_refused_with_shards(void **state)
{
	(void)state;
	static const struct sweep_lint lint = { .name = SWEEP_CORPUS_PRECERT_FINAL_MISMATCH };
	const struct sweep_lint *lints[1] = { &lint };
	struct sweep_audit_opts o;
	struct sweep_run_opts run;
	struct scan s;
	struct sweep_error err = { 0, "" };

	memset(&o, 0, sizeof(o));
	memset(&run, 0, sizeof(run));
	memset(&s, 0, sizeof(s));
	o.lints = lints;
	o.n_lints = 1;
	s.o = &o;
	s.run = &run;
	run.resume = 1; /* --resume is fine now */
	assert_int_equal(scan_corpus_begin(&s, &err), 0);
	assert_non_null(s.corpus);
	scan_corpus_release(&s);
	o.shard_n = 2;
	assert_int_equal(scan_corpus_begin(&s, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "--shard"));
	assert_null(s.corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairing_replayed_in_memory),
		cmocka_unit_test(test_pairing_replayed_from_runs),
		cmocka_unit_test(test_refused_with_shards),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
