-- Times to fix set by admins on /staff/admin (issue 18), by category or
-- theme code. They override the city's targets.csv, which stays the
-- default: removing a row goes back to it.
CREATE TABLE targets (
    code       TEXT PRIMARY KEY, -- a category or a theme
    seconds    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
