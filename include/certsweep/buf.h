/* A growable byte buffer. Appends never fail loudly: the first allocation
 * failure sets oom, later appends are no-ops, and the owner checks once. */
#ifndef CERTSWEEP_BUF_H
#define CERTSWEEP_BUF_H

#include <stddef.h>
#include <stdint.h>

struct sweep_buf {
	char *p; /* always NUL-terminated once anything was appended */
	size_t len, cap;
	int oom;
};

#define SWEEP_BUF_INIT { NULL, 0, 0, 0 }

void sweep_buf_add(struct sweep_buf *b, const void *data, size_t n);
void sweep_buf_puts(struct sweep_buf *b, const char *s);
void sweep_buf_putc(struct sweep_buf *b, char c);
void sweep_buf_printf(struct sweep_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal, as "%lld" writes it */
void sweep_buf_i64(struct sweep_buf *b, int64_t v);
void sweep_buf_reset(struct sweep_buf *b); /* len = 0, keeps memory */
/* Room for extra more bytes (and the NUL) so a writer can fill p + len
 * directly; 0, or -1 with oom set. */
int sweep_buf_reserve(struct sweep_buf *b, size_t extra);
void sweep_buf_release(struct sweep_buf *b);
/* Hands the string to the caller (never NULL unless oom); the buffer is emptied. */
char *sweep_buf_detach(struct sweep_buf *b);
static inline const char *sweep_buf_str(const struct sweep_buf *b)
{
	return b->p ? b->p : "";
}

#endif
