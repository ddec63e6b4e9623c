-- Erasure and moderation rewrite the messages of one report (db/erase.go):
-- an index finds them without reading every message.
CREATE INDEX notify_messages_report ON notify_messages(report_id);
