-- Followers of a report merged as a duplicate (issue 18): the merge moves
-- them to the kept report in its own transaction, before the worker fans
-- out the "duplicate" status change, so the fan-out and the digests find
-- them here. One row per follower that was active at the merge: the
-- subscription it now has (moved, or the one it already had to the kept
-- report).
CREATE TABLE merge_followers (
    event_id        BIGINT NOT NULL,  -- the report_events row of the merge
    subscription_id BIGINT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, subscription_id)
);
CREATE INDEX merge_followers_subscription ON merge_followers(subscription_id);
