-- Verified contacts, one-time codes, and sessions that can be ended.

-- When the mobile number or e-mail address was proven with a code (NULL: not
-- yet). Accounts made from now on by seeding or `server create-admin` count as
-- verified; accounts already here start unverified (their owners verify from
-- the profile page), since nothing ever proved their contact.
ALTER TABLE users ADD COLUMN mobile_verified_at BIGINT;
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
-- A session remembers the epoch it began in; bumping it ends every session.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
-- Set by an admin: the account cannot sign in and its sessions have ended.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;

-- A one-time code sent to a mobile number or e-mail address, and what it
-- unlocks: a registration (with the name and the password's hash), a password
-- reset, or a new contact detail for an account. Only a hash of the code is
-- kept. `sent` is 0 when no code went out (the number belongs to someone else,
-- or no account uses it): such a row answers like any other and never unlocks.
CREATE TABLE verifications (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose         TEXT    NOT NULL CHECK (purpose IN ('register', 'reset', 'contact')),
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       TEXT    NOT NULL,
    user_id         BIGINT  REFERENCES users (id),
    display_name    TEXT,
    password_hash   TEXT,
    code_hash       TEXT    NOT NULL,
    sent            BIGINT  NOT NULL CHECK (sent IN (0, 1)),
    tries           BIGINT  NOT NULL DEFAULT 0 CHECK (tries BETWEEN 0 AND 5),
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    used_at         BIGINT
);
CREATE INDEX verifications_by_user ON verifications (user_id, purpose);
CREATE INDEX verifications_by_expiry ON verifications (expires_at);

-- Codes and account notices travel in their own outbox category: they go to the
-- contact they concern whatever the owner's preferences.
ALTER TABLE outbox DROP CONSTRAINT outbox_category_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_category_check
    CHECK (category IN ('service', 'safety', 'marketing', 'security'));
