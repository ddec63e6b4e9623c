package db

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"sort"

	"github.com/mattn/go-sqlite3"
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
// R*Tree gives the candidates in a box; status and category come from the
// map index in memory, which spares reading every candidate's row; only
// the reports that make the cut are read. Searching a small circle first
// and widening only when it holds fewer than Limit matches keeps a search
// in a dense street from pulling thousands of candidates.
func (s *Store) Nearby(ctx context.Context, q NearbyQuery) ([]Nearby, error) {
	keep := func(hs []nearHit) []nearHit {
		return s.pins.keep(hs, q.Statuses, q.Category)
	}
	var hits []nearHit
	for _, r := range searchRadii(q.Radius, q.Limit) {
		var err error
		if hits, err = s.nearHits(ctx, q.Point, r, keep); err != nil {
			return nil, err
		}
		if q.Limit > 0 && len(hits) >= q.Limit {
			break
		}
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

// searchRadii are the circles tried in turn: an eighth and a half of the
// radius, then the radius itself. Any match inside a smaller circle is
// nearer than everything outside it, so stopping early loses nothing.
func searchRadii(radius float64, limit int) []float64 {
	if limit <= 0 || radius < 80 {
		return []float64{radius}
	}
	return []float64{radius / 8, radius / 2, radius}
}

type nearHit struct {
	id int64
	d  float64
}

// nearHits returns the reports passing keep within radius metres of p.
// Candidates are read straight from the driver: database/sql's per-row
// conversions cost more than SQLite's R*Tree search itself.
func (s *Store) nearHits(ctx context.Context, p orb.Point, radius float64, keep func([]nearHit) []nearHit) ([]nearHit, error) {
	b := geo.BoundAround(p, radius)
	const query = `SELECT id, min_lon, min_lat FROM report_points
		WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?`
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	defer conn.Close()
	var cands []nearHit
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		args := []driver.NamedValue{{Ordinal: 1, Value: b.Max[0]}, {Ordinal: 2, Value: b.Min[0]}, {Ordinal: 3, Value: b.Max[1]}, {Ordinal: 4, Value: b.Min[1]}}
		rows, err := sc.QueryContext(ctx, query, args)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, 3)
		for {
			if err := rows.Next(dest); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			id, _ := dest[0].(int64)
			lon, _ := dest[1].(float64)
			lat, _ := dest[2].(float64)
			if d := geo.Distance(p, orb.Point{lon, lat}); d <= radius {
				cands = append(cands, nearHit{id: id, d: d})
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("db: nearby: %w", err)
	}
	return keep(cands), nil
}
