/* certsweep audit: one option table drives getopt_long, --help, the man
 * page section (--help=man) and the rerun command line in impact.md (git's
 * parse-options, curl's option table). */
#include "certsweep/audit.h"
#include "certsweep/buf.h"
#include "certsweep/corpus.h"
#include "certsweep/crl.h"
#include "certsweep/date.h"
#include "certsweep/der.h"
#include "certsweep/expr.h"
#include "certsweep/lint.h"
#include "certsweep/output.h"
#include "certsweep/parallel.h"
#include "certsweep/state.h"
#include "cli.h"
#include "progress.h"

#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* The sources, as a mask: which accept an option. */
enum {
	SRC_CRTSH = 1,
	SRC_EJBCA = 2,
	SRC_QUERY = 4,
	SRC_FILES = 8,
	SRC_PG = SRC_CRTSH | SRC_EJBCA | SRC_QUERY,
	SRC_ANY = SRC_PG | SRC_FILES,
};

struct cli_date {
	int given;
	int64_t t;
};

struct audit_cli {
	struct sweep_pg_params pg;
	const char *schema, *query_file, *out_dir, *as_of, *where_file, *source_label, *delayed, *plan_file;
	struct sweep_plan_entry *plan;
	size_t n_plan;
	int64_t *issuers;
	size_t n_issuers;
	const struct sweep_lint **lints;
	size_t n_lints;
	struct sweep_joi_rule *joi;
	size_t n_joi;
	const char **ev_oids; /* --ev-oid, borrowed from argv */
	size_t n_ev_oids;
	char *where_text;
	struct sweep_expr *where;
	struct sweep_buf selection;
	int fail_on;
	int progress;
	char *query_sql;
	const char **files;
	size_t n_files;
	const char **crls;
	size_t n_crls;
	struct sweep_crlset *crlset;
	long page_size, jobs, connections, checkpoint_rows, retries, throttle_ms;
	size_t memory_limit; /* --memory-limit bytes; 0: none */
	int resume, csv_safe, force, no_snapshot, allow_privileged, id_order;
	unsigned extra_columns;
	int shard_k, shard_n;
	int all_lints; /* --all-lints given: the corpus checks join */
	struct cli_date nb_from, nb_to, planned, now;
	unsigned file_mode;
};

struct audit_opt;
/* 0, or -1 after a usage message, or -2 out of memory. */
typedef int (*opt_set_fn)(struct audit_cli *c, const struct audit_opt *opt, const char *arg);
/* Append this option's part of the rerun command line. */
typedef void (*opt_rerun_fn)(const struct audit_cli *c, struct sweep_buf *b);

enum opt_type { OPT_SECTION, OPT_FLAG, OPT_STR, OPT_LONG, OPT_DATE, OPT_CUSTOM };

/* One row per option. */
struct audit_opt {
	const char *name;   /* long name; for OPT_SECTION the section title */
	int short_name;     /* 0: none */
	enum opt_type type;
	const char *metavar; /* argument in --help; NULL: none */
	size_t off;          /* target field in struct audit_cli (FLAG: int, STR: const char *, LONG: long, DATE) */
	long min, max;       /* LONG: range; FLAG: the value stored (min) */
	unsigned sources;    /* which sources accept it */
	opt_set_fn set;      /* OPT_CUSTOM */
	opt_rerun_fn rerun;  /* enters the reproducible command line; NULL: not */
	const char *help;    /* '\n' continues on the next line */
};

#define F(field) offsetof(struct audit_cli, field)
static int push_str(const char ***arr, size_t *n, const char *s)
{
	const char **p = realloc(*arr, (*n + 1) * sizeof(*p));
	if (!p)
		return -1;
	*arr = p;
	p[(*n)++] = s;
	return 0;
}

static char *slurp_text(const char *path)
{
	struct sweep_buf b = SWEEP_BUF_INIT;
	struct sweep_error err = { 0, "" };

	if (sweep_file_read(path, &b, &err)) {
		sweep_buf_release(&b);
		return NULL;
	}
	return sweep_buf_detach(&b);
}

static int add_lint(struct audit_cli *c, const struct sweep_lint *l)
{
	for (size_t i = 0; i < c->n_lints; i++)
		if (c->lints[i] == l)
			return 0;
	const struct sweep_lint **p = realloc(c->lints, (c->n_lints + 1) * sizeof(*p));
	if (!p)
		return -1;
	c->lints = p;
	c->lints[c->n_lints++] = l;
	return 0;
}

/* --lint NAME|GLOB, --source SRC, --all-lints. Returns how many matched, -1 on OOM. */
static int select_lints(struct audit_cli *c, const char *pattern, int by_source)
{
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);
	int matched = 0;

	for (size_t i = 0; i < n; i++) {
		int hit = !pattern ? 1
			  : by_source ? strcasecmp(reg[i].source, pattern) == 0
				      : fnmatch(pattern, reg[i].name, 0) == 0;
		/* --source never names a corpus check; --all-lints adds them after
		 * the options are read (select_corpus_checks) */
		if (!hit || (sweep_corpus_is_check(&reg[i]) && (!pattern || by_source)))
			continue;
		if (add_lint(c, &reg[i]))
			return -1;
		matched++;
	}
	return matched;
}

/* --all-lints includes the corpus checks (c_*); in a shard they are
 * gathered and left to merge (which decides them over every shard). */
static int select_corpus_checks(struct audit_cli *c)
{
	size_t n;
	const struct sweep_lint *reg = sweep_lint_registry(&n);

	for (size_t i = 0; i < n; i++) {
		if (!sweep_corpus_is_check(&reg[i]))
			continue;
		if (c->n_files && !c->n_crls && sweep_corpus_needs_revocations(&reg[i])) {
			fprintf(stderr, "certsweep: --all-lints leaves out %s: certificate files carry no revocation "
					"reasons (give the CA's CRLs with --crl)\n", reg[i].name);
			continue;
		}
		if (add_lint(c, &reg[i]))
			return -1;
	}
	return 0;
}

static int parse_joi(struct audit_cli *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	enum sweep_joi_level level;

	if (!eq || eq - arg != 2)
		return -1;
	if (strcmp(eq + 1, "country") == 0)
		level = SWEEP_JOI_COUNTRY;
	else if (strcmp(eq + 1, "state") == 0)
		level = SWEEP_JOI_STATE;
	else if (strcmp(eq + 1, "locality") == 0)
		level = SWEEP_JOI_LOCALITY;
	else
		return -1;
	struct sweep_joi_rule *p = realloc(c->joi, (c->n_joi + 1) * sizeof(*p));
	if (!p)
		return -1;
	c->joi = p;
	p[c->n_joi].country[0] = (char)(arg[0] & ~0x20); /* upper-case ASCII letter */
	p[c->n_joi].country[1] = (char)(arg[1] & ~0x20);
	p[c->n_joi].country[2] = '\0';
	p[c->n_joi].level = level;
	c->n_joi++;
	return 0;
}

static void shell_quote(struct sweep_buf *b, const char *s)
{
	sweep_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sweep_buf_puts(b, "'\\''");
		else
			sweep_buf_putc(b, *s);
	}
	sweep_buf_putc(b, '\'');
}

static int set_push_file(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	(void)opt;
	return push_str(&c->files, &c->n_files, arg) ? -2 : 0;
}

static int set_push_crl(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	(void)opt;
	return push_str(&c->crls, &c->n_crls, arg) ? -2 : 0;
}

static int set_shard(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	int k, n;
	char extra;

	if (sscanf(arg, "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || n > 100000 || k < 1 || k > n) {
		cli_audit_usage_error("--%s: want K/N with 1 <= K <= N, got \"%s\"", opt->name, arg);
		return -1;
	}
	c->shard_k = k;
	c->shard_n = n;
	return 0;
}

static int set_issuer(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	long v;

	if (cli_parse_long(arg, -2147483647L - 1, 2147483647L, &v)) {
		cli_audit_usage_error("--%s: \"%s\" is not a 32-bit integer", opt->name, arg);
		return -1;
	}
	int64_t *p = realloc(c->issuers, (c->n_issuers + 1) * sizeof(*p));
	if (!p)
		return -2;
	c->issuers = p;
	c->issuers[c->n_issuers++] = v;
	return 0;
}

static int set_lint(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	int by_source = strcmp(opt->name, "source") == 0, all = strcmp(opt->name, "all-lints") == 0;
	int m = select_lints(c, all ? NULL : arg, by_source);

	if (all)
		c->all_lints = 1;

	if (m < 0)
		return -2;
	if (m == 0 && !all) {
		if (by_source)
			cli_audit_usage_error("--source: no lint has source \"%s\"", arg);
		else
			cli_audit_usage_error("--lint: no lint matches \"%s\" (see certsweep lints)", arg);
		return -1;
	}
	return 0;
}

static int set_where(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	(void)opt;
	free(c->where_text);
	c->where_text = strdup(arg);
	return c->where_text ? 0 : -2;
}

static int set_joi(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	if (parse_joi(c, arg) == 0)
		return 0;
	cli_audit_usage_error("--%s: want CC=country|state|locality, got \"%s\"", opt->name, arg);
	return -1;
}

/* A dotted OID: at least two arcs of digits, no empty arc. */
static int dotted_oid(const char *s)
{
	int arcs = 0;

	while (*s) {
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
		arcs++;
		if (*s == '.' && s[1])
			s++;
		else if (*s)
			return 0;
	}
	return arcs >= 2;
}

static int set_ev_oid(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	if (!dotted_oid(arg)) {
		cli_audit_usage_error("--%s: want a dotted OID such as 2.16.840.1.114412.2.1, got \"%s\"", opt->name, arg);
		return -1;
	}
	if (push_str(&c->ev_oids, &c->n_ev_oids, arg)) {
		cli_audit_usage_error("out of memory");
		return -1;
	}
	return 0;
}

static int set_fail_on(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	c->fail_on = sweep_result_parse(arg);
	if (c->fail_on >= SWEEP_R_NOTICE)
		return 0;
	cli_audit_usage_error("--%s: want notice, warn, error or fatal, got \"%s\"", opt->name, arg);
	return -1;
}

/* --memory-limit SIZE: bytes, or with a K, M or G suffix (binary); 0 or "none": no limit. */
static int set_memory_limit(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	char *end;
	unsigned long long v;

	if (strcmp(arg, "none") == 0) {
		c->memory_limit = 0;
		return 0;
	}
	errno = 0;
	v = strtoull(arg, &end, 10);
	unsigned shift = 0;
	if (end != arg && *end && !end[1])
		shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 : *end == 'G' || *end == 'g' ? 30 : 99;
	else if (end != arg && *end)
		shift = 99;
	if (end == arg || arg[0] == '-' || errno || shift == 99 || (shift && v > (SIZE_MAX >> shift))) {
		cli_audit_usage_error("--%s: want a size such as 256M, 2G or 0 (no limit), got \"%s\"", opt->name, arg);
		return -1;
	}
	c->memory_limit = (size_t)v << shift;
	return 0;
}

static int set_mode(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	char *end;
	unsigned long m = strtoul(arg, &end, 8);

	/* the owner must be able to read and write what it publishes */
	if (end == arg || *end || m > 0777 || (m & 0600) != 0600) {
		cli_audit_usage_error("--%s: want an octal mode from 0600 to 0777, got \"%s\"", opt->name, arg);
		return -1;
	}
	c->file_mode = (unsigned)m;
	return 0;
}

static int set_extra_columns(struct audit_cli *c, const struct audit_opt *opt, const char *arg)
{
	const char *bad;
	size_t bad_len;
	struct sweep_buf known = SWEEP_BUF_INIT;

	if (sweep_extra_columns_parse(&c->extra_columns, arg, &bad, &bad_len) == 0)
		return 0;
	for (size_t i = 0; i < sweep_n_extra_columns; i++)
		sweep_buf_printf(&known, "%s%s", i ? ", " : "", sweep_extra_columns[i].name);
	cli_audit_usage_error("--%s: unknown column \"%.*s\" (known: %s)", opt->name, (int)bad_len, bad,
			      sweep_buf_str(&known));
	sweep_buf_release(&known);
	return -1;
}

/* ---- the reproducible command line, piece by piece ---- */

static void rerun_schema(const struct audit_cli *c, struct sweep_buf *b)
{
	if (!c->query_file && !c->n_files)
		sweep_buf_printf(b, " --schema %s", c->schema);
}

static void rerun_query(const struct audit_cli *c, struct sweep_buf *b)
{
	if (!c->query_file)
		return;
	sweep_buf_puts(b, " --query ");
	shell_quote(b, c->query_file);
}

static void rerun_files(const struct audit_cli *c, struct sweep_buf *b)
{
	for (size_t i = 0; i < c->n_files; i++) {
		sweep_buf_puts(b, " --files ");
		shell_quote(b, c->files[i]);
	}
}

static void rerun_crl(const struct audit_cli *c, struct sweep_buf *b)
{
	for (size_t i = 0; i < c->n_crls; i++) {
		sweep_buf_puts(b, " --crl ");
		shell_quote(b, c->crls[i]);
	}
}

static void rerun_issuer(const struct audit_cli *c, struct sweep_buf *b)
{
	for (size_t i = 0; i < c->n_issuers; i++)
		sweep_buf_printf(b, " --issuer-ca-id %lld", (long long)c->issuers[i]);
}

static void rerun_date(struct sweep_buf *b, const char *name, const struct cli_date *d)
{
	char t[21];

	if (!d->given)
		return;
	sweep_time_iso(d->t, t);
	sweep_buf_printf(b, " --%s %s", name, t);
}

static void rerun_nb_from(const struct audit_cli *c, struct sweep_buf *b)
{
	rerun_date(b, "not-before-from", &c->nb_from);
}

static void rerun_nb_to(const struct audit_cli *c, struct sweep_buf *b)
{
	rerun_date(b, "not-before-to", &c->nb_to);
}

/* --lint, --source and --all-lints rerun as the lints they selected. */
static void rerun_lints(const struct audit_cli *c, struct sweep_buf *b)
{
	for (size_t i = 0; i < c->n_lints; i++)
		sweep_buf_printf(b, " --lint %s", c->lints[i]->name);
}

static void rerun_joi(const struct audit_cli *c, struct sweep_buf *b)
{
	static const char *const level[] = { [SWEEP_JOI_COUNTRY] = "country", [SWEEP_JOI_STATE] = "state",
					     [SWEEP_JOI_LOCALITY] = "locality" };
	for (size_t i = 0; i < c->n_joi; i++)
		sweep_buf_printf(b, " --joi-level %s=%s", c->joi[i].country, level[c->joi[i].level]);
}

static void rerun_ev_oid(const struct audit_cli *c, struct sweep_buf *b)
{
	for (size_t i = 0; i < c->n_ev_oids; i++)
		sweep_buf_printf(b, " --ev-oid %s", c->ev_oids[i]);
}

static void rerun_as_of(const struct audit_cli *c, struct sweep_buf *b)
{
	if (c->as_of)
		sweep_buf_printf(b, " --as-of %s", c->as_of);
}

static void rerun_extra_columns(const struct audit_cli *c, struct sweep_buf *b)
{
	const char *sep = " --extra-columns ";

	for (size_t i = 0; i < sweep_n_extra_columns; i++) {
		if (c->extra_columns & sweep_extra_columns[i].bit) {
			sweep_buf_printf(b, "%s%s", sep, sweep_extra_columns[i].name);
			sep = ",";
		}
	}
}

/* --where and --where-file rerun as the expression itself. */
static void rerun_where(const struct audit_cli *c, struct sweep_buf *b)
{
	if (!c->where_text)
		return;
	sweep_buf_puts(b, " --where ");
	shell_quote(b, c->where_text);
}

#define SECTION(title) { title, 0, OPT_SECTION, NULL, 0, 0, 0, 0, NULL, NULL, NULL }

static const struct audit_opt options[] = {
	SECTION("Connection options (as pg_dump; PG* variables, .pgpass and service files apply)"),
	{ "dbname", 'd', OPT_STR, "CONNSTR", F(pg.dbname), 0, 0, SRC_PG, NULL, NULL,
	  "database name, conninfo string, URI or service=NAME" },
	{ "host", 'h', OPT_STR, "HOSTNAME", F(pg.host), 0, 0, SRC_PG, NULL, NULL,
	  "database server host or socket directory" },
	{ "port", 'p', OPT_STR, "PORT", F(pg.port), 0, 0, SRC_PG, NULL, NULL, "database server port" },
	{ "username", 'U', OPT_STR, "NAME", F(pg.user), 0, 0, SRC_PG, NULL, NULL, "connect as specified database user" },
	{ "no-password", 'w', OPT_FLAG, NULL, F(pg.no_password), 1, 0, SRC_PG, NULL, NULL, "never prompt for password" },
	{ "password", 'W', OPT_FLAG, NULL, F(pg.prompt_password), 1, 0, SRC_PG, NULL, NULL, "force password prompt" },
	{ "no-snapshot", 0, OPT_FLAG, NULL, F(no_snapshot), 1, 0, SRC_PG, NULL, NULL,
	  "autocommit, one self-contained query per page (for statement\npooling); with --connections, plain id ranges" },
	{ "allow-privileged-role", 0, OPT_FLAG, NULL, F(allow_privileged), 1, 0, SRC_PG, NULL, NULL,
	  "accept a superuser or a role that can write (READ ONLY does not\nstop dblink, lo_export or pg_file_write)" },

	SECTION("Source (one of)"),
	{ "schema", 0, OPT_STR, "crtsh|ejbca", F(schema), 0, 0, SRC_PG, NULL, rerun_schema,
	  "crt.sh tables certificate, ca, crl_revoked (default), or\nEJBCA CertificateData (+ Base64CertData)" },
	{ "query", 0, OPT_STR, "FILE", F(query_file), 0, 0, SRC_QUERY, NULL, rerun_query,
	  "your SQL returning id, der [, revoked_at, revocation_reason];\n$1 = last id of the previous page (NULL first), $2 = page size" },
	{ "files", 0, OPT_CUSTOM, "PATH", 0, 0, 0, SRC_FILES, set_push_file, rerun_files,
	  "PEM bundles, DER files, directories (recursive); repeatable,\nno database needed" },
	{ "crl", 0, OPT_CUSTOM, "FILE", 0, 0, 0, SRC_ANY, set_push_crl, rerun_crl,
	  "DER or PEM CRL: revocation by issuer name + serial; repeatable.\nWhere the store disagrees, revocation-conflicts.csv says so" },
	{ "issuer-ca-id", 0, OPT_CUSTOM, "ID", 0, 0, 0, SRC_CRTSH, set_issuer, rerun_issuer,
	  "only this issuer (crt.sh ca.id); repeatable" },
	{ "not-before-from", 0, OPT_DATE, "DATE", F(nb_from), 0, 0, SRC_ANY, NULL, rerun_nb_from,
	  "only certificates with notBefore >= DATE" },
	{ "not-before-to", 0, OPT_DATE, "DATE", F(nb_to), 0, 0, SRC_ANY, NULL, rerun_nb_to,
	  "only certificates with notBefore <  DATE" },

	SECTION("Selection (a serial is affected when it matches --where and fails a selected lint)"),
	{ "lint", 0, OPT_CUSTOM, "NAME|GLOB", 0, 0, 0, SRC_ANY, set_lint, rerun_lints,
	  "run this lint; repeatable (see certsweep lints)" },
	{ "source", 0, OPT_CUSTOM, "SRC", 0, 0, 0, SRC_ANY, set_lint, NULL, "run every lint of a source (BR, EV, RFC5280, ...)" },
	{ "all-lints", 0, OPT_CUSTOM, NULL, 0, 0, 0, SRC_ANY, set_lint, NULL, "run every lint" },
	{ "joi-level", 0, OPT_CUSTOM, "CC=LEVEL", 0, 0, 0, SRC_ANY, set_joi, rerun_joi,
	  "registration level of country CC: country|state|locality" },
	{ "ev-oid", 0, OPT_CUSTOM, "OID", 0, 0, 0, SRC_ANY, set_ev_oid, rerun_ev_oid,
	  "a CA-specific EV policy OID (EVG 9.3.2): certificates asserting\nit are EV for lints, --where type and impact.md; repeatable" },
	{ "as-of", 0, OPT_STR, "issued|now|DATE", F(as_of), 0, 0, SRC_ANY, NULL, rerun_as_of,
	  "date that decides lint effectiveness (default issued)" },
	{ "where", 0, OPT_CUSTOM, "EXPR", 0, 0, 0, SRC_ANY, set_where, rerun_where,
	  "incident heuristic expression (see certsweep fields); 'lint c_X\nfails' (a corpus check) runs c_X over the whole selection\nfirst (in each shard with --shard)" },
	{ "where-file", 0, OPT_STR, "FILE", F(where_file), 0, 0, SRC_ANY, NULL, NULL,
	  "read the expression from FILE ('#' starts a comment)" },

	SECTION("Scale"),
	{ "page-size", 0, OPT_LONG, "N", F(page_size), 1, 1000000, SRC_PG, NULL, NULL,
	  "rows per keyset page (default 1000)" },
	{ "jobs", 'j', OPT_LONG, "N", F(jobs), 1, 256, SRC_ANY, NULL, NULL,
	  "N threads decoding and linting, fed by a bounded queue;\noutput order is unchanged (default 1)" },
	{ "connections", 0, OPT_LONG, "M", F(connections), 1, 64, SRC_CRTSH, NULL, NULL,
	  "M readers, each its own connection over one id range of one\nexported snapshot, folded exactly (default 1). The server sees\nM+1 connections while the readers start, then M" },
	{ "memory-limit", 0, OPT_CUSTOM, "SIZE", 0, 0, 0, SRC_ANY, set_memory_limit, NULL,
	  "keep the audit near SIZE of memory (default 256M; K, M, G;\n0: none): past its share the affected set is written to\nsorted runs in $TMPDIR and merged for the outputs, which\nare the same" },
	{ "shard", 0, OPT_CUSTOM, "K/N", 0, 0, 0, SRC_CRTSH, set_shard, NULL,
	  "only the Kth of N equal id ranges; combine the N output\ndirectories with certsweep merge" },
	{ "snapshot", 0, OPT_STR, "NAME", F(pg.snapshot), 0, 0, SRC_PG, NULL, NULL,
	  "read the snapshot a pg_export_snapshot() exported, so all\nshards see one state of the database" },

	SECTION("Output"),
	{ "out-dir", 'o', OPT_STR, "DIR", F(out_dir), 0, 0, SRC_ANY, NULL, NULL,
	  "write affected.csv, crtsh-links.txt, impact.md, report.html,\nfindings.jsonl, unparseable.csv, audit.state here" },
	{ "source-label", 0, OPT_STR, "TEXT", F(source_label), 0, 0, SRC_ANY, NULL, NULL,
	  "name the source so in impact.md and report.html (default: the\nsource's own description)" },
	{ "planned-revocation", 0, OPT_DATE, "DATE", F(planned), 0, 0, SRC_ANY, NULL, NULL,
	  "'Planned' with this date for still-valid certificates" },
	{ "delayed-revocation", 0, OPT_STR, "REASON", F(delayed), 0, 0, SRC_ANY, NULL, NULL,
	  "'Delayed' for still-valid certificates (with the\n--planned-revocation date when given); REASON goes to impact.md" },
	{ "revocation-plan", 0, OPT_STR, "FILE", F(plan_file), 0, 0, SRC_ANY, NULL, NULL,
	  "per-serial plan: lines SERIAL,Planned|Delayed[,DATE] (hex serial\nas in affected.csv); overrides the two options above" },
	{ "now", 0, OPT_DATE, "DATE", F(now), 0, 0, SRC_ANY, NULL, NULL,
	  "judge expiry at DATE instead of the clock (reproducible)" },
	{ "extra-columns", 0, OPT_CUSTOM, "NAME[,NAME]", 0, 0, 0, SRC_ANY, set_extra_columns, rerun_extra_columns,
	  "extra affected.csv columns, right of \"Revocation reason\" (the\nonly place CCADB allows them): tbs_sha256, the SHA-256 of the\nTBSCertificate without poison and SCT list, which a\nprecertificate shares with its final certificate" },
	{ "csv-safe", 0, OPT_FLAG, NULL, F(csv_safe), 1, 0, SRC_ANY, NULL, NULL,
	  "prefix cells starting with = + - @ with ' for spreadsheets" },
	{ "mode", 0, OPT_CUSTOM, "MODE", 0, 0, 0, SRC_ANY, set_mode, NULL,
	  "permissions of the files written (octal, default 0600; the\ndirectory, when created, gets search bits: 0700)" },
	{ "force", 0, OPT_FLAG, NULL, F(force), 1, 0, SRC_ANY, NULL, NULL,
	  "replace the finished (or interrupted) audit in --out-dir" },
	{ "fail-on", 0, OPT_CUSTOM, "SEVERITY", 0, 0, 0, SRC_ANY, set_fail_on, NULL,
	  "exit 1 if any finding reaches notice|warn|error|fatal" },
	{ "progress", 0, OPT_FLAG, NULL, F(progress), CLI_PROGRESS_ALWAYS, 0, SRC_ANY, NULL, NULL,
	  "progress on stderr (default: only when stderr is a tty)" },
	{ "no-progress", 0, OPT_FLAG, NULL, F(progress), CLI_PROGRESS_NEVER, 0, SRC_ANY, NULL, NULL, "no progress" },

	SECTION("Reliability (crtsh)"),
	{ "resume", 0, OPT_FLAG, NULL, F(resume), 1, 0, SRC_CRTSH, NULL, NULL,
	  "continue the interrupted audit in --out-dir (same options)" },
	{ "checkpoint-rows", 0, OPT_LONG, "N", F(checkpoint_rows), 0, 1000000000L, SRC_CRTSH, NULL, NULL,
	  "write a checkpoint every N rows (default 100000); 0: none (an\ninterrupted audit still leaves one)" },
	{ "id-order", 0, OPT_FLAG, NULL, F(id_order), 1, 0, SRC_CRTSH, NULL, NULL,
	  "page by id even where crt.sh's (issuer_ca_id, notBefore) index\ncould serve --issuer-ca-id with a notBefore window (a mirror\nwith libx509pq's functions but not that index)" },
	{ "retries", 0, OPT_LONG, "N", F(retries), 0, 100, SRC_PG, NULL, NULL,
	  "reconnect N times after a lost connection (default 5;\nwaits 1, 2, 4 ... 30 s), then give up with exit 3" },
	{ "throttle-ms", 0, OPT_LONG, "N", F(throttle_ms), 0, 60000, SRC_PG, NULL, NULL,
	  "pause N ms between pages (be gentle with a shared server)" },
	{ "help", 0, OPT_CUSTOM, "[man]", 0, 0, 0, SRC_ANY, NULL, NULL,
	  "this help; --help=man prints the OPTIONS section of the man page" },
};

enum { N_OPTIONS = sizeof(options) / sizeof(options[0]) };

/* "  -d, --dbname=CONNSTR" */
static void opt_label(const struct audit_opt *o, struct sweep_buf *b)
{
	if (o->short_name)
		sweep_buf_printf(b, "  -%c, --%s", o->short_name, o->name);
	else
		sweep_buf_printf(b, "  --%s", o->name);
	if (o->metavar && strcmp(o->name, "help") == 0)
		sweep_buf_printf(b, "%s", "[=man]");
	else if (o->metavar)
		sweep_buf_printf(b, "=%s", o->metavar);
}

static void audit_help(void)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	printf("certsweep audit scans every certificate of a store (expired and revoked included)\n"
	       "inside one READ ONLY snapshot and writes the CCADB incident outputs.\n\n"
	       "Usage:\n  certsweep audit [OPTION]... --out-dir DIR\n");
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct audit_opt *o = &options[i];
		if (o->type == OPT_SECTION) {
			printf("\n%s:\n", o->name);
			continue;
		}
		sweep_buf_reset(&b);
		opt_label(o, &b);
		const char *h = o->help;
		if (b.len + 1 > 27)
			printf("%s\n%27s", sweep_buf_str(&b), "");
		else
			printf("%-27s", sweep_buf_str(&b));
		for (; *h; h++) {
			putchar(*h);
			if (*h == '\n')
				printf("%27s", "");
		}
		putchar('\n');
	}
	sweep_buf_release(&b);
	printf("\nDATE is YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC). Outputs are created 0600 in a\n"
	       "0700 directory unless --mode says otherwise; a finished --out-dir is refused\n"
	       "without --force.\n"
	       "Exit status: 0 done, 1 findings at or above --fail-on, 2 usage, 3 database or I/O,\n"
	       "4 interrupted by a signal: a checkpoint was written, rerun with --resume.\n");
}

/* Text as roff, starting a line: '-' is a hyphen to groff, options want \-
 * (a minus, which copies and searches as '-'); '\' is groff's escape
 * character; a leading '.' or '\'' would make the line a request. */
static void roff_text(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\n')
			putchar(' ');
		else if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

/* The OPTIONS section of certsweep(1), from the same table
 * (scripts/gen-man.sh splices it into docs/certsweep.1). */
static void audit_help_man(void)
{
	struct sweep_buf b = SWEEP_BUF_INIT;

	printf(".SH OPTIONS\n");
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct audit_opt *o = &options[i];
		if (o->type == OPT_SECTION) {
			fputs(".SS ", stdout);
			roff_text(o->name);
			putchar('\n');
			continue;
		}
		sweep_buf_reset(&b);
		opt_label(o, &b);
		fputs(".TP\n.B ", stdout);
		roff_text(sweep_buf_str(&b) + 2);
		putchar('\n');
		roff_text(o->help);
		putchar('\n');
	}
	sweep_buf_release(&b);
}

static int parse_date_opt(const char *opt, const char *arg, int64_t *out)
{
	if (sweep_date_parse(out, arg) == 0)
		return 0;
	cli_audit_usage_error("--%s: invalid date \"%s\" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", opt, arg);
	return -1;
}

/* Store one option's argument as its row says. */
static int opt_apply(struct audit_cli *c, const struct audit_opt *o, const char *arg)
{
	char *field = (char *)c + o->off;

	switch (o->type) {
	case OPT_FLAG:
		*(int *)(void *)field = (int)o->min;
		return 0;
	case OPT_STR:
		*(const char **)(void *)field = arg;
		return 0;
	case OPT_LONG:
		if (cli_parse_long(arg, o->min, o->max, (long *)(void *)field) == 0)
			return 0;
		cli_audit_usage_error("--%s: want %ld..%ld, got \"%s\"", o->name, o->min, o->max, arg);
		return -1;
	case OPT_DATE: {
		struct cli_date *d = (struct cli_date *)(void *)field;
		if (parse_date_opt(o->name, arg, &d->t))
			return -1;
		d->given = 1;
		return 0;
	}
	case OPT_CUSTOM:
		return o->set(c, o, arg);
	case OPT_SECTION:
		break;
	}
	return 0;
}

static int plan_order(const void *x, const void *y)
{
	return strcmp(((const struct sweep_plan_entry *)x)->serial, ((const struct sweep_plan_entry *)y)->serial);
}

/* One --revocation-plan line: SERIAL,Planned|Delayed[,DATE]. 0 or -1. */
static int plan_line(struct sweep_plan_entry *e, char *line)
{
	char *fields[3] = { NULL, NULL, NULL };
	size_t n = 0;

	for (char *p = line; p && n < 3; n++) {
		fields[n] = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
	}
	for (size_t i = 0; i < n; i++) {
		while (*fields[i] == ' ' || *fields[i] == '\t')
			fields[i]++;
		size_t l = strlen(fields[i]);
		while (l && (fields[i][l - 1] == ' ' || fields[i][l - 1] == '\t'))
			fields[i][--l] = '\0';
	}
	if (n < 2 || strlen(fields[0]) == 0 || strlen(fields[0]) > 128 || strlen(fields[0]) % 2)
		return -1;
	for (char *p = fields[0]; *p; p++) {
		if (!strchr("0123456789abcdefABCDEF", *p))
			return -1;
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	}
	if (strcasecmp(fields[1], "Planned") == 0)
		e->delayed = 0;
	else if (strcasecmp(fields[1], "Delayed") == 0)
		e->delayed = 1;
	else
		return -1;
	e->has_date = n == 3 && *fields[2];
	e->date = 0;
	if (e->has_date && sweep_time_parse(fields[2], &e->date) != 0)
		return -1;
	e->serial = strdup(fields[0]);
	return e->serial ? 0 : -1;
}

/* --revocation-plan FILE, sorted by serial. 0 or an exit code + 1. */
static int load_plan(struct audit_cli *c)
{
	FILE *fp = fopen(c->plan_file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long no = 0;
	int rc = 0;

	if (!fp) {
		cli_error("--revocation-plan: cannot read %s: %s", c->plan_file, strerror(errno));
		return EXIT_DB_IO + 1;
	}
	while (!rc && (len = getline(&line, &cap, fp)) > 0) {
		no++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#' || (no == 1 && strncasecmp(line, "serial", 6) == 0))
			continue;
		struct sweep_plan_entry *p = realloc(c->plan, (c->n_plan + 1) * sizeof(*p));
		if (!p) {
			rc = EXIT_DB_IO + 1;
			break;
		}
		c->plan = p;
		if (plan_line(&c->plan[c->n_plan], line) != 0) {
			cli_audit_usage_error("--revocation-plan: %s:%ld: want SERIAL,Planned|Delayed[,DATE] with a hex serial",
					      c->plan_file, no);
			rc = EXIT_USAGE + 1;
			break;
		}
		c->n_plan++;
	}
	free(line);
	fclose(fp);
	if (rc)
		return rc;
	if (c->n_plan)
		qsort(c->plan, c->n_plan, sizeof(*c->plan), plan_order);
	for (size_t i = 1; i < c->n_plan; i++) {
		if (strcmp(c->plan[i - 1].serial, c->plan[i].serial) == 0) {
			cli_audit_usage_error("--revocation-plan: serial %s is listed twice", c->plan[i].serial);
			return EXIT_USAGE + 1;
		}
	}
	return 0;
}

static void cli_release(struct audit_cli *c)
{
	for (size_t i = 0; i < c->n_plan; i++)
		free(c->plan[i].serial);
	free(c->plan);
	free(c->issuers);
	free(c->lints);
	free(c->joi);
	free(c->ev_oids);
	free(c->where_text);
	sweep_expr_free(c->where);
	free(c->query_sql);
	free(c->files);
	free(c->crls);
	sweep_crlset_free(c->crlset);
	sweep_buf_release(&c->selection);
}

static volatile sig_atomic_t interrupted;

/* SIGINT/SIGTERM: ask the scan to write a checkpoint and stop. */
static void on_signal(int sig)
{
	if (interrupted) {
		/* a second signal: the user means it (and sources that cannot checkpoint stop) */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	interrupted = 1;
}

/* The closing lines on stderr, and the exit code. */
static int summarize(const struct audit_cli *c, const struct sweep_audit_opts *o, const struct sweep_audit_result *res)
{
	size_t not_planned = 0;

	struct sweep_groups_it it;
	const struct sweep_group *g;
	sweep_result_groups(&it, res);
	while ((g = sweep_groups_next(&it)) != NULL)
		not_planned += sweep_group_status(g, o->now, o->has_planned || o->delayed_reason || o->n_plan) == SWEEP_REV_NO;
	sweep_groups_end(&it, NULL); /* (the outputs were read back already) */
	if (res->rev_conflicts)
		cli_warning("%zu affected serial(s) where the store and the CRLs disagree on revocation: "
			    "see revocation-conflicts.csv", res->rev_conflicts);
	if (res->stats.regex_stops)
		cli_warning("a --where regular expression hit PCRE2's match limit %llu time(s); those certificates "
			    "count as matches (over-listed, not hidden): check them by hand (see impact.md)",
			    (unsigned long long)res->stats.regex_stops);
	if (res->stats.has_count && res->stats.rows != res->stats.count)
		cli_warning("%llu rows read but count(*) says %llu (see impact.md)", (unsigned long long)res->stats.rows,
			    (unsigned long long)res->stats.count);
	if (not_planned)
		cli_warning("%zu affected serial(s) are still valid and not revoked; CCADB expects \"Planned\" "
			    "(give --planned-revocation DATE) or \"Delayed\" in \"Is revoked?\"",
			    not_planned);
	if (res->spills)
		fprintf(stderr, "certsweep: the affected set passed its share of --memory-limit: written to $TMPDIR "
				"in %zu run(s), merged for the outputs\n", res->spills);
	fprintf(stderr, "certsweep: %llu certificates read, %llu unparseable, %zu affected serial(s); outputs in %s\n",
		(unsigned long long)res->stats.rows, (unsigned long long)res->stats.unparseable, res->n_groups,
		c->out_dir);
	/* --fail-on: a lint finding at or above the severity; with --where alone,
	 * any affected serial counts as an error-level finding. */
	if (c->fail_on >= 0 && res->n_groups > 0 &&
	    (c->n_lints ? res->stats.worst >= c->fail_on : c->fail_on <= SWEEP_R_ERROR))
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

static unsigned source_kind(const struct audit_cli *c)
{
	if (c->n_files)
		return SRC_FILES;
	if (c->query_file)
		return SRC_QUERY;
	return strcmp(c->schema, "ejbca") == 0 ? SRC_EJBCA : SRC_CRTSH;
}

static const char *source_names(unsigned mask)
{
	switch (mask) {
	case SRC_CRTSH: return "--schema crtsh";
	case SRC_PG: return "database sources (not --files)";
	case SRC_QUERY: return "--query";
	case SRC_FILES: return "--files";
	default: return "other sources";
	}
}

/* Parse argv through the table. 0, or an exit code + 1 (to tell 0 apart). */
static int parse_args(struct audit_cli *c, int argc, char **argv, int *given)
{
	struct option longs[N_OPTIONS + 1];
	char shorts[64];
	size_t nl = 0, ns = 0;
	int opt, idx;

	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct audit_opt *o = &options[i];
		if (o->type == OPT_SECTION)
			continue;
		int has_arg = strcmp(o->name, "help") == 0 ? optional_argument
			      : o->metavar			 ? required_argument
								 : no_argument;
		/* getopt_long returns 1000 + the row for a long option */
		longs[nl++] = (struct option){ o->name, has_arg, NULL, 1000 + (int)i };
		if (o->short_name) {
			shorts[ns++] = (char)o->short_name;
			if (has_arg == required_argument)
				shorts[ns++] = ':';
		}
	}
	longs[nl] = (struct option){ NULL, 0, NULL, 0 };
	shorts[ns] = '\0';
	optind = 1;
	while ((opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		idx = -1;
		if (opt >= 1000) {
			idx = opt - 1000;
		} else {
			for (size_t i = 0; i < N_OPTIONS && idx < 0; i++)
				if (options[i].type != OPT_SECTION && options[i].short_name == opt)
					idx = (int)i;
		}
		if (idx < 0) {
			fputs("Try \"certsweep audit --help\" for more information.\n", stderr);
			return EXIT_USAGE + 1;
		}
		const struct audit_opt *o = &options[idx];
		if (strcmp(o->name, "help") == 0) {
			if (optarg && strcmp(optarg, "man") == 0)
				audit_help_man();
			else
				audit_help();
			return EXIT_CLEAN + 1;
		}
		int rc = opt_apply(c, o, optarg);
		if (rc == -2) {
			cli_error("out of memory");
			return EXIT_DB_IO + 1;
		}
		if (rc)
			return EXIT_USAGE + 1;
		given[idx] = 1;
	}
	/* Paths after --files are more files (certsweep audit --files a b c). */
	for (; optind < argc && c->n_files; optind++)
		if (push_str(&c->files, &c->n_files, argv[optind])) {
			cli_error("out of memory");
			return EXIT_DB_IO + 1;
		}
	if (optind < argc) {
		cli_audit_usage_error("unexpected argument \"%s\"", argv[optind]);
		return EXIT_USAGE + 1;
	}
	return 0;
}

static int given_count(const int *given, const char *name)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].type != OPT_SECTION && strcmp(options[i].name, name) == 0)
			return given[i];
	return 0;
}

/* --out-dir: refuse to overwrite a finished or interrupted audit unless
 * --force; with --resume, finish an interrupted publication first. Returns
 * 0 to go on, or an exit code + 1. */
static int check_out_dir(struct audit_cli *c, const struct sweep_outdir *d, struct sweep_audit_opts *o, int now_given)
{
	struct sweep_error err = { 0, "" };
	int interrupted_audit = sweep_outdir_has(d, "checkpoint.state") || sweep_outdir_has(d, "audit.state.partial");

	if (c->resume) {
		int rc = sweep_report_recover(d, &err);
		if (rc < 0) {
			cli_error("%s", err.msg);
			return cli_exit_code(rc) + 1;
		}
		if (rc == 1) {
			fprintf(stderr, "certsweep: %s: the audit had finished; its outputs are now published\n", c->out_dir);
			return EXIT_CLEAN + 1;
		}
		if (sweep_outdir_has(d, "audit.state")) {
			/* audit.state is renamed last: a checkpoint beside it is one a crash left */
			if (sweep_outdir_remove(d, "checkpoint.state", &err) ||
			    sweep_outdir_remove(d, SWEEP_STATE_JOURNAL ".partial", &err) || sweep_outdir_sync(d, &err)) {
				cli_error("%s", err.msg);
				return EXIT_DB_IO + 1;
			}
			fprintf(stderr, "certsweep: %s holds a complete audit; nothing to resume\n", c->out_dir);
			return EXIT_CLEAN + 1;
		}
		if (!sweep_outdir_has(d, "checkpoint.state")) {
			cli_audit_usage_error("--resume: no interrupted audit in %s", c->out_dir);
			return EXIT_USAGE + 1;
		}
		if (!now_given) {
			/* the clock of the first run decides expiry, so a resumed report is the same report */
			struct sweep_state st;
			if (sweep_state_read_at(&st, d, "checkpoint.state", &err) == 0) {
				o->now = st.opts.now;
				sweep_state_release(&st);
			}
		}
		return 0;
	}
	if (sweep_outdir_has(d, "audit.state") && !c->force) {
		cli_audit_usage_error("%s holds a finished audit; give --force to replace it, or use another directory",
				      c->out_dir);
		return EXIT_USAGE + 1;
	}
	if (interrupted_audit && !c->force) {
		cli_audit_usage_error("%s holds an interrupted audit: continue it with --resume, or use another directory "
				      "(or --force to start afresh)", c->out_dir);
		return EXIT_USAGE + 1;
	}
	/* --force: first make the directory no longer look finished or resumable */
	if (sweep_outdir_remove(d, "audit.state", &err) || sweep_outdir_remove(d, "checkpoint.state", &err) ||
	    sweep_outdir_remove(d, SWEEP_STATE_JOURNAL ".partial", &err) ||
	    sweep_outdir_remove(d, "audit.state.partial", &err) || sweep_outdir_sync(d, &err)) {
		cli_error("%s", err.msg);
		return EXIT_DB_IO + 1;
	}
	return 0;
}

/* Checks across options, once all are known. 0 or an exit code + 1. */
static int validate(struct audit_cli *c, const int *given)
{
	unsigned kind;

	if (given_count(given, "schema") + (c->query_file != NULL) + (c->n_files != 0) > 1) {
		cli_audit_usage_error("give one source: --schema, --query or --files");
		return EXIT_USAGE + 1;
	}
	if (strcmp(c->schema, "crtsh") != 0 && strcmp(c->schema, "ejbca") != 0) {
		cli_audit_usage_error("--schema: unknown schema \"%s\" (known: crtsh, ejbca)", c->schema);
		return EXIT_USAGE + 1;
	}
	kind = source_kind(c);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		if (given[i] && !(options[i].sources & kind)) {
			cli_audit_usage_error("--%s applies to %s only", options[i].name, source_names(options[i].sources));
			return EXIT_USAGE + 1;
		}
	}
	if (c->connections > 1 && c->shard_n) {
		cli_audit_usage_error("--connections applies to --schema crtsh without --shard");
		return EXIT_USAGE + 1;
	}
	if (c->connections > 1 && c->resume) {
		cli_audit_usage_error("--resume works per shard (--shard K/N), not with --connections");
		return EXIT_USAGE + 1;
	}
	if (!c->out_dir) {
		cli_audit_usage_error("--out-dir is required");
		return EXIT_USAGE + 1;
	}
	if (c->where_file) {
		if (c->where_text) {
			cli_audit_usage_error("give --where or --where-file, not both");
			return EXIT_USAGE + 1;
		}
		struct sweep_error ferr = { 0, "" };
		if (sweep_expr_read_file(&c->where_text, c->where_file, &ferr)) {
			cli_error("--where-file: %s", ferr.msg);
			return EXIT_DB_IO + 1;
		}
	}
	struct sweep_error err = { 0, "" };
	if (c->where_text && sweep_expr_parse(&c->where, c->where_text, &err)) {
		cli_audit_usage_error("--where: %s", err.msg);
		return EXIT_USAGE + 1;
	}
	if (c->all_lints && select_corpus_checks(c) < 0) {
		cli_error("out of memory");
		return EXIT_DB_IO + 1;
	}
	if (!c->where && c->n_lints == 0) {
		cli_audit_usage_error("select what to look for: --lint, --source, --all-lints and/or --where");
		return EXIT_USAGE + 1;
	}
	for (size_t i = 0; c->shard_n && c->n_crls && i < c->n_lints; i++)
		if (sweep_corpus_is_check(c->lints[i])) {
			/* merge decides the checks and joins revocation for what they
			 * add, but it is not given the CRLs */
			cli_audit_usage_error("%s with --shard and --crl: merge decides corpus checks but does not read "
					      "CRLs; run one audit (--jobs, --connections) or shard without --crl",
					      c->lints[i]->name);
			return EXIT_USAGE + 1;
		}
	return c->plan_file ? load_plan(c) : 0;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_cli c;
	struct sweep_audit_opts o;
	struct sweep_run_opts run;
	struct sweep_outdir d;
	struct sweep_error err = { 0, "" };
	struct cli_progress progress;
	int given[N_OPTIONS] = { 0 };
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	memset(&run, 0, sizeof(run));
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	/* first thing: a signal that arrives while the audit starts up is not lost (the
	 * scan checkpoints at its first row and exits 4) */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	c.schema = "crtsh";
	c.fail_on = -1;
	c.progress = CLI_PROGRESS_TTY;
	c.retries = 5;
	c.checkpoint_rows = 100000;
	c.memory_limit = (size_t)256 << 20;
	/* test hook CERTSWEEP_MEMORY_LIMIT=SIZE: another default, so that a whole
	 * test suite runs with the affected set spilling */
	const char *ml = getenv("CERTSWEEP_MEMORY_LIMIT");
	if (ml && *ml) {
		struct audit_opt hook = { 0 };
		hook.name = "memory-limit (CERTSWEEP_MEMORY_LIMIT)";
		if (set_memory_limit(&c, &hook, ml))
			return 2;
	}
	c.jobs = 1;
	c.connections = 1;
	c.file_mode = SWEEP_FILE_MODE_DEFAULT;
	rc = parse_args(&c, argc, argv, given);
	if (!rc)
		rc = validate(&c, given);
	if (rc) {
		cli_release(&c);
		return rc - 1;
	}
	rc = EXIT_USAGE;
	if (c.as_of) {
		if (strcmp(c.as_of, "issued") == 0) {
			o.as_of = SWEEP_AS_OF_ISSUED;
		} else if (strcmp(c.as_of, "now") == 0) {
			o.as_of = SWEEP_AS_OF_NOW;
		} else {
			if (parse_date_opt("as-of", c.as_of, &o.as_of_date))
				goto out;
			o.as_of = SWEEP_AS_OF_DATE;
		}
	}
	if (c.query_file) {
		c.query_sql = slurp_text(c.query_file);
		if (!c.query_sql) {
			cli_error("--query: cannot read %s", c.query_file);
			rc = EXIT_DB_IO;
			goto out;
		}
	}
	if (c.n_crls && sweep_crlset_load(&c.crlset, c.crls, c.n_crls, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_DB_IO;
		goto out;
	}

	/* The heuristic as a command a third party can rerun (no connection details). */
	sweep_buf_puts(&c.selection, "certsweep audit");
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].rerun)
			options[i].rerun(&c, &c.selection);
	if (c.selection.oom) {
		cli_error("out of memory");
		rc = EXIT_DB_IO;
		goto out;
	}

	c.pg.page_size = (size_t)c.page_size;
	c.pg.retries = (int)c.retries;
	c.pg.throttle_ms = (int)c.throttle_ms;
	c.pg.no_snapshot = c.no_snapshot;
	c.pg.allow_privileged_role = c.allow_privileged;
	o.lints = c.lints;
	o.n_lints = c.n_lints;
	o.where = c.where;
	o.where_text = c.where_text;
	o.lint_cfg.joi = c.joi;
	o.lint_cfg.n_joi = c.n_joi;
	o.lint_cfg.ev_oids = c.ev_oids;
	o.lint_cfg.n_ev_oids = c.n_ev_oids;
	o.issuer_refs = c.issuers;
	o.n_issuer_refs = c.n_issuers;
	o.has_nb_from = c.nb_from.given;
	o.nb_from = c.nb_from.t;
	o.has_nb_to = c.nb_to.given;
	o.nb_to = c.nb_to.t;
	o.has_planned = c.planned.given;
	o.planned = c.planned.t;
	o.delayed_reason = c.delayed;
	o.plan = c.plan;
	o.n_plan = c.n_plan;
	o.now = c.now.given ? c.now.t : time(NULL);
	o.csv_safe = c.csv_safe;
	o.extra_columns = c.extra_columns;
	o.shard_k = c.shard_k;
	o.shard_n = c.shard_n;
	o.selection = sweep_buf_str(&c.selection);
	o.crls = c.crlset;
	o.have_crls = c.crlset != NULL;

	if (c.resume && access(c.out_dir, F_OK) != 0) {
		rc = cli_audit_usage_error("--resume: no interrupted audit in %s", c.out_dir);
		goto out;
	}
	if (sweep_outdir_open(&d, c.out_dir, c.file_mode, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_DB_IO;
		goto out;
	}
	int crc = check_out_dir(&c, &d, &o, c.now.given);
	if (crc) {
		rc = crc - 1;
		goto out;
	}

	cli_progress_init(&progress, c.progress);
	run.out = &d;
	run.checkpoint_rows = (uint64_t)c.checkpoint_rows;
	run.memory_limit = c.memory_limit;
	run.resume = c.resume;
	run.id_order = c.id_order;
	run.interrupted = &interrupted;
	run.workers = (int)c.jobs;
	run.publish = 1;
	run.source_label = c.source_label;
	run.progress = cli_progress_cb;
	run.payload = &progress;

	struct sweep_audit_result res;
	int arc;
	memset(&res, 0, sizeof(res));
	if (c.connections > 1) {
		arc = sweep_audit_parallel(&res, &c.pg, &o, &run, (int)c.connections, &err);
	} else {
		struct sweep_source *src = NULL;
		if (c.query_file)
			arc = sweep_source_query_new(&src, &c.pg, c.query_sql, c.query_file, &err);
		else if (c.n_files)
			arc = sweep_source_files_new(&src, c.files, c.n_files, &err);
		else if (strcmp(c.schema, "ejbca") == 0)
			arc = sweep_source_ejbca_new(&src, &c.pg, &err);
		else
			arc = sweep_source_crtsh_new(&src, &c.pg, &err);
		if (!arc)
			arc = sweep_audit_run(&res, src, &o, &run, &err);
		sweep_source_free(src);
	}
	if (arc) {
		cli_error("%s", err.msg);
		if (sweep_outdir_has(&d, "checkpoint.state") || sweep_outdir_has(&d, "audit.state.partial"))
			cli_error("audit incomplete: %s holds a checkpoint; run the same command with --resume", c.out_dir);
		else
			cli_error("audit incomplete: no output was published in %s", c.out_dir);
		rc = cli_exit_code(arc);
	} else {
		rc = summarize(&c, &o, &res);
	}
	sweep_audit_result_release(&res);
out:
	if (d.fd >= 0)
		sweep_outdir_close(&d);
	cli_release(&c);
	return rc;
}
