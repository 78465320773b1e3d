-- Foundation: dealers, car models, the sold-vehicle register, accounts and
-- ownership, login throttling and the audit log. Times are UTC milliseconds.

CREATE TABLE dealers (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE,
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    city_zh         TEXT    NOT NULL,
    city_en         TEXT    NOT NULL,
    address_zh      TEXT    NOT NULL,
    address_en      TEXT    NOT NULL,
    phone           TEXT    NOT NULL,
    time_zone       TEXT    NOT NULL DEFAULT 'Asia/Shanghai',
    service_bays    BIGINT NOT NULL CHECK (service_bays >= 0),
    created_at      BIGINT NOT NULL
);

CREATE TABLE car_models (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE,
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    powertrain      TEXT    NOT NULL CHECK (powertrain IN ('petrol', 'hybrid', 'electric')),
    body            TEXT    NOT NULL
);

-- The brand's register of sold vehicles (later fed by the integration API).
CREATE TABLE vehicles (
    vin              TEXT    PRIMARY KEY,
    model_id         BIGINT NOT NULL REFERENCES car_models (id),
    model_year       BIGINT NOT NULL,
    production_date  TEXT    NOT NULL,
    sale_date        TEXT,
    selling_dealer_id BIGINT REFERENCES dealers (id)
);

CREATE TABLE users (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mobile          TEXT    UNIQUE,
    email           TEXT    UNIQUE,
    password_hash   TEXT    NOT NULL,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'moderator', 'service_advisor', 'lead_handler', 'care_agent', 'crm_analyst', 'admin')),
    dealer_id       BIGINT REFERENCES dealers (id),
    locale          TEXT,
    created_at      BIGINT NOT NULL,
    CHECK (mobile IS NOT NULL OR email IS NOT NULL)
);

-- Who owns which car; the VIN's history stays with the car when ownership ends.
CREATE TABLE ownerships (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vin             TEXT    NOT NULL REFERENCES vehicles (vin),
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    started_at      BIGINT NOT NULL,
    ended_at        BIGINT
);
CREATE UNIQUE INDEX ownerships_one_current_owner ON ownerships (vin) WHERE ended_at IS NULL;
CREATE INDEX ownerships_by_owner ON ownerships (owner_id);

CREATE TABLE login_attempts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_key     TEXT    NOT NULL,
    client_addr     TEXT    NOT NULL,
    succeeded       BIGINT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX login_attempts_by_account ON login_attempts (account_key, at);
CREATE INDEX login_attempts_by_address ON login_attempts (client_addr, at);

CREATE TABLE audit_log (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              BIGINT NOT NULL,
    actor_id        BIGINT REFERENCES users (id),
    action          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    detail          TEXT    NOT NULL,
    client_addr     TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at);
