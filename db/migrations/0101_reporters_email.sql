-- Report confirmations are capped per email address and day (notify
-- ConfirmationsPerDay): counting an address's recent reports needs this.
CREATE INDEX reporters_email ON reporters(lower(email)) WHERE email <> '';
