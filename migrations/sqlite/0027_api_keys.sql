-- Keys of the integration API (`integration::store`): stored as the SHA-256
-- digest of the key, with the first characters to tell them apart; scopes as
-- comma-separated names; bound to one dealer or none (brand-wide).
CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    secret_digest TEXT    NOT NULL UNIQUE,
    shown_prefix  TEXT    NOT NULL,
    scopes        TEXT    NOT NULL,
    dealer_id     INTEGER REFERENCES dealers (id),
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
