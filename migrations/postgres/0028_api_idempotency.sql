-- What an integration call with an `Idempotency-Key` answered
-- (`integration::idempotency`): the key's first call claims the row, its
-- answer is kept for replays; `status` is NULL while that first call runs.
CREATE TABLE api_idempotency (
    api_key_id     BIGINT NOT NULL REFERENCES api_keys (id),
    idem_key       TEXT   NOT NULL,
    request_digest TEXT   NOT NULL,
    status         BIGINT,
    content_type   TEXT,
    response_body  TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, idem_key)
);
CREATE INDEX api_idempotency_age ON api_idempotency (created_at);
