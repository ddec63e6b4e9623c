-- The change feed every instance's in-memory read model follows (see
-- db/feed.go): each change to a report gives it the next revision number,
-- a deleted report leaves a tombstone with one, and edits of the reference
-- data bump a named mark. Triggers assign them, so that no write, whoever
-- makes it, can forget to.
CREATE TABLE feed_marks (
    name TEXT PRIMARY KEY,
    rev  INTEGER NOT NULL
);
-- 'reports' is the counter of report revisions; 'catalog' changes with
-- themes, categories, bodies and areas; 'settings' with the settings table.
INSERT INTO feed_marks (name, rev) VALUES ('reports', 0), ('catalog', 0), ('settings', 0);

-- Rows written before the feed existed keep revision 0: the start-up load
-- reads every report, and the feed only what changes after it.
ALTER TABLE reports ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reports_rev ON reports(rev);

CREATE TABLE report_deletions (
    rev INTEGER PRIMARY KEY,
    id  INTEGER NOT NULL
);

-- SQLite has one writer at a time, so a counter bumped inside the writing
-- transaction gives revisions in commit order.
CREATE TRIGGER reports_rev_insert AFTER INSERT ON reports BEGIN
    UPDATE feed_marks SET rev = rev + 1 WHERE name = 'reports';
    UPDATE reports SET rev = (SELECT rev FROM feed_marks WHERE name = 'reports') WHERE id = new.id;
END;
-- The trigger's own update changes rev, so it does not fire again.
CREATE TRIGGER reports_rev_update AFTER UPDATE ON reports WHEN new.rev = old.rev BEGIN
    UPDATE feed_marks SET rev = rev + 1 WHERE name = 'reports';
    UPDATE reports SET rev = (SELECT rev FROM feed_marks WHERE name = 'reports') WHERE id = new.id;
END;
CREATE TRIGGER reports_rev_delete AFTER DELETE ON reports BEGIN
    UPDATE feed_marks SET rev = rev + 1 WHERE name = 'reports';
    INSERT INTO report_deletions (rev, id) SELECT rev, old.id FROM feed_marks WHERE name = 'reports';
END;

CREATE TRIGGER themes_mark_insert AFTER INSERT ON themes BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER themes_mark_update AFTER UPDATE ON themes BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER themes_mark_delete AFTER DELETE ON themes BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER categories_mark_insert AFTER INSERT ON categories BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER categories_mark_update AFTER UPDATE ON categories BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER categories_mark_delete AFTER DELETE ON categories BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER bodies_mark_insert AFTER INSERT ON bodies BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER bodies_mark_update AFTER UPDATE ON bodies BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER bodies_mark_delete AFTER DELETE ON bodies BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER areas_mark_insert AFTER INSERT ON areas BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER areas_mark_update AFTER UPDATE ON areas BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER areas_mark_delete AFTER DELETE ON areas BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER settings_mark_insert AFTER INSERT ON settings BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'settings'; END;
CREATE TRIGGER settings_mark_update AFTER UPDATE ON settings BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'settings'; END;
CREATE TRIGGER settings_mark_delete AFTER DELETE ON settings BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'settings'; END;
