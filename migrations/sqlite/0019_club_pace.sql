-- The club paces each kind of contribution by the author's own recent ones
-- (`club::guard::Pace`): comments are found by their author, as posts are.
CREATE INDEX club_comments_by_author ON club_comments (author_id, created_at);
