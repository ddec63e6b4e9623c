-- Response templates belong to a body, or are shared ('': admins only) (issue
-- 16); ids are never given again (AUTOINCREMENT), so a link or an audit
-- entry naming a deleted template never points at a new one.
CREATE TABLE response_templates_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    status     TEXT NOT NULL,
    category   TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    text_en    TEXT NOT NULL DEFAULT '',
    text_fr    TEXT NOT NULL DEFAULT '',
    text_nl    TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    body_code  TEXT NOT NULL DEFAULT ''
);
INSERT INTO response_templates_new (id, status, category, name, text_en, text_fr, text_nl, updated_at)
    SELECT id, status, category, name, text_en, text_fr, text_nl, updated_at FROM response_templates;
DROP TABLE response_templates;
ALTER TABLE response_templates_new RENAME TO response_templates;
CREATE INDEX response_templates_body ON response_templates(body_code);
