-- Webhook answers are no longer kept (an endpoint could echo anything back
-- onto the admin page): only their status and how long the call took.
ALTER TABLE notify_messages ADD COLUMN response_ms INTEGER;
UPDATE notify_messages SET response_excerpt = '' WHERE response_excerpt <> '';
