-- Outbound notifications (issue 7): an outbox of events written in the
-- event's own transaction, the messages the worker fans them out into,
-- subscriptions and webhooks.

-- One row per public event that may notify someone, written in the same
-- transaction as the event (one row per report creation keeps intake cheap;
-- the worker finds the recipients). Deleted once fanned out.
CREATE TABLE notify_outbox (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,   -- report.created, report.status_changed, report.note_added
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    event_id   INTEGER,         -- the report_events row; NULL for a creation (found by kind)
    created_at INTEGER NOT NULL
);

-- Followers of one report and alerts for an area or a radius around a point.
-- Nothing is sent before confirmed_at (double opt-in).
CREATE TABLE subscriptions (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL,
    lang              TEXT NOT NULL,
    kind              TEXT NOT NULL,           -- report, area, radius
    report_id         INTEGER REFERENCES reports(id) ON DELETE CASCADE,
    area_code         TEXT REFERENCES areas(code),
    lat               REAL,
    lon               REAL,
    radius_m          INTEGER,
    themes            TEXT NOT NULL DEFAULT '', -- comma list; empty means every theme
    frequency         TEXT NOT NULL DEFAULT 'immediate', -- immediate, daily
    status            TEXT NOT NULL DEFAULT 'pending',   -- pending, active, cancelled
    created_at        INTEGER NOT NULL,
    confirm_sent_at   INTEGER,
    confirmed_at      INTEGER,
    cancelled_at      INTEGER,
    digest_after_id   INTEGER NOT NULL DEFAULT 0, -- events up to this id are in a digest already
    next_digest_at    INTEGER
);
CREATE INDEX subscriptions_report ON subscriptions(report_id, status);
CREATE INDEX subscriptions_alerts ON subscriptions(kind, status, frequency);
CREATE INDEX subscriptions_email ON subscriptions(email);

-- Endpoints of bodies or integrations that receive signed JSON events.
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    body_code   TEXT REFERENCES bodies(code), -- NULL: every report
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    disabled_at INTEGER
);

-- Every email and webhook call, rendered when fanned out so a retry sends the
-- same bytes. Claimed with a lease (lease_owner, lease_until) so that two
-- workers never send one row; delivered and logged rows are never sent again.
CREATE TABLE notify_messages (
    id               INTEGER PRIMARY KEY,
    channel          TEXT NOT NULL,            -- email, webhook
    event            TEXT NOT NULL,            -- report.created, ..., subscription.confirm, digest
    report_id        INTEGER REFERENCES reports(id) ON DELETE SET NULL,
    subscription_id  INTEGER REFERENCES subscriptions(id) ON DELETE SET NULL,
    webhook_id       INTEGER REFERENCES webhooks(id) ON DELETE CASCADE,
    recipient        TEXT NOT NULL,            -- an address or a URL
    lang             TEXT NOT NULL DEFAULT '',
    subject          TEXT NOT NULL DEFAULT '',
    body_text        TEXT NOT NULL DEFAULT '',
    body_html        TEXT NOT NULL DEFAULT '',
    headers          TEXT NOT NULL DEFAULT '{}', -- extra headers as a JSON object
    payload          TEXT NOT NULL DEFAULT '',   -- a webhook's JSON body
    status           TEXT NOT NULL DEFAULT 'pending', -- pending, delivered, logged, dead
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_at          INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_until      INTEGER,
    last_error       TEXT NOT NULL DEFAULT '',
    response_status  INTEGER,
    response_excerpt TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER
);
CREATE INDEX notify_messages_due ON notify_messages(status, next_at);
CREATE INDEX notify_messages_webhook ON notify_messages(webhook_id, id);

-- Whether the reporter lets the responsible body see their contact details,
-- and whether they still want emails about their report.
ALTER TABLE reporters ADD COLUMN contact_consent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reporters ADD COLUMN notify_off INTEGER NOT NULL DEFAULT 0;

-- The languages a body's emails are written in, comma-separated; empty
-- means the service's default (--body-langs).
ALTER TABLE bodies ADD COLUMN notify_langs TEXT NOT NULL DEFAULT '';
