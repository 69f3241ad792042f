/* The lint registry: one row per lint, and the row is the whole metadata.
 * Dates are YYYYMMDD of notBefore: a rule applies to certificates issued on
 * or after `effective` and before `ineffective` (0 = still in force).
 * Where certsweep deliberately differs from zlint or pkilint, the
 * description says so. */
#include "certsweep/lint.h"
#include "checks.h"

#include <stdio.h>
#include <string.h>

#define RFC5280 20080501 /* RFC 5280 published */
#define BR1 20120701     /* Baseline Requirements v1.0 effective */
#define BR2 20230915     /* BR v2.0.0 certificate profiles effective */
#define EVG1 20070612    /* EV Guidelines v1.0 */
#define CT 20130601      /* RFC 6962 published */

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
	    "checks a jurisdiction field on a certificate without the EV policy OID."),

	/* --- subject and issuer names --------------------------------------------------------------- */
	ROW("e_subject_attribute_value_empty", "RFC5280", "RFC 5280 4.1.2.6, Appendix A (ub >= 1)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_empty_value, "A subject attribute has an empty value."),
	ROW("e_issuer_attribute_value_empty", "RFC5280", "RFC 5280 4.1.2.4, Appendix A (ub >= 1)", RFC5280, 0,
	    sweep_applies_all, sweep_check_issuer_empty_value, "An issuer attribute has an empty value."),
	ROW("e_issuer_dn_empty", "RFC5280", "RFC 5280 4.1.2.4", RFC5280, 0, sweep_applies_all,
	    sweep_check_issuer_dn_empty, "The issuer field MUST contain a non-empty distinguished name."),
	ROW("w_subject_attribute_value_whitespace", "community", "zlint w_subject_dn_leading/trailing_whitespace",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_whitespace,
	    "A subject attribute value starts or ends with whitespace (one lint for both ends)."),
	ROW("w_subject_attribute_value_control_character", "community", "RFC 5280 4.1.2.4; X.520 DirectoryString",
	    RFC5280, 0, sweep_applies_all, sweep_check_subject_control_chars,
	    "A subject attribute value contains a C0 control character or DEL (NUL included)."),
	ROW("e_subject_printable_string_bad_alphabet", "RFC5280", "RFC 5280 4.1.2.4; X.680 41.4", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_printable_alphabet,
	    "A subject PrintableString holds a character outside A-Z a-z 0-9 space ' ( ) + , - . / : = ?"),
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
	    "emailAddress; PrintableString only for countryName, jurisdictionCountryName and serialNumber)."),
	ROW("e_subject_country_not_printable_string", "RFC5280", "RFC 5280 Appendix A (X520countryName)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_country_printable, "countryName must be a PrintableString."),
	ROW("e_subject_country_not_iso3166", "BR", "BR 7.1.4.2.2(g) (v1), 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_all,
	    sweep_check_subject_country_code,
	    "Subject countryName is not an ISO 3166-1 alpha-2 code (XX accepted, as the BR allow)."),
	ROW("e_issuer_country_not_iso3166", "BR", "BR 7.1.4.3.1 (v1), 7.1.2.7 (v2)", BR1, 0, sweep_applies_all,
	    sweep_check_issuer_country_code, "Issuer countryName is not an ISO 3166-1 alpha-2 code."),
	ROW("e_subject_duplicate_attribute", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_duplicate_attribute,
	    "An attribute type appears more than once in the subject (domainComponent and streetAddress excepted)."),
	ROW("e_subject_multi_valued_rdn", "BR", "BR 7.1.4.1 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_multi_valued_rdn, "A subject RDN holds more than one AttributeTypeAndValue."),
	ROW("e_subject_contains_organizational_unit", "BR", "BR 7.1.4.2.2(i) (ballot SC47); 7.1.2.7.4 (v2)",
	    20220901, 0, sweep_applies_subscriber, sweep_check_subject_contains_ou,
	    "organizationalUnitName is prohibited in subscriber certificates issued from 2022-09-01."),
	ROW("e_subject_common_name_not_in_san", "BR", "BR 7.1.4.2.2(a) (v1), 7.1.2.7.2-4 (v2)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_cn_not_in_san,
	    "A subject commonName is not one of the subjectAltName dNSNames (case-insensitive) or IPv4 addresses."),
	ROW("e_subject_locality_without_organization", "BR", "BR 7.1.4.2.2(e)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_locality_without_org, "localityName is present without organizationName."),
	ROW("e_subject_state_without_organization", "BR", "BR 7.1.4.2.2(d)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_state_without_org, "stateOrProvinceName is present without organizationName."),
	ROW("e_subject_street_or_postal_without_organization", "BR", "BR 7.1.4.2.2(f)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_street_without_org,
	    "streetAddress or postalCode is present without organizationName."),
	ROW("e_subject_organization_without_locality_or_state", "BR", "BR 7.1.4.2.2(d),(e)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_subject_org_without_place,
	    "organizationName is present with neither localityName nor stateOrProvinceName."),
	ROW("e_subject_organization_without_country", "BR", "BR 7.1.4.2.2(g)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_subject_org_without_country, "organizationName is present without countryName."),
	ROW("e_subject_attribute_not_allowed", "BR", "BR 7.1.2.7.2-7.1.2.7.5 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_subject_attribute_not_allowed,
	    "The subject holds an attribute type outside the BR v2 subscriber profiles (OU, emailAddress, title...)."),
	ROW("e_subject_common_name_too_long", "RFC5280", "RFC 5280 Appendix A (ub-common-name 64)", RFC5280, 0,
	    sweep_applies_all, sweep_check_subject_cn_too_long, "commonName longer than 64 characters."),
	ROW("e_subject_organization_too_long", "RFC5280", "RFC 5280 Appendix A (ub-organization-name 64)", RFC5280,
	    0, sweep_applies_all, sweep_check_subject_org_too_long, "organizationName longer than 64 characters."),
	ROW("e_dv_subject_contains_organization_fields", "BR", "BR 7.1.6.1 (v1), 7.1.2.7.2 (v2)", BR1, 0,
	    sweep_applies_dv, sweep_check_dv_subject_org_fields,
	    "A DV certificate (2.23.140.1.2.1) carries organizationName, street, locality, state, postal code, "
	    "givenName or surname. Effective date as zlint's e_cab_dv_conflicts_with_*."),
	ROW("e_ov_subject_missing_organization", "BR", "BR 7.1.6.1 (v1), 7.1.2.7.4 (v2)", BR1, 0, sweep_applies_ov,
	    sweep_check_ov_missing_org, "An OV certificate (2.23.140.1.2.2) without organizationName."),

	/* --- EV ------------------------------------------------------------------------------------ */
	ROW("e_ev_subject_missing_organization", "EV", "EV Guidelines 9.2.1", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_org, "An EV certificate without organizationName."),
	ROW("e_ev_subject_missing_business_category", "EV", "EV Guidelines 9.2.3", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_business_category, "An EV certificate without businessCategory."),
	ROW("e_ev_business_category_invalid", "EV", "EV Guidelines 9.2.3", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_business_category_value,
	    "businessCategory is not \"Private Organization\", \"Government Entity\", \"Business Entity\" or "
	    "\"Non-Commercial Entity\" (exact spelling)."),
	ROW("e_ev_subject_missing_serial_number", "EV", "EV Guidelines 9.2.5", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_serial_number, "An EV certificate without subject serialNumber."),
	ROW("e_ev_subject_missing_country", "EV", "EV Guidelines 9.2.7", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_country, "An EV certificate without countryName."),
	ROW("e_ev_subject_missing_locality", "EV", "EV Guidelines 9.2.7", EVG1, 0, sweep_applies_ev,
	    sweep_check_ev_missing_locality, "An EV certificate without localityName."),
	ROW("e_ev_jurisdiction_country_not_iso3166", "EV", "EV Guidelines 9.2.4", EVG1, 0,
	    sweep_applies_ev_or_jurisdiction, sweep_check_ev_jurisdiction_country_code,
	    "jurisdictionCountryName is not an ISO 3166-1 alpha-2 code."),
	ROW("e_ev_wildcard", "EV", "EV Guidelines 9.8.1", EVG1, 0, sweep_applies_ev, sweep_check_ev_wildcard,
	    "An EV certificate with a wildcard dNSName or commonName."),

	/* --- subjectAltName ---------------------------------------------------------------------------- */
	ROW("e_subscriber_san_missing", "BR", "BR 7.1.4.2.1 (v1), 7.1.2.7.12 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_san_missing, "A subscriber certificate without subjectAltName."),
	ROW("e_san_empty", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san, sweep_check_san_empty,
	    "subjectAltName holds no name."),
	ROW("e_san_dns_name_bad_syntax", "RFC5280", "RFC 5280 4.2.1.6; RFC 1034 3.5; BR 7.1.4.2.1", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_syntax,
	    "A dNSName is not in preferred name syntax: empty label, label over 63, name over 253, trailing "
	    "dot, leading/trailing hyphen, or a character other than letters, digits, hyphen (underscores "
	    "and wildcards have their own lints)."),
	ROW("e_san_dns_name_underscore", "BR", "BR 7.1.4.2.1 (ballot SC12)", 20190401, 0, sweep_applies_has_san,
	    sweep_check_san_dns_underscore, "A dNSName contains an underscore (prohibited from 2019-04-01)."),
	ROW("e_san_dns_name_wildcard_not_leftmost", "BR", "BR 1.6.1 (Wildcard Domain Name)", BR1, 0,
	    sweep_applies_has_san, sweep_check_san_dns_wildcard_position,
	    "'*' appears other than as the entire leftmost label."),
	ROW("e_san_dns_name_wildcard_on_tld", "BR", "BR 3.2.2.6", BR1, 0, sweep_applies_has_san,
	    sweep_check_san_dns_wildcard_tld,
	    "A wildcard directly under a top-level domain (*.com). certsweep does not carry the Public Suffix "
	    "List, so *.co.uk is not caught here, unlike zlint."),
	ROW("e_san_dns_name_internal", "BR", "BR 4.2.2, 7.1.4.2.1 (Internal Names)", 20151101, 0,
	    sweep_applies_has_san, sweep_check_san_dns_internal,
	    "A dNSName is an Internal Name: a single label, or under a suffix reserved for private use "
	    "(.local, .internal, .corp, .lan, .home, .test, .invalid, .example ...). A fixed list, not the "
	    "live root zone, unlike zlint's TLD check."),
	ROW("n_san_dns_name_not_lowercase", "community", "RFC 5280 4.2.1.6 (case-insensitive comparison)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_dns_uppercase,
	    "A dNSName has upper-case letters: legal, but relying parties and CT monitors compare poorly."),
	ROW("e_san_ip_address_reserved", "BR", "BR 4.2.2, 7.1.4.2.1 (Reserved IP Address)", 20151101, 0,
	    sweep_applies_has_san, sweep_check_san_ip_reserved,
	    "An iPAddress in a reserved range (RFC 1918, loopback, link-local, CGN, ULA, documentation)."),
	ROW("e_san_ip_address_bad_length", "RFC5280", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_ip_length, "An iPAddress that is neither 4 nor 16 octets."),
	ROW("e_san_general_name_type_not_allowed", "BR", "BR 7.1.2.7.12 (v2)", BR2, 0, sweep_applies_has_san,
	    sweep_check_san_type_not_allowed,
	    "subjectAltName of a TLS subscriber certificate holds something other than dNSName or iPAddress."),
	ROW("w_san_critical_with_nonempty_subject", "RFC5280", "RFC 5280 4.2.1.6 (SHOULD NOT)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_critical_with_subject,
	    "subjectAltName is critical although the subject is not empty."),
	ROW("e_san_not_critical_with_empty_subject", "RFC5280", "RFC 5280 4.2.1.6 (MUST)", RFC5280, 0,
	    sweep_applies_has_san, sweep_check_san_not_critical_empty_subject,
	    "The subject is empty and subjectAltName is not critical."),
	ROW("n_san_duplicate_entry", "community", "RFC 5280 4.2.1.6", RFC5280, 0, sweep_applies_has_san,
	    sweep_check_san_duplicate, "subjectAltName lists the same name twice."),

	/* --- validity period, judged by the rule of the issuance date ------------------------------------ */
	ROW("e_validity_over_60_months", "BR", "BR 9.4 (v1.0)", BR1, 20150401, sweep_applies_subscriber,
	    sweep_check_validity_60_months, "Validity over 60 months (issued 2012-07-01 to 2015-03-31)."),
	ROW("e_validity_over_39_months", "BR", "BR 6.3.2 (v1.3)", 20150401, 20180301, sweep_applies_subscriber,
	    sweep_check_validity_39_months, "Validity over 39 months (issued 2015-04-01 to 2018-02-28)."),
	ROW("e_validity_over_825_days", "BR", "BR 6.3.2 (ballot 193)", 20180301, 20200901, sweep_applies_subscriber,
	    sweep_check_validity_825_days, "Validity over 825 days (issued 2018-03-01 to 2020-08-31)."),
	ROW("e_validity_over_398_days", "BR", "BR 6.3.2 (ballot SC31)", 20200901, 20260315, sweep_applies_subscriber,
	    sweep_check_validity_398_days, "Validity over 398 days (issued 2020-09-01 to 2026-03-14)."),
	ROW("e_validity_over_200_days", "BR", "BR 6.3.2 (ballot SC-081)", 20260315, 20270315, sweep_applies_subscriber,
	    sweep_check_validity_200_days, "Validity over 200 days (issued 2026-03-15 to 2027-03-14)."),
	ROW("e_validity_over_100_days", "BR", "BR 6.3.2 (ballot SC-081)", 20270315, 20290315, sweep_applies_subscriber,
	    sweep_check_validity_100_days, "Validity over 100 days (issued 2027-03-15 to 2029-03-14)."),
	ROW("e_validity_over_47_days", "BR", "BR 6.3.2 (ballot SC-081)", 20290315, 0, sweep_applies_subscriber,
	    sweep_check_validity_47_days, "Validity over 47 days (issued from 2029-03-15)."),
	ROW("e_validity_negative", "RFC5280", "RFC 5280 4.1.2.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_negative, "notAfter is earlier than notBefore."),
	ROW("e_validity_time_encoding", "RFC5280", "RFC 5280 4.1.2.5", RFC5280, 0, sweep_applies_all,
	    sweep_check_validity_time_encoding,
	    "Dates through 2049 must be UTCTime, from 2050 GeneralizedTime."),

	/* --- serial number -------------------------------------------------------------------------- */
	ROW("e_serial_number_not_positive", "RFC5280", "RFC 5280 4.1.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_not_positive, "The serial number is zero or negative."),
	ROW("e_serial_number_longer_than_20_octets", "RFC5280", "RFC 5280 4.1.2.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_too_long,
	    "The serial number's value needs more than 20 octets. Unlike zlint, a 00 sign octet in front of a "
	    "20-octet value is not counted."),
	ROW("w_serial_number_shorter_than_64_bits", "BR", "BR 7.1 (64 bits of CSPRNG output)", 20160930, 0,
	    sweep_applies_subscriber, sweep_check_serial_short,
	    "The serial number has fewer than 8 octets of value, so it cannot hold 64 bits of CSPRNG output. "
	    "A warning: 1 in 256 random 64-bit serials also encodes in 7 octets."),
	ROW("e_serial_number_not_der", "RFC5280", "RFC 5280 4.1 (DER); X.690 8.3.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_serial_not_der, "The serial number INTEGER has a redundant leading 00 or FF octet."),

	/* --- keys and signatures -------------------------------------------------------------------- */
	ROW("e_rsa_modulus_under_2048_bits", "BR", "BR 6.1.5", 20140101, 0, sweep_applies_rsa,
	    sweep_check_rsa_modulus_small, "RSA modulus shorter than 2048 bits."),
	ROW("e_rsa_modulus_not_multiple_of_8", "Mozilla", "Mozilla Root Store Policy 5.1", 20170228, 0,
	    sweep_applies_rsa, sweep_check_rsa_modulus_not_div8, "RSA modulus size in bits is not divisible by 8."),
	ROW("e_rsa_public_exponent_even", "BR", "BR 6.1.6", BR1, 0, sweep_applies_rsa, sweep_check_rsa_exponent_even,
	    "RSA public exponent is even."),
	ROW("w_rsa_public_exponent_small", "BR", "BR 6.1.6 (SHOULD be 2^16+1 or more)", BR1, 0, sweep_applies_rsa,
	    sweep_check_rsa_exponent_small, "RSA public exponent below 65537."),
	ROW("e_rsa_parameters_not_null", "RFC5280", "RFC 3279 2.3.1; BR 7.1.3.1.1", RFC5280, 0, sweep_applies_rsa,
	    sweep_check_rsa_params_not_null, "rsaEncryption AlgorithmIdentifier parameters must be NULL."),
	ROW("e_ec_curve_not_allowed", "BR", "BR 6.1.5", BR1, 0, sweep_applies_ec, sweep_check_ec_curve_br,
	    "EC key on a curve other than P-256, P-384 or P-521 (or with explicit parameters)."),
	ROW("e_mozilla_ec_curve_not_allowed", "Mozilla", "Mozilla Root Store Policy 5.1", 20170228, 0,
	    sweep_applies_ec, sweep_check_ec_curve_mozilla, "EC key on a curve other than P-256 or P-384."),
	ROW("e_public_key_algorithm_not_allowed", "BR", "BR 6.1.5", BR1, 0, sweep_applies_all,
	    sweep_check_key_algorithm, "Public key neither RSA nor ECDSA (DSA, Ed25519 ...)."),
	ROW("e_signature_algorithm_sha1", "BR", "BR 7.1.3", 20160101, 0, sweep_applies_subscriber,
	    sweep_check_sig_sha1, "Subscriber certificate signed with SHA-1 on or after 2016-01-01."),
	ROW("e_signature_algorithm_md5", "BR", "BR 7.1.3", BR1, 0, sweep_applies_all, sweep_check_sig_md5,
	    "Certificate signed with MD5."),
	ROW("e_signature_algorithm_mismatch", "RFC5280", "RFC 5280 4.1.1.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_sig_mismatch,
	    "TBSCertificate.signature differs from signatureAlgorithm (OIDs compared)."),
	ROW("e_signature_algorithm_not_allowed", "BR", "BR 7.1.3.2", 20160101, 0, sweep_applies_all,
	    sweep_check_sig_not_allowed,
	    "Signature algorithm outside SHA-256/384/512 with RSA (PKCS#1 v1.5 or PSS) or ECDSA."),

	/* --- extensions ------------------------------------------------------------------------------ */
	ROW("e_version_not_3", "BR", "BR 7.1.1", BR1, 0, sweep_applies_all, sweep_check_version_not_v3,
	    "The certificate is not X.509 v3."),
	ROW("e_extension_duplicate", "RFC5280", "RFC 5280 4.2", RFC5280, 0, sweep_applies_all,
	    sweep_check_duplicate_extension, "An extension appears more than once."),
	ROW("e_ca_basic_constraints_not_critical", "RFC5280", "RFC 5280 4.2.1.9", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_bc_not_critical, "CA certificate whose basicConstraints is not critical."),
	ROW("e_ca_key_usage_missing", "RFC5280", "RFC 5280 4.2.1.3", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_key_usage_missing, "CA certificate without keyUsage."),
	ROW("e_ca_subject_key_identifier_missing", "RFC5280", "RFC 5280 4.2.1.2", RFC5280, 0, sweep_applies_ca,
	    sweep_check_ca_skid_missing, "CA certificate without subjectKeyIdentifier."),
	ROW("e_authority_key_identifier_missing", "RFC5280", "RFC 5280 4.2.1.1", RFC5280, 0,
	    sweep_applies_not_self_issued, sweep_check_akid_missing,
	    "A certificate that is not self-issued lacks authorityKeyIdentifier."),
	ROW("e_subscriber_eku_missing", "BR", "BR 7.1.2.3(f) (v1), 7.1.2.7.10 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_eku_missing, "Subscriber certificate without extKeyUsage."),
	ROW("e_subscriber_eku_server_auth_missing", "BR", "BR 7.1.2.3(f)", BR1, 0, sweep_applies_subscriber_with_eku,
	    sweep_check_eku_server_auth_missing, "extKeyUsage without id-kp-serverAuth."),
	ROW("e_subscriber_eku_prohibited_purpose", "BR", "BR 7.1.2.7.10 (v2)", BR2, 0, sweep_applies_subscriber_with_eku,
	    sweep_check_eku_prohibited,
	    "extKeyUsage with anyExtendedKeyUsage, codeSigning, emailProtection, timeStamping or OCSPSigning."),
	ROW("e_subscriber_key_usage_cert_sign", "BR", "BR 7.1.2.3(e)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_ku_cert_sign, "Subscriber certificate asserting keyCertSign or cRLSign."),
	ROW("e_key_usage_no_bits", "RFC5280", "RFC 5280 4.2.1.3", RFC5280, 0, sweep_applies_has_key_usage,
	    sweep_check_ku_no_bits, "keyUsage present with no bit set."),
	ROW("w_key_usage_not_critical", "RFC5280", "RFC 5280 4.2.1.3 (SHOULD)", RFC5280, 0, sweep_applies_has_key_usage,
	    sweep_check_ku_not_critical, "keyUsage is not marked critical."),
	ROW("e_ec_key_usage_key_encipherment", "BR", "BR 7.1.2.7.11 (v2); RFC 8813 3", BR2, 0, sweep_applies_ec,
	    sweep_check_ec_ku_key_encipherment, "An ECDSA key asserting keyEncipherment."),
	ROW("e_subscriber_aia_missing", "BR", "BR 7.1.2.3(c) (v1), 7.1.2.7.7 (v2)", BR1, 0, sweep_applies_subscriber,
	    sweep_check_aia_missing, "Subscriber certificate without authorityInformationAccess."),
	ROW("e_subscriber_aia_ocsp_missing", "BR", "BR 7.1.2.3(c) (until ballot SC-063)", BR1, 20240315,
	    sweep_applies_has_aia, sweep_check_aia_ocsp_missing,
	    "authorityInformationAccess without an OCSP responder (required until 2024-03-15)."),
	ROW("e_aia_url_not_http", "BR", "BR 7.1.2.7.7 (v2)", BR2, 0, sweep_applies_has_aia, sweep_check_aia_url_scheme,
	    "An authorityInformationAccess location is not an http:// URL."),
	ROW("e_crl_distribution_point_not_http", "BR", "BR 7.1.2.11.2 (v2)", BR2, 0, sweep_applies_has_crldp,
	    sweep_check_crldp_url_scheme, "A cRLDistributionPoints fullName is not an http:// URL."),
	ROW("e_subscriber_certificate_policies_missing", "BR", "BR 7.1.2.3(a) (v1), 7.1.2.7.9 (v2)", BR1, 0,
	    sweep_applies_subscriber, sweep_check_policies_missing,
	    "Subscriber certificate without certificatePolicies."),
	ROW("e_subscriber_reserved_policy_not_exactly_one", "BR", "BR 7.1.2.7.9 (v2)", BR2, 0, sweep_applies_subscriber,
	    sweep_check_reserved_policy_count,
	    "Not exactly one CA/Browser Forum reserved policy OID (2.23.140.1.1, 2.23.140.1.2.1/2/3)."),
	ROW("e_precert_poison_not_critical", "RFC6962", "RFC 6962 3.1", CT, 0, sweep_applies_precert,
	    sweep_check_poison_not_critical, "The precertificate poison extension is not critical."),
	ROW("e_precert_poison_not_null", "RFC6962", "RFC 6962 3.1", CT, 0, sweep_applies_precert,
	    sweep_check_poison_not_null, "The precertificate poison extension's value is not ASN.1 NULL."),
	ROW("e_precert_with_sct_list", "RFC6962", "RFC 6962 3.1, 3.3", CT, 0, sweep_applies_precert,
	    sweep_check_precert_has_scts, "A precertificate that also carries an SCT list extension."),

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
	    0, sweep_applies_tls_sub_ca, sweep_check_sub_ca_crldp_no_url,
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
	    "authorityInformationAccess holds an access method other than id-ad-ocsp and id-ad-caIssuers."),
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
	ROW("e_sub_ca_aia_does_not_contain_ocsp_url", "BR", "BR 7.1.2.2(c) (v1; OCSP MAY from v2 7.1.2.10.3)", BR1, BR2,
	    sweep_applies_tls_sub_ca_with_aia, sweep_check_aia_no_ocsp_url,
	    "Subordinate CA authorityInformationAccess without an OCSP URL (required until BR v2).",
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

enum sweep_result sweep_lint_run(const struct sweep_lint *lint, const struct sweep_cert *cert,
				 const struct sweep_lint_config *cfg, int64_t as_of, struct sweep_buf *details)
{
	unsigned day;

	/* A rule says nothing about certificates outside its kinds (kind.h). */
	if (!(sweep_lint_scope(lint) & SWEEP_SCOPE(cert->kind)) || !lint->applies(cert))
		return SWEEP_R_NA;
	day = sweep_yyyymmdd(as_of);
	if (day < lint->effective || (lint->ineffective && day >= lint->ineffective))
		return SWEEP_R_NE;
	switch (lint->check(cert, cfg, details)) {
	case SWEEP_CHECK_PASS: return SWEEP_R_PASS;
	case SWEEP_CHECK_FAIL: return sweep_lint_severity(lint);
	default: return SWEEP_R_FATAL;
	}
}
