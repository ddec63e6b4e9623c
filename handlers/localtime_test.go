package handlers_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"streetfix/intake"
)

// reportAt stores a pothole report made at the instant at (RFC 3339), as
// intake would have then, and returns its id.
func (s *testServer) reportAt(at string) int64 {
	s.t.Helper()
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		s.t.Fatal(err)
	}
	lat, lon := 50.8467, 4.3525
	p, err := intake.Prepare(s.store.Catalog(), intake.Input{Category: "pothole", Lat: &lat, Lon: &lon, Title: "Nid-de-poule " + at,
		Answers: map[string]any{"surface": "roadway"}, Locale: "fr"}, "fr", t)
	if err != nil {
		s.t.Fatal(err)
	}
	c, err := s.store.CreateReport(context.Background(), &p.Report)
	if err != nil {
		s.t.Fatal(err)
	}
	return c.Report.ID
}

// Weeks and months of the dashboard start at Brussels' midnight, on both
// sides of each daylight-saving change (29 March 2026: 02:00 CET becomes
// 03:00 CEST; 25 October 2026: 03:00 CEST becomes 02:00 CET); days given
// as filters are Brussels days; exports and pages write local time; the
// API and Open311 stay in UTC.
func TestLocalTimeAcrossDaylightSaving(t *testing.T) {
	s := newTestServer(t)
	ids := map[string]int64{}
	for name, at := range map[string]string{
		"sun 01:30 CET":  "2026-03-29T00:30:00Z", // just before the spring change
		"sun 03:30 CEST": "2026-03-29T01:30:00Z", // just after it
		"sun 23:30 CEST": "2026-03-29T21:30:00Z", // Sunday night: the week of 23 March
		"mon 00:30 CEST": "2026-03-29T22:30:00Z", // Monday in Brussels, Sunday in UTC
		"oct 02:30 CEST": "2026-10-25T00:30:00Z", // 02:30, the first time
		"oct 02:30 CET":  "2026-10-25T01:30:00Z", // 02:30, the second time
		"31 oct 23:30":   "2026-10-31T22:30:00Z", // October in Brussels
		"1 nov 00:30":    "2026-10-31T23:30:00Z", // November in Brussels, October in UTC
	} {
		ids[name] = s.reportAt(at)
	}
	trend := func(query string) statsBody {
		t.Helper()
		w := s.do(http.MethodGet, "/api/v1/stats?"+query, nil)
		if w.Code != http.StatusOK {
			t.Fatalf("stats %s: %d %s", query, w.Code, w.Body.String())
		}
		return decode[statsBody](t, w)
	}
	counts := func(b statsBody) []int {
		for _, sr := range b.Trend.Series {
			if sr.Theme == "infrastructure" {
				return sr.Counts
			}
		}
		return nil
	}
	weeks := trend("period=week&from=2026-03-23&to=2026-04-05")
	if len(weeks.Trend.Periods) != 2 || weeks.Trend.Periods[0].Start != "2026-03-23" || weeks.Trend.Periods[1].Start != "2026-03-30" {
		t.Fatalf("weeks: %+v", weeks.Trend.Periods)
	}
	if got := counts(weeks); !slices.Equal(got, []int{3, 1}) {
		t.Errorf("reports per week across the spring change: %v, want [3 1] (Monday 00:30 CEST is the new week)", got)
	}
	months := trend("period=month&from=2026-10-01&to=2026-11-30")
	if got := counts(months); !slices.Equal(got, []int{3, 1}) {
		t.Errorf("reports per month across the autumn change: %v, want [3 1] (1 November 00:30 CET is November)", got)
	}
	if b := trend("from=2026-11-01&to=2026-11-01"); b.Total != 1 {
		t.Errorf("reports on 1 November (Brussels): %d, want 1", b.Total)
	}
	if b := trend("from=2026-10-25&to=2026-10-25"); b.Total != 2 {
		t.Errorf("reports on 25 October, a 25-hour day: %d, want 2", b.Total)
	}

	// The export of 29 March: Brussels' day, in Brussels' time with offsets.
	w := s.do(http.MethodGet, "/stats/reports.csv?from=2026-03-29&to=2026-03-29", nil)
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil || w.Code != http.StatusOK {
		t.Fatalf("export: %d %v", w.Code, err)
	}
	var created []string
	for _, r := range rows[1:] {
		created = append(created, r[1])
	}
	slices.Sort(created) // rows come in id order; these sort by time
	if want := "2026-03-29T01:30:00+01:00,2026-03-29T03:30:00+02:00,2026-03-29T23:30:00+02:00"; strings.Join(created, ",") != want {
		t.Errorf("export of 29 March: created_at %v, want %s", created, want)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "streetfix-reports-") {
		t.Errorf("export file name: %q", cd)
	}

	// Pages in local time; the API and Open311 in UTC.
	for name, want := range map[string]string{"sun 01:30 CET": "29/03/2026 01:30", "sun 03:30 CEST": "29/03/2026 03:30",
		"oct 02:30 CEST": "25/10/2026 02:30", "oct 02:30 CET": "25/10/2026 02:30", "1 nov 00:30": "01/11/2026 00:30"} {
		page := s.do(http.MethodGet, "/reports/"+itoa(ids[name])+"?lang=fr", nil).Body.String()
		if !strings.Contains(page, want) {
			t.Errorf("report page of %s does not say %s", name, want)
		}
	}
	// The back office too: the report's page and the audit log.
	s.addUser("admin@example.org", "admin")
	admin := s.signIn("admin@example.org")
	staff := admin.get("/staff/reports/" + itoa(ids["1 nov 00:30"])).Body.String()
	if !strings.Contains(staff, "2026-11-01 00:30") || strings.Contains(staff, "UTC") {
		t.Errorf("the staff page of the report of 1 November 00:30 does not say so in local time")
	}
	api := decode[struct {
		CreatedAt string `json:"created_at"`
	}](t, s.do(http.MethodGet, "/api/v1/reports/"+itoa(ids["1 nov 00:30"]), nil))
	if api.CreatedAt != "2026-10-31T23:30:00Z" {
		t.Errorf("API created_at %q, want UTC", api.CreatedAt)
	}
	o := s.do(http.MethodGet, "/open311/v2/requests/"+itoa(ids["1 nov 00:30"])+".json", nil).Body.String()
	if !strings.Contains(o, `"requested_datetime":"2026-10-31T23:30:00Z"`) {
		t.Errorf("Open311 requested_datetime not in UTC: %s", o)
	}
}
