package handlers_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"streetfix/db"
)

// A report's address reaches every output: the API in the asked language,
// the report page, nearby candidates, feeds, Open311, the staff pages and
// the email to the responsible body.
func TestReportAddressEverywhere(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	if err := s.store.SetBodyContact(ctx, "commune-21004", "bxl@example.org", "nl"); err != nil {
		t.Fatal(err)
	}
	w := s.postJSON("/api/v1/reports?lang=fr", map[string]any{"category": "graffiti", "lat": 50.84212, "lon": 4.38530, "title": "Tags on the wall"})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	created := decode[struct {
		Report struct {
			ID      int64  `json:"id"`
			Address string `json:"address"`
		} `json:"report"`
	}](t, w)
	id := strconv.FormatInt(created.Report.ID, 10)
	if created.Report.Address != "Rue de la Loi, Bruxelles" {
		t.Errorf("created report address %q", created.Report.Address)
	}
	addr := map[string]string{"fr": "Rue de la Loi, Bruxelles", "nl": "Wetstraat, Brussel", "en": "Rue de la Loi, City of Brussels"}
	for l, a := range addr {
		get := s.do(http.MethodGet, "/api/v1/reports/"+id+"?lang="+l, nil)
		if got := decode[struct {
			Address string `json:"address"`
		}](t, get).Address; got != a {
			t.Errorf("API in %s: address %q, want %q", l, got, a)
		}
		page := s.do(http.MethodGet, "/reports/"+id+"?lang="+l, nil).Body.String()
		if !strings.Contains(page, `<dd id="report-address">`+html.EscapeString(a)+`</dd>`) {
			t.Errorf("report page in %s lacks %q", l, a)
		}
	}
	jsonHas := func(what, path, want string) {
		t.Helper()
		body := s.do(http.MethodGet, path, nil).Body.String()
		if !strings.Contains(body, want) {
			t.Errorf("%s (%s) lacks %s: %.300s", what, path, want, body)
		}
	}
	jsonHas("nearby", "/api/v1/reports/nearby?lat=50.8421&lon=4.3853&lang=nl", `"address":"Wetstraat, Brussel"`)
	jsonHas("map", "/api/v1/reports?lang=fr", `"address":"Rue de la Loi, Bruxelles"`)
	jsonHas("GeoJSON feed", "/feeds/reports.geojson?lang=nl", `"address":"Wetstraat, Brussel"`)
	jsonHas("Atom feed", "/feeds/reports.atom?lang=fr", `Rue de la Loi, Bruxelles`)
	jsonHas("Open311 JSON", "/open311/v2/requests/"+id+".json?lang=fr", `"address":"Rue de la Loi, Bruxelles"`)
	jsonHas("Open311 XML", "/open311/v2/requests/"+id+".xml?lang=en", `<address>Rue de la Loi, City of Brussels</address>`)

	// The list without a map finds it by its street, which its text does
	// not name, and says where it is.
	list := s.do(http.MethodGet, "/reports?area=21004&street=Wetstraat&lang=nl", nil).Body.String()
	if !strings.Contains(list, "Tags on the wall") || !strings.Contains(list, "Wetstraat, Brussel") {
		t.Errorf("the list by street lacks the report or its address")
	}
	if list := s.do(http.MethodGet, "/reports?area=21004&street=Rue+Haute&lang=nl", nil).Body.String(); strings.Contains(list, "Tags on the wall") {
		t.Errorf("the list for another street has the report")
	}
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	for _, p := range []string{"/staff?lang=nl", "/staff/reports/" + id + "?lang=nl"} {
		if body := b.get(p).Body.String(); !strings.Contains(body, "Wetstraat, Brussel") {
			t.Errorf("staff page %s lacks the address", p)
		}
	}

	runWorker(t, svc)
	ms, err := s.store.Messages(ctx, db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil || len(ms) != 1 {
		t.Fatalf("%d emails (%v)", len(ms), err)
	}
	if !strings.Contains(ms[0].Text, "Adres: Wetstraat, Brussel") || !strings.Contains(ms[0].HTML, "Wetstraat, Brussel") {
		t.Errorf("email to the body lacks the address:\n%s", ms[0].Text)
	}
}

// Far from any street the gazetteer knows, the address is the municipality.
func TestReportAddressFallsBackToMunicipality(t *testing.T) {
	s := newTestServer(t)
	w := s.postJSON("/api/v1/reports?lang=nl", map[string]any{"category": "graffiti", "lat": 50.79, "lon": 4.42})
	var body struct {
		Report struct {
			Address string `json:"address"`
			Area    struct {
				Name string `json:"name"`
			} `json:"area"`
		} `json:"report"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if body.Report.Address == "" || body.Report.Address != body.Report.Area.Name {
		t.Errorf("address %q, want the municipality %q", body.Report.Address, body.Report.Area.Name)
	}
}

// The plain form (no map, no script) places a report at the typed street
// when the gazetteer knows it, in the chosen municipality.
func TestPlainFormPlacesTypedStreet(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		area, address, wantArea, wantAddress string
	}{
		{"", "wetstraat", "21004", "Wetstraat, Brussel"},
		{"21005", "chaussee de wavre 12", "21005", "Steenweg op Waver, Etterbeek"},
		{"21002", "Chaussée de Wavre", "21002", "Waversesteenweg, Oudergem"},
	} {
		title := "Plain " + tc.address
		w := s.postNotifyForm("/reports", url.Values{"area": {tc.area}, "address": {tc.address}, "category": {"graffiti"},
			"title": {title}, "locale": {"nl"}}, "Cookie", "lang=nl")
		if w.Code != http.StatusCreated {
			t.Fatalf("%q: %d %.600s", tc.address, w.Code, w.Body)
		}
		if !strings.Contains(w.Body.String(), `<p id="sent-address">Geplaatst op: `+tc.wantAddress+`</p>`) {
			t.Errorf("%q: the confirmation does not say where the report was placed", tc.address)
		}
		got, err := s.store.ListReports(t.Context(), listByTitle(title))
		if err != nil || len(got) != 1 {
			t.Fatalf("%q: %v %v", tc.address, got, err)
		}
		r := got[0]
		if r.AreaCode != tc.wantArea || r.Address.NL != tc.wantAddress {
			t.Errorf("%q in %q: stored in %s at %q, want %s at %q", tc.address, tc.area, r.AreaCode, r.Address.NL, tc.wantArea, tc.wantAddress)
		}
		if a, _ := s.store.Catalog().Area(r.AreaCode); r.Lat == a.Label[1] && r.Lon == a.Label[0] {
			t.Errorf("%q: placed at the municipality's centre, not the street", tc.address)
		}
	}
	// An unknown street: the municipality's centre, as before.
	w := s.postNotifyForm("/reports", url.Values{"area": {"21009"}, "address": {"Xyzzystraat 3"}, "category": {"graffiti"}, "title": {"Plain unknown"}})
	got, _ := s.store.ListReports(t.Context(), listByTitle("Plain unknown"))
	if a, _ := s.store.Catalog().Area("21009"); w.Code != http.StatusCreated || len(got) != 1 || got[0].Lat != a.Label[1] || got[0].Lon != a.Label[0] {
		t.Errorf("unknown street: %d %+v", w.Code, got)
	}
	// A typed street alone is a place; nothing at all is not.
	if w := s.postNotifyForm("/reports", url.Values{"address": {"Xyzzystraat 3"}, "category": {"graffiti"}}, "Cookie", "lang=en"); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Say where the problem is") {
		t.Errorf("unknown street without a municipality: %d", w.Code)
	}
}
