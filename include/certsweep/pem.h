/* PEM (RFC 7468) certificate blocks, decoded without OpenSSL's BIO and
 * PEM stack: one pass over the text, base64 straight into a reused buffer.
 * `lint` and the files source read whole bundles this way. */
#ifndef CERTSWEEP_PEM_H
#define CERTSWEEP_PEM_H

#include "certsweep/buf.h"

#include <stddef.h>
#include <stdint.h>

enum sweep_pem_status {
	SWEEP_PEM_END = 0,   /* no further certificate block */
	SWEEP_PEM_CERT = 1,  /* a CERTIFICATE (or X509 CERTIFICATE) block, decoded */
	SWEEP_PEM_BROKEN = 2 /* a certificate block that is not valid PEM: raw holds its text */
};

struct sweep_pem_block {
	const uint8_t *raw; /* the block's text from -----BEGIN to the end of -----END…----- */
	size_t raw_len;
	size_t index;       /* 0-based count of certificate blocks so far in this text */
};

struct sweep_pem_reader {
	const uint8_t *p, *end;
	size_t count;
};

static inline void sweep_pem_reader_init(struct sweep_pem_reader *r, const void *data, size_t len)
{
	r->p = (const uint8_t *)data;
	r->end = r->p + len;
	r->count = 0;
}

/* Next certificate block. Blocks with other labels (keys, CRLs, requests)
 * are skipped. On SWEEP_PEM_CERT, der holds the decoded bytes (reset
 * first). Never fails on malformed input: a broken block is reported as
 * such and reading goes on after it. Returns -1 only when der is out of memory. */
int sweep_pem_next(struct sweep_pem_block *out, struct sweep_buf *der, struct sweep_pem_reader *r);

/* As sweep_pem_next, but on SWEEP_PEM_CERT the block's DER is appended to
 * der (it starts at der's length before the call), so one buffer holds
 * every block of a bundle; on SWEEP_PEM_BROKEN der is as it was. */
int sweep_pem_append(struct sweep_pem_block *out, struct sweep_buf *der, struct sweep_pem_reader *r);

/* 1 when the data looks like PEM text (has a -----BEGIN line). */
int sweep_pem_sniff(const void *data, size_t len);

#endif
