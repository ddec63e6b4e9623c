package city

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Answer is one answer of a report to its category's question, in words.
type Answer struct {
	Code     string `json:"code"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	Private  bool   `json:"-"`
}

// Answers reads a report's stored answers (a JSON object) in lang, in the
// order of the category's questions: list answers by their names, others
// as given. Answers to questions the category no longer asks are left
// out; private ones only when withPrivate.
func Answers(questions []Question, stored string, lang string, withPrivate bool) []Answer {
	var raw map[string]json.RawMessage
	if json.Unmarshal([]byte(stored), &raw) != nil {
		return nil
	}
	var out []Answer
	for _, q := range questions {
		v, ok := raw[q.Code]
		if !ok || (q.Private && !withPrivate) {
			continue
		}
		if a := q.Label(v, lang); a != "" {
			out = append(out, Answer{Code: q.Code, Question: q.Description.Get(lang), Answer: a, Private: q.Private})
		}
	}
	return out
}

// PublicAnswers keeps the answers of a stored JSON object that are not
// private, as a JSON object again.
func PublicAnswers(questions []Question, stored string) json.RawMessage {
	var raw map[string]json.RawMessage
	if json.Unmarshal([]byte(stored), &raw) != nil {
		return json.RawMessage("{}")
	}
	for _, q := range questions {
		if q.Private {
			delete(raw, q.Code)
		}
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return json.RawMessage("{}")
	}
	return b
}

// Label is an answer v (JSON) in lang: a list's value by its name.
func (q Question) Label(v json.RawMessage, lang string) string {
	name := func(key string) string {
		for _, qv := range q.Values {
			if qv.Key == key {
				return qv.Name.Get(lang)
			}
		}
		return key
	}
	var s string
	var list []string
	var n float64
	switch {
	case json.Unmarshal(v, &s) == nil:
		if q.Datatype == "singlevaluelist" {
			return name(s)
		}
		return s
	case json.Unmarshal(v, &list) == nil:
		for i := range list {
			list[i] = name(list[i])
		}
		return strings.Join(list, ", ")
	case json.Unmarshal(v, &n) == nil:
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return ""
}
