-- Response templates belong to a body, or are shared ('': admins only) (issue
-- 16). An identity column never gives an id again.
ALTER TABLE response_templates ADD COLUMN body_code TEXT NOT NULL DEFAULT '';
CREATE INDEX response_templates_body ON response_templates(body_code);
