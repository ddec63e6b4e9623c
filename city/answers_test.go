package city

import (
	"reflect"
	"testing"
)

// Answers stored under codes the category no longer asks: staff get them
// after the current ones, by code, as stored (lists joined); public
// answers keep only the current questions that are not private.
func TestStaffAndPublicAnswers(t *testing.T) {
	names := Names{EN: "What?", FR: "Quoi ?", NL: "Wat?"}
	qs := []Question{
		{Code: "kind", Datatype: "singlevaluelist", Description: names, Values: []QuestionValue{{Key: "car", Name: Names{EN: "Car", FR: "Voiture", NL: "Auto"}}}},
		{Code: "plate", Datatype: "string", Private: true, Description: names},
	}
	stored := `{"kind":"car","plate":"AB-1","old_types":["bags","tyres"],"old_plate":"XY-9","size":2.5,"flag":true,"blank":"","none":null,"empty":[]}`
	want := []Answer{
		{Code: "kind", Question: "What?", Answer: "Car"},
		{Code: "plate", Question: "What?", Answer: "AB-1", Private: true},
		{Code: "flag", Answer: "true", NoLongerAsked: true},
		{Code: "old_plate", Answer: "XY-9", NoLongerAsked: true},
		{Code: "old_types", Answer: "bags, tyres", NoLongerAsked: true},
		{Code: "size", Answer: "2.5", NoLongerAsked: true},
	}
	if got := StaffAnswers(qs, stored, "en"); !reflect.DeepEqual(got, want) {
		t.Errorf("StaffAnswers:\n got %+v\nwant %+v", got, want)
	}
	if got := Answers(qs, stored, "en", false); !reflect.DeepEqual(got, want[:1]) {
		t.Errorf("public Answers: %+v", got)
	}
	if got := string(PublicAnswers(qs, stored)); got != `{"kind":"car"}` {
		t.Errorf("PublicAnswers: %s", got)
	}
	if got := string(PublicAnswers(qs, `not json`)); got != `{}` {
		t.Errorf("PublicAnswers of bad JSON: %s", got)
	}
	if got := StaffAnswers(qs, `not json`, "en"); got != nil {
		t.Errorf("StaffAnswers of bad JSON: %+v", got)
	}
}
