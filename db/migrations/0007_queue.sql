-- Hidden reports, the one part of the triage queue the in-memory index does
-- not hold: a partial index keeps just them.
CREATE INDEX reports_hidden ON reports(id) WHERE status = 'hidden';
