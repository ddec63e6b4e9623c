package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"streetfix/internal/testpg"
)

func TestParseFlagsEnvironment(t *testing.T) {
	env := map[string]string{"STREETFIX_DB": "/from/env.db", "STREETFIX_RATE_LIMIT": "7", "STREETFIX_ADDR": "127.0.0.1:9"}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	db := fs.String("db", "default.db", "")
	rate := fs.Int("rate-limit", 60, "")
	addr := fs.String("addr", "x", "")
	if err := parseFlags(fs, []string{"--addr", "127.0.0.1:1"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if *db != "/from/env.db" || *rate != 7 || *addr != "127.0.0.1:1" {
		t.Errorf("db %q rate %d addr %q: the environment fills what the command line leaves, and no more", *db, *rate, *addr)
	}
	env["STREETFIX_RATE_LIMIT"] = "lots"
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Int("rate-limit", 60, "")
	if err := parseFlags(fs, nil, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "STREETFIX_RATE_LIMIT") {
		t.Errorf("a bad environment value: %v", err)
	}
}

func TestRunRejectsBadConfiguration(t *testing.T) {
	noenv := func(string) string { return "" }
	for _, args := range [][]string{
		{},
		{"fly"},
		{"serve", "--demo", "-3"},
		{"serve", "--addr", "nonsense"},
		{"serve", "--log-level", "loud"},
		{"seed", "--demo", "0", "--db", filepath.Join(t.TempDir(), "x.db")},
		{"serve", "extra"},
	} {
		if err := run(context.Background(), args, noenv, io.Discard, io.Discard); err == nil {
			t.Errorf("run %v: no error", args)
		}
	}
}

func TestMigrateAndSeedCommands(t *testing.T) {
	path := testpg.DB(t, filepath.Join(t.TempDir(), "cmd.db"))
	var out bytes.Buffer
	env := func(k string) string {
		if k == "STREETFIX_DB" {
			return path
		}
		return ""
	}
	if err := run(context.Background(), []string{"migrate"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"seed", "--demo", "50"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "added 50 demo reports") {
		t.Errorf("output: %s", out.String())
	}
}

// TestServeDrainsOnShutdown starts the real service with demo data, begins
// an upload, asks the service to stop while the body is still arriving, and
// expects the upload to succeed and run to return cleanly.
func TestServeDrainsOnShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	args := []string{"serve", "--addr", addr, "--db", testpg.DB(t, filepath.Join(t.TempDir(), "serve.db")), "--demo", "200", "--log-level", "warn"}
	go func() { done <- run(ctx, args, func(string) string { return "" }, io.Discard, io.Discard) }()

	base := "http://" + addr
	waitReady(t, base, done)
	resp, err := http.Get(base + "/api/v1/reports?zoom=11")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Total int `json:"total"`
	}
	json.NewDecoder(resp.Body).Decode(&fc)
	resp.Body.Close()
	if fc.Total < 150 {
		t.Errorf("demo map holds %d public reports, want most of 200", fc.Total)
	}

	pr, pw := io.Pipe()
	result := make(chan int, 1)
	wrote := make(chan struct{})
	go func() {
		trace := &httptrace.ClientTrace{WroteHeaders: func() { close(wrote) }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST", base+"/api/v1/reports", pr)
		req.Header.Set("Content-Type", "application/json")
		// A fresh connection: an idle kept-alive one may be closed by
		// Shutdown before the server reads the request on it, as HTTP allows.
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := client.Do(req)
		if err != nil {
			t.Logf("upload: %v", err)
			result <- 0
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	fmt.Fprint(pw, `{"category":"graffiti","lat":50.8467,`)
	<-wrote
	// A request on a newer connection being answered means the server has
	// accepted the upload's older one: connections are accepted in order.
	if resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get(base + "/healthz"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	cancel()
	// Shutdown closes the listener first: once dialling fails, it is
	// waiting for the upload.
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		runtime.Gosched()
	}
	fmt.Fprint(pw, `"lon":4.3525,"title":"Sent during shutdown"}`)
	pw.Close()
	if code := <-result; code != http.StatusCreated {
		t.Errorf("in-flight request during shutdown: status %d, want 201", code)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the service did not stop")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the service still answers after shutdown")
	}
}

func waitReady(t *testing.T, base string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v", err)
		default:
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the service never became ready")
}

func TestAPIKeyCommands(t *testing.T) {
	path := testpg.DB(t, filepath.Join(t.TempDir(), "keys.db"))
	env := func(string) string { return "" }
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"apikey", "create", "--db", path, "--name", "Back office", "--scope", "reports:create,reports:update"}, env, &out, &errs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	key := lines[len(lines)-1]
	if !strings.HasPrefix(key, "sfk_") || len(key) < 30 {
		t.Fatalf("last line %q is not a key", key)
	}
	if !strings.Contains(errs.String(), "every body") {
		t.Errorf("a key for every body made without a warning: %q", errs.String())
	}
	// A key limited to bodies: no warning, the key still last, and the
	// list names its bodies.
	out.Reset()
	errs.Reset()
	if err := run(context.Background(), []string{"apikey", "create", "--db", path, "--name", "Ixelles works", "--scope", "reports:update",
		"--body", "commune-21009,sibelga"}, env, &out, &errs); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "sfk_") || strings.Contains(errs.String(), "warning") {
		t.Errorf("limited key: stdout %q, stderr %q", out.String(), errs.String())
	}
	if err := run(context.Background(), []string{"apikey", "create", "--db", path, "--name", "x", "--scope", "reports:update", "--body", "commune-99999"}, env, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "commune-99999") {
		t.Errorf("unknown body: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"apikey", "list", "--db", path}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Back office") || strings.Contains(out.String(), key) ||
		!strings.Contains(out.String(), "commune-21009,sibelga") || !strings.Contains(out.String(), "every body") {
		t.Errorf("list: %s", out.String())
	}
	if err := run(context.Background(), []string{"apikey", "revoke", "--db", path, "--id", "1"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"apikey", "revoke", "--db", path, "--id", "1"}, env, io.Discard, io.Discard); err == nil {
		t.Error("revoking twice succeeded")
	}
	for _, bad := range [][]string{{"apikey"}, {"apikey", "create", "--db", path}, {"apikey", "create", "--db", path, "--name", "x", "--scope", "admin"}} {
		if err := run(context.Background(), bad, env, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestUserCommands(t *testing.T) {
	path := testpg.DB(t, filepath.Join(t.TempDir(), "users.db"))
	env := func(string) string { return "" }
	create := func(password string, args ...string) (string, error) {
		stdin = strings.NewReader(password)
		defer func() { stdin = os.Stdin }()
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"user", "create", "--db", path}, args...), env, &out, io.Discard)
		return out.String(), err
	}
	out, err := create("correct horse battery\n", "--email", "Agent@Ixelles.example", "--role", "staff", "--body", "commune-21009", "--password-stdin")
	if err != nil || !strings.Contains(out, "agent@ixelles.example") {
		t.Fatalf("create: %q %v", out, err)
	}
	for _, bad := range []struct {
		password string
		args     []string
	}{
		{"correct horse battery\n", []string{"--email", "agent@ixelles.example", "--role", "staff", "--body", "commune-21009", "--password-stdin"}}, // taken
		{"short\n", []string{"--email", "b@x.example", "--role", "admin", "--password-stdin"}},
		{"correct horse battery\n", []string{"--email", "c@x.example", "--role", "admin"}}, // no --password-stdin
		{"correct horse battery\n", []string{"--email", "d@x.example", "--role", "mayor", "--password-stdin"}},
		{"correct horse battery\n", []string{"--email", "e@x.example", "--role", "staff", "--password-stdin"}}, // staff without body
		{"correct horse battery\n", []string{"--email", "f@x.example", "--role", "staff", "--body", "nowhere", "--password-stdin"}},
		{"correct horse battery\n", []string{"--email", "not an address", "--role", "admin", "--password-stdin"}},
	} {
		if out, err := create(bad.password, bad.args...); err == nil {
			t.Errorf("%v: no error (%s)", bad.args, out)
		}
	}
	var list bytes.Buffer
	if err := run(context.Background(), []string{"user", "list", "--db", path}, env, &list, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list.String(), "agent@ixelles.example") || !strings.Contains(list.String(), "commune-21009") || strings.Count(list.String(), "\n") != 2 {
		t.Errorf("list:\n%s", list.String())
	}
	if strings.Contains(list.String(), "argon2") {
		t.Error("list shows the password hash")
	}
}

// TestSeedOnLiveDatabase adds demo reports with `streetfix seed` to the
// database a running service serves: they reach its map, its figures and
// its event stream without a restart, through the change feed.
func TestSeedOnLiveDatabase(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := testpg.DB(t, filepath.Join(t.TempDir(), "live.db"))
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--db", path, "--log-level", "warn"}, func(string) string { return "" }, io.Discard, io.Discard)
	}()
	base := "http://" + addr
	waitReady(t, base, done)
	total := func(path string) int {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v struct {
			Total int `json:"total"`
		}
		json.NewDecoder(resp.Body).Decode(&v)
		return v.Total
	}
	if n := total("/api/v1/reports?zoom=11"); n != 0 {
		t.Fatalf("a new database shows %d reports", n)
	}
	// Follow the event stream from the start.
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/feeds/events", nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	events := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "event: report_created") {
				events <- line
			}
		}
	}()

	var out strings.Builder
	if err := run(ctx, []string{"seed", "--db", path, "--demo", "40", "--log-level", "warn"}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	// Demo data hides a few reports: the public ones are what the
	// figures count, and what the map and the stream show.
	deadline := time.Now().Add(30 * time.Second)
	public := total("/api/v1/stats?all=1") // every report, not the last 12 months
	for public < 30 || total("/api/v1/reports?zoom=11") != public {
		if time.Now().After(deadline) {
			t.Fatalf("after seeding 40 reports, the map shows %d and the stats %d", total("/api/v1/reports?zoom=11"), public)
		}
		time.Sleep(50 * time.Millisecond)
		public = total("/api/v1/stats?all=1")
	}
	for got := 0; got < public; got++ {
		select {
		case <-events:
		case <-time.After(30 * time.Second):
			t.Fatalf("the event stream told of %d creations of %d", got, public)
		}
	}
}
