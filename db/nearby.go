package db

import (
	"context"
	"fmt"
	"sort"

	"github.com/paulmach/orb"

	"streetfix/geo"
	"streetfix/report"
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
// spatial index answers with positions only; exact distances are computed here, and only the
// reports that make the cut are read.
func (s *Store) Nearby(ctx context.Context, q NearbyQuery) ([]Nearby, error) {
	b := geo.BoundAround(q.Point, q.Radius)
	// The tree prunes by the span of wanted status numbers (a whole group
	// is one span) and by category; exact statuses are checked below.
	want := map[int]bool{}
	lo, hi := 0, report.StatusNumber(report.StatusHidden)-1
	if len(q.Statuses) > 0 {
		lo, hi = len(report.Statuses), -1
		for _, st := range q.Statuses {
			if n := report.StatusNumber(st); n >= 0 && st != report.StatusHidden {
				want[n] = true
				lo, hi = min(lo, n), max(hi, n)
			}
		}
	}
	query := `SELECT id, min_lon, min_lat, min_status FROM report_points
		WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?
		AND min_status <= ? AND max_status >= ?`
	args := []any{b.Max[0], b.Min[0], b.Max[1], b.Min[1], hi, lo}
	if q.Category != "" {
		num := s.Catalog().categoryNum(q.Category)
		query += ` AND min_category <= ? AND max_category >= ?`
		args = append(args, num, num)
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	defer rows.Close()
	type hit struct {
		id int64
		d  float64
	}
	var hits []hit
	for rows.Next() {
		var h hit
		var p orb.Point
		var status int
		if err := rows.Scan(&h.id, &p[0], &p[1], &status); err != nil {
			return nil, fmt.Errorf("db: nearby: %w", err)
		}
		if len(want) > 0 && !want[status] {
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
