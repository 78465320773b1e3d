-- The customer search finds any part of a name, mobile, e-mail, VIN or plate
-- (`customer::store::search`). Trigrams make LIKE '%part%' an index search among
-- 100,000 owners: FTS5 tables here (each follows its table by triggers), pg_trgm
-- indexes on PostgreSQL. Parts shorter than a trigram still read the table.
CREATE VIRTUAL TABLE users_fts USING fts5 (display_name, mobile, email, content = 'users', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO users_fts (users_fts) VALUES ('rebuild');
CREATE TRIGGER users_fts_added AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, display_name, mobile, email) VALUES (new.id, new.display_name, new.mobile, new.email);
END;
CREATE TRIGGER users_fts_removed AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, display_name, mobile, email) VALUES ('delete', old.id, old.display_name, old.mobile, old.email);
END;
CREATE TRIGGER users_fts_changed AFTER UPDATE OF display_name, mobile, email ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, display_name, mobile, email) VALUES ('delete', old.id, old.display_name, old.mobile, old.email);
    INSERT INTO users_fts (rowid, display_name, mobile, email) VALUES (new.id, new.display_name, new.mobile, new.email);
END;

CREATE VIRTUAL TABLE ownerships_fts USING fts5 (vin, plate, content = 'ownerships', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO ownerships_fts (ownerships_fts) VALUES ('rebuild');
CREATE TRIGGER ownerships_fts_added AFTER INSERT ON ownerships BEGIN
    INSERT INTO ownerships_fts (rowid, vin, plate) VALUES (new.id, new.vin, new.plate);
END;
CREATE TRIGGER ownerships_fts_removed AFTER DELETE ON ownerships BEGIN
    INSERT INTO ownerships_fts (ownerships_fts, rowid, vin, plate) VALUES ('delete', old.id, old.vin, old.plate);
END;
CREATE TRIGGER ownerships_fts_changed AFTER UPDATE OF vin, plate ON ownerships BEGIN
    INSERT INTO ownerships_fts (ownerships_fts, rowid, vin, plate) VALUES ('delete', old.id, old.vin, old.plate);
    INSERT INTO ownerships_fts (rowid, vin, plate) VALUES (new.id, new.vin, new.plate);
END;
