package demo

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Languages of the generated reports and their shares: Brussels is mostly
// French-speaking, and English is the common language of its many expats.
var locales = []struct {
	code  string
	share float64
}{{"fr", 0.50}, {"nl", 0.25}, {"en", 0.25}}

// slot is a placeholder in a phrase template, written {name} in the text,
// or {Name} to capitalise the first letter of what it is replaced by.
type slot uint8

const (
	slotLit      slot = iota // no slot: a literal piece of text
	slotStreet               // the street's name
	slotAt                   // the street with its preposition: "dans la rue Haute"
	slotCorner               // "à l'angle de la rue Haute et de la rue Blaes"
	slotNr                   // a house number
	slotLandmark             // "devant l'école"
	slotSince                // "depuis plusieurs semaines"
	slotWhere                // " sur le trottoir": where a hole is, with its leading space, or ""
	slotWhereOf              // " du trottoir"
	slotN                    // a number taken from an answer
	slotBody                 // the responsible body's name
	slotCat                  // the category's name
	numSlots
)

var slotNames = map[string]slot{
	"street": slotStreet, "at": slotAt, "corner": slotCorner, "nr": slotNr,
	"landmark": slotLandmark, "since": slotSince, "where": slotWhere,
	"whereOf": slotWhereOf, "n": slotN, "body": slotBody, "cat": slotCat,
}

type segment struct {
	lit   string
	slot  slot
	upper bool
}

// tmpl is a parsed phrase: rendering it is a few appends, which keeps a
// million reports fast.
type tmpl []segment

func parseTmpl(s string) (tmpl, error) {
	var t tmpl
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			t = append(t, segment{lit: s})
			break
		}
		if open > 0 {
			t = append(t, segment{lit: s[:open]})
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("unclosed slot in %q", s)
		}
		name := s[open+1 : open+end]
		upper := name != "" && unicode.IsUpper(rune(name[0]))
		if upper {
			name = strings.ToLower(name[:1]) + name[1:]
		}
		sl, ok := slotNames[name]
		if !ok {
			return nil, fmt.Errorf("unknown slot {%s} in %q", name, s)
		}
		t = append(t, segment{slot: sl, upper: upper})
		s = s[open+end+1:]
	}
	return t, nil
}

// slots holds what each slot stands for in one report.
type slots [numSlots]string

func (t tmpl) appendTo(b []byte, v *slots) []byte {
	for _, sg := range t {
		if sg.slot == slotLit {
			b = append(b, sg.lit...)
			continue
		}
		s := v[sg.slot]
		if sg.upper {
			b = appendUpperFirst(b, s)
		} else {
			b = append(b, s...)
		}
	}
	return b
}

// render returns the text of t, using buf as scratch space; a template
// without slots costs no allocation.
func (t tmpl) render(buf *[]byte, v *slots) string {
	if len(t) == 1 && t[0].slot == slotLit {
		return t[0].lit
	}
	*buf = t.appendTo((*buf)[:0], v)
	return string(*buf)
}

func appendUpperFirst(b []byte, s string) []byte {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return b
	}
	b = utf8.AppendRune(b, unicode.ToUpper(r))
	return append(b, s[n:]...)
}

func upperFirst(s string) string { return string(appendUpperFirst(nil, s)) }

// catText is the phrase bank of one category in one language, as written in
// the texts_*.go files. A report's description is one "what" sentence, then
// maybe a "more" sentence and a closing. A "what" entry written
// "Title|Sentence" carries the title that matches it, so that a title never
// announces something the description does not say; titles holds the
// general ones, which fit every sentence. Variants hold the texts that
// depend on the answer to the category's main question (a pothole in the
// roadway or on the sidewalk; a car or a bike); their empty fields fall back
// to the base.
type catText struct {
	titles, what, more []string
	variants           map[string]catText
}

// langText is everything written in one language.
type langText struct {
	cats map[string]catText
	// fallback serves categories of another city that have no bank here.
	fallback catText

	closings, landmarks, since []string
	// where and whereOf place a hole or damage, keyed by the surface answer.
	where, whereOf map[string]string
	// answerSentences restate a numeric answer, keyed "category.question".
	answerSentences map[string]string
	// details answer the accessibility question "who is blocked, and how?".
	details []string
	noPlate string

	// Staff notes on status changes, keyed by the new status.
	notes         map[string][]string
	systemAck     []string
	reporterFixed []string
	fixedByCat    map[string][]string
	private       []string
	hiddenPrivate []string

	firstNames []string
}

// Compiled forms of the above.
type catBank struct {
	titles, more []tmpl
	what         []sentence
	variants     map[string]*catBank
}

// sentence is a "what" sentence and the title written for it, if any.
type sentence struct{ title, text tmpl }

type langBank struct {
	code            string
	cats            map[string]*catBank
	fallback        *catBank
	closings        []tmpl
	landmarks       []string
	since           []string
	where, whereOf  map[string]string
	answerSentences map[string]tmpl
	details         []string
	noPlate         string
	notes           map[string][]tmpl
	systemAck       []tmpl
	reporterFixed   []tmpl
	fixedByCat      map[string][]tmpl
	private         []tmpl
	hiddenPrivate   []tmpl
	firstNames      []personName
}

// personName is a first name with the ASCII form used in e-mail addresses.
type personName struct{ name, ascii string }

var banks = map[string]*langBank{
	"fr": mustCompile("fr", frText),
	"nl": mustCompile("nl", nlText),
	"en": mustCompile("en", enText),
}

func mustCompile(code string, lt langText) *langBank {
	b, err := compileLang(code, lt)
	if err != nil {
		panic(fmt.Sprintf("demo: %s texts: %v", code, err))
	}
	return b
}

func compileLang(code string, lt langText) (*langBank, error) {
	var err error
	list := func(ss []string) []tmpl {
		out := make([]tmpl, 0, len(ss))
		for _, s := range ss {
			t, e := parseTmpl(s)
			if e != nil && err == nil {
				err = e
			}
			out = append(out, t)
		}
		return out
	}
	sentences := func(ss []string) []sentence {
		out := make([]sentence, 0, len(ss))
		for _, s := range ss {
			var st sentence
			if title, text, ok := strings.Cut(s, "|"); ok {
				st.title = list([]string{title})[0]
				s = text
			}
			st.text = list([]string{s})[0]
			out = append(out, st)
		}
		return out
	}
	var cat func(ct catText, base *catBank) *catBank
	cat = func(ct catText, base *catBank) *catBank {
		cb := &catBank{titles: list(ct.titles), what: sentences(ct.what), more: list(ct.more)}
		if base != nil {
			if len(cb.titles) == 0 {
				cb.titles = base.titles
			}
			if len(cb.what) == 0 {
				cb.what = base.what
			}
			if len(cb.more) == 0 {
				cb.more = base.more
			}
		}
		if len(ct.variants) > 0 {
			cb.variants = map[string]*catBank{}
			for k, v := range ct.variants {
				cb.variants[k] = cat(v, cb)
			}
		}
		if len(cb.titles) == 0 || len(cb.what) == 0 {
			if err == nil {
				err = fmt.Errorf("a category bank lacks titles or sentences")
			}
		}
		return cb
	}
	b := &langBank{
		code:          code,
		cats:          map[string]*catBank{},
		fallback:      cat(lt.fallback, nil),
		closings:      list(lt.closings),
		landmarks:     lt.landmarks,
		since:         lt.since,
		where:         lt.where,
		whereOf:       lt.whereOf,
		details:       lt.details,
		noPlate:       lt.noPlate,
		notes:         map[string][]tmpl{},
		systemAck:     list(lt.systemAck),
		reporterFixed: list(lt.reporterFixed),
		fixedByCat:    map[string][]tmpl{},
		private:       list(lt.private),
		hiddenPrivate: list(lt.hiddenPrivate),
	}
	for k, v := range lt.cats {
		b.cats[k] = cat(v, nil)
	}
	b.answerSentences = map[string]tmpl{}
	for k, v := range lt.answerSentences {
		b.answerSentences[k] = list([]string{v})[0]
	}
	for k, v := range lt.notes {
		b.notes[k] = list(v)
	}
	for k, v := range lt.fixedByCat {
		b.fixedByCat[k] = list(v)
	}
	for _, n := range lt.firstNames {
		b.firstNames = append(b.firstNames, personName{name: n, ascii: asciiFold(n)})
	}
	if len(b.landmarks) == 0 || len(b.since) == 0 || len(b.closings) == 0 || len(b.firstNames) == 0 {
		return nil, fmt.Errorf("missing landmarks, since, closings or first names")
	}
	return b, err
}

// bank returns the phrase bank of a category in this language.
func (lb *langBank) bank(cat, variant string) *catBank {
	cb, ok := lb.cats[cat]
	if !ok {
		return lb.fallback
	}
	if v, ok := cb.variants[variant]; ok {
		return v
	}
	return cb
}

// asciiFold lowercases a first name and drops its accents for an e-mail
// address.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("àâä", r):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", r):
			b.WriteByte('e')
		case strings.ContainsRune("îï", r):
			b.WriteByte('i')
		case strings.ContainsRune("ôö", r):
			b.WriteByte('o')
		case strings.ContainsRune("ùûü", r):
			b.WriteByte('u')
		case r == 'ç':
			b.WriteByte('c')
		}
	}
	return b.String()
}
