-- Reports staff entered for a citizen (a phone call, the counter): who
-- entered it and how the citizen reached them. Staff information: the
-- public history says nothing of it.
ALTER TABLE reports ADD COLUMN entered_by BIGINT REFERENCES users(id);
ALTER TABLE reports ADD COLUMN entry_channel TEXT NOT NULL DEFAULT '';
