-- GeoReport v2 discovery's changeset is "the last time this document was
-- updated": the time each version of the service definitions (a digest of
-- them as served) was first seen, so it changes when they change and stays
-- the same across restarts and instances.
CREATE TABLE service_changesets (
    digest  TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
