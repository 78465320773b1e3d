-- Feedback and complaints: cases with their conversation, photos, history,
-- SLA targets per priority, and the care follow-ups they create.

CREATE TABLE sla_policies (
    priority                TEXT    PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'safety')),
    first_response_minutes  INTEGER NOT NULL CHECK (first_response_minutes > 0),
    resolution_minutes      INTEGER NOT NULL CHECK (resolution_minutes >= first_response_minutes),
    updated_by              INTEGER REFERENCES users (id),
    updated_at              INTEGER
);
-- The brand's service promise (reference data; admins edit it).
INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes) VALUES
    ('safety', 120, 2880),
    ('high', 480, 4320),
    ('normal', 1440, 10080),
    ('low', 2880, 20160);

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id            INTEGER NOT NULL REFERENCES users (id),
    kind                TEXT    NOT NULL CHECK (kind IN ('praise', 'suggestion', 'question', 'complaint')),
    category            TEXT    NOT NULL CHECK (category IN ('product_quality', 'dealer_service', 'parts', 'billing', 'staff_conduct', 'app_website', 'other')),
    title               TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    vin                 TEXT    REFERENCES vehicles (vin),
    dealer_id           INTEGER REFERENCES dealers (id),
    booking_id          INTEGER REFERENCES bookings (id),
    priority            TEXT    NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'safety')),
    status              TEXT    NOT NULL CHECK (status IN ('submitted', 'acknowledged', 'in_progress', 'resolved', 'closed')),
    channel             TEXT    NOT NULL CHECK (channel IN ('portal', 'phone', 'email', 'wechat', 'walk_in', 'api')),
    opened_by           INTEGER NOT NULL REFERENCES users (id),
    assignee_id         INTEGER REFERENCES users (id),
    escalation          INTEGER NOT NULL DEFAULT 0,
    response_due        INTEGER NOT NULL,
    resolution_due      INTEGER NOT NULL,
    responded_at        INTEGER,
    resolved_at         INTEGER,
    closed_at           INTEGER,
    response_breached   INTEGER NOT NULL DEFAULT 0,
    resolution_breached INTEGER NOT NULL DEFAULT 0,
    merged_into         INTEGER REFERENCES cases (id),
    rating              INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment      TEXT,
    rated_at            INTEGER,
    followed_up_at      INTEGER,
    idempotency_key     TEXT    UNIQUE,
    created_at          INTEGER NOT NULL
);
CREATE INDEX cases_by_owner ON cases (owner_id, created_at);
CREATE INDEX cases_by_status ON cases (status, resolution_due);

-- Public replies reach the owner; internal notes never do.
CREATE TABLE case_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    author_id       INTEGER NOT NULL REFERENCES users (id),
    internal        INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX case_messages_by_case ON case_messages (case_id, id);

CREATE TABLE case_photos (
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    upload_id       INTEGER NOT NULL REFERENCES uploads (id),
    PRIMARY KEY (case_id, upload_id)
);

CREATE TABLE case_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    at              INTEGER NOT NULL,
    actor_id        INTEGER REFERENCES users (id),
    kind            TEXT    NOT NULL,
    detail          TEXT    NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);

-- The brand's rule: every resolved complaint is followed up after 7 days
-- when the owner has not rated it; care records the outcome.
CREATE TABLE case_followups (
    case_id         INTEGER PRIMARY KEY REFERENCES cases (id),
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    done_by         INTEGER REFERENCES users (id),
    outcome         TEXT
);
