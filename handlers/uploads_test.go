package handlers_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"streetfix/handlers"
)

// slowUpload is a multipart report upload over a raw connection: it sends
// the headers and the first bytes of a photo, then as much as the test says.
type slowUpload struct {
	t    *testing.T
	conn net.Conn
}

const uploadBoundary = "streetfixtestboundary"

func startUpload(t *testing.T, srv *httptest.Server, from string, size int, first int) *slowUpload {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	head := "--" + uploadBoundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
	fmt.Fprintf(conn, "POST /api/v1/reports HTTP/1.1\r\nHost: example.com\r\nX-Forwarded-For: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n%s",
		from, uploadBoundary, len(head)+size, head)
	u := &slowUpload{t: t, conn: conn}
	u.send(first)
	return u
}

// send writes n more bytes of the photo; a refused upload may have closed
// the connection already, which the answer then tells.
func (u *slowUpload) send(n int) {
	u.conn.Write([]byte(strings.Repeat("x", n)))
}

// answer reads the server's answer: status and error code.
func (u *slowUpload) answer() (int, string, http.Header) {
	u.t.Helper()
	u.conn.SetReadDeadline(time.Now().Add(time.Minute))
	res, err := http.ReadResponse(bufio.NewReader(u.conn), nil)
	if err != nil {
		u.t.Fatalf("no answer: %v", err)
	}
	defer res.Body.Close()
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	b, _ := io.ReadAll(res.Body)
	json.Unmarshal(b, &e)
	return res.StatusCode, e.Error.Code, res.Header
}

// uploadBytes reads the server's gauge of upload bytes held.
func (s *testServer) uploadBytes() int {
	res := s.do("GET", "/metrics", nil)
	for _, line := range strings.Split(res.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "streetfix_upload_bytes_in_flight "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return int(f)
		}
	}
	s.t.Fatal("no streetfix_upload_bytes_in_flight in /metrics")
	return 0
}

// waitUploadBytes waits until the server holds at least (or, with atMost,
// at most) n bytes of uploads.
func (s *testServer) waitUploadBytes(n int, atMost bool) {
	s.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		got := s.uploadBytes()
		if (!atMost && got >= n) || (atMost && got <= n) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("server holds %d bytes of uploads, waited for %d (at most: %v)", got, n, atMost)
		}
		time.Sleep(5 * time.Millisecond) // polling a condition, not timing the outcome
	}
}

// One address holding its share of the upload budget gets 429 for another
// upload; another address still uploads until the server's budget is
// spent (503 with Retry-After); a finished upload gives its bytes back.
// Each step waits on what the server holds, so the outcome does not depend
// on how fast a loaded machine runs.
func TestUploadAddressShare(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) {
		c.UploadBytesPerAddress = 1 << 20
		c.UploadBytes = 1536 << 10
		c.UploadTimeout = 10 * time.Minute // never reached: the test closes its slow uploads
		c.TrustedProxies = []string{"127.0.0.1"}
	})
	srv := httptest.NewServer(s.router)
	defer srv.Close()

	first := startUpload(t, srv, "203.0.113.7", 4<<20, 700<<10)
	s.waitUploadBytes(700<<10, false)
	second := startUpload(t, srv, "203.0.113.7", 4<<20, 0)
	second.send(700 << 10)
	if code, ec, h := second.answer(); code != 429 || ec != "too_many_uploads" || h.Get("Retry-After") == "" {
		t.Errorf("second upload from one address: %d %s Retry-After %q, want 429 too_many_uploads", code, ec, h.Get("Retry-After"))
	}
	other := startUpload(t, srv, "198.51.100.9", 4<<20, 0)
	other.send(900 << 10)
	if code, ec, h := other.answer(); code != 503 || ec != "server_busy" || h.Get("Retry-After") == "" {
		t.Errorf("upload past the server's budget: %d %s Retry-After %q, want 503 server_busy", code, ec, h.Get("Retry-After"))
	}
	first.conn.Close()
	s.waitUploadBytes(0, true)
	body, ct := multipartBody(t, map[string]string{"category": "pothole", "lat": "50.8467", "lon": "4.3525",
		"title": "Deep pothole by the Town Hall", "answers[surface]": "roadway"})
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/reports", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Errorf("upload once the address's bytes are back: %d %s", res.StatusCode, b)
	}
	s.waitUploadBytes(0, true)
}

// A body that stops arriving is cut off with 408 in the error shape, and
// its bytes are given back.
func TestUploadSlowBody(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.UploadTimeout = 300 * time.Millisecond })
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	u := startUpload(t, srv, "", 4<<20, 64<<10) // and never the rest
	if code, ec, _ := u.answer(); code != 408 || ec != "body_timeout" {
		t.Errorf("stalled upload: %d %s, want 408 body_timeout", code, ec)
	}
	s.waitUploadBytes(0, true)
}
