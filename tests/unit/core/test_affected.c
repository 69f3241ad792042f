/* The affected set: adding certificates, the fields rule, folding (the one
 * code --jobs, --connections, merge and resume share), order and counting. */
#include "testutil.h"

#include "certsweep/affected.h"

static struct sweep_group *add(struct sweep_affected *set, struct test_cert *f, int64_t id, int failed)
{
	struct sweep_group *g;

	assert_int_equal(sweep_affected_group(&g, set, &f->c, id, 101), 0);
	assert_int_equal(sweep_group_add_cert(g, &f->c, id, NULL, failed), 0);
	return g;
}

static void precert_and_final_share_a_line(void **state)
{
	(void)state;
	struct test_cert pre, fin;
	struct sweep_affected set;

	test_cert_load(&pre, "secom_pair.pre.der");
	test_cert_load(&fin, "secom_pair.der");
	sweep_affected_init(&set);
	struct sweep_group *g = add(&set, &pre, 1, 1);
	assert_false(g->fields_from_final);
	assert_ptr_equal(add(&set, &fin, 2, 0), g); /* same issuer + serial */
	assert_int_equal(set.n, 1);
	assert_int_equal(g->n_members, 2);
	assert_true(g->fields_from_final); /* the final certificate describes the line */
	assert_int_equal(g->fields_id, 2);
	assert_true(sweep_group_has_final(g));
	assert_int_equal(sweep_group_cert_count(g), 1);
	/* the same certificate again (a file source may repeat one): no new member */
	add(&set, &fin, 7, 1);
	assert_int_equal(g->n_members, 2);
	assert_true(g->members[1].failed);
	assert_ptr_equal(sweep_affected_find_cert(&set, &pre.c), g);
	sweep_affected_release(&set);
	test_cert_unload(&pre);
	test_cert_unload(&fin);
}

static void fields_rule_ignores_arrival_order(void **state)
{
	(void)state;
	struct test_cert pre, fin;
	struct sweep_affected a, b;

	test_cert_load(&pre, "secom_pair.pre.der");
	test_cert_load(&fin, "secom_pair.der");
	sweep_affected_init(&a);
	sweep_affected_init(&b);
	add(&a, &fin, 20, 1);
	add(&a, &pre, 10, 0);
	add(&b, &pre, 10, 0);
	add(&b, &fin, 20, 1);
	struct sweep_group *ga = a.slots[0] ? a.slots[0] : NULL, *gb;
	for (size_t i = 0; !ga && i < a.cap; i++)
		ga = a.slots[i];
	gb = sweep_affected_find_cert(&b, &pre.c);
	assert_int_equal(ga->fields_id, gb->fields_id);
	assert_int_equal(ga->fields_from_final, gb->fields_from_final);
	assert_string_equal(ga->subject, gb->subject);
	sweep_affected_release(&a);
	sweep_affected_release(&b);
	test_cert_unload(&pre);
	test_cert_unload(&fin);
}

/* Folding two halves gives what adding everything to one set gives. */
static void fold_equals_one_set(void **state)
{
	(void)state;
	const char *const names[] = { "secom_pair.pre.der", "secom_pair.der", "ev_locality.pre.der", "ev_locality.der",
				      "dv_expired.der", "secom_revoked.der" };
	enum { N = sizeof(names) / sizeof(names[0]) };
	struct test_cert f[N];
	struct sweep_affected one, left, right;
	const size_t hits_a[] = { 0, 3 }, hits_b[] = { 1, 3 };

	sweep_affected_init(&one);
	sweep_affected_init(&left);
	sweep_affected_init(&right);
	for (size_t i = 0; i < N; i++) {
		test_cert_load(&f[i], names[i]);
		struct sweep_group *g = add(&one, &f[i], (int64_t)i + 1, i % 2 == 0);
		assert_int_equal(sweep_group_add_lints(g, i % 2 ? hits_b : hits_a, 2), 0);
		g = add(i < N / 2 + 1 ? &left : &right, &f[i], (int64_t)i + 1, i % 2 == 0);
		assert_int_equal(sweep_group_add_lints(g, i % 2 ? hits_b : hits_a, 2), 0);
	}
	/* the revocation one half knew */
	struct sweep_group *rg = sweep_affected_find_cert(&right, &f[5].c);
	rg->revoked = 1;
	rg->revoked_at = 1700000000;
	rg->reason = 1;
	assert_int_equal(sweep_affected_fold(&left, &right), 0);
	assert_int_equal(right.n, 0);
	assert_int_equal(left.n, one.n);

	struct sweep_group **x, **y;
	size_t nx, ny;
	assert_int_equal(sweep_affected_take_sorted(&x, &nx, &one), 0);
	assert_int_equal(sweep_affected_take_sorted(&y, &ny, &left), 0);
	assert_int_equal(nx, ny);
	for (size_t i = 0; i < nx; i++) {
		assert_int_equal(x[i]->n_members, y[i]->n_members);
		for (size_t k = 0; k < x[i]->n_members; k++) {
			assert_memory_equal(x[i]->members[k].sha256, y[i]->members[k].sha256, 32);
			assert_int_equal(x[i]->members[k].id, y[i]->members[k].id);
			assert_int_equal(x[i]->members[k].failed, y[i]->members[k].failed);
		}
		assert_int_equal(x[i]->n_lint_hits, y[i]->n_lint_hits);
		assert_memory_equal(x[i]->lint_hits, y[i]->lint_hits, x[i]->n_lint_hits * sizeof(size_t));
		assert_int_equal(x[i]->fields_id, y[i]->fields_id);
		assert_int_equal(x[i]->first_id, y[i]->first_id);
		assert_string_equal(x[i]->subject, y[i]->subject);
		if (i > 0)
			assert_true(sweep_group_order(&x[i - 1], &x[i]) < 0); /* output order */
	}
	int revoked = 0;
	for (size_t i = 0; i < ny; i++)
		revoked += y[i]->revoked;
	assert_int_equal(revoked, 1);
	for (size_t i = 0; i < nx; i++) {
		sweep_group_free(x[i]);
		sweep_group_free(y[i]);
	}
	free(x);
	free(y);
	sweep_affected_release(&one);
	sweep_affected_release(&left);
	sweep_affected_release(&right);
	for (size_t i = 0; i < N; i++)
		test_cert_unload(&f[i]);
}

/* Many serials: the map grows and every one is found by hash. */
static void thousands_of_serials_by_hash(void **state)
{
	(void)state;
	struct test_cert f;
	struct sweep_affected set;
	enum { N = 5000 };

	test_cert_load(&f, "ev_clean.der");
	sweep_affected_init(&set);
	for (int i = 0; i < N; i++) {
		struct sweep_group *g = calloc(1, sizeof(*g));
		assert_non_null(g);
		const struct sweep_issuer_id *id = sweep_issuer_intern(f.c.issuer.der, f.c.issuer.der_len, NULL, 0, "");
		assert_non_null(id);
		sweep_group_set_issuer(g, id);
		g->serial = malloc(4);
		g->serial_len = 4;
		memcpy(g->serial, &i, 4);
		g->subject = strdup("");
		g->dns_names = strdup("");
		assert_int_equal(sweep_affected_put(&set, g), 0);
	}
	assert_int_equal(set.n, N);
	assert_true(set.cap >= 2 * N);
	for (int i = 0; i < N; i++)
		assert_non_null(sweep_affected_find(&set, f.c.issuer.der, f.c.issuer.der_len, NULL, 0, (const uint8_t *)&i, 4));
	int missing = N + 1;
	assert_null(sweep_affected_find(&set, f.c.issuer.der, f.c.issuer.der_len, NULL, 0, (const uint8_t *)&missing, 4));
	sweep_affected_release(&set);
	test_cert_unload(&f);
}

static void status_and_reason_names(void **state)
{
	(void)state;
	struct sweep_group g;

	memset(&g, 0, sizeof(g));
	g.not_after = 1000;
	assert_int_equal(sweep_group_status(&g, 1000, 0), SWEEP_REV_NO); /* notAfter is still valid */
	assert_int_equal(sweep_group_status(&g, 1000, 1), SWEEP_REV_PLANNED);
	assert_int_equal(sweep_group_status(&g, 1001, 1), SWEEP_REV_EXPIRED);
	g.revoked = 1;
	assert_int_equal(sweep_group_status(&g, 1001, 0), SWEEP_REV_YES);
	assert_string_equal(sweep_reason_name(-1), "unspecified");
	assert_string_equal(sweep_reason_name(1), "keyCompromise");
	assert_string_equal(sweep_reason_name(10), "aACompromise");
	struct sweep_member m[2] = { { .sha256 = { 0 }, .is_precert = 1, .id = 1, .failed = 1 },
				     { .sha256 = { 1 }, .is_precert = 1, .id = 2, .failed = 0 } };
	g.members = m;
	g.n_members = 2;
	assert_false(sweep_group_has_final(&g));
	assert_int_equal(sweep_group_cert_count(&g), 1); /* a precertificate-only serial counts once */
	m[0].is_precert = m[1].is_precert = 0;
	m[1].failed = 1; /* two matching final certificates of one serial count twice */
	assert_int_equal(sweep_group_cert_count(&g), 2);
}

/* Serial reuse (#12): two distinct final certificates under one (issuer,
 * serial) are two CSV lines, each with its own fields and the precertificate
 * whose canonical TBS equals its own; a precertificate pairing with neither
 * has a line of its own. */
static void reused_serial_gives_a_line_per_certificate(void **state)
{
	(void)state;
	struct sweep_group g;
	struct sweep_member m[4];
	struct sweep_group *lines;
	size_t n;

	memset(&g, 0, sizeof(g));
	memset(m, 0, sizeof(m));
	g.subject = "CN=group";
	g.dns_names = "group.example";
	g.not_before = 50;
	/* sorted by SHA-256 as take_sorted leaves them: B's final, lone precert, A's precert, A's final */
	char *names[4] = { "CN=b", "CN=lone", "CN=a-pre", "CN=a" };
	int precert[4] = { 0, 1, 1, 0 };
	uint8_t tbs[4] = { 0xb, 0xc, 0xa, 0xa };
	int64_t nb[4] = { 200, 300, 100, 100 };
	for (int i = 0; i < 4; i++) {
		m[i].sha256[0] = (uint8_t)(i + 1);
		m[i].is_precert = precert[i];
		m[i].id = 10 + i;
		m[i].failed = i != 3; /* final A is on the line by its precertificate's match */
		m[i].has_tbs = 1;
		m[i].tbs_sha256[0] = tbs[i];
		m[i].not_before = nb[i];
		m[i].not_after = nb[i] + 1000;
		m[i].subject = names[i];
		m[i].dns_names = names[i] + 3;
	}
	g.members = m;
	g.n_members = 4;
	assert_true(sweep_group_reused(&g));
	assert_int_equal(sweep_group_cert_count(&g), 3);
	assert_int_equal(sweep_group_lines(&lines, &n, &g), 0);
	assert_int_equal(n, 3);
	/* A (notBefore 100) with its precertificate, in member order */
	assert_string_equal(lines[0].subject, "CN=a");
	assert_int_equal(lines[0].not_after, 1100);
	assert_int_equal(lines[0].n_members, 2);
	assert_int_equal(lines[0].members[0].sha256[0], 3);
	assert_int_equal(lines[0].members[1].sha256[0], 4);
	assert_true(sweep_group_has_final(&lines[0]));
	assert_int_equal(sweep_group_cert_count(&lines[0]), 1);
	assert_string_equal(lines[1].subject, "CN=b");
	assert_string_equal(lines[1].dns_names, "b");
	assert_int_equal(lines[1].n_members, 1);
	assert_string_equal(lines[2].subject, "CN=lone");
	assert_false(sweep_group_has_final(&lines[2]));
	sweep_group_lines_free(lines, n);

	/* final B only shares the serial (read as a sibling, did not match): no line */
	m[0].failed = 0;
	assert_int_equal(sweep_group_cert_count(&g), 2);
	assert_int_equal(sweep_group_lines(&lines, &n, &g), 0);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].subject, "CN=a");
	assert_string_equal(lines[1].subject, "CN=lone");
	sweep_group_lines_free(lines, n);

	/* without reuse: one line, the group itself, whatever the precertificates' TBS */
	m[0].is_precert = 1;
	assert_false(sweep_group_reused(&g));
	assert_int_equal(sweep_group_cert_count(&g), 1);
	assert_int_equal(sweep_group_lines(&lines, &n, &g), 0);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0].subject, "CN=group");
	assert_int_equal(lines[0].n_members, 4);
	sweep_group_lines_free(lines, n);
}

/* A member's own fields come from its certificate and survive a fold. */
static void members_keep_their_fields_through_a_fold(void **state)
{
	(void)state;
	struct test_cert pre, fin;
	struct sweep_affected a, b;

	test_cert_load(&pre, "secom_pair.pre.der");
	test_cert_load(&fin, "secom_pair.der");
	sweep_affected_init(&a);
	sweep_affected_init(&b);
	add(&a, &pre, 1, 1);
	add(&b, &fin, 2, 0);
	assert_int_equal(sweep_affected_fold(&a, &b), 0);
	struct sweep_group **gs;
	size_t n;
	assert_int_equal(sweep_affected_take_sorted(&gs, &n, &a), 0);
	assert_int_equal(n, 1);
	assert_int_equal(gs[0]->n_members, 2);
	for (size_t k = 0; k < 2; k++) {
		const struct sweep_member *m = &gs[0]->members[k];
		assert_string_equal(sweep_member_subject(gs[0], m), gs[0]->subject);
		assert_string_equal(sweep_member_dns(gs[0], m), gs[0]->dns_names);
		/* equal to the group's line: shared, not copied */
		assert_null(m->subject);
		assert_null(m->dns_names);
		assert_int_equal(m->not_after, fin.c.not_after);
		assert_true(m->has_tbs);
	}
	/* a precertificate and its final share the canonical TBS hash */
	assert_memory_equal(gs[0]->members[0].tbs_sha256, gs[0]->members[1].tbs_sha256, 32);
	assert_false(sweep_group_reused(gs[0]));
	sweep_group_free(gs[0]);
	free(gs);
	sweep_affected_release(&a);
	sweep_affected_release(&b);
	test_cert_unload(&pre);
	test_cert_unload(&fin);
}

/* A line's dNSNames: printable runs as they are, any other octet (space,
 * control, DEL, 8-bit) as \\xNN, names space separated, other SAN types left out. */
static void dns_names_escape_unprintable_octets(void **state)
{
	(void)state;
	struct test_cert fin;
	struct sweep_affected set;
	static const uint8_t a[] = "a.example", b[] = { 'b', 0x00, 'c', ' ', 'd', 0x7f, 0xe9 }, ip[] = { 10, 0, 0, 1 };
	struct sweep_gname names[4];

	test_cert_load(&fin, "secom_pair.der");
	struct sweep_gname *keep = fin.c.san;
	size_t keep_n = fin.c.n_san;
	memset(names, 0, sizeof(names));
	names[0].tag = 2, names[0].val = a, names[0].len = sizeof(a) - 1;
	names[1].tag = 7, names[1].val = ip, names[1].len = sizeof(ip);
	names[2].tag = 2, names[2].val = b, names[2].len = sizeof(b);
	names[3].tag = 2, names[3].val = b, names[3].len = 1;
	fin.c.san = names;
	fin.c.n_san = 4;
	sweep_affected_init(&set);
	struct sweep_group *g = add(&set, &fin, 1, 1);
	assert_string_equal(g->dns_names, "a.example b\\x00c\\x20d\\x7f\\xe9 b");
	sweep_affected_release(&set);
	fin.c.san = keep;
	fin.c.n_san = keep_n;
	test_cert_unload(&fin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(precert_and_final_share_a_line),
		cmocka_unit_test(dns_names_escape_unprintable_octets),
		cmocka_unit_test(fields_rule_ignores_arrival_order),
		cmocka_unit_test(fold_equals_one_set),
		cmocka_unit_test(thousands_of_serials_by_hash),
		cmocka_unit_test(status_and_reason_names),
		cmocka_unit_test(reused_serial_gives_a_line_per_certificate),
		cmocka_unit_test(members_keep_their_fields_through_a_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
