package gazetteer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold lowers s, strips accents and turns every character that is not a
// letter or digit into a space, so "Chaussée d’Ixelles" and "chaussee
// d'ixelles" compare equal and words split on apostrophes and hyphens.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			switch r {
			case 'ß':
				b.WriteString("ss")
			case 'œ', 'Œ':
				b.WriteString("oe")
			case 'æ', 'Æ':
				b.WriteString("ae")
			default:
				b.WriteRune(unicode.ToLower(r))
			}
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// words splits a folded string.
func words(folded string) []string { return strings.Fields(folded) }

// dutchSuffixes are the generic parts Dutch glues to a street's name
// ("Wetstraat", "Waversesteenweg"). A name word ending in one is also
// indexed as its two halves, so "wet straat" finds "Wetstraat".
var dutchSuffixes = []string{
	"steenweg", "straat", "laan", "plein", "dreef", "kaai", "weg", "pad", "lei", "brug",
	"tunnel", "square", "park", "hof", "markt", "plaats", "berg", "veld", "wegel", "gang",
}

// splitCompound returns the halves of a Dutch compound street word, or nil.
func splitCompound(w string) []string {
	for _, suf := range dutchSuffixes {
		if len(w) > len(suf)+1 && strings.HasSuffix(w, suf) {
			return []string{w[:len(w)-len(suf)], suf}
		}
	}
	return nil
}

// abbreviations are the short forms people type for street kinds and
// saints' names in French and Dutch; a typed word matches its long form too.
var abbreviations = map[string][]string{
	"av": {"avenue"}, "ave": {"avenue"}, "bd": {"boulevard"}, "bld": {"boulevard"}, "blvd": {"boulevard"},
	"bvd": {"boulevard"}, "ch": {"chaussee"}, "chee": {"chaussee"}, "chs": {"chaussee"}, "pl": {"place", "plein"},
	"sq": {"square"}, "st": {"saint", "sint"}, "ste": {"sainte"}, "stwg": {"steenweg"}, "str": {"straat"},
	"imp": {"impasse"}, "gal": {"galerie"}, "q": {"quai"}, "r": {"rue"},
}

// isNumber reports whether a folded word is a house number: digits,
// optionally followed by one or two letters (12, 12a, 12bis is not).
func isNumber(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 5 {
		return false
	}
	return len(w)-i <= 1
}
