package handlers

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
)

// Moderating answers to a category's questions: like a report's text, an
// answer can hold what must not be public (a name, a phone number), so
// moderators edit or blank it; the original goes to the moderation
// history (db.EditAnswer).

type answerEdit struct{ code, value string } // value: JSON, or "" to blank

// answerEdits checks edits of the answers of a report of category against
// its questions, as intake checks them, in the questions' order. An
// answer stored under a code the category no longer asks (a question
// renamed or removed) can be emptied, not changed: nothing says any more
// what it may hold.
func answerEdits(cat *db.Catalog, category, stored string, in map[string]*string) ([]answerEdit, error) {
	c, ok := cat.Category(category)
	if !ok {
		return nil, newError(http.StatusUnprocessableEntity, "invalid_change", "answers", "the report's category has no questions")
	}
	var out []answerEdit
	for _, q := range c.Questions {
		v, asked := in[q.Code]
		if !asked {
			continue
		}
		if v == nil || strings.TrimSpace(*v) == "" {
			out = append(out, answerEdit{code: q.Code})
			continue
		}
		var raw any = *v
		if q.Datatype == "multivaluelist" {
			var list []any
			for _, k := range strings.Split(*v, ",") {
				if k = strings.TrimSpace(k); k != "" {
					list = append(list, k)
				}
			}
			raw = list
		}
		clean, err := intake.CheckAnswer(q, raw)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(clean)
		if err != nil {
			return nil, err
		}
		out = append(out, answerEdit{code: q.Code, value: string(b)})
	}
	kept := city.Retired(c.Questions, stored)
	for _, code := range slices.Sorted(maps.Keys(in)) {
		if slices.ContainsFunc(c.Questions, func(q city.Question) bool { return q.Code == code }) {
			continue
		}
		if _, ok := kept[code]; !ok {
			return nil, newError(http.StatusUnprocessableEntity, "unknown_question", "answers."+clipCode(code), "category "+category+" has no question "+clipCode(code))
		}
		if v := in[code]; v != nil && strings.TrimSpace(*v) != "" {
			return nil, newError(http.StatusUnprocessableEntity, "question_no_longer_asked", "answers."+code,
				"category "+category+" no longer asks "+code+": its answer can only be emptied").say("answers.retired_refused", "Code", code)
		}
		out = append(out, answerEdit{code: code})
	}
	return out, nil
}

func clipCode(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// answerForm is one answer as the moderation form edits it.
type answerForm struct {
	Code, Question, Value string
	Private               bool
	Retired               bool // stored under a code no longer asked: it can only be emptied
}

// answerForms returns a report's answers as stored, as text to edit: list
// answers as their keys, comma-separated.
func answerForms(c db.Category, stored, lang string) []answerForm {
	raw := map[string]json.RawMessage{}
	if json.Unmarshal([]byte(stored), &raw) != nil {
		return nil
	}
	var out []answerForm
	for _, q := range c.Questions {
		if v, ok := raw[q.Code]; ok {
			out = append(out, answerForm{Code: q.Code, Question: q.Description.Get(lang), Value: answerText(v), Private: q.Private})
			delete(raw, q.Code)
		}
	}
	// What is left is stored under codes the category no longer asks.
	for _, code := range slices.Sorted(maps.Keys(raw)) {
		out = append(out, answerForm{Code: code, Question: code, Value: answerText(raw[code]), Retired: true})
	}
	return out
}

// answerText is a stored answer as the form's text: list answers as their
// keys, comma-separated.
func answerText(v json.RawMessage) string {
	var s string
	var list []string
	switch {
	case json.Unmarshal(v, &s) == nil:
		return s
	case json.Unmarshal(v, &list) == nil:
		return strings.Join(list, ",")
	default:
		return string(v)
	}
}

// changedAnswers reads the moderation form of the answers: those whose
// value differs from what is stored.
func changedAnswers(c db.Category, stored, lang string, form func(string) string) map[string]*string {
	out := map[string]*string{}
	for _, a := range answerForms(c, stored, lang) {
		if v := form("answer." + a.Code); v != a.Value {
			out[a.Code] = &v
		}
	}
	return out
}
