package handlers_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"streetfix/db"
)

// personalData are the seeded reporter's details that no export without
// an explicit admin request may carry.
var personalData = []string{"secret.reporter@example.org", "+32 470 99 88 77", "HYPERLINK"}

// brussels is the test city's time zone: exports and dashboard periods
// are in its local time.
var brussels = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		panic(err)
	}
	return loc
}()

func exportTime(t db.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(brussels).Format(time.RFC3339)
}

// TestExportCSVParsesBack reads the CSV export with encoding/csv and finds
// exactly the filtered reports, field by field, without personal data.
func TestExportCSVParsesBack(t *testing.T) {
	s := newTestServer(t)
	seedStats(t, s, 600)
	s.addUser("council@example.org", "council")
	b := s.signIn("council@example.org")
	all := everyReport(t, s)
	// Codes with their English names, as the export writes them beside the codes.
	names := map[string]string{}
	for _, x := range s.city.Themes {
		names[x.Code] = x.Name.EN
	}
	for _, x := range s.city.Categories {
		names[x.Code] = x.Name.EN
	}
	for _, x := range s.city.Areas {
		names[x.Code] = x.Name.EN
	}
	for _, x := range s.city.Bodies {
		names[x.Code] = x.Name.EN
	}
	for _, query := range []string{"", "theme=social&area=21015", "body=sibelga&from=2020-01-01&to=2030-12-31"} {
		w := b.get("/dashboard/reports.csv?lang=en&" + query)
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(w.Header().Get("Content-Disposition"), `attachment; filename="streetfix-reports-`) {
			t.Fatalf("%s: %d %v", query, w.Code, w.Header())
		}
		// The file's name says what it holds.
		name := map[string]string{"": "streetfix-reports-all-made-", "theme=social&area=21015": "streetfix-reports-theme-social-area-21015-all-made-",
			"body=sibelga&from=2020-01-01&to=2030-12-31": "streetfix-reports-body-sibelga-2020-01-01-to-2030-12-31-made-"}[query]
		if !strings.HasPrefix(w.Header().Get("Content-Disposition"), `attachment; filename="`+name) {
			t.Errorf("%s: %s, want a file name starting %s", query, w.Header().Get("Content-Disposition"), name)
		}
		rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(rows[0], ",") != "id,created_at,acknowledged_at,fixed_at,closed_at,theme,category,area,body,status,supports,lon,lat,url,address_fr,address_nl,theme_name,category_name,area_name,body_name" {
			t.Errorf("header %v", rows[0])
		}
		q, _ := parseQuery(query)
		f := newBruteFilter(t, q, time.Time{}) // exports have no default period
		var want [][]string
		for _, r := range all {
			if f.match(r) {
				want = append(want, []string{strconv.FormatInt(r.ID, 10), exportTime(r.CreatedAt), exportTime(r.AcknowledgedAt), exportTime(r.FixedAt),
					exportTime(r.ClosedAt), r.Theme, r.Category, r.AreaCode, r.BodyCode, r.Status, strconv.Itoa(r.SupportCount),
					strconv.FormatFloat(r.Lon, 'f', 6, 64), strconv.FormatFloat(r.Lat, 'f', 6, 64), "http://example.com/reports/" + strconv.FormatInt(r.ID, 10),
					r.Address.FR, r.Address.NL, names[r.Theme], names[r.Category], names[r.AreaCode], names[r.BodyCode]})
			}
		}
		if len(want) == 0 || len(rows)-1 != len(want) {
			t.Fatalf("%s: %d rows, want %d", query, len(rows)-1, len(want))
		}
		for i, row := range rows[1:] {
			if strings.Join(row, "|") != strings.Join(want[i], "|") {
				t.Errorf("%s row %d:\n%v\nwant\n%v", query, i, row, want[i])
			}
		}
		for _, p := range personalData {
			if strings.Contains(w.Body.String(), p) {
				t.Errorf("%s: the export holds %q", query, p)
			}
		}
	}
}

// TestExportGeoJSONParsesBack decodes the GeoJSON export as JSON.
func TestExportGeoJSONParsesBack(t *testing.T) {
	s := newTestServer(t)
	seedStats(t, s, 300)
	all := everyReport(t, s)
	w := s.do("GET", "/stats/reports.geojson?theme=service", nil)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/geo+json; charset=utf-8" ||
		!strings.Contains(w.Header().Get("Content-Disposition"), ".geojson") {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			ID       int64
			Geometry struct {
				Type        string
				Coordinates [2]float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var want []db.Report
	for _, r := range all {
		if r.Theme == "service" {
			want = append(want, r)
		}
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != len(want) || len(want) == 0 {
		t.Fatalf("%s with %d features, want %d", fc.Type, len(fc.Features), len(want))
	}
	for i, f := range fc.Features {
		r := want[i]
		p := f.Properties
		if f.ID != r.ID || f.Geometry.Coordinates != [2]float64{r.Lon, r.Lat} || p["status"] != r.Status || p["category"] != r.Category ||
			p["area"] != r.AreaCode || p["body"] != r.BodyCode || p["created_at"] != exportTime(r.CreatedAt) ||
			p["supports"] != float64(r.SupportCount) || (p["fixed_at"] != nil) != !r.FixedAt.IsZero() {
			t.Errorf("feature %d: %+v, want %+v", i, f, r)
		}
		if _, ok := p["reporter_email"]; ok {
			t.Errorf("feature %d carries an email", i)
		}
	}
}

// TestExportPersonalData: only an admin who asks gets reporters' contact
// details, and a name that looks like a formula is defused.
func TestExportPersonalData(t *testing.T) {
	s := newTestServer(t)
	seedStats(t, s, 50)
	s.addUser("admin@example.org", "admin")
	s.addUser("council@example.org", "council")
	s.addUser("staff@example.org", "staff", "commune-21015")
	admin := s.signIn("admin@example.org")
	for _, path := range []string{"/dashboard/reports.csv", "/dashboard/reports.geojson", "/dashboard/reports.csv?personal=0"} {
		w := admin.get(path)
		for _, p := range personalData {
			if w.Code != 200 || strings.Contains(w.Body.String(), p) {
				t.Errorf("admin without asking, %s: %d, holds %q", path, w.Code, p)
			}
		}
	}
	w := admin.get("/dashboard/reports.csv?personal=1&area=21015")
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if w.Code != 200 || err != nil {
		t.Fatalf("%d %v", w.Code, err)
	}
	if h := strings.Join(rows[0][20:], ","); h != "reporter_name,reporter_email,reporter_phone" {
		t.Errorf("header %v", rows[0])
	}
	found := false
	for _, row := range rows[1:] {
		if row[21] == "secret.reporter@example.org" {
			found = true
			if row[20] != `'=HYPERLINK("http://evil")` || row[22] != "'+32 470 99 88 77" {
				t.Errorf("cells not defused: %q %q", row[20], row[22])
			}
		}
	}
	if !found {
		t.Error("the admin's personal export lacks the reporter")
	}
	entries, err := s.store.AuditLog(t.Context(), auditQuery("admin@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(auditActions(entries), "export_personal") {
		t.Errorf("personal export not audited: %s", auditActions(entries))
	}
	for _, who := range []string{"council@example.org", "staff@example.org"} {
		b := s.signIn(who)
		if w := b.get("/dashboard/reports.csv?personal=1"); w.Code != http.StatusForbidden || strings.Contains(w.Body.String(), "secret.reporter") {
			t.Errorf("%s asking for personal data: %d", who, w.Code)
		}
		w := b.get("/dashboard/reports.csv")
		for _, p := range personalData {
			if w.Code != 200 || strings.Contains(w.Body.String(), p) {
				t.Errorf("%s: %d, holds %q", who, w.Code, p)
			}
		}
	}
	if w := s.do("GET", "/stats/reports.csv?personal=1", nil); w.Code != http.StatusForbidden {
		t.Errorf("public personal export: %d", w.Code)
	}
}

// TestDashboardAccess: anonymous visitors go to the login page; council,
// staff and admins see the dashboard; /stats is public and shows no
// personal data.
func TestDashboardAccess(t *testing.T) {
	s := newTestServer(t)
	seedStats(t, s, 200)
	for _, p := range []string{"/dashboard", "/dashboard/reports.csv", "/dashboard/reports.geojson?theme=safe"} {
		w := s.do("GET", p, nil)
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/staff/login?next=") {
			t.Errorf("anonymous %s: %d %q", p, w.Code, w.Header().Get("Location"))
		}
	}
	for _, role := range []string{"council", "staff", "admin"} {
		email := role + "@example.org"
		s.addUser(email, role, "commune-21009")
		w := s.signIn(email).get("/dashboard?lang=en&theme=mobile&area=21015&from=2026-01-01")
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "Council dashboard") || !strings.Contains(body, `<svg class="chart map"`) {
			t.Errorf("%s: %d %.300s", role, w.Code, body)
		}
		// The download link carries the filters on the screen.
		// The download link carries the filters on the screen, and the
		// page's language for the names beside the codes.
		if !strings.Contains(body, `href="/dashboard/reports.csv?area=21015&amp;from=2026-01-01&amp;lang=en&amp;theme=mobile"`) {
			t.Errorf("%s: the CSV link lacks the filters", role)
		}
		if strings.Contains(body, "reporters&#39; contact details") != (role == "admin") {
			t.Errorf("%s: the personal export link is shown to the wrong role", role)
		}
	}
	w := s.do("GET", "/stats?lang=fr", nil)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "Statistiques") || !strings.Contains(body, "Signalements par commune") {
		t.Fatalf("/stats: %d", w.Code)
	}
	for _, p := range personalData {
		if strings.Contains(body, p) {
			t.Errorf("/stats shows %q", p)
		}
	}
	// The most supported open report (900 supports) links to its page.
	if !strings.Contains(body, `href="/reports/`) || !strings.Contains(body, "Tag on the school wall") || !strings.Contains(body, "900 soutiens") {
		t.Errorf("/stats lacks the most supported report")
	}
}

// TestStatsBadInput: bad filters get a 400 in the API's error shape, and
// the pages say what is wrong with status 400.
func TestStatsBadInput(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct{ query, code, field string }{
		{"from=2026-13-01", "invalid_filter", "from"},
		{"to=yesterday", "invalid_filter", "to"},
		{"theme=nope", "invalid_filter", "theme"},
		{"category=nope", "invalid_filter", "category"},
		{"area=99999", "invalid_filter", "area"},
		{"body=nope", "invalid_filter", "body"},
		{"from=2026-03-01&to=2026-02-01", "invalid_filter", "to"},
		{"from=1990-01-01&to=2026-01-01", "range_too_long", "from"},
		{"from=2020-01-01&period=week", "range_too_long", "period"},
		{"period=day", "invalid_filter", "period"},
		{"from=1960-01-01", "invalid_filter", "from"},
		{"from=9500-01-01", "invalid_filter", "from"},
		{"to=1960-01-01", "invalid_filter", "to"},
		{"to=9999-12-31", "invalid_filter", "to"},
		{"map=dots", "invalid_filter", "map"},
		{"personal=yes", "invalid_filter", "personal"},
	} {
		paths := []string{"/api/v1/stats?", "/stats/reports.csv?"}
		if tc.code == "range_too_long" && tc.field == "period" {
			paths = paths[:1] // exports have no trend: a weekly period is no concern of theirs
		}
		if tc.field == "personal" {
			paths = paths[1:]
		}
		for _, p := range paths {
			w := s.do("GET", p+tc.query, nil)
			e := decode[errorBody](t, w)
			if w.Code != 400 || e.Error.Code != tc.code || e.Error.Field != tc.field || e.Error.Message == "" {
				t.Errorf("%s%s: %d %+v", p, tc.query, w.Code, e)
			}
		}
		if tc.field != "personal" {
			w := s.do("GET", "/stats?lang=en&"+tc.query, nil)
			if w.Code != 400 || !strings.Contains(w.Body.String(), `role="alert"`) || !strings.Contains(w.Body.String(), "These filters cannot be used") {
				t.Errorf("/stats?%s: %d", tc.query, w.Code)
			}
		}
	}
}

func parseQuery(q string) (url.Values, error) { return url.ParseQuery(q) }

func auditActions(entries []db.AuditEntry) string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return strings.Join(out, " ")
}
