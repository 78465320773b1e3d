-- The owners' club: boards, posts (discussions and events), comments, likes,
-- reports, moderation (log, strikes, appeals, keyword holds) and the search
-- index. Times are UTC milliseconds.

CREATE TABLE club_boards (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    slug            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('general', 'model', 'region')),
    model_id        INTEGER REFERENCES car_models (id),
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    description_zh  TEXT    NOT NULL,
    description_en  TEXT    NOT NULL,
    -- Readable without signing in (prospects reading what owners say).
    public          INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    -- Moderation shown as "the moderation team" rather than a name.
    team_signature  INTEGER NOT NULL DEFAULT 0 CHECK (team_signature IN (0, 1)),
    position        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE club_board_moderators (
    board_id        INTEGER NOT NULL REFERENCES club_boards (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (board_id, user_id)
);

-- A member's standing in the club, kept apart from loyalty points.
CREATE TABLE club_members (
    user_id             INTEGER PRIMARY KEY REFERENCES users (id),
    approved_posts      INTEGER NOT NULL DEFAULT 0,
    reports_upheld      INTEGER NOT NULL DEFAULT 0,
    reports_rejected    INTEGER NOT NULL DEFAULT 0,
    pre_approval_until  INTEGER,
    suspended_until     INTEGER,
    banned_at           INTEGER
);

CREATE TABLE club_posts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id            INTEGER NOT NULL REFERENCES club_boards (id),
    author_id           INTEGER NOT NULL REFERENCES users (id),
    kind                TEXT    NOT NULL CHECK (kind IN ('discussion', 'event')),
    title               TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    body_html           TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('held', 'visible', 'hidden', 'deleted')),
    hold_reason         TEXT    CHECK (hold_reason IN ('first_posts', 'keyword', 'reports', 'pre_approval')),
    pinned              INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    locked              INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    removal_reason      TEXT,
    comment_count       INTEGER NOT NULL DEFAULT 0,
    like_count          INTEGER NOT NULL DEFAULT 0,
    idempotency_key     TEXT    UNIQUE,
    -- When it first came out: standing and loyalty count it once.
    approved_at         INTEGER,
    created_at          INTEGER NOT NULL,
    edited_at           INTEGER,
    last_activity_at    INTEGER NOT NULL
);
-- A board's page is a keyset walk down this index: as fast on page 5,000 as on page 1.
CREATE INDEX club_posts_board_page ON club_posts (board_id, status, pinned, last_activity_at, id);
CREATE INDEX club_posts_by_author ON club_posts (author_id, created_at);
CREATE INDEX club_posts_held ON club_posts (status, created_at);

CREATE TABLE club_post_images (
    post_id         INTEGER NOT NULL REFERENCES club_posts (id),
    upload_id       INTEGER NOT NULL REFERENCES uploads (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (post_id, upload_id)
);

-- One level of replies: a reply's parent is a top-level comment.
CREATE TABLE club_comments (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id             INTEGER NOT NULL REFERENCES club_posts (id),
    parent_id           INTEGER REFERENCES club_comments (id),
    author_id           INTEGER NOT NULL REFERENCES users (id),
    body                TEXT    NOT NULL,
    body_html           TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('held', 'visible', 'hidden', 'deleted')),
    hold_reason         TEXT    CHECK (hold_reason IN ('first_posts', 'keyword', 'reports', 'pre_approval')),
    removal_reason      TEXT,
    like_count          INTEGER NOT NULL DEFAULT 0,
    approved_at         INTEGER,
    created_at          INTEGER NOT NULL,
    edited_at           INTEGER
);
CREATE INDEX club_comments_by_post ON club_comments (post_id, id);
CREATE INDEX club_comments_held ON club_comments (status, created_at);

-- Earlier versions of edited posts and comments, for moderators.
CREATE TABLE club_revisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         INTEGER NOT NULL,
    editor_id       INTEGER NOT NULL REFERENCES users (id),
    title           TEXT,
    body            TEXT    NOT NULL,
    reason          TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX club_revisions_by_item ON club_revisions (item_kind, item_id, id);

CREATE TABLE club_likes (
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         INTEGER NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (item_kind, item_id, user_id)
);

CREATE TABLE club_reports (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         INTEGER NOT NULL,
    reporter_id     INTEGER NOT NULL REFERENCES users (id),
    reason          TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'misinformation', 'personal_data', 'other')),
    note            TEXT,
    -- The reporter's weight when reporting (their standing as a reporter).
    weight          INTEGER NOT NULL,
    outcome         TEXT    CHECK (outcome IN ('upheld', 'rejected')),
    decided_at      INTEGER,
    created_at      INTEGER NOT NULL,
    UNIQUE (item_kind, item_id, reporter_id)
);
CREATE INDEX club_reports_open ON club_reports (outcome, item_kind, item_id);
CREATE INDEX club_reports_by_reporter ON club_reports (reporter_id, created_at);

-- Every moderator action; `public` lines are shown in the public log.
CREATE TABLE club_moderation_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id        INTEGER REFERENCES club_boards (id),
    actor_id        INTEGER REFERENCES users (id),
    action          TEXT    NOT NULL,
    item_kind       TEXT    CHECK (item_kind IN ('post', 'comment')),
    item_id         INTEGER,
    member_id       INTEGER REFERENCES users (id),
    rule            TEXT    NOT NULL,
    reason          TEXT,
    item_title      TEXT,
    until_at        INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX club_moderation_log_recent ON club_moderation_log (created_at);
CREATE INDEX club_moderation_log_by_member ON club_moderation_log (member_id, created_at);

-- Warnings, suspensions and bans; a strike counts for 90 days.
CREATE TABLE club_strikes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id       INTEGER NOT NULL REFERENCES users (id),
    level           TEXT    NOT NULL CHECK (level IN ('warning', 'suspension', 'ban')),
    log_id          INTEGER NOT NULL REFERENCES club_moderation_log (id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX club_strikes_by_member ON club_strikes (member_id, expires_at);

-- One appeal per decision, decided by someone other than who decided it.
CREATE TABLE club_appeals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    log_id          INTEGER NOT NULL UNIQUE REFERENCES club_moderation_log (id),
    member_id       INTEGER NOT NULL REFERENCES users (id),
    reasons         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'upheld', 'overturned')),
    decided_by      INTEGER REFERENCES users (id),
    decision        TEXT,
    decided_at      INTEGER,
    created_at      INTEGER NOT NULL
);

CREATE TABLE club_keywords (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    word            TEXT    NOT NULL UNIQUE,
    added_by        INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL
);

-- An event is a post with a date, a place and places to take.
CREATE TABLE club_events (
    post_id         INTEGER PRIMARY KEY REFERENCES club_posts (id),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at),
    place           TEXT    NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity > 0),
    -- Places taken: raised only while below capacity, by a conditional UPDATE.
    taken           INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
    -- The secret behind the organiser's check-in QR code.
    checkin_token   TEXT    NOT NULL UNIQUE
);

CREATE TABLE club_event_organisers (
    post_id         INTEGER NOT NULL REFERENCES club_events (post_id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE club_rsvps (
    post_id         INTEGER NOT NULL REFERENCES club_events (post_id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    status          TEXT    NOT NULL CHECK (status IN ('going', 'waiting', 'cancelled')),
    -- Order on the waiting list (first come, first moved up).
    queued_at       INTEGER NOT NULL,
    checked_in_at   INTEGER,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX club_rsvps_waiting ON club_rsvps (post_id, status, queued_at);

-- What search reads: one row per visible post or comment.
CREATE TABLE club_search (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    item_kind       TEXT    NOT NULL CHECK (item_kind IN ('post', 'comment')),
    item_id         INTEGER NOT NULL,
    post_id         INTEGER NOT NULL REFERENCES club_posts (id),
    board_id        INTEGER NOT NULL REFERENCES club_boards (id),
    content         TEXT    NOT NULL,
    UNIQUE (item_kind, item_id)
);
-- Trigram tokens find a Chinese phrase inside a sentence (no word breaks
-- needed) as well as English words; the index follows club_search.
CREATE VIRTUAL TABLE club_search_fts USING fts5 (content, content = 'club_search', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER club_search_added AFTER INSERT ON club_search BEGIN
    INSERT INTO club_search_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER club_search_removed AFTER DELETE ON club_search BEGIN
    INSERT INTO club_search_fts (club_search_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER club_search_changed AFTER UPDATE ON club_search BEGIN
    INSERT INTO club_search_fts (club_search_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO club_search_fts (rowid, content) VALUES (new.id, new.content);
END;

-- The club's general board is reference data: every installation has it.
INSERT INTO club_boards (slug, kind, name_zh, name_en, description_zh, description_en, public, position) VALUES
    ('general', 'general', '综合讨论', 'General', '用车、出行与生活，什么都可以聊。', 'Cars, trips and life: anything goes.', 1, 0);
