-- Words for the search as SQLite's FTS5 (unicode61) cuts them: at every
-- character that is not a letter or a digit. PostgreSQL's parser keeps
-- "<profond>" as an HTML tag (not indexed), "rue/avenue" as a path and
-- "a.be" as a host, so a search for "profond" missed "Trou <profond>";
-- punctuation becomes a space first.
CREATE OR REPLACE FUNCTION streetfix_report_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('streetfix', regexp_replace(NEW.title || ' ' || NEW.description, '[[:punct:]]+', ' ', 'g'));
    RETURN NEW;
END $$;
UPDATE reports SET search = to_tsvector('streetfix', regexp_replace(title || ' ' || description, '[[:punct:]]+', ' ', 'g'));
