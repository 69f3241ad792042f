/* certsweep-bench: the measurements behind scripts/bench.sh.
 *
 *   certsweep-bench inmem CORPUS_DIR SECONDS
 *       decode + SHA-256 + every lint per certificate, one core, next to a
 *       plain d2i_X509 + X509_free loop over the same certificates.
 *   certsweep-bench copy CORPUS_DIR N FIRST_ID > file
 *       N certificate rows in PostgreSQL's binary COPY format for
 *       certificate(id, issuer_ca_id, certificate): the corpus's templates
 *       with distinct serials (the last 4 serial octets replaced by a counter),
 *       so a million rows load in a minute. Signatures are not re-made:
 *       certsweep never verifies them.
 */
#include "certsweep/cert.h"
#include "certsweep/lint.h"

#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tmpl {
	unsigned char *der;
	size_t len;
	int ca_id;
	size_t serial_off, serial_len; /* where the serial's content octets are */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Templates from certs.tsv (id, ca_id, key, kind, sha256) + der/. */
static struct tmpl *load(const char *dir, size_t *n_out)
{
	char path[4096], line[1024];
	struct tmpl *t = NULL;
	size_t n = 0;
	struct sweep_cert c;
	struct sweep_error err;

	snprintf(path, sizeof(path), "%s/certs.tsv", dir);
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "certsweep-bench: cannot read %s\n", path);
		exit(3);
	}
	sweep_cert_init(&c);
	while (fgets(line, sizeof(line), fp)) {
		char key[512], kind[32];
		int id, ca;
		if (sscanf(line, "%d\t%d\t%511s\t%31s", &id, &ca, key, kind) != 4 || strcmp(kind, "garbage") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/der/%s%s", dir, key, strcmp(kind, "precert") == 0 ? ".pre.der" : ".der");
		struct tmpl x = { 0 };
		x.der = slurp(path, &x.len);
		x.ca_id = ca;
		memset(&err, 0, sizeof(err));
		if (!x.der || sweep_cert_decode(&c, x.der, x.len, &err) || c.serial_len < 5) {
			free(x.der);
			continue;
		}
		x.serial_off = (size_t)(c.serial - x.der);
		x.serial_len = c.serial_len;
		t = realloc(t, (n + 1) * sizeof(*t));
		t[n++] = x;
	}
	fclose(fp);
	sweep_cert_release(&c);
	*n_out = n;
	return t;
}

static void stamp(struct tmpl *t, uint32_t counter)
{
	unsigned char *p = t->der + t->serial_off + t->serial_len - 4;
	p[0] = (unsigned char)(counter >> 24);
	p[1] = (unsigned char)(counter >> 16);
	p[2] = (unsigned char)(counter >> 8);
	p[3] = (unsigned char)counter;
}

static int inmem(const char *dir, double seconds)
{
	size_t n, nl;
	struct tmpl *t = load(dir, &n);
	const struct sweep_lint *reg = sweep_lint_registry(&nl);
	struct sweep_cert c;
	struct sweep_error err;
	struct sweep_buf details = SWEEP_BUF_INIT;
	uint64_t count = 0, fails = 0;
	double t0, el;

	if (n == 0) {
		fprintf(stderr, "certsweep-bench: no templates in %s\n", dir);
		return 3;
	}
	sweep_cert_init(&c);
	t0 = now_s();
	do {
		for (size_t i = 0; i < n; i++) {
			memset(&err, 0, sizeof(err));
			if (sweep_cert_decode(&c, t[i].der, t[i].len, &err))
				return 3;
			for (size_t k = 0; k < nl; k++) {
				sweep_buf_reset(&details);
				fails += sweep_lint_run(&reg[k], &c, NULL, c.not_before, &details) >= SWEEP_R_NOTICE;
			}
		}
		count += n;
		el = now_s() - t0;
	} while (el < seconds);
	double ours = (double)count / el;

	uint64_t dcount = 0;
	t0 = now_s();
	do {
		for (size_t i = 0; i < n; i++) {
			const unsigned char *p = t[i].der;
			X509 *x = d2i_X509(NULL, &p, (long)t[i].len);
			if (!x)
				return 3;
			X509_free(x);
		}
		dcount += n;
		el = now_s() - t0;
	} while (el < seconds);
	double theirs = (double)dcount / el;
	printf("templates %zu\nlints %zu\nsweep_certs_per_s %.0f\nd2i_x509_certs_per_s %.0f\nratio %.1f\nfailing_results %llu\n",
	       n, nl, ours, theirs, ours / theirs, (unsigned long long)fails);
	sweep_buf_release(&details);
	sweep_cert_release(&c);
	for (size_t i = 0; i < n; i++)
		free(t[i].der);
	free(t);
	return 0;
}

static void put32(FILE *fp, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v };
	fwrite(b, 1, 4, fp);
}

static int copy(const char *dir, long count, long first_id)
{
	size_t n;
	struct tmpl *t = load(dir, &n);
	static const unsigned char sig[11] = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0 };

	if (n == 0)
		return 3;
	fwrite(sig, 1, sizeof(sig), stdout);
	put32(stdout, 0); /* flags */
	put32(stdout, 0); /* header extension length */
	for (long i = 0; i < count; i++) {
		struct tmpl *x = &t[(size_t)i % n];
		int64_t id = first_id + i;
		stamp(x, (uint32_t)(i / (long)n) + 1);
		unsigned char row[2] = { 0, 3 };
		fwrite(row, 1, 2, stdout);
		put32(stdout, 8);
		put32(stdout, (uint32_t)((uint64_t)id >> 32));
		put32(stdout, (uint32_t)id);
		put32(stdout, 4);
		put32(stdout, (uint32_t)x->ca_id);
		put32(stdout, (uint32_t)x->len);
		fwrite(x->der, 1, x->len, stdout);
	}
	unsigned char trailer[2] = { 0xff, 0xff };
	fwrite(trailer, 1, 2, stdout);
	return fflush(stdout) == 0 ? 0 : 3;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "inmem") == 0)
		return inmem(argv[2], atof(argv[3]));
	if (argc == 5 && strcmp(argv[1], "copy") == 0)
		return copy(argv[2], atol(argv[3]), atol(argv[4]));
	fprintf(stderr, "usage: certsweep-bench inmem CORPUS_DIR SECONDS | copy CORPUS_DIR N FIRST_ID\n");
	return 2;
}
