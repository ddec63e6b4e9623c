-- SQLite's scalar functions the shared SQL uses, under their SQLite names,
-- so that such a query needs no second copy for PostgreSQL.
CREATE FUNCTION instr(haystack text, needle text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT strpos(haystack, needle)';
