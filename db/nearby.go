package db

import (
	"context"
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
	Bodies   []string // optional: nil any body, else only these (a staff member's scope)
	Limit    int
}

// Nearby returns public reports within the radius, nearest first. The
// candidates come from the grid of the in-memory index, which also holds
// status and category; only the reports that make the cut are read, and
// their distances are computed again from the stored coordinates.
func (s *Store) Nearby(ctx context.Context, q NearbyQuery) ([]Nearby, error) {
	hits := s.pins.near(q.Point, q.Radius, q.Statuses, q.Category, q.Bodies)
	sort.Slice(hits, func(i, j int) bool { return hits[i].d < hits[j].d || hits[i].d == hits[j].d && hits[i].id < hits[j].id })
	// A few more than asked, in case rounding put one just over the radius.
	if want := q.Limit + 5; q.Limit > 0 && len(hits) > want {
		hits = hits[:want]
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	reports, err := s.ReportsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Nearby, 0, len(reports))
	for _, r := range reports {
		if d := geo.Distance(q.Point, orb.Point{r.Lon, r.Lat}); d <= q.Radius {
			out = append(out, Nearby{Report: r, Distance: d})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Distance < out[j].Distance || out[i].Distance == out[j].Distance && out[i].ID < out[j].ID
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

type nearHit struct {
	id int64
	d  float64
}
