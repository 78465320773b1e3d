-- Purchases an owner paid for at a dealer outside a repair order
-- (`purchase::store`): one per dealer and reference (a repeat is answered
-- with the first), each earning points under the new `purchase` rule.
CREATE TABLE purchases (
    id                BIGSERIAL PRIMARY KEY,
    dealer_id         BIGINT NOT NULL REFERENCES dealers (id),
    reference         TEXT   NOT NULL,
    owner_id          BIGINT NOT NULL REFERENCES users (id),
    amount_fen        BIGINT NOT NULL CHECK (amount_fen > 0),
    purchased_on      TEXT   NOT NULL,
    description       TEXT   NOT NULL,
    created_at        BIGINT NOT NULL,
    UNIQUE (dealer_id, reference)
);
CREATE INDEX purchases_owner ON purchases (owner_id, purchased_on);

ALTER TABLE loyalty_rules DROP CONSTRAINT loyalty_rules_rule_check;
ALTER TABLE loyalty_rules ADD CONSTRAINT loyalty_rules_rule_check CHECK (rule IN ('service_visit', 'survey_answered', 'post_approved', 'comment_approved', 'event_attended', 'referral_won', 'profile_completed', 'birthday_month', 'welcome', 'purchase'));
INSERT INTO loyalty_rules (rule, points, minimum, daily_cap, monthly_cap) VALUES ('purchase', 1, 0, 5000, 20000);
