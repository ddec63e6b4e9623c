package app_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"streetfix/internal/testpg"
)

// TestServeOnEitherEngine runs the service as `streetfix serve` does, on
// PostgreSQL when STREETFIX_TEST_POSTGRES is set and on SQLite otherwise:
// a report created over HTTP is read back, and the map API, nearby and the
// list's search (typed without its accents) find it.
func TestServeOnEitherEngine(t *testing.T) {
	r := open(t, nil)
	want := "sqlite"
	if testpg.On() {
		want = "postgres"
	}
	if got := r.app.Store.Dialect(); got != want {
		t.Fatalf("the store runs on %s, want %s", got, want)
	}
	r.serve()
	get := func(path string, wantCode int) string {
		t.Helper()
		res, err := http.Get(r.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != wantCode {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		return string(b)
	}

	const title = "Éclairage cassé devant la Bourse, boulevard/Anspach"
	body := `{"category":"pothole","lat":50.8484,"lon":4.3499,"title":"` + title + `","answers":{"surface":"roadway"}}`
	res, err := http.Post(r.base+"/api/v1/reports", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/reports: %d %s", res.StatusCode, b)
	}
	var created struct {
		Report struct {
			ID int64 `json:"id"`
		} `json:"report"`
	}
	if err := json.Unmarshal(b, &created); err != nil || created.Report.ID == 0 {
		t.Fatalf("POST /api/v1/reports: no id in %s (%v)", b, err)
	}
	id := fmt.Sprint(created.Report.ID)

	if got := get("/api/v1/reports/"+id, http.StatusOK); !strings.Contains(got, title) {
		t.Errorf("GET /api/v1/reports/%s lacks the title: %s", id, got)
	}
	if got := get("/api/v1/reports?bbox=4.34,50.84,4.36,50.86&zoom=18", http.StatusOK); !strings.Contains(got, `"id":`+id) {
		t.Errorf("the map API does not show report %s: %s", id, got)
	}
	if got := get("/api/v1/reports/nearby?lat=50.8485&lon=4.3500&radius=100", http.StatusOK); !strings.Contains(got, `"id":`+id) {
		t.Errorf("nearby does not find report %s: %s", id, got)
	}
	if got := get("/api/v1/reports/nearby?lat=50.8600&lon=4.3500&radius=100", http.StatusOK); strings.Contains(got, `"id":`+id) {
		t.Errorf("nearby finds report %s 1.3 km away: %s", id, got)
	}
	for _, q := range []string{"eclairage", "ECLAIRAGE+casse", "Eclair", "anspach"} {
		if got := get("/reports?street="+q, http.StatusOK); !strings.Contains(got, "/reports/"+id+`"`) {
			t.Errorf("the list's search for %q does not find report %s", q, id)
		}
	}
	if got := get("/reports?street=bourse+casse", http.StatusOK); strings.Contains(got, "/reports/"+id+`"`) {
		t.Errorf("the list's search for words out of order finds report %s", id)
	}
	get("/api/v1/reports/nearby?lat=50.8485&lon=4.3500&radius=-1", http.StatusBadRequest)
}
