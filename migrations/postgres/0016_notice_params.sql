-- Messages are stored as a kind and its parameters and put into words when they
-- are read (src/notify/words.rs), in the reader's language.
ALTER TABLE notifications ADD COLUMN params TEXT NOT NULL DEFAULT 'null';
-- Messages written before keep their words, as the kind `earlier`.
UPDATE notifications SET kind = 'earlier', params = json_build_object('zh', title_zh, 'en', title_en)::text;
ALTER TABLE notifications DROP COLUMN title_zh;
ALTER TABLE notifications DROP COLUMN title_en;
