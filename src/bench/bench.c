/* certsweep-bench: the measurements and inputs behind scripts/bench.sh.
 *
 *   certsweep-bench inmem CORPUS_DIR CERTS ROUNDS SECONDS
 *       In-memory judging (decode + SHA-256 + every lint of the registry)
 *       and a plain d2i_X509 + X509_free loop over the same CERTS distinct
 *       certificates, interleaved: each round times both for SECONDS each,
 *       the order alternating, so machine drift moves both sides alike.
 *       Prints each round and the median and min-max of each side and of
 *       the per-round ratio.
 *   certsweep-bench copy CORPUS_DIR N FIRST_ID > file
 *       N rows of certificate(id, issuer_ca_id, certificate) in PostgreSQL's
 *       binary COPY format, ids FIRST_ID.. (row FIRST_ID-1.. of the derived
 *       corpus, so loads in steps make the same rows as one load).
 *   certsweep-bench pem-dir CORPUS_DIR N DIR
 *       N PEM files, one certificate each, created in the existing DIR.
 *   certsweep-bench pem-bundle CORPUS_DIR N FILE
 *       One PEM bundle of N certificates (FILE must not exist).
 *
 * Every row is a distinct certificate derived from one of the corpus's
 * templates (scripts/bench-corpus.sh) by DER surgery that keeps every
 * length: the serial's last four octets carry a counter, the minutes and
 * seconds of notBefore and notAfter are shifted alike, and the first letter
 * of the SANs past the second (never the one the CN repeats) varies. A
 * precertificate and its final certificate get the same changes, so pairs
 * stay pairs. Signatures are not re-made: certsweep never verifies them.
 */
#include "certsweep/cert.h"
#include "certsweep/lint.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAN_EDITS 98

struct tmpl {
	unsigned char *der;
	size_t len;
	int ca_id;
	size_t serial_off, serial_len; /* the serial's content octets */
	size_t nb_off, na_off;	       /* the validity times' content octets */
	unsigned nb_len, na_len;
	size_t san_off[MAX_SAN_EDITS]; /* first octet of dNSNames 3..100 */
	size_t n_san_off;
};

/* CERTSWEEP_BENCH_CLOCK=cpu times the in-memory sides by this thread's CPU
 * time instead of the wall clock: on a shared, loaded machine the wall
 * clock counts other processes' turns, the CPU clock does not. */
static clockid_t bench_clock = CLOCK_MONOTONIC;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(bench_clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	*len = 0;
	if (!fp)
		return NULL;
	n = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
	if (n < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	buf = malloc((size_t)n ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Where the content octets of the time TLV starting at p are: UTCTime (13)
 * or GeneralizedTime (15). The decoder gives values, not positions, so the
 * validity SEQUENCE is found from the DER: it follows the issuer Name. */
static int find_times(struct tmpl *x, const struct sweep_cert *c)
{
	const unsigned char *v = c->issuer.der + c->issuer.der_len; /* Validity SEQUENCE */
	const unsigned char *end = x->der + x->len;

	if (v + 2 > end || v[0] != 0x30)
		return -1;
	const unsigned char *t = v + 2;
	for (int k = 0; k < 2; k++) {
		if (t + 2 > end || (t[0] != 0x17 && t[0] != 0x18) || (t[1] != 13 && t[1] != 15) || t + 2 + t[1] > end)
			return -1;
		if (k == 0) {
			x->nb_off = (size_t)(t + 2 - x->der);
			x->nb_len = t[1];
		} else {
			x->na_off = (size_t)(t + 2 - x->der);
			x->na_len = t[1];
		}
		t += 2 + t[1];
	}
	return 0;
}

/* Templates from certs.tsv (id, ca_id, key, kind, sha256) + der/. */
static struct tmpl *load(const char *dir, size_t *n_out)
{
	char path[4096], line[1024];
	struct tmpl *t = NULL;
	size_t n = 0;
	struct sweep_cert c;
	struct sweep_error err;

	*n_out = 0;
	snprintf(path, sizeof(path), "%s/certs.tsv", dir);
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "certsweep-bench: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	sweep_cert_init(&c);
	while (fgets(line, sizeof(line), fp)) {
		char key[512], kind[32];
		int id, ca;
		if (sscanf(line, "%d\t%d\t%511s\t%31s", &id, &ca, key, kind) != 4 || strcmp(kind, "garbage") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/der/%s%s", dir, key,
			 strcmp(kind, "precert") == 0 ? ".pre.der" : ".der");
		struct tmpl x = {0};
		x.der = slurp(path, &x.len);
		x.ca_id = ca;
		memset(&err, 0, sizeof(err));
		if (!x.der || sweep_cert_decode(&c, x.der, x.len, &err) || c.serial_len < 5 || find_times(&x, &c)) {
			free(x.der);
			continue;
		}
		x.serial_off = (size_t)(c.serial - x.der);
		x.serial_len = c.serial_len;
		for (size_t k = 2; k < c.n_san && x.n_san_off < MAX_SAN_EDITS; k++)
			if (c.san[k].tag == 2 && c.san[k].len > 0)
				x.san_off[x.n_san_off++] = (size_t)(c.san[k].val - x.der);
		struct tmpl *grown = realloc(t, (n + 1) * sizeof(*t));
		if (!grown) {
			free(x.der);
			break;
		}
		t = grown;
		t[n++] = x;
	}
	fclose(fp);
	sweep_cert_release(&c);
	if (n == 0)
		fprintf(stderr, "certsweep-bench: no templates in %s\n", dir);
	*n_out = n;
	return t;
}

static void free_templates(struct tmpl *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].der);
	free(t);
}

/* Two ASCII digits 00-59 at p. */
static void put_2digits(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)('0' + v / 10);
	p[1] = (unsigned char)('0' + v % 10);
}

/* Row `row` (0-based) of the derived corpus, into out (t->len octets):
 * template row % n, varied by counter row / n + 1. */
static void derive(unsigned char *out, const struct tmpl *tp, uint32_t counter)
{
	memcpy(out, tp->der, tp->len);
	unsigned char *s = out + tp->serial_off + tp->serial_len - 4;
	s[0] = (unsigned char)(counter >> 24);
	s[1] = (unsigned char)(counter >> 16);
	s[2] = (unsigned char)(counter >> 8);
	s[3] = (unsigned char)counter;
	/* minutes and seconds: YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ; the day and
	 * hour stay, so effective dates and validity periods do not move */
	unsigned mm = (counter / 60) % 60, ss = counter % 60;
	unsigned char *nb = out + tp->nb_off + tp->nb_len - 5, *na = out + tp->na_off + tp->na_len - 5;
	put_2digits(nb, mm);
	put_2digits(nb + 2, ss);
	put_2digits(na, mm);
	put_2digits(na + 2, ss);
	for (size_t k = 0; k < tp->n_san_off; k++)
		out[tp->san_off[k]] = (unsigned char)('a' + (counter + k) % 26);
}

struct corpus {
	unsigned char **der;
	size_t *len;
	size_t n;
};

static int corpus_build(struct corpus *out, const struct tmpl *t, size_t nt, size_t count)
{
	out->der = calloc(count, sizeof(*out->der));
	out->len = calloc(count, sizeof(*out->len));
	out->n = 0;
	if (!out->der || !out->len)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const struct tmpl *tp = &t[i % nt];
		out->der[i] = malloc(tp->len);
		if (!out->der[i])
			return -1;
		derive(out->der[i], tp, (uint32_t)(i / nt) + 1);
		out->len[i] = tp->len;
		out->n++;
	}
	return 0;
}

static void corpus_release(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->der[i]);
	free(c->der);
	free(c->len);
}

struct judge {
	const struct sweep_lint *reg;
	const struct sweep_lint **ptrs; /* &reg[k], for sweep_lint_run_all */
	size_t n_lints;
	struct sweep_cert cert;
	struct sweep_buf details;
	uint64_t failing;
};

static int count_failing(void *arg, size_t i, enum sweep_result r, const struct sweep_buf *details)
{
	struct judge *j = arg;

	(void)i;
	(void)r;
	(void)details;
	j->failing++;
	/* as scan_format_finding: a finding line shows the certificate's
	 * SHA-256, hashed on the first finding of a certificate */
	(void)sweep_cert_sha256(&j->cert);
	return 0;
}

/* The registry as the pointer array sweep_lint_run_all takes. */
static int judge_init(struct judge *j)
{
	sweep_cert_init(&j->cert);
	j->reg = sweep_lint_registry(&j->n_lints);
	j->ptrs = malloc((j->n_lints ? j->n_lints : 1) * sizeof(*j->ptrs));
	if (!j->ptrs)
		return -1;
	for (size_t k = 0; k < j->n_lints; k++)
		j->ptrs[k] = &j->reg[k];
	return 0;
}

/* certsweep's side: what an audit does per certificate in memory (the lint
 * loop of scan_judge_row). */
static int judge_one(struct judge *j, const unsigned char *der, size_t len)
{
	struct sweep_error err;

	memset(&err, 0, sizeof(err));
	if (sweep_cert_decode(&j->cert, der, len, &err))
		return -1;
	return sweep_lint_run_all(j->ptrs, j->n_lints, &j->cert, NULL, j->cert.not_before, &j->details,
				  SWEEP_R_NOTICE, count_failing, j);
}

static int d2i_one(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);

	if (!x)
		return -1;
	X509_free(x);
	return 0;
}

/* Certificates per second for one side over `seconds`, continuing the
 * corpus from *cursor (so over the rounds both sides see all of it). */
static double timed(int sweep_side, struct judge *j, const struct corpus *c, size_t *cursor, double seconds)
{
	uint64_t done = 0;
	double t0 = now_s(), el;

	do {
		for (int k = 0; k < 32; k++) {
			size_t i = *cursor;
			int rc = sweep_side ? judge_one(j, c->der[i], c->len[i]) : d2i_one(c->der[i], c->len[i]);
			if (rc)
				return -1;
			*cursor = i + 1 == c->n ? 0 : i + 1;
		}
		done += 32;
		el = now_s() - t0;
	} while (el < seconds);
	return (double)done / el;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void summary(const char *name, const double *v, int n, int decimals)
{
	double *s = malloc((size_t)n * sizeof(*s));

	if (!s)
		return;
	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	double med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	printf("%s_median %.*f\n%s_min %.*f\n%s_max %.*f\n", name, decimals, med, name, decimals, s[0], name, decimals,
	       s[n - 1]);
	free(s);
}

static int inmem(const char *dir, size_t count, int rounds, double seconds)
{
	size_t nt;
	struct tmpl *t = load(dir, &nt);
	struct corpus c;
	struct judge j = {0};
	size_t cur_sweep = 0, cur_d2i = 0;
	int rc = 3;

	if (!t)
		return 3;
	if (corpus_build(&c, t, nt, count)) {
		fprintf(stderr, "certsweep-bench: out of memory\n");
		corpus_release(&c);
		free_templates(t, nt);
		return 3;
	}
	double *ours = calloc((size_t)rounds, sizeof(double)), *theirs = calloc((size_t)rounds, sizeof(double));
	double *ratio = calloc((size_t)rounds, sizeof(double));
	if (judge_init(&j) || !ours || !theirs || !ratio)
		goto out;
	printf("templates %zu\ncerts %zu\nlints %zu\nrounds %d\nseconds_per_side %.2f\nclock %s\n", nt, c.n, j.n_lints,
	       rounds, seconds, bench_clock == CLOCK_MONOTONIC ? "wall" : "thread-cpu");
	/* one untimed pass each: page in the corpus and OpenSSL's tables */
	for (size_t i = 0; i < c.n; i++)
		if (judge_one(&j, c.der[i], c.len[i]) || d2i_one(c.der[i], c.len[i])) {
			fprintf(stderr, "certsweep-bench: certificate %zu does not decode\n", i);
			goto out;
		}
	for (int r = 0; r < rounds; r++) {
		int sweep_first = r % 2 == 0;
		if (sweep_first) {
			ours[r] = timed(1, &j, &c, &cur_sweep, seconds);
			theirs[r] = timed(0, &j, &c, &cur_d2i, seconds);
		} else {
			theirs[r] = timed(0, &j, &c, &cur_d2i, seconds);
			ours[r] = timed(1, &j, &c, &cur_sweep, seconds);
		}
		if (ours[r] < 0 || theirs[r] < 0)
			goto out;
		ratio[r] = ours[r] / theirs[r];
		printf("round %d sweep_per_s %.0f d2i_per_s %.0f ratio %.2f first %s\n", r + 1, ours[r], theirs[r],
		       ratio[r], sweep_first ? "sweep" : "d2i");
		fflush(stdout);
	}
	summary("sweep", ours, rounds, 0);
	summary("d2i", theirs, rounds, 0);
	summary("ratio", ratio, rounds, 2);
	printf("failing_results %llu\n", (unsigned long long)j.failing);
	rc = 0;
out:
	free(ours);
	free(theirs);
	free(ratio);
	sweep_buf_release(&j.details);
	sweep_cert_release(&j.cert);
	free(j.ptrs);
	corpus_release(&c);
	free_templates(t, nt);
	return rc;
}

/* Only certsweep's side, for a profiler: `perf record certsweep-bench judge ...`. */
static int judge_only(const char *dir, size_t count, double seconds)
{
	size_t nt, cur = 0;
	struct tmpl *t = load(dir, &nt);
	struct corpus c;
	struct judge j = {0};
	int rc = 3;

	if (!t)
		return 3;
	if (corpus_build(&c, t, nt, count) == 0) {
		double rate = judge_init(&j) ? -1 : 0;
		if (rate == 0)
			rate = timed(1, &j, &c, &cur, seconds);
		if (rate >= 0) {
			printf("certs %zu\nlints %zu\nsweep_per_s %.0f\n", c.n, j.n_lints, rate);
			rc = 0;
		}
		sweep_buf_release(&j.details);
		sweep_cert_release(&j.cert);
		free(j.ptrs);
	}
	corpus_release(&c);
	free_templates(t, nt);
	return rc;
}

struct digest_ctx {
	EVP_MD_CTX *h;
	unsigned long long *counts;
	size_t cert;
};

static int digest_one(void *arg, size_t k, enum sweep_result r, const struct sweep_buf *details)
{
	struct digest_ctx *d = arg;
	char line[64];
	int n = snprintf(line, sizeof(line), "%zu %zu %d ", d->cert, k, (int)r);

	d->counts[r]++;
	EVP_DigestUpdate(d->h, line, (size_t)n);
	EVP_DigestUpdate(d->h, details->len ? details->p : "", details->len);
	EVP_DigestUpdate(d->h, "\n", 1);
	return 0;
}

/* Every result of every lint on every certificate, with its details, hashed
 * (through sweep_lint_run_all, as an audit judges):
 * two builds that judge alike print the same digest (a speed change must
 * not change a result). */
static int digest(const char *dir, size_t count)
{
	size_t nt, n_lints;
	struct tmpl *t = load(dir, &nt);
	struct corpus c = {0};
	struct sweep_cert cert;
	struct sweep_buf details = {0};
	struct sweep_error err;
	unsigned long long counts[SWEEP_R_FATAL + 1] = {0};
	unsigned char md[SHA256_DIGEST_LENGTH];
	int rc = 3;

	if (!t)
		return 3;
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	const struct sweep_lint *reg = sweep_lint_registry(&n_lints);
	const struct sweep_lint **ptrs = malloc((n_lints ? n_lints : 1) * sizeof(*ptrs));
	for (size_t k = 0; ptrs && k < n_lints; k++)
		ptrs[k] = &reg[k];
	sweep_cert_init(&cert);
	if (h && ptrs && EVP_DigestInit_ex(h, EVP_sha256(), NULL) && corpus_build(&c, t, nt, count) == 0) {
		rc = 0;
		for (size_t i = 0; i < c.n && rc == 0; i++) {
			memset(&err, 0, sizeof(err));
			if (sweep_cert_decode(&cert, c.der[i], c.len[i], &err)) {
				rc = 3;
				break;
			}
			struct digest_ctx d = { h, counts, i };
			sweep_lint_run_all(ptrs, n_lints, &cert, NULL, cert.not_before, &details, SWEEP_R_NA, digest_one, &d);
		}
		if (rc == 0 && EVP_DigestFinal_ex(h, md, NULL)) {
			printf("certs %zu\nlints %zu\n", count, n_lints);
			for (int r = 0; r <= SWEEP_R_FATAL; r++)
				printf("results_%s %llu\n", sweep_result_name((enum sweep_result)r), counts[r]);
			printf("digest ");
			for (size_t b = 0; b < sizeof(md); b++)
				printf("%02x", md[b]);
			printf("\n");
		} else {
			rc = 3;
		}
	}
	corpus_release(&c);
	free(ptrs);
	EVP_MD_CTX_free(h);
	sweep_buf_release(&details);
	sweep_cert_release(&cert);
	free_templates(t, nt);
	return rc;
}

static void put32(FILE *fp, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
			      (unsigned char)v};
	fwrite(b, 1, 4, fp);
}

static size_t max_len(const struct tmpl *t, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].len > m)
			m = t[i].len;
	return m;
}

static int copy(const char *dir, long count, long first_id)
{
	size_t n;
	struct tmpl *t = load(dir, &n);
	static const unsigned char sig[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};

	if (!t)
		return 3;
	unsigned char *buf = malloc(max_len(t, n));
	if (!buf) {
		free_templates(t, n);
		return 3;
	}
	fwrite(sig, 1, sizeof(sig), stdout);
	put32(stdout, 0); /* flags */
	put32(stdout, 0); /* header extension length */
	for (long i = 0; i < count; i++) {
		/* rows are numbered by id, so a later load continues the sequence
		 * instead of repeating the first rows */
		size_t row = (size_t)(first_id - 1 + i);
		const struct tmpl *x = &t[row % n];
		int64_t id = first_id + i;
		derive(buf, x, (uint32_t)(row / n) + 1);
		unsigned char nfields[2] = {0, 3};
		fwrite(nfields, 1, 2, stdout);
		put32(stdout, 8);
		put32(stdout, (uint32_t)((uint64_t)id >> 32));
		put32(stdout, (uint32_t)id);
		put32(stdout, 4);
		put32(stdout, (uint32_t)x->ca_id);
		put32(stdout, (uint32_t)x->len);
		fwrite(buf, 1, x->len, stdout);
	}
	unsigned char trailer[2] = {0xff, 0xff};
	fwrite(trailer, 1, 2, stdout);
	free(buf);
	free_templates(t, n);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 3;
}

/* PEM text of der into b: base64 in 64-character lines. */
static void pem(struct sweep_buf *b, const unsigned char *der, size_t len)
{
	unsigned char line[65];

	sweep_buf_puts(b, "-----BEGIN CERTIFICATE-----\n");
	for (size_t off = 0; off < len; off += 48) {
		size_t k = len - off < 48 ? len - off : 48;
		int w = EVP_EncodeBlock(line, der + off, (int)k);
		sweep_buf_add(b, line, (size_t)w);
		sweep_buf_putc(b, '\n');
	}
	sweep_buf_puts(b, "-----END CERTIFICATE-----\n");
}

static int write_new(int dirfd, const char *name, const struct sweep_buf *b)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0) {
		fprintf(stderr, "certsweep-bench: cannot create %s: %s\n", name, strerror(errno));
		return -1;
	}
	while (off < b->len) {
		ssize_t w = write(fd, b->p + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "certsweep-bench: cannot write %s: %s\n", name, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	return close(fd);
}

/* bundle: one file; otherwise one file per certificate in dir. */
static int pem_out(const char *dir, long count, const char *target, int bundle)
{
	size_t n;
	struct tmpl *t = load(dir, &n);
	struct sweep_buf b = SWEEP_BUF_INIT;
	int rc = 3, dirfd = AT_FDCWD;

	if (!t)
		return 3;
	unsigned char *buf = malloc(max_len(t, n));
	if (!buf)
		goto out;
	if (!bundle) {
		dirfd = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfd < 0) {
			fprintf(stderr, "certsweep-bench: cannot open directory %s: %s\n", target, strerror(errno));
			goto out;
		}
	}
	for (long i = 0; i < count; i++) {
		const struct tmpl *x = &t[(size_t)i % n];
		derive(buf, x, (uint32_t)((size_t)i / n) + 1);
		pem(&b, buf, x->len);
		if (!bundle) {
			char name[32];
			snprintf(name, sizeof(name), "%08ld.pem", i);
			if (b.oom || write_new(dirfd, name, &b))
				goto out;
			sweep_buf_reset(&b);
		}
	}
	if (bundle && (b.oom || write_new(AT_FDCWD, target, &b)))
		goto out;
	rc = 0;
out:
	if (dirfd != AT_FDCWD && dirfd >= 0)
		close(dirfd);
	sweep_buf_release(&b);
	free(buf);
	free_templates(t, n);
	return rc;
}

static int parse_count(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: certsweep-bench inmem CORPUS_DIR CERTS ROUNDS SECONDS\n"
			"       certsweep-bench copy CORPUS_DIR N FIRST_ID > file\n"
			"       certsweep-bench pem-dir CORPUS_DIR N DIR\n"
			"       certsweep-bench pem-bundle CORPUS_DIR N FILE\n"
			"       certsweep-bench judge CORPUS_DIR CERTS SECONDS    (certsweep's side only, to profile)\n"
			"       certsweep-bench digest CORPUS_DIR CERTS           (a hash of every result and detail)\n");
	return 2;
}

int main(int argc, char **argv)
{
	long a, b;
	const char *clk = getenv("CERTSWEEP_BENCH_CLOCK");

	if (clk && strcmp(clk, "cpu") == 0)
		bench_clock = CLOCK_THREAD_CPUTIME_ID;

	if (argc == 6 && strcmp(argv[1], "inmem") == 0) {
		char *end;
		double secs = strtod(argv[5], &end);
		if (parse_count(argv[3], 1, 10000000, &a) || parse_count(argv[4], 1, 1000, &b) || *end ||
		    end == argv[5] || !(secs > 0 && secs <= 600))
			return usage();
		return inmem(argv[2], (size_t)a, (int)b, secs);
	}
	if (argc == 5 && strcmp(argv[1], "judge") == 0) {
		char *end;
		double secs = strtod(argv[4], &end);
		if (parse_count(argv[3], 1, 10000000, &a) || *end || end == argv[4] || !(secs > 0 && secs <= 600))
			return usage();
		return judge_only(argv[2], (size_t)a, secs);
	}
	if (argc == 4 && strcmp(argv[1], "digest") == 0) {
		if (parse_count(argv[3], 1, 10000000, &a))
			return usage();
		return digest(argv[2], (size_t)a);
	}
	if (argc == 5 && strcmp(argv[1], "copy") == 0) {
		if (parse_count(argv[3], 1, 1L << 40, &a) || parse_count(argv[4], 1, 1L << 60, &b))
			return usage();
		return copy(argv[2], a, b);
	}
	if (argc == 5 && (strcmp(argv[1], "pem-dir") == 0 || strcmp(argv[1], "pem-bundle") == 0)) {
		if (parse_count(argv[3], 1, 100000000, &a))
			return usage();
		return pem_out(argv[2], a, argv[4], strcmp(argv[1], "pem-bundle") == 0);
	}
	return usage();
}
