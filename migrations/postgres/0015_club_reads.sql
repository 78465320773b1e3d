-- The club's index shows each board's visible posts and last activity. Counting
-- them per request costs a scan of the board's posts (200,000 in all at the
-- benchmark's scale); a trigger keeps both on the board instead, whichever code
-- path changes a post.
ALTER TABLE club_boards ADD COLUMN visible_posts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE club_boards ADD COLUMN last_activity_at BIGINT;

UPDATE club_boards SET
    visible_posts = (SELECT COUNT(*) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible'),
    last_activity_at = (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible');

CREATE FUNCTION club_posts_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'visible' THEN
        UPDATE club_boards SET visible_posts = visible_posts - 1 WHERE id = OLD.board_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'visible' THEN
        UPDATE club_boards SET visible_posts = visible_posts + 1 WHERE id = NEW.board_id;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'visible' THEN
            UPDATE club_boards SET last_activity_at = GREATEST(COALESCE(last_activity_at, NEW.last_activity_at), NEW.last_activity_at)
            WHERE id = NEW.board_id;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        -- Index seeks (pinned or not) rather than a scan of the board.
        UPDATE club_boards SET last_activity_at = GREATEST(
            (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible' AND p.pinned = 0),
            (SELECT MAX(p.last_activity_at) FROM club_posts p WHERE p.board_id = club_boards.id AND p.status = 'visible' AND p.pinned = 1))
        WHERE id IN (OLD.board_id, NEW.board_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER club_posts_counted AFTER INSERT OR DELETE OR UPDATE OF status, board_id, last_activity_at ON club_posts
    FOR EACH ROW EXECUTE FUNCTION club_posts_count();

-- A member's badge (the model of their first current car) beside every post and
-- comment: the owner's current cars in the order they came, without a sort.
CREATE INDEX ownerships_current_by_owner ON ownerships (owner_id, started_at) WHERE ended_at IS NULL;
