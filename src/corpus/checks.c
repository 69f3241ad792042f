/* The corpus checks' registry hooks. A corpus check is a row of the lint
 * registry (so listing, selection, state files and per-check counts treat
 * it as a lint), but no single certificate can fail it: per row it never
 * applies, and the scan (src/core/corpus_pass.c) decides it across rows. */
#include "certsweep/corpus.h"

#include <string.h>

int sweep_corpus_applies_never(const struct sweep_cert *cert)
{
	(void)cert;
	return 0;
}

enum sweep_check sweep_corpus_check_none(const struct sweep_cert *cert, const struct sweep_lint_config *cfg,
					 struct sweep_buf *details)
{
	(void)cert;
	(void)cfg;
	(void)details;
	return SWEEP_CHECK_PASS;
}

int sweep_corpus_is_check(const struct sweep_lint *lint)
{
	return strncmp(lint->name, "c_", 2) == 0;
}

int sweep_corpus_needs_revocations(const struct sweep_lint *lint)
{
	return strcmp(lint->name, "c_key_reused_after_compromise") == 0;
}
