package handlers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// The OpenAPI document of /api/v1 and /open311/v2 (apidoc/openapi.json,
// served at /api/openapi.json) is kept true by two tests: every route
// registered in routes.go is in it (and nothing else), and every example in
// it is sent to a running server, whose answer must have the example's
// shape. `go test -run TestOpenAPI -update` rewrites the answer examples
// from the server's answers (lists cut to two items).

const openAPIFile = "../apidoc/openapi.json"

type openAPIDoc struct {
	Paths      map[string]map[string]*openAPIOp `json:"paths"`
	Components struct {
		Responses map[string]openAPIResponse `json:"responses"`
	} `json:"components"`
}

type openAPIOp struct {
	Parameters []struct {
		Name    string `json:"name"`
		In      string `json:"in"`
		Example any    `json:"example"`
		Schema  struct {
			Enum []string `json:"enum"`
		} `json:"schema"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Example any `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]openAPIResponse `json:"responses"`
	Security  []map[string][]string      `json:"security"`
}

type openAPIResponse struct {
	Ref     string `json:"$ref"`
	Content map[string]struct {
		Example any `json:"example"`
	} `json:"content"`
}

// served fetches the document from the server and checks it is the file.
func servedOpenAPI(t *testing.T, s *testServer) (openAPIDoc, map[string]any) {
	t.Helper()
	w := s.do("GET", "/api/openapi.json", nil)
	file, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") || !bytes.Equal(w.Body.Bytes(), file) {
		t.Fatalf("/api/openapi.json: %d %s, not the file", w.Code, w.Header().Get("Content-Type"))
	}
	var doc openAPIDoc
	var raw map[string]any
	if err := json.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(file, &raw); err != nil || raw["openapi"] != "3.0.3" {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	return doc, raw
}

// routeKey writes a route as "METHOD /path" with each parameter segment
// as "*"; a document path's {format} suffix stands for each of its values.
func docRouteKeys(method, path string, op *openAPIOp) []string {
	keys := []string{""}
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		var alts []string
		switch i := strings.IndexByte(seg, '{'); {
		case i == 0:
			alts = []string{"*"}
		case i > 0:
			name := strings.Trim(seg[i:], "{}")
			for _, p := range op.Parameters {
				if p.Name == name {
					for _, v := range p.Schema.Enum {
						alts = append(alts, seg[:i]+v)
					}
				}
			}
		default:
			alts = []string{seg}
		}
		var next []string
		for _, k := range keys {
			for _, a := range alts {
				next = append(next, k+"/"+a)
			}
		}
		keys = next
	}
	for i := range keys {
		keys[i] = strings.ToUpper(method) + " " + keys[i]
	}
	return keys
}

func ginRouteKey(method, path string) string {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			segs[i] = "*"
		}
	}
	return method + " /" + strings.Join(segs, "/")
}

func TestOpenAPICoversEveryRoute(t *testing.T) {
	s, _ := newNotifyServer(t, nil) // with notifications: /api/v1/subscriptions is registered
	doc, _ := servedOpenAPI(t, s)
	registered := map[string]bool{}
	for _, r := range s.router.(*gin.Engine).Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") || strings.HasPrefix(r.Path, "/open311/v2/") {
			registered[ginRouteKey(r.Method, r.Path)] = true
		}
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for _, k := range docRouteKeys(method, path, op) {
				documented[k] = true
			}
		}
	}
	for k := range registered {
		if !documented[k] {
			t.Errorf("route %s is not in the OpenAPI document", k)
		}
	}
	for k := range documented {
		if !registered[k] {
			t.Errorf("the OpenAPI document has %s, which no route serves", k)
		}
	}
	if len(registered) < 30 {
		t.Errorf("only %d routes found: %v", len(registered), registered)
	}
}

// exampleReporterToken is report 1's token in seedFixed, as in the document.
const exampleReporterToken = "kTq3c9Zr0aXcV1bN4mWfYp2sHd8uJe6LgQx5oRtE7yI"

func TestOpenAPIExamplesRoundTrip(t *testing.T) {
	s, _ := newNotifyServer(t, nil)
	seedFixed(t, s)
	key := s.apiKey(db.ScopeCreate, db.ScopeUpdate)
	doc, raw := servedOpenAPI(t, s)
	type call struct {
		path, method string
		op           *openAPIOp
	}
	var calls []call
	for path, ops := range doc.Paths {
		for method, op := range ops {
			calls = append(calls, call{path, method, op})
		}
	}
	// Reads first; writes in an order the data allows (the reporter marks
	// report 1 fixed last, since "me too" needs it open).
	rank := func(c call) string {
		r := "0"
		if c.method != "get" {
			r = "1"
		}
		if strings.Contains(c.path, "reporter-actions") {
			r = "2"
		}
		if strings.HasPrefix(c.path, "/open311/") && c.method != "get" {
			r = "3"
		}
		return r + c.path + c.method
	}
	sort.Slice(calls, func(i, j int) bool { return rank(calls[i]) < rank(calls[j]) })
	real := strings.NewReplacer("sfk_example", key)
	for _, c := range calls {
		name := strings.ToUpper(c.method) + " " + c.path
		path := c.path
		q := url.Values{}
		var header []string
		for _, p := range c.op.Parameters {
			if p.Example == nil {
				continue
			}
			v := real.Replace(toString(p.Example))
			switch p.In {
			case "path":
				path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(v))
			case "query":
				q.Set(p.Name, v)
			case "header":
				header = append(header, p.Name, v)
			}
		}
		if strings.Contains(path, "{") {
			t.Errorf("%s: a path parameter has no example", name)
			continue
		}
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		if len(c.op.Security) > 0 {
			header = append(header, "Authorization", "Bearer "+key)
		}
		var body io.Reader
		if c.op.RequestBody != nil {
			for ct, content := range c.op.RequestBody.Content {
				switch ct {
				case "application/json":
					b, _ := json.Marshal(content.Example)
					body = strings.NewReader(real.Replace(string(b)))
				case "application/x-www-form-urlencoded":
					f := url.Values{}
					for k, v := range content.Example.(map[string]any) {
						f.Set(k, real.Replace(toString(v)))
					}
					body = strings.NewReader(f.Encode())
				default:
					t.Errorf("%s: no round trip for request examples of type %s", name, ct)
					continue
				}
				header = append(header, "Content-Type", ct)
			}
		}
		w := s.do(strings.ToUpper(c.method), path, body, header...)
		var code string
		for k := range c.op.Responses {
			if strings.HasPrefix(k, "2") {
				code = k
			}
		}
		if code == "" || strconv.Itoa(w.Code) != code {
			t.Errorf("%s: sent %s, got %d, the document says %s: %s", name, path, w.Code, code, w.Body)
			continue
		}
		var got any
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Errorf("%s: answer is not JSON: %v", name, err)
			continue
		}
		ex := c.op.Responses[code].Content["application/json"].Example
		if *update {
			rawOp := raw["paths"].(map[string]any)[c.path].(map[string]any)[c.method].(map[string]any)
			rawOp["responses"].(map[string]any)[code].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["example"] = trimLists(got)
			continue
		}
		if ex == nil {
			t.Errorf("%s: the %s answer has no example", name, code)
			continue
		}
		for _, d := range sameShape(ex, got, "") {
			t.Errorf("%s: %s", name, d)
		}
	}
	// The shared error examples, against errors the server gives.
	for _, e := range []struct{ component, path string }{
		{"Error", "/api/v1/reports/999"},
		{"Open311Error", "/open311/v2/requests/999.json"},
	} {
		w := s.do("GET", e.path, nil)
		var got any
		json.Unmarshal(w.Body.Bytes(), &got)
		for _, d := range sameShape(doc.Components.Responses[e.component].Content["application/json"].Example, got, "") {
			t.Errorf("%s example: %s", e.component, d)
		}
	}
	if *update {
		b, err := json.MarshalIndent(raw, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Clean(openAPIFile), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// trimLists keeps the first two items of every list, for readable examples.
func trimLists(v any) any {
	switch x := v.(type) {
	case []any:
		if len(x) > 2 {
			x = x[:2]
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = trimLists(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = trimLists(e)
		}
		return out
	}
	return v
}

// sameShape lists where got differs from the example ex: a field one has
// and the other lacks, or a value of another JSON type (null matches
// anything: an example may show a value the server leaves empty, or the
// reverse). Lists compare their first items; an empty one matches (what
// is listed depends on the day the tests run).
func sameShape(ex, got any, at string) []string {
	if ex == nil || got == nil {
		return nil
	}
	if reflect.TypeOf(ex) != reflect.TypeOf(got) {
		return []string{at + ": the example has " + reflect.TypeOf(ex).String() + ", the answer " + reflect.TypeOf(got).String()}
	}
	var out []string
	switch x := ex.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k, v := range x {
			if _, ok := g[k]; !ok {
				out = append(out, at+"."+k+": in the example, not in the answer")
				continue
			}
			out = append(out, sameShape(v, g[k], at+"."+k)...)
		}
		for k := range g {
			if _, ok := x[k]; !ok {
				out = append(out, at+"."+k+": in the answer, not in the example")
			}
		}
	case []any:
		g := got.([]any)
		if len(x) > 0 && len(g) > 0 {
			out = append(out, sameShape(x[0], g[0], at+"[0]")...)
		}
	}
	return out
}
