-- A report's human address, in each language: its nearest street (within
-- gazetteer.MaxStreetDistance), otherwise its municipality. Set at intake;
-- reports stored before this column are filled in at start-up
-- (Store.FillAddresses), found through the partial index, which is empty
-- once they all have one.
ALTER TABLE reports ADD COLUMN address_en TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN address_fr TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN address_nl TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_unaddressed ON reports(id) WHERE address_fr = '';
