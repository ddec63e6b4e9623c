-- Several instances on one database (issue 12). PostgreSQL has no SQLite
-- here: nothing but this file and beginWrite orders their writes.
--
-- Event ids in commit order. An identity column gives an id when the row
-- is inserted, not when it commits: event 1001 could commit before 1000,
-- and whoever read past 1001 (the live stream, a replay, the digests)
-- would skip 1000 for ever. An event takes its id under the row lock of
-- feed_marks 'reports', held until its transaction ends; every writing
-- transaction takes that lock first (beginWrite) and the revision triggers
-- take it too, so ids are given in the order their transactions commit.
-- The id comes from the trigger alone (a column default would draw one
-- before the lock, and waste it), as 1, 2, 3… as on SQLite.
ALTER TABLE report_events ALTER COLUMN id DROP IDENTITY IF EXISTS;
CREATE SEQUENCE report_events_id_seq OWNED BY report_events.id;
SELECT setval('report_events_id_seq', coalesce((SELECT max(id) FROM report_events), 0) + 1, false);
CREATE FUNCTION streetfix_event_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM feed_marks WHERE name = 'reports' FOR UPDATE;
    NEW.id := nextval('report_events_id_seq');
    RETURN NEW;
END $$;
CREATE TRIGGER report_events_id BEFORE INSERT ON report_events
    FOR EACH ROW EXECUTE FUNCTION streetfix_event_id();

-- The wake-up of the change feed: every instance LISTENs on streetfix_feed
-- (db/listen.go) and runs a pass when a write commits. Notifications are
-- sent at commit, once per transaction, and only a wake-up: the pass reads
-- what changed by revision, so a lost one costs at most the poll interval.
CREATE FUNCTION streetfix_feed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('streetfix_feed', '');
    RETURN NULL;
END $$;
CREATE TRIGGER feed_marks_notify AFTER UPDATE ON feed_marks
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_feed_notify();
CREATE TRIGGER report_events_notify AFTER INSERT ON report_events
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_feed_notify();
