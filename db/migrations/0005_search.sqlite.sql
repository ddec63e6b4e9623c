-- Full-text search over titles and descriptions for the triage queue (FTS5,
-- an external-content table kept in step by triggers). The unicode61
-- tokenizer with diacritics removed lets "eclairage" find "éclairage".
CREATE VIRTUAL TABLE reports_fts USING fts5(
    title, description,
    content='reports', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO reports_fts(rowid, title, description) SELECT id, title, description FROM reports;

CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts(reports_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, description ON reports BEGIN
    INSERT INTO reports_fts(reports_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO reports_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
