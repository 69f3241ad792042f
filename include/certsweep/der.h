/* A small, bounds-checked DER reader. It never allocates and never reads
 * outside [p, p+len); every failure is a return code, never a crash. */
#ifndef CERTSWEEP_DER_H
#define CERTSWEEP_DER_H

#include "certsweep/error.h"

#include <stddef.h>
#include <stdint.h>

/* Identifier octets as they appear for low tag numbers (< 31). */
enum {
	DER_BOOLEAN = 0x01,
	DER_INTEGER = 0x02,
	DER_BIT_STRING = 0x03,
	DER_OCTET_STRING = 0x04,
	DER_NULL = 0x05,
	DER_OID = 0x06,
	DER_ENUMERATED = 0x0a,
	DER_UTF8STRING = 0x0c,
	DER_NUMERICSTRING = 0x12,
	DER_PRINTABLESTRING = 0x13,
	DER_TELETEXSTRING = 0x14,
	DER_IA5STRING = 0x16,
	DER_UTCTIME = 0x17,
	DER_GENERALIZEDTIME = 0x18,
	DER_VISIBLESTRING = 0x1a,
	DER_UNIVERSALSTRING = 0x1c,
	DER_BMPSTRING = 0x1e,
	DER_SEQUENCE = 0x30,
	DER_SET = 0x31,
};

#define DER_CONTEXT(n) (0x80u | (unsigned)(n))             /* [n] IMPLICIT primitive */
#define DER_CONTEXT_CONS(n) (0xa0u | (unsigned)(n))        /* [n] constructed */

struct der_cursor {
	const uint8_t *p;
	size_t len;
};

struct der_tlv {
	unsigned tag;         /* identifier octet (the first one for a high tag number) */
	const uint8_t *val;   /* contents (without the end-of-contents octets of BER) */
	size_t len;
	const uint8_t *raw;   /* whole TLV */
	size_t raw_len;
	unsigned ber;         /* DER_BER_* ways this TLV's header departs from DER */
};

/* The reader accepts what BER parsers accept (OpenSSL does) and says where
 * the encoding is not DER, so that a defect is a finding, not a skipped row. */
enum {
	DER_BER_LONG_LENGTH = 1u << 0, /* length in more octets than needed (X.690 10.1) */
	DER_BER_INDEFINITE = 1u << 1,  /* indefinite length, end-of-contents octets (X.690 10.1) */
	DER_BER_HIGH_TAG = 1u << 2,    /* tag number >= 31 (legal DER, unusual in X.509) */
};

enum { DER_END = 1 };

static inline struct der_cursor der_cursor_of(const uint8_t *p, size_t len)
{
	struct der_cursor c = { p, len };
	return c;
}

/* The general case of der_next (high tag numbers, long and indefinite
 * lengths, errors); callers use der_next. */
int der_next_slow(struct der_cursor *cur, struct der_tlv *out);

/* Read the next TLV. Returns 0, DER_END when the cursor is empty, or a
 * negative SWEEP_EDECODE on malformed input. Inline: a low tag number with
 * a short-form length (most TLVs of a certificate) costs no call. */
static inline int der_next(struct der_cursor *cur, struct der_tlv *out)
{
	if (cur->len == 0)
		return DER_END;
	if (cur->len >= 2 && (cur->p[0] & 0x1f) != 0x1f && cur->p[1] < 0x80 && cur->p[1] <= cur->len - 2) {
		size_t len = cur->p[1];
		out->tag = cur->p[0];
		out->val = cur->p + 2;
		out->len = len;
		out->raw = cur->p;
		out->raw_len = len + 2;
		out->ber = 0;
		cur->p += len + 2;
		cur->len -= len + 2;
		return 0;
	}
	/* DER's long forms of one and two octets (128 .. 65535): the
	 * certificate, the TBS, keys, extension lists */
	if (cur->len >= 4 && (cur->p[0] & 0x1f) != 0x1f && (cur->p[1] == 0x81 || cur->p[1] == 0x82)) {
		size_t hdr = cur->p[1] == 0x81 ? 3 : 4;
		size_t len = hdr == 3 ? cur->p[2] : (size_t)cur->p[2] << 8 | cur->p[3];
		if (len >= (hdr == 3 ? 128u : 256u) && len <= cur->len - hdr) {
			out->tag = cur->p[0];
			out->val = cur->p + hdr;
			out->len = len;
			out->raw = cur->p;
			out->raw_len = len + hdr;
			out->ber = 0;
			cur->p += len + hdr;
			cur->len -= len + hdr;
			return 0;
		}
	}
	return der_next_slow(cur, out);
}

/* Read the next TLV and require its identifier octet to be tag. */
static inline int der_expect(struct der_cursor *cur, unsigned tag, struct der_tlv *out)
{
	int rc = der_next(cur, out);

	if (rc == DER_END)
		return SWEEP_EDECODE;
	if (rc < 0)
		return rc;
	return out->tag == tag ? 0 : SWEEP_EDECODE;
}

/* If the next TLV has this tag, read it and return 0; else DER_END, untouched. */
static inline int der_optional(struct der_cursor *cur, unsigned tag, struct der_tlv *out)
{
	if (cur->len == 0 || cur->p[0] != tag)
		return DER_END;
	return der_expect(cur, tag, out);
}

static inline struct der_cursor der_inside(const struct der_tlv *t)
{
	return der_cursor_of(t->val, t->len);
}

/* UTCTime or GeneralizedTime to seconds since the epoch (UTC), in the strict
 * RFC 5280 4.1.2.5 form (YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ). */
int der_time(const struct der_tlv *t, int64_t *out);

/* How a time departs from RFC 5280 4.1.2.5.1/4.1.2.5.2. */
enum {
	DER_TIME_NO_SECONDS = 1u << 0, /* YYMMDDHHMMZ */
	DER_TIME_NOT_ZULU = 1u << 1,   /* +hhmm/-hhmm offset, or no zone at all (read as UTC) */
	DER_TIME_FRACTION = 1u << 2,   /* fractional seconds */
};
/* The same, accepting what X.680 allows (no seconds, fractions, offsets,
 * no zone) and setting DER_TIME_* bits in *quirks (which it does not clear). */
int der_time_lenient(const struct der_tlv *t, int64_t *out, unsigned *quirks);
/* Dotted-decimal text of an OID's content octets. Returns 0 or SWEEP_EDECODE. */
int der_oid_text(const uint8_t *oid, size_t len, char *buf, size_t bufsz);
/* Days since 1970-01-01 of a civil date, and the reverse. */
int64_t sweep_days_from_civil(int y, unsigned m, unsigned d);
void sweep_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void sweep_time_iso(int64_t t, char buf[21]);
/* Parse YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z. Returns 0 or SWEEP_EINVAL. */
int sweep_time_parse(const char *s, int64_t *out);

#endif
