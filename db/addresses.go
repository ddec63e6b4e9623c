package db

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"streetfix/city"
)

// Address is the human address of a point in area: its nearest street
// (the gazetteer's Address), or else the municipality, in each language.
func (c *Catalog) Address(p orb.Point, area Area) city.Names {
	if c.Streets != nil {
		return c.Streets.Address(p, area.Code)
	}
	n := area.Name
	for _, s := range []*string{&n.EN, &n.FR, &n.NL} {
		if *s == "" {
			*s = area.Name.Get("en")
		}
		if *s == "" {
			*s = area.Code
		}
	}
	return n
}

// fillAddress gives r the address of its point unless it has one (an
// integration may send its own).
func (s *Store) fillAddress(r *Report) {
	if r.Address != (city.Names{}) {
		return
	}
	c := s.Catalog()
	if c == nil {
		return
	}
	a, ok := c.Area(r.AreaCode)
	if !ok {
		a = Area{Code: r.AreaCode}
	}
	r.Address = c.Address(orb.Point{r.Lon, r.Lat}, a)
}

// FillAddresses gives every report stored without an address (before
// addresses existed) the address of its point, a batch per transaction,
// and returns how many it filled. Once all have one it reads nothing: the
// reports without an address have a partial index of their own.
func (s *Store) FillAddresses(ctx context.Context) (int, error) {
	const (
		batch  = 5000
		pick   = `SELECT id, lon, lat, area_code FROM reports WHERE address_fr = '' AND id > ? ORDER BY id LIMIT ?`
		update = `UPDATE reports SET address_en = ?, address_fr = ?, address_nl = ? WHERE id = ?`
	)
	filled := 0
	for last := int64(0); ; {
		var rows []Report
		if err := s.read.SelectContext(ctx, &rows, pick, last, batch); err != nil {
			return filled, fmt.Errorf("db: reports without an address: %w", err)
		}
		if len(rows) == 0 {
			return filled, nil
		}
		tx, err := s.beginWrite(ctx)
		if err != nil {
			return filled, fmt.Errorf("db: fill addresses: %w", err)
		}
		st, err := tx.PreparexContext(ctx, update)
		if err != nil {
			tx.Rollback()
			return filled, fmt.Errorf("db: fill addresses: %w", err)
		}
		for i := range rows {
			r := &rows[i]
			s.fillAddress(r)
			if _, err := st.ExecContext(ctx, r.Address.EN, r.Address.FR, r.Address.NL, r.ID); err != nil {
				tx.Rollback()
				return filled, fmt.Errorf("db: fill address of report %d: %w", r.ID, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return filled, fmt.Errorf("db: fill addresses: %w", err)
		}
		filled += len(rows)
		last = rows[len(rows)-1].ID
	}
}
