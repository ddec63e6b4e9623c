package city

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Datatypes are the Open311 GeoReport v2 attribute datatypes a question
// may have, in the order the admin form offers them; the report form, the
// intake checks and Open311 know each of them.
var Datatypes = []string{"string", "text", "number", "datetime", "singlevaluelist", "multivaluelist"}

// IsList says whether a question of datatype d is answered from its values.
func IsList(d string) bool { return d == "singlevaluelist" || d == "multivaluelist" }

var (
	questionCode = regexp.MustCompile(`^[a-z0-9][a-z0-9_]{0,39}$`)
	valueKey     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
)

// MaxQuestions and MaxValues bound a category's questions and a list's
// values: a form a citizen fills on a phone.
const (
	MaxQuestions = 20
	MaxValues    = 30
)

// QuestionError is a category's questions that cannot be saved, and why:
// ID names the message pages show in their language (web/locales), Args
// its values as name, value pairs, Text the English sentence.
type QuestionError struct {
	ID   string
	Args []any
	Text string
}

func (e *QuestionError) Error() string { return e.Text }

func questionErr(id, text string, pairs ...any) error {
	return &QuestionError{ID: id, Text: text, Args: pairs}
}

// CheckQuestions says whether a category's questions can be asked: each
// has its own code, a known datatype and its wording in French, Dutch and
// English; a list question has values, each with its own key and a label
// in the three languages. Answers are stored by code and key, so reports
// already made keep theirs.
func CheckQuestions(qs []Question) error {
	if len(qs) > MaxQuestions {
		return questionErr("questions.too_many", fmt.Sprintf("a category asks at most %d questions", MaxQuestions), "Max", MaxQuestions)
	}
	codes := map[string]bool{}
	for i, q := range qs {
		if !questionCode.MatchString(q.Code) {
			return questionErr("questions.bad_code", fmt.Sprintf("question %d: a code has 1 to 40 lower-case letters, digits or _", i+1), "N", i+1)
		}
		if codes[q.Code] {
			return questionErr("questions.duplicate_code", fmt.Sprintf("two questions have the code %q: give each its own", q.Code), "Code", q.Code)
		}
		codes[q.Code] = true
		if !slices.Contains(Datatypes, q.Datatype) {
			return questionErr("questions.bad_datatype", fmt.Sprintf("question %s: the type is one of %s", q.Code, strings.Join(Datatypes, ", ")), "Code", q.Code)
		}
		if blankName(q.Description) {
			return questionErr("questions.empty_label", fmt.Sprintf("question %s: write the question in French, Dutch and English", q.Code), "Code", q.Code)
		}
		if !IsList(q.Datatype) {
			if len(q.Values) > 0 {
				return questionErr("questions.values_not_list", fmt.Sprintf("question %s: only list questions have values", q.Code), "Code", q.Code)
			}
			continue
		}
		if len(q.Values) == 0 {
			return questionErr("questions.list_without_values", fmt.Sprintf("question %s: a list needs at least one value", q.Code), "Code", q.Code)
		}
		if len(q.Values) > MaxValues {
			return questionErr("questions.too_many_values", fmt.Sprintf("question %s: a list has at most %d values", q.Code, MaxValues), "Code", q.Code, "Max", MaxValues)
		}
		keys := map[string]bool{}
		for _, v := range q.Values {
			if !valueKey.MatchString(v.Key) {
				return questionErr("questions.bad_key", fmt.Sprintf("question %s: each value needs a key of 1 to 40 lower-case letters, digits, - or _", q.Code), "Code", q.Code)
			}
			if keys[v.Key] {
				return questionErr("questions.duplicate_key", fmt.Sprintf("question %s: two values have the key %q", q.Code, v.Key), "Code", q.Code, "Key", v.Key)
			}
			keys[v.Key] = true
			if blankName(v.Name) {
				return questionErr("questions.empty_value_label", fmt.Sprintf("question %s, value %s: write its label in French, Dutch and English", q.Code, v.Key), "Code", q.Code, "Key", v.Key)
			}
		}
	}
	return nil
}

func blankName(n Names) bool {
	return strings.TrimSpace(n.EN) == "" || strings.TrimSpace(n.FR) == "" || strings.TrimSpace(n.NL) == ""
}
