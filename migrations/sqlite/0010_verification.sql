-- Verified contacts, one-time codes, and sessions that can be ended.

-- When the mobile number or e-mail address was proven with a code (NULL: not
-- yet). Accounts made from now on by seeding or `server create-admin` count as
-- verified; accounts already here start unverified (their owners verify from
-- the profile page), since nothing ever proved their contact.
ALTER TABLE users ADD COLUMN mobile_verified_at INTEGER;
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
-- A session remembers the epoch it began in; bumping it ends every session.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
-- Set by an admin: the account cannot sign in and its sessions have ended.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;

-- A one-time code sent to a mobile number or e-mail address, and what it
-- unlocks: a registration (with the name and the password's hash), a password
-- reset, or a new contact detail for an account. Only a hash of the code is
-- kept. `sent` is 0 when no code went out (the number belongs to someone else,
-- or no account uses it): such a row answers like any other and never unlocks.
CREATE TABLE verifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    purpose         TEXT    NOT NULL CHECK (purpose IN ('register', 'reset', 'contact')),
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       TEXT    NOT NULL,
    user_id         INTEGER REFERENCES users (id),
    display_name    TEXT,
    password_hash   TEXT,
    code_hash       TEXT    NOT NULL,
    sent            INTEGER NOT NULL CHECK (sent IN (0, 1)),
    tries           INTEGER NOT NULL DEFAULT 0 CHECK (tries BETWEEN 0 AND 5),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);
CREATE INDEX verifications_by_user ON verifications (user_id, purpose);
CREATE INDEX verifications_by_expiry ON verifications (expires_at);

-- Codes and account notices travel in their own outbox category: they go to the
-- contact they concern whatever the owner's preferences (SQLite changes a CHECK
-- by rebuilding the table).
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER REFERENCES users (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       TEXT    NOT NULL,
    category        TEXT    NOT NULL CHECK (category IN ('service', 'safety', 'marketing', 'security')),
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
INSERT INTO outbox_new (id, user_id, channel, recipient, category, body, status, attempts, last_error, created_at, sent_at)
SELECT id, user_id, channel, recipient, category, body, status, attempts, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (status, id);
