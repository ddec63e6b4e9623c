package db

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	Text                         string // a street name (or other words) the title or description holds in that order, or the address starts with
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
	if q.Near != nil && s.dialect.name == "postgres" {
		// PostGIS: the geography index of migration 0002, in metres.
		where = append(where, `ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)`)
		args = append(args, q.Near[0], q.Near[1], q.Radius)
	} else if q.Near != nil {
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
	order := `created_at DESC, id DESC`
	if q.OrderByUpdated {
		order = `updated_at DESC, id DESC`
	}
	var limit []any
	if q.Limit > 0 {
		limit = []any{q.Limit, q.Offset}
	}
	if strings.TrimSpace(q.Text) == "" {
		return s.listReports(ctx, where, args, order, limit)
	}
	phrase := s.dialect.phrase(q.Text)
	if phrase == "" {
		return nil, nil // nothing to look for: no word in it
	}
	// The address starts with its street: a prefix, through its index.
	street := strings.NewReplacer(`%`, ``, `_`, ``, `\`, ``).Replace(strings.TrimSpace(q.Text)) + `%`
	// Through the full-text index: a substring match read every report's
	// text when a name was found nowhere (1.2 s at a million reports). A
	// common name matches thousands of reports, each then read: the newest
	// few hundred matches by id (ids follow creation) are enough for a page,
	// unless the other filters leave too few of them; then more, then all.
	where = append(where, s.dialect.textSearchSQL)
	caps := []int{textCap, 10 * textCap, -1}
	if len(limit) == 0 {
		caps = caps[2:]
	}
	for _, n := range caps {
		var lim any = n
		if n < 0 {
			lim = s.dialect.noLimit
		}
		out, err := s.listReports(ctx, where, append(args, phrase, lim, street, lim, street, lim), order, limit)
		if err != nil || n < 0 || len(out) >= q.Limit {
			return out, err
		}
	}
	return nil, nil // not reached: the last cap is "all"
}

// textSearchSQL keeps the reports whose title or description hold a
// phrase (FTS5, accents ignored), or whose address in French or Dutch
// starts with a street name (case ignored, through the indexes of
// migration 0072); of each, the newest matches first, up to a number (-1:
// all). Its arguments are the phrase, the number, then the address pattern
// and the number twice. ("rue" starts 300,000 addresses of a million.)
const textSearchSQL = `(id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? ORDER BY rowid DESC LIMIT ?)
	OR id IN (SELECT id FROM reports INDEXED BY reports_address_fr WHERE address_fr LIKE ? ORDER BY id DESC LIMIT ?)
	OR id IN (SELECT id FROM reports INDEXED BY reports_address_nl WHERE address_nl LIKE ? ORDER BY id DESC LIMIT ?))`

// textCap is how many of a search's newest matches a page is first looked
// for in; then ten times as many, then all.
var textCap = 500

func (s *Store) listReports(ctx context.Context, where []string, args []any, order string, limit []any) ([]Report, error) {
	query := `SELECT ` + reportColumns + ` FROM reports WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY ` + order
	if len(limit) > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, limit...)
	}
	var out []Report
	if err := s.read.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("db: list reports: %w", err)
	}
	return out, nil
}

// phraseQuery turns a street name as typed into an FTS5 phrase: its words
// in order, the last one as a prefix when it has three letters or more
// ("rue de la Loi" is found from "rue de la Lo"; a prefix of one letter
// would merge the lists of thousands of words), with no FTS syntax
// reaching the engine; "" when it has no word.
func phraseQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) == 0 {
		return ""
	}
	if len(words) > 12 {
		words = words[:12]
	}
	q := `"` + strings.Join(words, " ") + `"`
	if utf8.RuneCountInString(words[len(words)-1]) >= 3 {
		q += `*`
	}
	return q
}

// LatestNotes returns, for each report id, the city's latest public note
// (Open311's status_notes). The reporter's own updates are not the city's
// words and are left out: Open311 lists them as updates marked updated_by
// reporter.
func (s *Store) LatestNotes(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT report_id, note FROM report_events WHERE report_id IN (` + inClause(len(ids)) + `)
		AND public = TRUE AND note <> '' AND actor <> 'reporter' ORDER BY id`
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
	q := `SELECT report_id, id FROM photos WHERE report_id IN (` + inClause(len(ids)) + `) AND hidden = FALSE
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
