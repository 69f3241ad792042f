/* sweep_lint_run_all (src/lint/registry.c) gives, lint by lint, what
 * sweep_lint_run gives: the result and the details, on every certificate of
 * the lint fixtures (tests/fixtures/lints.spec), with and without --ev-oid,
 * at the certificate's issuance and at a date before the BR; it reports only
 * results at or above its threshold, and stops where the callback says so. */
#include "testutil.h"

#include "certsweep/buf.h"
#include "certsweep/cert.h"
#include "certsweep/lint.h"

#include <dirent.h>

struct seen {
	size_t n;
	size_t idx[1024];
	enum sweep_result r[1024];
	char *details[1024];
	size_t stop_after; /* 0 = never stop */
};

static int collect(void *arg, size_t i, enum sweep_result r, const struct sweep_buf *details)
{
	struct seen *s = arg;

	assert_true(s->n < 1024);
	s->idx[s->n] = i;
	s->r[s->n] = r;
	s->details[s->n] = strdup(details->len ? details->p : "");
	assert_non_null(s->details[s->n]);
	s->n++;
	return s->stop_after && s->n == s->stop_after ? 42 : 0;
}

static void seen_release(struct seen *s)
{
	for (size_t k = 0; k < s->n; k++)
		free(s->details[k]);
	s->n = 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Every lint through sweep_lint_run and through sweep_lint_run_all (min NA):
 * the same results and details, in the list's order. */
static void compare_one(const struct sweep_lint *const *ptrs, size_t n,
			const struct sweep_cert *c, const struct sweep_lint_config *cfg, int64_t as_of,
			size_t *failing)
{
	struct sweep_buf ref = SWEEP_BUF_INIT, all = SWEEP_BUF_INIT;
	struct seen *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	assert_int_equal(sweep_lint_run_all(ptrs, n, c, cfg, as_of, &all, SWEEP_R_NA, collect, s), 0);
	assert_int_equal(s->n, n);
	for (size_t k = 0; k < n; k++) {
		sweep_buf_reset(&ref);
		enum sweep_result r = sweep_lint_run(ptrs[k], c, cfg, as_of, &ref);
		assert_int_equal(s->idx[k], k);
		if (s->r[k] != r || strcmp(s->details[k], sweep_buf_str(&ref)) != 0)
			fail_msg("%s: run_all %d \"%s\", run %d \"%s\"", ptrs[k]->name, (int)s->r[k], s->details[k],
				 (int)r, sweep_buf_str(&ref));
		if (r >= SWEEP_R_NOTICE)
			(*failing)++;
	}
	seen_release(s);
	/* min NOTICE: the findings only, the same ones */
	assert_int_equal(sweep_lint_run_all(ptrs, n, c, cfg, as_of, &all, SWEEP_R_NOTICE, collect, s), 0);
	for (size_t k = 0; k < s->n; k++) {
		assert_true(s->r[k] >= SWEEP_R_NOTICE);
		sweep_buf_reset(&ref);
		assert_int_equal(sweep_lint_run(ptrs[s->idx[k]], c, cfg, as_of, &ref), s->r[k]);
		assert_string_equal(s->details[k], sweep_buf_str(&ref));
	}
	seen_release(s);
	free(s);
	sweep_buf_release(&ref);
	sweep_buf_release(&all);
}

/* Every certificate of the lint fixtures (up to limit; 0: all) decoded and
 * given to fn; how many were. */
static size_t each_fixture(size_t limit, void (*fn)(const struct sweep_cert *c, void *arg), void *arg)
{
	const char *dir = getenv("CERTSWEEP_LINT_FIXTURES");
	char path[4096];
	size_t certs = 0;
	struct sweep_cert c;
	struct dirent *de;
	DIR *d;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/der", dir);
	d = opendir(path);
	assert_non_null(d);
	sweep_cert_init(&c);
	while ((de = readdir(d)) != NULL && (!limit || certs < limit)) {
		size_t len, nl = strlen(de->d_name);
		struct sweep_error err = { 0, "" };
		if (nl < 5 || strcmp(de->d_name + nl - 4, ".der") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/der/%s", dir, de->d_name);
		unsigned char *der = read_file(path, &len);
		if (sweep_cert_decode(&c, der, len, &err) == 0) {
			certs++;
			fn(&c, arg);
		}
		free(der);
	}
	closedir(d);
	sweep_cert_release(&c);
	return certs;
}

struct registry_run {
	const struct sweep_lint *const *ptrs;
	size_t n, failing;
	const struct sweep_lint_config *ev;
};

static void registry_order(const struct sweep_cert *c, void *arg)
{
	struct registry_run *r = arg;

	compare_one(r->ptrs, r->n, c, NULL, c->not_before, &r->failing);
	compare_one(r->ptrs, r->n, c, r->ev, c->not_before, &r->failing);
	compare_one(r->ptrs, r->n, c, NULL, 946684800 /* 2000 */, &r->failing);
}

static void same_as_lint_run_on_every_fixture(void **state)
{
	(void)state;
	const char *own[] = { "1.3.6.1.4.1.99999.1.1" };
	const struct sweep_lint_config ev = { .ev_oids = own, .n_ev_oids = 1 };
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	const struct sweep_lint **ptrs = calloc(n, sizeof(*ptrs));

	assert_non_null(ptrs);
	for (size_t k = 0; k < n; k++)
		ptrs[k] = &reg[k];
	struct registry_run r = { (const struct sweep_lint *const *)ptrs, n, 0, &ev };
	size_t certs = each_fixture(0, registry_order, &r);
	free(ptrs);
	/* the fixtures exist to fail lints: a vacuous comparison is not a pass */
	assert_true(certs >= 100);
	assert_true(r.failing >= 100);
}

struct other_run {
	const struct sweep_lint *const *rev, *const *mixed;
	size_t n, failing;
};

static void other_orders(const struct sweep_cert *c, void *arg)
{
	struct other_run *r = arg;

	compare_one(r->rev, r->n, c, NULL, c->not_before, &r->failing);
	compare_one(r->mixed, r->n, c, NULL, c->not_before, &r->failing);
	compare_one(r->mixed, r->n, c, NULL, 946684800 /* 2000 */, &r->failing);
}

/* Lists in another order than the registry's, with rows that are not the
 * registry's (copies, some with the scope left to the source, one whose
 * dates are shifted): run_all's packed steps for registry rows and the
 * steps it makes for other rows give what sweep_lint_run gives. */
static void other_orders_and_rows(void **state)
{
	(void)state;
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	const struct sweep_lint **rev = calloc(n, sizeof(*rev)), **mixed = calloc(n, sizeof(*mixed));
	struct sweep_lint *copies = calloc(n, sizeof(*copies));

	assert_true(rev && mixed && copies);
	for (size_t k = 0; k < n; k++) {
		rev[k] = &reg[n - 1 - k];
		copies[k] = reg[k];
		if (k % 2)
			copies[k].scope = 0;
		if (k % 5 == 0 && copies[k].effective > 20000101)
			copies[k].effective = 20000101;
		/* runs of registry rows in order, broken by copies and a jump back */
		mixed[k] = k % 3 == 2 ? &copies[k] : k % 7 == 6 ? &reg[k / 2] : &reg[k];
	}
	struct other_run r = { (const struct sweep_lint *const *)rev, (const struct sweep_lint *const *)mixed, n, 0 };
	size_t certs = each_fixture(60, other_orders, &r);
	free(rev);
	free(mixed);
	free(copies);
	assert_true(certs >= 50);
	assert_true(r.failing >= 50);
}

/* A non-zero return from the callback stops the run and is returned. */
static void callback_stops_the_run(void **state)
{
	(void)state;
	const char *dir = getenv("CERTSWEEP_LINT_FIXTURES");
	char path[4096];
	size_t n, len;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	const struct sweep_lint **ptrs = calloc(n, sizeof(*ptrs));
	struct sweep_buf details = SWEEP_BUF_INIT;
	struct sweep_error err = { 0, "" };
	struct sweep_cert c;
	struct seen *s = calloc(1, sizeof(*s));

	assert_non_null(dir);
	assert_non_null(ptrs);
	assert_non_null(s);
	for (size_t k = 0; k < n; k++)
		ptrs[k] = &reg[k];
	snprintf(path, sizeof(path), "%s/der/bad_country.der", dir);
	unsigned char *der = read_file(path, &len);
	sweep_cert_init(&c);
	assert_int_equal(sweep_cert_decode(&c, der, len, &err), 0);
	s->stop_after = 5;
	assert_int_equal(sweep_lint_run_all((const struct sweep_lint *const *)ptrs, n, &c, NULL, c.not_before,
					    &details, SWEEP_R_NA, collect, s),
			 42);
	assert_int_equal(s->n, 5);
	assert_int_equal(s->idx[4], 4);
	seen_release(s);
	free(s);
	free(der);
	free(ptrs);
	sweep_buf_release(&details);
	sweep_cert_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_lint_run_on_every_fixture),
		cmocka_unit_test(callback_stops_the_run),
		cmocka_unit_test(other_orders_and_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
