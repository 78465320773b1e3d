-- The customer search finds any part of a name, mobile, e-mail, VIN or plate
-- (`customer::store::search`). Trigrams make LIKE '%part%' an index search among
-- 100,000 owners: pg_trgm indexes on the very expressions the search compares
-- (FTS5 tables on SQLite). Parts shorter than a trigram still read the table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_trigrams ON users USING gin (LOWER(display_name) gin_trgm_ops);
CREATE INDEX users_mobile_trigrams ON users USING gin (mobile gin_trgm_ops);
CREATE INDEX users_email_trigrams ON users USING gin (LOWER(email) gin_trgm_ops);
CREATE INDEX ownerships_vin_trigrams ON ownerships USING gin (vin gin_trgm_ops);
CREATE INDEX ownerships_plate_trigrams ON ownerships USING gin (UPPER(plate) gin_trgm_ops);
