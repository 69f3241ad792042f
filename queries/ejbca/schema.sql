-- EJBCA's CertificateData and Base64CertData as its PostgreSQL create-tables
-- script declares them (unquoted names fold to lower case), for tests and
-- the demo. Recent versions; schema-old.sql lacks notbefore/subjectaltname.
CREATE TABLE certificatedata (
    fingerprint          VARCHAR(256) NOT NULL DEFAULT '',
    base64cert           TEXT,
    cafingerprint        VARCHAR(256),
    certificateprofileid INT4 NOT NULL DEFAULT 0,
    crlpartitionindex    INT4,
    endentityprofileid   INT4,
    expiredate           INT8 NOT NULL DEFAULT 0,
    invaliditydate       INT8,
    issuerdn             VARCHAR(256) NOT NULL DEFAULT '',
    notbefore            INT8,
    revocationdate       INT8 NOT NULL DEFAULT 0,
    revocationreason     INT4 NOT NULL DEFAULT 0,
    rowprotection        TEXT,
    rowversion           INT4 NOT NULL DEFAULT 0,
    serialnumber         VARCHAR(256) NOT NULL DEFAULT '',
    status               INT4 NOT NULL DEFAULT 0,
    subjectaltname       VARCHAR(2000),
    subjectdn            VARCHAR(400) NOT NULL DEFAULT '',
    subjectkeyid         VARCHAR(256),
    tag                  VARCHAR(256),
    type                 INT4 NOT NULL DEFAULT 0,
    updatetime           INT8 NOT NULL DEFAULT 0,
    username             VARCHAR(256),
    PRIMARY KEY (fingerprint)
);
CREATE TABLE base64certdata (
    fingerprint   VARCHAR(256) NOT NULL DEFAULT '',
    base64cert    TEXT,
    rowprotection TEXT,
    rowversion    INT4 NOT NULL DEFAULT 0,
    PRIMARY KEY (fingerprint)
);
