-- Feedback and complaints: cases with their conversation, photos, history,
-- SLA targets per priority, and the care follow-ups they create.

CREATE TABLE sla_policies (
    priority                TEXT    PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'safety')),
    first_response_minutes  BIGINT NOT NULL CHECK (first_response_minutes > 0),
    resolution_minutes      BIGINT NOT NULL CHECK (resolution_minutes >= first_response_minutes),
    updated_by              BIGINT REFERENCES users (id),
    updated_at              BIGINT
);
-- The brand's service promise (reference data; admins edit it).
INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes) VALUES
    ('safety', 120, 2880),
    ('high', 480, 4320),
    ('normal', 1440, 10080),
    ('low', 2880, 20160);

CREATE TABLE cases (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id            BIGINT NOT NULL REFERENCES users (id),
    kind                TEXT    NOT NULL CHECK (kind IN ('praise', 'suggestion', 'question', 'complaint')),
    category            TEXT    NOT NULL CHECK (category IN ('product_quality', 'dealer_service', 'parts', 'billing', 'staff_conduct', 'app_website', 'other')),
    title               TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    vin                 TEXT    REFERENCES vehicles (vin),
    dealer_id           BIGINT REFERENCES dealers (id),
    booking_id          BIGINT REFERENCES bookings (id),
    priority            TEXT    NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'safety')),
    status              TEXT    NOT NULL CHECK (status IN ('submitted', 'acknowledged', 'in_progress', 'resolved', 'closed')),
    channel             TEXT    NOT NULL CHECK (channel IN ('portal', 'phone', 'email', 'wechat', 'walk_in', 'api')),
    opened_by           BIGINT NOT NULL REFERENCES users (id),
    assignee_id         BIGINT REFERENCES users (id),
    escalation          BIGINT NOT NULL DEFAULT 0,
    response_due        BIGINT NOT NULL,
    resolution_due      BIGINT NOT NULL,
    responded_at        BIGINT,
    resolved_at         BIGINT,
    closed_at           BIGINT,
    response_breached   BIGINT NOT NULL DEFAULT 0,
    resolution_breached BIGINT NOT NULL DEFAULT 0,
    merged_into         BIGINT REFERENCES cases (id),
    rating              BIGINT CHECK (rating BETWEEN 1 AND 5),
    rating_comment      TEXT,
    rated_at            BIGINT,
    followed_up_at      BIGINT,
    idempotency_key     TEXT    UNIQUE,
    created_at          BIGINT NOT NULL
);
CREATE INDEX cases_by_owner ON cases (owner_id, created_at);
CREATE INDEX cases_by_status ON cases (status, resolution_due);

-- Public replies reach the owner; internal notes never do.
CREATE TABLE case_messages (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    author_id       BIGINT NOT NULL REFERENCES users (id),
    internal        BIGINT NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    body            TEXT    NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX case_messages_by_case ON case_messages (case_id, id);

CREATE TABLE case_photos (
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    upload_id       BIGINT NOT NULL REFERENCES uploads (id),
    PRIMARY KEY (case_id, upload_id)
);

CREATE TABLE case_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    at              BIGINT NOT NULL,
    actor_id        BIGINT REFERENCES users (id),
    kind            TEXT    NOT NULL,
    detail          TEXT    NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);

-- The brand's rule: every resolved complaint is followed up after 7 days
-- when the owner has not rated it; care records the outcome.
CREATE TABLE case_followups (
    case_id         BIGINT PRIMARY KEY REFERENCES cases (id),
    created_at      BIGINT NOT NULL,
    done_at         BIGINT,
    done_by         BIGINT REFERENCES users (id),
    outcome         TEXT
);
