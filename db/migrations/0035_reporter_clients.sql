-- The browser that sent a report, as a keyed hash of its client id (never
-- the id itself), so that the same browser cannot "me too" its own report
-- (issue 14). Goes with the report, and when the reporter erases their data.
CREATE TABLE reporter_clients (
    report_id BIGINT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    client    TEXT NOT NULL
);
