-- Loyalty: earning rules (admin-editable), the append-only points ledger with
-- its earned lots (what is left of each, and when it expires), each owner's
-- balance and tier, where the ledger has read the domain's facts up to, the
-- rewards catalogue and the vouchers redeemed from it. Times are UTC ms.

CREATE TABLE loyalty_rules (
    rule            TEXT    PRIMARY KEY CHECK (rule IN ('service_visit', 'survey_answered', 'post_approved', 'comment_approved', 'event_attended', 'referral_won', 'profile_completed', 'birthday_month', 'welcome')),
    -- Points per event; for a service visit, points per yuan paid.
    points          INTEGER NOT NULL CHECK (points >= 0),
    -- A service visit earns at least this many points.
    minimum         INTEGER NOT NULL DEFAULT 0 CHECK (minimum >= 0),
    daily_cap       INTEGER CHECK (daily_cap > 0),
    monthly_cap     INTEGER CHECK (monthly_cap > 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO loyalty_rules (rule, points, minimum, daily_cap, monthly_cap) VALUES
    ('service_visit', 1, 50, 5000, 10000),
    ('survey_answered', 20, 0, 20, 100),
    ('post_approved', 10, 0, 30, 200),
    ('comment_approved', 2, 0, 10, 100),
    ('event_attended', 50, 0, 100, 300),
    ('referral_won', 1000, 0, NULL, 5000),
    ('profile_completed', 100, 0, NULL, NULL),
    ('birthday_month', 200, 0, NULL, NULL),
    ('welcome', 100, 0, NULL, NULL);

-- Every change of points, never updated except `remaining`: what is left of
-- an earned (or adjusted-up) lot to spend, oldest expiry first.
CREATE TABLE loyalty_ledger (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    amount          INTEGER NOT NULL CHECK (amount <> 0),
    kind            TEXT    NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'reverse', 'adjust')),
    rule            TEXT,
    -- What the entry is for: "booking:12", "post:7", "voucher:3", "adjustment".
    source          TEXT    NOT NULL,
    -- The same fact never credits twice.
    idempotency_key TEXT    NOT NULL UNIQUE,
    expires_at      INTEGER,
    remaining       INTEGER NOT NULL DEFAULT 0 CHECK (remaining >= 0),
    reason          TEXT,
    actor_id        INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    CHECK (remaining <= amount OR remaining = 0),
    CHECK (kind <> 'earn' OR (amount > 0 AND expires_at IS NOT NULL)),
    CHECK (kind NOT IN ('redeem', 'expire', 'reverse') OR amount < 0),
    CHECK (kind <> 'adjust' OR reason IS NOT NULL)
);
CREATE INDEX loyalty_ledger_by_owner ON loyalty_ledger (owner_id, created_at);
CREATE INDEX loyalty_ledger_lots ON loyalty_ledger (owner_id, expires_at) WHERE remaining > 0;
CREATE INDEX loyalty_ledger_by_source ON loyalty_ledger (source, kind);

-- The balance is the ledger's sum, kept here so a spend can be checked and
-- taken in one conditional update; the CHECK keeps it from going negative.
CREATE TABLE loyalty_accounts (
    owner_id        INTEGER PRIMARY KEY REFERENCES users (id),
    balance         INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
    tier            TEXT    NOT NULL DEFAULT 'silver' CHECK (tier IN ('silver', 'gold', 'platinum')),
    updated_at      INTEGER NOT NULL
);

-- How far the ledger has read `domain_events`.
CREATE TABLE loyalty_cursor (
    name            TEXT    PRIMARY KEY,
    last_event_id   INTEGER NOT NULL
);
INSERT INTO loyalty_cursor (name, last_event_id) VALUES ('domain_events', 0);

-- A lot whose expiry the owner has been warned of, once.
CREATE TABLE loyalty_expiry_notices (
    ledger_id       INTEGER PRIMARY KEY REFERENCES loyalty_ledger (id),
    created_at      INTEGER NOT NULL
);

CREATE TABLE rewards (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL CHECK (kind IN ('service_voucher', 'accessory', 'merchandise', 'event_ticket')),
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    points          INTEGER NOT NULL CHECK (points > 0),
    -- What the dealer still collects at the counter (points + cash).
    cash_fen        INTEGER NOT NULL DEFAULT 0 CHECK (cash_fen >= 0),
    stock           INTEGER NOT NULL CHECK (stock >= 0),
    per_owner_limit INTEGER NOT NULL DEFAULT 1 CHECK (per_owner_limit > 0),
    valid_days      INTEGER NOT NULL CHECK (valid_days > 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      INTEGER NOT NULL
);

CREATE TABLE vouchers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code            TEXT    NOT NULL UNIQUE,
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    reward_id       INTEGER NOT NULL REFERENCES rewards (id),
    ledger_id       INTEGER NOT NULL UNIQUE REFERENCES loyalty_ledger (id),
    status          TEXT    NOT NULL CHECK (status IN ('issued', 'redeemed', 'expired')),
    issued_at       INTEGER NOT NULL,
    valid_until     INTEGER NOT NULL,
    redeemed_at     INTEGER,
    redeemed_by     INTEGER REFERENCES users (id),
    dealer_id       INTEGER REFERENCES dealers (id),
    CHECK (status <> 'redeemed' OR (redeemed_at IS NOT NULL AND redeemed_by IS NOT NULL))
);
CREATE INDEX vouchers_by_owner ON vouchers (owner_id, reward_id);
