-- PostgreSQL twin of 0008_feed.sqlite.sql: the change feed's revisions.
-- A revision is taken by updating the 'reports' row of feed_marks, whose
-- row lock is held until commit: writers of reports commit in the order of
-- their revisions, on one instance or several.
CREATE TABLE feed_marks (
    name TEXT PRIMARY KEY,
    rev  BIGINT NOT NULL
);
INSERT INTO feed_marks (name, rev) VALUES ('reports', 0), ('catalog', 0), ('settings', 0);

ALTER TABLE reports ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reports_rev ON reports(rev);

CREATE TABLE report_deletions (
    rev BIGINT PRIMARY KEY,
    id  BIGINT NOT NULL
);

CREATE FUNCTION streetfix_report_rev() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feed_marks SET rev = rev + 1 WHERE name = 'reports' RETURNING rev INTO NEW.rev;
    RETURN NEW;
END $$;
CREATE TRIGGER reports_rev BEFORE INSERT OR UPDATE ON reports
    FOR EACH ROW EXECUTE FUNCTION streetfix_report_rev();

CREATE FUNCTION streetfix_report_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r BIGINT;
BEGIN
    UPDATE feed_marks SET rev = rev + 1 WHERE name = 'reports' RETURNING rev INTO r;
    INSERT INTO report_deletions (rev, id) VALUES (r, OLD.id);
    RETURN OLD;
END $$;
CREATE TRIGGER reports_deleted AFTER DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION streetfix_report_deleted();

-- A named mark changes once per statement that edits its tables.
CREATE FUNCTION streetfix_bump_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feed_marks SET rev = rev + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END $$;
CREATE TRIGGER themes_mark AFTER INSERT OR UPDATE OR DELETE ON themes
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_bump_mark('catalog');
CREATE TRIGGER categories_mark AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_bump_mark('catalog');
CREATE TRIGGER bodies_mark AFTER INSERT OR UPDATE OR DELETE ON bodies
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_bump_mark('catalog');
CREATE TRIGGER areas_mark AFTER INSERT OR UPDATE OR DELETE ON areas
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_bump_mark('catalog');
CREATE TRIGGER settings_mark AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_bump_mark('settings');
