-- SQLite's R*Tree over report points, for nearby and bounding-box queries.
-- Only the two spatial dimensions: extra dimensions (status, category) were
-- measured to make the tree's boxes overlap so much that a 250 m query read
-- hundreds of nodes; attributes are filtered from the in-memory map index.
CREATE VIRTUAL TABLE report_points USING rtree(id, min_lon, max_lon, min_lat, max_lat);
