-- Supports each client network added on a day (UTC day number), so that a
-- new X-Client-Id per request cannot inflate counts without limit. The
-- network is a keyed hash; rows of past days are swept away.
CREATE TABLE support_quota (
    network TEXT NOT NULL,
    day     INTEGER NOT NULL,
    added   INTEGER NOT NULL,
    PRIMARY KEY (network, day)
);
CREATE INDEX support_quota_day ON support_quota(day);
