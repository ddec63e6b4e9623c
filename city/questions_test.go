package city

import (
	"errors"
	"testing"
)

func TestCheckQuestions(t *testing.T) {
	names := Names{EN: "x", FR: "x", NL: "x"}
	list := func(vs ...QuestionValue) Question {
		return Question{Code: "where", Datatype: "singlevaluelist", Description: names, Values: vs}
	}
	v := func(key string) QuestionValue { return QuestionValue{Key: key, Name: names} }
	for _, tc := range []struct {
		name string
		qs   []Question
		want string // the message id; empty: accepted
	}{
		{"none", nil, ""},
		{"a list and a number", []Question{list(v("a"), v("b")), {Code: "size", Datatype: "number", Description: names}}, ""},
		{"duplicate code", []Question{list(v("a")), list(v("b"))}, "questions.duplicate_code"},
		{"bad code", []Question{{Code: "Where is", Datatype: "string", Description: names}}, "questions.bad_code"},
		{"unknown datatype", []Question{{Code: "when", Datatype: "date", Description: names}}, "questions.bad_datatype"},
		{"no Dutch", []Question{{Code: "when", Datatype: "string", Description: Names{EN: "x", FR: "x"}}}, "questions.empty_label"},
		{"list without values", []Question{list()}, "questions.list_without_values"},
		{"values on a string", []Question{{Code: "when", Datatype: "string", Description: names, Values: []QuestionValue{v("a")}}}, "questions.values_not_list"},
		{"duplicate key", []Question{list(v("a"), v("a"))}, "questions.duplicate_key"},
		{"empty key", []Question{list(v(""))}, "questions.bad_key"},
		{"empty label", []Question{list(QuestionValue{Key: "a", Name: Names{FR: "x", NL: "x"}})}, "questions.empty_value_label"},
	} {
		err := CheckQuestions(tc.qs)
		var qe *QuestionError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &qe) || qe.ID != tc.want):
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
}
