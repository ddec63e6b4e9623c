-- Questionnaires (issue 14): some time after a report is acknowledged and
-- while it is still open, its reporter is asked by email whether it has
-- been fixed. One row per question asked; the answer, once given, is kept
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
CREATE INDEX questionnaires_report ON questionnaires(report_id, sent_at);
CREATE INDEX questionnaires_answered ON questionnaires(answer);
