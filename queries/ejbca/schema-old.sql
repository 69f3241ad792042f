-- An older EJBCA CertificateData: no notbefore, no subjectaltname, and no
-- Base64CertData table. certsweep reads neither of those columns.
CREATE TABLE certificatedata (
    fingerprint          VARCHAR(256) NOT NULL DEFAULT '',
    base64cert           TEXT,
    cafingerprint        VARCHAR(256),
    certificateprofileid INT4 NOT NULL DEFAULT 0,
    endentityprofileid   INT4,
    expiredate           INT8 NOT NULL DEFAULT 0,
    issuerdn             VARCHAR(256) NOT NULL DEFAULT '',
    revocationdate       INT8 NOT NULL DEFAULT 0,
    revocationreason     INT4 NOT NULL DEFAULT 0,
    rowprotection        TEXT,
    rowversion           INT4 NOT NULL DEFAULT 0,
    serialnumber         VARCHAR(256) NOT NULL DEFAULT '',
    status               INT4 NOT NULL DEFAULT 0,
    subjectdn            VARCHAR(400) NOT NULL DEFAULT '',
    subjectkeyid         VARCHAR(256),
    tag                  VARCHAR(256),
    type                 INT4 NOT NULL DEFAULT 0,
    updatetime           INT8 NOT NULL DEFAULT 0,
    username             VARCHAR(256),
    PRIMARY KEY (fingerprint)
);
