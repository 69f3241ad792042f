/* The --files source (src/source/source_files.c): rows, ids and the
 * filter's before_id bound (the pairing pass's second read stops there),
 * and its read-ahead thread (the same rows, order and errors as without). */
#include "testutil.h"

#include "certsweep/source.h"

#include <openssl/pem.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct tree {
	char dir[64];
	char *paths[3];
};

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* a.der (row 1), b.pem with two certificates (rows 2 and 3), c.der (row 4) */
static void make_tree(struct tree *t)
{
	size_t l1, l2;
	unsigned char *d1 = fixture("dv_expired.der", &l1), *d2 = fixture("dv_same_serial.der", &l2);
	const unsigned char *p1 = d1, *p2 = d2;
	X509 *x1 = d2i_X509(NULL, &p1, (long)l1), *x2 = d2i_X509(NULL, &p2, (long)l2);

	assert_non_null(x1);
	assert_non_null(x2);
	snprintf(t->dir, sizeof(t->dir), "/tmp/certsweep-files-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	for (int i = 0; i < 3; i++) {
		t->paths[i] = malloc(128);
		assert_non_null(t->paths[i]);
		snprintf(t->paths[i], 128, "%s/%s", t->dir, i == 0 ? "a.der" : i == 1 ? "b.pem" : "c.der");
	}
	write_bytes(t->paths[0], d1, l1);
	FILE *fp = fopen(t->paths[1], "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_X509(fp, x1), 1);
	assert_int_equal(PEM_write_X509(fp, x2), 1);
	assert_int_equal(fclose(fp), 0);
	write_bytes(t->paths[2], d2, l2);
	X509_free(x1);
	X509_free(x2);
	free(d1);
	free(d2);
}

static void drop_tree(struct tree *t)
{
	for (int i = 0; i < 3; i++) {
		unlink(t->paths[i]);
		free(t->paths[i]);
	}
	rmdir(t->dir);
}

/* The ids a pass under before_id returns, in order; their count. */
static size_t pass(struct sweep_source *src, int64_t before_id, int64_t ids[8])
{
	struct sweep_scan_filter f = { NULL, 0, before_id, 0, 0 };
	struct sweep_error err = { 0, "" };
	struct sweep_row row;
	size_t n = 0;
	int rc;

	assert_int_equal(sweep_source_begin(src, &f, &err), 0);
	while ((rc = sweep_source_next(src, &row, &err)) == 0) {
		assert_true(n < 8);
		assert_true(row.der_len > 0);
		ids[n++] = row.id;
	}
	assert_int_equal(rc, 1);
	return n;
}

static void before_id_bounds_the_pass(void **state)
{
	struct tree t;
	struct sweep_source *src;
	struct sweep_error err = { 0, "" };
	int64_t ids[8];

	(void)state;
	make_tree(&t);
	assert_int_equal(sweep_source_files_new(&src, (const char *const *)t.paths, 3, &err), 0);
	/* unbounded: every row, ids 1..4 */
	assert_int_equal(pass(src, 0, ids), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ids[i], i + 1);
	/* rows before 3: a.der and the bundle's first certificate */
	assert_int_equal(pass(src, 3, ids), 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	/* before 1: nothing; a bound past the end: everything */
	assert_int_equal(pass(src, 1, ids), 0);
	assert_int_equal(pass(src, 99, ids), 4);
	/* the bound belongs to one pass: the next one unbounded reads all again */
	assert_int_equal(pass(src, 2, ids), 1);
	assert_int_equal(pass(src, 0, ids), 4);
	assert_int_equal(ids[3], 4);
	sweep_source_free(src);
	drop_tree(&t);
}

/* The rows of one pass: ids, keys and bytes, concatenated for comparison. */
static size_t rows_of(struct sweep_source *src, char *keys, size_t keys_cap, unsigned char **bytes, size_t *n_bytes)
{
	struct sweep_scan_filter f = { NULL, 0, 0, 0, 0 };
	struct sweep_error err = { 0, "" };
	struct sweep_row row;
	size_t n = 0;
	int rc;

	keys[0] = '\0';
	*bytes = NULL;
	*n_bytes = 0;
	assert_int_equal(sweep_source_begin(src, &f, &err), 0);
	while ((rc = sweep_source_next(src, &row, &err)) == 0) {
		char one[256];
		snprintf(one, sizeof(one), "%lld %s|", (long long)row.id, row.key);
		assert_true(strlen(keys) + strlen(one) < keys_cap);
		strcat(keys, one);
		*bytes = realloc(*bytes, *n_bytes + row.der_len);
		assert_non_null(*bytes);
		memcpy(*bytes + *n_bytes, row.der, row.der_len);
		*n_bytes += row.der_len;
		n++;
	}
	if (rc != 1)
		return (size_t)-1;
	return n;
}

/* A second pass (the pairing pass) gives the first pass's rows from
 * memory: the same ids, keys and bytes, even once the files are gone. */
static void later_passes_from_memory(void **state)
{
	struct tree t;
	struct sweep_source *src;
	struct sweep_error err = { 0, "" };
	char k1[2048], k2[2048];
	unsigned char *b1, *b2;
	size_t n1, n2;

	(void)state;
	make_tree(&t);
	assert_int_equal(sweep_source_files_new(&src, (const char *const *)t.paths, 3, &err), 0);
	assert_int_equal(rows_of(src, k1, sizeof(k1), &b1, &n1), 4);
	for (int i = 0; i < 3; i++)
		assert_int_equal(unlink(t.paths[i]), 0);
	assert_int_equal(rows_of(src, k2, sizeof(k2), &b2, &n2), 4);
	assert_string_equal(k1, k2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	assert_non_null(strstr(k1, "/b.pem|3 "));
	assert_non_null(strstr(k1, "b.pem#1|"));
	free(b2);
	sweep_source_free(src);
	drop_tree(&t);

	/* a first pass cut short (before_id) keeps nothing: the next pass reads the disk */
	make_tree(&t);
	assert_int_equal(sweep_source_files_new(&src, (const char *const *)t.paths, 3, &err), 0);
	int64_t ids[8];
	assert_int_equal(pass(src, 2, ids), 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(unlink(t.paths[i]), 0);
	assert_int_equal(rows_of(src, k2, sizeof(k2), &b2, &n2), (size_t)-1);
	free(b1);
	free(b2);
	sweep_source_free(src);
	drop_tree(&t);
}

/* Many files (more than the read-ahead's slots), PEM bundles among them and
 * one file over its byte budget: the rows, keys and bytes with the
 * read-ahead thread equal those read file by file; a pass cut short and
 * one started again agree too; a file gone between the walk and the read
 * fails the pass at that file, after exactly the rows before it. */
enum { MANY = 100 };

static char *many_path(const char *dir, int i)
{
	char *p = malloc(128);
	assert_non_null(p);
	snprintf(p, 128, "%s/f%03d.%s", dir, i, i % 10 == 3 ? "pem" : "der");
	return p;
}

static void make_many(char *dir, size_t dir_cap)
{
	size_t l1, l2;
	unsigned char *d1 = fixture("dv_expired.der", &l1), *d2 = fixture("dv_same_serial.der", &l2);
	const unsigned char *p1 = d1, *p2 = d2;
	X509 *x1 = d2i_X509(NULL, &p1, (long)l1), *x2 = d2i_X509(NULL, &p2, (long)l2);

	assert_true(x1 && x2);
	snprintf(dir, dir_cap, "/tmp/certsweep-many-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < MANY; i++) {
		char *p = many_path(dir, i);
		if (i % 10 == 3) {
			FILE *fp = fopen(p, "w");
			assert_non_null(fp);
			assert_int_equal(PEM_write_X509(fp, x1), 1);
			assert_int_equal(PEM_write_X509(fp, x2), 1);
			assert_int_equal(fclose(fp), 0);
		} else if (i == 96) {
			/* 17 MiB that are neither DER nor PEM: one unparseable row */
			size_t big = (size_t)17 << 20;
			unsigned char *junk = malloc(big);
			assert_non_null(junk);
			for (size_t k = 0; k < big; k++)
				junk[k] = (unsigned char)('a' + k % 26);
			write_bytes(p, junk, big);
			free(junk);
		} else {
			write_bytes(p, i % 2 ? d1 : d2, i % 2 ? l1 : l2);
		}
		free(p);
	}
	X509_free(x1);
	X509_free(x2);
	free(d1);
	free(d2);
}

static void drop_many(const char *dir)
{
	for (int i = 0; i < MANY; i++) {
		char *p = many_path(dir, i);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static struct sweep_source *many_source(const char *dir, int read_ahead)
{
	struct sweep_source *src;
	struct sweep_error err = { 0, "" };
	const char *paths[1] = { dir };

	if (read_ahead)
		unsetenv("CERTSWEEP_FILES_READ_AHEAD");
	else
		setenv("CERTSWEEP_FILES_READ_AHEAD", "0", 1);
	assert_int_equal(sweep_source_files_new(&src, paths, 1, &err), 0);
	unsetenv("CERTSWEEP_FILES_READ_AHEAD");
	return src;
}

static void read_ahead_same_rows(void **state)
{
	char dir[64], *k1 = malloc(65536), *k2 = malloc(65536);
	unsigned char *b1, *b2;
	size_t n1, n2;
	int64_t ids[8];

	(void)state;
	assert_true(k1 && k2);
	make_many(dir, sizeof(dir));
	struct sweep_source *plain = many_source(dir, 0), *ahead = many_source(dir, 1);
	/* 100 files, 10 of them bundles of two: 110 rows */
	assert_int_equal(rows_of(plain, k1, 65536, &b1, &n1), MANY + 10);
	/* a pass of the read-ahead source cut short first, then whole ones */
	assert_int_equal(pass(ahead, 3, ids), 2);
	assert_int_equal(rows_of(ahead, k2, 65536, &b2, &n2), MANY + 10);
	assert_string_equal(k1, k2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	free(b2);
	assert_int_equal(rows_of(ahead, k2, 65536, &b2, &n2), MANY + 10);
	assert_string_equal(k1, k2);
	assert_memory_equal(b1, b2, n1);
	free(b2);
	sweep_source_free(plain);
	sweep_source_free(ahead);

	/* a file gone after the walk: the pass fails there, after the rows before it */
	ahead = many_source(dir, 1);
	char *gone = many_path(dir, 70);
	assert_int_equal(unlink(gone), 0);
	struct sweep_scan_filter f = { NULL, 0, 0, 0, 0 };
	struct sweep_error err = { 0, "" };
	struct sweep_row row;
	size_t n = 0;
	int rc;
	assert_int_equal(sweep_source_begin(ahead, &f, &err), 0);
	while ((rc = sweep_source_next(ahead, &row, &err)) == 0)
		n++;
	assert_int_equal(n, 70 + 7); /* files 0-69, bundles 3, 13 ... 63 give two rows */
	assert_int_not_equal(rc, 1);
	assert_non_null(strstr(err.msg, "cannot open"));
	assert_non_null(strstr(err.msg, "f070.der"));
	sweep_source_free(ahead);

	/* a FIFO planted where a file was after the walk: read without
	 * blocking (no writer: no bytes), one row that will not decode, and
	 * the pass goes on to the end, with and without the read-ahead */
	for (int ra = 0; ra < 2; ra++) {
		write_bytes(gone, "x", 1); /* a file the walk lists */
		struct sweep_source *src = many_source(dir, ra);
		assert_int_equal(unlink(gone), 0);
		assert_int_equal(mkfifo(gone, 0600), 0);
		n = 0;
		size_t empty = 0;
		assert_int_equal(sweep_source_begin(src, &f, &err), 0);
		while ((rc = sweep_source_next(src, &row, &err)) == 0) {
			n++;
			empty += row.der_len == 0;
		}
		assert_int_equal(rc, 1);
		assert_int_equal(n, MANY + 10);
		assert_int_equal(empty, 1);
		assert_int_equal(unlink(gone), 0);
		sweep_source_free(src);
	}
	free(gone);
	free(b1);
	free(k1);
	free(k2);
	drop_many(dir);
}

/* A bundle with a broken block between two certificates, and a file with
 * no certificate block: the rows are the first DER, the broken block's
 * text, the second DER, the other file's bytes, keyed path, path#1,
 * path#2; the same in the pass from memory, with and without the read-ahead. */
static void bundle_rows(void **state)
{
	size_t l1, l2;
	unsigned char *d1 = fixture("dv_expired.der", &l1), *d2 = fixture("dv_same_serial.der", &l2);
	const unsigned char *p1 = d1, *p2 = d2;
	X509 *x1 = d2i_X509(NULL, &p1, (long)l1), *x2 = d2i_X509(NULL, &p2, (long)l2);
	const char broken[] = "-----BEGIN CERTIFICATE-----\nAQID\n@@@@\n-----END CERTIFICATE-----";
	char dir[64], bundle[128], text[128], k[4096], want_keys[1024];

	(void)state;
	assert_true(x1 && x2);
	snprintf(dir, sizeof(dir), "/tmp/certsweep-bundle-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(bundle, sizeof(bundle), "%s/a.pem", dir);
	snprintf(text, sizeof(text), "%s/b.txt", dir);
	FILE *fp = fopen(bundle, "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_X509(fp, x1), 1);
	assert_int_equal(fputs(broken, fp) >= 0, 1);
	assert_int_equal(fputs("\n", fp) >= 0, 1);
	assert_int_equal(PEM_write_X509(fp, x2), 1);
	assert_int_equal(fclose(fp), 0);
	write_bytes(text, "hello", 5);

	size_t nb = strlen(broken), n_want = l1 + nb + l2 + 5;
	unsigned char *want = malloc(n_want);
	assert_non_null(want);
	memcpy(want, d1, l1);
	memcpy(want + l1, broken, nb);
	memcpy(want + l1 + nb, d2, l2);
	memcpy(want + l1 + nb + l2, "hello", 5);
	snprintf(want_keys, sizeof(want_keys), "1 %s|2 %s#1|3 %s#2|4 %s|", bundle, bundle, bundle, text);
	for (int ra = 0; ra < 2; ra++) {
		struct sweep_source *src = many_source(dir, ra);
		for (int pass_no = 0; pass_no < 2; pass_no++) {
			unsigned char *b;
			size_t nb_got;
			assert_int_equal(rows_of(src, k, sizeof(k), &b, &nb_got), 4);
			assert_string_equal(k, want_keys);
			assert_int_equal(nb_got, n_want);
			assert_memory_equal(b, want, n_want);
			free(b);
		}
		sweep_source_free(src);
	}
	unlink(bundle);
	unlink(text);
	rmdir(dir);
	free(want);
	X509_free(x1);
	X509_free(x2);
	free(d1);
	free(d2);
}

/* The walk: entries in byte order of their names, directories walked in
 * place, hidden entries and FIFOs skipped, a symbolic link to a file read
 * as that file. */
static void walk_order(void **state)
{
	size_t l1;
	unsigned char *d1 = fixture("dv_expired.der", &l1);
	char dir[64], p[8][160], k[4096], want[2048];
	const char *paths[1] = { dir };
	const char *names[] = { "b.der", "a", "a/z.der", "a/y.der", "A.der", ".hidden.der", "fifo", "link.der" };

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/certsweep-walk-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 8; i++)
		snprintf(p[i], sizeof(p[i]), "%s/%s", dir, names[i]);
	write_bytes(p[0], d1, l1);
	assert_int_equal(mkdir(p[1], 0700), 0);
	write_bytes(p[2], d1, l1);
	write_bytes(p[3], d1, l1);
	write_bytes(p[4], d1, l1);
	write_bytes(p[5], d1, l1);
	assert_int_equal(mkfifo(p[6], 0600), 0);
	assert_int_equal(symlink(p[0], p[7]), 0);
	struct sweep_source *src;
	struct sweep_error err = { 0, "" };
	unsigned char *b;
	size_t nb;
	assert_int_equal(sweep_source_files_new(&src, paths, 1, &err), 0);
	assert_int_equal(rows_of(src, k, sizeof(k), &b, &nb), 5);
	snprintf(want, sizeof(want), "1 %s/A.der|2 %s/a/y.der|3 %s/a/z.der|4 %s/b.der|5 %s/link.der|", dir, dir, dir, dir,
		 dir);
	assert_string_equal(k, want);
	assert_int_equal(nb, 5 * l1);
	free(b);
	sweep_source_free(src);
	for (int i = 7; i >= 0; i--)
		if (i != 1)
			assert_int_equal(unlink(p[i]), 0);
	assert_int_equal(rmdir(p[1]), 0);
	assert_int_equal(rmdir(dir), 0);
	free(d1);
}

/* Past the kept rows' budget (64 MiB) the files after it are read from
 * the disk again in the later passes, the ones before it from memory: a
 * DER file, four of 17 MiB (the fourth past the budget), a DER file.
 * With the first file gone the next pass is whole and the same; with the
 * fifth gone it fails there. With and without the read-ahead. */
static void budget_keeps_a_prefix(void **state)
{
	size_t l1, big = (size_t)17 << 20;
	unsigned char *d1 = fixture("dv_expired.der", &l1), *junk = malloc(big);
	char dir[64], p[6][128], k1[4096], k2[4096];

	(void)state;
	assert_non_null(junk);
	snprintf(dir, sizeof(dir), "/tmp/certsweep-budget-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 6; i++) {
		snprintf(p[i], sizeof(p[i]), "%s/f%d", dir, i);
		if (i == 0 || i == 5) {
			write_bytes(p[i], d1, l1);
			continue;
		}
		memset(junk, 'a' + i, big);
		write_bytes(p[i], junk, big);
	}
	for (int ra = 0; ra < 2; ra++) {
		unsigned char *b1, *b2;
		size_t n1, n2;
		struct sweep_source *src = many_source(dir, ra);
		assert_int_equal(rows_of(src, k1, sizeof(k1), &b1, &n1), 6);
		assert_int_equal(n1, 2 * l1 + 4 * big);
		char moved[160];
		snprintf(moved, sizeof(moved), "%s/.f0", dir);
		assert_int_equal(rename(p[0], moved), 0);
		assert_int_equal(rows_of(src, k2, sizeof(k2), &b2, &n2), 6);
		assert_string_equal(k1, k2);
		assert_int_equal(n1, n2);
		assert_memory_equal(b1, b2, n1);
		free(b2);
		char moved4[160];
		snprintf(moved4, sizeof(moved4), "%s/.f4", dir);
		assert_int_equal(rename(p[4], moved4), 0);
		assert_int_equal(rows_of(src, k2, sizeof(k2), &b2, &n2), (size_t)-1);
		/* rows 1-4 from memory, then f4 from the disk: gone */
		assert_int_equal(n2, l1 + 3 * big);
		free(b2);
		assert_int_equal(rename(moved, p[0]), 0);
		assert_int_equal(rename(moved4, p[4]), 0);
		free(b1);
		sweep_source_free(src);
	}
	for (int i = 0; i < 6; i++)
		assert_int_equal(unlink(p[i]), 0);
	assert_int_equal(rmdir(dir), 0);
	free(junk);
	free(d1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(before_id_bounds_the_pass),
		cmocka_unit_test(later_passes_from_memory),
		cmocka_unit_test(read_ahead_same_rows),
		cmocka_unit_test(bundle_rows),
		cmocka_unit_test(walk_order),
		cmocka_unit_test(budget_keeps_a_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
