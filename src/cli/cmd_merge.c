/* certsweep merge -o OUT SHARD_DIR... */
#include "certsweep/merge.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = { { "out-dir", required_argument, NULL, 'o' },
					      { "help", no_argument, NULL, 'H' },
					      { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	struct sweep_error err = { 0, "" };
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'H':
			printf("Usage: certsweep merge -o OUT_DIR SHARD_DIR...\n"
			       "Combine the outputs of `certsweep audit --shard K/N` runs (one directory per\n"
			       "shard, in shard order) into outputs byte-identical to a single run.\n");
			return EXIT_CLEAN;
		default:
			fputs("Try \"certsweep --help\" for more information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (!out)
		return cli_usage_error("merge: --out-dir is required");
	if (optind >= argc)
		return cli_usage_error("merge: no shard directory given");
	int rc = sweep_merge(out, (const char *const *)(argv + optind), (size_t)(argc - optind), &err);
	if (rc) {
		cli_error("%s", err.msg);
		return rc == SWEEP_EINVAL ? EXIT_USAGE : EXIT_DB_IO;
	}
	fprintf(stderr, "certsweep: merged %d shard(s) into %s\n", argc - optind, out);
	return EXIT_CLEAN;
}
