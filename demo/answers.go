package demo

import (
	"math/rand/v2"
	"strconv"
	"time"

	"streetfix/city"
)

// answerer fills in a category's extra questions with values a resident
// would give: required ones always, optional ones often but not always.
type answerer struct {
	r     *rand.Rand
	buf   []byte
	n     int    // the number answered, for the sentence that restates it
	nCode string // the question it answers, or "" when none was
}

// Optional questions are skipped about as often as people skip them.
const shareOptionalAnswered = 0.55

// answers returns the JSON object of answers, with keys in the order of the
// questions. variant is the answer already chosen for the variant question.
func (a *answerer) answers(cat *catInfo, variant string, lb *langBank, created time.Time) string {
	a.n, a.nCode = 0, ""
	if len(cat.cat.Questions) == 0 {
		return "{}"
	}
	b := append(a.buf[:0], '{')
	first := true
	key := func(code string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, code)
		b = append(b, ':')
	}
	r := a.r
	for qi, q := range cat.cat.Questions {
		if qi == cat.variantQ {
			key(q.Code)
			if q.Datatype == "multivaluelist" {
				b = a.appendList(b, q, variant)
			} else {
				b = appendJSONString(b, variant)
			}
			continue
		}
		answered := q.Required || r.Float64() < shareOptionalAnswered
		switch q.Datatype {
		case "singlevaluelist":
			if answered && len(q.Values) > 0 {
				key(q.Code)
				b = appendJSONString(b, q.Values[r.IntN(len(q.Values))].Key)
			}
		case "multivaluelist":
			if answered && len(q.Values) > 0 {
				key(q.Code)
				b = a.appendList(b, q, q.Values[r.IntN(len(q.Values))].Key)
			}
		case "number":
			if answered {
				key(q.Code)
				a.n, a.nCode = a.number(q.Code), q.Code
				b = strconv.AppendInt(b, int64(a.n), 10)
			}
		case "datetime":
			// Seen a little before it was reported.
			if q.Required || r.Float64() < 0.35 {
				key(q.Code)
				seen := created.Add(-time.Duration(10+r.IntN(36*60)) * time.Minute).UTC()
				b = appendJSONString(b, seen.Format(time.RFC3339))
			}
		case "string", "text":
			if s := a.text(q, variant, lb); s != "" {
				key(q.Code)
				b = appendJSONString(b, s)
			}
		}
	}
	b = append(b, '}')
	a.buf = b
	return string(b)
}

// appendList writes a list answer holding main and, now and then, other
// values, in the order the question lists them.
func (a *answerer) appendList(b []byte, q city.Question, main string) []byte {
	b = append(b, '[')
	n := 0
	for _, v := range q.Values {
		if v.Key == main || a.r.Float64() < 0.15 {
			if n > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, v.Key)
			n++
		}
	}
	return append(b, ']')
}

func (a *answerer) number(code string) int {
	r := a.r
	switch code {
	case "size_cm":
		return 10 + 5*r.IntN(15)
	case "lights_out":
		switch x := r.Float64(); {
		case x < 0.7:
			return 1
		case x < 0.9:
			return 2
		default:
			return 3 + r.IntN(4)
		}
	}
	return 1 + r.IntN(10)
}

// text answers the free-text questions the demo knows; others only when
// required.
func (a *answerer) text(q city.Question, variant string, lb *langBank) string {
	r := a.r
	switch q.Code {
	case "pole_number":
		if r.Float64() < 0.3 {
			return strconv.Itoa(10000 + r.IntN(90000))
		}
	case "plate":
		// No real-looking plates: only the common case of a car whose
		// plates have been removed.
		if variant == "car" && r.Float64() < 0.4 {
			return lb.noPlate
		}
	case "details":
		if r.Float64() < 0.5 {
			return lb.details[r.IntN(len(lb.details))]
		}
	default:
		if q.Required {
			return "?"
		}
	}
	return ""
}

// appendJSONString writes s as a JSON string. The demo's texts are valid
// UTF-8, so only quotes, backslashes and control characters need escaping.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
