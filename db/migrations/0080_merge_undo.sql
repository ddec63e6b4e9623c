-- What a merge as duplicate moved (issue 16), so that an undo puts it back:
-- the duplicate's supports (added: 1 when the kept report did not have the
-- supporter yet, so the undo takes it off again) and its followers (moved:
-- 1 when the subscription moved to the kept report, 0 when it was
-- cancelled because its address already followed the kept report, with
-- the status it had). Rows go with the undo.
CREATE TABLE merge_supports (
    event_id   BIGINT  NOT NULL,  -- the report_events row of the merge
    supporter  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    added      INTEGER NOT NULL,
    PRIMARY KEY (event_id, supporter)
);
CREATE TABLE merge_subscriptions (
    event_id        BIGINT  NOT NULL,
    subscription_id BIGINT  NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    prior_status    TEXT    NOT NULL,
    moved           INTEGER NOT NULL,
    PRIMARY KEY (event_id, subscription_id)
);
