-- SQLite's R*Tree over report points, for nearby and bounding-box queries.
CREATE VIRTUAL TABLE report_points USING rtree(id, min_lon, max_lon, min_lat, max_lat);
