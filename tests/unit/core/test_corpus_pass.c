/* The pending-pair map of c_precert_final_mismatch (src/core/corpus_pass.c):
 * a completed pair leaves the map (backward-shift deletion, no tombstones),
 * and every entry still waiting stays findable. The map is private to the
 * scan, so the test compiles the unit in. */
#include "testutil.h"

#include "core/corpus_pass.c"

struct harness {
	const struct sweep_lint *lints[1];
	struct sweep_audit_opts o;
	struct sweep_run_opts run;
	struct scan s;
	uint8_t issuer[4], serial[4];
	struct sweep_row row;
	struct row_verdict v;
};

static void setup(struct harness *h)
{
	static const struct sweep_lint lint = { .name = SWEEP_CORPUS_PRECERT_FINAL_MISMATCH };
	struct sweep_error err = { 0, "" };

	memset(h, 0, sizeof(*h));
	h->lints[0] = &lint;
	h->o.lints = h->lints;
	h->o.n_lints = 1;
	h->s.o = &h->o;
	h->s.run = &h->run;
	memcpy(h->issuer, "\x01\x02\x03\x04", 4);
	h->v.issuer = h->issuer;
	h->v.issuer_len = 4;
	h->v.serial = h->serial;
	h->v.serial_len = 4;
	static const uint8_t der[1] = { 0x30 };
	h->row.der = der;
	h->row.der_len = 1;
	assert_int_equal(scan_corpus_begin(&h->s, &err), 0);
	assert_non_null(h->s.corpus);
}

/* Observe serial k as a precertificate or final with a one-byte fingerprint. */
static int observe(struct harness *h, uint32_t k, int precert, uint8_t tbs)
{
	struct sweep_error err = { 0, "" };
	int hit = -2;

	memcpy(h->serial, &k, 4);
	h->row.id = k;
	h->v.is_precert = precert;
	memset(h->v.tbs_sha256, tbs, 32);
	assert_int_equal(scan_corpus_observe(&h->s, &h->row, &h->v, &hit, &err), 0);
	return hit;
}

static void test_completed_pairs_leave_the_map(void **state)
{
	(void)state;
	enum { N = 6000 };
	static unsigned char paired[N];
	struct harness h;
	unsigned seed = 12;

	setup(&h);
	for (uint32_t k = 0; k < N; k++)
		assert_int_equal(observe(&h, k, 1, 0xaa), -1);
	size_t left = N;
	for (uint32_t k = 0; k < N; k++) {
		paired[k] = (unsigned char)(rand_r(&seed) & 1);
		if (!paired[k])
			continue;
		assert_int_equal(observe(&h, k, 0, 0xaa), -1); /* corresponds: no finding */
		left--;
		assert_int_equal(h.s.corpus->n, left);
	}
	/* a final with another fingerprint: a finding where the precertificate
	 * still waits, a fresh entry where its pair was completed */
	size_t findings = 0;
	for (uint32_t k = 0; k < N; k++) {
		int hit = observe(&h, k, 0, 0xbb);
		assert_int_equal(hit, paired[k] ? -1 : 0);
		findings += hit == 0;
	}
	assert_int_equal(findings, left);
	assert_int_equal(h.s.corpus->n_mm, left);
	/* same kind twice (a repeated row): nothing */
	assert_int_equal(observe(&h, 0, 0, 0xcc), -1);
	scan_corpus_release(&h.s);
}

static void test_refused_with_shards_and_resume(void **state)
{
	(void)state;
	struct harness h;
	struct sweep_error err = { 0, "" };

	setup(&h);
	scan_corpus_release(&h.s);
	h.o.shard_n = 2;
	assert_int_equal(scan_corpus_begin(&h.s, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "--shard"));
	h.o.shard_n = 0;
	h.run.resume = 1;
	assert_int_equal(scan_corpus_begin(&h.s, &err), SWEEP_EINVAL);
	assert_null(h.s.corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_completed_pairs_leave_the_map),
		cmocka_unit_test(test_refused_with_shards_and_resume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
