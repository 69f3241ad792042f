/* audit.state: what is written reads back the same, and what was not
 * written by certsweep is refused with a line number. */
#include "audit_fixture.h"

static const char *const corpus[] = { "secom_pair.pre.der", "secom_pair.der", "secom_preonly.pre.der",
				      "ev_locality.pre.der", "ev_locality.der", "garbage.der" };

static void state_round_trips(void **state)
{
	(void)state;
	struct fixture_audit fa;
	struct sweep_state st;
	struct sweep_error err = { 0, "" };
	struct sweep_resume r = { 42, 1234, 56, 1, -1, "7 123 2025-03-04 05:06:07" };

	memset(&fa, 0, sizeof(fa));
	fixture_audit(&fa, "a", corpus, 6, 0);
	assert_true(fa.res.n_groups >= 2);
	fa.o.has_planned = 1;
	fa.o.planned = 1790000000;
	fa.o.as_of = SWEEP_AS_OF_DATE;
	fa.o.as_of_date = 1700000000;
	assert_int_equal(sweep_state_write(&fa.d, "checkpoint.state", &fa.res, &fa.o, &r, 1, &err), 0);
	assert_int_equal(sweep_state_read_at(&st, &fa.d, "checkpoint.state", &err), 0);
	assert_int_equal(sweep_audit_opts_compare(&st.opts, &fa.o, 0), 0);
	assert_true(st.has_resume);
	assert_int_equal(st.resume.last_id, 42);
	assert_int_equal(st.resume.findings_offset, 1234);
	assert_int_equal(st.resume.unparseable_offset, 56);
	assert_int_equal(st.resume.scan_done, 1);
	assert_string_equal(st.resume.position, "7 123 2025-03-04 05:06:07");
	assert_string_equal(st.res.source_desc, fa.res.source_desc);
	assert_int_equal(st.res.stats.rows, fa.res.stats.rows);
	assert_int_equal(st.res.stats.unparseable, 1);
	assert_int_equal(st.res.stats.findings, fa.res.stats.findings);
	assert_int_equal(st.res.stats.worst, fa.res.stats.worst);
	assert_int_equal(st.res.n_groups, fa.res.n_groups);
	for (size_t i = 0; i < st.res.n_groups; i++) {
		const struct sweep_group *x = st.res.groups[i], *y = fa.res.groups[i];
		assert_int_equal(x->serial_len, y->serial_len);
		assert_memory_equal(x->serial, y->serial, x->serial_len);
		assert_memory_equal(x->iss->der, y->iss->der, x->iss->der_len);
		assert_string_equal(x->subject, y->subject);
		assert_string_equal(x->dns_names, y->dns_names);
		assert_int_equal(x->n_members, y->n_members);
		for (size_t k = 0; k < x->n_members; k++) {
			assert_memory_equal(x->members[k].sha256, y->members[k].sha256, 32);
			assert_int_equal(x->members[k].is_precert, y->members[k].is_precert);
			assert_int_equal(x->members[k].id, y->members[k].id);
			assert_int_equal(x->members[k].failed, y->members[k].failed);
			/* each certificate's own fields (one CSV line each where a serial is reused) */
			assert_int_equal(x->members[k].has_tbs, y->members[k].has_tbs);
			assert_memory_equal(x->members[k].tbs_sha256, y->members[k].tbs_sha256, 32);
			assert_int_equal(x->members[k].not_before, y->members[k].not_before);
			assert_int_equal(x->members[k].not_after, y->members[k].not_after);
			assert_string_equal(sweep_member_subject(x, &x->members[k]), sweep_member_subject(y, &y->members[k]));
			assert_string_equal(sweep_member_dns(x, &x->members[k]), sweep_member_dns(y, &y->members[k]));
		}
		assert_int_equal(x->n_lint_hits, y->n_lint_hits);
		assert_memory_equal(x->lint_hits, y->lint_hits, x->n_lint_hits * sizeof(*x->lint_hits));
	}
	/* one option differs: another audit */
	fa.o.csv_safe = 1;
	assert_int_not_equal(sweep_audit_opts_compare(&st.opts, &fa.o, 0), 0);
	fa.o.csv_safe = 0;
	fa.o.now++;
	assert_int_not_equal(sweep_audit_opts_compare(&st.opts, &fa.o, 0), 0);
	assert_int_equal(sweep_audit_opts_compare(&st.opts, &fa.o, SWEEP_OPTS_ANY_CLOCK), 0);
	sweep_state_release(&st);
	fixture_audit_release(&fa);
	fixture_root_remove(fa.root);
}

static int parse_text(const char *text, struct sweep_error *err)
{
	struct sweep_state st;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	assert_non_null(fp);
	rc = sweep_state_parse(&st, fp, "t", err);
	fclose(fp);
	if (rc == 0)
		sweep_state_release(&st);
	return rc;
}

#define SHA64 "0000000000000000000000000000000000000000000000000000000000000000"

static void malformed_states_are_refused(void **state)
{
	(void)state;
	static const char ok[] = "certsweep-state 2\nsource =x\nlint =e_ev_jurisdiction_level_inconsistent\nnow 5\n"
				 "group 3001 02 -1 1 0 10 1 1 1 0 0 -1 0\nsubject =s\nissuer =i\ndns =\nconflict -\n"
				 "hit =e_ev_jurisdiction_level_inconsistent\nend\n";
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "certsweep-state 3\nend\n", "t:1:" },
		/* format 1 lacks each certificate's fields: refused with the reason, not misread */
		{ "certsweep-state 1\nsource =x\nend\n", "older certsweep" },
		{ "certsweep-state 2\nsource =x\n", "truncated" },
		{ "certsweep-state 2\nsource =x\nhit =e_x\nend\n", "t:3:" },
		{ "certsweep-state 2\nsource =x\nlint =no_such_lint\nend\n", "lacks" },
		{ "certsweep-state 2\nsource =x\ngroup 3 02 -1 1 0 10 1 1 1 0 0 -1 0\nend\n", "t:3:" }, /* odd hex */
		{ "certsweep-state 2\nsource =x\ngroup 30 02 -1 1 0 10 9 1 1 0 0 -1 0\nend\n", "t:3:" }, /* type */
		{ "certsweep-state 2\nsource =x\ngroup 30 02 -1 1 0 10 1 1 1 0 0 -1 0\nend\n", "without its fields" },
		{ "certsweep-state 2\nsource =x\nresume 1 -5 0 0\nend\n", "t:3:" },
		{ "certsweep-state 2\nsource =x\nsource =y\nend\n", "t:3:" },
		{ "certsweep-state 2\nsource =x\nmember 00 1 1 1\nend\n", "t:3:" },
		/* a member line of format 1 (no TBS hash or validity) */
		{ "certsweep-state 2\nsource =x\ngroup 30 02 -1 1 0 10 1 1 1 0 0 -1 0\nsubject =s\nissuer =i\ndns =\n"
		  "member " SHA64 " 1 1 1\nend\n", "t:7:" },
		/* a member without its own subject and dNSNames */
		{ "certsweep-state 2\nsource =x\ngroup 30 02 -1 1 0 10 1 1 1 0 0 -1 0\nsubject =s\nissuer =i\ndns =\n"
		  "member " SHA64 " 1 1 1 - 0 10\nend\n", "without its fields" },
		/* a TBS hash that is not 32 octets */
		{ "certsweep-state 2\nsource =x\ngroup 30 02 -1 1 0 10 1 1 1 0 0 -1 0\nsubject =s\nissuer =i\ndns =\n"
		  "member " SHA64 " 1 1 1 00 0 10\nend\n", "t:7:" },
		/* msubject before any member */
		{ "certsweep-state 2\nsource =x\ngroup 30 02 -1 1 0 10 1 1 1 0 0 -1 0\nmsubject =s\nend\n", "t:4:" },
	};
	struct sweep_error err = { 0, "" };

	assert_int_equal(parse_text(ok, &err), 0);
	/* a lone "%e" at the end of a string once read past its NUL (fuzz_state; ASan) */
	assert_int_equal(parse_text("certsweep-state 2\nsource =x%e\nselection =a\nselection =b%\nend\n", &err), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sweep_error_clear(&err);
		assert_int_not_equal(parse_text(bad[i].text, &err), 0);
		if (!strstr(err.msg, bad[i].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(state_round_trips),
		cmocka_unit_test(malformed_states_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
