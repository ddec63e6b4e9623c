-- The bodies an integration key acts for, like a staff account's
-- (user_bodies). A key without a row here covers every body.
CREATE TABLE api_key_bodies (
    key_id    INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    body_code TEXT NOT NULL REFERENCES bodies(code),
    PRIMARY KEY (key_id, body_code)
);
