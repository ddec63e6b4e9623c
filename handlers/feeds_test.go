package handlers_test

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"streetfix/db"
)

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Point   string `xml:"http://www.georss.org/georss point"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestAtomFeeds(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	for _, tc := range []struct {
		path    string
		entries int
	}{
		{"/feeds/reports.atom", 2},
		{"/feeds/reports.atom?area=21009", 1},
		{"/feeds/reports.atom?theme=safe&status=fixed", 1},
		{"/feeds/reports.atom?bbox=4.35,50.84,4.36,50.85", 1},
		{"/reports/1/feed.atom", 2}, // created and the status change; the private note stays out
	} {
		w := s.do("GET", tc.path, nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Fatalf("%s: %d %s", tc.path, w.Code, w.Header().Get("Content-Type"))
		}
		var doc atomDoc
		if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not Atom: %v\n%s", tc.path, err, w.Body)
		}
		if len(doc.Entries) != tc.entries || doc.ID == "" || doc.Updated == "" {
			t.Errorf("%s: %d entries, want %d", tc.path, len(doc.Entries), tc.entries)
		}
		for _, e := range doc.Entries {
			if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.ID == "" || len(e.Links) == 0 {
				t.Errorf("%s: entry %+v", tc.path, e)
			}
		}
		for _, secret := range []string{"private@example.org", "Private Person", "PRIVATE"} {
			if strings.Contains(w.Body.String(), secret) {
				t.Errorf("%s leaks %q", tc.path, secret)
			}
		}
	}
	w := s.do("GET", "/feeds/reports.atom?area=21004", nil)
	var doc atomDoc
	xml.Unmarshal(w.Body.Bytes(), &doc)
	if e := doc.Entries[0]; e.Title != "Pothole <deep> & wide" || e.Point != "50.846700 4.352500" || !strings.Contains(e.Summary, "Near the tram stop.") {
		t.Errorf("entry %+v", e)
	}
	if w := s.do("GET", "/reports/99/feed.atom", nil); w.Code != 404 {
		t.Errorf("missing report feed: %d", w.Code)
	}
	if w := s.do("GET", "/feeds/reports.atom?theme=nope", nil); w.Code != 400 {
		t.Errorf("bad filter: %d", w.Code)
	}
	golden(t, "feeds/report_1.atom", s.do("GET", "/reports/1/feed.atom", nil).Body.Bytes())
}

func TestGeoJSONFeed(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	w := s.do("GET", "/feeds/reports.geojson?status=open", nil)
	var fc featureCollectionBody
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil || w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if len(fc.Features) != 1 || fc.Features[0].ID != 1 || fc.Features[0].Geometry.Coordinates != [2]float64{4.3525, 50.8467} {
		t.Errorf("features %+v", fc.Features)
	}
	if w := s.do("GET", "/feeds/reports.geojson?limit=0", nil); w.Code != 400 {
		t.Errorf("limit=0: %d", w.Code)
	}
	golden(t, "feeds/reports.geojson", s.do("GET", "/feeds/reports.geojson", nil).Body.Bytes())
}

// sseEvent is one event as a client parses it.
type sseEvent struct {
	id, name string
	data     map[string]any
}

// sseEvents parses a stream into a channel, closed when the stream ends.
func sseEvents(resp *http.Response) <-chan sseEvent {
	out := make(chan sseEvent, 100)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				json.Unmarshal([]byte(line[6:]), &ev.data)
			case line == "" && ev.id != "":
				out <- ev
				ev = sseEvent{}
			}
		}
	}()
	return out
}

// take waits for n events.
func take(t *testing.T, ch <-chan sseEvent, n int, timeout time.Duration) []sseEvent {
	t.Helper()
	var got []sseEvent
	deadline := time.After(timeout)
	for len(got) < n {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream ended after %d events, want %d", len(got), n)
			}
			got = append(got, ev)
		case <-deadline:
			t.Fatalf("got %d events in %s, want %d: %+v", len(got), timeout, n, got)
		}
	}
	return got
}

func TestEventStreamLiveAndResume(t *testing.T) {
	s := newTestServer(t)
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func(lastID string) *http.Response {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/feeds/events", nil)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
			t.Fatalf("open stream: %v %v", err, resp)
		}
		return resp
	}
	live := open("")
	liveEvents := sseEvents(live)
	w := s.postJSON("/api/v1/reports", grandPlace())
	id := decode[createdBody](t, w).Report.ID
	got := take(t, liveEvents, 1, 5*time.Second)
	if got[0].name != "report_created" || got[0].data["report_id"].(float64) != float64(id) {
		t.Fatalf("live event %+v", got[0])
	}
	firstID := got[0].id
	live.Body.Close()

	// While the client is away: a status change and a public note.
	updateKey := s.apiKey(db.ScopeUpdate)
	for _, f := range []url.Values{
		{"api_key": {updateKey}, "service_request_id": {"1"}, "status": {"IN_PROGRESS"}, "description": {"On our list."}},
		{"api_key": {updateKey}, "service_request_id": {"1"}, "description": {"Crew on site."}},
	} {
		if r := s.postForm("/open311/v2/servicerequestupdates.json", f); r.code != 200 {
			t.Fatalf("update: %d %s", r.code, r.body)
		}
	}
	// Resuming from the last event seen delivers exactly the two missed ones.
	resumed := open(firstID)
	resumedEvents := sseEvents(resumed)
	got = take(t, resumedEvents, 2, 5*time.Second)
	if got[0].name != "status_changed" || got[0].data["to"] != "in_progress" || got[1].name != "note_added" || got[1].data["note"] != "Crew on site." {
		t.Errorf("resumed events %+v", got)
	}
	// And then live ones, without repeats.
	s.postJSON("/api/v1/reports", grandPlace())
	got = take(t, resumedEvents, 1, 5*time.Second)
	if got[0].name != "report_created" || got[0].data["report_id"].(float64) != float64(id+1) {
		t.Errorf("live after resume %+v", got[0])
	}
	if w := s.do("GET", "/feeds/events?last_event_id=abc", nil); w.Code != 400 {
		t.Errorf("bad Last-Event-ID: %d", w.Code)
	}
}
