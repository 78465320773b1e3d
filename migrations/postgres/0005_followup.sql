-- Follow-up (回访): a survey three days after each completed visit, and the
-- call-back tasks customer care works when an owner is unhappy or silent.

CREATE TABLE surveys (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id      BIGINT NOT NULL UNIQUE REFERENCES bookings (id),
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    sent_at         BIGINT NOT NULL,
    satisfaction    BIGINT CHECK (satisfaction BETWEEN 1 AND 5),
    recommend       BIGINT CHECK (recommend BETWEEN 0 AND 10),
    comment         TEXT,
    answered_at     BIGINT
);
CREATE INDEX surveys_unanswered ON surveys (answered_at, sent_at);

CREATE TABLE care_tasks (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('survey_no_answer', 'survey_low_score')),
    dealer_id       BIGINT NOT NULL REFERENCES dealers (id),
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    booking_id      BIGINT NOT NULL REFERENCES bookings (id),
    created_at      BIGINT NOT NULL,
    done_at         BIGINT,
    done_by         BIGINT REFERENCES users (id),
    outcome         TEXT,
    UNIQUE (booking_id, kind)
);
CREATE INDEX care_tasks_open ON care_tasks (dealer_id, done_at);
