/* certsweep lint FILE...: judge PEM or DER certificate files.
 *
 * JSON output is one object per certificate:
 *   {"file":"bundle.pem","index":1,"lints":{"e_x":{"result":"pass"},...}}
 * "lints" has zlint's shape; "index" counts certificates within the file
 * from 0. A certificate that does not decode gives {"file","index","error"}.
 *
 * Speed: the JSON is built from spans prepared once per lint (the name and
 * the result words never change), written with one memcpy each, and flushed
 * in large blocks; PEM is decoded by sweep_pem_next, not OpenSSL's BIO stack;
 * one decoded-certificate view is reused for every certificate. */
#include "certsweep/buf.h"
#include "certsweep/cert.h"
#include "certsweep/date.h"
#include "certsweep/lint.h"
#include "certsweep/pem.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FLUSH_AT (256 * 1024)
/* A prepared member up to this long is copied as a block of this size (a
 * few vector moves, no call); the output keeps more room than that. */
#define BARE_COPY 64

/* Prepared JSON of one lint: ,"name":{"result":" (written without its
 * comma for the first lint), and the whole member for each result without
 * details: ,"name":{"result":"pass"} */
struct lint_span {
	char *head;
	size_t len;
	char *bare[SWEEP_R_FATAL + 1];
	size_t bare_len[SWEEP_R_FATAL + 1];
};

struct lint_cli {
	const struct sweep_lint **lints;
	size_t n_lints;
	struct lint_span *spans;
	int json;
	int fail_on;
	int64_t as_of;
	int as_of_now;
	int worst;
	struct sweep_cert cert;         /* reused: decoding keeps its arrays */
	struct sweep_buf out, details, der, file_json;
	size_t out_mark;               /* c->out's length before the certificate being read */
	long fault_truncate;           /* CERTSWEEP_FAULT_TRUNCATE_AFTER_CERTS (tests): -1 = off */
};

/* The result word and what closes it, per result, with and without details. */
static const struct {
	const char *bare;   /* pass"} */
	const char *detail; /* pass","details": */
} result_tail[] = {
	[SWEEP_R_NA] = { "NA\"}", "NA\",\"details\":" },
	[SWEEP_R_NE] = { "NE\"}", "NE\",\"details\":" },
	[SWEEP_R_PASS] = { "pass\"}", "pass\",\"details\":" },
	[SWEEP_R_NOTICE] = { "notice\"}", "notice\",\"details\":" },
	[SWEEP_R_WARN] = { "warn\"}", "warn\",\"details\":" },
	[SWEEP_R_ERROR] = { "error\"}", "error\",\"details\":" },
	[SWEEP_R_FATAL] = { "fatal\"}", "fatal\",\"details\":" },
};

/* JSON string literal of s[0..n), copying runs that need no escape whole. */
static void json_span(struct sweep_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	sweep_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		sweep_buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': sweep_buf_add(b, "\\\"", 2); break;
		case '\\': sweep_buf_add(b, "\\\\", 2); break;
		case '\n': sweep_buf_add(b, "\\n", 2); break;
		case '\r': sweep_buf_add(b, "\\r", 2); break;
		case '\t': sweep_buf_add(b, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			sweep_buf_add(b, u, 6);
		}
		}
	}
	sweep_buf_add(b, s + run, n - run);
	sweep_buf_putc(b, '"');
}

static int prepare_spans(struct lint_cli *c)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	c->spans = calloc(c->n_lints ? c->n_lints : 1, sizeof(*c->spans));
	if (!c->spans)
		return -1;
	for (size_t i = 0; i < c->n_lints; i++) {
		struct lint_span *sp = &c->spans[i];
		sweep_buf_putc(&b, ',');
		json_span(&b, c->lints[i]->name, strlen(c->lints[i]->name));
		sweep_buf_puts(&b, ":{\"result\":\"");
		sp->len = b.len;
		for (int r = 0; r <= SWEEP_R_FATAL; r++) {
			struct sweep_buf m = SWEEP_BUF_INIT;
			sweep_buf_add(&m, b.p, b.len);
			sweep_buf_puts(&m, result_tail[r].bare);
			/* padded with NULs to BARE_COPY octets past the comma, read whole */
			sp->bare_len[r] = m.len;
			while (m.len < BARE_COPY + 1 && !m.oom)
				sweep_buf_putc(&m, '\0');
			sp->bare[r] = sweep_buf_detach(&m);
			if (!sp->bare[r]) {
				sweep_buf_release(&b);
				return -1;
			}
		}
		sp->head = sweep_buf_detach(&b);
		if (!sp->head)
			return -1;
	}
	return 0;
}

static void flush(struct lint_cli *c, int force)
{
	if (c->out.len && (force || c->out.len >= FLUSH_AT)) {
		fwrite(c->out.p, 1, c->out.len, stdout);
		sweep_buf_reset(&c->out);
	}
}

/* {"file":"...","index":N, */
static void object_head(struct lint_cli *c, size_t index)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%zu", index);

	sweep_buf_add(&c->out, c->file_json.p, c->file_json.len);
	sweep_buf_add(&c->out, num, (size_t)n);
	sweep_buf_putc(&c->out, ',');
}

/* One lint's result: a line of text for a finding, or its member of the JSON object. */
static int lint_result(void *arg, size_t i, enum sweep_result r, const struct sweep_buf *details)
{
	struct lint_cli *c = arg;

	if ((int)r > c->worst)
		c->worst = (int)r;
	if (!c->json) {
		if (r >= SWEEP_R_NOTICE)
			printf("  %-7s %-48s %s\n", sweep_result_name(r), c->lints[i]->name, sweep_buf_str(details));
		return 0;
	}
	if ((unsigned)r > SWEEP_R_FATAL)
		r = SWEEP_R_FATAL;
	const struct lint_span *sp = &c->spans[i];
	size_t skip = i == 0; /* the first member has no comma */
	if (details->len) {
		sweep_buf_add(&c->out, sp->head + skip, sp->len - skip);
		sweep_buf_puts(&c->out, result_tail[r].detail);
		json_span(&c->out, details->p, details->len);
		sweep_buf_putc(&c->out, '}');
	} else if (sp->bare_len[r] - skip <= BARE_COPY && c->out.cap - c->out.len > BARE_COPY) {
		memcpy(c->out.p + c->out.len, sp->bare[r] + skip, BARE_COPY);
		c->out.len += sp->bare_len[r] - skip;
		c->out.p[c->out.len] = '\0';
	} else if (!c->out.oom &&
		   (c->out.cap - c->out.len > sp->bare_len[r] || sweep_buf_reserve(&c->out, sp->bare_len[r]) == 0)) {
		/* the common case: one copy of the prepared member (the room
		 * checked here, without a call, while the buffer has it) */
		memcpy(c->out.p + c->out.len, sp->bare[r] + skip, sp->bare_len[r] - skip);
		c->out.len += sp->bare_len[r] - skip;
		c->out.p[c->out.len] = '\0';
	}
	return 0;
}

static void lint_one(struct lint_cli *c, const char *path, size_t index, const unsigned char *der, size_t len)
{
	struct sweep_error err = { 0, "" };

	if (sweep_cert_decode(&c->cert, der, len, &err)) {
		if (c->json) {
			object_head(c, index);
			sweep_buf_add(&c->out, "\"error\":", 8);
			json_span(&c->out, err.msg, strlen(err.msg));
			sweep_buf_add(&c->out, "}\n", 2);
		} else {
			flush(c, 1);
			if (index)
				printf("%s#%zu: does not decode: %s\n", path, index, err.msg);
			else
				printf("%s: does not decode: %s\n", path, err.msg);
		}
		if (c->worst < SWEEP_R_FATAL)
			c->worst = SWEEP_R_FATAL;
		return;
	}
	int64_t as_of = c->as_of_now ? time(NULL) : c->as_of ? c->as_of : c->cert.not_before;
	if (c->json) {
		object_head(c, index);
		sweep_buf_add(&c->out, "\"lints\":{", 9);
	} else if (index) {
		printf("%s#%zu\n", path, index);
	} else {
		printf("%s\n", path);
	}
	sweep_lint_run_all((const struct sweep_lint *const *)c->lints, c->n_lints, &c->cert, NULL, as_of, &c->details,
			   SWEEP_R_NA, lint_result, c);
	if (c->json) {
		sweep_buf_add(&c->out, "}}\n", 3);
		flush(c, 0);
	}
}

/* A file's bytes: a regular file is mapped (no copy into a buffer that
 * the kernel must first fault in page by page: on a 38 MB bundle the copy
 * and its page faults cost as much as judging); anything else (a pipe,
 * /dev/stdin) is read whole into buf. */
struct file_data {
	const unsigned char *p;
	size_t len;
	void *map;
	size_t map_len;
	struct sweep_buf buf;
};

static int read_whole(struct file_data *out, const char *path, struct sweep_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return sweep_error_set(err, SWEEP_EIO, "cannot open %s: %s", path, strerror(errno));
	int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (regular && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (m != MAP_FAILED) {
			(void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
			close(fd);
			out->map = m;
			out->map_len = (size_t)st.st_size;
			out->p = m;
			out->len = (size_t)st.st_size;
			return 0;
		}
	}
	size_t want = regular ? (size_t)st.st_size + 1 : 65536;
	struct sweep_buf *b = &out->buf;
	for (;;) {
		if (sweep_buf_reserve(b, want)) {
			close(fd);
			return sweep_error_set(err, SWEEP_ENOMEM, "out of memory reading %s", path);
		}
		ssize_t n = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return sweep_error_set(err, SWEEP_EIO, "cannot read %s: %s", path, strerror(e));
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->p[b->len] = '\0';
		want = 65536;
	}
	close(fd);
	out->p = (const unsigned char *)b->p;
	out->len = b->len;
	return 0;
}

static void file_data_release(struct file_data *d)
{
	if (d->map)
		munmap(d->map, d->map_len);
	sweep_buf_release(&d->buf);
	memset(d, 0, sizeof(*d));
}

/* A mapped file truncated while it is read faults (SIGBUS) on the pages
 * past its new end. While a mapped file is read the handler jumps back to
 * lint_file, which reports it as an error of that file; any other SIGBUS
 * keeps its default action. */
static sigjmp_buf bus_env;
static volatile sig_atomic_t bus_armed;

static void on_sigbus(int sig)
{
	if (bus_armed) {
		bus_armed = 0;
		siglongjmp(bus_env, 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int bus_handler_installed;

static void install_bus_handler(void)
{
	struct sigaction sa;

	if (bus_handler_installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) == 0)
		bus_handler_installed = 1;
}

/* Tests: truncate the file being read to nothing once that many
 * certificates of it were judged (test_lint_cli.sh's truncated-while-mapped
 * case), once: later files are left alone. */
static void fault_truncate(struct lint_cli *c, const char *path, size_t judged)
{
	if (c->fault_truncate >= 0 && judged == (size_t)c->fault_truncate) {
		int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0) {
			(void)!ftruncate(fd, 0);
			close(fd);
		}
		c->fault_truncate = -1;
	}
}

/* Every certificate of a file's bytes: PEM blocks, or the whole as DER. */
static int lint_data(struct lint_cli *c, const char *path, const struct file_data *data)
{
	int rc = 0;

	sweep_buf_reset(&c->file_json);
	sweep_buf_add(&c->file_json, "{\"file\":", 8);
	json_span(&c->file_json, path, strlen(path));
	sweep_buf_add(&c->file_json, ",\"index\":", 9);
	if (data->len > 0 && data->p[0] == 0x30) {
		fault_truncate(c, path, 0);
		lint_one(c, path, 0, data->p, data->len);
		return 0;
	}
	struct sweep_pem_reader rd;
	struct sweep_pem_block blk;
	sweep_pem_reader_init(&rd, data->p, data->len);
	for (size_t judged = 0;; judged++) {
		fault_truncate(c, path, judged);
		c->out_mark = c->out.len;
		int r = sweep_pem_next(&blk, &c->der, &rd);
		if (r == SWEEP_PEM_END)
			break;
		if (r < 0) {
			flush(c, 1);
			cli_error("out of memory reading %s", path);
			rc = -1;
			break;
		}
		if (r == SWEEP_PEM_BROKEN) {
			/* reported like a certificate that does not decode */
			if (c->json) {
				object_head(c, blk.index);
				sweep_buf_puts(&c->out, "\"error\":\"not a valid PEM block (base64 or END line)\"}\n");
			} else {
				flush(c, 1);
				printf("%s#%zu: does not decode: not a valid PEM block (base64 or END line)\n", path,
				       blk.index);
			}
			c->worst = SWEEP_R_FATAL;
			continue;
		}
		lint_one(c, path, blk.index, (const unsigned char *)sweep_buf_str(&c->der), c->der.len);
	}
	if (!rc && rd.count == 0) {
		flush(c, 1);
		cli_error("%s: no certificate found (expected PEM or DER)", path);
		rc = -1;
	}
	return rc;
}

/* Every certificate in a file. */
static int lint_file(struct lint_cli *c, const char *path)
{
	struct file_data data;
	struct sweep_error err = { 0, "" };

	if (read_whole(&data, path, &err)) {
		file_data_release(&data);
		flush(c, 1);
		cli_error("%s", err.msg);
		return -1;
	}
	c->out_mark = c->out.len;
	if (data.map) {
		install_bus_handler();
		if (sigsetjmp(bus_env, 1)) {
			/* the mapping lost pages under the reader: drop the certificate
			 * being written (the output holds whole objects only) */
			if (c->out_mark <= c->out.len) {
				c->out.len = c->out_mark;
				if (c->out.p)
					c->out.p[c->out.len] = '\0';
			}
			flush(c, 1);
			cli_error("%s: the file shrank while it was read (truncated by another process?); "
				  "its remaining certificates were not judged",
				  path);
			file_data_release(&data);
			return -1;
		}
		bus_armed = 1;
	}
	int rc = lint_data(c, path, &data);
	bus_armed = 0;
	file_data_release(&data);
	return rc;
}

static void lint_cli_release(struct lint_cli *c)
{
	if (c->spans)
		for (size_t i = 0; i < c->n_lints; i++) {
			free(c->spans[i].head);
			for (int r = 0; r <= SWEEP_R_FATAL; r++)
				free(c->spans[i].bare[r]);
		}
	free(c->spans);
	free(c->lints);
	sweep_cert_release(&c->cert);
	sweep_buf_release(&c->out);
	sweep_buf_release(&c->details);
	sweep_buf_release(&c->der);
	sweep_buf_release(&c->file_json);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lint", required_argument, NULL, 'l' },  { "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'F' }, { "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'H' },          { NULL, 0, NULL, 0 },
	};
	struct lint_cli c = { .json = 1, .fail_on = SWEEP_R_ERROR, .fault_truncate = -1 };
	const char *fault = getenv("CERTSWEEP_FAULT_TRUNCATE_AFTER_CERTS");

	if (fault && *fault)
		c.fault_truncate = strtol(fault, NULL, 10);
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	int opt, rc = EXIT_CLEAN, io_fail = 0;

	sweep_cert_init(&c.cert);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': {
			int any = 0;
			for (size_t i = 0; i < n; i++) {
				if (fnmatch(optarg, reg[i].name, 0) != 0)
					continue;
				const struct sweep_lint **p = realloc(c.lints, (c.n_lints + 1) * sizeof(*p));
				if (!p) {
					lint_cli_release(&c);
					cli_error("out of memory");
					return EXIT_DB_IO;
				}
				c.lints = p;
				c.lints[c.n_lints++] = &reg[i];
				any = 1;
			}
			if (!any) {
				lint_cli_release(&c);
				return cli_usage_error("--lint: no lint matches \"%s\"", optarg);
			}
			break;
		}
		case 'f':
			if (strcmp(optarg, "json") == 0) {
				c.json = 1;
			} else if (strcmp(optarg, "text") == 0) {
				c.json = 0;
			} else {
				lint_cli_release(&c);
				return cli_usage_error("--format: want json or text");
			}
			break;
		case 'F':
			c.fail_on = sweep_result_parse(optarg);
			if (c.fail_on < SWEEP_R_NOTICE) {
				lint_cli_release(&c);
				return cli_usage_error("--fail-on: want notice, warn, error or fatal");
			}
			break;
		case 'a':
			if (strcmp(optarg, "now") == 0) {
				c.as_of_now = 1;
			} else if (strcmp(optarg, "issued") != 0 && sweep_date_parse(&c.as_of, optarg)) {
				lint_cli_release(&c);
				return cli_usage_error("--as-of: want issued, now or a DATE that exists");
			}
			break;
		case 'H':
			printf("Usage: certsweep lint [--lint NAME|GLOB]... [--format json|text] [--fail-on SEVERITY]\n"
			       "                      [--as-of issued|now|DATE] FILE...\n"
			       "Lint PEM or DER certificates. JSON output: one object per certificate,\n"
			       "{\"file\":F,\"index\":N,\"lints\":{...}} with zlint's shape inside \"lints\";\n"
			       "index counts certificates within a file from 0.\n"
			       "Exit 1 when a result reaches --fail-on (default error).\n");
			lint_cli_release(&c);
			return EXIT_CLEAN;
		default:
			lint_cli_release(&c);
			fputs("Try \"certsweep lint --help\" for more information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		lint_cli_release(&c);
		return cli_usage_error("lint: no FILE given");
	}
	if (!c.lints) {
		c.lints = malloc(n * sizeof(*c.lints));
		if (!c.lints) {
			cli_error("out of memory");
			return EXIT_DB_IO;
		}
		for (size_t i = 0; i < n; i++)
			c.lints[i] = &reg[i];
		c.n_lints = n;
	}
	if (prepare_spans(&c)) {
		lint_cli_release(&c);
		cli_error("out of memory");
		return EXIT_DB_IO;
	}
	for (int i = optind; i < argc; i++)
		if (lint_file(&c, argv[i]))
			io_fail = 1;
	flush(&c, 1);
	if (c.out.oom) {
		cli_error("out of memory");
		io_fail = 1;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		io_fail = 1;
	}
	lint_cli_release(&c);
	if (io_fail)
		rc = EXIT_DB_IO;
	else if (c.worst >= c.fail_on)
		rc = EXIT_FINDINGS;
	return rc;
}
