package db

import (
	"context"
	"fmt"
	"strings"
)

// ExportRow is one report as the dashboard's exports write it. Name, Email
// and Phone are filled only for an export that asked for personal data.
type ExportRow struct {
	ID                                  int64
	CreatedAt, AcknowledgedAt           Time
	FixedAt, ClosedAt                   Time
	Theme, Category, AreaCode, BodyCode string
	Status                              string
	SupportCount                        int
	Lon, Lat                            float64
	AddressFR, AddressNL                string
	Name, Email, Phone                  string
}

// ExportReports calls each for every report matching f, oldest first,
// reading them one by one: a million rows never sit in memory together.
// Row is reused between calls. With personal, the reporters' contact
// details come along; the caller decides who may have them.
func (s *Store) ExportReports(ctx context.Context, f StatsFilter, personal bool, each func(r *ExportRow) error) error {
	where, args := statsWhere(f)
	cols := `r.id, r.created_at, r.acknowledged_at, r.fixed_at, r.closed_at, r.theme, r.category, r.area_code,
		r.body_code, r.status, r.support_count, r.lon, r.lat, r.address_fr, r.address_nl`
	from := `reports r`
	if personal {
		cols += `, COALESCE(p.name, ''), COALESCE(p.email, ''), COALESCE(p.phone, '')`
		from += ` LEFT JOIN reporters p ON p.report_id = r.id`
	}
	q := `SELECT ` + cols + ` FROM ` + from + ` WHERE ` + where + ` ORDER BY r.id`
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("db: export: %w", err)
	}
	defer rows.Close()
	var r ExportRow
	dest := []any{&r.ID, &r.CreatedAt, &r.AcknowledgedAt, &r.FixedAt, &r.ClosedAt, &r.Theme, &r.Category, &r.AreaCode,
		&r.BodyCode, &r.Status, &r.SupportCount, &r.Lon, &r.Lat, &r.AddressFR, &r.AddressNL}
	if personal {
		dest = append(dest, &r.Name, &r.Email, &r.Phone)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("db: export: %w", err)
		}
		if err := each(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("db: export: %w", err)
	}
	return nil
}

// statsWhere is the SQL condition of a StatsFilter over reports r.
func statsWhere(f StatsFilter) (string, []any) {
	where := []string{`r.status <> 'hidden'`}
	var args []any
	for _, c := range []struct {
		col  string
		vals []string
	}{{"r.theme", f.Themes}, {"r.category", f.Categories}, {"r.area_code", f.Areas}, {"r.body_code", f.Bodies}} {
		if len(c.vals) == 0 {
			continue
		}
		where = append(where, c.col+` IN (`+inClause(len(c.vals))+`)`)
		for _, v := range c.vals {
			args = append(args, v)
		}
	}
	if !f.From.IsZero() {
		where = append(where, `r.created_at >= ?`)
		args = append(args, At(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `r.created_at < ?`)
		args = append(args, At(f.To))
	}
	return strings.Join(where, ` AND `), args
}
