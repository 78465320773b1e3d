-- Each owner's RFM figures and class and the signals behind a churn risk, as the
-- daily job last measured them (`analytics::store::scores::refresh`): the class
-- depends on the whole population, so it is kept rather than computed per page.
CREATE TABLE customer_scores (
    owner_id            INTEGER PRIMARY KEY REFERENCES users (id),
    computed_at         INTEGER NOT NULL,
    last_visit_at       INTEGER,
    visits              INTEGER NOT NULL,
    spend_fen           INTEGER NOT NULL,
    rfm_class           TEXT    NOT NULL,
    has_car             INTEGER NOT NULL,
    lowest_satisfaction INTEGER,
    lowest_recommend    INTEGER,
    open_complaints     INTEGER NOT NULL,
    overdue_complaints  INTEGER NOT NULL,
    at_risk             INTEGER NOT NULL
);
CREATE INDEX customer_scores_by_class ON customer_scores (rfm_class);
CREATE INDEX customer_scores_at_risk ON customer_scores (at_risk);
