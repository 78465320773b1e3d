-- Follow-up (回访): a survey three days after each completed visit, and the
-- call-back tasks customer care works when an owner is unhappy or silent.

CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id      INTEGER NOT NULL UNIQUE REFERENCES bookings (id),
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    dealer_id       INTEGER NOT NULL REFERENCES dealers (id),
    sent_at         INTEGER NOT NULL,
    satisfaction    INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    recommend       INTEGER CHECK (recommend BETWEEN 0 AND 10),
    comment         TEXT,
    answered_at     INTEGER
);
CREATE INDEX surveys_unanswered ON surveys (answered_at, sent_at);

CREATE TABLE care_tasks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL CHECK (kind IN ('survey_no_answer', 'survey_low_score')),
    dealer_id       INTEGER NOT NULL REFERENCES dealers (id),
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    booking_id      INTEGER NOT NULL REFERENCES bookings (id),
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    done_by         INTEGER REFERENCES users (id),
    outcome         TEXT,
    UNIQUE (booking_id, kind)
);
CREATE INDEX care_tasks_open ON care_tasks (dealer_id, done_at);
