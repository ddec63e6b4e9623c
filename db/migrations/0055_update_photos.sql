-- Reporters' updates (issue 14): a photo added with an update belongs to
-- the report like the others (the gallery, hiding, blurring) and names the
-- update's event, so that hiding the update hides its photos too. NULL for
-- the photos sent with the report.
ALTER TABLE photos ADD COLUMN event_id INTEGER;
