-- Uploaded pictures, cleaned of metadata, stored in the database.
CREATE TABLE uploads (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uploader_id     BIGINT NOT NULL REFERENCES users (id),
    purpose         TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    width           BIGINT NOT NULL,
    height          BIGINT NOT NULL,
    size            BIGINT NOT NULL,
    bytes           BYTEA    NOT NULL,
    created_at      BIGINT NOT NULL
);

-- A receipt belongs to the owner who reported the work; it does not travel.
ALTER TABLE service_records ADD COLUMN receipt_upload_id BIGINT REFERENCES uploads (id);
