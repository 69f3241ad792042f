#include "certsweep/pem.h"

#include <string.h>

static const char begin_tag[] = "-----BEGIN ";
static const char end_tag[] = "-----END ";

/* 0..63 for the base64 alphabet, 64 for whitespace, 65 for '=', 66 otherwise. */
static const uint8_t b64[256] = {
	['A'] = 0,  ['B'] = 1,  ['C'] = 2,  ['D'] = 3,  ['E'] = 4,  ['F'] = 5,  ['G'] = 6,  ['H'] = 7,
	['I'] = 8,  ['J'] = 9,  ['K'] = 10, ['L'] = 11, ['M'] = 12, ['N'] = 13, ['O'] = 14, ['P'] = 15,
	['Q'] = 16, ['R'] = 17, ['S'] = 18, ['T'] = 19, ['U'] = 20, ['V'] = 21, ['W'] = 22, ['X'] = 23,
	['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27, ['c'] = 28, ['d'] = 29, ['e'] = 30, ['f'] = 31,
	['g'] = 32, ['h'] = 33, ['i'] = 34, ['j'] = 35, ['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39,
	['o'] = 40, ['p'] = 41, ['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47,
	['w'] = 48, ['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53, ['2'] = 54, ['3'] = 55,
	['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59, ['8'] = 60, ['9'] = 61, ['+'] = 62, ['/'] = 63,
};

static int b64_value(uint8_t c)
{
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 64;
	if (c == '=')
		return 65;
	if (c == 'A')
		return 0;
	return b64[c] ? b64[c] : 66;
}

static const uint8_t *find(const uint8_t *p, const uint8_t *end, const char *tag, size_t n)
{
	while (p < end && (size_t)(end - p) >= n) {
		const uint8_t *q = memchr(p, tag[0], (size_t)(end - p) - n + 1);
		if (!q)
			return NULL;
		if (memcmp(q, tag, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* Base64 of [p, end) into der; 0, or -1 when it is not strict base64
 * (whitespace anywhere is allowed, '=' only as the final padding). */
static int decode(struct sweep_buf *der, const uint8_t *p, const uint8_t *end)
{
	uint32_t acc = 0;
	int n = 0, pad = 0;
	uint8_t out[3];

	for (; p < end; p++) {
		int v = b64_value(*p);
		if (v == 64)
			continue;
		if (v == 66)
			return -1;
		if (v == 65) {
			pad++;
			continue;
		}
		if (pad)
			return -1; /* data after padding */
		acc = acc << 6 | (uint32_t)v;
		if (++n == 4) {
			out[0] = (uint8_t)(acc >> 16);
			out[1] = (uint8_t)(acc >> 8);
			out[2] = (uint8_t)acc;
			sweep_buf_add(der, out, 3);
			acc = 0;
			n = 0;
		}
	}
	if (n == 0 && pad == 0)
		return 0;
	if (n == 2 && pad == 2) {
		out[0] = (uint8_t)(acc >> 4);
		sweep_buf_add(der, out, 1);
		return 0;
	}
	if (n == 3 && pad == 1) {
		out[0] = (uint8_t)(acc >> 10);
		out[1] = (uint8_t)(acc >> 2);
		sweep_buf_add(der, out, 2);
		return 0;
	}
	return -1;
}

static int is_cert_label(const uint8_t *l, size_t n)
{
	return (n == 11 && memcmp(l, "CERTIFICATE", 11) == 0) || (n == 16 && memcmp(l, "X509 CERTIFICATE", 16) == 0);
}

int sweep_pem_sniff(const void *data, size_t len)
{
	const uint8_t *p = data;

	return find(p, p + len, begin_tag, sizeof(begin_tag) - 1) != NULL;
}

int sweep_pem_next(struct sweep_pem_block *out, struct sweep_buf *der, struct sweep_pem_reader *r)
{
	const size_t bl = sizeof(begin_tag) - 1, el = sizeof(end_tag) - 1;

	for (;;) {
		const uint8_t *b = find(r->p, r->end, begin_tag, bl);
		if (!b) {
			r->p = r->end;
			return SWEEP_PEM_END;
		}
		/* -----BEGIN LABEL----- : the label runs to the next "-----" on the line */
		const uint8_t *label = b + bl, *q = label;
		while (q < r->end && *q != '-' && *q != '\n')
			q++;
		size_t label_len = (size_t)(q - label);
		if ((size_t)(r->end - q) < 5 || memcmp(q, "-----", 5) != 0) {
			r->p = b + bl; /* not a BEGIN line after all */
			continue;
		}
		const uint8_t *body = q + 5;
		const uint8_t *e = find(body, r->end, end_tag, el);
		/* the END line must carry the same label */
		const uint8_t *stop = e ? e + el : r->end;
		int matched = e && (size_t)(r->end - stop) >= label_len + 5 && memcmp(stop, label, label_len) == 0 &&
			      memcmp(stop + label_len, "-----", 5) == 0;
		const uint8_t *after = matched ? stop + label_len + 5 : r->end;
		if (!matched && e) { /* an END line for another label: the block ends with that line */
			const uint8_t *nl = memchr(stop, '\n', (size_t)(r->end - stop));
			after = nl ? (nl > stop && nl[-1] == '\r' ? nl - 1 : nl) : r->end;
		}
		if (!is_cert_label(label, label_len)) {
			r->p = after;
			continue; /* keys, CRLs, requests in a bundle are not certificates */
		}
		out->raw = b;
		out->raw_len = (size_t)(after - b);
		out->index = r->count++;
		r->p = after;
		sweep_buf_reset(der);
		int bad = !matched;
		if (!bad) {
			/* RFC 1421 headers (a line with ':') before the base64 are skipped */
			const uint8_t *data = body;
			const uint8_t *colon = memchr(body, ':', (size_t)(e - body));
			if (colon) {
				const uint8_t *blank = find(colon, e, "\n\n", 2);
				const uint8_t *blank_crlf = find(colon, e, "\r\n\r\n", 4);
				data = blank ? blank + 2 : blank_crlf ? blank_crlf + 4 : e;
			}
			bad = decode(der, data, e) != 0;
		}
		if (der->oom)
			return -1;
		return bad ? SWEEP_PEM_BROKEN : SWEEP_PEM_CERT;
	}
}
