-- Repair orders from the dealers' workshop systems (`repair_order::store`):
-- one per dealer and order number (a repeat is answered with the first), the
-- work lines as the system sent them (JSON), and the service record it made.
CREATE TABLE repair_orders (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    dealer_id         INTEGER NOT NULL REFERENCES dealers (id),
    number            TEXT    NOT NULL,
    vin               TEXT    NOT NULL REFERENCES vehicles (vin),
    opened_on         TEXT    NOT NULL,
    closed_on         TEXT    NOT NULL,
    mileage_km        INTEGER NOT NULL,
    amount_fen        INTEGER NOT NULL,
    maintenance       INTEGER NOT NULL,
    lines             TEXT    NOT NULL,
    campaigns         TEXT    NOT NULL,
    booking_id        INTEGER REFERENCES bookings (id),
    service_record_id INTEGER NOT NULL REFERENCES service_records (id),
    created_at        INTEGER NOT NULL,
    UNIQUE (dealer_id, number)
);
CREATE INDEX repair_orders_by_vin ON repair_orders (vin);
