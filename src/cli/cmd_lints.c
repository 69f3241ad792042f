/* certsweep lints | lint FILE... | fields */
#include "certsweep/buf.h"
#include "certsweep/cert.h"
#include "certsweep/der.h"
#include "certsweep/expr.h"
#include "certsweep/lint.h"
#include "certsweep/output.h"
#include "cli.h"

#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *severity_word(const struct sweep_lint *l)
{
	return sweep_result_name(sweep_lint_severity(l));
}

/* ,"key":["a","b"] from a space-separated list (an empty array for NULL). */
static void json_names(struct sweep_buf *b, const char *key, const char *names)
{
	int first = 1;

	sweep_buf_printf(b, ",\"%s\":[", key);
	for (const char *p = names; p && *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			sweep_buf_puts(b, first ? "" : ",");
			sweep_json_str(b, name);
			first = 0;
		}
		p += n + (p[n] == ' ');
	}
	sweep_buf_puts(b, "]");
}

int cmd_lints(int argc, char **argv)
{
	int json = 0;
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			printf("Usage: certsweep lints [--json]\nList every lint: name, severity, source, "
			       "citation, effective date.\n");
			return EXIT_CLEAN;
		} else {
			return cli_usage_error("lints: unexpected argument \"%s\"", argv[i]);
		}
	}
	if (!json)
		printf("%-48s %-8s %-9s %-10s %s\n", "NAME", "SEVERITY", "SOURCE", "EFFECTIVE", "CITATION");
	for (size_t i = 0; i < n; i++) {
		const struct sweep_lint *l = &reg[i];
		char eff[16], ineff[16];
		sweep_yyyymmdd_text(l->effective, eff);
		if (!json) {
			printf("%-48s %-8s %-9s %-10s %s\n", l->name, severity_word(l), l->source, eff, l->citation);
			continue;
		}
		struct sweep_buf b = SWEEP_BUF_INIT;
		sweep_buf_puts(&b, "{\"name\":");
		sweep_json_str(&b, l->name);
		sweep_buf_printf(&b, ",\"severity\":\"%s\",\"source\":", severity_word(l));
		sweep_json_str(&b, l->source);
		sweep_buf_puts(&b, ",\"citation\":");
		sweep_json_str(&b, l->citation);
		sweep_buf_printf(&b, ",\"effective\":\"%s\"", eff);
		if (l->ineffective) {
			sweep_yyyymmdd_text(l->ineffective, ineff);
			sweep_buf_printf(&b, ",\"ineffective\":\"%s\"", ineff);
		}
		json_names(&b, "zlint", l->zlint);
		json_names(&b, "pkilint", l->pkilint);
		sweep_buf_puts(&b, ",\"description\":");
		sweep_json_str(&b, l->description);
		sweep_buf_puts(&b, "}\n");
		fputs(sweep_buf_str(&b), stdout);
		sweep_buf_release(&b);
	}
	return EXIT_CLEAN;
}

int cmd_fields(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error("fields takes no arguments");
	sweep_expr_fields_print(stdout);
	return EXIT_CLEAN;
}

struct lint_cli {
	const struct sweep_lint **lints;
	size_t n_lints;
	int json;
	int fail_on;
	int64_t as_of;
	int as_of_now;
	int worst;
};

static void lint_one(struct lint_cli *c, const char *label, const unsigned char *der, size_t len)
{
	struct sweep_cert cert;
	struct sweep_error err = { 0, "" };
	struct sweep_buf out = SWEEP_BUF_INIT, details = SWEEP_BUF_INIT;

	sweep_cert_init(&cert);
	if (sweep_cert_decode(&cert, der, len, &err)) {
		if (c->json) {
			sweep_buf_puts(&out, "{\"file\":");
			sweep_json_str(&out, label);
			sweep_buf_puts(&out, ",\"error\":");
			sweep_json_str(&out, err.msg);
			sweep_buf_puts(&out, "}\n");
			fputs(sweep_buf_str(&out), stdout);
		} else {
			printf("%s: does not decode: %s\n", label, err.msg);
		}
		if (c->worst < SWEEP_R_FATAL)
			c->worst = SWEEP_R_FATAL;
		goto done;
	}
	int64_t as_of = c->as_of_now ? time(NULL) : c->as_of ? c->as_of : cert.not_before;
	if (c->json) {
		/* zlint's shape: {"lint_name": {"result": "...", "details": "..."}} */
		sweep_buf_puts(&out, "{");
	} else {
		printf("%s\n", label);
	}
	for (size_t i = 0; i < c->n_lints; i++) {
		sweep_buf_reset(&details);
		enum sweep_result r = sweep_lint_run(c->lints[i], &cert, NULL, as_of, &details);
		if ((int)r > c->worst)
			c->worst = (int)r;
		if (c->json) {
			if (i)
				sweep_buf_putc(&out, ',');
			sweep_json_str(&out, c->lints[i]->name);
			sweep_buf_printf(&out, ":{\"result\":\"%s\"", sweep_result_name(r));
			if (details.len) {
				sweep_buf_puts(&out, ",\"details\":");
				sweep_json_str(&out, sweep_buf_str(&details));
			}
			sweep_buf_putc(&out, '}');
		} else if (r >= SWEEP_R_NOTICE) {
			printf("  %-7s %-48s %s\n", sweep_result_name(r), c->lints[i]->name, sweep_buf_str(&details));
		}
	}
	if (c->json) {
		sweep_buf_puts(&out, "}\n");
		fputs(sweep_buf_str(&out), stdout);
	}
done:
	sweep_buf_release(&out);
	sweep_buf_release(&details);
	sweep_cert_release(&cert);
}

/* Every certificate in a file: PEM blocks, or the whole file as DER. */
static int lint_file(struct lint_cli *c, const char *path)
{
	unsigned char *data;
	size_t len;

	struct sweep_buf b = SWEEP_BUF_INIT;
	struct sweep_error err = { 0, "" };
	if (sweep_file_read(path, &b, &err)) {
		sweep_buf_release(&b);
		cli_error("%s", err.msg);
		return -1;
	}
	len = b.len;
	data = (unsigned char *)sweep_buf_detach(&b);
	if (len > 0 && data[0] == 0x30) {
		lint_one(c, path, data, len);
		free(data);
		return 0;
	}
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long dlen = 0;
	int count = 0;
	while (bio && PEM_read_bio(bio, &name, &header, &der, &dlen) == 1) {
		if (strcmp(name, "CERTIFICATE") == 0 || strcmp(name, "X509 CERTIFICATE") == 0) {
			char label[4096];
			snprintf(label, sizeof(label), count ? "%s#%d" : "%s", path, count);
			lint_one(c, label, der, (size_t)dlen);
			count++;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	BIO_free(bio);
	free(data);
	if (count == 0) {
		cli_error("%s: no certificate found (expected PEM or DER)", path);
		return -1;
	}
	return 0;
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lint", required_argument, NULL, 'l' },  { "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'F' }, { "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'H' },          { NULL, 0, NULL, 0 },
	};
	struct lint_cli c = { .json = 1, .fail_on = SWEEP_R_ERROR };
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	int opt, rc = EXIT_CLEAN, io_fail = 0;

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
					free(c.lints);
					cli_error("out of memory");
					return EXIT_DB_IO;
				}
				c.lints = p;
				c.lints[c.n_lints++] = &reg[i];
				any = 1;
			}
			if (!any) {
				free(c.lints);
				return cli_usage_error("--lint: no lint matches \"%s\"", optarg);
			}
			break;
		}
		case 'f':
			if (strcmp(optarg, "json") == 0)
				c.json = 1;
			else if (strcmp(optarg, "text") == 0)
				c.json = 0;
			else {
				free(c.lints);
				return cli_usage_error("--format: want json or text");
			}
			break;
		case 'F':
			c.fail_on = sweep_result_parse(optarg);
			if (c.fail_on < SWEEP_R_NOTICE) {
				free(c.lints);
				return cli_usage_error("--fail-on: want notice, warn, error or fatal");
			}
			break;
		case 'a':
			if (strcmp(optarg, "now") == 0) {
				c.as_of_now = 1;
			} else if (strcmp(optarg, "issued") != 0 && sweep_time_parse(optarg, &c.as_of)) {
				free(c.lints);
				return cli_usage_error("--as-of: want issued, now or a DATE");
			}
			break;
		case 'H':
			printf("Usage: certsweep lint [--lint NAME|GLOB]... [--format json|text] [--fail-on SEVERITY]\n"
			       "                      [--as-of issued|now|DATE] FILE...\n"
			       "Lint PEM or DER certificates. JSON output has zlint's shape, one object per "
			       "certificate.\nExit 1 when a result reaches --fail-on (default error).\n");
			free(c.lints);
			return EXIT_CLEAN;
		default:
			free(c.lints);
			fputs("Try \"certsweep --help\" for more information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		free(c.lints);
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
	for (int i = optind; i < argc; i++)
		if (lint_file(&c, argv[i]))
			io_fail = 1;
	free(c.lints);
	if (io_fail)
		rc = EXIT_DB_IO;
	else if (c.worst >= c.fail_on)
		rc = EXIT_FINDINGS;
	return rc;
}
