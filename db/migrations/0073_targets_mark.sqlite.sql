-- Times to fix are part of the catalog (issue 18): a change on one
-- instance bumps the catalog mark, so every instance reloads it.
CREATE TRIGGER targets_mark_insert AFTER INSERT ON targets BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER targets_mark_update AFTER UPDATE ON targets BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER targets_mark_delete AFTER DELETE ON targets BEGIN UPDATE feed_marks SET rev = rev + 1 WHERE name = 'catalog'; END;
