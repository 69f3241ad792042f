/* applies()/check() functions referenced by the registry table, and the
 * small helpers they share. Private to src/lint/. */
#ifndef CERTSWEEP_LINT_CHECKS_H
#define CERTSWEEP_LINT_CHECKS_H

#include "certsweep/der.h"
#include "certsweep/lint.h"
#include "certsweep/name.h"
#include "certsweep/oid.h"

#include <string.h>

#define SWEEP_CHECK_DECL(fn)                                                                       \
	enum sweep_check fn(const struct sweep_cert *cert, const struct sweep_lint_config *cfg,        \
			    struct sweep_buf *details)

/* The registry rows' scopes (sweep_lint_scope() of row i at [i]), built once:
 * *base is the registry, *n its rows; NULL if the table could not be built. */
const unsigned *sweep_lint_scope_table(const struct sweep_lint **base, size_t *n);

/* applies() predicates */
int sweep_applies_all(const struct sweep_cert *cert);
int sweep_applies_subscriber(const struct sweep_cert *cert);  /* not a CA certificate */
int sweep_applies_ca(const struct sweep_cert *cert);
int sweep_applies_ev(const struct sweep_cert *cert);
int sweep_applies_ev_or_jurisdiction(const struct sweep_cert *cert);
int sweep_applies_ov(const struct sweep_cert *cert);
int sweep_applies_dv(const struct sweep_cert *cert);
int sweep_applies_rsa(const struct sweep_cert *cert);
int sweep_applies_ec(const struct sweep_cert *cert);
int sweep_applies_precert(const struct sweep_cert *cert);
int sweep_applies_has_san(const struct sweep_cert *cert); /* BR SAN rules: not a CA, has a SAN */
int sweep_applies_has_key_usage(const struct sweep_cert *cert);
int sweep_applies_has_aia(const struct sweep_cert *cert);
int sweep_applies_has_crldp(const struct sweep_cert *cert);
int sweep_applies_subscriber_with_eku(const struct sweep_cert *cert);
int sweep_applies_not_self_issued(const struct sweep_cert *cert);
int sweep_applies_san_present(const struct sweep_cert *cert); /* RFC 5280 SAN rules: any certificate with a SAN */
int sweep_applies_has_akid_not_self_issued(const struct sweep_cert *cert);

static inline int sweep_attr_is(const struct sweep_attr *a, const uint8_t *oid, size_t len)
{
	/* attribute types are mostly 2.5.4.x: the last octet tells them apart */
	return a->oid_len == len && (len == 0 || a->oid[len - 1] == oid[len - 1]) && memcmp(a->oid, oid, len) == 0;
}
#define ATTR_IS(a, name) sweep_attr_is((a), name, sizeof(name))
#define NAME_HAS(n, name) (sweep_name_find((n), name, sizeof(name)) != NULL)
#define CERT_EXT(c, name) sweep_cert_ext((c), name, sizeof(name))

/* Pass when present, else fail saying what is missing. */
static inline enum sweep_check sweep_require(int present, const char *missing, struct sweep_buf *details)
{
	if (present)
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details, missing);
	return SWEEP_CHECK_FAIL;
}

/* An open-addressing hash index over n items (indexes 0..n-1), so that the
 * lints that compare entries with each other stay linear in the size of the
 * certificate (issue 14.9: a 52,000-name SAN must not cost n^2). */
struct sweep_index {
	size_t *slots; /* 0 = empty, else item index + 1 */
	size_t mask;
};
/* Returns 0, or -1 when out of memory. */
int sweep_index_init(struct sweep_index *ix, size_t n);
void sweep_index_release(struct sweep_index *ix);
/* Slot to probe first for hash h; step with (at + 1) & ix->mask. */
static inline size_t sweep_index_slot(const struct sweep_index *ix, uint64_t h)
{
	return (size_t)h & ix->mask;
}
/* FNV-1a over bytes, optionally ASCII case-folded (DNS names, RFC 4343). */
uint64_t sweep_hash_bytes(uint64_t h, const uint8_t *p, size_t n, int fold);
#define SWEEP_HASH_INIT 1469598103934665603ull

/* ISO 3166-1 alpha-2 (or XX), upper case. */
int sweep_country_code_valid(const uint8_t *v, size_t len);

/* "CN" or the dotted OID of an attribute, for details. */
const char *sweep_attr_label(const struct sweep_attr *a, char buf[64]);

/* subject (DN) lints: lint_subject.c */
SWEEP_CHECK_DECL(sweep_check_subject_embedded_rdn);
SWEEP_CHECK_DECL(sweep_check_subject_empty_value);
SWEEP_CHECK_DECL(sweep_check_issuer_empty_value);
SWEEP_CHECK_DECL(sweep_check_subject_whitespace);
SWEEP_CHECK_DECL(sweep_check_subject_control_chars);
SWEEP_CHECK_DECL(sweep_check_subject_printable_alphabet);
SWEEP_CHECK_DECL(sweep_check_issuer_printable_alphabet);
SWEEP_CHECK_DECL(sweep_check_subject_ia5_non_ascii);
SWEEP_CHECK_DECL(sweep_check_subject_utf8_invalid);
SWEEP_CHECK_DECL(sweep_check_subject_bmp_invalid);
SWEEP_CHECK_DECL(sweep_check_subject_string_type);
SWEEP_CHECK_DECL(sweep_check_subject_country_printable);
SWEEP_CHECK_DECL(sweep_check_subject_country_code);
SWEEP_CHECK_DECL(sweep_check_issuer_country_code);
SWEEP_CHECK_DECL(sweep_check_subject_duplicate_attribute);
SWEEP_CHECK_DECL(sweep_check_subject_multi_valued_rdn);
SWEEP_CHECK_DECL(sweep_check_subject_contains_ou);
SWEEP_CHECK_DECL(sweep_check_subject_cn_not_in_san);
SWEEP_CHECK_DECL(sweep_check_subject_cn_not_exactly_in_san);
SWEEP_CHECK_DECL(sweep_check_subject_empty_rdn);
SWEEP_CHECK_DECL(sweep_check_issuer_empty_rdn);
SWEEP_CHECK_DECL(sweep_check_name_value_unknown_type);
SWEEP_CHECK_DECL(sweep_check_subject_locality_without_org);
SWEEP_CHECK_DECL(sweep_check_subject_state_without_org);
SWEEP_CHECK_DECL(sweep_check_subject_org_without_place);
SWEEP_CHECK_DECL(sweep_check_subject_org_without_country);
SWEEP_CHECK_DECL(sweep_check_subject_street_without_org);
SWEEP_CHECK_DECL(sweep_check_subject_attribute_not_allowed);
SWEEP_CHECK_DECL(sweep_check_issuer_dn_empty);
SWEEP_CHECK_DECL(sweep_check_subject_cn_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_org_too_long);
/* policy-type lints: lint_subject.c */
SWEEP_CHECK_DECL(sweep_check_dv_subject_org_fields);
SWEEP_CHECK_DECL(sweep_check_ov_missing_org);
/* EV: lint_ev.c */
SWEEP_CHECK_DECL(sweep_check_ev_jurisdiction_level);
SWEEP_CHECK_DECL(sweep_check_ev_missing_org);
SWEEP_CHECK_DECL(sweep_check_ev_missing_business_category);
SWEEP_CHECK_DECL(sweep_check_ev_business_category_value);
SWEEP_CHECK_DECL(sweep_check_ev_missing_serial_number);
SWEEP_CHECK_DECL(sweep_check_ev_missing_country);
SWEEP_CHECK_DECL(sweep_check_ev_missing_locality);
SWEEP_CHECK_DECL(sweep_check_ev_jurisdiction_country_code);
SWEEP_CHECK_DECL(sweep_check_ev_wildcard);
/* SAN: lint_san.c */
SWEEP_CHECK_DECL(sweep_check_san_missing);
SWEEP_CHECK_DECL(sweep_check_san_empty);
SWEEP_CHECK_DECL(sweep_check_san_dns_syntax);
SWEEP_CHECK_DECL(sweep_check_san_dns_underscore);
SWEEP_CHECK_DECL(sweep_check_san_dns_wildcard_position);
SWEEP_CHECK_DECL(sweep_check_san_dns_wildcard_tld);
SWEEP_CHECK_DECL(sweep_check_san_dns_internal);
SWEEP_CHECK_DECL(sweep_check_san_dns_uppercase);
SWEEP_CHECK_DECL(sweep_check_san_ip_reserved);
SWEEP_CHECK_DECL(sweep_check_san_ip_length);
SWEEP_CHECK_DECL(sweep_check_san_type_not_allowed);
SWEEP_CHECK_DECL(sweep_check_san_critical_with_subject);
SWEEP_CHECK_DECL(sweep_check_san_not_critical_empty_subject);
SWEEP_CHECK_DECL(sweep_check_san_duplicate);
SWEEP_CHECK_DECL(sweep_check_san_general_name_tag);
/* validity: lint_validity.c */
SWEEP_CHECK_DECL(sweep_check_validity_60_months);
SWEEP_CHECK_DECL(sweep_check_validity_39_months);
SWEEP_CHECK_DECL(sweep_check_validity_825_days);
SWEEP_CHECK_DECL(sweep_check_validity_398_days);
SWEEP_CHECK_DECL(sweep_check_validity_200_days);
SWEEP_CHECK_DECL(sweep_check_validity_100_days);
SWEEP_CHECK_DECL(sweep_check_validity_47_days);
SWEEP_CHECK_DECL(sweep_check_validity_negative);
SWEEP_CHECK_DECL(sweep_check_validity_time_encoding);
SWEEP_CHECK_DECL(sweep_check_validity_time_no_seconds);
SWEEP_CHECK_DECL(sweep_check_validity_time_not_zulu);
SWEEP_CHECK_DECL(sweep_check_validity_time_fraction);
/* serial, key, signature: lint_key.c */
SWEEP_CHECK_DECL(sweep_check_serial_not_positive);
SWEEP_CHECK_DECL(sweep_check_serial_too_long);
SWEEP_CHECK_DECL(sweep_check_serial_short);
SWEEP_CHECK_DECL(sweep_check_serial_not_der);
SWEEP_CHECK_DECL(sweep_check_rsa_modulus_small);
SWEEP_CHECK_DECL(sweep_check_rsa_modulus_not_div8);
SWEEP_CHECK_DECL(sweep_check_rsa_exponent_even);
SWEEP_CHECK_DECL(sweep_check_rsa_exponent_small);
SWEEP_CHECK_DECL(sweep_check_rsa_params_not_null);
SWEEP_CHECK_DECL(sweep_check_ec_curve_br);
SWEEP_CHECK_DECL(sweep_check_ec_curve_mozilla);
SWEEP_CHECK_DECL(sweep_check_key_algorithm);
SWEEP_CHECK_DECL(sweep_check_sig_sha1);
SWEEP_CHECK_DECL(sweep_check_sig_md5);
SWEEP_CHECK_DECL(sweep_check_sig_mismatch);
SWEEP_CHECK_DECL(sweep_check_sig_not_allowed);
/* extensions: lint_ext.c */
SWEEP_CHECK_DECL(sweep_check_ca_bc_not_critical);
SWEEP_CHECK_DECL(sweep_check_ca_key_usage_missing);
SWEEP_CHECK_DECL(sweep_check_ca_skid_missing);
SWEEP_CHECK_DECL(sweep_check_akid_missing);
SWEEP_CHECK_DECL(sweep_check_akid_no_key_id);
SWEEP_CHECK_DECL(sweep_check_eku_missing);
SWEEP_CHECK_DECL(sweep_check_eku_server_auth_missing);
SWEEP_CHECK_DECL(sweep_check_eku_server_or_client_auth_missing);
SWEEP_CHECK_DECL(sweep_check_eku_extra_values);
SWEEP_CHECK_DECL(sweep_check_eku_prohibited);
SWEEP_CHECK_DECL(sweep_check_ku_cert_sign);
SWEEP_CHECK_DECL(sweep_check_ku_no_bits);
SWEEP_CHECK_DECL(sweep_check_ku_not_critical);
SWEEP_CHECK_DECL(sweep_check_ec_ku_key_encipherment);
SWEEP_CHECK_DECL(sweep_check_aia_missing);
SWEEP_CHECK_DECL(sweep_check_aia_ocsp_missing);
SWEEP_CHECK_DECL(sweep_check_aia_url_scheme);
SWEEP_CHECK_DECL(sweep_check_crldp_url_scheme);
SWEEP_CHECK_DECL(sweep_check_policies_missing);
SWEEP_CHECK_DECL(sweep_check_reserved_policy_count);
SWEEP_CHECK_DECL(sweep_check_poison_not_critical);
SWEEP_CHECK_DECL(sweep_check_poison_not_null);
SWEEP_CHECK_DECL(sweep_check_precert_has_scts);
SWEEP_CHECK_DECL(sweep_check_duplicate_extension);
SWEEP_CHECK_DECL(sweep_check_version_not_v3);
/* decode defects: lint_ext.c */
SWEEP_CHECK_DECL(sweep_check_trailing_data);
SWEEP_CHECK_DECL(sweep_check_ber_length);
SWEEP_CHECK_DECL(sweep_check_path_len_invalid);
SWEEP_CHECK_DECL(sweep_check_extension_value_malformed);

/* applies() by certificate kind: kind.c */
int sweep_applies_tls_subscriber(const struct sweep_cert *cert);
int sweep_applies_tls_ca(const struct sweep_cert *cert);
int sweep_applies_tls_root_ca(const struct sweep_cert *cert);
int sweep_applies_tls_sub_ca(const struct sweep_cert *cert);
int sweep_applies_precert_ca(const struct sweep_cert *cert);
int sweep_applies_ocsp_responder(const struct sweep_cert *cert);

/* --- shared by the breadth families (issue #11) ----------------------------------------------- */
enum {
	SWEEP_KU_DIGITAL_SIGNATURE = 1u << 0,
	SWEEP_KU_NON_REPUDIATION = 1u << 1,
	SWEEP_KU_KEY_ENCIPHERMENT = 1u << 2,
	SWEEP_KU_DATA_ENCIPHERMENT = 1u << 3,
	SWEEP_KU_KEY_AGREEMENT = 1u << 4,
	SWEEP_KU_KEY_CERT_SIGN = 1u << 5,
	SWEEP_KU_CRL_SIGN = 1u << 6,
};
/* OIDs the breadth families and kind.c share (content octets). */
SWEEP_OID(OID_EKU_ANY, 0x55, 0x1d, 0x25, 0x00);
SWEEP_OID(OID_EKU_CLIENT_AUTH, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02);
SWEEP_OID(OID_EKU_CODE_SIGNING, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03);
SWEEP_OID(OID_EKU_EMAIL, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04);
SWEEP_OID(OID_EKU_TIME_STAMPING, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08);
SWEEP_OID(OID_EKU_OCSP_SIGNING, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09);
/* RFC 6962 3.1: 1.3.6.1.4.1.11129.2.4.4 */
SWEEP_OID(OID_EKU_PRECERT_SIGNING, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x04);
SWEEP_OID(OID_EXT_SUBJECT_DIR_ATTR, 0x55, 0x1d, 0x09);
SWEEP_OID(OID_EXT_IAN, 0x55, 0x1d, 0x12);
SWEEP_OID(OID_EXT_NAME_CONSTRAINTS, 0x55, 0x1d, 0x1e);
SWEEP_OID(OID_EXT_POLICY_MAPPINGS, 0x55, 0x1d, 0x21);
SWEEP_OID(OID_EXT_POLICY_CONSTRAINTS, 0x55, 0x1d, 0x24);
SWEEP_OID(OID_EXT_FRESHEST_CRL, 0x55, 0x1d, 0x2e);
SWEEP_OID(OID_EXT_INHIBIT_ANY, 0x55, 0x1d, 0x36);
SWEEP_OID(OID_EXT_SIA, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b);
SWEEP_OID(OID_EXT_OCSP_NOCHECK, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05);
SWEEP_OID(OID_AD_OCSP_METHOD, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01);
SWEEP_OID(OID_AD_CA_ISSUERS, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02);
SWEEP_OID(OID_QT_CPS, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01);
SWEEP_OID(OID_QT_UNOTICE, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02);
SWEEP_OID(OID_ANY_POLICY, 0x55, 0x1d, 0x20, 0x00);
/* extKeyUsage holds this OID (kind.c). */
int sweep_eku_has(const struct sweep_cert *cert, const uint8_t *oid, size_t len);
#define EKU_HAS(c, name) sweep_eku_has((c), name, sizeof(name))
/* Fail with a message when cond holds (the common shape of a profile check). */
static inline enum sweep_check sweep_forbid(int cond, const char *what, struct sweep_buf *details)
{
	if (!cond)
		return SWEEP_CHECK_PASS;
	sweep_buf_puts(details, what);
	return SWEEP_CHECK_FAIL;
}

/* profiles by kind: lint_profile_ca.c */
int sweep_applies_tls_ca_with_ku(const struct sweep_cert *cert);
int sweep_applies_has_path_len(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_ca_key_cert_sign_not_set);
SWEEP_CHECK_DECL(sweep_check_ca_crl_sign_not_set);
SWEEP_CHECK_DECL(sweep_check_ca_ku_not_critical);
SWEEP_CHECK_DECL(sweep_check_ca_digital_signature_not_set);
SWEEP_CHECK_DECL(sweep_check_ca_cn_missing);
SWEEP_CHECK_DECL(sweep_check_ca_org_missing);
SWEEP_CHECK_DECL(sweep_check_ca_country_missing);
SWEEP_CHECK_DECL(sweep_check_ca_subject_empty);
SWEEP_CHECK_DECL(sweep_check_root_eku_present);
SWEEP_CHECK_DECL(sweep_check_root_policies_present);
SWEEP_CHECK_DECL(sweep_check_root_path_len_present);
SWEEP_CHECK_DECL(sweep_check_sub_ca_policies_missing);
SWEEP_CHECK_DECL(sweep_check_sub_ca_policies_critical);
SWEEP_CHECK_DECL(sweep_check_sub_ca_crldp_missing);
SWEEP_CHECK_DECL(sweep_check_sub_ca_crldp_critical);
SWEEP_CHECK_DECL(sweep_check_sub_ca_aia_critical);
SWEEP_CHECK_DECL(sweep_check_sub_ca_crldp_no_url);
SWEEP_CHECK_DECL(sweep_check_crldp_reasons_or_issuer);
SWEEP_CHECK_DECL(sweep_check_path_len_improper);
SWEEP_CHECK_DECL(sweep_check_cert_sign_without_ca);
SWEEP_CHECK_DECL(sweep_check_name_constraints_not_in_ca);
SWEEP_CHECK_DECL(sweep_check_ocsp_nocheck_missing);
SWEEP_CHECK_DECL(sweep_check_ocsp_crldp_present);
SWEEP_CHECK_DECL(sweep_check_ocsp_policies_present);
SWEEP_CHECK_DECL(sweep_check_ocsp_san_present);
SWEEP_CHECK_DECL(sweep_check_ocsp_ku);
SWEEP_CHECK_DECL(sweep_check_ocsp_ku_not_critical);
SWEEP_CHECK_DECL(sweep_check_subscriber_skid_present);
SWEEP_CHECK_DECL(sweep_check_subscriber_name_constraints);
SWEEP_CHECK_DECL(sweep_check_subscriber_bc_not_critical);
SWEEP_CHECK_DECL(sweep_check_subscriber_eku_critical);
SWEEP_CHECK_DECL(sweep_check_subscriber_crldp_critical);
SWEEP_CHECK_DECL(sweep_check_subscriber_policies_critical);
SWEEP_CHECK_DECL(sweep_check_subscriber_no_revocation_info);
SWEEP_CHECK_DECL(sweep_check_aia_method_not_allowed);
/* RFC 5280 extension rules: lint_ext_rfc.c */
SWEEP_CHECK_DECL(sweep_check_skid_critical);
SWEEP_CHECK_DECL(sweep_check_akid_critical);
SWEEP_CHECK_DECL(sweep_check_aia_critical);
SWEEP_CHECK_DECL(sweep_check_sia_critical);
SWEEP_CHECK_DECL(sweep_check_freshest_crl_critical);
SWEEP_CHECK_DECL(sweep_check_subject_dir_attr_critical);
SWEEP_CHECK_DECL(sweep_check_crldp_critical);
SWEEP_CHECK_DECL(sweep_check_ian_critical);
SWEEP_CHECK_DECL(sweep_check_policy_constraints_not_critical);
SWEEP_CHECK_DECL(sweep_check_inhibit_any_not_critical);
SWEEP_CHECK_DECL(sweep_check_policy_map_not_critical);
SWEEP_CHECK_DECL(sweep_check_name_constraints_not_critical);
SWEEP_CHECK_DECL(sweep_check_eku_any_critical);
SWEEP_CHECK_DECL(sweep_check_unique_identifier);
SWEEP_CHECK_DECL(sweep_check_subject_empty_without_san);
SWEEP_CHECK_DECL(sweep_check_policy_duplicate);
SWEEP_CHECK_DECL(sweep_check_policy_any_qualifier);
SWEEP_CHECK_DECL(sweep_check_policy_text_too_long);
SWEEP_CHECK_DECL(sweep_check_policy_text_ia5);
SWEEP_CHECK_DECL(sweep_check_policy_notice_ref);
SWEEP_CHECK_DECL(sweep_check_policy_text_control);
SWEEP_CHECK_DECL(sweep_check_policy_text_not_utf8);
SWEEP_CHECK_DECL(sweep_check_policy_qualifier_not_cps);
SWEEP_CHECK_DECL(sweep_check_policy_cps_not_http);
/* The RSA key facts of rsa_facts.c: the RSAPublicKey decoded once per
 * certificate (->ok), and with residues nonzero also n mod each small prime
 * (->res_ok, ->res[]). Never NULL. */
const struct sweep_rsa_facts *sweep_rsa_facts(const struct sweep_cert *cert, int residues);
/* The odd primes below 752, ascending; the first 38 (3 .. 167) are ROCA's. */
extern const uint16_t sweep_small_primes[SWEEP_SMALL_PRIMES];
/* n (len big-endian octets, an unsigned magnitude) mod each of them, by
 * word arithmetic. Returns 0, or -1 when out of memory. */
int sweep_small_residues(uint16_t res[SWEEP_SMALL_PRIMES], const uint8_t *n, size_t len);
/* Fermat's answer for k's modulus when this thread worked it out for the
 * same modulus lately (rsa_facts.c's memo): 1 fails (in *round), 0 passes,
 * -1 not known. */
int sweep_rsa_fermat_known(const struct sweep_rsa_facts *k, int *round);
/* Keep Fermat's answer for k's modulus (round: the failing round). */
void sweep_rsa_fermat_remember(const struct sweep_rsa_facts *k, int fails, int round);

/* The certificate's memo of shared results (cert.h): a cache, written
 * through the const view the lints get (no sweep_cert is defined const). */
static inline struct sweep_lint_memo *sweep_memo(const struct sweep_cert *cert)
{
	return (struct sweep_lint_memo *)&cert->memo;
}
enum {
	SWEEP_MEMO_SAN_GN = 1u << 0,
	SWEEP_MEMO_IAN_GN = 1u << 1,
	SWEEP_MEMO_SUBJ_UTF8 = 1u << 2,
	SWEEP_MEMO_DNS = 1u << 3,
	SWEEP_MEMO_CN_SAN = 1u << 4,
};
/* What some dNSName of the SAN has (sweep_dns_facts, one pass over the
 * names per certificate): a lint that can only fail on a name with one of
 * these passes at once when no name has it. */
enum {
	SWEEP_DNS_UPPER = 1u << 0,      /* an octet 'A'..'Z' (isupper of the C locale) */
	SWEEP_DNS_STAR = 1u << 1,       /* a '*' */
	SWEEP_DNS_UNDERSCORE = 1u << 2, /* a '_' */
	SWEEP_DNS_DASHDASH = 1u << 3,   /* a label of 4 or more octets with "--" in positions 3-4 */
	/* dns_facts.c: what each DNS lint fails on, one bit per lint's per-name test */
	SWEEP_DNS_EMPTY = 1u << 4,              /* no octets (only SWEEP_DNS_SYNTAX besides) */
	SWEEP_DNS_SYNTAX = 1u << 5,             /* not preferred name syntax (lint_san.c dns_syntax_problem) */
	SWEEP_DNS_WILDCARD_POS = 1u << 6,       /* a '*' other than the whole leftmost label "*." */
	SWEEP_DNS_WILDCARD_TLD = 1u << 7,       /* "*." then a single label */
	SWEEP_DNS_INTERNAL = 1u << 8,           /* one label, or a private-use top-level label */
	SWEEP_DNS_XN_BAD = 1u << 9,             /* an xn-- label (any case) that is not valid Punycode */
	SWEEP_DNS_LDH_RESERVED = 1u << 10,      /* a "??--" label other than xn-- */
	SWEEP_DNS_ARPA_RESERVED = 1u << 11,     /* the reverse name of a reserved IP address */
	SWEEP_DNS_ARPA_MALFORMED = 1u << 12,    /* ends .in-addr.arpa / .ip6.arpa but is no address */
	SWEEP_DNS_NOT_IA5 = 1u << 13,           /* an octet above 0x7F */
	SWEEP_DNS_SPACE = 1u << 14,             /* a ' ' */
	SWEEP_DNS_PERIOD = 1u << 15,            /* starts with '.' */
	SWEEP_DNS_NUL = 1u << 16,               /* a NUL octet */
	SWEEP_DNS_BARE_WILDCARD = 1u << 17,     /* is "*" */
	SWEEP_DNS_WILDCARD_NOT_FIRST = 1u << 18, /* a '*' after the first octet */
	SWEEP_DNS_EMPTY_LABEL = 1u << 19,       /* of a nonempty name: "a..b", ".a", "a." */
	SWEEP_DNS_LABEL_TOO_LONG = 1u << 20,    /* a label over 63 octets */
	SWEEP_DNS_BAD_CHARACTER = 1u << 21,     /* outside letters, digits, '-', '_' (but a leftmost label "*") */
	SWEEP_DNS_TOO_LONG = 1u << 22,          /* over 253 octets */
	SWEEP_DNS_WILDCARD_PARTIAL = 1u << 23,  /* leftmost label holds '*' but is not "*" */
	SWEEP_DNS_WILDCARD_NOT_LEFT = 1u << 24, /* '*' in a label other than the leftmost */
	SWEEP_DNS_REDACTED = 1u << 25,          /* a "?" label */
};
/* The union of sweep_dns_name_facts() (dns_facts.h) over the SAN's dNSNames, memoised. */
unsigned sweep_dns_facts(const struct sweep_cert *cert);

/* floor(sqrt(x)) for Fermat's method (lint_keys_weak.c); 0 or -1. */
struct bignum_st;
struct bignum_ctx;
int sweep_bn_isqrt(struct bignum_st *r, const struct bignum_st *x, struct bignum_ctx *ctx);

/* weak RSA keys: lint_keys_weak.c */
SWEEP_CHECK_DECL(sweep_check_rsa_mod_even);
SWEEP_CHECK_DECL(sweep_check_rsa_exponent_below_3);
SWEEP_CHECK_DECL(sweep_check_rsa_small_factor);
SWEEP_CHECK_DECL(sweep_check_rsa_roca);
SWEEP_CHECK_DECL(sweep_check_rsa_fermat);
/* exact encodings: lint_encoding_exact.c */
int sweep_applies_ecdsa_signature(const struct sweep_cert *cert);
int sweep_applies_pss_signature(const struct sweep_cert *cert);
int sweep_applies_tbs_pkcs1_signature(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_mp_ecdsa_spki_encoding);
SWEEP_CHECK_DECL(sweep_check_mp_ecdsa_sig_encoding);
SWEEP_CHECK_DECL(sweep_check_mp_pss_sig_encoding);
SWEEP_CHECK_DECL(sweep_check_mp_pss_in_spki);
SWEEP_CHECK_DECL(sweep_check_tbs_sig_rsa_params_not_null);
/* DNS names: lint_dns.c */
SWEEP_CHECK_DECL(sweep_check_dns_xn_label_invalid);
SWEEP_CHECK_DECL(sweep_check_dns_reserved_ldh_label);
SWEEP_CHECK_DECL(sweep_check_dns_underscore_long_validity);
/* subject content: lint_subject_content.c */
int sweep_applies_iv(const struct sweep_cert *cert);
int sweep_applies_ov_or_iv(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_subject_noninformational);
SWEEP_CHECK_DECL(sweep_check_subject_cn_reserved_ip);
SWEEP_CHECK_DECL(sweep_check_policy_requires_country);
SWEEP_CHECK_DECL(sweep_check_policy_requires_place);
SWEEP_CHECK_DECL(sweep_check_iv_personal_name);
SWEEP_CHECK_DECL(sweep_check_given_name_without_iv);
SWEEP_CHECK_DECL(sweep_check_ev_validity_27_months);

/* names against RFC 5280 Appendix A, versions: lint_names_rfc.c */
SWEEP_CHECK_DECL(sweep_check_subject_locality_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_state_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_ou_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_serial_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_email_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_serial_not_printable);
SWEEP_CHECK_DECL(sweep_check_issuer_country_not_printable);
SWEEP_CHECK_DECL(sweep_check_issuer_whitespace);
SWEEP_CHECK_DECL(sweep_check_issuer_multi_valued_rdn);
SWEEP_CHECK_DECL(sweep_check_subject_extra_cn);
SWEEP_CHECK_DECL(sweep_check_version_invalid);
SWEEP_CHECK_DECL(sweep_check_extensions_version);
SWEEP_CHECK_DECL(sweep_check_unique_id_version);
/* GeneralNames of SAN and IAN: lint_gnames.c */
int sweep_applies_has_ian(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_san_gn_empty);
SWEEP_CHECK_DECL(sweep_check_san_rfc822_invalid);
SWEEP_CHECK_DECL(sweep_check_san_uri_relative);
SWEEP_CHECK_DECL(sweep_check_san_uri_not_ia5);
SWEEP_CHECK_DECL(sweep_check_san_uri_host);
SWEEP_CHECK_DECL(sweep_check_san_dns_not_ia5);
SWEEP_CHECK_DECL(sweep_check_ian_no_entries);
SWEEP_CHECK_DECL(sweep_check_ian_gn_empty);
SWEEP_CHECK_DECL(sweep_check_ian_rfc822_invalid);
SWEEP_CHECK_DECL(sweep_check_ian_uri_relative);
SWEEP_CHECK_DECL(sweep_check_ian_uri_not_ia5);
SWEEP_CHECK_DECL(sweep_check_ian_uri_host);
SWEEP_CHECK_DECL(sweep_check_ian_dns_not_ia5);
SWEEP_CHECK_DECL(sweep_check_ian_dns_space);
SWEEP_CHECK_DECL(sweep_check_ian_dns_period);
SWEEP_CHECK_DECL(sweep_check_ian_dns_nul);
SWEEP_CHECK_DECL(sweep_check_ian_bare_wildcard);
SWEEP_CHECK_DECL(sweep_check_ian_wildcard_not_first);
/* more RFC 5280 extension rules: lint_ext_rfc.c */
SWEEP_CHECK_DECL(sweep_check_policy_map_any_policy);
SWEEP_CHECK_DECL(sweep_check_policy_map_not_in_policies);
SWEEP_CHECK_DECL(sweep_check_policy_constraints_empty);
SWEEP_CHECK_DECL(sweep_check_nc_empty);
SWEEP_CHECK_DECL(sweep_check_nc_minimum);
SWEEP_CHECK_DECL(sweep_check_nc_maximum);
SWEEP_CHECK_DECL(sweep_check_nc_x400);
SWEEP_CHECK_DECL(sweep_check_nc_edi);
SWEEP_CHECK_DECL(sweep_check_nc_regid);
SWEEP_CHECK_DECL(sweep_check_dp_incomplete);
SWEEP_CHECK_DECL(sweep_check_dp_no_ldap_or_uri);
SWEEP_CHECK_DECL(sweep_check_aia_ca_issuers_location);
/* more BR v1 profile rules: lint_profile_ca.c */
int sweep_applies_tls_sub_ca_with_aia(const struct sweep_cert *cert);
int sweep_applies_tls_sub_ca_with_crldp(const struct sweep_cert *cert);
int sweep_applies_tls_subscriber_with_aia(const struct sweep_cert *cert);
int sweep_applies_tls_subscriber_with_ku(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_aia_no_ca_issuers);
SWEEP_CHECK_DECL(sweep_check_aia_no_ocsp_url);
SWEEP_CHECK_DECL(sweep_check_subscriber_eku_extra);
SWEEP_CHECK_DECL(sweep_check_sub_ca_sha1);
SWEEP_CHECK_DECL(sweep_check_subscriber_ku_bits);

/* breadth, third batch */
int sweep_ipv4_reserved(const uint8_t a[4]);
int sweep_ipv6_reserved(const uint8_t a[16]);
int sweep_applies_tls_leaf_or_sub_ca_rsa(const struct sweep_cert *cert);
int sweep_applies_tls_root_ca_rsa(const struct sweep_cert *cert);
int sweep_applies_tls_root_or_sub_ca(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_san_uri_format);
SWEEP_CHECK_DECL(sweep_check_san_dns_space);
SWEEP_CHECK_DECL(sweep_check_san_dns_period);
SWEEP_CHECK_DECL(sweep_check_san_dns_nul);
SWEEP_CHECK_DECL(sweep_check_san_bare_wildcard);
SWEEP_CHECK_DECL(sweep_check_san_wildcard_not_first);
SWEEP_CHECK_DECL(sweep_check_san_dns_empty_label);
SWEEP_CHECK_DECL(sweep_check_san_dns_label_too_long);
SWEEP_CHECK_DECL(sweep_check_san_dns_bad_character);
SWEEP_CHECK_DECL(sweep_check_san_dns_too_long);
SWEEP_CHECK_DECL(sweep_check_san_dns_wildcard_partial);
SWEEP_CHECK_DECL(sweep_check_san_dns_wildcard_not_left);
SWEEP_CHECK_DECL(sweep_check_san_dns_redacted);
SWEEP_CHECK_DECL(sweep_check_ian_uri_format);
SWEEP_CHECK_DECL(sweep_check_dns_arpa_reserved);
SWEEP_CHECK_DECL(sweep_check_dns_arpa_malformed);
SWEEP_CHECK_DECL(sweep_check_locality_must_appear);
SWEEP_CHECK_DECL(sweep_check_country_must_appear);
SWEEP_CHECK_DECL(sweep_check_locality_must_not_appear);
SWEEP_CHECK_DECL(sweep_check_province_must_not_appear);
SWEEP_CHECK_DECL(sweep_check_postal_must_not_appear);
SWEEP_CHECK_DECL(sweep_check_street_must_not_appear);
SWEEP_CHECK_DECL(sweep_check_dv_subject_v2);
SWEEP_CHECK_DECL(sweep_check_subject_multiple_rdn);
SWEEP_CHECK_DECL(sweep_check_ca_ou_present);
SWEEP_CHECK_DECL(sweep_check_subject_street_too_long);
SWEEP_CHECK_DECL(sweep_check_subject_postal_too_long);
SWEEP_CHECK_DECL(sweep_check_old_rsa_1024);
SWEEP_CHECK_DECL(sweep_check_old_root_rsa_2048);
SWEEP_CHECK_DECL(sweep_check_mp_rsa_2048);
SWEEP_CHECK_DECL(sweep_check_rsa_exponent_too_large);
SWEEP_CHECK_DECL(sweep_check_rsa_exponent_negative);
SWEEP_CHECK_DECL(sweep_check_rsa_no_public_key);
SWEEP_CHECK_DECL(sweep_check_sub_ca_eku_missing);
SWEEP_CHECK_DECL(sweep_check_sub_ca_not_technically_constrained);
SWEEP_CHECK_DECL(sweep_check_sub_ca_nc_not_critical);

/* embedded SCT lists: lint_ct.c */
int sweep_applies_has_sct_list(const struct sweep_cert *cert);
int sweep_applies_sct_list_decodes(const struct sweep_cert *cert);
SWEEP_CHECK_DECL(sweep_check_sct_list_malformed);
SWEEP_CHECK_DECL(sweep_check_sct_count_2022);
SWEEP_CHECK_DECL(sweep_check_sct_after_not_before);
SWEEP_CHECK_DECL(sweep_check_sct_before_not_before);

#endif
