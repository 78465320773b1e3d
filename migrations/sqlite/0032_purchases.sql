-- Purchases an owner paid for at a dealer outside a repair order
-- (`purchase::store`): one per dealer and reference (a repeat is answered
-- with the first), each earning points under the new `purchase` rule.
CREATE TABLE purchases (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    dealer_id         INTEGER NOT NULL REFERENCES dealers (id),
    reference         TEXT    NOT NULL,
    owner_id          INTEGER NOT NULL REFERENCES users (id),
    amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
    purchased_on      TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (dealer_id, reference)
);
CREATE INDEX purchases_owner ON purchases (owner_id, purchased_on);

-- SQLite cannot change a CHECK in place: the rules are copied into a table that allows `purchase`.
CREATE TABLE loyalty_rules_next (
    rule            TEXT    PRIMARY KEY CHECK (rule IN ('service_visit', 'survey_answered', 'post_approved', 'comment_approved', 'event_attended', 'referral_won', 'profile_completed', 'birthday_month', 'welcome', 'purchase')),
    -- Points per event; for a service visit or a purchase, points per yuan paid.
    points          INTEGER NOT NULL CHECK (points >= 0),
    -- A service visit or a purchase earns at least this many points.
    minimum         INTEGER NOT NULL DEFAULT 0 CHECK (minimum >= 0),
    daily_cap       INTEGER CHECK (daily_cap > 0),
    monthly_cap     INTEGER CHECK (monthly_cap > 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO loyalty_rules_next (rule, points, minimum, daily_cap, monthly_cap, active)
    SELECT rule, points, minimum, daily_cap, monthly_cap, active FROM loyalty_rules;
DROP TABLE loyalty_rules;
ALTER TABLE loyalty_rules_next RENAME TO loyalty_rules;
INSERT INTO loyalty_rules (rule, points, minimum, daily_cap, monthly_cap) VALUES ('purchase', 1, 0, 5000, 20000);
