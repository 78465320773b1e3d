-- The second security review's fixes that need the schema.
-- Reports from members who may not write in the club reach the queue but do
-- not count towards hiding the item (`club::moderation::reports_hide`).
ALTER TABLE club_reports ADD COLUMN reporter_writes BIGINT NOT NULL DEFAULT 1;
-- A like earns its author's loyalty fact once per member and item: the key
-- decides (the check that counted the facts scanned them all, in the write lock).
DELETE FROM domain_events WHERE kind = 'club_liked' AND id NOT IN
    (SELECT MIN(id) FROM domain_events WHERE kind = 'club_liked' GROUP BY subject, payload);
CREATE UNIQUE INDEX domain_events_liked_once ON domain_events (subject, payload) WHERE kind = 'club_liked';
-- A one-time code or status link leaves the outbox once sent: the body kept
-- afterwards is this one, with the secret masked.
ALTER TABLE outbox ADD COLUMN kept_body TEXT;
-- Messages delivered before kept their codes and status links in full: being
-- delivered, they go.
DELETE FROM outbox WHERE status <> 'pending' AND (category = 'security' OR body LIKE '%/test-drive/status/%');
-- A sale of a car the register did not know, entered by the selling dealer's
-- sales manager: who confirmed it.
ALTER TABLE vehicles ADD COLUMN unregistered_sale_by BIGINT REFERENCES users (id);
-- A booking an advisor made on the phone, once its owner confirmed it in the portal:
-- then it relates the dealer to the owner as the owner's own booking does.
ALTER TABLE bookings ADD COLUMN owner_confirmed_at BIGINT;
