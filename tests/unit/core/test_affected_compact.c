/* The compact affected set (issue #17): issuers interned once, a member
 * holding its own subject and dNSNames only where they differ from its
 * group's line, and the lines a reused serial prints unchanged by that
 * whatever the order certificates arrive or sets fold in. */
#include "testutil.h"

#include "certsweep/affected.h"

#include <malloc.h>

struct cert_fixture {
	struct sweep_cert c;
	unsigned char *der;
	/* c's own key, put back before release when a test borrowed another's */
	const uint8_t *serial, *kid;
	size_t serial_len, kid_len;
	struct sweep_name issuer;
};

static void load(struct cert_fixture *f, const char *name)
{
	struct sweep_error err = { 0, "" };
	size_t len;

	f->der = fixture(name, &len);
	sweep_cert_init(&f->c);
	assert_int_equal(sweep_cert_decode(&f->c, f->der, len, &err), 0);
	f->serial = f->c.serial;
	f->serial_len = f->c.serial_len;
	f->kid = f->c.akid_key_id;
	f->kid_len = f->c.akid_key_id_len;
	f->issuer = f->c.issuer;
}

/* Give b a's (issuer, key identity, serial): another final certificate under
 * a's serial, the serial reuse of issue #12. */
static void same_key(struct cert_fixture *b, const struct cert_fixture *a)
{
	b->c.serial = a->c.serial;
	b->c.serial_len = a->c.serial_len;
	b->c.akid_key_id = a->c.akid_key_id;
	b->c.akid_key_id_len = a->c.akid_key_id_len;
	b->c.issuer = a->c.issuer;
}

static void unload(struct cert_fixture *f)
{
	f->c.serial = f->serial;
	f->c.serial_len = f->serial_len;
	f->c.akid_key_id = f->kid;
	f->c.akid_key_id_len = f->kid_len;
	f->c.issuer = f->issuer;
	sweep_cert_release(&f->c);
	free(f->der);
}

static struct sweep_group *add(struct sweep_affected *set, struct cert_fixture *f, int64_t id)
{
	struct sweep_group *g;

	assert_int_equal(sweep_affected_group(&g, set, &f->c, id, 101), 0);
	assert_int_equal(sweep_group_add_cert(g, &f->c, id, NULL, 1), 0);
	return g;
}

/* The subject and dNSNames a certificate alone gives its line. */
static void alone(char **subject, char **dns, struct cert_fixture *f)
{
	struct sweep_affected set;

	sweep_affected_init(&set);
	struct sweep_group *g = add(&set, f, 1);
	*subject = strdup(g->subject);
	*dns = strdup(g->dns_names);
	sweep_affected_release(&set);
}

/* g's lines: one per final, each with that certificate's own fields. */
static void assert_lines(const struct sweep_group *g, struct cert_fixture *a, struct cert_fixture *b)
{
	char *sa, *da, *sb, *db;
	struct sweep_group *lines;
	size_t n;

	alone(&sa, &da, a);
	alone(&sb, &db, b);
	assert_string_not_equal(sa, sb); /* two certificates, two lines that differ */
	assert_true(sweep_group_reused(g));
	assert_int_equal(sweep_group_lines(&lines, &n, g), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		int is_a = memcmp(lines[i].members[0].sha256, sweep_cert_sha256(&a->c), 32) == 0;
		assert_true(is_a || memcmp(lines[i].members[0].sha256, sweep_cert_sha256(&b->c), 32) == 0);
		assert_string_equal(lines[i].subject, is_a ? sa : sb);
		assert_string_equal(lines[i].dns_names, is_a ? da : db);
		assert_string_equal(lines[i].iss->name, g->iss->name);
	}
	/* the line's own certificate shares the group's strings; the other holds its own */
	for (size_t i = 0; i < g->n_members; i++) {
		const struct sweep_member *m = &g->members[i];
		assert_int_equal(m->subject == NULL, strcmp(sweep_member_subject(g, m), g->subject) == 0);
		assert_int_equal(m->dns_names == NULL, strcmp(sweep_member_dns(g, m), g->dns_names) == 0);
	}
	sweep_group_lines_free(lines, n);
	free(sa);
	free(da);
	free(sb);
	free(db);
}

static void reused_serial_keeps_each_line_in_any_order(void **state)
{
	(void)state;
	struct cert_fixture a, b;

	load(&a, "ev_clean.der");
	load(&b, "ev_locality.der");
	same_key(&b, &a);
	for (int order = 0; order < 2; order++) {
		struct sweep_affected set;
		sweep_affected_init(&set);
		/* b (id 5) first gives the line; a (id 3) then takes it, and b's
		 * member must keep the subject it no longer shares */
		struct sweep_group *g = order ? add(&set, &a, 3) : add(&set, &b, 5);
		assert_ptr_equal(order ? add(&set, &b, 5) : add(&set, &a, 3), g);
		assert_int_equal(set.n, 1);
		assert_int_equal(g->fields_id, 3);
		assert_lines(g, &a, &b);
		sweep_affected_release(&set);
	}
	unload(&a);
	unload(&b);
}

static void reused_serial_keeps_each_line_through_folds(void **state)
{
	(void)state;
	struct cert_fixture a, b;

	load(&a, "ev_clean.der");
	load(&b, "ev_locality.der");
	same_key(&b, &a);
	for (int way = 0; way < 2; way++) {
		struct sweep_affected x, y;
		sweep_affected_init(&x);
		sweep_affected_init(&y);
		add(&x, way ? &a : &b, way ? 3 : 5);
		add(&y, way ? &b : &a, way ? 5 : 3);
		assert_int_equal(sweep_affected_fold(&x, &y), 0);
		assert_int_equal(x.n, 1);
		struct sweep_group *g = NULL;
		for (size_t i = 0; i < x.cap && !g; i++)
			g = x.slots[i];
		assert_int_equal(g->fields_id, 3);
		assert_lines(g, &a, &b);
		sweep_affected_release(&x);
		sweep_affected_release(&y);
	}
	unload(&a);
	unload(&b);
}

static void issuers_are_interned(void **state)
{
	(void)state;
	struct cert_fixture a, b;
	struct sweep_affected set;

	load(&a, "ev_clean.der");
	load(&b, "ev_locality.der");
	sweep_affected_init(&set);
	struct sweep_group *ga = add(&set, &a, 1), *gb = add(&set, &b, 2);
	assert_ptr_not_equal(ga, gb);
	/* one CA: one copy of its Name DER, key identity and RFC 4514 name */
	assert_memory_equal(ga->iss->der, a.c.issuer.der, a.c.issuer.der_len);
	assert_ptr_equal(ga->iss, gb->iss);
	/* a state file's issuer interns by its bytes and the name it states */
	const struct sweep_issuer_id *x = sweep_issuer_intern(ga->iss->der, ga->iss->der_len, ga->iss->kid,
							      ga->iss->kid_len, ga->iss->name);
	assert_non_null(x);
	assert_ptr_equal(x, sweep_issuer_intern(ga->iss->der, ga->iss->der_len, ga->iss->kid,
						ga->iss->kid_len, ga->iss->name));
	assert_string_equal(x->name, ga->iss->name);
	assert_ptr_not_equal(x, sweep_issuer_intern(ga->iss->der, ga->iss->der_len, ga->iss->kid,
						    ga->iss->kid_len, "CN=another"));
	/* the member sharing its group's line holds no strings of its own */
	assert_int_equal(ga->n_members, 1);
	assert_null(ga->members[0].subject);
	assert_null(ga->members[0].dns_names);
	sweep_affected_release(&set);
	unload(&a);
	unload(&b);
}

/* The set's byte count (issue #17, what --memory-limit will budget) is the
 * sum of sweep_group_bytes over its groups plus its slot array, through
 * creation, adding certificates and lint hits, a reused serial and a fold;
 * and the strings a group keeps are cut to their length, not left in the
 * buffer that built them (64 octets at least, doubling). */
static size_t counted(const struct sweep_affected *set)
{
	size_t n = set->cap * sizeof(*set->slots);

	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i])
			n += sweep_group_bytes(set->slots[i]);
	return n;
}

static void set_counts_its_bytes(void **state)
{
	(void)state;
	struct cert_fixture a, b, c;
	struct sweep_affected x, y;
	struct sweep_group *g;
	size_t hits[] = { 2, 7 };

	load(&a, "ev_clean.der");
	load(&b, "ev_locality.der");
	load(&c, "ev_locality.der");
	same_key(&c, &a); /* c: another final under a's serial */
	sweep_affected_init(&x);
	sweep_affected_init(&y);
	assert_int_equal(sweep_affected_bytes(&x), 0);
	assert_int_equal(sweep_affected_group(&g, &x, &a.c, 3, 101), 0);
	assert_int_equal(sweep_affected_bytes(&x), counted(&x));
	assert_int_equal(sweep_affected_add_cert(&x, g, &a.c, 3, NULL, 1), 0);
	assert_int_equal(sweep_affected_add_lints(&x, g, hits, 2), 0);
	assert_int_equal(sweep_affected_add_lints(&x, g, hits, 1), 0); /* already there */
	assert_int_equal(sweep_affected_bytes(&x), counted(&x));
	assert_true(malloc_usable_size(g->subject) < strlen(g->subject) + 1 + 32);
	assert_true(malloc_usable_size(g->dns_names) < strlen(g->dns_names) + 1 + 32);
	size_t one = sweep_affected_bytes(&x);
	assert_int_equal(sweep_affected_group(&g, &y, &b.c, 8, 101), 0);
	assert_int_equal(sweep_affected_add_cert(&y, g, &b.c, 8, NULL, 1), 0);
	assert_int_equal(sweep_affected_group(&g, &y, &c.c, 5, 101), 0);
	assert_int_equal(sweep_affected_add_cert(&y, g, &c.c, 5, NULL, 1), 0);
	assert_int_equal(sweep_affected_bytes(&y), counted(&y));
	/* folding moves y's bytes into x: c joins a's group (its own strings) */
	assert_int_equal(sweep_affected_fold(&x, &y), 0);
	assert_int_equal(x.n, 2);
	assert_int_equal(sweep_affected_bytes(&x), counted(&x));
	assert_true(sweep_affected_bytes(&x) > one);
	assert_int_equal(sweep_affected_bytes(&y), counted(&y));
	assert_true(x.peak >= sweep_affected_bytes(&x));
	sweep_affected_release(&x);
	sweep_affected_release(&y);
	unload(&a);
	unload(&b);
	unload(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reused_serial_keeps_each_line_in_any_order),
		cmocka_unit_test(reused_serial_keeps_each_line_through_folds),
		cmocka_unit_test(issuers_are_interned),
		cmocka_unit_test(set_counts_its_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
