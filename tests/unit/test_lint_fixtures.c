/* Every lint against every generated fixture (tests/fixtures/lints.spec):
 * the findings must equal tests/fixtures/lints.golden, and every lint must
 * fail on at least one fixture and pass on at least one. */
#include "testutil.h"

#include "certsweep/cert.h"
#include "certsweep/lint.h"

#include <dirent.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text, sorted: the golden file is kept in sections (one per
 * lint family) rather than in fixture order, so both sides are compared as
 * sorted sets of lines. Returns a malloc'd string. */
static char *sorted_lines(const char *text)
{
	size_t n = 0, cap = 64, len = strlen(text);
	char **lines = malloc(cap * sizeof(*lines));
	char *copy = strdup(text), *out = malloc(len + 2), *p = copy, *nl;

	assert_non_null(lines);
	assert_non_null(copy);
	assert_non_null(out);
	while (*p) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p) {
			if (n == cap) {
				cap *= 2;
				lines = realloc(lines, cap * sizeof(*lines));
				assert_non_null(lines);
			}
			lines[n++] = p;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	qsort(lines, n, sizeof(*lines), by_name);
	out[0] = '\0';
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);
		memcpy(out + at, lines[i], l);
		out[at + l] = '\n';
		at += l + 1;
	}
	out[at] = '\0';
	free(lines);
	free(copy);
	return out;
}

static void findings_equal_golden_and_cover_every_lint(void **state)
{
	(void)state;
	const char *dir = getenv("CERTSWEEP_LINT_FIXTURES");
	const char *golden_path = getenv("CERTSWEEP_LINT_GOLDEN");
	char path[4096], line[512];
	size_t nl;
	const struct sweep_lint *reg = sweep_lint_registry(&nl);
	int *failed = calloc(nl, sizeof(int)), *passed = calloc(nl, sizeof(int));
	struct sweep_buf got = SWEEP_BUF_INIT, want = SWEEP_BUF_INIT, details = SWEEP_BUF_INIT;
	struct sweep_cert c;

	assert_non_null(dir);
	assert_non_null(golden_path);
	snprintf(path, sizeof(path), "%s/der", dir);
	DIR *d = opendir(path);
	assert_non_null(d);
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".der") && n < 1024)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	assert_true(n >= 60);

	sweep_cert_init(&c);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char rel[300];
		snprintf(rel, sizeof(rel), "%s", names[i]);
		snprintf(path, sizeof(path), "%s/der/%s", dir, names[i]);
		setenv("CERTSWEEP_FIXTURES", dir, 1);
		unsigned char *der = fixture(rel, &len);
		struct sweep_error err = { 0, "" };
		if (sweep_cert_decode(&c, der, len, &err))
			fail_msg("%s does not decode: %s", names[i], err.msg);
		for (size_t k = 0; k < nl; k++) {
			sweep_buf_reset(&details);
			enum sweep_result r = sweep_lint_run(&reg[k], &c, NULL, c.not_before, &details);
			if (r >= SWEEP_R_NOTICE) {
				failed[k] = 1;
				sweep_buf_printf(&got, "%s %s %s\n", names[i], reg[k].name, sweep_result_name(r));
			} else if (r == SWEEP_R_PASS) {
				passed[k] = 1;
			}
		}
		free(der);
		free(names[i]);
	}
	sweep_cert_release(&c);

	FILE *fp = fopen(golden_path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		if (line[0] != '#' && line[0] != '\n')
			sweep_buf_puts(&want, line);
	fclose(fp);
	char *got_sorted = sorted_lines(sweep_buf_str(&got)), *want_sorted = sorted_lines(sweep_buf_str(&want));
	if (strcmp(got_sorted, want_sorted) != 0) {
		/* CERTSWEEP_LINT_GOT=FILE keeps the findings, to review a golden update with diff. */
		const char *keep = getenv("CERTSWEEP_LINT_GOT");
		FILE *kf = keep ? fopen(keep, "w") : NULL;
		if (kf) {
			fputs(got_sorted, kf);
			fclose(kf);
		}
		/* name the first differing line */
		const char *a = want_sorted, *b = got_sorted;
		while (*a && *a == *b) {
			a++;
			b++;
		}
		while (a > want_sorted && a[-1] != '\n')
			a--, b--;
		fail_msg("findings differ from golden at:\n  want: %.120s\n  got:  %.120s", a, b);
	}
	free(got_sorted);
	free(want_sorted);
	for (size_t k = 0; k < nl; k++) {
		if (strncmp(reg[k].name, "c_", 2) == 0)
			continue; /* corpus checks: tests/integration/test_corpus_checks.sh */
		if (!failed[k])
			fail_msg("lint %s fails on no fixture", reg[k].name);
		if (!passed[k])
			fail_msg("lint %s passes on no fixture", reg[k].name);
	}
	sweep_buf_release(&got);
	sweep_buf_release(&want);
	sweep_buf_release(&details);
	free(failed);
	free(passed);
}

/* The first extension with this OID, by plain search. */
static const struct sweep_ext *first_ext(const struct sweep_cert *c, const uint8_t *oid, size_t len)
{
	for (size_t i = 0; i < c->n_ext; i++)
		if (c->exts[i].oid_len == len && memcmp(c->exts[i].oid, oid, len) == 0)
			return &c->exts[i];
	return NULL;
}

/* sweep_cert_ext (2.5.29.x through the decode's index) finds what a plain
 * search finds on every lint fixture: each extension's OID, 2.5.29.0 .. 99,
 * and the repeated extension of duplicate_extension.der (the first one). */
static void ext_lookup_matches_search(void **state)
{
	(void)state;
	const char *dir = getenv("CERTSWEEP_LINT_FIXTURES");
	char path[4096];
	struct sweep_cert c;
	int saw_duplicate = 0;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/der", dir);
	DIR *d = opendir(path);
	assert_non_null(d);
	setenv("CERTSWEEP_FIXTURES", dir, 1);
	sweep_cert_init(&c);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strstr(e->d_name, ".der"))
			continue;
		size_t len;
		unsigned char *der = fixture(e->d_name, &len);
		struct sweep_error err = { 0, "" };
		if (sweep_cert_decode(&c, der, len, &err))
			fail_msg("%s does not decode: %s", e->d_name, err.msg);
		for (size_t i = 0; i < c.n_ext; i++)
			assert_ptr_equal(sweep_cert_ext(&c, c.exts[i].oid, c.exts[i].oid_len),
					 first_ext(&c, c.exts[i].oid, c.exts[i].oid_len));
		for (unsigned x = 0; x < 100; x++) {
			uint8_t oid[3] = { 0x55, 0x1d, (uint8_t)x };
			assert_ptr_equal(sweep_cert_ext(&c, oid, 3), first_ext(&c, oid, 3));
		}
		if (strcmp(e->d_name, "duplicate_extension.der") == 0) {
			assert_true(c.duplicate_extension > 0);
			const struct sweep_ext *dup = &c.exts[c.duplicate_extension - 1];
			const struct sweep_ext *found = sweep_cert_ext(&c, dup->oid, dup->oid_len);
			assert_non_null(found);
			assert_true(found < dup);
			saw_duplicate = 1;
		}
		free(der);
	}
	closedir(d);
	assert_true(saw_duplicate);
	sweep_cert_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(findings_equal_golden_and_cover_every_lint),
		cmocka_unit_test(ext_lookup_matches_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
