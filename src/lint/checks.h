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
	return a->oid_len == len && memcmp(a->oid, oid, len) == 0;
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

#endif
