/* Errors are returned, not printed: functions return 0 or a negative
 * SWEEP_E* code and leave the detail in a struct the caller owns. */
#ifndef CERTSWEEP_ERROR_H
#define CERTSWEEP_ERROR_H

#include <stddef.h>

enum sweep_errcode {
	SWEEP_OK = 0,
	SWEEP_EINVAL = -1,  /* bad argument or input */
	SWEEP_EDECODE = -2, /* malformed certificate or CRL */
	SWEEP_EDB = -3,     /* database */
	SWEEP_EIO = -4,     /* file system */
	SWEEP_ENOMEM = -5,
	SWEEP_ESYNTAX = -6, /* expression syntax */
	SWEEP_EINTR = -7,   /* interrupted by a signal; a checkpoint was written */
};

struct sweep_error {
	int code;
	char msg[1024];
};

/* Set the error unless one is already set: the first, innermost cause wins. */
int sweep_error_set(struct sweep_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix context onto an existing message ("reading x: <inner>"). */
int sweep_error_wrap(struct sweep_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sweep_error_clear(struct sweep_error *err);

#endif
