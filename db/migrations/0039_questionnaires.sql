-- Questionnaires (issue 14): some time after a report is acknowledged and
-- while it is still open, its reporter is asked by email whether it has
-- been fixed, once. One row per question asked; the answer, once given, is kept
-- with the history event it made. No personal data: the email went to the
-- reporter's address, which stays in reporters.
CREATE TABLE questionnaires (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    sent_at     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    answer      TEXT,             -- fixed, not_fixed; NULL until answered
    answered_at INTEGER,
    event_id    INTEGER           -- the report_events row the answer made
);
CREATE UNIQUE INDEX questionnaires_report ON questionnaires(report_id); -- asked once per report
CREATE INDEX questionnaires_answered ON questionnaires(answer);
-- The worker looks for reports acknowledged some weeks ago; reports are
-- made unacknowledged, so the index costs intake nothing.
CREATE INDEX reports_acknowledged ON reports(acknowledged_at) WHERE acknowledged_at IS NOT NULL;
