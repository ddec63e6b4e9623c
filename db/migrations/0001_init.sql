-- Reference data: synchronised from the city files at start-up.
CREATE TABLE themes (
    code           TEXT PRIMARY KEY,
    position       INTEGER NOT NULL,
    name_en        TEXT NOT NULL,
    name_fr        TEXT NOT NULL,
    name_nl        TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    description_nl TEXT NOT NULL DEFAULT ''
);

CREATE TABLE areas (
    code       TEXT PRIMARY KEY,
    name_en    TEXT NOT NULL,
    name_fr    TEXT NOT NULL,
    name_nl    TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    label_lon  REAL NOT NULL,
    label_lat  REAL NOT NULL,
    min_lon    REAL NOT NULL,
    min_lat    REAL NOT NULL,
    max_lon    REAL NOT NULL,
    max_lat    REAL NOT NULL,
    geometry   TEXT NOT NULL
);

CREATE TABLE bodies (
    code      TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    owner     TEXT NOT NULL DEFAULT '',
    area_code TEXT REFERENCES areas(code),
    name_en   TEXT NOT NULL,
    name_fr   TEXT NOT NULL,
    name_nl   TEXT NOT NULL,
    email     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE categories (
    code      TEXT PRIMARY KEY,
    theme     TEXT NOT NULL REFERENCES themes(code),
    position  INTEGER NOT NULL,
    name_en   TEXT NOT NULL,
    name_fr   TEXT NOT NULL,
    name_nl   TEXT NOT NULL,
    owner     TEXT NOT NULL,
    questions TEXT NOT NULL DEFAULT '[]',
    active    INTEGER NOT NULL DEFAULT 1
);

-- Reports: only public fields. Times are Unix milliseconds.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    category        TEXT NOT NULL REFERENCES categories(code),
    theme           TEXT NOT NULL REFERENCES themes(code),
    status          TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    lon             REAL NOT NULL,
    lat             REAL NOT NULL,
    area_code       TEXT NOT NULL REFERENCES areas(code),
    body_code       TEXT NOT NULL REFERENCES bodies(code),
    answers         TEXT NOT NULL DEFAULT '{}',
    locale          TEXT NOT NULL DEFAULT 'en',
    public_name     TEXT NOT NULL DEFAULT '',
    support_count   INTEGER NOT NULL DEFAULT 0,
    photo_count     INTEGER NOT NULL DEFAULT 0,
    duplicate_of    INTEGER REFERENCES reports(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    acknowledged_at INTEGER,
    fixed_at        INTEGER,
    closed_at       INTEGER
);
CREATE INDEX reports_created_at ON reports(created_at);
CREATE INDEX reports_updated_at ON reports(updated_at);

-- The reporter's private data and the hash of their secret token. No public
-- serializer reads this table. Tokens are checked by report id (the manage
-- link carries it), so token_hash needs no index of its own.
CREATE TABLE reporters (
    report_id  INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    erased_at  INTEGER
);

-- The history of a report: creation, status changes, notes.
CREATE TABLE report_events (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    public      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);
CREATE INDEX report_events_report ON report_events(report_id, id);
CREATE INDEX report_events_created_at ON report_events(created_at);

CREATE TABLE photos (
    id           TEXT PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    thumb_width  INTEGER NOT NULL,
    thumb_height INTEGER NOT NULL,
    hidden       INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
CREATE INDEX photos_report ON photos(report_id, position);

-- Re-encoded image bytes, kept in the database so that a backup of one file
-- (or one PostgreSQL database) holds everything.
CREATE TABLE photo_data (
    photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    variant  TEXT NOT NULL,
    data     BLOB NOT NULL,
    PRIMARY KEY (photo_id, variant)
);

-- "Me too": one row per report and supporter; the supporter is a keyed hash.
CREATE TABLE supports (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    supporter  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, supporter)
);

-- Replies to POST /api/v1/reports kept for a day, so a retry gets the same answer.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    report_id    INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    response     TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys(created_at);

-- Settings the service keeps for itself, such as the key for hashing supporters.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
