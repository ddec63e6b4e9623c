-- The write rate limit's token buckets, one per client address, shared by
-- every instance (N instances must not allow N times the limit). A bucket
-- left alone for a minute is full again and is swept away.
CREATE TABLE rate_buckets (
    key    TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX rate_buckets_at ON rate_buckets(at);
