package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"streetfix/handlers"
)

type staffMarkerBody struct {
	ID       int64   `json:"id"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	Category string  `json:"category"`
	Status   string  `json:"status"`
	Distance string  `json:"distance"`
	URL      string  `json:"url"`
}

type staffMapBody struct {
	Tiles struct {
		URL string `json:"url"`
	} `json:"tiles"`
	Report  *staffMarkerBody  `json:"report"`
	Markers []staffMarkerBody `json:"markers"`
}

type queueMarkersBody struct {
	Total   int               `json:"total"`
	Shown   int               `json:"shown"`
	Capped  bool              `json:"capped"`
	Note    string            `json:"note"`
	Markers []staffMarkerBody `json:"markers"`
}

// pageMap reads the map's JSON block from a staff page.
func pageMap(t *testing.T, body string) staffMapBody {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="staff-map-data">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no map data in the page")
	}
	var d staffMapBody
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("map data %q: %v", m[1], err)
	}
	return d
}

func markerIDs(ms []staffMarkerBody) []int64 {
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	return ids
}

// The report page's map: the report and the open reports within 250 m of
// every category, nearest first, only those the signed-in staff may see;
// never closed, hidden or farther reports.
func TestStaffReportMap(t *testing.T) {
	const tiles = "/tiles/{z}/{x}/{y}.png"
	w := newStaffWorld(t, func(c *handlers.Config) { c.TileURL = tiles })
	at := func(dLat float64) [2]float64 { return [2]float64{ixelles[0] + dLat, ixelles[1]} } // 0.001° of latitude is about 111 m
	graffiti := w.newReport("graffiti", at(0.0004), "Tag on the wall", "", "fr")
	sibelga := w.newReport("streetlight_out", at(0.0005), "Lamp out", "", "fr") // Sibelga's, in Ixelles
	nearest := w.newReport("sidewalk", at(0.0002), "Hole", "", "fr")
	closed := w.newReport("sidewalk", at(0.0001), "Closed", "", "fr")
	far := w.newReport("sidewalk", at(0.0030), "Far", "", "fr")
	hidden := w.newReport("sidewalk", at(0.0003), "Hidden", "", "fr")
	for id, change := range map[int64]string{closed: `{"status":"wont_fix"}`, hidden: `{"hidden":true}`} {
		if r := w.admin.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", id), change); r.Code != 200 {
			t.Fatalf("%s: %d %s", change, r.Code, r.Body.String())
		}
	}
	for _, tc := range []struct {
		who  *browserSession
		name string
		want []int64
	}{
		{w.ixl, "Ixelles staff", []int64{graffiti, nearest}},
		{w.admin, "admin", []int64{graffiti, sibelga, nearest}},
		{w.council, "council", []int64{graffiti, sibelga, nearest}},
	} {
		res := tc.who.get(fmt.Sprintf("/staff/reports/%d?lang=en", w.inIxelles))
		if res.Code != 200 {
			t.Fatalf("%s: %d", tc.name, res.Code)
		}
		body := res.Body.String()
		d := pageMap(t, body)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if got := markerIDs(d.Markers); !slices.Equal(got, want) {
			t.Errorf("%s: neighbours %v, want %v (closed %d, far %d, hidden %d, Sibelga %d)", tc.name, got, want, closed, far, hidden, sibelga)
		}
		if d.Report == nil || d.Report.ID != w.inIxelles || d.Tiles.URL != tiles {
			t.Errorf("%s: the report or the tiles missing: %+v", tc.name, d)
		}
		if len(d.Markers) > 0 && (d.Markers[0].ID != nearest || d.Markers[0].Distance != "22 m" || d.Markers[0].URL != fmt.Sprintf("/staff/reports/%d", nearest) ||
			d.Markers[0].Category != "Damaged sidewalk or trip hazard" || d.Markers[0].Status != "new") {
			t.Errorf("%s: nearest first with distance, category and status: %+v", tc.name, d.Markers[0])
		}
		// The list beside the map links the same reports.
		for _, id := range tc.want {
			if !strings.Contains(body, fmt.Sprintf(`<a href="/staff/reports/%d">#%d</a>`, id, id)) {
				t.Errorf("%s: no link to neighbour %d", tc.name, id)
			}
		}
		if tc.who == w.ixl && strings.Contains(body, "Lamp out") {
			t.Errorf("Ixelles staff see Sibelga's report on the page")
		}
	}
	// Far from everything: no neighbour, said so.
	if body := w.ucc.get(fmt.Sprintf("/staff/reports/%d?lang=en", w.inUccle)).Body.String(); len(pageMap(t, body).Markers) != 0 || !strings.Contains(body, `id="no-neighbours"`) {
		t.Error("Uccle's report has neighbours")
	}
}

// The queue's map: the queue's reports with its filters, scoped like the
// list; bad filters get 400 in the error shape; no staff session, 401.
func TestStaffQueueMarkers(t *testing.T) {
	w := newStaffWorld(t)
	at := func(dLat float64) [2]float64 { return [2]float64{ixelles[0] + dLat, ixelles[1]} }
	graffiti := w.newReport("graffiti", at(0.0004), "Tag on the wall", "", "fr")
	sibelga := w.newReport("streetlight_out", at(0.0005), "Lamp out", "", "fr")
	closed := w.newReport("sidewalk", at(0.0001), "Closed", "", "fr")
	if r := w.admin.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", closed), `{"status":"wont_fix"}`); r.Code != 200 {
		t.Fatalf("close: %d", r.Code)
	}
	get := func(b *browserSession, q string) queueMarkersBody {
		t.Helper()
		res := b.get("/staff/queue/markers" + q)
		if res.Code != 200 || !strings.HasPrefix(res.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %s", q, res.Code, res.Body.String())
		}
		var out queueMarkersBody
		if err := json.Unmarshal(res.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if out.Shown != len(out.Markers) || out.Capped != (out.Total > out.Shown) || out.Note == "" {
			t.Errorf("%s: counts %+v", q, out)
		}
		return out
	}
	for _, tc := range []struct {
		who   *browserSession
		query string
		want  []int64
	}{
		{w.ixl, "", []int64{w.inIxelles, graffiti}}, // open reports by default, Ixelles' only
		{w.ixl, "?status=", []int64{w.inIxelles, graffiti, closed}},
		{w.ixl, "?category=graffiti", []int64{graffiti}},
		{w.ixl, "?body=commune-21016", nil}, // another body's filter shows nothing
		{w.ixl, "?status=closed&view=map", []int64{closed}},
		{w.ucc, "", []int64{w.inUccle}},
		{w.admin, "", []int64{w.inIxelles, w.inUccle, graffiti, sibelga}},
		{w.admin, "?theme=social", []int64{graffiti}},
		{w.admin, "?area=21016", []int64{w.inUccle}},
	} {
		want := slices.Clone(tc.want)
		slices.Sort(want)
		got := get(tc.who, tc.query)
		if ids := markerIDs(got.Markers); !slices.Equal(ids, want) || got.Total != len(want) {
			t.Errorf("%s: markers %v (total %d), want %v", tc.query, ids, got.Total, want)
		}
		for _, m := range got.Markers {
			if m.URL != fmt.Sprintf("/staff/reports/%d", m.ID) || m.Lat == 0 || m.Category == "" || m.Status == "" {
				t.Errorf("%s: marker %+v", tc.query, m)
			}
		}
	}
	if got := get(w.ixl, "?lang=fr"); got.Note != "La carte montre 2 signalements." {
		t.Errorf("French note %q", got.Note)
	}
	for _, q := range []struct{ query, field string }{
		{"?category=nope", "category"}, {"?status=broken", "status"}, {"?sort=random", "sort"}, {"?min_days=-1", "min_days"}, {"?view=globe", "view"},
		{"?assignee=nobody", "assignee"}, {"?photo=maybe", "photo"},
	} {
		res := w.ixl.get("/staff/queue/markers" + q.query)
		e := decode[errorBody](t, res)
		if res.Code != http.StatusBadRequest || e.Error.Code != "invalid_filter" || e.Error.Field != q.field {
			t.Errorf("%s: %d %s", q.query, res.Code, res.Body.String())
		}
	}
	res := w.do("GET", "/staff/queue/markers", nil)
	if res.Code != http.StatusUnauthorized || decode[errorBody](t, res).Error.Code != "unauthorized" {
		t.Errorf("anonymous: %d %s", res.Code, res.Body.String())
	}
	// The queue page carries its filters to the map and keeps the view.
	body := w.ixl.get("/staff?category=graffiti&view=map&lang=en").Body.String()
	for _, want := range []string{`data-markers="/staff/queue/markers"`, `class="queue-layout view-map"`, `<input type="hidden" name="view" value="map">`,
		`id="show-list"`, `href="/staff?category=graffiti&amp;sort=newest&amp;status=open&amp;view=map"`} {
		if !strings.Contains(body, want) {
			t.Errorf("queue page lacks %s", want)
		}
	}
}
