package intake

import (
	"encoding/json"
	"math"
	"time"

	"streetfix/city"
	"streetfix/db"
)

// checkAnswers validates answers against the category's questions and
// returns them as a JSON object holding only known questions.
func checkAnswers(cat db.Category, answers map[string]any) (string, error) {
	known := map[string]city.Question{}
	for _, q := range cat.Questions {
		known[q.Code] = q
	}
	for code := range answers {
		if _, ok := known[code]; !ok {
			return "", fieldErr("answers."+clip(code, 40), "unknown_question", "category %s has no question %q", cat.Code, clip(code, 40))
		}
	}
	out := map[string]any{}
	for _, q := range cat.Questions {
		v, present := answers[q.Code]
		if !present || v == nil || v == "" {
			if q.Required {
				return "", fieldErr("answers."+q.Code, "missing_field", "answers.%s is required for category %s", q.Code, cat.Code)
			}
			continue
		}
		clean, err := checkAnswer(q, v)
		if err != nil {
			return "", err
		}
		out[q.Code] = clean
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// CheckAnswer validates one answer to q as intake does and returns it
// cleaned (moderators editing an answer go through it too).
func CheckAnswer(q city.Question, v any) (any, error) { return checkAnswer(q, v) }

func checkAnswer(q city.Question, v any) (any, error) {
	field := "answers." + q.Code
	switch q.Datatype {
	case "string", "text":
		s, ok := v.(string)
		if !ok {
			return nil, fieldErr(field, "invalid_type", "%s must be text", field)
		}
		max := MaxAnswer
		if q.Datatype == "text" {
			max = MaxTextAnswer
		}
		return CleanText(field, s, max, q.Datatype == "text")
	case "number":
		switch n := v.(type) {
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, fieldErr(field, "invalid_type", "%s must be a finite number", field)
			}
			return n, nil
		case string:
			var f float64
			if err := json.Unmarshal([]byte(n), &f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fieldErr(field, "invalid_type", "%s must be a number", field)
			}
			return f, nil
		}
		return nil, fieldErr(field, "invalid_type", "%s must be a number", field)
	case "datetime":
		s, ok := v.(string)
		if !ok {
			return nil, fieldErr(field, "invalid_type", "%s must be a date and time such as 2026-05-01T14:30:00+02:00", field)
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, fieldErr(field, "invalid_type", "%s must be a date and time such as 2026-05-01T14:30:00+02:00", field)
		}
		return t.Format(time.RFC3339), nil
	case "singlevaluelist":
		s, ok := v.(string)
		if !ok || !allowed(q, s) {
			return nil, fieldErr(field, "invalid_choice", "%s must be one of %s", field, keys(q))
		}
		return s, nil
	case "multivaluelist":
		list, ok := v.([]any)
		if s, isStr := v.(string); isStr {
			list, ok = []any{s}, true
		}
		if !ok {
			return nil, fieldErr(field, "invalid_type", "%s must be a list of %s", field, keys(q))
		}
		var out []string
		seen := map[string]bool{}
		for _, item := range list {
			s, ok := item.(string)
			if !ok || !allowed(q, s) {
				return nil, fieldErr(field, "invalid_choice", "%s may only hold %s", field, keys(q))
			}
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, fieldErr(field, "invalid_type", "%s has an unknown type", field)
}

func allowed(q city.Question, key string) bool {
	for _, v := range q.Values {
		if v.Key == key {
			return true
		}
	}
	return false
}

func keys(q city.Question) string {
	s := ""
	for i, v := range q.Values {
		if i > 0 {
			s += ", "
		}
		s += v.Key
	}
	return s
}
