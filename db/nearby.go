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

// Nearby returns public reports within the radius, nearest first, using the
// spatial index for the box around the circle and an exact distance after.
func (s *Store) Nearby(ctx context.Context, q NearbyQuery) ([]Nearby, error) {
	b := geo.BoundAround(q.Point, q.Radius)
	query := `SELECT ` + prefixed("r.", reportColumns) + ` FROM reports r
		JOIN report_points p ON p.id = r.id
		WHERE p.min_lon <= ? AND p.max_lon >= ? AND p.min_lat <= ? AND p.max_lat >= ?
		AND r.status <> 'hidden'`
	args := []any{b.Max[0], b.Min[0], b.Max[1], b.Min[1]}
	if q.Category != "" {
		query += ` AND r.category = ?`
		args = append(args, q.Category)
	}
	if len(q.Statuses) > 0 {
		query += ` AND r.status IN (` + inClause(len(q.Statuses)) + `)`
		for _, st := range q.Statuses {
			args = append(args, st)
		}
	}
	var rows []Report
	if err := s.read.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	out := make([]Nearby, 0, len(rows))
	for _, r := range rows {
		d := geo.Distance(q.Point, orb.Point{r.Lon, r.Lat})
		if d <= q.Radius {
			out = append(out, Nearby{Report: r, Distance: d})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Distance < out[j].Distance })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}
