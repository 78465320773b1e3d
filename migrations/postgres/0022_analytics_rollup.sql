-- The analytics page's figures, counted per China day, dealer, model and
-- measure (`analytics::figures::Measure`), rebuilt whole by the daily job
-- (`analytics::store::rollup::rebuild`), so a page sums a few thousand rows
-- instead of scanning every visit, case, lead and ledger line. Day and week
-- (its Monday) are days since 1970-01-01; month is year * 100 + month; dealer
-- and model 0 mean none (the brand's points and club); city is the dealer's.
CREATE TABLE analytics_rollup (
    day         BIGINT  NOT NULL,
    week        BIGINT  NOT NULL,
    month       BIGINT  NOT NULL,
    dealer_id   BIGINT  NOT NULL,
    model_id    BIGINT  NOT NULL,
    city        TEXT    NOT NULL,
    measure     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    n           BIGINT  NOT NULL,
    total       BIGINT  NOT NULL,
    PRIMARY KEY (measure, day, dealer_id, model_id, detail)
);
CREATE INDEX analytics_rollup_by_month ON analytics_rollup (month, measure);
