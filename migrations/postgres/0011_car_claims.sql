-- A car is yours only with proof. The register keeps the buyer's mobile; a
-- claim from that number, verified, is accepted at once, any other claim waits
-- for customer care with a photo of the registration certificate. An owner's
-- mileage that jumps further than the days since the last reading allow waits
-- for staff instead of being applied.

-- The buyer's mobile as the selling dealer recorded it (NULL: not known, so
-- every claim of the car needs proof).
ALTER TABLE vehicles ADD COLUMN registered_mobile TEXT;

-- How an ownership began: 'register' (the buyer's verified mobile matched),
-- 'care' (customer care approved the evidence or transferred the car on proof
-- of sale), 'legacy' (claimed before proof was asked: the buyer may take it).
ALTER TABLE ownerships ADD COLUMN basis TEXT NOT NULL DEFAULT 'legacy'
    CHECK (basis IN ('legacy', 'register', 'care'));

-- Every claim of a car. 'accepted' claims came from the buyer and started an
-- ownership at once; 'pending' ones wait for care with their evidence, which
-- approves them (an ownership starts), rejects them with a reason, or sees
-- them superseded when the buyer claims or another claim is approved.
CREATE TABLE car_claims (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vin             TEXT    NOT NULL REFERENCES vehicles (vin),
    claimant_id     BIGINT  NOT NULL REFERENCES users (id),
    status          TEXT    NOT NULL
        CHECK (status IN ('pending', 'accepted', 'approved', 'rejected', 'superseded')),
    evidence_upload_id BIGINT  REFERENCES uploads (id),
    ownership_id    BIGINT  REFERENCES ownerships (id),
    reason          TEXT,
    created_at      BIGINT  NOT NULL,
    decided_at      BIGINT,
    decided_by      BIGINT  REFERENCES users (id),
    CHECK (status <> 'pending' OR evidence_upload_id IS NOT NULL),
    CHECK (status NOT IN ('accepted', 'approved') OR ownership_id IS NOT NULL),
    CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
-- One waiting claim per person and car: a repeated claim finds the first.
CREATE UNIQUE INDEX car_claims_one_pending ON car_claims (vin, claimant_id) WHERE status = 'pending';
CREATE INDEX car_claims_by_status ON car_claims (status, created_at);
CREATE INDEX car_claims_by_claimant ON car_claims (claimant_id, status);

-- An owner's reading held for staff: confirmed (it becomes the car's mileage)
-- or discarded. At most one waits per car; a newer report replaces it.
CREATE TABLE held_readings (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vin             TEXT    NOT NULL REFERENCES vehicles (vin),
    ownership_id    BIGINT  NOT NULL REFERENCES ownerships (id),
    mileage_km      BIGINT  NOT NULL CHECK (mileage_km >= 0),
    read_on         TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'confirmed', 'discarded')),
    reported_by     BIGINT  NOT NULL REFERENCES users (id),
    reported_at     BIGINT  NOT NULL,
    decided_by      BIGINT  REFERENCES users (id),
    decided_at      BIGINT
);
CREATE UNIQUE INDEX held_readings_one_per_car ON held_readings (vin) WHERE status = 'held';
