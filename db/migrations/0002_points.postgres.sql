-- PostGIS in place of SQLite's R*Tree: each report's point as a geometry
-- computed from lon and lat (so no write can forget it), a GiST index for
-- bounding boxes and one over its geography for ST_DWithin in metres.
ALTER TABLE reports ADD COLUMN geom geometry(Point, 4326)
    GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED;
CREATE INDEX reports_geom ON reports USING gist (geom);
CREATE INDEX reports_geog ON reports USING gist ((geom::geography));
