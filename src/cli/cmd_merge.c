/* certsweep merge -o OUT SHARD_DIR... */
#include "certsweep/date.h"
#include "certsweep/der.h"
#include "certsweep/merge.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_merge(int argc, char **argv)
{
	enum { OPT_HELP = 256, OPT_NOW, OPT_MODE, OPT_FORCE, OPT_SNAPSHOT, OPT_PRIV };
	static const struct option opts[] = { { "out-dir", required_argument, NULL, 'o' },
					      { "now", required_argument, NULL, OPT_NOW },
					      { "mode", required_argument, NULL, OPT_MODE },
					      { "force", no_argument, NULL, OPT_FORCE },
					      { "dbname", required_argument, NULL, 'd' },
					      { "host", required_argument, NULL, 'h' },
					      { "port", required_argument, NULL, 'p' },
					      { "username", required_argument, NULL, 'U' },
					      { "no-password", no_argument, NULL, 'w' },
					      { "snapshot", required_argument, NULL, OPT_SNAPSHOT },
					      { "allow-privileged-role", no_argument, NULL, OPT_PRIV },
					      { "help", no_argument, NULL, OPT_HELP },
					      { NULL, 0, NULL, 0 } };
	struct sweep_merge_opts mo = { 0, 0, SWEEP_FILE_MODE_DEFAULT, 0, NULL };
	struct sweep_pg_params pg;
	const char *out = NULL;
	struct sweep_error err = { 0, "" };
	int opt;

	memset(&pg, 0, sizeof(pg));
	pg.page_size = 1000;
	pg.retries = 5;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:d:h:p:U:w", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'd': pg.dbname = optarg, mo.pg = &pg; break;
		case 'h': pg.host = optarg, mo.pg = &pg; break;
		case 'p': pg.port = optarg, mo.pg = &pg; break;
		case 'U': pg.user = optarg, mo.pg = &pg; break;
		case 'w': pg.no_password = 1; break;
		case OPT_SNAPSHOT: pg.snapshot = optarg; break;
		case OPT_PRIV: pg.allow_privileged_role = 1; break;
		case OPT_NOW:
			if (sweep_date_parse(&mo.now, optarg) != 0)
				return cli_usage_error("merge --now: invalid date \"%s\"", optarg);
			mo.has_now = 1;
			break;
		case OPT_MODE: {
			char *end;
			unsigned long m = strtoul(optarg, &end, 8);
			if (end == optarg || *end || m > 0777 || (m & 0600) != 0600)
				return cli_usage_error("merge --mode: want an octal mode from 0600 to 0777, got \"%s\"", optarg);
			mo.file_mode = (unsigned)m;
			break;
		}
		case OPT_FORCE: mo.force = 1; break;
		case OPT_HELP:
			printf("Usage: certsweep merge -o OUT_DIR [--now DATE] [--mode MODE] [--force]\n"
			       "                       [-d CONNINFO [-h HOST] [-p PORT] [-U USER] [-w] [--snapshot NAME]]\n"
			       "                       SHARD_DIR...\n"
			       "Combine the outputs of `certsweep audit --shard K/N` runs (one directory per\n"
			       "shard, in shard order) into outputs byte-identical to a single run.\n"
			       "Shards may have run at different times: expiry is judged at the latest\n"
			       "shard's clock, or at --now DATE; impact.md says so.\n"
			       "Shards that ran corpus checks (c_*) leave them undecided: each wrote what its\n"
			       "checks gathered to corpus.state, and merge folds those and decides once over\n"
			       "the whole corpus. It then re-reads the certificates that fail, and pairs and\n"
			       "joins revocation for them, from the shards' database: give it with -d (and\n"
			       "-h/-p/-U/-w as for audit; --snapshot to read the shards' snapshot;\n"
			       "--allow-privileged-role as for audit). Read only.\n");
			return EXIT_CLEAN;
		default:
			fputs("Try \"certsweep merge --help\" for more information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (!out)
		return cli_usage_error("merge: --out-dir is required");
	if (optind >= argc)
		return cli_usage_error("merge: no shard directory given");
	int rc = sweep_merge(out, (const char *const *)(argv + optind), (size_t)(argc - optind), &mo, &err);
	if (rc) {
		cli_error("%s", err.msg);
		return cli_exit_code(rc);
	}
	fprintf(stderr, "certsweep: merged %d shard(s) into %s\n", argc - optind, out);
	return EXIT_CLEAN;
}
