/* The decoded view of one certificate. Every pointer points into the DER
 * the caller passed to sweep_cert_decode(), which must outlive the view.
 * Arrays are owned by the struct and reused across decodes, so a long
 * scan decodes without a malloc per certificate. */
#ifndef CERTSWEEP_CERT_H
#define CERTSWEEP_CERT_H

#include "certsweep/error.h"
#include "certsweep/kind.h"

#include <stddef.h>
#include <stdint.h>

struct sweep_attr {
	const uint8_t *oid; /* content octets of the AttributeType */
	size_t oid_len;
	unsigned tag;       /* string type (DER_UTF8STRING, ...) */
	const uint8_t *val; /* content octets of the value */
	size_t len;
	const uint8_t *raw; /* the value's whole TLV */
	size_t raw_len;
	unsigned rdn;       /* index of its RDN; equal for a multi-valued RDN */
};

struct sweep_name {
	const uint8_t *der; /* the whole Name TLV */
	size_t der_len;
	struct sweep_attr *attrs;
	size_t n, cap;
	unsigned n_rdn;
};

struct sweep_ext {
	const uint8_t *oid;
	size_t oid_len;
	int critical;
	const uint8_t *val; /* contents of the extnValue OCTET STRING */
	size_t len;
};

/* GeneralName: tag is the context tag number (2 dNSName, 7 iPAddress ...). */
struct sweep_gname {
	unsigned tag;
	const uint8_t *val;
	size_t len;
};

struct sweep_oidref {
	const uint8_t *oid;
	size_t len;
};

enum sweep_cert_type { SWEEP_TYPE_UNKNOWN = 0, SWEEP_TYPE_DV, SWEEP_TYPE_OV, SWEEP_TYPE_IV, SWEEP_TYPE_EV };

struct sweep_cert {
	const uint8_t *der;
	size_t der_len;
	uint8_t sha256[32];
	const uint8_t *tbs;
	size_t tbs_len;
	int version; /* 0 = v1, 2 = v3 */
	const uint8_t *serial; /* INTEGER content octets, as encoded */
	size_t serial_len;
	struct sweep_oidref tbs_sig_alg, sig_alg;
	struct sweep_name issuer, subject;
	int64_t not_before, not_after;
	unsigned not_before_tag, not_after_tag;
	const uint8_t *spki;
	size_t spki_len;
	struct sweep_oidref key_alg;
	const uint8_t *key_params; /* AlgorithmIdentifier parameters TLV, or NULL */
	size_t key_params_len;
	const uint8_t *key_bits;   /* subjectPublicKey BIT STRING contents */
	size_t key_bits_len;

	struct sweep_ext *exts;
	size_t n_ext, cap_ext;
	struct sweep_gname *san;
	size_t n_san, cap_san;
	struct sweep_oidref *policies;
	size_t n_policies, cap_policies;
	struct sweep_oidref *eku;
	size_t n_eku, cap_eku;

	int is_precert;    /* poison extension present */
	int has_sct_list;
	int has_san;
	int has_policies;
	int has_basic_constraints, is_ca, path_len; /* path_len -1 when absent */
	int has_key_usage;
	unsigned key_usage; /* bit 0 = digitalSignature ... as in RFC 5280 */
	int has_eku;
	int has_aia, has_crldp, has_skid, has_akid;
	int duplicate_extension;
	enum sweep_cert_type type;
	enum sweep_cert_kind kind; /* what it is for (kind.h), set at the end of decoding */
};

void sweep_cert_init(struct sweep_cert *cert);
void sweep_cert_release(struct sweep_cert *cert);
/* Decode der into cert (which must have been initialised). On failure
 * returns SWEEP_EDECODE or SWEEP_ENOMEM with the reason in err. */
int sweep_cert_decode(struct sweep_cert *cert, const uint8_t *der, size_t len, struct sweep_error *err);
/* Like sweep_cert_decode but skips the SHA-256 (pairing passes that only need keys). */
int sweep_cert_decode_nohash(struct sweep_cert *cert, const uint8_t *der, size_t len,
			     struct sweep_error *err);

/* Decode a DER Name on its own (attrs grow as needed; free with free(name->attrs)). */
int sweep_name_decode(struct sweep_name *name, const uint8_t *der, size_t len, struct sweep_error *err);

/* Find an extension by OID content octets. */
const struct sweep_ext *sweep_cert_ext(const struct sweep_cert *cert, const uint8_t *oid, size_t oid_len);

/* The serial as lowercase hex of its content octets, leading zeros kept
 * (123456 -> "01e240"). buf needs 2*serial_len+1 bytes. */
void sweep_hex(const uint8_t *p, size_t n, char *buf);

/* RSA modulus size in bits, 0 when not RSA or unparseable. Decoded on demand. */
unsigned sweep_cert_rsa_bits(const struct sweep_cert *cert);
/* Named curve OID of an EC key, or {NULL,0}. */
struct sweep_oidref sweep_cert_ec_curve(const struct sweep_cert *cert);

const char *sweep_cert_type_name(enum sweep_cert_type t);

#endif
