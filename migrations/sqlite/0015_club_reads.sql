-- The club's index shows each board's visible posts and last activity. Counting
-- them per request costs a scan of the board's posts (200,000 in all at the
-- benchmark's scale); triggers keep both on the board instead, whichever code
-- path changes a post.
ALTER TABLE club_boards ADD COLUMN visible_posts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE club_boards ADD COLUMN last_activity_at INTEGER;

UPDATE club_boards SET
    visible_posts = (SELECT COUNT(*) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible'),
    last_activity_at = (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible');

CREATE TRIGGER club_posts_counted AFTER INSERT ON club_posts WHEN NEW.status = 'visible' BEGIN
    UPDATE club_boards SET visible_posts = visible_posts + 1,
        last_activity_at = MAX(COALESCE(last_activity_at, NEW.last_activity_at), NEW.last_activity_at)
    WHERE id = NEW.board_id;
END;

CREATE TRIGGER club_posts_recounted AFTER UPDATE OF status, board_id, last_activity_at ON club_posts BEGIN
    UPDATE club_boards SET visible_posts = visible_posts - 1 WHERE id = OLD.board_id AND OLD.status = 'visible';
    UPDATE club_boards SET visible_posts = visible_posts + 1 WHERE id = NEW.board_id AND NEW.status = 'visible';
    -- Index seeks (pinned or not) rather than a scan of the board; SQLite's
    -- MAX(a, b) is NULL when either is, hence the COALESCEs.
    UPDATE club_boards SET last_activity_at = (
        SELECT MAX(COALESCE(unpinned, pinned), COALESCE(pinned, unpinned)) FROM (SELECT
            (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible' AND p.pinned = 0) AS unpinned,
            (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible' AND p.pinned = 1) AS pinned))
    WHERE id IN (OLD.board_id, NEW.board_id);
END;

CREATE TRIGGER club_posts_uncounted AFTER DELETE ON club_posts WHEN OLD.status = 'visible' BEGIN
    UPDATE club_boards SET visible_posts = visible_posts - 1 WHERE id = OLD.board_id;
END;

-- A member's badge (the model of their first current car) beside every post and
-- comment: the owner's current cars in the order they came, without a sort.
CREATE INDEX ownerships_current_by_owner ON ownerships (owner_id, started_at) WHERE ended_at IS NULL;
