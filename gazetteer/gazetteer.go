// Package gazetteer is the city's street index: it finds streets (and house
// numbers, where the data has them) by name as people type them, in French
// or Dutch, with or without accents, and finds the street nearest a point,
// from which every report gets a human address. The data is a file of the
// city folder (see file.go for its format); Import builds it from a GeoJSON
// extract of named street lines.
package gazetteer

import (
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"streetfix/city"
	"streetfix/geo"
)

// MaxStreetDistance is how far from a street, in metres, a point may lie
// and still be given that street as its address; farther away, a report's
// address is its municipality. Blocks in the region are about 100 m deep,
// so a point on public space is rarely farther than this from its street.
const MaxStreetDistance = 75

// MaxNumberDistance is how far from a house number a point may lie for the
// number to be part of its address.
const MaxNumberDistance = 30

// Street is one named street within one municipality. FR or NL may be
// empty where the street has a name in one language only.
type Street struct {
	FR, NL string
	Area   string // code of the area (municipality) it lies in
	Lines  orb.MultiLineString
}

// Number is a house number along a street.
type Number struct {
	Street int // position of the street in the slice given to New
	Number string
	Point  orb.Point
}

// Name returns the street's name in lang ("fr", "nl"; anything else is
// French, as English speakers in Brussels use the French names), falling
// back to the other language.
func (s *Street) Name(lang string) string {
	if lang == "nl" && s.NL != "" || s.FR == "" {
		return s.NL
	}
	return s.FR
}

// Gazetteer answers searches and reverse look-ups. It is read-only once
// built, so it is safe for concurrent use.
type Gazetteer struct {
	streets []entry
	areas   map[string]city.Names
	numbers map[int][]Number // by street, sorted by number
	grid    *grid
	count   int // house numbers
	// vocab holds every folded word of every name, sorted, so the words
	// a typed word starts are one range of it; names refer to words by
	// their position.
	vocab  []string
	wordID map[string]int32
	// areaWords are the folded words of each area's names, by areaIndex.
	areaWords [][]string
}

type entry struct {
	Street
	label  orb.Point // a point on the street, half-way along its longest line
	length float64   // metres of line, to rank long streets first
	names  []nameWords
	area   int  // position in areaWords, or -1
	tunnel bool // a road tunnel, ranked after streets of the same name
}

type nameWords struct {
	lang  string
	words []int32 // vocab ids, with Dutch compounds also in halves
	first int32   // the name's first word
}

// New indexes streets and house numbers; areas names each area code for
// the municipality part of an address (streets of an unknown area keep
// their code).
func New(areas []city.Area, streets []Street, numbers []Number) *Gazetteer {
	g := &Gazetteer{areas: map[string]city.Names{}, numbers: map[int][]Number{}, count: len(numbers), wordID: map[string]int32{}}
	areaIndex := map[string]int{}
	for _, a := range areas {
		g.areas[a.Code] = a.Name
		areaIndex[a.Code] = len(g.areaWords)
		var ws []string
		for _, n := range []string{a.Name.FR, a.Name.NL, a.Name.EN} {
			ws = append(ws, words(fold(n))...)
		}
		g.areaWords = append(g.areaWords, ws)
	}
	// Names as words first, then the sorted vocabulary and the ids.
	folded := make([][][]string, len(streets))
	seen := map[string]bool{}
	for i, s := range streets {
		for _, n := range []string{s.FR, s.NL} {
			w := words(fold(n))
			for _, x := range w {
				w = append(w, splitCompound(x)...)
			}
			for _, x := range w {
				seen[x] = true
			}
			folded[i] = append(folded[i], w)
		}
	}
	for w := range seen {
		g.vocab = append(g.vocab, w)
	}
	slices.Sort(g.vocab)
	for i, w := range g.vocab {
		g.wordID[w] = int32(i)
	}
	g.streets = make([]entry, len(streets))
	for i, s := range streets {
		e := &g.streets[i]
		e.Street = s
		e.area = -1
		if a, ok := areaIndex[s.Area]; ok {
			e.area = a
		}
		e.label, e.length = labelPoint(s.Lines)
		e.tunnel = strings.HasPrefix(fold(s.FR), "tunnel ") || strings.HasSuffix(fold(s.NL), "tunnel")
		for j, lang := range []string{"fr", "nl"} {
			w := folded[i][j]
			if len(w) == 0 || lang == "nl" && s.NL == s.FR {
				continue
			}
			nw := nameWords{lang: lang, first: g.wordID[w[0]]}
			for _, x := range w {
				nw.words = append(nw.words, g.wordID[x])
			}
			e.names = append(e.names, nw)
		}
	}
	for _, n := range numbers {
		if n.Street >= 0 && n.Street < len(streets) {
			n.Number = strings.ToLower(strings.TrimSpace(n.Number))
			g.numbers[n.Street] = append(g.numbers[n.Street], n)
		}
	}
	for _, ns := range g.numbers {
		slices.SortFunc(ns, func(a, b Number) int { return strings.Compare(a.Number, b.Number) })
	}
	g.grid = newGrid(g.streets)
	return g
}

// Len returns the number of streets and of house numbers.
func (g *Gazetteer) Len() (streets, numbers int) { return len(g.streets), g.count }

// Match is a street, or a house number of a street, that a search or a
// reverse look-up found.
type Match struct {
	FR, NL   string
	Area     string     // area code
	AreaName city.Names // the municipality
	Number   string     // house number, when the data has it
	Point    orb.Point
	Distance float64 // reverse look-ups: metres from the asked point
}

// Name is the street's name in lang, with the house number if any.
func (m Match) Name(lang string) string {
	s := (&Street{FR: m.FR, NL: m.NL}).Name(lang)
	if m.Number != "" {
		s += " " + m.Number
	}
	return s
}

// Municipality is the name of the match's area in lang.
func (m Match) Municipality(lang string) string {
	if n := m.AreaName.Get(lang); n != "" {
		return n
	}
	return m.Area
}

// Label is the match as one line: "Rue de la Loi 16, Bruxelles".
func (m Match) Label(lang string) string {
	return m.Name(lang) + ", " + m.Municipality(lang)
}

// Address returns the human address of a report at p in the area areaCode,
// in each language: the nearest street within MaxStreetDistance (with its
// house number when one is within MaxNumberDistance), otherwise the
// municipality alone.
func (g *Gazetteer) Address(p orb.Point, areaCode string) city.Names {
	if g != nil {
		if m, ok := g.Nearest(p, MaxStreetDistance); ok {
			return city.Names{EN: m.Label("en"), FR: m.Label("fr"), NL: m.Label("nl")}
		}
	}
	var n city.Names
	if g != nil {
		n = g.areas[areaCode]
	}
	if n.FR == "" && n.NL == "" && n.EN == "" {
		return city.Names{EN: areaCode, FR: areaCode, NL: areaCode}
	}
	return city.Names{EN: n.Get("en"), FR: n.Get("fr"), NL: n.Get("nl")}
}

func (g *Gazetteer) match(i int) Match {
	e := &g.streets[i]
	return Match{FR: e.FR, NL: e.NL, Area: e.Area, AreaName: g.areas[e.Area], Point: e.label}
}

// labelPoint returns the point half-way along the longest line, and the
// length of all lines in metres.
func labelPoint(ml orb.MultiLineString) (orb.Point, float64) {
	var best orb.LineString
	bestLen, total := -1.0, 0.0
	for _, l := range ml {
		n := lineLength(l)
		total += n
		if n > bestLen {
			best, bestLen = l, n
		}
	}
	if len(best) == 0 {
		return orb.Point{}, 0
	}
	half, run := bestLen/2, 0.0
	for i := 1; i < len(best); i++ {
		d := geo.Distance(best[i-1], best[i])
		if run+d >= half && d > 0 {
			t := (half - run) / d
			return orb.Point{best[i-1][0] + t*(best[i][0]-best[i-1][0]), best[i-1][1] + t*(best[i][1]-best[i-1][1])}, total
		}
		run += d
	}
	return best[0], total
}

func lineLength(l orb.LineString) float64 {
	n := 0.0
	for i := 1; i < len(l); i++ {
		n += geo.Distance(l[i-1], l[i])
	}
	return n
}

// metresPerDegree converts degrees near latitude lat into metres on an
// equirectangular plane, exact enough within a city.
func metresPerDegree(lat float64) (x, y float64) {
	return 111320 * math.Cos(lat*math.Pi/180), 110574
}
