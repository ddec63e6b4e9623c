package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Every refusal on a staff page says what to do in the page's language,
// never the API's English, and never sits next to a "saved" message.
func TestStaffRefusalsInPageLanguage(t *testing.T) {
	w := newStaffWorld(t)
	page := fmt.Sprintf("/staff/reports/%d", w.inIxelles)
	for _, tc := range []struct {
		name string
		form url.Values
		want map[string]string
	}{
		{"same priority", url.Values{"action": {"priority"}, "priority": {"0"}},
			map[string]string{"fr": "déjà cette priorité", "nl": "heeft deze prioriteit al", "en": "already has this priority"}},
		{"bad priority", url.Values{"action": {"priority"}, "priority": {"x"}},
			map[string]string{"fr": "Choisissez une priorité", "nl": "Kies een prioriteit", "en": "Choose a priority"}},
		{"same category and body", url.Values{"action": {"reassign"}, "category": {"sidewalk"}, "body": {"commune-21009"}},
			map[string]string{"fr": "déjà cette catégorie", "nl": "deze categorie en instantie al", "en": "already has this category and body"}},
		{"same status", url.Values{"action": {"status"}, "status": {"new"}},
			map[string]string{"fr": "", "nl": "", "en": "already has this status"}},
		{"no template", url.Values{"action": {"status"}, "template": {"999"}},
			map[string]string{"fr": "Ce modèle n'existe plus", "nl": "Dit sjabloon bestaat niet meer", "en": "This template no longer exists"}},
		{"text unchanged", url.Values{"action": {"edit"}, "title": {"Loose paving stones by the pond"}, "description": {"Les pavés bougent près des étangs, danger pour les poussettes."}},
			map[string]string{"fr": "Rien n'a changé", "nl": "Er is niets gewijzigd", "en": "Nothing changed"}},
		{"already visible", url.Values{"action": {"unhide"}},
			map[string]string{"fr": "déjà visible", "nl": "al zichtbaar", "en": "already shown"}},
		{"no update", url.Values{"action": {"hide_update"}, "event": {"x"}},
			map[string]string{"fr": "n'est plus sur le signalement", "nl": "staat niet meer bij de melding", "en": "no longer on the report"}},
	} {
		for _, lang := range []string{"fr", "nl", "en"} {
			r := w.ixl.postForm(page+"?lang="+lang, tc.form)
			body := r.Body.String()
			alert := findAlert(body)
			if r.Code < 400 || strings.Contains(body, `class="flash"`) || !strings.Contains(alert, tc.want[lang]) {
				t.Errorf("%s in %s: %d, alert %q", tc.name, lang, r.Code, alert)
			}
			for _, english := range []string{"already has", "must be", "nothing changed", "no such", "is not"} {
				if lang != "en" && strings.Contains(strings.ToLower(alert), english) {
					t.Errorf("%s in %s: English in the alert: %q", tc.name, lang, alert)
				}
			}
		}
	}
	// A bulk action that some reports refused says so as an error, with
	// what to do, and not as done.
	r := w.ixl.postForm("/staff/bulk", url.Values{"action": {"status"}, "status": {"acknowledged"},
		"ids": {fmt.Sprint(w.inIxelles), fmt.Sprint(w.inUccle)}, "back": {"/staff?lang=nl"}})
	if r.Code != 303 {
		t.Fatalf("bulk: %d", r.Code)
	}
	body := w.ixl.get(r.Header().Get("Location")).Body.String()
	if alert := findAlert(body); !strings.Contains(alert, "1 van 2 meldingen gewijzigd; 1 geweigerd") || strings.Contains(body, `class="flash"`) {
		t.Errorf("partial bulk: %q", alert)
	}
}
