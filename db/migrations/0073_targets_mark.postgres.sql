-- Times to fix are part of the catalog (issue 18): a change on one
-- instance bumps the catalog mark, so every instance reloads it.
CREATE TRIGGER targets_mark AFTER INSERT OR UPDATE OR DELETE ON targets
    FOR EACH STATEMENT EXECUTE FUNCTION streetfix_bump_mark('catalog');
