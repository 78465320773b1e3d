-- The visit in the workshop (in work, awaiting the owner's approval of an
-- estimate, ready for pick-up), estimates, the dealer's changes to a booking,
-- the owner's photos of the concern and the recall fixes booked with a visit.

-- Only meaningful while status = 'checked_in'; NULL means just checked in.
ALTER TABLE bookings ADD COLUMN workshop_stage TEXT CHECK (workshop_stage IN ('in_work', 'awaiting_approval', 'ready'));
-- Why the dealer moved or cancelled the booking, while the owner has not yet
-- accepted it or picked another time.
ALTER TABLE bookings ADD COLUMN dealer_change TEXT;

CREATE TABLE estimates (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id      BIGINT  NOT NULL REFERENCES bookings (id),
    items           TEXT    NOT NULL,
    amount_fen      BIGINT  NOT NULL CHECK (amount_fen >= 0),
    sent_by         BIGINT  NOT NULL REFERENCES users (id),
    sent_at         BIGINT  NOT NULL,
    decision        TEXT    CHECK (decision IN ('approved', 'declined')),
    decided_at      BIGINT,
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX estimates_by_booking ON estimates (booking_id);

CREATE TABLE booking_photos (
    booking_id      BIGINT  NOT NULL REFERENCES bookings (id),
    upload_id       BIGINT  NOT NULL REFERENCES uploads (id),
    PRIMARY KEY (booking_id, upload_id)
);

CREATE TABLE booking_recalls (
    booking_id      BIGINT  NOT NULL REFERENCES bookings (id),
    campaign_id     BIGINT  NOT NULL REFERENCES campaigns (id),
    PRIMARY KEY (booking_id, campaign_id)
);
