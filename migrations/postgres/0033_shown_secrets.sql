-- A secret (a new API key, a webhook's signing secret) waiting to be shown
-- once to the admin who made it (`integration::desk::store`): behind the
-- digest of a random token in their next page's address, for ten minutes.
CREATE TABLE shown_secrets (
    token_digest    TEXT    PRIMARY KEY,
    user_id         BIGINT  NOT NULL REFERENCES users (id),
    secret          TEXT    NOT NULL,
    expires_at      BIGINT  NOT NULL
);
