-- PostgreSQL twin of 0020_api_key_bodies.sql.
CREATE TABLE api_key_bodies (
    key_id    BIGINT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    body_code TEXT NOT NULL REFERENCES bodies(code),
    PRIMARY KEY (key_id, body_code)
);
