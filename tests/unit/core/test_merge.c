/* Merge: shard states fold into the whole; shards whose only difference is
 * the clock are one audit, judged at the latest clock; others are refused. */
#include "audit_fixture.h"

#include "certsweep/merge.h"

static const char *const part1[] = { "secom_pair.pre.der", "secom_pair.der", "garbage.der" };
static const char *const part2[] = { "ev_locality.pre.der", "ev_locality.der", "secom_preonly.pre.der" };

/* Publish a files-source audit as shard k of 2, run at clock now. */
static void shard(struct fixture_audit *fa, const char *root, const char *sub, const char *const *names, int k,
		  int64_t now)
{
	struct sweep_error err = { 0, "" };

	memset(fa, 0, sizeof(*fa));
	snprintf(fa->root, sizeof(fa->root), "%s", root);
	fixture_audit(fa, sub, names, 3, 0);
	fa->o.shard_k = k;
	fa->o.shard_n = 2;
	fa->o.now = now;
	/* one source, as shards of a database are (the files source names its files) */
	free(fa->res.source_desc);
	fa->res.source_desc = strdup("the fixture corpus");
	assert_int_equal(sweep_report_publish(&fa->d, &fa->res, &fa->o, &err), 0);
}

static void shards_at_different_clocks_merge(void **state)
{
	(void)state;
	struct fixture_audit a, b;
	struct sweep_merge_opts mo = { 0, 0, SWEEP_FILE_MODE_DEFAULT, 0, NULL };
	struct sweep_error err = { 0, "" };
	struct sweep_state st;
	char root[64] = "/tmp/certsweep-unit-XXXXXX", d1[128], d2[128], out[128];

	assert_non_null(mkdtemp(root));
	shard(&a, root, "s1", part1, 1, 1780000000);
	shard(&b, root, "s2", part2, 2, 1780000060); /* a minute later */
	size_t serials = a.res.n_groups + b.res.n_groups;
	snprintf(d1, sizeof(d1), "%s/s1", root);
	snprintf(d2, sizeof(d2), "%s/s2", root);
	snprintf(out, sizeof(out), "%s/merged", root);
	const char *dirs[] = { d1, d2 };
	assert_int_equal(sweep_merge(out, dirs, 2, &mo, &err), 0);
	assert_int_equal(sweep_state_read(&st, (strncat(out, "/audit.state", sizeof(out) - strlen(out) - 1), out), &err), 0);
	assert_int_equal(st.opts.now, 1780000060); /* the latest clock */
	assert_int_equal(st.opts.shard_n, 0);
	assert_int_equal(st.res.n_groups, serials);
	assert_int_equal(st.res.stats.rows, a.res.stats.rows + b.res.stats.rows);
	for (size_t i = 1; i < st.res.n_groups; i++)
		assert_true(sweep_group_order(&st.res.groups[i - 1], &st.res.groups[i]) < 0);
	sweep_state_release(&st);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "grep -q 'ran at different times' '%s/merged/impact.md'", root);
	assert_int_equal(system(cmd), 0);

	/* again into the same directory: refused without --force */
	snprintf(out, sizeof(out), "%s/merged", root);
	sweep_error_clear(&err);
	assert_int_equal(sweep_merge(out, dirs, 2, &mo, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "--force"));
	mo.force = 1;
	mo.has_now = 1;
	mo.now = 1790000000;
	assert_int_equal(sweep_merge(out, dirs, 2, &mo, &err), 0);
	assert_int_equal(sweep_state_read(&st, (strncat(out, "/audit.state", sizeof(out) - strlen(out) - 1), out), &err), 0);
	assert_int_equal(st.opts.now, 1790000000); /* merge --now */
	sweep_state_release(&st);

	/* the same shard twice, or one missing */
	const char *twice[] = { d1, d1 };
	snprintf(out, sizeof(out), "%s/bad", root);
	sweep_error_clear(&err);
	assert_int_equal(sweep_merge(out, twice, 2, &mo, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "same shard"));
	sweep_error_clear(&err);
	assert_int_equal(sweep_merge(out, dirs, 1, &mo, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "N=2"));
	fixture_audit_release(&a);
	fixture_audit_release(&b);
	fixture_root_remove(root);
}

static void shards_of_other_audits_are_refused(void **state)
{
	(void)state;
	struct fixture_audit a, b;
	struct sweep_merge_opts mo = { 0, 0, SWEEP_FILE_MODE_DEFAULT, 0, NULL };
	struct sweep_error err = { 0, "" };
	char root[64] = "/tmp/certsweep-unit-XXXXXX", d1[128], d2[128], out[128];

	assert_non_null(mkdtemp(root));
	shard(&a, root, "s1", part1, 1, 1780000000);
	memset(&b, 0, sizeof(b));
	snprintf(b.root, sizeof(b.root), "%s", root);
	fixture_audit(&b, "s2", part2, 3, 0);
	b.o.shard_k = 2;
	b.o.shard_n = 2;
	b.o.csv_safe = 1; /* shapes the outputs: another audit */
	free(b.res.source_desc);
	b.res.source_desc = strdup("the fixture corpus");
	assert_int_equal(sweep_report_publish(&b.d, &b.res, &b.o, &err), 0);
	snprintf(d1, sizeof(d1), "%s/s1", root);
	snprintf(d2, sizeof(d2), "%s/s2", root);
	snprintf(out, sizeof(out), "%s/merged", root);
	const char *dirs[] = { d1, d2 };
	assert_int_equal(sweep_merge(out, dirs, 2, &mo, &err), SWEEP_EINVAL);
	assert_non_null(strstr(err.msg, "not shards of one audit"));
	fixture_audit_release(&a);
	fixture_audit_release(&b);
	fixture_root_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shards_at_different_clocks_merge),
		cmocka_unit_test(shards_of_other_audits_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
