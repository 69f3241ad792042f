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

/* Defects the decoder read past instead of refusing the certificate: each
 * is judged by its own lint (registry section "decode defects"), and the
 * rest of the certificate is decoded and judged as usual. */
enum sweep_defect {
	SWEEP_DEFECT_TRAILING_DATA = 1u << 0,   /* bytes after the Certificate SEQUENCE */
	SWEEP_DEFECT_BER_LENGTH = 1u << 1,      /* a non-minimal or indefinite length */
	SWEEP_DEFECT_EMPTY_RDN_ISSUER = 1u << 2,
	SWEEP_DEFECT_EMPTY_RDN_SUBJECT = 1u << 3,
	SWEEP_DEFECT_TIME_NO_SECONDS = 1u << 4, /* notBefore/notAfter without seconds */
	SWEEP_DEFECT_TIME_NOT_ZULU = 1u << 5,   /* with an offset, or with no zone */
	SWEEP_DEFECT_TIME_FRACTION = 1u << 6,   /* with fractional seconds */
	SWEEP_DEFECT_PATH_LEN = 1u << 7,        /* pathLenConstraint negative or beyond int */
	SWEEP_DEFECT_GENERAL_NAME_TAG = 1u << 8, /* a subjectAltName entry that is not context-tagged */
	SWEEP_DEFECT_EXTENSION_VALUE = 1u << 9, /* an extension value certsweep reads does not parse */
};

/* The odd primes below 752 (BR 6.1.6). */
#define SWEEP_SMALL_PRIMES 132

/* Facts about the subject's RSA key that several lints share, worked out
 * once per certificate on first use by sweep_rsa_facts() (src/lint/
 * rsa_facts.c) and cleared by every decode. Not part of the decoded view:
 * only that accessor reads or writes them. */
struct sweep_rsa_facts {
	unsigned have;        /* SWEEP_RSA_HAVE_* (rsa_facts.c): what is worked out */
	int ok;               /* an RSAPublicKey of two nonempty INTEGERs */
	const uint8_t *n, *e; /* the INTEGERs' content octets */
	size_t n_len, e_len;
	unsigned n_bits, e_bits; /* bits of their unsigned magnitudes (BN_num_bits) */
	int res_ok;              /* res[] holds n mod each small prime */
	uint16_t res[SWEEP_SMALL_PRIMES];
};

/* Other per-certificate results several lints share (src/lint/), worked
 * out on first use and cleared by every decode, like sweep_rsa_facts. */
#define SWEEP_MEMO_ATTRS 24
#define SWEEP_MEMO_UTF8 1536
struct sweep_lint_memo {
	unsigned have;      /* bits of what is worked out (the lint files' SWEEP_MEMO_*) */
	int san_gn, ian_gn; /* lint_gnames.c: finding bits of the SAN's and IAN's names */
	unsigned dns;       /* lint_san.c: SWEEP_DNS_* bits, what some dNSName of the SAN has */
	unsigned cn_san;    /* lint_subject.c: bit 0: a CN is in no SAN entry, bit 1: in none byte for byte */
	/* lint_subject.c: each subject value as sweep_attr_utf8() writes it
	 * (NUL-terminated at subj_off[i]) and what it returned, when all fit */
	int subj_ok;
	signed char subj_valid[SWEEP_MEMO_ATTRS];
	uint16_t subj_off[SWEEP_MEMO_ATTRS];
	char subj_utf8[SWEEP_MEMO_UTF8];
};

struct sweep_cert {
	const uint8_t *der;
	size_t der_len;
	/* SHA-256 of der: worked out on first use by sweep_cert_sha256() (most
	 * rows of an audit need none: only a finding, an affected serial or a
	 * corpus check shows it) and cleared by every decode; read it through
	 * that accessor only */
	uint8_t sha256_memo[32];
	int sha256_have;
	const uint8_t *tbs;
	size_t tbs_len;
	int version; /* 0 = v1, 2 = v3 */
	const uint8_t *serial; /* INTEGER content octets, as encoded */
	size_t serial_len;
	struct sweep_oidref tbs_sig_alg, sig_alg;
	const uint8_t *tbs_sig_alg_der, *sig_alg_der; /* the whole AlgorithmIdentifier TLVs */
	size_t tbs_sig_alg_der_len, sig_alg_der_len;
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
	/* the first extension 2.5.29.x (x < 64) of exts, as index + 1 (0: none),
	 * filled by the decode, which sets ext_index; sweep_cert_ext reads it */
	uint16_t ext_ce[64];
	int ext_index;
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
	int has_basic_constraints, is_ca, path_len; /* path_len -1 when absent, -2 when not in 0..INT_MAX */
	int has_key_usage;
	unsigned key_usage; /* bit 0 = digitalSignature ... as in RFC 5280 */
	int has_eku;
	int has_aia, has_crldp, has_skid, has_akid;
	int akid_has_key_id; /* authorityKeyIdentifier carries [0] keyIdentifier */
	const uint8_t *akid_key_id; /* ...namely these octets (NULL when absent) */
	size_t akid_key_id_len;
	int duplicate_extension; /* 1 + index of the first extension that repeats an earlier one; 0 = none */
	enum sweep_cert_type type;
	unsigned defects; /* enum sweep_defect bits */
	unsigned ev_policy_index; /* 1 + index in sweep_ev_policies() of a CA EV OID; 0 = none */
	enum sweep_cert_kind kind; /* what it is for (kind.h), set at the end of decoding */

	/* Lazily computed, shared by the lints; written through a const view
	 * by sweep_rsa_facts() (a sweep_cert is never itself const). */
	struct sweep_rsa_facts rsa;
	struct sweep_lint_memo memo;
};

void sweep_cert_init(struct sweep_cert *cert);
void sweep_cert_release(struct sweep_cert *cert);
/* Decode der into cert (which must have been initialised). On failure
 * returns SWEEP_EDECODE or SWEEP_ENOMEM with the reason in err. The view
 * points into der, which must outlive it (sweep_cert_sha256 reads it too). */
int sweep_cert_decode(struct sweep_cert *cert, const uint8_t *der, size_t len, struct sweep_error *err);
/* The SHA-256 of the decoded certificate's DER, hashed on the first call
 * after a decode (cert is a cache here, as for sweep_rsa_facts). */
const uint8_t *sweep_cert_sha256(const struct sweep_cert *cert);
/* Give the decoded certificate its SHA-256 when the caller already has it
 * (a row decoded again: the hash is not worked out twice). */
void sweep_cert_set_sha256(struct sweep_cert *cert, const uint8_t sha256[32]);

/* SHA-256 of len bytes, as the decode hashes certificates: the digest
 * fetched once and one context per thread (OpenSSL 3's SHA256() fetches the
 * digest from the provider on every call). */
void sweep_sha256(uint8_t out[32], const void *data, size_t len);
/* SHA-256 of the concatenation of n byte ranges (nothing copied); 0, or -1
 * when OpenSSL fails. */
struct sweep_span {
	const uint8_t *p;
	size_t len;
};
int sweep_sha256_parts(uint8_t out[32], const struct sweep_span *parts, size_t n);

/* Decode a DER Name on its own (attrs grow as needed; free with free(name->attrs)). */
int sweep_name_decode(struct sweep_name *name, const uint8_t *der, size_t len, struct sweep_error *err);

/* Find an extension by OID content octets. */
const struct sweep_ext *sweep_cert_ext(const struct sweep_cert *cert, const uint8_t *oid, size_t oid_len);
/* The subjectKeyIdentifier's octets (*len of them, possibly none), or NULL
 * when the extension is absent or its value is not one OCTET STRING. */
const uint8_t *sweep_cert_skid(const struct sweep_cert *cert, size_t *len);

/* The serial as lowercase hex of its content octets, leading zeros kept
 * (123456 -> "01e240"). buf needs 2*serial_len+1 bytes. */
void sweep_hex(const uint8_t *p, size_t n, char *buf);

/* RSA modulus size in bits, 0 when not RSA or unparseable. Decoded on demand. */
unsigned sweep_cert_rsa_bits(const struct sweep_cert *cert);
/* Named curve OID of an EC key, or {NULL,0}. */
struct sweep_oidref sweep_cert_ec_curve(const struct sweep_cert *cert);

const char *sweep_cert_type_name(enum sweep_cert_type t);

/* CA-specific EV policy OIDs recognised by the root programs (EVG 9.3.2:
 * a CA MAY use its own OID besides 2.23.140.1.1). A certificate carrying
 * one is EV for every lint, like one with the CA/B Forum OID. */
struct sweep_ev_policy {
	const uint8_t *oid; /* content octets */
	size_t len;
	const char *dotted;
	const char *ca;
};
const struct sweep_ev_policy *sweep_ev_policies(size_t *n_out);
/* Nonzero when the policy OID is 2.23.140.1.1 or one of sweep_ev_policies(). */
int sweep_policy_is_ev(const uint8_t *oid, size_t len);
/* 1 + the sweep_ev_policies() index of a CA EV OID, 0 when not listed. */
unsigned sweep_ev_policy_lookup(const uint8_t *oid, size_t len);

#endif
