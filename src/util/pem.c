#include "certsweep/pem.h"

#include <string.h>

static const char begin_tag[] = "-----BEGIN ";
static const char end_tag[] = "-----END ";

/* One table drives the decoder: 1..64 the base64 alphabet (value + 1),
 * and the characters the body may meet, all else 0. */
enum { C_OTHER = 0, C_SPACE = 65, C_PAD = 66, C_DASH = 67 };
static const uint8_t cls[256] = {
	['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,  ['H'] = 8,
	['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16,
	['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
	['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
	['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40,
	['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
	['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
	[' '] = C_SPACE, ['\t'] = C_SPACE, ['\r'] = C_SPACE, ['\n'] = C_SPACE, ['='] = C_PAD, ['-'] = C_DASH,
};

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

/* Base64 from *pp into der, in one pass, up to the first '-' (where the
 * END line starts) or the end. 0 when it was strict base64 (whitespace
 * anywhere, '=' only as final padding); -1 otherwise, with *pp where it
 * stopped; -2 when der ran out of memory. The room for the whole body is
 * reserved first (found by memchr), so the loop writes through a local
 * pointer: stores to der's bytes could alias der->len and der->p. */
static int decode(struct sweep_buf *der, const uint8_t **pp, const uint8_t *end)
{
	const uint8_t *p = *pp;
	const uint8_t *stop = memchr(p, '-', (size_t)(end - p));
	uint32_t acc = 0;
	int n = 0, pad = 0, rc = 0;

	if (!stop)
		stop = end;
	if (sweep_buf_reserve(der, (size_t)(stop - p) / 4 * 3 + 4))
		return -2;
	uint8_t *const base = (uint8_t *)der->p;
	uint8_t *o = base + der->len;
	for (; p < stop; p++) {
		/* whole quads of alphabet characters, the bulk of a body */
		while (n == 0 && !pad && stop - p >= 4) {
			unsigned a = cls[p[0]] - 1u, b = cls[p[1]] - 1u, c = cls[p[2]] - 1u, d = cls[p[3]] - 1u;
			if ((a | b | c | d) >= 64)
				break;
			uint32_t q = a << 18 | b << 12 | c << 6 | d;
			o[0] = (uint8_t)(q >> 16);
			o[1] = (uint8_t)(q >> 8);
			o[2] = (uint8_t)q;
			o += 3;
			p += 4;
		}
		if (p == stop)
			break;
		unsigned v = cls[*p];
		if (v - 1 < 64) {
			if (pad) {
				rc = -1; /* data after padding */
				break;
			}
			acc = acc << 6 | (v - 1);
			if (++n == 4) {
				o[0] = (uint8_t)(acc >> 16);
				o[1] = (uint8_t)(acc >> 8);
				o[2] = (uint8_t)acc;
				o += 3;
				acc = 0;
				n = 0;
			}
			continue;
		}
		if (v == C_SPACE)
			continue;
		if (v == C_PAD) {
			pad++;
			continue;
		}
		rc = -1; /* not base64 (a '-' is only ever at stop) */
		break;
	}
	*pp = p;
	if (rc == 0) {
		if (n == 2 && pad == 2) {
			o[0] = (uint8_t)(acc >> 4);
			o += 1;
		} else if (n == 3 && pad == 1) {
			o[0] = (uint8_t)(acc >> 10);
			o[1] = (uint8_t)(acc >> 2);
			o += 2;
		} else if (n != 0 || pad != 0) {
			rc = -1;
		}
	}
	der->len = (size_t)(o - base);
	der->p[der->len] = '\0';
	return rc;
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

/* Whether "-----END <label>-----" starts at e. */
static int end_line_at(const uint8_t *e, const uint8_t *end, const uint8_t *label, size_t label_len)
{
	const size_t el = sizeof(end_tag) - 1;

	return (size_t)(end - e) >= el + label_len + 5 && memcmp(e, end_tag, el) == 0 &&
	       memcmp(e + el, label, label_len) == 0 && memcmp(e + el + label_len, "-----", 5) == 0;
}

/* Where a block that is not valid PEM ends: after its END line (whatever
 * its label), or at the end of the text. */
static const uint8_t *broken_block_end(const uint8_t *from, const uint8_t *end)
{
	const uint8_t *e = find(from, end, end_tag, sizeof(end_tag) - 1);

	if (!e)
		return end;
	const uint8_t *nl = memchr(e, '\n', (size_t)(end - e));
	if (!nl)
		return end;
	return nl > e && nl[-1] == '\r' ? nl - 1 : nl;
}

int sweep_pem_next(struct sweep_pem_block *out, struct sweep_buf *der, struct sweep_pem_reader *r)
{
	sweep_buf_reset(der);
	return sweep_pem_append(out, der, r);
}

int sweep_pem_append(struct sweep_pem_block *out, struct sweep_buf *der, struct sweep_pem_reader *r)
{
	const size_t bl = sizeof(begin_tag) - 1;
	const size_t start = der->len;

	for (;;) {
		const uint8_t *b = find(r->p, r->end, begin_tag, bl);
		if (!b) {
			r->p = r->end;
			return SWEEP_PEM_END;
		}
		/* -----BEGIN LABEL----- : the label runs to the next '-' on the line */
		const uint8_t *label = b + bl, *q = label;
		while (q < r->end && *q != '-' && *q != '\n')
			q++;
		size_t label_len = (size_t)(q - label);
		if ((size_t)(r->end - q) < 5 || memcmp(q, "-----", 5) != 0) {
			r->p = b + bl; /* not a BEGIN line after all */
			continue;
		}
		const uint8_t *body = q + 5;
		if (!is_cert_label(label, label_len)) {
			/* keys, CRLs, requests in a bundle are not certificates */
			const uint8_t *e = find(body, r->end, end_tag, sizeof(end_tag) - 1);
			r->p = e ? e + sizeof(end_tag) - 1 : r->end;
			continue;
		}
		out->raw = b;
		out->index = r->count++;
		const uint8_t *p = body;
		/* RFC 1421 headers (Proc-Type: ...) on the first line: the base64
		 * follows the blank line */
		const uint8_t *l1 = p;
		while (l1 < r->end && (*l1 == '\r' || *l1 == '\n'))
			l1++;
		const uint8_t *l1_end = memchr(l1, '\n', (size_t)(r->end - l1));
		if (memchr(l1, ':', (size_t)((l1_end ? l1_end : r->end) - l1))) {
			const uint8_t *lf = find(l1, r->end, "\n\n", 2), *crlf = find(l1, r->end, "\r\n\r\n", 4);
			p = lf && (!crlf || lf < crlf) ? lf + 2 : crlf ? crlf + 4 : r->end;
		}
		int rc = decode(der, &p, r->end);
		if (rc == -2)
			return -1;
		if (rc == 0 && end_line_at(p, r->end, label, label_len)) {
			r->p = p + sizeof(end_tag) - 1 + label_len + 5;
			out->raw_len = (size_t)(r->p - b);
			return SWEEP_PEM_CERT;
		}
		r->p = broken_block_end(p, r->end);
		out->raw_len = (size_t)(r->p - b);
		der->len = start; /* what decoded before it broke is dropped */
		if (der->p)
			der->p[start] = '\0';
		return SWEEP_PEM_BROKEN;
	}
}
