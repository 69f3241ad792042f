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

#include "certsweep/output.h"

#include <fcntl.h>
#include <unistd.h>

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

/* --shard + merge: two shards each see half the rows (alternating, so both
 * halves of most pairs are apart), save their state to corpus.state, and a
 * third check folds both files: its sorted records are exactly those of a
 * single check that saw every row. A truncated or foreign file is refused. */
static void shard_scan(struct scan *s, struct sweep_audit_opts *o, struct sweep_run_opts *run, int k)
{
	struct sweep_error err = { 0, "" };

	memset(s, 0, sizeof(*s));
	o->shard_k = k;
	o->shard_n = k ? 2 : 0;
	s->o = o;
	s->run = run;
	assert_int_equal(scan_corpus_begin(s, &err), 0);
	assert_non_null(s->corpus);
	assert_non_null(s->corpus->precert);
}

static void test_shard_state_folds_exactly(void **state)
{
	(void)state;
	static const struct sweep_lint lint = { .name = SWEEP_CORPUS_PRECERT_FINAL_MISMATCH };
	const struct sweep_lint *lints[1] = { &lint };
	struct sweep_audit_opts o;
	struct sweep_run_opts run;
	struct sweep_outdir d[2];
	struct scan single, sh[2], merged;
	struct sweep_error err = { 0, "" };
	char root[] = "/tmp/certsweep-corpus-state-XXXXXX", path[2][64];
	unsigned seed = 5;

	assert_non_null(mkdtemp(root));
	memset(&o, 0, sizeof(o));
	memset(&run, 0, sizeof(run));
	o.lints = lints;
	o.n_lints = 1;
	struct sweep_run_opts runs[2] = { run, run };
	for (int k = 0; k < 2; k++) {
		snprintf(path[k], sizeof(path[k]), "%s/shard%d", root, k + 1);
		assert_int_equal(sweep_outdir_open(&d[k], path[k], 0600, &err), 0);
		runs[k].out = &d[k];
		shard_scan(&sh[k], &o, &runs[k], k + 1);
	}
	shard_scan(&single, &o, &run, 0);
	for (int64_t id = 1; id <= 5000; id++) {
		uint8_t key[16];
		uint32_t kk = (uint32_t)(rand_r(&seed) % 1500);
		memset(key, 0, sizeof(key));
		memcpy(key, &kk, 4);
		row.id = id;
		row.issuer_ref = rand_r(&seed) % 3;
		v.is_precert = rand_r(&seed) & 1;
		memset(v.tbs_sha256, rand_r(&seed) % 4, 32);
		assert_int_equal(corpus_precert_observe(single.corpus->precert, key, &row, &v, &err), 0);
		assert_int_equal(corpus_precert_observe(sh[id & 1].corpus->precert, key, &row, &v, &err), 0);
	}
	for (int k = 0; k < 2; k++) {
		o.shard_k = k + 1;
		o.shard_n = 2;
		assert_int_equal(scan_corpus_save(&sh[k], &err), 0);
		scan_corpus_release(&sh[k]);
	}
	shard_scan(&merged, &o, &run, 0);
	for (int k = 0; k < 2; k++)
		assert_int_equal(scan_corpus_load(&merged, path[k], k + 1, 2, &err), 0);
	struct sweep_spill *a = &single.corpus->precert->sp, *b = &merged.corpus->precert->sp;
	assert_int_equal(a->total, 5000);
	assert_int_equal(b->total, 5000);
	assert_int_equal(sweep_spill_sort(a, &err), 0);
	assert_int_equal(sweep_spill_sort(b, &err), 0);
	for (;;) {
		const uint8_t *ra, *rb;
		int ca = sweep_spill_next(a, &ra, &err), cb = sweep_spill_next(b, &rb, &err);
		assert_int_equal(ca, cb);
		if (ca)
			break;
		assert_memory_equal(ra, rb, P_SIZE);
	}
	scan_corpus_release(&single);
	scan_corpus_release(&merged);

	/* shard 1's file given as shard 2's; then cut short by one byte */
	shard_scan(&merged, &o, &run, 0);
	assert_int_equal(scan_corpus_load(&merged, path[0], 2, 2, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "is not the corpus state of shard 2/2"));
	char file[96];
	snprintf(file, sizeof(file), "%s/corpus.state", path[1]);
	FILE *fp = fopen(file, "rb+");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long len = ftell(fp);
	fclose(fp);
	assert_int_equal(truncate(file, len - 1), 0);
	sweep_error_clear(&err);
	assert_int_equal(scan_corpus_load(&merged, path[1], 2, 2, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "truncated"));
	scan_corpus_release(&merged);
	for (int k = 0; k < 2; k++) {
		unlinkat(d[k].fd, "corpus.state", 0);
		sweep_outdir_close(&d[k]);
		rmdir(path[k]);
	}
	rmdir(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairing_replayed_in_memory),
		cmocka_unit_test(test_pairing_replayed_from_runs),
		cmocka_unit_test(test_shard_state_folds_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
