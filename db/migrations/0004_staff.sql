-- Staff accounts, their sessions, the audit log, moderation history and
-- response templates.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'fr',
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- The bodies a staff member works for; their reports are the ones they see.
CREATE TABLE user_bodies (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body_code TEXT NOT NULL REFERENCES bodies(code),
    PRIMARY KEY (user_id, body_code)
);

-- Server-side sessions: the cookie carries a random token, the table its hash.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins, per account and per client address, for throttling.
CREATE TABLE login_failures (
    subject TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);

-- Every staff action: who, when, what, before and after (JSON).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES users(id),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    report_id  INTEGER,
    target     TEXT NOT NULL DEFAULT '',
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_created_at ON audit_log(created_at);
CREATE INDEX audit_log_report ON audit_log(report_id);

-- What moderation replaced: only admins read it.
CREATE TABLE moderation_history (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    original   TEXT NOT NULL,
    replaced   TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX moderation_history_report ON moderation_history(report_id);

-- Public notes staff start from, per status and optionally per category.
CREATE TABLE response_templates (
    id         INTEGER PRIMARY KEY,
    status     TEXT NOT NULL,
    category   TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    text_en    TEXT NOT NULL DEFAULT '',
    text_fr    TEXT NOT NULL DEFAULT '',
    text_nl    TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

ALTER TABLE reports ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
