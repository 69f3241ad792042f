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
	enum { OPT_HELP = 256, OPT_NOW, OPT_MODE, OPT_FORCE };
	static const struct option opts[] = { { "out-dir", required_argument, NULL, 'o' },
					      { "now", required_argument, NULL, OPT_NOW },
					      { "mode", required_argument, NULL, OPT_MODE },
					      { "force", no_argument, NULL, OPT_FORCE },
					      { "help", no_argument, NULL, OPT_HELP },
					      { NULL, 0, NULL, 0 } };
	struct sweep_merge_opts mo = { 0, 0, SWEEP_FILE_MODE_DEFAULT, 0 };
	const char *out = NULL;
	struct sweep_error err = { 0, "" };
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
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
			printf("Usage: certsweep merge -o OUT_DIR [--now DATE] [--mode MODE] [--force] SHARD_DIR...\n"
			       "Combine the outputs of `certsweep audit --shard K/N` runs (one directory per\n"
			       "shard, in shard order) into outputs byte-identical to a single run.\n"
			       "Shards may have run at different times: expiry is judged at the latest\n"
			       "shard's clock, or at --now DATE; impact.md says so.\n");
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
