package city

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

type metaFile struct {
	Name               Names             `json:"name"`
	AreaCodeProperty   string            `json:"area_code_property"`
	AreaNameProperties map[string]string `json:"area_name_properties"`
	AreaNamesEN        map[string]string `json:"area_names_en"`
	Center             []float64         `json:"center"`
	Zoom               int               `json:"zoom"`
	Attribution        oneOrNames        `json:"attribution"`
	Contact            string            `json:"contact"`
	TimeZone           string            `json:"time_zone"`
}

// oneOrNames is a text given either by language or as one string for
// every language.
type oneOrNames struct{ Names }

func (n *oneOrNames) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		n.Names = Names{EN: one}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&n.Names)
}

func loadMeta(fsys fs.FS) (metaFile, error) {
	var m metaFile
	b, err := fs.ReadFile(fsys, "city.json")
	if err != nil {
		return m, fmt.Errorf("city: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("city: city.json: %w", err)
	}
	if m.AreaCodeProperty == "" {
		return m, fmt.Errorf("city: city.json: area_code_property is required")
	}
	return m, nil
}

// readCSV returns the rows of a CSV file as maps keyed by the header.
func readCSV(fsys fs.FS, name string, required ...string) ([]map[string]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("city: %w", err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("city: %s: %w", name, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("city: %s is empty", name)
	}
	header := records[0]
	rows := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		for _, r := range required {
			if row[r] == "" {
				return nil, fmt.Errorf("city: %s: row %v lacks %q", name, rec, r)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func loadThemes(fsys fs.FS) ([]Theme, error) {
	rows, err := readCSV(fsys, "themes.csv", "code", "name_en")
	if err != nil {
		return nil, err
	}
	themes := make([]Theme, 0, len(rows))
	for _, r := range rows {
		themes = append(themes, Theme{
			Code:        r["code"],
			Name:        Names{EN: r["name_en"], FR: r["name_fr"], NL: r["name_nl"]},
			Description: Names{EN: r["description_en"], FR: r["description_fr"], NL: r["description_nl"]},
		})
	}
	return themes, nil
}

func loadBodies(fsys fs.FS) ([]Body, error) {
	rows, err := readCSV(fsys, "bodies.csv", "owner", "code", "name_en")
	if err != nil {
		return nil, err
	}
	bodies := make([]Body, 0, len(rows))
	for _, r := range rows {
		bodies = append(bodies, Body{
			Code:  r["code"],
			Kind:  BodyRegional,
			Owner: r["owner"],
			Name:  Names{EN: r["name_en"], FR: r["name_fr"], NL: r["name_nl"]},
			Email: r["email"],
		})
	}
	return bodies, nil
}

func loadCategories(fsys fs.FS) ([]Category, error) {
	rows, err := readCSV(fsys, "categories.csv", "service_code", "theme", "name_en", "owner")
	if err != nil {
		return nil, err
	}
	questions := map[string][]Question{}
	if b, err := fs.ReadFile(fsys, "questions.json"); err == nil {
		if err := json.Unmarshal(b, &questions); err != nil {
			return nil, fmt.Errorf("city: questions.json: %w", err)
		}
	}
	cats := make([]Category, 0, len(rows))
	for _, r := range rows {
		cats = append(cats, Category{
			Code:      r["service_code"],
			Theme:     r["theme"],
			Name:      Names{EN: r["name_en"], FR: r["name_fr"], NL: r["name_nl"]},
			Owner:     r["owner"],
			Questions: questions[r["service_code"]],
		})
	}
	return cats, nil
}

func loadAreas(fsys fs.FS, meta metaFile) ([]Area, error) {
	b, err := fs.ReadFile(fsys, "municipalities.geojson")
	if err != nil {
		return nil, fmt.Errorf("city: %w", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("city: municipalities.geojson: %w", err)
	}
	population := map[string]int{}
	if rows, err := readCSV(fsys, "population.csv", "nis"); err == nil {
		for _, r := range rows {
			for k, v := range r {
				if len(k) > 10 && k[:10] == "population" {
					n, err := strconv.Atoi(v)
					if err != nil {
						return nil, fmt.Errorf("city: population.csv: %s: %w", r["nis"], err)
					}
					population[r["nis"]] = n
				}
			}
		}
	}
	areas := make([]Area, 0, len(fc.Features))
	for i, f := range fc.Features {
		code := f.Properties.MustString(meta.AreaCodeProperty, "")
		if code == "" {
			return nil, fmt.Errorf("city: feature %d has no %q", i, meta.AreaCodeProperty)
		}
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.MultiPolygon:
			mp = g
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		default:
			return nil, fmt.Errorf("city: area %s: geometry %T is not a polygon", code, f.Geometry)
		}
		a := Area{Code: code, Geometry: mp, Population: population[code]}
		a.Name.FR = f.Properties.MustString(meta.AreaNameProperties["fr"], "")
		a.Name.NL = f.Properties.MustString(meta.AreaNameProperties["nl"], "")
		a.Name.EN = meta.AreaNamesEN[code]
		if a.Name.EN == "" {
			a.Name.EN = a.Name.FR
		}
		a.Label = mp.Bound().Center()
		if p, ok := f.Properties["geo_point_2d"].(map[string]any); ok {
			lon, _ := p["lon"].(float64)
			lat, _ := p["lat"].(float64)
			if lon != 0 && lat != 0 {
				a.Label = orb.Point{lon, lat}
			}
		}
		a.Label = insidePoint(mp, a.Label)
		areas = append(areas, a)
	}
	slices.SortFunc(areas, func(a, b Area) int { return strings.Compare(a.Code, b.Code) })
	return areas, nil
}

// insidePoint returns p if it lies in mp, or else the point of a fine grid
// over mp that lies in it and is nearest p. A centroid can fall outside a
// concave area (the City of Brussels' is in Schaerbeek), and a label or a
// default map position must not.
func insidePoint(mp orb.MultiPolygon, p orb.Point) orb.Point {
	if planar.MultiPolygonContains(mp, p) {
		return p
	}
	b := mp.Bound()
	best, bestD := p, math.Inf(1)
	const steps = 64
	for i := 1; i < steps; i++ {
		for j := 1; j < steps; j++ {
			q := orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/steps, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/steps}
			if d := planar.DistanceSquared(p, q); d < bestD && planar.MultiPolygonContains(mp, q) {
				best, bestD = q, d
			}
		}
	}
	return best
}
