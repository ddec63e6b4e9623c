-- Full-text search over titles and descriptions: a tsvector kept by a
-- trigger, over a configuration that strips accents (unaccent), so that
-- "eclairage" finds "éclairage" as SQLite's FTS5 (remove_diacritics) does.
-- The simple dictionary, not a language's stemmer: reports are written in
-- three languages and SQLite matches words, not stems.
CREATE TEXT SEARCH CONFIGURATION streetfix (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION streetfix
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

ALTER TABLE reports ADD COLUMN search tsvector;
UPDATE reports SET search = to_tsvector('streetfix', title || ' ' || description);
CREATE INDEX reports_search ON reports USING gin (search);

CREATE FUNCTION streetfix_report_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('streetfix', NEW.title || ' ' || NEW.description);
    RETURN NEW;
END $$;
CREATE TRIGGER reports_search BEFORE INSERT OR UPDATE OF title, description ON reports
    FOR EACH ROW EXECUTE FUNCTION streetfix_report_search();
