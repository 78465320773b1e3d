-- The analytics page's figures, counted per China day, dealer, model and
-- measure (`analytics::figures::Measure`), rebuilt whole by the daily job
-- (`analytics::store::rollup::rebuild`), so a page sums a few thousand rows
-- instead of scanning every visit, case, lead and ledger line. Day and week
-- (its Monday) are days since 1970-01-01; month is year * 100 + month; dealer
-- and model 0 mean none (the brand's points and club); city is the dealer's.
CREATE TABLE analytics_rollup (
    day         INTEGER NOT NULL,
    week        INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    dealer_id   INTEGER NOT NULL,
    model_id    INTEGER NOT NULL,
    city        TEXT    NOT NULL,
    measure     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    n           INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    PRIMARY KEY (measure, day, dealer_id, model_id, detail)
);
CREATE INDEX analytics_rollup_by_month ON analytics_rollup (month, measure);
