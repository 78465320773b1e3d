-- Sign-in attempts are written down before the password is checked (pending),
-- then settled; refused attempts never reached the check.
ALTER TABLE login_attempts ADD COLUMN outcome TEXT NOT NULL DEFAULT 'failed'
    CHECK (outcome IN ('pending', 'failed', 'succeeded', 'refused'));
UPDATE login_attempts SET outcome = 'succeeded' WHERE succeeded = 1;
ALTER TABLE login_attempts DROP COLUMN succeeded;
