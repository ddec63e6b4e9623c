-- The staff member a report is assigned to (staff information: no public
-- output reads it). A partial index serves the "mine" view and the queue's
-- assignee filter: few reports are assigned to any one person.
ALTER TABLE reports ADD COLUMN assignee_id BIGINT REFERENCES users(id);
CREATE INDEX reports_assignee ON reports(assignee_id) WHERE assignee_id IS NOT NULL;
