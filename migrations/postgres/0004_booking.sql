-- Service booking: opening hours, closed dates, service types, per-slot
-- capacity (the guard against over-booking), bookings and their history.

-- The owner's named service advisor (one-to-one service).
ALTER TABLE users ADD COLUMN advisor_id BIGINT REFERENCES users (id);

ALTER TABLE dealers ADD COLUMN cancel_cutoff_minutes BIGINT NOT NULL DEFAULT 120;

-- Weekday 1 = Monday … 7 = Sunday; times are the dealer's local wall clock.
CREATE TABLE opening_hours (
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    weekday         BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens           TEXT    NOT NULL,
    closes          TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, weekday)
);

CREATE TABLE closed_dates (
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    day             TEXT    NOT NULL,
    reason_zh       TEXT    NOT NULL,
    reason_en       TEXT    NOT NULL,
    PRIMARY KEY (dealer_id, day)
);

CREATE TABLE service_types (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE,
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    minutes         BIGINT NOT NULL CHECK (minutes > 0),
    bays            BIGINT NOT NULL DEFAULT 1 CHECK (bays > 0),
    is_maintenance  BIGINT NOT NULL DEFAULT 0
);

-- One row per dealer and 30-minute slot that anyone has booked: the booking
-- transaction raises `used` only while it stays within `capacity`.
CREATE TABLE slot_usage (
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    starts_at       BIGINT NOT NULL,
    capacity        BIGINT NOT NULL,
    used            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (dealer_id, starts_at),
    CHECK (used >= 0 AND used <= capacity)
);

CREATE TABLE bookings (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    vin             TEXT    NOT NULL REFERENCES vehicles (vin),
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    service_type_id BIGINT NOT NULL REFERENCES service_types (id),
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL,
    bays            BIGINT NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    note            TEXT,
    channel         TEXT    NOT NULL CHECK (channel IN ('portal', 'phone')),
    idempotency_key TEXT    NOT NULL UNIQUE,
    checked_in_at   BIGINT,
    checkin_mileage BIGINT,
    completed_at    BIGINT,
    amount_fen      BIGINT,
    reminded_at     BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX bookings_by_owner ON bookings (owner_id, starts_at);
CREATE INDEX bookings_by_dealer ON bookings (dealer_id, starts_at);

-- Who did what to a booking, and when.
CREATE TABLE booking_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id      BIGINT NOT NULL REFERENCES bookings (id),
    at              BIGINT NOT NULL,
    actor_id        BIGINT REFERENCES users (id),
    kind            TEXT    NOT NULL,
    detail          TEXT    NOT NULL
);
CREATE INDEX booking_events_by_booking ON booking_events (booking_id, at);

-- A dealer visit's record points back at its booking.
ALTER TABLE service_records ADD COLUMN booking_id BIGINT REFERENCES bookings (id);

-- Facts other parts of the system react to (loyalty credits service visits).
CREATE TABLE domain_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    at              BIGINT NOT NULL
);

-- The brand's service menu (reference data, not demo data).
INSERT INTO service_types (code, name_zh, name_en, minutes, bays, is_maintenance) VALUES
    ('maintenance', '定期保养', 'Scheduled maintenance', 90, 1, 1),
    ('diagnosis', '故障检测', 'Repair diagnosis', 60, 1, 0),
    ('inspection', '安全检测', 'Safety inspection', 30, 1, 0),
    ('tyres', '更换轮胎', 'Tyre change', 60, 1, 0),
    ('recall', '召回检修', 'Recall fix', 60, 1, 0),
    ('battery', '动力电池检测', 'EV battery check', 30, 1, 0);
