package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"streetfix/city"
	"streetfix/gazetteer"
	"streetfix/geo"
)

// Theme is a stored theme.
type Theme struct {
	Code        string     `db:"code"`
	Position    int        `db:"position"`
	Name        city.Names `db:"name"`
	Description city.Names `db:"description"`
}

// Category is a stored category with its extra questions.
type Category struct {
	Code      string          `db:"code"`
	Theme     string          `db:"theme"`
	Position  int             `db:"position"`
	Name      city.Names      `db:"name"`
	Owner     string          `db:"owner"`
	Questions []city.Question `db:"-"`
	Active    bool            `db:"active"`
	// Notice is shown by the form before a report of this category is
	// sent; empty in every language for most categories.
	Notice city.Names `db:"notice"`
}

// Body is an organisation that handles reports.
type Body struct {
	Code     string     `db:"code"`
	Kind     string     `db:"kind"`
	Owner    string     `db:"owner"`
	AreaCode *string    `db:"area_code"`
	Name     city.Names `db:"name"`
	Email    string     `db:"email"`
}

// Area is a municipality with its boundary.
type Area struct {
	Code       string     `db:"code"`
	Name       city.Names `db:"name"`
	Population int        `db:"population"`
	Label      orb.Point  `db:"-"`
	Bound      orb.Bound  `db:"-"`
	Geometry   orb.MultiPolygon
}

// Catalog is the reference data the service checks every report against,
// held in memory because it is read on every request and rarely changes.
type Catalog struct {
	Themes     []Theme
	Categories []Category
	Bodies     []Body
	Areas      []Area
	// Targets are the times to fix admins set, by category or theme code;
	// they override the city's targets.csv.
	Targets map[string]time.Duration
	// Streets is the street gazetteer (db.Options.Streets): searches,
	// nearest streets and reports' addresses. It may be nil.
	Streets   *gazetteer.Gazetteer
	areaIndex *geo.AreaIndex
}

// Category returns the category with the given code.
func (c *Catalog) Category(code string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Code == code {
			return cat, true
		}
	}
	return Category{}, false
}

// Theme returns the theme with the given code.
func (c *Catalog) Theme(code string) (Theme, bool) {
	for _, t := range c.Themes {
		if t.Code == code {
			return t, true
		}
	}
	return Theme{}, false
}

// Area returns the area with the given code.
func (c *Catalog) Area(code string) (Area, bool) {
	for _, a := range c.Areas {
		if a.Code == code {
			return a, true
		}
	}
	return Area{}, false
}

// Body returns the body with the given code.
func (c *Catalog) Body(code string) (Body, bool) {
	for _, b := range c.Bodies {
		if b.Code == code {
			return b, true
		}
	}
	return Body{}, false
}

// Locate returns the area containing p.
func (c *Catalog) Locate(p orb.Point) (Area, bool) {
	i := c.areaIndex.Locate(p)
	if i < 0 {
		return Area{}, false
	}
	return c.Areas[i], true
}

// Bound is the box around all areas: the service area.
func (c *Catalog) Bound() orb.Bound { return c.areaIndex.Bound() }

// ResponsibleBody routes a report: the category's regional owner, or the
// municipality that governs the area.
func (c *Catalog) ResponsibleBody(cat Category, areaCode string) (Body, bool) {
	for _, b := range c.Bodies {
		if cat.Owner == city.OwnerCommune {
			if b.Kind == city.BodyCommune && b.AreaCode != nil && *b.AreaCode == areaCode {
				return b, true
			}
		} else if b.Kind == city.BodyRegional && b.Owner == cat.Owner {
			return b, true
		}
	}
	return Body{}, false
}

// Catalog returns the reference data loaded by LoadCatalog.
func (s *Store) Catalog() *Catalog { return s.catalog.Load() }

// LoadCatalog reads the reference data into memory; the change feed
// reloads it whenever it changes afterwards.
func (s *Store) LoadCatalog(ctx context.Context) (*Catalog, error) {
	var rev int64
	if err := s.read.GetContext(ctx, &rev, `SELECT rev FROM feed_marks WHERE name = ?`, MarkCatalog); err != nil {
		return nil, fmt.Errorf("db: load catalog: %w", err)
	}
	c, err := s.reloadCatalog(ctx)
	if err != nil {
		return nil, err
	}
	s.feed.mu.Lock()
	s.feed.marks[MarkCatalog] = rev
	s.feed.mu.Unlock()
	return c, nil
}

// reloadCatalog reads the reference data and swaps it in.
func (s *Store) reloadCatalog(ctx context.Context) (*Catalog, error) {
	c := &Catalog{Streets: s.streets}
	const themes = `SELECT code, position, name_en AS "name.en", name_fr AS "name.fr", name_nl AS "name.nl",
		description_en AS "description.en", description_fr AS "description.fr", description_nl AS "description.nl"
		FROM themes ORDER BY position`
	if err := s.read.SelectContext(ctx, &c.Themes, themes); err != nil {
		return nil, fmt.Errorf("db: load themes: %w", err)
	}
	if err := s.loadCategories(ctx, c); err != nil {
		return nil, err
	}
	const bodies = `SELECT code, kind, owner, area_code, name_en AS "name.en", name_fr AS "name.fr",
		name_nl AS "name.nl", email FROM bodies ORDER BY kind, code`
	if err := s.read.SelectContext(ctx, &c.Bodies, bodies); err != nil {
		return nil, fmt.Errorf("db: load bodies: %w", err)
	}
	if err := s.loadAreas(ctx, c); err != nil {
		return nil, err
	}
	if err := s.loadTargets(ctx, c); err != nil {
		return nil, err
	}
	s.catalog.Store(c)
	s.pins.setCatalog(c)
	return c, nil
}

func (s *Store) loadCategories(ctx context.Context, c *Catalog) error {
	rows := []struct {
		Category
		QuestionsJSON string `db:"questions"`
	}{}
	const q = `SELECT code, theme, position, name_en AS "name.en", name_fr AS "name.fr", name_nl AS "name.nl",
		owner, questions, active, coalesce(notice_en, '') AS "notice.en", coalesce(notice_fr, '') AS "notice.fr",
		coalesce(notice_nl, '') AS "notice.nl" FROM categories ORDER BY position`
	if err := s.read.SelectContext(ctx, &rows, q); err != nil {
		return fmt.Errorf("db: load categories: %w", err)
	}
	for _, r := range rows {
		cat := r.Category
		if err := json.Unmarshal([]byte(r.QuestionsJSON), &cat.Questions); err != nil {
			return fmt.Errorf("db: category %s questions: %w", cat.Code, err)
		}
		c.Categories = append(c.Categories, cat)
	}
	return nil
}

func (s *Store) loadAreas(ctx context.Context, c *Catalog) error {
	rows := []struct {
		Area
		LabelLon float64 `db:"label_lon"`
		LabelLat float64 `db:"label_lat"`
		GeoJSON  string  `db:"geometry"`
	}{}
	const q = `SELECT code, name_en AS "name.en", name_fr AS "name.fr", name_nl AS "name.nl",
		population, label_lon, label_lat, geometry FROM areas ORDER BY code`
	if err := s.read.SelectContext(ctx, &rows, q); err != nil {
		return fmt.Errorf("db: load areas: %w", err)
	}
	polys := make([]orb.MultiPolygon, 0, len(rows))
	for _, r := range rows {
		g, err := geojson.UnmarshalGeometry([]byte(r.GeoJSON))
		if err != nil {
			return fmt.Errorf("db: area %s geometry: %w", r.Code, err)
		}
		mp, ok := g.Geometry().(orb.MultiPolygon)
		if !ok {
			return fmt.Errorf("db: area %s geometry is %T, not a MultiPolygon", r.Code, g.Geometry())
		}
		a := r.Area
		a.Geometry = mp
		a.Bound = mp.Bound()
		a.Label = orb.Point{r.LabelLon, r.LabelLat}
		c.Areas = append(c.Areas, a)
		polys = append(polys, mp)
	}
	c.areaIndex = geo.NewAreaIndex(polys)
	return nil
}
