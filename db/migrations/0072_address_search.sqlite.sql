-- The list page's street search (issue 18) matches the start of a report's
-- address ("rue Neuve, Bruxelles"), case-insensitively: these indexes let
-- LIKE 'rue neuve%' read only the reports on that street.
CREATE INDEX reports_address_fr ON reports(address_fr COLLATE NOCASE);
CREATE INDEX reports_address_nl ON reports(address_nl COLLATE NOCASE);
