-- SQLite's R*Tree over report points, for nearby and bounding-box queries.
-- Besides longitude and latitude it has two more dimensions, the status's
-- number (report.StatusNumber: each status group is a contiguous range)
-- and the category's number, so the tree itself prunes by status and
-- category instead of reading every candidate's row. Every write that
-- changes a report's status or category updates its entry.
CREATE VIRTUAL TABLE report_points USING rtree(
    id,
    min_lon, max_lon,
    min_lat, max_lat,
    min_status, max_status,
    min_category, max_category
);
