-- vneid authority, schema 1 (SQLite). The PostgreSQL file is the same schema in its types.
CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    personal_id      TEXT    NOT NULL UNIQUE,
    full_name        TEXT    NOT NULL,
    date_of_birth    TEXT    NOT NULL,
    sex              TEXT    NOT NULL,
    level            INTEGER NOT NULL CHECK (level IN (1, 2)),
    role             TEXT    NOT NULL CHECK (role IN ('citizen', 'officer')),
    password_hash    TEXT    NOT NULL,
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until     INTEGER NOT NULL DEFAULT 0,
    enrol_generation INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE challenges (
    challenge  BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    generation INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX challenges_expiry ON challenges (expires_at);

-- Everything signed for an account: device certificates and papers, one serial space.
CREATE TABLE issued (
    serial        INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('device', 'paper')),
    device_serial INTEGER NOT NULL,
    type_code     TEXT,
    platform      TEXT    NOT NULL,
    development   INTEGER NOT NULL DEFAULT 0,
    body          BLOB    NOT NULL,
    issued_at     INTEGER NOT NULL,
    not_after     INTEGER NOT NULL,
    revoked_at    INTEGER,
    revoke_reason TEXT
);
CREATE INDEX issued_account_active ON issued (account_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX issued_one_active_device ON issued (account_id)
    WHERE kind = 'device' AND revoked_at IS NULL;
CREATE INDEX issued_revoked ON issued (not_after) WHERE revoked_at IS NOT NULL;
CREATE INDEX issued_device ON issued (device_serial);

CREATE TABLE counters (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('serial', 0);

-- The signed lists as last published; dirty = a revocation is not on the list yet.
CREATE TABLE lists (
    name        TEXT    PRIMARY KEY CHECK (name IN ('trust', 'revocation')),
    sequence    INTEGER NOT NULL,
    body        BLOB    NOT NULL,
    issued_at   INTEGER NOT NULL,
    next_update INTEGER NOT NULL,
    dirty       INTEGER NOT NULL DEFAULT 0
);
