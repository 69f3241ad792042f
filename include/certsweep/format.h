/* Text formatting the sinks share. The definitions still live in
 * src/decode/ (cert.c, der.c), whose owner moves them to src/util/format.c;
 * the sinks include only this header, never the decoder's. */
#ifndef CERTSWEEP_FORMAT_H
#define CERTSWEEP_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Lower-case hex of n bytes into buf (2n + 1 bytes). */
void sweep_hex(const uint8_t *p, size_t n, char *buf);
/* Unix time as YYYY-MM-DDTHH:MM:SSZ. */
void sweep_time_iso(int64_t t, char buf[21]);

#endif
