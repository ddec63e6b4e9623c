package db_test

import (
	"context"
	"encoding/json"
	"testing"

	"streetfix/city"
	"streetfix/db"
)

// Erasing a reporter's data keeps only the answers to the category's
// current public questions: an answer to a private question the admin
// has since removed (a licence plate) goes with the rest, as does one
// under a renamed code, which nothing can tell was public.
func TestErasureDropsAnswersOfQuestionsNoLongerAsked(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	cat, _ := s.Catalog().Category("abandoned_vehicle")
	nr := newReport(t, s, 4.3525, 50.8467, "graffiti")
	nr.Report.Category, nr.Report.Theme = cat.Code, cat.Theme
	nr.Report.Answers = `{"plate":"1-QXZ-987","vehicle_type":"car","colour":"red"}`
	c, err := s.CreateReport(ctx, nr)
	if err != nil {
		t.Fatal(err)
	}
	var qs []city.Question
	for _, q := range cat.Questions {
		if q.Code != "plate" { // the private question goes
			qs = append(qs, q)
		}
	}
	qs = append(qs, city.Question{Code: "colour", Datatype: "string", Description: city.Names{EN: "Colour", FR: "Couleur", NL: "Kleur"}})
	edit := db.CategoryEdit{Code: cat.Code, Theme: cat.Theme, Name: cat.Name, Owner: cat.Owner, Questions: qs, Active: true, Notice: cat.Notice}
	if err := s.SaveCategory(ctx, edit, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := s.EraseReporter(ctx, c.Report.ID, s.Now()); err != nil {
		t.Fatal(err)
	}
	r, err := s.Report(ctx, c.Report.ID)
	if err != nil {
		t.Fatal(err)
	}
	var answers map[string]any
	if err := json.Unmarshal([]byte(r.Answers), &answers); err != nil {
		t.Fatal(err)
	}
	if _, ok := answers["plate"]; ok || answers["vehicle_type"] != "car" || answers["colour"] != "red" || len(answers) != 2 {
		t.Errorf("answers after the erasure: %s, want the two public ones (vehicle_type, colour) only", r.Answers)
	}
}
