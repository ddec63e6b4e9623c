package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"streetfix/gazetteer"
	"streetfix/handlers"
)

// A configured self-hosted geocoder (Photon or Nominatim) adds what the
// gazetteer lacks, inside the service area only; when it fails, the
// search still answers.
func TestRemoteGeocoder(t *testing.T) {
	var asked atomic.Value
	var calls atomic.Int32
	fail := atomic.Bool{}
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		asked.Store(r.URL.Query())
		if fail.Load() {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		switch r.URL.Path {
		case "/api": // Photon
			w.Write([]byte(`{"type":"FeatureCollection","features":[
				{"type":"Feature","geometry":{"type":"Point","coordinates":[4.3497,50.8405]},"properties":{"name":"Rue Haute","street":"Rue Haute","housenumber":"12"}},
				{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"name":"Rue Haute"}}]}`))
		case "/search": // Nominatim
			w.Write([]byte(`[{"lat":"50.8405","lon":"4.3497","name":"","address":{"road":"Hoogstraat","house_number":"12"}},
				{"lat":"48.85","lon":"2.35","name":"Rue Haute","address":{}}]`))
		}
	}))
	defer remote.Close()
	for _, kind := range []struct{ path, wantName, lang string }{{"/api", "Rue Haute 12", "fr"}, {"/search", "Hoogstraat 12", "nl"}} {
		g, err := gazetteer.NewRemote(remote.URL + kind.path)
		if err != nil {
			t.Fatal(err)
		}
		s := newTestServer(t, func(c *handlers.Config) { c.Geocoder = g })
		fail.Store(false)
		w := s.do(http.MethodGet, "/api/v1/geocode?q=rue+haute+12&lang="+kind.lang, nil)
		var body struct {
			Results []placeJSON `json:"results"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", kind.path, w.Code, w.Body)
		}
		if len(body.Results) != 1 || body.Results[0].Name != kind.wantName || body.Results[0].Area != "21004" || body.Results[0].Municipality == "" {
			t.Errorf("%s: results %+v, want only %s in 21004", kind.path, body.Results, kind.wantName)
		}
		q := asked.Load().(url.Values)
		if q.Get("q") != "rue haute 12" || (q.Get("lang") != kind.lang && q.Get("accept-language") != kind.lang) || (q.Get("bbox") == "" && q.Get("viewbox") == "") {
			t.Errorf("%s: the geocoder was asked %v", kind.path, q)
		}
		// The gazetteer has enough: the geocoder is not asked.
		before := calls.Load()
		if w := s.do(http.MethodGet, "/api/v1/geocode?q=wetstraat&limit=1", nil); w.Code != http.StatusOK || calls.Load() != before {
			t.Errorf("%s: asked the geocoder although the gazetteer answered (%d)", kind.path, w.Code)
		}
		// Down: the local answer stands.
		fail.Store(true)
		w = s.do(http.MethodGet, "/api/v1/geocode?q=wetstraat&lang=nl", nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"name":"Wetstraat"`) {
			t.Errorf("%s down: %d %s", kind.path, w.Code, w.Body)
		}
	}
	for _, bad := range []string{"ftp://x/api", "not a url", "http:///api", "http://user:pw@host/api"} {
		if _, err := gazetteer.NewRemote(bad); err == nil {
			t.Errorf("NewRemote(%q) accepted", bad)
		}
	}
}
