-- PostgreSQL twin of 0055_update_photos.sql.
ALTER TABLE photos ADD COLUMN event_id BIGINT;
