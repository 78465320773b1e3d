-- Saved segments: a named filter over owners (its query string, as
-- `segment::Filter::to_query` writes it), kept for a desk: `desk_dealer` is the
-- dealer's id for a dealer's desk and 0 for the brand-wide desk, so a name is
-- unique per desk (a UNIQUE over a NULL dealer would not be).
CREATE TABLE segments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    desk_dealer     INTEGER NOT NULL CHECK (desk_dealer >= 0),
    name            TEXT    NOT NULL,
    filter          TEXT    NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    UNIQUE (desk_dealer, name)
);
