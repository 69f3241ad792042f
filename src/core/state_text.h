/* audit.state's text conventions, shared by state.c and audit_opts.c. Private. */
#ifndef CERTSWEEP_CORE_STATE_TEXT_H
#define CERTSWEEP_CORE_STATE_TEXT_H

#include <stdio.h>

/* "KEY =VALUE" with % CR LF percent-escaped, or "KEY -" for NULL. */
void state_put_str(FILE *fp, const char *key, const char *s);

#endif
