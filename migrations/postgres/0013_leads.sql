-- Test drives and the lead pipeline: demo cars and their drives, leads with
-- their stage, handler, first-contact clock and next action, what happened to
-- each, referral credits and the lost-prospect survey. Times are UTC ms.

-- A dealer's demo cars, per model: each is in one test drive at a time.
CREATE TABLE demo_cars (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    model_id        BIGINT NOT NULL REFERENCES car_models (id),
    plate           TEXT    NOT NULL,
    active          BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX demo_cars_by_dealer ON demo_cars (dealer_id, model_id);

-- Lead handlers take new leads only while on duty; a dealer's sales manager
-- (a lead handler with `manages_leads`) reassigns them.
ALTER TABLE users ADD COLUMN on_duty BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN manages_leads BIGINT NOT NULL DEFAULT 0;
-- An owner's personal referral code, made the first time they ask for it.
ALTER TABLE users ADD COLUMN referral_code TEXT;
CREATE UNIQUE INDEX users_by_referral_code ON users (referral_code);

CREATE TABLE leads (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                TEXT    NOT NULL CHECK (kind IN ('test_drive', 'trade_in')),
    dealer_id           BIGINT NOT NULL REFERENCES dealers (id),
    model_id            BIGINT NOT NULL REFERENCES car_models (id),
    name                TEXT    NOT NULL,
    mobile              TEXT    NOT NULL,
    city                TEXT    NOT NULL,
    source              TEXT    NOT NULL,
    -- The language the prospect wrote in: their messages are in it.
    locale              TEXT    NOT NULL DEFAULT 'zh-CN',
    -- When no offered slot suited: the part of day the prospect prefers.
    part_of_day         TEXT    CHECK (part_of_day IN ('morning', 'afternoon', 'evening')),
    referrer_id         BIGINT REFERENCES users (id),
    -- The owner behind a trade-in, and after a win the buyer's account.
    owner_id            BIGINT REFERENCES users (id),
    -- A trade-in's car as it was when the owner asked.
    trade_vin           TEXT    REFERENCES vehicles (vin),
    trade_year          BIGINT,
    trade_mileage_km    BIGINT,
    trade_services      BIGINT,
    trade_last_service  TEXT,
    handler_id          BIGINT REFERENCES users (id),
    stage               TEXT    NOT NULL CHECK (stage IN ('new', 'contacted', 'test_drive_booked', 'test_drive_done', 'negotiating', 'won', 'lost')),
    lost_reason         TEXT    CHECK (lost_reason IN ('price', 'competitor_model', 'delivery_time', 'financing', 'service_experience', 'no_longer_interested', 'withdrawn', 'other')),
    competitor          TEXT,
    won_vin             TEXT    REFERENCES vehicles (vin),
    -- The prospect's private status link: 32 random characters, as unguessable
    -- as a session id; it opens this lead's status page and nothing else.
    status_token        TEXT    NOT NULL UNIQUE,
    contact_due_at      BIGINT NOT NULL,
    first_contact_at    BIGINT,
    next_action         TEXT    CHECK (next_action IN ('call', 'confirm_drive', 'follow_up', 'send_offer')),
    next_action_due     BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    closed_at           BIGINT,
    CHECK (stage <> 'lost' OR lost_reason IS NOT NULL),
    CHECK (stage <> 'won' OR won_vin IS NOT NULL),
    CHECK (kind <> 'trade_in' OR (trade_vin IS NOT NULL AND owner_id IS NOT NULL))
);
CREATE INDEX leads_by_dealer ON leads (dealer_id, stage, created_at);
CREATE INDEX leads_by_mobile ON leads (mobile, model_id, created_at);
CREATE INDEX leads_by_handler ON leads (handler_id, next_action_due);
CREATE INDEX leads_by_owner ON leads (owner_id);

-- Drives start on the hour and last one, so "one drive per car at a time" is
-- one unique index.
CREATE TABLE test_drives (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id         BIGINT NOT NULL REFERENCES leads (id),
    demo_car_id     BIGINT NOT NULL REFERENCES demo_cars (id),
    starts_at       BIGINT NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('booked', 'done', 'cancelled')),
    created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX test_drives_one_per_car ON test_drives (demo_car_id, starts_at) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX test_drives_one_per_lead ON test_drives (lead_id) WHERE status = 'booked';

-- What happened to a lead: by a handler (actor set), the prospect or the system.
CREATE TABLE lead_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id         BIGINT NOT NULL REFERENCES leads (id),
    at              BIGINT NOT NULL,
    actor_id        BIGINT REFERENCES users (id),
    kind            TEXT    NOT NULL,
    detail          TEXT    NOT NULL
);
CREATE INDEX lead_events_by_lead ON lead_events (lead_id, at);

-- A referral is credited once per won sale and once per referred person.
CREATE TABLE referral_credits (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    referrer_id     BIGINT NOT NULL REFERENCES users (id),
    lead_id         BIGINT NOT NULL UNIQUE REFERENCES leads (id),
    referred_mobile TEXT    NOT NULL UNIQUE,
    at              BIGINT NOT NULL
);

-- The lost prospect's answers (one per lead).
CREATE TABLE lead_surveys (
    lead_id         BIGINT PRIMARY KEY REFERENCES leads (id),
    reason          TEXT    NOT NULL CHECK (reason IN ('price', 'competitor_model', 'delivery_time', 'financing', 'service_experience', 'no_longer_interested', 'withdrawn', 'other')),
    would_change    TEXT,
    answered_at     BIGINT NOT NULL
);
