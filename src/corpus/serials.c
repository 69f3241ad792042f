/* Serial-number entropy per issuer (BR 7.1): which bit positions varied. */
#include "certsweep/corpus.h"

#include <string.h>

void sweep_serial_sketch_init(struct sweep_serial_sketch *s)
{
	memset(s, 0, sizeof(*s));
	memset(s->all, 0xff, sizeof(s->all));
}

static unsigned bit_length(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i]) {
			unsigned b = 8;
			while (!(p[i] & (1u << (b - 1))))
				b--;
			return (unsigned)(n - i - 1) * 8 + b;
		}
	return 0;
}

void sweep_serial_sketch_add(struct sweep_serial_sketch *s, const uint8_t *serial, size_t len)
{
	uint8_t v[SWEEP_SERIAL_SKETCH_OCTETS] = { 0 };
	unsigned bits;

	/* The value, not its encoding: leading 00 octets (the sign octet, or a
	 * non-minimal encoding) carry no entropy. */
	while (len > 0 && serial[0] == 0) {
		serial++;
		len--;
	}
	if (len > SWEEP_SERIAL_SKETCH_OCTETS) {
		serial += len - SWEEP_SERIAL_SKETCH_OCTETS;
		len = SWEEP_SERIAL_SKETCH_OCTETS;
	}
	if (len)
		memcpy(v + SWEEP_SERIAL_SKETCH_OCTETS - len, serial, len);
	for (size_t i = 0; i < SWEEP_SERIAL_SKETCH_OCTETS; i++) {
		s->any[i] |= v[i];
		s->all[i] &= v[i];
	}
	bits = bit_length(v, sizeof(v));
	if (bits > s->max_bits)
		s->max_bits = bits;
	s->n++;
}

void sweep_serial_sketch_merge(struct sweep_serial_sketch *a, const struct sweep_serial_sketch *b)
{
	for (size_t i = 0; i < SWEEP_SERIAL_SKETCH_OCTETS; i++) {
		a->any[i] |= b->any[i];
		a->all[i] &= b->all[i];
	}
	if (b->max_bits > a->max_bits)
		a->max_bits = b->max_bits;
	a->n += b->n;
}

unsigned sweep_serial_sketch_varying_bits(const struct sweep_serial_sketch *s)
{
	unsigned varying = 0;

	if (s->n < 2)
		return 0;
	/* Positions above the widest serial are 0 in every serial and so are
	 * counted as constant: they are no part of any serial. */
	for (unsigned bit = 0; bit < s->max_bits; bit++) {
		size_t octet = SWEEP_SERIAL_SKETCH_OCTETS - 1 - bit / 8;
		unsigned m = 1u << (bit % 8);
		if ((s->any[octet] & m) && !(s->all[octet] & m))
			varying++;
	}
	return varying;
}

int sweep_serial_sketch_insufficient(const struct sweep_serial_sketch *s)
{
	return s->n >= SWEEP_SERIAL_MIN_SAMPLE && sweep_serial_sketch_varying_bits(s) < SWEEP_SERIAL_MIN_BITS;
}
