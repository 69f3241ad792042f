/* certsweep audit */
#include "certsweep/audit.h"
#include "certsweep/buf.h"
#include "certsweep/crl.h"
#include "certsweep/date.h"
#include "certsweep/output.h"
#include "certsweep/der.h"
#include "certsweep/expr.h"
#include "certsweep/lint.h"
#include "certsweep/parallel.h"
#include "certsweep/state.h"
#include "cli.h"

#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static void audit_help(void)
{
	printf("certsweep audit scans every certificate of a store (expired and revoked included)\n"
	       "inside one READ ONLY snapshot and writes the CCADB incident outputs.\n\n"
	       "Usage:\n  certsweep audit [OPTION]... --out-dir DIR\n\n"
	       "Connection options (as pg_dump; PG* variables, .pgpass and service files apply):\n"
	       "  -d, --dbname=CONNSTR     database name, conninfo string, URI or service=NAME\n"
	       "  -h, --host=HOSTNAME      database server host or socket directory\n"
	       "  -p, --port=PORT          database server port\n"
	       "  -U, --username=NAME      connect as specified database user\n"
	       "  -w, --no-password        never prompt for password\n"
	       "  -W, --password           force password prompt\n\n"
	       "Source (one of):\n"
	       "  --schema=crtsh           crt.sh tables certificate, ca, crl_revoked (default)\n"
	       "  --schema=ejbca           EJBCA CertificateData (+ Base64CertData)\n"
	       "  --query=FILE             your SQL returning id, der [, revoked_at, revocation_reason];\n"
	       "                           $1 = last id of the previous page (NULL first), $2 = page size\n"
	       "  --files=PATH             PEM bundles, DER files, directories (recursive); repeatable,\n"
	       "                           no database needed\n"
	       "  --crl=FILE               DER or PEM CRL: revocation by issuer name + serial; repeatable.\n"
	       "                           Where the store disagrees, revocation-conflicts.csv says so\n"
	       "  --issuer-ca-id=ID        only this issuer (crt.sh ca.id); repeatable\n"
	       "  --not-before-from=DATE   only certificates with notBefore >= DATE\n"
	       "  --not-before-to=DATE     only certificates with notBefore <  DATE\n"
	       "  --page-size=N            rows per keyset page (default 1000)\n"
	       "  -j, --jobs=N             N threads decoding and linting, fed by a bounded queue;\n"
	       "                           output order is unchanged (default 1; any source)\n"
	       "  --connections=M          M readers, each its own connection over one id range of\n"
	       "                           one exported snapshot, merged exactly (crtsh; default 1)\n"
	       "  --shard=K/N              only the Kth of N equal id ranges (crtsh); combine the N\n"
	       "                           output directories with certsweep merge\n"
	       "  --snapshot=NAME          read the snapshot a pg_export_snapshot() exported, so all\n"
	       "                           shards see one state of the database\n\n"
	       "Selection (a serial is affected when it matches --where and fails a selected lint):\n"
	       "  --lint=NAME|GLOB         run this lint; repeatable (see certsweep lints)\n"
	       "  --source=SRC             run every lint of a source (BR, EV, RFC5280, ...)\n"
	       "  --all-lints              run every lint\n"
	       "  --where=EXPR             incident heuristic expression (see certsweep fields)\n"
	       "  --where-file=FILE        read the expression from FILE ('#' starts a comment)\n"
	       "  --joi-level=CC=LEVEL     registration level of country CC: country|state|locality\n"
	       "  --as-of=issued|now|DATE  date that decides lint effectiveness (default issued)\n\n"
	       "Output:\n"
	       "  -o, --out-dir=DIR        write affected.csv, crtsh-links.txt, impact.md,\n"
	       "                           report.html, findings.jsonl, unparseable.csv here\n"
	       "  --planned-revocation=DATE  'Planned' with this date for still-valid certificates\n"
	       "  --now=DATE               judge expiry at DATE instead of the clock (reproducible)\n"
	       "  --csv-safe               prefix cells starting with = + - @ with ' for spreadsheets\n"
	       "  --fail-on=SEVERITY       exit 1 if any finding reaches notice|warn|error|fatal\n"
	       "  --progress / --no-progress  progress on stderr (default: when stderr is a tty)\n\n"
	       "Reliability (crtsh):\n"
	       "  --resume                 continue the interrupted audit in --out-dir (same options)\n"
	       "  --checkpoint-rows=N      write a checkpoint every N rows (default 100000)\n"
	       "  --retries=N              reconnect N times after a lost connection (default 5;\n"
	       "                           waits 1, 2, 4 ... 30 s), then give up with exit 3\n"
	       "  --throttle-ms=N          pause N ms between pages (be gentle with a shared server)\n\n"
	       "DATE is YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC).\n"
	       "Exit status: 0 done, 1 findings at or above --fail-on, 2 usage, 3 database or I/O.\n");
}

enum {
	OPT_SCHEMA = 256, OPT_ISSUER, OPT_NB_FROM, OPT_NB_TO, OPT_PAGE, OPT_LINT, OPT_SOURCE, OPT_ALL,
	OPT_WHERE, OPT_WHERE_FILE, OPT_JOI, OPT_AS_OF, OPT_PLANNED, OPT_NOW, OPT_CSV_SAFE, OPT_FAIL_ON,
	OPT_PROGRESS, OPT_NO_PROGRESS, OPT_HELP, OPT_QUERY, OPT_FILES, OPT_CRL, OPT_SHARD, OPT_SNAPSHOT,
	OPT_RESUME, OPT_CHECKPOINT_ROWS, OPT_RETRIES, OPT_THROTTLE, OPT_CONNECTIONS,
};

static const struct option long_opts[] = {
	{ "dbname", required_argument, NULL, 'd' },
	{ "host", required_argument, NULL, 'h' },
	{ "port", required_argument, NULL, 'p' },
	{ "username", required_argument, NULL, 'U' },
	{ "no-password", no_argument, NULL, 'w' },
	{ "password", no_argument, NULL, 'W' },
	{ "out-dir", required_argument, NULL, 'o' },
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ "issuer-ca-id", required_argument, NULL, OPT_ISSUER },
	{ "not-before-from", required_argument, NULL, OPT_NB_FROM },
	{ "not-before-to", required_argument, NULL, OPT_NB_TO },
	{ "page-size", required_argument, NULL, OPT_PAGE },
	{ "lint", required_argument, NULL, OPT_LINT },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "all-lints", no_argument, NULL, OPT_ALL },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ "where-file", required_argument, NULL, OPT_WHERE_FILE },
	{ "joi-level", required_argument, NULL, OPT_JOI },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "planned-revocation", required_argument, NULL, OPT_PLANNED },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "csv-safe", no_argument, NULL, OPT_CSV_SAFE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "query", required_argument, NULL, OPT_QUERY },
	{ "files", required_argument, NULL, OPT_FILES },
	{ "crl", required_argument, NULL, OPT_CRL },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "snapshot", required_argument, NULL, OPT_SNAPSHOT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "connections", required_argument, NULL, OPT_CONNECTIONS },
	{ "checkpoint-rows", required_argument, NULL, OPT_CHECKPOINT_ROWS },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "throttle-ms", required_argument, NULL, OPT_THROTTLE },
	{ NULL, 0, NULL, 0 },
};

struct audit_cli {
	struct sweep_pg_params pg;
	const char *schema;
	int64_t *issuers;
	size_t n_issuers;
	const struct sweep_lint **lints;
	size_t n_lints;
	struct sweep_joi_rule *joi;
	size_t n_joi;
	char *where_text;
	struct sweep_expr *where;
	struct sweep_buf selection;
	int fail_on;
	int progress;
	const char *query_file;
	char *query_sql;
	const char **files;
	size_t n_files;
	const char **crls;
	size_t n_crls;
	struct sweep_crlset *crlset;
	int schema_given;
	int connections;
};

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
		if (!hit)
			continue;
		if (add_lint(c, &reg[i]))
			return -1;
		matched++;
	}
	return matched;
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

static int parse_date_opt(const char *opt, const char *arg, int64_t *out)
{
	if (sweep_date_parse(out, arg) == 0)
		return 0;
	cli_usage_error("%s: invalid date \"%s\" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", opt, arg);
	return -1;
}

static void cli_release(struct audit_cli *c)
{
	free(c->issuers);
	free(c->lints);
	free(c->joi);
	free(c->where_text);
	sweep_expr_free(c->where);
	free(c->query_sql);
	free(c->files);
	free(c->crls);
	sweep_crlset_free(c->crlset);
	sweep_buf_release(&c->selection);
}

static volatile sig_atomic_t *interrupted_flag;

/* SIGINT/SIGTERM: ask the scan to write a checkpoint and stop. */
static void on_signal(int sig)
{
	(void)sig;
	if (interrupted_flag)
		*interrupted_flag = 1;
}

/* The closing lines on stderr, and the exit code. */
static int summarize(const struct audit_cli *c, const struct sweep_audit_opts *o, const struct sweep_audit_result *res)
{
	size_t not_planned = 0;

	for (size_t i = 0; i < res->n_groups; i++)
		not_planned += sweep_group_status(res->groups[i], o) == SWEEP_REV_NO;
	if (res->rev_conflicts)
		cli_warning("%zu affected serial(s) where the store and the CRLs disagree on revocation: "
			    "see revocation-conflicts.csv", res->rev_conflicts);
	if (not_planned)
		cli_warning("%zu affected serial(s) are still valid and not revoked; CCADB expects \"Planned\" "
			    "(give --planned-revocation DATE) or \"Delayed\" in \"Is revoked?\"",
			    not_planned);
	fprintf(stderr, "certsweep: %llu certificates read, %llu unparseable, %zu affected serial(s); outputs in %s\n",
		(unsigned long long)res->stats.rows, (unsigned long long)res->stats.unparseable, res->n_groups,
		o->out_dir);
	/* --fail-on: a lint finding at or above the severity; with --where alone,
	 * any affected serial counts as an error-level finding. */
	if (c->fail_on >= 0 && res->n_groups > 0 &&
	    (c->n_lints ? res->stats.worst >= c->fail_on : c->fail_on <= SWEEP_R_ERROR))
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_cli c;
	struct sweep_audit_opts o;
	struct sweep_error err = { 0, "" };
	const char *as_of = NULL, *where_file = NULL;
	int opt, rc = EXIT_USAGE, now_given = 0;
	long v;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	c.schema = "crtsh";
	c.fail_on = -1;
	c.progress = 1;
	c.pg.retries = 5;
	o.checkpoint_rows = 100000;
	o.now = time(NULL);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:h:p:U:wWo:j:", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'd': c.pg.dbname = optarg; break;
		case 'h': c.pg.host = optarg; break;
		case 'p': c.pg.port = optarg; break;
		case 'U': c.pg.user = optarg; break;
		case 'w': c.pg.no_password = 1; break;
		case 'W': c.pg.prompt_password = 1; break;
		case 'o': o.out_dir = optarg; break;
		case OPT_SCHEMA:
			c.schema = optarg;
			c.schema_given = 1;
			break;
		case OPT_QUERY: c.query_file = optarg; break;
		case OPT_FILES:
			if (push_str(&c.files, &c.n_files, optarg))
				goto oom;
			break;
		case OPT_SHARD: {
			int k, nn;
			char extra;
			if (sscanf(optarg, "%d/%d%c", &k, &nn, &extra) != 2 || nn < 1 || nn > 100000 || k < 1 || k > nn) {
				cli_usage_error("--shard: want K/N with 1 <= K <= N, got \"%s\"", optarg);
				goto out;
			}
			o.shard_k = k;
			o.shard_n = nn;
			break;
		}
		case OPT_SNAPSHOT: c.pg.snapshot = optarg; break;
		case OPT_RESUME: o.resume = 1; break;
		case OPT_CHECKPOINT_ROWS:
			if (cli_parse_long(optarg, 1, 1000000000L, &v)) {
				cli_usage_error("--checkpoint-rows: want 1..1000000000, got \"%s\"", optarg);
				goto out;
			}
			o.checkpoint_rows = (uint64_t)v;
			break;
		case OPT_RETRIES:
			if (cli_parse_long(optarg, 0, 100, &v)) {
				cli_usage_error("--retries: want 0..100, got \"%s\"", optarg);
				goto out;
			}
			c.pg.retries = (int)v;
			break;
		case OPT_THROTTLE:
			if (cli_parse_long(optarg, 0, 60000, &v)) {
				cli_usage_error("--throttle-ms: want 0..60000, got \"%s\"", optarg);
				goto out;
			}
			c.pg.throttle_ms = (int)v;
			break;
		case 'j':
			if (cli_parse_long(optarg, 1, 256, &v)) {
				cli_usage_error("--jobs: want 1..256, got \"%s\"", optarg);
				goto out;
			}
			o.workers = (int)v;
			break;
		case OPT_CONNECTIONS:
			if (cli_parse_long(optarg, 1, 64, &v)) {
				cli_usage_error("--connections: want 1..64, got \"%s\"", optarg);
				goto out;
			}
			c.connections = (int)v;
			break;
		case OPT_CRL:
			if (push_str(&c.crls, &c.n_crls, optarg))
				goto oom;
			break;
		case OPT_ISSUER: {
			if (cli_parse_long(optarg, -2147483647L - 1, 2147483647L, &v)) {
				cli_usage_error("--issuer-ca-id: \"%s\" is not a 32-bit integer", optarg);
				goto out;
			}
			int64_t *p = realloc(c.issuers, (c.n_issuers + 1) * sizeof(*p));
			if (!p)
				goto oom;
			c.issuers = p;
			c.issuers[c.n_issuers++] = v;
			break;
		}
		case OPT_NB_FROM:
			if (parse_date_opt("--not-before-from", optarg, &o.nb_from))
				goto out;
			o.has_nb_from = 1;
			break;
		case OPT_NB_TO:
			if (parse_date_opt("--not-before-to", optarg, &o.nb_to))
				goto out;
			o.has_nb_to = 1;
			break;
		case OPT_PAGE:
			if (cli_parse_long(optarg, 1, 1000000, &v)) {
				cli_usage_error("--page-size: want 1..1000000, got \"%s\"", optarg);
				goto out;
			}
			c.pg.page_size = (size_t)v;
			break;
		case OPT_LINT: {
			int m = select_lints(&c, optarg, 0);
			if (m < 0)
				goto oom;
			if (m == 0) {
				cli_usage_error("--lint: no lint matches \"%s\" (see certsweep lints)", optarg);
				goto out;
			}
			break;
		}
		case OPT_SOURCE: {
			int m = select_lints(&c, optarg, 1);
			if (m < 0)
				goto oom;
			if (m == 0) {
				cli_usage_error("--source: no lint has source \"%s\"", optarg);
				goto out;
			}
			break;
		}
		case OPT_ALL:
			if (select_lints(&c, NULL, 0) < 0)
				goto oom;
			break;
		case OPT_WHERE:
			free(c.where_text);
			c.where_text = strdup(optarg);
			if (!c.where_text)
				goto oom;
			break;
		case OPT_WHERE_FILE: where_file = optarg; break;
		case OPT_JOI:
			if (parse_joi(&c, optarg)) {
				cli_usage_error("--joi-level: want CC=country|state|locality, got \"%s\"", optarg);
				goto out;
			}
			break;
		case OPT_AS_OF: as_of = optarg; break;
		case OPT_PLANNED:
			if (parse_date_opt("--planned-revocation", optarg, &o.planned))
				goto out;
			o.has_planned = 1;
			break;
		case OPT_NOW:
			if (parse_date_opt("--now", optarg, &o.now))
				goto out;
			now_given = 1;
			break;
		case OPT_CSV_SAFE: o.csv_safe = 1; break;
		case OPT_FAIL_ON:
			c.fail_on = sweep_result_parse(optarg);
			if (c.fail_on < SWEEP_R_NOTICE) {
				cli_usage_error("--fail-on: want notice, warn, error or fatal, got \"%s\"", optarg);
				goto out;
			}
			break;
		case OPT_PROGRESS: c.progress = 2; break;
		case OPT_NO_PROGRESS: c.progress = 0; break;
		case OPT_HELP:
			audit_help();
			rc = EXIT_CLEAN;
			goto out;
		default:
			fputs("Try \"certsweep --help\" for more information.\n", stderr);
			goto out;
		}
	}
	/* Paths after --files are more files (certsweep audit --files a b c). */
	for (; optind < argc && c.n_files; optind++)
		if (push_str(&c.files, &c.n_files, argv[optind]))
			goto oom;
	if (optind < argc) {
		cli_usage_error("unexpected argument \"%s\"", argv[optind]);
		goto out;
	}
	if ((c.schema_given != 0) + (c.query_file != NULL) + (c.n_files != 0) > 1) {
		cli_usage_error("give one source: --schema, --query or --files");
		goto out;
	}
	if (strcmp(c.schema, "crtsh") != 0 && strcmp(c.schema, "ejbca") != 0) {
		cli_usage_error("--schema: unknown schema \"%s\" (known: crtsh, ejbca)", c.schema);
		goto out;
	}
	if (c.connections > 1 && (c.query_file || c.n_files || strcmp(c.schema, "crtsh") != 0 || o.shard_n)) {
		cli_usage_error("--connections applies to --schema crtsh without --shard");
		goto out;
	}
	if (o.shard_n && (c.query_file || c.n_files || strcmp(c.schema, "crtsh") != 0)) {
		cli_usage_error("--shard applies to --schema crtsh only");
		goto out;
	}
	if (c.n_issuers && (c.query_file || c.n_files || strcmp(c.schema, "crtsh") != 0)) {
		cli_usage_error("--issuer-ca-id applies to --schema crtsh only");
		goto out;
	}
	if (!o.out_dir) {
		cli_usage_error("--out-dir is required");
		goto out;
	}
	if (where_file) {
		if (c.where_text) {
			cli_usage_error("give --where or --where-file, not both");
			goto out;
		}
		if (sweep_expr_read_file(&c.where_text, where_file, &err)) {
			cli_error("--where-file: %s", err.msg);
			rc = EXIT_DB_IO;
			goto out;
		}
	}
	if (c.where_text && sweep_expr_parse(&c.where, c.where_text, &err)) {
		cli_usage_error("--where: %s", err.msg);
		goto out;
	}
	if (!c.where && c.n_lints == 0) {
		cli_usage_error("select what to look for: --lint, --source, --all-lints and/or --where");
		goto out;
	}
	if (as_of) {
		if (strcmp(as_of, "issued") == 0) {
			o.as_of = SWEEP_AS_OF_ISSUED;
		} else if (strcmp(as_of, "now") == 0) {
			o.as_of = SWEEP_AS_OF_NOW;
		} else {
			if (parse_date_opt("--as-of", as_of, &o.as_of_date))
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
	if (c.query_file) {
		sweep_buf_puts(&c.selection, "certsweep audit --query ");
		shell_quote(&c.selection, c.query_file);
	} else if (c.n_files) {
		sweep_buf_puts(&c.selection, "certsweep audit");
		for (size_t i = 0; i < c.n_files; i++) {
			sweep_buf_puts(&c.selection, " --files ");
			shell_quote(&c.selection, c.files[i]);
		}
	} else {
		sweep_buf_printf(&c.selection, "certsweep audit --schema %s", c.schema);
	}
	for (size_t i = 0; i < c.n_crls; i++) {
		sweep_buf_puts(&c.selection, " --crl ");
		shell_quote(&c.selection, c.crls[i]);
	}
	for (size_t i = 0; i < c.n_issuers; i++)
		sweep_buf_printf(&c.selection, " --issuer-ca-id %lld", (long long)c.issuers[i]);
	if (o.has_nb_from) {
		char t[21];
		sweep_time_iso(o.nb_from, t);
		sweep_buf_printf(&c.selection, " --not-before-from %s", t);
	}
	if (o.has_nb_to) {
		char t[21];
		sweep_time_iso(o.nb_to, t);
		sweep_buf_printf(&c.selection, " --not-before-to %s", t);
	}
	for (size_t i = 0; i < c.n_lints; i++)
		sweep_buf_printf(&c.selection, " --lint %s", c.lints[i]->name);
	for (size_t i = 0; i < c.n_joi; i++)
		sweep_buf_printf(&c.selection, " --joi-level %s=%s", c.joi[i].country,
				 c.joi[i].level == SWEEP_JOI_COUNTRY ? "country"
				 : c.joi[i].level == SWEEP_JOI_STATE ? "state" : "locality");
	if (as_of)
		sweep_buf_printf(&c.selection, " --as-of %s", as_of);
	if (c.where_text) {
		sweep_buf_puts(&c.selection, " --where ");
		shell_quote(&c.selection, c.where_text);
	}
	if (c.selection.oom)
		goto oom;

	o.lints = c.lints;
	o.n_lints = c.n_lints;
	o.where = c.where;
	o.where_text = c.where_text;
	o.lint_cfg.joi = c.joi;
	o.lint_cfg.n_joi = c.n_joi;
	o.issuer_refs = c.issuers;
	o.n_issuer_refs = c.n_issuers;
	o.selection = sweep_buf_str(&c.selection);
	o.progress = c.progress;
	o.crls = c.crlset;
	o.have_crls = c.crlset != NULL;

	if (o.resume) {
		struct sweep_buf cp = SWEEP_BUF_INIT, done = SWEEP_BUF_INIT;
		sweep_buf_printf(&cp, "%s/checkpoint.state", o.out_dir);
		sweep_buf_printf(&done, "%s/audit.state", o.out_dir);
		int have_cp = access(sweep_buf_str(&cp), F_OK) == 0, have_done = access(sweep_buf_str(&done), F_OK) == 0;
		if (have_cp && !now_given) {
			/* the clock of the first run decides expiry, so a resumed report is the same report */
			struct sweep_state st;
			if (sweep_state_read(sweep_buf_str(&cp), &st, &err) == 0) {
				o.now = st.now;
				sweep_state_release(&st);
			}
			sweep_error_clear(&err);
		}
		sweep_buf_release(&cp);
		sweep_buf_release(&done);
		if (!have_cp) {
			if (have_done) {
				fprintf(stderr, "certsweep: %s holds a complete audit; nothing to resume\n", o.out_dir);
				rc = EXIT_CLEAN;
			} else {
				cli_usage_error("--resume: no interrupted audit in %s", o.out_dir);
			}
			goto out;
		}
	}
	if (c.connections > 1 && o.resume) {
		cli_usage_error("--resume works per shard (--shard K/N), not with --connections");
		goto out;
	}
	static volatile sig_atomic_t interrupted;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	interrupted_flag = &interrupted;
	o.interrupted = &interrupted;
	if (c.connections > 1) {
		struct sweep_state st;
		int prc = sweep_audit_parallel(&st, &c.pg, &o, c.connections, &err);
		if (prc) {
			cli_error("%s", err.msg);
			cli_error("audit incomplete: no output was published in %s", o.out_dir);
			rc = prc == SWEEP_EINVAL ? EXIT_USAGE : EXIT_DB_IO;
			goto out;
		}
		struct sweep_audit_result pres = { st.groups, st.n_groups, st.stats, NULL, st.rev_conflicts };
		rc = summarize(&c, &o, &pres);
		sweep_state_release(&st);
		goto out;
	}
	struct sweep_source *src = NULL;
	int src_rc;
	if (c.query_file)
		src_rc = sweep_source_query_new(&src, &c.pg, c.query_sql, c.query_file, &err);
	else if (c.n_files)
		src_rc = sweep_source_files_new(&src, c.files, c.n_files, &err);
	else if (strcmp(c.schema, "ejbca") == 0)
		src_rc = sweep_source_ejbca_new(&src, &c.pg, &err);
	else
		src_rc = sweep_source_crtsh_new(&src, &c.pg, &err);
	if (src_rc) {
		cli_error("%s", err.msg);
		rc = src_rc == SWEEP_EINVAL ? EXIT_USAGE : EXIT_DB_IO;
		goto out;
	}
	struct sweep_audit_result res;
	int arc = sweep_audit_run(&res, src, &o, &err);
	sweep_source_free(src);
	if (arc) {
		struct sweep_buf cp = SWEEP_BUF_INIT;
		sweep_buf_printf(&cp, "%s/checkpoint.state", o.out_dir);
		cli_error("%s", err.msg);
		if (access(sweep_buf_str(&cp), F_OK) == 0)
			cli_error("audit incomplete: %s holds a checkpoint; run the same command with --resume", o.out_dir);
		else
			cli_error("audit incomplete: no output was published in %s", o.out_dir);
		sweep_buf_release(&cp);
		sweep_audit_result_release(&res);
		rc = arc == SWEEP_EINVAL ? EXIT_USAGE : EXIT_DB_IO;
		goto out;
	}
	rc = summarize(&c, &o, &res);
	sweep_audit_result_release(&res);
	goto out;
oom:
	cli_error("out of memory");
	rc = EXIT_DB_IO;
out:
	cli_release(&c);
	return rc;
}
