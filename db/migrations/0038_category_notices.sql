-- Emergency notices (issue 14): what the report form says before a report
-- of the category is sent, in each language. NULL until the city's
-- notices.json or an admin sets one; an admin's empty text stays empty.
ALTER TABLE categories ADD COLUMN notice_en TEXT;
ALTER TABLE categories ADD COLUMN notice_fr TEXT;
ALTER TABLE categories ADD COLUMN notice_nl TEXT;
