package gazetteer

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxQuery is the longest query, in characters, that Search looks at; the
// API refuses longer ones.
const MaxQuery = 200

// maxWords bounds the work of one query: no street name has more.
const maxWords = 12

// Scores of one typed word against one name.
const (
	scoreArea   = 1 // names the street's municipality
	scorePrefix = 2 // starts a word of the name
	scoreWord   = 3 // is a word of the name (or its short form)
	scoreFirst  = 2 // added when it starts the name's first word
)

// queryWord is one typed word with its score against every word of the
// vocabulary and whether it names each area, computed once per search so
// the scan over streets only looks numbers up.
type queryWord struct {
	text   string
	number bool
	score  []uint8 // by vocab id
	areas  []bool  // by area index
}

// Search returns up to limit streets whose name (French or Dutch) holds
// every word of q, each typed word matching the start of a word of the
// name, accents and case ignored, best first. A word may instead name the
// municipality ("loi bruxelles"); a number that is not part of a name is a
// house number, found where the data has it, otherwise the street itself is
// returned. lang ("fr", "nl", "en") ranks names in that language first.
func (g *Gazetteer) Search(q, lang string, limit int) []Match {
	if g == nil || limit <= 0 || utf8.RuneCountInString(q) > MaxQuery {
		return nil
	}
	typed := words(fold(q))
	if len(typed) == 0 || len(typed) > maxWords {
		return nil
	}
	qw := make([]queryWord, len(typed))
	for k, w := range typed {
		qw[k] = g.queryWord(w)
	}
	type hit struct {
		i      int
		score  int
		number string
	}
	var hits []hit
	for i := range g.streets {
		e := &g.streets[i]
		best, number := -1, ""
		for _, nw := range e.names {
			s, num, ok := scoreName(qw, nw, e.area)
			if !ok {
				continue
			}
			if nw.lang == lang || lang == "en" && nw.lang == "fr" {
				s++
			}
			if e.tunnel {
				s-- // people look for the street above more often
			}
			if s > best {
				best, number = s, num
			}
		}
		if best >= 0 {
			hits = append(hits, hit{i, best, number})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return b.score - a.score
		}
		ea, eb := &g.streets[a.i], &g.streets[b.i]
		if ea.length != eb.length {
			if ea.length > eb.length {
				return -1
			}
			return 1
		}
		return strings.Compare(ea.Name(lang), eb.Name(lang))
	})
	out := make([]Match, 0, min(limit, len(hits)))
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		m := g.match(h.i)
		if h.number != "" {
			if n, ok := g.number(h.i, h.number); ok {
				m.Number, m.Point = n.Number, n.Point
			}
		}
		out = append(out, m)
	}
	return out
}

func (g *Gazetteer) queryWord(w string) queryWord {
	q := queryWord{text: w, number: isNumber(w), score: make([]uint8, len(g.vocab))}
	for i := sort.SearchStrings(g.vocab, w); i < len(g.vocab) && strings.HasPrefix(g.vocab[i], w); i++ {
		q.score[i] = scorePrefix
		if g.vocab[i] == w {
			q.score[i] = scoreWord
		}
	}
	for _, long := range abbreviations[w] {
		if id, ok := g.wordID[long]; ok {
			q.score[id] = scoreWord
		}
	}
	if len(w) >= 3 {
		q.areas = make([]bool, len(g.areaWords))
		for a, ws := range g.areaWords {
			q.areas[a] = slices.ContainsFunc(ws, func(x string) bool { return strings.HasPrefix(x, w) })
		}
	}
	return q
}

// scoreName matches the query words against one name: each word must
// match a word of the name, or be a house number, or name the
// municipality. The first word starting the name's first word adds
// scoreFirst, so "rue de la loi" ranks above "tunnel loi".
func scoreName(qw []queryWord, nw nameWords, area int) (score int, number string, ok bool) {
	for k := range qw {
		w := &qw[k]
		s := 0
		for _, id := range nw.words {
			s = max(s, int(w.score[id]))
		}
		if s == 0 {
			switch {
			case w.number && number == "":
				number = w.text
				continue
			case area >= 0 && w.areas != nil && w.areas[area]:
				s = scoreArea
			default:
				return 0, "", false
			}
		}
		if k == 0 && s > scoreArea && w.score[nw.first] > 0 {
			s += scoreFirst
		}
		score += s
	}
	return score, number, true
}

// Geocode returns the best street (or house number) for a free-text
// address such as an Open311 address_string ("Rue de la Loi 16, 1000
// Bruxelles"), or false when no street of the gazetteer matches it.
// Postcodes are ignored; a municipality's name narrows the search.
func (g *Gazetteer) Geocode(address string) (Match, bool) {
	ms := g.Search(dropPostcodes(address), "fr", 1)
	if len(ms) == 0 {
		return Match{}, false
	}
	return ms[0], true
}

// dropPostcodes removes four-digit words that follow a comma or stand
// before a municipality ("…, 1000 Bruxelles"): in Belgium they are
// postcodes, not house numbers.
func dropPostcodes(s string) string {
	parts := strings.Split(s, ",")
	for i := 1; i < len(parts); i++ {
		f := strings.Fields(parts[i])
		if len(f) > 0 && len(f[0]) == 4 && isNumber(f[0]) {
			parts[i] = strings.Join(f[1:], " ")
		}
	}
	return strings.Join(parts, ",")
}

// number finds house number n of street i.
func (g *Gazetteer) number(i int, n string) (Number, bool) {
	ns := g.numbers[i]
	j, ok := slices.BinarySearchFunc(ns, n, func(a Number, n string) int { return strings.Compare(a.Number, n) })
	if !ok {
		return Number{}, false
	}
	return ns[j], true
}
