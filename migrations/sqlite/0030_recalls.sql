-- Recalls the brand issues (`recall::store`): a campaign reaches its models'
-- cars by build dates and VIN range, or (`listed`) only the cars on its VIN
-- list; its fix can be booked once the parts are at the dealers.
ALTER TABLE campaigns ADD COLUMN listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1));
ALTER TABLE campaigns ADD COLUMN parts_available INTEGER NOT NULL DEFAULT 1 CHECK (parts_available IN (0, 1));

CREATE TABLE campaign_vins (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    vin         TEXT   NOT NULL REFERENCES vehicles (vin),
    PRIMARY KEY (campaign_id, vin)
);
CREATE INDEX campaign_vins_by_vin ON campaign_vins (vin);
