-- Each owner's RFM figures and class and the signals behind a churn risk, as the
-- daily job last measured them (`analytics::store::scores::refresh`): the class
-- depends on the whole population, so it is kept rather than computed per page.
CREATE TABLE customer_scores (
    owner_id            BIGINT  PRIMARY KEY REFERENCES users (id),
    computed_at         BIGINT  NOT NULL,
    last_visit_at       BIGINT,
    visits              BIGINT  NOT NULL,
    spend_fen           BIGINT  NOT NULL,
    rfm_class           TEXT    NOT NULL,
    has_car             BIGINT  NOT NULL,
    lowest_satisfaction BIGINT,
    lowest_recommend    BIGINT,
    open_complaints     BIGINT  NOT NULL,
    overdue_complaints  BIGINT  NOT NULL,
    at_risk             BIGINT  NOT NULL
);
CREATE INDEX customer_scores_by_class ON customer_scores (rfm_class);
CREATE INDEX customer_scores_at_risk ON customer_scores (at_risk);
