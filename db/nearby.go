package db

import (
	"context"
	"fmt"
	"sort"

	"github.com/paulmach/orb"

	"streetfix/geo"
)

// Nearby is a report close to a point, with its distance in metres.
type Nearby struct {
	Report
	Distance float64
}

// NearbyQuery asks for public reports within Radius metres of Point.
type NearbyQuery struct {
	Point    orb.Point
	Radius   float64
	Category string   // optional
	Statuses []string // optional; default every public status
	Limit    int
}

// Nearby returns public reports within the radius, nearest first. The
// R*Tree gives the candidates in the box around the circle; status and
// category come from the map index in memory, which spares reading every
// candidate's row; only the reports that make the cut are read.
func (s *Store) Nearby(ctx context.Context, q NearbyQuery) ([]Nearby, error) {
	b := geo.BoundAround(q.Point, q.Radius)
	const query = `SELECT id, min_lon, min_lat FROM report_points
		WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?`
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	rows, err := st.QueryContext(ctx, b.Max[0], b.Min[0], b.Max[1], b.Min[1])
	if err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	defer rows.Close()
	keep := s.pins.filter(q.Statuses, q.Category)
	type hit struct {
		id int64
		d  float64
	}
	var hits []hit
	for rows.Next() {
		var h hit
		var p orb.Point
		if err := rows.Scan(&h.id, &p[0], &p[1]); err != nil {
			return nil, fmt.Errorf("db: nearby: %w", err)
		}
		if !keep(h.id) {
			continue
		}
		if h.d = geo.Distance(q.Point, p); h.d <= q.Radius {
			hits = append(hits, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].d < hits[j].d || hits[i].d == hits[j].d && hits[i].id < hits[j].id })
	if q.Limit > 0 && len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	ids := make([]int64, len(hits))
	dist := make(map[int64]float64, len(hits))
	for i, h := range hits {
		ids[i], dist[h.id] = h.id, h.d
	}
	reports, err := s.ReportsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Nearby, 0, len(reports))
	for _, r := range reports {
		out = append(out, Nearby{Report: r, Distance: dist[r.ID]})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Distance < out[j].Distance || out[i].Distance == out[j].Distance && out[i].ID < out[j].ID
	})
	return out, nil
}
