#include "certsweep/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(struct sweep_buf *b, size_t extra)
{
	if (b->oom)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + extra + 1)
		ncap *= 2;
	char *p = realloc(b->p, ncap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = ncap;
	return 0;
}

int sweep_buf_reserve(struct sweep_buf *b, size_t extra)
{
	return reserve(b, extra);
}

void sweep_buf_add(struct sweep_buf *b, const void *data, size_t n)
{
	if (reserve(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sweep_buf_puts(struct sweep_buf *b, const char *s)
{
	sweep_buf_add(b, s, strlen(s));
}

void sweep_buf_putc(struct sweep_buf *b, char c)
{
	sweep_buf_add(b, &c, 1);
}

void sweep_buf_printf(struct sweep_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	/* into the room there is first: one vsnprintf in the common case
	 * (issue #17: measuring every string first was half of the cost) */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_start(ap, fmt);
	n = vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		b->len += (size_t)n;
		return;
	}
	if (room)
		b->p[b->len] = '\0'; /* what did not fit is not appended */
	if (n < 0 || reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sweep_buf_i64(struct sweep_buf *b, int64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *q = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	sweep_buf_add(b, q, (size_t)(e - q));
}

void sweep_buf_reset(struct sweep_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void sweep_buf_release(struct sweep_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

char *sweep_buf_detach(struct sweep_buf *b)
{
	char *p;

	if (b->oom) {
		sweep_buf_release(b);
		return NULL;
	}
	if (!b->p)
		sweep_buf_add(b, "", 0);
	p = b->p;
	memset(b, 0, sizeof(*b));
	return p;
}
