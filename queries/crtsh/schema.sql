-- The crt.sh (certwatch) tables certsweep reads, as a mirror has them, for
-- tests and the demo. Upstream partitions certificate by notAfter and adds
-- x509 functions (libx509pq); certsweep needs neither (schema-real.sql is
-- that table, for tests; certsweep uses its notBefore index where it exists).
CREATE TABLE ca (
	id          serial PRIMARY KEY,
	name        text NOT NULL,
	public_key  bytea NOT NULL,
	brand       text,
	linting_applies boolean NOT NULL DEFAULT true
);
CREATE TABLE certificate (
	id           bigserial PRIMARY KEY,
	issuer_ca_id integer NOT NULL REFERENCES ca(id),
	certificate  bytea NOT NULL
);
CREATE INDEX certificate_issuer_id ON certificate (issuer_ca_id, id);
CREATE TABLE ca_certificate (
	certificate_id bigint PRIMARY KEY REFERENCES certificate(id),
	ca_id          integer REFERENCES ca(id)
);
CREATE TABLE crl_revoked (
	ca_id                integer NOT NULL REFERENCES ca(id),
	serial_number        bytea NOT NULL,
	reason_code          smallint,
	revocation_date      timestamp,
	last_seen_check_date timestamp,
	PRIMARY KEY (ca_id, serial_number)
);
CREATE TABLE invalid_certificate (
	id                    bigserial PRIMARY KEY,
	certificate_id        bigint,
	problems              text,
	certificate_as_logged bytea
);
INSERT INTO ca (id, name, public_key) VALUES (-1, 'Issuer Not Found', '\x00');
