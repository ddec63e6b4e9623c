-- SQLite's R*Tree over report points, for nearby and bounding-box queries.
-- Status and category ride along as auxiliary columns, so a nearby search
-- filters on them without reading each candidate's report row. Every write
-- that changes a report's status or category updates them too.
CREATE VIRTUAL TABLE report_points USING rtree(
    id, min_lon, max_lon, min_lat, max_lat,
    +status TEXT,
    +category TEXT
);
