-- Webhooks (`integration::webhook`): an endpoint a key subscribed, the event
-- types it wants (empty: all), its signing secret, how far through the facts
-- it has been given deliveries, and whether it is paused after a day of
-- failures. Each delivery is one fact to one endpoint, retried with backoff.
CREATE TABLE webhooks (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    key_id         INTEGER NOT NULL REFERENCES api_keys (id),
    url            TEXT    NOT NULL,
    event_types    TEXT    NOT NULL,
    secret         TEXT    NOT NULL,
    after_event    INTEGER NOT NULL,
    failing_since  INTEGER,
    paused_at      INTEGER,
    created_at     INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       INTEGER NOT NULL REFERENCES webhooks (id),
    event_id         INTEGER NOT NULL REFERENCES domain_events (id),
    subject          TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'delivered')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER,
    last_status      INTEGER,
    last_error       TEXT,
    delivered_at     INTEGER,
    created_at       INTEGER NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_subject ON webhook_deliveries (webhook_id, subject, status, event_id);
