/* The affected set past --memory-limit (affected_spill.c): runs written and
 * merged back, fragments of one serial folded to what one set in memory
 * holds, siblings of spilled serials, and the errors of a temporary file
 * that cannot be written. */
#include "testutil.h"

#include "certsweep/affected.h"

#include <stdlib.h>

/* What the scan does with a matching certificate (id, lint hits). */
static void match(struct sweep_affected *set, struct test_cert *f, int64_t id, const size_t *hits, size_t n)
{
	struct sweep_group *g = sweep_affected_find_cert(set, &f->c);

	if (!g)
		assert_int_equal(sweep_affected_group(&g, set, &f->c, id, 101), 0);
	assert_int_equal(sweep_affected_add_cert(set, g, &f->c, id, NULL, 1), 0);
	assert_int_equal(sweep_affected_add_lints(set, g, hits, n), 0);
}

/* ...and with a sibling (a certificate sharing an affected serial); NULL
 * when its serial is in no group, in memory or (maybe) on disk. */
static struct sweep_group *sibling(struct sweep_affected *set, struct test_cert *f, int64_t id)
{
	struct sweep_group *g = sweep_affected_find_cert(set, &f->c);

	if (!g && !sweep_affected_maybe_spilled(set, f->c.serial, f->c.serial_len))
		return NULL;
	if (!g) {
		assert_int_equal(sweep_affected_group(&g, set, &f->c, id, 101), 0);
		g->first_id = INT64_MAX; /* as scan_sibling_fragment */
	}
	assert_int_equal(sweep_affected_add_cert(set, g, &f->c, id, NULL, 0), 0);
	return g;
}

static void spill(struct sweep_affected *set)
{
	struct sweep_error err = { 0, "" };
	assert_int_equal(sweep_affected_spill(set, &err), 0);
	assert_int_equal(set->n, 0);
}

static void assert_same_group(const struct sweep_group *x, const struct sweep_group *y)
{
	assert_int_equal(x->n_members, y->n_members);
	for (size_t k = 0; k < x->n_members; k++) {
		assert_memory_equal(x->members[k].sha256, y->members[k].sha256, 32);
		assert_memory_equal(x->members[k].tbs_sha256, y->members[k].tbs_sha256, 32);
		assert_int_equal(x->members[k].id, y->members[k].id);
		assert_int_equal(x->members[k].failed, y->members[k].failed);
		assert_int_equal(x->members[k].is_precert, y->members[k].is_precert);
		assert_string_equal(sweep_member_subject(x, &x->members[k]), sweep_member_subject(y, &y->members[k]));
		assert_string_equal(sweep_member_dns(x, &x->members[k]), sweep_member_dns(y, &y->members[k]));
	}
	assert_int_equal(x->n_lint_hits, y->n_lint_hits);
	if (x->n_lint_hits)
		assert_memory_equal(x->lint_hits, y->lint_hits, x->n_lint_hits * sizeof(size_t));
	assert_int_equal(x->fields_id, y->fields_id);
	assert_int_equal(x->fields_from_final, y->fields_from_final);
	assert_int_equal(x->first_id, y->first_id);
	assert_int_equal(x->issuer_ref, y->issuer_ref);
	assert_int_equal(x->not_before, y->not_before);
	assert_int_equal(x->not_after, y->not_after);
	assert_int_equal(x->type, y->type);
	assert_int_equal(x->revoked, y->revoked);
	assert_string_equal(x->subject, y->subject);
	assert_string_equal(x->dns_names, y->dns_names);
	assert_ptr_equal(x->iss, y->iss);
	assert_int_equal(x->serial_len, y->serial_len);
	assert_memory_equal(x->serial, y->serial, x->serial_len);
}

struct batch_seen {
	size_t groups, calls;
};

static int count_batch(struct sweep_group **gs, size_t n, void *arg, struct sweep_error *err)
{
	struct batch_seen *b = arg;
	(void)err;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(gs[i]->rev_conflict, NULL);
	b->groups += n;
	b->calls++;
	return 0;
}

/* Spilling after every certificate, siblings after their partner went to
 * disk, a sibling of no affected serial: drained, the same groups in the
 * same order as one set kept in memory. */
static void drain_equals_one_set(void **state)
{
	(void)state;
	const char *const names[] = { "secom_pair.pre.der", "secom_pair.der", "ev_locality.pre.der", "ev_locality.der",
				      "dv_expired.der", "secom_revoked.der" };
	enum { N = sizeof(names) / sizeof(names[0]) };
	struct test_cert f[N], stray;
	struct sweep_affected one, sp;
	struct sweep_error err = { 0, "" };
	const size_t hits_a[] = { 0, 3 }, hits_b[] = { 1, 3 };

	sweep_affected_init(&one);
	sweep_affected_init(&sp);
	sp.budget = 1;
	for (size_t i = 0; i < N; i++)
		test_cert_load(&f[i], names[i]);
	test_cert_load(&stray, "ev_clean.der");
	/* the precertificates match, their finals come later as siblings; the
	 * rest match on their own */
	for (size_t i = 0; i < N; i++) {
		int is_sibling = i == 1 || i == 3;
		const size_t *hits = i % 2 ? hits_b : hits_a;
		if (is_sibling) {
			assert_non_null(sibling(&one, &f[i], (int64_t)i + 1));
			assert_non_null(sibling(&sp, &f[i], (int64_t)i + 1)); /* found through the filter */
		} else {
			match(&one, &f[i], (int64_t)i + 1, hits, 2);
			match(&sp, &f[i], (int64_t)i + 1, hits, 2);
		}
		assert_true(sweep_affected_over_budget(&sp));
		spill(&sp);
		assert_true(sweep_affected_maybe_spilled(&sp, f[i].c.serial, f[i].c.serial_len));
	}
	/* a certificate of no affected serial: none in memory; on disk only if
	 * the filter errs, and then its fragment is dropped */
	assert_null(sibling(&one, &stray, 99));
	sibling(&sp, &stray, 99);
	/* a corpus check matches the first precertificate again, its earlier
	 * match on disk: counted twice until drained */
	match(&sp, &f[0], 1, hits_b, 1);
	struct sweep_group *g = sweep_affected_find_cert(&sp, &f[0].c);
	g->members[0].tentative = 1;
	match(&one, &f[0], 1, hits_b, 1);
	assert_int_equal(sp.spills, N);

	struct batch_seen seen = { 0, 0 };
	uint64_t twice = 0;
	struct sweep_affected_drain_hooks hooks = { count_batch, &seen, &twice };
	struct sweep_group_runs *runs;
	size_t n_runs_groups;
	assert_int_equal(sweep_affected_drain(&sp, &hooks, &runs, &n_runs_groups, &err), 0);
	assert_int_equal(twice, 1);
	assert_false(sweep_affected_spilled(&sp));

	struct sweep_group **x;
	size_t nx;
	assert_int_equal(sweep_affected_take_sorted(&x, &nx, &one), 0);
	assert_int_equal(n_runs_groups, nx);
	assert_int_equal(seen.groups, nx);
	struct sweep_groups_it it;
	const struct sweep_group *y;
	size_t i = 0;
	sweep_groups_begin(&it, NULL, n_runs_groups, runs);
	while ((y = sweep_groups_next(&it)) != NULL) {
		assert_true(i < nx);
		assert_same_group(x[i], y);
		for (size_t k = 0; k < y->n_members; k++)
			assert_int_equal(y->members[k].tentative, 0);
		i++;
	}
	assert_int_equal(sweep_groups_end(&it, &err), 0);
	assert_int_equal(i, nx);
	/* read twice: every sink makes its own pass */
	sweep_groups_begin(&it, NULL, n_runs_groups, runs);
	for (i = 0; sweep_groups_next(&it); i++)
		;
	assert_int_equal(sweep_groups_end(&it, &err), 0);
	assert_int_equal(i, nx);

	for (i = 0; i < nx; i++)
		sweep_group_free(x[i]);
	free(x);
	sweep_group_runs_free(runs);
	sweep_affected_release(&one);
	sweep_affected_release(&sp);
	for (i = 0; i < N; i++)
		test_cert_unload(&f[i]);
	test_cert_unload(&stray);
}

/* A bare group of issuer id with 4-octet serial v and the given strings
 * (owned by the group), as a state file or a run would give it. */
static struct sweep_group *bare_group(const struct sweep_issuer_id *id, uint32_t v, char *subject, char *dns)
{
	struct sweep_group *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	sweep_group_set_issuer(g, id);
	g->serial = malloc(4);
	assert_non_null(g->serial);
	memcpy(g->serial, &v, 4);
	g->serial_len = 4;
	g->subject = subject;
	g->dns_names = dns;
	return g;
}

static int cmp_serial_int(const void *p, const void *q)
{
	const struct sweep_group *x = *(struct sweep_group *const *)p, *y = *(struct sweep_group *const *)q;
	uint32_t a, b;
	memcpy(&a, x->serial, 4);
	memcpy(&b, y->serial, 4);
	return (a > b) - (a < b);
}

/* Runs of thousands of groups (one of them longer than a read buffer)
 * merge back in order, equal ones in the order their runs were written. */
static void runs_merge_in_order(void **state)
{
	(void)state;
	struct test_cert f;
	struct sweep_group_runs *r;
	struct sweep_error err = { 0, "" };
	enum { RUNS = 7, PER = 900 };

	test_cert_load(&f, "ev_clean.der");
	const struct sweep_issuer_id *id = sweep_issuer_intern(f.c.issuer.der, f.c.issuer.der_len, NULL, 0, "CN=x");
	assert_non_null(id);
	assert_int_equal(sweep_group_runs_new(&r, cmp_serial_int, &err), 0);
	for (int k = 0; k < RUNS; k++) {
		struct sweep_group *gs[PER];
		for (int i = 0; i < PER; i++) {
			char *subject;
			if (k == 3 && i == 5) { /* 200 KiB: more than a run's read buffer */
				subject = malloc(200000);
				assert_non_null(subject);
				memset(subject, 'a', 199999);
				subject[199999] = 0;
			} else {
				subject = strdup("CN=s");
			}
			/* serials repeat across runs */
			gs[i] = bare_group(id, (uint32_t)((i * 7919 + k * 13) % (PER * 2)), subject, NULL);
			gs[i]->first_id = k;
		}
		assert_int_equal(sweep_group_runs_write(r, gs, PER, &err), 0);
		for (int i = 0; i < PER; i++)
			sweep_group_free(gs[i]);
	}
	assert_int_equal(sweep_group_runs_count(r), RUNS);
	struct sweep_group_merge *mg;
	struct sweep_group *g, *prev = NULL;
	size_t n = 0, long_ones = 0;
	int rc;
	assert_int_equal(sweep_group_merge_begin(&mg, r, &err), 0);
	while ((rc = sweep_group_merge_next(mg, &g, &err)) == 0) {
		if (prev) {
			int c = cmp_serial_int(&prev, &g);
			assert_true(c <= 0);
			if (c == 0)
				assert_true(prev->first_id < g->first_id); /* run order */
		}
		long_ones += strlen(g->subject) == 199999;
		assert_null(g->dns_names);
		sweep_group_free(prev);
		prev = g;
		n++;
	}
	assert_int_equal(rc, 1);
	sweep_group_free(prev);
	sweep_group_merge_end(mg);
	assert_int_equal(n, RUNS * PER);
	assert_int_equal(long_ones, 1);
	sweep_group_runs_free(r);
	test_cert_unload(&f);
}

/* A temporary directory that cannot take the runs: a clear error naming
 * TMPDIR and the way out, the set left as it was. */
static void unwritable_tmpdir_is_a_clear_error(void **state)
{
	(void)state;
	struct test_cert f;
	struct sweep_affected set;
	struct sweep_error err = { 0, "" };
	const size_t hit = 0;
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;

	test_cert_load(&f, "secom_pair.der");
	sweep_affected_init(&set);
	set.budget = 1;
	match(&set, &f, 1, &hit, 1);
	setenv("TMPDIR", "/nonexistent/certsweep-test", 1);
	assert_int_equal(sweep_affected_spill(&set, &err), SWEEP_EIO);
	assert_non_null(strstr(err.msg, "TMPDIR"));
	assert_int_equal(set.n, 1); /* nothing lost */
	assert_non_null(sweep_affected_find_cert(&set, &f.c));
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	sweep_affected_release(&set);
	test_cert_unload(&f);
}

/* The filter of spilled serials grows as a chain: every serial written is
 * found (a miss would lose a sibling), and serials never written are
 * reported rarely (each such report costs a fragment, then dropped). */
static void filter_grows_without_false_negatives(void **state)
{
	(void)state;
	struct test_cert f;
	struct sweep_affected set;
	struct sweep_error err = { 0, "" };
	enum { N = 6000, PROBES = 20000 };

	setenv("CERTSWEEP_SPILL_FILTER_BITS", "4096", 1); /* 292 serials a first filter */
	test_cert_load(&f, "ev_clean.der");
	sweep_affected_init(&set);
	const struct sweep_issuer_id *id = sweep_issuer_intern(f.c.issuer.der, f.c.issuer.der_len, NULL, 0, "CN=x");
	for (uint32_t i = 0; i < N; i++) {
		assert_int_equal(sweep_affected_put(&set, bare_group(id, i, strdup(""), strdup(""))), 0);
		if (i % 500 == 499)
			assert_int_equal(sweep_affected_spill(&set, &err), 0);
	}
	unsetenv("CERTSWEEP_SPILL_FILTER_BITS");
	for (uint32_t i = 0; i < N; i++)
		assert_true(sweep_affected_maybe_spilled(&set, (const uint8_t *)&i, 4));
	size_t fp = 0;
	for (uint32_t i = N; i < N + PROBES; i++)
		fp += (size_t)sweep_affected_maybe_spilled(&set, (const uint8_t *)&i, 4);
	assert_true(fp < PROBES / 50); /* under 2% over a chain of five filters */
	sweep_affected_release(&set);
	test_cert_unload(&f);
}

/* Read back from a checkpoint's journal, a fragment in which nothing
 * matched (a sibling of a serial the filter wrongly said was on disk) is no
 * affected serial: dropped, the rest still found by key. */
static void unmatched_fragments_are_dropped(void **state)
{
	(void)state;
	const char *const names[] = { "secom_pair.der", "ev_clean.der", "dv_expired.der", "secom_revoked.der" };
	enum { N = sizeof(names) / sizeof(names[0]) };
	struct test_cert f[N];
	struct sweep_affected set;
	const size_t hit = 2;

	sweep_affected_init(&set);
	for (size_t i = 0; i < N; i++) {
		test_cert_load(&f[i], names[i]);
		if (i % 2 == 0) {
			match(&set, &f[i], (int64_t)i + 1, &hit, 1);
		} else {
			struct sweep_group *g;
			assert_int_equal(sweep_affected_group(&g, &set, &f[i].c, (int64_t)i + 1, 101), 0);
			g->first_id = INT64_MAX;
			assert_int_equal(sweep_affected_add_cert(&set, g, &f[i].c, (int64_t)i + 1, NULL, 0), 0);
		}
	}
	assert_int_equal(set.n, N);
	assert_int_equal(sweep_affected_drop_unmatched(&set), N / 2);
	assert_int_equal(set.n, N - N / 2);
	for (size_t i = 0; i < N; i++) {
		if (i % 2 == 0)
			assert_non_null(sweep_affected_find_cert(&set, &f[i].c));
		else
			assert_null(sweep_affected_find_cert(&set, &f[i].c));
	}
	sweep_affected_release(&set);
	for (size_t i = 0; i < N; i++)
		test_cert_unload(&f[i]);
}

/* The pairing pass's bounds, as one accumulator serves the groups in
 * memory and those on disk: incomplete groups only, a sibling's fragment
 * giving no id bound, issuer refs distinct however many groups repeat them. */
static void pairing_bounds_keep_distinct_refs(void **state)
{
	(void)state;
	struct sweep_pairing_bounds a = { 0, 0, 0, NULL, 0, 0 }, b = { 0, 0, 0, NULL, 0, 0 };
	struct sweep_member one = { .is_precert = 1 }, two[2] = { { .is_precert = 1 }, { .is_precert = 0 } };
	struct sweep_group g;

	memset(&g, 0, sizeof(g));
	g.members = two; /* complete: not noted */
	g.n_members = 2;
	g.issuer_ref = 5;
	g.first_id = 1000;
	assert_int_equal(sweep_pairing_bounds_note(&a, &g), 0);
	assert_false(a.any);
	g.members = &one;
	g.n_members = 1;
	for (int round = 0; round < 3; round++)
		for (int64_t ref = 40; ref >= 1; ref--) { /* 40 issuers, each three times */
			g.issuer_ref = ref;
			g.first_id = ref * 10;
			assert_int_equal(sweep_pairing_bounds_note(&a, &g), 0);
		}
	assert_true(a.cap_refs <= 4 * 40); /* compacted as it filled: room for at most four times the issuers */
	g.first_id = INT64_MAX; /* a sibling's fragment: no bound */
	g.issuer_ref = -1;
	assert_int_equal(sweep_pairing_bounds_note(&b, &g), 0);
	g.issuer_ref = 41;
	assert_int_equal(sweep_pairing_bounds_note(&b, &g), 0);
	assert_int_equal(sweep_pairing_bounds_add(&a, &b), 0);
	sweep_pairing_bounds_refs(&a);
	assert_true(a.any);
	assert_true(a.unknown_ref);
	assert_int_equal(a.before, 401);
	assert_int_equal(a.n_refs, 41);
	for (size_t i = 0; i < a.n_refs; i++)
		assert_int_equal(a.refs[i], (int64_t)i + 1);
	sweep_pairing_bounds_release(&a);
	sweep_pairing_bounds_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drain_equals_one_set),
		cmocka_unit_test(runs_merge_in_order),
		cmocka_unit_test(unwritable_tmpdir_is_a_clear_error),
		cmocka_unit_test(filter_grows_without_false_negatives),
		cmocka_unit_test(unmatched_fragments_are_dropped),
		cmocka_unit_test(pairing_bounds_keep_distinct_refs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
