-- Fair use of the workshop: a car is in one bay at a time, so it has at most
-- one open booking (status 'booked' or 'checked_in'; see `Stage::is_open`).
-- The per-owner cap and the write rate limit are checked by the booking store.

-- Bookings made before this rule: where a car has more than one open booking,
-- the one at the dealer (checked in) or else the earliest made stays; the
-- others, still only booked, are cancelled and their places freed, exactly as
-- a cancellation does, and the history says so.
INSERT INTO booking_events (booking_id, at, kind, detail)
SELECT b.id, CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'cancelled',
       'fair use: the car already had an open booking'
FROM bookings b
WHERE b.status = 'booked' AND EXISTS (
    SELECT 1 FROM bookings k
    WHERE k.vin = b.vin AND k.id <> b.id
      AND (k.status = 'checked_in' OR (k.status = 'booked' AND k.id < b.id)));

UPDATE slot_usage SET used = used - (
    SELECT COALESCE(SUM(b.bays), 0) FROM bookings b
    WHERE b.dealer_id = slot_usage.dealer_id AND b.starts_at <= slot_usage.starts_at
      AND slot_usage.starts_at < b.ends_at
      AND b.status = 'booked' AND EXISTS (
        SELECT 1 FROM bookings k
        WHERE k.vin = b.vin AND k.id <> b.id
          AND (k.status = 'checked_in' OR (k.status = 'booked' AND k.id < b.id))));

-- The one kept for each car stays open, so the order rows are updated in does not matter.
UPDATE bookings SET status = 'cancelled'
WHERE status = 'booked' AND EXISTS (
    SELECT 1 FROM bookings k
    WHERE k.vin = bookings.vin AND k.id <> bookings.id
      AND (k.status = 'checked_in' OR (k.status = 'booked' AND k.id < bookings.id)));

-- The guard: a second open booking of the same car fails, whatever the race.
CREATE UNIQUE INDEX bookings_one_open_per_car ON bookings (vin) WHERE status IN ('booked', 'checked_in');
