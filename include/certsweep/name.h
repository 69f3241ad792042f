/* Distinguished names as text. */
#ifndef CERTSWEEP_NAME_H
#define CERTSWEEP_NAME_H

#include "certsweep/buf.h"
#include "certsweep/cert.h"

/* Short name of an attribute type (CN, ST, jurisdictionC ...), NULL if unknown. */
const char *sweep_attr_type_name(const uint8_t *oid, size_t len);
/* Attribute type OID from a short name (case-insensitive), for the expression language. */
int sweep_attr_type_lookup(const char *name, const uint8_t **oid, size_t *len);

/* The value as UTF-8 (U+FFFD for undecodable input). Returns 1 when the
 * value is a well-formed string of its declared type, 0 when it was
 * repaired, -1 when the value is not a string type at all (then out is empty). */
int sweep_attr_utf8(const struct sweep_attr *a, struct sweep_buf *out);

/* RFC 4514 string: RDNs last-to-first, ',' between RDNs, '+' inside one.
 * Besides RFC 4514's mandatory escapes certsweep also escapes '=' so that
 * an embedded RDN is unambiguous ("ST=Tokyo\, C\=JP"), control characters
 * and invalid bytes as \XX, and non-string values as #hex. */
void sweep_name_rfc4514(const struct sweep_name *name, struct sweep_buf *out);

/* First attribute of a type in a name, or NULL. */
const struct sweep_attr *sweep_name_find(const struct sweep_name *name, const uint8_t *oid, size_t len);

#endif
