/* Commands of the certsweep CLI. Private. */
#ifndef CERTSWEEP_CLI_H
#define CERTSWEEP_CLI_H

/* Exit codes (documented in README and --help). */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1, /* results at or above --fail-on */
	EXIT_USAGE = 2,
	EXIT_DB_IO = 3,    /* database or I/O */
	EXIT_RESUMABLE = 4, /* interrupted by a signal; a checkpoint was written: rerun with --resume */
};

/* The one mapping from a library error code (SWEEP_E*) to an exit code. */
int cli_exit_code(int sweep_err);

int cmd_audit(int argc, char **argv);
int cmd_lints(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_fields(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_merge(int argc, char **argv);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, pointing to "certsweep audit --help". */
int cli_audit_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Range-checked integer parsing; 0 or -1. */
int cli_parse_long(const char *s, long min, long max, long *out);

#endif
