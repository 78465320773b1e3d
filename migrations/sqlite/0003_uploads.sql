-- Uploaded pictures, cleaned of metadata, stored in the database.
CREATE TABLE uploads (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uploader_id     INTEGER NOT NULL REFERENCES users (id),
    purpose         TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    size            INTEGER NOT NULL,
    bytes           BLOB    NOT NULL,
    created_at      INTEGER NOT NULL
);

-- A receipt belongs to the owner who reported the work; it does not travel.
ALTER TABLE service_records ADD COLUMN receipt_upload_id INTEGER REFERENCES uploads (id);
