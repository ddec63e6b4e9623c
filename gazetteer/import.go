package gazetteer

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"streetfix/city"
	"streetfix/geo"
)

// ImportStats says what an import kept and dropped.
type ImportStats struct {
	Features       int // features read
	Ways           int // named lines kept
	Streets        int // streets (name and municipality) made of them
	Numbers        int // house numbers kept
	Unnamed        int // lines without a name, dropped
	Outside        int // lines and numbers outside every area, dropped
	UnknownStreet  int // house numbers whose street is not among the lines, dropped
	OtherGeometry  int // features that are neither lines nor address points, dropped
	DuplicateNames int // bilingual names that held two streets ("A - B / C - D")
}

// Import reads a GeoJSON FeatureCollection of named street lines (the
// shape of an OpenStreetMap or UrbIS extract) and optional address points,
// and returns the gazetteer's streets and house numbers for city c:
//
//   - a LineString or MultiLineString with a name is a piece of street. Its
//     names come from "name:fr" and "name:nl" when present, otherwise from
//     "name" (Brussels writes both languages as "Rue de la Loi - Wetstraat";
//     each half is recognised as French or Dutch by its street word). The
//     piece belongs to the area holding its middle; pieces of one name
//     within one area make one street.
//   - a Point (or a building Polygon) with "addr:housenumber" and
//     "addr:street" (or "addr:street:fr"/"addr:street:nl") is a house
//     number of that street.
func Import(r io.Reader, c *city.City) ([]Street, []Number, ImportStats, error) {
	var st ImportStats
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, st, fmt.Errorf("gazetteer: import: %w", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, nil, st, fmt.Errorf("gazetteer: import: %w", err)
	}
	polys := make([]orb.MultiPolygon, len(c.Areas))
	for i, a := range c.Areas {
		polys[i] = a.Geometry
	}
	areas := geo.NewAreaIndex(polys)
	locate := func(p orb.Point) string {
		if i := areas.Locate(p); i >= 0 {
			return c.Areas[i].Code
		}
		return ""
	}
	type key struct{ fr, nl, area string }
	byKey := map[key]int{}
	var streets []Street
	type pending struct {
		names [][2]string
		num   string
		p     orb.Point
	}
	var points []pending
	st.Features = len(fc.Features)
	for _, f := range fc.Features {
		var lines orb.MultiLineString
		switch g := f.Geometry.(type) {
		case orb.LineString:
			lines = orb.MultiLineString{g}
		case orb.MultiLineString:
			lines = g
		case orb.Point, orb.Polygon, orb.MultiPolygon:
			num := strings.TrimSpace(f.Properties.MustString("addr:housenumber", ""))
			names := propNames(f.Properties, "addr:street")
			if num == "" || len(names) == 0 {
				st.OtherGeometry++
				continue
			}
			points = append(points, pending{names, num, g.Bound().Center()})
			continue
		default:
			st.OtherGeometry++
			continue
		}
		lines = slices.DeleteFunc(lines, func(l orb.LineString) bool { return len(l) < 2 })
		names := propNames(f.Properties, "name")
		if len(names) == 0 || len(lines) == 0 {
			st.Unnamed++
			continue
		}
		mid, _ := labelPoint(lines)
		area := locate(mid)
		if area == "" {
			st.Outside++
			continue
		}
		st.Ways++
		if len(names) > 1 {
			st.DuplicateNames++
		}
		for _, n := range names {
			k := key{n[0], n[1], area}
			i, ok := byKey[k]
			if !ok {
				i = len(streets)
				byKey[k] = i
				streets = append(streets, Street{FR: n[0], NL: n[1], Area: area})
			}
			streets[i].Lines = append(streets[i].Lines, lines...)
		}
	}
	// Sorted by municipality and name, so a re-import of the same extract
	// gives the same file and a new one a readable diff.
	order := make([]int, len(streets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		sa, sb := streets[a], streets[b]
		return cmpStrings(sa.Area, sb.Area, fold(sa.FR+" "+sa.NL), fold(sb.FR+" "+sb.NL), sa.FR, sb.FR)
	})
	sorted := make([]Street, len(streets))
	for i, j := range order {
		sorted[i] = streets[j]
		byKey[key{streets[j].FR, streets[j].NL, streets[j].Area}] = i
	}
	st.Streets = len(sorted)
	var numbers []Number
	for _, p := range points {
		area := locate(p.p)
		if area == "" {
			st.Outside++
			continue
		}
		i, ok := byKey[key{p.names[0][0], p.names[0][1], area}]
		if !ok {
			st.UnknownStreet++
			continue
		}
		numbers = append(numbers, Number{Street: i, Number: p.num, Point: round6(p.p)})
	}
	slices.SortFunc(numbers, func(a, b Number) int {
		if a.Street != b.Street {
			return a.Street - b.Street
		}
		return strings.Compare(a.Number, b.Number)
	})
	st.Numbers = len(numbers)
	return sorted, numbers, st, nil
}

func cmpStrings(pairs ...string) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if c := strings.Compare(pairs[i], pairs[i+1]); c != 0 {
			return c
		}
	}
	return 0
}

func round6(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e6) / 1e6, math.Round(p[1]*1e6) / 1e6}
}

// propNames returns the (French, Dutch) names a feature gives under key:
// key:fr and key:nl when present, otherwise key itself split into its
// languages. A name holding two streets ("A - B / C - D") gives both.
func propNames(p geojson.Properties, key string) [][2]string {
	fr := strings.TrimSpace(p.MustString(key+":fr", ""))
	nl := strings.TrimSpace(p.MustString(key+":nl", ""))
	if fr != "" || nl != "" {
		return [][2]string{{fr, nl}}
	}
	var out [][2]string
	for _, part := range strings.Split(p.MustString(key, ""), " / ") {
		if fr, nl := SplitName(part); fr != "" || nl != "" {
			out = append(out, [2]string{fr, nl})
		}
	}
	return out
}

// nameSep is the hyphen between the two languages of a Brussels name:
// spaced on at least one side, so "Saint-Gilles" stays whole.
var nameSep = regexp.MustCompile(`\s+-\s*|\s*-\s+`)

// SplitName splits a bilingual name "Rue de la Loi - Wetstraat" into its
// French and Dutch halves, in whichever order they stand. A name in one
// language only is returned as that language's (both, when it cannot be
// told).
func SplitName(name string) (fr, nl string) {
	parts := nameSep.Split(strings.TrimSpace(name), -1)
	parts = slices.DeleteFunc(parts, func(s string) bool { return strings.TrimSpace(s) == "" })
	switch len(parts) {
	case 0:
		return "", ""
	case 1:
		p := strings.TrimSpace(parts[0])
		switch {
		case looksDutch(p) && !looksFrench(p):
			return "", p
		case looksFrench(p) && !looksDutch(p):
			return p, ""
		}
		return p, p
	}
	a, b := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[len(parts)-1])
	if looksDutch(a) && !looksDutch(b) || looksFrench(b) && !looksFrench(a) {
		return b, a
	}
	return a, b
}

// frenchWords start French street names; Dutch ones end in a suffix of
// dutchSuffixes or start with one of dutchWords.
var (
	frenchWords = map[string]bool{
		"rue": true, "avenue": true, "chaussee": true, "place": true, "boulevard": true, "quai": true,
		"chemin": true, "square": true, "dreve": true, "clos": true, "allee": true, "impasse": true,
		"passage": true, "sentier": true, "parvis": true, "rond": true, "galerie": true, "cite": true,
		"pont": true, "passerelle": true, "porte": true, "esplanade": true, "jardin": true, "parc": true,
		"venelle": true, "voie": true, "route": true, "cour": true, "berges": true, "carrefour": true,
		"rampe": true, "ruelle": true, "espace": true, "petite": true, "vieille": true, "montee": true,
		"tunnel": true, "promenade": true, "campus": true, "domaine": true, "residence": true,
	}
	dutchWords = map[string]bool{"sint": true, "kleine": true, "groot": true, "grote": true, "oude": true, "nieuwe": true}
)

func looksFrench(s string) bool {
	w := words(fold(s))
	return len(w) > 0 && frenchWords[w[0]] && !(w[0] == "tunnel" && len(w) == 1)
}

func looksDutch(s string) bool {
	w := words(fold(s))
	if len(w) == 0 {
		return false
	}
	if dutchWords[w[0]] {
		return true
	}
	last := w[len(w)-1]
	for _, suf := range dutchSuffixes {
		if strings.HasSuffix(last, suf) {
			return true
		}
	}
	return false
}
