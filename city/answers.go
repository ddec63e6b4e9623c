package city

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Answer is one answer of a report to its category's question, in words.
type Answer struct {
	Code     string `json:"code"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	Private  bool   `json:"-"`
	// NoLongerAsked marks, for staff only, an answer stored under a code
	// the category no longer has a question for (renamed or removed):
	// Code is the stored code and Question is empty.
	NoLongerAsked bool `json:"-"`
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

// StaffAnswers is Answers with private ones, for staff, followed by the
// answers stored under codes the category no longer asks (a question
// renamed or removed since), in the order of their codes, as stored: a
// list's keys joined, since their names went with the question. Staff
// keep what citizens said; no public output shows these, as nobody can
// tell whether the question was private.
func StaffAnswers(questions []Question, stored string, lang string) []Answer {
	out := Answers(questions, stored, lang, true)
	raw := Retired(questions, stored)
	for _, code := range slices.Sorted(maps.Keys(raw)) {
		v := raw[code]
		a := Question{Code: code}.Label(v, lang)
		if a == "" && !emptyAnswer(v) {
			a = string(v) // neither text, list nor number: the JSON as stored
		}
		if a != "" {
			out = append(out, Answer{Code: code, Answer: a, NoLongerAsked: true})
		}
	}
	return out
}

// Retired returns the answers of a stored JSON object under codes the
// category's questions no longer ask, as stored (nil when stored is not
// an object).
func Retired(questions []Question, stored string) map[string]json.RawMessage {
	var raw map[string]json.RawMessage
	if json.Unmarshal([]byte(stored), &raw) != nil {
		return nil
	}
	for _, q := range questions {
		delete(raw, q.Code)
	}
	return raw
}

// emptyAnswer tells an answer that says nothing: null, "", [] or {}.
func emptyAnswer(v json.RawMessage) bool {
	switch strings.TrimSpace(string(v)) {
	case "null", `""`, "[]", "{}":
		return true
	}
	return false
}

// PublicAnswers keeps the answers of a stored JSON object to the
// category's current questions that are not private, as a JSON object
// again. Answers under codes the category no longer asks are left out:
// the question may have been private.
func PublicAnswers(questions []Question, stored string) json.RawMessage {
	var raw map[string]json.RawMessage
	if json.Unmarshal([]byte(stored), &raw) != nil {
		return json.RawMessage("{}")
	}
	public := map[string]json.RawMessage{}
	for _, q := range questions {
		if v, ok := raw[q.Code]; ok && !q.Private {
			public[q.Code] = v
		}
	}
	b, err := json.Marshal(public)
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
