package handlers_test

import (
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/notify"
)

// The OpenAPI document lists, for each operation, every status it can
// answer. TestOpenAPIListsEveryStatus drives each kind of bad request the
// handlers and the middleware in front of them refuse (bad parameters, a
// post from another site, wrong or oversized bodies, slow uploads, rate
// limits, full upload budgets) and fails when an answer's status is not
// listed for its operation, or is not in the error shape the document
// gives (the API's or Open311's).

// statusCase is one request and the status it gets.
type statusCase struct {
	method, path string
	body         func() io.Reader
	header       []string
	want         int
}

func (c statusCase) name() string { return c.method + " " + clip(c.path, 60) }

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Bodies the cases send.
var (
	noBody    = func() io.Reader { return nil }
	jsonBody  = func(s string) func() io.Reader { return func() io.Reader { return strings.NewReader(s) } }
	hugeJSON  = jsonBody(`{"title":"` + strings.Repeat("x", 70<<10) + `"}`)
	plainText = jsonBody("hello")
)

const multipartType = "multipart/form-data; boundary=XYZ"

// textForm is a form whose text field holds n bytes.
func textForm(n int) func() io.Reader {
	return func() io.Reader {
		return strings.NewReader("--XYZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n" + strings.Repeat("x", n) + "\r\n--XYZ--\r\n")
	}
}

// lateUpload is a multipart body whose connection's read deadline passes
// partway through, as the server's upload timeout makes it.
func lateUpload() io.Reader {
	return io.MultiReader(strings.NewReader("--XYZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nsome"), deadlineReader{})
}

type deadlineReader struct{}

func (deadlineReader) Read([]byte) (int, error) { return 0, os.ErrDeadlineExceeded }

// opFor finds the document's operation for a request: the path whose
// segments match, literal segments before parameters.
func opFor(doc openAPIDoc, method, path string) (string, *openAPIOp) {
	path, _, _ = strings.Cut(path, "?")
	want := strings.Split(strings.ToUpper(method)+" "+path, "/")
	best, bestStars := "", -1
	var found *openAPIOp
	for p, ops := range doc.Paths {
		op, ok := ops[strings.ToLower(method)]
		if !ok {
			continue
		}
		for _, key := range docRouteKeys(method, p, op) {
			segs := strings.Split(key, "/")
			if len(segs) != len(want) {
				continue
			}
			stars, match := 0, true
			for i, s := range segs {
				if s == "*" {
					stars++
				} else if s != want[i] {
					match = false
					break
				}
			}
			if match && (found == nil || stars < bestStars) {
				best, bestStars, found = p, stars, op
			}
		}
	}
	return best, found
}

// checkStatuses sends each case and checks its answer against the document.
func checkStatuses(t *testing.T, s *testServer, doc openAPIDoc, cases []statusCase) {
	t.Helper()
	for _, c := range cases {
		w := s.do(c.method, c.path, c.body(), c.header...)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name(), w.Code, c.want, clip(w.Body.String(), 200))
			continue
		}
		p, op := opFor(doc, c.method, c.path)
		if op == nil {
			t.Errorf("%s: no operation in the document", c.name())
			continue
		}
		code := strconv.Itoa(w.Code)
		r, ok := op.Responses[code]
		if !ok {
			t.Errorf("%s answered %d, which %s %s does not list", c.name(), w.Code, strings.ToUpper(c.method), p)
			continue
		}
		// The answer has the shape of the error the document names.
		switch r.Ref {
		case "#/components/responses/Error":
			var e struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Errorf("%s: %d is not in the API's error shape: %s", c.name(), w.Code, clip(w.Body.String(), 200))
			}
		case "#/components/responses/Open311Error":
			var e []struct {
				Code        int    `json:"code"`
				Description string `json:"description"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || len(e) != 1 || e[0].Code != w.Code || e[0].Description == "" {
				t.Errorf("%s: %d is not in Open311's error shape: %s", c.name(), w.Code, clip(w.Body.String(), 200))
			}
		default:
			t.Errorf("%s: the document's %d for %s is not one of the error responses (%q)", c.name(), w.Code, p, r.Ref)
		}
	}
}

func TestOpenAPIListsEveryStatus(t *testing.T) {
	evil := []string{"Origin", "https://elsewhere.example", "Content-Type", "application/json"}
	asJSON := []string{"Content-Type", "application/json"}
	asText := []string{"Content-Type", "text/plain"}
	asForm := []string{"Content-Type", "application/x-www-form-urlencoded"}
	asMultipart := []string{"Content-Type", multipartType}

	s, _ := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.RateLimit = 0 })
	seedFixed(t, s)
	doc, _ := servedOpenAPI(t, s)
	key := s.apiKey(db.ScopeCreate, db.ScopeUpdate)
	bearer := []string{"Authorization", "Bearer " + key}
	withKey := func(h ...string) []string { return append(append([]string{}, bearer...), h...) }
	o311key := "api_key=" + key
	checkStatuses(t, s, doc, []statusCase{
		{"GET", "/api/v1/areas?format=geojson&simplify=9", noBody, nil, 400},
		{"GET", "/api/v1/areas?format=svg", noBody, nil, 400},
		{"GET", "/api/v1/geocode?q=", noBody, nil, 400},
		{"GET", "/api/v1/geocode?q=" + strings.Repeat("a", 10000), noBody, nil, 400},
		{"GET", "/api/v1/geocode/reverse?lat=nope&lon=4.35", noBody, nil, 400},
		{"GET", "/api/v1/geocode/reverse?lat=51.5&lon=-0.12", noBody, nil, 422},
		{"GET", "/api/v1/reports?bbox=1,2", noBody, nil, 400},
		{"GET", "/api/v1/reports?zoom=99", noBody, nil, 400},
		{"GET", "/api/v1/reports/nearby?lat=50.84", noBody, nil, 400},
		{"GET", "/api/v1/reports/nearby?lat=50.84&lon=4.35&radius=99999", noBody, nil, 400},
		{"GET", "/api/v1/reports/abc", noBody, nil, 404},
		{"GET", "/api/v1/reports/999", noBody, nil, 404},
		{"GET", "/api/v1/stats?area=21004&area=21001", noBody, nil, 400},
		{"GET", "/api/v1/stats?period=sometime", noBody, nil, 400},
		{"GET", "/api/v1/stats/heatmap?theme=safe&theme=mobile", noBody, nil, 400},

		{"POST", "/api/v1/reports", jsonBody(`{}`), evil, 403},
		{"POST", "/api/v1/reports", plainText, asText, 415},
		{"POST", "/api/v1/reports", hugeJSON, asJSON, 413},
		{"POST", "/api/v1/reports", jsonBody(`{`), asJSON, 400},
		{"POST", "/api/v1/reports", jsonBody(`{}`), asJSON, 422},
		{"POST", "/api/v1/reports", lateUpload, asMultipart, 408},
		{"POST", "/api/v1/reports/1/supports", noBody, evil, 403},
		{"POST", "/api/v1/reports/999/supports", noBody, nil, 404},
		{"POST", "/api/v1/reports/1/reporter-actions", jsonBody(`{}`), evil, 403},
		{"POST", "/api/v1/reports/1/reporter-actions", plainText, asText, 415},
		{"POST", "/api/v1/reports/1/reporter-actions", hugeJSON, asJSON, 413},
		{"POST", "/api/v1/reports/1/reporter-actions", jsonBody(`{`), asJSON, 400},
		{"POST", "/api/v1/reports/1/reporter-actions", jsonBody(`{"token":"wrong","action":"fixed"}`), asJSON, 403},
		{"POST", "/api/v1/reports/1/updates", jsonBody(`{}`), evil, 403},
		{"POST", "/api/v1/reports/1/updates", plainText, asText, 415},
		{"POST", "/api/v1/reports/1/updates", hugeJSON, asJSON, 413},
		{"POST", "/api/v1/reports/1/updates", lateUpload, asMultipart, 408},
		{"PATCH", "/api/v1/reports/1", jsonBody(`{"status":"fixed"}`), asJSON, 401},
		{"PATCH", "/api/v1/reports/1", plainText, withKey(asText...), 415},
		{"PATCH", "/api/v1/reports/1", hugeJSON, withKey(asJSON...), 413},
		{"PATCH", "/api/v1/reports/1", jsonBody(`{`), withKey(asJSON...), 400},
		{"PATCH", "/api/v1/reports/999", jsonBody(`{"status":"fixed"}`), withKey(asJSON...), 404},
		{"POST", "/api/v1/reports/1/notes", jsonBody(`{"note":"x"}`), asJSON, 401},
		{"POST", "/api/v1/reports/1/notes", plainText, withKey(asText...), 415},
		{"POST", "/api/v1/reports/1/notes", hugeJSON, withKey(asJSON...), 413},
		{"POST", "/api/v1/reports/1/notes", jsonBody(`{`), withKey(asJSON...), 400},
		{"POST", "/api/v1/subscriptions", plainText, asText, 415},
		{"POST", "/api/v1/subscriptions", hugeJSON, asJSON, 413},
		{"POST", "/api/v1/subscriptions", jsonBody(`{}`), asJSON, 422},

		{"GET", "/open311/v2/discovery.json?x=1&x=2", noBody, nil, 400},
		{"GET", "/open311/v2/requests.json?page=nope", noBody, nil, 400},
		{"GET", "/open311/v2/requests/999.json", noBody, nil, 404},
		{"GET", "/open311/v2/services/nothing.json", noBody, nil, 404},
		{"GET", "/open311/v2/tokens/nothing.json", noBody, nil, 404},
		{"GET", "/open311/v2/servicerequestupdates.json?start_date=yesterday", noBody, nil, 400},
		{"POST", "/open311/v2/requests.json", jsonBody("service_code=pothole"), asForm, 403},
		{"POST", "/open311/v2/requests.json?" + o311key, jsonBody("description=" + strings.Repeat("x", 70<<10)), asForm, 400},
		{"POST", "/open311/v2/requests.json?" + o311key, lateUpload, asMultipart, 400},
		{"POST", "/open311/v2/servicerequestupdates.json", jsonBody("service_request_id=1"), asForm, 403},
	})

	// The write rate limit: one write spends the minute's only token.
	limited, _ := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.RateLimit = 1 })
	seedFixed(t, limited)
	limited.do("POST", "/api/v1/reports", strings.NewReader(`{}`), asJSON...)
	checkStatuses(t, limited, doc, []statusCase{
		{"POST", "/api/v1/reports", jsonBody(`{}`), asJSON, 429},
		{"POST", "/api/v1/reports/1/supports", noBody, nil, 429},
		{"POST", "/api/v1/reports/1/reporter-actions", jsonBody(`{}`), asJSON, 429},
		{"POST", "/api/v1/reports/1/updates", jsonBody(`{}`), asJSON, 429},
		{"POST", "/api/v1/subscriptions", jsonBody(`{}`), asJSON, 429},
		{"POST", "/open311/v2/requests.json", jsonBody("service_code=pothole"), asForm, 429},
	})

	// Uploads: the server's budget spent (503), or the client's share (429).
	for _, b := range []struct {
		tweak func(*handlers.Config)
		want  int
	}{
		{func(c *handlers.Config) { c.UploadBytes, c.UploadBytesPerAddress = 1024, 0 }, 503},
		{func(c *handlers.Config) { c.UploadBytes, c.UploadBytesPerAddress = 1<<20, 1024 }, 429},
	} {
		full, _ := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.RateLimit = 0; b.tweak(c) })
		seedFixed(t, full)
		key := full.apiKey(db.ScopeCreate)
		checkStatuses(t, full, doc, []statusCase{
			{"POST", "/api/v1/reports", textForm(4096), asMultipart, b.want},
			{"POST", "/api/v1/reports/1/updates", textForm(4096), asMultipart, b.want},
			{"POST", "/open311/v2/requests.json?api_key=" + key, textForm(4096), asMultipart, b.want},
		})
	}
}
