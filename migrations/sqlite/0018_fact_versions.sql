-- A fact's version beside its kind: the event feed publishes both, and a
-- reader knows which fields a row of that kind holds. Every earlier row is
-- its kind's first version.
ALTER TABLE domain_events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
