package db_test

import (
	"context"
	"reflect"
	"testing"
)

// AnswersUnder counts the reports of a category holding an answer under
// each code (whatever the category asks now); LIKE only narrows down, the
// JSON decides (an _ in a code is no wildcard in the count).
func TestAnswersUnder(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	for _, answers := range []string{`{"surface":"roadway"}`, `{"surface":"pavement","size_cm":12}`, `{"sizexcm":3,"note":"surface"}`} {
		r := newReport(t, s, 4.3525, 50.8467, "pothole")
		r.Report.Answers = answers
		if _, err := s.CreateReport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	other := newReport(t, s, 4.3525, 50.8467, "graffiti")
	other.Report.Answers = `{"surface":"wall"}`
	if _, err := s.CreateReport(ctx, other); err != nil {
		t.Fatal(err)
	}
	got, err := s.AnswersUnder(ctx, "pothole", []string{"surface", "size_cm", "gone"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"surface": 2, "size_cm": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("AnswersUnder: %v, want %v", got, want)
	}
	if got, err := s.AnswersUnder(ctx, "pothole", nil); err != nil || len(got) != 0 {
		t.Errorf("AnswersUnder of no code: %v %v", got, err)
	}
}
