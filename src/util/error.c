#include "certsweep/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int sweep_error_set(struct sweep_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	if (err->code != SWEEP_OK)
		return err->code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int sweep_error_wrap(struct sweep_error *err, const char *fmt, ...)
{
	char prefix[512], inner[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return SWEEP_EINVAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(inner, err->msg, sizeof(inner));
	/* Truncation is acceptable here: the message stays NUL-terminated. */
	size_t pl = strnlen(prefix, sizeof(err->msg) - 3);
	memcpy(err->msg, prefix, pl);
	memcpy(err->msg + pl, ": ", 2);
	size_t il = strnlen(inner, sizeof(err->msg) - pl - 3);
	memcpy(err->msg + pl + 2, inner, il);
	err->msg[pl + 2 + il] = '\0';
	return err->code;
}

void sweep_error_clear(struct sweep_error *err)
{
	if (!err)
		return;
	err->code = SWEEP_OK;
	err->msg[0] = '\0';
}
