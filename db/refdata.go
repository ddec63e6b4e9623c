package db

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb/geojson"

	"streetfix/city"
)

// SyncCity adds the city's themes, areas, bodies and categories that the
// database does not have yet. Rows already there are left alone, so edits
// made by administrators survive a restart.
func (s *Store) SyncCity(ctx context.Context, c *city.City) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: sync city: %w", err)
	}
	defer tx.Rollback()
	for i, t := range c.Themes {
		const q = `INSERT INTO themes (code, position, name_en, name_fr, name_nl, description_en, description_fr, description_nl)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, t.Code, i, t.Name.EN, t.Name.FR, t.Name.NL,
			t.Description.EN, t.Description.FR, t.Description.NL); err != nil {
			return fmt.Errorf("db: sync theme %s: %w", t.Code, err)
		}
	}
	for _, a := range c.Areas {
		g, err := json.Marshal(geojson.NewGeometry(a.Geometry))
		if err != nil {
			return fmt.Errorf("db: sync area %s: %w", a.Code, err)
		}
		b := a.Geometry.Bound()
		const q = `INSERT INTO areas (code, name_en, name_fr, name_nl, population, label_lon, label_lat,
			min_lon, min_lat, max_lon, max_lat, geometry)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, a.Code, a.Name.EN, a.Name.FR, a.Name.NL, a.Population,
			a.Label[0], a.Label[1], b.Min[0], b.Min[1], b.Max[0], b.Max[1], string(g)); err != nil {
			return fmt.Errorf("db: sync area %s: %w", a.Code, err)
		}
	}
	for _, b := range c.Bodies {
		var area *string
		if b.AreaCode != "" {
			area = &b.AreaCode
		}
		const q = `INSERT INTO bodies (code, kind, owner, area_code, name_en, name_fr, name_nl, email)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, b.Code, b.Kind, b.Owner, area, b.Name.EN, b.Name.FR, b.Name.NL, b.Email); err != nil {
			return fmt.Errorf("db: sync body %s: %w", b.Code, err)
		}
	}
	for i, cat := range c.Categories {
		questions := cat.Questions
		if questions == nil {
			questions = []city.Question{}
		}
		qs, err := json.Marshal(questions)
		if err != nil {
			return fmt.Errorf("db: sync category %s: %w", cat.Code, err)
		}
		const q = `INSERT INTO categories (code, theme, position, name_en, name_fr, name_nl, owner, questions)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, cat.Code, cat.Theme, i, cat.Name.EN, cat.Name.FR, cat.Name.NL,
			cat.Owner, string(qs)); err != nil {
			return fmt.Errorf("db: sync category %s: %w", cat.Code, err)
		}
		// The city's notice, until one is set here (by the city or an admin).
		if n := cat.Notice; n.EN != "" {
			const qn = `UPDATE categories SET notice_en = ?, notice_fr = ?, notice_nl = ?
				WHERE code = ? AND notice_en IS NULL AND notice_fr IS NULL AND notice_nl IS NULL`
			if _, err := tx.ExecContext(ctx, qn, n.EN, n.FR, n.NL, cat.Code); err != nil {
				return fmt.Errorf("db: sync category %s notice: %w", cat.Code, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: sync city: %w", err)
	}
	return nil
}
