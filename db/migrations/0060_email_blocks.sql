-- Addresses whose owner said "this wasn't me" to a confirmation email
-- (issue 17): no confirmation goes to them until `until`. Only a keyed hash
-- of the address is kept (notify computes it), so the block itself does not
-- hold the address; retention removes expired blocks.
CREATE TABLE email_blocks (
    email_hash TEXT PRIMARY KEY,
    until      BIGINT NOT NULL
);
