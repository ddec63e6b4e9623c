// Package city loads the reference data that makes a deployment one city's:
// its areas and their boundaries, themes, report categories with their extra
// questions, and the bodies responsible for them. Brussels is only the
// embedded default; another city ships its own folder of the same files.
package city

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"streetfix/calendar"
)

//go:embed brussels
var brussels embed.FS

// Names holds one text in each of the supported languages.
type Names struct {
	EN string `json:"en"`
	FR string `json:"fr"`
	NL string `json:"nl"`
}

// Get returns the text in lang, falling back to English, then French.
func (n Names) Get(lang string) string {
	switch lang {
	case "fr":
		if n.FR != "" {
			return n.FR
		}
	case "nl":
		if n.NL != "" {
			return n.NL
		}
	}
	if n.EN != "" {
		return n.EN
	}
	return n.FR
}

// Theme is one of the five top-level groups of categories.
type Theme struct {
	Code        string
	Name        Names
	Description Names
}

// QuestionValue is one allowed answer of a list question.
type QuestionValue struct {
	Key  string `json:"key"`
	Name Names  `json:"name"`
}

// Question is an extra question a category asks (an Open311 attribute).
type Question struct {
	Code        string          `json:"code"`
	Datatype    string          `json:"datatype"`
	Required    bool            `json:"required"`
	Description Names           `json:"description"`
	Values      []QuestionValue `json:"values,omitempty"`
	// Private answers may hold personal data (a licence plate, a name in
	// free text): staff see them, no public output does.
	Private bool `json:"private,omitempty"`
}

// Category is a kind of problem a citizen can report.
type Category struct {
	Code      string
	Theme     string
	Name      Names
	Owner     string // OwnerCommune or the Owner label of a regional Body
	Questions []Question
	// Notice is what the form says before a report of this category is
	// sent, in each language (notices.json); empty for most categories.
	Notice Names
}

// OwnerCommune marks a category handled by the municipality containing the point.
const OwnerCommune = "commune"

// Body kinds.
const (
	BodyCommune  = "commune"
	BodyRegional = "regional"
)

// Body is an organisation that handles reports.
type Body struct {
	Code     string
	Kind     string
	Owner    string // label used in the categories file; empty for communes
	AreaCode string // for communes, the area they govern
	Name     Names
	Email    string
}

// Area is a municipality (or district) with its boundary.
type Area struct {
	Code       string
	Name       Names
	Population int
	Geometry   orb.MultiPolygon
	Label      orb.Point
}

// City is the whole reference data set of one deployment.
type City struct {
	Name        Names
	Center      orb.Point
	Zoom        int
	Attribution Names  // the data credit every page shows, in each language
	Contact     string // who runs the service, as Open311 discovery tells clients
	// Location is the city's time zone (city.json's time_zone, UTC when
	// absent): pages, emails, digests, dashboard periods and exports are in
	// its local time.
	Location   *time.Location
	Themes     []Theme
	Categories []Category
	Bodies     []Body
	Areas      []Area
	Targets    Targets // times to fix for the dashboard's overdue work
	// Files is the folder the city was loaded from, for the data other
	// packages read from it (the street gazetteer).
	Files fs.FS
}

// Default returns the embedded Brussels-Capital Region data.
func Default() (*City, error) {
	sub, err := fs.Sub(brussels, "brussels")
	if err != nil {
		return nil, err
	}
	return Load(sub)
}

// FromDir loads a city from a folder on disk, or the default when dir is empty.
func FromDir(dir string) (*City, error) {
	if dir == "" {
		return Default()
	}
	return Load(os.DirFS(dir))
}

// Load reads city.json, themes.csv, categories.csv, questions.json,
// bodies.csv, population.csv, municipalities.geojson and the optional
// targets.csv and notices.json from fsys.
func Load(fsys fs.FS) (*City, error) {
	meta, err := loadMeta(fsys)
	if err != nil {
		return nil, err
	}
	c := &City{Name: meta.Name, Zoom: meta.Zoom, Attribution: meta.Attribution.Names, Contact: meta.Contact, Files: fsys}
	if c.Location, err = calendar.Load(meta.TimeZone); err != nil {
		return nil, fmt.Errorf("city: city.json: %w", err)
	}
	if len(meta.Center) == 2 {
		c.Center = orb.Point{meta.Center[0], meta.Center[1]}
	}
	if c.Themes, err = loadThemes(fsys); err != nil {
		return nil, err
	}
	if c.Areas, err = loadAreas(fsys, meta); err != nil {
		return nil, err
	}
	regional, err := loadBodies(fsys)
	if err != nil {
		return nil, err
	}
	for _, a := range c.Areas {
		c.Bodies = append(c.Bodies, Body{Code: "commune-" + a.Code, Kind: BodyCommune, AreaCode: a.Code, Name: a.Name})
	}
	c.Bodies = append(c.Bodies, regional...)
	if c.Categories, err = loadCategories(fsys); err != nil {
		return nil, err
	}
	if err := loadNotices(fsys, c.Categories); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	if c.Targets, err = loadTargets(fsys, c); err != nil {
		return nil, err
	}
	return c, nil
}

// BodyForOwner returns the regional body whose owner label is owner.
func (c *City) BodyForOwner(owner string) (Body, bool) {
	for _, b := range c.Bodies {
		if b.Kind == BodyRegional && b.Owner == owner {
			return b, true
		}
	}
	return Body{}, false
}

func (c *City) validate() error {
	themes := map[string]bool{}
	for _, t := range c.Themes {
		themes[t.Code] = true
	}
	seen := map[string]bool{}
	for _, cat := range c.Categories {
		if seen[cat.Code] {
			return fmt.Errorf("city: category %q listed twice", cat.Code)
		}
		seen[cat.Code] = true
		if !themes[cat.Theme] {
			return fmt.Errorf("city: category %q has unknown theme %q", cat.Code, cat.Theme)
		}
		if cat.Owner != OwnerCommune {
			if _, ok := c.BodyForOwner(cat.Owner); !ok {
				return fmt.Errorf("city: category %q has owner %q, which is not in bodies.csv", cat.Code, cat.Owner)
			}
		}
		for _, q := range cat.Questions {
			if !slices.Contains(Datatypes, q.Datatype) {
				return fmt.Errorf("city: category %q question %q has unknown datatype %q", cat.Code, q.Code, q.Datatype)
			}
		}
	}
	if len(c.Areas) == 0 {
		return fmt.Errorf("city: no areas")
	}
	return nil
}

// ResponsibleBody returns the body that handles a report of category cat at a
// point inside the area with code areaCode: the municipality for commune
// categories, the named regional body otherwise.
func (c *City) ResponsibleBody(cat Category, areaCode string) (Body, bool) {
	if cat.Owner != OwnerCommune {
		return c.BodyForOwner(cat.Owner)
	}
	for _, b := range c.Bodies {
		if b.Kind == BodyCommune && b.AreaCode == areaCode {
			return b, true
		}
	}
	return Body{}, false
}

// Category returns the category with the given code.
func (c *City) Category(code string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Code == code {
			return cat, true
		}
	}
	return Category{}, false
}
