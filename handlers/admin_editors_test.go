package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
)

// potholeForm is the admin page's form for pothole as it comes: its two
// questions (surface, a list; size_cm, a number) as blocks 0 and 1, and
// block 2 filled in as a new list question.
func potholeForm(t *testing.T, s *testServer) url.Values {
	t.Helper()
	cat, _ := s.store.Catalog().Category("pothole")
	f := url.Values{"code": {"pothole"}, "theme": {cat.Theme}, "owner": {cat.Owner}, "active": {"1"},
		"name_en": {cat.Name.EN}, "name_fr": {cat.Name.FR}, "name_nl": {cat.Name.NL}}
	for i, q := range cat.Questions {
		p := "q." + itoa(int64(i)) + "."
		f.Set(p+"order", itoa(int64(i+1)))
		f.Set(p+"code", q.Code)
		f.Set(p+"datatype", q.Datatype)
		f.Set(p+"fr", q.Description.FR)
		f.Set(p+"nl", q.Description.NL)
		f.Set(p+"en", q.Description.EN)
		if q.Required {
			f.Set(p+"required", "1")
		}
		for j, v := range q.Values {
			vp := p + "v." + itoa(int64(j)) + "."
			f.Set(vp+"key", v.Key)
			f.Set(vp+"fr", v.Name.FR)
			f.Set(vp+"nl", v.Name.NL)
			f.Set(vp+"en", v.Name.EN)
		}
		f.Set(p+"v.9.key", "") // an empty row the page offers
	}
	for k, v := range map[string]string{"order": "3", "code": "lighting", "datatype": "singlevaluelist", "required": "1",
		"fr": "Quand le voyez-vous ?", "nl": "Wanneer ziet u het?", "en": "When do you see it?",
		"v.0.key": "day", "v.0.fr": "De jour", "v.0.nl": "Overdag", "v.0.en": "By day",
		"v.1.key": "night", "v.1.fr": "La nuit", "v.1.nl": "'s Nachts", "v.1.en": "At night", "v.2.key": ""} {
		f.Set("q.2."+k, v)
	}
	return f
}

func questionCodes(s *testServer, code string) []string {
	cat, _ := s.store.Catalog().Category(code)
	var out []string
	for _, q := range cat.Questions {
		out = append(out, q.Code)
	}
	return out
}

// The admin page edits a category's questions with a form: a new list
// question with values in three languages is saved where the JSON editor
// saved it, served by the API and Open311; the order fields and the up
// and down buttons (without the page's script) reorder; a block is
// removed; answers already given keep working.
func TestAdminQuestionsForm(t *testing.T) {
	s := newTestServer(t)
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	id := s.createReport(grandPlace()) // answers surface=roadway
	f := potholeForm(t, s)
	if w := b.postForm("/staff/admin/categories", f); w.Code != 303 {
		t.Fatalf("save: %d %s", w.Code, findAlert(w.Body.String()))
	}
	cat, _ := s.store.Catalog().Category("pothole")
	if got := strings.Join(questionCodes(s, "pothole"), ","); got != "surface,size_cm,lighting" {
		t.Fatalf("questions %s", got)
	}
	q := cat.Questions[2]
	if q.Datatype != "singlevaluelist" || !q.Required || len(q.Values) != 2 || q.Values[1].Name.NL != "'s Nachts" || q.Description.FR != "Quand le voyez-vous ?" {
		t.Errorf("new question %+v", q)
	}
	if api := s.do("GET", "/open311/v2/services/pothole.json?lang=nl", nil).Body.String(); !strings.Contains(api, "Wanneer ziet u het?") || !strings.Contains(api, `"order":3`) {
		t.Errorf("Open311 does not serve the new question: %s", api)
	}
	// The up button of block 2, without the script: saved with the move applied.
	f.Set("move", "2.up")
	if w := b.postForm("/staff/admin/categories", f); w.Code != 303 || !strings.HasSuffix(w.Header().Get("Location"), "#cat-pothole") {
		t.Fatalf("move: %d %s", w.Code, w.Header().Get("Location"))
	}
	if got := strings.Join(questionCodes(s, "pothole"), ","); got != "surface,lighting,size_cm" {
		t.Errorf("after moving up: %s", got)
	}
	// Order fields: lighting first; size_cm removed.
	f.Del("move")
	f.Set("q.2.order", "0")
	f.Set("q.1.remove", "1")
	if w := b.postForm("/staff/admin/categories", f); w.Code != 303 {
		t.Fatalf("reorder: %d %s", w.Code, findAlert(w.Body.String()))
	}
	if got := strings.Join(questionCodes(s, "pothole"), ","); got != "lighting,surface" {
		t.Errorf("after ordering and removing: %s", got)
	}
	// The report's answer to surface still reads as before.
	if page := b.get("/staff/reports/" + itoa(id) + "?lang=fr").Body.String(); !strings.Contains(page, "Chaussée") {
		t.Error("the staff page lost the answer to surface")
	}
	if api := s.do("GET", "/api/v1/reports/"+itoa(id), nil).Body.String(); !strings.Contains(api, `"surface":"roadway"`) {
		t.Errorf("the API lost the answer: %s", api)
	}
	// The page shows the blocks, with one empty block for a new question.
	page := b.get("/staff/admin?lang=en").Body.String()
	for _, want := range []string{`name="q.0.code" value="lighting"`, `name="q.2.code" value=""`, `data-add-question`, `/static/staff-admin.`} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin page has no %s", want)
		}
	}
	if strings.Contains(page, `name="questions"`) {
		t.Error("the admin page still shows the JSON editor")
	}
}

// The server refuses questions it cannot ask with 422 and a page error in
// the page's language saying what to fix, shows the form again as typed,
// and changes nothing.
func TestAdminQuestionsValidation(t *testing.T) {
	s := newTestServer(t)
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	before := strings.Join(questionCodes(s, "pothole"), ",")
	for _, tc := range []struct {
		name   string
		change map[string]string
		want   string // in French
	}{
		{"duplicate code", map[string]string{"q.2.code": "surface"}, "Deux questions ont le code surface"},
		{"list without values", map[string]string{"q.2.v.0.key": "", "q.2.v.0.fr": "", "q.2.v.0.nl": "", "q.2.v.0.en": "",
			"q.2.v.1.key": "", "q.2.v.1.fr": "", "q.2.v.1.nl": "", "q.2.v.1.en": ""}, "Question lighting : une liste a besoin d’au moins une valeur"},
		{"question without Dutch", map[string]string{"q.2.nl": ""}, "Question lighting : écrivez la question en français, en néerlandais et en anglais"},
		{"value without its English label", map[string]string{"q.2.v.1.en": ""}, "Question lighting, valeur night : écrivez son libellé"},
		{"value without a key", map[string]string{"q.2.v.1.key": ""}, "donnez à chaque valeur une clé"},
		{"duplicate key", map[string]string{"q.2.v.1.key": "day"}, "deux valeurs ont la clé day"},
		{"a code with spaces", map[string]string{"q.2.code": "when seen"}, "Question 3 : donnez-lui un code"},
		{"an unknown type", map[string]string{"q.2.datatype": "date"}, "Question lighting : choisissez son type"},
		{"values on a number", map[string]string{"q.2.datatype": "number"}, "seules les questions à liste ont des valeurs"},
	} {
		f := potholeForm(t, s)
		for k, v := range tc.change {
			f.Set(k, v)
		}
		w := b.postForm("/staff/admin/categories?lang=fr", f)
		alert := findAlert(w.Body.String())
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(alert, tc.want) {
			t.Errorf("%s: %d %q, want 422 %q", tc.name, w.Code, alert, tc.want)
		}
		if !strings.Contains(w.Body.String(), `id="cat-pothole" open`) || !strings.Contains(w.Body.String(), `value="Quand le voyez-vous ?"`) {
			t.Errorf("%s: the form is not shown again, open, as typed", tc.name)
		}
		if got := strings.Join(questionCodes(s, "pothole"), ","); got != before {
			t.Errorf("%s: saved anyway: %s", tc.name, got)
		}
	}
}

// Only administrators reach the editors: staff and council get 403 on the
// page and on both forms, and change nothing.
func TestAdminEditorsRoles(t *testing.T) {
	w := newStaffWorld(t)
	for _, who := range []struct {
		name string
		b    *browserSession
	}{{"staff", w.ixl}, {"council", w.council}} {
		if r := who.b.get("/staff/admin"); r.Code != http.StatusForbidden {
			t.Errorf("%s opens the admin page: %d", who.name, r.Code)
		}
		if r := who.b.postForm("/staff/admin/categories", potholeForm(t, w.testServer)); r.Code != http.StatusForbidden {
			t.Errorf("%s saves questions: %d", who.name, r.Code)
		}
		if r := who.b.postForm("/staff/admin/bodies", url.Values{"code": {"commune-21009"}, "name_fr": {"X"}, "name_nl": {"X"}, "name_en": {"X"},
			"email": {"x@example.org"}}); r.Code != http.StatusForbidden {
			t.Errorf("%s saves a body: %d", who.name, r.Code)
		}
	}
	if got := strings.Join(questionCodes(w.testServer, "pothole"), ","); got != "surface,size_cm" {
		t.Errorf("questions changed: %s", got)
	}
	if b, _ := w.store.Catalog().Body("commune-21009"); b.Name.FR == "X" || b.Email == "x@example.org" {
		t.Errorf("body changed: %+v", b)
	}
}

// A body's names, address and email languages are saved from one form on
// the admin page, as one audited change (TestNotifyAdmin: the
// notifications page shows the address and sends admins there); a bad
// address or language is refused in the page's language.
func TestAdminBodyNameAndEmail(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	form := url.Values{"code": {"commune-21009"}, "name_fr": {"Commune d'Ixelles"}, "name_nl": {"Gemeente Elsene"}, "name_en": {"Ixelles"},
		"email": {"Travaux@Ixelles.example"}, "langs": {"fr, nl"}}
	if r := w.admin.postForm("/staff/admin/bodies", form); r.Code != 303 {
		t.Fatalf("save: %d %s", r.Code, findAlert(r.Body.String()))
	}
	b, _ := w.store.Catalog().Body("commune-21009")
	if b.Name.FR != "Commune d'Ixelles" || b.Name.NL != "Gemeente Elsene" || b.Email != "travaux@ixelles.example" {
		t.Errorf("body %+v", b)
	}
	contacts, _ := w.store.BodyContacts(ctx)
	for _, c := range contacts {
		if c.Code == "commune-21009" && c.Langs != "fr,nl" {
			t.Errorf("languages %q", c.Langs)
		}
	}
	entries, _ := w.store.AuditLog(ctx, db.AuditQuery{Action: "update_body", Limit: 10})
	if len(entries) != 1 || !strings.Contains(entries[0].AfterRaw, "travaux@ixelles.example") || !strings.Contains(entries[0].AfterRaw, "Gemeente Elsene") {
		t.Errorf("audit %+v", entries)
	}
	page := w.admin.get("/staff/admin?lang=en").Body.String()
	if !strings.Contains(page, `id="b-email-commune-21009" name="email" type="email" value="travaux@ixelles.example"`) {
		t.Error("the admin page does not show the address in the body's form")
	}
	for _, tc := range []struct{ field, value, want string }{
		{"email", "not an address", "L’adresse e-mail"},
		{"langs", "de", "Les langues"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(tc.field, tc.value)
		r := w.admin.postForm("/staff/admin/bodies?lang=fr", f)
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(findAlert(r.Body.String()), tc.want) {
			t.Errorf("%s %q: %d %q", tc.field, tc.value, r.Code, findAlert(r.Body.String()))
		}
	}
}
