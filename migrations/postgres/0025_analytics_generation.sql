-- Which build of the analytics roll-up is current: the daily rebuild counts it
-- up in the same transaction as its rows, so an instance that summed a page
-- for a filter (`analytics::store::page::Summed`) knows when it is stale.
CREATE TABLE analytics_rollup_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO analytics_rollup_generation (id, generation) VALUES (1, 0);
