-- crt.sh's real certificate table (certwatch_db, 2026), compactly, for tests
-- and as documentation of what certsweep reads on crt.sh itself:
--   * no primary key on certificate (id is not unique by any constraint);
--   * partitioned BY RANGE (coalesce(x509_notAfter(certificate), 'infinity'))
--     into 27 partitions: 2013andbefore, 2014 .. 2026, 2027q1 .. 2029q4,
--     2030andbeyond;
--   * its 13 indexes, several over libx509pq's functions; no (issuer_ca_id, id).
-- libx509pq is a C extension; here its functions are IMMUTABLE PL/pgSQL
-- (never inlined, like C functions, so plans name them) stand-ins of the same names and signatures over a small DER walk (enough
-- for the partition key and the indexes: the plans have crt.sh's shape).
-- crl_revoked keeps no unique key here (duplicates happen on crt.sh).
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Offset of the n-th (0-based) element inside the constructed DER value at
-- offset pos: returns the element's offset, or NULL past the end.
CREATE FUNCTION certsweep_der_len(d bytea, pos int, OUT hdr int, OUT len int) LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE b int; n int;
BEGIN
	b := get_byte(d, pos + 1);
	IF b < 128 THEN hdr := 2; len := b; RETURN; END IF;
	n := b - 128; hdr := 2 + n; len := 0;
	FOR i IN 1 .. n LOOP len := len * 256 + get_byte(d, pos + 1 + i); END LOOP;
END $$;

CREATE FUNCTION certsweep_der_child(d bytea, pos int, n int) RETURNS int LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE h int; l int; p int; e int;
BEGIN
	SELECT * INTO h, l FROM certsweep_der_len(d, pos);
	p := pos + h; e := pos + h + l;
	FOR i IN 1 .. n LOOP
		IF p >= e THEN RETURN NULL; END IF;
		SELECT * INTO h, l FROM certsweep_der_len(d, p);
		p := p + h + l;
	END LOOP;
	IF p >= e THEN RETURN NULL; END IF;
	RETURN p;
END $$;

-- Offset of the k-th field of TBSCertificate, skipping the optional [0] version.
CREATE FUNCTION certsweep_tbs_field(d bytea, k int) RETURNS int LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE tbs int; first int;
BEGIN
	tbs := certsweep_der_child(d, 0, 0);
	first := certsweep_der_child(d, tbs, 0);
	IF get_byte(d, first) = 160 THEN k := k + 1; END IF;
	RETURN certsweep_der_child(d, tbs, k);
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

CREATE FUNCTION certsweep_der_value(d bytea, pos int) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE h int; l int;
BEGIN
	SELECT * INTO h, l FROM certsweep_der_len(d, pos);
	RETURN substring(d FROM pos + h + 1 FOR l);
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

CREATE FUNCTION certsweep_der_element(d bytea, pos int) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE h int; l int;
BEGIN
	SELECT * INTO h, l FROM certsweep_der_len(d, pos);
	RETURN substring(d FROM pos + 1 FOR h + l);
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

-- UTCTime (tag 23) or GeneralizedTime (tag 24) at pos, as a timestamp.
CREATE FUNCTION certsweep_der_time(d bytea, pos int) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE t text; tag int;
BEGIN
	tag := get_byte(d, pos);
	t := convert_from(certsweep_der_value(d, pos), 'SQL_ASCII');
	IF tag = 23 THEN
		t := CASE WHEN substring(t, 1, 2)::int < 50 THEN '20' ELSE '19' END || t;
	END IF;
	RETURN make_timestamp(substring(t, 1, 4)::int, substring(t, 5, 2)::int, substring(t, 7, 2)::int,
		substring(t, 9, 2)::int, substring(t, 11, 2)::int, substring(t, 13, 2)::int);
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

CREATE FUNCTION x509_notBefore(bytea) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN certsweep_der_time($1, certsweep_der_child($1, certsweep_tbs_field($1, 3), 0)); END $$;
CREATE FUNCTION x509_notAfter(bytea) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN certsweep_der_time($1, certsweep_der_child($1, certsweep_tbs_field($1, 3), 1)); END $$;
CREATE FUNCTION x509_serialNumber(bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN certsweep_der_value($1, certsweep_tbs_field($1, 0)); END $$;
CREATE FUNCTION x509_name(bytea, boolean DEFAULT TRUE) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN certsweep_der_element($1, certsweep_tbs_field($1, CASE WHEN $2 THEN 4 ELSE 2 END)); END $$;
CREATE FUNCTION x509_publicKey(bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN certsweep_der_element($1, certsweep_tbs_field($1, 5)); END $$;
-- Stand-ins whose value no test depends on; only the indexes' shape matters.
CREATE FUNCTION x509_canIssueCerts(bytea) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN false; END $$;
CREATE FUNCTION x509_subjectKeyIdentifier(bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN NULL::bytea; END $$;
CREATE FUNCTION identities(bytea) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT AS
	$$ BEGIN RETURN to_tsvector('simple', coalesce(encode(x509_serialNumber($1), 'hex'), '')); END $$;

CREATE TABLE ca (
	id                 serial PRIMARY KEY,
	name               text NOT NULL,
	public_key         bytea NOT NULL,
	brand              text,
	linting_applies    boolean DEFAULT TRUE,
	no_of_certs_issued bigint DEFAULT 0 NOT NULL
);
CREATE UNIQUE INDEX ca_uniq ON ca (name text_pattern_ops, public_key);

CREATE SEQUENCE certificate_id_seq;
CREATE TABLE certificate (
	id           bigint NOT NULL DEFAULT nextval('certificate_id_seq'),
	issuer_ca_id integer NOT NULL,
	certificate  bytea NOT NULL
) PARTITION BY RANGE (coalesce(x509_notAfter(certificate), 'infinity'));

DO $$
BEGIN
	EXECUTE 'CREATE TABLE certificate_2013andbefore PARTITION OF certificate FOR VALUES FROM (MINVALUE) TO (''2014-01-01'')';
	FOR y IN 2014 .. 2026 LOOP
		EXECUTE format('CREATE TABLE certificate_%s PARTITION OF certificate FOR VALUES FROM (%L) TO (%L)',
			y, y || '-01-01', (y + 1) || '-01-01');
	END LOOP;
	FOR y IN 2027 .. 2029 LOOP
		FOR q IN 1 .. 4 LOOP
			EXECUTE format('CREATE TABLE certificate_%sq%s PARTITION OF certificate FOR VALUES FROM (%L) TO (%L)',
				y, q, make_date(y, 3 * q - 2, 1), make_date(y, 3 * q - 2, 1) + interval '3 months');
		END LOOP;
	END LOOP;
	EXECUTE 'CREATE TABLE certificate_2030andbeyond PARTITION OF certificate FOR VALUES FROM (''2030-01-01'') TO (MAXVALUE)';
END $$;

CREATE INDEX c_id ON certificate (id);
CREATE INDEX c_sha1 ON certificate (digest(certificate, 'sha1'));
CREATE INDEX c_sha256 ON certificate (digest(certificate, 'sha256'));
CREATE INDEX c_serial ON certificate (x509_serialNumber(certificate));
CREATE INDEX c_spki_sha1 ON certificate (digest(x509_publicKey(certificate), 'sha1'));
CREATE INDEX c_spki_sha256 ON certificate (digest(x509_publicKey(certificate), 'sha256'));
CREATE INDEX c_pubkey_md5 ON certificate (md5(x509_publicKey(certificate)));
CREATE INDEX c_ica_notbefore ON certificate (issuer_ca_id, x509_notBefore(certificate));
CREATE INDEX c_ica_notafter ON certificate (issuer_ca_id, coalesce(x509_notAfter(certificate), 'infinity'));
CREATE INDEX c_ica_canissue ON certificate (issuer_ca_id) WHERE x509_canIssueCerts(certificate);
CREATE INDEX c_subject_sha1 ON certificate (digest(x509_name(certificate), 'sha1'));
CREATE INDEX c_ski ON certificate (x509_subjectKeyIdentifier(certificate));
CREATE INDEX c_identities ON certificate USING gin (identities(certificate));

CREATE TABLE ca_certificate (
	certificate_id bigint PRIMARY KEY,
	ca_id          integer
);
CREATE TABLE crl_revoked (
	ca_id                integer NOT NULL,
	serial_number        bytea NOT NULL,
	reason_code          smallint,
	revocation_date      timestamp,
	last_seen_check_date timestamp
);
CREATE INDEX crlr_ca_serial ON crl_revoked (ca_id, serial_number);
CREATE TABLE invalid_certificate (
	id                    bigserial PRIMARY KEY,
	certificate_id        bigint,
	problems              text,
	certificate_as_logged bytea
);
INSERT INTO ca (id, name, public_key) VALUES (-1, 'Issuer Not Found', '\x00');
