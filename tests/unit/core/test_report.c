/* The report stage: every output from an in-memory affected set, published
 * with audit.state last; an interrupted publication is finished by recover. */
#include "audit_fixture.h"

#include "certsweep/sink.h"

static const char *const corpus[] = { "secom_pair.pre.der", "secom_pair.der", "secom_preonly.pre.der",
				      "ev_locality.pre.der", "ev_locality.der", "dv_expired.der", "garbage.der" };
enum { N_CORPUS = sizeof(corpus) / sizeof(corpus[0]) };

static const char *const outputs[] = { "affected.csv", "crtsh-links.txt", "impact.md", "report.html",
				       "findings.jsonl", "unparseable.csv", "audit.state" };

static void publish_writes_every_output_and_no_partial(void **state)
{
	(void)state;
	struct fixture_audit fa;

	memset(&fa, 0, sizeof(fa));
	fixture_audit(&fa, "out", corpus, N_CORPUS, 1);
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		char partial[64];
		snprintf(partial, sizeof(partial), "%s.partial", outputs[i]);
		assert_true(file_exists(fa.root, "out", outputs[i]));
		assert_false(file_exists(fa.root, "out", partial));
	}
	assert_false(file_exists(fa.root, "out", "revocation-conflicts.csv")); /* only with --crl */
	/* the figures the sinks share */
	struct sweep_impact im;
	assert_int_equal(sweep_impact_compute(&fa.res, &fa.o, &im, NULL), 0);
	assert_int_equal(im.serials, fa.res.n_groups);
	assert_int_equal(im.precert_only + (im.serials - im.precert_only), im.serials);
	assert_true(im.certificates >= im.serials - im.precert_only);
	assert_int_equal(im.revoked + im.expired + im.remaining_valid, im.certificates);
	fixture_audit_release(&fa);
	fixture_root_remove(fa.root);
}

/* Stopped after audit.state.partial and some renames: recover finishes the
 * job, and the result is the same directory a whole run leaves. */
static void recover_finishes_an_interrupted_publication(void **state)
{
	(void)state;
	struct fixture_audit whole, cut;
	struct sweep_error err = { 0, "" };
	char a[256], b[256];

	memset(&whole, 0, sizeof(whole));
	fixture_audit(&whole, "whole", corpus, N_CORPUS, 1);
	memset(&cut, 0, sizeof(cut));
	fixture_audit(&cut, "cut", corpus, N_CORPUS, 0);
	/* by hand: what publish does before a crash after its second rename */
	assert_int_equal(sweep_sink_csv_write(&cut.d, &cut.res, &cut.o, &err), 0);
	assert_int_equal(sweep_sink_links_write(&cut.d, &cut.res, &cut.o, &err), 0);
	assert_int_equal(sweep_sink_impact_write(&cut.d, &cut.res, &cut.o, &err), 0);
	assert_int_equal(sweep_sink_html_write(&cut.d, &cut.res, &cut.o, &err), 0);
	assert_int_equal(sweep_state_write(&cut.d, "audit.state", &cut.res, &cut.o, NULL, 0, &err), 0);
	assert_int_equal(sweep_outdir_rename(&cut.d, "affected.csv.partial", "affected.csv", &err), 0);
	assert_int_equal(sweep_outdir_rename(&cut.d, "crtsh-links.txt.partial", "crtsh-links.txt", &err), 0);
	assert_false(file_exists(cut.root, "cut", "audit.state"));

	assert_int_equal(sweep_report_recover(&cut.d, &err), 1);
	assert_int_equal(sweep_report_recover(&cut.d, &err), 0); /* nothing left to do */
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		snprintf(a, sizeof(a), "cmp -s '%s/whole/%s' '%s/cut/%s'", whole.root, outputs[i], cut.root, outputs[i]);
		if (system(a) != 0)
			fail_msg("%s differs from the whole run's", outputs[i]);
		snprintf(b, sizeof(b), "%s.partial", outputs[i]);
		assert_false(file_exists(cut.root, "cut", b));
	}
	/* a torn audit.state.partial is no mark of completion: recover drops it */
	snprintf(a, sizeof(a), "%s/cut/audit.state.partial", cut.root);
	FILE *fp = fopen(a, "w");
	assert_non_null(fp);
	fputs("certsweep-state 2\nsource =x\n", fp);
	fclose(fp);
	assert_int_equal(sweep_report_recover(&cut.d, &err), 0);
	assert_false(file_exists(cut.root, "cut", "audit.state.partial"));
	fixture_audit_release(&whole);
	fixture_audit_release(&cut);
	fixture_root_remove(whole.root);
	fixture_root_remove(cut.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(publish_writes_every_output_and_no_partial),
		cmocka_unit_test(recover_finishes_an_interrupted_publication),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
