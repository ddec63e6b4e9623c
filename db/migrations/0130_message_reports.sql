-- The reports a message tells about besides its own report_id: a daily
-- digest quotes the titles of many reports. Moderation and erasure rewrite
-- a report's messages, queued or kept; this is how they find its digests.
CREATE TABLE message_reports (
    message_id INTEGER NOT NULL REFERENCES notify_messages(id) ON DELETE CASCADE,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, report_id)
);
CREATE INDEX message_reports_report ON message_reports(report_id);
