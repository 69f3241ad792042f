/* certsweep: find every certificate a CA issued with a given defect. */
#include "cli.h"

#include "certsweep/error.h"
#include "certsweep/expr.h"

#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#ifndef CERTSWEEP_VERSION
#define CERTSWEEP_VERSION "0.1.0"
#endif

static int cmd_version(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "audit", cmd_audit, "scan a certificate store and write the CCADB incident outputs" },
	{ "lint", cmd_lint, "lint PEM or DER certificate files" },
	{ "lints", cmd_lints, "list the lint registry" },
	{ "fields", cmd_fields, "list the fields usable in --where expressions" },
	{ "diff", cmd_diff, "compare the affected certificates of two audits" },
	{ "merge", cmd_merge, "combine --shard outputs into those of a single run" },
	{ "version", cmd_version, "print the version and the libraries it runs with" },
};

/* The libraries actually loaded, which may differ from those built against. */
static int cmd_version(int argc, char **argv)
{
	char pcre[64];
	int pq = PQlibVersion();

	(void)argv;
	if (argc > 1)
		return cli_usage_error("version takes no arguments");
	sweep_expr_regex_version(pcre, sizeof(pcre));
	printf("certsweep %s\n%s\nlibpq %d.%d\nPCRE2 %s\n", CERTSWEEP_VERSION, OpenSSL_version(OPENSSL_VERSION),
	       pq / 10000, pq % 10000, pcre);
	return EXIT_CLEAN;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("certsweep: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	fputs("certsweep: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage_error(const char *cmd, const char *fmt, va_list ap)
{
	fputs("certsweep: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry \"certsweep %s--help\" for more information.\n", cmd);
	return EXIT_USAGE;
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	usage_error("", fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_audit_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	usage_error("audit ", fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_exit_code(int sweep_err)
{
	switch (sweep_err) {
	case SWEEP_OK: return EXIT_CLEAN;
	case SWEEP_EINVAL:
	case SWEEP_ESYNTAX: return EXIT_USAGE;
	case SWEEP_EINTR: return EXIT_RESUMABLE;
	default: return EXIT_DB_IO; /* database, file system, memory, malformed state */
	}
}

int cli_parse_long(const char *s, long min, long max, long *out)
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

static void usage(FILE *fp)
{
	fprintf(fp, "certsweep finds every certificate a CA issued with a given defect, expired and\n"
		    "revoked ones included, and writes the CCADB incident report appendix.\n\n"
		    "Usage:\n  certsweep COMMAND [OPTION]...\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nOptions:\n  --help     this text\n  --version  the version, and the OpenSSL, libpq and PCRE2 in use\n"
		    "\nRun \"certsweep COMMAND --help\" for a command's options.\n\n"
		    "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage error,\n"
		    "3 database or I/O error, 4 interrupted by a signal (rerun with --resume).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(1, argv);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			/* getopt's own messages then read "certsweep audit: ..." */
			char name[64];
			snprintf(name, sizeof(name), "certsweep %s", commands[i].name);
			argv[1] = name;
			return commands[i].fn(argc - 1, argv + 1);
		}
	}
	return cli_usage_error("unknown command \"%s\"", argv[1]);
}
