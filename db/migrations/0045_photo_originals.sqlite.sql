-- Originals of redacted photos. A redaction blurs part of a photo (a face, a
-- number plate) and gives the photo a new id, so the old public address stops
-- serving it; the photo as it was before its first redaction is kept here,
-- for admins only. It is personal data: erased with the reporter's data
-- (db.EraseReporter) and under the same retention.
CREATE TABLE photo_originals (
    photo_id    TEXT PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    original_id TEXT NOT NULL, -- the photo's id before its first redaction
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    data        BLOB NOT NULL, -- the large variant (JPEG) as it was
    created_at  INTEGER NOT NULL
);
CREATE INDEX photo_originals_report ON photo_originals(report_id);
