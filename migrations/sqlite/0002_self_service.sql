-- Owner self-service: profile and consent, garage details, warranty and recall
-- campaigns, service history, reminders, in-app notifications and the outbox.

ALTER TABLE users ADD COLUMN city TEXT;
ALTER TABLE users ADD COLUMN address TEXT;
ALTER TABLE users ADD COLUMN preferred_dealer_id INTEGER REFERENCES dealers (id);
ALTER TABLE users ADD COLUMN birthday TEXT;
ALTER TABLE users ADD COLUMN contact_channel TEXT NOT NULL DEFAULT 'sms' CHECK (contact_channel IN ('sms', 'email', 'phone', 'none'));
ALTER TABLE users ADD COLUMN marketing_consent INTEGER NOT NULL DEFAULT 0;

-- Every marketing-consent decision, with the wording the owner saw.
CREATE TABLE consent_records (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    granted         INTEGER NOT NULL,
    wording_version TEXT    NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES users (id),
    at              INTEGER NOT NULL
);
CREATE INDEX consent_records_by_user ON consent_records (user_id, at);

-- What changed in a profile, when, and by whom (the owner or staff).
CREATE TABLE profile_changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    field           TEXT    NOT NULL,
    old_value       TEXT,
    new_value       TEXT,
    changed_by      INTEGER NOT NULL REFERENCES users (id),
    by_staff        INTEGER NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX profile_changes_by_user ON profile_changes (user_id, at);

ALTER TABLE car_models ADD COLUMN service_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE car_models ADD COLUMN service_km INTEGER NOT NULL DEFAULT 10000;
-- The odometer belongs to the car and travels with it.
ALTER TABLE vehicles ADD COLUMN mileage_km INTEGER;
ALTER TABLE vehicles ADD COLUMN mileage_on TEXT;
-- Plate and due dates are the owner's and stay with the ownership.
ALTER TABLE ownerships ADD COLUMN plate TEXT;
ALTER TABLE ownerships ADD COLUMN insurance_due TEXT;
ALTER TABLE ownerships ADD COLUMN inspection_due TEXT;
ALTER TABLE ownerships ADD COLUMN ended_reason TEXT;

CREATE TABLE warranty_lines (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id        INTEGER NOT NULL REFERENCES car_models (id),
    code            TEXT    NOT NULL,
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    months          INTEGER NOT NULL CHECK (months > 0),
    km              INTEGER NOT NULL CHECK (km > 0),
    UNIQUE (model_id, code)
);

CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('recall', 'service')),
    title_zh        TEXT    NOT NULL,
    title_en        TEXT    NOT NULL,
    remedy_zh       TEXT    NOT NULL,
    remedy_en       TEXT    NOT NULL,
    produced_from   TEXT,
    produced_to     TEXT,
    vin_from        TEXT,
    vin_to          TEXT,
    opened_on       TEXT    NOT NULL
);

CREATE TABLE campaign_models (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
    model_id        INTEGER NOT NULL REFERENCES car_models (id),
    PRIMARY KEY (campaign_id, model_id)
);

CREATE TABLE campaign_completions (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
    vin             TEXT    NOT NULL REFERENCES vehicles (vin),
    completed_on    TEXT    NOT NULL,
    dealer_id       INTEGER REFERENCES dealers (id),
    recorded_by     INTEGER REFERENCES users (id),
    PRIMARY KEY (campaign_id, vin)
);

-- The car's history: dealer visits, and work the owner reports from elsewhere.
CREATE TABLE service_records (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    vin             TEXT    NOT NULL REFERENCES vehicles (vin),
    ownership_id    INTEGER REFERENCES ownerships (id),
    source          TEXT    NOT NULL CHECK (source IN ('dealer', 'owner')),
    performed_on    TEXT    NOT NULL,
    mileage_km      INTEGER NOT NULL,
    work            TEXT    NOT NULL,
    garage_name     TEXT    NOT NULL,
    dealer_id       INTEGER REFERENCES dealers (id),
    counts_as_service INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX service_records_by_vin ON service_records (vin, performed_on);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    kind            TEXT    NOT NULL,
    title_zh        TEXT    NOT NULL,
    title_en        TEXT    NOT NULL,
    link            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    read_at         INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at);

-- One row per message to send; a pluggable sender drains it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER REFERENCES users (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       TEXT    NOT NULL,
    category        TEXT    NOT NULL CHECK (category IN ('service', 'safety', 'marketing')),
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox (status, id);

-- A reminder is announced once per ownership, kind and due occasion.
CREATE TABLE reminder_notices (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    ownership_id    INTEGER NOT NULL REFERENCES ownerships (id),
    kind            TEXT    NOT NULL,
    due_key         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (ownership_id, kind, due_key)
);

-- Generic per-client rate limiting (public lookups).
CREATE TABLE rate_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket          TEXT    NOT NULL,
    client          TEXT    NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX rate_events_by_client ON rate_events (bucket, client, at);
