/* The lint registry: one row per lint, and the row is the whole metadata.
 * Dates are YYYYMMDD of notBefore: a rule applies to certificates issued on
 * or after `effective` and before `ineffective` (0 = still in force).
 * Where certsweep deliberately differs from zlint or pkilint, the
 * description says so. */
#include "certsweep/lint.h"
#include "checks.h"

#include "certsweep/corpus.h"
#include "certsweep/der.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RFC5280 20080501 /* RFC 5280 published */
#define BR1 20120701     /* Baseline Requirements v1.0 effective */
#define BR2 20230915     /* BR v2.0.0 certificate profiles effective */
#define EVG1 20070612    /* EV Guidelines v1.0 */
#define CT 20130601      /* RFC 6962 published */
#define RFC8813 20200801 /* RFC 8813 published (ECDSA keyUsage) */
#define BR_1_8_0 20210825 /* BR v1.8.0 effective (CN character-for-character from SAN) */
#define BR_1_7_1 20200820 /* BR v1.7.1 effective (ballot SC31 Browser Alignment) */

/* Trailing arguments are optional designated initialisers, e.g.
 * ROW(..., "desc", .zlint = "e_a e_b", .pkilint = "X.Y.Z") for the
 * reference linters' equivalent checks (space-separated names). */
#define ROW(n, src, cite, eff, ineff, app, chk, desc, ...)                                                 \
	{ .name = n, .description = desc, .source = src, .citation = cite, .effective = eff,                \
	  .ineffective = ineff, .applies = app, .check = chk, __VA_ARGS__ }

static const struct sweep_lint registry[] = {
	/* --- the incident lints ------------------------------------------------------------------- */
	ROW("e_subject_attribute_value_embedded_rdn", "BR", "BR 7.1.2.7.4 (v2), BR 7.1.4.2.2 (v1); RFC 5280 4.1.2.6",
	    BR1, 0, sweep_applies_all, sweep_check_subject_embedded_rdn,
	    "A subject attribute value contains text shaped like another RDN (\", C=JP\", \"/O=...\", \"+CN=\"): "
	    "the attribute does not hold only its own information. zlint, pkilint and pkimetal had no such "
	    "check at the time of the SECOM stateOrProvinceName incident."),
	ROW("e_ev_jurisdiction_level_inconsistent", "EV", "EV Guidelines 9.2.4", EVG1, 0,
	    sweep_applies_ev_or_jurisdiction, sweep_check_ev_jurisdiction_level,
	    "EV jurisdiction fields must form one registration level: country (C), state (C+ST) or locality "
	    "(C+ST+L). Locality without state, state without country, or fields below (or short of) the level "
	    "declared with --joi-level CC=country|state|locality are errors. Unlike zlint, certsweep also "
	    "checks a jurisdiction field on a certificate without the EV policy OID.",
	    .pkilint = "cabf.ev_guidelines.jurisdiction_locality_present_stateprovince_missing cabf.ev_guidelines.jurisdiction_country_attribute_absent"),

	/* --- decode defects: read past by the decoder (enum sweep_defect), each a finding --------------- */
	ROW("e_certificate_trailing_data", "RFC5280", "RFC 5280 4.1; X.690 10.1", RFC5280, 0, sweep_applies_all,
	    sweep_check_trailing_data,
	    "Bytes follow the Certificate SEQUENCE. The certificate is still decoded and judged (OpenSSL "
	    "ignores the trailing bytes); the SHA-256 stays that of the bytes as stored."),
	ROW("e_certificate_not_der", "RFC5280", "RFC 5280 4.1 (DER); X.690 10.1, 8.1.3", RFC5280, 0, sweep_applies_all,
	    sweep_check_ber_length,
	    "A length inside the certificate (TBSCertificate, or an extension value) is indefinite or not in its "
	    "shortest form: BER, not DER. pkilint stops at such a certificate (fatal itu.invalid_asn1_syntax); "
	    "certsweep reports it and judges the rest.",
	    .pkilint = "itu.invalid_asn1_syntax"),
	ROW("e_subject_empty_rdn", "RFC5280", "RFC 5280 4.1.2.6, Appendix A (RDN SET SIZE (1..MAX))", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_empty_rdn, "The subject has an empty RelativeDistinguishedName."),
	ROW("e_issuer_empty_rdn", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (RDN SET SIZE (1..MAX))", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_empty_rdn, "The issuer has an empty RelativeDistinguishedName."),
	ROW("e_name_attribute_value_unknown_type", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (DirectoryString)",
	    RFC5280, 0, sweep_applies_all, sweep_check_name_value_unknown_type,
	    "A subject or issuer attribute value is not one of the X.520 string types (e.g. GeneralString, "
	    "GraphicString, OCTET STRING); it is shown as #hex in names. uniqueIdentifier (2.5.4.45) as a BIT "
	    "STRING passes: that is its X.520 syntax."),
	ROW("e_validity_time_without_seconds", "RFC5280", "RFC 5280 4.1.2.5.1, 4.1.2.5.2", RFC5280, 0,
	    sweep_applies_all, sweep_check_validity_time_no_seconds,
	    "notBefore or notAfter is YYMMDDHHMMZ (or the GeneralizedTime equivalent): seconds are mandatory.",
	    .zlint = "e_utc_time_does_not_include_seconds e_generalized_time_does_not_include_seconds",
	    .pkilint = "pkix.utctime_incorrect_syntax pkix.generalizedtime_incorrect_syntax"),
	ROW("e_validity_time_not_zulu", "RFC5280", "RFC 5280 4.1.2.5.1, 4.1.2.5.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_not_zulu,
	    "notBefore or notAfter has a +hhmm/-hhmm offset or no zone; it must end in Z. An offset is applied, "
	    "a time without zone is read as UTC.",
	    .zlint = "e_utc_time_not_in_zulu e_generalized_time_not_in_zulu",
	    .pkilint = "pkix.utctime_incorrect_syntax pkix.generalizedtime_incorrect_syntax"),
	ROW("e_validity_time_fractional_seconds", "RFC5280", "RFC 5280 4.1.2.5.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_fraction, "A GeneralizedTime validity date has fractional seconds.",
	    .zlint = "e_generalized_time_includes_fraction_seconds",
	    .pkilint = "pkix.generalizedtime_incorrect_syntax"),
	ROW("e_basic_constraints_path_len_invalid", "RFC5280", "RFC 5280 4.2.1.9, Appendix A (INTEGER (0..MAX))",
	    RFC5280, 0, sweep_applies_all, sweep_check_path_len_invalid,
	    "pathLenConstraint is negative (as zlint's e_path_len_constraint_zero_or_less), or larger than "
	    "certsweep can hold (over 2^31-1).",
	    .zlint = "e_path_len_constraint_zero_or_less"),
	ROW("e_san_general_name_not_context_tagged", "RFC5280", "RFC 5280 4.2.1.6, Appendix A (GeneralName)",
	    RFC5280, 0, sweep_applies_san_present, sweep_check_san_general_name_tag,
	    "A subjectAltName entry is not a context-tagged GeneralName (e.g. a bare IA5String); it is skipped, "
	    "the other entries are judged."),
	ROW("e_extension_value_malformed", "RFC5280", "RFC 5280 4.2 (extnValue)", RFC5280, 0, sweep_applies_all,
	    sweep_check_extension_value_malformed,
	    "The value of an extension certsweep reads (subjectAltName, keyUsage, extKeyUsage, basicConstraints, "
	    "certificatePolicies, authorityKeyIdentifier) does not parse; what parsed before the fault is kept.",
	    .pkilint = "itu.invalid_asn1_syntax"),

	/* --- subject and issuer names --------------------------------------------------------------- */
	ROW("e_subject_attribute_value_empty", "RFC5280", "RFC 5280 4.1.2.6, Appendix A (ub >= 1)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_empty_value, "A subject attribute has an empty value."),
	ROW("e_issuer_attribute_value_empty", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (ub >= 1)", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_empty_value, "An issuer attribute has an empty value."),
	ROW("e_issuer_dn_empty", "RFC5280", "RFC 5280 4.1.2.4", RFC5280, 0, sweep_applies_all,
	    sweep_check_issuer_dn_empty, "The issuer field MUST contain a non-empty distinguished name.",
	    .zlint = "e_issuer_field_empty",
	    .pkilint = "pkix.name_empty"),
	ROW("w_subject_attribute_value_whitespace", "community", "zlint w_subject_dn_leading/trailing_whitespace",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_whitespace,
	    "A subject attribute value starts or ends with whitespace (one lint for both ends).",
	    .zlint = "w_subject_dn_leading_whitespace w_subject_dn_trailing_whitespace"),
	ROW("w_subject_attribute_value_control_character", "community", "RFC 5280 4.1.2.4; X.520 DirectoryString",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_control_chars,
	    "A subject attribute value contains a C0 control character, DEL (NUL included) or a C1 control "
	    "character (U+0080-U+009F). A warning: zlint's e_subject_dn_not_printable_characters is an error.",
	    .zlint = "e_subject_dn_not_printable_characters"),
	ROW("e_subject_printable_string_bad_alphabet", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_printable_alphabet,
	    "A subject PrintableString holds a character outside A-Z a-z 0-9 space ' ( ) + , - . / : = ?",
	    .zlint = "e_subject_printable_string_badalpha"),
	ROW("e_issuer_printable_string_bad_alphabet", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_printable_alphabet,
	    "An issuer PrintableString holds a character outside its alphabet."),
	ROW("e_subject_ia5_string_non_ascii", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_ia5_non_ascii, "A subject IA5String holds a byte above 0x7F."),
	ROW("e_subject_utf8_string_invalid", "RFC5280", "RFC 5280 4.1.2.4; RFC 3629", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_utf8_invalid,
	    "A subject UTF8String is not well-formed UTF-8 (overlong, surrogate, truncated sequence)."),
	ROW("e_subject_bmp_string_invalid", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.16", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_bmp_invalid, "A subject BMPString has an odd length or a surrogate code unit."),
	ROW("e_subject_string_type_not_allowed", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_string_type,
	    "Subject attributes must be PrintableString or UTF8String (IA5String for domainComponent and "
	    "emailAddress; PrintableString only for countryName, jurisdictionCountryName and serialNumber).",
	    .pkilint = "cabf.serverauth.attribute_value_invalid_encoding_type"),
	ROW("e_subject_country_not_printable_string", "RFC5280", "RFC 5280 Appendix A (X520countryName)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_country_printable, "countryName must be a PrintableString.",
	    .zlint = "e_subject_dn_country_not_printable_string"),
	ROW("e_subject_country_not_iso3166", "BR", "BR 7.1.4.2.2(g) (v1), 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_all,
	    sweep_check_subject_country_code,
	    "Subject countryName is not an ISO 3166-1 alpha-2 code (XX accepted, as the BR allow).",
	    .zlint = "e_subject_country_not_iso",
	    .pkilint = "cabf.invalid_country_code"),
	ROW("e_issuer_country_not_iso3166", "BR", "BR 7.1.4.3.1 (v1), 7.1.2.7 (v2)", BR1, 0, sweep_applies_all,
	    sweep_check_issuer_country_code, "Issuer countryName is not an ISO 3166-1 alpha-2 code."),
	ROW("e_subject_duplicate_attribute", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_duplicate_attribute,
	    "An attribute type appears more than once in the subject (domainComponent and streetAddress excepted).",
	    .pkilint = "cabf.serverauth.prohibited_duplicate_attribute_type"),
	ROW("e_subject_multi_valued_rdn", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_multi_valued_rdn, "A subject RDN holds more than one AttributeTypeAndValue. An error from BR v2 as in pkilint; zlint's "
	    "n_multiple_subject_rdn is a notice at any date.",
	    .zlint = "n_multiple_subject_rdn",
	    .pkilint = "cabf.serverauth.rdn_contains_multiple_atvs"),
	ROW("e_subject_contains_organizational_unit", "BR", "BR 7.1.4.2.2(i) (ballot SC47); 7.1.2.7.4 (v2)",
	    20220901, 0, sweep_applies_subscriber, sweep_check_subject_contains_ou,
	    "organizationalUnitName is prohibited in subscriber certificates issued from 2022-09-01.",
	    .zlint = "e_organizational_unit_name_prohibited",
	    .pkilint = "cabf.serverauth.ov.organizational_unit_name_attribute_present cabf.serverauth.iv.organizational_unit_name_attribute_present"),
	ROW("e_subject_common_name_not_in_san", "BR", "BR 7.1.4.2.2(a) (v1.0-1.7.9)", BR1, BR_1_8_0,
	    sweep_applies_subscriber, sweep_check_subject_cn_not_in_san,
	    "A subject commonName is not one of the subjectAltName dNSNames (compared ignoring case) or iPAddresses "
	    "(an IPv4 or IPv6 address in the CN matches the iPAddress of the same octets).",
	    .zlint = "e_subject_common_name_not_from_san"),
	ROW("e_subject_common_name_not_exactly_in_san", "BR", "BR 7.1.4.2.2(a) (v1.8.0), 7.1.4.3 / 7.1.2.7.2 (v2)",
	    BR_1_8_0, 0, sweep_applies_subscriber, sweep_check_subject_cn_not_exactly_in_san,
	    "From BR 1.8.0 (2021-08-25) a commonName holding a domain name must be a character-for-character copy "
	    "of a dNSName: a CN differing from the SAN entry only in case fails. IP addresses compare by octets "
	    "(zlint also requires the canonical text form of an IPv6 CN).",
	    .zlint = "e_subject_common_name_not_exactly_from_san",
	    .pkilint = "cabf.serverauth.subscriber_common_name_unknown_source"),
	ROW("e_subject_locality_without_organization", "BR", "BR 7.1.4.2.2(e)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_locality_without_org, "localityName is present without organizationName.",
	    .zlint = "e_sub_cert_locality_name_must_not_appear"),
	ROW("e_subject_state_without_organization", "BR", "BR 7.1.4.2.2(d)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_state_without_org, "stateOrProvinceName is present without organizationName.",
	    .zlint = "e_sub_cert_province_must_not_appear"),
	ROW("e_subject_street_or_postal_without_organization", "BR", "BR 7.1.4.2.2(f)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_street_without_org,
	    "streetAddress or postalCode is present without organizationName.",
	    .zlint = "e_sub_cert_street_address_should_not_exist e_sub_cert_postal_code_must_not_appear"),
	ROW("e_subject_organization_without_locality_or_state", "BR", "BR 7.1.4.2.2(d),(e)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_org_without_place,
	    "organizationName is present with neither localityName nor stateOrProvinceName.",
	    .zlint = "e_sub_cert_locality_name_must_appear e_sub_cert_province_must_appear",
	    .pkilint = "cabf.serverauth.subscriber_stateprovince_and_locality_missing"),
	ROW("e_subject_organization_without_country", "BR", "BR 7.1.4.2.2(g)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_org_without_country, "organizationName is present without countryName.",
	    .zlint = "e_sub_cert_country_name_must_appear",
	    .pkilint = "cabf.serverauth.ov.country_attribute_absent"),
	ROW("e_subject_attribute_not_allowed", "BR", "BR 7.1.2.7.2-7.1.2.7.5 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_attribute_not_allowed,
	    "The subject holds an attribute type outside the BR v2 subscriber profiles (OU, emailAddress, title...).",
	    .pkilint = "cabf.serverauth.dv.unknown_attribute_present cabf.serverauth.ov.unknown_attribute_present"),
	ROW("e_subject_common_name_too_long", "RFC5280", "RFC 5280 Appendix A (ub-common-name 64)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_cn_too_long, "commonName longer than 64 characters.",
	    .zlint = "e_subject_common_name_max_length",
	    .pkilint = "cabf.serverauth.name_attribute_value_too_long"),
	ROW("e_subject_organization_too_long", "RFC5280", "RFC 5280 Appendix A (ub-organization-name 64)", RFC5280,
	    0, sweep_applies_all, sweep_check_subject_org_too_long, "organizationName longer than 64 characters.",
	    .zlint = "e_subject_organization_name_max_length",
	    .pkilint = "cabf.serverauth.name_attribute_value_too_long"),
	ROW("e_dv_subject_contains_organization_fields", "BR", "BR 7.1.6.1 (v1), 7.1.2.7.2 (v2)", BR1, 0,
	    sweep_applies_dv, sweep_check_dv_subject_org_fields,
	    "A DV certificate (2.23.140.1.2.1) carries organizationName, street, locality, state, postal code, "
	    "givenName or surname. Effective date as zlint's e_cab_dv_conflicts_with_*.",
	    .zlint = "e_cab_dv_conflicts_with_org e_cab_dv_conflicts_with_locality e_cab_dv_conflicts_with_province e_cab_dv_conflicts_with_street e_cab_dv_conflicts_with_postal",
	    .pkilint = "cabf.serverauth.dv.unknown_attribute_present"),
	ROW("e_ov_subject_missing_organization", "BR", "BR 7.1.6.1 (v1), 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_ov,
	    sweep_check_ov_missing_org, "An OV certificate (2.23.140.1.2.2) without organizationName.",
	    .zlint = "e_cab_ov_requires_org",
	    .pkilint = "cabf.serverauth.ov.organization_name_attribute_absent"),

	/* --- EV ------------------------------------------------------------------------------------ */
	ROW("e_ev_subject_missing_organization", "EV", "EV Guidelines 9.2.1", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_org, "An EV certificate without organizationName.",
	    .zlint = "e_ev_organization_name_missing",
	    .pkilint = "cabf.ev_guidelines.organization_name_attribute_absent"),
	ROW("e_ev_subject_missing_business_category", "EV", "EV Guidelines 9.2.3", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_business_category, "An EV certificate without businessCategory.",
	    .zlint = "e_ev_business_category_missing",
	    .pkilint = "cabf.ev_guidelines.business_category_attribute_absent"),
	ROW("e_ev_business_category_invalid", "EV", "EV Guidelines 9.2.3", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_business_category_value,
	    "businessCategory is not \"Private Organization\", \"Government Entity\", \"Business Entity\" or "
	    "\"Non-Commercial Entity\" (exact spelling).",
	    .pkilint = "cabf.ev_guidelines.invalid_business_category"),
	ROW("e_ev_subject_missing_serial_number", "EV", "EV Guidelines 9.2.5", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_serial_number, "An EV certificate without subject serialNumber.",
	    .zlint = "e_ev_serial_number_missing",
	    .pkilint = "cabf.ev_guidelines.serial_number_attribute_absent"),
	ROW("e_ev_subject_missing_country", "EV", "EV Guidelines 9.2.7", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_country, "An EV certificate without countryName.",
	    .zlint = "e_ev_country_name_missing",
	    .pkilint = "cabf.ev_guidelines.country_attribute_absent"),
	ROW("e_ev_subject_missing_locality", "EV", "EV Guidelines 9.2.7", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_locality, "An EV certificate without localityName."),
	ROW("e_ev_jurisdiction_country_not_iso3166", "EV", "EV Guidelines 9.2.4", EVG1, 0,
	    sweep_applies_ev_or_jurisdiction, sweep_check_ev_jurisdiction_country_code,
	    "jurisdictionCountryName is not an ISO 3166-1 alpha-2 code.",
	    .pkilint = "cabf.serverauth.invalid_jurisdiction_country_code"),
	ROW("e_ev_wildcard", "EV", "EV Guidelines 9.8.1", EVG1, 0, sweep_applies_ev, sweep_check_ev_wildcard,
	    "An EV certificate with a wildcard dNSName or commonName.",
	    .pkilint = "cabf.ev_guidelines.ev_wildcard_san_present"),

	/* --- subjectAltName ---------------------------------------------------------------------------- */
	ROW("e_subscriber_san_missing", "BR", "BR 7.1.4.2.1 (v1), 7.1.2.7.12 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_san_missing, "A subscriber certificate without subjectAltName.",
	    .zlint = "e_ext_san_missing",
	    .pkilint = "cabf.serverauth.subscriber.subject_altname_extension_absent"),
	ROW("e_san_empty", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_san_present, sweep_check_san_empty,
	    "subjectAltName holds no name.",
	    .zlint = "e_ext_san_no_entries"),
	ROW("e_san_dns_name_bad_syntax", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5; BR 7.1.4.2.1", RFC5280, 0,
	    sweep_applies_san_present, sweep_check_san_dns_syntax,
	    "A dNSName is not in preferred name syntax: empty label, label over 63, name over 253, trailing "
	    "dot, leading/trailing hyphen, or a character other than letters, digits, hyphen (underscores "
	    "and wildcards have their own lints).",
	    .zlint = "e_dnsname_bad_character_in_label e_dnsname_empty_label e_dnsname_label_too_long e_dnsname_hyphen_in_sld",
	    .pkilint = "pkix.invalid_domain_name_syntax cabf.serverauth.invalid_dnsname_syntax"),
	ROW("e_san_dns_name_underscore", "BR", "BR 7.1.4.2.1 (ballot SC12)", 20190401, 0, sweep_applies_has_san,
	    sweep_check_san_dns_underscore, "A dNSName contains an underscore (prohibited from 2019-04-01).",
	    .zlint = "e_dnsname_underscore_in_sld"),
	ROW("e_san_dns_name_wildcard_not_leftmost", "BR", "BR 1.6.1 (Wildcard Domain Name)", BR1, 0,
	    sweep_applies_has_san, sweep_check_san_dns_wildcard_position,
	    "'*' appears other than as the entire leftmost label.",
	    .zlint = "e_dnsname_wildcard_only_in_left_label e_dnsname_left_label_wildcard_correct"),
	ROW("e_san_dns_name_wildcard_on_tld", "BR", "BR 3.2.2.6", BR1, 0, sweep_applies_has_san,
	    sweep_check_san_dns_wildcard_tld,
	    "A wildcard directly under a top-level domain (*.com). certsweep does not carry the Public Suffix "
	    "List, so *.co.uk is not caught here, unlike zlint."),
	ROW("e_san_dns_name_internal", "BR", "BR 4.2.2, 7.1.4.2.1 (Internal Names)", 20151101, 0,
	    sweep_applies_has_san, sweep_check_san_dns_internal,
	    "A dNSName is an Internal Name: a single label, or under a suffix reserved for private use "
	    "(.local, .internal, .corp, .lan, .home, .test, .invalid, .example ...). A fixed list, not the "
	    "live root zone, unlike zlint's TLD check.",
	    .zlint = "e_dnsname_not_valid_tld",
	    .pkilint = "cabf.internal_domain_name"),
	ROW("n_san_dns_name_not_lowercase", "community", "RFC 5280 4.2.1.6 (case-insensitive comparison)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_uppercase,
	    "A dNSName has upper-case letters: legal, but relying parties and CT monitors compare poorly."),
	ROW("e_san_ip_address_reserved", "BR", "BR 4.2.2, 7.1.4.2.1 (Reserved IP Address)", 20151101, 0,
	    sweep_applies_has_san, sweep_check_san_ip_reserved,
	    "An iPAddress in a reserved range (RFC 1918, loopback, link-local, CGN, ULA, documentation).",
	    .zlint = "e_ext_san_contains_reserved_ip",
	    .pkilint = "cabf.internal_ip_address"),
	ROW("e_san_ip_address_bad_length", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_san_present,
	    sweep_check_san_ip_length, "An iPAddress that is neither 4 nor 16 octets.",
	    .pkilint = "pkix.ip_address_wrong_length"),
	ROW("e_san_general_name_type_not_allowed", "BR", "BR 7.1.4.2.1 (v1), 7.1.2.7.12 (v2)", BR1, 0,
	    sweep_applies_has_san, sweep_check_san_type_not_allowed,
	    "subjectAltName of a TLS subscriber certificate holds something other than dNSName or iPAddress "
	    "(BR v1.0 already: \"Each entry MUST be either a dNSName ... or an iPAddress\").",
	    .zlint = "e_ext_san_other_name_present e_ext_san_rfc822_name_present e_ext_san_directory_name_present e_ext_san_edi_party_name_present e_ext_san_uniform_resource_identifier_present e_ext_san_registered_id_present",
	    .pkilint = "cabf.serverauth.prohibited_san_type"),
	ROW("w_san_critical_with_nonempty_subject", "RFC5280", "RFC 5280 4.2.1.6 (SHOULD NOT)", RFC5280, 0,
	    sweep_applies_san_present, sweep_check_san_critical_with_subject,
	    "subjectAltName is critical although the subject is not empty.",
	    .zlint = "w_ext_san_critical_with_subject_dn",
	    .pkilint = "pkix.san_extension_is_critical_non_empty_subject"),
	ROW("e_san_not_critical_with_empty_subject", "RFC5280", "RFC 5280 4.2.1.6 (MUST)", RFC5280, 0,
	    sweep_applies_san_present, sweep_check_san_not_critical_empty_subject,
	    "The subject is empty and subjectAltName is not critical.",
	    .zlint = "e_ext_san_not_critical_without_subject",
	    .pkilint = "pkix.san_extension_not_critical_empty_subject"),
	ROW("n_san_duplicate_entry", "community", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_san_present,
	    sweep_check_san_duplicate, "subjectAltName lists the same name twice.",
	    .zlint = "n_san_dns_name_duplicate"),

	/* --- validity period, judged by the rule of the issuance date ------------------------------------ */
	ROW("e_validity_over_60_months", "BR", "BR 9.4 (v1.0); BR 1.6.1 \"Validity Period\" (v1.0-v1.7.0)", BR1, 20150401,
	    sweep_applies_subscriber, sweep_check_validity_60_months,
	    "Validity over 60 months (issued 2012-07-01 to 2015-03-31). Validity periods are measured by the "
	    "definition in force at issuance: notAfter - notBefore until BR 1.7.1, notBefore through notAfter "
	    "inclusive (+1 s, RFC 5280 4.1.2.5) from 2020-08-20 (ballot SC31)."),
	ROW("e_validity_over_39_months", "BR", "BR 6.3.2 (v1.3); BR 1.6.1 Validity Period (v1.x)", 20150401, 20180301, sweep_applies_subscriber,
	    sweep_check_validity_39_months, "Validity over 39 months (issued 2015-04-01 to 2018-02-28).",
	    .zlint = "e_sub_cert_valid_time_longer_than_39_months"),
	ROW("e_validity_over_825_days", "BR", "BR 6.3.2 (ballot 193); BR 1.6.1 Validity Period (v1.x, SC31)", 20180301, 20200901, sweep_applies_subscriber,
	    sweep_check_validity_825_days,
	    "Validity over 825 days (issued 2018-03-01 to 2020-08-31). Until 2020-08-19 measured as notAfter - "
	    "notBefore, so exactly 825 days is compliant; unlike zlint, which always adds one second.",
	    .zlint = "e_sub_cert_valid_time_longer_than_825_days"),
	ROW("e_validity_over_398_days", "BR", "BR 6.3.2, 1.6.1 Validity Period (ballot SC31, inclusive)", 20200901, 20260315, sweep_applies_subscriber,
	    sweep_check_validity_398_days, "Validity over 398 days (issued 2020-09-01 to 2026-03-14).",
	    .zlint = "e_tls_server_cert_valid_time_longer_than_398_days",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_398_days"),
	ROW("e_validity_over_200_days", "BR", "BR 6.3.2 (ballot SC-081)", 20260315, 20270315, sweep_applies_subscriber,
	    sweep_check_validity_200_days, "Validity over 200 days (issued 2026-03-15 to 2027-03-14).",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_200_days"),
	ROW("e_validity_over_100_days", "BR", "BR 6.3.2 (ballot SC-081)", 20270315, 20290315, sweep_applies_subscriber,
	    sweep_check_validity_100_days, "Validity over 100 days (issued 2027-03-15 to 2029-03-14).",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_100_days"),
	ROW("e_validity_over_47_days", "BR", "BR 6.3.2 (ballot SC-081)", 20290315, 0, sweep_applies_subscriber,
	    sweep_check_validity_47_days, "Validity over 47 days (issued from 2029-03-15).",
	    .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_47_days"),
	ROW("e_validity_negative", "RFC5280", "RFC 5280 4.1.2.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_negative, "notAfter is earlier than notBefore.",
	    .zlint = "e_validity_time_not_positive",
	    .pkilint = "pkix.certificate_negative_validity_period"),
	ROW("e_validity_time_encoding", "RFC5280", "RFC 5280 4.1.2.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_encoding,
	    "Dates through 2049 must be UTCTime, from 2050 GeneralizedTime.",
	    .zlint = "e_wrong_time_format_pre2050",
	    .pkilint = "pkix.wrong_time_useful_type"),

	/* --- serial number -------------------------------------------------------------------------- */
	ROW("e_serial_number_not_positive", "RFC5280", "RFC 5280 4.1.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_not_positive, "The serial number is zero or negative.",
	    .zlint = "e_serial_number_not_positive",
	    .pkilint = "pkix.certificate_serial_number_out_of_range"),
	ROW("e_serial_number_longer_than_20_octets", "RFC5280", "RFC 5280 4.1.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_too_long,
	    "The serial number's DER INTEGER has more than 20 content octets, the sign octet counted (as zlint and "
	    "pkilint read RFC 5280): a 20-octet value with its top bit set fails.",
	    .zlint = "e_serial_number_longer_than_20_octets",
	    .pkilint = "pkix.certificate_serial_number_out_of_range"),
	ROW("w_serial_number_shorter_than_64_bits", "BR", "BR 7.1 (64 bits of CSPRNG output)", 20160930, 0,
	    sweep_applies_subscriber, sweep_check_serial_short,
	    "The serial number has fewer than 8 octets of value, so it cannot hold 64 bits of CSPRNG output. "
	    "A warning: 1 in 256 random 64-bit serials also encodes in 7 octets.",
	    .zlint = "w_serial_number_low_entropy"),
	ROW("e_serial_number_not_der", "RFC5280", "RFC 5280 4.1 (DER); X.690 8.3.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_not_der, "The serial number INTEGER has a redundant leading 00 or FF octet."),

	/* --- keys and signatures -------------------------------------------------------------------- */
	ROW("e_rsa_modulus_under_2048_bits", "BR", "BR 6.1.5", 20140101, 0, sweep_applies_rsa,
	    sweep_check_rsa_modulus_small, "RSA modulus shorter than 2048 bits.",
	    .zlint = "e_rsa_mod_less_than_2048_bits",
	    .pkilint = "cabf.rsa_modulus_invalid_length"),
	ROW("e_rsa_modulus_not_multiple_of_8", "Mozilla", "Mozilla Root Store Policy 5.1", 20170228, 0,
	    sweep_applies_rsa, sweep_check_rsa_modulus_not_div8, "RSA modulus size in bits is not divisible by 8.",
	    .zlint = "e_mp_modulus_must_be_divisible_by_8",
	    .pkilint = "cabf.rsa_modulus_invalid_length"),
	ROW("e_rsa_public_exponent_even", "BR", "BR 6.1.6", BR1, 0, sweep_applies_rsa, sweep_check_rsa_exponent_even,
	    "RSA public exponent is even.",
	    .zlint = "e_rsa_public_exponent_not_odd",
	    .pkilint = "cabf.rsa_exponent_prohibited_value"),
	ROW("w_rsa_public_exponent_small", "BR", "BR 6.1.6 (SHOULD be 2^16+1 or more)", BR1, 0, sweep_applies_rsa,
	    sweep_check_rsa_exponent_small, "RSA public exponent below 65537.",
	    .zlint = "w_rsa_public_exponent_not_in_range",
	    .pkilint = "cabf.rsa_exponent_not_in_recommended_range"),
	ROW("e_rsa_parameters_not_null", "RFC5280", "RFC 3279 2.3.1; BR 7.1.3.1.1", RFC5280, 0, sweep_applies_rsa,
	    sweep_check_rsa_params_not_null, "rsaEncryption AlgorithmIdentifier parameters must be NULL.",
	    .zlint = "e_spki_rsa_encryption_parameter_not_null",
	    .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
	ROW("e_ec_curve_not_allowed", "BR", "BR 6.1.5", BR1, 0, sweep_applies_ec, sweep_check_ec_curve_br,
	    "EC key on a curve other than P-256, P-384 or P-521 (or with explicit parameters).",
	    .zlint = "e_ec_improper_curves",
	    .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
	ROW("e_mozilla_ec_curve_not_allowed", "Mozilla", "Mozilla Root Store Policy 2.4-2.9, 5.1", 20170228, 20250315,
	    sweep_applies_ec, sweep_check_ec_curve_mozilla,
	    "EC key on a curve other than P-256 or P-384 (issued 2017-02-28 to 2025-03-14). Mozilla Root Store "
	    "Policy 3.0 (2025-03-15) allows P-521, so later certificates are judged by the BR curve lint only."),
	ROW("e_public_key_algorithm_not_allowed", "BR", "BR 6.1.5", BR1, 0, sweep_applies_all,
	    sweep_check_key_algorithm,
	    "Public key neither RSA nor ECDSA (Ed25519, GOST ...). Before BR 1.7.1 (ballot SC31, 2020-08-20) "
	    "6.1.5 also allowed DSA with L=2048 and N=224 or 256 and its domain parameters in the certificate: "
	    "such a key passes (as zlint's e_public_key_type_not_allowed has it), a smaller one or one without "
	    "parameters fails.",
	    .zlint = "e_public_key_type_not_allowed",
	    .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
	ROW("e_signature_algorithm_sha1", "BR", "BR 7.1.3", 20160101, 0, sweep_applies_subscriber,
	    sweep_check_sig_sha1, "Subscriber certificate signed with SHA-1 on or after 2016-01-01.",
	    .zlint = "e_sub_cert_or_sub_ca_using_sha1",
	    .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding"),
	ROW("e_signature_algorithm_md5", "BR", "BR 7.1.3", BR1, 0, sweep_applies_all, sweep_check_sig_md5,
	    "Certificate signed with MD5 (zlint and pkilint report it through their general signature-algorithm "
	    "checks).",
	    .zlint = "e_signature_algorithm_not_supported",
	    .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding"),
	ROW("e_signature_algorithm_mismatch", "RFC5280", "RFC 5280 4.1.1.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_sig_mismatch,
	    "TBSCertificate.signature differs from signatureAlgorithm: the whole AlgorithmIdentifier is compared, "
	    "parameters included (NULL versus absent differs).",
	    .zlint = "e_cert_sig_alg_not_match_tbs_sig_alg",
	    .pkilint = "pkix.certificate_signature_algorithm_mismatch"),
	ROW("e_signature_algorithm_not_allowed", "BR", "BR 6.1.5 (v1.0-1.7.0); 7.1.3.2 (v1.7.1+)", 20160101, 0,
	    sweep_applies_all, sweep_check_sig_not_allowed,
	    "Signature algorithm outside SHA-256/384/512 with RSA (PKCS#1 v1.5 or PSS) or ECDSA. Before BR 1.7.1 "
	    "(ballot SC31, 2020-08-20) 6.1.5 also allowed SHA-1 and DSA: those pass here, and SHA-1 is reported "
	    "where BR 7.1.3 banned it (e_signature_algorithm_sha1, e_sub_ca_signature_sha1), as zlint's "
	    "e_signature_algorithm_not_supported leaves SHA-1 to e_sub_cert_or_sub_ca_using_sha1.",
	    .zlint = "e_signature_algorithm_not_supported",
	    .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding"),

	/* --- extensions ------------------------------------------------------------------------------ */
	ROW("e_version_not_3", "BR", "BR 7.1.1", BR1, 0, sweep_applies_all, sweep_check_version_not_v3,
	    "The certificate is not X.509 v3.",
	    .zlint = "e_invalid_certificate_version",
	    .pkilint = "pkix.certificate_version_is_not_v3"),
	ROW("e_extension_duplicate", "RFC5280", "RFC 5280 4.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_duplicate_extension, "An extension appears more than once.",
	    .zlint = "e_ext_duplicate_extension",
	    .pkilint = "pkix.duplicate_extension"),
	ROW("e_ca_basic_constraints_not_critical", "RFC5280", "RFC 5280 4.2.1.9", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_bc_not_critical, "CA certificate whose basicConstraints is not critical.",
	    .zlint = "e_basic_constraints_not_critical",
	    .pkilint = "pkix.basic_constraints_extension_not_critical"),
	ROW("e_ca_key_usage_missing", "RFC5280", "RFC 5280 4.2.1.3", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_key_usage_missing, "CA certificate without keyUsage.",
	    .zlint = "e_ca_key_usage_missing",
	    .pkilint = "pkix.ca_certificate_no_ku_extension"),
	ROW("e_ca_subject_key_identifier_missing", "RFC5280", "RFC 5280 4.2.1.2", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_skid_missing, "CA certificate without subjectKeyIdentifier.",
	    .zlint = "e_ext_subject_key_identifier_missing_ca",
	    .pkilint = "pkix.certificate_skid_ca_missing"),
	ROW("e_authority_key_identifier_missing", "RFC5280", "RFC 5280 4.2.1.1", RFC5280, 0,
	    sweep_applies_not_self_issued, sweep_check_akid_missing,
	    "A certificate that is not self-issued lacks authorityKeyIdentifier.",
	    .zlint = "e_ext_authority_key_identifier_missing",
	    .pkilint = "pkix.authority_key_identifier_extension_absent"),
	ROW("e_authority_key_identifier_no_key_identifier", "RFC5280", "RFC 5280 4.2.1.1", RFC5280, 0,
	    sweep_applies_has_akid_not_self_issued, sweep_check_akid_no_key_id,
	    "authorityKeyIdentifier is present without its keyIdentifier field (issuer name and serial only).",
	    .zlint = "e_ext_authority_key_identifier_no_key_identifier",
	    .pkilint = "pkix.authority_key_identifier_keyid_missing"),
	ROW("e_subscriber_eku_missing", "BR", "BR 7.1.2.3(f) (v1), 7.1.2.7.10 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_eku_missing, "Subscriber certificate without extKeyUsage.",
	    .zlint = "e_sub_cert_eku_missing",
	    .pkilint = "cabf.serverauth.subscriber.extended_key_usage_extension_absent"),
	ROW("e_subscriber_eku_server_or_client_auth_missing", "BR", "BR 7.1.2.3(f) (v1)", BR1, BR2,
	    sweep_applies_subscriber_with_eku, sweep_check_eku_server_or_client_auth_missing,
	    "extKeyUsage with neither id-kp-serverAuth nor id-kp-clientAuth (BR v1: either or both MUST be "
	    "present, so a clientAuth-only certificate was compliant).",
	    .zlint = "e_sub_cert_eku_server_auth_client_auth_missing"),
	ROW("e_subscriber_eku_server_auth_missing", "BR", "BR 7.1.2.7.10 (v2)", BR2, 0, sweep_applies_subscriber_with_eku,
	    sweep_check_eku_server_auth_missing, "extKeyUsage without id-kp-serverAuth (required from BR v2).",
	    .pkilint = "cabf.serverauth.subscriber.serverauth_eku_absent"),
	ROW("w_subscriber_eku_extra_values", "BR", "BR 7.1.2.3(f) (v1: SHOULD NOT), 7.1.2.7.10 (v2: NOT RECOMMENDED)",
	    BR1, 0, sweep_applies_subscriber_with_eku, sweep_check_eku_extra_values,
	    "extKeyUsage holds a purpose other than id-kp-serverAuth and id-kp-clientAuth.",
	    .zlint = "w_sub_cert_eku_extra_values",
	    .pkilint = "cabf.serverauth.subscriber.unknown_eku_present"),
	ROW("e_subscriber_eku_prohibited_purpose", "BR", "BR 7.1.2.7.10 (v2)", BR2, 0, sweep_applies_subscriber_with_eku,
	    sweep_check_eku_prohibited,
	    "extKeyUsage with anyExtendedKeyUsage, codeSigning, emailProtection, timeStamping, OCSPSigning or the "
	    "RFC 6962 Precertificate Signing Certificate purpose.",
	    .pkilint = "cabf.serverauth.subscriber.anyeku_eku_present cabf.serverauth.subscriber.codesigning_eku_present cabf.serverauth.subscriber.emailprotection_eku_present cabf.serverauth.subscriber.timestamping_eku_present cabf.serverauth.subscriber.ocspsigning_eku_present cabf.serverauth.subscriber.precertsigning_eku_present"),
	ROW("e_subscriber_key_usage_cert_sign", "BR", "BR 7.1.2.3(e)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_ku_cert_sign, "Subscriber certificate asserting keyCertSign or cRLSign.",
	    .zlint = "e_sub_cert_key_usage_cert_sign_bit_set e_sub_cert_key_usage_crl_sign_bit_set",
	    .pkilint = "cabf.serverauth.subscriber_prohibited_ku_present"),
	ROW("e_key_usage_no_bits", "RFC5280", "RFC 5280 4.2.1.3", RFC5280, 0, sweep_applies_has_key_usage,
	    sweep_check_ku_no_bits, "keyUsage present with no bit set.",
	    .zlint = "e_ext_key_usage_without_bits",
	    .pkilint = "pkix.no_ku_bits_set"),
	ROW("w_key_usage_not_critical", "RFC5280", "RFC 5280 4.2.1.3 (SHOULD)", RFC5280, 0, sweep_applies_has_key_usage,
	    sweep_check_ku_not_critical, "keyUsage is not marked critical.",
	    .zlint = "w_ext_key_usage_not_critical",
	    .pkilint = "pkix.key_usage_extension_not_critical"),
	ROW("e_ec_key_usage_key_encipherment", "RFC5280", "RFC 8813 3; BR 7.1.2.7.11 (v2)", RFC8813, 0, sweep_applies_ec,
	    sweep_check_ec_ku_key_encipherment,
	    "An id-ecPublicKey certificate asserting keyEncipherment or dataEncipherment (RFC 8813, 2020-08-01; "
	    "the BR v2 profile restates it).",
	    .zlint = "e_ecdsa_allowed_ku",
	    .pkilint = "pkix.key_usage_value_prohibited_for_ec"),
	ROW("e_subscriber_aia_missing", "BR", "BR 7.1.2.3(c) (v1), 7.1.2.7.7 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_aia_missing, "Subscriber certificate without authorityInformationAccess.",
	    .zlint = "e_sub_cert_aia_missing",
	    .pkilint = "cabf.serverauth.subscriber.authority_info_access_extension_absent"),
	ROW("e_subscriber_aia_ocsp_missing", "BR", "BR 7.1.2.3(c) (until ballot SC-063)", BR1, 20240315,
	    sweep_applies_tls_subscriber_with_aia, sweep_check_aia_ocsp_missing,
	    "authorityInformationAccess without an OCSP responder (required until 2024-03-15).",
	    .zlint = "e_sub_cert_aia_does_not_contain_ocsp_url"),
	ROW("e_aia_url_not_http", "BR", "BR 7.1.2.7.7 (v2)", BR2, 0, sweep_applies_has_aia, sweep_check_aia_url_scheme,
	    "An authorityInformationAccess location is not an http:// URL.",
	    .zlint = "e_aia_ocsp_must_have_http_only e_aia_ca_issuers_must_have_http_only",
	    .pkilint = "cabf.serverauth.aia_location_uri_not_http"),
	ROW("e_crl_distribution_point_not_http", "BR", "BR 7.1.2.11.2 (v2)", BR2, 0, sweep_applies_has_crldp,
	    sweep_check_crldp_url_scheme, "A cRLDistributionPoints fullName is not an http:// URL.",
	    .zlint = "e_crl_distrib_points_not_http",
	    .pkilint = "cabf.serverauth.crldp_dpname_prohibited_uri_scheme"),
	ROW("e_subscriber_certificate_policies_missing", "BR", "BR 7.1.2.3(a) (v1), 7.1.2.7.9 (v2)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_policies_missing,
	    "Subscriber certificate without certificatePolicies.",
	    .zlint = "e_sub_cert_certificate_policies_missing",
	    .pkilint = "cabf.serverauth.subscriber.certificate_policies_extension_absent"),
	ROW("e_subscriber_reserved_policy_not_exactly_one", "BR", "BR 7.1.2.7.9 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_reserved_policy_count,
	    "Not exactly one CA/Browser Forum reserved policy OID (2.23.140.1.1, 2.23.140.1.2.1/2/3).",
	    .pkilint = "cabf.serverauth.subscriber_missing_reserved_policy_oid cabf.serverauth.subscriber_multiple_reserved_policy_oids"),
	ROW("e_precert_poison_not_critical", "RFC6962", "RFC 6962 3.1", CT, 0, sweep_applies_precert,
	    sweep_check_poison_not_critical, "The precertificate poison extension is not critical.",
	    .pkilint = "pkix.ct_precert_poison_extension_not_critical"),
	ROW("e_precert_poison_not_null", "RFC6962", "RFC 6962 3.1", CT, 0, sweep_applies_precert,
	    sweep_check_poison_not_null, "The precertificate poison extension's value is not ASN.1 NULL."),
	ROW("e_precert_with_sct_list", "RFC6962", "RFC 6962 3.1, 3.3", CT, 0, sweep_applies_precert,
	    sweep_check_precert_has_scts, "A precertificate that also carries an SCT list extension.",
	    .pkilint = "pkix.ct_precert_poison_and_sctlist_extensions_present"),

	/* === breadth (issue #11): profiles by certificate kind, RFC 5280 extension rules, weak keys,
	 * exact encodings, DNS labels, subject content. Which certificates a row governs is decided by
	 * its source (kind.h: BR/EV rows judge TLS certificates only) and its applies(). === */
#define BALLOT199 20170608  /* BR 7.1.4.3.1 CA naming: ballot 199 passed 2017-05-09, +30-day IPR review */
#define GIVENNAME 20160907  /* BR 7.1.4.2.2(c): givenName/surname only with the IV policy (zlint's date) */
#define SC063 20240315      /* ballot SC-063: OCSP optional, CRLs required */
#define MOZ27 20200101      /* Mozilla Root Store Policy 2.7: byte-exact AlgorithmIdentifiers */
#define RFC6818 20130101    /* RFC 6818 (January 2013) updates RFC 5280 4.2.1.4 explicitText */
#define RFC5890 20100801    /* IDNA2008 (August 2010) */
	/* --- CA certificates (BR 7.1.2.1 root, 7.1.2.2 subordinate; v2 7.1.2.10) --- */
	ROW("e_ca_key_cert_sign_not_set", "BR", "BR 7.1.2.1(b), 7.1.2.2(e) (v1); 7.1.2.10.7 (v2)", BR1, 0,
	    sweep_applies_tls_ca_with_ku, sweep_check_ca_key_cert_sign_not_set, "CA keyUsage without keyCertSign.",
	    .zlint = "e_ca_key_cert_sign_not_set"),
	ROW("e_ca_crl_sign_not_set", "BR", "BR 7.1.2.1(b), 7.1.2.2(e) (v1); 7.1.2.10.7 (v2)", BR1, 0,
	    sweep_applies_tls_ca_with_ku, sweep_check_ca_crl_sign_not_set, "CA keyUsage without cRLSign.",
	    .zlint = "e_ca_crl_sign_not_set"),
	ROW("e_ca_key_usage_not_critical", "BR", "BR 7.1.2.1(b), 7.1.2.2(e) (v1); 7.1.2.10.7 (v2)", BR1, 0,
	    sweep_applies_tls_ca_with_ku, sweep_check_ca_ku_not_critical, "CA keyUsage is not marked critical.",
	    .zlint = "e_ca_key_usage_not_critical e_root_ca_key_usage_must_be_critical"),
	ROW("n_ca_digital_signature_not_set", "BR", "BR 7.1.2.1(b) (v1); 7.1.2.10.7 (v2)", BR1, 0,
	    sweep_applies_tls_ca_with_ku, sweep_check_ca_digital_signature_not_set,
	    "CA keyUsage without digitalSignature: required only if the CA key signs OCSP responses, so a notice.",
	    .zlint = "n_ca_digital_signature_not_set"),
	ROW("e_ca_common_name_missing", "BR", "BR 7.1.4.3.1 (ballot 199); 7.1.2.10.2 (v2)", BALLOT199, 0,
	    sweep_applies_tls_ca, sweep_check_ca_cn_missing,
	    "CA subject without commonName (required by ballot 199; zlint applies it from 1999).",
	    .zlint = "e_ca_common_name_missing"),
	ROW("e_ca_organization_name_missing", "BR", "BR 7.1.4.3.1 (ballot 199); 7.1.2.10.2 (v2)", BALLOT199, 0,
	    sweep_applies_tls_ca, sweep_check_ca_org_missing,
	    "CA subject without organizationName. Roots needed it since BR 1.0; subordinates from ballot 199, "
	    "whose date is used for both.",
	    .zlint = "e_ca_organization_name_missing"),
	ROW("e_ca_country_name_missing", "BR", "BR 7.1.4.3.1 (ballot 199); 7.1.2.10.2 (v2)", BALLOT199, 0,
	    sweep_applies_tls_ca, sweep_check_ca_country_missing,
	    "CA subject without countryName (dated as e_ca_organization_name_missing).",
	    .zlint = "e_ca_country_name_missing"),
	ROW("e_ca_subject_field_empty", "RFC5280", "RFC 5280 4.1.2.6", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_subject_empty, "A CA certificate's subject MUST be a non-empty distinguished name.",
	    .zlint = "e_ca_subject_field_empty"),
	ROW("e_root_ca_extended_key_usage_present", "BR", "BR 7.1.2.1(d) (v1); 7.1.2.1.2 (v2)", BR1, 0,
	    sweep_applies_tls_root_ca, sweep_check_root_eku_present, "A root CA certificate with extKeyUsage.",
	    .zlint = "e_root_ca_extended_key_usage_present"),
	ROW("w_root_ca_contains_cert_policy", "BR", "BR 7.1.2.1(c) (v1, SHOULD NOT); 7.1.2.1.2 (v2, NOT RECOMMENDED)",
	    BR1, 0, sweep_applies_tls_root_ca, sweep_check_root_policies_present,
	    "A root CA certificate with certificatePolicies.", .zlint = "w_root_ca_contains_cert_policy"),
	ROW("w_root_ca_basic_constraints_path_len_constraint_field_present", "BR",
	    "BR 7.1.2.1(a) (v1, SHOULD NOT); 7.1.2.1.4 (v2, NOT RECOMMENDED)", BR1, 0, sweep_applies_tls_root_ca,
	    sweep_check_root_path_len_present, "A root CA basicConstraints with pathLenConstraint.",
	    .zlint = "w_root_ca_basic_constraints_path_len_constraint_field_present"),
	ROW("e_sub_ca_certificate_policies_missing", "BR", "BR 7.1.2.2(a) (v1); 7.1.2.6.1, 7.1.2.10.5 (v2)", BR1, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_policies_missing,
	    "A subordinate CA certificate without certificatePolicies.", .zlint = "e_sub_ca_certificate_policies_missing"),
	ROW("w_sub_ca_certificate_policies_marked_critical", "BR", "BR 7.1.2.2(a) (v1, SHOULD NOT); 7.1.2.6.1 (v2)",
	    BR1, 0, sweep_applies_tls_sub_ca, sweep_check_sub_ca_policies_critical,
	    "A subordinate CA certificatePolicies marked critical.",
	    .zlint = "w_sub_ca_certificate_policies_marked_critical"),
	ROW("e_sub_ca_crl_distribution_points_missing", "BR", "BR 7.1.2.2(b) (v1); 7.1.2.6.1 (v2)", BR1, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_crldp_missing,
	    "A subordinate CA certificate without cRLDistributionPoints.",
	    .zlint = "e_sub_ca_crl_distribution_points_missing"),
	ROW("e_sub_ca_crl_distribution_points_marked_critical", "BR", "BR 7.1.2.2(b) (v1); 7.1.2.6.1 (v2)", BR1, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_crldp_critical,
	    "A subordinate CA cRLDistributionPoints marked critical.",
	    .zlint = "e_sub_ca_crl_distribution_points_marked_critical"),
	ROW("e_sub_ca_crl_distribution_points_does_not_contain_url", "BR", "BR 7.1.2.2(b) (v1); 7.1.2.11.2 (v2)", BR1,
	    0, sweep_applies_tls_sub_ca_with_crldp, sweep_check_sub_ca_crldp_no_url,
	    "A subordinate CA cRLDistributionPoints without an http:// URL of the CA's CRL service.",
	    .zlint = "e_sub_ca_crl_distribution_points_does_not_contain_url"),
	ROW("e_sub_ca_aia_marked_critical", "BR", "BR 7.1.2.2(c) (v1); 7.1.2.10.3 (v2)", BR1, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_aia_critical,
	    "A subordinate CA authorityInformationAccess marked critical.", .zlint = "e_sub_ca_aia_marked_critical"),
	ROW("e_crl_distribution_point_reasons_or_crl_issuer", "BR", "BR 7.1.2.11.2 (v2)", BR2, 0, sweep_applies_has_crldp,
	    sweep_check_crldp_reasons_or_issuer,
	    "A DistributionPoint with reasons or cRLIssuer (BR v2: only distributionPoint with fullName URIs)."),
	/* --- basicConstraints / keyUsage / nameConstraints consistency (RFC 5280) --- */
	ROW("e_path_len_constraint_improperly_included", "RFC5280", "RFC 5280 4.2.1.9", RFC5280, 0,
	    sweep_applies_has_path_len, sweep_check_path_len_improper,
	    "pathLenConstraint without cA TRUE and keyCertSign.", .zlint = "e_path_len_constraint_improperly_included"),
	ROW("e_ext_key_usage_cert_sign_without_ca", "RFC5280", "RFC 5280 4.2.1.3, 4.2.1.9", RFC5280, 0,
	    sweep_applies_has_key_usage, sweep_check_cert_sign_without_ca,
	    "keyCertSign asserted while basicConstraints cA is not TRUE.",
	    .zlint = "e_ext_key_usage_cert_sign_without_ca e_ca_is_ca"),
	ROW("e_ext_name_constraints_not_in_ca", "RFC5280", "RFC 5280 4.2.1.10", RFC5280, 0, sweep_applies_all,
	    sweep_check_name_constraints_not_in_ca, "nameConstraints in a certificate that is not a CA.",
	    .zlint = "e_ext_name_constraints_not_in_ca"),
	/* --- delegated OCSP responders (BR v2 7.1.2.8) --- */
	ROW("e_ocsp_responder_nocheck_missing", "BR", "BR 7.1.2.8.2, 7.1.2.8.6 (v2); RFC 6960 4.2.2.2.1", BR2, 0,
	    sweep_applies_ocsp_responder, sweep_check_ocsp_nocheck_missing,
	    "An OCSP responder certificate without id-pkix-ocsp-nocheck."),
	ROW("e_ocsp_responder_crl_distribution_points_present", "BR", "BR 7.1.2.8.2 (v2)", BR2, 0,
	    sweep_applies_ocsp_responder, sweep_check_ocsp_crldp_present,
	    "An OCSP responder certificate with cRLDistributionPoints (MUST NOT)."),
	ROW("e_ocsp_responder_certificate_policies_present", "BR", "BR 7.1.2.8.2, 7.1.2.8.8 (v2)", BR2, 0,
	    sweep_applies_ocsp_responder, sweep_check_ocsp_policies_present,
	    "An OCSP responder certificate with certificatePolicies (MUST NOT)."),
	ROW("e_ocsp_responder_san_present", "BR", "BR 7.1.2.8.2 (v2)", BR2, 0, sweep_applies_ocsp_responder,
	    sweep_check_ocsp_san_present, "An OCSP responder certificate with subjectAltName (MUST NOT)."),
	ROW("e_ocsp_responder_key_usage_invalid", "BR", "BR 7.1.2.8.2, 7.1.2.8.7 (v2)", BR2, 0,
	    sweep_applies_ocsp_responder, sweep_check_ocsp_ku,
	    "An OCSP responder certificate whose keyUsage is missing or is not digitalSignature alone."),
	ROW("e_ocsp_responder_key_usage_not_critical", "BR", "BR 7.1.2.8.2 (v2)", BR2, 0, sweep_applies_ocsp_responder,
	    sweep_check_ocsp_ku_not_critical, "An OCSP responder certificate whose keyUsage is not critical."),
	/* --- subscriber certificates (BR v2 7.1.2.7.6; SC-063) --- */
	ROW("w_ext_subject_key_identifier_not_recommended_subscriber", "BR", "BR 7.1.2.7.6 (v2, NOT RECOMMENDED)", BR2, 0,
	    sweep_applies_tls_subscriber, sweep_check_subscriber_skid_present,
	    "A subscriber certificate with subjectKeyIdentifier.",
	    .zlint = "w_ext_subject_key_identifier_not_recommended_subscriber",
	    .pkilint = "cabf.serverauth.subscriber.subject_key_identifier_extension_present"),
	ROW("e_subscriber_name_constraints_present", "BR", "BR 7.1.2.7.6 (v2)", BR2, 0, sweep_applies_tls_subscriber,
	    sweep_check_subscriber_name_constraints, "A subscriber certificate with nameConstraints (MUST NOT)."),
	ROW("e_subscriber_basic_constraints_not_critical", "BR", "BR 7.1.2.7.6, 7.1.2.7.8 (v2)", BR2, 0,
	    sweep_applies_tls_subscriber, sweep_check_subscriber_bc_not_critical,
	    "A subscriber basicConstraints that is present but not critical."),
	ROW("e_subscriber_eku_critical", "BR", "BR 7.1.2.7.6 (v2)", BR2, 0, sweep_applies_tls_subscriber,
	    sweep_check_subscriber_eku_critical, "A subscriber extKeyUsage marked critical."),
	ROW("e_sub_cert_crl_distribution_points_marked_critical", "BR", "BR 7.1.2.3(b) (v1); 7.1.2.7.6 (v2)", BR1, 0,
	    sweep_applies_tls_subscriber, sweep_check_subscriber_crldp_critical,
	    "A subscriber cRLDistributionPoints marked critical.",
	    .zlint = "e_sub_cert_crl_distribution_points_marked_critical"),
	ROW("w_sub_cert_certificate_policies_marked_critical", "BR", "BR 7.1.2.3(a) (v1, SHOULD NOT); 7.1.2.7.6 (v2)",
	    BR1, 0, sweep_applies_tls_subscriber, sweep_check_subscriber_policies_critical,
	    "A subscriber certificatePolicies marked critical.",
	    .zlint = "w_sub_cert_certificate_policies_marked_critical"),
	ROW("e_subscriber_no_revocation_information", "BR", "BR 7.1.2.11.2, 7.1.2.7.6 (ballot SC-063)", SC063, 0,
	    sweep_applies_tls_subscriber, sweep_check_subscriber_no_revocation_info,
	    "Neither an OCSP URL nor cRLDistributionPoints, and not a Short-lived Subscriber Certificate (10 days, "
	    "7 days from 2026-03-15)."),
	ROW("e_aia_access_method_not_allowed", "BR", "BR 7.1.2.7.7, 7.1.2.10.3 (v2)", BR2, 0, sweep_applies_has_aia,
	    sweep_check_aia_method_not_allowed,
	    "authorityInformationAccess holds an access method other than id-ad-ocsp and id-ad-caIssuers (zlint's "
	    "lint also requires URI locations: e_aia_url_not_http covers those).",
	    .zlint = "e_aia_must_contain_permitted_access_method"),
	/* --- extension criticality (RFC 5280 4.2), one parametrised check --- */
	ROW("e_ext_subject_key_identifier_critical", "RFC5280", "RFC 5280 4.2.1.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_skid_critical, "subjectKeyIdentifier MUST NOT be critical.",
	    .zlint = "e_ext_subject_key_identifier_critical"),
	ROW("e_ext_authority_key_identifier_critical", "RFC5280", "RFC 5280 4.2.1.1", RFC5280, 0, sweep_applies_all,
	    sweep_check_akid_critical, "authorityKeyIdentifier MUST NOT be critical.",
	    .zlint = "e_ext_authority_key_identifier_critical"),
	ROW("e_ext_aia_marked_critical", "RFC5280", "RFC 5280 4.2.2.1", RFC5280, 0, sweep_applies_all,
	    sweep_check_aia_critical, "authorityInformationAccess MUST NOT be critical.",
	    .zlint = "e_ext_aia_marked_critical e_sub_cert_aia_marked_critical"),
	ROW("e_subject_info_access_marked_critical", "RFC5280", "RFC 5280 4.2.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_sia_critical, "subjectInformationAccess MUST NOT be critical.",
	    .zlint = "e_subject_info_access_marked_critical"),
	ROW("e_ext_freshest_crl_marked_critical", "RFC5280", "RFC 5280 4.2.1.15", RFC5280, 0, sweep_applies_all,
	    sweep_check_freshest_crl_critical, "freshestCRL MUST NOT be critical.",
	    .zlint = "e_ext_freshest_crl_marked_critical"),
	ROW("e_ext_subject_directory_attr_critical", "RFC5280", "RFC 5280 4.2.1.8", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_dir_attr_critical, "subjectDirectoryAttributes MUST NOT be critical.",
	    .zlint = "e_ext_subject_directory_attr_critical"),
	ROW("w_ext_crl_distribution_marked_critical", "RFC5280", "RFC 5280 4.2.1.13 (SHOULD)", RFC5280, 0,
	    sweep_applies_all, sweep_check_crldp_critical, "cRLDistributionPoints SHOULD be non-critical.",
	    .zlint = "w_ext_crl_distribution_marked_critical"),
	ROW("w_ext_ian_critical", "RFC5280", "RFC 5280 4.2.1.7 (SHOULD)", RFC5280, 0, sweep_applies_all,
	    sweep_check_ian_critical, "issuerAltName SHOULD be non-critical.", .zlint = "w_ext_ian_critical"),
	ROW("e_ext_policy_constraints_not_critical", "RFC5280", "RFC 5280 4.2.1.11", RFC5280, 0, sweep_applies_all,
	    sweep_check_policy_constraints_not_critical, "policyConstraints MUST be critical.",
	    .zlint = "e_ext_policy_constraints_not_critical"),
	ROW("e_inhibit_any_policy_not_critical", "RFC5280", "RFC 5280 4.2.1.14", RFC5280, 0, sweep_applies_all,
	    sweep_check_inhibit_any_not_critical, "inhibitAnyPolicy MUST be critical.",
	    .zlint = "e_inhibit_any_policy_not_critical"),
	ROW("w_ext_policy_map_not_critical", "RFC5280", "RFC 5280 4.2.1.5 (SHOULD)", RFC5280, 0, sweep_applies_all,
	    sweep_check_policy_map_not_critical, "policyMappings SHOULD be critical.",
	    .zlint = "w_ext_policy_map_not_critical"),
	ROW("e_ext_name_constraints_not_critical", "RFC5280", "RFC 5280 4.2.1.10", RFC5280, 0, sweep_applies_all,
	    sweep_check_name_constraints_not_critical,
	    "nameConstraints MUST be critical per RFC 5280 (BR 7.1.2.10.8 tolerates non-critical: zlint "
	    "w_sub_ca_name_constraints_not_critical).",
	    .zlint = "e_ext_name_constraints_not_critical"),
	ROW("w_eku_critical_improperly", "RFC5280", "RFC 5280 4.2.1.12 (SHOULD NOT)", RFC5280, 0, sweep_applies_all,
	    sweep_check_eku_any_critical, "extKeyUsage with anyExtendedKeyUsage marked critical.",
	    .zlint = "w_eku_critical_improperly"),
	ROW("e_cert_contains_unique_identifier", "RFC5280", "RFC 5280 4.1.2.8", RFC5280, 0, sweep_applies_all,
	    sweep_check_unique_identifier, "issuerUniqueID or subjectUniqueID present (CAs MUST NOT generate them).",
	    .zlint = "e_cert_contains_unique_identifier"),
	ROW("e_subject_empty_without_san", "RFC5280", "RFC 5280 4.1.2.6", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_empty_without_san, "An empty subject without subjectAltName.",
	    .zlint = "e_subject_empty_without_san"),
	/* --- certificatePolicies qualifiers (RFC 5280 4.2.1.4, RFC 6818 3, BR v2 7.1.2.7.9) --- */
	ROW("e_ext_cert_policy_duplicate", "RFC5280", "RFC 5280 4.2.1.4", RFC5280, 0, sweep_applies_all,
	    sweep_check_policy_duplicate, "A policy OID appears more than once.", .zlint = "e_ext_cert_policy_duplicate"),
	ROW("e_ext_cert_policy_disallowed_any_policy_qualifier", "RFC5280", "RFC 5280 4.2.1.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_policy_any_qualifier,
	    "anyPolicy with a qualifier other than the CPS pointer or user notice.",
	    .zlint = "e_ext_cert_policy_disallowed_any_policy_qualifier"),
	ROW("e_ext_cert_policy_explicit_text_too_long", "RFC5280", "RFC 5280 4.2.1.4, Appendix A (200 characters)",
	    RFC5280, 0, sweep_applies_all, sweep_check_policy_text_too_long, "explicitText over 200 characters.",
	    .zlint = "e_ext_cert_policy_explicit_text_too_long"),
	ROW("e_ext_cert_policy_explicit_text_ia5_string", "RFC6818", "RFC 6818 3", RFC6818, 0, sweep_applies_all,
	    sweep_check_policy_text_ia5, "explicitText encoded as IA5String (MUST NOT).",
	    .zlint = "e_ext_cert_policy_explicit_text_ia5_string"),
	ROW("w_ext_cert_policy_explicit_text_not_utf8", "RFC6818", "RFC 6818 3 (SHOULD)", RFC6818, 0, sweep_applies_all,
	    sweep_check_policy_text_not_utf8, "explicitText not encoded as UTF8String.",
	    .zlint = "w_ext_cert_policy_explicit_text_not_utf8"),
	ROW("w_ext_cert_policy_contains_noticeref", "RFC5280", "RFC 5280 4.2.1.4 (SHOULD NOT)", RFC5280, 0,
	    sweep_applies_all, sweep_check_policy_notice_ref, "A userNotice with noticeRef.",
	    .zlint = "w_ext_cert_policy_contains_noticeref"),
	ROW("w_ext_cert_policy_explicit_text_includes_control", "RFC6818", "RFC 6818 3 (SHOULD NOT)", RFC6818, 0,
	    sweep_applies_all, sweep_check_policy_text_control, "explicitText with control characters.",
	    .zlint = "w_ext_cert_policy_explicit_text_includes_control"),
	ROW("e_subscriber_policy_qualifier_not_cps", "BR", "BR 7.1.2.7.9 (v2)", BR2, 0, sweep_applies_tls_subscriber,
	    sweep_check_policy_qualifier_not_cps,
	    "A subscriber policy qualifier other than id-qt-cps (user notices included)."),
	ROW("e_subscriber_cps_uri_not_http", "BR", "BR 7.1.2.7.9 (v2)", BR2, 0, sweep_applies_tls_subscriber,
	    sweep_check_policy_cps_not_http, "A subscriber cPSuri that is not an http:// or https:// URL."),
	/* --- weak RSA keys (BR 6.1.6; community) --- */
	ROW("w_rsa_mod_not_odd", "BR", "BR 6.1.6 (SHOULD be odd)", BR1, 0, sweep_applies_rsa, sweep_check_rsa_mod_even,
	    "RSA modulus is even (BR 6.1.6: it SHOULD be odd).", .zlint = "w_rsa_mod_not_odd"),
	ROW("w_rsa_mod_factors_smaller_than_752", "BR", "BR 6.1.6 (SHOULD have no factors smaller than 752)", BR1, 0,
	    sweep_applies_rsa, sweep_check_rsa_small_factor, "RSA modulus divisible by an odd prime below 752.",
	    .zlint = "w_rsa_mod_factors_smaller_than_752"),
	ROW("e_rsa_public_exponent_too_small", "BR", "BR 6.1.6 (odd, 3 or more)", BR1, 0, sweep_applies_rsa,
	    sweep_check_rsa_exponent_below_3, "RSA public exponent below 3 (1 included).",
	    .zlint = "e_rsa_public_exponent_too_small e_mp_exponent_cannot_be_one"),
	ROW("e_rsa_roca_fingerprint", "community", "CVE-2017-15361 (Nemec et al., CCS 2017); BR 6.1.1.3", RFC5280, 0,
	    sweep_applies_rsa, sweep_check_rsa_roca,
	    "RSA modulus with the ROCA fingerprint (Infineon RSALib): its residues modulo the primes 3..167 all "
	    "lie in the subgroup generated by 65537."),
	ROW("e_rsa_fermat_factorization", "community", "Fermat's factorization method; BR 6.1.1.3", RFC5280, 0,
	    sweep_applies_rsa, sweep_check_rsa_fermat,
	    "RSA modulus whose primes are so close that 100 rounds of Fermat's method factor it.",
	    .zlint = "e_rsa_fermat_factorization"),
	/* --- exact encodings (Mozilla Root Store Policy 5.1.1/5.1.2; RFC 4055) --- */
	ROW("e_mp_ecdsa_pub_key_encoding_correct", "Mozilla", "Mozilla Root Store Policy 5.1.2", MOZ27, 0,
	    sweep_applies_ec, sweep_check_mp_ecdsa_spki_encoding,
	    "EC subjectPublicKeyInfo AlgorithmIdentifier not byte-exact as Mozilla lists it (P-521 accepted, "
	    "e_mozilla_ec_curve_not_allowed judges the curve).",
	    .zlint = "e_mp_ecdsa_pub_key_encoding_correct"),
	ROW("e_mp_ecdsa_signature_encoding_correct", "Mozilla", "Mozilla Root Store Policy 5.1.2", MOZ27, 0,
	    sweep_applies_ecdsa_signature, sweep_check_mp_ecdsa_sig_encoding,
	    "ECDSA signatureAlgorithm other than the exact ecdsa-with-SHA256/SHA384 encodings (no parameters).",
	    .zlint = "e_mp_ecdsa_signature_encoding_correct"),
	ROW("e_mp_rsassa-pss_parameters_encoding_in_signature_algorithm_correct", "Mozilla",
	    "Mozilla Root Store Policy 5.1.1", MOZ27, 0, sweep_applies_pss_signature, sweep_check_mp_pss_sig_encoding,
	    "RSASSA-PSS signatureAlgorithm parameters other than Mozilla's three byte-exact encodings.",
	    .zlint = "e_mp_rsassa-pss_parameters_encoding_in_signature_algorithm_correct"),
	ROW("e_mp_rsassa-pss_in_spki", "Mozilla", "Mozilla Root Store Policy 5.1.1", MOZ27, 0, sweep_applies_all,
	    sweep_check_mp_pss_in_spki, "subjectPublicKeyInfo with the id-RSASSA-PSS OID.",
	    .zlint = "e_mp_rsassa-pss_in_spki"),
	ROW("e_tbs_signature_rsa_encryption_parameter_not_null", "RFC5280", "RFC 4055 5; RFC 3279 2.2.1", RFC5280, 0,
	    sweep_applies_tbs_pkcs1_signature, sweep_check_tbs_sig_rsa_params_not_null,
	    "TBSCertificate.signature is a PKCS #1 v1.5 algorithm without NULL parameters.",
	    .zlint = "e_tbs_signature_rsa_encryption_parameter_not_null"),
	/* --- DNS labels --- */
	ROW("e_international_dns_name_not_unicode", "RFC5890", "RFC 5890 2.3.2.1; RFC 3492 6.2", RFC5890, 0,
	    sweep_applies_has_san, sweep_check_dns_xn_label_invalid,
	    "A dNSName xn-- label that is not valid Punycode (or decodes to ASCII only).",
	    .zlint = "e_international_dns_name_not_unicode"),
	ROW("w_dns_name_reserved_ldh_label", "RFC5890", "RFC 5890 2.3.1; RFC 5891 5.4", RFC5890, 0,
	    sweep_applies_has_san, sweep_check_dns_reserved_ldh_label,
	    "A dNSName label with \"--\" in positions 3 and 4 that is not an XN-label (a reserved LDH label)."),
	ROW("e_underscore_present_with_too_long_validity", "BR", "BR 7.1.4.2.1 (ballot SC12)", 20181210, 20190401,
	    sweep_applies_tls_subscriber, sweep_check_dns_underscore_long_validity,
	    "Between 2018-12-10 and 2019-03-31 a dNSName with an underscore was allowed only in a certificate "
	    "valid for 30 days or less.",
	    .zlint = "e_underscore_present_with_too_long_validity"),
	/* --- subject content --- */
	ROW("e_subject_contains_noninformational_value", "BR", "BR 7.1.4.2.2(j) (v1); 7.1.2.7.2-4 (v2)", BR1, 0,
	    sweep_applies_tls_subscriber, sweep_check_subject_noninformational,
	    "A subject value that only says it is absent: \".\", \"-\", \" \", \"n/a\", \"not applicable\", \"none\".",
	    .zlint = "e_subject_contains_noninformational_value"),
	ROW("e_subject_contains_reserved_ip", "BR", "BR 4.2.2, 7.1.4.2.2(a) (Reserved IP Address)", 20151101, 0,
	    sweep_applies_tls_subscriber, sweep_check_subject_cn_reserved_ip,
	    "commonName holds a reserved IPv4 or IPv6 address.", .zlint = "e_subject_contains_reserved_ip"),
	ROW("e_cert_policy_ov_requires_country", "BR", "BR 7.1.6.1 (v1); 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_ov,
	    sweep_check_policy_requires_country, "An OV certificate without countryName.",
	    .zlint = "e_cert_policy_ov_requires_country"),
	ROW("e_cert_policy_ov_requires_province_or_locality", "BR", "BR 7.1.6.1 (v1); 7.1.2.7.4 (v2)", BR1, 0,
	    sweep_applies_ov, sweep_check_policy_requires_place,
	    "An OV certificate with neither localityName nor stateOrProvinceName.",
	    .zlint = "e_cert_policy_ov_requires_province_or_locality"),
	ROW("e_cert_policy_iv_requires_country", "BR", "BR 7.1.6.1 (v1); 7.1.2.7.5 (v2)", BR1, 0, sweep_applies_iv,
	    sweep_check_policy_requires_country, "An IV certificate without countryName.",
	    .zlint = "e_cert_policy_iv_requires_country"),
	ROW("e_cert_policy_iv_requires_province_or_locality", "BR", "BR 7.1.6.1 (v1); 7.1.2.7.5 (v2)", BR1, 0,
	    sweep_applies_iv, sweep_check_policy_requires_place,
	    "An IV certificate with neither localityName nor stateOrProvinceName.",
	    .zlint = "e_cert_policy_iv_requires_province_or_locality"),
	ROW("e_cab_iv_requires_personal_name", "BR", "BR 7.1.6.1 (v1); 7.1.2.7.5 (v2)", BR1, 0, sweep_applies_iv,
	    sweep_check_iv_personal_name, "An IV certificate with neither organizationName nor givenName and surname.",
	    .zlint = "e_cab_iv_requires_personal_name"),
	ROW("e_sub_cert_given_name_surname_contains_correct_policy", "BR", "BR 7.1.4.2.2(c) (v1); 7.1.2.7.2-4 (v2)",
	    GIVENNAME, 0, sweep_applies_tls_subscriber, sweep_check_given_name_without_iv,
	    "givenName or surname in a certificate without the IV policy (EV certificates excepted).",
	    .zlint = "e_sub_cert_given_name_surname_contains_correct_policy"),
	ROW("e_ev_valid_time_too_long", "EV", "EV Guidelines 9.4 (27 months, until ballot 193)", EVG1, 20180301,
	    sweep_applies_ev, sweep_check_ev_validity_27_months,
	    "An EV certificate valid for more than 27 months (issued before 2018-03-01; later limits are the "
	    "BR validity lints).",
	    .zlint = "e_ev_valid_time_too_long"),
	/* --- name attributes against RFC 5280 Appendix A; issuer rules; versions --- */
	ROW("e_subject_locality_name_max_length", "RFC5280", "RFC 5280 Appendix A (ub-locality-name 128)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_locality_too_long, "localityName longer than 128 characters.",
	    .zlint = "e_subject_locality_name_max_length"),
	ROW("e_subject_state_name_max_length", "RFC5280", "RFC 5280 Appendix A (ub-state-name 128)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_state_too_long, "stateOrProvinceName longer than 128 characters.",
	    .zlint = "e_subject_state_name_max_length"),
	ROW("e_subject_organizational_unit_name_max_length", "RFC5280",
	    "RFC 5280 Appendix A (ub-organizational-unit-name 64)", RFC5280, 0, sweep_applies_all,
	    sweep_check_subject_ou_too_long, "organizationalUnitName longer than 64 characters.",
	    .zlint = "e_subject_organizational_unit_name_max_length"),
	ROW("e_subject_dn_serial_number_max_length", "RFC5280", "RFC 5280 Appendix A (ub-serial-number 64)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_serial_too_long, "subject serialNumber longer than 64 characters.",
	    .zlint = "e_subject_dn_serial_number_max_length"),
	ROW("e_subject_email_max_length", "RFC5280", "RFC 5280 Appendix A (ub-emailaddress-length 255)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_email_too_long, "subject emailAddress longer than 255 characters.",
	    .zlint = "e_subject_email_max_length"),
	ROW("e_subject_dn_serial_number_not_printable_string", "RFC5280", "RFC 5280 Appendix A (X520SerialNumber)",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_serial_not_printable,
	    "subject serialNumber not encoded as PrintableString.",
	    .zlint = "e_subject_dn_serial_number_not_printable_string"),
	ROW("e_issuer_dn_country_not_printable_string", "RFC5280", "RFC 5280 Appendix A (X520countryName)", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_country_not_printable,
	    "issuer countryName not encoded as PrintableString.", .zlint = "e_issuer_dn_country_not_printable_string"),
	ROW("w_issuer_attribute_value_whitespace", "community", "zlint w_issuer_dn_leading/trailing_whitespace",
	    RFC5280, 0, sweep_applies_all, sweep_check_issuer_whitespace,
	    "An issuer attribute value starts or ends with a space (one lint for both ends).",
	    .zlint = "w_issuer_dn_leading_whitespace w_issuer_dn_trailing_whitespace"),
	ROW("w_multiple_issuer_rdn", "community", "RFC 5280 4.1.2.4 (multi-valued RDNs hinder name matching)", RFC5280,
	    0, sweep_applies_all, sweep_check_issuer_multi_valued_rdn, "An issuer RDN holds more than one attribute.",
	    .zlint = "w_multiple_issuer_rdn"),
	ROW("w_extra_subject_common_names", "BR", "BR 7.1.4.2.2(a) (v1); 7.1.4.3 (v2)", BR1, 0,
	    sweep_applies_tls_subscriber, sweep_check_subject_extra_cn,
	    "More than one commonName in the subject (before BR v2 a warning; e_subject_duplicate_attribute "
	    "covers v2).",
	    .zlint = "w_extra_subject_common_names"),
	ROW("e_invalid_certificate_version", "RFC5280", "RFC 5280 4.1.2.1", RFC5280, 0, sweep_applies_all,
	    sweep_check_version_invalid, "The version field is not v1, v2 or v3 (0, 1 or 2).",
	    .zlint = "e_invalid_certificate_version"),
	ROW("e_cert_extensions_version_not_3", "RFC5280", "RFC 5280 4.1.2.9", RFC5280, 0, sweep_applies_all,
	    sweep_check_extensions_version, "Extensions in a certificate whose version is not v3.",
	    .zlint = "e_cert_extensions_version_not_3"),
	ROW("e_cert_unique_identifier_version_not_2_or_3", "RFC5280", "RFC 5280 4.1.2.8", RFC5280, 0,
	    sweep_applies_all, sweep_check_unique_id_version, "A unique identifier in a v1 certificate.",
	    .zlint = "e_cert_unique_identifier_version_not_2_or_3"),
	/* --- GeneralNames of subjectAltName and issuerAltName (RFC 5280 4.2.1.6, 4.2.1.7) --- */
	ROW("e_ext_san_empty_name", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_gn_empty, "A subjectAltName entry with an empty value.", .zlint = "e_ext_san_empty_name"),
	ROW("e_ext_san_rfc822_format_invalid", "RFC5280", "RFC 5280 4.2.1.6 (RFC 5322 addr-spec)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_rfc822_invalid, "A subjectAltName rfc822Name that is not local@domain.",
	    .zlint = "e_ext_san_rfc822_format_invalid"),
	ROW("e_ext_san_uri_relative", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_uri_relative, "A subjectAltName URI without a scheme (a relative URI).",
	    .zlint = "e_ext_san_uri_relative"),
	ROW("e_ext_san_uri_not_ia5", "RFC5280", "RFC 5280 4.2.1.6 (IA5String)", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_uri_not_ia5, "A subjectAltName URI with bytes outside ASCII.", .zlint = "e_ext_san_uri_not_ia5"),
	ROW("e_ext_san_uri_host_not_fqdn_or_ip", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_uri_host, "A subjectAltName URI whose host is neither a fully qualified name nor an IP address.",
	    .zlint = "e_ext_san_uri_host_not_fqdn_or_ip"),
	ROW("e_ext_san_dns_not_ia5_string", "RFC5280", "RFC 5280 4.2.1.6 (IA5String)", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_dns_not_ia5, "A subjectAltName dNSName with bytes outside ASCII.",
	    .zlint = "e_ext_san_dns_not_ia5_string"),
	ROW("e_ext_ian_no_entries", "RFC5280", "RFC 5280 4.2.1.7 (GeneralNames SIZE 1..MAX)", RFC5280, 0,
	    sweep_applies_has_ian, sweep_check_ian_no_entries, "issuerAltName holds no name.",
	    .zlint = "e_ext_ian_no_entries"),
	ROW("e_ext_ian_empty_name", "RFC5280", "RFC 5280 4.2.1.7", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_gn_empty, "An issuerAltName entry with an empty value.", .zlint = "e_ext_ian_empty_name"),
	ROW("e_ext_ian_rfc822_format_invalid", "RFC5280", "RFC 5280 4.2.1.7 (RFC 5322 addr-spec)", RFC5280, 0,
	    sweep_applies_has_ian, sweep_check_ian_rfc822_invalid, "An issuerAltName rfc822Name that is not local@domain.",
	    .zlint = "e_ext_ian_rfc822_format_invalid"),
	ROW("e_ext_ian_uri_relative", "RFC5280", "RFC 5280 4.2.1.7", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_uri_relative, "An issuerAltName URI without a scheme.", .zlint = "e_ext_ian_uri_relative"),
	ROW("e_ext_ian_uri_not_ia5", "RFC5280", "RFC 5280 4.2.1.7 (IA5String)", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_uri_not_ia5, "An issuerAltName URI with bytes outside ASCII.", .zlint = "e_ext_ian_uri_not_ia5"),
	ROW("e_ext_ian_uri_host_not_fqdn_or_ip", "RFC5280", "RFC 5280 4.2.1.7", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_uri_host, "An issuerAltName URI whose host is neither a fully qualified name nor an IP address.",
	    .zlint = "e_ext_ian_uri_host_not_fqdn_or_ip"),
	ROW("e_ext_ian_dns_not_ia5_string", "RFC5280", "RFC 5280 4.2.1.7 (IA5String)", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_dns_not_ia5, "An issuerAltName dNSName with bytes outside ASCII.",
	    .zlint = "e_ext_ian_dns_not_ia5_string"),
	ROW("e_ext_ian_space_dns_name", "RFC5280", "RFC 5280 4.2.1.7; RFC 1034 3.5", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_dns_space, "An issuerAltName dNSName containing a space (zlint flags only \" \" itself).",
	    .zlint = "e_ext_ian_space_dns_name"),
	ROW("e_ian_dns_name_starts_with_period", "RFC5280", "RFC 5280 4.2.1.7; RFC 1034 3.5", RFC5280, 0,
	    sweep_applies_has_ian, sweep_check_ian_dns_period, "An issuerAltName dNSName starting with a period.",
	    .zlint = "e_ian_dns_name_starts_with_period"),
	ROW("e_ian_dns_name_includes_null_char", "RFC5280", "RFC 5280 4.2.1.7; RFC 1034 3.5", RFC5280, 0,
	    sweep_applies_has_ian, sweep_check_ian_dns_nul, "An issuerAltName dNSName with a NUL character.",
	    .zlint = "e_ian_dns_name_includes_null_char"),
	ROW("e_ian_bare_wildcard", "RFC5280", "RFC 5280 4.2.1.7; RFC 6125 6.4.3", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_bare_wildcard, "An issuerAltName dNSName that is only \"*\".", .zlint = "e_ian_bare_wildcard"),
	ROW("e_ian_wildcard_not_first", "RFC5280", "RFC 5280 4.2.1.7; RFC 6125 6.4.3", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_wildcard_not_first, "An issuerAltName dNSName with '*' after its first character.",
	    .zlint = "e_ian_wildcard_not_first"),
	/* --- policy mappings and constraints, name constraints, distribution points, AIA (RFC 5280) --- */
	ROW("e_ext_policy_map_any_policy", "RFC5280", "RFC 5280 4.2.1.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_policy_map_any_policy, "policyMappings maps to or from anyPolicy.",
	    .zlint = "e_ext_policy_map_any_policy"),
	ROW("w_ext_policy_map_not_in_cert_policy", "RFC5280", "RFC 5280 4.2.1.5 (SHOULD)", RFC5280, 0, sweep_applies_all,
	    sweep_check_policy_map_not_in_policies,
	    "An issuerDomainPolicy of policyMappings that certificatePolicies does not assert.",
	    .zlint = "w_ext_policy_map_not_in_cert_policy"),
	ROW("e_ext_policy_constraints_empty", "RFC5280", "RFC 5280 4.2.1.11", RFC5280, 0, sweep_applies_all,
	    sweep_check_policy_constraints_empty, "policyConstraints that is an empty SEQUENCE.",
	    .zlint = "e_ext_policy_constraints_empty"),
	ROW("e_name_constraint_empty", "RFC5280", "RFC 5280 4.2.1.10", RFC5280, 0, sweep_applies_all, sweep_check_nc_empty,
	    "nameConstraints with neither permittedSubtrees nor excludedSubtrees, or an empty list.",
	    .zlint = "e_name_constraint_empty"),
	ROW("e_name_constraint_minimum_non_zero", "RFC5280", "RFC 5280 4.2.1.10", RFC5280, 0, sweep_applies_all,
	    sweep_check_nc_minimum, "A GeneralSubtree encodes minimum (it MUST be zero, the DEFAULT, so absent in DER).",
	    .zlint = "e_name_constraint_minimum_non_zero"),
	ROW("e_name_constraint_maximum_not_absent", "RFC5280", "RFC 5280 4.2.1.10", RFC5280, 0, sweep_applies_all,
	    sweep_check_nc_maximum, "A GeneralSubtree with maximum (it MUST be absent).",
	    .zlint = "e_name_constraint_maximum_not_absent"),
	ROW("w_name_constraint_on_x400", "RFC5280", "RFC 5280 4.2.1.10 (SHOULD NOT)", RFC5280, 0, sweep_applies_all,
	    sweep_check_nc_x400, "A name constraint on x400Address.", .zlint = "w_name_constraint_on_x400"),
	ROW("w_name_constraint_on_edi_party_name", "RFC5280", "RFC 5280 4.2.1.10 (SHOULD NOT)", RFC5280, 0,
	    sweep_applies_all, sweep_check_nc_edi, "A name constraint on ediPartyName.",
	    .zlint = "w_name_constraint_on_edi_party_name"),
	ROW("w_name_constraint_on_registered_id", "RFC5280", "RFC 5280 4.2.1.10 (SHOULD NOT)", RFC5280, 0,
	    sweep_applies_all, sweep_check_nc_regid, "A name constraint on registeredID.",
	    .zlint = "w_name_constraint_on_registered_id"),
	ROW("e_distribution_point_incomplete", "RFC5280", "RFC 5280 4.2.1.13", RFC5280, 0, sweep_applies_has_crldp,
	    sweep_check_dp_incomplete, "A DistributionPoint with neither distributionPoint nor cRLIssuer.",
	    .zlint = "e_distribution_point_incomplete"),
	ROW("w_distribution_point_missing_ldap_or_uri", "RFC5280", "RFC 5280 4.2.1.13 (SHOULD)", RFC5280, 0,
	    sweep_applies_has_crldp, sweep_check_dp_no_ldap_or_uri,
	    "A DistributionPoint fullName without an HTTP or LDAP URI.",
	    .zlint = "w_distribution_point_missing_ldap_or_uri"),
	ROW("w_ext_aia_access_location_missing", "RFC5280", "RFC 5280 4.2.2.1 (SHOULD)", RFC5280, 0, sweep_applies_has_aia,
	    sweep_check_aia_ca_issuers_location, "id-ad-caIssuers without an HTTP or LDAP URI.",
	    .zlint = "w_ext_aia_access_location_missing"),
	/* --- more BR v1 profile rules --- */
	ROW("w_sub_cert_aia_does_not_contain_issuing_ca_url", "BR", "BR 7.1.2.3(c) (v1, SHOULD); 7.1.2.7.7 (v2)", BR1, 0,
	    sweep_applies_tls_subscriber_with_aia, sweep_check_aia_no_ca_issuers,
	    "Subscriber authorityInformationAccess without the issuing CA's certificate URL.",
	    .zlint = "w_sub_cert_aia_does_not_contain_issuing_ca_url"),
	ROW("w_sub_ca_aia_does_not_contain_issuing_ca_url", "BR", "BR 7.1.2.2(c) (v1, SHOULD); 7.1.2.10.3 (v2)", BR1, 0,
	    sweep_applies_tls_sub_ca_with_aia, sweep_check_aia_no_ca_issuers,
	    "Subordinate CA authorityInformationAccess without the issuing CA's certificate URL.",
	    .zlint = "w_sub_ca_aia_does_not_contain_issuing_ca_url"),
	ROW("e_sub_ca_aia_does_not_contain_ocsp_url", "BR", "BR 7.1.2.2(c) (v1.0-1.7.0; OCSP MAY from ballot SC31)",
	    BR1, BR_1_7_1, sweep_applies_tls_sub_ca_with_aia, sweep_check_aia_no_ocsp_url,
	    "Subordinate CA authorityInformationAccess without an OCSP URL: required until BR 1.7.1 (ballot SC31, "
	    "2020-08-20) made the OCSP URL MAY, as zlint's IneffectiveDate has it.",
	    .zlint = "e_sub_ca_aia_does_not_contain_ocsp_url"),
	ROW("w_sub_cert_eku_extra_values", "BR", "BR 7.1.2.3(f) (v1, SHOULD NOT); 7.1.2.7.10 (v2)", BR1, 0,
	    sweep_applies_subscriber_with_eku, sweep_check_subscriber_eku_extra,
	    "Subscriber extKeyUsage with values besides serverAuth and clientAuth.",
	    .zlint = "w_sub_cert_eku_extra_values"),
	ROW("e_sub_ca_signature_sha1", "BR", "BR 7.1.3 (SHA-1 ban for subordinate CAs)", 20160101, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_sha1, "Subordinate CA certificate signed with SHA-1 on or after 2016-01-01.",
	    .zlint = "e_sub_cert_or_sub_ca_using_sha1"),
	ROW("e_subscriber_key_usage_bits_not_allowed", "BR", "BR 7.1.2.7.11 (v2)", BR2, 0, sweep_applies_tls_subscriber_with_ku,
	    sweep_check_subscriber_ku_bits,
	    "Subscriber keyUsage with bits BR v2 does not allow for the key type (nonRepudiation, keyCertSign, "
	    "cRLSign, encipherOnly, decipherOnly; keyAgreement on RSA)."),
	/* --- dNSName details as zlint splits them (e_san_dns_name_bad_syntax judges them as one) --- */
	ROW("e_ext_san_uri_format_invalid", "RFC5280", "RFC 5280 4.2.1.6; RFC 3986 2", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_uri_format, "A subjectAltName URI with ASCII characters RFC 3986 does not allow.",
	    .zlint = "e_ext_san_uri_format_invalid"),
	ROW("e_ext_san_space_dns_name", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_dns_space, "A dNSName containing a space.", .zlint = "e_ext_san_space_dns_name"),
	ROW("e_san_dns_name_starts_with_period", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_period, "A dNSName starting with a period.",
	    .zlint = "e_san_dns_name_starts_with_period"),
	ROW("e_san_dns_name_includes_null_char", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_nul, "A dNSName with a NUL character.",
	    .zlint = "e_san_dns_name_includes_null_char"),
	ROW("e_san_bare_wildcard", "RFC5280", "RFC 5280 4.2.1.6; RFC 6125 6.4.3", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_bare_wildcard, "A dNSName that is only \"*\".", .zlint = "e_san_bare_wildcard"),
	ROW("e_san_wildcard_not_first", "RFC5280", "RFC 5280 4.2.1.6; RFC 6125 6.4.3", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_wildcard_not_first, "A dNSName with '*' after its first character.",
	    .zlint = "e_san_wildcard_not_first"),
	ROW("e_dnsname_empty_label", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_dns_empty_label, "A dNSName with an empty label (\"a..b\", a trailing dot).",
	    .zlint = "e_dnsname_empty_label"),
	ROW("e_dnsname_label_too_long", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.1 (63 octets)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_label_too_long, "A dNSName label longer than 63 octets.",
	    .zlint = "e_dnsname_label_too_long"),
	ROW("e_dnsname_bad_character_in_label", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_bad_character,
	    "A dNSName label with a character other than letters, digits, '-' and '_' (\"*\" as the leftmost "
	    "label aside; underscores have their own lints).",
	    .zlint = "e_dnsname_bad_character_in_label"),
	ROW("e_ext_san_dns_name_too_long", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.1 (253 octets)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_too_long, "A dNSName longer than 253 octets.",
	    .zlint = "e_ext_san_dns_name_too_long"),
	ROW("e_dnsname_left_label_wildcard_correct", "BR", "BR 1.6.1 (Wildcard Domain Name)", BR1, 0,
	    sweep_applies_has_san, sweep_check_san_dns_wildcard_partial,
	    "A leftmost label holding '*' that is not \"*\" itself (\"w*.example.com\").",
	    .zlint = "e_dnsname_left_label_wildcard_correct"),
	ROW("e_dnsname_wildcard_only_in_left_label", "BR", "BR 1.6.1 (Wildcard Domain Name)", BR1, 0,
	    sweep_applies_has_san, sweep_check_san_dns_wildcard_not_left, "'*' in a dNSName label other than the leftmost.",
	    .zlint = "e_dnsname_wildcard_only_in_left_label"),
	ROW("n_contains_redacted_dnsname", "community", "draft-strad-trans-redaction (redacted precertificate names)",
	    RFC5280, 0, sweep_applies_has_san, sweep_check_san_dns_redacted, "A dNSName with a redacted \"?\" label.",
	    .zlint = "n_contains_redacted_dnsname"),
	ROW("e_ext_ian_uri_format_invalid", "RFC5280", "RFC 5280 4.2.1.7; RFC 3986 2", RFC5280, 0, sweep_applies_has_ian,
	    sweep_check_ian_uri_format, "An issuerAltName URI with ASCII characters RFC 3986 does not allow.",
	    .zlint = "e_ext_ian_uri_format_invalid"),
	ROW("e_subject_contains_reserved_arpa_ip", "BR", "BR 7.1.4.2.1 (Reserved IP Address)", BR1, 0,
	    sweep_applies_has_san, sweep_check_dns_arpa_reserved,
	    "A dNSName in in-addr.arpa or ip6.arpa naming a full reserved IP address.",
	    .zlint = "e_subject_contains_reserved_arpa_ip"),
	ROW("w_subject_contains_malformed_arpa_ip", "BR", "BR 7.1.4.2.1; RFC 1035 3.5, RFC 3596 2.5", BR1, 0,
	    sweep_applies_has_san, sweep_check_dns_arpa_malformed,
	    "A dNSName in in-addr.arpa or ip6.arpa whose labels are not a reversed address.",
	    .zlint = "w_subject_contains_malformed_arpa_ip"),
	/* --- subject address fields and profiles --- */
	ROW("e_sub_cert_locality_name_must_appear", "BR", "BR 7.1.4.2.2(d),(e) (v1)", GIVENNAME, 0,
	    sweep_applies_tls_subscriber, sweep_check_locality_must_appear,
	    "organizationName, givenName or surname present with neither localityName nor stateOrProvinceName.",
	    .zlint = "e_sub_cert_locality_name_must_appear e_sub_cert_province_must_appear"),
	ROW("e_sub_cert_country_name_must_appear", "BR", "BR 7.1.4.2.2(g) (v1)", GIVENNAME, 0,
	    sweep_applies_tls_subscriber, sweep_check_country_must_appear,
	    "organizationName, givenName or surname present without countryName.",
	    .zlint = "e_sub_cert_country_name_must_appear"),
	ROW("e_sub_cert_locality_name_must_not_appear", "BR", "BR 7.1.4.2.2(e) (v1)", GIVENNAME, 0,
	    sweep_applies_tls_subscriber, sweep_check_locality_must_not_appear,
	    "localityName without organizationName, givenName and surname (e_subject_locality_without_organization "
	    "ignores givenName/surname).",
	    .zlint = "e_sub_cert_locality_name_must_not_appear"),
	ROW("e_sub_cert_province_must_not_appear", "BR", "BR 7.1.4.2.2(d) (v1)", GIVENNAME, 0,
	    sweep_applies_tls_subscriber, sweep_check_province_must_not_appear,
	    "stateOrProvinceName without organizationName, givenName and surname.",
	    .zlint = "e_sub_cert_province_must_not_appear"),
	ROW("e_sub_cert_postal_code_must_not_appear", "BR", "BR 7.1.4.2.2(f) (v1)", GIVENNAME, 0,
	    sweep_applies_tls_subscriber, sweep_check_postal_must_not_appear,
	    "postalCode without organizationName, givenName and surname.",
	    .zlint = "e_sub_cert_postal_code_must_not_appear"),
	ROW("e_sub_cert_street_address_should_not_exist", "BR", "BR 7.1.4.2.2(f) (v1)", GIVENNAME, 0,
	    sweep_applies_tls_subscriber, sweep_check_street_must_not_appear,
	    "streetAddress without organizationName, givenName and surname.",
	    .zlint = "e_sub_cert_street_address_should_not_exist"),
	ROW("e_cab_dv_subject_invalid_values", "BR", "BR 7.1.2.7.2 (v2)", BR2, 0, sweep_applies_dv, sweep_check_dv_subject_v2,
	    "A DV subject with an attribute other than countryName and commonName.",
	    .zlint = "e_cab_dv_subject_invalid_values"),
	ROW("n_multiple_subject_rdn", "community", "RFC 5280 4.1.2.4 (multi-valued RDNs hinder name matching)", RFC5280,
	    0, sweep_applies_all, sweep_check_subject_multiple_rdn,
	    "A subject RDN holds more than one attribute (any date, any kind; BR v2 makes it an error for "
	    "subscribers).",
	    .zlint = "n_multiple_subject_rdn"),
	ROW("e_subj_orgunit_in_ca_cert", "BR", "BR 7.1.2.10.2 (v2)", BR2, 0, sweep_applies_tls_root_or_sub_ca,
	    sweep_check_ca_ou_present, "A root or TLS subordinate CA subject with organizationalUnitName.",
	    .zlint = "e_subj_orgunit_in_ca_cert"),
	ROW("e_subject_street_address_max_length", "RFC5280", "ITU-T X.520 (ub-street-address 128)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_street_too_long, "streetAddress longer than 128 characters.",
	    .zlint = "e_subject_street_address_max_length"),
	ROW("e_subject_postal_code_max_length", "RFC5280", "ITU-T X.520 (ub-postal-code 40)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_postal_too_long, "postalCode longer than 40 characters.",
	    .zlint = "e_subject_postal_code_max_length"),
	/* --- RSA key sizes before 2014, exponent range and sign, Mozilla 2048 --- */
	ROW("e_old_rsa_mod_less_than_1024_bits", "BR", "BR 1.0 Appendix A (6.1.5)", BR1, 20140101,
	    sweep_applies_tls_leaf_or_sub_ca_rsa, sweep_check_old_rsa_1024,
	    "Subscriber or subordinate CA RSA key under 1024 bits, issued before 2014.",
	    .zlint = "e_old_sub_cert_rsa_mod_less_than_1024_bits e_old_sub_ca_rsa_mod_less_than_1024_bits"),
	ROW("e_old_root_ca_rsa_mod_less_than_2048_bits", "BR", "BR 1.0 Appendix A (6.1.5)", BR1, 20140101,
	    sweep_applies_tls_root_ca_rsa, sweep_check_old_root_rsa_2048, "Root CA RSA key under 2048 bits, issued before 2014.",
	    .zlint = "e_old_root_ca_rsa_mod_less_than_2048_bits"),
	ROW("e_mp_modulus_must_be_2048_bits_or_more", "Mozilla", "Mozilla Root Store Policy 5.1", 20170228, 0,
	    sweep_applies_rsa, sweep_check_mp_rsa_2048,
	    "RSA modulus under 2048 bits (Mozilla's rule, which also governs S/MIME certificates).",
	    .zlint = "e_mp_modulus_must_be_2048_bits_or_more"),
	ROW("w_rsa_public_exponent_not_in_range", "BR", "BR 6.1.6 (SHOULD be 2^16+1 .. 2^256-1)", BR1, 0,
	    sweep_applies_rsa, sweep_check_rsa_exponent_too_large,
	    "RSA public exponent above 2^256-1 (the lower end is w_rsa_public_exponent_small).",
	    .zlint = "w_rsa_public_exponent_not_in_range"),
	ROW("e_rsa_exp_negative", "RFC5280", "RFC 8017 A.1.1; RFC 3279 2.3.1", RFC5280, 0, sweep_applies_rsa,
	    sweep_check_rsa_exponent_negative, "RSA publicExponent encoded as a negative INTEGER.",
	    .zlint = "e_rsa_exp_negative"),
	ROW("e_rsa_no_public_key", "RFC5280", "RFC 3279 2.3.1", RFC5280, 0, sweep_applies_rsa, sweep_check_rsa_no_public_key,
	    "An rsaEncryption subjectPublicKey that is not an RSAPublicKey (modulus, exponent).",
	    .zlint = "e_rsa_no_public_key"),
	/* --- subordinate CA extKeyUsage and nameConstraints --- */
	ROW("n_sub_ca_eku_missing", "community", "BR 7.1.2.2(g), 7.1.5 (technically constrained CAs)", BR1, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_eku_missing,
	    "A subordinate CA without extKeyUsage may issue for every purpose (a notice: when BR 7.1.2.2(g) made "
	    "the EKU mandatory is not encoded here).",
	    .zlint = "n_sub_ca_eku_missing"),
	ROW("n_sub_ca_eku_not_technically_constrained", "community", "BR 7.1.5", BR1, 0, sweep_applies_tls_sub_ca,
	    sweep_check_sub_ca_not_technically_constrained,
	    "A subordinate CA with an extKeyUsage but no nameConstraints is not technically constrained.",
	    .zlint = "n_sub_ca_eku_not_technically_constrained"),
	ROW("w_sub_ca_name_constraints_not_critical", "BR", "BR 7.1.2.2(f) (v1, SHOULD); 7.1.2.10.8 (v2)", BR1, 0,
	    sweep_applies_tls_sub_ca, sweep_check_sub_ca_nc_not_critical, "A subordinate CA nameConstraints not marked critical.",
	    .zlint = "w_sub_ca_name_constraints_not_critical"),
	/* --- embedded SCT lists (RFC 6962 3.3; Chrome and Apple CT policies) --- */
	ROW("e_ct_sct_list_malformed", "RFC6962", "RFC 6962 3.3", CT, 0, sweep_applies_has_sct_list,
	    sweep_check_sct_list_malformed,
	    "The embedded SCT list extension is not a well-formed TLS SignedCertificateTimestampList of v1 SCTs."),
	ROW("w_ct_sct_count_under_policy", "Chrome",
	    "Chrome CT Policy (certificates issued from 2022-04-15); Apple CT Policy", 20220415, 0,
	    sweep_applies_sct_list_decodes, sweep_check_sct_count_2022,
	    "Fewer embedded SCTs from distinct logs than the CT policies want: 2 for a lifetime of 180 days or "
	    "less, 3 beyond. Log operators are not checked (no log list is shipped). A warning: Chrome does not "
	    "treat a non-compliant certificate as mis-issued.",
	    .zlint = "w_ct_sct_policy_count_unsatisfied"),
	ROW("w_ct_sct_long_after_not_before", "BR", "BR 7.1.2.7 (v2: notBefore within 48 hours of signing)", BR2, 0,
	    sweep_applies_sct_list_decodes, sweep_check_sct_after_not_before,
	    "The earliest embedded SCT is more than 48 hours after notBefore, which suggests notBefore was "
	    "backdated beyond 48 hours (a warning: the log timestamp bounds signing from above only)."),
	ROW("e_ct_sct_long_before_not_before", "BR", "BR 7.1.2.9, 7.1.2.7 (v2: notBefore within 48 hours of signing); RFC 6962 3.2",
	    BR2, 0, sweep_applies_sct_list_decodes, sweep_check_sct_before_not_before,
	    "The earliest embedded SCT is more than 48 hours before notBefore. A log stamps an SCT when the "
	    "precertificate is submitted, so the precertificate (whose notBefore the certificate shares) was "
	    "signed more than 48 hours before its notBefore: future-dated. False positives need a log clock more "
	    "than 48 hours slow. The other side (an SCT later than the final certificate's signing) needs the "
	    "signing time, which no source records; w_ct_sct_long_after_not_before bounds backdating."),

	/* --- corpus checks: decided across certificates (src/core/corpus_*.c) --------------------- */
	ROW(SWEEP_CORPUS_PRECERT_FINAL_MISMATCH, "RFC6962", "RFC 6962 3.1, 3.2", CT, 0, sweep_corpus_applies_never,
	    sweep_corpus_check_none,
	    "Corpus check: a precertificate and a final certificate of one (issuer, serial) whose TBSCertificates, "
	    "poison and SCT-list extensions removed, differ (validity, SAN, extension order...); the finding names "
	    "the fields. Both certificates fail. Pairs are by issuer name and serial, so a precertificate from a "
	    "Precertificate Signing Certificate is not paired. Every certificate is sorted on disk ($TMPDIR, 49 "
	    "bytes each), not held in memory. Selected by --lint c_* or --all-lints; with --jobs, --resume (rebuilt from the rows before the "
	    "checkpoint), --connections (decided once, after the readers) and --shard (each shard gathers into "
	    "corpus.state, merge -d decides over all of them)."),
	ROW(SWEEP_CORPUS_SERIAL_REUSED, "RFC5280", "RFC 5280 4.1.2.2; BR 7.1", RFC5280, 0, sweep_corpus_applies_never,
	    sweep_corpus_check_none,
	    "Corpus check: two certificates of one issuer name with one serial number that are not a "
	    "precertificate and its final certificate: two final certificates, or two precertificates, whose "
	    "TBSCertificates (poison and SCT list removed) differ. Every certificate of the serial fails; each "
	    "finding names the others' SHA-256. A precertificate and a final that differ are "
	    "c_precert_final_mismatch. The serials are sorted on disk ($TMPDIR, about 41 bytes per certificate), "
	    "not held in memory. Selected by --lint c_* or --all-lints; with --jobs, --resume (rebuilt from the rows before the "
	    "checkpoint), --connections (decided once, after the readers) and --shard (each shard gathers into "
	    "corpus.state, merge -d decides over all of them)."),
	ROW(SWEEP_CORPUS_SERIAL_ENTROPY, "BR", "BR 7.1 (64 bits of CSPRNG output in serials)", 20160930, 0,
	    sweep_corpus_applies_never, sweep_corpus_check_none,
	    "Corpus check: per issuer name, the serials of the certificates (and, apart, of the precertificates) "
	    "issued from 2016-09-30: when at least 100 show fewer than 64 bit positions that ever vary (63-bit "
	    "serials whose top bit is never set, sequential serials, long constant prefixes), every certificate of "
	    "that issuer from 2016-09-30 fails. A CSPRNG bit stays constant over n serials with probability "
	    "2^(1-n), so 64 random bits pass except with probability below 64 * 2^-99 at n = 100 (the false "
	    "positive rate). It proves too little entropy, never enough: 64 varying bits may still be a counter "
	    "with a salt. Selected by --lint c_* or --all-lints; with --jobs, --resume (rebuilt from the rows before the "
	    "checkpoint), --connections (decided once, after the readers) and --shard (each shard gathers into "
	    "corpus.state, merge -d decides over all of them)."),
	/* BR 6.1.1.3 (4) came with Ballot SC35 (BR 1.7.3), effective 2020-10-19 (BR 1.2.1's table) */
	ROW(SWEEP_CORPUS_KEY_REUSED, "BR", "BR 6.1.1.3 (4) (Ballot SC35); BR 4.9.1.1", 20201019, 0,
	    sweep_corpus_applies_never, sweep_corpus_check_none,
	    "Corpus check (from 2020-10-19, Ballot SC35's requirement to reject a key the CA knows compromised): "
	    "a certificate issued (notBefore) after an earlier certificate of the same issuer name "
	    "with the same public key was revoked for keyCompromise (reasonCode 1): the CA certified a key it "
	    "knew to be compromised. Revocations come from --crl, else from the rows (--schema ejbca, --query) or "
	    "crt.sh's crl_revoked (reasonCode 1, read before the scan); --files needs --crl. Only the compromised keys are held in memory; every certificate's "
	    "key is sorted on disk ($TMPDIR, 56 bytes each). Selected by --lint c_* or --all-lints; with --jobs, --resume (rebuilt from the rows before the "
	    "checkpoint), --connections (decided once, after the readers) and --shard (each shard gathers into "
	    "corpus.state, merge -d decides over all of them)."),
	ROW("c_issued_outside_issuer_validity", "RFC5280", "RFC 5280 6.1.3 (a)(2) (no issuer certificate valid at notBefore)",
	    RFC5280, 0, sweep_corpus_applies_never, sweep_corpus_check_none,
	    "Corpus check: a certificate whose notBefore is before the notBefore or after the notAfter of every "
	    "certificate of its issuing CA in the source: at its own notBefore no certificate of the CA was "
	    "valid, so path validation (RFC 5280 6.1.3 (a)(2): every certificate of the path valid at the time) "
	    "fails then, and the CA signed while no certificate vouched for its key (or backdated). Neither RFC "
	    "5280 (4.1.2.5 does not nest validity periods) nor the BRs forbid it in so many words: judge the "
	    "finding, a renewal missing from the source also makes one. The "
	    "CA certificates are those whose subject is the issuer Name and whose SKI is the AKI "
	    "keyIdentifier (when both are present): all renewals and cross-signs count. They come from the rows "
	    "(any CA certificate read, in window or not) and, for crt.sh, from ca_certificate of the audited "
	    "CAs (read before the scan); a certificate with none in the source is not judged. The CA "
	    "certificate's revocation is not covered. Every certificate is sorted on disk ($TMPDIR, 57 bytes "
	    "each), so the input order does not matter. Selected by --lint c_* or --all-lints; with --jobs, --resume (rebuilt from the rows before the "
	    "checkpoint), --connections (decided once, after the readers) and --shard (each shard gathers into "
	    "corpus.state, merge -d decides over all of them)."),
};

const struct sweep_lint *sweep_lint_registry(size_t *n_out)
{
	*n_out = sizeof(registry) / sizeof(registry[0]);
	return registry;
}

const struct sweep_lint *sweep_lint_find(const char *name)
{
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

enum sweep_result sweep_lint_severity(const struct sweep_lint *lint)
{
	switch (lint->name[0]) {
	case 'e': return SWEEP_R_ERROR;
	case 'w': return SWEEP_R_WARN;
	case 'c': return SWEEP_R_ERROR; /* corpus checks: each is a misissuance */
	default: return SWEEP_R_NOTICE;
	}
}

static const char *const result_names[] = { "NA", "NE", "pass", "notice", "warn", "error", "fatal" };

const char *sweep_result_name(enum sweep_result r)
{
	return (unsigned)r < sizeof(result_names) / sizeof(result_names[0]) ? result_names[r] : "?";
}

int sweep_result_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(result_names) / sizeof(result_names[0]); i++)
		if (strcmp(result_names[i], s) == 0)
			return (int)i;
	if (strcmp(s, "warning") == 0)
		return SWEEP_R_WARN;
	return -1;
}

unsigned sweep_yyyymmdd(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int y;
	unsigned m, d;

	sweep_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		return 0;
	return (unsigned)y * 10000 + m * 100 + d;
}

void sweep_yyyymmdd_text(unsigned d, char buf[16])
{
	snprintf(buf, 16, "%04u-%02u-%02u", d / 10000 % 10000, d / 100 % 100, d % 100);
}

/* A policy OID of the certificate is one of cfg's --ev-oid values. */
static int ev_by_config(const struct sweep_cert *c, const struct sweep_lint_config *cfg)
{
	char t[128];

	for (size_t i = 0; i < c->n_policies; i++) {
		if (der_oid_text(c->policies[i].oid, c->policies[i].len, t, sizeof(t)))
			continue;
		for (size_t k = 0; k < cfg->n_ev_oids; k++)
			if (strcmp(t, cfg->ev_oids[k]) == 0)
				return 1;
	}
	return 0;
}

enum sweep_cert_type sweep_lint_cert_type(const struct sweep_cert *cert, const struct sweep_lint_config *cfg)
{
	if (cert->type != SWEEP_TYPE_EV && cfg && cfg->n_ev_oids && ev_by_config(cert, cfg))
		return SWEEP_TYPE_EV;
	return cert->type;
}

/* sweep_yyyymmdd(as_of), remembered per thread: every lint of a certificate
 * asks with the same as_of, so the calendar is worked out once per
 * certificate and the effective-date gate is an integer compare. */
static unsigned as_of_day(int64_t as_of)
{
	static _Thread_local int64_t last_as_of;
	static _Thread_local unsigned last_day;
	static _Thread_local int have;

	if (!have || as_of != last_as_of) {
		last_day = sweep_yyyymmdd(as_of);
		last_as_of = as_of;
		have = 1;
	}
	return last_day;
}

enum sweep_result sweep_lint_run(const struct sweep_lint *lint, const struct sweep_cert *cert,
				 const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details)
{
	struct sweep_cert ev_view;
	unsigned day;

	/* EVG 9.3.2: a CA's own EV OID given with --ev-oid makes the certificate
	 * EV for every lint; the lints read the type from a shallow copy. */
	if (cfg && cfg->n_ev_oids && sweep_lint_cert_type(cert, cfg) != cert->type) {
		ev_view = *cert;
		ev_view.type = SWEEP_TYPE_EV;
		cert = &ev_view;
	}
	/* A rule says nothing about certificates outside its kinds (kind.h). */
	if (!((lint->scope ? lint->scope : sweep_lint_scope(lint)) & SWEEP_SCOPE(cert->kind)) || !lint->applies(cert))
		return SWEEP_R_NA;
	day = as_of_day(as_of);
	if (day < lint->effective || (lint->ineffective && day >= lint->ineffective))
		return SWEEP_R_NE;
	switch (lint->check(cert, cfg, details)) {
	case SWEEP_CHECK_PASS: return SWEEP_R_PASS;
	case SWEEP_CHECK_FAIL: return sweep_lint_severity(lint);
	default: return SWEEP_R_FATAL;
	}
}

/* What sweep_lint_run_all reads of a row, packed (32 octets, the scope
 * resolved): one table for the registry built once, so that the loop reads
 * a small array in order instead of the 80-octet rows and the scope table
 * beside them. */
struct lint_step {
	int (*applies)(const struct sweep_cert *cert);
	enum sweep_check (*check)(const struct sweep_cert *cert, const struct sweep_lint_config *cfg,
				  struct sweep_buf *details);
	unsigned scope, effective, ineffective;
	int severity; /* of a failing result */
};

static struct lint_step *reg_steps;
static size_t n_reg_steps;
static pthread_once_t steps_once = PTHREAD_ONCE_INIT;

static void step_of(struct lint_step *st, const struct sweep_lint *lint, unsigned scope)
{
	st->applies = lint->applies;
	st->check = lint->check;
	st->scope = scope;
	st->effective = lint->effective;
	st->ineffective = lint->ineffective ? lint->ineffective : UINT_MAX;
	st->severity = (int)sweep_lint_severity(lint);
}

static void steps_init(void)
{
	const struct sweep_lint *base;
	size_t n_base;
	const unsigned *scopes = sweep_lint_scope_table(&base, &n_base);
	struct lint_step *st;

	if (!scopes || base != registry || !(st = malloc(n_base * sizeof(*st))))
		return;
	for (size_t i = 0; i < n_base; i++)
		step_of(&st[i], &registry[i], registry[i].scope ? registry[i].scope : scopes[i]);
	reg_steps = st;
	n_reg_steps = n_base;
}

int sweep_lint_run_all(const struct sweep_lint *const *lints, size_t n, const struct sweep_cert *cert,
		       const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details,
		       enum sweep_result min, sweep_lint_result_fn fn, void *arg)
{
	struct sweep_cert ev_view;
	const struct lint_step *steps = NULL;
	size_t n_steps = 0;

	if (pthread_once(&steps_once, steps_init) == 0) {
		steps = reg_steps;
		n_steps = n_reg_steps;
	}
	if (cfg && cfg->n_ev_oids && sweep_lint_cert_type(cert, cfg) != cert->type) {
		ev_view = *cert;
		ev_view.type = SWEEP_TYPE_EV;
		cert = &ev_view;
	}
	unsigned kind = SWEEP_SCOPE(cert->kind), day = as_of_day(as_of);
	/* applies predicates depend on the certificate alone, and neighbouring
	 * lints of the registry mostly share one (22 in a row ask
	 * sweep_applies_all): its answer is kept while the predicate repeats */
	int (*last_applies)(const struct sweep_cert *) = NULL;
	int last_answer = 0;
	size_t k = SIZE_MAX; /* the last row's index in the registry */
	sweep_buf_reset(details);
	for (size_t i = 0; i < n; i++) {
		const struct sweep_lint *lint = lints[i];
		const struct lint_step *st;
		struct lint_step own;
		enum sweep_result r;

		/* a registry row's step from the table (lists keep the registry's
		 * order: the row after the last one is tried before a division),
		 * another row's made here */
		if (k + 1 < n_steps && lint == &registry[k + 1])
			k++;
		else
			k = (size_t)((uintptr_t)lint - (uintptr_t)registry) / sizeof(*lint);
		if (k < n_steps && lint == &registry[k]) {
			st = &steps[k];
		} else {
			step_of(&own, lint, lint->scope ? lint->scope : sweep_lint_scope(lint));
			st = &own;
		}
		if (!(st->scope & kind)) {
			r = SWEEP_R_NA;
		} else {
			if (st->applies != last_applies) {
				last_applies = st->applies;
				last_answer = last_applies(cert);
			}
			if (!last_answer)
				r = SWEEP_R_NA;
			else if (day < st->effective || day >= st->ineffective)
				r = SWEEP_R_NE;
			else
				switch (st->check(cert, cfg, details)) {
				case SWEEP_CHECK_PASS: r = SWEEP_R_PASS; break;
				case SWEEP_CHECK_FAIL: r = (enum sweep_result)st->severity; break;
				default: r = SWEEP_R_FATAL; break;
				}
		}
		if (r >= min) {
			int rc = fn(arg, i, r, details);
			if (rc)
				return rc;
		}
		if (details->len)
			sweep_buf_reset(details);
	}
	return 0;
}
