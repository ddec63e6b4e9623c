-- The list page's street search matches the start of a report's address
-- case-insensitively: lower(address) LIKE lower('rue neuve%') reads these.
CREATE INDEX reports_address_fr ON reports (lower(address_fr) text_pattern_ops);
CREATE INDEX reports_address_nl ON reports (lower(address_nl) text_pattern_ops);
