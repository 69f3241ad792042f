/* certsweep diff A B: which affected certificates one audit found and the
 * other did not (e.g. the CA's own store against a crt.sh mirror). */
#include "certsweep/buf.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the 11 CCADB columns, then up to MAX_EXTRA --extra-columns (ignored here) */
enum { COL_PRE = 0, COL_FIN = 1, COL_ISSUER = 3, COL_SERIAL = 6, N_COLS = 11, MAX_COLS = N_COLS + 16 };

struct line {
	char *cells[MAX_COLS];
};

struct table {
	struct line *lines;
	size_t n;
};

/* Read one RFC 4180 record; returns 1 at EOF, -1 on malformed input. */
static int read_record(FILE *fp, struct line *out)
{
	struct sweep_buf cell = SWEEP_BUF_INIT;
	int c, ncell = 0, quoted = 0, any = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		c = fgetc(fp);
		if (c == EOF && !any) {
			sweep_buf_release(&cell);
			return 1;
		}
		any = 1;
		if (quoted) {
			if (c == EOF)
				goto bad;
			if (c == '"') {
				int d = fgetc(fp);
				if (d == '"') {
					sweep_buf_putc(&cell, '"');
					continue;
				}
				quoted = 0;
				if (d != EOF)
					ungetc(d, fp);
				continue;
			}
			sweep_buf_putc(&cell, (char)c);
			continue;
		}
		if (c == '"' && cell.len == 0) {
			quoted = 1;
			continue;
		}
		if (c == ',' || c == '\n' || c == '\r' || c == EOF) {
			if (ncell >= MAX_COLS)
				goto bad;
			sweep_buf_add(&cell, "", 0);
			out->cells[ncell++] = sweep_buf_detach(&cell);
			if (c == ',')
				continue;
			if (c == '\r' && fgetc(fp) != '\n')
				goto bad;
			return ncell >= N_COLS ? 0 : -1;
		}
		sweep_buf_putc(&cell, (char)c);
	}
bad:
	sweep_buf_release(&cell);
	for (int i = 0; i < MAX_COLS; i++)
		free(out->cells[i]);
	return -1;
}

static void free_table(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (int k = 0; k < MAX_COLS; k++)
			free(t->lines[i].cells[k]);
	free(t->lines);
}

static int load(const char *dir, struct table *t)
{
	struct sweep_buf path = SWEEP_BUF_INIT;
	struct line l;
	int rc;

	memset(t, 0, sizeof(*t));
	sweep_buf_printf(&path, "%s/affected.csv", dir);
	FILE *fp = fopen(sweep_buf_str(&path), "rb");
	if (!fp) {
		cli_error("cannot read %s", sweep_buf_str(&path));
		sweep_buf_release(&path);
		return -1;
	}
	int header = 1;
	for (;;) {
		rc = read_record(fp, &l);
		if (rc)
			break;
		if (header) {
			header = 0;
			for (int k = 0; k < MAX_COLS; k++)
				free(l.cells[k]);
			continue;
		}
		struct line *p = realloc(t->lines, (t->n + 1) * sizeof(*p));
		if (!p) {
			rc = -1;
			break;
		}
		t->lines = p;
		t->lines[t->n++] = l;
	}
	fclose(fp);
	if (rc < 0)
		cli_error("%s: not a certsweep affected.csv", sweep_buf_str(&path));
	sweep_buf_release(&path);
	return rc < 0 ? -1 : 0;
}

static int same_serial(const struct line *a, const struct line *b)
{
	return strcmp(a->cells[COL_SERIAL], b->cells[COL_SERIAL]) == 0 &&
	       strcmp(a->cells[COL_ISSUER], b->cells[COL_ISSUER]) == 0;
}

static int has_word(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && strncmp(p, w, n) == 0)
			return 1;
		p += k;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Whether any line of t for l's (issuer, serial) lists hash w in column
 * col: a reused serial is one line per certificate. */
static int listed(const struct table *t, const struct line *l, int col, const char *w, size_t n)
{
	for (size_t i = 0; i < t->n; i++)
		if (same_serial(&t->lines[i], l) && has_word(t->lines[i].cells[col], w, n))
			return 1;
	return 0;
}

/* Print certificates of a that b lacks; returns how many. */
static size_t one_side(const struct table *a, const struct table *b, const char *name_a, const char *name_b)
{
	size_t count = 0;

	for (size_t i = 0; i < a->n; i++) {
		const struct line *l = &a->lines[i];
		for (int col = COL_PRE; col <= COL_FIN; col++) {
			for (const char *p = l->cells[col]; *p;) {
				size_t k = strcspn(p, " ");
				/* "N/A": the line has no such certificate */
				int none = k == 3 && strncmp(p, "N/A", 3) == 0;
				if (k && !none && !listed(b, l, col, p, k)) {
					printf("only in %s, not in %s: serial %s issuer %s %s %.*s\n", name_a, name_b,
					       l->cells[COL_SERIAL], l->cells[COL_ISSUER],
					       col == COL_PRE ? "precertificate" : "certificate", (int)k, p);
					count++;
				}
				p += k;
				while (*p == ' ')
					p++;
			}
		}
	}
	return count;
}

int cmd_diff(int argc, char **argv)
{
	struct table a, b;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: certsweep diff DIR_A DIR_B\n"
		       "Compare the affected.csv of two audits (say, the CA's store and a crt.sh mirror):\n"
		       "list every certificate one found and the other did not. Exit 0 when both list the\n"
		       "same certificates, 1 when they differ, 3 when a file cannot be read.\n");
		return EXIT_CLEAN;
	}
	if (argc != 3)
		return cli_usage_error("diff takes two audit output directories");
	if (load(argv[1], &a))
		return EXIT_DB_IO;
	if (load(argv[2], &b)) {
		free_table(&a);
		return EXIT_DB_IO;
	}
	size_t n = one_side(&a, &b, argv[1], argv[2]) + one_side(&b, &a, argv[2], argv[1]);
	fprintf(stderr, "certsweep: %zu line(s) in %s, %zu in %s, %zu certificate(s) found by only one\n", a.n,
		argv[1], b.n, argv[2], n);
	free_table(&a);
	free_table(&b);
	return n ? EXIT_FINDINGS : EXIT_CLEAN;
}
