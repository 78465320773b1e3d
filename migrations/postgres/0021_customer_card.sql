-- Staff notes on a customer, shown on the customer page's timeline.
CREATE TABLE customer_notes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    author_id       BIGINT NOT NULL REFERENCES users (id),
    body            TEXT    NOT NULL CHECK (length(body) > 0),
    created_at      BIGINT NOT NULL
);
CREATE INDEX customer_notes_owner ON customer_notes (owner_id, created_at);
-- The customer page reads an owner's answered surveys; a won sale counts each
-- advisor's named owners.
CREATE INDEX surveys_by_owner ON surveys (owner_id, answered_at);
CREATE INDEX users_by_advisor ON users (advisor_id);
