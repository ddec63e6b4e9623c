package db

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"streetfix/geo"
)

// ListQuery selects public reports for lists and feeds. Empty fields mean
// "any"; hidden reports are never listed.
type ListQuery struct {
	IDs                          []int64
	Categories, Statuses, Themes []string
	Areas                        []string
	CreatedAfter, CreatedBefore  time.Time // inclusive bounds on created_at
	UpdatedAfter, UpdatedBefore  time.Time // inclusive bounds on updated_at
	Near                         *orb.Point
	Radius                       float64 // metres, with Near
	Bound                        *orb.Bound
	Text                         string // words the title, description or address contains, such as a street name
	OrderByUpdated               bool   // newest change first instead of newest report first
	Limit, Offset                int
}

// ListReports returns the reports matching q, newest first.
func (s *Store) ListReports(ctx context.Context, q ListQuery) ([]Report, error) {
	where := []string{`status <> 'hidden'`}
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+` IN (`+inClause(len(vals))+`)`)
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if len(q.IDs) > 0 {
		where = append(where, `id IN (`+inClause(len(q.IDs))+`)`)
		args = append(args, idArgs(q.IDs)...)
	}
	in("category", q.Categories)
	in("status", q.Statuses)
	in("theme", q.Themes)
	in("area_code", q.Areas)
	for _, c := range []struct {
		col, op string
		t       time.Time
	}{
		{"created_at", ">=", q.CreatedAfter}, {"created_at", "<=", q.CreatedBefore},
		{"updated_at", ">=", q.UpdatedAfter}, {"updated_at", "<=", q.UpdatedBefore},
	} {
		if !c.t.IsZero() {
			where = append(where, c.col+` `+c.op+` ?`)
			args = append(args, At(c.t))
		}
	}
	if q.Bound != nil {
		where = append(where, `lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?`)
		args = append(args, q.Bound.Min[0], q.Bound.Max[0], q.Bound.Min[1], q.Bound.Max[1])
	}
	if q.Near != nil {
		// The box from the R*Tree, then a flat-earth distance: exact enough
		// over a few kilometres and portable SQL (no trigonometry).
		b := geo.BoundAround(*q.Near, q.Radius)
		kx := math.Cos(q.Near[1]*math.Pi/180) * 111320
		const ky = 110574
		where = append(where, `id IN (SELECT id FROM report_points WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?)`,
			`((lon - ?) * ?) * ((lon - ?) * ?) + ((lat - ?) * ?) * ((lat - ?) * ?) <= ?`)
		args = append(args, b.Max[0], b.Min[0], b.Max[1], b.Min[1],
			q.Near[0], kx, q.Near[0], kx, q.Near[1], ky, q.Near[1], ky, q.Radius*q.Radius)
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		// A substring match, not full-text search: street names are matched
		// within one area or place, where rows are few enough to scan. The
		// text, or the address the report was given, may name the street.
		pat := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%"
		where = append(where, `(title LIKE ? ESCAPE '\' OR description LIKE ? ESCAPE '\' OR address_fr LIKE ? ESCAPE '\' OR address_nl LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat, pat)
	}
	order := `created_at DESC, id DESC`
	if q.OrderByUpdated {
		order = `updated_at DESC, id DESC`
	}
	query := `SELECT ` + reportColumns + ` FROM reports WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY ` + order
	if q.Limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, q.Limit, q.Offset)
	}
	var out []Report
	if err := s.read.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("db: list reports: %w", err)
	}
	return out, nil
}

// LatestNotes returns, for each report id, its latest public note.
func (s *Store) LatestNotes(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT report_id, note FROM report_events WHERE report_id IN (` + inClause(len(ids)) + `)
		AND public = 1 AND note <> '' ORDER BY id`
	rows, err := s.read.QueryContext(ctx, q, idArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("db: latest notes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var note string
		if err := rows.Scan(&id, &note); err != nil {
			return nil, fmt.Errorf("db: latest notes: %w", err)
		}
		out[id] = note // later notes replace earlier ones
	}
	return out, rows.Err()
}

// PublicPhotos returns, for each report id, the ids of its public photos
// in upload order, in one query for the whole list.
func (s *Store) PublicPhotos(ctx context.Context, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT report_id, id FROM photos WHERE report_id IN (` + inClause(len(ids)) + `) AND hidden = 0
		ORDER BY report_id, position`
	rows, err := s.read.QueryContext(ctx, q, idArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("db: photos of reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var photo string
		if err := rows.Scan(&id, &photo); err != nil {
			return nil, fmt.Errorf("db: photos of reports: %w", err)
		}
		out[id] = append(out[id], photo)
	}
	return out, rows.Err()
}

// idArgs turns ids into query arguments.
func idArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
