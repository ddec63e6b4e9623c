-- PostgreSQL twin of 0045_photo_originals.sqlite.sql: originals of redacted
-- photos, personal data (erased with the reporter's data and under the same
-- retention).
CREATE TABLE photo_originals (
    photo_id    TEXT PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    report_id   BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    original_id TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    data        BYTEA NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX photo_originals_report ON photo_originals(report_id);
