-- The owners' club: boards, posts (discussions and events), comments, likes,
-- reports, moderation (log, strikes, appeals, keyword holds) and the search
-- index. Times are UTC milliseconds.

CREATE TABLE club_boards (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('general', 'model', 'region')),
    model_id        BIGINT REFERENCES car_models (id),
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    description_zh  TEXT    NOT NULL,
    description_en  TEXT    NOT NULL,
    -- Readable without signing in (prospects reading what owners say).
    public          BIGINT NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    -- Moderation shown as "the moderation team" rather than a name.
    team_signature  BIGINT NOT NULL DEFAULT 0 CHECK (team_signature IN (0, 1)),
    position        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE club_board_moderators (
    board_id        BIGINT NOT NULL REFERENCES club_boards (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (board_id, user_id)
);

-- A member's standing in the club, kept apart from loyalty points.
CREATE TABLE club_members (
    user_id             BIGINT PRIMARY KEY REFERENCES users (id),
    approved_posts      BIGINT NOT NULL DEFAULT 0,
    reports_upheld      BIGINT NOT NULL DEFAULT 0,
    reports_rejected    BIGINT NOT NULL DEFAULT 0,
    pre_approval_until  BIGINT,
    suspended_until     BIGINT,
    banned_at           BIGINT
);

CREATE TABLE club_posts (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    board_id            BIGINT NOT NULL REFERENCES club_boards (id),
    author_id           BIGINT NOT NULL REFERENCES users (id),
    kind                TEXT    NOT NULL CHECK (kind IN ('discussion', 'event')),
    title               TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    body_html           TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('held', 'visible', 'hidden', 'deleted')),
    hold_reason         TEXT    CHECK (hold_reason IN ('first_posts', 'keyword', 'reports', 'pre_approval')),
    pinned              BIGINT NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    locked              BIGINT NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    removal_reason      TEXT,
    comment_count       BIGINT NOT NULL DEFAULT 0,
    like_count          BIGINT NOT NULL DEFAULT 0,
    idempotency_key     TEXT    UNIQUE,
    -- When it first came out: standing and loyalty count it once.
    approved_at         BIGINT,
    created_at          BIGINT NOT NULL,
    edited_at           BIGINT,
    last_activity_at    BIGINT NOT NULL
);
-- A board's page is a keyset walk down this index: as fast on page 5,000 as on page 1.
CREATE INDEX club_posts_board_page ON club_posts (board_id, status, pinned, last_activity_at, id);
CREATE INDEX club_posts_by_author ON club_posts (author_id, created_at);
CREATE INDEX club_posts_held ON club_posts (status, created_at);

CREATE TABLE club_post_images (
    post_id         BIGINT NOT NULL REFERENCES club_posts (id),
    upload_id       BIGINT NOT NULL REFERENCES uploads (id),
    position        BIGINT NOT NULL,
    PRIMARY KEY (post_id, upload_id)
);

-- One level of replies: a reply's parent is a top-level comment.
CREATE TABLE club_comments (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id             BIGINT NOT NULL REFERENCES club_posts (id),
    parent_id           BIGINT REFERENCES club_comments (id),
    author_id           BIGINT NOT NULL REFERENCES users (id),
    body                TEXT    NOT NULL,
    body_html           TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('held', 'visible', 'hidden', 'deleted')),
    hold_reason         TEXT    CHECK (hold_reason IN ('first_posts', 'keyword', 'reports', 'pre_approval')),
    removal_reason      TEXT,
    like_count          BIGINT NOT NULL DEFAULT 0,
    approved_at         BIGINT,
    created_at          BIGINT NOT NULL,
    edited_at           BIGINT
);
CREATE INDEX club_comments_by_post ON club_comments (post_id, id);
CREATE INDEX club_comments_held ON club_comments (status, created_at);

-- Earlier versions of edited posts and comments, for moderators.
CREATE TABLE club_revisions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         BIGINT NOT NULL,
    editor_id       BIGINT NOT NULL REFERENCES users (id),
    title           TEXT,
    body            TEXT    NOT NULL,
    reason          TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX club_revisions_by_item ON club_revisions (item_kind, item_id, id);

CREATE TABLE club_likes (
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         BIGINT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (item_kind, item_id, user_id)
);

CREATE TABLE club_reports (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         BIGINT NOT NULL,
    reporter_id     BIGINT NOT NULL REFERENCES users (id),
    reason          TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'misinformation', 'personal_data', 'other')),
    note            TEXT,
    -- The reporter's weight when reporting (their standing as a reporter).
    weight          BIGINT NOT NULL,
    outcome         TEXT    CHECK (outcome IN ('upheld', 'rejected')),
    decided_at      BIGINT,
    created_at      BIGINT NOT NULL,
    UNIQUE (item_kind, item_id, reporter_id)
);
CREATE INDEX club_reports_open ON club_reports (outcome, item_kind, item_id);
CREATE INDEX club_reports_by_reporter ON club_reports (reporter_id, created_at);

-- Every moderator action; `public` lines are shown in the public log.
CREATE TABLE club_moderation_log (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    board_id        BIGINT REFERENCES club_boards (id),
    actor_id        BIGINT REFERENCES users (id),
    action          TEXT    NOT NULL,
    item_kind       TEXT    CHECK (item_kind IN ('post', 'comment')),
    item_id         BIGINT,
    member_id       BIGINT REFERENCES users (id),
    rule            TEXT    NOT NULL,
    reason          TEXT,
    item_title      TEXT,
    until_at        BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX club_moderation_log_recent ON club_moderation_log (created_at);
CREATE INDEX club_moderation_log_by_member ON club_moderation_log (member_id, created_at);

-- Warnings, suspensions and bans; a strike counts for 90 days.
CREATE TABLE club_strikes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id       BIGINT NOT NULL REFERENCES users (id),
    level           TEXT    NOT NULL CHECK (level IN ('warning', 'suspension', 'ban')),
    log_id          BIGINT NOT NULL REFERENCES club_moderation_log (id),
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);
CREATE INDEX club_strikes_by_member ON club_strikes (member_id, expires_at);

-- One appeal per decision, decided by someone other than who decided it.
CREATE TABLE club_appeals (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    log_id          BIGINT NOT NULL UNIQUE REFERENCES club_moderation_log (id),
    member_id       BIGINT NOT NULL REFERENCES users (id),
    reasons         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'upheld', 'overturned')),
    decided_by      BIGINT REFERENCES users (id),
    decision        TEXT,
    decided_at      BIGINT,
    created_at      BIGINT NOT NULL
);

CREATE TABLE club_keywords (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    word            TEXT    NOT NULL UNIQUE,
    added_by        BIGINT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL
);

-- An event is a post with a date, a place and places to take.
CREATE TABLE club_events (
    post_id         BIGINT PRIMARY KEY REFERENCES club_posts (id),
    starts_at       BIGINT NOT NULL,
    ends_at         BIGINT NOT NULL CHECK (ends_at > starts_at),
    place           TEXT    NOT NULL,
    capacity        BIGINT NOT NULL CHECK (capacity > 0),
    -- Places taken: raised only while below capacity, by a conditional UPDATE.
    taken           BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
    -- The secret behind the organiser's check-in QR code.
    checkin_token   TEXT    NOT NULL UNIQUE
);

CREATE TABLE club_event_organisers (
    post_id         BIGINT NOT NULL REFERENCES club_events (post_id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE club_rsvps (
    post_id         BIGINT NOT NULL REFERENCES club_events (post_id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    status          TEXT    NOT NULL CHECK (status IN ('going', 'waiting', 'cancelled')),
    -- Order on the waiting list (first come, first moved up).
    queued_at       BIGINT NOT NULL,
    checked_in_at   BIGINT,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX club_rsvps_waiting ON club_rsvps (post_id, status, queued_at);

-- What search reads: one row per visible post or comment.
CREATE TABLE club_search (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         BIGINT NOT NULL,
    post_id         BIGINT NOT NULL REFERENCES club_posts (id),
    board_id        BIGINT NOT NULL REFERENCES club_boards (id),
    content         TEXT    NOT NULL,
    UNIQUE (item_kind, item_id)
);
-- Trigrams of the text (pg_trgm) make LIKE '%phrase%' an index search, for
-- Chinese as well as English.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX club_search_trigrams ON club_search USING gin (content gin_trgm_ops);

-- The club's general board is reference data: every installation has it.
INSERT INTO club_boards (slug, kind, name_zh, name_en, description_zh, description_en, public, position) VALUES
    ('general', 'general', '综合讨论', 'General', '用车、出行与生活，什么都可以聊。', 'Cars, trips and life: anything goes.', 1, 0);
